"""The command line: the app's second face, for consultants' batch work, automation and tests.

Every subcommand calls the same services the GUI uses (see shared/reference/cli.md).
Exit status: 0 success; 1 the thing checked is unhealthy or the job failed; 2 bad input.

Start-up: this package imports nothing heavy (no SQLAlchemy, no models, no Qt). The GUI start imports no
subcommand module at all, a subcommand imports only its own module (`SUBCOMMAND_MODULES`), and only `--help`
and mistakes (which list every subcommand) import them all.
"""

from __future__ import annotations

import argparse
import copy
import importlib
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import __version__
from app.i18n_core import normalise_language, system_language

if TYPE_CHECKING:
    from app.models.bilingual import Bilingual, UserFacingError

EXIT_OK, EXIT_UNHEALTHY, EXIT_BAD_INPUT = 0, 1, 2
VIEWS = ("factory", "products", "pricing", "packs", "print", "export")

#: The subcommands each module registers, in the order `--help` lists them.
SUBCOMMAND_MODULES = {
    "app.cli.catalogue": ("import", "export-catalogue"),
    "app.cli.packs": ("lint", "pack"),
    "app.cli.printing": ("sheet", "catalogue", "pricelist", "readiness"),
    "app.cli.push": ("push",),
    "app.cli.bundle": ("bundle",),
    "app.cli.team": ("team",),
}


class CommandLine:
    """Writes messages in the chosen language to stderr, data to stdout."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def say(self, message: Bilingual) -> None:
        _close_open_line()
        print(message.text(self.lang), file=sys.stderr)

    def fail(self, message: Bilingual | str, status: int = EXIT_BAD_INPUT) -> int:
        text = message if isinstance(message, str) else message.text(self.lang)
        _close_open_line()
        print(" ".join(text.split()), file=sys.stderr)  # one line, as the contract asks
        return status


class _LineAwareStderr:
    """Standard error, remembering whether its last write left a line open: a progress counter ("\r7/8")
    does, and a message after it — the reason a long command failed — must start on a line of its own.

    When nobody reads it any more (`… 2>&1 | head`), later writes are dropped and the job goes on: a closed
    standard error must not stop a backup half-way, nor pass for the closed standard output that it isn't."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.line_open = False
        self._gone = False

    def write(self, text: str) -> int:
        if text:
            self.line_open = not text.endswith("\n")
        if self._gone:
            return len(text)
        try:
            return int(self._stream.write(text))
        except BrokenPipeError:
            self._leave()
            return len(text)

    def flush(self) -> None:
        if not self._gone:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._leave()

    def _leave(self) -> None:
        """Stop writing; what is still buffered goes to the null device when Python flushes it at exit (a
        failing flush there would make the exit status 120)."""
        self._gone = True
        _to_null_device(self._stream)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def end_progress_line() -> None:
    """End a progress counter's line: a new line, unless standard error is known to be at a line's start
    already (a message ended it), so no empty line of its own comes between."""
    if not isinstance(sys.stderr, _LineAwareStderr) or sys.stderr.line_open:
        print(file=sys.stderr)


def _close_open_line() -> None:
    """Before a message: end the line a progress counter left open, if standard error knows of one."""
    if isinstance(sys.stderr, _LineAwareStderr) and sys.stderr.line_open:
        print(file=sys.stderr)


