"""The Export page through its real widgets: adding a Shopify shop the way a 2026 merchant can (a Dev Dashboard
app's client ID and secret), a WooCommerce shop with its WordPress login for pictures, and pushing with the page's
options (send unchanged products again, without pictures) to the stand-in shops."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest
from fakeshopify import CLIENT_ID, CLIENT_SECRET
from fakeshops import (
    FakeClock,
    FakeShopify,
    add_pictures,
    check_valid,
    keyring_in_memory,
    make_catalogue,
)
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox
from sqlmodel import select

from app.db import Workspace
from app.models import ShopConnection
from app.services.shops.connections import connector_for_connection, save_connection
from app.services.shops.secrets import SERVICE, SecretKind, keyring_username
from app.services.shops.service import ShopService
from app.views.export.page import Column, ConnectionDialog, ExportPage
from app.views.kit.tasks import TaskRunner


@pytest.fixture
def memory(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    for name in ("FD_SHOPIFY_TOKEN", "FD_SHOPIFY_CLIENT_ID", "FD_SHOPIFY_CLIENT_SECRET", "FD_WOO_KEY", "FD_WOO_SECRET"):
        monkeypatch.delenv(name, raising=False)
    with keyring_in_memory() as backend:
        yield backend


@pytest.fixture
def page(qtbot: Any, workspace: Workspace, memory: Any) -> Iterator[ExportPage]:
    clock = FakeClock()
    tasks = TaskRunner()

    def factory(connection: Any, overrides: Any) -> Any:
        return connector_for_connection(connection, overrides=overrides, sleep=clock.sleep, clock=clock,
                                        rng=random.Random(5))

    widget = ExportPage(ShopService(workspace, factory), tasks)
    qtbot.addWidget(widget)
    yield widget
    tasks.wait()


def visible_secrets(dialog: ConnectionDialog) -> set[SecretKind]:
    return {kind for kind, field in dialog.fields.items() if field.isVisibleTo(dialog)}


def click(qtbot: Any, widget: Any) -> None:
    """A left click where a user would aim: the centre of a button, the box of a check box (a stretched check
    box's centre can be empty space)."""
    if isinstance(widget, QCheckBox):  # the indicator sits at the left edge, vertically centred
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_the_dialog_asks_for_what_each_shop_needs_and_says_where_to_find_it(qtbot: Any, page: ExportPage) -> None:
    dialog = ConnectionDialog(page)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.kind.currentData() == "shopify"
    assert visible_secrets(dialog) == {SecretKind.SHOPIFY_CLIENT_ID, SecretKind.SHOPIFY_CLIENT_SECRET}
    assert "Dev Dashboard" in dialog.help.text() and "write_products" in dialog.help.text()
    click(qtbot, dialog.legacy)
    assert visible_secrets(dialog) == {SecretKind.SHOPIFY_TOKEN} and "before 2026" in dialog.help.text()
    dialog.kind.setCurrentIndex(dialog.kind.findData("woocommerce"))
    assert visible_secrets(dialog) == {SecretKind.WOO_KEY, SecretKind.WOO_SECRET, SecretKind.WP_USER,
                                       SecretKind.WP_APP_PASSWORD}
    assert "Read/Write" in dialog.help.text() and "Application Passwords" in dialog.help.text()
    assert "access log" not in dialog.help.text()
    click(qtbot, dialog.query_string_auth)
    assert "access log" in dialog.help.text()
    dialog.close()


@pytest.mark.sqlite_only  # scans the bytes of the workspace file
def test_adding_a_dev_dashboard_app_keeps_its_secret_in_the_keyring_only(qtbot: Any, page: ExportPage,
                                                                         workspace: Workspace, memory: Any) -> None:
    dialog = ConnectionDialog(page)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.url, "https://factory-direct-demo.myshopify.com")
    qtbot.keyClicks(dialog.fields[SecretKind.SHOPIFY_CLIENT_ID], CLIENT_ID)
    qtbot.keyClicks(dialog.fields[SecretKind.SHOPIFY_CLIENT_SECRET], CLIENT_SECRET)
    click(qtbot, dialog.send_pictures)  # this shop: push without pictures
    click(qtbot, dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save))
    assert page.add_connection(dialog) and page.shop_list.count() == 1
    url = "https://factory-direct-demo.myshopify.com"
    assert memory.store[(SERVICE, keyring_username(url, SecretKind.SHOPIFY_CLIENT_SECRET))] == CLIENT_SECRET
    assert (SERVICE, keyring_username(url, SecretKind.SHOPIFY_TOKEN)) not in memory.store
    assert dialog.fields[SecretKind.SHOPIFY_CLIENT_SECRET].text() == ""  # not left in the widget
    with workspace.session() as session:
        row = session.exec(select(ShopConnection)).one()
    assert row.options == {"send_pictures": False} and row.credential_ref == "keyring"
    assert CLIENT_SECRET.encode() not in workspace.path.read_bytes()


def test_dry_run_force_and_pictures_from_the_page(qtbot: Any, page: ExportPage, workspace: Workspace) -> None:
    make_catalogue(workspace, simple=1, variable=1)
    add_pictures(workspace, "P0001")
    with FakeShopify(clock=FakeClock()) as shop:
        save_connection(workspace, "shopify", shop.url, {SecretKind.SHOPIFY_CLIENT_ID: CLIENT_ID,
                                                              SecretKind.SHOPIFY_CLIENT_SECRET: CLIENT_SECRET})
        page.reload()
        with qtbot.waitSignal(page.finished, timeout=15000):
            click(qtbot, page.dry_run_button)
        details = [page.items_model.index(row, Column.MESSAGE).data() for row in range(2)]
        assert "created as a draft" in details[1] and "3 pictures to upload" in details[1]
        with qtbot.waitSignal(page.finished, timeout=15000):
            click(qtbot, page.push_button)
        assert page.last_report is not None and page.last_report.ok and len(shop.staged) == 3
        with qtbot.waitSignal(page.finished, timeout=15000):
            click(qtbot, page.push_button)
        assert {i.state for i in page.last_report.items} == {"skipped"}
        click(qtbot, page.force)
        click(qtbot, page.pictures)
        with qtbot.waitSignal(page.finished, timeout=15000):
            click(qtbot, page.push_button)
        assert {i.state for i in page.last_report.items} == {"confirmed"}
        assert all("files" not in m.body["variables"]["input"] for m in shop.mutations()[-2:])
        assert len(shop.by_handle("p0001")["media"]) == 3  # type: ignore[index]  # left as they were
        check_valid(shop)
