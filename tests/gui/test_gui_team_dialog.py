"""File → Open team workspace… against the session's real PostgreSQL cluster (issue #14): a correct login opens
the workspace off the GUI thread and can remember the password in the keyring (an in-memory backend that behaves
like the real ones); a wrong password, a database that is not a workspace and a server that is not there are a
plain line in the dialog, which keeps what was typed; the recent list shows both kinds and re-opens a team
workspace with the keyring's password; the status bar names the backend and the login, once, in either language."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pgcluster
import pytest
import shiboken6
import sqlalchemy as sa
from fakeshops import keyring_in_memory
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel

from app.services.workspace import team_login
from app.views.kit import settings as keys
from app.views.kit.i18n import install_translators
from app.views.shell.main_window import MainWindow
from app.views.shell.team_dialog import TeamDialog


@pytest.fixture
def memory() -> Iterator[Any]:
    """The keyring: a dict, installed as the keyring backend for the test (never the real OS keyring)."""
    with keyring_in_memory() as backend:
        yield backend


@pytest.fixture
def no_pgpassword(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without PGPASSWORD (the session sets it): the password must come from the dialog or the keyring."""
    monkeypatch.delenv("PGPASSWORD", raising=False)


def _fill(qtbot, dialog: TeamDialog, url: str, password: str, *, remember: bool = False) -> None:  # type: ignore[no-untyped-def]
    parsed = sa.engine.make_url(url)
    for field, text in ((dialog.host, parsed.host), (dialog.database, parsed.database), (dialog.user, parsed.username),
                        (dialog.password, password)):
        field.clear()
        qtbot.keyClicks(field, str(text))
    dialog.port.setValue(int(parsed.port or 5432))
    dialog.sslmode.setCurrentIndex(dialog.sslmode.findData("disable"))
    if dialog.remember.isChecked() != remember:
        qtbot.mouseClick(dialog.remember, Qt.MouseButton.LeftButton)


