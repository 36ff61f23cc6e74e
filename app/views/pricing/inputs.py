"""The Pricing page's input panel: the Costs, Target, Channels, Chain and Fixed costs tabs, built once and
filled from the plan whenever it changes — under `QSignalBlocker`, so filling a field never comes back as an
edit.

`PricingInputs` is one of the page's parts: it reads and edits the shared `PricingState`; each field's edit
becomes one undoable plan change there. Its strings are in the "PricingPage" translation context with the
page's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.kernel.text import money_text, percent_text
from app.services.pricing import ChainLayer, Ending, EndingStyle, Target, TargetKind, default_layers
from app.services.pricing.exchange_rates import rate_in_force, shown_rate
from app.services.pricing.plans import PlanData, parse_money, parse_percent
from app.views.kit.i18n import is_chinese
from app.views.kit.resources import icon
from app.views.pricing.channel_table import ChainLayerTableModel
from app.views.pricing.common import cost_label, hint_label, set_invalid
from app.views.pricing.state import PricingState

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls

UNIT_COSTS = ("materials", "labour", "overhead", "packaging", "inbound_freight", "parcel", "duty", "fulfilment",
              "other")
FIXED_COSTS = ("mould", "tooling", "brand_setup", "photography", "annual_platform_fees", "deposits")
INPUT_PANEL_WIDTH = 390


def money_field_text(value: Decimal, currency: str) -> str:
    """An amount for an input field: with the currency's decimals, or every digit when it has more."""
    return money_text(value, currency, symbol=False).replace(",", "") if value == value.quantize(Decimal("0.01")) \
        else f"{value:f}"


