"""Checking a catalogue file's rows, a chunk at a time, against each other and against the rows checked before
(no Qt): what one row says on its own (cells within their limits, codes, GTINs, numbers, money), what
rows say together ("same as above" product columns that differ, duplicate SKU codes, GTINs, options).
The checked rows go to the import's scratch database (`catalogue_staging.Stage`), which answers the
questions that need the whole file; `catalogue_import` drives it and checks the workspace.

Cells are held to `app.models.field_limits` (a name 200 characters, a description 20,000, an option
value 500…; any other cell `OTHER_CELL_LIMIT`), numbers to theirs; a one-line cell (codes, names, options,
numbers) holding a line break is an error — in a CSV nearly always a quote left open. A cell over its
limit is emptied once reported, so no later message echoes a million characters. Control,
bidirectional and zero-width characters are removed from texts; a code holding one is refused.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from app.models import ProductStatus, field_limits
from app.models.bilingual import Bilingual
from app.models.validation import check_code, check_gtin
from app.services.catalogue.io.export import (
    AXIS_COLUMNS,
    COLUMNS,
    INT_COLUMNS,
    MAX_AXES,
    PRODUCT_COLUMNS,
    PRODUCT_TEXT,
)
from app.services.catalogue.io.reading import PreviewRow, RowError
from app.services.catalogue.io.staging import SkuDraft, Stage
from app.services.kernel.money import is_known_currency
from app.services.pricing.messages import InvalidAmount
from app.services.pricing.money import parse_decimal

#: Distinct product column sets whose checks are remembered (a product's columns repeat on its SKU rows).
MEMO_SIZE = 4000
#: Any cell without a limit of its own (category, status, GTIN, numbers, cost): no real one is longer.
OTHER_CELL_LIMIT = 200
#: Cells that are one line: a line break there is a mistake, in a CSV nearly always a quote left open.
ONE_LINE_COLUMNS = frozenset({"product_code", "name_zh", "name_en", "brand", "category", "status", "currency", "sku",
                              *AXIS_COLUMNS, "gtin", *INT_COLUMNS, "cost"})
_PRODUCT_SIDE = ("product_code", *PRODUCT_COLUMNS)
_LINE_BREAK = re.compile(r"[\r\n\u2028\u2029\x85]")
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_GROUPED_WHOLE = re.compile(r"^\d{1,3}(,\d{3})+$")
_STATUS_WORDS = {
    **{status.value: status.value for status in ProductStatus},
    "草稿": "draft", "就绪": "ready", "待上架": "ready", "已上架": "listed", "上架": "listed",
    "已归档": "archived", "归档": "archived",
}


class ErrorList:
    """Errors as found: all counted, the earliest `keep` (by row) kept — a file with an error on every
    one of its million rows must not hold a million messages."""

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self.kept: list[RowError] = []
        self.count = 0

    def add(self, errors: Iterable[RowError]) -> None:
        for error in errors:
            self.count += 1
            self.kept.append(error)
        if len(self.kept) > 2 * self.keep:
            self.kept = self.first()

    def first(self) -> list[RowError]:
        """The kept errors, the earliest rows' first."""
        return sorted(self.kept, key=lambda e: (e.row, e.column))[:self.keep]


@dataclass
class _Parsed:
    """One row's product and SKU parts, parsed, with the errors the row shows on its own."""

    row: int
    code: str | None           # the product code, or None when the row can't belong to a product
    values: dict[str, Any]     # the product's columns as stored values
    sku_code: str | None       # the SKU code when it may be checked for duplicates
    sku: SkuDraft | None       # a valid SKU
    errors: list[RowError]
    combo: str = ""            # the valid SKU's options with the product code ("" without options)


