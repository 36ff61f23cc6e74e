"""pytest-qt: the Print page on the demo workspace — preview, Save as PDF, one sheet per product, Print…"""

from __future__ import annotations

import shutil
import subprocess
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

import app.views.print.page as print_page
from app.services.documents.preview import iter_pages, page_count, render_page
from app.services.documents.service import DocumentRequest, DocumentService
from app.views.print.page import (
    CATALOGUE,
    PRICE_LIST,
    SPEC_SHEET,
    Printed,
    PrintPage,
    paint_pages,
)
from app.views.shell.main_window import MainWindow

DEMO_CODES = ["XZ-CP-VT05", "XZ-LG-FO20", "XZ-LG-PC01", "XZ-SC-CB01"]
WAIT_MS = 30000


@pytest.fixture
def page(window: MainWindow, demo_file: Path, tmp_path: Path, qtbot) -> PrintPage:  # type: ignore[no-untyped-def]
    target = tmp_path / "demo.fdw"
    for suffix in ("", "-wal"):
        if Path(f"{demo_file}{suffix}").exists():
            shutil.copy(f"{demo_file}{suffix}", f"{target}{suffix}")
    assert window.open_workspace(target)
    window.show_view("print")
    printing = window.pages["print"]
    assert isinstance(printing, PrintPage)
    assert window.page_stack.currentWidget() is printing
    qtbot.waitUntil(lambda: bool(printing.preview_images), timeout=WAIT_MS)  # the first preview, on show
    return printing


def only(page: PrintPage, code: str) -> None:
    """Tick just `code`, and make it the highlighted product."""
    for row in range(page.products.count()):
        item = page.products.item(row)
        item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) == code
                           else Qt.CheckState.Unchecked)
        if item.data(Qt.ItemDataRole.UserRole) == code:
            page.products.setCurrentItem(item)


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout


def wait_for_preview(page: PrintPage, qtbot, generation: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: page._generation > generation and page._preview_task is None
                    and bool(page.preview_images), timeout=WAIT_MS)