def build_parser(modules: Collection[str] | None = None, first_pass: bool = False) -> argparse.ArgumentParser:
    """The whole command line; with `modules`, only those subcommand modules are imported and registered,
    the others' subcommands are placeholders that accept anything (enough to tell which one is meant).
    `first_pass`: no -h, and mistakes raise `_NotSure` instead of printing (see `parse`)."""
    parser_class = _FirstPassParser if first_pass else argparse.ArgumentParser
    parser = parser_class(prog="main.py", description="Factory Direct 工厂直营", add_help=not first_pass)
    parser.add_argument("--version", action="version", version=f"Factory Direct {__version__}")
    parser.add_argument("--workspace", type=Path, help="open the GUI on this workspace")
    parser.add_argument("--lang", help="zh_CN or en (default: the system language)")
    parser.add_argument("--view", choices=VIEWS, help="open the GUI at this view")
    parser.add_argument("--screenshot", type=Path, help="render the main window to this PNG and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="create a realistic demo workspace")
    demo.add_argument("workspace", type=Path)
    check = commands.add_parser("check", help="integrity check and schema revision")
    check.add_argument("workspace", type=Path)
    backup = commands.add_parser("backup", help="online backup of a workspace")
    backup.add_argument("workspace", type=Path)
    backup.add_argument("-o", "--output", type=Path)
    backup.add_argument("--force", action="store_true", help="replace an existing output file")
    listing = commands.add_parser("list", help="list products")
    listing.add_argument("workspace", type=Path)
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    price = commands.add_parser("price", help="price a scenario file")
    price.add_argument("scenario", type=Path)
    for module, names in SUBCOMMAND_MODULES.items():
        if modules is None or module in modules:
            COMMANDS.update(importlib.import_module(module).register(commands))
        else:
            for name in names:
                placeholder = commands.add_parser(name, add_help=False)
                placeholder.add_argument("rest", nargs=argparse.REMAINDER)
    return parser


class _FirstPassParser(argparse.ArgumentParser):
    """The first, cheap pass of `parse` (its subcommands' parsers are of this class too): it hands mistakes
    back instead of printing them, so the whole parser can say what is wrong exactly as it always did."""

    def error(self, message: str) -> Any:
        raise _NotSure(message)


class _NotSure(Exception):
    """The cheap pass could not parse the line: the whole parser will, and say what is wrong."""


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse with as little imported as possible: a first pass with every subcommand module's commands as
    placeholders tells which module (if any) the line needs; the second imports only that one. `--help`
    and mistakes get the whole parser, so what they print is unchanged."""
    try:
        first = build_parser(modules=(), first_pass=True).parse_args(argv)  # -h: a mistake here
    except _NotSure:
        return build_parser().parse_args(argv)
    needed = [module for module, names in SUBCOMMAND_MODULES.items() if first.command in names]
    return build_parser(modules=needed).parse_args(argv) if needed else first


def main(argv: Sequence[str] | None = None) -> int:
    """Parse `argv`; run a subcommand, or start the GUI when there is none."""
    args = parse(argv)
    lang = normalise_language(args.lang) or system_language()
    if args.command is None:
        from app.bootstrap import run_gui  # Qt is imported only when the GUI is wanted

        return run_gui(workspace=args.workspace, lang=args.lang, view=args.view, screenshot=args.screenshot)
    out = CommandLine(lang)
    handler = COMMANDS[args.command]
    stderr = sys.stderr
    if stderr is not None:   # None in a windowed build run from a scheduled task: print() then writes nothing
        sys.stderr = _LineAwareStderr(stderr)
    try:
        return _run(handler, args, out)
    finally:
        sys.stderr = stderr


def _run(handler: Callable[[argparse.Namespace, CommandLine], int], args: argparse.Namespace,
         out: CommandLine) -> int:
    from app.models.bilingual import Bilingual, UserFacingError  # app.models loads SQLAlchemy: not for the GUI

    try:
        status = handler(args, out)
        if sys.stdout is not None:
            sys.stdout.flush()   # a closed pipe shows here, not in the interpreter's last flush after `main`
        return status
    except BrokenPipeError:  # `… | head` closed standard output (an OSError, so asked first): not an error
        _to_null_device(sys.stdout)
        return EXIT_OK
    except UserFacingError as error:
        return out.fail(error.message, exit_status(error))
    except (OSError, sqlite3.Error) as error:
        typed = environment_error(error, args)
        if typed is None:
            raise
        return out.fail(typed.message, exit_status(typed))
    except KeyboardInterrupt:
        return out.fail(Bilingual("已取消。", "Cancelled."), EXIT_UNHEALTHY)


def _to_null_device(stream: Any) -> None:
    """Point a standard stream whose reader has gone at the null device: what is still buffered for the closed
    pipe is dropped, and Python's own flush at exit has nothing to complain about."""
    try:
        descriptor = stream.fileno()
    except (AttributeError, OSError, ValueError):   # not a file (a test's capture): nothing will flush it
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, descriptor)
    finally:
        os.close(devnull)


def exit_status(error: UserFacingError) -> int:
    """`workspace_errors.exit_status`: 2 for bad input, 1 when the job failed though the input was fine."""
    from app.workspace_errors import exit_status as status_of

    return status_of(error)


def cannot_write(error: OSError, output: Path, out: CommandLine) -> int:
    """The one line for an output that could not be written, naming the user's path (not a temporary file
    beside it): exit 2 where nothing can be written (a read-only folder, no permission: choose another
    place), 1 when writing failed there (a full disk, an I/O error: the job can be tried again)."""
    from app.models.bilingual import Bilingual

    typed = _output_error(error, output)
    if typed is not None:
        return out.fail(typed.message, exit_status(typed))
    reason = error.strerror or str(error)
    return out.fail(Bilingual(f"无法写入 {output}：{reason}", f"Can't write {output}: {reason}"), EXIT_UNHEALTHY)


