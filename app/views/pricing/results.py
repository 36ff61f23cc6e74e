"""What the Pricing page shows for the plan: the chain-vs-direct picture with its headline (`ChartCard`), and the
channel table (`ChannelTableCard`) — refreshed from the shared `PricingState` after every recalculation (~2 ms
for ten channels, see `app.views.pricing.page`), its columns fitted to the figures, an infeasible channel's
explanation spanning them, and the selected channel's warnings underneath.

Their strings are in the "PricingPage" translation context with the page's.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.kernel.text import money_text
from app.services.pricing.plans import ChannelRow, Evaluation
from app.views.kit.i18n import current_language, is_chinese
from app.views.kit.resources import icon
from app.views.kit.widgets import Card
from app.views.pricing.chain_chart import ChainChart, headline_texts
from app.views.pricing.channel_table import ChannelTableModel, Column
from app.views.pricing.common import hint_label
from app.views.pricing.state import PricingState

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls

#: The saving, written big: teal when direct is cheaper, red when it is not.
HEADLINE_STYLE = "QLabel#savingHeadline { font-size: 17pt; font-weight: 700; color: #0F766E; }"


class ChartCard(Card):
    """The chain-vs-direct picture, its headline and the export button."""

    def __init__(self, state: PricingState, export_chart: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Chain vs direct"), parent)
        self.state = state
        self.body.setContentsMargins(16, 10, 16, 12)
        self.body.removeWidget(self.heading)
        row = QHBoxLayout()
        row.addWidget(self.heading, 0, Qt.AlignmentFlag.AlignTop)
        row.addStretch(1)
        saving = QVBoxLayout()
        saving.setSpacing(0)
        self.headline = QLabel()
        self.headline.setObjectName("savingHeadline")
        self.headline.setStyleSheet(HEADLINE_STYLE)
        self.headline.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.headline_detail = hint_label("")
        self.headline_detail.setWordWrap(False)
        self.headline_detail.setAlignment(Qt.AlignmentFlag.AlignRight)
        saving.addWidget(self.headline)
        saving.addWidget(self.headline_detail)
        row.addLayout(saving)
        self.export_button = QPushButton(icon("download"), self.tr("Export chart…"))
        self.export_button.clicked.connect(export_chart)
        row.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        self.body.insertLayout(0, row)
        self.chart = ChainChart()
        self.chart.setMinimumHeight(270)
        self.body.addWidget(self.chart, 1)
        state.evaluated.connect(self.show_evaluation)

    def show_evaluation(self) -> None:
        evaluation = self.state.evaluation
        if evaluation is None:
            return
        self.chart.set_data(evaluation.chart)
        headline = headline_texts(evaluation.chart, current_language())
        cheaper = evaluation.chart.headline is None or evaluation.chart.headline.saving > 0
        self.headline.setStyleSheet(HEADLINE_STYLE.replace("#0F766E", "#0F766E" if cheaper else "#B91C1C"))
        self.headline.setText(headline[0] if headline else "")
        self.headline_detail.setText(headline[1] if headline else "")


class ChannelTableCard(Card):
    """The channels × figures table: a suggested price can be overridden in place (one undoable step)."""

    def __init__(self, state: PricingState, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Channels"), parent)
        self.state = state
        self.narrow = False
        self.channel_model = ChannelTableModel()
        self.channel_model.price_override_requested.connect(self._on_override)
        self.channel_model.input_refused.connect(lambda text: state.message.emit(text, True))
        self.body.removeWidget(self.heading)
        row = QHBoxLayout()
        row.addWidget(self.heading)
        row.addWidget(hint_label(self.tr("Double-click a suggested price to set your own; clear it "
                                         "to go back.")), 1)
        self.timing_label = hint_label("")
        self.timing_label.setWordWrap(False)
        row.addWidget(self.timing_label)
        self.body.insertLayout(0, row)
        self.table = QTableView()
        self.table.setObjectName("channelTable")
        self.table.setModel(self.channel_model)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # fitted on reset: ResizeToContents
        header.setSectionResizeMode(Column.CHANNEL, QHeaderView.ResizeMode.Stretch)  # re-measures every edit
        header.setMinimumSectionSize(60)
        self.channel_model.modelReset.connect(self.fit_columns)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_warnings())
        self.body.addWidget(self.table, 1)
        self.warning_details = QLabel()
        self.warning_details.setObjectName("warningLabel")
        self.warning_details.setWordWrap(True)
        self.body.addWidget(self.warning_details)
        state.evaluated.connect(self.show_evaluation)

    def _on_override(self, channel_id: str, price: Decimal | None) -> None:
        text = (self.tr("Set a channel's price") if price is not None
                else self.tr("Use the suggested price"))
        self.state.edit(text, lambda p: p.with_override(channel_id, price))

    def show_evaluation(self) -> None:
        evaluation = self.state.evaluation
        if evaluation is None:
            return
        widths_changed = self._widths_changed(evaluation)
        self.channel_model.set_rows(evaluation.rows)
        if widths_changed:
            self.fit_columns()
        self._update_spans()
        self._show_warnings()
        self.timing_label.setText(self.tr("%1 channels priced in %2 ms")
                                  .replace("%1", str(len(evaluation.rows)))
                                  .replace("%2", f"{evaluation.elapsed_ms:.1f}"))

    def set_narrow(self, narrow: bool) -> None:
        """Narrow page layout: the table as tall as its rows (the page scrolls, not the table)."""
        self.narrow = narrow
        self.fit_height()

    def fit_height(self) -> None:
        if self.narrow:
            rows = sum(self.table.rowHeight(r) for r in range(self.channel_model.rowCount()))
            self.table.setMinimumHeight(self.table.horizontalHeader().height() + rows + 20)
        else:
            self.table.setMinimumHeight(200)

    def _widths_changed(self, evaluation: Evaluation) -> bool:
        """Whether a figure got more digits (¥99.90 → ¥100.90): then the columns are fitted again."""
        def lengths(rows: Any) -> list[tuple[int, ...]]:
            return [tuple(len(money_text(v or Decimal(0), "CNY")) for v in (
                r.outcome.result.floor_price, r.outcome.result.price, r.outcome.result.contribution))
                if r.outcome.result else () for r in rows]
        return lengths(evaluation.rows) != lengths(self.channel_model.rows())

    def fit_columns(self) -> None:
        """Size the figure columns to their header and figures (an infeasible row's explanation spans them and
        wraps, so it must not widen a column). Done when the channels or the digits change, not on every edit."""
        model = self.channel_model
        header = self.table.horizontalHeader()
        bold = QFont(self.table.font())
        bold.setBold(True)
        figures = QFontMetrics(bold)
        titles = QFontMetrics(header.font())
        for column in Column:
            if column == Column.CHANNEL:
                continue
            width = titles.horizontalAdvance(str(model.headerData(column, Qt.Orientation.Horizontal))) + 28
            for row, channel in enumerate(model.rows()):
                if channel.outcome.error is None:
                    text = str(model.data(model.index(row, column)) or "")
                    width = max(width, figures.horizontalAdvance(text) + 24)
            header.resizeSection(column, width)

    def _show_warnings(self) -> None:
        """The selected channel's warnings in full under the table (or every channel's, two at most)."""
        rows = self.channel_model.rows()
        selected = self.table.selectionModel().selectedRows()
        chosen = [rows[selected[0].row()]] if selected and selected[0].row() < len(rows) else rows
        lang = current_language()
        lines = [f"⚠ {_channel_name(r)}: {w.text(lang)}" for r in chosen for w in r.warnings]
        more = len(lines) - 2
        text = "\n".join(lines[:2]) + (("\n" + self.tr("… and %1 more: select a row to see its "
                                                       "warnings.").replace("%1", str(more)))
                                      if more > 0 else "")
        self.warning_details.setText(text)
        self.warning_details.setVisible(bool(lines))

    def _update_spans(self) -> None:
        """An infeasible channel's explanation spans the figure columns, on two lines."""
        self.table.clearSpans()
        line = self.table.fontMetrics().lineSpacing()
        for row, channel in enumerate(self.channel_model.rows()):
            if channel.outcome.error is not None:
                self.table.setSpan(row, Column.FLOOR, 1, len(Column) - Column.FLOOR)
                self.table.setRowHeight(row, line * 2 + 14)
            else:
                self.table.setRowHeight(row, line + 14)
        self.fit_height()

    def selected_channel(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if rows:
            return self.channel_model.row_at(rows[0].row()).channel_id
        return self.channel_model.row_at(0).channel_id if self.channel_model.rowCount() else None


def _channel_name(row: ChannelRow) -> str:
    return row.profile.name_zh if is_chinese() else row.profile.name_en
