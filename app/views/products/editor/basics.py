"""Basics tab: code, names and texts in Chinese and English side by side, category, status, private reference."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeVar

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from app.models import ProductStatus
from app.services.catalogue.products import clean_product_changes
from app.views.kit.i18n import current_language
from app.views.products.editor.state import EditorState
from app.views.products.editor.widgets import (
    CommitOnPause,
    both,
    card,
    error_label,
    hint_label,
    page_layout,
    scrolling,
    show_problem,
)

Field = QLineEdit | QPlainTextEdit | QComboBox
FieldT = TypeVar("FieldT", QLineEdit, QPlainTextEdit, QComboBox)  # _register hands back the kind it was given


class BasicsTab(QWidget):
    """The product's own fields. Single-line fields save on Enter or leaving the field; longer texts when
    typing pauses; lists save on choice. Each save is one undo step (merged while typing in one field)."""

    def __init__(self, state: EditorState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.fields: dict[str, Field] = {}
        self.errors: dict[str, QLabel] = {}
        self.pauses: dict[str, CommitOnPause] = {}
        self._shown: dict[str, Any] = {}  # the stored value each field last showed
        self.labels = self._labels()
        content = QWidget()
        column = page_layout(content)
        column.addWidget(self._identity_card())
        column.addWidget(self._texts_card())
        column.addWidget(self._making_card())
        column.addWidget(self._private_card())
        column.addStretch(1)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content))
        self.refresh()

    def _labels(self) -> dict[str, str]:
        return {
            "code": self.tr("Product code"), "category_id": self.tr("Category"), "status": self.tr("Status"),
            "brand": self.tr("Brand"), "name": self.tr("Name"), "description": self.tr("Description"),
            "selling_points": self.tr("Selling points"), "materials": self.tr("Materials"),
            "differentiator": self.tr("Differentiator"), "reference_price": self.tr("Reference price"),
            "reference_label": self.tr("Generic label"),
        }

    def label_for(self, name: str) -> str:
        base = name.removesuffix("_zh").removesuffix("_en")
        label = self.labels.get(name) or self.labels.get(base, name)
        if name.endswith("_zh"):
            return self.tr("%1 (Chinese)").replace("%1", label)
        if name.endswith("_en"):
            return self.tr("%1 (English)").replace("%1", label)
        return label

    # ----- layout ------------------------------------------------------------------------------------------
    def _identity_card(self) -> QWidget:
        frame, layout = card(self.tr("Product"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        code = self._line("code", "XZ-LG-PC01")
        category = self._combo("category_id")
        status = self._combo("status")
        brand = self._line("brand", self.tr("e.g. the factory's own brand"))
        for (row, col), (name, widget) in zip(((0, 0), (0, 1), (2, 0), (2, 1)),
                                              (("code", code), ("status", status), ("category_id", category),
                                               ("brand", brand)), strict=False):
            box = QWidget()
            inner = QGridLayout(box)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.setVerticalSpacing(4)
            inner.addWidget(QLabel(self.labels[name]), 0, 0)
            inner.addWidget(widget, 1, 0)
            inner.addWidget(self.errors[name], 2, 0)
            grid.addWidget(box, row, col)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        with QSignalBlocker(category), QSignalBlocker(status):  # filling a list is not an edit
            category.addItem(self.tr("— no category —"), None)
            for category_row in self.state.service.categories():
                category.addItem(both(category_row.name_zh, category_row.name_en), category_row.id)
            for value, text in self.status_labels().items():
                status.addItem(text, value)
        return frame

    def status_labels(self) -> dict[str, str]:
        return {
            ProductStatus.DRAFT.value: self.tr("Draft"),
            ProductStatus.READY.value: self.tr("Ready to list"),
            ProductStatus.LISTED.value: self.tr("Listed"),
            ProductStatus.ARCHIVED.value: self.tr("Archived"),
        }

    def _texts_card(self) -> QWidget:
        frame, layout = card(self.tr("Names and texts"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        for col, text in ((1, self.tr("Chinese")), (2, self.tr("English"))):
            header = QLabel(text)
            header.setObjectName("pageSubtitle")
            grid.addWidget(header, 0, col)
        rows = (("name", False, 0), ("description", True, 110), ("selling_points", True, 110))
        for row, (key, multiline, height) in enumerate(rows, start=1):
            label = QLabel(self.labels[key])
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            label.setContentsMargins(0, 6, 0, 0)
            grid.addWidget(label, row * 2 - 1, 0)
            for col, lang in ((1, "zh"), (2, "en")):
                name = f"{key}_{lang}"
                widget = self._plain(name, height) if multiline else self._line(name, "")
                grid.addWidget(widget, row * 2 - 1, col)
                grid.addWidget(self.errors[name], row * 2, col)
        grid.addWidget(hint_label(self.tr("Selling points: one per line.")), len(rows) * 2 + 1, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        layout.addLayout(grid)
        return frame

    def _making_card(self) -> QWidget:
        frame, layout = card(self.tr("How it is made"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        for row, (name, height, hint) in enumerate((
            ("materials", 64, self.tr("Materials and parts, e.g. virgin PC shell, 6063 aluminium trolley.")),
            ("differentiator", 80, self.tr("Why this product and not the one everyone else launched.")),
        )):
            label = QLabel(self.labels[name])
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            label.setContentsMargins(0, 6, 0, 0)
            grid.addWidget(label, row * 3, 0)
            grid.addWidget(self._plain(name, height), row * 3, 1)
            grid.addWidget(hint_label(hint), row * 3 + 1, 1)
            grid.addWidget(self.errors[name], row * 3 + 2, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        return frame

    def _private_card(self) -> QWidget:
        frame, layout = card(self.tr("Private reference — never printed"))
        layout.addWidget(hint_label(self.tr(
            "A comparable branded product's price, for your own pricing only. It is never printed, exported or "
            "listed. Describe it generically (e.g. “international brand 24-inch PC suitcase”), never by brand.")))
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        price = self._line("reference_price", "2890.00")
        price.setMaximumWidth(180)
        price.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.currency = QLabel()
        grid.addWidget(QLabel(self.labels["reference_price"]), 0, 0)
        row = QHBoxLayout()
        row.addWidget(price)
        row.addWidget(self.currency)
        row.addStretch(1)
        grid.addLayout(row, 0, 1)
        grid.addWidget(self.errors["reference_price"], 1, 1)
        grid.addWidget(QLabel(self.labels["reference_label"]), 2, 0)
        grid.addWidget(self._line("reference_label", self.tr("e.g. branded 24-inch PC suitcase")), 2, 1)
        grid.addWidget(self.errors["reference_label"], 3, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        return frame

    def _line(self, name: str, placeholder: str) -> QLineEdit:
        field = QLineEdit()
        field.setPlaceholderText(placeholder)
        field.textChanged.connect(lambda _text, name=name: self.validate(name))
        field.editingFinished.connect(lambda name=name: self.commit(name))
        return self._register(name, field)

    def _plain(self, name: str, height: int) -> QPlainTextEdit:
        field = QPlainTextEdit()
        field.setTabChangesFocus(True)
        field.setFixedHeight(height)
        field.textChanged.connect(lambda name=name: self.validate(name))
        pause = CommitOnPause(field)
        pause.commit.connect(lambda name=name: self.commit(name))
        self.pauses[name] = pause
        return self._register(name, field)

    def _combo(self, name: str) -> QComboBox:
        field = QComboBox()
        field.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        field.currentIndexChanged.connect(lambda _index, name=name: self.commit(name))
        return self._register(name, field)

    def _register(self, name: str, field: FieldT) -> FieldT:
        field.setObjectName(f"field_{name}")
        self.fields[name] = field
        self.errors[name] = error_label()
        return field

    # ----- data ------------------------------------------------------------------------------------------
    def widget_value(self, name: str) -> Any:
        field = self.fields[name]
        if isinstance(field, QComboBox):
            return field.currentData()
        return field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()

    def refresh(self) -> None:
        """Show the stored values (without echoing them back as edits).

        A field is left alone when its text already means the stored value (the cursor of someone typing
        doesn't jump), and when the stored value hasn't changed since it was last shown: text the user
        typed but couldn't save (invalid, or refused) stays, with its message, until they fix it.
        """
        detail = self.state.detail
        for name, field in self.fields.items():
            stored = detail.value(name)
            with QSignalBlocker(field):
                if isinstance(field, QComboBox):
                    index = field.findData(stored)
                    field.setCurrentIndex(index if index >= 0 else 0)
                    continue
                cleaned, problems = clean_product_changes({name: self.widget_value(name)})
                if not problems and _same(cleaned[name], stored):
                    self._shown[name] = stored
                    show_problem(field, self.errors[name], None)
                    continue
                if name in self._shown and _same(self._shown[name], stored):
                    continue  # unchanged underneath: keep what the user is working on
                text = display_text(name, stored)
                field.setPlainText(text) if isinstance(field, QPlainTextEdit) else field.setText(text)
                self._shown[name] = stored
            show_problem(field, self.errors[name], None)
        self.currency.setText(detail.currency)

    def validate(self, name: str) -> bool:
        """Check one field as the user types; shows the reason in the user's language."""
        _cleaned, problems = clean_product_changes({name: self.widget_value(name)})
        message = problems[0].message.text(current_language()) if problems else None
        show_problem(self.fields[name], self.errors[name], message)
        return not problems

    def commit(self, name: str) -> bool:
        """Save one field if it is valid and changed (an undo step); True when saved."""
        if not self.validate(name):
            return False
        cleaned, _problems = clean_product_changes({name: self.widget_value(name)})
        if _same(cleaned[name], self.state.detail.value(name)):
            return False
        text = self.tr("Edit %1").replace("%1", self.label_for(name))
        saved = self.state.edit_product({name: cleaned[name]}, text, merge_key=name)
        if not saved and self.state.last_error is not None:
            problems = getattr(self.state.last_error, "problems", None)
            if problems:
                show_problem(self.fields[name], self.errors[name], problems[0].message.text(current_language()))
        return saved

    def flush(self) -> None:
        """Save what is still pending in text boxes (before the dialog closes)."""
        for pause in self.pauses.values():
            pause.flush()


def display_text(name: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, (list, tuple)):
        return "\n".join(str(item) for item in value)
    return str(value)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a == b and str(a) == str(b)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return list(a) == list(b)
    return bool(a == b)
