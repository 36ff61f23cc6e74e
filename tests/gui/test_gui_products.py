"""pytest-qt: the Products page on the demo workspace — search, sort, bulk edit with undo, export and import."""

from __future__ import annotations

import codecs
import csv
import io
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton

from app.services.catalogue import search as cs
from app.views.products.catalogue_model import PRODUCT_ID_ROLE, Column, ErrorColumn
from app.views.products.page import ProductsPage
from app.views.shell.main_window import MainWindow

DEMO_CODES = ["XZ-CP-VT05", "XZ-LG-FO20", "XZ-LG-PC01", "XZ-SC-CB01"]
WAIT_MS = 5000


@pytest.fixture(autouse=True)
def no_editor(monkeypatch):  # type: ignore[no-untyped-def]
    """The product editor has its own tests (test_gui_product_editor.py): here the page only emits its signals."""
    import app.views.products.page as products_page

    monkeypatch.setattr(products_page.ProductsPage, "_open_editor", lambda self, product_id: None)


@pytest.fixture
def page(window: MainWindow, demo_file: Path, tmp_path: Path) -> ProductsPage:
    target = tmp_path / "demo.fdw"
    for suffix in ("", "-wal"):
        if Path(f"{demo_file}{suffix}").exists():
            shutil.copy(f"{demo_file}{suffix}", f"{target}{suffix}")
    assert window.open_workspace(target)
    window.show_view("products")
    products = window.pages["products"]
    assert isinstance(products, ProductsPage)
    assert window.page_stack.currentWidget() is products
    return products


def codes(page: ProductsPage) -> list[str]:
    return [page.model.product(row).code for row in range(page.model.rowCount())]


def column_values(page: ProductsPage, column: Column) -> list[str]:
    return [page.model.index(row, column).data() for row in range(page.model.rowCount())]


def click_header(qtbot, page: ProductsPage, column: Column) -> None:  # type: ignore[no-untyped-def]
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_the_table_shows_the_demo_products(page):
    assert page.body.currentIndex() == 0, "products exist: no empty state"
    assert codes(page) == DEMO_CODES
    assert page.model.total == 4
    assert page.count_label.text() == "4 products"
    names = column_values(page, Column.NAME_ZH)
    assert "行者羊绒混纺格纹围巾" in names
    first = page.model.index(0, Column.CODE)
    assert isinstance(first.data(PRODUCT_ID_ROLE), int)
    assert page.model.headerData(Column.COMPLETENESS, Qt.Orientation.Horizontal) == "Completeness"
    assert all(text.endswith("%") for text in column_values(page, Column.COMPLETENESS))
    # The first product is selected and its SKUs are shown beside the catalogue.
    assert page.skus.model.product_id == first.data(PRODUCT_ID_ROLE)
    assert page.skus.model.rowCount() == page.model.product(0).sku_count > 0
    assert "XZ-CP-VT05" in page.skus.title.text()


def test_search_as_you_type_with_a_debounce(page, qtbot):
    qtbot.keyClicks(page.filters.search, "SC")
    assert page.filters.debounce.isActive(), "typing waits for a pause before querying"
    qtbot.waitUntil(lambda: codes(page) == ["XZ-SC-CB01"], timeout=WAIT_MS)
    assert page.count_label.text() == "1 of 4 products"
    page.filters.search.setText("围巾")  # non-ASCII: setText, not keyClicks (environment.md)
    qtbot.waitUntil(lambda: page.model.filter.text == "围巾", timeout=WAIT_MS)
    assert codes(page) == ["XZ-SC-CB01"]
    page.filters.search.setText("6970548004003")  # a GTIN
    qtbot.waitUntil(lambda: codes(page) == ["XZ-CP-VT05"], timeout=WAIT_MS)
    page.filters.search.setText("PC01-BLK")  # part of SKU codes
    qtbot.waitUntil(lambda: codes(page) == ["XZ-LG-PC01"], timeout=WAIT_MS)
    page.filters.search.setText("no such thing")
    qtbot.waitUntil(lambda: page.model.total == 0, timeout=WAIT_MS)
    assert "No product matches" in page.count_label.text()
    assert page.skus.model.rowCount() == 0
    page.filters.search.clear()
    qtbot.waitUntil(lambda: codes(page) == DEMO_CODES, timeout=WAIT_MS)


