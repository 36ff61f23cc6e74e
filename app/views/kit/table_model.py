"""The base of the app's table models: rows in a Python list, columns an `IntEnum`, headers translated when asked
(so a live language switch shows them in the new language). A model adds `data()` (and `flags`/`setData` when
editable); row counting, column counting and the horizontal headers are the same everywhere, written once here.

Big tables don't use it: the catalogue pages its rows from the database (`products.catalogue_model`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from enum import IntEnum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

RowT = TypeVar("RowT")
Index = QModelIndex | QPersistentModelIndex


class ListTableModel(QAbstractTableModel, Generic[RowT]):
    """A table over a list of rows; `set_rows` replaces them whole (these tables hold a handful to a few hundred)."""

    def __init__(self, columns: type[IntEnum], headers: Callable[[], Mapping[Any, str]],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self._headers = headers
        self._rows: list[RowT] = []

    def set_rows(self, rows: Iterable[RowT], *, in_place: bool = False) -> None:
        """New rows. `in_place`: the same rows with new values (same count, same order), announced as changed
        cells so the view keeps its selection and scroll position; otherwise a reset."""
        rows = list(rows)
        if in_place and rows and len(rows) == len(self._rows):
            self._rows = rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(self.columns) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rows(self) -> list[RowT]:
        return list(self._rows)

    def row_at(self, row: int) -> RowT:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers().get(self.columns(section))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tooltip(self.columns(section))
        return None

    def header_tooltip(self, column: IntEnum) -> str | None:
        """A column header's tooltip (none unless a model says more than its header)."""
        return None
