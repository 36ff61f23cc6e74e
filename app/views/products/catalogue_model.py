"""Item models of the Products page: the catalogue (lazy, sorted and filtered in SQL), the SKUs of one
product, and an import preview (the file's rows and their errors).

The catalogue can hold 100,000 SKUs, so its model never holds the whole table: it fetches pages of
`PAGE_SIZE` rows as the view scrolls (`canFetchMore`/`fetchMore`). A short first page is the whole answer;
after a full one, `count_products` runs only when someone asks for `total` (the page does, right after
the rows are painted: for a one-character search the count is a second pass over every match). Sorting
re-queries with a sort key and filtering re-queries with the filters (a `QSortFilterProxyModel` over 100k
Python rows takes seconds to sort: see architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import IntEnum
from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from app.services.catalogue.io.importing import ImportPreview, RowError
from app.services.catalogue.search import (
    ProductRow,
    SkuRow,
    count_products,
    query_products,
    query_skus,
)
from app.views.kit.i18n import is_chinese
from app.views.kit.table_model import ListTableModel

PAGE_SIZE = 200
#: data(index, PRODUCT_ID_ROLE) -> the product's id (int) on every column.
PRODUCT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: data(index, COMPLETENESS_ROLE) -> the completeness score (int 0–100, or None before it is computed).
COMPLETENESS_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex
translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls
_CENT = Decimal("0.01")
_DISPLAY = Qt.ItemDataRole.DisplayRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def status_labels() -> dict[str, str]:
    """Product statuses as the user reads them."""
    return {"draft": translate("CatalogueModel", "Draft"), "ready": translate("CatalogueModel", "Ready"),
            "listed": translate("CatalogueModel", "Listed"), "archived": translate("CatalogueModel", "Archived")}


def completeness_colour(score: int | None) -> QColor:
    """Green when complete, teal when nearly, amber half way, red below."""
    if score is None:
        return QColor("#94A3B8")
    if score >= 100:
        return QColor("#15803D")
    if score >= 80:
        return QColor("#0F766E")
    if score >= 50:
        return QColor("#B45309")
    return QColor("#B91C1C")


def local_time(moment: datetime | None, with_time: bool = True) -> str:
    """A stored UTC time in the user's time zone, to the minute (or just the day)."""
    if moment is None:
        return ""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")


def money_text(amount: Decimal) -> str:
    """An exact amount with at least two decimals (151.3 → 151.30; 0.125 stays 0.125), never rounded."""
    exponent = amount.as_tuple().exponent
    return str(amount.quantize(_CENT) if isinstance(exponent, int) and exponent > -2 else amount)


# --- the catalogue ---------------------------------------------------------------------------------

class Column(IntEnum):
    CODE = 0
    NAME_ZH = 1
    NAME_EN = 2
    CATEGORY = 3
    STATUS = 4
    SKUS = 5
    COMPLETENESS = 6
    UPDATED = 7


def headers() -> dict[Column, str]:
    return {
        Column.CODE: translate("CatalogueModel", "Code"),
        Column.NAME_ZH: translate("CatalogueModel", "Name (Chinese)"),
        Column.NAME_EN: translate("CatalogueModel", "Name (English)"),
        Column.CATEGORY: translate("CatalogueModel", "Category"),
        Column.STATUS: translate("CatalogueModel", "Status"),
        Column.SKUS: translate("CatalogueModel", "SKUs"),
        Column.COMPLETENESS: translate("CatalogueModel", "Completeness"),
        Column.UPDATED: translate("CatalogueModel", "Updated"),
    }


_COLUMNS = len(Column)

#: The `query_products` sort key behind each column.
SORT_KEYS: dict[Column, str] = {
    Column.CODE: "code", Column.NAME_ZH: "name_zh", Column.NAME_EN: "name_en", Column.CATEGORY: "category",
    Column.STATUS: "status", Column.SKUS: "sku_count", Column.COMPLETENESS: "completeness",
    Column.UPDATED: "updated_at",
}

#: What a row is sorted by, per column: a row whose value is unchanged keeps its place (ties go by code).
_SORT_VALUE: dict[Column, Callable[[ProductRow], object]] = {
    Column.CODE: lambda row: row.code, Column.NAME_ZH: lambda row: row.name_zh,
    Column.NAME_EN: lambda row: row.name_en,
    Column.CATEGORY: lambda row: (row.category_id, row.category_code, row.category_name_zh, row.category_name_en),
    Column.STATUS: lambda row: row.status, Column.SKUS: lambda row: row.sku_count,
    Column.COMPLETENESS: lambda row: row.completeness, Column.UPDATED: lambda row: row.updated_at,
}


