"""The Factory page: who makes the goods — profile, brand, capacity, and the certificates that back claims."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.models.validation import validate_factory_profile
from app.services.catalogue.factory_profile import (
    FactoryProfileService,
    ValidationFailed,
)
from app.views.factory.certificate_dialog import CertificateDialog
from app.views.factory.certificates_model import CertificateTableModel, Column as CertificateColumn
from app.views.kit.errors import show_error
from app.views.kit.i18n import current_language
from app.views.kit.resources import icon
from app.views.kit.widgets import card, title_labels

TextWidget = QLineEdit | QPlainTextEdit
#: The profile's fields that stay in the workspace: not shown to a login that may not read them (sales).
PRIVATE_FIELDS = ("materials_partners", "oem_history")


class FactoryPage(QWidget):
    """Edit the factory profile (zh and en side by side) and manage certificates."""

    saved = Signal()

    def __init__(self, service: FactoryProfileService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.fields: dict[str, TextWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}
        self.dirty = False
        self.oem_private = QCheckBox(self.tr("Keep private (never printed, exported or listed)"))
        self.certificates = CertificateTableModel()
        self.status = QLabel()
        self.status.setObjectName("pageSubtitle")
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        self._build()
        self._limit_to_role()
        self.reload()

    # ----- layout -------------------------------------------------------------------------------------
    def _build(self) -> None:
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(28, 24, 28, 28)
        column.setSpacing(16)
        column.addLayout(self._header())
        column.addWidget(self._identity_card())
        column.addWidget(self._contact_card())
        column.addWidget(self._production_card())
        column.addWidget(self._certificates_card())
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _header(self) -> QHBoxLayout:
        titles = QVBoxLayout()
        title, subtitle = title_labels(
            self.tr("Factory profile"),
            self.tr("Step 1 of the journey: who makes the goods, and the evidence behind the quality."), wrap=False)
        titles.addWidget(title)
        titles.addWidget(subtitle)
        row = QHBoxLayout()
        row.addLayout(titles, 1)
        row.addWidget(self.status)
        row.addWidget(self.save_button)
        return row

    def _bilingual_grid(self, rows: list[tuple[str, str, bool]]) -> QGridLayout:
        """label | 中文 | English, for fields stored as <key>_zh and <key>_en."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.addWidget(QLabel(""), 0, 0)
        for col, text in ((1, self.tr("Chinese")), (2, self.tr("English"))):
            header = QLabel(text)
            header.setObjectName("pageSubtitle")
            grid.addWidget(header, 0, col)
        for row, (key, label, multiline) in enumerate(rows, start=1):
            grid.addWidget(QLabel(label), row * 2 - 1, 0)
            for col, lang in ((1, "zh"), (2, "en")):
                name = f"{key}_{lang}"
                grid.addWidget(self._text_field(name, multiline), row * 2 - 1, col)
                grid.addWidget(self._error_label(name), row * 2, col)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        return grid

    def _identity_card(self) -> QFrame:
        frame, layout = card(self.tr("Company and brand"))
        layout.addLayout(self._bilingual_grid([
            ("name", self.tr("Factory name"), False),
            ("brand", self.tr("Own brand"), False),
            ("address", self.tr("Address"), False),
            ("capabilities", self.tr("Capabilities"), True),
        ]))
        return frame

    def _contact_card(self) -> QFrame:
        frame, layout = card(self.tr("Contact"))
        layout.addLayout(self._single_grid([
            ("contact_name", self.tr("Contact person"), self.tr("e.g. Zhou Qi")),
            ("phone", self.tr("Phone"), "+86 21 5555 0000"),
            ("email", self.tr("E-mail"), "sales@factory.cn"),
            ("website", self.tr("Website"), "https://"),
        ]))
        return frame

    def _production_card(self) -> QFrame:
        frame, layout = card(self.tr("Production"))
        layout.addLayout(self._single_grid([
            ("capacity_per_month", self.tr("Capacity per month"), self.tr("units")),
            ("capacity_unit", self.tr("Capacity unit"), self.tr("pcs")),
            ("moq", self.tr("Minimum order quantity (MOQ)"), self.tr("units")),
            ("lead_time_days", self.tr("Lead time (days)"), self.tr("days")),
            ("materials_partners", self.tr("Materials partners"), self.tr("e.g. PC shell resin from a named supplier")),
        ]))
        self.labels["oem_history"] = QLabel(self.tr("OEM history"))
        layout.addWidget(self.labels["oem_history"])
        layout.addWidget(self._text_field("oem_history", True))
        layout.addWidget(self.oem_private)
        self.oem_private.toggled.connect(self._mark_dirty)
        return frame

    def _single_grid(self, rows: list[tuple[str, str, str]]) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        for row, (key, label, placeholder) in enumerate(rows):
            self.labels[key] = QLabel(label)
            grid.addWidget(self.labels[key], row * 2, 0)
            field = self._text_field(key, False)
            assert isinstance(field, QLineEdit)
            field.setPlaceholderText(placeholder)
            grid.addWidget(field, row * 2, 1)
            grid.addWidget(self._error_label(key), row * 2 + 1, 1)
        grid.setColumnStretch(1, 1)
        return grid

    def _certificates_card(self) -> QFrame:
        frame, layout = card(self.tr("Certificates and test reports"))
        hint = QLabel(self.tr("Claims such as food grade, waterproof or OEKO-TEX need evidence: keep it here."))
        hint.setObjectName("pageSubtitle")
        layout.addWidget(hint)
        self.certificate_table = QTableView()
        self.certificate_table.setModel(self.certificates)
        self.certificate_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.certificate_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.certificate_table.setAlternatingRowColors(True)
        self.certificate_table.verticalHeader().setVisible(False)
        self.certificate_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.certificate_table.setMinimumHeight(180)
        self.certificate_table.doubleClicked.connect(lambda _index: self.edit_certificate())
        layout.addWidget(self.certificate_table)
        buttons = QHBoxLayout()
        self.add_certificate_button = QPushButton(icon("plus"), self.tr("Add…"))
        self.edit_certificate_button = QPushButton(icon("edit"), self.tr("Edit…"))
        self.open_file_button = QPushButton(icon("paperclip"), self.tr("Open file"))
        self.delete_certificate_button = QPushButton(icon("trash"), self.tr("Delete"))
        self.add_certificate_button.clicked.connect(lambda: self.add_certificate())
        self.edit_certificate_button.clicked.connect(self.edit_certificate)
        self.open_file_button.clicked.connect(self.open_certificate_file)
        self.delete_certificate_button.clicked.connect(self.delete_certificate)
        for button in (self.add_certificate_button, self.edit_certificate_button, self.open_file_button,
                       self.delete_certificate_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return frame

    def _text_field(self, name: str, multiline: bool) -> TextWidget:
        field: TextWidget = QPlainTextEdit() if multiline else QLineEdit()
        if isinstance(field, QPlainTextEdit):
            field.setFixedHeight(72)
            field.setTabChangesFocus(True)
        field.setObjectName(f"field_{name}")
        field.textChanged.connect(self._on_edit)
        self.fields[name] = field
        return field

    def _error_label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName("errorLabel")
        label.setVisible(False)
        self.errors[name] = label
        return label

    def _limit_to_role(self) -> None:
        """A team login that may not write (sales) reads the profile; one that may not see the private fields
        doesn't see them at all (issue #15). A workspace file's user may do everything."""
        if not self.service.shows_private:
            for name in PRIVATE_FIELDS:
                self.fields[name].setVisible(False)
                self.labels[name].setVisible(False)
            self.oem_private.setVisible(False)
            self.open_file_button.setVisible(False)
            self.certificate_table.setColumnHidden(CertificateColumn.FILE, True)  # the scans stay private
        if not self.service.editable:
            for field in self.fields.values():
                field.setReadOnly(True)
            for widget in (self.save_button, self.status, self.add_certificate_button,
                           self.edit_certificate_button, self.delete_certificate_button):
                widget.setVisible(False)
            with QSignalBlocker(self.certificate_table):
                self.certificate_table.doubleClicked.disconnect()

    # ----- data -------------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Show what the workspace holds (service → widgets, without echoing back as edits)."""
        profile = self.service.load_profile()
        for name, field in self.fields.items():
            value = getattr(profile, name, "")
            with QSignalBlocker(field):
                field.setPlainText(str(value or "")) if isinstance(field, QPlainTextEdit) else field.setText(
                    "" if value is None else str(value))
        with QSignalBlocker(self.oem_private):
            self.oem_private.setChecked(profile.oem_history_private)
        self.certificates.set_certificates(self.service.list_certificates())
        self._set_dirty(False)
        self._show_problems(quiet_required=True)

    def values(self) -> dict[str, Any]:
        """The form's values as the service expects them."""
        values: dict[str, Any] = {name: (f.toPlainText() if isinstance(f, QPlainTextEdit) else f.text())
                                  for name, f in self.fields.items()}
        values["oem_history_private"] = self.oem_private.isChecked()
        return values

    def _on_edit(self) -> None:
        self._mark_dirty()
        self._show_problems()

    def _mark_dirty(self) -> None:
        self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        self.status.setText(self.tr("Unsaved changes") if dirty else self.tr("All changes saved"))

    def _show_problems(self, quiet_required: bool = False) -> bool:
        """Validate as the user types; returns True when the form can be saved.

        `quiet_required`: on a fresh form, don't shout about empty required fields before any edit.
        """
        problems = {p.field: p for p in validate_factory_profile(self.values())}
        for name, label in self.errors.items():
            problem = problems.get(name)
            if quiet_required and problem is not None and problem.code == "required":
                problem = None
            label.setText(problem.message.text(current_language()) if problem else "")
            label.setVisible(problem is not None)
            field = self.fields[name]
            field.setProperty("invalid", problem is not None)
            field.style().unpolish(field)
            field.style().polish(field)
        return not problems

    def save(self) -> bool:
        """Save the profile; returns False (and shows why) when it can't."""
        if not self.service.editable:
            return False
        if not self._show_problems():
            return False
        try:
            self.service.save_profile(self.values())
        except ValidationFailed:
            self._show_problems()
            return False
        except Exception as error:  # noqa: BLE001 - shown to the user, logged if a bug
            show_error(self, error)
            return False
        self._set_dirty(False)
        self.saved.emit()
        return True

    # ----- certificates -------------------------------------------------------------------------------------
    def _selected_row(self) -> int | None:
        rows = self.certificate_table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def add_certificate(self, dialog: CertificateDialog | None = None) -> bool:
        dialog = dialog or CertificateDialog(self)
        if dialog.exec() != CertificateDialog.DialogCode.Accepted:
            return False
        return self._save_certificate(dialog, None)

    def edit_certificate(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        certificate = self.certificates.certificate_at(row)
        dialog = CertificateDialog(self, certificate)
        if dialog.exec() == CertificateDialog.DialogCode.Accepted:
            self._save_certificate(dialog, certificate.id)

    def _save_certificate(self, dialog: CertificateDialog, certificate_id: int | None) -> bool:
        try:
            self.service.save_certificate(dialog.values(), certificate_id, dialog.attachment_path)
        except Exception as error:  # noqa: BLE001
            show_error(self, error)
            return False
        self.certificates.set_certificates(self.service.list_certificates())
        return True

    def delete_certificate(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        certificate = self.certificates.certificate_at(row)
        answer = QMessageBox.question(self, self.tr("Delete certificate"),
                                      self.tr("Delete “%1”? Products that cite it lose this evidence.")
                                      .replace("%1", certificate.name))
        if answer == QMessageBox.StandardButton.Yes and certificate.id is not None:
            self.service.delete_certificate(certificate.id)
            self.certificates.set_certificates(self.service.list_certificates())

    def open_certificate_file(self) -> None:
        """Write the attached file to a temp folder and open it with the system viewer."""
        row = self._selected_row()
        if row is None:
            return
        certificate = self.certificates.certificate_at(row)
        attachment = self.service.attachment(certificate.id) if certificate.id else None
        if attachment is None:
            QMessageBox.information(self, self.tr("No file"), self.tr("No file is attached to this certificate."))
            return
        import tempfile

        target = Path(tempfile.mkdtemp(prefix="fd-cert-")) / attachment.name
        target.write_bytes(attachment.data)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
