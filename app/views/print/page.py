"""The Print page: choose a document (spec sheet, price list, catalogue), products, language and paper; see a
preview; save it as a PDF, print it, or save one spec sheet per product into a folder.

The documents are written by `app.services.documents` (atomically, with no private field); this page only
collects the choices. Previews are built off the GUI thread into a temporary file and rendered to images by
`app.services.documents.preview` (pypdfium2: QtPdf is not in PySide6-Essentials).

Printing happens entirely off the GUI thread (Qt allows QPainter on a QPrinter in another thread): the job
writes the document, opens a QPainter on the printer and, page by page, renders the page at the printer's
resolution (capped), paints it and drops it, so a 1,000-page catalogue holds one page image at a time. It
reports (pages painted, total) and checks Cancel between pages; a cancelled job aborts the print run when the
platform can (QPrinter.abort) and ends the painter either way. While it runs the page leaves the printer alone.
"""

from __future__ import annotations

import contextlib
import logging
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QImage, QPageSize, QPainter, QPixmap, QShowEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.models.bilingual import UserFacingError
from app.services.documents.document import PrintResult
from app.services.documents.price_list import DEFAULT_CHANNEL
from app.services.documents.service import CATALOGUE, PRICE_LIST, SPEC_SHEET, DocumentRequest
from app.services.kernel.jobs import Cancelled
from app.services.pricing import ChannelProfile
from app.services.workspace.services import WorkspaceServices
from app.views.kit.errors import message_for, show_error
from app.views.kit.i18n import current_language, is_chinese
from app.views.kit.settings import AppSettings
from app.views.kit.tasks import BackgroundJob, Task, TaskRunner
from app.views.kit.widgets import title_labels, wrapping_list

PREVIEW_DPI = 110            # an A4 page is ~910 px wide: sharp at fit-width on a laptop screen
PREVIEW_MAX_PAGES = 40       # a 1,000-product catalogue previews its first pages only
PRINT_MAX_DPI = 300          # printers report 600–1200 dpi; 300 is sharp, and an A4 page is then 26 MB
PREVIEW_DEBOUNCE_MS = 350
ZOOMS = (0, 50, 75, 100, 150)  # 0: fit width
PAGE_GAP = 12
log = logging.getLogger(__name__)


#: What to write (the page's choice is the documents service's request).
PrintChoice = DocumentRequest


def to_qimage(picture: Image.Image) -> QImage:
    """A PIL RGB image as a QImage that owns its pixels (safe to make in a worker thread)."""
    rgb = picture if picture.mode == "RGB" else picture.convert("RGB")
    data = rgb.tobytes()
    return QImage(data, rgb.width, rgb.height, 3 * rgb.width, QImage.Format.Format_RGB888).copy()


@dataclass(frozen=True)
class Printed:
    """How a print job ended: `painted` of `total` pages; `refused`: the printer could not be started;
    `cancelled` by the user, and `aborted` when the printer also dropped what it had been sent."""

    painted: int
    total: int
    result: PrintResult | None = None
    refused: bool = False
    cancelled: bool = False
    aborted: bool = False


def _draw_page(painter: QPainter, picture: Image.Image) -> None:
    """Paint one rendered page fitted to the paper, centred. The QImage borrows the bytes (no second copy of
    a 26 MB page); both go when this returns."""
    rgb = picture if picture.mode == "RGB" else picture.convert("RGB")
    data = rgb.tobytes()
    image = QImage(data, rgb.width, rgb.height, 3 * rgb.width, QImage.Format.Format_RGB888)
    area = QRectF(painter.viewport())
    scale = min(area.width() / image.width(), area.height() / image.height())
    width, height = image.width() * scale, image.height() * scale
    target = QRectF(area.x() + (area.width() - width) / 2, area.y() + (area.height() - height) / 2, width, height)
    painter.drawImage(target, image)


