"""The catalogue subcommands of the command line: `import` and `export-catalogue` (see shared/reference/cli.md).

A subcommand module of `app.cli`; `register` adds the subparsers
and returns the handlers for `app.cli.COMMANDS`:

    from app.cli import catalogue as cli_catalogue
    COMMANDS.update(cli_catalogue.register(commands))   # in build_parser / at import

Both commands call the same services the GUI uses (`app.services.catalogue.io.importing`, `…io.export`).
Conventions of `app.cli`: messages in the user's language on stderr, data on stdout, progress on stderr; exit
0 on success, 2 on bad input (unreadable file, per-row errors — one per line on stderr — and nothing written),
1 when the job failed. A hostile file (an unmatched quote, a damaged workbook, a cell of a million
characters, Big5 text) gets a reason naming the line or row, never a traceback.
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

#: The exit codes of app.cli (a test checks they stay equal).
EXIT_OK, EXIT_UNHEALTHY, EXIT_BAD_INPUT = 0, 1, 2

Handler = Callable[[argparse.Namespace, "CommandLine"], int]

#: How many per-row errors are printed before "… and N more".
MAX_PRINTED_ERRORS = 200


def register(commands: Any) -> dict[str, Handler]:
    """Add `import` and `export-catalogue` to an argparse subparsers object; return {name: handler}."""
    importing = commands.add_parser("import", help="import a catalogue CSV/XLSX (all or nothing)")
    importing.add_argument("workspace", type=Path)
    importing.add_argument("file", type=Path)
    importing.add_argument("--encoding", choices=("auto", "utf-8", "gb18030"), default="auto",
                           help="CSV encoding (default: detect BOM, then UTF-8, then GB18030)")
    exporting = commands.add_parser("export-catalogue", help="export the catalogue to CSV or XLSX")
    exporting.add_argument("workspace", type=Path)
    exporting.add_argument("-o", "--output", type=Path, required=True, help="FILE.csv or FILE.xlsx")
    return {"import": cmd_import, "export-catalogue": cmd_export_catalogue}


def _progress(done: int, total: int) -> None:
    print(f"\r{done}/{total}" if total else f"\r{done}", end="", file=sys.stderr, flush=True)


def _open(path: Path, out: CommandLine) -> Any:
    """The workspace with its search index in place, or None after saying why (bad input)."""
    from app.db import open_workspace, workspace_exists
    from app.services.catalogue.search import ensure_search_index

    if not workspace_exists(path):
        out.fail(Bilingual(f"找不到工作区文件：{path}", f"Workspace file not found: {path}"))
        return None
    workspace = open_workspace(path)
    ensure_search_index(workspace.engine, refresh_stats=False)
    return workspace


def cmd_import(args: argparse.Namespace, out: CommandLine) -> int:
    """`import W FILE [--encoding …]`: preview, print every row error and stop, or commit all rows."""
    from app.services.catalogue.io import importing as catalogue_import

    if not Path(args.file).is_file():
        return out.fail(Bilingual(f"找不到文件：{args.file}", f"File not found: {args.file}"))
    workspace = _open(args.workspace, out)
    if workspace is None:
        return EXIT_BAD_INPUT
    preview = None
    try:
        preview = catalogue_import.preview_import(workspace, args.file, args.encoding)
        if not preview.ok:
            return _report_errors(preview, out)
        result = catalogue_import.commit_import(workspace, preview, progress=_progress)
        end_progress_line()
    finally:
        if preview is not None:
            preview.close()
        workspace.close()
    for warning in preview.warnings:
        print(warning.text(out.lang), file=sys.stderr)
    out.say(Bilingual(
        f"已导入：商品 {result.products_created} 个新建、{result.products_updated} 个更新；"
        f"SKU {result.skus_created} 个新建、{result.skus_updated} 个更新（编码 {preview.encoding}）。",
        f"Imported: {result.products_created} products created, {result.products_updated} updated; "
        f"{result.skus_created} SKUs created, {result.skus_updated} updated (encoding {preview.encoding})."))
    return EXIT_OK


def _report_errors(preview: Any, out: CommandLine) -> int:
    """Every row error on its own line, then a one-line verdict; exit 2, nothing written."""
    for error in preview.errors[:MAX_PRINTED_ERRORS]:
        print(" ".join(error.text(out.lang).split()), file=sys.stderr)
    hidden = preview.error_count - min(len(preview.errors), MAX_PRINTED_ERRORS)
    if hidden > 0:
        out.say(Bilingual(f"……另有 {hidden:,} 处错误", f"… and {hidden:,} more errors"))
    return out.fail(Bilingual(f"导入文件有 {preview.error_count:,} 处错误，没有写入任何内容。",
                              f"Errors in the file: {preview.error_count:,}; nothing was written."))


def cmd_export_catalogue(args: argparse.Namespace, out: CommandLine) -> int:
    """`export-catalogue W -o FILE.csv|FILE.xlsx`: prints the path written on stdout."""
    from app.services.catalogue.io import export as catalogue_io

    output: Path = args.output
    if output.suffix.lower() not in (".csv", ".xlsx"):
        return out.fail(Bilingual(f"输出文件要以 .csv 或 .xlsx 结尾：{output}",
                                  f"The output must end in .csv or .xlsx: {output}"))
    if not output.parent.is_dir():
        return out.fail(Bilingual(f"找不到输出文件夹：{output.parent}", f"Output folder not found: {output.parent}"))
    workspace = _open(args.workspace, out)
    if workspace is None:
        return EXIT_BAD_INPUT
    try:
        report = catalogue_io.export_catalogue(workspace, output, progress=_progress)
        end_progress_line()
    except OSError as error:
        from app.cli import cannot_write

        return cannot_write(error, output, out)
    finally:
        workspace.close()
    for note in report.notes:
        print(f"{note.product_code} {note.sku} {note.column}: {note.message.text(out.lang)}", file=sys.stderr)
    if report.target_in_use:
        out.say(Bilingual(f"{report.requested.name} 正被其他程序占用，已另存为 {report.path.name}。",
                          f"{report.requested.name} is in use by another program; saved as {report.path.name}."))
    out.say(Bilingual(f"已导出 {report.rows} 行。", f"Exported {report.rows} rows."))
    print(str(report.path))
    return EXIT_OK
