"""The Pricing page: what the consumer pays through the traditional chain, what each channel needs to cover
every cost at the seller's margin, and the gap — the table, the picture, and the inputs behind them.

Data flow (architecture.md): the user edits a field → the page parses it (the engine's `parse_decimal`, so
garbage and negatives are refused in the user's language) → a `PlanCommand` goes on the main window's undo
stack → the service saves the plan and tells its listeners → the page reloads the plan, pushes the values
into the widgets under `QSignalBlocker` (no echo) and recalculates. Recalculation runs on the GUI thread:
measured on the demo suitcase with all ten channels, the engine's `price_channels` takes ~0.5 ms, the service's
`evaluate` (with the chart's data and three small queries) ~2 ms and the whole table-and-picture refresh ~2–7 ms;
an edit including its save (SQLite WAL, synchronous=FULL) ~12 ms — all below a frame, so no worker thread is
needed. The table shows the time each recalculation took. Exchange rates are not part of a plan: the rate
fields show and set the workspace's table (`RateCommand`, undoable like any edit), and a "rates" event from the
service — from this page, the Settings dialog or an undo — refreshes the fields and recalculates.

The approved-prices line (`approval.ApprovalLine`, issue #15) says whether the selected channel's prices are
approved for sales staff and whether they are older than the current plan; "Approve prices…" in the header and
"Re-approve now" on the line store a new version (off the GUI thread). It is there when the page is given an
`ApprovalService`.

`PricingPage` is a coordinator of composed parts sharing one `state.PricingState` (the plan, its evaluation,
the one way an edit becomes an undo step), the pattern the product editor follows: `inputs.PricingInputs` (the
input tabs, each field's edit), `results.ChartCard` and `results.ChannelTableCard` (the picture and the channel
table) and `files.ScenarioFiles` (scenario files, chart export). The fee-profile dialog is in `fee_profiles`,
shared helpers in `common`. This module keeps the header, the product and SKU pickers, the message line, the
wide/narrow arrangement and the dialogs.

Translations: the parts' strings stay in the page's "PricingPage" context (one block for the translator), so
they call `translate("PricingPage", ...)`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QResizeEvent, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.services.kernel.text import money_text
from app.services.pricing import ChannelProfile, PricingError
from app.services.pricing.plans import Evaluation, PlanData, PricingService
from app.views.kit.i18n import current_language, is_chinese
from app.views.kit.resources import icon
from app.views.kit.widgets import completer_of, line_edit_of, title_labels
from app.views.pricing.approval import ApprovalLine
from app.views.pricing.commands import FeeProfileCommand
from app.views.pricing.exchange_rates_dialog import show_exchange_rates
from app.views.pricing.fee_profiles import FeeProfileDialog
from app.views.pricing.files import ScenarioFiles
from app.views.pricing.inputs import INPUT_PANEL_WIDTH, PricingInputs
from app.views.pricing.results import ChannelTableCard, ChartCard
from app.views.pricing.state import PricingState

if TYPE_CHECKING:
    from app.services.workspace.approvals import ApprovalService
    from app.views.kit.tasks import TaskRunner

#: Page width from which the inputs sit beside the picture (below it when narrower).
WIDE_LAYOUT = 1000


class _FitLayout(QVBoxLayout):
    """The scrolled content's layout. Without height-for-width, the scroll area fits the content to the window
    down to its minimum height (not the preferred height wrapped labels ask for), so the table shows in full."""

    def hasHeightForWidth(self) -> bool:
        return False


class PricingPage(QWidget):
    """Pick a product and SKU, edit costs, target and chain, compare channels, show and export the picture."""

    def __init__(self, service: PricingService, undo_stack: QUndoStack, parent: QWidget | None = None, *,
                 approvals: ApprovalService | None = None, tasks: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.undo_stack = undo_stack
        self.approvals = approvals
        self.tasks = tasks
        self.state = PricingState(service, undo_stack, self)
        self.state.message.connect(self.show_message)
        self.state.plan_shown.connect(self._show_product)
        self.state.profiles_changed.connect(self._refresh_profile_dialog)
        self.profile_dialog: FeeProfileDialog | None = None
        self.inputs = PricingInputs(self.state, self.open_exchange_rates, lambda: self.open_fee_profiles())
        self.table_card = ChannelTableCard(self.state)
        self.chart_card = ChartCard(self.state, lambda: self.files.choose_chart_file())
        self.files = ScenarioFiles(self.state, self.chart_card.chart, self.table_card.selected_channel, self)
        self._build()
        if self.products:
            self.select_product(self.products[0].id)
        else:
            self._show_empty()

    # ----- the shared state, for the shell and tests ---------------------------------------------------------
    @property
    def products(self) -> list[Any]:
        return self.state.products

    @property
    def profiles(self) -> tuple[ChannelProfile, ...]:
        return self.state.profiles

    @property
    def plan(self) -> PlanData | None:
        return self.state.plan

    @property
    def evaluation(self) -> Evaluation | None:
        return self.state.evaluation

    def recalculate(self) -> None:
        self.state.recalculate()

    def selected_channel(self) -> str | None:
        return self.table_card.selected_channel()

    # ----- layout -------------------------------------------------------------------------------------------
    def _build(self) -> None:
        content = QWidget()
        column = _FitLayout(content)
        column.setContentsMargins(24, 18, 24, 20)
        column.setSpacing(12)
        column.addLayout(self._header())
        column.addLayout(self._picker_row())
        self.approval_line: ApprovalLine | None = None
        if self.approvals is not None:
            self.approval_line = ApprovalLine(self.approvals, self.selected_channel, self.tasks)
            self.approval_line.message.connect(self.show_message)
            self.state.evaluated.connect(self.approval_line.refresh)
            self.table_card.table.selectionModel().selectionChanged.connect(
                lambda *_: self.approval_line.refresh() if self.approval_line is not None else None)
            column.addWidget(self.approval_line)
        self.message = QLabel()
        self.message.setObjectName("hintLabel")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        column.addWidget(self.message)
        self.body = QGridLayout()
        self.body.setSpacing(14)
        self.wide: bool | None = None
        self._skus_of: int | None = None
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
        title, subtitle = title_labels(
            self.tr("Pricing"),
            self.tr("What the consumer pays through the old chain, what each channel needs, and the gap."))
        titles.addWidget(title)
        titles.addWidget(subtitle)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addLayout(titles, 1)
        self.profiles_button = QPushButton(icon("settings"), self.tr("Fee profiles…"))
        self.profiles_button.clicked.connect(lambda: self.open_fee_profiles())
        self.load_button = QPushButton(icon("folder-open"), self.tr("Load scenario…"))
        self.load_button.clicked.connect(lambda: self.files.choose_scenario_to_load())
        self.save_button = QPushButton(icon("save"), self.tr("Export scenario file…"))
        self.save_button.setToolTip(self.tr("Save the selected channel's figures as a scenario file, the same JSON "
                                            "the `price` command reads."))
        self.save_button.clicked.connect(lambda: self.files.choose_scenario_to_save())
        buttons = [self.profiles_button, self.load_button, self.save_button]
        self.approve_button: QPushButton | None = None
        if self.approvals is not None:
            self.approve_button = QPushButton(icon("check-circle"), self.tr("Approve prices…"))
            self.approve_button.setObjectName("approvePricesButton")
            self.approve_button.setToolTip(self.tr("Approve the selected channel's prices as the dated price list "
                                                   "sales staff print and pack from."))
            self.approve_button.clicked.connect(self.approve_prices)
            buttons.append(self.approve_button)
        for button in buttons:
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def approve_prices(self) -> None:
        """Approve the selected channel's prices (asks first)."""
        if self.approval_line is not None:
            self.approval_line.approve(ask=True)

    def _picker_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(8)
        self.product_combo = QComboBox()
        self.product_combo.setObjectName("pricingProduct")
        self.product_combo.setEditable(True)
        self.product_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.product_combo.setMinimumWidth(220)
        self.product_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        line_edit_of(self.product_combo).setPlaceholderText(self.tr("Search by code or name"))
        for product in self.products:
            self.product_combo.addItem(f"{product.code}  ·  {product.name(current_language())}", product.id)
        completer = completer_of(self.product_combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        # currentIndexChanged, not activated: choosing from the search completer changes the index without
        # `activated`; the page's own changes happen under QSignalBlocker, so this fires for the user only.
        self.product_combo.currentIndexChanged.connect(self._on_product_chosen)
        # after the completer has had its say (it handles Return after the line edit does)
        line_edit_of(self.product_combo).editingFinished.connect(
            lambda: QTimer.singleShot(0, self._restore_product_text))
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
        for widget in (self.inputs, self.chart_card, self.table_card):
            self.body.removeWidget(widget)
        if wide:
            self.inputs.setFixedWidth(INPUT_PANEL_WIDTH)
            self.body.addWidget(self.inputs, 0, 0)
            self.body.addWidget(self.chart_card, 0, 1)
            self.body.addWidget(self.table_card, 1, 0, 1, 2)
            self.body.setRowStretch(0, 5)
            self.body.setRowStretch(1, 4)
            self.body.setRowStretch(2, 0)
        else:
            self.inputs.setMinimumWidth(0)
            self.inputs.setMaximumWidth(16777215)
            self.body.addWidget(self.chart_card, 0, 0, 1, 2)
            self.body.addWidget(self.table_card, 1, 0, 1, 2)
            self.body.addWidget(self.inputs, 2, 0, 1, 2)
            for row in range(3):
                self.body.setRowStretch(row, 0)
        self.body.setColumnStretch(0, 0 if wide else 1)
        self.body.setColumnStretch(1, 1)
        self.table_card.set_narrow(not wide)

    # ----- choosing a product -------------------------------------------------------------------------------
    def select_product(self, product_id: int) -> None:
        """Show a product's plan (its saved plan, or the default one). Navigation, not an edit: not undoable."""
        self.state.select_product(product_id)

    def _show_product(self) -> None:
        """A plan was (re)loaded: the pickers follow it (the SKU list when the product changed)."""
        plan = self.state.plan
        if plan is None:
            return
        if self.product_combo.currentData() != plan.product_id or self._skus_of != plan.product_id:
            self._select_in_combo(plan.product_id)
            self._fill_skus()
        with QSignalBlocker(self.sku_combo):
            self.sku_combo.setCurrentIndex(self.sku_combo.findData(plan.sku_id))

    def _select_in_combo(self, product_id: int) -> None:
        with QSignalBlocker(self.product_combo):
            self.product_combo.setCurrentIndex(self.product_combo.findData(product_id))
            line_edit_of(self.product_combo).setCursorPosition(0)  # show the code, not the end of a long name

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
        self._skus_of = self.plan.product_id
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
            self.state.edit(self.tr("Choose SKU"), lambda p: self.service.with_sku(p, sku_id))

    def _show_empty(self) -> None:
        for widget in (self.inputs, self.table_card.table, self.chart_card.export_button, self.save_button,
                       self.load_button):
            widget.setEnabled(False)
        self.show_message(self.tr("No products yet: add products in step 2 (Products), or open the demo workspace "
                                  "from the File menu, then come back to price them."))
        self.chart_card.chart.set_data(None)

    def _refresh_profile_dialog(self) -> None:
        if self.profile_dialog is not None and isValid(self.profile_dialog):
            self.profile_dialog.refresh(self.profiles)

    def show_message(self, text: str, error: bool = False) -> None:
        """A note or a refusal above the panels (empty text hides it)."""
        self.message.setObjectName("errorLabel" if error else "hintLabel")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def open_exchange_rates(self) -> QDialog:
        """The workspace's exchange-rate table (the dialog Settings → Exchange rates… opens)."""
        return show_exchange_rates(self.window(), self.service, self.undo_stack)

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
        except PricingError as error:
            self.show_message(error.text(current_language()), error=True)
            return False
        rule = next(r for r in profile.rules if r.id == rule_id)
        name = rule.name_zh if is_chinese() else rule.name_en
        self.undo_stack.push(FeeProfileCommand(self.service, profile,
                                               self.tr("Change fee %1").replace("%1", name)))
        return True
