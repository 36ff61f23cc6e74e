"""The listing-pack subcommands of the command line: `lint` and `pack` (see shared/reference/cli.md).

Kept beside app/cli.py; `register` adds the subparsers and returns the handlers for `app.cli.COMMANDS`:

    from app import cli_packs
    COMMANDS.update(cli_packs.register(commands))

`lint W [--product CODE] [--platform P] --json` prints the findings as a JSON array of
`{"product", "field", "rule", "text", "severity", "message"}` (messages in the `--lang` / system language);
without `--json`, one finding per line. Exit 0 whenever the lint ran, findings or not (the findings are the
output; a script decides what to do with errors by reading `severity`); 2 for an unknown product or platform,
or a workspace that can't be read. `--platform` (optional) adds that platform's checks (title budget, images,
bullets…).

`pack W (--product CODE … | --all) --platform P -o DIR [--override-reason TEXT]` writes DIR/P/ (see
`app.services.packs.builder`), progress on stderr, the pack folder on stdout. Exit 0 when written; 1 when the
lint found errors and no override reason was given (the errors on stderr, nothing written) or the build
failed; 2 for an unknown product or platform (one line saying which).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.models.bilingual import Bilingual

if TYPE_CHECKING:  # app.cli imports this module to wire it in: no import cycle at run time
    from app.cli import CommandLine

EXIT_OK, EXIT_UNHEALTHY, EXIT_BAD_INPUT = 0, 1, 2

Handler = Callable[[argparse.Namespace, "CommandLine"], int]


def register(commands: Any) -> dict[str, Handler]:
    """Add `lint` and `pack` to an argparse subparsers object; return {name: handler}."""
    lint = commands.add_parser("lint", help="compliance findings (advertising law, brands, evidence, platform rules)")
    lint.add_argument("workspace", type=Path)
    lint.add_argument("--product", action="append", metavar="CODE", help="only this product (repeatable)")
    lint.add_argument("--platform", metavar="P", help="also check this platform's rules")
    lint.add_argument("--json", action="store_true", help="print a JSON array")
    pack = commands.add_parser("pack", help="write a listing pack for one platform")
    pack.add_argument("workspace", type=Path)
    which = pack.add_mutually_exclusive_group(required=True)
    which.add_argument("--product", action="append", metavar="CODE", help="this product (repeatable)")
    which.add_argument("--all", action="store_true", help="every product")
    pack.add_argument("--platform", required=True, metavar="P",
                      help="tmall, taobao, jd, pinduoduo, douyin, 1688, odm, amazon, shopify or woocommerce")
    pack.add_argument("-o", "--output", type=Path, required=True, help="folder to write DIR/<platform>/ into")
    pack.add_argument("--override-reason", metavar="TEXT", help="build despite lint errors, recording why")
    return {"lint": cmd_lint, "pack": cmd_pack}


class _Progress:
    """`done/total` on one stderr line; `end()` closes the line only if something was printed."""

    def __init__(self) -> None:
        self.printed = False

    def __call__(self, done: int, total: int) -> None:
        self.printed = True
        print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)

    def end(self) -> None:
        if self.printed:
            print(file=sys.stderr)
            self.printed = False


def _open(path: Path, out: CommandLine) -> Any:
    from app.db import open_workspace

    if not Path(path).is_file():
        out.fail(Bilingual(f"找不到工作区文件：{path}", f"Workspace file not found: {path}"))
        return None
    return open_workspace(path)


def _check_platform(platform: str | None, out: CommandLine) -> bool:
    from app.services.packs.profiles import PLATFORM_IDS

    if platform is None or platform in PLATFORM_IDS:
        return True
    out.fail(Bilingual(f"未知平台：{platform}（可用：{', '.join(PLATFORM_IDS)}）",
                       f"Unknown platform: {platform} (known: {', '.join(PLATFORM_IDS)})"))
    return False


def cmd_lint(args: argparse.Namespace, out: CommandLine) -> int:
    """`lint W [--product CODE] [--platform P] [--json]`."""
    from app.services.compliance import lint_workspace
    from app.services.packs.source import UnknownProduct

    if not _check_platform(args.platform, out):
        return EXIT_BAD_INPUT
    workspace = _open(args.workspace, out)
    if workspace is None:
        return EXIT_BAD_INPUT
    try:
        result = lint_workspace(workspace, args.product, args.platform)
    except UnknownProduct as error:
        return out.fail(error.message)
    finally:
        workspace.close()
    lang = "zh" if out.lang.startswith("zh") else "en"
    if args.json:
        json.dump([f.to_json(lang) for f in result.findings], sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for finding in result.findings:
            text = f" «{finding.text}»" if finding.text else ""
            print(f"{finding.severity.value}\t{finding.product}\t{finding.field}\t{finding.rule}{text}\t"
                  f"{finding.message.text(lang)}")
    out.say(Bilingual(
        f"错误 {result.count('error')}，警告 {result.count('warning')}，提示 {result.count('info')}。",
        f"{result.count('error')} errors, {result.count('warning')} warnings, {result.count('info')} info."))
    return EXIT_OK


def cmd_pack(args: argparse.Namespace, out: CommandLine) -> int:
    """`pack W (--product CODE | --all) --platform P -o DIR [--override-reason TEXT]`."""
    from app.services.packs.builder import PackBlocked, build_pack
    from app.services.packs.source import UnknownProduct

    if not _check_platform(args.platform, out):
        return EXIT_BAD_INPUT
    workspace = _open(args.workspace, out)
    if workspace is None:
        return EXIT_BAD_INPUT
    lang = "zh" if out.lang.startswith("zh") else "en"
    progress = _Progress()
    try:
        report = build_pack(workspace, None if args.all else args.product, args.platform, args.output,
                            progress=progress, lang=lang, override_reason=args.override_reason)
    except UnknownProduct as error:
        progress.end()
        return out.fail(error.message)
    except PackBlocked as error:
        progress.end()
        for finding in error.findings:
            if finding.severity.value == "error":
                print(f"{finding.product}\t{finding.field}\t{finding.rule}\t{finding.message.text(lang)}",
                      file=sys.stderr)
        return out.fail(error.message, EXIT_UNHEALTHY)
    except OSError as error:
        progress.end()
        reason = error.strerror or str(error)
        return out.fail(Bilingual(f"无法写入 {args.output}：{reason}", f"Can't write {args.output}: {reason}"),
                        EXIT_UNHEALTHY)
    finally:
        workspace.close()
    progress.end()
    out.say(Bilingual(
        f"上架包已生成：{len(report.products)} 个产品，{len(report.files)} 个文件；错误 {report.count('error')}，"
        f"警告 {report.count('warning')}，提示 {report.count('info')}。",
        f"Pack written: {len(report.products)} products, {len(report.files)} files; {report.count('error')} errors, "
        f"{report.count('warning')} warnings, {report.count('info')} info."))
    print(str(report.path))
    return EXIT_OK