class RowChecker:
    """Checks rows a chunk at a time against each other and against the rows staged before."""

    def __init__(self, columns: tuple[str, ...], stage: Stage, errors: ErrorList) -> None:
        self.columns = columns
        self.stage = stage
        self.errors = errors
        self.products = 0
        self.skus = 0
        self._product_positions = [i for i, name in enumerate(columns) if name in _PRODUCT_SIDE]
        # A product's columns repeat on each of its SKU rows: check and parse each distinct set once.
        self._parts: dict[tuple[str, ...], tuple[list[tuple[str, Bilingual]], dict[str, Any], bool]] = {}

    def check(self, rows: Sequence[PreviewRow]) -> None:
        """Check `rows` (the next ones of the file, in order) and stage them; errors go to the list."""
        parsed = [self._parse(row) for row in rows]
        builders = self._builders({p.code for p in parsed if p.code is not None})
        first_rows = self.stage.first_rows({p.sku_code for p in parsed if p.sku_code})
        wanted = {str(p.sku.fields.get("gtin")) for p in parsed if p.sku and p.sku.fields.get("gtin")}
        gtins = self.stage.gtin_owners(wanted)
        combos = self.stage.combo_owners({p.combo for p in parsed if p.combo})
        new_seen: list[tuple[str, int]] = []
        new_skus: list[tuple[str, SkuDraft, str]] = []
        for item in parsed:
            self.errors.add(item.errors)
            if item.code is None:
                continue
            builder = builders[item.code]
            self.errors.add(builder.merge(item.row, item.values))
            if item.sku_code:
                self.errors.add(_duplicate_sku(item.row, item.sku_code, first_rows, new_seen))
            if item.sku is not None:
                self.errors.add(_duplicate_gtin(item.sku, gtins))
                self.errors.add(_duplicate_options(item.combo, item.sku, combos))
                new_skus.append((item.code, item.sku, item.combo))
        self._stage(builders, new_seen, new_skus)

    def _stage(self, builders: dict[str, _ProductBuilder], seen: list[tuple[str, int]],
               skus: list[tuple[str, SkuDraft, str]]) -> None:
        changed = [b for b in builders.values() if b.changed]
        self.products += sum(1 for b in changed if b.new)
        self.skus += len(skus)
        self.stage.save_products((b.code, b.row, b.fields, b.origin) for b in changed)
        self.stage.add_seen(seen)
        self.stage.add_skus(skus)

    def _builders(self, codes: set[str]) -> dict[str, _ProductBuilder]:
        """The products of this chunk as merged so far (new ones start empty)."""
        staged = self.stage.products(codes)
        builders = {}
        for code in codes:
            if code in staged:
                row, fields, origin = staged[code]
                builders[code] = _ProductBuilder(code, row, fields, origin, new=False)
            else:
                builders[code] = _ProductBuilder(code, 0, new=True)
        return builders

    def _parse(self, row: PreviewRow) -> _Parsed:
        cells = dict(zip(self.columns, row.values, strict=False))
        key = tuple(row.values[i] for i in self._product_positions)
        part = self._parts.get(key)
        if part is None:
            if len(self._parts) >= MEMO_SIZE:
                self._parts.clear()
            part = self._parts[key] = _product_part(cells, self.columns)
        problems, values, code_ok = part
        errors = [RowError(row.number, column, message) for column, message in problems]
        sku_code, sku, sku_errors = _sku_part(row.number, cells, self.columns)
        code = cells.get("product_code", "").strip() if code_ok else None
        combo = _combo(code, sku) if code and sku is not None and sku.options else ""
        return _Parsed(row.number, code, values, sku_code, sku, errors + sku_errors, combo)


def _combo(product: str, sku: SkuDraft) -> str:
    """A product's SKU's options as one comparable text: axis names case-insensitive, values exact, in any
    order, the product code first (so one indexed column answers "these options in this product?")."""
    options = sorted((name.lower(), value) for name, value in sku.options)
    return _JSON.encode([product, options])


@dataclass
class _ProductBuilder:
    code: str
    row: int
    fields: dict[str, Any] = field(default_factory=dict)
    origin: dict[str, int] = field(default_factory=dict)
    new: bool = True
    changed: bool = False
    last: dict[str, Any] | None = None

    def merge(self, row: int, values: dict[str, Any]) -> list[RowError]:
        """Take a row's product columns; empty means "same as above", a different value is an error."""
        if values is self.last:  # the same cells as the row before (the common case): nothing new
            return []
        self.last = values
        if not self.row:
            self.row, self.changed = row, True
        errors = []
        for name, value in values.items():
            if name not in self.fields or _is_blank(self.fields[name]):
                if name not in self.fields or not _is_blank(value):
                    self.fields[name], self.origin[name], self.changed = value, row, True
            elif not _is_blank(value) and value != self.fields[name]:
                errors.append(RowError(row, name, Bilingual(
                    f"与第 {self.origin[name]} 行同一商品 {self.code} 的值不同。",
                    f"Differs from row {self.origin[name]} of the same product {self.code}.")))
        return errors


def _is_blank(value: Any) -> bool:
    return value is None or value == "" or value == []


def _duplicate_sku(row: int, code: str, first_rows: dict[str, int], new_seen: list[tuple[str, int]]) -> list[RowError]:
    """A SKU code already on an earlier row (reported even when the row has other errors)."""
    if code in first_rows:
        return [RowError(row, "sku", Bilingual(f"SKU {code} 在文件中重复（第 {first_rows[code]} 行已有）。",
                                               f"Duplicate SKU {code} (already on row {first_rows[code]})."))]
    first_rows[code] = row
    new_seen.append((code, row))
    return []