def test_spec_sheet_preview_shows_page_images(page: PrintPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    page.document.setCurrentIndex(page.document.findData(SPEC_SHEET))
    before = page._generation
    only(page, "XZ-LG-PC01")
    page.refresh_preview()
    wait_for_preview(page, qtbot, before)
    assert page.choice() is not None and page.choice().codes == ("XZ-LG-PC01",)  # type: ignore[union-attr]
    assert len(page.preview_images) >= 1
    assert len(page.page_labels) == len(page.preview_images)
    pixmap = page.page_labels[0].pixmap()
    assert not pixmap.isNull()
    assert pixmap.width() <= page.preview_scroll.viewport().width(), "fit width"
    assert page.last_result is not None and "XZ-LG-PC01" in pdftotext(page.last_result.path)


def test_channel_only_for_price_lists(page: PrintPage) -> None:
    page.document.setCurrentIndex(page.document.findData(PRICE_LIST))
    assert page.channel.isEnabled() and not page.batch_button.isVisible()
    assert page.smooth_cliffs.isEnabled() and not page.smooth_cliffs.isChecked()
    page.document.setCurrentIndex(page.document.findData(CATALOGUE))
    assert not page.channel.isEnabled() and not page.smooth_cliffs.isEnabled()
    page.document.setCurrentIndex(page.document.findData(SPEC_SHEET))
    assert page.batch_button.isVisible()


def test_save_as_pdf(page: PrintPage, qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    only(page, "XZ-SC-CB01")
    target = tmp_path / "out" / "scarf"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF files (*.pdf)"))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    written = target.with_name("scarf.pdf")
    qtbot.waitUntil(lambda: written.exists() and not page.jobs, timeout=WAIT_MS)
    assert "XZ-SC-CB01" in pdftotext(written)
    assert str(written) in page.status.text()
    assert not [p for p in written.parent.iterdir() if p != written], "no temporary file is left"


def test_save_price_list_as_pdf(page: PrintPage, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.document.setCurrentIndex(page.document.findData(PRICE_LIST))
    page._check_all(True)
    job = page.save_to(tmp_path / "prices.pdf")
    assert job is not None
    qtbot.waitUntil(lambda: not page.jobs, timeout=WAIT_MS)
    text = pdftotext(tmp_path / "prices.pdf")
    assert all(code in text for code in DEMO_CODES)


def test_save_all_sheets_to_a_folder(page: PrintPage, qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "sheets"
    folder.mkdir()
    page.document.setCurrentIndex(page.document.findData(SPEC_SHEET))
    page._check_all(True)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    qtbot.mouseClick(page.batch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.jobs, timeout=WAIT_MS)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{code}.pdf" for code in DEMO_CODES)
    for code in DEMO_CODES:
        assert code in pdftotext(folder / f"{code}.pdf")
    assert "4" in page.status.text()


def test_print_to_a_pdf_printer(page: PrintPage, qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    output = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(output))
    page.printer = printer

    class AcceptingDialog:
        def __init__(self, chosen: QPrinter, parent: object = None) -> None:
            assert chosen is printer

        def setWindowTitle(self, title: str) -> None:  # noqa: N802 - Qt's name
            pass

        def exec(self) -> int:
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(print_page, "QPrintDialog", AcceptingDialog)
    only(page, "XZ-CP-VT05")
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.jobs and "printer" in page.status.text(), timeout=WAIT_MS)
    assert output.exists() and output.stat().st_size > 10_000
    assert output.read_bytes().startswith(b"%PDF")
    assert page_count(output) >= 1
    image = render_page(output, 0, dpi=40).convert("L")
    assert image.getextrema()[0] < 128, "the printed page is not blank"


def test_no_product_ticked_says_so(page: PrintPage) -> None:
    page._check_all(False)
    page.refresh_preview()
    assert page.choice() is None
    assert page.preview_images == [] and page.page_labels == []
    assert "at least one product" in page.page_label.text()
    assert not page.save_button.isEnabled() and not page.print_button.isEnabled()
    assert page.save_to(Path("unused.pdf")) is None


def test_a_stale_preview_failure_is_ignored(page: PrintPage) -> None:
    shown = list(page.preview_images)
    page._preview_ready(print_page.Failed(page._generation - 1, RuntimeError("old")))
    assert page.preview_images == shown


def test_a_failed_preview_is_explained_in_the_page(page: PrintPage, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.models.bilingual import Bilingual, UserFacingError

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise UserFacingError(Bilingual("不行", "Not today"))

    class Refusing(DocumentService):
        def write(self, *_args: object, **_kwargs: object) -> Any:
            refuse()

    page.documents = Refusing(page.services.workspace)
    before = page._generation
    page.refresh_preview()
    qtbot.waitUntil(lambda: page._generation > before and page._preview_task is None, timeout=WAIT_MS)
    assert "Not today" in page.page_label.text()
    assert page.preview_images == []


def test_smooth_cliffs_reaches_the_price_list(page: PrintPage, qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    class Recording(DocumentService):
        def write(self, request: DocumentRequest, *args: Any, **kwargs: Any) -> Any:
            asked.append("remove" if request.smooth_cliffs else "warn")
            return super().write(request, *args, **kwargs)

    page.documents = Recording(page.services.workspace)
    page.document.setCurrentIndex(page.document.findData(PRICE_LIST))
    page._check_all(True)
    assert page.save_to(tmp_path / "margins.pdf") is not None
    qtbot.waitUntil(lambda: not page.jobs, timeout=WAIT_MS)
    notes = [page.warnings.item(row).text() for row in range(page.warnings.count())]
    assert asked == ["warn"] and page.warnings.isVisible()
    assert any("costs more in total" in note for note in notes), notes   # each cliff, listed under the preview

    page.smooth_cliffs.setChecked(True)
    assert page.choice() is not None and page.choice().smooth_cliffs  # type: ignore[union-attr]
    assert page.save_to(tmp_path / "smooth.pdf") is not None
    qtbot.waitUntil(lambda: not page.jobs, timeout=WAIT_MS)
    notes = [page.warnings.item(row).text() for row in range(page.warnings.count())]
    assert asked == ["warn", "remove"]
    assert not any("costs more in total" in note for note in notes), notes


def test_a_usd_channel_price_list_previews_and_saves_in_dollars(page: PrintPage, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The demo has a USD rate in the workspace's table: a Shopify price list converts at it instead of refusing."""
    page._check_all(True)
    page.document.setCurrentIndex(page.document.findData(PRICE_LIST))
    before = page._generation
    page.channel.setCurrentIndex(page.channel.findData("shopify"))
    page.refresh_preview()
    qtbot.waitUntil(lambda: page._generation > before and page._preview_task is None and bool(page.preview_images),
                    timeout=WAIT_MS)
    assert "Can't prepare" not in page.page_label.text()
    assert page.save_to(tmp_path / "usd.pdf") is not None
    qtbot.waitUntil(lambda: not page.jobs, timeout=WAIT_MS)
    text = pdftotext(tmp_path / "usd.pdf")
    assert "USD" in text and "$" in text and "¥" not in text
    notes = [page.warnings.item(row).text() for row in range(page.warnings.count())]
    assert not any("exchange rate" in note for note in notes), notes


# ---------------------------------------------------------------- printing one page at a time


class PageLife:
    """Stands in for the documents service's page iterator: hands out the real pages and counts the page images
    still alive each time one is handed out; `pause_after` pages, it waits (in the print job's thread) for
    `resume`."""

    def __init__(self, pause_after: int | None = None) -> None:
        self.alive = self.peak = self.handed = 0
        self.pause_after = pause_after
        self.reached, self.resume = threading.Event(), threading.Event()
        self._lock = threading.Lock()

    def _freed(self) -> None:
        with self._lock:
            self.alive -= 1

    def __call__(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        for image in iter_pages(*args, **kwargs):
            with self._lock:
                self.alive += 1
                self.peak = max(self.peak, self.alive)
            weakref.finalize(image, self._freed)
            self.handed += 1
            yield image
            del image
            if self.handed == self.pause_after:
                self.reached.set()
                self.resume.wait(WAIT_MS / 1000)


def pdf_printer(output: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(output))
    return printer


def catalogue_choice(page: PrintPage) -> print_page.PrintChoice:
    page.document.setCurrentIndex(page.document.findData(CATALOGUE))
    page._check_all(True)
    choice = page.choice()
    assert choice is not None
    return choice


def test_printing_holds_one_page_image_at_a_time(page: PrintPage, qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    life = PageLife()
    written: list[int] = []

    class Counting(DocumentService):
        def write(self, *args: Any, **kwargs: Any) -> Any:
            result = super().write(*args, **kwargs)
            written.append(page_count(result.path))
            return result

        def pages(self, path: Path, dpi: float, cancelled: Any) -> Iterator[Any]:
            return life(path, dpi, cancelled=cancelled)

    page.documents = Counting(page.services.workspace)
    monkeypatch.setattr(print_page, "PRINT_MAX_DPI", 60)   # fast; the page images are as many at any dpi
    output = tmp_path / "printed.pdf"
    assert page.print_to(pdf_printer(output), catalogue_choice(page)) is not None
    qtbot.waitUntil(lambda: not page.jobs, timeout=WAIT_MS)
    assert written and written[0] >= 5, "a catalogue of several pages"
    total = written[0]
    assert page.status.text() == f"Sent {total} pages to the printer."
    assert life.handed == total and page_count(output) == total
    assert life.peak == 1, f"{life.peak} rendered pages were alive at once"
    image = render_page(output, 0, dpi=40).convert("L")
    assert image.getextrema()[0] < 128, "the printed page is not blank"
    assert not page._printing and page.print_button.isEnabled()


def test_cancelling_a_print_job_stops_between_pages(page: PrintPage, qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    life = PageLife(pause_after=2)

    class Pausing(DocumentService):
        def pages(self, path: Path, dpi: float, cancelled: Any) -> Iterator[Any]:
            return life(path, dpi, cancelled=cancelled)

    page.documents = Pausing(page.services.workspace)
    monkeypatch.setattr(print_page, "PRINT_MAX_DPI", 60)
    output = tmp_path / "cancelled.pdf"
    job = page.print_to(pdf_printer(output), catalogue_choice(page))
    assert job is not None
    try:
        qtbot.waitUntil(life.reached.is_set, timeout=WAIT_MS)
        assert page.print_to(pdf_printer(tmp_path / "second.pdf")) is None, "one print job owns the printer"
        job.cancel()
    finally:
        life.resume.set()
    qtbot.waitUntil(lambda: not page.jobs, timeout=WAIT_MS)
    assert life.handed == 2, "no page is rendered after Cancel"
    status = page.status.text()
    # Qt's PDF engine can't withdraw a print run: the painter is ended and the two pages are kept.
    assert status.startswith("Printing cancelled after 2 of ") and status.endswith("gone to the printer."), status
    assert page_count(output) == 2
    assert not page._printing and page.print_button.isEnabled()


def test_paint_pages_reports_progress_and_sends_nothing_when_cancelled_first(page: PrintPage, tmp_path: Path) -> None:
    choice = catalogue_choice(page)
    source = tmp_path / "catalogue.pdf"
    page.documents.write(choice, source, page.profiles, lambda _d, _t: None, lambda: False)
    total = page_count(source)
    seen: list[tuple[int, int]] = []
    printed = paint_pages(pdf_printer(tmp_path / "all.pdf"), iter_pages(source, 30), total,
                          lambda d, t: seen.append((d, t)), lambda: False)
    assert printed == Printed(total, total)
    assert seen == [(done, total) for done in range(1, total + 1)]
    assert page_count(tmp_path / "all.pdf") == total

    printed = paint_pages(pdf_printer(tmp_path / "none.pdf"), iter_pages(source, 30, cancelled=lambda: True), total,
                          lambda d, t: seen.append((d, t)), lambda: True)
    assert printed == Printed(0, total, cancelled=True)
    assert not (tmp_path / "none.pdf").exists(), "the printer was never started"
