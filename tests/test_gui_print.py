"""pytest-qt: the Print page on the demo workspace — preview, Save as PDF, one sheet per product, Print…"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

import app.views.print_page as print_page
from app.bootstrap import apply_look, default_openers
from app.services.workspace_services import demo_services
from app.views.i18n import install_translators
from app.views.main_window import MainWindow
from app.views.print_page import CATALOGUE, PRICE_LIST, SPEC_SHEET, PrintPage
from app.views.settings import AppSettings
from app.views.tasks import TaskRunner

DEMO_CODES = ["XZ-CP-VT05", "XZ-LG-FO20", "XZ-LG-PC01", "XZ-SC-CB01"]
WAIT_MS = 30000


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.fdw"
    demo_services(path).close()
    return path


@pytest.fixture
def window(qtbot, qsettings, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "question", QMessageBox.question)  # restored after the test
    install_translators(QApplication.instance(), "en")
    apply_look(QApplication.instance())
    tasks = TaskRunner()
    main = MainWindow(default_openers(), AppSettings(qsettings), tasks)
    main.show()  # not qtbot.addWidget: see test_gui_shell.py
    yield main
    QMessageBox.question = lambda *a, **k: QMessageBox.StandardButton.Discard  # type: ignore[method-assign]
    main.close_workspace()
    tasks.wait()
    main.close()
    main.deleteLater()


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
    assert pixmap.width() <= page.scroll.viewport().width(), "fit width"
    assert page.last_result is not None and "XZ-LG-PC01" in pdftotext(page.last_result.path)


def test_channel_only_for_price_lists(page: PrintPage) -> None:
    page.document.setCurrentIndex(page.document.findData(PRICE_LIST))
    assert page.channel.isEnabled() and not page.batch_button.isVisible()
    page.document.setCurrentIndex(page.document.findData(CATALOGUE))
    assert not page.channel.isEnabled()
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
    from app.services.printing.preview import page_count, render_page

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

    monkeypatch.setattr(print_page, "write_document", refuse)
    before = page._generation
    page.refresh_preview()
    qtbot.waitUntil(lambda: page._generation > before and page._preview_task is None, timeout=WAIT_MS)
    assert "Not today" in page.page_label.text()
    assert page.preview_images == []
