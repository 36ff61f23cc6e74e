"""A team workspace in the main window (issue #14): it opens from a URL, and a colleague's save appears in the
catalogue table by itself within a second (LISTEN/NOTIFY through a QSocketNotifier, no manual refresh)."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt

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
