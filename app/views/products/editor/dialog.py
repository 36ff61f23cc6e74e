"""The product editor window: a non-modal dialog with tabs, a completeness panel, and auto-save.

Open it from anywhere with the workspace's services and the app's undo stack:

    editor = ProductEditorDialog(services, main_window.undo_stack, product_id, parent=main_window)
    editor.product_changed.connect(catalogue.refresh_product)   # after every save
    editor.show()

`product_id=None` starts the "new product" flow (code, names, category), then shows the editor. The dialog
deletes itself when closed (WA_DeleteOnClose): connect `finished` to forget a reference you keep. Its undo
steps stay on the shared stack and keep working after it closes (see `state.py`).
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.services.catalogue.factory_profile import ValidationFailed
from app.services.catalogue.products import EditConflict, ProductService
from app.views.kit import screen
from app.views.kit.errors import show_error
from app.views.kit.i18n import current_language
from app.views.kit.resources import icon
from app.views.kit.screen import scrolled
from app.views.products.editor.attributes import AttributesTab
from app.views.products.editor.basics import BasicsTab
from app.views.products.editor.completeness_panel import CompletenessPanel
from app.views.products.editor.evidence import EvidenceTab
from app.views.products.editor.images import ImagesTab
from app.views.products.editor.state import ConflictChoice, EditorState
from app.views.products.editor.variants import VariantsTab
from app.views.products.editor.widgets import (
    both,
    card,
    error_label,
    hint_label,
    pick,
    show_problem,
)


def product_service(services: Any) -> ProductService:
    """The workspace's ProductService: `services.products` when the container has one, else a new one."""
    if isinstance(services, ProductService):
        return services
    existing = getattr(services, "products", None)
    if isinstance(existing, ProductService):
        return existing
    return ProductService(services.workspace)


