"""The `bundle` subcommand: hand a workspace over as a zip with a manifest and checksums (shared/reference/cli.md).

    python main.py bundle export W -o FILE.zip [--force]
    python main.py bundle import FILE.zip -o W

Wired into `app.cli` like the catalogue commands:

    from app.cli import bundle as cli_bundle
    COMMANDS.update(cli_bundle.register(commands))

Both call `app.services.workspace.bundles`, the same service the GUI uses. Exit status: 0 done; 1 the job failed
(the source workspace is damaged or in use, the disk is full, the target is in use); 2 bad input (file not
found, a damaged, tampered or newer bundle, or an existing target — export replaces a file only with
--force, and never the workspace itself or one with a -wal/-shm beside it; import never overwrites a
workspace; the GUI asks first). Progress goes to stderr, the path written to stdout.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli import end_progress_line
from app.models.bilingual import Bilingual, UserFacingError

if TYPE_CHECKING:  # app.cli imports this module to wire it in: no import cycle at run time
    from app.cli import CommandLine

EXIT_OK, EXIT_UNHEALTHY, EXIT_BAD_INPUT = 0, 1, 2

Handler = Callable[[argparse.Namespace, "CommandLine"], int]


def register(commands: Any) -> dict[str, Handler]:
    """Add `bundle export|import` to an argparse subparsers object; return {"bundle": handler}."""
    bundle = commands.add_parser("bundle", help="hand a workspace over: a zip with a manifest and checksums")
    actions = bundle.add_subparsers(dest="bundle_action", metavar="ACTION", required=True)
    exporting = actions.add_parser("export", help="write a workspace bundle (online backup + manifest)")
    exporting.add_argument("workspace", type=Path)
    exporting.add_argument("-o", "--output", type=Path, required=True, help="FILE.zip")
    exporting.add_argument("--force", action="store_true", help="replace an existing output file")
    importing = actions.add_parser("import", help="verify a bundle and create the workspace from it")
    importing.add_argument("bundle", type=Path)
    importing.add_argument("-o", "--output", type=Path, required=True,
                           help="the new workspace file (never overwritten)")
    return {"bundle": cmd_bundle}


class _Progress:
    """Percent on one stderr line; `end()` finishes the line if anything was printed."""

    def __init__(self) -> None:
        self.printed = False

    def __call__(self, done: int, total: int) -> None:
        if total:
            print(f"\r{done * 100 // total}%", end="", file=sys.stderr, flush=True)
            self.printed = True

    def end(self) -> None:
        if self.printed:
            end_progress_line()
            self.printed = False


def _exit_status(error: UserFacingError) -> int:
    """Bad input (2) unless the job itself failed (1): a damaged or busy source, a full disk, a target in use."""
    from app.db import JOB_FAILURES, WorkspaceDamaged
    from app.services.workspace.bundles import (
        BundleCancelled,
        BundleNoSpace,
        BundleTargetInUse,
    )

    if isinstance(error, (WorkspaceDamaged, BundleNoSpace, BundleTargetInUse, BundleCancelled, *JOB_FAILURES)):
        return EXIT_UNHEALTHY
    return EXIT_BAD_INPUT


def cmd_bundle(args: argparse.Namespace, out: CommandLine) -> int:
    handler = cmd_export if args.bundle_action == "export" else cmd_import
    progress = _Progress()
    try:
        return handler(args, out, progress)
    except UserFacingError as error:
        progress.end()
        return out.fail(error.message, _exit_status(error))
    except OSError as error:
        progress.end()
        from app.cli import environment_error

        typed = environment_error(error, args)
        if typed is not None:
            return out.fail(typed.message, _exit_status(typed))
        reason = error.strerror or str(error)
        return out.fail(Bilingual(f"无法完成：{reason}", f"Could not finish: {reason}"), EXIT_UNHEALTHY)


def cmd_export(args: argparse.Namespace, out: CommandLine, progress: _Progress) -> int:
    """`bundle export W -o FILE.zip`: prints the zip's path on stdout."""
    from app.services.workspace.bundles import export_bundle

    output: Path = args.output
    if not output.parent.is_dir():
        return out.fail(Bilingual(f"找不到输出文件夹：{output.parent}", f"Output folder not found: {output.parent}"))
    if output.is_dir():
        return out.fail(Bilingual(f"输出是一个文件夹，请给出 .zip 文件名：{output}",
                                  f"The output is a folder; give a .zip file name: {output}"))
    with _as_file(args.workspace) as source:
        manifest = export_bundle(source, output, progress=progress, overwrite=args.force)
    progress.end()
    written = manifest.path or output
    if written != output:
        out.say(Bilingual(f"{output.name} 正被其他程序占用，已另存为 {written.name}。",
                          f"{output.name} is in use by another program; saved as {written.name}."))
    size = manifest.files["workspace.fdw"].size
    out.say(Bilingual(f"已导出交接包（数据版本 {manifest.schema_revision}，工作区 {size:,} 字节）。",
                      f"Bundle exported (schema {manifest.schema_revision}, workspace {size:,} bytes)."))
    print(str(written))
    return EXIT_OK


@contextmanager
def _as_file(location: Path) -> Iterator[Path]:
    """The workspace file to bundle: the file itself, or for a team database a consistent snapshot of it in a
    temporary folder (what its backups are), removed afterwards."""
    from app import postgres_only

    if not postgres_only.is_url(location):
        yield location
        return
    from app.services.workspace.backups import take_backup

    with tempfile.TemporaryDirectory(prefix="fd-bundle-team-") as folder:
        yield take_backup(location, Path(folder))


def cmd_import(args: argparse.Namespace, out: CommandLine, progress: _Progress) -> int:
    """`bundle import FILE.zip -o W`: verifies everything, never overwrites; prints W on stdout."""
    from app.services.workspace.bundles import BundleTargetExists, import_bundle

    target: Path = args.output
    if target.exists():  # the service refuses too; this says so before reading a large zip
        raise BundleTargetExists(target)
    written = import_bundle(args.bundle, target, overwrite=False, progress=progress)
    progress.end()
    out.say(Bilingual(f"已导入，校验和与数据检查都通过：{written}",
                      f"Imported; checksums and the database check passed: {written}"))
    print(str(written))
    return EXIT_OK
