"""Add or edit a certificate / test report, with an attached scan."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.models import Certificate
from app.models.validation import validate_certificate
from app.views.factory.certificates_model import kind_labels
from app.views.kit.i18n import current_language


class CertificateDialog(QDialog):
    """A small form; `values()` gives what the service saves, `attachment_path` the file to attach."""

    def __init__(self, parent: QWidget | None = None, certificate: Certificate | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Certificate or test report"))
        self.setMinimumWidth(460)
        self.attachment_path: Path | None = None
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. ISO 9001:2015, OEKO-TEX Standard 100, SGS report"))
        self.kind = QComboBox()
        for key, label in kind_labels().items():
            self.kind.addItem(label, key)
        self.number = QLineEdit()
        self.issuer = QLineEdit()
        self.issued_on, self.has_issued = self._date_field()
        self.expires_on, self.has_expiry = self._date_field()
        self.scope = QLineEdit()
        self.file_label = QLabel(self.tr("No file attached"))
        self.attach_button = QPushButton(self.tr("Attach PDF or image…"))
        self.attach_button.clicked.connect(self._choose_file)
        self.error = QLabel()
        self.error.setObjectName("errorLabel")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept_if_valid)
        self.buttons.rejected.connect(self.reject)
        self._layout()
        if certificate is not None:
            self._fill(certificate)

    def _date_field(self) -> tuple[QDateEdit, QCheckBox]:
        edit = QDateEdit(QDate.currentDate())
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setEnabled(False)
        toggle = QCheckBox()
        toggle.toggled.connect(edit.setEnabled)
        return edit, toggle

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Type"), self.kind)
        form.addRow(self.tr("Number"), self.number)
        form.addRow(self.tr("Issued by"), self.issuer)
        form.addRow(self.tr("Issued on"), self._with_toggle(self.has_issued, self.issued_on))
        form.addRow(self.tr("Expires on"), self._with_toggle(self.has_expiry, self.expires_on))
        form.addRow(self.tr("Scope"), self.scope)
        attach_row = QHBoxLayout()
        attach_row.addWidget(self.file_label, 1)
        attach_row.addWidget(self.attach_button)
        form.addRow(self.tr("File"), attach_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    @staticmethod
    def _with_toggle(toggle: QCheckBox, edit: QDateEdit) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(toggle)
        row.addWidget(edit, 1)
        return row

    def _fill(self, certificate: Certificate) -> None:
        self.name.setText(certificate.name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(certificate.kind)))
        self.number.setText(certificate.number)
        self.issuer.setText(certificate.issuer)
        self.scope.setText(certificate.scope)
        for value, edit, toggle in ((certificate.issued_on, self.issued_on, self.has_issued),
                                    (certificate.expires_on, self.expires_on, self.has_expiry)):
            toggle.setChecked(value is not None)
            if value is not None:
                edit.setDate(QDate(value.year, value.month, value.day))
        if certificate.file_name:
            self.file_label.setText(certificate.file_name)

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Attach a file"), "",
                                              self.tr("PDF or images (*.pdf *.jpg *.jpeg *.png)"))
        if path:
            self.set_attachment(Path(path))

    def set_attachment(self, path: Path) -> None:
        self.attachment_path = path
        self.file_label.setText(path.name)

    @staticmethod
    def _date_value(edit: QDateEdit, toggle: QCheckBox) -> date | None:
        if not toggle.isChecked():
            return None
        qdate = edit.date()
        return date(qdate.year(), qdate.month(), qdate.day())

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text().strip(),
            "kind": self.kind.currentData(),
            "number": self.number.text().strip(),
            "issuer": self.issuer.text().strip(),
            "issued_on": self._date_value(self.issued_on, self.has_issued),
            "expires_on": self._date_value(self.expires_on, self.has_expiry),
            "scope": self.scope.text().strip(),
        }

    def _accept_if_valid(self) -> None:
        problems = validate_certificate(self.values())
        if problems:
            self.error.setText(problems[0].message.text(current_language()))
            return
        self.accept()
