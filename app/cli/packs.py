"""The listing-pack subcommands of the command line: `lint` and `pack` (see shared/reference/cli.md).

A subcommand module of `app.cli`; `register` adds the subparsers and returns the handlers for `app.cli.COMMANDS`:

    from app.cli import packs as cli_packs
    COMMANDS.update(cli_packs.register(commands))

`lint W [--product CODE] [--platform P] --json` prints the findings as a JSON array of
`{"product", "field", "rule", "text", "severity", "message"}` (messages in the `--lang` / system language);
without `--json`, one finding per line. Exit 0 whenever the lint ran, findings or not (the findings are the
output; a script decides what to do with errors by reading `severity`); 2 for an unknown product or platform,
or a workspace that can't be read. `--platform` (optional) adds that platform's checks (title budget, images,
bullets…).

`pack W (--product CODE … | --all) --platform P -o DIR [--override-reason TEXT] [--image-base-url URL]
[--weight-unit U] [--dimension-unit U] [--shopify-csv-dialect current|legacy]` writes DIR/P/ (see
`app.services.listing.packs.builder`), progress on stderr, the pack folder on stdout. P may also be `all` (the ten
platforms) or a comma-separated list (`tmall,jd`): those packs are built in one pass over the products
(`build_packs`, each picture cut once for all of them) into DIR/<platform>/ each, one summary line per platform
on stderr and one folder per line on stdout, in the order given. Exit 0 when written (every pack asked for);
1 when the lint found errors on any platform and no override reason was given (the errors on stderr, once each;
nothing written, not even the platforms without errors) or the build failed (nothing new under the final
names); 2 for an unknown product or platform (one line naming it — in a list, naming the unknown ones, before
anything is read or written) or an output folder that can't be used (a file, or a folder that isn't a pack,
where a pack would go), or an option that can't be used (an image base URL that isn't https://…).

The options are `PackOptions` (app.services.listing.packs.options): `--image-base-url` is the https:// address of the
web folder the output folder is uploaded to, so the Shopify, WooCommerce and Amazon files link their pictures
(without it their picture columns are empty and the pack carries a warning); `--weight-unit` (kg, g, lbs, oz)
and `--dimension-unit` (cm, m, mm, in, yd) are the WooCommerce shop's units; `--shopify-csv-dialect` picks
Shopify's current header names (default) or the legacy ones. `lint --platform P` takes `--image-base-url` too,
so it reports what `pack` would.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli import end_progress_line
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
    lint.add_argument("--image-base-url", metavar="URL", default="",
                      help="with --platform: lint the pack as built with this image base URL")
    pack = commands.add_parser("pack", help="write listing packs for one platform, several, or all")
    pack.add_argument("workspace", type=Path)
    which = pack.add_mutually_exclusive_group(required=True)
    which.add_argument("--product", action="append", metavar="CODE", help="this product (repeatable)")
    which.add_argument("--all", action="store_true", help="every product")
    pack.add_argument("--platform", required=True, metavar="P",
                      help="tmall, taobao, jd, pinduoduo, douyin, 1688, odm, amazon, shopify or woocommerce; "
                           "several separated by commas (tmall,jd), or all")
    pack.add_argument("-o", "--output", type=Path, required=True, help="folder to write DIR/<platform>/ into")
    pack.add_argument("--override-reason", metavar="TEXT", help="build despite lint errors, recording why")
    _pack_option_arguments(pack)
    return {"lint": cmd_lint, "pack": cmd_pack}


def _pack_option_arguments(pack: Any) -> None:
    """`pack`'s `PackOptions` arguments (choices listed here for --help; checked again by `pack_options`)."""
    from app.models.units import DIMENSION_UNITS, WEIGHT_UNITS
    from app.services.listing.packs.options import SHOPIFY_DIALECTS

    pack.add_argument("--image-base-url", metavar="URL", default="",
                      help="https:// address of the web folder you upload the output folder to: the Shopify, "
                           "WooCommerce and Amazon files then link their pictures there (else those columns stay "
                           "empty)")
    pack.add_argument("--weight-unit", choices=WEIGHT_UNITS, default="kg",
                      help="the WooCommerce shop's weight unit (default kg)")
    pack.add_argument("--dimension-unit", choices=DIMENSION_UNITS, default="cm",
                      help="the WooCommerce shop's dimension unit (default cm)")
    pack.add_argument("--shopify-csv-dialect", choices=SHOPIFY_DIALECTS, default="current",
                      help="Shopify CSV header names: Shopify's current template (default) or the legacy ones")


def _options(args: argparse.Namespace, out: CommandLine) -> Any:
    """The checked `PackOptions` of a command, or None (the reason said)."""
    from app.services.listing.packs.options import PackOptionError, pack_options

    try:
        return pack_options(args.image_base_url, getattr(args, "weight_unit", "kg"),
                            getattr(args, "dimension_unit", "cm"), getattr(args, "shopify_csv_dialect", "current"))
    except PackOptionError as error:
        out.fail(error.message)
        return None


