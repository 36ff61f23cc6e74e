"""The fee-profile editor of the Pricing page: each channel's fee rules with their source, date and status,
with rates the user can change (a change stores a new, dated profile version; undoable).
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSignalBlocker,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.kernel.text import percent_text
from app.services.pricing import ChannelProfile, Ending, EndingStyle
from app.services.pricing.plans import PricingService
from app.views.kit.i18n import is_chinese
from app.views.pricing.channel_table import FeeRuleTableModel, RuleColumn, status_labels
from app.views.pricing.common import hint_label


class PricingPage(Protocol):
    """What the dialog needs from the page that opens it: its service, and the undoable way to change a rule
    (`pricing_page.PricingPage.edit_fee_rule`)."""

    service: PricingService

    def edit_fee_rule(self, channel_id: str, rule_id: str, changes: dict[str, Any]) -> bool: ...


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

    def __init__(self, page: PricingPage, parent: QWidget | None = None) -> None:
        super().__init__(parent if parent is not None else page if isinstance(page, QWidget) else None)
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
        self.notes = hint_label("")
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
        self.history = hint_label("")
        self.error = QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        right = QVBoxLayout()
        for widget in (self.title, self.meta, self.notes):
            right.addWidget(widget)
        right.addWidget(hint_label(self.tr("Double-click a rate, source or status to change it. Each change is "
                                           "saved as a new version dated today; Undo (Ctrl+Z) takes it back.")))
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
                name = profile.name_zh if is_chinese() else profile.name_en
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
        zh = is_chinese()
        self.title.setText(profile.name_zh if zh else profile.name_en)
        vat = percent_text(profile.vat_rate, 1)
        included = self.tr("prices include VAT") if profile.prices_include_vat else self.tr("prices exclude VAT")
        self.meta.setText(self.tr("Version %1, effective %2 · %3 · VAT %4, %5 · usual ending %6")
                          .replace("%1", str(profile.version)).replace("%2", profile.effective_from.isoformat())
                          .replace("%3", profile.currency).replace("%4", vat).replace("%5", included)
                          .replace("%6", self.ending_text(profile.ending)))
        self.notes.setText(profile.notes_zh if zh else profile.notes_en)
        self.rules.set_profile(profile)
        self.table.resizeRowsToContents()
        history = self.page.service.profile_history(profile.id)
        shipped, edited = self.tr("%1 (%2, shipped)"), self.tr("%1 (%2, edited)")
        parts = [(shipped if item.shipped else edited).replace("%1", f"v{item.version}")
                 .replace("%2", item.effective_from.isoformat()) for item in history]
        self.history.setText(self.tr("Versions: %1").replace("%1", ("、" if zh else ", ").join(parts)))
        self.error.setText("")

    def ending_text(self, ending: Ending) -> str:
        """A price ending as words ("8, avoiding 4" / "8，避开 4"), never the profile's code (`END_8 ≠4`)."""
        digits = {EndingStyle.END_9: "9", EndingStyle.END_8: "8", EndingStyle.END_99: "99", EndingStyle.X_99: ".99",
                  EndingStyle.X9_9: "9.90"}
        text = digits.get(ending.style) or self.tr("none, to the cent")
        return text + (self.tr(", avoiding 4") if ending.avoid_digit_4 else "")

    def _on_rule_edit(self, rule_id: str, changes: dict[str, Any]) -> None:
        channel_id = self.current_channel()
        if channel_id is not None:
            self.page.edit_fee_rule(channel_id, rule_id, changes)

    def _refuse(self, text: str) -> None:
        self.error.setText(text)
