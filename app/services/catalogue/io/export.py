"""The catalogue in the app's own file format: its columns, cell hygiene, and the export to CSV/XLSX.

The format: one row per SKU, the product's columns repeated on each of its rows (`COLUMNS`). A row with an
empty `sku` is a product without SKUs. Up to three option axes per SKU (`axisN_name` holds the axis key,
e.g. `colour`; a Chinese or English axis name is accepted on import). Selling points are one per line
inside their cell.

Export (`export_catalogue`):
- CSV is UTF-8 with a BOM (Chinese Excel only opens UTF-8 correctly with one); XLSX is written with
  openpyxl's write-only workbook (100k rows without holding them in memory).
- Text that Excel would run as a formula (starting with = + - @, tab, CR, or their full-width forms) gets
  a leading ' in CSV; in XLSX every text cell is forced to the string type, so nothing is a formula.
- Weights and dimensions are numbers. GTINs are always text (Excel drops leading zeros of numbers).
  Costs are exact: CSV writes the exact decimal text; XLSX writes a number only when Excel keeps it exactly
  (at most 15 significant digits, with a number format that shows all its decimals) and text otherwise.
  Import reads either back to the same Decimal. XLSX text keeps a carriage return as OOXML's `_x000D_`
  (an XML reader would turn it into a line feed).
- C0 control characters (except tab and line breaks) are removed and cells are cut at Excel's 32,767
  characters; both are reported per cell (`ExportReport.notes`).
- The file is written beside the target, fsynced and moved into place; when the target is open in Excel
  (PermissionError on Windows) the move is retried briefly, then the file is saved as "name (1).ext"
  and the report says so.

Import (`preview_import` then `commit_import`) lives in `catalogue_import`, reading files in
`catalogue_reading` and `catalogue_encoding`; what they share with the export is here (the columns, the
cell hygiene, the errors).

Long operations take `progress(done, total)` (total 0 = unknown) and `cancel()`; a cancelled export leaves no
file.
"""

from __future__ import annotations

import contextlib
import csv
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, cast

import sqlalchemy as sa

from app.db import Workspace
from app.models import Category, Product, Sku
from app.models.bilingual import Bilingual, UserFacingError
from app.models.types import canonical_decimal_text
from app.services.kernel.cells import (
    EXCEL_CELL_LIMIT,
    clean_cell_text,
    guard_formula,
    ooxml_escape,
)
from app.services.kernel.files import (  # atomic_write is re-exported: packs, bundles, print
    FileInUse,
    atomic_write,
)
from app.services.kernel.jobs import CancelCheck, Cancelled, Progress

MAX_AXES = 3
AXIS_COLUMNS = tuple(f"axis{index}_{part}" for index in range(1, MAX_AXES + 1) for part in ("name", "value"))
COLUMNS: tuple[str, ...] = (
    "product_code", "name_zh", "name_en", "category", "brand", "status", "description_zh", "description_en",
    "selling_points_zh", "selling_points_en", "materials", "differentiator", "sku", *AXIS_COLUMNS,
    "gtin", "weight_g", "length_mm", "width_mm", "height_mm", "cost", "currency",
)
PRODUCT_TEXT = ("name_zh", "name_en", "brand", "description_zh", "description_en", "materials", "differentiator")
PRODUCT_COLUMNS = (*PRODUCT_TEXT, "category", "status", "selling_points_zh", "selling_points_en", "currency")
INT_COLUMNS = ("weight_g", "length_mm", "width_mm", "height_mm")
SKU_COLUMNS = ("gtin", *INT_COLUMNS, "cost")

#: Excel keeps 15 significant digits of a number; beyond that a cost is written as text.
EXCEL_DIGITS = 15
CHUNK = 1000
MAX_NOTES = 500

_MONEY_FORMAT = re.compile(r"^0(\.(0+))?$")


class CatalogueFileError(UserFacingError):
    """A catalogue file can't be read or written; the message says why."""


def xlsx_number(cost: Decimal) -> tuple[Decimal, str] | None:
    """(value, number format) when Excel stores `cost` exactly as a number, else None (write it as text)."""
    exact = Decimal(canonical_decimal_text(cost))
    _sign, digits, exponent = exact.as_tuple()
    assert isinstance(exponent, int)
    if len(digits) > EXCEL_DIGITS or exponent < -EXCEL_DIGITS:
        return None
    places = max(0, -exponent)
    return exact, "0" if places == 0 else "0." + "0" * places


def decimal_from_xlsx(value: int | float, number_format: str) -> Decimal:
    """A numeric XLSX cell as the exact Decimal that was written: the shortest repr of the double, with
    as many decimals as the cell's number format shows (so 152.00 comes back as 152.00, not 152)."""
    exact = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
    match = _MONEY_FORMAT.match(number_format or "")
    if match and exact.is_finite():
        places = len(match.group(2) or "")
        with contextlib.suppress(InvalidOperation):  # more digits than the context holds: keep the value as it is
            exact = exact.quantize(Decimal(1).scaleb(-places))
    return exact


