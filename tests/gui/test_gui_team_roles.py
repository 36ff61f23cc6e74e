"""The main window as a team login (issue #15), against the session's throwaway PostgreSQL cluster: a sales login
walks every page it is shown without an error and never sees a cost; an owner login manages the team from
Settings → Team, and a raw driver connection as the user it adds proves the role the server gave it."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import pytest
import teamdb
from psycopg import errors
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QTableView,
    QTextEdit,
    QWidget,
)

from app.db import create_workspace
from app.services.workspace.roles import Role
from app.views.products.catalogue_model import money_text
from app.views.products.page import ProductsPage
from app.views.shell.main_window import JOURNEY, MainWindow
from app.views.shell.team_members import NewUserDialog, TeamMembersDialog


@pytest.fixture(scope="module")
def team(pg_cluster: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[teamdb.Team]:
    made = teamdb.demo_team(pg_cluster, tmp_path_factory.mktemp("team"), {"olga": Role.OWNER, "sam": Role.SALES})
    yield made
    made.drop()


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every message box the app shows (error messages included), answered OK instead of waiting for a click."""
    shown: list[str] = []

    def record(box: QMessageBox) -> int:
        shown.append(box.text())
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(QMessageBox, "exec", record)
    return shown


def visible_text(root: QWidget) -> str:
    """Everything a user can read in `root`'s visible widgets: labels, fields, buttons, lists, table cells of the
    columns not hidden."""
    parts: list[str] = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, (QLabel, QLineEdit, QAbstractButton)):
            parts.append(widget.text())
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            parts.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            parts += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QListWidget):
            parts += [widget.item(i).text() for i in range(widget.count()) if not widget.item(i).isHidden()]
        elif isinstance(widget, QTableView) and widget.model() is not None:
            model = widget.model()
            columns = [c for c in range(model.columnCount()) if not widget.isColumnHidden(c)]
            parts += [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in columns]
            for row in range(model.rowCount()):
                parts += [str(model.index(row, c).data() or "") for c in columns]
    return "\n".join(parts)