class PricingInputs(QTabWidget):
    """The Costs, Target, Channels, Chain and Fixed costs tabs: each field's edit goes to the state as one
    undoable change; a new plan, new rates or new profiles from the state are shown without echo."""

    def __init__(self, state: PricingState, open_exchange_rates: Callable[[], object],
                 open_fee_profiles: Callable[[], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.open_exchange_rates = open_exchange_rates
        self.open_fee_profiles = open_fee_profiles
        self.cost_fields: dict[str, QLineEdit] = {}
        self.fixed_fields: dict[str, QLineEdit] = {}
        self.fx_fields: dict[str, QLineEdit] = {}
        self.fx_shown: dict[str, str] = {}  # what each rate field shows, from the workspace's table
        self.channel_boxes: dict[str, QCheckBox] = {}
        self.layer_model = ChainLayerTableModel()
        self.layer_model.layer_edit_requested.connect(self._on_layer_edit)
        self.layer_model.input_refused.connect(lambda text: state.message.emit(text, True))
        self.setObjectName("pricingInputs")
        self.setFixedWidth(INPUT_PANEL_WIDTH)
        self.setStyleSheet("QTabBar::tab { padding: 8px 9px; margin-right: 2px; }")
        self.addTab(self._costs_tab(), self.tr("Costs"))
        self.addTab(self._target_tab(), self.tr("Target"))
        self.addTab(self._channels_tab(), self.tr("Channels"))
        self.addTab(self._chain_tab(), self.tr("Chain"))
        self.addTab(self._fixed_tab(), self.tr("Fixed costs"))
        state.plan_shown.connect(self.show_plan)
        state.rates_changed.connect(self.show_rates)
        state.profiles_changed.connect(self.refresh_channel_labels)
        state.evaluated.connect(self._show_chain_summary)

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
            field = self._money_field(f"{prefix}_{name}", partial(commit, name))
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
        self.costs_hint = hint_label("")
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
        layout.addWidget(hint_label(self.tr("Costs to earn back once (and yearly fees): they set the "
                                            "break-even volume. Refundable deposits are cash you need "
                                            "up front, not costs.")))
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
        self.target_value_label = hint_label("")
        self.discount = self._money_field("discount", self._commit_discount)
        self.ending = QComboBox()
        self.ending.setObjectName("ending")
        for style, text in ((None, self.tr("Each channel's usual ending")),
                            (EndingStyle.NONE, self.tr("To the cent")),
                            (EndingStyle.END_9, self.tr("Ends in 9 (209)")),
                            (EndingStyle.END_8, self.tr("Ends in 8 (208)")),
                            (EndingStyle.END_99, self.tr("Ends in 99 (299)")),
                            (EndingStyle.X_99, self.tr(".99 (67.99)")),
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
        pairs = [(self.tr("Discount %"), self.discount),
                 (self.tr("Return rate %"), self.returns_rate),
                 (self.tr("Loss per return"), self.loss_per_return)]
        for currency in sorted({p.currency for p in self.state.profiles} - {"CNY"}):
            field = self._money_field(f"fx_{currency}", partial(self._commit_fx, currency))
            field.setPlaceholderText(self.tr("rate"))
            field.setToolTip(self.tr("The workspace's exchange rate for channels selling in %1, "
                                     "used for every product; a change is dated today. All "
                                     "rates: Settings → Exchange rates…").replace("%1", currency))
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
        self.rates_button = QPushButton(icon("globe"), self.tr("Exchange rates…"))
        self.rates_button.setObjectName("openExchangeRates")
        self.rates_button.setToolTip(self.tr("Every dated rate of the workspace, for all products"))
        self.rates_button.clicked.connect(lambda: self.open_exchange_rates())
        grid.addWidget(self.rates_button, row + 2, 1, 1, 3, Qt.AlignmentFlag.AlignLeft)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(2, 1)
        layout.addLayout(grid)
        layout.addWidget(hint_label(self.tr("Typical online return rates: apparel 30–40%, "
                                            "electronics 8–15%, home goods 5–10%.")))
        layout.addStretch(1)
        return tab

    def _channels_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(14, 12, 14, 10)
        layout.setSpacing(6)
        layout.addWidget(hint_label(self.tr("Channels to compare. Their fees, VAT and usual price "
                                            "endings come from the fee profiles, each figure dated "
                                            "and marked sourced, assumed or to check.")))
        grid = QGridLayout()
        grid.setVerticalSpacing(4)
        for index, profile in enumerate(self.state.profiles):
            box = QCheckBox()
            box.setObjectName(f"channel_{profile.id}")
            box.clicked.connect(lambda checked, cid=profile.id: self._on_channel_toggled(cid, checked))
            self.channel_boxes[profile.id] = box
            grid.addWidget(box, index // 2, index % 2)
        layout.addLayout(grid)
        self.refresh_channel_labels()
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
        self.layer_table.setToolTip(self.tr("Each layer sells at a margin on its own price (扣点). "
                                            "The defaults are assumptions from trade practice: edit "
                                            "them to your own chain."))
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
        reset.clicked.connect(lambda: self.state.edit(self.tr("Reset the chain"),
                                                      lambda p: replace(p, chain_layers=default_layers())))
        for button in (add, remove, reset):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.chain_summary = QLabel()
        self.chain_summary.setWordWrap(True)
        layout.addWidget(self.chain_summary)
        self.reference_label = hint_label("")
        layout.addWidget(self.reference_label)
        return tab

    # ----- plan → fields (no echo) --------------------------------------------------------------------------------
    def show_plan(self) -> None:
        plan = self.state.plan
        if plan is None:
            return
        currency = plan.currency
        for name, field in self.cost_fields.items():
            self._put(field, money_field_text(getattr(plan.costs, name), currency))
        for name, field in self.fixed_fields.items():
            self._put(field, money_field_text(getattr(plan.fixed, name), currency))
        with QSignalBlocker(self.target_kind):
            self.target_kind.setCurrentIndex(self.target_kind.findData(plan.target.kind.value))
        if plan.target.kind is TargetKind.PRICE:
            self.target_value_label.setText(self.tr("A price to evaluate on every channel, in each "
                                                    "channel's currency. The table shows the margin "
                                                    "and markup it gives."))
            self._put(self.target_value, money_field_text(plan.target.value, currency))
        elif plan.target.kind is TargetKind.MARGIN:
            self.target_value_label.setText(self.tr("Margin on net revenue (after VAT), in %. The "
                                                    "table also shows the markup on cost it gives."))
            self._put(self.target_value, percent_text(plan.target.value, 4))
        else:
            self.target_value_label.setText(self.tr("Markup on cost, in %. The table also shows the "
                                                    "margin on net revenue it gives."))
            self._put(self.target_value, percent_text(plan.target.value, 4))
        self._put(self.discount, percent_text(plan.discount, 4))
        with QSignalBlocker(self.ending):
            self.ending.setCurrentIndex(self.ending.findData("" if plan.ending is None else plan.ending.style.value))
        with QSignalBlocker(self.avoid_4):
            self.avoid_4.setChecked(plan.ending is not None and plan.ending.avoid_digit_4)
            self.avoid_4.setEnabled(plan.ending is not None)
        self._put(self.returns_rate, percent_text(plan.returns.rate, 4))
        self._put(self.loss_per_return, money_field_text(plan.returns.loss_per_return, currency))
        self.show_rates()
        for channel_id, box in self.channel_boxes.items():
            with QSignalBlocker(box):
                box.setChecked(channel_id in plan.channel_ids)
        self.layer_model.set_layers(plan.chain_layers)
        self._show_cost_summaries()

    def show_rates(self) -> None:
        """Each rate field: the workspace's rate in force today, 1 <currency> in the plan's currency ("" when
        the table has none); what is shown is kept, so leaving a field unchanged writes nothing."""
        if self.state.plan is None:
            return
        rates, today = self.state.rates()
        for source, field in self.fx_fields.items():
            row = rate_in_force(rates, source, self.state.plan.currency, today)
            self.fx_shown[source] = "" if row is None else f"{shown_rate(row, source):f}"
            self._put(field, self.fx_shown[source])

    @staticmethod
    def _put(field: QLineEdit, text: str) -> None:
        with QSignalBlocker(field):
            field.setText(text)
        set_invalid(field, None)

    def _show_cost_summaries(self) -> None:
        plan = self.state.plan
        assert plan is not None
        currency = plan.currency
        sku = next((s for s in self.state.service.skus(plan.product_id) if s.id == plan.sku_id), None)
        self.costs_hint.setText(self.tr("Per unit, before VAT, in %1. The ex-factory cost starts as "
                                        "the SKU's cost; add what it takes to reach the buyer.")
                                .replace("%1", currency))
        seeded = "" if sku is None or sku.cost is None else "  " + self.tr("(SKU cost %1)").replace(
            "%1", money_text(sku.cost, currency))
        self.ex_factory_label.setText(self.tr("Ex-factory cost (materials + labour + overhead): %1")
                                      .replace("%1", money_text(plan.costs.ex_factory, currency)) + seeded)
        self.unit_total_label.setText(self.tr("All unit costs: %1")
                                      .replace("%1", money_text(plan.costs.total, currency)))
        self.fixed_summary.setText(self.tr("To earn back: %1 · cash needed up front (with "
                                           "deposits): %2")
                                   .replace("%1", money_text(plan.fixed.total, currency))
                                   .replace("%2", money_text(plan.fixed.cash_needed, currency)))

    def refresh_channel_labels(self) -> None:
        for profile in self.state.profiles:
            box = self.channel_boxes.get(profile.id)
            if box is None:
                continue
            name = profile.name_zh if is_chinese() else profile.name_en
            short = re.sub(r"\s*[(（][^)）]*[)）]", "", name) or name  # "ODM platform (Yanxuan/Youpin)" → tooltip
            box.setText(short if profile.currency == "CNY" else f"{short} ({profile.currency})")
            checks = sum(1 for r in profile.rules if r.status.value != "sourced")
            box.setToolTip(name + " — " + self.tr("version %1 from %2; %3 of %4 fee figures assumed "
                                                  "or to check.")
                           .replace("%1", str(profile.version)).replace("%2", profile.effective_from.isoformat())
                           .replace("%3", str(checks)).replace("%4", str(len(profile.rules))))

    # ----- fields → state (each change one undoable step) ----------------------------------------------------
    def _commit_cost(self, name: str) -> None:
        field = self.cost_fields[name]
        self.state.edit(self.tr("Change %1").replace("%1", cost_label(name)),
                        lambda p: p.with_cost(name, parse_money(field.text())), field)

    def _commit_fixed(self, name: str) -> None:
        field = self.fixed_fields[name]
        self.state.edit(self.tr("Change %1").replace("%1", cost_label(name)),
                        lambda p: p.with_fixed(name, parse_money(field.text())), field)

    def _commit_target_value(self) -> None:
        def build(plan: PlanData) -> PlanData:
            kind = plan.target.kind
            text = self.target_value.text()
            value = parse_money(text) if kind is TargetKind.PRICE else parse_percent(text)
            return replace(plan, target=Target(kind, value))
        self.state.edit(self.tr("Change target"), build, self.target_value)

    def _on_target_kind(self, index: int) -> None:
        plan, evaluation = self.state.plan, self.state.evaluation
        if plan is None:
            return
        kind = TargetKind(self.target_kind.itemData(index))
        current = plan.target
        if kind is current.kind:
            return
        if kind is TargetKind.PRICE:
            priced = [r.outcome.result.price for r in (evaluation.rows if evaluation else ())
                      if r.outcome.result is not None and r.profile.currency == plan.currency]
            value = priced[0] if priced else Decimal("100")
        else:
            value = current.value if current.kind is not TargetKind.PRICE else Decimal("0.20")
        self.state.edit(self.tr("Change target"), lambda p: replace(p, target=Target(kind, value)))

    def _commit_discount(self) -> None:
        self.state.edit(self.tr("Change discount"),
                        lambda p: replace(p, discount=parse_percent(self.discount.text() or "0")), self.discount)

    def _commit_ending(self) -> None:
        style = self.ending.currentData()
        ending = None if not style else Ending(EndingStyle(style), self.avoid_4.isChecked())
        self.state.edit(self.tr("Change price ending"), lambda p: replace(p, ending=ending))

    def _commit_return_rate(self) -> None:
        self.state.edit(self.tr("Change the return rate"), lambda p: replace(
            p, returns=replace(p.returns, rate=parse_percent(self.returns_rate.text() or "0"))), self.returns_rate)

    def _commit_loss_per_return(self) -> None:
        self.state.edit(self.tr("Change the loss per return"), lambda p: replace(
            p, returns=replace(p.returns, loss_per_return=parse_money(self.loss_per_return.text() or "0"))),
            self.loss_per_return)

    def _commit_fx(self, currency: str) -> None:
        field = self.fx_fields[currency]
        self.state.set_rate(currency, self.fx_shown.get(currency, ""), field.text().strip(), field)

    def _on_channel_toggled(self, channel_id: str, checked: bool) -> None:
        text = self.tr("Compare channel") if checked else self.tr("Leave out channel")
        self.state.edit(text, lambda p: p.with_channel(channel_id, checked))

    def _on_layer_edit(self, row: int, changes: dict[str, Any]) -> None:
        self.state.edit(self.tr("Change chain layer"), lambda p: p.with_layer(row, **changes))

    def _add_layer(self) -> None:
        name = self.tr("New layer")
        layer = ChainLayer(name, name, Decimal("0.20"), is_assumption=True)
        self.state.edit(self.tr("Add chain layer"),
                        lambda p: replace(p, chain_layers=(*p.chain_layers, layer)))

    def _remove_layer(self) -> None:
        plan = self.state.plan
        if plan is None or not plan.chain_layers:
            return
        selected = self.layer_table.selectionModel().selectedRows()
        row = selected[0].row() if selected else len(plan.chain_layers) - 1
        self.state.edit(self.tr("Remove chain layer"),
                        lambda p: replace(p, chain_layers=p.chain_layers[:row] + p.chain_layers[row + 1:]))

    def _show_chain_summary(self) -> None:
        plan, evaluation = self.state.plan, self.state.evaluation
        if plan is None or evaluation is None:
            return
        currency = plan.currency
        chain = evaluation.chain
        if chain is None:
            self.chain_summary.setText(self.tr("Enter an ex-factory cost and at least one layer to "
                                               "see the chain."))
        else:
            self.chain_summary.setText(self.tr("Consumer price through the chain: %1 — %2× the "
                                               "ex-factory cost.")
                                       .replace("%1", money_text(chain.price, currency))
                                       .replace("%2", chain.multiple_text))
        reference = evaluation.chart.reference
        if reference is None:
            self.reference_label.setText("")
        else:
            self.reference_label.setText(self.tr("Private reference, never used in listings: %1 at "
                                                 "%2.")
                                         .replace("%1", reference.label)
                                         .replace("%2", money_text(reference.price, reference.currency)))
