"""The workspace's exchange rates as a table (Settings → Exchange rates…): a handful of rows, replaced whole
after each change."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from app.services.pricing import FxRate
from app.views.kit.table_model import ListTableModel


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


class ExchangeRateTableModel(ListTableModel[FxRate]):
    """Adapts the list of rates the service returns (newest day first)."""

    def __init__(self) -> None:
        super().__init__(RateColumn, headers)

    def set_rates(self, rates: list[FxRate]) -> None:
        self.set_rows(rates)

    def rate_at(self, row: int) -> FxRate:
        return self.row_at(row)

    def row_of(self, rate: FxRate) -> int:
        """The row of the rate with the same day and pair (-1 when absent)."""
        key = (rate.day, rate.source, rate.target)
        return next((i for i, r in enumerate(self._rows) if (r.day, r.source, r.target) == key), -1)

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
