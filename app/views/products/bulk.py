"""Bulk edit on the Products page: one field set to one value on the selected products (or every product
that matches the search and filters), applied off the GUI thread and undone as one step.

`BulkEditor` is the page's controller for it; its strings are in the "ProductsPage" translation context with
the rest of the page's. The dialog and the undo command keep their own contexts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.catalogue.bulk import BulkEdit, BulkEditService
from app.services.catalogue.search import query_product_ids
from app.views.kit.errors import show_error
from app.views.products.catalogue_model import CatalogueModel, status_labels
from app.views.products.filters import FilterBar
from app.views.products.host import CataloguePage

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


def _field_labels() -> dict[str, str]:
    return {"status": translate("BulkEditDialog", "Status"),
            "category": translate("BulkEditDialog", "Category"),
            "brand": translate("BulkEditDialog", "Brand"),
            "materials": translate("BulkEditDialog", "Materials"),
            "differentiator": translate("BulkEditDialog", "Differentiator")}


class BulkEditCommand(QUndoCommand):
    """A bulk edit that was already applied (off the GUI thread) when it is pushed: the first redo does
    nothing; undo restores the old values, redo restores the new ones, each in one transaction.

    A product changed meanwhile makes undo/redo fail without writing; the command then drops itself
    from the stack (obsolete) and the user is told why. It holds no widget: the page refreshes itself
    when the stack's index changes.
    """

    def __init__(self, service: BulkEditService, edit: BulkEdit, text: str) -> None:
        super().__init__(text)
        self._service = service
        self._edit = edit
        self._inverse: BulkEdit | None = None
        self._applied = True  # by the page, before the push

    def redo(self) -> None:
        if self._applied:
            return
        assert self._inverse is not None
        restored = self._run(self._inverse)
        if restored is not None:
            self._edit, self._applied = restored, True

    def undo(self) -> None:
        inverse = self._run(self._edit)
        if inverse is not None:
            self._inverse, self._applied = inverse, False

    def _run(self, edit: BulkEdit) -> BulkEdit | None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return self._service.restore(edit)
        except Exception as error:  # noqa: BLE001 - shown to the user (logged when a bug)
            self.setObsolete(True)
            title = translate("BulkEditCommand", "Can't undo or redo the bulk edit")
            # bind the error now: Python unbinds `error` when the except block ends, before the timer fires
            QTimer.singleShot(0, lambda failure=error: show_error(QApplication.activeWindow(), failure, title))
            return None
        finally:
            QApplication.restoreOverrideCursor()


class BulkEditDialog(QDialog):
    """Choose one field and its new value for the selected products (or every matching product)."""

    def __init__(self, selected: int, matching: int, categories: list[tuple[int | None, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Bulk edit"))
        self.setMinimumWidth(460)
        self.selected, self.matching = selected, matching
        self.field = QComboBox()
        for key, label in _field_labels().items():
            self.field.addItem(label, key)
        self.status = QComboBox()
        for key, label in status_labels().items():
            self.status.addItem(label, key)
        self.category = QComboBox()
        for category_id, name in categories:
            self.category.addItem(name, category_id)
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("The same text for every product; leave empty to clear it"))
        self.values = QStackedWidget()
        for widget in (self.status, self.category, self.text):
            self.values.addWidget(widget)
        self.values.setFixedHeight(self.text.sizeHint().height() + 4)
        self.all_matching = QCheckBox(self.tr("Apply to all %1 products that match the search and filters")
                                      .replace("%1", f"{matching:,}"))
        self.all_matching.setVisible(matching > selected)
        self.summary = QLabel()
        self.summary.setObjectName("hintLabel")
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.addButton(self.tr("Apply"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("primary")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Change"), self.field)
        form.addRow(self.tr("To"), self.values)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.all_matching)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.field.currentIndexChanged.connect(self._on_field)
        self.all_matching.toggled.connect(self._update_summary)
        self._on_field()

    def _on_field(self) -> None:
        field = self.chosen_field()
        self.values.setCurrentWidget(self.status if field == "status" else
                                     self.category if field == "category" else self.text)
        self._update_summary()

    def _update_summary(self) -> None:
        count = self.matching if self.all_matching.isChecked() else self.selected
        text = self.tr("1 product will change.") if count == 1 else \
            self.tr("%1 products will change.").replace("%1", f"{count:,}")
        self.summary.setText(text + " " + self.tr("One step: Edit → Undo puts every old value back."))

    def chosen_field(self) -> str:
        return str(self.field.currentData())

    def chosen_value(self) -> Any:
        field = self.chosen_field()
        if field == "status":
            return self.status.currentData()
        if field == "category":
            return self.category.currentData()
        return self.text.text()

    def set_choice(self, field: str, value: Any) -> None:
        """Pick a field and value (for tests and for repeating the last bulk edit)."""
        self.field.setCurrentIndex(self.field.findData(field))
        if field == "status":
            self.status.setCurrentIndex(self.status.findData(value))
        elif field == "category":
            self.category.setCurrentIndex(self.category.findData(value))
        else:
            self.text.setText(str(value))


class BulkEditor(QObject):
    """Bulk edit on the catalogue: ask, apply in the background, push the undo step."""

    def __init__(self, page: CataloguePage, service: BulkEditService, undo_stack: QUndoStack,
                 model: CatalogueModel, filters: FilterBar, parent: QWidget) -> None:
        super().__init__(parent)
        self.page, self.service, self.undo_stack = page, service, undo_stack
        self.model, self.filters, self.owner = model, filters, parent
        self.dialog: BulkEditDialog | None = None

    def bulk_edit(self) -> None:
        """Ask for one field and value, then apply it to the selected products as one undoable step."""
        selected = self.page.selected_product_ids()
        if not selected:
            return
        categories = [*self.filters.categories, (None, self.tr("Uncategorised"))]
        dialog = self.dialog = BulkEditDialog(len(selected), self.model.total, categories, self.owner)
        versions = self.service.versions(selected)  # what the user sees now: a later change is a conflict
        filters = self.model.filter.arguments()

        def accepted() -> None:
            field, value = dialog.chosen_field(), dialog.chosen_value()
            if dialog.all_matching.isChecked():
                ids = query_product_ids(self.service.workspace.engine, **filters)
                self._apply_bulk(ids, field, value, None)
            else:
                self._apply_bulk(selected, field, value, versions)

        dialog.accepted.connect(accepted)
        dialog.finished.connect(lambda _result: self._forget_bulk_dialog(dialog))
        dialog.open()

    def _forget_bulk_dialog(self, dialog: BulkEditDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _apply_bulk(self, product_ids: list[int], field: str, value: Any, versions: dict[int, int] | None) -> None:
        service = self.service

        def work(progress: Callable[[int, int], None], cancel: Callable[[], bool]) -> BulkEdit:
            return service.apply(product_ids, field, value, expected_versions=versions, progress=progress,
                                 cancel=cancel)

        label = self.tr("Changing %1 products…").replace("%1", f"{len(product_ids):,}")
        job = self.page.start_job(label, work, writes=True)
        job.done.connect(lambda edit: self._on_bulk_done(edit, field, value))
        job.failed.connect(lambda error: self.page.report_failure(error, self.tr("Bulk edit failed")))

    def _on_bulk_done(self, edit: BulkEdit, field: str, value: Any) -> None:
        label = _field_labels()[field]
        shown = self._value_label(field, value)
        if edit.changes:
            text = translate("BulkEditCommand", "Set %1 to “%2” on %3 products") \
                .replace("%1", label).replace("%2", shown).replace("%3", f"{len(edit.changes):,}")
            self.undo_stack.push(BulkEditCommand(self.service, edit, text))
            self.page.show_feedback(text + " — " + self.tr("Edit → Undo puts the old values back."))
        else:
            self.page.show_feedback(
                self.tr("Nothing to change: the products already had that value."))
        self.page.catalogue_changed()

    def _value_label(self, field: str, value: Any) -> str:
        if field == "status":
            return status_labels().get(str(value), str(value))
        if field == "category":
            return dict(self.filters.categories).get(value, self.tr("Uncategorised"))
        return str(value) if value else self.tr("(empty)")
