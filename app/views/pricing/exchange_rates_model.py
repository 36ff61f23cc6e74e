"""The workspace's exchange rates as a table (Settings → Exchange rates…): a handful of rows, replaced whole
after each change."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from app.services.pricing import FxRate


class RateColumn(IntEnum):
    DAY = 0
    SOURCE = 1
    TARGET = 2
    RATE = 3
    READS = 4


def headers() -> dict[RateColumn, str]:
    return {
        RateColumn.DAY: QCoreApplication.translate("ExchangeRateTableModel", "From date"),
        RateColumn.SOURCE: QCoreApplication.translate("ExchangeRateTableModel", "Currency"),
        RateColumn.TARGET: QCoreApplication.translate("ExchangeRateTableModel", "In"),
        RateColumn.RATE: QCoreApplication.translate("ExchangeRateTableModel", "Rate"),
        RateColumn.READS: QCoreApplication.translate("ExchangeRateTableModel", "Means"),
    }


class ExchangeRateTableModel(QAbstractTableModel):
    """Adapts the list of rates the service returns (newest day first)."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[FxRate] = []

    def set_rates(self, rates: list[FxRate]) -> None:
        self.beginResetModel()
        self._rows = list(rates)
        self.endResetModel()

    def rate_at(self, row: int) -> FxRate:
        return self._rows[row]

    def row_of(self, rate: FxRate) -> int:
        """The row of the rate with the same day and pair (-1 when absent)."""
        key = (rate.day, rate.source, rate.target)
        return next((i for i, r in enumerate(self._rows) if (r.day, r.source, r.target) == key), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(RateColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return headers()[RateColumn(section)]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        rate = self._rows[index.row()]
        column = RateColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                RateColumn.DAY: rate.day.isoformat(),
                RateColumn.SOURCE: rate.source,
                RateColumn.TARGET: rate.target,
                RateColumn.RATE: f"{rate.rate:f}",
                RateColumn.READS: f"1 {rate.source} = {rate.rate:f} {rate.target}",
            }[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == RateColumn.RATE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