def environment_error(error: BaseException, args: argparse.Namespace) -> UserFacingError | None:
    """The typed error for a file or database error that is the environment's (a full disk, a read-only
    folder, a file in use…), so it reads as one line instead of a traceback; None for anything else."""
    from app.db import typed_error

    output = getattr(args, "output", None)
    if output is not None:
        return _output_error(error, Path(output))
    return typed_error(error, getattr(args, "workspace", None))


def _output_error(error: BaseException, output: Path) -> UserFacingError | None:
    """`typed_error` for an error met while writing `output`: an error on one of the names the output is
    written through is reported as the output, which is what the user knows."""
    from app.db import typed_error

    named = getattr(error, "filename", None)
    if isinstance(error, OSError) and named and _written_through(Path(named), output):
        error = _naming(error, output)
    return typed_error(error, output)


def _written_through(named: Path, output: Path) -> bool:
    """The output itself, a file inside it (a pack's folder), or one of the names the app writes it through
    before renaming it into place: `.<name>.<pid>-<hex>.partial` or `.building`, or a staging folder, beside
    it (an input file in the same folder is none of these)."""
    from app.partial_files import STAGING_PREFIX

    name = named.name
    return named == output or output in named.parents or (named.parent == output.parent and (
        name.startswith(STAGING_PREFIX)
        or (name.startswith(f".{output.name}.") and name.endswith((".partial", ".building")))))


def _naming(error: OSError, output: Path) -> OSError:
    """`error` naming `output` instead; everything else kept (errno, and Windows' winerror: a file in use)."""
    renamed = copy.copy(error)
    renamed.filename = str(output)
    return renamed


def _open(path: Path) -> Any:
    from app.db import open_workspace

    return open_workspace(path)


def cmd_demo(args: argparse.Namespace, out: CommandLine) -> int:
    """`demo W`: the demo workspace at W, a file or a team database (made as a file in a temporary folder, then
    uploaded: an empty database gets the team schema first; one that holds data is refused, never merged)."""
    from app import postgres_only
    from app.models.bilingual import Bilingual
    from app.services.workspace.demo import create_demo_workspace

    shown: list[int] = []

    def progress(done: int, total: int) -> None:
        print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)
        shown.append(done)

    try:
        if postgres_only.is_url(args.workspace):
            _demo_in_team_database(postgres_only.url_of(args.workspace), progress)
        else:
            create_demo_workspace(args.workspace, progress=progress).close()
    finally:
        if shown:
            end_progress_line()  # also before a reason for failing
    where = postgres_only.shown(args.workspace)
    out.say(Bilingual(f"演示工作区已创建：{where}", f"Demo workspace created: {where}"))
    return EXIT_OK


def _demo_in_team_database(url: str, progress: Callable[[int, int], None]) -> None:
    import tempfile

    from app.services.workspace.demo import create_demo_workspace
    from app.services.workspace.team import upload

    with tempfile.TemporaryDirectory(prefix="fd-demo-") as folder:
        source = Path(folder) / "demo.fdw"
        create_demo_workspace(source, progress=progress).close()
        upload(source, url)


def cmd_check(args: argparse.Namespace, out: CommandLine) -> int:
    """Exit 0 healthy, 1 damaged, in use or not a workspace; says plainly when it is from a newer app."""
    from app import db, postgres_only, sqlite_only
    from app.models.bilingual import Bilingual

    path: Path = args.workspace
    if postgres_only.is_url(path):
        return _check_team(postgres_only.url_of(path), out)
    if not path.is_file():
        return out.fail(Bilingual(f"找不到文件：{path}", f"File not found: {path}"))
    healthy, detail = sqlite_only.check_file(path, full=True)  # in use, unreadable…: typed errors, not damage
    if not healthy:
        return out.fail(Bilingual(f"已损坏：{detail}", f"damaged: {detail}"), EXIT_UNHEALTHY)
    if sqlite_only.read_application_id(path) != sqlite_only.APPLICATION_ID:
        return out.fail(Bilingual("不是工厂直营工作区", "not a Factory Direct workspace"), EXIT_UNHEALTHY)
    revision = sqlite_only.read_alembic_revision(path)
    missing = sorted(db.CORE_TABLES - sqlite_only.table_names(path)) if revision is not None else []
    if missing:
        return out.fail(Bilingual(f"不是工厂直营工作区（缺少数据表 {', '.join(missing)}）",
                                  f"not a Factory Direct workspace (tables missing: {', '.join(missing)})"),
                        EXIT_UNHEALTHY)
    if revision is not None and (revision == db.head_revision() or revision in db.known_revisions()):
        from app.services.workspace.schema import foreign_objects

        foreign = foreign_objects(path, revision)  # a hidden trigger would run inside the app's own writes
        if foreign:
            first = foreign[0].describe()
            return out.fail(Bilingual(f"数据库结构不是本软件的（共 {len(foreign)} 处）：{first.zh}",
                                      f"schema not the app's own ({len(foreign)} objects): {first.en}"),
                            EXIT_UNHEALTHY)
    print(f"ok: integrity_check ok, schema {revision} ({_revision_state(revision).text(out.lang)})")
    return EXIT_OK