def _duplicate_gtin(sku: SkuDraft, owners: dict[str, tuple[str, int]]) -> list[RowError]:
    """A GTIN another SKU of the file already has."""
    gtin = str(sku.fields.get("gtin") or "")
    if not gtin:
        return []
    if gtin in owners and owners[gtin][0] != sku.code:
        other, row = owners[gtin]
        return [RowError(sku.row, "gtin", Bilingual(f"条码 {gtin} 与第 {row} 行的 SKU {other} 重复。",
                                                    f"GTIN {gtin} is also on row {row} (SKU {other})."))]
    owners.setdefault(gtin, (sku.code, sku.row))
    return []


def _duplicate_options(key: str, sku: SkuDraft, owners: dict[str, str]) -> list[RowError]:
    """The same options as an earlier SKU of the same product (`key`: `_combo`)."""
    if not key:
        return []
    if key in owners:
        return [RowError(sku.row, "axis1_value", Bilingual(
            f"规格与同商品的 SKU {owners[key]} 完全相同。", f"Same options as SKU {owners[key]} of this product."))]
    owners[key] = sku.code
    return []


# --- one row's cells ----------------------------------------------------------------------------------------

def _limit_field(column: str) -> str:
    """The field of `field_limits` a column's cells are held to."""
    if column.startswith("axis"):
        return "option_name" if column.endswith("_name") else "option_value"
    return column


def _cell_limit(column: str) -> tuple[int, Bilingual]:
    """(the most characters a cell of `column` may hold, what to call it in the refusal)."""
    if column.startswith("selling_points"):  # checked point by point once split
        return (field_limits.MAX_SELLING_POINTS * (field_limits.TEXT_LIMITS["selling_point"] + 2),
                field_limits.label(column))
    limit = field_limits.text_limit(_limit_field(column))
    if limit is None:
        return OTHER_CELL_LIMIT, Bilingual("这一格", "This cell")
    return limit, field_limits.label(_limit_field(column))


#: column -> (limit, its name in the refusal, whether it is one line); worked out once, used on every cell.
_CELL_RULES = {column: (*_cell_limit(column), column in ONE_LINE_COLUMNS) for column in COLUMNS}
_ONE_LINE_ONLY = Bilingual(
    "这一格只能有一行，里面却有换行。如果是 CSV 文件，多半是前面有个引号（\"）没有配对；否则请删掉换行。",
    "This cell is one line but holds a line break. In a CSV file that is nearly always a quote (\") left "
    "open before it; otherwise remove the line break.")


def _checked_cells(cells: dict[str, str], columns: Iterable[str]) -> tuple[list[tuple[str, Bilingual]], set[str]]:
    """Cells too long for their column (naming the limit), or one-line cells holding a line break, as
    (column, message), and the columns that had one; those cells are emptied in `cells` so nothing later
    echoes or stores them."""
    problems = []
    for column in columns:
        text = cells.get(column)
        if not text:
            continue
        limit, what, one_line = _CELL_RULES[column]
        if len(text) > limit:
            problems.append((column, field_limits.length_message(what, limit, len(text))))
        elif one_line and _LINE_BREAK.search(text):
            problems.append((column, _ONE_LINE_ONLY))
        else:
            continue
        cells[column] = ""
    return problems, {column for column, _message in problems}


def _product_part(cells: Mapping[str, str], columns: Sequence[str]) -> tuple[list[tuple[str, Bilingual]],
                                                                             dict[str, Any], bool]:
    """(problems, stored values, whether the code is usable) of a row's product columns."""
    cells = dict(cells)
    problems, bad = _checked_cells(cells, [c for c in columns if c in _PRODUCT_SIDE])
    values = _product_fields(cells, columns)
    problems += _points_problems(values)
    code_problems = _code_problems(cells, bad)
    problems += code_problems + _status_currency_problems(cells)
    return problems, values, not code_problems and "product_code" not in bad


def _code_problems(cells: Mapping[str, str], bad: set[str]) -> list[tuple[str, Bilingual]]:
    if "product_code" in bad:
        return []
    code = cells.get("product_code", "").strip()
    if not code:
        return [("product_code", Bilingual("缺少商品编码。", "Product code missing."))]
    return [("product_code", p.message) for p in check_code("product_code", code)]


def _points_problems(values: Mapping[str, Any]) -> list[tuple[str, Bilingual]]:
    problems = []
    for name in ("selling_points_zh", "selling_points_en"):
        points = values.get(name) or []
        message = field_limits.too_many_points(len(points)) or field_limits.too_long(
            "selling_point", max(points, key=len, default=""))
        if message is not None:
            problems.append((name, message))
    return problems


