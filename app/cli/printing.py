"""The print subcommands of the command line: `sheet`, `catalogue`, `pricelist` and `readiness`
(see shared/reference/cli.md).

A subcommand module of `app.cli`; `register` adds the subparsers and returns the handlers for `app.cli.COMMANDS`:

    from app.cli import printing as cli_print
    COMMANDS.update(cli_print.register(commands))

Each command calls the same services as the Print page (`app.services.documents`). The document language is
the subcommand's own `--lang zh|en|both` (default both); messages follow the main `--lang`. Conventions of
`app.cli`: messages on stderr, the path written on stdout, progress on stderr; exit 0 on success, 2 on bad
input (unknown product or channel, missing workspace or folder) with a one-line reason, 1 when writing failed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli import end_progress_line
from app.models.bilingual import Bilingual

if TYPE_CHECKING:  # app.cli imports this module to wire it in: no import cycle at run time
    from app.cli import CommandLine
    from app.services.documents.document import PrintResult

#: The exit codes of app.cli (a test checks they stay equal).
EXIT_OK, EXIT_UNHEALTHY, EXIT_BAD_INPUT = 0, 1, 2

Handler = Callable[[argparse.Namespace, "CommandLine"], int]
DOC_LANGS = ("zh", "en", "both")
PAPERS = ("A4", "Letter")


def register(commands: Any) -> dict[str, Handler]:
    """Add `sheet`, `catalogue`, `pricelist` and `readiness` to an argparse subparsers object; return
    {name: handler}."""
    sheet = commands.add_parser("sheet", help="one product's spec sheet (PDF)")
    sheet.add_argument("workspace", type=Path)
    sheet.add_argument("--product", required=True, metavar="CODE")
    _common(sheet)
    sheet.add_argument("--url", help="the URL the QR code opens (default: the factory website)")
    catalogue = commands.add_parser("catalogue", help="the whole catalogue (PDF)")
    catalogue.add_argument("workspace", type=Path)
    _common(catalogue)
    catalogue.add_argument("--url", help="the URL the cover's QR code opens (default: the factory website)")
    pricelist = commands.add_parser("pricelist", help="a B2B price list with quantity tiers (PDF)")
    pricelist.add_argument("workspace", type=Path)
    pricelist.add_argument("--channel", default="1688", help="channel fee profile (default: 1688)")
    pricelist.add_argument("--no-cliffs", action="store_true",
                           help="raise each upper tier's price just enough that no smaller order costs more in "
                                "total than a bigger one (its discount almost disappears); default: print each "
                                "tier's margin price and warn about every such quantity cliff on stderr")
    _common(pricelist)
    readiness = commands.add_parser("readiness", help="the launch readiness report for the factory owner (PDF)")
    readiness.add_argument("workspace", type=Path)
    readiness.add_argument("--lang", dest="doc_lang", choices=DOC_LANGS, default="both",
                           help="document language: zh, en or both (default: both)")
    readiness.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    return {"sheet": cmd_sheet, "catalogue": cmd_catalogue, "pricelist": cmd_pricelist, "readiness": cmd_readiness}


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", dest="doc_lang", choices=DOC_LANGS, default="both",
                        help="document language: zh, en or both (default: both)")
    parser.add_argument("--paper", choices=PAPERS, default="A4", help="A4 (default) or Letter")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")


def _progress(done: int, total: int) -> None:
    print(f"\r{done}/{total}" if total else f"\r{done}", end="", file=sys.stderr, flush=True)


def _checked(args: argparse.Namespace, out: CommandLine) -> Any:
    """The open workspace, or None after saying why the input is bad."""
    from app.db import open_workspace, workspace_exists

    output: Path = args.output
    if output.suffix.lower() != ".pdf":
        out.fail(Bilingual(f"输出文件要以 .pdf 结尾：{output}", f"The output must end in .pdf: {output}"))
        return None
    if not output.parent.is_dir():
        out.fail(Bilingual(f"找不到输出文件夹：{output.parent}", f"Output folder not found: {output.parent}"))
        return None
    if not workspace_exists(args.workspace):
        out.fail(Bilingual(f"找不到工作区文件：{args.workspace}", f"Workspace file not found: {args.workspace}"))
        return None
    return open_workspace(args.workspace)


def _run(args: argparse.Namespace, out: CommandLine, job: Callable[[Any], PrintResult], *,
         progress: bool = False) -> int:
    workspace = _checked(args, out)
    if workspace is None:
        return EXIT_BAD_INPUT
    try:
        result = job(workspace)
    except OSError as error:
        from app.cli import cannot_write

        return cannot_write(error, args.output, out)
    finally:
        workspace.close()
        if progress:
            end_progress_line()
    for warning in result.warnings:
        print(" ".join(warning.text(out.lang).split()), file=sys.stderr)
    if result.path != args.output:
        out.say(Bilingual(f"{args.output.name} 正被其他程序占用，已另存为 {result.path.name}。",
                          f"{args.output.name} is in use by another program; saved as {result.path.name}."))
    out.say(Bilingual(f"已写入 {result.pages} 页。", f"Wrote {result.pages} pages."))
    print(str(result.path))
    return EXIT_OK


def cmd_sheet(args: argparse.Namespace, out: CommandLine) -> int:
    """`sheet W --product CODE [--lang zh|en|both] -o FILE.pdf`."""
    from app.services.documents.spec_sheet import build_spec_sheet

    return _run(args, out, lambda ws: build_spec_sheet(ws, args.product, args.output, lang=args.doc_lang,
                                                       paper=args.paper, qr_url=args.url))


def cmd_catalogue(args: argparse.Namespace, out: CommandLine) -> int:
    """`catalogue W [--lang zh|en|both] -o FILE.pdf`: progress on stderr."""
    from app.services.documents.catalogue import build_catalogue

    return _run(args, out, lambda ws: build_catalogue(ws, args.output, lang=args.doc_lang, paper=args.paper,
                                                      qr_url=args.url, progress=_progress), progress=True)


def cmd_pricelist(args: argparse.Namespace, out: CommandLine) -> int:
    """`pricelist W [--channel C] [--no-cliffs] -o FILE.pdf`: progress on stderr, then one line per quantity
    cliff (buying fewer costs more in total) unless `--no-cliffs` smooths the tiers."""
    from app.services.documents.price_list import PriceListOptions, build_price_list

    options = PriceListOptions(channel=args.channel, cliffs="remove" if args.no_cliffs else "warn")
    return _run(args, out, lambda ws: build_price_list(ws, args.output, lang=args.doc_lang, paper=args.paper,
                                                       options=options, progress=_progress), progress=True)


def cmd_readiness(args: argparse.Namespace, out: CommandLine) -> int:
    """`readiness W [--lang zh|en|both] -o FILE.pdf`: the launch readiness report."""
    from app.services.reports.readiness import build_readiness_report

    return _run(args, out, lambda ws: build_readiness_report(ws, args.output, lang=args.doc_lang))
