"""The Products page: the catalogue with search-as-you-type and filters, the SKUs of the selected product,
bulk edit as one undoable step, and CSV/XLSX import (with a preview) and export off the GUI thread.

The page reads through `app.services.catalogue.search` (via the item models) and writes through services
(`BulkEditService`, `catalogue_io`); it never writes SQL. The product editor belongs to another module:
the page emits `edit_requested(product_id)` / `new_requested()` and, when `app.views.products.editor`
provides `ProductEditorDialog(services, undo_stack, product_id, parent)`, opens it itself.

`ProductsPage` is one widget whose parts live in their own modules, each a mixin of the page:
`products_filters` (search box and filters), `products_table` (the catalogue and SKU tables), `products_bulk`
(bulk edit, with its dialog and undo command) and `products_io` (import with its preview dialog, and export).
This module keeps the page itself: layout, loading and selection, the counts, opening the editor and
background jobs.

Translations: every string of the page is in the "ProductsPage" context. lupdate files a `self.tr()` call under
the class it is written in, but at run time PySide6 looks it up under the object's class (ProductsPage) first;
so the mixins call `translate("ProductsPage", ...)`, which both read alike, instead of `self.tr()`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.models.bilingual import UserFacingError
from app.services.catalogue.bulk import BulkEditService
from app.services.catalogue.io.export import ExportReport
from app.services.catalogue.io.importing import ImportResult
from app.services.catalogue.search import count_products
from app.services.kernel.jobs import Cancelled
from app.services.workspace.services import WorkspaceServices
from app.views.kit.errors import show_error
from app.views.kit.i18n import current_language
from app.views.kit.resources import icon
from app.views.kit.tasks import BackgroundJob, TaskRunner
from app.views.products.bulk import BulkEditDialog, BulkEditMixin
from app.views.products.catalogue_model import CatalogueModel, SkuTableModel
from app.views.products.editor import ProductEditorDialog
from app.views.products.filters import SEARCH_DEBOUNCE_MS, FilterBarMixin
from app.views.products.io import CatalogueFilesMixin, ImportPreviewDialog
from app.views.products.table import CatalogueTableMixin

SELECT_ROWS = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
CURRENT_ROWS = QItemSelectionModel.SelectionFlag.NoUpdate | QItemSelectionModel.SelectionFlag.Rows


class ProductsPage(FilterBarMixin, CatalogueTableMixin, BulkEditMixin, CatalogueFilesMixin, QWidget):
    """Step 2 of the journey: the catalogue."""

    edit_requested = Signal(int)
    new_requested = Signal()

    def __init__(self, services: WorkspaceServices, undo_stack: QUndoStack, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.workspace = services.workspace
        self.undo_stack = undo_stack
        self.tasks = tasks
        self.bulk_service = BulkEditService(services.workspace)
        self.model = CatalogueModel(services.workspace.engine, self)
        self.sku_model = SkuTableModel(services.workspace.engine, self)
        self.bulk_dialog: BulkEditDialog | None = None
        self.import_dialog: ImportPreviewDialog | None = None
        self.last_export: ExportReport | None = None
        self.last_import: ImportResult | None = None
        self.jobs: set[BackgroundJob] = set()
        self._all_products = 0
        self._stale = False
        self._columns_fitted = False
        self._select_next: int | None = None
        self._count_after_paint = False
        self._name_zh_width = 220
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self._refresh_if_shown)
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(0)
        self._count_timer.timeout.connect(self._finish_count)
        self._build()
        self.undo_stack.indexChanged.connect(self._on_undo_index)  # a bound slot: disconnected when the page goes
        self.refresh()

    # ----- layout -------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(12)
        layout.addLayout(self._header())
        self.body = QStackedWidget()
        self.body.addWidget(self._catalogue_area())
        self.body.addWidget(self._empty_state())
        layout.addWidget(self.body, 1)

    def _header(self) -> QHBoxLayout:
        titles = QVBoxLayout()
        titles.setSpacing(2)
        title = QLabel(self.tr("Products"))
        title.setObjectName("pageTitle")
        subtitle = QLabel(self.tr("Step 2 of the journey: what you sell — products, their SKUs, barcodes and "
                                  "how complete each one is."))
        subtitle.setObjectName("pageSubtitle")
        subtitle.setWordWrap(True)
        titles.addWidget(title)
        titles.addWidget(subtitle)
        self.import_button = QPushButton(icon("download"), self.tr("Import…"))
        self.import_button.setToolTip(
            self.tr("Add or update products from a CSV or Excel file (a preview comes first)"))
        self.export_button = QPushButton(icon("file-text"), self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Save the whole catalogue as CSV (opens in Chinese Excel) or Excel"))
        self.new_button = QPushButton(icon("plus", light=False), self.tr("New product…"))
        self.new_button.setObjectName("primary")
        self.import_button.clicked.connect(lambda: self.import_catalogue())
        self.export_button.clicked.connect(lambda: self.export_catalogue())
        self.new_button.clicked.connect(self.new_product)
        row = QHBoxLayout()
        row.addLayout(titles, 1)
        for button in (self.import_button, self.export_button, self.new_button):
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def _catalogue_area(self) -> QWidget:
        area = QWidget()
        layout = QVBoxLayout(area)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(self._filter_row())
        layout.addLayout(self._action_row())
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("catalogueSplitter")
        splitter.setStyleSheet("QSplitter#catalogueSplitter::handle { background: transparent; }")
        splitter.setChildrenCollapsible(False)
        splitter.setHandleWidth(10)
        splitter.addWidget(self._catalogue_table())
        splitter.addWidget(self._sku_panel())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        return area

    def _action_row(self) -> QHBoxLayout:
        self.count_label = QLabel()
        self.count_label.setObjectName("pageSubtitle")
        self.feedback = QLabel()
        self.feedback.setObjectName("hintLabel")
        self.feedback.setWordWrap(True)
        self.edit_button = QPushButton(icon("edit"), self.tr("Edit…"))
        self.edit_button.setToolTip(self.tr("Open the selected product in the editor (or double-click it)"))
        self.bulk_button = QPushButton(icon("layers"), self.tr("Bulk edit…"))
        self.bulk_button.setToolTip(self.tr("Set the status, category or a field on every selected product at once"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.bulk_button.clicked.connect(self.bulk_edit)
        row = QHBoxLayout()
        row.addWidget(self.count_label)
        row.addSpacing(12)
        row.addWidget(self.feedback, 1)
        row.addWidget(self.edit_button)
        row.addWidget(self.bulk_button)
        return row

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport():
            if event.type() == QEvent.Type.Resize:
                self._balance_names()
            elif event.type() == QEvent.Type.Paint and self._count_after_paint:
                self._count_after_paint = False
                self._count_timer.start()  # the rows are on screen: now count every match
        return super().eventFilter(watched, event)

    def _empty_state(self) -> QWidget:
        holder = QWidget()
        outer = QVBoxLayout(holder)
        outer.setContentsMargins(0, 8, 0, 0)
        frame = QFrame()
        frame.setObjectName("card")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(28, 24, 28, 28)
        layout.setSpacing(10)
        badge = QLabel()
        badge.setPixmap(icon("package").pixmap(48, 48))
        heading = QLabel(self.tr("No products yet"))
        heading.setObjectName("sectionTitle")
        text = QLabel(self.tr("Add your first product with its variants, barcodes and images — or import a "
                              "catalogue file (CSV or Excel), for example one exported from another workspace "
                              "or from your ERP."))
        text.setWordWrap(True)
        text.setObjectName("pageSubtitle")
        self.empty_new_button = QPushButton(icon("plus"), self.tr("New product…"))
        self.empty_new_button.setObjectName("primary")
        self.empty_import_button = QPushButton(icon("download"), self.tr("Import a file…"))
        self.empty_new_button.clicked.connect(self.new_product)
        self.empty_import_button.clicked.connect(lambda: self.import_catalogue())
        buttons = QHBoxLayout()
        buttons.addWidget(self.empty_new_button)
        buttons.addWidget(self.empty_import_button)
        buttons.addStretch(1)
        layout.addWidget(badge)
        layout.addWidget(heading)
        layout.addWidget(text)
        layout.addLayout(buttons)
        outer.addWidget(frame)
        outer.addStretch(1)
        return holder

    # ----- loading ---------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Query again after the data changed (undo, import, another view), keeping the selection."""
        self._stale = False
        selected = [self._select_next] if self._select_next is not None else self.selected_product_ids()
        self._select_next = None
        self._all_products = self._count_all()
        self.model.set_filter(**self.current_filter())
        self._after_reset(selected)

    def _count_all(self) -> int:
        return count_products(self.workspace.engine)

    def _after_reset(self, selected: list[int]) -> None:
        self.body.setCurrentIndex(1 if self._all_products == 0 else 0)
        if not self._columns_fitted and self.model.rowCount():
            self._fit_columns()  # once, from the first rows: later the user's widths stay
        self._restore_selection(selected)
        self._update_counts()

    def _restore_selection(self, product_ids: list[int]) -> None:
        selection = self.table.selectionModel()
        rows = [row for row in (self.model.row_of(pid) for pid in product_ids) if row is not None]
        if not rows and self.model.rowCount():
            rows = [0]
        if not rows:
            self._show_skus(QModelIndex())
            return
        flags = SELECT_ROWS
        for row in rows:
            selection.select(self.model.index(row, 0), flags)
        selection.setCurrentIndex(self.model.index(rows[-1], 0), CURRENT_ROWS)
        self.table.scrollTo(self.model.index(rows[-1], 0))
        self._show_skus(self.model.index(rows[-1], 0))

    def _on_undo_index(self, _index: int) -> None:
        """Undo, redo or a new step (here or in the product editor): the catalogue may have changed."""
        self._refresh_timer.start()

    def _refresh_if_shown(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _update_counts(self) -> None:
        selected = len(self.selected_product_ids())
        text = self._count_text()
        if selected > 1:
            text += " · " + self.tr("%1 selected").replace("%1", f"{selected:,}")
        self.count_label.setText(text)
        self.edit_button.setEnabled(selected == 1)
        self.bulk_button.setEnabled(selected > 0)

    def _count_text(self) -> str:
        everything = self._all_products
        if self.model.filter.is_empty:
            total = everything if not self.model.total_known else self.model.total
            return self.tr("1 product") if total == 1 else self.tr("%1 products").replace("%1", f"{total:,}")
        if not self.model.total_known:  # rows first; the count follows once they are painted (eventFilter)
            self._count_after_paint = True
            shown = self.tr("%1+").replace("%1", f"{self.model.rowCount():,}")
            return self.tr("%1 of %2 products").replace("%1", shown).replace("%2", f"{everything:,}")
        if self.model.total == 0:
            return self.tr("No product matches; clear the search or the filters")
        return self.tr("%1 of %2 products").replace("%1", f"{self.model.total:,}").replace("%2", f"{everything:,}")

    def _on_selection(self) -> None:
        self._update_counts()

    def _finish_count(self) -> None:
        if not self.model.total_known:
            self.model.total  # noqa: B018 - counts now, after the rows were shown
        self._update_counts()

    def selected_product_ids(self) -> list[int]:
        if not hasattr(self, "table"):
            return []
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.product_id(row) for row in rows if row < self.model.rowCount()]

    def select_rows(self, rows: list[int]) -> None:
        """Select these catalogue rows (what a user does with Ctrl+click)."""
        selection = self.table.selectionModel()
        selection.clearSelection()
        for row in rows:
            selection.select(self.model.index(row, 0), SELECT_ROWS)
        if rows:
            selection.setCurrentIndex(self.model.index(rows[-1], 0), CURRENT_ROWS)

    @property
    def busy(self) -> bool:
        """True while an import, export or bulk edit runs in the background."""
        return bool(self.jobs)

    def _set_feedback(self, text: str, error: bool = False) -> None:
        self.feedback.setObjectName("errorLabel" if error else "hintLabel")
        self.feedback.style().unpolish(self.feedback)
        self.feedback.style().polish(self.feedback)
        self.feedback.setText(text)

    # ----- editing ------------------------------------------------------------------------------------------
    def new_product(self) -> None:
        self.new_requested.emit()
        self._open_editor(None)

    def edit_selected(self) -> None:
        selected = self.selected_product_ids()
        if len(selected) == 1:
            self._edit_product(selected[0])

    def _edit_product(self, product_id: int) -> None:
        self.edit_requested.emit(product_id)
        self._open_editor(product_id)

    def open_product(self, product_id: int | None) -> None:
        """Open the product editor on `product_id` (None: a new product) — also for other pages."""
        self._open_editor(product_id)

    def _open_editor(self, product_id: int | None) -> None:
        """Open the product editor (a separate, non-modal window); the catalogue follows its saves."""
        try:
            dialog = ProductEditorDialog(self.services, self.undo_stack, product_id, self)
        except Exception as error:  # noqa: BLE001 - a product that vanished, a bug: report, don't crash
            show_error(self, error)
            return
        dialog.product_created.connect(self._on_product_saved)
        dialog.product_changed.connect(self._on_product_saved)
        dialog.finished.connect(lambda _result: self._refresh_timer.start())
        dialog.show()

    def _on_product_saved(self, product_id: int) -> None:
        """The editor saved a product: show it (selected) once the catalogue has been queried again."""
        self._select_next = product_id
        self._refresh_timer.start()

    # ----- background work ----------------------------------------------------------------------------
    def _start(self, label: str, work: Callable[..., Any], *, writes: bool = False,
               parent: QWidget | None = None) -> BackgroundJob:
        job = BackgroundJob(parent or self, self.tasks, work, label=label, writes=writes)
        self.jobs.add(job)
        job.ended.connect(lambda: self.jobs.discard(job))
        return job

    def _on_failed(self, error: object, title: str) -> None:
        if isinstance(error, Cancelled):
            self._set_feedback(error.text(current_language()))
            return
        if isinstance(error, UserFacingError):
            self._set_feedback(error.text(current_language()), error=True)
        if isinstance(error, BaseException):
            show_error(self, error, title)  # bugs are logged there with their traceback