def _abort(printer: QPrinter) -> bool:
    """Withdraw the print run if the platform can (Windows can; Qt's PDF and CUPS engines can't)."""
    abort = getattr(printer, "abort", None)
    try:
        return bool(abort()) if abort is not None else False
    except RuntimeError:  # a driver that refuses: the run just ends
        return False


def paint_pages(printer: QPrinter, pages: Iterator[Image.Image], total: int, progress: Callable[[int, int], None],
                cancelled: Callable[[], bool]) -> Printed:
    """Print `total` rendered `pages` (made one at a time) on `printer` (runs in the task pool).

    Each page is rendered, painted and dropped before the next is rendered. The painter is opened on
    the first page (a job cancelled before it sends nothing) and always ended; on cancel the print run is
    aborted first when the platform allows it.
    """
    painter = QPainter()
    painted = 0
    try:
        with closing(pages):  # type: ignore[type-var]  # a generator: closing it frees its renderer
            for picture in pages:
                if not painted:
                    if not painter.begin(printer):
                        return Printed(0, total, refused=True)
                    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
                elif not printer.newPage():
                    break
                _draw_page(painter, picture)
                del picture   # this page's pixels go before the next page is rendered
                painted += 1
                progress(painted, total)
        stopped = painted < total and cancelled()
        aborted = stopped and painted > 0 and _abort(printer)
    finally:
        if painter.isActive():
            painter.end()
    return Printed(painted, total, cancelled=stopped, aborted=aborted)


@dataclass(frozen=True)
class Rendered:
    """A document written to a file and its pages as images."""

    generation: int
    result: PrintResult
    pages: list[QImage]
    total_pages: int


@dataclass(frozen=True)
class Failed:
    """A preview that could not be made, with the generation it was for."""

    generation: int
    error: Exception