def test_filters_by_category_status_and_completeness(page, qtbot):
    luggage = page.filters.category_filter.findText("Luggage")
    page.filters.category_filter.setCurrentIndex(luggage)
    assert codes(page) == ["XZ-LG-FO20", "XZ-LG-PC01"]
    page.filters.status_filter.setCurrentIndex(page.filters.status_filter.findData("ready"))
    assert codes(page) == ["XZ-LG-PC01"]
    page.filters.category_filter.setCurrentIndex(page.filters.category_filter.findData(cs.UNCATEGORISED))
    assert codes(page) == []
    page.filters.category_filter.setCurrentIndex(0)
    page.filters.status_filter.setCurrentIndex(0)
    page.filters.completeness_filter.setCurrentIndex(page.filters.completeness_filter.findData(100))
    assert "XZ-LG-FO20" not in codes(page) and codes(page), "FO20 is 97 % complete in the demo"


def test_sort_by_header_click_both_ways(page, qtbot):
    click_header(qtbot, page, Column.NAME_EN)
    ascending = column_values(page, Column.NAME_EN)
    assert ascending == sorted(ascending) and ascending != column_values(page, Column.CODE)
    assert page.model.sort_column == Column.NAME_EN
    click_header(qtbot, page, Column.NAME_EN)
    assert column_values(page, Column.NAME_EN) == sorted(ascending, reverse=True)
    assert page.model.sort_order == Qt.SortOrder.DescendingOrder
    click_header(qtbot, page, Column.SKUS)
    counts = [int(value) for value in column_values(page, Column.SKUS)]
    assert counts == sorted(counts)


def _statuses(page: ProductsPage) -> dict[str, str]:
    return {page.model.product(row).code: page.model.product(row).status for row in range(page.model.rowCount())}


def test_bulk_edit_status_is_one_undoable_step(page, window, qtbot):
    before = _statuses(page)
    assert before["XZ-CP-VT05"] == before["XZ-LG-FO20"] == "draft"
    page.select_rows([codes(page).index("XZ-CP-VT05"), codes(page).index("XZ-LG-FO20")])
    assert page.count_label.text().endswith("2 selected")
    assert page.bulk_button.isEnabled() and not page.edit_button.isEnabled()
    qtbot.mouseClick(page.bulk_button, Qt.MouseButton.LeftButton)
    dialog = page.bulk.dialog
    assert dialog is not None and dialog.isVisible()
    assert "2 products will change" in dialog.summary.text()
    dialog.set_choice("status", "listed")
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.busy and _statuses(page)["XZ-CP-VT05"] == "listed", timeout=WAIT_MS)
    after = _statuses(page)
    assert after == {**before, "XZ-CP-VT05": "listed", "XZ-LG-FO20": "listed"}
    assert column_values(page, Column.STATUS).count("Listed") == 2
    assert window.undo_stack.count() == 1
    assert page.selected_product_ids() and len(page.selected_product_ids()) == 2, "the selection survives"

    window.undo_stack.undo()
    qtbot.waitUntil(lambda: _statuses(page) == before, timeout=WAIT_MS)
    engine = window.services.workspace.engine
    assert {r.code: r.status for r in cs.query_products(engine)} == before
    window.undo_stack.redo()
    qtbot.waitUntil(lambda: _statuses(page)["XZ-LG-FO20"] == "listed", timeout=WAIT_MS)


def test_undo_after_the_page_was_rebuilt_by_a_language_switch(page, window, qtbot):
    """The undo stack outlives the pages (a language switch rebuilds them): its commands hold no widget."""
    page.select_rows([codes(page).index("XZ-LG-PC01")])
    page.bulk.bulk_edit()
    page.bulk.dialog.set_choice("brand", "Xingzhe Pro")
    page.bulk.dialog.accept()
    qtbot.waitUntil(lambda: not page.busy and window.undo_stack.count() == 1, timeout=WAIT_MS)
    engine = window.services.workspace.engine
    assert cs.query_product_ids(engine, "XZ-LG-PC01") and _brand(window, "XZ-LG-PC01") == "Xingzhe Pro"
    window.set_language("zh_CN")
    try:
        rebuilt = window.pages["products"]
        assert rebuilt is not page
        window.undo_stack.undo()
        assert _brand(window, "XZ-LG-PC01") == "行者 Xingzhe"
        qtbot.waitUntil(lambda: not rebuilt._refresh_timer.isActive(), timeout=WAIT_MS)
        assert codes(rebuilt) == DEMO_CODES
    finally:
        window.set_language("en")


def _brand(window: MainWindow, code: str) -> str:
    from sqlmodel import select

    from app.models import Product

    with window.services.workspace.session() as session:
        return session.exec(select(Product.brand).where(Product.code == code)).one()


