"""Settings → Exchange rates…: the workspace's one table of dated rates, with add, edit and delete.

Every product, listing pack, price list and shop push converts at these rates (the latest on or before its
date), so the table lives under Settings rather than in a product's plan; the Pricing page's rate fields edit
the same rows. The dialog only shows and asks: it parses what was typed with the service's rules
(`app.services.pricing.exchange_rates.new_rate`, bilingual errors) and pushes `RateCommand`s on the main window's undo
stack; the service saves and tells its listeners, and this dialog, like the Pricing page, refreshes from that.
It is modeless and one per window (`show_exchange_rates`), closed with the workspace.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.models.bilingual import UserFacingError
from app.services.pricing import FxRate
from app.services.pricing.exchange_rates import known_currencies, new_rate, rate_for_day
from app.services.pricing.plans import PricingEvent, PricingService
from app.views.kit.i18n import current_language
from app.views.kit.resources import icon
from app.views.pricing.commands import RateCommand, RateMoveCommand
from app.views.pricing.common import hint_label
from app.views.pricing.exchange_rates_model import ExchangeRateTableModel, RateColumn


def show_exchange_rates(window: QWidget, service: PricingService, undo_stack: QUndoStack) -> ExchangeRatesDialog:
    """Show the window's exchange-rate dialog, making it the first time (one per window)."""
    dialog = window.findChild(ExchangeRatesDialog)
    if dialog is None or not isValid(dialog) or dialog.service is not service:
        if dialog is not None and isValid(dialog):
            dialog.close()
            dialog.deleteLater()
        dialog = ExchangeRatesDialog(service, undo_stack, window)
    dialog.show()
    if QGuiApplication.platformName() != "offscreen":  # that plugin warns it cannot raise windows
        dialog.raise_()
        dialog.activateWindow()
    return dialog


