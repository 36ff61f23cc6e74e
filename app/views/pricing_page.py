"""The Pricing page: what the consumer pays through the traditional chain, what each channel needs to cover
every cost at the seller's margin, and the gap — the table, the picture, and the inputs behind them.

Data flow (architecture.md): the user edits a field → the page parses it (the engine's `parse_decimal`, so
garbage and negatives are refused in the user's language) → a `PlanCommand` goes on the main window's undo
stack → the service saves the plan and tells its listeners → the page reloads the plan, pushes the values
into the widgets under `QSignalBlocker` (no echo) and recalculates. Recalculation runs on the GUI thread:
measured on the demo suitcase with all ten channels, the engine's `price_channels` takes ~0.5 ms, the service's
`evaluate` (with the chart's data and two small queries) ~2 ms and the whole table-and-picture refresh ~2–7 ms;
an edit including its save (SQLite WAL, synchronous=FULL) ~12 ms — all below a frame, so no worker thread is
needed. The table shows the time each recalculation took.

The fee-profile dialog lives here too: each rule's source, date and status, with rates the user can change
(a change stores a new, dated profile version; undoable).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication, QResizeEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QCompleter, QDialog, QDialogButtonBox, QFileDialog,
    QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton,
    QScrollArea, QSizePolicy, QStyledItemDelegate, QStyleOptionViewItem, QTableView, QTabWidget, QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.models.bilingual import Bilingual, UserFacingError
from app.services.pricing import (
    COST_LABELS, BilingualError, ChainLayer, ChannelProfile, Ending, EndingStyle, Target, TargetKind,
    default_layers,
)
from app.services.pricing_plans import (
    Evaluation, PlanData, PricingEvent, PricingService, check_plan, money_text, parse_money, parse_percent,
    percent_text,
)
from app.views.chain_chart import ChainChart, headline_texts
from app.views.errors import show_error
from app.views.factory_page import card
from app.views.i18n import current_language
from app.views.itemmodels.channel_table import (
    ChainLayerTableModel, ChannelTableModel, Column, FeeRuleTableModel, RuleColumn, status_labels,
)
from app.views.pricing_commands import FeeProfileCommand, PlanCommand
from app.views.resources import icon

UNIT_COSTS = ("materials", "labour", "overhead", "packaging", "inbound_freight", "parcel", "duty", "fulfilment",
              "other")
FIXED_COSTS = ("mould", "tooling", "brand_setup", "photography", "annual_platform_fees", "deposits")
INPUT_PANEL_WIDTH = 390
#: The saving, written big: teal when direct is cheaper, red when it is not.
HEADLINE_STYLE = "QLabel#savingHeadline { font-size: 17pt; font-weight: 700; color: #0F766E; }"
#: Page width from which the inputs sit beside the picture (below it when narrower).
WIDE_LAYOUT = 1000


def _is_zh() -> bool:
    return current_language().startswith("zh")


def cost_label(name: str) -> str:
    """A cost line's label in the UI language (the engine keeps both)."""
    zh, en = COST_LABELS[name]
    return zh if _is_zh() else en


def money_field_text(value: Decimal, currency: str) -> str:
    """An amount for an input field: with the currency's decimals, or every digit when it has more."""
    return money_text(value, currency, symbol=False).replace(",", "") if value == value.quantize(Decimal("0.01")) \
        else f"{value:f}"


def user_error(error: BaseException) -> BaseException:
    """The engine's bilingual errors as the app's user-facing error (so `show_error` shows them plainly)."""
    if isinstance(error, BilingualError):
        return UserFacingError(Bilingual(error.message_zh, error.message_en))
    return error


def _set_invalid(widget: QWidget, message: str | None) -> None:
    widget.setProperty("invalid", message is not None)
    widget.setToolTip(message or "")
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("hintLabel")
    label.setWordWrap(True)
    return label


class _FitLayout(QVBoxLayout):
    """The scrolled content's layout. Without height-for-width, the scroll area fits the content to the window
    down to its minimum height (not the preferred height wrapped labels ask for), so the table shows in full."""

    def hasHeightForWidth(self) -> bool:
        return False