class PrintPage(QWidget):
    """Choose, preview, save and print the documents sales staff hand to buyers."""

    def __init__(self, services: WorkspaceServices, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.documents = services.documents
        self.tasks = tasks
        self.profiles: tuple[ChannelProfile, ...] = tuple(services.pricing.profiles())
        self.printer: QPrinter | None = None
        self.jobs: set[BackgroundJob] = set()
        self.preview_images: list[QImage] = []
        self.last_result: PrintResult | None = None
        self._temp = tempfile.TemporaryDirectory(prefix="fd-print-")
        self._generation = 0
        self._print_jobs = 0
        self._printing = False   # a print job owns the printer until it ends
        self._preview_task: Task | None = None
        self._shown_once = False
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(PREVIEW_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh_preview)
        self._rescale_timer = QTimer(self)
        self._rescale_timer.setSingleShot(True)
        self._rescale_timer.setInterval(40)
        self._rescale_timer.timeout.connect(self._show_pages)
        self._build()
        self.reload()

    # ----- layout -------------------------------------------------------------------------------------
    def _build(self) -> None:
        title, subtitle = title_labels(
            self.tr("Print"),
            self.tr("Spec sheets, price lists and catalogues to hand to buyers, in Chinese, English or both. Costs, "
                    "margins and other private fields are never printed."))

        splitter = QSplitter()
        splitter.addWidget(self._choices_panel())
        splitter.addWidget(self._preview_panel())
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 800])

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.batch_button = QPushButton(self.tr("Save all sheets to folder…"))
        self.batch_button.clicked.connect(self.choose_folder_and_save_sheets)
        self.save_button = QPushButton(self.tr("Save as PDF…"))
        self.save_button.clicked.connect(self.choose_file_and_save)
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setObjectName("primary")
        self.print_button.clicked.connect(self.print_document)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.batch_button)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.print_button)

        column = QVBoxLayout(self)
        column.setContentsMargins(28, 24, 28, 20)
        column.addWidget(title)
        column.addWidget(subtitle)
        column.addWidget(splitter, 1)
        column.addLayout(bottom)

    def _choices_panel(self) -> QWidget:
        self.document = QComboBox()
        self.document.addItem(self.tr("Spec sheet"), SPEC_SHEET)
        self.document.addItem(self.tr("Price list"), PRICE_LIST)
        self.document.addItem(self.tr("Catalogue"), CATALOGUE)
        self.language = QComboBox()
        self.language.addItem(self.tr("Chinese and English"), "both")
        self.language.addItem("中文", "zh")
        self.language.addItem("English", "en")
        self.paper = QComboBox()
        self.paper.addItem("A4", "A4")
        self.paper.addItem(self.tr("Letter"), "Letter")
        self.qr_url = QLineEdit()
        self.qr_url.setPlaceholderText(self.tr("No QR code when empty"))
        self.qr_url.setToolTip(self.tr("The web address the QR code opens: your shop page or the factory website."))
        self.channel = QComboBox()
        self.channel_label = QLabel(self.tr("Channel"))
        self.smooth_cliffs = QCheckBox(self.tr("Smooth out quantity cliffs"))
        self.smooth_cliffs.setToolTip(self.tr(
            "Tier prices apply to the whole quantity, so a cheaper upper tier makes some smaller orders cost more "
            "in total than a bigger one. Ticked: each upper tier's price is raised just enough to remove that, "
            "which leaves almost no tier discount. Not ticked: each tier keeps its margin and every cliff is "
            "listed under the preview."))

        frame = QFrame()
        frame.setObjectName("card")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(16, 12, 16, 16)
        heading = QLabel(self.tr("Document"))
        heading.setObjectName("sectionTitle")
        layout.addWidget(heading)
        form = QFormLayout()
        form.addRow(self.tr("Document"), self.document)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Paper"), self.paper)
        form.addRow(self.tr("QR code URL"), self.qr_url)
        form.addRow(self.channel_label, self.channel)
        form.addRow("", self.smooth_cliffs)
        layout.addLayout(form)

        products_heading = QLabel(self.tr("Products"))
        products_heading.setObjectName("sectionTitle")
        layout.addWidget(products_heading)
        self.products = wrapping_list("printProducts")
        self.products.itemChanged.connect(lambda _item: self._choices_changed())
        self.products.currentItemChanged.connect(lambda _now, _before: self._choices_changed())
        layout.addWidget(self.products, 1)
        self.all_button, self.none_button = QPushButton(self.tr("Select all")), QPushButton(self.tr("None"))
        self.all_button.clicked.connect(lambda: self._check_all(True))
        self.none_button.clicked.connect(lambda: self._check_all(False))
        row = QHBoxLayout()
        row.addWidget(self.all_button)
        row.addWidget(self.none_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.products_hint = QLabel()
        self.products_hint.setObjectName("pageSubtitle")
        self.products_hint.setWordWrap(True)
        layout.addWidget(self.products_hint)

        for combo in (self.document, self.language, self.paper, self.channel):
            combo.currentIndexChanged.connect(lambda _index: self._choices_changed())
        self.qr_url.editingFinished.connect(self._choices_changed)
        self.smooth_cliffs.toggled.connect(lambda _checked: self._choices_changed())
        frame.setMinimumWidth(300)
        return frame

    def _preview_panel(self) -> QWidget:
        heading = QLabel(self.tr("Preview"))
        heading.setObjectName("sectionTitle")
        self.page_label = QLabel()
        self.page_label.setObjectName("pageSubtitle")
        self.page_label.setWordWrap(True)
        self.zoom = QComboBox()
        for percent in ZOOMS:
            self.zoom.addItem(self.tr("Fit width") if percent == 0 else f"{percent}%", percent)
        self.zoom.currentIndexChanged.connect(lambda _index: self._show_pages())
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh_preview)
        bar = QHBoxLayout()
        bar.addWidget(heading)
        bar.addWidget(self.page_label, 1)
        bar.addWidget(QLabel(self.tr("Zoom")))
        bar.addWidget(self.zoom)
        bar.addWidget(self.refresh_button)

        self.pages_widget = QWidget()
        self.pages_widget.setObjectName("printPreviewPages")
        self.pages_layout = QVBoxLayout(self.pages_widget)
        self.pages_layout.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        self.pages_layout.setSpacing(PAGE_GAP)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.page_labels: list[QLabel] = []
        self.preview_scroll = QScrollArea()
        self.preview_scroll.setWidgetResizable(True)
        self.preview_scroll.setWidget(self.pages_widget)
        self.preview_scroll.setStyleSheet("QScrollArea { background: #e6e9ee; } "
                                  "QWidget#printPreviewPages { background: #e6e9ee; }")
        self.preview_scroll.viewport().installEventFilter(self)

        self.warnings_label = QLabel(self.tr("Notes from the last document"))
        self.warnings = QListWidget()
        self.warnings.setMaximumHeight(96)
        self.warnings.setWordWrap(True)
        self.warnings_label.setVisible(False)
        self.warnings.setVisible(False)

        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.preview_scroll, 1)
        layout.addWidget(self.warnings_label)
        layout.addWidget(self.warnings)
        return panel

    # ----- data -------------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Products, channels and the factory website, read again."""
        chinese = is_chinese()
        self.channel.blockSignals(True)
        self.channel.clear()
        for profile in self.profiles:
            self.channel.addItem(profile.name_zh if chinese else profile.name_en, profile.id)
        default = self.channel.findData(DEFAULT_CHANNEL)
        self.channel.setCurrentIndex(max(default, 0))
        self.channel.blockSignals(False)
        self.qr_url.setText(self.services.factory.load_profile().website or "")
        self.products.blockSignals(True)
        self.products.clear()
        for choice in self.services.pricing.products():
            item = QListWidgetItem(f"{choice.code}  {choice.name(current_language())}")
            item.setData(Qt.ItemDataRole.UserRole, choice.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.products.addItem(item)
        if self.products.count():
            self.products.setCurrentRow(0)
        self.products.blockSignals(False)
        self._update_controls()

    def document_kind(self) -> str:
        return str(self.document.currentData() or SPEC_SHEET)

    def chosen_codes(self) -> list[str]:
        return [str(self.products.item(row).data(Qt.ItemDataRole.UserRole)) for row in range(self.products.count())
                if self.products.item(row).checkState() == Qt.CheckState.Checked]

    def sheet_code(self) -> str | None:
        """The product a spec sheet previews, saves and prints: the current one if ticked, else the first ticked."""
        current = self.products.currentItem()
        if current is not None and current.checkState() == Qt.CheckState.Checked:
            return str(current.data(Qt.ItemDataRole.UserRole))
        codes = self.chosen_codes()
        return codes[0] if codes else None

    def choice(self) -> PrintChoice | None:
        """The current choices, or None when no product is ticked."""
        document = self.document_kind()
        if document == SPEC_SHEET:
            code = self.sheet_code()
            codes: tuple[str, ...] = (code,) if code else ()
        else:
            codes = tuple(self.chosen_codes())
        if not codes:
            return None
        return PrintChoice(document, codes, str(self.language.currentData()), str(self.paper.currentData()),
                           self.qr_url.text().strip(), str(self.channel.currentData() or DEFAULT_CHANNEL),
                           smooth_cliffs=self.smooth_cliffs.isChecked())

    def _check_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self.products.blockSignals(True)
        for row in range(self.products.count()):
            self.products.item(row).setCheckState(state)
        self.products.blockSignals(False)
        self._choices_changed()

    def _update_controls(self) -> None:
        document = self.document_kind()
        sheets = document == SPEC_SHEET
        self.channel.setEnabled(document == PRICE_LIST)
        self.channel_label.setEnabled(document == PRICE_LIST)
        self.smooth_cliffs.setEnabled(document == PRICE_LIST)
        self.qr_url.setEnabled(document != PRICE_LIST)
        ticked = len(self.chosen_codes())
        self.batch_button.setVisible(sheets)
        self.batch_button.setEnabled(sheets and ticked > 0)
        self.save_button.setEnabled(ticked > 0)
        self.print_button.setEnabled(ticked > 0)
        if sheets:
            self.products_hint.setText(self.tr("The preview shows the highlighted product; “Save all sheets to "
                                               "folder…” writes one PDF per ticked product."))
        else:
            self.products_hint.setText(self.tr("%1 of %2 products ticked.")
                                       .replace("%1", str(ticked)).replace("%2", str(self.products.count())))

    def _choices_changed(self) -> None:
        self._update_controls()
        if self.isVisible():
            self._debounce.start()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self._debounce.start()

    # ----- preview ----------------------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        """Write the chosen document to a temporary file and render its pages, off the GUI thread."""
        self._debounce.stop()
        if self._preview_task is not None:
            self._preview_task.cancel_token.cancel()
        self._generation += 1
        choice = self.choice()
        if choice is None:
            self._preview_task = None
            self._set_pages([], 0)
            self.page_label.setText(self.tr("Tick at least one product."))
            return
        generation, documents, profiles = self._generation, self.documents, self.profiles
        target = Path(self._temp.name) / f"preview-{generation}.pdf"

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Rendered | Failed:
            try:
                result = documents.write(choice, target, profiles, progress, cancelled)
                total = documents.page_count(result.path)
                images = documents.render(result.path, PREVIEW_DPI, last=PREVIEW_MAX_PAGES - 1, cancelled=cancelled)
            except Exception as error:  # noqa: BLE001 - reported with its generation: stale failures are dropped
                return Failed(generation, error)
            return Rendered(generation, result, [to_qimage(image) for image in images], total)

        task = Task(work)
        task.signals.finished.connect(self._preview_ready)
        task.signals.failed.connect(self._preview_failed)
        self.page_label.setText(self.tr("Preparing the preview…"))
        self._preview_task = self.tasks.start(task)

    def _preview_ready(self, rendered: Rendered | Failed) -> None:
        if rendered.generation != self._generation:
            return  # the choices changed meanwhile: a newer preview is on its way
        if isinstance(rendered, Failed):
            self._preview_failed(rendered.error)
            return
        self._preview_task = None
        self.last_result = rendered.result
        self._set_pages(rendered.pages, rendered.total_pages)
        self._show_warnings(rendered.result)
        self._forget_old_previews(rendered.result.path)

    def _preview_failed(self, error: BaseException) -> None:
        self._preview_task = None
        if isinstance(error, Cancelled):
            return
        self._set_pages([], 0)
        if not isinstance(error, (UserFacingError, OSError)):
            log.error("preview failed", exc_info=(type(error), error, error.__traceback__))
        # In the page, not a modal box: the preview refreshes by itself as the choices change.
        self.page_label.setText(self.tr("Can't prepare the preview") + ": " + message_for(error))
        self.page_label.setToolTip(self.page_label.text())

    def _forget_old_previews(self, keep: Path) -> None:
        for old in Path(self._temp.name).glob("preview-*.pdf"):
            if old != keep:
                with contextlib.suppress(OSError):  # still open on Windows: the temporary folder goes at exit
                    old.unlink(missing_ok=True)

    def _set_pages(self, images: list[QImage], total: int) -> None:
        self.preview_images = list(images)
        for label in self.page_labels:
            self.pages_layout.removeWidget(label)
            label.deleteLater()
        self.page_labels = []
        for _image in images:
            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            label.setStyleSheet("background: white; border: 1px solid #c9ced6;")
            self.pages_layout.addWidget(label)
            self.page_labels.append(label)
        if not total:
            self.page_label.clear()
        elif total > len(images):
            self.page_label.setText(self.tr("First %1 of %2 pages").replace("%1", str(len(images)))
                                    .replace("%2", str(total)))
        else:
            self.page_label.setText(self.tr("Pages: %1").replace("%1", str(total)))
        self._show_pages()

    def _page_width(self, image: QImage) -> int:
        percent = int(self.zoom.currentData() or 0)
        if percent == 0:
            available = self.preview_scroll.viewport().width() - 2 * PAGE_GAP - 2
            return max(available, 120)
        return max(round(image.width() * 96 / PREVIEW_DPI * percent / 100), 60)

    def _show_pages(self) -> None:
        """Scale the page images to the zoom (fit width by default)."""
        for image, label in zip(self.preview_images, self.page_labels, strict=True):
            width = self._page_width(image)
            pixmap = QPixmap.fromImage(image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation))
            label.setPixmap(pixmap)
            label.setFixedSize(pixmap.size())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        fit_width = int(self.zoom.currentData() or 0) == 0
        if watched is self.preview_scroll.viewport() and event.type() == QEvent.Type.Resize and self.preview_images \
                and fit_width:
            self._rescale_timer.start()
        return super().eventFilter(watched, event)

    def _show_warnings(self, result: PrintResult) -> None:
        self.warnings.clear()
        language = current_language()
        for warning in result.warnings:
            self.warnings.addItem(" ".join(warning.text(language).split()))
        self.warnings_label.setVisible(bool(result.warnings))
        self.warnings.setVisible(bool(result.warnings))

    # ----- saving -----------------------------------------------------------------------------------------
    def _default_name(self, choice: PrintChoice) -> str:
        if choice.document == SPEC_SHEET:
            return f"{choice.codes[0]}.pdf"
        return "price-list.pdf" if choice.document == PRICE_LIST else "catalogue.pdf"

    def choose_file_and_save(self) -> None:
        choice = self.choice()
        if choice is None:
            self.status.setText(self.tr("Tick at least one product."))
            return
        folders = AppSettings()
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save as PDF"),
                                              folders.start_path("documents", self._default_name(choice)),
                                              self.tr("PDF files (*.pdf)"))
        if path:
            folders.remember_folder("documents", path)
            self.save_to(Path(path))

    def save_to(self, path: Path, choice: PrintChoice | None = None) -> BackgroundJob | None:
        """Write the chosen document to `path` (atomically, by the service) in the background."""
        choice = choice or self.choice()
        if choice is None:
            return None
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        documents, profiles = self.documents, self.profiles
        return self._run(self.tr("Writing the PDF…"),
                         lambda progress, cancelled: documents.write(choice, path, profiles, progress, cancelled),
                         self._saved)

    def _saved(self, result: PrintResult) -> None:
        self.last_result = result
        self._show_warnings(result)
        self.status.setText(self.tr("Saved %1 (%2 pages).").replace("%1", str(result.path))
                            .replace("%2", str(result.pages)))

    def choose_folder_and_save_sheets(self) -> None:
        if not self.chosen_codes():
            self.status.setText(self.tr("Tick at least one product."))
            return
        folders = AppSettings()
        folder = QFileDialog.getExistingDirectory(self, self.tr("Where should the spec sheets go?"),
                                                  folders.start_path("documents"))
        if folder:
            folders.remember_folder("documents", folder)
            self.save_sheets_to(Path(folder))

    def save_sheets_to(self, folder: Path) -> BackgroundJob | None:
        """One spec sheet per ticked product into `folder`, named CODE.pdf, with progress and Cancel."""
        codes = self.chosen_codes()
        base = self.choice()
        if not codes or base is None:
            return None
        documents = self.documents
        lang, paper, url = base.lang, base.paper, base.qr_url

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> list[PrintResult]:
            return documents.write_sheets(codes, folder, lang, progress, cancelled, paper=paper, qr_url=url)

        return self._run(self.tr("Writing the spec sheets…"), work, self._sheets_saved)

    def _sheets_saved(self, results: list[PrintResult]) -> None:
        notes = tuple(dict.fromkeys(w for r in results for w in r.warnings))
        folder = results[0].path.parent if results else ""
        self._show_warnings(PrintResult(Path(str(folder)), sum(r.pages for r in results), notes))
        self.status.setText(self.tr("Saved %1 spec sheets to %2.").replace("%1", str(len(results)))
                            .replace("%2", str(folder)))

    def _run(self, label: str, work: Callable[[Callable[[int, int], None], Callable[[], bool]], Any],
             done: Callable[[Any], None]) -> BackgroundJob:
        job = BackgroundJob(self, self.tasks, work, label=label)
        self.jobs.add(job)
        job.ended.connect(lambda: self._job_ended(job))
        job.done.connect(done)
        job.failed.connect(self._job_failed)
        self._busy(True)
        return job

    def _job_ended(self, job: BackgroundJob) -> None:
        self.jobs.discard(job)
        self._busy(bool(self.jobs))

    def _busy(self, busy: bool) -> None:
        for button in (self.save_button, self.print_button, self.batch_button):
            button.setEnabled(not busy)
        if not busy:
            self._update_controls()

    def _job_failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self.status.setText(self.tr("Cancelled. Files already finished were kept."))
            return
        self.status.setText(self.tr("Nothing was written."))
        show_error(self, error)

    # ----- printing ---------------------------------------------------------------------------------------
    def _printer(self) -> QPrinter:
        if self.printer is None:
            self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        return self.printer

    def print_document(self) -> None:
        """Ask for a printer, then render the pages at its resolution (capped) and paint them."""
        choice = self.choice()
        if choice is None:
            self.status.setText(self.tr("Tick at least one product."))
            return
        if self._printing:
            return
        printer = self._printer()
        size = QPageSize.PageSizeId.Letter if choice.paper == "Letter" else QPageSize.PageSizeId.A4
        printer.setPageSize(QPageSize(size))
        printer.setFullPage(True)
        printer.setDocName(self._default_name(choice).removesuffix(".pdf"))
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer, choice)

    def print_to(self, printer: QPrinter, choice: PrintChoice | None = None) -> BackgroundJob | None:
        """Write the document and print it page by page in the background (see the module docstring)."""
        choice = choice or self.choice()
        if choice is None or self._printing:
            return None
        dpi = min(max(printer.resolution(), 72), PRINT_MAX_DPI)
        documents, profiles = self.documents, self.profiles
        self._print_jobs += 1
        target = Path(self._temp.name) / f"print-{self._print_jobs}.pdf"

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Printed:
            try:
                result = documents.write(choice, target, profiles, lambda _d, _t: None, cancelled)
            except Cancelled:
                return Printed(0, 0, cancelled=True)
            try:
                if cancelled():
                    return Printed(0, result.pages, result, cancelled=True)
                pages = documents.pages(result.path, dpi, cancelled)
                printed = paint_pages(printer, pages, documents.page_count(result.path), progress, cancelled)
                return replace(printed, result=result)
            finally:
                result.path.unlink(missing_ok=True)

        self._printing = True
        job = self._run(self.tr("Preparing the pages for the printer…"), work, self._printed)
        job.ended.connect(self._print_ended)
        return job

    def _print_ended(self) -> None:
        self._printing = False

    def _printed(self, printed: Printed) -> None:
        if printed.result is not None:
            self._show_warnings(printed.result)
        painted, total = str(printed.painted), str(printed.total)
        if printed.refused:
            text = self.tr("The printer could not be started.")
        elif printed.cancelled and printed.aborted:
            text = self.tr("Printing cancelled; the print job was withdrawn from the printer.")
        elif printed.cancelled and printed.painted:
            text = self.tr("Printing cancelled after %1 of %2 pages; those pages had already gone to the printer.")
        elif printed.cancelled:
            text = self.tr("Printing cancelled; nothing was sent to the printer.")
        elif printed.painted < printed.total:
            text = self.tr("The printer stopped after %1 of %2 pages.")
        else:
            text = self.tr("Sent %1 pages to the printer.")
        self.status.setText(text.replace("%1", painted).replace("%2", total))


__all__ = ["PrintChoice", "PrintPage"]