def test_bulk_edit_category_to_uncategorised(page, window, qtbot):
    page.select_rows([codes(page).index("XZ-SC-CB01")])
    page.bulk.bulk_edit()
    page.bulk.dialog.set_choice("category", None)
    page.bulk.dialog.accept()
    qtbot.waitUntil(lambda: not page.busy and page.model.product(codes(page).index("XZ-SC-CB01")).category_id is None,
                    timeout=WAIT_MS)
    assert page.model.index(codes(page).index("XZ-SC-CB01"), Column.CATEGORY).data() == "—"
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: page.model.product(codes(page).index("XZ-SC-CB01")).category_id is not None,
                    timeout=WAIT_MS)


def _export(page: ProductsPage, qtbot, monkeypatch, target: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV, UTF-8 (*.csv)"))
    page.files.last_export = None
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.files.last_export is not None, timeout=WAIT_MS)


def _open_import(page: ProductsPage, qtbot, monkeypatch, source: Path):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.files.import_dialog is not None and page.files.import_dialog.isVisible(),
                    timeout=WAIT_MS)
    return page.files.import_dialog


def test_export_csv_has_a_bom(page, qtbot, monkeypatch, tmp_path):
    target = tmp_path / "out" / "catalogue.csv"
    target.parent.mkdir()
    _export(page, qtbot, monkeypatch, target)
    data = target.read_bytes()
    assert data.startswith(codecs.BOM_UTF8), "Chinese Excel needs the BOM"
    assert "行者羊绒混纺格纹围巾" in data.decode("utf-8-sig")
    assert page.files.last_export.rows == 19  # one row per SKU: 4 + 2 + 9 + 4
    assert "Exported 19 rows" in page.feedback.text()


def test_cancel_stops_a_long_export_and_writes_nothing(page, qtbot, monkeypatch, tmp_path):
    import time

    from app.services.catalogue.io.service import CatalogueFileService
    from app.services.kernel.jobs import Cancelled

    class SlowExport(CatalogueFileService):
        def export(self, target, progress, cancel):  # type: ignore[no-untyped-def]
            for done in range(1000):  # a big catalogue: it checks for cancel between chunks
                if cancel():
                    raise Cancelled()
                progress(done, 1000)
                time.sleep(0.01)
            raise AssertionError("the export was not cancelled")

    page.files.service = SlowExport(page.workspace)
    target = tmp_path / "big.csv"
    page.files.export_catalogue(target)
    assert page.busy
    job = next(iter(page.jobs))
    qtbot.waitUntil(lambda: job.dialog.isVisible(), timeout=WAIT_MS)  # shown once the work takes a while
    qtbot.waitUntil(lambda: job.dialog.maximum() == 1000, timeout=WAIT_MS)  # progress arrives
    cancel_button = job.dialog.findChild(QPushButton)
    assert cancel_button.text() == "Cancel"
    qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    assert "Cancelled" in page.feedback.text()
    assert not target.exists()


def test_import_the_export_back_changes_no_counts(page, window, qtbot, monkeypatch, tmp_path):
    target = tmp_path / "catalogue.csv"
    _export(page, qtbot, monkeypatch, target)
    engine = window.services.workspace.engine
    products_before = cs.count_products(engine)
    skus_before = sum(row.sku_count for row in cs.query_products(engine))
    dialog = _open_import(page, qtbot, monkeypatch, target)
    assert dialog.error_count == 0
    assert not dialog.errors_box.isVisible()
    assert dialog.commit_button.isEnabled()
    assert dialog.rows_model.rowCount() == 19
    assert "4 products (0 new, 4 to update)" in dialog.summary.text()
    # The encoding chooser reads the file again.
    dialog.encoding.setCurrentIndex(dialog.encoding.findData("utf-8"))
    qtbot.waitUntil(lambda: dialog.preview.encoding == "utf-8-sig" and dialog.commit_button.isEnabled(),
                    timeout=WAIT_MS)
    qtbot.mouseClick(dialog.commit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.files.last_import is not None and page.files.import_dialog is None, timeout=WAIT_MS)
    assert page.files.last_import.products_created == 0 and page.files.last_import.products_updated == 4
    assert cs.count_products(engine) == products_before
    assert sum(row.sku_count for row in cs.query_products(engine)) == skus_before
    qtbot.waitUntil(lambda: codes(page) == DEMO_CODES, timeout=WAIT_MS)
    assert "Imported: 0 new and 4 updated products" in page.feedback.text()


