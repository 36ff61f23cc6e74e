"""Import and export on the Products page: the whole catalogue written to CSV (for Chinese Excel) or XLSX, and
a CSV/XLSX file read and checked into a preview before anything is written — each run off the GUI thread
through `app.services.catalogue.io.export`.

`CatalogueFiles` is the page's controller for them; its strings are in the "ProductsPage" translation context
with the rest of the page's. The preview dialog keeps its own context.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.catalogue.io.export import ExportReport
from app.services.catalogue.io.importing import ImportPreview, ImportResult
from app.services.catalogue.io.service import CatalogueFileService
from app.views.products.catalogue_model import (
    ErrorColumn,
    PreviewRowsModel,
    RowErrorModel,
)
from app.views.products.host import CataloguePage

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls



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
        self.rows_title = rows_title = QLabel(self.tr("Rows in the file"))
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
        return self.preview.error_count

    def set_preview(self, preview: ImportPreview) -> None:
        """Show a (re-read) preview; the one it replaces is thrown away (its checked rows wait on disk)."""
        if getattr(self, "preview", None) is not None and self.preview is not preview:
            self.preview.close()
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
        problems = preview.error_count + len(preview.warnings)
        self.errors_box.setVisible(problems > 0)
        self.errors_title.setText(self.tr("Problems (%1)").replace("%1", f"{problems:,}"))
        if len(preview.errors) < preview.error_count:
            self.errors_title.setText(self.errors_title.text() + " — " + self.tr("the first %1 are listed")
                                      .replace("%1", f"{len(preview.errors):,}"))
        self.rows_title.setText(self.tr("Rows in the file") if len(preview.rows) == preview.row_count else
                                self.tr("Rows in the file (the first %1 of %2)")
                                .replace("%1", f"{len(preview.rows):,}").replace("%2", f"{preview.row_count:,}"))
        if preview.error_count:
            self.verdict.setObjectName("errorLabel")
            self.verdict.setText(self.tr("%1 errors: fix them in the file and import it again. Nothing was written.")
                                 .replace("%1", f"{preview.error_count:,}"))
        else:
            self.verdict.setObjectName("hintLabel")
            self.verdict.setText(self.tr("No errors. Nothing is written until you click Commit; then every row is "
                                         "written in one step, or none is."))
        self.verdict.style().unpolish(self.verdict)
        self.verdict.style().polish(self.verdict)
        self.commit_button.setEnabled(preview.ok and preview.product_count > 0)
        self.set_busy(False)

    def _summary(self, preview: ImportPreview) -> str:
        return (self.tr("%1 rows · %2 products (%3 new, %4 to update) · %5 SKUs (%6 new, %7 to update)")
                .replace("%1", f"{preview.row_count:,}")
                .replace("%2", f"{preview.product_count:,}")
                .replace("%3", f"{preview.new_products:,}").replace("%4", f"{preview.updated_products:,}")
                .replace("%5", f"{preview.new_skus + preview.updated_skus:,}")
                .replace("%6", f"{preview.new_skus:,}").replace("%7", f"{preview.updated_skus:,}"))

    def set_busy(self, busy: bool) -> None:
        """While the file is re-read or written, nothing here may start another run."""
        self.encoding.setEnabled(not busy and self.preview.source.suffix.lower() == ".csv")
        self.commit_button.setEnabled(not busy and self.preview.ok and self.preview.product_count > 0)


class CatalogueFiles(QObject):
    """Export and import of the catalogue, for the page that composes it."""

    def __init__(self, page: CataloguePage, service: CatalogueFileService, parent: QWidget) -> None:
        super().__init__(parent)
        self.page, self.service, self.owner = page, service, parent
        self.workspace = service.workspace
        self.import_dialog: ImportPreviewDialog | None = None
        self.last_export: ExportReport | None = None
        self.last_import: ImportResult | None = None

    def export_catalogue(self, target: Path | None = None) -> None:
        """Ask where, then write the whole catalogue off the GUI thread."""
        if target is None:
            csv_filter = self.tr("CSV, UTF-8 (*.csv)")
            xlsx_filter = self.tr("Excel workbook (*.xlsx)")
            path, chosen = QFileDialog.getSaveFileName(
                self.owner, self.tr("Export the catalogue"),
                str(self.workspace.path.with_name("catalogue.csv")), f"{csv_filter};;{xlsx_filter}")
            if not path:
                return
            target = Path(path)
            if target.suffix.lower() not in (".csv", ".xlsx"):
                target = target.with_name(target.name + (".xlsx" if chosen == xlsx_filter else ".csv"))
        service = self.service

        def work(progress: Callable[[int, int], None], cancel: Callable[[], bool]) -> ExportReport:
            return service.export(target, progress, cancel)

        label = self.tr("Exporting the catalogue to %1…").replace("%1", target.name)
        job = self.page.start_job(label, work)
        job.done.connect(self._on_exported)
        job.failed.connect(lambda error: self.page.report_failure(error, self.tr("Export failed")))

    def _on_exported(self, report: ExportReport) -> None:
        self.last_export = report
        text = self.tr("Exported %1 rows to %2").replace("%1", f"{report.rows:,}") \
            .replace("%2", str(report.path))
        if report.target_in_use:
            text += " — " + self.tr("%1 is open in another program, so the file was saved under a "
                                    "new name.").replace("%1", report.requested.name)
        if report.note_count:
            text += " — " + self.tr("%1 cells were adjusted (control characters removed or text "
                                    "cut to Excel's limit).").replace("%1", f"{report.note_count:,}")
        self.page.show_feedback(text)

    def import_catalogue(self, source: Path | None = None) -> None:
        """Ask for a file, read and check it off the GUI thread, then show the preview."""
        if source is None:
            path, _chosen = QFileDialog.getOpenFileName(
                self.owner, self.tr("Import a catalogue file"), str(self.workspace.path.parent),
                self.tr("Catalogue files (*.csv *.xlsx);;All files (*)"))
            if not path:
                return
            source = Path(path)
        self._preview(source, "auto")

    def _preview(self, source: Path, encoding: str) -> None:
        service = self.service
        dialog = self.import_dialog if self.import_dialog is not None and self.import_dialog.isVisible() else None
        if dialog is not None:
            dialog.set_busy(True)

        def work(progress: Callable[[int, int], None], cancel: Callable[[], bool]) -> ImportPreview:
            return service.preview(source, encoding, progress, cancel)

        label = self.tr("Reading %1…").replace("%1", source.name)
        job = self.page.start_job(label, work, parent=dialog)
        job.done.connect(self._show_preview)
        job.failed.connect(lambda error: self._on_preview_failed(error, dialog))

    def _on_preview_failed(self, error: object, dialog: ImportPreviewDialog | None) -> None:
        if dialog is not None:
            dialog.set_busy(False)
        self.page.report_failure(error, self.tr("Can't read the file"))

    def _show_preview(self, preview: ImportPreview) -> None:
        dialog = self.import_dialog
        if dialog is not None and dialog.isVisible() and dialog.preview.source == preview.source:
            dialog.set_preview(preview)
            return
        dialog = self.import_dialog = ImportPreviewDialog(preview, self.owner)
        dialog.encoding_changed.connect(lambda encoding: self._preview(dialog.preview.source, encoding))
        dialog.commit_requested.connect(lambda checked_preview: self._commit(dialog, checked_preview))
        dialog.finished.connect(lambda _result: self._forget_import_dialog(dialog))
        dialog.open()

    def _forget_import_dialog(self, dialog: ImportPreviewDialog) -> None:
        if self.import_dialog is dialog:
            self.import_dialog = None
        if not any(job.parent() is dialog for job in self.page.jobs):  # a running commit still reads them
            dialog.preview.close()  # its checked rows wait in a temporary file
        dialog.deleteLater()

    def _commit(self, dialog: ImportPreviewDialog, preview: ImportPreview) -> None:
        service = self.service
        dialog.set_busy(True)

        def work(progress: Callable[[int, int], None], cancel: Callable[[], bool]) -> ImportResult:
            return service.commit(preview, progress, cancel)

        label = self.tr("Importing %1…").replace("%1", preview.source.name)
        job = self.page.start_job(label, work, writes=True, parent=dialog)
        job.done.connect(lambda result: self._on_imported(dialog, result))
        job.failed.connect(lambda error: self._on_commit_failed(dialog, error))

    def _on_imported(self, dialog: ImportPreviewDialog, result: ImportResult) -> None:
        self.last_import = result
        dialog.accept()
        self.page.show_feedback(
            self.tr("Imported: %1 new and %2 updated products, %3 new and %4 updated SKUs.")
            .replace("%1", f"{result.products_created:,}").replace("%2", f"{result.products_updated:,}")
            .replace("%3", f"{result.skus_created:,}").replace("%4", f"{result.skus_updated:,}"))
        self.page.catalogue_changed(categories_too=True)

    def _on_commit_failed(self, dialog: ImportPreviewDialog, error: object) -> None:
        dialog.set_busy(False)
        self.page.report_failure(error, self.tr("Import failed"))