class ExchangeRatesDialog(QDialog):
    """The dated rates of the workspace; a row selected fills the form below, which adds or edits a rate."""

    def __init__(self, service: PricingService, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.undo_stack = undo_stack
        self.setWindowTitle(self.tr("Exchange rates"))
        self.resize(640, 460)
        self.model = ExchangeRateTableModel()
        self._build()
        self._add_undo_shortcuts()
        token = service.subscribe(self._on_service_event)
        self.destroyed.connect(lambda *_: service.unsubscribe(token))
        self.refresh()

    # ----- layout ---------------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(self.tr(
            "One table for the whole workspace: every product, listing pack, price list and shop push converts at "
            "the latest rate on or before its date. A row reads 1 unit of the currency = rate units of the other "
            "(the reverse direction is worked out). Undo (Ctrl+Z) takes a change back.")))
        self.table = QTableView()
        self.table.setObjectName("exchangeRates")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RateColumn.READS, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        layout.addWidget(self.table, 1)
        layout.addLayout(self._form())
        self.error = QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)

    def _form(self) -> QGridLayout:
        self.day = QDateEdit(QDate.currentDate())
        self.day.setObjectName("rateDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.source = self._currency_combo("rateSource", "USD")
        self.target = self._currency_combo("rateTarget", "CNY")
        self.rate = QLineEdit()
        self.rate.setObjectName("rateValue")
        self.rate.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.rate.setPlaceholderText("7.10")
        self.rate.returnPressed.connect(self.add_rate)
        self.add_button = QPushButton(icon("plus"), self.tr("Add"))
        self.add_button.setObjectName("addRate")
        self.add_button.setToolTip(self.tr("Add the rate; one that day for the same currencies is replaced"))
        self.add_button.clicked.connect(self.add_rate)
        self.save_button = QPushButton(icon("save"), self.tr("Save changes"))
        self.save_button.setObjectName("saveRate")
        self.save_button.setToolTip(self.tr("Replace the selected rate with the one in the fields"))
        self.save_button.clicked.connect(self.save_selected)
        self.delete_button = QPushButton(icon("trash"), self.tr("Delete"))
        self.delete_button.setObjectName("deleteRate")
        self.delete_button.clicked.connect(self.delete_selected)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        for column, (text, widget) in enumerate(((self.tr("From date"), self.day), (self.tr("1 unit of"), self.source),
                                                 (self.tr("Rate"), self.rate), (self.tr("in"), self.target))):
            label = QLabel(text)
            label.setBuddy(widget)
            grid.addWidget(label, 0, column)
            grid.addWidget(widget, 1, column)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        for button in (self.add_button, self.save_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        grid.addLayout(buttons, 2, 0, 1, 4)
        grid.setColumnStretch(2, 1)
        return grid

    def _currency_combo(self, name: str, chosen: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.addItems(list(known_currencies()))
        combo.setCurrentText(chosen)
        return combo

    def _add_undo_shortcuts(self) -> None:
        """Ctrl+Z / Ctrl+Y work while the dialog has the focus (the main window's shortcuts don't reach it)."""
        undo = self.undo_stack.createUndoAction(self)
        undo.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        redo = self.undo_stack.createRedoAction(self)
        redo.setShortcuts([QKeySequence("Ctrl+Y"), *QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)])
        self.addActions([undo, redo])

    # ----- showing -----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the table as the workspace has it, keeping the selected rate selected when it still exists."""
        selected = self.selected_rate()
        self.model.set_rates(self.service.rates())
        if selected is not None:
            self.select(selected)
        self._on_selection()

    def _on_service_event(self, event: PricingEvent) -> None:
        if isValid(self) and event.kind == "rates":
            self.refresh()

    def selected_rate(self) -> FxRate | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rate_at(rows[0].row()) if rows else None

    def select(self, rate: FxRate) -> None:
        """Select the row of `rate`'s day and pair (nothing when it isn't in the table)."""
        row = self.model.row_of(rate)
        if row < 0:
            self.table.clearSelection()
            return
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().select(self.model.index(row, 0), flags)
        self.table.scrollTo(self.model.index(row, 0))

    def _on_selection(self) -> None:
        rate = self.selected_rate()
        self.save_button.setEnabled(rate is not None)
        self.delete_button.setEnabled(rate is not None)
        if rate is not None:
            self.day.setDate(QDate(rate.day.year, rate.day.month, rate.day.day))
            self.source.setCurrentText(rate.source)
            self.target.setCurrentText(rate.target)
            self.rate.setText(f"{rate.rate:f}")

    # ----- edits (each one undoable step) --------------------------------------------------------------------
    def _entered(self) -> FxRate | None:
        """The rate in the fields, or None after showing why it can't be used."""
        try:
            day = self.day.date()
            rate = new_rate(date(day.year(), day.month(), day.day()), self.source.currentText(),
                            self.target.currentText(), self.rate.text())
        except UserFacingError as error:
            self.error.setText(error.text(current_language()))
            return None
        self.error.setText("")
        return rate

    def add_rate(self) -> None:
        """Add the rate in the fields (replacing the one of that day and pair, if any)."""
        rate = self._entered()
        if rate is None:
            return
        before = rate_for_day(self.service.rates(), rate.day, rate.source, rate.target)
        self._push(RateCommand(self.service, before, rate, self.tr("Add exchange rate")), rate)

    def save_selected(self) -> None:
        """Replace the selected rate with the fields' (moving it when the date or currencies changed)."""
        old, rate = self.selected_rate(), self._entered()
        if old is None or rate is None:
            return
        if (old.day, old.source, old.target) == (rate.day, rate.source, rate.target):
            self._push(RateCommand(self.service, old, rate, self.tr("Edit exchange rate")), rate)
            return
        replaced = rate_for_day(self.service.rates(), rate.day, rate.source, rate.target)
        self._push(RateMoveCommand(self.service, old, replaced, rate, self.tr("Edit exchange rate")), rate)

    def delete_selected(self) -> None:
        old = self.selected_rate()
        if old is not None:
            self.error.setText("")
            self._push(RateCommand(self.service, old, None, self.tr("Delete exchange rate")), None)

    def _push(self, command: QUndoCommand, select: FxRate | None) -> None:
        self.undo_stack.push(command)
        if select is not None:
            self.select(select)
        else:
            self.table.clearSelection()