def ask_about_conflict(parent: QWidget | None, conflict: EditConflict) -> ConflictChoice:
    """Someone else saved first: reload (discard my change) or overwrite (re-apply mine on their version).
    Reload is the default and what Escape does: nothing is ever overwritten without a deliberate click."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("ProductEditorDialog", "Changed elsewhere"))
    box.setText(conflict.text(current_language()))
    box.setInformativeText(QCoreApplication.translate(
        "ProductEditorDialog",
        "Reload shows the saved version and drops your change. Overwrite saves your change on top of it."))
    box.setStandardButtons(QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Save)
    box.button(QMessageBox.StandardButton.Discard).setText(QCoreApplication.translate("ProductEditorDialog", "Reload"))
    box.button(QMessageBox.StandardButton.Save).setText(QCoreApplication.translate("ProductEditorDialog", "Overwrite"))
    box.setDefaultButton(QMessageBox.StandardButton.Discard)
    box.setEscapeButton(QMessageBox.StandardButton.Discard)
    answer = box.exec()
    return ConflictChoice.OVERWRITE if answer == QMessageBox.StandardButton.Save else ConflictChoice.RELOAD


class NewProductForm(QWidget):
    """The first step for a new product: code, names and category; the rest is edited afterwards."""

    create_requested = Signal()

    def __init__(self, service: ProductService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(28, 24, 28, 24)
        frame, layout = card(self.tr("New product"))
        frame.setFixedWidth(620)
        layout.addWidget(hint_label(self.tr("Start with the product code, its names and its category. Everything "
                                            "else — texts, attributes, variants, images — comes next.")))
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        self.code = QLineEdit()
        self.code.setPlaceholderText("XZ-LG-PC02")
        self.name_zh = QLineEdit()
        self.name_zh.setPlaceholderText(self.tr("Chinese name"))
        self.name_en = QLineEdit()
        self.name_en.setPlaceholderText(self.tr("English name"))
        self.category = QComboBox()
        self.category.addItem(self.tr("— no category —"), None)
        for category in service.categories():
            self.category.addItem(both(category.name_zh, category.name_en), category.id)
        self.errors = {name: error_label() for name in ("code", "name_zh", "category_id")}
        rows = ((self.tr("Product code"), self.code, "code"), (self.tr("Name (Chinese)"), self.name_zh, "name_zh"),
                (self.tr("Name (English)"), self.name_en, None), (self.tr("Category"), self.category, "category_id"))
        for row, (label, widget, key) in enumerate(rows):
            grid.addWidget(QLabel(label), row * 2, 0)
            grid.addWidget(widget, row * 2, 1)
            if key:
                grid.addWidget(self.errors[key], row * 2 + 1, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.create_button = QPushButton(self.tr("Create product"))
        self.create_button.setObjectName("primary")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_requested)
        buttons.addWidget(self.create_button)
        layout.addLayout(buttons)
        column.addStretch(1)
        column.addWidget(frame, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(2)

    def show_problems(self, error: ValidationFailed) -> None:
        lang = current_language()
        found = {problem.field: problem.message.text(lang) for problem in error.problems}
        widgets = {"code": self.code, "name_zh": self.name_zh, "category_id": self.category}
        for key, label in self.errors.items():
            show_problem(widgets[key], label, found.get(key))


class ProductEditorDialog(QDialog):
    """Edit one product: Basics, Attributes, Variants & SKUs, Images, Evidence; completeness alongside.

    Every edit saves at once and is one step on `undo_stack`; an edit that meets a newer saved version
    asks whether to reload or overwrite (never a silent overwrite).
    """

    #: A product was created by the "new product" flow (its id).
    product_created = Signal(int)
    #: The product was saved (after any edit, undo or redo made here).
    product_changed = Signal(int)

    def __init__(self, services: Any, undo_stack: QUndoStack, product_id: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setModal(False)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setWindowTitle(self.tr("New product"))
        # The new-product form's size; the editor grows the window (open_product), never beyond the screen.
        screen.fit_to_screen(self, QSize(720, 440))
        self.service = product_service(services)
        self.undo_stack = undo_stack
        self.state: EditorState | None = None
        self._closed = False
        self.pages = QStackedWidget()
        self.new_form = NewProductForm(self.service)
        self.new_form.create_requested.connect(self.create_product)
        self.pages.addWidget(self.new_form)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)
        self._add_undo_actions()
        if product_id is not None:
            self.open_product(product_id)

    @property
    def product_id(self) -> int | None:
        return self.state.product_id if self.state is not None else None

    # ----- building ------------------------------------------------------------------------------------------
    def _add_undo_actions(self) -> None:
        """Ctrl+Z / Ctrl+Y inside this window (the main window's shortcuts don't reach a separate window)."""
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("Undo"))
        self.undo_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        self.undo_action.setIcon(icon("undo"))
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("Redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"),
                                       *QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)])
        self.redo_action.setIcon(icon("redo"))
        self.addActions([self.undo_action, self.redo_action])

    def _editor_page(self, state: EditorState) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(20, 16, 20, 14)
        column.setSpacing(12)
        column.addLayout(self._header())
        body = QHBoxLayout()
        body.setSpacing(14)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(False)
        self.basics = BasicsTab(state)
        self.attributes = AttributesTab(state)
        self.variants = VariantsTab(state)
        self.images = ImagesTab(state)
        self.evidence = EvidenceTab(state)
        self.tabs.addTab(self.basics, icon("edit"), self.tr("Basics"))
        self.tabs.addTab(self.attributes, icon("tag"), self.tr("Attributes"))
        self.tabs.addTab(self.variants, icon("layers"), self.tr("Variants && SKUs"))
        self.tabs.addTab(self.images, icon("image"), self.tr("Images"))
        self.tabs.addTab(self.evidence, icon("shield-check"), self.tr("Evidence"))
        body.addWidget(self.tabs, 1)
        self.completeness = CompletenessPanel()
        body.addWidget(self.completeness)
        column.addWidget(scrolled(body), 1)
        footer = QHBoxLayout()
        footer.addWidget(hint_label(self.tr("Changes are saved as you go. Undo with Ctrl+Z.")), 1)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.close)
        footer.addWidget(self.close_button)
        column.addLayout(footer)
        return page

    def _header(self) -> QHBoxLayout:
        titles = QVBoxLayout()
        titles.setSpacing(2)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("pageSubtitle")
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        row = QHBoxLayout()
        row.addLayout(titles, 1)
        self.status = QLabel()
        self.status.setObjectName("hintLabel")
        self.status.setWordWrap(True)
        self.status.setMinimumWidth(200)
        self.status.setMaximumWidth(460)
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.status)
        for action in (self.undo_action, self.redo_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            row.addWidget(button)
        reload_action = QAction(icon("refresh"), self.tr("Reload from the workspace"), self)
        reload_action.triggered.connect(self.reload)
        reload_button = QToolButton()
        reload_button.setDefaultAction(reload_action)
        row.addWidget(reload_button)
        return row

    # ----- opening ---------------------------------------------------------------------------------------------
    def create_product(self) -> bool:
        """The new-product form's Create: validate, create, then show the editor on the new product."""
        form = self.new_form
        try:
            detail = self.service.create_product(form.code.text(), form.name_zh.text(), form.name_en.text(),
                                                 form.category.currentData())
        except ValidationFailed as error:
            form.show_problems(error)
            return False
        except Exception as error:  # noqa: BLE001 - shown to the user, logged if a bug
            show_error(self, error)
            return False
        self.open_product(detail.id)
        self.product_created.emit(detail.id)
        return True

    def open_product(self, product_id: int) -> None:
        state = EditorState(self.service, self.undo_stack, product_id)
        state.conflict_resolver = lambda conflict: ask_about_conflict(self, conflict)
        state.error_reporter = lambda error: show_error(self, error)
        state.changed.connect(self.refresh)
        state.status.connect(self._show_status)
        state.product_saved.connect(self.product_changed)
        self.state = state
        page = self._editor_page(state)
        state.images_done.connect(self.images.images_done)
        self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)
        self.setMinimumSize(980, 640)
        screen.fit_to_screen(self, QSize(max(self.width(), 1220), max(self.height(), 820)))
        self.refresh()
        self._show_status("saved", self.tr("All changes saved"))

    # ----- going to a finding's field -------------------------------------------------------------------------
    def show_field(self, field: str) -> QWidget | None:
        """Bring the widget that holds a finding's field (`brand`, `description_zh`, `selling_points_zh[2]`,
        `attributes.capacity`, `images.main`…) into view and give it the keyboard focus, on its tab; the tab
        alone (its first input) when no single widget holds the field. Returns the focused widget."""
        if self.state is None:
            return None
        tab, widget = self._field_widget(field)
        self.tabs.setCurrentWidget(tab)
        if widget is None:
            return None
        line = _list_index(field)
        if isinstance(widget, QPlainTextEdit) and line is not None:  # the n-th selling point: its line
            block = widget.document().findBlockByNumber(min(line, widget.document().blockCount() - 1))
            cursor = widget.textCursor()
            cursor.setPosition(block.position())
            widget.setTextCursor(cursor)
        parent = widget.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget)
        self.activateWindow()
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return widget

    def _field_widget(self, field: str) -> tuple[QWidget, QWidget | None]:
        """The tab and the input widget for a finding's field (see `show_field`)."""
        base = field.split("[", 1)[0]
        aliases = {"title": "name_zh", "title_zh": "name_zh", "title_en": "name_en", "brand_zh": "brand",
                   "brand_en": "brand", "category": "category_id", "description": "description_zh",
                   "selling_points": "selling_points_zh", "bullets": "selling_points_en"}
        name = aliases.get(base, base)
        if name in self.basics.fields:
            return self.basics, self.basics.fields[name]
        if base.startswith("attributes"):
            key = base.split(".", 1)[1] if "." in base else ""
            return self.attributes, self.attributes.widgets.get(key)
        if base.startswith(("images", "main_image", "white_background_image")):
            return self.images, self.images.add_button
        if base.startswith(("skus", "axes", "gtin", "weight", "variants")):
            return self.variants, self.variants.sku_view
        return self.basics, None

    # ----- refreshing -----------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Show what the workspace holds now (e.g. after another window saved)."""
        if self.state is not None:
            self.evidence.reload_certificates()
            self.state.reload()

    def refresh(self) -> None:
        """Put the state's product into every tab (each refresh runs under signal blockers: no echo)."""
        state = self.state
        if state is None or self._closed:
            return
        detail = state.detail
        name = pick(detail.name_zh, detail.name_en) or self.tr("(no name yet)")
        self.title.setText(name)
        self.subtitle.setText(self.tr("Product %1 · version %2").replace("%1", detail.code)
                              .replace("%2", str(detail.version)))
        self.setWindowTitle(self.tr("%1 — product editor").replace("%1", detail.code))
        for tab in (self.basics, self.attributes, self.variants, self.images, self.evidence):
            tab.refresh()
        with contextlib.suppress(Exception):  # e.g. the product was deleted; the status line says so
            self.completeness.show_result(self.service.completeness(state.product_id))

    def _show_status(self, kind: str, text: str) -> None:
        prefix = {"saved": "✓ ", "discarded": "↺ "}.get(kind, "")
        self.status.setObjectName({"saved": "hintLabel", "discarded": "warningLabel"}.get(kind, "errorLabel"))
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.setText(prefix + text)
        self.status.setToolTip(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """In the editor, Enter finishes a field (which saves it); it must never press a button such as Close,
        as a dialog's default-button handling would. On the new-product form it means Create."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state is not None:
            event.accept()
            return
        super().keyPressEvent(event)

    # ----- closing -------------------------------------------------------------------------------------------
    def done(self, result: int) -> None:
        self._finish()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._finish()
        super().closeEvent(event)

    def _finish(self) -> None:
        """Save pending text, let a running image intake finish, and unhook from the state (which lives on
        through its undo commands)."""
        if self._closed:
            return
        state = self.state
        if state is not None:
            self.basics.flush()
            self.images.wait()
            for signal, slot in ((state.changed, self.refresh), (state.status, self._show_status),
                                 (state.product_saved, self.product_changed),
                                 (state.images_done, self.images.images_done)):
                with contextlib.suppress(RuntimeError, TypeError):  # pragma: no cover - already disconnected
                    signal.disconnect(slot)
            state.conflict_resolver = lambda conflict: ask_about_conflict(None, conflict)
            state.error_reporter = lambda error: show_error(None, error)
        self._closed = True


def _list_index(field: str) -> int | None:
    """The index in `selling_points_zh[2]` (2), or None for a field that is not one item of a list."""
    match = re.search(r"\[(\d+)\]$", field)
    return int(match.group(1)) if match else None