class _Progress:
    """`done/total` on one stderr line; `end()` closes the line only if something was printed."""

    def __init__(self) -> None:
        self.printed = False

    def __call__(self, done: int, total: int) -> None:
        self.printed = True
        print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)

    def end(self) -> None:
        if self.printed:
            end_progress_line()
            self.printed = False


def _open(path: Path, out: CommandLine) -> Any:
    from app.db import open_workspace, workspace_exists

    if not workspace_exists(path):
        out.fail(Bilingual(f"找不到工作区文件：{path}", f"Workspace file not found: {path}"))
        return None
    return open_workspace(path)


def _check_platform(platform: str | None, out: CommandLine) -> bool:
    from app.services.listing.packs.profiles import PLATFORM_IDS

    if platform is None or platform in PLATFORM_IDS:
        return True
    out.fail(Bilingual(f"未知平台：{platform}（可用：{', '.join(PLATFORM_IDS)}）",
                       f"Unknown platform: {platform} (known: {', '.join(PLATFORM_IDS)})"))
    return False


def cmd_lint(args: argparse.Namespace, out: CommandLine) -> int:
    """`lint W [--product CODE] [--platform P] [--json]`."""
    from app.services.listing.packs.lint import lint_workspace
    from app.services.listing.packs.source import UnknownProduct

    if not _check_platform(args.platform, out):
        return EXIT_BAD_INPUT
    options = _options(args, out)
    if options is None:
        return EXIT_BAD_INPUT
    workspace = _open(args.workspace, out)
    if workspace is None:
        return EXIT_BAD_INPUT
    try:
        result = lint_workspace(workspace, args.product, args.platform, pack_options=options)
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


def _pack_platforms(value: str, out: CommandLine) -> list[str] | None:
    """`--platform`: one id, `all`, or ids separated by commas (duplicates dropped, order kept); None (the
    reason said) when any is unknown."""
    from app.services.listing.packs.profiles import PLATFORM_IDS

    if value.strip().casefold() == "all":
        return list(PLATFORM_IDS)
    names = list(dict.fromkeys(name.strip() for name in value.split(",") if name.strip()))
    unknown = [name for name in names if name not in PLATFORM_IDS] if names else [value]
    if unknown:
        out.fail(Bilingual(f"未知平台：{', '.join(unknown)}（可用：{', '.join(PLATFORM_IDS)}）",
                           f"Unknown platform: {', '.join(unknown)} (known: {', '.join(PLATFORM_IDS)})"))
        return None
    return names


def _written(report: Any) -> Bilingual:
    return Bilingual(
        f"上架包已生成：{len(report.products)} 个产品，{len(report.files)} 个文件；错误 {report.count('error')}，"
        f"警告 {report.count('warning')}，提示 {report.count('info')}。",
        f"Pack written: {len(report.products)} products, {len(report.files)} files; {report.count('error')} errors, "
        f"{report.count('warning')} warnings, {report.count('info')} info.")


def cmd_pack(args: argparse.Namespace, out: CommandLine) -> int:
    """`pack W (--product CODE | --all) --platform P|P1,P2…|all -o DIR [--override-reason TEXT] [options]`."""
    from app.models.bilingual import UserFacingError
    from app.services.listing.packs.builder import PackBlocked, PackError, build_packs
    from app.services.listing.packs.source import UnknownProduct

    platforms = _pack_platforms(args.platform, out)
    if platforms is None:
        return EXIT_BAD_INPUT
    options = _options(args, out)
    if options is None:
        return EXIT_BAD_INPUT
    workspace = _open(args.workspace, out)
    if workspace is None:
        return EXIT_BAD_INPUT
    lang = "zh" if out.lang.startswith("zh") else "en"
    progress = _Progress()
    try:
        reports = build_packs(workspace, None if args.all else args.product, platforms, args.output,
                              progress=progress, lang=lang, override_reason=args.override_reason, options=options)
    except UnknownProduct as error:
        progress.end()
        return out.fail(error.message)
    except PackBlocked as error:
        progress.end()
        # With several platforms the same finding comes once per platform it blocks: print it once.
        lines = (f"{finding.product}\t{finding.field}\t{finding.rule}\t{finding.message.text(lang)}"
                 for finding in error.findings if finding.severity.value == "error")
        for line in dict.fromkeys(lines):
            print(line, file=sys.stderr)
        return out.fail(error.message, EXIT_UNHEALTHY)
    except (PackError, UserFacingError) as error:  # the output folder can't be used, or a profile can't
        progress.end()
        return out.fail(error.message)
    except OSError as error:
        progress.end()
        from app.cli import cannot_write

        return cannot_write(error, args.output, out)
    finally:
        workspace.close()
    progress.end()
    if len(platforms) == 1:
        out.say(_written(reports[platforms[0]]))
    else:
        for platform in platforms:
            message = _written(reports[platform])
            out.say(Bilingual(f"{platform}：{message.zh}", f"{platform}: {message.en}"))
    for platform in platforms:
        print(str(reports[platform].path))
    return EXIT_OK
