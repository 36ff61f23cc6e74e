"""The Products page: the catalogue with search-as-you-type and filters, the SKUs of the selected product,
bulk edit as one undoable step, and CSV/XLSX import (with a preview) and export off the GUI thread.

The page reads through `app.services.catalogue_search` (via the item models) and writes through services
(`BulkEditService`, `catalogue_io`); it never writes SQL. The product editor belongs to another module:
the page emits `edit_requested(product_id)` / `new_requested()` and, when `app.views.product_editor`
provides `ProductEditorDialog(services, undo_stack, product_id, parent)`, opens it itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication, QEvent, QItemSelectionModel, QModelIndex, QObject, QPersistentModelIndex, QRectF, QSize, Qt,
    QTimer, Signal,
)
from PySide6.QtGui import QColor, QPainter, QShowEvent, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
    QFrame, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSplitter,
    QStackedWidget, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableView, QVBoxLayout, QWidget,
)

from app.models.bilingual import UserFacingError
from app.services import catalogue_io
from app.services.catalogue_io import ExportReport, ImportPreview, ImportResult, OperationCancelled
from app.services.catalogue_search import UNCATEGORISED, count_products, query_product_ids
from app.services.categories import list_categories
from app.services.product_bulk import BulkEdit, BulkEditService
from app.services.workspace_services import WorkspaceServices
from app.views.errors import show_error
from app.views.i18n import current_language, is_chinese
from app.views.product_editor import ProductEditorDialog
from app.views.itemmodels.catalogue_model import (
    COMPLETENESS_ROLE, CatalogueModel, Column, ErrorColumn, PreviewRowsModel, RowErrorModel,
    SkuColumn, SkuTableModel, completeness_colour, status_labels,
)
from app.views.resources import icon
from app.views.tasks import BackgroundJob, TaskRunner

SEARCH_DEBOUNCE_MS = 150
NAME_ZH_MIN, NAME_EN_MIN = 120, 140  # px: narrower, a name column says too little
Index = QModelIndex | QPersistentModelIndex
SELECT_ROWS = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
CURRENT_ROWS = QItemSelectionModel.SelectionFlag.NoUpdate | QItemSelectionModel.SelectionFlag.Rows


# --- small pieces -----------------------------------------------------------------------------------------

class CompletenessDelegate(QStyledItemDelegate):
    """Draws the completeness score as a thin coloured bar with the percentage beside it."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        score = index.data(COMPLETENESS_ROLE)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = opt.rect.adjusted(8, 0, -8, 0)
        label_width = opt.fontMetrics.horizontalAdvance("100 %") + 6
        colour = completeness_colour(score)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bar = QRectF(rect.left(), rect.center().y() - 2.5, max(rect.width() - label_width, 10), 5)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#E2E8F0"))
        painter.drawRoundedRect(bar, 2.5, 2.5)
        if score:
            filled = QRectF(bar.left(), bar.top(), bar.width() * min(score, 100) / 100, bar.height())
            painter.setBrush(colour)
            painter.drawRoundedRect(filled, 2.5, 2.5)
        painter.setPen(colour)
        label = QRectF(bar.right(), rect.top(), label_width, rect.height())
        painter.drawText(label, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(140, super().sizeHint(option, index).height())


def _field_labels() -> dict[str, str]:
    return {"status": QCoreApplication.translate("BulkEditDialog", "Status"),
            "category": QCoreApplication.translate("BulkEditDialog", "Category"),
            "brand": QCoreApplication.translate("BulkEditDialog", "Brand"),
            "materials": QCoreApplication.translate("BulkEditDialog", "Materials"),
            "differentiator": QCoreApplication.translate("BulkEditDialog", "Differentiator")}


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
            title = QCoreApplication.translate("BulkEditCommand", "Can't undo or redo the bulk edit")
            QTimer.singleShot(0, lambda: show_error(QApplication.activeWindow(), error, title))
            return None
        finally:
            QApplication.restoreOverrideCursor()


# --- dialogs ----------------------------------------------------------------------------------------------

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


class ImportPreviewDialog(QDialog):
    """What an import would do, before anything is written: counts, per-row errors, the rows as read.

    Commit is enabled only for a file without errors. Changing the encoding asks the page to read the
    file again (`encoding_changed`); Commit asks it to write (`commit_requested`).
    """

    commit_requested = Signal(object)
    encoding_changed = Signal(str)

    def __init__(self, preview: ImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import preview — %1").replace("%1", preview.source.name))
        self.resize(980, 640)
        self.preview = preview
        title = QLabel(self.tr("Check the file before anything is written"))
        title.setObjectName("sectionTitle")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.encoding = QComboBox()
        for key, label in (("auto", self.tr("Detect automatically")), ("utf-8", "UTF-8"),
                           ("gb18030", self.tr("GB18030 / GBK (Chinese Excel)"))):
            self.encoding.addItem(label, key)
        self.encoding.currentIndexChanged.connect(lambda _i: self.encoding_changed.emit(self.chosen_encoding()))
        self.read_as = QLabel()
        self.read_as.setObjectName("hintLabel")
        self.error_table = self._table()
        self.rows_table = self._table()
        self.errors_title = QLabel()
        self.errors_title.setObjectName("sectionTitle")
        rows_title = QLabel(self.tr("Rows in the file"))
        rows_title.setObjectName("sectionTitle")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.commit_button = self.buttons.addButton(self.tr("Commit import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.commit_button.setObjectName("primary")
        self.commit_button.clicked.connect(lambda: self.commit_requested.emit(self.preview))
        self.buttons.rejected.connect(self.reject)
        encoding_row = QHBoxLayout()
        encoding_row.addWidget(QLabel(self.tr("Encoding")))
        encoding_row.addWidget(self.encoding)
        encoding_row.addWidget(self.read_as, 1)
        self.errors_box = QWidget()
        errors_layout = QVBoxLayout(self.errors_box)
        errors_layout.setContentsMargins(0, 0, 0, 0)
        errors_layout.addWidget(self.errors_title)
        errors_layout.addWidget(self.error_table)
        rows_box = QWidget()
        rows_layout = QVBoxLayout(rows_box)
        rows_layout.setContentsMargins(0, 0, 0, 0)
        rows_layout.addWidget(rows_title)
        rows_layout.addWidget(self.rows_table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.errors_box)
        splitter.addWidget(rows_box)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addLayout(encoding_row)
        layout.addWidget(self.verdict)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.set_preview(preview)

    @staticmethod
    def _table() -> QTableView:
        table = QTableView()
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setDefaultSectionSize(28)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        return table

    def chosen_encoding(self) -> str:
        return str(self.encoding.currentData())

    @property
    def error_count(self) -> int:
        return len(self.preview.errors)

    def set_preview(self, preview: ImportPreview) -> None:
        """Show a (re-read) preview."""
        self.preview = preview
        self.error_model = RowErrorModel(preview.errors, preview.warnings, self)
        self.rows_model = PreviewRowsModel(preview, self)
        self.error_table.setModel(self.error_model)
        self.rows_table.setModel(self.rows_model)
        header = self.error_table.horizontalHeader()
        header.setSectionResizeMode(ErrorColumn.ROW, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ErrorColumn.COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ErrorColumn.PROBLEM, QHeaderView.ResizeMode.Stretch)
        self.error_table.verticalHeader().setVisible(False)
        rows_header = self.rows_table.horizontalHeader()
        rows_header.setDefaultSectionSize(120)
        rows_header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        is_csv = preview.source.suffix.lower() == ".csv"
        self.encoding.setEnabled(is_csv)
        self.read_as.setText(self.tr("Read as %1").replace("%1", preview.encoding) if is_csv else
                             self.tr("Excel files carry their own encoding"))
        self.summary.setText(self._summary(preview))
        problems = len(preview.errors) + len(preview.warnings)
        self.errors_box.setVisible(problems > 0)
        self.errors_title.setText(self.tr("Problems (%1)").replace("%1", f"{problems:,}"))
        if preview.errors:
            self.verdict.setObjectName("errorLabel")
            self.verdict.setText(self.tr("%1 errors: fix them in the file and import it again. Nothing was written.")
                                 .replace("%1", f"{len(preview.errors):,}"))
        else:
            self.verdict.setObjectName("hintLabel")
            self.verdict.setText(self.tr("No errors. Nothing is written until you click Commit; then every row is "
                                         "written in one step, or none is."))
        self.verdict.style().unpolish(self.verdict)
        self.verdict.style().polish(self.verdict)
        self.commit_button.setEnabled(preview.ok and bool(preview.products))
        self.set_busy(False)

    def _summary(self, preview: ImportPreview) -> str:
        return (self.tr("%1 rows · %2 products (%3 new, %4 to update) · %5 SKUs (%6 new, %7 to update)")
                .replace("%1", f"{len(preview.rows):,}")
                .replace("%2", f"{len(preview.products):,}")
                .replace("%3", f"{preview.new_products:,}").replace("%4", f"{preview.updated_products:,}")
                .replace("%5", f"{preview.new_skus + preview.updated_skus:,}")
                .replace("%6", f"{preview.new_skus:,}").replace("%7", f"{preview.updated_skus:,}"))

    def set_busy(self, busy: bool) -> None:
        """While the file is re-read or written, nothing here may start another run."""
        self.encoding.setEnabled(not busy and self.preview.source.suffix.lower() == ".csv")
        self.commit_button.setEnabled(not busy and self.preview.ok and bool(self.preview.products))


# --- the page ---------------------------------------------------------------------------------------------

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

    def _filter_row(self) -> QHBoxLayout:
        self.search = QLineEdit()
        self.search.setObjectName("catalogueSearch")
        self.search.setPlaceholderText(self.tr("Search codes, Chinese or English names, SKU codes and GTINs…"))
        self.search.setToolTip(self.tr("Finds any part of a code, a name in Chinese or English, a SKU code or a "
                                       "barcode. Separate words with spaces to find products matching all of them."))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filter)
        self.category_filter = QComboBox()
        self.category_filter.setToolTip(self.tr("Show one category"))
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("Any status"), None)
        for key, label in status_labels().items():
            self.status_filter.addItem(label, key)
        self.completeness_filter = QComboBox()
        self.completeness_filter.setToolTip(self.tr("Show products at least this complete"))
        self.completeness_filter.addItem(self.tr("Any completeness"), None)
        for score in (50, 80):
            self.completeness_filter.addItem(self.tr("At least %1 %").replace("%1", str(score)), score)
        self.completeness_filter.addItem(self.tr("Complete (100 %)"), 100)
        self._fill_categories()
        for combo in (self.category_filter, self.status_filter, self.completeness_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMaximumWidth(220)
            combo.currentIndexChanged.connect(lambda _index: self.apply_filter())
        row = QHBoxLayout()
        row.setSpacing(8)
        self.search.setMinimumWidth(240)
        row.addWidget(self.search, 1)
        row.addWidget(self.category_filter)
        row.addWidget(self.status_filter)
        row.addWidget(self.completeness_filter)
        return row

    def _fill_categories(self) -> None:
        chinese = is_chinese()
        self.categories: list[tuple[int | None, str]] = [
            (category.id, (category.name_zh if chinese else category.name_en) or category.code)
            for category in list_categories(self.workspace)]
        current = self.category_filter.currentData()
        self.category_filter.blockSignals(True)
        self.category_filter.clear()
        self.category_filter.addItem(self.tr("All categories"), None)
        for category_id, name in self.categories:
            self.category_filter.addItem(name, category_id)
        self.category_filter.addItem(self.tr("Uncategorised"), UNCATEGORISED)
        self.category_filter.setCurrentIndex(max(self.category_filter.findData(current), 0))
        self.category_filter.blockSignals(False)

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

    def _catalogue_table(self) -> QTableView:
        table = self.table = QTableView()
        table.setObjectName("catalogueTable")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setItemDelegateForColumn(Column.COMPLETENESS, CompletenessDelegate(table))
        table.viewport().installEventFilter(self)
        vertical = table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring at 10,000 rows
        vertical.setDefaultSectionSize(32)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(48)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # the names share the rest: _balance_names
        header.setResizeContentsPrecision(40)  # size hints look at 40 rows, not every loaded one
        header.setSortIndicator(self.model.sort_column, self.model.sort_order)
        table.setSortingEnabled(True)  # a header click calls model.sort(): the database sorts
        table.doubleClicked.connect(lambda index: self._edit_product(self.model.product_id(index.row())))
        table.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        table.selectionModel().currentRowChanged.connect(lambda current, _previous: self._show_skus(current))
        return table

    def _fit_columns(self) -> None:
        """Widths from what the columns hold (the loaded rows, every category and status): short columns
        never elide; the Chinese name gets its room first, the English name takes the rest of the width."""
        self.table.ensurePolished()  # the stylesheet's paddings count in the size hints
        header = self.table.horizontalHeader()
        header.ensurePolished()
        metrics = self.table.fontMetrics()
        caps = {Column.CODE: 220, Column.NAME_ZH: 300, Column.CATEGORY: 156, Column.STATUS: 120, Column.SKUS: 90,
                Column.COMPLETENESS: 130, Column.UPDATED: 160}
        # Categories and statuses: every possible value, not only the loaded ones.
        longest = {Column.CATEGORY: [name for _id, name in self.categories] + ["—"],
                   Column.STATUS: list(status_labels().values()), Column.SKUS: ["9999"],
                   Column.COMPLETENESS: ["100 % █████"]}  # room for the bar beside the number
        for column, cap in caps.items():
            content = max((metrics.horizontalAdvance(text) + 28 for text in longest.get(column, [])), default=0)
            if column in (Column.CODE, Column.NAME_ZH, Column.UPDATED):  # the rest: every value is known
                content = max(content, self.table.sizeHintForColumn(column))
            header.resizeSection(column, min(max(header.sectionSizeHint(column), content), cap))
        self._name_zh_width = header.sectionSize(Column.NAME_ZH)
        self._columns_fitted = self.model.rowCount() > 0
        self._balance_names()

    def _balance_names(self) -> None:
        """Share the width the other columns leave: the Chinese name gets its fitted width and the English
        one the rest, as long as that leaves it readable; in a narrow window both give way down to a
        readable minimum, and the table scrolls sideways."""
        header = self.table.horizontalHeader()
        others = sum(header.sectionSize(c) for c in Column if c not in (Column.NAME_ZH, Column.NAME_EN))
        room = self.table.viewport().width() - others
        name_zh = min(self._name_zh_width, max(room - NAME_EN_MIN, NAME_ZH_MIN))
        name_en = max(room - name_zh, NAME_EN_MIN)
        for column, width in ((Column.NAME_ZH, name_zh), (Column.NAME_EN, name_en)):
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport():
            if event.type() == QEvent.Type.Resize:
                self._balance_names()
            elif event.type() == QEvent.Type.Paint and self._count_after_paint:
                self._count_after_paint = False
                self._count_timer.start()  # the rows are on screen: now count every match
        return super().eventFilter(watched, event)

    def _sku_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.sku_title = QLabel()
        self.sku_title.setObjectName("sectionTitle")
        layout.addWidget(self.sku_title)
        table = self.sku_table = QTableView()
        table.setObjectName("skuTable")
        table.setModel(self.sku_model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(30)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        metrics = table.fontMetrics()
        header.ensurePolished()
        samples = {SkuColumn.CODE: "XZ-LG-PC01-BLK-20-XX", SkuColumn.GTIN: "06970548001002",
                   SkuColumn.WEIGHT: "99,999", SkuColumn.SIZE: "9999 × 9999 × 9999", SkuColumn.COST: "99999.00"}
        for column in SkuColumn:
            if column == SkuColumn.OPTIONS:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            else:  # the sample value or the (translated) header, whichever is wider
                header.resizeSection(column, max(metrics.horizontalAdvance(samples[column]) + 28,
                                                 header.sectionSizeHint(column)))
        table.setMinimumHeight(120)
        layout.addWidget(table, 1)
        return panel

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
    def current_filter(self) -> dict[str, Any]:
        return {"text": self.search.text(), "category_id": self.category_filter.currentData(),
                "status": self.status_filter.currentData(), "min_completeness": self.completeness_filter.currentData()}

    def apply_filter(self) -> None:
        """Search box (after the debounce) or a filter combo: query again with the new filter."""
        self._search_timer.stop()
        self._count_timer.stop()
        self._count_after_paint = False
        selected = self.selected_product_ids()
        self.model.set_filter(**self.current_filter())
        self._after_reset(selected)

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

    def _show_skus(self, index: QModelIndex) -> None:
        product_id = self.model.product_id(index.row()) if index.isValid() else None
        if product_id == self.sku_model.product_id and product_id is not None:
            return
        self.sku_model.set_product(product_id)
        if product_id is None:
            self.sku_title.setText(self.tr("SKUs: select a product"))
            return
        product = self.model.product(index.row())
        name = product.name_zh if is_chinese() else (product.name_en or product.name_zh)
        count = self.sku_model.rowCount()
        self.sku_title.setText(self.tr("SKUs of %1 · %2 (%3)").replace("%1", product.code)
                               .replace("%2", name).replace("%3", str(count)))

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

    def bulk_edit(self) -> None:
        """Ask for one field and value, then apply it to the selected products as one undoable step."""
        selected = self.selected_product_ids()
        if not selected:
            return
        categories = [*self.categories, (None, self.tr("Uncategorised"))]
        dialog = self.bulk_dialog = BulkEditDialog(len(selected), self.model.total, categories, self)
        versions = self.bulk_service.versions(selected)  # what the user sees now: a later change is a conflict
        filters = self.model.filter.arguments()

        def accepted() -> None:
            field, value = dialog.chosen_field(), dialog.chosen_value()
            if dialog.all_matching.isChecked():
                ids = query_product_ids(self.workspace.engine, **filters)
                self._apply_bulk(ids, field, value, None)
            else:
                self._apply_bulk(selected, field, value, versions)

        dialog.accepted.connect(accepted)
        dialog.finished.connect(lambda _result: self._forget_bulk_dialog(dialog))
        dialog.open()

    def _forget_bulk_dialog(self, dialog: BulkEditDialog) -> None:
        if self.bulk_dialog is dialog:
            self.bulk_dialog = None
        dialog.deleteLater()

    def _apply_bulk(self, product_ids: list[int], field: str, value: Any, versions: dict[int, int] | None) -> None:
        service = self.bulk_service

        def work(progress: Callable[[int, int], None], cancel: Callable[[], bool]) -> BulkEdit:
            return service.apply(product_ids, field, value, expected_versions=versions, progress=progress,
                                 cancel=cancel)

        job = self._start(self.tr("Changing %1 products…").replace("%1", f"{len(product_ids):,}"), work, writes=True)
        job.done.connect(lambda edit: self._on_bulk_done(edit, field, value))
        job.failed.connect(lambda error: self._on_failed(error, self.tr("Bulk edit failed")))

    def _on_bulk_done(self, edit: BulkEdit, field: str, value: Any) -> None:
        label = _field_labels()[field]
        shown = self._value_label(field, value)
        if edit.changes:
            text = QCoreApplication.translate("BulkEditCommand", "Set %1 to “%2” on %3 products") \
                .replace("%1", label).replace("%2", shown).replace("%3", f"{len(edit.changes):,}")
            self.undo_stack.push(BulkEditCommand(self.bulk_service, edit, text))
            self._set_feedback(text + " — " + self.tr("Edit → Undo puts the old values back."))
        else:
            self._set_feedback(self.tr("Nothing to change: the products already had that value."))
        self._refresh_timer.start()

    def _value_label(self, field: str, value: Any) -> str:
        if field == "status":
            return status_labels().get(str(value), str(value))
        if field == "category":
            return dict(self.categories).get(value, self.tr("Uncategorised"))
        return str(value) if value else self.tr("(empty)")

    # ----- import and export ----------------------------------------------------------------------------
    def export_catalogue(self, target: Path | None = None) -> None:
        """Ask where, then write the whole catalogue off the GUI thread."""
        if target is None:
            csv_filter, xlsx_filter = self.tr("CSV, UTF-8 (*.csv)"), self.tr("Excel workbook (*.xlsx)")
            path, chosen = QFileDialog.getSaveFileName(
                self, self.tr("Export the catalogue"), str(self.workspace.path.with_name("catalogue.csv")),
                f"{csv_filter};;{xlsx_filter}")
            if not path:
                return
            target = Path(path)
            if target.suffix.lower() not in (".csv", ".xlsx"):
                target = target.with_name(target.name + (".xlsx" if chosen == xlsx_filter else ".csv"))
        workspace = self.workspace

        def work(progress: Callable[[int, int], None], cancel: Callable[[], bool]) -> ExportReport:
            return catalogue_io.export_catalogue(workspace, target, progress=progress, cancel=cancel)

        job = self._start(self.tr("Exporting the catalogue to %1…").replace("%1", target.name), work)
        job.done.connect(self._on_exported)
        job.failed.connect(lambda error: self._on_failed(error, self.tr("Export failed")))

    def _on_exported(self, report: ExportReport) -> None:
        self.last_export = report
        text = self.tr("Exported %1 rows to %2").replace("%1", f"{report.rows:,}").replace("%2", str(report.path))
        if report.target_in_use:
            text += " — " + self.tr("%1 is open in another program, so the file was saved under a new name.") \
                .replace("%1", report.requested.name)
        if report.note_count:
            text += " — " + self.tr("%1 cells were adjusted (control characters removed or text cut to "
                                    "Excel's limit).").replace("%1", f"{report.note_count:,}")
        self._set_feedback(text)

    def import_catalogue(self, source: Path | None = None) -> None:
        """Ask for a file, read and check it off the GUI thread, then show the preview."""
        if source is None:
            path, _chosen = QFileDialog.getOpenFileName(
                self, self.tr("Import a catalogue file"), str(self.workspace.path.parent),
                self.tr("Catalogue files (*.csv *.xlsx);;All files (*)"))
            if not path:
                return
            source = Path(path)
        self._preview(source, "auto")

    def _preview(self, source: Path, encoding: str) -> None:
        workspace = self.workspace
        dialog = self.import_dialog if self.import_dialog is not None and self.import_dialog.isVisible() else None
        if dialog is not None:
            dialog.set_busy(True)

        def work(progress: Callable[[int, int], None], cancel: Callable[[], bool]) -> ImportPreview:
            return catalogue_io.preview_import(workspace, source, encoding, progress=progress, cancel=cancel)

        job = self._start(self.tr("Reading %1…").replace("%1", source.name), work, parent=dialog)
        job.done.connect(self._show_preview)
        job.failed.connect(lambda error: self._on_preview_failed(error, dialog))

    def _on_preview_failed(self, error: object, dialog: ImportPreviewDialog | None) -> None:
        if dialog is not None:
            dialog.set_busy(False)
        self._on_failed(error, self.tr("Can't read the file"))

    def _show_preview(self, preview: ImportPreview) -> None:
        dialog = self.import_dialog
        if dialog is not None and dialog.isVisible() and dialog.preview.source == preview.source:
            dialog.set_preview(preview)
            return
        dialog = self.import_dialog = ImportPreviewDialog(preview, self)
        dialog.encoding_changed.connect(lambda encoding: self._preview(dialog.preview.source, encoding))
        dialog.commit_requested.connect(lambda checked_preview: self._commit(dialog, checked_preview))
        dialog.finished.connect(lambda _result: self._forget_import_dialog(dialog))
        dialog.open()

    def _forget_import_dialog(self, dialog: ImportPreviewDialog) -> None:
        if self.import_dialog is dialog:
            self.import_dialog = None
        dialog.deleteLater()

    def _commit(self, dialog: ImportPreviewDialog, preview: ImportPreview) -> None:
        workspace = self.workspace
        dialog.set_busy(True)

        def work(progress: Callable[[int, int], None], cancel: Callable[[], bool]) -> ImportResult:
            return catalogue_io.commit_import(workspace, preview, progress=progress, cancel=cancel)

        job = self._start(self.tr("Importing %1…").replace("%1", preview.source.name), work, writes=True,
                          parent=dialog)
        job.done.connect(lambda result: self._on_imported(dialog, result))
        job.failed.connect(lambda error: self._on_commit_failed(dialog, error))

    def _on_imported(self, dialog: ImportPreviewDialog, result: ImportResult) -> None:
        self.last_import = result
        dialog.accept()
        self._set_feedback(
            self.tr("Imported: %1 new and %2 updated products, %3 new and %4 updated SKUs.")
            .replace("%1", f"{result.products_created:,}").replace("%2", f"{result.products_updated:,}")
            .replace("%3", f"{result.skus_created:,}").replace("%4", f"{result.skus_updated:,}"))
        self._fill_categories()
        self._refresh_timer.start()

    def _on_commit_failed(self, dialog: ImportPreviewDialog, error: object) -> None:
        dialog.set_busy(False)
        self._on_failed(error, self.tr("Import failed"))

    # ----- background work ----------------------------------------------------------------------------
    def _start(self, label: str, work: Callable[..., Any], *, writes: bool = False,
               parent: QWidget | None = None) -> BackgroundJob:
        job = BackgroundJob(parent or self, self.tasks, work, label=label, writes=writes)
        self.jobs.add(job)
        job.ended.connect(lambda: self.jobs.discard(job))
        return job

    def _on_failed(self, error: object, title: str) -> None:
        if isinstance(error, OperationCancelled):
            self._set_feedback(error.text(current_language()))
            return
        if isinstance(error, UserFacingError):
            self._set_feedback(error.text(current_language()), error=True)
        if isinstance(error, BaseException):
            show_error(self, error, title)  # bugs are logged there with their traceback