def test_import_with_a_bad_gtin_lists_the_error_and_refuses_to_commit(page, qtbot, monkeypatch, tmp_path):
    exported = tmp_path / "catalogue.csv"
    _export(page, qtbot, monkeypatch, exported)
    text = exported.read_text(encoding="utf-8-sig")
    assert "6970548004003" in text
    bad = tmp_path / "bad.csv"
    bad.write_text(text.replace("6970548004003", "6970548004004"), encoding="utf-8-sig")
    rows_in_file = csv.reader(io.StringIO(text, newline=""))  # cells hold line breaks: count rows, not lines
    line = next(number for number, row in enumerate(rows_in_file, start=1) if "6970548004003" in row)
    dialog = _open_import(page, qtbot, monkeypatch, bad)
    assert dialog.error_count >= 1
    assert not dialog.commit_button.isEnabled()
    assert dialog.errors_box.isVisible()
    model = dialog.error_model
    rows = [(model.index(r, ErrorColumn.ROW).data(), model.index(r, ErrorColumn.COLUMN).data(),
             model.index(r, ErrorColumn.PROBLEM).data()) for r in range(model.rowCount())]
    assert any(row == str(line) and column == "gtin" and problem for row, column, problem in rows), rows
    assert "errors: fix them in the file" in dialog.verdict.text()
    dialog.reject()
    assert page.files.import_dialog is None


def test_a_big_file_shows_its_first_rows_and_counts_all_of_them(page, qtbot, monkeypatch, tmp_path):
    """An import streams (issue #18): the preview keeps the first rows to show and says how many there are."""
    from app.services.catalogue.io import importing as catalogue_import

    monkeypatch.setattr(catalogue_import, "SAMPLE_ROWS", 5)
    exported = tmp_path / "catalogue.csv"
    _export(page, qtbot, monkeypatch, exported)
    dialog = _open_import(page, qtbot, monkeypatch, exported)
    assert dialog.rows_model.rowCount() == 5
    assert dialog.rows_title.text() == "Rows in the file (the first 5 of 19)"
    assert "19 rows · 4 products" in dialog.summary.text() and dialog.commit_button.isEnabled()
    scratch = Path(dialog.preview.stage.path)
    dialog.reject()
    assert page.files.import_dialog is None and not scratch.exists(), "the checked rows are thrown away with the dialog"


def test_a_new_workspace_shows_the_empty_state(window, qtbot, tmp_path):
    window.new_workspace(tmp_path / "empty.fdw")
    window.show_view("products")
    page = window.pages["products"]
    assert page.body.currentIndex() == 1
    assert page.empty_new_button.isVisible() and page.empty_import_button.isVisible()
    signals = []
    page.new_requested.connect(lambda: signals.append("new"))
    qtbot.mouseClick(page.empty_new_button, Qt.MouseButton.LeftButton)
    assert signals == ["new"]


def test_double_click_asks_for_the_editor(page, qtbot):
    requested = []
    page.edit_requested.connect(requested.append)
    row = codes(page).index("XZ-LG-PC01")
    page.select_rows([row])
    assert page.edit_button.isEnabled()
    index = page.model.index(row, Column.CODE)
    page.table.doubleClicked.emit(index)
    assert requested == [index.data(PRODUCT_ID_ROLE)]
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    assert requested == [index.data(PRODUCT_ID_ROLE)] * 2


def test_edit_opens_the_real_product_editor(window, qtbot, demo_file, tmp_path,
                                            monkeypatch):  # type: ignore[no-untyped-def]
    """Without the stub: Edit on a selected product opens the editor on that product."""
    import shutil

    import app.views.products.page as products_page
    from app.views.products.editor import ProductEditorDialog

    monkeypatch.undo()  # the real _open_editor
    path = tmp_path / "w.fdw"
    shutil.copy(demo_file, path)
    window.open_workspace(path)
    window.show_view("products")
    page = window.pages["products"]
    assert isinstance(page, products_page.ProductsPage)
    qtbot.waitUntil(lambda: page.table.model().rowCount() > 0)
    page.table.selectRow(0)
    page.edit_selected()
    editors = [w for w in QApplication.topLevelWidgets() if isinstance(w, ProductEditorDialog) and w.isVisible()]
    assert len(editors) == 1
    assert editors[0].product_id is not None
    editors[0].close()


def test_a_bulk_undo_that_fails_tells_the_user(page, window, qtbot, monkeypatch):
    """The workspace refusing the undo (e.g. a disk error) is shown as a message, not lost."""
    from app.views.products import bulk as products_bulk

    page.select_rows([codes(page).index("XZ-CP-VT05")])
    page.bulk.bulk_edit()
    page.bulk.dialog.set_choice("status", "listed")
    qtbot.mouseClick(page.bulk.dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.busy and _statuses(page)["XZ-CP-VT05"] == "listed", timeout=WAIT_MS)
    shown: list[str] = []
    monkeypatch.setattr(products_bulk, "show_error", lambda parent, error, title: shown.append(f"{title}: {error}"))
    monkeypatch.setattr(type(page.bulk.service), "restore",
                        lambda self, edit: (_ for _ in ()).throw(OSError("disk is full")))
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: bool(shown), timeout=WAIT_MS)
    assert "disk is full" in shown[0]