@dataclass(frozen=True)
class CatalogueFilter:
    """What the search box and the filter combos ask for."""

    text: str = ""
    category_id: int | None = None       # catalogue_search.UNCATEGORISED for "no category"
    status: str | None = None
    min_completeness: int | None = None

    @property
    def is_empty(self) -> bool:
        return self == CatalogueFilter()

    def arguments(self) -> dict[str, Any]:
        return {"text": self.text, "category_id": self.category_id, "status": self.status,
                "min_completeness": self.min_completeness}


class CatalogueModel(QAbstractTableModel):
    """Products matching a filter, in SQL order, fetched a page at a time."""

    def __init__(self, engine: sa.Engine, parent: Any = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._rows: list[ProductRow] = []
        self._total: int | None = 0   # None: not counted yet (the first page was full)
        self._more = False            # the last page fetched was full: there may be more rows
        self._filter = CatalogueFilter()
        self._sort = (Column.CODE, Qt.SortOrder.AscendingOrder)
        self._loaded = False
        self._status_labels = status_labels()
        self._chinese = is_chinese()

    # ----- what to show ---------------------------------------------------------------------------
    @property
    def filter(self) -> CatalogueFilter:
        return self._filter

    @property
    def total(self) -> int:
        """How many products match the filter (rows not fetched yet included); counts on first use."""
        if self._total is None:
            self._total = max(count_products(self._engine, **self._filter.arguments()), len(self._rows))
        return self._total

    @property
    def total_known(self) -> bool:
        """False until `total` was asked for, when the first page was full (the count is a second pass over
        every match: the view shows the rows first and counts right after)."""
        return self._total is not None

    @property
    def sort_column(self) -> Column:
        return self._sort[0]

    @property
    def sort_order(self) -> Qt.SortOrder:
        return self._sort[1]

    def set_filter(self, text: str = "", category_id: int | None = None, status: str | None = None,
                   min_completeness: int | None = None) -> None:
        """Re-query with new search text and filters (the first page; the count when asked)."""
        self._filter = CatalogueFilter(text.strip(), category_id, status, min_completeness)
        self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Header click: re-query in the new order (the database sorts, never a proxy)."""
        wanted = (Column(column), order)
        if wanted == self._sort and self._loaded:
            return
        self._sort = wanted
        if self._loaded:  # before the first load (setSortingEnabled calls sort) only remember the order
            self.reload()

    def reload(self) -> None:
        """Query again from the first page (after a filter, sort or data change)."""
        rows = self._page(0)  # first: a query that fails (a team server away) leaves the model as it was
        self.beginResetModel()
        self._status_labels = status_labels()
        self._chinese = is_chinese()
        self._rows = rows
        self._more = len(self._rows) == PAGE_SIZE
        self._total = None if self._more else len(self._rows)  # a short first page is the whole answer
        self._loaded = True
        self.endResetModel()

    def refresh_rows(self, ids: set[int]) -> bool:
        """Re-read just these products where they are (a colleague changed them), keeping every other row, the
        rows fetched so far and so the user's place in the list. False, with nothing changed, when that can't
        be done in place: a product not loaded (new, or further down), one gone or no longer matching the
        filter, or one whose sort value changed (its place moves): the caller then reloads."""
        where = {row.id: index for index, row in enumerate(self._rows)}
        if not ids or not ids <= where.keys():
            return False
        column, order = self._sort
        fresh = {row.id: row for row in query_products(
            self._engine, **self._filter.arguments(), sort_key=SORT_KEYS[column],
            descending=order == Qt.SortOrder.DescendingOrder, limit=len(ids), ids=ids)}
        if fresh.keys() != ids:
            return False
        key = _SORT_VALUE[column]
        if any(key(fresh[i]) != key(self._rows[where[i]]) or fresh[i].code != self._rows[where[i]].code
               for i in ids):
            return False
        last = self.columnCount() - 1
        for product_id, row in fresh.items():
            self._rows[where[product_id]] = row
            self.dataChanged.emit(self.index(where[product_id], 0), self.index(where[product_id], last))
        return True

    def _page(self, offset: int) -> list[ProductRow]:
        column, order = self._sort
        return query_products(self._engine, **self._filter.arguments(), sort_key=SORT_KEYS[column],
                              descending=order == Qt.SortOrder.DescendingOrder, offset=offset, limit=PAGE_SIZE)

    # ----- lazy loading -------------------------------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        if parent.isValid():
            return False
        return self._more if self._total is None else len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if not self.canFetchMore(parent):
            return
        more = self._page(len(self._rows))
        self._more = len(more) == PAGE_SIZE
        if not more:
            self._total = len(self._rows)  # fewer than counted: the data changed meanwhile
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()
        if not self._more:
            self._total = len(self._rows)

    # ----- rows ----------------------------------------------------------------------------------------
    def product(self, row: int) -> ProductRow:
        return self._rows[row]

    def product_id(self, row: int) -> int:
        return self._rows[row].id

    def row_of(self, product_id: int) -> int | None:
        """The row of a loaded product, or None (not loaded yet, or filtered out)."""
        for row, product in enumerate(self._rows):
            if product.id == product_id:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else _COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == _DISPLAY:
            return headers()[Column(section)]
        if role == Qt.ItemDataRole.TextAlignmentRole and section == Column.SKUS:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and section == Column.COMPLETENESS:
            return translate("CatalogueModel", "How ready a product is to list: required attributes, images, "
                             "Chinese and English text, GTINs, costs and weights. The product editor explains "
                             "what is missing, per platform.")
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        product = self._rows[index.row()]
        column = index.column()
        if role == _DISPLAY:
            return self._display(product, column)
        if role == PRODUCT_ID_ROLE:
            return product.id
        if role == COMPLETENESS_ROLE:
            return product.completeness
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column == Column.SKUS else _LEFT
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == Column.COMPLETENESS:
                return QBrush(completeness_colour(product.completeness))
            if column == Column.STATUS and product.status == "archived":
                return QBrush(QColor("#94A3B8"))
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in (Column.NAME_ZH, Column.NAME_EN):
                return self._display(product, column) or None
            if column == Column.UPDATED:
                return local_time(product.updated_at)
            if column == Column.COMPLETENESS:
                return (translate("CatalogueModel", "Not scored yet") if product.completeness is None
                        else translate("CatalogueModel", "%1 % complete; open the product to see what is missing.")
                        .replace("%1", str(product.completeness)))
        return None

    def _display(self, product: ProductRow, column: int) -> str:
        if column == Column.CODE:
            return product.code
        if column == Column.NAME_ZH:
            return product.name_zh
        if column == Column.NAME_EN:
            return product.name_en
        if column == Column.CATEGORY:
            if product.category_id is None:
                return "—"
            name = product.category_name_zh if self._chinese else product.category_name_en
            return name or product.category_code or ""
        if column == Column.STATUS:
            return self._status_labels.get(product.status, product.status)
        if column == Column.SKUS:
            return str(product.sku_count)
        if column == Column.COMPLETENESS:
            return "—" if product.completeness is None else f"{product.completeness} %"
        if column == Column.UPDATED:
            return local_time(product.updated_at, with_time=False)
        return ""


# --- the SKUs of one product --------------------------------------------------------------------------

class SkuColumn(IntEnum):
    CODE = 0
    OPTIONS = 1
    GTIN = 2
    WEIGHT = 3
    SIZE = 4
    COST = 5


def sku_headers() -> dict[SkuColumn, str]:
    return {
        SkuColumn.CODE: translate("CatalogueModel", "SKU"),
        SkuColumn.OPTIONS: translate("CatalogueModel", "Options"),
        SkuColumn.GTIN: translate("CatalogueModel", "GTIN"),
        SkuColumn.WEIGHT: translate("CatalogueModel", "Weight (g)"),
        SkuColumn.SIZE: translate("CatalogueModel", "L × W × H (mm)"),
        SkuColumn.COST: translate("CatalogueModel", "Cost"),
    }


class SkuTableModel(ListTableModel[SkuRow]):
    """The SKUs of the selected product (a product has tens of SKUs, not thousands: loaded whole)."""

    def __init__(self, engine: sa.Engine, parent: Any = None) -> None:
        super().__init__(SkuColumn, sku_headers, parent)
        self._engine = engine
        self.product_id: int | None = None

    def set_product(self, product_id: int | None) -> None:
        self.product_id = product_id
        self.set_rows(query_skus(self._engine, product_id) if product_id is not None else [])

    def sku(self, row: int) -> SkuRow:
        return self.row_at(row)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:  # noqa: N802
        if (role == Qt.ItemDataRole.TextAlignmentRole and orientation == Qt.Orientation.Horizontal
                and section in (SkuColumn.WEIGHT, SkuColumn.COST)):
            return _RIGHT
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        sku = self._rows[index.row()]
        column = index.column()
        if role == _DISPLAY:
            return self._display(sku, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column in (SkuColumn.WEIGHT, SkuColumn.COST) else _LEFT
        if role == Qt.ItemDataRole.ForegroundRole and column == SkuColumn.GTIN and not sku.gtin:
            return QBrush(QColor("#B45309"))
        if role == Qt.ItemDataRole.ToolTipRole and column == SkuColumn.OPTIONS:
            return self._display(sku, column) or None
        return None

    def _display(self, sku: SkuRow, column: int) -> str:
        if column == SkuColumn.CODE:
            return sku.code
        if column == SkuColumn.OPTIONS:
            return " / ".join(str(value) for value in sku.options.values())
        if column == SkuColumn.GTIN:
            return sku.gtin or translate("CatalogueModel", "missing")
        if column == SkuColumn.WEIGHT:
            return "" if sku.weight_g is None else f"{sku.weight_g:,}"
        if column == SkuColumn.SIZE:
            sizes = (sku.length_mm, sku.width_mm, sku.height_mm)
            return " × ".join(str(size) for size in sizes) if all(size is not None for size in sizes) else ""
        if column == SkuColumn.COST:
            return "" if sku.cost is None else money_text(sku.cost)
        return ""


# --- an import preview ------------------------------------------------------------------------------------

# Characters of a cell the preview shows (a cell is refused far beyond what a table can paint quickly).
_SHOWN_CHARS = 500


def _error_text(error: RowError) -> str:
    return error.message.zh if is_chinese() else error.message.en


class PreviewRowsModel(QAbstractTableModel):
    """The rows of a file as read, with the rows and cells that have errors marked (vertical header: the
    row number as Excel shows it)."""

    def __init__(self, preview: ImportPreview, parent: Any = None) -> None:
        super().__init__(parent)
        self._preview = preview
        self._row_errors: dict[int, list[RowError]] = {}
        for error in preview.errors:
            self._row_errors.setdefault(error.row, []).append(error)
        self._cell_errors = {(error.row, error.column) for error in preview.errors}

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._preview.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._preview.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if role != _DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._preview.columns[section]
        return str(self._preview.rows[section].number)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        row = self._preview.rows[index.row()]
        column = self._preview.columns[index.column()]
        if role == _DISPLAY:
            values = row.values
            text = values[index.column()] if index.column() < len(values) else ""
            shown = text[:_SHOWN_CHARS] + ("…" if len(text) > _SHOWN_CHARS else "")  # a refused 1 MB cell too
            return shown.replace("\n", " ⏎ ")
        if role == Qt.ItemDataRole.BackgroundRole:
            if (row.number, column) in self._cell_errors:
                return QBrush(QColor("#FECACA"))
            if row.number in self._row_errors:
                return QBrush(QColor("#FEF2F2"))
            return None
        if role == Qt.ItemDataRole.ToolTipRole and row.number in self._row_errors:
            mine = [e for e in self._row_errors[row.number] if e.column in (column, "")]
            return "\n".join(_error_text(error) for error in mine) or None
        return None


class ErrorColumn(IntEnum):
    ROW = 0
    COLUMN = 1
    PROBLEM = 2


def error_headers() -> dict[ErrorColumn, str]:
    return {ErrorColumn.ROW: translate("CatalogueModel", "Row"),
            ErrorColumn.COLUMN: translate("CatalogueModel", "Column"),
            ErrorColumn.PROBLEM: translate("CatalogueModel", "Problem")}


class RowErrorModel(ListTableModel[tuple[RowError, bool]]):
    """Errors (which block the import) then warnings (which don't), one per line, in the user's language."""

    def __init__(self, errors: tuple[RowError, ...], warnings: tuple[RowError, ...], parent: Any = None) -> None:
        super().__init__(ErrorColumn, error_headers, parent)
        self._rows = [(error, True) for error in errors] + [(warning, False) for warning in warnings]

    def error(self, row: int) -> RowError:
        return self.row_at(row)[0]

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        error, blocking = self._rows[index.row()]
        if role == _DISPLAY:
            if index.column() == ErrorColumn.ROW:
                return str(error.row) if error.row else "—"
            if index.column() == ErrorColumn.COLUMN:
                return error.column or "—"
            prefix = "" if blocking else translate("CatalogueModel", "Warning: ")
            return prefix + _error_text(error)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#B91C1C" if blocking else "#B45309"))
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == ErrorColumn.PROBLEM:
            return _error_text(error)
        return None
