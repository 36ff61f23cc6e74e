"""The Pricing page's tables: channels × figures, a channel's fee rules, and the traditional chain's layers.

Thin models over the service's plain values. They never change the data themselves: an edit is parsed and
announced by a signal (`*_requested`), the page turns it into an undoable command, the service saves it and
the page hands the new values back with `set_*` (announced with `dataChanged`, or a reset when rows change).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from app.services.kernel.text import money_text, percent_text
from app.services.pricing import (
    ChainLayer,
    ChannelProfile,
    ChannelRule,
    FeeBasis,
    PricingError,
    RuleStatus,
)
from app.services.pricing.plans import ChannelRow, parse_money, parse_percent
from app.views.kit.i18n import current_language
from app.views.kit.table_model import ListTableModel

Index = QModelIndex | QPersistentModelIndex
#: The exact value behind a cell (Decimal, int or None), for tests and callers that need more than text.
VALUE_ROLE = Qt.ItemDataRole.UserRole + 1

TEAL = QColor("#0F766E")
DANGER = QColor("#B91C1C")
WARNING = QColor("#B45309")
SECONDARY = QColor("#475569")
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


def _lang() -> str:
    return current_language()


def _is_zh() -> bool:
    return _lang().startswith("zh")


# ---------------------------------------------------------------- channels × figures


class Column(IntEnum):
    CHANNEL = 0
    FLOOR = 1
    PRICE = 2
    PAID = 3
    MARGIN = 4
    MARKUP = 5
    CONTRIBUTION = 6
    BREAK_EVEN = 7
    RATIO = 8
    WARNINGS = 9


def headers() -> dict[Column, str]:
    return {
        Column.CHANNEL: translate("ChannelTableModel", "Channel"),
        Column.FLOOR: translate("ChannelTableModel", "Floor price"),
        Column.PRICE: translate("ChannelTableModel", "Suggested price"),
        Column.PAID: translate("ChannelTableModel", "Buyer pays"),
        Column.MARGIN: translate("ChannelTableModel", "Margin on net"),
        Column.MARKUP: translate("ChannelTableModel", "Markup on cost"),
        Column.CONTRIBUTION: translate("ChannelTableModel", "Contribution"),
        Column.BREAK_EVEN: translate("ChannelTableModel", "Break-even"),
        Column.RATIO: translate("ChannelTableModel", "vs chain"),
        Column.WARNINGS: translate("ChannelTableModel", "Warnings"),
    }


def header_tips() -> dict[Column, str]:
    return {
        Column.FLOOR: translate("ChannelTableModel", "The lowest price that reaches your target on this channel, "
                                                     "before any price ending."),
        Column.PRICE: translate("ChannelTableModel", "The floor rounded up to the channel's price ending (the list "
                                                     "price when a discount is set). Double-click to set your own "
                                                     "price."),
        Column.PAID: translate("ChannelTableModel", "What the buyer pays after the discount; margin and contribution "
                                                    "are computed on it."),
        Column.MARGIN: translate("ChannelTableModel", "Margin on net revenue: contribution ÷ revenue after VAT."),
        Column.MARKUP: translate("ChannelTableModel", "Markup on cost: contribution ÷ the unit's costs."),
        Column.CONTRIBUTION: translate("ChannelTableModel",
                                      "What each unit sold leaves after VAT, fees, costs and returns."),
        Column.BREAK_EVEN: translate("ChannelTableModel", "Units to sell before fixed costs (moulds, tooling, annual "
                                                          "fees…) are earned back."),
        Column.RATIO: translate("ChannelTableModel", "The buyer's price as a share of the consumer price through the "
                                                     "traditional chain."),
    }


class ChannelTableModel(ListTableModel[ChannelRow]):
    """One row per channel of the plan; an infeasible channel shows the engine's explanation instead of numbers."""

    #: (channel id, Decimal price or None to go back to the suggested price)
    price_override_requested = Signal(str, object)
    #: a message in the user's language when typed text is refused
    input_refused = Signal(str)

    def __init__(self) -> None:
        super().__init__(Column, headers)

    def set_rows(self, rows: Iterable[ChannelRow], *, in_place: bool | None = None) -> None:
        """New figures: announced as changed cells when the channels are the same, else as a reset."""
        rows = list(rows)
        same = [r.channel_id for r in rows] == [r.channel_id for r in self._rows]
        super().set_rows(rows, in_place=same if in_place is None else in_place)

    def row_of(self, channel_id: str) -> int:
        return next(i for i, r in enumerate(self._rows) if r.channel_id == channel_id)

    def header_tooltip(self, column: IntEnum) -> str | None:
        return header_tips().get(Column(column))

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.TextAlignmentRole and orientation == Qt.Orientation.Horizontal
                and section not in (Column.CHANNEL, Column.WARNINGS)):
            return RIGHT
        return super().headerData(section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == Column.PRICE and self._rows[index.row()].outcome.result is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_text(row) if column == Column.PRICE else self._display(row, column)
        if role == VALUE_ROLE:
            return self._value(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            numeric = column != Column.CHANNEL and row.outcome.error is None
            return RIGHT if numeric else int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(row, column)
        if role == Qt.ItemDataRole.FontRole:
            return self._font(row, column)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != Column.PRICE:
            return False
        row = self._rows[index.row()]
        text = str(value or "").strip()
        if not text:
            if row.override is not None:
                self.price_override_requested.emit(row.channel_id, None)
            return True
        try:
            price = parse_money(text)
        except PricingError as error:
            self.input_refused.emit(error.text(_lang()))
            return False
        if price <= 0:
            self.input_refused.emit(translate("ChannelTableModel", "A price must be above 0."))
            return False
        if price != row.override:
            self.price_override_requested.emit(row.channel_id, price)
        return True

    # ----- cells ------------------------------------------------------------------------------------------
    @staticmethod
    def _name(row: ChannelRow) -> str:
        profile = row.profile
        name = profile.name_zh if _is_zh() else profile.name_en
        return name if profile.currency == "CNY" else f"{name} ({profile.currency})"

    def _display(self, row: ChannelRow, column: Column) -> str:
        if column == Column.CHANNEL:
            return self._name(row)
        error = row.outcome.error
        if error is not None:
            return error.text(_lang()) if column == Column.FLOOR else ""
        value = self._value(row, column)
        result = row.outcome.result
        assert result is not None
        currency = result.currency
        if column in (Column.FLOOR, Column.PRICE, Column.PAID, Column.CONTRIBUTION):
            return "—" if value is None else money_text(value, currency)
        if column in (Column.MARGIN, Column.MARKUP):
            return "—" if value is None else percent_text(value, 1, strip=False)
        if column == Column.BREAK_EVEN:
            return "—" if value is None else f"{value:,}"
        if column == Column.RATIO:
            return "—" if value is None else percent_text(value, 0)
        count = len(row.warnings)
        return f"⚠ {count}" if count else ""  # the texts: tooltip, and the page's line under the table

    def _value(self, row: ChannelRow, column: Column) -> Any:
        result = row.outcome.result
        if result is None:
            return None
        values: dict[Column, Any] = {
            Column.FLOOR: result.floor_price,
            Column.PRICE: result.price,
            Column.PAID: result.paid_price,
            Column.MARGIN: result.margin_on_net,
            Column.MARKUP: result.markup_on_cost,
            Column.CONTRIBUTION: result.contribution,
            Column.BREAK_EVEN: result.break_even_units if result.fixed_costs > 0 else None,
            Column.RATIO: result.ratio_to_chain,
            Column.WARNINGS: len(row.warnings),
        }
        return values.get(column)

    @staticmethod
    def _edit_text(row: ChannelRow) -> str:
        result = row.outcome.result
        if row.override is not None:
            return f"{row.override:f}"
        return "" if result is None else f"{result.price:f}"

    def _tooltip(self, row: ChannelRow, column: Column) -> str | None:
        error = row.outcome.error
        if error is not None:
            return error.text(_lang())
        if column == Column.WARNINGS and row.warnings:
            return "\n".join("• " + w.text(_lang()) for w in row.warnings)
        if column == Column.PRICE and row.override is not None:
            return translate("ChannelTableModel", "Your price for this channel, evaluated as a fixed price. Clear the "
                                                  "cell to go back to the suggested price.")
        result = row.outcome.result
        if column == Column.BREAK_EVEN and result is not None and result.fixed_costs <= 0:
            return translate("ChannelTableModel", "Enter fixed costs (moulds, tooling, photography…) to see the "
                                                  "break-even volume.")
        if column == Column.CHANNEL:
            kind = row.profile.kind.value
            if kind == "odm" and row.outcome.platform_retail is not None:
                return translate("ChannelTableModel", "Supply price to the platform; it retails at about %1.").replace(
                    "%1", money_text(row.outcome.platform_retail, row.profile.currency))
        if column == Column.RATIO and row.reference_ratio is not None:
            return translate("ChannelTableModel", "%1 of the private reference price.").replace(
                "%1", percent_text(row.reference_ratio, 0))
        return header_tips().get(column)

    def _foreground(self, row: ChannelRow, column: Column) -> QBrush | None:
        if row.outcome.error is not None and column != Column.CHANNEL:
            return QBrush(DANGER)
        if column == Column.PRICE and row.override is not None:
            return QBrush(TEAL)
        if column == Column.WARNINGS:
            return QBrush(WARNING)
        result = row.outcome.result
        if column == Column.CONTRIBUTION and result is not None and result.contribution < 0:
            return QBrush(DANGER)
        if column in (Column.FLOOR, Column.RATIO):
            return QBrush(SECONDARY)
        return None

    @staticmethod
    def _font(row: ChannelRow, column: Column) -> QFont | None:
        if column in (Column.PRICE, Column.CHANNEL) and row.outcome.error is None:
            font = QFont()
            font.setBold(True)
            font.setItalic(column == Column.PRICE and row.override is not None)
            return font
        return None


# ---------------------------------------------------------------- one channel's fee rules


class RuleColumn(IntEnum):
    NAME = 0
    BASIS = 1
    VALUE = 2
    MINIMUM = 3
    REFUND = 4
    SOURCE = 5
    DATE = 6
    STATUS = 7


def rule_headers() -> dict[RuleColumn, str]:
    return {
        RuleColumn.NAME: translate("ChannelTableModel", "Fee"),
        RuleColumn.BASIS: translate("ChannelTableModel", "Charged on"),
        RuleColumn.VALUE: translate("ChannelTableModel", "Rate / amount"),
        RuleColumn.MINIMUM: translate("ChannelTableModel", "Minimum"),
        RuleColumn.REFUND: translate("ChannelTableModel", "Refunded"),
        RuleColumn.SOURCE: translate("ChannelTableModel", "Source"),
        RuleColumn.DATE: translate("ChannelTableModel", "Date"),
        RuleColumn.STATUS: translate("ChannelTableModel", "Status"),
    }


def basis_labels() -> dict[FeeBasis, str]:
    return {
        FeeBasis.PERCENT_OF_PAID: translate("ChannelTableModel", "% of the price paid"),
        FeeBasis.PERCENT_INCL_SHIPPING: translate("ChannelTableModel", "% of price + shipping"),
        FeeBasis.PER_ORDER: translate("ChannelTableModel", "per order"),
        FeeBasis.PER_UNIT: translate("ChannelTableModel", "per unit"),
        FeeBasis.ANNUAL: translate("ChannelTableModel", "per year"),
    }


def status_labels() -> dict[RuleStatus, str]:
    return {RuleStatus.SOURCED: translate("ChannelTableModel", "Sourced"),
            RuleStatus.ASSUMED: translate("ChannelTableModel", "Assumed"),
            RuleStatus.TO_CHECK: translate("ChannelTableModel", "To check")}


STATUS_COLOURS = {RuleStatus.SOURCED: TEAL, RuleStatus.ASSUMED: WARNING, RuleStatus.TO_CHECK: DANGER}


def is_percent(rule: ChannelRule) -> bool:
    return rule.basis in (FeeBasis.PERCENT_OF_PAID, FeeBasis.PERCENT_INCL_SHIPPING)


class FeeRuleTableModel(QAbstractTableModel):
    """The rules of one channel profile; rate/amount, source and status are editable (each edit = new version)."""

    #: (rule id, {"rate" | "amount" | "source" | "status": new value})
    rule_edit_requested = Signal(str, object)
    input_refused = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self._profile: ChannelProfile | None = None

    def set_profile(self, profile: ChannelProfile | None) -> None:
        same = (profile is not None and self._profile is not None and profile.id == self._profile.id
                and [r.id for r in profile.rules] == [r.id for r in self._profile.rules])
        if same and profile is not None and profile.rules:
            self._profile = profile
            self.dataChanged.emit(self.index(0, 0), self.index(len(profile.rules) - 1, len(RuleColumn) - 1))
            return
        self.beginResetModel()
        self._profile = profile
        self.endResetModel()

    def profile(self) -> ChannelProfile | None:
        return self._profile

    def rule_at(self, row: int) -> ChannelRule:
        assert self._profile is not None
        return self._profile.rules[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self._profile is None else len(self._profile.rules)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(RuleColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return rule_headers()[RuleColumn(section)]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() in (RuleColumn.VALUE, RuleColumn.SOURCE, RuleColumn.STATUS):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._profile is None:
            return None
        rule = self._profile.rules[index.row()]
        column = RuleColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(rule, column)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit(rule, column)
        if role == VALUE_ROLE:
            return (rule.rate if is_percent(rule) else rule.amount) if column == RuleColumn.VALUE else None
        if role == Qt.ItemDataRole.ToolTipRole and column in (RuleColumn.SOURCE, RuleColumn.NAME):
            return rule.source_text(_lang()) or None
        if role == Qt.ItemDataRole.ToolTipRole and column == RuleColumn.REFUND:
            if rule.refund_on_return:
                return translate("ChannelTableModel", "Refunded when an order is returned or cancelled.")
            return translate("ChannelTableModel", "Kept by the platform on returns: paid on the returned units too.")
        if role == Qt.ItemDataRole.ForegroundRole and column == RuleColumn.STATUS:
            return QBrush(STATUS_COLOURS[rule.status])
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (RuleColumn.VALUE, RuleColumn.MINIMUM):
            return RIGHT
        return None

    def _display(self, rule: ChannelRule, column: RuleColumn) -> str:
        assert self._profile is not None
        currency = self._profile.currency
        if column == RuleColumn.NAME:
            return rule.name_zh if _is_zh() else rule.name_en
        if column == RuleColumn.BASIS:
            return basis_labels()[rule.basis]
        if column == RuleColumn.VALUE:
            return percent_text(rule.rate, 3) if is_percent(rule) else money_text(rule.amount, currency)
        if column == RuleColumn.MINIMUM:
            return money_text(rule.minimum, currency) if rule.minimum else "—"
        if column == RuleColumn.REFUND:
            return translate("ChannelTableModel", "Yes") if rule.refund_on_return else \
                translate("ChannelTableModel", "No")
        if column == RuleColumn.SOURCE:
            return rule.source_text(_lang())
        if column == RuleColumn.DATE:
            return rule.date.isoformat() if rule.date else "—"
        return status_labels()[rule.status]

    @staticmethod
    def _edit(rule: ChannelRule, column: RuleColumn) -> str:
        if column == RuleColumn.VALUE:
            return percent_text(rule.rate, 4) if is_percent(rule) else f"{rule.amount:f}"
        if column == RuleColumn.SOURCE:
            return rule.source_text(_lang())
        if column == RuleColumn.STATUS:
            return rule.status.value
        return ""

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self._profile is None:
            return False
        rule = self._profile.rules[index.row()]
        column = RuleColumn(index.column())
        text = str(value if value is not None else "").strip()
        changes: dict[str, Any]
        try:
            if column == RuleColumn.VALUE:
                number = parse_percent(text) if is_percent(rule) else parse_money(text)
                if is_percent(rule) and number >= 1:
                    self.input_refused.emit(translate("ChannelTableModel", "A rate must be below 100%."))
                    return False
                changes = {"rate": number} if is_percent(rule) else {"amount": number}
                if number == (rule.rate if is_percent(rule) else rule.amount):
                    return True
            elif column == RuleColumn.SOURCE:  # the source in the language it is shown in
                if text == rule.source_text(_lang()):
                    return True
                changes = {"source_zh": text} if _is_zh() else {"source": text}
            elif column == RuleColumn.STATUS:
                status = RuleStatus(text)
                if status == rule.status:
                    return True
                changes = {"status": status}
            else:
                return False
        except PricingError as error:
            self.input_refused.emit(error.text(_lang()))
            return False
        except ValueError:
            return False
        self.rule_edit_requested.emit(rule.id, changes)
        return True


# ---------------------------------------------------------------- the traditional chain's layers


class LayerColumn(IntEnum):
    NAME = 0
    MARGIN = 1
    REBATE = 2
    LOSS = 3
    ASSUMPTION = 4


def layer_headers() -> dict[LayerColumn, str]:
    return {
        LayerColumn.NAME: translate("ChannelTableModel", "Layer"),
        LayerColumn.MARGIN: translate("ChannelTableModel", "Margin"),
        LayerColumn.REBATE: translate("ChannelTableModel", "Rebate"),
        LayerColumn.LOSS: translate("ChannelTableModel", "Loss"),
        LayerColumn.ASSUMPTION: translate("ChannelTableModel", "Figure"),
    }


LAYER_FIELDS = {LayerColumn.MARGIN: "margin", LayerColumn.REBATE: "rebate", LayerColumn.LOSS: "loss"}


class ChainLayerTableModel(ListTableModel[ChainLayer]):
    """The chain's layers (each sells at a margin on its own price); every cell is editable."""

    #: (row, {"name_zh" | "name_en" | "margin" | "rebate" | "loss" | "is_assumption": value})
    layer_edit_requested = Signal(int, object)
    input_refused = Signal(str)

    def __init__(self) -> None:
        super().__init__(LayerColumn, layer_headers)

    def set_layers(self, layers: Sequence[ChainLayer]) -> None:
        self.set_rows(layers, in_place=len(layers) == len(self._rows))

    def header_tooltip(self, column: IntEnum) -> str | None:
        return {
            LayerColumn.MARGIN: translate("ChannelTableModel",
                                          "Gross margin on the layer's own selling price (扣点/点位)."),
            LayerColumn.REBATE: translate("ChannelTableModel", "Rebate points (返点) the layer also keeps."),
            LayerColumn.LOSS: translate("ChannelTableModel",
                                        "Loss points (损耗): shrinkage, damage, unsold stock."),
            LayerColumn.ASSUMPTION: translate("ChannelTableModel",
                                              "Ticked: a typical figure, not your chain's own."),
        }.get(LayerColumn(column))

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid():
            return base
        if index.column() == LayerColumn.ASSUMPTION:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        layer = self._rows[index.row()]
        column = LayerColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == LayerColumn.NAME:
                return (layer.name_zh or layer.name_en) if _is_zh() else (layer.name_en or layer.name_zh)
            if column == LayerColumn.ASSUMPTION:
                return translate("ChannelTableModel", "assumed") if layer.is_assumption else \
                    translate("ChannelTableModel", "own")
            value: Decimal = getattr(layer, LAYER_FIELDS[column])
            return percent_text(value, 2)
        if role == Qt.ItemDataRole.ToolTipRole and column == LayerColumn.NAME:
            return f"{layer.name_zh} / {layer.name_en}" if layer.name_zh != layer.name_en else layer.name_zh
        if role == Qt.ItemDataRole.CheckStateRole and column == LayerColumn.ASSUMPTION:
            return Qt.CheckState.Checked if layer.is_assumption else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and column == LayerColumn.ASSUMPTION and layer.is_assumption:
            return QBrush(WARNING)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in LAYER_FIELDS:
            return RIGHT
        if role == VALUE_ROLE and column in LAYER_FIELDS:
            return getattr(layer, LAYER_FIELDS[column])
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        layer = self._rows[index.row()]
        column = LayerColumn(index.column())
        if column == LayerColumn.ASSUMPTION:
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
            if checked != layer.is_assumption:
                self.layer_edit_requested.emit(index.row(), {"is_assumption": checked})
            return True
        if role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value if value is not None else "").strip()
        if column == LayerColumn.NAME:
            key = "name_zh" if _is_zh() else "name_en"
            if not text:
                self.input_refused.emit(translate("ChannelTableModel", "A layer needs a name."))
                return False
            if text != getattr(layer, key):
                self.layer_edit_requested.emit(index.row(), {key: text})
            return True
        try:
            rate = parse_percent(text)
        except PricingError as error:
            self.input_refused.emit(error.text(_lang()))
            return False
        name = LAYER_FIELDS[column]
        if rate != getattr(layer, name):
            self.layer_edit_requested.emit(index.row(), {name: rate})
        return True


__all__ = [
    "VALUE_ROLE", "ChainLayerTableModel", "ChannelTableModel", "Column", "FeeRuleTableModel", "LayerColumn",
    "RuleColumn", "basis_labels", "headers", "layer_headers", "rule_headers", "status_labels",
]