def click_sidebar(qtbot, window: MainWindow, name: str) -> None:  # type: ignore[no-untyped-def]
    item = window.sidebar.item(JOURNEY.index(name))
    rect = window.sidebar.visualItemRect(item)
    qtbot.mouseClick(window.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def secrets_of(team: teamdb.Team) -> list[str]:
    """The cost values and private profile text a sales login must never be shown."""
    with team.admin() as admin:
        costs = [row[0] for row in admin.execute("SELECT DISTINCT cost FROM sku WHERE cost IS NOT NULL").fetchall()]
        private = admin.execute("SELECT materials_partners, oem_history FROM factory_profile").fetchone()
    assert costs and private is not None and all(private)  # the demo has both: the test can fail
    return [money_text(Decimal(cost)) for cost in costs] + [str(text) for text in private]


def test_sales_walks_every_page_it_is_shown_and_never_sees_a_cost(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                   team: teamdb.Team, dialogs: list[str]) -> None:
    assert window.open_workspace(Path(team.login_url("sam")))
    assert window.services is not None and window.services.workspace.role is Role.SALES
    shown = [name for row, name in enumerate(JOURNEY) if not window.sidebar.item(row).isHidden()]
    assert shown == ["factory", "products", "packs", "print"]  # no Pricing (costs) and no Export (shop keys)
    assert not window.rates_action.isVisible() and not window.team_action.isVisible()
    assert not window.view_actions["pricing"].isVisible() and not window.onboarding_action.isEnabled()
    assert window.open_exchange_rates() is None and window.open_onboarding() is None and window.open_team() is None

    texts = []
    for name in shown:
        click_sidebar(qtbot, window, name)
        assert window.current_view() == name
        qtbot.waitUntil(lambda: window.tasks.idle, timeout=30000)
        page = window.pages[name]
        assert page.objectName() != "pageRefused", visible_text(page)
        if isinstance(page, ProductsPage):
            assert not page.new_button.isVisible() and not page.import_button.isVisible()
            assert not page.export_button.isVisible()  # the catalogue export carries costs
            for row in range(page.model.rowCount()):  # every product's SKUs in turn
                page.table.setCurrentIndex(page.model.index(row, 0, QModelIndex()))
                texts.append(visible_text(page))
        texts.append(visible_text(window))
    window.show_view("pricing")  # asked for by name (a remembered last view): not shown either
    assert window.current_view() != "pricing" and "pricing" not in window.pages

    assert dialogs == []  # no error message, let alone a traceback
    seen = "\n".join(texts)
    assert "Vacuum" in seen or "保温" in seen  # the public catalogue is there
    leaked = [secret for secret in secrets_of(team) if secret in seen]
    assert leaked == []
    lines = seen.split("\n")
    assert "Cost" not in lines and "Updated" not in lines and "Pricing" not in lines
    assert "Attached file" not in lines and "OEM history" not in lines


def test_an_owner_login_sees_costs_and_the_team_menu(qtbot, window: MainWindow, team: teamdb.Team,  # type: ignore[no-untyped-def]
                                                     dialogs: list[str]) -> None:
    assert window.open_workspace(Path(team.login_url("olga")))
    assert all(not window.sidebar.item(row).isHidden() for row in range(len(JOURNEY)))
    assert window.team_action.isVisible() and window.rates_action.isVisible()
    click_sidebar(qtbot, window, "products")
    page = window.pages["products"]
    assert isinstance(page, ProductsPage)
    page.table.setCurrentIndex(page.model.index(0, 0, QModelIndex()))
    assert "Cost" in visible_text(page).split("\n")
    assert dialogs == []


def test_a_workspace_file_has_no_team_menu(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    create_workspace(tmp_path / "w.fdw").close()
    assert window.open_workspace(tmp_path / "w.fdw")
    assert not window.team_action.isVisible() and window.open_team() is None
    assert all(not window.sidebar.item(row).isHidden() for row in range(len(JOURNEY)))


def _names(dialog: TeamMembersDialog) -> dict[str, Role]:
    return {member.name: member.role for member in dialog.model.rows()}


def _select(qtbot, dialog: TeamMembersDialog, name: str) -> None:  # type: ignore[no-untyped-def]
    row = list(_names(dialog)).index(name)
    rect = dialog.table.visualRect(dialog.model.index(row, 0))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.selected_member() is not None and dialog.selected_member().name == name  # type: ignore[union-attr]


def test_an_owner_adds_changes_and_removes_a_user_from_settings_team(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, team: teamdb.Team, dialogs: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_args, **_kw: QMessageBox.StandardButton.Yes)
    assert window.open_workspace(Path(team.login_url("olga")))
    window.team_action.trigger()
    [dialog] = [w for w in window.findChildren(TeamMembersDialog) if w.isVisible()]
    qtbot.waitUntil(lambda: team.login("sam") in _names(dialog), timeout=20000)
    assert _names(dialog)[team.login("olga")] is Role.OWNER and _names(dialog)[team.login("sam")] is Role.SALES

    name, password = team.login("newbie"), "pw-new-" + team.prefix

    def fill_in(login: str, again: str) -> None:
        [form] = [w for w in QApplication.topLevelWidgets() if isinstance(w, NewUserDialog) and w.isVisible()]
        qtbot.keyClicks(form.name_field, login)
        qtbot.keyClicks(form.password_field, password)
        qtbot.keyClicks(form.again_field, again)
        ok = form.buttons.button(form.buttons.StandardButton.Ok)
        if not ok.isEnabled():  # two different passwords: the form says so and can't be sent
            assert form.problem.isVisible()
            form.reject()
            return
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, lambda: fill_in(name, password + "x"))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert name not in _names(dialog)

    QTimer.singleShot(0, lambda: fill_in(name, password))  # Sales is the form's default role
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: name in _names(dialog), timeout=20000)
    assert _names(dialog)[name] is Role.SALES
    assert password not in visible_text(dialog)
    with psycopg.connect(host="127.0.0.1", port=team.cluster.port, dbname=team.database, user=name,
                         password=password, autocommit=True) as raw:
        raw.execute("SELECT code FROM product")
        with pytest.raises(errors.InsufficientPrivilege):
            raw.execute("SELECT cost FROM sku")

    QTimer.singleShot(0, lambda: fill_in(team.login("sam"), password))  # a name taken: a plain message
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialogs), timeout=20000)
    assert "already exists" in dialogs[-1] and "Traceback" not in dialogs[-1]

    _select(qtbot, dialog, team.login("olga"))  # the login this window uses can't lock itself out from here
    assert not dialog.change_button.isEnabled() and not dialog.remove_button.isEnabled()

    _select(qtbot, dialog, name)
    dialog.role_choice.setCurrentIndex(list(Role).index(Role.EDITOR))
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _names(dialog).get(name) is Role.EDITOR, timeout=20000)
    with psycopg.connect(host="127.0.0.1", port=team.cluster.port, dbname=team.database, user=name,
                         password=password, autocommit=True) as raw:
        raw.execute("SELECT cost FROM sku")  # an editor reads costs

    _select(qtbot, dialog, name)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: name not in _names(dialog), timeout=20000)
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(host="127.0.0.1", port=team.cluster.port, dbname=team.database, user=name,
                        password=password)
    dialog.close()


def test_a_page_the_server_refuses_says_so_in_its_place(qtbot, window: MainWindow, team: teamdb.Team,  # type: ignore[no-untyped-def]
                                                        dialogs: list[str]) -> None:
    """A grant taken away on the server (the app can't know): the page shows the plain refusal, no traceback."""
    from app.services.workspace import roles

    sales_group = roles.group_name(team.database, Role.SALES)
    with team.admin() as admin:
        admin.execute(f"REVOKE SELECT ON certificate FROM {sales_group}")
    try:
        assert window.open_workspace(Path(team.login_url("sam")))
        click_sidebar(qtbot, window, "factory")
        page = window.pages["factory"]
        assert page.objectName() == "pageRefused" and isinstance(page, QLabel)
        assert "Your role (sales) cannot read or change certificate" in page.text()
        click_sidebar(qtbot, window, "products")  # the other pages work as before
        assert window.current_view() == "products" and window.pages["products"].objectName() != "pageRefused"
        assert dialogs == []
    finally:
        roles.install(team.url)
