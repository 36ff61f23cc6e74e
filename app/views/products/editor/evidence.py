"""Evidence tab: tick the factory's certificates and test reports that back this product's claims."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from app.models import Certificate
from app.views.products.editor.state import EditorState
from app.views.products.editor.widgets import card, hint_label, page_layout

EXPIRED = QColor("#B91C1C")


class EvidenceTab(QWidget):
    """A checkable list of certificates; ticking one links it to the product (one undo step each)."""

    def __init__(self, state: EditorState, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.today = today or date.today()
        self.certificates: list[Certificate] = []
        column = page_layout(self)
        frame, layout = card(self.tr("Evidence for this product's claims"))
        layout.addWidget(hint_label(self.tr(
            "Claims such as food grade, a durability test or OEKO-TEX need a certificate or report behind them. "
            "Tick the ones that apply; add new ones on the Factory page.")))
        self.list = QListWidget()
        self.list.setObjectName("certificateList")
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSpacing(2)
        self.list.itemChanged.connect(self._toggled)
        layout.addWidget(self.list, 1)
        self.empty = hint_label(self.tr("The factory has no certificates yet: add them on the Factory page."))
        layout.addWidget(self.empty)
        column.addWidget(frame, 1)
        self.reload_certificates()

    def reload_certificates(self) -> None:
        """The factory's certificates (read when the tab is built and when the dialog reloads)."""
        self.certificates = self.state.service.list_certificates()
        self.refresh()

    def refresh(self) -> None:
        linked = self.state.detail.certificate_ids
        with QSignalBlocker(self.list):
            if self.list.count() != len(self.certificates):
                self.list.clear()
                for _certificate in self.certificates:
                    self.list.addItem(QListWidgetItem())
            for row, certificate in enumerate(self.certificates):
                item = self.list.item(row)
                item.setText(self._describe(certificate))
                item.setData(Qt.ItemDataRole.UserRole, certificate.id)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
                              | Qt.ItemFlag.ItemIsSelectable)
                item.setCheckState(Qt.CheckState.Checked if certificate.id in linked else Qt.CheckState.Unchecked)
                expired = certificate.is_expired(self.today)
                item.setForeground(QBrush(EXPIRED) if expired else QBrush())
                item.setToolTip(self.tr("Expired: renew it before a listing relies on it.") if expired else "")
        self.empty.setVisible(not self.certificates)
        self.list.setVisible(bool(self.certificates))

    def _describe(self, certificate: Certificate) -> str:
        """Two lines: the certificate's name, then its number, issuer and validity."""
        parts: list[str] = []
        if certificate.number:
            parts.append(self.tr("No. %1").replace("%1", certificate.number))
        if certificate.issuer:
            parts.append(certificate.issuer)
        if certificate.expires_on is not None:
            template = self.tr("expired %1") if certificate.is_expired(self.today) else self.tr("valid until %1")
            parts.append(template.replace("%1", certificate.expires_on.isoformat()))
        return certificate.name + ("\n" + "  ·  ".join(parts) if parts else "")

    def item_for(self, certificate_id: int) -> QListWidgetItem | None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == certificate_id:
                return item
        return None

    def _toggled(self, item: QListWidgetItem) -> None:
        certificate_id = item.data(Qt.ItemDataRole.UserRole)
        linked = item.checkState() == Qt.CheckState.Checked
        if (certificate_id in self.state.detail.certificate_ids) != linked:
            self.state.set_certificate_linked(int(certificate_id), linked)