def _status_currency_problems(cells: Mapping[str, str]) -> list[tuple[str, Bilingual]]:
    problems: list[tuple[str, Bilingual]] = []
    status = cells.get("status", "").strip()
    if status and not _status_value(status):
        problems.append(("status", Bilingual(
            f"未知状态“{status}”，可用：draft、ready、listed、archived（或 草稿、就绪、已上架、已归档）。",
            f"Unknown status {status!r}; use draft, ready, listed or archived.")))
    currency = unicodedata.normalize("NFKC", cells.get("currency", "")).strip().upper()
    if currency and not is_known_currency(currency):
        problems.append(("currency", Bilingual(f"不支持的币种：{currency}", f"Unsupported currency: {currency}")))
    return problems


def _product_fields(cells: Mapping[str, str], columns: Sequence[str]) -> dict[str, Any]:
    """The product columns the file has, as stored values (texts as written, less invisible characters)."""
    values: dict[str, Any] = {}
    for name in PRODUCT_COLUMNS:
        if name not in columns:
            continue
        text = field_limits.strip_invisible(cells.get(name, ""))
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


def _sku_part(row: int, cells: Mapping[str, str], columns: Sequence[str]) -> tuple[str | None, SkuDraft | None,
                                                                                   list[RowError]]:
    """(the SKU code to check for duplicates, the valid SKU, the row's SKU errors)."""
    cells = dict(cells)
    problems, bad = _checked_cells(cells, [c for c in columns if c not in _PRODUCT_SIDE])
    errors = [RowError(row, column, message) for column, message in problems]
    code = cells.get("sku", "").strip()
    code_errors = [RowError(row, "sku", p.message) for p in check_code("sku", code)] if code else []
    sku, sku_errors = _sku_cells(row, code, cells, columns)
    errors += code_errors + sku_errors
    checkable = code if code and not code_errors and "sku" not in bad else None
    return checkable, (sku if not errors and code and "sku" not in bad else None), errors


def _sku_cells(row: int, code: str, cells: Mapping[str, str], columns: Sequence[str]) -> tuple[SkuDraft,
                                                                                               list[RowError]]:
    """The row's SKU columns parsed in one pass, and their problems."""
    fields: dict[str, Any] = {}
    gtin = cells.get("gtin", "").strip()
    problems = _gtin_problems(row, gtin)
    if "gtin" in columns:
        fields["gtin"] = gtin
    for column in INT_COLUMNS:
        fields[column], problem = _whole_cell(row, column, cells.get(column, ""))
        problems += problem
    fields["cost"], problem = _cost_cell(row, cells.get("cost", ""))
    problems += problem
    fields = {name: value for name, value in fields.items() if name in columns}
    options, problem = _option_cells(row, cells, bool(code))
    return SkuDraft(row, code, options, fields), problems + problem


def _whole_cell(row: int, column: str, text: str) -> tuple[int | None, list[RowError]]:
    text = text.strip()
    if not text:
        return None, []
    try:
        number = _parse_whole(text)
    except ValueError:
        return None, [RowError(row, column, Bilingual(f"应为不小于 0 的整数：{text}",
                                                      f"Expected a whole number, 0 or more: {text}"))]
    too_big = field_limits.too_big(column, number)
    return (None, [RowError(row, column, too_big)]) if too_big else (number, [])


def _parse_whole(text: str) -> int:
    """A non-negative whole number ('2900', '2,900', '２９００'); ValueError otherwise."""
    normal = unicodedata.normalize("NFKC", text).strip()
    if _GROUPED_WHOLE.match(normal):
        normal = normal.replace(",", "")
    if not (normal.isascii() and normal.isdigit()):
        raise ValueError(text)
    return int(normal)


def _cost_cell(row: int, text: str) -> tuple[Decimal | None, list[RowError]]:
    """A cost through the app's money parser: full-width digits, ¥ and 1,234.50 welcome; NaN, Infinity,
    negatives and garbage refused."""
    text = text.strip()
    if not text:
        return None, []
    try:
        return parse_decimal(text), []
    except InvalidAmount as error:
        return None, [RowError(row, "cost", Bilingual(error.message.zh, error.message.en))]


def _option_cells(row: int, cells: Mapping[str, str], has_sku: bool) -> tuple[tuple[tuple[str, str], ...],
                                                                              list[RowError]]:
    options, problems = [], []
    for index in range(1, MAX_AXES + 1):
        name = field_limits.strip_invisible(cells.get(f"axis{index}_name", "")).strip()
        value = field_limits.strip_invisible(cells.get(f"axis{index}_value", "")).strip()
        if name and value:
            options.append((name, value))
        elif (name or value) and has_sku:
            problems.append(RowError(row, f"axis{index}_{'value' if name else 'name'}", Bilingual(
                "规格名和规格值要同时填写。", "An option needs both a name and a value.")))
    return tuple(options), problems


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


