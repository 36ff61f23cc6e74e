"""A team workspace whose server goes away while the app is open (issue #14), against the session's real cluster:
the window says the server can't be reached, retries with back-off, keeps what the user typed, and catches up when
the server is back (live refresh included). Two ways to lose it: the server stops, or an administrator terminates
the app's connections (pg_terminate_backend from a second connection)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pgcluster
import psycopg
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from app.db import open_workspace
from app.services.catalogue.products import ProductService
from app.views.factory.page import FactoryPage
from app.views.products.page import ProductsPage
from app.views.shell.main_window import MainWindow


def _colleague_adds(url: str, code: str) -> None:
    colleague = open_workspace(url)
    try:
        ProductService(colleague).create_product(code, "同事的保温杯", "Colleague's cup")
    finally:
        colleague.close()


def _open(window: MainWindow, url: str) -> tuple[ProductsPage, FactoryPage]:
    assert window.open_workspace(Path(url))
    window.show_view("factory")
    factory = window.pages["factory"]
    window.show_view("products")
    products = window.pages["products"]
    assert isinstance(products, ProductsPage) and isinstance(factory, FactoryPage)
    assert products.live is not None and window.connection is not None and not window.connection.offline
    assert window.connection_banner is not None and not window.connection_banner.isVisible()
    return products, factory


def test_a_stopped_server_is_a_banner_with_retries_and_the_app_recovers_with_the_input_kept(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, pg_workspace_url: str, pg_cluster: Any) -> None:
    products, factory = _open(window, pg_workspace_url)
    _colleague_adds(pg_workspace_url, "BEFORE-1")
    qtbot.waitUntil(lambda: products.model.rowCount() == 1, timeout=2000)
    name = factory.fields["name_zh"]
    assert isinstance(name, QLineEdit)
    name.insert("上海新工厂")  # unsaved input on another page (as an input method types it)
    assert factory.dirty
    watch, banner = window.connection, window.connection_banner
    assert watch is not None and banner is not None

    pg_cluster.stop_server()
    try:
        qtbot.waitUntil(lambda: watch.offline, timeout=5000)  # the live listener's socket noticed at once
        assert banner.isVisible() and "can't be reached" in banner.text.text()
        assert banner.detail.text()  # the driver's reason, one line
        qtbot.keyClicks(products.filters.search, "cup")  # a search while the server is away: a line, no crash
        products.apply_filter()
        assert "Could not connect to the team database" in products.feedback.text()
        assert products.model.rowCount() == 1  # the rows shown stay
        started = time.monotonic()
        qtbot.waitUntil(lambda: watch.attempts >= 2 and not watch.checking, timeout=10000)
        assert time.monotonic() - started >= 2.5  # after 1 s, then 2 s more: backing off, not hammering
        assert watch.offline and banner.isVisible() and "Next try in" in banner.text.text()
        _ = pgcluster  # the cluster's password stays PGPASSWORD's: the app reconnects as it connected
    finally:
        pg_cluster.start_server()

    qtbot.mouseClick(banner.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not watch.offline, timeout=10000)
    assert not banner.isVisible() and "again" in window.statusBar().currentMessage()
    assert name.text() == "上海新工厂" and factory.dirty  # nothing typed was lost
    assert products.filters.search.text() == "cup"
    assert products.live is not None
    _colleague_adds(pg_workspace_url, "AFTER-1")  # live refresh works again
    qtbot.waitUntil(lambda: products.model.rowCount() == 2, timeout=3000)
    assert products.feedback.text() == ""
    assert factory.save() and not factory.dirty  # and the kept input saves


def test_terminated_connections_reconnect_by_themselves(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, pg_workspace_url: str) -> None:
    products, _factory = _open(window, pg_workspace_url)
    watch = window.connection
    assert watch is not None
    database = sa.engine.make_url(pg_workspace_url).database
    admin_url = sa.engine.make_url(pg_workspace_url).set(database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        cut = admin.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                            "WHERE datname = %s AND pid <> pg_backend_pid()", (database,)).fetchone()
    assert cut is not None and cut[0] >= 1
    qtbot.waitUntil(lambda: watch.offline, timeout=5000)  # the listening connection was cut
    qtbot.waitUntil(lambda: not watch.offline, timeout=5000)  # the first retry (1 s) finds the server there
    _colleague_adds(pg_workspace_url, "AFTER-CUT")
    qtbot.waitUntil(lambda: products.model.rowCount() == 1, timeout=3000)


def test_a_workspace_file_has_no_connection_to_watch(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert window.new_workspace(tmp_path / "factory.fdw")
    assert window.connection is None and window.connection_banner is None
