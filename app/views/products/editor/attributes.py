"""Attributes tab: the category's attribute template rendered as the right widget per kind.

number + unit -> a text field (exact decimal input, no spin box rounding) with its unit; choice -> a list
with Chinese and English labels; yes/no -> a check box; text -> a text field. Required ones are marked.
Input is checked as it is typed, with the reason in the user's language; valid values save on Enter,
on leaving the field, or on choosing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QWidget,
)

from app.models import AttributeDef, AttributeKind
from app.services.catalogue.categories import display_value, unit_text
from app.services.catalogue.products import ProductDetail, parse_attribute_input
from app.views.kit.i18n import current_language, is_chinese
from app.views.products.editor.state import EditorState
from app.views.products.editor.widgets import (
    both,
    card,
    clear_layout,
    error_label,
    hint_label,
    page_layout,
    pick,
    scrolling,
    show_problem,
)

AttributeWidget = QLineEdit | QComboBox | QCheckBox


class AttributesTab(QWidget):
    """One row per template attribute (variant axes are edited on the Variants tab)."""

    def __init__(self, state: EditorState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.widgets: dict[str, AttributeWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.not_set: dict[str, QLabel] = {}
        self._shown: dict[str, Any] = {}  # the stored value each text field last showed
        self._built_for: tuple[int | None, ...] | None = None
        self.content = QWidget()
        self.column = page_layout(self.content)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(self.content))
        self.refresh()

    def _attributes(self) -> list[AttributeDef]:
        return self.state.attribute_fields

    # ----- layout ------------------------------------------------------------------------------------------
    def _rebuild(self) -> None:
        clear_layout(self.column)
        self.widgets.clear()
        self.errors.clear()
        self.not_set.clear()
        self._shown.clear()
        attributes = self._attributes()
        if self.state.detail.category_id is None:
            frame, layout = card(self.tr("Attributes"))
            layout.addWidget(hint_label(self.tr("Choose a category on the Basics tab to see the attributes "
                                                "its listings need.")))
            self.column.addWidget(frame)
        else:
            frame, layout = card(self.tr("Attributes of the category"))
            layout.addWidget(hint_label(self.tr("Fields marked * are required by the category. Variant options "
                                                "such as colour and size are set per SKU on the Variants tab.")))
            grid = QGridLayout()
            grid.setHorizontalSpacing(14)
            grid.setVerticalSpacing(4)
            for row, attribute in enumerate(attributes):
                grid.addWidget(self._label(attribute), row * 2, 0)
                grid.addLayout(self._editor(attribute), row * 2, 1)
                grid.addWidget(self.errors[attribute.key], row * 2 + 1, 1)
            grid.setColumnStretch(1, 1)
            grid.setColumnMinimumWidth(0, 180)
            layout.addLayout(grid)
            if not attributes:
                layout.addWidget(hint_label(self.tr("This category has no attributes beyond the variant options.")))
            self.column.addWidget(frame)
        self.others = hint_label("")
        self.column.addWidget(self.others)
        self.column.addStretch(1)
        self._built_for = (self.state.detail.category_id, *(attribute.id for attribute in attributes))

    def _label(self, attribute: AttributeDef) -> QLabel:
        primary = pick(attribute.name_zh, attribute.name_en)
        secondary = attribute.name_en if is_chinese() else attribute.name_zh
        text = primary + (" <span style='color:#B91C1C'>*</span>" if attribute.required else "")
        if secondary and secondary != primary:
            text += f" <span style='color:#94A3B8'>{secondary}</span>"
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.RichText)
        if attribute.required:
            label.setToolTip(self.tr("Required by the category"))
        return label

    def _editor(self, attribute: AttributeDef) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(8)
        key = attribute.key
        widget: AttributeWidget
        if attribute.kind == AttributeKind.CHOICE.value:
            widget = QComboBox()
            widget.addItem(self.tr("— not set —"), None)
            for choice in attribute.choices:
                widget.addItem(both(choice.get("zh", ""), choice.get("en", "")), choice.get("zh") or choice.get("en"))
            widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            widget.currentIndexChanged.connect(lambda _i, key=key: self.commit(key))
            row.addWidget(widget, 1)
        elif attribute.kind == AttributeKind.YES_NO.value:
            widget = QCheckBox(self.tr("Yes"))
            widget.toggled.connect(lambda _on, key=key: self.commit(key))
            row.addWidget(widget)
            hint = hint_label(self.tr("not answered yet"))
            self.not_set[key] = hint
            row.addWidget(hint)
            row.addStretch(1)
        else:
            widget = QLineEdit()
            widget.textChanged.connect(lambda _t, key=key: self.validate(key))
            widget.editingFinished.connect(lambda key=key: self.commit(key))
            if attribute.kind == AttributeKind.NUMBER.value:
                widget.setMaximumWidth(200)
                widget.setAlignment(Qt.AlignmentFlag.AlignRight)
                widget.setPlaceholderText("0")
                row.addWidget(widget)
                unit = QLabel(unit_text(attribute.unit, current_language()))  # 小时, not h, in Chinese
                unit.setObjectName("pageSubtitle")
                row.addWidget(unit)
                row.addStretch(1)
            else:
                row.addWidget(widget, 1)
        widget.setObjectName(f"attribute_{key}")
        self.widgets[key] = widget
        self.errors[key] = error_label()
        return row

    # ----- data ------------------------------------------------------------------------------------------
    def _attribute(self, key: str) -> AttributeDef:
        return next(attribute for attribute in self._attributes() if attribute.key == key)

    def widget_value(self, key: str) -> Any:
        widget = self.widgets[key]
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        return widget.text()

    def refresh(self) -> None:
        attributes = self._attributes()
        if self._built_for != (self.state.detail.category_id, *(attribute.id for attribute in attributes)):
            self._rebuild()
        values = self.state.detail.attributes
        for attribute in attributes:
            widget = self.widgets[attribute.key]
            stored = values.get(attribute.key)
            with QSignalBlocker(widget):
                if isinstance(widget, QComboBox):
                    index = widget.findData(display_value(attribute, stored, "zh") if stored is not None else None)
                    widget.setCurrentIndex(max(index, 0))
                elif isinstance(widget, QCheckBox):
                    widget.setChecked(bool(stored))
                    self.not_set[attribute.key].setVisible(stored is None)
                else:
                    parsed, problems = parse_attribute_input(attribute, widget.text())
                    key = attribute.key
                    if not problems and parsed == stored:
                        self._shown[key] = stored
                    elif key in self._shown and self._shown[key] == stored:
                        continue  # unchanged underneath: keep the user's unsaved text and its message
                    else:
                        widget.setText("" if stored is None else str(stored))
                        self._shown[key] = stored
            show_problem(widget, self.errors[attribute.key], None)
        known = {attribute.key for attribute in self.state.template}
        others = {key: value for key, value in values.items() if key not in known}
        self.others.setText(self.tr("Also stored from an earlier category: %1").replace(
            "%1", ", ".join(f"{key} = {value}" for key, value in others.items())) if others else "")
        self.others.setVisible(bool(others))

    def validate(self, key: str) -> bool:
        _value, problems = parse_attribute_input(self._attribute(key), self.widget_value(key))
        message = problems[0].message.text(current_language()) if problems else None
        show_problem(self.widgets[key], self.errors[key], message)
        return not problems

    def commit(self, key: str) -> bool:
        """Save one attribute when it is valid and changed (one undo step)."""
        attribute = self._attribute(key)
        if not self.validate(key):
            return False
        value, _problems = parse_attribute_input(attribute, self.widget_value(key))
        current = self.state.detail.attributes
        if current.get(key) == value and (value is not None or key not in current):
            return False

        def with_value(detail: ProductDetail) -> dict[str, Any]:
            """This one attribute changed, on whatever version is current (so Overwrite keeps the others)."""
            attributes = dict(detail.attributes)
            if value is None:
                attributes.pop(key, None)
            else:
                attributes[key] = value
            return {"attributes": attributes}

        name = pick(attribute.name_zh, attribute.name_en)
        return self.state.edit_product(with_value, self.tr("Edit %1").replace("%1", name),
                                       merge_key=f"attribute:{key}")
