"""A team workspace in the main window (issue #14): it opens from a URL, and a colleague's save appears in the
catalogue table by itself within a second (LISTEN/NOTIFY through a QSocketNotifier, no manual refresh)."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt

from app.db import open_workspace
from app.services.catalogue.products import ProductService
from app.views.products.page import ProductsPage
from app.views.shell.main_window import MainWindow


def test_a_colleagues_new_product_appears_by_itself(qtbot, window: MainWindow, pg_workspace_url: str) -> None:  # type: ignore[no-untyped-def]
    assert window.open_workspace(Path(pg_workspace_url))  # as the command line hands it over
    window.show_view("products")
    page = window.pages["products"]
    assert isinstance(page, ProductsPage) and page.live is not None
    assert page.model.rowCount() == 0

    colleague = open_workspace(pg_workspace_url)
    try:
        started = time.perf_counter()
        ProductService(colleague).create_product("TEAM-1", "同事的保温杯", "Colleague's cup")
        qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=1000)
        assert page.model.product(0).code == "TEAM-1"
        assert time.perf_counter() - started < 1.0
    finally:
        colleague.close()


def test_a_team_workspace_in_the_recent_list_is_not_missing(qtbot, window: MainWindow, pg_workspace_url: str) -> None:  # type: ignore[no-untyped-def]
    from app.views.shell.welcome_page import WelcomePage

    page = WelcomePage()
    qtbot.addWidget(page)
    page.set_recent([str(Path(pg_workspace_url))])  # as the main window remembers it
    item = page.recent_list.item(0)
    assert "missing" not in item.text() and item.flags() & Qt.ItemFlag.ItemIsEnabled
    assert window.open_workspace(Path(item.data(Qt.ItemDataRole.UserRole)))  # and it opens from there


def test_a_colleagues_edit_refreshes_only_that_row_and_the_users_place_stays(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, pg_workspace_url: str) -> None:
    colleague = open_workspace(pg_workspace_url)
    try:
        products = ProductService(colleague)
        for number in range(260):  # more than the first page of 200: the user has scrolled to fetch more
            products.create_product(f"P-{number:04d}", f"产品{number}", f"Product {number}")
        assert window.open_workspace(Path(pg_workspace_url))
        window.show_view("products")
        page = window.pages["products"]
        assert isinstance(page, ProductsPage)
        model = page.model
        while model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
        assert model.rowCount() == 260
        page.table.selectRow(250)
        page.table.scrollTo(model.index(250, 0))
        resets: list[int] = []
        model.modelReset.connect(lambda: resets.append(1))
        target = model.product(250)
        detail = products.load(target.id)
        products.update_product_fields(target.id, detail.version, {"name_zh": "同事改的名字"})
        qtbot.waitUntil(lambda: model.product(250).name_zh == "同事改的名字", timeout=1000)
        assert resets == [] and model.rowCount() == 260  # no reload: the 60 rows fetched by scrolling stay
        assert page.selected_product_ids() == [target.id]

        products.create_product("P-NEW", "新产品", "New product")  # a new product: the page reloads
        qtbot.waitUntil(lambda: resets != [], timeout=1000)
        assert page.model.total == 261
    finally:
        colleague.close()