class PricingPage(QWidget):
    """Pick a product and SKU, edit costs, target and chain, compare channels, show and export the picture."""

    def __init__(self, service: PricingService, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.undo_stack = undo_stack
        self.products = service.products()
        self.profiles: tuple[ChannelProfile, ...] = service.profiles()
        self.plan: PlanData | None = None
        self.evaluation: Evaluation | None = None
        self.profile_dialog: FeeProfileDialog | None = None
        self.cost_fields: dict[str, QLineEdit] = {}
        self.fixed_fields: dict[str, QLineEdit] = {}
        self.fx_fields: dict[str, QLineEdit] = {}
        self.channel_boxes: dict[str, QCheckBox] = {}
        self.channel_model = ChannelTableModel()
        self.layer_model = ChainLayerTableModel()
        self.channel_model.price_override_requested.connect(self._on_override)
        self.channel_model.input_refused.connect(lambda text: self.show_message(text, error=True))
        self.layer_model.layer_edit_requested.connect(self._on_layer_edit)
        self.layer_model.input_refused.connect(lambda text: self.show_message(text, error=True))
        self._build()
        token = service.subscribe(self._on_service_event)
        self.destroyed.connect(lambda *_: service.unsubscribe(token))
        if self.products:
            self.select_product(self.products[0].id)
        else:
            self._show_empty()

    # ----- layout -------------------------------------------------------------------------------------------
    def _build(self) -> None:
        content = QWidget()
        column = _FitLayout(content)
        column.setContentsMargins(24, 18, 24, 20)
        column.setSpacing(12)
        column.addLayout(self._header())
        column.addLayout(self._picker_row())
        self.message = QLabel()
        self.message.setObjectName("hintLabel")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        column.addWidget(self.message)
        self.body = QGridLayout()
        self.body.setSpacing(14)
        self.input_panel = self._inputs()
        self.chart_card = self._chart_card()
        self.table_card = self._table_card()
        self.wide: bool | None = None
        self._arrange(wide=True)
        column.addLayout(self.body, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _header(self) -> QHBoxLayout:
        titles = QVBoxLayout()
        titles.setSpacing(2)
        title = QLabel(self.tr("Pricing for value"))
        title.setObjectName("pageTitle")
        subtitle = QLabel(self.tr("What the consumer pays through the old chain, what each channel needs, and the "
                                  "gap."))
        subtitle.setObjectName("pageSubtitle")
        subtitle.setWordWrap(True)
        titles.addWidget(title)
        titles.addWidget(subtitle)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addLayout(titles, 1)
        self.profiles_button = QPushButton(icon("settings"), self.tr("Fee profiles…"))
        self.profiles_button.clicked.connect(lambda: self.open_fee_profiles())
        self.load_button = QPushButton(icon("folder-open"), self.tr("Load scenario…"))
        self.load_button.clicked.connect(self._choose_scenario_to_load)
        self.save_button = QPushButton(icon("save"), self.tr("Save scenario…"))
        self.save_button.setToolTip(self.tr("Save the selected channel's figures as a scenario file, the same JSON "
                                            "the `price` command reads."))
        self.save_button.clicked.connect(self._choose_scenario_to_save)
        for button in (self.profiles_button, self.load_button, self.save_button):
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def _picker_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(8)
        self.product_combo = QComboBox()
        self.product_combo.setObjectName("pricingProduct")
        self.product_combo.setEditable(True)
        self.product_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.product_combo.setMinimumWidth(220)
        self.product_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.product_combo.lineEdit().setPlaceholderText(self.tr("Search by code or name"))
        for product in self.products:
            self.product_combo.addItem(f"{product.code}  ·  {product.name(current_language())}", product.id)
        completer = self.product_combo.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        # currentIndexChanged, not activated: choosing from the search completer changes the index without
        # `activated`; the page's own changes happen under QSignalBlocker, so this fires for the user only.
        self.product_combo.currentIndexChanged.connect(self._on_product_chosen)
        # after the completer has had its say (it handles Return after the line edit does)
        self.product_combo.lineEdit().editingFinished.connect(lambda: QTimer.singleShot(0, self._restore_product_text))
        self.sku_combo = QComboBox()
        self.sku_combo.setObjectName("pricingSku")
        self.sku_combo.setMinimumWidth(180)
        self.sku_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.sku_combo.activated.connect(self._on_sku_chosen)
        for text, widget, stretch in ((self.tr("Product"), self.product_combo, 3), (self.tr("SKU"), self.sku_combo, 2)):
            label = QLabel(text)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget, stretch)
        return row

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(event.size().width() >= WIDE_LAYOUT)

    def _arrange(self, wide: bool) -> None:
        """Wide: inputs beside the picture, the table below both. Narrow: the picture, the table, then the
        inputs, one under the other at full width (the page scrolls)."""
        if wide == self.wide:
            return
        self.wide = wide
        for widget in (self.input_panel, self.chart_card, self.table_card):
            self.body.removeWidget(widget)
        if wide:
            self.input_panel.setFixedWidth(INPUT_PANEL_WIDTH)
            self.body.addWidget(self.input_panel, 0, 0)
            self.body.addWidget(self.chart_card, 0, 1)
            self.body.addWidget(self.table_card, 1, 0, 1, 2)
            self.body.setRowStretch(0, 5)
            self.body.setRowStretch(1, 4)
            self.body.setRowStretch(2, 0)
        else:
            self.input_panel.setMinimumWidth(0)
            self.input_panel.setMaximumWidth(16777215)
            self.body.addWidget(self.chart_card, 0, 0, 1, 2)
            self.body.addWidget(self.table_card, 1, 0, 1, 2)
            self.body.addWidget(self.input_panel, 2, 0, 1, 2)
            for row in range(3):
                self.body.setRowStretch(row, 0)
        self.body.setColumnStretch(0, 0 if wide else 1)
        self.body.setColumnStretch(1, 1)
        self._fit_table()

    def _fit_table(self) -> None:
        """Narrow layout: the table as tall as its rows (the page scrolls, not the table)."""
        if self.wide is False:
            rows = sum(self.table.rowHeight(r) for r in range(self.channel_model.rowCount()))
            self.table.setMinimumHeight(self.table.horizontalHeader().height() + rows + 20)
        else:
            self.table.setMinimumHeight(200)

    def _inputs(self) -> QTabWidget:
        self.tabs = QTabWidget()
        self.tabs.setObjectName("pricingInputs")
        self.tabs.setFixedWidth(INPUT_PANEL_WIDTH)
        self.tabs.setStyleSheet("QTabBar::tab { padding: 8px 9px; margin-right: 2px; }")
        self.tabs.addTab(self._costs_tab(), self.tr("Costs"))
        self.tabs.addTab(self._target_tab(), self.tr("Target"))
        self.tabs.addTab(self._channels_tab(), self.tr("Channels"))
        self.tabs.addTab(self._chain_tab(), self.tr("Chain"))
        self.tabs.addTab(self._fixed_tab(), self.tr("Fixed costs"))
        return self.tabs

    def _money_field(self, name: str, edited: Callable[[], None]) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setAlignment(Qt.AlignmentFlag.AlignRight)
        field.setMaximumWidth(140)
        field.editingFinished.connect(edited)
        return field

    def _field_grid(self, names: tuple[str, ...], fields: dict[str, QLineEdit], prefix: str,
                    commit: Callable[[str], None], per_row: int = 2) -> QGridLayout:
        """Money fields `per_row` to a row: label | field (| label | field)."""
        grid = QGridLayout()
        grid.setVerticalSpacing(5)
        grid.setHorizontalSpacing(8)
        for index, name in enumerate(names):
            field = self._money_field(f"{prefix}_{name}", lambda n=name: commit(n))
            field.setMaximumWidth(84 if per_row > 1 else 130)
            field.setMinimumWidth(72)
            fields[name] = field
            label = QLabel(cost_label(name))
            label.setBuddy(field)
            grid.addWidget(label, index // per_row, (index % per_row) * 2)
            grid.addWidget(field, index // per_row, (index % per_row) * 2 + 1)
        for column in range(per_row):
            grid.setColumnStretch(column * 2, 1)
        return grid

    def _costs_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(14, 12, 14, 10)
        layout.setSpacing(6)
        self.costs_hint = _hint("")
        layout.addWidget(self.costs_hint)
        layout.addLayout(self._field_grid(UNIT_COSTS, self.cost_fields, "cost", self._commit_cost))
        self.ex_factory_label = QLabel()
        self.ex_factory_label.setWordWrap(True)
        self.unit_total_label = QLabel()
        self.unit_total_label.setObjectName("sectionTitle")
        layout.addWidget(self.ex_factory_label)
        layout.addWidget(self.unit_total_label)
        layout.addStretch(1)
        return tab

    def _fixed_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(14, 12, 14, 10)
        layout.setSpacing(6)
        layout.addWidget(_hint(self.tr("Costs to earn back once (and yearly fees): they set the break-even volume. "
                                       "Refundable deposits are cash you need up front, not costs.")))
        layout.addLayout(self._field_grid(FIXED_COSTS, self.fixed_fields, "fixed", self._commit_fixed, per_row=1))
        self.fixed_summary = QLabel()
        self.fixed_summary.setWordWrap(True)
        layout.addWidget(self.fixed_summary)
        layout.addStretch(1)
        return tab

    def _target_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(14, 12, 14, 10)
        layout.setSpacing(6)
        self.target_kind = QComboBox()
        self.target_kind.setObjectName("targetKind")
        for kind, text in ((TargetKind.MARGIN, self.tr("Margin on net revenue")),
                           (TargetKind.MARKUP, self.tr("Markup on cost")),
                           (TargetKind.PRICE, self.tr("Fixed price (evaluate)"))):
            self.target_kind.addItem(text, kind.value)
        self.target_kind.activated.connect(self._on_target_kind)
        self.target_value = self._money_field("targetValue", self._commit_target_value)
        self.target_value.setMaximumWidth(84)
        self.target_value_label = _hint("")
        self.discount = self._money_field("discount", self._commit_discount)
        self.ending = QComboBox()
        self.ending.setObjectName("ending")
        for style, text in ((None, self.tr("Each channel's usual ending")), (EndingStyle.NONE, self.tr("To the cent")),
                            (EndingStyle.END_9, self.tr("Ends in 9 (209)")), (EndingStyle.END_8, self.tr("Ends in 8 (208)")),
                            (EndingStyle.END_99, self.tr("Ends in 99 (299)")), (EndingStyle.X_99, self.tr(".99 (67.99)")),
                            (EndingStyle.X9_9, self.tr("9.90 (159.90)"))):
            self.ending.addItem(text, "" if style is None else style.value)
        self.ending.activated.connect(lambda _i: self._commit_ending())
        self.avoid_4 = QCheckBox(self.tr("Avoid the digit 4"))
        self.avoid_4.clicked.connect(lambda _c: self._commit_ending())
        self.returns_rate = self._money_field("returnsRate", self._commit_return_rate)
        self.loss_per_return = self._money_field("lossPerReturn", self._commit_loss_per_return)
        grid = QGridLayout()
        grid.setVerticalSpacing(5)
        grid.setHorizontalSpacing(8)
        grid.addWidget(QLabel(self.tr("Target")), 0, 0)
        grid.addWidget(self.target_kind, 0, 1, 1, 2)
        grid.addWidget(self.target_value, 0, 3)
        grid.addWidget(self.target_value_label, 1, 1, 1, 3)
        pairs = [(self.tr("Discount %"), self.discount), (self.tr("Return rate %"), self.returns_rate),
                 (self.tr("Loss per return"), self.loss_per_return)]
        for currency in sorted({p.currency for p in self.profiles} - {"CNY"}):
            field = self._money_field(f"fx_{currency}", lambda c=currency: self._commit_fx(c))
            field.setPlaceholderText(self.tr("rate"))
            field.setToolTip(self.tr("Exchange rate for channels selling in %1, dated the day you enter it.")
                             .replace("%1", currency))
            self.fx_fields[currency] = field
            pairs.append((self.tr("1 %1 in CNY").replace("%1", currency), field))
        for index, (text, field) in enumerate(pairs):
            field.setMaximumWidth(84)
            row, col = 2 + index // 2, (index % 2) * 2
            grid.addWidget(QLabel(text), row, col)
            grid.addWidget(field, row, col + 1)
        row = grid.rowCount()
        grid.addWidget(QLabel(self.tr("Price ending")), row, 0)
        grid.addWidget(self.ending, row, 1, 1, 3)
        grid.addWidget(self.avoid_4, row + 1, 1, 1, 3)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(2, 1)
        layout.addLayout(grid)
        layout.addWidget(_hint(self.tr("Typical online return rates: apparel 30–40%, electronics 8–15%, home goods "
                                       "5–10%.")))
        layout.addStretch(1)
        return tab

    def _channels_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(14, 12, 14, 10)
        layout.setSpacing(6)
        layout.addWidget(_hint(self.tr("Channels to compare. Their fees, VAT and usual price endings come from the "
                                       "fee profiles, each figure dated and marked sourced, assumed or to check.")))
        grid = QGridLayout()
        grid.setVerticalSpacing(4)
        for index, profile in enumerate(self.profiles):
            box = QCheckBox()
            box.setObjectName(f"channel_{profile.id}")
            box.clicked.connect(lambda checked, cid=profile.id: self._on_channel_toggled(cid, checked))
            self.channel_boxes[profile.id] = box
            grid.addWidget(box, index // 2, index % 2)
        layout.addLayout(grid)
        self._refresh_channel_labels()
        button = QPushButton(icon("settings"), self.tr("Review fee profiles…"))
        button.clicked.connect(lambda: self.open_fee_profiles())
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return tab

    def _chain_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(14, 12, 14, 10)
        layout.setSpacing(6)
        self.layer_table = QTableView()
        self.layer_table.setToolTip(self.tr("Each layer sells at a margin on its own price (扣点). The defaults are "
                                            "assumptions from trade practice: edit them to your own chain."))
        self.layer_table.setObjectName("chainLayers")
        self.layer_table.setModel(self.layer_model)
        self.layer_table.verticalHeader().setVisible(False)
        self.layer_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.layer_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.layer_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(44)
        self.layer_table.verticalHeader().setDefaultSectionSize(self.layer_table.fontMetrics().lineSpacing() + 10)
        self.layer_table.setMinimumHeight(150)
        layout.addWidget(self.layer_table, 1)
        buttons = QHBoxLayout()
        add = QPushButton(icon("plus"), self.tr("Add layer"))
        add.clicked.connect(self._add_layer)
        remove = QPushButton(icon("trash"), self.tr("Remove"))
        remove.clicked.connect(self._remove_layer)
        reset = QPushButton(icon("refresh"), self.tr("Defaults"))
        reset.clicked.connect(lambda: self._edit(self.tr("Reset the chain"),
                                                 lambda p: replace(p, chain_layers=default_layers())))
        for button in (add, remove, reset):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.chain_summary = QLabel()
        self.chain_summary.setWordWrap(True)
        layout.addWidget(self.chain_summary)
        self.reference_label = _hint("")
        layout.addWidget(self.reference_label)
        return tab

    def _chart_card(self) -> QFrame:
        frame, layout = card(self.tr("Chain vs direct"))
        layout.setContentsMargins(16, 10, 16, 12)
        heading = layout.itemAt(0).widget()
        layout.removeWidget(heading)
        row = QHBoxLayout()
        row.addWidget(heading, 0, Qt.AlignmentFlag.AlignTop)
        row.addStretch(1)
        saving = QVBoxLayout()
        saving.setSpacing(0)
        self.headline = QLabel()
        self.headline.setObjectName("savingHeadline")
        self.headline.setStyleSheet(HEADLINE_STYLE)
        self.headline.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.headline_detail = _hint("")
        self.headline_detail.setWordWrap(False)
        self.headline_detail.setAlignment(Qt.AlignmentFlag.AlignRight)
        saving.addWidget(self.headline)
        saving.addWidget(self.headline_detail)
        row.addLayout(saving)
        self.export_button = QPushButton(icon("download"), self.tr("Export chart…"))
        self.export_button.clicked.connect(self._choose_chart_file)
        row.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.insertLayout(0, row)
        self.chart = ChainChart()
        self.chart.setMinimumHeight(270)
        layout.addWidget(self.chart, 1)
        return frame

    def _table_card(self) -> QFrame:
        frame, layout = card(self.tr("Channels"))
        heading = layout.itemAt(0).widget()
        layout.removeWidget(heading)
        row = QHBoxLayout()
        row.addWidget(heading)
        row.addWidget(_hint(self.tr("Double-click a suggested price to set your own; clear it to go back.")), 1)
        self.timing_label = _hint("")
        self.timing_label.setWordWrap(False)
        row.addWidget(self.timing_label)
        layout.insertLayout(0, row)
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
        self.channel_model.modelReset.connect(self._fit_columns)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_warnings())
        layout.addWidget(self.table, 1)
        self.warning_details = QLabel()
        self.warning_details.setObjectName("warningLabel")
        self.warning_details.setWordWrap(True)
        layout.addWidget(self.warning_details)
        return frame

    # ----- choosing a product -------------------------------------------------------------------------------
    def select_product(self, product_id: int) -> None:
        """Show a product's plan (its saved plan, or the default one). Navigation, not an edit: not undoable."""
        self._select_in_combo(product_id)
        self.plan = self.service.load_plan(product_id)
        self._fill_skus()
        self._show_plan()
        self.recalculate()

    def _select_in_combo(self, product_id: int) -> None:
        with QSignalBlocker(self.product_combo):
            self.product_combo.setCurrentIndex(self.product_combo.findData(product_id))
            self.product_combo.lineEdit().setCursorPosition(0)  # show the code, not the end of a long name

    def _restore_product_text(self) -> None:
        """Searching without choosing leaves the shown product as it was."""
        if isValid(self) and self.plan is not None:
            self._select_in_combo(self.plan.product_id)

    def _on_product_chosen(self, index: int) -> None:
        product_id = self.product_combo.itemData(index)
        if product_id is not None and (self.plan is None or product_id != self.plan.product_id):
            self.select_product(int(product_id))

    def _fill_skus(self) -> None:
        assert self.plan is not None
        with QSignalBlocker(self.sku_combo):
            self.sku_combo.clear()
            currency = self.plan.currency
            for sku in self.service.skus(self.plan.product_id):
                cost = money_text(sku.cost, currency) if sku.cost is not None else self.tr("no cost")
                options = f"  ·  {sku.options}" if sku.options else ""
                self.sku_combo.addItem(f"{sku.code}{options}  ·  {cost}", sku.id)

    def _on_sku_chosen(self, index: int) -> None:
        sku_id = self.sku_combo.itemData(index)
        if self.plan is not None and sku_id != self.plan.sku_id:
            self._edit(self.tr("Choose SKU"), lambda p: self.service.with_sku(p, sku_id))

    def _show_empty(self) -> None:
        for widget in (self.tabs, self.table, self.export_button, self.save_button, self.load_button):
            widget.setEnabled(False)
        self.show_message(self.tr("No products yet: add products in step 2 (Products), or open the demo workspace "
                                  "from the File menu, then come back to price them."))
        self.chart.set_data(None)

    # ----- service → widgets (no echo) ---------------------------------------------------------------------------
    def _show_plan(self) -> None:
        plan = self.plan
        assert plan is not None
        currency = plan.currency
        for name, field in self.cost_fields.items():
            self._put(field, money_field_text(getattr(plan.costs, name), currency))
        for name, field in self.fixed_fields.items():
            self._put(field, money_field_text(getattr(plan.fixed, name), currency))
        with QSignalBlocker(self.sku_combo):
            self.sku_combo.setCurrentIndex(self.sku_combo.findData(plan.sku_id))
        with QSignalBlocker(self.target_kind):
            self.target_kind.setCurrentIndex(self.target_kind.findData(plan.target.kind.value))
        if plan.target.kind is TargetKind.PRICE:
            self.target_value_label.setText(self.tr("A price to evaluate on every channel, in each channel's "
                                                    "currency. The table shows the margin and markup it gives."))
            self._put(self.target_value, money_field_text(plan.target.value, currency))
        elif plan.target.kind is TargetKind.MARGIN:
            self.target_value_label.setText(self.tr("Margin on net revenue (after VAT), in %. The table also shows "
                                                    "the markup on cost it gives."))
            self._put(self.target_value, percent_text(plan.target.value, 4))
        else:
            self.target_value_label.setText(self.tr("Markup on cost, in %. The table also shows the margin on net "
                                                    "revenue it gives."))
            self._put(self.target_value, percent_text(plan.target.value, 4))
        self._put(self.discount, percent_text(plan.discount, 4))
        with QSignalBlocker(self.ending):
            self.ending.setCurrentIndex(self.ending.findData("" if plan.ending is None else plan.ending.style.value))
        with QSignalBlocker(self.avoid_4):
            self.avoid_4.setChecked(plan.ending is not None and plan.ending.avoid_digit_4)
            self.avoid_4.setEnabled(plan.ending is not None)
        self._put(self.returns_rate, percent_text(plan.returns.rate, 4))
        self._put(self.loss_per_return, money_field_text(plan.returns.loss_per_return, currency))
        for source, field in self.fx_fields.items():
            rate = plan.fx_rate(source)
            self._put(field, "" if rate is None else f"{rate:f}")
        for channel_id, box in self.channel_boxes.items():
            with QSignalBlocker(box):
                box.setChecked(channel_id in plan.channel_ids)
        self.layer_model.set_layers(plan.chain_layers)
        self._show_cost_summaries()

    @staticmethod
    def _put(field: QLineEdit, text: str) -> None:
        with QSignalBlocker(field):
            field.setText(text)
        _set_invalid(field, None)

    def _show_cost_summaries(self) -> None:
        plan = self.plan
        assert plan is not None
        currency = plan.currency
        sku = next((s for s in self.service.skus(plan.product_id) if s.id == plan.sku_id), None)
        self.costs_hint.setText(self.tr("Per unit, before VAT, in %1. The ex-factory cost starts as the SKU's cost; "
                                        "add what it takes to reach the buyer.").replace("%1", currency))
        seeded = "" if sku is None or sku.cost is None else "  " + self.tr("(SKU cost %1)").replace(
            "%1", money_text(sku.cost, currency))
        self.ex_factory_label.setText(self.tr("Ex-factory cost (materials + labour + overhead): %1")
                                      .replace("%1", money_text(plan.costs.ex_factory, currency)) + seeded)
        self.unit_total_label.setText(self.tr("All unit costs: %1").replace("%1", money_text(plan.costs.total, currency)))
        self.fixed_summary.setText(self.tr("To earn back: %1 · cash needed up front (with deposits): %2")
                                   .replace("%1", money_text(plan.fixed.total, currency))
                                   .replace("%2", money_text(plan.fixed.cash_needed, currency)))

    def _refresh_channel_labels(self) -> None:
        for profile in self.profiles:
            box = self.channel_boxes.get(profile.id)
            if box is None:
                continue
            name = profile.name_zh if _is_zh() else profile.name_en
            short = re.sub(r"\s*[(（][^)）]*[)）]", "", name) or name  # "ODM platform (Yanxuan/Youpin)" → tooltip
            box.setText(short if profile.currency == "CNY" else f"{short} ({profile.currency})")
            checks = sum(1 for r in profile.rules if r.status.value != "sourced")
            box.setToolTip(name + " — " + self.tr("version %1 from %2; %3 of %4 fee figures assumed or to check.")
                           .replace("%1", str(profile.version)).replace("%2", profile.effective_from.isoformat())
                           .replace("%3", str(checks)).replace("%4", str(len(profile.rules))))

    # ----- recalculation ----------------------------------------------------------------------------------------
    def recalculate(self) -> None:
        """Price the plan on its channels (~2 ms for ten, see the module docstring); refresh table and picture."""
        if self.plan is None:
            return
        evaluation = self.service.evaluate(self.plan, self.profiles)
        self.evaluation = evaluation
        widths_changed = self._widths_changed(evaluation)
        self.channel_model.set_rows(evaluation.rows)
        if widths_changed:
            self._fit_columns()
        self._update_spans()
        self.chart.set_data(evaluation.chart)
        headline = headline_texts(evaluation.chart, current_language())
        cheaper = evaluation.chart.headline is None or evaluation.chart.headline.saving > 0
        self.headline.setStyleSheet(HEADLINE_STYLE.replace("#0F766E", "#0F766E" if cheaper else "#B91C1C"))
        self.headline.setText(headline[0] if headline else "")
        self.headline_detail.setText(headline[1] if headline else "")
        self._show_chain_summary()
        self._show_warnings()
        self.timing_label.setText(self.tr("%1 channels priced in %2 ms")
                                  .replace("%1", str(len(evaluation.rows)))
                                  .replace("%2", f"{evaluation.elapsed_ms:.1f}"))

    def _widths_changed(self, evaluation: Evaluation) -> bool:
        """Whether a figure got more digits (¥99.90 → ¥100.90): then the columns are fitted again."""
        def lengths(rows: Any) -> list[tuple[int, ...]]:
            return [tuple(len(money_text(v or Decimal(0), "CNY")) for v in (
                r.outcome.result.floor_price, r.outcome.result.price, r.outcome.result.contribution))
                if r.outcome.result else () for r in rows]
        return lengths(evaluation.rows) != lengths(self.channel_model.rows())

    def _fit_columns(self) -> None:
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
        lines = [f"⚠ {self._channel_name(r)}: {w.text(lang)}" for r in chosen for w in r.warnings]
        more = len(lines) - 2
        text = "\n".join(lines[:2]) + (("\n" + self.tr("… and %1 more: select a row to see its warnings.")
                                          .replace("%1", str(more))) if more > 0 else "")
        self.warning_details.setText(text)
        self.warning_details.setVisible(bool(lines))

    @staticmethod
    def _channel_name(row: Any) -> str:
        return row.profile.name_zh if _is_zh() else row.profile.name_en

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
        self._fit_table()

    def _show_chain_summary(self) -> None:
        assert self.plan is not None and self.evaluation is not None
        currency = self.plan.currency
        chain = self.evaluation.chain
        if chain is None:
            self.chain_summary.setText(self.tr("Enter an ex-factory cost and at least one layer to see the chain."))
        else:
            self.chain_summary.setText(self.tr("Consumer price through the chain: %1 — %2× the ex-factory cost.")
                                       .replace("%1", money_text(chain.price, currency))
                                       .replace("%2", chain.multiple_text))
        reference = self.evaluation.chart.reference
        if reference is None:
            self.reference_label.setText("")
        else:
            self.reference_label.setText(self.tr("Private reference, never used in listings: %1 at %2.")
                                         .replace("%1", reference.label)
                                         .replace("%2", money_text(reference.price, reference.currency)))

    def _on_service_event(self, event: PricingEvent) -> None:
        """The service saved something (an edit, an undo or a redo): show it."""
        if not isValid(self):
            return
        if event.kind == "profiles":
            self.profiles = self.service.profiles()
            self._refresh_channel_labels()
            if self.profile_dialog is not None and isValid(self.profile_dialog):
                self.profile_dialog.refresh(self.profiles)
            self.recalculate()
        elif event.kind == "plan" and event.product_id is not None:
            if self.plan is None or event.product_id != self.plan.product_id:
                self._select_in_combo(event.product_id)
                self.plan = self.service.load_plan(event.product_id)
                self._fill_skus()
            else:
                self.plan = self.service.load_plan(event.product_id)
            self._show_plan()
            self.recalculate()

    # ----- widgets → service (undoable) ----------------------------------------------------------------------------
    def _edit(self, text: str, build: Callable[[PlanData], PlanData], field: QWidget | None = None) -> bool:
        """Build the new plan from the current one; refuse bad input at `field`; push the change as a command."""
        if self.plan is None:
            return False
        try:
            updated = build(self.plan)
            check_plan(updated)
        except BilingualError as error:
            message = error.message(current_language())
            if field is not None:
                _set_invalid(field, message)
            self.show_message(message, error=True)
            return False
        if field is not None:
            _set_invalid(field, None)
        self.show_message("")
        if updated == self.plan:
            self._show_plan()  # e.g. "¥36.8" typed for 36.80: show it the usual way
            return True
        self.undo_stack.push(PlanCommand(self.service, self.plan, updated, text))
        return True

    def _commit_cost(self, name: str) -> None:
        field = self.cost_fields[name]
        self._edit(self.tr("Change %1").replace("%1", cost_label(name)),
                   lambda p: p.with_cost(name, parse_money(field.text())), field)

    def _commit_fixed(self, name: str) -> None:
        field = self.fixed_fields[name]
        self._edit(self.tr("Change %1").replace("%1", cost_label(name)),
                   lambda p: p.with_fixed(name, parse_money(field.text())), field)

    def _commit_target_value(self) -> None:
        def build(plan: PlanData) -> PlanData:
            kind = plan.target.kind
            text = self.target_value.text()
            value = parse_money(text) if kind is TargetKind.PRICE else parse_percent(text)
            return replace(plan, target=Target(kind, value))
        self._edit(self.tr("Change target"), build, self.target_value)

    def _on_target_kind(self, index: int) -> None:
        if self.plan is None:
            return
        kind = TargetKind(self.target_kind.itemData(index))
        current = self.plan.target
        if kind is current.kind:
            return
        if kind is TargetKind.PRICE:
            priced = [r.outcome.result.price for r in (self.evaluation.rows if self.evaluation else ())
                      if r.outcome.result is not None and r.profile.currency == self.plan.currency]
            value = priced[0] if priced else Decimal("100")
        else:
            value = current.value if current.kind is not TargetKind.PRICE else Decimal("0.20")
        self._edit(self.tr("Change target"), lambda p: replace(p, target=Target(kind, value)))

    def _commit_discount(self) -> None:
        self._edit(self.tr("Change discount"),
                   lambda p: replace(p, discount=parse_percent(self.discount.text() or "0")), self.discount)

    def _commit_ending(self) -> None:
        style = self.ending.currentData()
        ending = None if not style else Ending(EndingStyle(style), self.avoid_4.isChecked())
        self._edit(self.tr("Change price ending"), lambda p: replace(p, ending=ending))

    def _commit_return_rate(self) -> None:
        self._edit(self.tr("Change the return rate"), lambda p: replace(
            p, returns=replace(p.returns, rate=parse_percent(self.returns_rate.text() or "0"))), self.returns_rate)

    def _commit_loss_per_return(self) -> None:
        self._edit(self.tr("Change the loss per return"), lambda p: replace(
            p, returns=replace(p.returns, loss_per_return=parse_money(self.loss_per_return.text() or "0"))),
            self.loss_per_return)

    def _commit_fx(self, currency: str) -> None:
        field = self.fx_fields[currency]

        def build(plan: PlanData) -> PlanData:
            text = field.text().strip()
            rate = parse_money(text) if text else None
            if rate is not None and rate <= 0:
                raise _positive_rate_error()
            if rate == plan.fx_rate(currency):
                return plan
            return plan.with_fx_rate(currency, rate, self.service.today())
        self._edit(self.tr("Change exchange rate"), build, field)

    def _on_channel_toggled(self, channel_id: str, checked: bool) -> None:
        text = self.tr("Compare channel") if checked else self.tr("Leave out channel")
        self._edit(text, lambda p: p.with_channel(channel_id, checked))

    def _on_override(self, channel_id: str, price: Decimal | None) -> None:
        text = self.tr("Set a channel's price") if price is not None else self.tr("Use the suggested price")
        self._edit(text, lambda p: p.with_override(channel_id, price))

    def _on_layer_edit(self, row: int, changes: dict[str, Any]) -> None:
        self._edit(self.tr("Change chain layer"), lambda p: p.with_layer(row, **changes))

    def _add_layer(self) -> None:
        name = self.tr("New layer")
        layer = ChainLayer(name, name, Decimal("0.20"), is_assumption=True)
        self._edit(self.tr("Add chain layer"), lambda p: replace(p, chain_layers=p.chain_layers + (layer,)))

    def _remove_layer(self) -> None:
        if self.plan is None or not self.plan.chain_layers:
            return
        selected = self.layer_table.selectionModel().selectedRows()
        row = selected[0].row() if selected else len(self.plan.chain_layers) - 1
        self._edit(self.tr("Remove chain layer"),
                   lambda p: replace(p, chain_layers=p.chain_layers[:row] + p.chain_layers[row + 1:]))

    def show_message(self, text: str, error: bool = False) -> None:
        """A note or a refusal above the panels (empty text hides it)."""
        self.message.setObjectName("errorLabel" if error else "hintLabel")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # ----- fee profiles -------------------------------------------------------------------------------------------
    def open_fee_profiles(self, channel_id: str | None = None) -> FeeProfileDialog:
        """Show the fee-profile editor (modeless), on `channel_id` or the selected row's channel."""
        if channel_id is None:
            channel_id = self.selected_channel()
        if self.profile_dialog is None or not isValid(self.profile_dialog):
            self.profile_dialog = FeeProfileDialog(self)
        self.profile_dialog.refresh(self.profiles)
        if channel_id is not None:
            self.profile_dialog.select_channel(channel_id)
        self.profile_dialog.show()
        if QGuiApplication.platformName() != "offscreen":  # that plugin warns it cannot raise windows
            self.profile_dialog.raise_()
        return self.profile_dialog

    def edit_fee_rule(self, channel_id: str, rule_id: str, changes: dict[str, Any]) -> bool:
        """Store a channel's fee rule change as a new profile version (undoable)."""
        try:
            profile = self.service.edited_rule_profile(channel_id, rule_id, **changes)
        except BilingualError as error:
            self.show_message(error.message(current_language()), error=True)
            return False
        rule = next(r for r in profile.rules if r.id == rule_id)
        name = rule.name_zh if _is_zh() else rule.name_en
        self.undo_stack.push(FeeProfileCommand(self.service, profile,
                                               self.tr("Change fee %1").replace("%1", name)))
        return True

    def selected_channel(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if rows:
            return self.channel_model.row_at(rows[0].row()).channel_id
        return self.channel_model.row_at(0).channel_id if self.channel_model.rowCount() else None

    # ----- files ---------------------------------------------------------------------------------------------------
    def _product_code(self) -> str:
        assert self.plan is not None
        return next((p.code for p in self.products if p.id == self.plan.product_id), "product")

    def _choose_scenario_to_save(self) -> None:
        channel_id = self.selected_channel()
        if self.plan is None or channel_id is None:
            self.show_message(self.tr("Pick at least one channel first."), error=True)
            return
        default = str(Path.home() / f"{self._product_code()}-{channel_id}.json")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save scenario"), default,
                                              self.tr("Scenario files (*.json)"))
        if path:
            self.save_scenario(Path(path), channel_id)

    def save_scenario(self, path: Path, channel_id: str) -> bool:
        """Write the plan on one channel as a scenario file (the `price` command's JSON)."""
        assert self.plan is not None
        try:
            export = self.service.save_scenario(self.plan, channel_id, path)
        except (BilingualError, OSError) as error:
            show_error(self, user_error(error), self.tr("Can't save the scenario"))
            return False
        notes = " ".join(n.text(current_language()) for n in export.notes)
        self.show_message(self.tr("Saved the scenario to %1.").replace("%1", str(path)) + (" " + notes if notes else ""))
        return True

    def _choose_scenario_to_load(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Load scenario"), str(Path.home()),
                                              self.tr("Scenario files (*.json);;All files (*)"))
        if path:
            self.load_scenario(Path(path))

    def load_scenario(self, path: Path) -> bool:
        """Apply a scenario file to the current product's plan (one undoable step)."""
        if self.plan is None:
            return False
        try:
            scenario = self.service.read_scenario(path)
            updated, notes = self.service.plan_from_scenario(self.plan, scenario)
        except BilingualError as error:
            show_error(self, user_error(error), self.tr("Can't load the scenario"))
            return False
        if updated != self.plan:
            self.undo_stack.push(PlanCommand(self.service, self.plan, updated, self.tr("Load scenario")))
        text = " ".join(n.text(current_language()) for n in notes)
        self.show_message(self.tr("Loaded %1.").replace("%1", path.name) + (" " + text if text else ""))
        return True

    def _choose_chart_file(self) -> None:
        """Ask where and in which format: a vector PDF (the default, for print) or a PNG (for slides)."""
        pdf_filter, png_filter = self.tr("PDF (vector) (*.pdf)"), self.tr("PNG image (*.png)")
        default = str(Path.home() / f"{self._product_code() if self.plan else 'pricing'}-chain-vs-direct.pdf")
        path, chosen = QFileDialog.getSaveFileName(self, self.tr("Export chart"), default,
                                                   f"{pdf_filter};;{png_filter}")
        if path:
            self.export_chart(chart_file(Path(path), ".png" if chosen == png_filter else ".pdf"))

    def export_chart(self, path: Path) -> bool:
        """Save the picture in the format its suffix names: a 2× PNG for ".png", else a vector PDF."""
        try:
            written = self.chart.export_png(path) if path.suffix.lower() == ".png" else self.chart.export_pdf(path)
        except (OSError, UserFacingError) as error:
            show_error(self, error, self.tr("Can't export the picture"))
            return False
        self.show_message(self.tr("Saved the picture to %1.").replace("%1", str(written)))
        return True


def chart_file(path: Path, chosen_suffix: str) -> Path:
    """The file to write the chart to: a typed ".pdf" or ".png" decides the format (whatever the filter says);
    any other name gets the suffix of the format chosen in the dialog ("plan v1.2" → "plan v1.2.pdf")."""
    if path.suffix.lower() in (".pdf", ".png"):
        return path
    return path.with_name(path.name + chosen_suffix)


def _positive_rate_error() -> BilingualError:
    return BilingualError("An exchange rate must be above 0.", "汇率必须大于 0。")


# ---------------------------------------------------------------- the fee-profile editor


class StatusDelegate(QStyledItemDelegate):
    """Edits a rule's status with a list: sourced / assumed / to check."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        combo = QComboBox(parent)
        for status, label in status_labels().items():
            combo.addItem(label, status.value)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class FeeProfileDialog(QDialog):
    """Each channel's fee rules with source, date and status; a changed rate is saved as a new version."""

    def __init__(self, page: PricingPage) -> None:
        super().__init__(page)
        self.page = page
        self.profiles: tuple[ChannelProfile, ...] = ()
        self.setWindowTitle(self.tr("Channel fee profiles"))
        self.resize(1180, 600)
        self.channels = QListWidget()
        self.channels.setFixedWidth(210)
        self.channels.currentRowChanged.connect(self._show_current)
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.meta = QLabel()
        self.meta.setObjectName("pageSubtitle")
        self.meta.setWordWrap(True)
        self.notes = _hint("")
        self.rules = FeeRuleTableModel()
        self.rules.rule_edit_requested.connect(self._on_rule_edit)
        self.rules.input_refused.connect(self._refuse)
        self.table = QTableView()
        self.table.setObjectName("feeRules")
        self.table.setModel(self.rules)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.setItemDelegateForColumn(RuleColumn.STATUS, StatusDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RuleColumn.SOURCE, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.history = _hint("")
        self.error = QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        right = QVBoxLayout()
        for widget in (self.title, self.meta, self.notes):
            right.addWidget(widget)
        right.addWidget(_hint(self.tr("Double-click a rate, source or status to change it. Each change is saved as a "
                                      "new version dated today; Undo (Ctrl+Z) takes it back.")))
        right.addWidget(self.table, 1)
        right.addWidget(self.history)
        right.addWidget(self.error)
        right.addWidget(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(self.channels)
        layout.addLayout(right, 1)

    def refresh(self, profiles: tuple[ChannelProfile, ...]) -> None:
        """Show the current profiles, keeping the selected channel."""
        current = self.current_channel()
        self.profiles = profiles
        with QSignalBlocker(self.channels):
            self.channels.clear()
            for profile in profiles:
                name = profile.name_zh if _is_zh() else profile.name_en
                item = QListWidgetItem(f"{name}\n" + self.tr("version %1 · %2").replace("%1", str(profile.version))
                                       .replace("%2", profile.effective_from.isoformat()))
                item.setData(Qt.ItemDataRole.UserRole, profile.id)
                self.channels.addItem(item)
        self.select_channel(current or (profiles[0].id if profiles else ""))

    def current_channel(self) -> str | None:
        item = self.channels.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def select_channel(self, channel_id: str) -> None:
        for row in range(self.channels.count()):
            if self.channels.item(row).data(Qt.ItemDataRole.UserRole) == channel_id:
                with QSignalBlocker(self.channels):
                    self.channels.setCurrentRow(row)
                self._show_current(row)
                return

    def _show_current(self, row: int) -> None:
        if not 0 <= row < len(self.profiles):
            self.rules.set_profile(None)
            return
        profile = self.profiles[row]
        zh = _is_zh()
        self.title.setText(profile.name_zh if zh else profile.name_en)
        vat = percent_text(profile.vat_rate, 1)
        included = self.tr("prices include VAT") if profile.prices_include_vat else self.tr("prices exclude VAT")
        self.meta.setText(self.tr("Version %1, effective %2 · %3 · VAT %4, %5 · usual ending %6")
                          .replace("%1", str(profile.version)).replace("%2", profile.effective_from.isoformat())
                          .replace("%3", profile.currency).replace("%4", vat).replace("%5", included)
                          .replace("%6", profile.ending.style.value + (" ≠4" if profile.ending.avoid_digit_4 else "")))
        self.notes.setText(profile.notes_zh if zh else profile.notes_en)
        self.rules.set_profile(profile)
        self.table.resizeRowsToContents()
        history = self.page.service.profile_history(profile.id)
        shipped, edited = self.tr("%1 (%2, shipped)"), self.tr("%1 (%2, edited)")
        parts = [(shipped if item.shipped else edited).replace("%1", f"v{item.version}")
                 .replace("%2", item.effective_from.isoformat()) for item in history]
        self.history.setText(self.tr("Versions: %1").replace("%1", ", ".join(parts)))
        self.error.setText("")

    def _on_rule_edit(self, rule_id: str, changes: dict[str, Any]) -> None:
        channel_id = self.current_channel()
        if channel_id is not None:
            self.page.edit_fee_rule(channel_id, rule_id, changes)

    def _refuse(self, text: str) -> None:
        self.error.setText(text)
