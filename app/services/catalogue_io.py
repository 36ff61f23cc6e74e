"""The catalogue in the app's own file format: export to CSV/XLSX, import with a preview, commit all or nothing.

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

Import (`preview_import` then `commit_import`):
- Encoding: a BOM decides (UTF-8, UTF-16 LE/BE); else strict UTF-8; else GB18030 (a superset of the GBK
  Chinese Excel writes). UTF-8 is always tried first because UTF-8 bytes decoded as GB18030 don't fail,
  they become mojibake. `encoding="utf-8"` or `"gb18030"` overrides the detection.
- The preview reads and checks everything and writes nothing: per-row errors with the row number as
  Excel shows it (the header is row 1), the column and a reason in Chinese and English.
- Rules, decided here: upsert by product code and SKU code; nothing is ever deleted. A column missing
  from the file leaves that field alone; an empty cell in a present column clears it, except `status`
  and `currency`, which keep their value (new products: draft, CNY). A product's columns may be left
  empty on its later rows ("same as above"); a different non-empty value is an error. An unknown
  category is an error, not created: a typo would make a category with no attribute template (create it
  in the app, then import). A SKU code that belongs to another product is an error (move SKUs in the
  app). Duplicate SKU codes, duplicate GTINs, duplicate option combinations in a product and GTINs
  already used by other SKUs of the workspace are errors.
- `commit_import` checks the workspace again under the write lock (it may have changed since the preview)
  and writes everything in one transaction with SQLAlchemy Core — products, SKUs, one audit entry, the
  search index and completeness stats — or nothing.

Long operations take `progress(done, total)` (total 0 = unknown) and `cancel()`; a cancelled export leaves no
file, a cancelled import writes nothing.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, cast

import sqlalchemy as sa

from app.db import Workspace
from app.models import AttributeDef, AuditEntry, Category, Product, ProductStatus, Sku
from app.models.bilingual import Bilingual, UserFacingError
from app.models.types import canonical_decimal_text, utc_now
from app.models.validation import check_code, check_gtin
from app.services import audit, catalogue_search
from app.services.files import FileInUse, atomic_write  # atomic_write is re-exported: packs, bundles, print
from app.services.pricing.messages import InvalidAmount
from app.services.pricing.money import is_known_currency, parse_decimal

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]

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

EXCEL_CELL_LIMIT = 32_767
#: Excel keeps 15 significant digits of a number; beyond that a cost is written as text.
EXCEL_DIGITS = 15
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
CHUNK = 1000
MAX_NOTES = 500
ENCODINGS = ("auto", "utf-8", "gb18030")

_C0 = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MONEY_FORMAT = re.compile(r"^0(\.(0+))?$")
_STATUS_WORDS = {
    **{status.value: status.value for status in ProductStatus},
    "草稿": "draft", "就绪": "ready", "待上架": "ready", "已上架": "listed", "上架": "listed",
    "已归档": "archived", "归档": "archived",
}


class CatalogueFileError(UserFacingError):
    """A catalogue file can't be read or written; the message says why."""


class OperationCancelled(CatalogueFileError):
    """The user cancelled; nothing was written."""

    def __init__(self) -> None:
        super().__init__(Bilingual("已取消，没有写入任何内容。", "Cancelled; nothing was written."))


class ImportRefused(CatalogueFileError):
    """The import has errors (or the workspace changed since the preview); nothing was written."""


# --- cell hygiene --------------------------------------------------------------------------------------

def guard_formula(text: str) -> str:
    """CSV: prefix ' to text Excel would run as a formula; also to text that already starts with ' before
    such a character (or another '), so `unguard_formula` gives back exactly the original."""
    if text.startswith(FORMULA_TRIGGERS) or (text[:1] == "'" and text[1:2] in (*FORMULA_TRIGGERS, "'")
                                               and len(text) > 1):
        return "'" + text
    return text


def unguard_formula(text: str) -> str:
    """Undo `guard_formula` on text read from a CSV."""
    if text[:1] == "'" and len(text) > 1 and text[1:2] in (*FORMULA_TRIGGERS, "'"):
        return text[1:]
    return text


def clean_cell_text(text: str) -> tuple[str, bool, bool]:
    """(text without C0 control characters other than tab/CR/LF, cut to Excel's limit; stripped?; cut?).

    The limit counts UTF-16 units, as Excel does (an emoji is two); a surrogate pair is never split.
    """
    cleaned = _C0.sub("", text)
    stripped = len(cleaned) != len(text)
    if len(cleaned) <= EXCEL_CELL_LIMIT // 2 or _utf16_length(cleaned) <= EXCEL_CELL_LIMIT:
        return cleaned, stripped, False
    units, end = 0, 0
    for end, char in enumerate(cleaned):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > EXCEL_CELL_LIMIT:
            break
    return cleaned[:end], stripped, True


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


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
        try:
            exact = exact.quantize(Decimal(1).scaleb(-places))
        except InvalidOperation:  # more digits than the context holds: keep the value as it is
            pass
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
                raise OperationCancelled()
            if progress is not None:
                progress(counter.value, total)
        counter.value += 1
        yield record
    if progress is not None:
        progress(counter.value, total)


