"""Variants tab: axes (colour, size…) and their values, the SKU code pattern, Generate, and the SKU table.

Adding an axis or a value is a product edit (undoable); Generate adds the SKUs the matrix lacks and never
touches existing ones. Removing a value or an axis first lists the SKUs that would be deleted and asks.
Platform variant limits (Shopify: 3 options, 2,048 variants) are shown as warnings while you edit.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.models import AttributeDef, field_limits
from app.services.catalogue import variants as variant_rules
from app.services.catalogue.factory_profile import ValidationFailed
from app.services.catalogue.products import ProductDetail, clean_product_changes
from app.views.kit.i18n import current_language
from app.views.kit.resources import icon
from app.views.kit.widgets import line_edit_of
from app.views.products.editor.models import (
    SKU_FIELDS,
    SkuColumn,
    SkuTableModel,
    sku_headers,
)
from app.views.products.editor.state import EditorState
from app.views.products.editor.widgets import (
    both,
    card,
    danger_button,
    error_label,
    hint_label,
    pick,
    scrolling,
    show_problem,
)

CUSTOM_AXIS = "__custom__"
#: How many SKU codes a "these will be deleted" question names before it says "and N more".
NAMED_SKUS = 12


def suggested_value(choice: dict[str, str]) -> str:
    """A template choice as an axis value: "黑色 Black" (both names help both audiences); one name when the
    other adds nothing, or when the Chinese one already carries the digits ("20寸")."""
    zh, en = choice.get("zh", ""), choice.get("en", "")
    if not zh or not en or zh == en or any(char.isascii() and char.isdigit() for char in zh):
        return zh or en
    return f"{zh} {en}"


class AxisBox(QGroupBox):
    """One axis: its values, a field to add one (with suggestions from the category), remove buttons."""

    add_requested = Signal(str, str, str)      # axis key, value, code
    remove_value_requested = Signal(str, str)  # axis key, value
    remove_axis_requested = Signal(str)        # axis key

    def __init__(self, axis: variant_rules.VariantAxis, suggestions: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = axis.key
        self.setMinimumWidth(290)
        self.setMaximumWidth(340)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        self.values = QListWidget()
        self.values.setObjectName(f"axis_values_{axis.key}")
        self.values.setFixedHeight(96)
        self.remove_value_button = QPushButton(icon("x"), "")
        self.remove_value_button.setToolTip(self.tr("Remove the selected value"))
        self.remove_value_button.setFixedWidth(40)
        self.remove_value_button.clicked.connect(self._remove_value)
        self.remove_value_button.setEnabled(False)
        self.values.currentRowChanged.connect(lambda row: self.remove_value_button.setEnabled(row >= 0))
        self.remove_axis_button = danger_button(icon("trash"), "")
        self.remove_axis_button.setToolTip(self.tr("Remove this option"))
        self.remove_axis_button.setFixedWidth(40)
        self.remove_axis_button.clicked.connect(lambda: self.remove_axis_requested.emit(self.key))
        side = QVBoxLayout()
        side.addWidget(self.remove_value_button)
        side.addStretch(1)
        side.addWidget(self.remove_axis_button)
        top = QHBoxLayout()
        top.addWidget(self.values, 1)
        top.addLayout(side)
        layout.addLayout(top)
        entry = QHBoxLayout()
        self.value_input = QComboBox()
        self.value_input.setEditable(True)
        self.value_input.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.value_input.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        line_edit_of(self.value_input).setPlaceholderText(self.tr("New value"))
        self.code_input = QLineEdit()
        self.code_input.setPlaceholderText(self.tr("Code"))
        self.code_input.setToolTip(self.tr("Optional: the value's code in SKU codes, e.g. BLK"))
        self.code_input.setFixedWidth(64)
        self.add_button = QPushButton(icon("plus"), "")
        self.add_button.setFixedWidth(40)
        self.add_button.setToolTip(self.tr("Add value"))
        self.add_button.clicked.connect(self._add)
        line_edit_of(self.value_input).returnPressed.connect(self._add)
        entry.addWidget(self.value_input, 1)
        entry.addWidget(self.code_input)
        entry.addWidget(self.add_button)
        layout.addLayout(entry)
        self.error = error_label()
        layout.addWidget(self.error)
        self.update_axis(axis, suggestions)

    def update_axis(self, axis: variant_rules.VariantAxis, suggestions: list[str]) -> None:
        self.setTitle(both(axis.name_zh, axis.name_en) or axis.key)
        current = [value.value + (f"  ({value.code})" if value.code else "") for value in axis.values]
        if [self.values.item(i).text() for i in range(self.values.count())] != current:
            with QSignalBlocker(self.values):
                self.values.clear()
                self.values.addItems(current)
            self.remove_value_button.setEnabled(False)
        self._values = [value.value for value in axis.values]
        with QSignalBlocker(self.value_input):
            typed = self.value_input.currentText()
            self.value_input.clear()
            self.value_input.addItems([item for item in suggestions if item not in self._values])
            self.value_input.setCurrentText(typed if typed not in self._values else "")

    def _add(self) -> None:
        value = self.value_input.currentText().strip()
        if not value:
            return
        too_long = field_limits.too_long("option_value", value)  # the service refuses it too
        if too_long is not None:
            self.error.setText(too_long.text(current_language()))
            self.error.setVisible(True)
            return
        if value in self._values:
            self.error.setText(self.tr("“%1” is already a value of this axis.").replace("%1", value))
            self.error.setVisible(True)
            return
        self.error.setVisible(False)
        code = self.code_input.text().strip()
        self.add_requested.emit(self.key, value, code)

    def clear_entry(self) -> None:
        self.value_input.setCurrentText("")
        self.code_input.clear()

    def _remove_value(self) -> None:
        row = self.values.currentRow()
        if 0 <= row < len(self._values):
            self.remove_value_requested.emit(self.key, self._values[row])


class VariantsTab(QWidget):
    """Axes editor, code pattern and Generate, platform warnings, and the editable SKU table."""

    def __init__(self, state: EditorState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.axis_boxes: dict[str, AxisBox] = {}
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 16, 16, 16)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 6, 0)
        top_layout.addWidget(self._axes_card())
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(12)
        self.splitter.addWidget(scrolling(top))
        self.splitter.addWidget(self._skus_card())
        self.top = top
        self._sized = False
        column.addWidget(self.splitter)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        """First show: give the options their natural height and the SKU table the rest."""
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            total = sum(self.splitter.sizes())
            wanted = min(self.top.sizeHint().height() + 16, int(total * 0.6))
            self.splitter.setSizes([wanted, max(total - wanted, 200)])

    # ----- layout ------------------------------------------------------------------------------------------
    def _axes_card(self) -> QWidget:
        frame, layout = card(self.tr("Variant options"))
        layout.addWidget(hint_label(self.tr(
            "The options a buyer chooses from, such as colour and size. Generate creates one SKU per combination; "
            "SKUs that already exist are never changed.")))
        self.no_axes = hint_label(self.tr("No options yet: add one (a product without options has one SKU)."))
        layout.addWidget(self.no_axes)
        self.axes_row = QHBoxLayout()
        self.axes_row.setSpacing(12)
        layout.addLayout(self.axes_row)
        self.add_axis_box = self._add_axis_box()
        self.axes_error = error_label()
        layout.addWidget(self.axes_error)
        return frame

    def _add_axis_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Add an option"))
        box.setMinimumWidth(220)
        box.setMaximumWidth(280)
        layout = QVBoxLayout(box)
        layout.setSpacing(6)
        self.add_axis_combo = QComboBox()
        self.add_axis_combo.currentIndexChanged.connect(self._axis_choice_changed)
        self.custom_axis_name = QLineEdit()
        self.custom_axis_name.setPlaceholderText(self.tr("Name, e.g. 图案 Pattern"))
        self.add_axis_button = QPushButton(icon("plus"), self.tr("Add option"))
        self.add_axis_button.clicked.connect(self.add_axis)
        layout.addWidget(self.add_axis_combo)
        layout.addWidget(self.custom_axis_name)
        layout.addWidget(self.add_axis_button)
        layout.addStretch(1)
        return box

    def _skus_card(self) -> QWidget:
        frame, layout = card(self.tr("SKUs"))
        pattern_row = QHBoxLayout()
        pattern_row.addWidget(QLabel(self.tr("SKU code pattern:")))
        self.pattern = QLineEdit()
        self.pattern.setObjectName("field_sku_pattern")
        self.pattern.setToolTip(self.tr("{product} is the product code; {colour}, {size}… the option values' codes."))
        self.pattern.textChanged.connect(self._pattern_typed)
        self.pattern.editingFinished.connect(self.commit_pattern)
        pattern_row.addWidget(self.pattern, 1)
        self.generate_button = QPushButton(icon("layers", light=True), self.tr("Generate SKUs"))
        self.generate_button.setObjectName("primary")
        self.generate_button.clicked.connect(self.generate)
        pattern_row.addWidget(self.generate_button)
        layout.addLayout(pattern_row)
        self.pattern_error = error_label()
        layout.addWidget(self.pattern_error)
        self.summary = QLabel()
        self.summary.setObjectName("hintLabel")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.warnings = QLabel()
        self.warnings.setObjectName("warningLabel")
        self.warnings.setWordWrap(True)
        layout.addWidget(self.warnings)
        self.sku_model = SkuTableModel(self)
        self.sku_model.edit_requested.connect(self._sku_edited)
        self.sku_view = QTableView()
        self.sku_view.setObjectName("skuTable")
        self.sku_view.setModel(self.sku_model)
        self.sku_view.setAlternatingRowColors(True)
        self.sku_view.verticalHeader().setVisible(False)
        self.sku_view.verticalHeader().setDefaultSectionSize(30)
        self.sku_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.sku_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.sku_view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                      | QAbstractItemView.EditTrigger.EditKeyPressed
                                      | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.sku_view.setMinimumHeight(120)
        header = self.sku_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        widths = {SkuColumn.CODE: 156, SkuColumn.OPTIONS: 190, SkuColumn.GTIN: 136, SkuColumn.WEIGHT: 80,
                  SkuColumn.LENGTH: 58, SkuColumn.WIDTH: 58, SkuColumn.HEIGHT: 58, SkuColumn.COST: 80}
        for column, width in widths.items():  # never narrower than the (translated) header
            self.sku_view.setColumnWidth(column, max(width, header.sectionSizeFromContents(column).width()))
        header.setStretchLastSection(True)  # options stay readable; a narrow window scrolls sideways
        header.setMinimumSectionSize(48)
        layout.addWidget(self.sku_view, 1)
        buttons = QHBoxLayout()
        self.sku_count = QLabel()
        self.sku_count.setObjectName("pageSubtitle")
        buttons.addWidget(self.sku_count)
        buttons.addSpacing(12)
        buttons.addWidget(hint_label(self.tr("Double-click a cell to edit it; invalid entries turn red and are not "
                                             "saved (hover for the reason).")), 1)
        self.delete_skus_button = danger_button(icon("trash"), self.tr("Delete selected SKUs"))
        self.delete_skus_button.clicked.connect(self.delete_selected_skus)
        self.delete_skus_button.setEnabled(False)
        self.sku_view.selectionModel().selectionChanged.connect(
            lambda *_: self.delete_skus_button.setEnabled(self.sku_view.selectionModel().hasSelection()))
        buttons.addWidget(self.delete_skus_button)
        layout.addLayout(buttons)
        return frame

    # ----- refresh -------------------------------------------------------------------------------------------
    def _axes(self) -> tuple[variant_rules.VariantAxis, ...]:
        return self.state.detail.variant_axes

    def _template_axes(self) -> dict[str, AttributeDef]:
        return {attribute.key: attribute for attribute in self.state.axis_template}

    def refresh(self) -> None:
        axes = self._axes()
        templates = self._template_axes()
        while self.axes_row.count():  # laid out again below, in the axes' order
            self.axes_row.takeAt(0)
        for key in [key for key in self.axis_boxes if key not in {axis.key for axis in axes}]:
            self.axis_boxes.pop(key).deleteLater()
        for axis in axes:
            template = templates.get(axis.key)
            suggestions = [suggested_value(choice) for choice in template.choices] if template else []
            box = self.axis_boxes.get(axis.key)
            if box is None:
                box = AxisBox(axis, suggestions)
                box.add_requested.connect(self.add_value)
                box.remove_value_requested.connect(self.remove_value)
                box.remove_axis_requested.connect(self.remove_axis)
                self.axis_boxes[axis.key] = box
            else:
                box.update_axis(axis, suggestions)
            self.axes_row.addWidget(box)
        self.axes_row.addWidget(self.add_axis_box)
        self.axes_row.addStretch(1)
        self.no_axes.setVisible(not axes)
        self._fill_axis_choices(axes, templates)
        with QSignalBlocker(self.pattern):
            if self.pattern.text() != self.state.detail.sku_pattern:
                self.pattern.setText(self.state.detail.sku_pattern)
        show_problem(self.pattern, self.pattern_error, None)
        self.sku_model.set_skus(self.state.detail.skus, [axis.key for axis in axes])
        self.update_preview()

    def _fill_axis_choices(self, axes: tuple[variant_rules.VariantAxis, ...],
                           templates: dict[str, AttributeDef]) -> None:
        used = {axis.key for axis in axes}
        with QSignalBlocker(self.add_axis_combo):
            chosen = self.add_axis_combo.currentData()
            self.add_axis_combo.clear()
            for key, attribute in templates.items():
                if key not in used:
                    self.add_axis_combo.addItem(both(attribute.name_zh, attribute.name_en), key)
            self.add_axis_combo.addItem(self.tr("Custom option…"), CUSTOM_AXIS)
            index = self.add_axis_combo.findData(chosen)
            self.add_axis_combo.setCurrentIndex(max(index, 0))
        self._axis_choice_changed()

    def _axis_choice_changed(self, _index: int = 0) -> None:
        self.custom_axis_name.setVisible(self.add_axis_combo.currentData() == CUSTOM_AXIS)

    def update_preview(self) -> None:
        """What Generate would do with the current axes and pattern, and the platform warnings."""
        pattern = self.pattern.text().strip() or self.state.detail.sku_pattern
        try:
            plan = self.state.service.preview_variant_plan(self.state.product_id, self.state.detail.axes, pattern)
        except Exception:  # noqa: BLE001 - a preview must never break editing; Generate reports properly
            self.summary.setText("")
            self.warnings.setText("")
            return
        lang = current_language()
        parts = []
        if plan.to_add:
            parts.append(self.tr("Generate will add %n SKU(s).", "", len(plan.to_add)))
        elif self._axes() and any(axis.values for axis in self._axes()):
            parts.append(self.tr("Every combination has a SKU."))
        if plan.to_delete:
            parts.append(self.tr("%n SKU(s) no longer match the options.", "", len(plan.to_delete)))
        parts.append(self.tr("%n variant(s) in total.", "", plan.variant_count))
        self.summary.setText(" ".join(parts))
        messages = [message.text(lang) for message in (*plan.problems, *plan.warnings)]
        self.warnings.setText("\n".join(f"⚠ {message}" for message in messages))
        self.warnings.setVisible(bool(messages))
        self.sku_count.setText(self.tr("%n SKU(s)", "", len(self.state.detail.skus)))

    # ----- axes and values --------------------------------------------------------------------------------
    def add_axis(self) -> bool:
        """Add the option chosen in the list (or a custom one named in the field)."""
        choice = self.add_axis_combo.currentData()
        axes = self.state.detail.value("axes")
        if choice == CUSTOM_AXIS:
            name = self.custom_axis_name.text().strip()
            if not name:
                show_problem(self.custom_axis_name, self.axes_error, self.tr("Name the option first."))
                return False
            key = _axis_key(name, {axis["key"] for axis in axes})
            ascii_name = name.isascii()
            entry: dict[str, Any] = {"key": key, "name_zh": "" if ascii_name else name,
                                     "name_en": name if ascii_name else "", "values": []}
        else:
            attribute = self._template_axes().get(str(choice))
            if attribute is None:
                return False
            entry = {"key": attribute.key, "name_zh": attribute.name_zh, "name_en": attribute.name_en, "values": []}
        show_problem(self.custom_axis_name, self.axes_error, None)
        name = pick(entry["name_zh"], entry["name_en"]) or entry["key"]

        def with_axis(detail: ProductDetail) -> dict[str, Any]:
            current = detail.value("axes")
            return {"axes": current if any(a["key"] == entry["key"] for a in current) else [*current, entry]}

        saved = self.state.edit_product(with_axis, self.tr("Add option %1").replace("%1", name))
        if saved:
            self.custom_axis_name.clear()
        else:
            self._show_axes_error()
        return saved

    def add_value(self, axis_key: str, value: str, code: str = "") -> bool:
        def with_value(detail: ProductDetail) -> dict[str, Any]:
            return {"axes": variant_rules.axes_to_json(
                variant_rules.add_value(detail.variant_axes, axis_key, value, code))}

        saved = self.state.edit_product(with_value, self.tr("Add value %1").replace("%1", value))
        box = self.axis_boxes.get(axis_key)
        if saved and box is not None:
            box.clear_entry()
        elif not saved:
            self._show_axes_error()
        return saved

    def remove_value(self, axis_key: str, value: str) -> bool:
        axes = variant_rules.remove_value(self._axes(), axis_key, value)
        return self._shrink(axes, self.tr("Remove value %1").replace("%1", value))

    def remove_axis(self, axis_key: str) -> bool:
        axes = tuple(axis for axis in self._axes() if axis.key != axis_key)
        removed = next((axis for axis in self._axes() if axis.key == axis_key), None)
        name = pick(removed.name_zh, removed.name_en) if removed else axis_key
        return self._shrink(axes, self.tr("Remove option %1").replace("%1", name or axis_key))

    def _shrink(self, axes: tuple[variant_rules.VariantAxis, ...], text: str) -> bool:
        """Fewer values or options: list the SKUs that would go and ask before deleting anything."""
        axes_json = variant_rules.axes_to_json(axes)
        pattern = self.state.detail.sku_pattern
        plan = self.state.service.preview_variant_plan(self.state.product_id, axes_json, pattern)
        if not plan.to_delete:
            return self.state.edit_product({"axes": axes_json}, text)
        if not self._confirm_delete(plan.to_delete, self.tr("Remove and delete SKUs?"),
                                    self.tr("These %n SKU(s) would be deleted with their barcodes, weights and "
                                            "costs:", "", len(plan.to_delete))):
            return False
        return self.state.change_variants(axes_json, pattern, text, add_missing=False, delete_missing=True)

    def _confirm_delete(self, skus: Any, title: str, lead: str) -> bool:
        codes = [sku.code for sku in skus]
        listed = "\n".join(f"• {code}" for code in codes[:NAMED_SKUS])
        if len(codes) > NAMED_SKUS:
            listed += "\n" + self.tr("…and %1 more").replace("%1", str(len(codes) - NAMED_SKUS))
        text = lead + "\n\n" + listed + "\n\n" + self.tr("You can undo this.")
        answer = QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _show_axes_error(self) -> None:
        error = self.state.last_error
        problems = getattr(error, "problems", None)
        if problems:
            show_problem(self.custom_axis_name, self.axes_error, problems[0].message.text(current_language()))

    # ----- pattern and generate ---------------------------------------------------------------------------
    def _pattern_typed(self, text: str) -> None:
        _cleaned, problems = clean_product_changes({"sku_pattern": text})
        show_problem(self.pattern, self.pattern_error,
                     problems[0].message.text(current_language()) if problems else None)
        if not problems:
            self.update_preview()

    def commit_pattern(self) -> bool:
        cleaned, problems = clean_product_changes({"sku_pattern": self.pattern.text()})
        if problems or cleaned["sku_pattern"] == self.state.detail.sku_pattern:
            return False
        return self.state.edit_product({"sku_pattern": cleaned["sku_pattern"]}, self.tr("Edit SKU code pattern"),
                                       merge_key="sku_pattern")

    def generate(self) -> bool:
        """Add the SKUs the options call for; SKUs that no longer fit are deleted only if the user agrees."""
        cleaned, problems = clean_product_changes({"sku_pattern": self.pattern.text()})
        if problems:
            show_problem(self.pattern, self.pattern_error, problems[0].message.text(current_language()))
            return False
        pattern = cleaned["sku_pattern"]
        axes = self.state.detail.value("axes")
        plan = self.state.service.preview_variant_plan(self.state.product_id, axes, pattern)
        if not plan.ok:
            show_problem(self.pattern, self.pattern_error, plan.problems[0].text(current_language()))
            return False
        delete = False
        if plan.to_delete:
            answer = QMessageBox.question(
                self, self.tr("SKUs that no longer fit"),
                self.tr("%n SKU(s) don't match the options any more (e.g. %1). Delete them?", "", len(plan.to_delete))
                .replace("%1", plan.to_delete[0].code),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.No)
            if answer == QMessageBox.StandardButton.Cancel:
                return False
            delete = answer == QMessageBox.StandardButton.Yes
        if not plan.to_add and not delete and pattern == self.state.detail.sku_pattern:
            self.summary.setText(self.tr("Nothing to generate: every combination already has a SKU."))
            return False
        text = self.tr("Generate %n SKU(s)", "", len(plan.to_add))
        return self.state.change_variants(axes, pattern, text, add_missing=True, delete_missing=delete)

    # ----- SKUs ------------------------------------------------------------------------------------------------
    def _sku_edited(self, sku_id: int, field: str, raw: str) -> None:
        sku = self.state.detail.sku(sku_id)
        column = next(column for column, name in SKU_FIELDS.items() if name == field)
        label = sku_headers()[column]
        text = self.tr("Edit %1 of %2").replace("%1", label).replace("%2", sku.code if sku else str(sku_id))
        if not self.state.edit_sku(sku_id, field, raw, text):
            error = self.state.last_error
            if isinstance(error, ValidationFailed) and error.problems:
                self.sku_model.set_error(sku_id, field, raw, error.problems[0].message.text(current_language()))

    def selected_sku_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.sku_view.selectionModel().selectedIndexes()})
        return [self.sku_model.sku_at(row).id for row in rows]

    def delete_selected_skus(self) -> bool:
        ids = self.selected_sku_ids()
        if not ids:
            return False
        skus = [sku for sku in self.state.detail.skus if sku.id in ids]
        if not self._confirm_delete(skus, self.tr("Delete SKUs?"), self.tr("Delete these %n SKU(s)?", "", len(skus))):
            return False
        return self.state.delete_skus(ids)


def _axis_key(name: str, taken: set[str]) -> str:
    """A placeholder-safe key for a custom option: its ASCII words ("Pattern" -> pattern), else axis1, axis2…"""
    words = re.findall(r"[A-Za-z][A-Za-z0-9]*", name)
    base = "_".join(word.lower() for word in words)[:30] or "axis"
    if base not in taken and base not in ("axis", "product"):
        return base
    number = 1 if base == "axis" else 2
    while f"{base}{number}" in taken:
        number += 1
    return f"{base}{number}"