def _check_team(url: str, out: CommandLine) -> int:
    """`check URL`: the server answers, the database is a team workspace, and its schema revision."""
    from app.db import open_workspace
    from app.workspace_errors import WorkspaceTooNew

    try:
        workspace = open_workspace(url)
    except WorkspaceTooNew as error:
        return out.fail(error.message, EXIT_UNHEALTHY)
    except Exception as error:  # unreachable, not a workspace: exit 1 for `check`, one line
        from app.models.bilingual import UserFacingError

        if not isinstance(error, UserFacingError):
            raise
        return out.fail(error.message, EXIT_UNHEALTHY)
    try:
        revision = workspace.revision()
        print(f"ok: connected to {workspace.url}, schema {revision} ({_revision_state(revision).text(out.lang)})")
    finally:
        workspace.close()
    return EXIT_OK


def _revision_state(revision: str | None) -> Bilingual:
    from app import db
    from app.models.bilingual import Bilingual

    if revision == db.head_revision():
        return Bilingual("最新", "current")
    if revision in db.known_revisions() or revision is None:
        return Bilingual("较旧，打开时会先备份再升级", "older; it will be backed up and migrated when opened")
    return Bilingual("来自更新版本的软件：请先升级工厂直营再打开；本软件的任何命令都不会改动它",
                     "from a newer app version: update Factory Direct to open it; no command of this version "
                     "changes it")


def cmd_backup(args: argparse.Namespace, out: CommandLine) -> int:
    """`backup W [-o FILE] [--force]`: prints the backup's path. Never over an existing file without
    --force, never over the workspace itself or where a -wal/-shm lies."""
    from app import postgres_only, sqlite_only
    from app.db import WorkspaceDamaged
    from app.models.bilingual import Bilingual
    from app.services.workspace.backups import backup_to, take_backup

    path: Path = args.workspace
    if postgres_only.is_url(path):
        if not args.output:   # a snapshot in the user's data folder, as the app's own backups of it
            print(str(take_backup(path)))
            return EXIT_OK
        from app.cli.team import download_to

        return download_to(postgres_only.url_of(path), args.output, out)
    if not path.is_file():
        return out.fail(Bilingual(f"找不到文件：{path}", f"File not found: {path}"))
    try:
        if args.output:
            target = backup_to(path, args.output, force=args.force)
        else:
            healthy, detail = sqlite_only.check_file(path)
            if not healthy:
                raise WorkspaceDamaged(path, detail)
            target = take_backup(path)
    except WorkspaceDamaged as error:
        return out.fail(Bilingual(f"工作区已损坏，无法备份：{error.detail}",
                                  f"The workspace is damaged: {error.detail}"),
                        EXIT_UNHEALTHY)
    print(str(target))
    return EXIT_OK


def cmd_list(args: argparse.Namespace, out: CommandLine) -> int:
    from app.services.catalogue.listing import list_products

    workspace = _open(args.workspace)
    try:
        products = list_products(workspace)
    finally:
        workspace.close()
    if args.json:
        json.dump(products, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for product in products:
            print(f"{product['code']}\t{product['name_zh']}\t{product['name_en']}\t{len(product['skus'])} SKU")
    return EXIT_OK


def cmd_price(args: argparse.Namespace, out: CommandLine) -> int:
    from app.services.pricing import ScenarioError, price_scenario_file

    try:
        result = price_scenario_file(args.scenario, lang="zh" if out.lang.startswith("zh") else "en")
    except ScenarioError as error:
        return out.fail(_error_text(error, out.lang))
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return EXIT_OK


def _error_text(error: Exception, lang: str) -> str:
    """An exception's message in the user's language when it carries both, else its text."""
    from app.models.bilingual import Bilingual
    message = getattr(error, "message", None)
    if isinstance(message, Bilingual):
        return message.text(lang)
    for attribute in ("message_zh" if lang.startswith("zh") else "message_en",):
        if getattr(error, attribute, None):
            return str(getattr(error, attribute))
    return str(error)


COMMANDS: dict[str, Callable[[argparse.Namespace, CommandLine], int]] = {
    "demo": cmd_demo,
    "check": cmd_check,
    "backup": cmd_backup,
    "list": cmd_list,
    "price": cmd_price,
}
