"""The Products page: the catalogue with search-as-you-type and filters, the SKUs of the selected product,
bulk edit as one undoable step, and CSV/XLSX import (with a preview) and export off the GUI thread.

The page reads through `app.services.catalogue.search` (via the item models) and writes through services
(`BulkEditService`, `catalogue_io`); it never writes SQL. The product editor belongs to another module:
the page emits `edit_requested(product_id)` / `new_requested()` and, when `app.views.products.editor`
provides `ProductEditorDialog(services, undo_stack, product_id, parent)`, opens it itself.

`ProductsPage` is a coordinator of composed parts, each in its own module: `filters.FilterBar` (search box and
filters), `table.CatalogueTable` and `table.SkuPanel` (the two tables), `bulk.BulkEditor` (bulk edit, its dialog
and undo command) and `io.CatalogueFiles` (import with its preview dialog, and export). The parts never import
the page: the controllers ask it for what `host.CataloguePage` declares. This module keeps the layout, loading
and selection, the counts, opening the editor and the background jobs.

Translations: the parts' strings stay in the page's "ProductsPage" context (one block for the translator), so
they call `translate("ProductsPage", ...)`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
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
from app.services.catalogue.categories import list_categories
from app.services.catalogue.search import count_products
from app.services.kernel.jobs import Cancelled
from app.services.workspace.services import WorkspaceServices
from app.views.kit.errors import show_error
from app.views.kit.i18n import current_language, is_chinese
from app.views.kit.live import LiveChanges, watch_changes
from app.views.kit.resources import icon
from app.views.kit.tasks import BackgroundJob, TaskRunner
from app.views.kit.widgets import title_labels
from app.views.products.bulk import BulkEditor
from app.views.products.catalogue_model import CatalogueModel, Column, SkuColumn, SkuTableModel
from app.views.products.editor import ProductEditorDialog
from app.views.products.filters import FilterBar
from app.views.products.io import CatalogueFiles
from app.views.products.table import CatalogueTable, SkuPanel
from app.workspace_errors import WorkspaceError


class ProductsPage(QWidget):
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
        self.model = CatalogueModel(services.workspace.engine, self)
        self.filters = FilterBar()
        self.filters.changed.connect(self.apply_filter)
        self.table = CatalogueTable(self.model)
        self.table.product_activated.connect(self._edit_product)
        self.table.selection_changed.connect(self._update_counts)
        self.table.current_changed.connect(self._show_skus)
        self.table.painted.connect(self._on_rows_painted)
        self.skus = SkuPanel(SkuTableModel(services.workspace.engine, self))
        self.bulk = BulkEditor(self, BulkEditService(services.workspace), undo_stack, self.model, self.filters, self)
        self.files = CatalogueFiles(self, services.catalogue_files, self)
        self.jobs: set[BackgroundJob] = set()
        self._all_products = 0
        self._stale = False
        self._select_next: int | None = None
        self._count_after_paint = False
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self._refresh_if_shown)
        self.live: LiveChanges | None = None
        self._listen()  # a team workspace: colleagues' saves appear by themselves
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(0)
        self._count_timer.timeout.connect(self._finish_count)
        self._fill_categories()
        self._build()
        self._limit_to_role()
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
        title, subtitle = title_labels(
            self.tr("Products"),
            self.tr("Step 2 of the journey: what you sell — products, their SKUs, barcodes and how complete each one "
                    "is."))
        titles.addWidget(title)
        titles.addWidget(subtitle)
        self.import_button = QPushButton(icon("download"), self.tr("Import…"))
        self.import_button.setToolTip(
            self.tr("Add or update products from a CSV or Excel file (a preview comes first)"))
        self.export_button = QPushButton(icon("file-text"), self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Save the whole catalogue as CSV (opens in Chinese Excel) or Excel"))
        self.new_button = QPushButton(icon("plus", light=False), self.tr("New product…"))
        self.new_button.setObjectName("primary")
        self.import_button.clicked.connect(lambda: self.files.import_catalogue())
        self.export_button.clicked.connect(lambda: self.files.export_catalogue())
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
        layout.addWidget(self.filters)
        layout.addLayout(self._action_row())
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("catalogueSplitter")
        splitter.setStyleSheet("QSplitter#catalogueSplitter::handle { background: transparent; }")
        splitter.setChildrenCollapsible(False)
        splitter.setHandleWidth(10)
        splitter.addWidget(self.table)
        splitter.addWidget(self.skus)
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
        self.bulk_button.clicked.connect(self.bulk.bulk_edit)
        row = QHBoxLayout()
        row.addWidget(self.count_label)
        row.addSpacing(12)
        row.addWidget(self.feedback, 1)
        row.addWidget(self.edit_button)
        row.addWidget(self.bulk_button)
        return row

    def _limit_to_role(self) -> None:
        """A team login that may not write (sales) browses the catalogue: no editor, import or bulk edit; one that
        may not read costs sees no cost and no edit time, and no catalogue export, which carries costs."""
        if not self.workspace.may_write:
            for button in (self.import_button, self.new_button, self.edit_button, self.bulk_button,
                           self.empty_new_button, self.empty_import_button):
                button.setVisible(False)
        if not self.workspace.sees_costs:
            self.export_button.setVisible(False)
            self.skus.table.setColumnHidden(SkuColumn.COST, True)
            self.table.setColumnHidden(Column.UPDATED, True)

    def _on_rows_painted(self) -> None:
        if self._count_after_paint:
            self._count_after_paint = False
            self._count_timer.start()  # the rows are on screen: now count every match

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
        self.empty_import_button.clicked.connect(lambda: self.files.import_catalogue())
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

    def _listen(self) -> None:
        """Listen for colleagues' changes (a team workspace); a lost listener is told to the connection watch."""
        if self.live is not None:
            self.live.close()
            self.live.deleteLater()
        self.live = watch_changes(self.workspace, self, self.services.connection.report_lost)
        if self.live is not None:
            self.live.products_changed.connect(self.colleagues_changed)

    def colleagues_changed(self, ids: set[int]) -> None:
        """Products changed by someone (a colleague, or this window's own save): where they are all loaded and
        keep their place, just those rows are re-read, so the user's place in a long list stays (a reload goes
        back to the first page); otherwise the page reloads as after any change."""
        if not self.isVisible() or self._stale or self._refresh_timer.isActive():
            self.catalogue_changed()
            return
        try:
            in_place = self.model.refresh_rows(set(ids))
        except WorkspaceError as error:
            self._unreachable(error)
            return
        if not in_place:
            self.catalogue_changed()
            return
        current = self.table.currentIndex()
        if current.isValid() and self.model.product(current.row()).id in ids:
            self._show_skus(current)  # the SKUs shown are of a changed product

    def reconnected(self) -> None:
        """The team server answers again (the window's connection watch): listen anew and catch up on what
        colleagues changed meanwhile. The search text, filters and selection stay as they were."""
        self._listen()
        self.feedback.clear()
        self.catalogue_changed(categories_too=True)

    # ----- loading ---------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Query again after the data changed (undo, import, another view), keeping the selection."""
        self._stale = False
        selected = [self._select_next] if self._select_next is not None else self.selected_product_ids()
        self._select_next = None
        try:
            self._all_products = self._count_all()
            self.model.set_filter(**self.filters.current_filter())
        except WorkspaceError as error:  # the server went away: the rows shown stay, the page says why
            self._unreachable(error)
            return
        self._after_reset(selected)

    def apply_filter(self) -> None:
        """The search (after the debounce) or a filter changed: query again with the new filter."""
        self.filters.debounce.stop()
        self._count_timer.stop()
        self._count_after_paint = False
        selected = self.selected_product_ids()
        try:
            self.model.set_filter(**self.filters.current_filter())
        except WorkspaceError as error:
            self._unreachable(error)
            return
        self._after_reset(selected)

    def _unreachable(self, error: WorkspaceError) -> None:
        """A query failed for a reason of the environment (a team server away): say so where the counts are; the
        search and filters keep what was typed, and `reconnected` queries again."""
        self._stale = True
        self.feedback.setText(error.text(current_language()))

    def _fill_categories(self) -> None:
        chinese = is_chinese()
        self.filters.set_categories([
            (category.id, (category.name_zh if chinese else category.name_en) or category.code)
            for category in list_categories(self.workspace)])

    def _count_all(self) -> int:
        return count_products(self.workspace.engine)

    def _after_reset(self, selected: list[int]) -> None:
        self.body.setCurrentIndex(1 if self._all_products == 0 else 0)
        if not self.table.columns_fitted and self.model.rowCount():
            self.table.fit_columns(self.filters.categories)  # once, from the first rows: later the user's widths stay
        self._show_skus(self.table.restore_selection(selected))
        self._update_counts()

    def _show_skus(self, index: QModelIndex) -> None:
        self.skus.show_product(self.model, index)

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

    def _finish_count(self) -> None:
        if not self.model.total_known:
            self.model.total  # noqa: B018 - counts now, after the rows were shown
        self._update_counts()

    def selected_product_ids(self) -> list[int]:
        return self.table.selected_product_ids()

    def select_rows(self, rows: list[int]) -> None:
        """Select these catalogue rows (what a user does with Ctrl+click)."""
        self.table.select_rows(rows)

    @property
    def busy(self) -> bool:
        """True while an import, export or bulk edit runs in the background."""
        return bool(self.jobs)

    def show_feedback(self, text: str, error: bool = False) -> None:
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

    def open_product(self, product_id: int | None, field: str = "") -> ProductEditorDialog | None:
        """Open the product editor on `product_id` (None: a new product) — also for other pages; at a finding's
        `field` (focused, on its tab) when given."""
        return self._open_editor(product_id, field)

    def _open_editor(self, product_id: int | None, field: str = "") -> ProductEditorDialog | None:
        """Open the product editor (a separate, non-modal window); the catalogue follows its saves. Not for a
        login that may not write (it would show costs and save nothing)."""
        if not self.workspace.may_write:
            return None
        try:
            dialog = ProductEditorDialog(self.services, self.undo_stack, product_id, self)
        except Exception as error:  # noqa: BLE001 - a product that vanished, a bug: report, don't crash
            show_error(self, error)
            return None
        dialog.product_created.connect(self._on_product_saved)
        dialog.product_changed.connect(self._on_product_saved)
        dialog.finished.connect(lambda _result: self._refresh_timer.start())
        dialog.show()
        if field:
            dialog.show_field(field)
        return dialog

    def _on_product_saved(self, product_id: int) -> None:
        """The editor saved a product: show it (selected) once the catalogue has been queried again."""
        self._select_next = product_id
        self._refresh_timer.start()

    # ----- background work ----------------------------------------------------------------------------
    def start_job(self, label: str, work: Callable[..., Any], *, writes: bool = False,
                  parent: QWidget | None = None) -> BackgroundJob:
        job = BackgroundJob(parent or self, self.tasks, work, label=label, writes=writes)
        self.jobs.add(job)
        job.ended.connect(lambda: self.jobs.discard(job))
        return job

    def report_failure(self, error: object, title: str) -> None:
        if isinstance(error, Cancelled):
            self.show_feedback(error.text(current_language()))
            return
        if isinstance(error, UserFacingError):
            self.show_feedback(error.text(current_language()), error=True)
        if isinstance(error, BaseException):
            show_error(self, error, title)  # bugs are logged there with their traceback

    def catalogue_changed(self, categories_too: bool = False) -> None:
        """The catalogue changed (an import, a bulk edit): query again soon; offer new categories too."""
        if categories_too:
            self._fill_categories()
        self._refresh_timer.start()