# --- export ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ExportNote:
    """Something changed in one cell on the way out (a control character removed, text cut)."""

    product_code: str
    sku: str
    column: str
    message: Bilingual


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote and where (`path` differs from `requested` when the target was in use)."""

    path: Path
    requested: Path
    rows: int
    target_in_use: bool
    notes: tuple[ExportNote, ...]
    note_count: int


def export_catalogue(workspace: Workspace, target: Path, *, progress: Progress | None = None,
                     cancel: CancelCheck | None = None, replace_retries: int = 10,
                     retry_delay: float = 0.2) -> ExportReport:
    """Write the whole catalogue to `target` (.csv or .xlsx) atomically; see the module docstring."""
    target = Path(target)
    suffix = target.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise CatalogueFileError(Bilingual(f"只能导出为 .csv 或 .xlsx：{target.name}",
                                           f"Export to a .csv or .xlsx file: {target.name}"))
    notes: list[ExportNote] = []
    counter = _Counter()
    with workspace.engine.connect() as connection:
        total = _record_count(connection)
        records = _tracked(catalogue_records(connection), total, progress, cancel, counter)
        writer = _write_csv if suffix == ".csv" else _write_xlsx
        try:
            path, in_use = atomic_write(target, lambda temp: writer(temp, records, notes),
                                        retries=replace_retries, delay=retry_delay)
        except FileInUse as locked:
            raise CatalogueFileError(locked.message) from locked
    return ExportReport(path, target, counter.value, in_use, tuple(notes[:MAX_NOTES]), len(notes))


@dataclass
class _Counter:
    value: int = 0


def _tracked(records: Iterator[dict[str, Any]], total: int, progress: Progress | None,
             cancel: CancelCheck | None, counter: _Counter) -> Iterator[dict[str, Any]]:
    """Pass records through, reporting progress and stopping on cancel every `CHUNK` rows."""
    for record in records:
        if counter.value % CHUNK == 0:
            if cancel is not None and cancel():
                raise Cancelled()
            if progress is not None:
                progress(counter.value, total)
        counter.value += 1
        yield record
    if progress is not None:
        progress(counter.value, total)


_product_t = cast(sa.Table, sa.inspect(Product).local_table)
_sku_t = cast(sa.Table, sa.inspect(Sku).local_table)
_category_t = cast(sa.Table, sa.inspect(Category).local_table)


def _record_count(connection: sa.Connection) -> int:
    skus = connection.execute(sa.select(sa.func.count()).select_from(_sku_t)).scalar_one()
    bare = connection.execute(sa.select(sa.func.count()).select_from(_product_t).where(
        ~sa.exists().where(_sku_t.c.product_id == _product_t.c.id))).scalar_one()
    return int(skus) + int(bare)


def catalogue_records(connection: sa.Connection) -> Iterator[dict[str, Any]]:
    """Every row of the export as {column: value} (text as str, sizes as int, cost as Decimal), products
    by code, SKUs by position. Two streamed queries merged in step: memory stays flat at 100k SKUs."""
    products = connection.execute(
        sa.select(_product_t, _category_t.c.code.label("category_code"))
        .select_from(_product_t.outerjoin(_category_t, _product_t.c.category_id == _category_t.c.id))
        .order_by(_product_t.c.code))
    skus = connection.execute(
        sa.select(_sku_t.c.product_id, _sku_t.c.code, sa.cast(_sku_t.c.options, sa.Text).label("options"),
                  _sku_t.c.gtin, *(_sku_t.c[name] for name in INT_COLUMNS), _sku_t.c.cost)
        .select_from(_sku_t.join(_product_t, _sku_t.c.product_id == _product_t.c.id))
        .order_by(_product_t.c.code, _sku_t.c.position, _sku_t.c.code))
    options_of = _JsonCache()
    sku_rows = iter(skus)
    pending = next(sku_rows, None)
    for product in products:
        base = _product_columns(product)
        axis_keys = [str(axis.get("key", "")) for axis in (product.axes or []) if axis.get("key")]
        wrote = False
        while pending is not None and pending.product_id == product.id:
            yield {**base, **_sku_columns(pending, options_of(pending.options), axis_keys)}
            wrote = True
            pending = next(sku_rows, None)
        if not wrote:
            yield {**base, "sku": ""}


def _product_columns(product: Any) -> dict[str, Any]:
    values: dict[str, Any] = {name: product._mapping[name] or "" for name in PRODUCT_TEXT}
    values.update(product_code=product.code, category=product.category_code or "", status=product.status,
                  currency=product.currency,
                  selling_points_zh=_join_points(product.selling_points_zh),
                  selling_points_en=_join_points(product.selling_points_en))
    return values


def _join_points(points: Sequence[str] | None) -> str:
    """One selling point per line (a line break inside a point becomes a space)."""
    return "\n".join(" ".join(str(point).split("\n")) for point in (points or []))


def _sku_columns(row: Any, options: dict[str, str], axis_keys: list[str]) -> dict[str, Any]:
    keys = [key for key in axis_keys if key in options] + [key for key in options if key not in axis_keys]
    values: dict[str, Any] = {"sku": row.code, "gtin": row.gtin or "", "cost": row.cost,
                              **{name: row._mapping[name] for name in INT_COLUMNS}}
    for index, key in enumerate(keys[:MAX_AXES], start=1):
        values[f"axis{index}_name"], values[f"axis{index}_value"] = key, options[key]
    values["_dropped_axes"] = keys[MAX_AXES:]
    return values


class _JsonCache:
    """Decodes option JSON once per distinct text (catalogues repeat the same few combinations)."""

    def __init__(self) -> None:
        self._seen: dict[str, dict[str, str]] = {}

    def __call__(self, raw: str | None) -> dict[str, str]:
        if not raw:
            return {}
        if raw not in self._seen:
            self._seen[raw] = {str(k): str(v) for k, v in (json.loads(raw) or {}).items()}
        return self._seen[raw]


def _text_for_export(record: Mapping[str, Any], column: str, notes: list[ExportNote]) -> str:
    """A text cell cleaned for a spreadsheet, with a note when something had to change."""
    cleaned, stripped, cut = clean_cell_text(str(record.get(column) or ""))
    where = (str(record.get("product_code", "")), str(record.get("sku", "")), column)
    if stripped:
        notes.append(ExportNote(*where, Bilingual("删除了控制字符。", "Control characters were removed.")))
    if cut:
        notes.append(ExportNote(*where, Bilingual(f"文字超过 Excel 单元格上限 {EXCEL_CELL_LIMIT:,} 字符，已截断。",
                                                  f"Text cut at Excel's {EXCEL_CELL_LIMIT:,}-character cell limit.")))
    return cleaned


def _dropped_axes_note(record: Mapping[str, Any], notes: list[ExportNote]) -> None:
    dropped = record.get("_dropped_axes") or []
    if dropped:
        listed = ", ".join(dropped)
        notes.append(ExportNote(str(record["product_code"]), str(record.get("sku", "")), "axis",
                                Bilingual(f"只能导出 {MAX_AXES} 个规格，未导出：{listed}",
                                          f"Only {MAX_AXES} options fit the format; not exported: {listed}")))


def _write_csv(path: Path, records: Iterable[dict[str, Any]], notes: list[ExportNote]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for record in records:
            _dropped_axes_note(record, notes)
            writer.writerow([_csv_cell(record, column, notes) for column in COLUMNS])


def _csv_cell(record: Mapping[str, Any], column: str, notes: list[ExportNote]) -> str:
    value = record.get(column)
    if value is None or value == "":
        return ""
    if column == "cost":
        return canonical_decimal_text(value)
    if column in INT_COLUMNS:
        return str(int(value))
    return guard_formula(_text_for_export(record, column, notes))


def _write_xlsx(path: Path, records: Iterable[dict[str, Any]], notes: list[ExportNote]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("catalogue")
    sheet.freeze_panes = "A2"
    try:
        sheet.append([_text_cell(WriteOnlyCell, sheet, name) for name in COLUMNS])
        for record in records:
            _dropped_axes_note(record, notes)
            sheet.append([_xlsx_cell(WriteOnlyCell, sheet, record, column, notes) for column in COLUMNS])
        workbook.save(path)
    except BaseException:   # the rows, or the file that can't be written (a read-only folder, a full disk)
        _discard_sheet(sheet)
        raise


def _discard_sheet(sheet: Any) -> None:
    """Close a write-only sheet abandoned half-way (cancel, error) and remove its temporary file; left
    alone, openpyxl's row generator fails later on a closed file and the file stays until exit."""
    try:
        sheet.close()
        writer = getattr(sheet, "_writer", None)
        if writer is not None:
            writer.cleanup()
    except Exception:
        pass


def _text_cell(factory: Any, sheet: Any, text: str) -> Any:
    cell = factory(sheet, value=ooxml_escape(text))
    cell.data_type = "s"  # openpyxl makes any text starting with "=" a formula otherwise
    return cell


def _xlsx_cell(factory: Any, sheet: Any, record: Mapping[str, Any], column: str, notes: list[ExportNote]) -> Any:
    value = record.get(column)
    if value is None or value == "":
        return None
    if column in INT_COLUMNS:
        return factory(sheet, value=int(value))
    if column == "cost":
        number = xlsx_number(value)
        if number is None:
            return _text_cell(factory, sheet, canonical_decimal_text(value))
        cell = factory(sheet, value=number[0])
        cell.number_format = number[1]
        return cell
    return _text_cell(factory, sheet, _text_for_export(record, column, notes))
