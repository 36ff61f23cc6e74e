"""Writing a pack's spreadsheets safely: CSV/TSV with formula guards, XLSX whose text cells are always text.

- CSV and TSV: every text cell that Excel would run as a formula (= + - @, tab, CR and their full-width forms)
  gets a leading ' (`catalogue_io.guard_formula`, the same rule as the catalogue export).
- XLSX (openpyxl, write-only): text cells are forced to the string type, so "=…" is never a formula; C0
  control characters are removed and cells are cut at Excel's 32,767 characters (`clean_cell_text`); CR is
  kept as OOXML's `_x000D_`. Decimals and integers stay numbers; GTINs and codes are always text.
Files are written straight into the pack's temporary folder: the whole folder is moved into place at the end
(`builder.py`), so no single file needs its own temporary copy.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.services.catalogue_io import clean_cell_text, guard_formula, ooxml_escape


class Text(str):
    """A value that must stay text in XLSX even when it looks like a number (GTINs, codes)."""


Cell = str | Text | Decimal | int | None


def csv_text(value: Cell) -> str:
    """A cell as CSV text: numbers exact, text guarded against formula injection."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    return guard_formula(str(value))


def write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Cell]], *, encoding: str = "utf-8",
              delimiter: str = ",") -> None:
    """A CSV (or TSV with `delimiter="\\t"`) with the header row, every cell through `csv_text`."""
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([csv_text(value) for value in row])


def _xlsx_cell(factory: Any, sheet: Any, value: Cell) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return factory(sheet, value=value)
    if isinstance(value, Decimal):
        cell = factory(sheet, value=value)
        places = max(0, -value.as_tuple().exponent) if isinstance(value.as_tuple().exponent, int) else 0
        cell.number_format = "0" if places == 0 else "0." + "0" * places
        return cell
    if isinstance(value, int):
        return factory(sheet, value=value)
    text, _stripped, _cut = clean_cell_text(str(value))
    cell = factory(sheet, value=ooxml_escape(text))
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def write_xlsx(path: Path, sheet_name: str, headers: Sequence[str], rows: Iterable[Sequence[Cell]],
               *, widths: Sequence[int] | None = None) -> None:
    """One sheet with a frozen header row; text cells typed as text, numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name[:31] or "Sheet1")
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, start=1):
        width = widths[index - 1] if widths and index - 1 < len(widths) else max(10, min(40, len(header) * 2 + 4))
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([_xlsx_cell(WriteOnlyCell, sheet, Text(h)) for h in headers])
    for row in rows:
        sheet.append([_xlsx_cell(WriteOnlyCell, sheet, value) for value in row])
    workbook.save(path)


def write_text(path: Path, text: str, *, bom: bool = False) -> None:
    """A UTF-8 text file (with a BOM for files people open in Chinese Windows Notepad/Excel)."""
    path.write_text(("\ufeff" if bom else "") + text, encoding="utf-8", newline="\n")


def write_profile_csv(pack_root: Path, profile: Any, table: Iterable[dict[str, Cell]]) -> list[Path]:
    """Write `table` (one dict per row, keyed by column key) as the profile's upload CSV at the pack's root,
    with the profile's headers, column order and encoding; returns the files written."""
    columns = profile.upload.columns
    path = pack_root / profile.upload.file_name
    write_csv(path, [c.header for c in columns], ([row.get(c.key) for c in columns] for row in table),
              encoding=profile.upload.encoding)
    return [path]