def _connect_and_wait(qtbot, dialog: TeamDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert dialog.connecting and dialog.busy.isVisible() and not dialog.host.isEnabled()  # busy while off thread
    qtbot.waitUntil(lambda: not dialog.connecting, timeout=20000)


def _gone(dialog: TeamDialog) -> bool:
    """Closed and deleted (the dialog deletes itself on close)."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def _key(url: str) -> tuple[str, str]:
    parsed = sa.engine.make_url(url)
    return "FactoryDirect", f"postgresql://{parsed.username}@{parsed.host}:{parsed.port}"


def _settings_text(qsettings: QSettings) -> str:
    qsettings.sync()
    return Path(qsettings.fileName()).read_text(encoding="utf-8")


def test_a_correct_login_opens_the_workspace_and_remembers_the_password(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, pg_workspace_url: str, memory: Any, no_pgpassword: None,
        qsettings: QSettings) -> None:
    qtbot.mouseClick(window.welcome.team_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(TeamDialog)
    assert dialog is not None and dialog.isVisible()
    _fill(qtbot, dialog, pg_workspace_url, pgcluster.PASSWORD, remember=True)
    _connect_and_wait(qtbot, dialog)

    assert window.services is not None and window.services.workspace.is_team
    assert _gone(dialog)
    assert memory.store[_key(pg_workspace_url)] == pgcluster.PASSWORD  # in the keyring, nowhere else
    assert pgcluster.PASSWORD not in (window.services.workspace.url or "")
    assert pgcluster.PASSWORD not in _settings_text(qsettings)
    parsed = sa.engine.make_url(pg_workspace_url)
    # a database before `team init` made its groups restricts nobody: the login counts as its owner
    expected = f"PostgreSQL · fd_test@127.0.0.1:{parsed.port}/{parsed.database} · owner"
    assert window.workspace_label.text() == expected
    assert window.settings.get(keys.RECENT_WORKSPACES)[0] == f"{pg_workspace_url}?sslmode=disable"


def test_a_wrong_password_is_a_message_and_the_form_keeps_its_values(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, pg_workspace_url: str, memory: Any, no_pgpassword: None) -> None:
    dialog = window.open_team_dialog()
    _fill(qtbot, dialog, pg_workspace_url, "not-the-password", remember=True)
    _connect_and_wait(qtbot, dialog)

    assert window.services is None and dialog.isVisible()
    assert dialog.message.isVisible() and "password authentication failed" in dialog.message.text()
    assert "Traceback" not in dialog.message.text() and "not-the-password" not in dialog.message.text()
    parsed = sa.engine.make_url(pg_workspace_url)
    assert (dialog.host.text(), dialog.port.value(), dialog.database.text(), dialog.user.text()) == (
        "127.0.0.1", parsed.port, parsed.database, "fd_test")
    assert dialog.password.text() == "not-the-password" and dialog.remember.isChecked()
    assert dialog.host.isEnabled() and dialog.connect_button.isEnabled()
    assert memory.store == {}  # a password that did not work is not remembered

    dialog.password.clear()  # corrected in the same dialog: it opens
    qtbot.keyClicks(dialog.password, pgcluster.PASSWORD)
    _connect_and_wait(qtbot, dialog)
    assert window.services is not None and _gone(dialog)


def test_a_database_that_is_not_a_workspace_and_a_missing_server_are_plain_messages(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, pg_database: str, memory: Any) -> None:
    dialog = window.open_team_dialog()
    _fill(qtbot, dialog, pg_database, pgcluster.PASSWORD)
    _connect_and_wait(qtbot, dialog)
    assert window.services is None and "team init" in dialog.message.text()

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    dialog.port.setValue(free)
    _connect_and_wait(qtbot, dialog)
    assert window.services is None and "Could not connect to the team database" in dialog.message.text()
    assert str(free) in dialog.message.text() and dialog.database.text() == sa.engine.make_url(pg_database).database

    dialog.host.clear()
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)  # checked before any connection
    assert not dialog.connecting and dialog.message.text() == "Please fill in: server."
    dialog.close()


def test_the_recent_list_shows_both_kinds_and_reopens_a_team_workspace_with_the_keyring_password(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, pg_workspace_url: str, memory: Any, no_pgpassword: None, tmp_path: Path) -> None:
    file_workspace = tmp_path / "factory.fdw"
    assert window.new_workspace(file_workspace)
    window.close_workspace()
    team_login.remember_password(pg_workspace_url, pgcluster.PASSWORD)  # saved by an earlier session's dialog
    window.settings.remember_workspace(pg_workspace_url)
    window.welcome.set_recent(window.settings.get(keys.RECENT_WORKSPACES))
    parsed = sa.engine.make_url(pg_workspace_url)
    texts = [window.welcome.recent_list.item(row).text() for row in range(window.welcome.recent_list.count())]
    assert texts == [f"Team · fd_test@127.0.0.1:{parsed.port}/{parsed.database}\nPostgreSQL team workspace",
                     f"factory.fdw\n{file_workspace}"]
    item = window.welcome.recent_list.item(0)
    window.welcome.recent_list.itemActivated.emit(item)
    dialog = window.findChild(TeamDialog)
    assert dialog is not None and dialog.connecting  # connecting off the GUI thread, the dialog showing it
    assert dialog.password.text() == "" and dialog.password.placeholderText() == "Saved in the system keyring"
    qtbot.waitUntil(lambda: window.services is not None, timeout=20000)
    assert window.services is not None and window.services.workspace.is_team
    assert memory.store[_key(pg_workspace_url)] == pgcluster.PASSWORD  # still remembered


def test_a_team_workspace_that_wont_connect_from_the_recent_list_asks_for_the_password(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, pg_workspace_url: str, memory: Any, no_pgpassword: None) -> None:
    window.open_recent(pg_workspace_url)  # nothing saved and no PGPASSWORD
    dialog = window.findChild(TeamDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: not dialog.connecting, timeout=20000)
    assert window.services is None and dialog.isVisible() and "password" in dialog.message.text()
    assert dialog.database.text() == sa.engine.make_url(pg_workspace_url).database
    qtbot.keyClicks(dialog.password, pgcluster.PASSWORD)
    _connect_and_wait(qtbot, dialog)
    assert window.services is not None
    assert memory.store == {}  # not asked to remember


def test_the_status_bar_names_backend_login_and_role_once_in_either_language(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, pg_workspace_url: str, tmp_path: Path) -> None:
    from app.postgres_roles import Role
    from app.services.workspace import roles

    roles.install(pg_workspace_url)
    parsed = sa.engine.make_url(pg_workspace_url)
    login = f"li_{parsed.database}"  # logins are the cluster's: one of this test's own
    roles.add_user(pg_workspace_url, login, Role.EDITOR, "edit-pw-1")
    editor_url = parsed.set(username=login).render_as_string(hide_password=False)
    services = window.openers.team(editor_url, "edit-pw-1")
    window._adopt(services)
    where = f"{login}@127.0.0.1:{parsed.port}/{parsed.database}"
    assert window.workspace_label.text() == f"PostgreSQL · {where} · editor"
    try:
        window.set_language("zh_CN")
        labels = [label for label in window.statusBar().findChildren(QLabel) if "PostgreSQL" in label.text()
                  and label.isVisible()]
        assert [label.text() for label in labels] == [f"PostgreSQL · {where} · 编辑"]
        assert "团队" in window.windowTitle()
    finally:
        window.set_language("en")
        install_translators(QApplication.instance(), "en")
    labels = [label for label in window.statusBar().findChildren(QLabel) if "PostgreSQL" in label.text()
                  and label.isVisible()]
    assert [label.text() for label in labels] == [f"PostgreSQL · {where} · editor"]

    window.close_workspace()
    assert window.new_workspace(tmp_path / "factory.fdw")
    assert window.workspace_label.text() == f"SQLite · {tmp_path / 'factory.fdw'}"


def test_a_dialog_closed_while_connecting_leaves_nothing_open(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, pg_workspace_url: str, memory: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from app.services.workspace.services import open_team_services

    opened: list[Any] = []
    release = threading.Event()

    def slow_open(url: str, password: str | None) -> Any:
        release.wait(10)
        services = open_team_services(url, password)
        opened.append(services)
        return services

    monkeypatch.setattr(window, "openers", type(window.openers)(window.openers.open, window.openers.new,
                                                                window.openers.demo, slow_open))
    dialog = window.open_team_dialog()
    _fill(qtbot, dialog, pg_workspace_url, pgcluster.PASSWORD)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert dialog.connecting
    dialog.reject()  # Cancel while connecting: the dialog goes at once
    release.set()
    qtbot.waitUntil(lambda: window.tasks.idle, timeout=20000)
    assert window.services is None and len(opened) == 1
    assert opened[0].workspace.engine.pool.checkedout() == 0 and opened[0].workspace.engine.pool.checkedin() == 0