_product_t = cast(sa.Table, sa.inspect(Product).local_table)
_sku_t = cast(sa.Table, sa.inspect(Sku).local_table)
_category_t = cast(sa.Table, sa.inspect(Category).local_table)
_attribute_t = cast(sa.Table, sa.inspect(AttributeDef).local_table)
_audit_t = cast(sa.Table, sa.inspect(AuditEntry).local_table)


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
        sa.select(_sku_t.c.product_id, _sku_t.c.code, sa.type_coerce(_sku_t.c.options, sa.String).label("options"),
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
        notes.append(ExportNote(str(record["product_code"]), str(record.get("sku", "")), "axis",
                                Bilingual(f"只能导出 {MAX_AXES} 个规格，未导出：{', '.join(dropped)}",
                                          f"Only {MAX_AXES} options fit the format; not exported: {', '.join(dropped)}")))


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
    except BaseException:
        _discard_sheet(sheet)
        raise
    workbook.save(path)


def _discard_sheet(sheet: Any) -> None:
    """Close a write-only sheet abandoned half-way (cancel, error) and remove its temporary file; left
    alone, openpyxl's row generator fails later on a closed file and the file stays until exit."""
    try:
        sheet.close()
        writer = getattr(sheet, "_writer", None)
        if writer is not None:
            writer.cleanup()
    except Exception:  # noqa: BLE001 - best effort on a path that is already failing
        pass


def _text_cell(factory: Any, sheet: Any, text: str) -> Any:
    cell = factory(sheet, value=ooxml_escape(text))
    cell.data_type = "s"  # openpyxl makes any text starting with "=" a formula otherwise
    return cell


_OOXML_LITERAL = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_OOXML_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def ooxml_escape(text: str) -> str:
    """XLSX text with CR written as `_x000D_` (an XML reader turns a raw CR into LF) and a literal
    `_xHHHH_` protected as `_x005F_xHHHH_`, as Excel writes them."""
    if "_x" in text:
        text = _OOXML_LITERAL.sub("_x005F_", text)
    return text.replace("\r", "_x000D_")


def ooxml_unescape(text: str) -> str:
    """Undo OOXML's `_xHHHH_` escapes in text read from an XLSX (Excel writes them too)."""
    return _OOXML_ESCAPED.sub(lambda match: chr(int(match.group(1), 16)), text) if "_x" in text else text


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


# --- import: reading files ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class RowError:
    """A problem in one cell (or row, when `column` is empty); row numbers are Excel's (header = 1)."""

    row: int
    column: str
    message: Bilingual

    def text(self, lang: str) -> str:
        """One line for a log or stderr, in the user's language."""
        if lang.lower().startswith("zh"):
            return f"第 {self.row} 行" + (f"，{self.column}" if self.column else "") + f"：{self.message.zh}"
        return f"row {self.row}" + (f", {self.column}" if self.column else "") + f": {self.message.en}"


@dataclass(frozen=True)
class PreviewRow:
    """One data row as read (text, aligned with `ImportPreview.columns`)."""

    number: int
    values: tuple[str, ...]


@dataclass(frozen=True)
class _Table:
    columns: tuple[str, ...]
    rows: tuple[PreviewRow, ...]
    encoding: str
    errors: tuple[RowError, ...]
    warnings: tuple[RowError, ...]


def detect_encoding(path: Path, choice: str = "auto") -> str:
    """The codec to read a CSV with: BOM → strict UTF-8 → GB18030, or the user's choice.

    UTF-8 comes before GB18030 because UTF-8 bytes read as GB18030 don't fail, they turn into mojibake.
    """
    if choice not in ENCODINGS:
        raise ValueError(f"encoding must be one of {ENCODINGS}")
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if choice == "utf-8":
        return "utf-8-sig"
    if choice == "gb18030":
        return "gb18030"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:  # UTF-16 without a BOM: ASCII characters have a zero byte on one side
        guess = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        if _decodes(path, guess):
            return guess
        raise CatalogueFileError(Bilingual(f"这不是 CSV 文本文件（含二进制内容）：{Path(path).name}",
                                           f"This is not a CSV text file (it holds binary data): {Path(path).name}"))
    for candidate in ("utf-8", "gb18030"):
        if _decodes(path, candidate):
            return candidate
    raise CatalogueFileError(Bilingual(
        f"无法识别文件编码（既不是 UTF-8 也不是 GB18030/GBK）：{Path(path).name}。请在导入时选择编码。",
        f"Can't tell the file's encoding (neither UTF-8 nor GB18030/GBK): {Path(path).name}. Choose one when importing."))


def _decodes(path: Path, encoding: str) -> bool:
    """True when the whole file decodes strictly (read in 1 MB pieces, never as one string)."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        with open(path, "rb") as handle:
            while piece := handle.read(1 << 20):
                decoder.decode(piece)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def read_table(path: Path, encoding: str = "auto", *, progress: Progress | None = None,
               cancel: CancelCheck | None = None) -> _Table:
    """The header and rows of a CSV or XLSX file as text; file-level problems as errors on row 0/N."""
    path = Path(path)
    if not path.is_file():
        raise CatalogueFileError(Bilingual(f"找不到文件：{path}", f"File not found: {path}"))
    with open(path, "rb") as handle:
        magic = handle.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise CatalogueFileError(Bilingual(f"这是旧版 Excel（.xls）文件：{path.name}。请另存为 .xlsx 或 CSV 再导入。",
                                           f"This is an old Excel (.xls) file: {path.name}. Save it as .xlsx or CSV first."))
    if magic.startswith(b"PK\x03\x04") or path.suffix.lower() == ".xlsx":
        used = "xlsx"
        header, rows, errors = _read_xlsx(path, progress, cancel)
    else:
        used = detect_encoding(path, encoding)
        header, rows, errors = _read_csv(path, used, progress, cancel)
    return _map_columns(header, rows, used, list(errors))


def _read_csv(path: Path, encoding: str, progress: Progress | None, cancel: CancelCheck | None
              ) -> tuple[list[str], list[PreviewRow], list[RowError]]:
    total = path.stat().st_size
    rows: list[PreviewRow] = []
    header: list[str] = []
    memo: dict[str, str] = {}
    with open(path, "rb") as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")
        reader = csv.reader(text)
        number = 0
        try:
            for number, cells in enumerate(reader, start=1):
                if number == 1:
                    header = [cell.lstrip("\ufeff") for cell in cells]
                    continue
                # Product columns repeat on every SKU row: keep one string object per distinct text.
                rows.append(PreviewRow(number, tuple(memo.setdefault(c, c) for c in map(unguard_formula, cells))))
                if number % CHUNK == 0:
                    _step(progress, cancel, raw.tell(), total)
        except csv.Error as error:
            return header, rows, [RowError(number + 1, "", Bilingual(
                f"CSV 格式错误，无法继续读取（{error}）。单元格过长（超过 131,072 字符）或含有 NUL 字符都会这样。",
                f"Malformed CSV, reading stopped ({error}). A cell over 131,072 characters or a NUL character does this."))]
        except UnicodeDecodeError:
            return header, rows, [RowError(_first_bad_line(path, encoding), "", Bilingual(
                f"文件不是 {encoding} 编码，从这一行起无法解码。请换一种编码导入。",
                f"The file is not {encoding}; it can't be decoded from this row on. Import with another encoding."))]
    return header, rows, []


def _first_bad_line(path: Path, encoding: str) -> int:
    """The line holding the first byte `encoding` can't decode (text is decoded in blocks, so the
    reader's own position says little). Reads the whole file: only on this error path."""
    data = path.read_bytes()
    try:
        data.decode(encoding)
    except UnicodeDecodeError as error:
        return data.count(b"\n", 0, error.start) + 1
    return 1


def _step(progress: Progress | None, cancel: CancelCheck | None, done: int, total: int) -> None:
    if cancel is not None and cancel():
        raise OperationCancelled()
    if progress is not None:
        progress(done, total)


def _read_xlsx(path: Path, progress: Progress | None, cancel: CancelCheck | None
               ) -> tuple[list[str], list[PreviewRow], list[RowError]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - zipfile, XML and openpyxl errors alike
        raise CatalogueFileError(Bilingual(f"无法读取 Excel 文件：{path.name}（{error}）",
                                           f"Can't read the Excel file: {path.name} ({error})")) from error
    try:
        sheet = workbook["catalogue"] if "catalogue" in workbook.sheetnames else workbook.worksheets[0]
        total = sheet.max_row or 0
        header: list[str] = []
        rows: list[PreviewRow] = []
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            if number == 1:
                header = [_xlsx_text(cell, "") for cell in cells]
                continue
            rows.append(PreviewRow(number, tuple(
                _xlsx_text(cell, _normal_header(header[index]) if index < len(header) else "")
                for index, cell in enumerate(cells))))
            if number % CHUNK == 0:
                _step(progress, cancel, number, total)
        return header, rows, []
    finally:
        workbook.close()


def _xlsx_text(cell: Any, column: str) -> str:
    """A cell as the text the importer parses. Numbers become exact text: costs keep their decimals,
    whole numbers lose the ".0" Excel gives them, GTINs stay digits."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        number = decimal_from_xlsx(value, getattr(cell, "number_format", "") or "")
        if column != "cost" and number == number.to_integral_value():
            return str(int(number))
        return canonical_decimal_text(number)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return ooxml_unescape(str(value))


def _normal_header(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", str(name).strip().lstrip("\ufeff").lower())


def _map_columns(header: Sequence[str], rows: Sequence[PreviewRow], encoding: str,
                 errors: list[RowError]) -> _Table:
    """Keep the known columns (in file order), warn about the others, refuse a file without product_code."""
    warnings: list[RowError] = []
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _normal_header(name)
        if key in COLUMNS and key not in positions:
            positions[key] = index
        elif key in positions:
            errors.append(RowError(1, name, Bilingual("列名重复。", "Duplicate column.")))
        elif key:
            warnings.append(RowError(1, name, Bilingual("未知的列，已忽略。", "Unknown column, ignored.")))
    if "product_code" not in positions and not errors:  # after a read error the header may be missing
        errors.append(RowError(1, "product_code", Bilingual(
            "缺少 product_code 列：这不是工厂直营导出的商品表。", "No product_code column: not a Factory Direct catalogue file.")))
    columns = tuple(positions)
    picked = tuple(PreviewRow(row.number, tuple(row.values[i] if i < len(row.values) else "" for i in positions.values()))
                   for row in rows if any(cell.strip() for cell in row.values))
    return _Table(columns, picked, encoding, tuple(errors), tuple(warnings))


# --- import: parsing and checks -----------------------------------------------------------------------------

@dataclass(frozen=True)
class SkuDraft:
    """One SKU as the file describes it. `fields` holds only the SKU columns the file has."""

    row: int
    code: str
    options: tuple[tuple[str, str], ...]   # (axis name as written, value)
    fields: Mapping[str, Any]


@dataclass(frozen=True)
class ProductDraft:
    """One product as the file describes it, with its SKUs. `fields` holds only the columns the file has."""

    code: str
    row: int
    fields: Mapping[str, Any]
    skus: tuple[SkuDraft, ...]


@dataclass(frozen=True)
class ImportPreview:
    """Everything an import would do, checked, before anything is written."""

    source: Path
    encoding: str
    columns: tuple[str, ...]
    rows: tuple[PreviewRow, ...]
    products: tuple[ProductDraft, ...]
    errors: tuple[RowError, ...]
    warnings: tuple[RowError, ...]
    new_products: int = 0
    updated_products: int = 0
    new_skus: int = 0
    updated_skus: int = 0

    @property
    def ok(self) -> bool:
        """True when `commit_import` may write it."""
        return not self.errors


@dataclass(frozen=True)
class ImportResult:
    """What a committed import changed."""

    products_created: int
    products_updated: int
    skus_created: int
    skus_updated: int
    product_ids: tuple[int, ...]


def preview_import(workspace: Workspace, path: Path, encoding: str = "auto", *, progress: Progress | None = None,
                   cancel: CancelCheck | None = None) -> ImportPreview:
    """Read and check a catalogue file against the workspace; writes nothing.

    Progress runs 0–1000: reading the file is the first half, checking the rows the second.
    """
    table = read_table(path, encoding, progress=_half(progress, 0), cancel=cancel)
    errors = list(table.errors)
    drafts, row_errors = parse_drafts(table, progress=_half(progress, 1), cancel=cancel) if not errors else ((), [])
    errors += row_errors
    counts = (0, 0, 0, 0)
    if drafts:
        with workspace.engine.connect() as connection:
            resolution = _resolve(connection, drafts)
        errors += resolution.errors
        counts = resolution.counts(drafts)
    if progress is not None:
        progress(1000, 1000)
    return ImportPreview(Path(path), table.encoding, table.columns, table.rows, tuple(drafts),
                         tuple(sorted(errors, key=lambda e: (e.row, e.column))), table.warnings, *counts)


def _half(progress: Progress | None, which: int) -> Progress | None:
    """Map one phase's (done, total) onto its half of 0–1000."""
    if progress is None:
        return None
    return lambda done, total: progress(500 * which + (500 * done // total if total else 0), 1000)


def parse_drafts(table: _Table, *, progress: Progress | None = None,
                 cancel: CancelCheck | None = None) -> tuple[tuple[ProductDraft, ...], list[RowError]]:
    """Rows grouped into product drafts, with every per-row problem the file alone shows."""
    columns = table.columns
    product_positions = [index for index, name in enumerate(columns) if name in ("product_code", *PRODUCT_COLUMNS)]
    product_parts: dict[tuple[str, ...], tuple[list[tuple[str, Bilingual]], dict[str, Any]]] = {}
    errors: list[RowError] = []
    products: dict[str, _ProductBuilder] = {}
    seen_skus: dict[str, int] = {}
    seen_gtins: dict[str, tuple[str, int]] = {}
    for done, row in enumerate(table.rows):
        if done % CHUNK == 0:
            _step(progress, cancel, done, len(table.rows))
        cells = dict(zip(columns, row.values))
        # A product's columns repeat on each of its SKU rows: check and parse each distinct set once.
        key = tuple(row.values[index] for index in product_positions)
        if key not in product_parts:
            product_parts[key] = (_product_problems(cells), _product_fields(cells, columns))
        problems, values = product_parts[key]
        errors += [RowError(row.number, column, message) for column, message in problems]
        sku, sku_problems = _sku_cells(row.number, cells, columns)
        errors += sku_problems
        code = cells.get("product_code", "").strip()
        if not code or any(column == "product_code" for column, _message in problems):
            continue
        builder = products.setdefault(code, _ProductBuilder(code, row.number))
        errors += builder.merge(row.number, values)
        if not any(p.column == "sku" for p in sku_problems):
            errors += _duplicate_sku(row.number, cells.get("sku", "").strip(), seen_skus)
        if sku is not None:
            errors += _duplicate_gtin(sku, seen_gtins)
            builder.skus.append(sku)
    for builder in products.values():
        errors += builder.duplicate_options()
    return tuple(builder.draft() for builder in products.values()), errors


@dataclass
class _ProductBuilder:
    code: str
    row: int
    fields: dict[str, Any] = field(default_factory=dict)
    origin: dict[str, int] = field(default_factory=dict)
    skus: list[SkuDraft] = field(default_factory=list)
    last: dict[str, Any] | None = None

    def merge(self, row: int, values: dict[str, Any]) -> list[RowError]:
        """Take a row's product columns; empty means "same as above", a different value is an error."""
        if values is self.last:  # the same cells as the row before (the common case): nothing new
            return []
        self.last = values
        errors = []
        for name, value in values.items():
            if name not in self.fields or _is_blank(self.fields[name]):
                if name not in self.fields or not _is_blank(value):
                    self.fields[name], self.origin[name] = value, row
            elif not _is_blank(value) and value != self.fields[name]:
                errors.append(RowError(row, name, Bilingual(
                    f"与第 {self.origin[name]} 行同一商品 {self.code} 的值不同。",
                    f"Differs from row {self.origin[name]} of the same product {self.code}.")))
        return errors

    def duplicate_options(self) -> list[RowError]:
        seen: dict[tuple[tuple[str, str], ...], str] = {}
        errors = []
        for sku in self.skus:
            key = tuple(sorted((name.lower(), value) for name, value in sku.options))
            if key and key in seen:
                errors.append(RowError(sku.row, "axis1_value", Bilingual(
                    f"规格与同商品的 SKU {seen[key]} 完全相同。", f"Same options as SKU {seen[key]} of this product.")))
            seen.setdefault(key, sku.code)
        return errors

    def draft(self) -> ProductDraft:
        return ProductDraft(self.code, self.row, dict(self.fields), tuple(self.skus))


def _is_blank(value: Any) -> bool:
    return value is None or value == "" or value == []


def _product_fields(cells: Mapping[str, str], columns: Sequence[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in PRODUCT_COLUMNS:
        if name not in columns:
            continue
        text = cells.get(name, "")
        if name.startswith("selling_points"):
            values[name] = [line.strip() for line in text.splitlines() if line.strip()]
        elif name == "status":
            values[name] = _status_value(text)
        elif name == "currency":
            values[name] = unicodedata.normalize("NFKC", text).strip().upper()
        elif name in PRODUCT_TEXT:
            values[name] = text  # exactly as written: the round trip must not change text
        else:
            values[name] = text.strip()
    return values


def _status_value(text: str) -> str:
    """A status as stored ("draft"…) from its value or a Chinese label; "" when blank or unknown."""
    word = text.strip()
    return _STATUS_WORDS.get(word.lower(), _STATUS_WORDS.get(word, "")) if word else ""


def _product_problems(cells: Mapping[str, str]) -> list[tuple[str, Bilingual]]:
    """What is wrong with a row's product columns, as (column, message)."""
    problems: list[tuple[str, Bilingual]] = []
    code = cells.get("product_code", "").strip()
    if not code:
        problems.append(("product_code", Bilingual("缺少商品编码。", "Product code missing.")))
    else:
        problems += [("product_code", p.message) for p in check_code("product_code", code)]
    status = cells.get("status", "").strip()
    if status and not _status_value(status):
        problems.append(("status", Bilingual(
            f"未知状态“{status}”，可用：draft、ready、listed、archived（或 草稿、就绪、已上架、已归档）。",
            f"Unknown status {status!r}; use draft, ready, listed or archived.")))
    currency = unicodedata.normalize("NFKC", cells.get("currency", "")).strip().upper()
    if currency and not is_known_currency(currency):
        problems.append(("currency", Bilingual(f"不支持的币种：{currency}", f"Unsupported currency: {currency}")))
    return problems


def _sku_cells(row: int, cells: Mapping[str, str], columns: Sequence[str]) -> tuple[SkuDraft | None, list[RowError]]:
    """The row's SKU parsed in one pass, or None (no SKU, or a SKU with problems), and its problems."""
    code = cells.get("sku", "").strip()
    problems = [RowError(row, "sku", p.message) for p in check_code("sku", code)] if code else []
    fields: dict[str, Any] = {}
    gtin = cells.get("gtin", "").strip()
    problems += _gtin_problems(row, gtin)
    if "gtin" in columns:
        fields["gtin"] = gtin
    for column in INT_COLUMNS:
        fields[column], problem = _whole_cell(row, column, cells.get(column, ""))
        problems += problem
    fields["cost"], problem = _cost_cell(row, cells.get("cost", ""))
    problems += problem
    fields = {name: value for name, value in fields.items() if name in columns}
    options, problem = _option_cells(row, cells, bool(code))
    problems += problem
    if not code or problems:
        return None, problems
    return SkuDraft(row, code, options, fields), problems


def _whole_cell(row: int, column: str, text: str) -> tuple[int | None, list[RowError]]:
    text = text.strip()
    if not text:
        return None, []
    try:
        return _parse_whole(text), []
    except ValueError:
        return None, [RowError(row, column, Bilingual(f"应为不小于 0 的整数：{text}",
                                                      f"Expected a whole number, 0 or more: {text}"))]


def _cost_cell(row: int, text: str) -> tuple[Decimal | None, list[RowError]]:
    """A cost through the app's money parser: full-width digits, ¥ and 1,234.50 welcome; NaN, Infinity,
    negatives and garbage refused."""
    text = text.strip()
    if not text:
        return None, []
    try:
        return parse_decimal(text), []
    except InvalidAmount as error:
        return None, [RowError(row, "cost", Bilingual(error.message_zh, error.message_en))]


def _option_cells(row: int, cells: Mapping[str, str], has_sku: bool) -> tuple[tuple[tuple[str, str], ...], list[RowError]]:
    options, problems = [], []
    for index in range(1, MAX_AXES + 1):
        name, value = cells.get(f"axis{index}_name", "").strip(), cells.get(f"axis{index}_value", "").strip()
        if name and value:
            options.append((name, value))
        elif (name or value) and has_sku:
            problems.append(RowError(row, f"axis{index}_{'value' if name else 'name'}", Bilingual(
                "规格名和规格值要同时填写。", "An option needs both a name and a value.")))
    return tuple(options), problems


_GROUPED_WHOLE = re.compile(r"^\d{1,3}(,\d{3})+$")


def _parse_whole(text: str) -> int:
    """A non-negative whole number ('2900', '2,900', '２９００'); ValueError otherwise."""
    normal = unicodedata.normalize("NFKC", text).strip()
    if _GROUPED_WHOLE.match(normal):
        normal = normal.replace(",", "")
    if not (normal.isascii() and normal.isdigit()):
        raise ValueError(text)
    return int(normal)


def _gtin_problems(row: int, gtin: str) -> list[RowError]:
    if not gtin:
        return []
    if re.match(r"^\d(\.\d+)?[eE]\+?\d+$", gtin):
        return [RowError(row, "gtin", Bilingual(
            f"条码被 Excel 改成了科学计数法（{gtin}），数字已丢失。请把该列设为“文本”后重新填写条码。",
            f"Excel turned the barcode into scientific notation ({gtin}); digits are lost. "
            "Format the column as Text and enter the barcodes again."))]
    problems = [RowError(row, "gtin", p.message) for p in check_gtin("gtin", gtin)]
    if problems and gtin.isdigit() and len(gtin) < 13 and not check_gtin("gtin", gtin.zfill(13)):
        hint = gtin.zfill(13)
        return [RowError(row, "gtin", Bilingual(
            f"{problems[0].message.zh} 可能是 Excel 去掉了开头的 0：是不是 {hint}？",
            f"{problems[0].message.en} Excel may have dropped leading zeros: did you mean {hint}?"))]
    return problems


def _duplicate_sku(row: int, code: str, seen: dict[str, int]) -> list[RowError]:
    """A SKU code already on an earlier row (reported even when the row has other errors)."""
    if not code:
        return []
    if code in seen:
        return [RowError(row, "sku", Bilingual(f"SKU {code} 在文件中重复（第 {seen[code]} 行已有）。",
                                               f"Duplicate SKU {code} (already on row {seen[code]})."))]
    seen[code] = row
    return []


def _duplicate_gtin(sku: SkuDraft, seen: dict[str, tuple[str, int]]) -> list[RowError]:
    """A GTIN another SKU of the file already has."""
    gtin = sku.fields.get("gtin") or ""
    if not gtin:
        return []
    if gtin in seen and seen[gtin][0] != sku.code:
        other, row = seen[gtin]
        return [RowError(sku.row, "gtin", Bilingual(f"条码 {gtin} 与第 {row} 行的 SKU {other} 重复。",
                                                    f"GTIN {gtin} is also on row {row} (SKU {other})."))]
    seen.setdefault(gtin, (sku.code, sku.row))
    return []


# --- import: checks against the workspace ---------------------------------------------------------------

@dataclass
class _Resolution:
    """What the file's names mean in this workspace, and what is wrong there."""

    category_ids: dict[str, int | None] = field(default_factory=dict)       # product code -> category id
    products: dict[str, tuple[int, list[dict[str, Any]]]] = field(default_factory=dict)  # code -> (id, axes)
    skus: dict[str, tuple[int, int]] = field(default_factory=dict)          # code -> (id, product id)
    axis_names: dict[tuple[str, str], tuple[str, str, str]] = field(default_factory=dict)  # (product, name) -> key, zh, en
    errors: list[RowError] = field(default_factory=list)

    def counts(self, drafts: Sequence[ProductDraft]) -> tuple[int, int, int, int]:
        updated = sum(1 for d in drafts if d.code in self.products)
        sku_codes = [s.code for d in drafts for s in d.skus]
        old = sum(1 for code in sku_codes if code in self.skus)
        return len(drafts) - updated, updated, len(sku_codes) - old, old


def _resolve(connection: sa.Connection, drafts: Sequence[ProductDraft]) -> _Resolution:
    result = _Resolution()
    _resolve_categories(connection, drafts, result)
    codes = [d.code for d in drafts]
    for chunk in _chunks(codes):
        for pid, code, axes in connection.execute(sa.select(_product_t.c.id, _product_t.c.code, _product_t.c.axes)
                                                  .where(_product_t.c.code.in_(chunk))):
            result.products[code] = (pid, list(axes or []))
    _resolve_skus(connection, drafts, result)
    _resolve_axes(connection, drafts, result)
    return result


def _resolve_categories(connection: sa.Connection, drafts: Sequence[ProductDraft], result: _Resolution) -> None:
    """Category by code, or by Chinese or English name (case-insensitive); an unknown one is an error."""
    lookup: dict[str, int] = {}
    known_codes = []
    for cid, code, name_zh, name_en in connection.execute(
            sa.select(_category_t.c.id, _category_t.c.code, _category_t.c.name_zh, _category_t.c.name_en)):
        known_codes.append(code)
        for name in (name_en, name_zh, code):  # codes win over names
            if name:
                lookup[name.strip().lower()] = cid
    for draft in drafts:
        if "category" not in draft.fields:
            continue
        text = str(draft.fields["category"]).strip()
        if not text:
            result.category_ids[draft.code] = None
        elif text.lower() in lookup:
            result.category_ids[draft.code] = lookup[text.lower()]
        else:
            shown = ", ".join(known_codes[:10])
            result.errors.append(RowError(draft.row, "category", Bilingual(
                f"未知类目“{text}”。请先在软件里建好类目，或使用已有类目：{shown}",
                f"Unknown category {text!r}. Create it in the app first, or use one of: {shown}")))


def _resolve_skus(connection: sa.Connection, drafts: Sequence[ProductDraft], result: _Resolution) -> None:
    """Existing SKUs by code; a SKU of another product, or a GTIN another SKU keeps, is an error."""
    file_skus = {s.code: (d, s) for d in drafts for s in d.skus}
    for chunk in _chunks(list(file_skus)):
        for sid, code, pid in connection.execute(sa.select(_sku_t.c.id, _sku_t.c.code, _sku_t.c.product_id)
                                                 .where(_sku_t.c.code.in_(chunk))):
            result.skus[code] = (sid, pid)
    owners = {pid: code for code, (pid, _axes) in result.products.items()}
    for code, (_sid, pid) in result.skus.items():
        draft, sku = file_skus[code]
        if owners.get(pid) != draft.code:
            result.errors.append(RowError(sku.row, "sku", Bilingual(
                f"SKU {code} 在工作区里属于另一个商品；请在软件里移动 SKU。",
                f"SKU {code} belongs to another product in the workspace; move SKUs in the app.")))
    gtins = {s.fields.get("gtin"): (code, s.row) for code, (_d, s) in file_skus.items() if s.fields.get("gtin")}
    if not gtins:
        return
    # sku.gtin has no index: one pass over all GTINs beats a scan per IN (…) chunk.
    for other, gtin in connection.execute(sa.select(_sku_t.c.code, _sku_t.c.gtin).where(_sku_t.c.gtin != "")):
        if gtin in gtins and other != gtins[gtin][0] and other not in file_skus:
            result.errors.append(RowError(gtins[gtin][1], "gtin", Bilingual(
                f"条码 {gtin} 已被工作区里的 SKU {other} 使用。", f"GTIN {gtin} is already used by SKU {other}.")))


def _resolve_axes(connection: sa.Connection, drafts: Sequence[ProductDraft], result: _Resolution) -> None:
    """Axis names as written -> (key, name_zh, name_en): the product's axes, then its category's template."""
    templates: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for cid, key, name_zh, name_en in connection.execute(
            sa.select(_attribute_t.c.category_id, _attribute_t.c.key, _attribute_t.c.name_zh, _attribute_t.c.name_en)
            .where(_attribute_t.c.is_axis.is_(True))):
        templates[cid].append((key, name_zh, name_en))
    for draft in drafts:
        known = [(str(a.get("key")), str(a.get("name_zh", "")), str(a.get("name_en", "")))
                 for a in result.products.get(draft.code, (0, []))[1]]
        known += templates.get(result.category_ids.get(draft.code) or -1, [])
        for sku in draft.skus:
            for name, _value in sku.options:
                result.axis_names[(draft.code, name)] = _axis_for(name, known)


def _axis_for(name: str, known: Sequence[tuple[str, str, str]]) -> tuple[str, str, str]:
    lowered = name.strip().lower()
    for key, name_zh, name_en in known:
        if lowered in (key.lower(), name_zh.lower(), name_en.lower()):
            return key, name_zh, name_en
    return name.strip(), name.strip(), name.strip()


def _chunks(items: Sequence[Any], size: int = 500) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


# --- import: commit --------------------------------------------------------------------------------------

def commit_import(workspace: Workspace, preview: ImportPreview, *, progress: Progress | None = None,
                  cancel: CancelCheck | None = None) -> ImportResult:
    """Write a checked preview in one transaction: all of it, or nothing (errors, cancel, a crash)."""
    if not preview.ok:
        raise ImportRefused(Bilingual(f"导入文件有 {len(preview.errors)} 处错误，没有写入任何内容。",
                                      f"Errors in the file: {len(preview.errors)}; nothing was written."))
    catalogue_search.ensure_search_index(workspace.engine, refresh_stats=False)
    with catalogue_search.sqlite_write_transaction(workspace.engine) as connection:
        resolution = _resolve(connection, preview.products)
        created, updated, _new, _old = resolution.counts(preview.products)
        if resolution.errors:
            first = resolution.errors[0].text("zh"), resolution.errors[0].text("en")
            raise ImportRefused(Bilingual(f"预览之后工作区有了变化，请重新预览：{first[0]}",
                                          f"The workspace changed since the preview; preview again: {first[1]}"))
        with catalogue_search.suspended_triggers(connection):
            tracker = _Tracker(len(preview.products) + sum(len(d.skus) for d in preview.products), progress, cancel)
            ids = _write_products(connection, preview, resolution, tracker)
            sku_counts = _write_skus(connection, preview, resolution, ids, tracker)
            result = ImportResult(created, updated, *sku_counts, tuple(sorted(ids.values())))
            _record_audit(connection, preview, result)
            catalogue_search.reindex_products(connection, ids.values())
        catalogue_search.refresh_product_stats(connection, ids.values())
    return result


@dataclass
class _Tracker:
    total: int
    progress: Progress | None
    cancel: CancelCheck | None
    done: int = 0

    def advance(self, count: int) -> None:
        """Count finished rows; stop (rolling everything back) when the user cancelled."""
        if self.cancel is not None and self.cancel():
            raise OperationCancelled()
        self.done += count
        if self.progress is not None:
            self.progress(self.done, self.total)


def _write_products(connection: sa.Connection, preview: ImportPreview, resolution: _Resolution,
                    tracker: _Tracker) -> dict[str, int]:
    """Insert new products, update existing ones; returns {code: id} for every product in the file."""
    now = utc_now()
    new = [d for d in preview.products if d.code not in resolution.products]
    old = [d for d in preview.products if d.code in resolution.products]
    for chunk in _chunks(new, CHUNK):
        connection.execute(_product_t.insert(), [_new_product_row(d, resolution, now) for d in chunk])
        tracker.advance(len(chunk))
    ids = {code: pid for code, (pid, _axes) in resolution.products.items()}
    for chunk in _chunks([d.code for d in new]):
        ids.update({code: pid for pid, code in connection.execute(
            sa.select(_product_t.c.id, _product_t.c.code).where(_product_t.c.code.in_(chunk)))})
    if old:
        statement = _product_update(preview.columns)
        for chunk in _chunks(old, CHUNK):
            connection.execute(statement, [_product_update_row(d, resolution, now) for d in chunk])
            tracker.advance(len(chunk))
    return ids


def _product_values(draft: ProductDraft, resolution: _Resolution) -> dict[str, Any]:
    """The product columns the file sets, as stored values."""
    values = {name: draft.fields[name] for name in (*PRODUCT_TEXT, "selling_points_zh", "selling_points_en")
              if name in draft.fields}
    if "category" in draft.fields:
        values["category_id"] = resolution.category_ids.get(draft.code)
    for name in ("status", "currency"):
        values[name] = draft.fields.get(name) or None  # None = keep (coalesce in SQL)
    return values


def _merged_axes(draft: ProductDraft, existing: list[dict[str, Any]], resolution: _Resolution) -> list[dict[str, Any]]:
    """The product's axes with the file's axes and values appended (existing ones keep their order)."""
    axes = [dict(axis, values=list(axis.get("values", []))) for axis in existing]
    by_key = {axis.get("key"): axis for axis in axes}
    for sku in draft.skus:
        for name, value in sku.options:
            key, name_zh, name_en = resolution.axis_names[(draft.code, name)]
            axis = by_key.get(key)
            if axis is None:
                axis = by_key[key] = {"key": key, "name_zh": name_zh, "name_en": name_en, "values": []}
                axes.append(axis)
            if value not in axis["values"]:
                axis["values"].append(value)
    return axes


def _new_product_row(draft: ProductDraft, resolution: _Resolution, now: Any) -> dict[str, Any]:
    values = _product_values(draft, resolution)
    row: dict[str, Any] = {name: "" for name in PRODUCT_TEXT}
    row.update(code=draft.code, category_id=None, selling_points_zh=[], selling_points_en=[], attributes={},
               sku_pattern="{product}-{colour}-{size}", reference_price=None, reference_label="",
               version=1, created_at=now, updated_at=now)
    row.update(values)
    row["status"] = values.get("status") or ProductStatus.DRAFT.value
    row["currency"] = values.get("currency") or "CNY"
    row["axes"] = _merged_axes(draft, [], resolution)
    return row


def _product_update(columns: Sequence[str]) -> sa.Update:
    names = [name for name in (*PRODUCT_TEXT, "selling_points_zh", "selling_points_en") if name in columns]
    values: dict[str, Any] = {name: sa.bindparam(f"b_{name}", type_=_product_t.c[name].type) for name in names}
    if "category" in columns:
        values["category_id"] = sa.bindparam("b_category_id")
    for name in ("status", "currency"):
        values[name] = sa.func.coalesce(sa.bindparam(f"b_{name}", type_=sa.String), _product_t.c[name])
    values["axes"] = sa.bindparam("b_axes", type_=_product_t.c.axes.type)
    values.update(version=_product_t.c.version + 1, updated_at=sa.bindparam("b_now", type_=_product_t.c.updated_at.type))
    return _product_t.update().where(_product_t.c.id == sa.bindparam("b_id")).values(**values)


def _product_update_row(draft: ProductDraft, resolution: _Resolution, now: Any) -> dict[str, Any]:
    pid, axes = resolution.products[draft.code]
    row = {f"b_{name}": value for name, value in _product_values(draft, resolution).items()}
    row.update(b_id=pid, b_now=now, b_axes=_merged_axes(draft, axes, resolution))
    return row


def _write_skus(connection: sa.Connection, preview: ImportPreview, resolution: _Resolution, ids: dict[str, int],
                tracker: _Tracker) -> tuple[int, int]:
    """Insert new SKUs after the product's existing ones; update existing SKUs. Returns (created, updated)."""
    positions = _next_positions(connection, list(ids.values()))
    new_rows, old_rows = [], []
    with_options = any(name in preview.columns for name in AXIS_COLUMNS)
    for draft in preview.products:
        pid = ids[draft.code]
        for sku in draft.skus:
            options = {resolution.axis_names[(draft.code, name)][0]: value for name, value in sku.options}
            if sku.code in resolution.skus:
                old_rows.append(_sku_update_row(sku, options if with_options else None, resolution.skus[sku.code][0]))
            else:
                new_rows.append(_new_sku_row(sku, options, pid, positions[pid]))
                positions[pid] += 1
    for chunk in _chunks(new_rows, CHUNK):
        connection.execute(_sku_t.insert(), chunk)
        tracker.advance(len(chunk))
    if old_rows:
        statement = _sku_update(preview.columns)
        for chunk in _chunks(old_rows, CHUNK):
            connection.execute(statement, chunk)
            tracker.advance(len(chunk))
    return len(new_rows), len(old_rows)


def _next_positions(connection: sa.Connection, product_ids: list[int]) -> dict[int, int]:
    positions = dict.fromkeys(product_ids, 0)
    for chunk in _chunks(product_ids):
        for pid, top in connection.execute(sa.select(_sku_t.c.product_id, sa.func.max(_sku_t.c.position))
                                           .where(_sku_t.c.product_id.in_(chunk)).group_by(_sku_t.c.product_id)):
            positions[pid] = (top or 0) + 1
    return positions


def _new_sku_row(sku: SkuDraft, options: dict[str, str], product_id: int, position: int) -> dict[str, Any]:
    row: dict[str, Any] = {"product_id": product_id, "code": sku.code, "options": options, "gtin": "",
                           "cost": None, "position": position, "version": 1, **dict.fromkeys(INT_COLUMNS)}
    row.update({name: value for name, value in sku.fields.items() if name in SKU_COLUMNS})
    return row


def _sku_update(columns: Sequence[str]) -> sa.Update:
    values: dict[str, Any] = {name: sa.bindparam(f"b_{name}", type_=_sku_t.c[name].type)
                              for name in SKU_COLUMNS if name in columns}
    if any(name in columns for name in AXIS_COLUMNS):
        values["options"] = sa.bindparam("b_options", type_=_sku_t.c.options.type)
    values["version"] = _sku_t.c.version + 1
    return _sku_t.update().where(_sku_t.c.id == sa.bindparam("b_id")).values(**values)


def _sku_update_row(sku: SkuDraft, options: dict[str, str] | None, sku_id: int) -> dict[str, Any]:
    row = {f"b_{name}": value for name, value in sku.fields.items() if name in SKU_COLUMNS}
    row["b_id"] = sku_id
    if options is not None:
        row["b_options"] = options
    return row


def _record_audit(connection: sa.Connection, preview: ImportPreview, result: ImportResult) -> None:
    """One audit entry for the whole import, in the same transaction."""
    connection.execute(_audit_t.insert().values(
        at=utc_now(), user=audit.current_user(), entity="catalogue", entity_id=preview.source.name[:80],
        action="import", details={
            "file": preview.source.name, "encoding": preview.encoding, "rows": len(preview.rows),
            "products_created": result.products_created, "products_updated": result.products_updated,
            "skus_created": result.skus_created, "skus_updated": result.skus_updated,
        }))
