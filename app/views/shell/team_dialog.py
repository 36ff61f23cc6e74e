"""File → Open team workspace…: server, port, database, user, SSL mode and password of a team workspace on
PostgreSQL (issue #14).

The dialog only gathers and shows; the URL, the checks and the keyring are `app.services.workspace.team_login`'s,
and the connection is the window's opener (`connect(url, password)`), run off the GUI thread while the dialog
shows that it is connecting. A failure (wrong password, unreachable server, a database that is not a workspace)
is one plain line in the dialog and every field keeps what was typed; success hands the opened workspace's
services to whoever listens to `opened`. The URL never holds the password: a password typed and not remembered
goes to the engine for this session only; remembered, it is stored in the keyring after the login worked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.models.bilingual import UserFacingError
from app.services.workspace import team_login
from app.services.workspace.team_login import TeamLogin
from app.views.kit.errors import message_for
from app.views.kit.tasks import CancelToken, Task, TaskRunner

if TYPE_CHECKING:
    from app.services.workspace.services import WorkspaceServices

log = logging.getLogger(__name__)

Connect = Callable[[str, "str | None"], "WorkspaceServices"]


class TeamDialog(QDialog):
    """Asks for a team workspace's login and opens it; `opened(services)` on success."""

    opened = Signal(object)

    def __init__(self, connect: Connect, tasks: TaskRunner, parent: QWidget | None = None,
                 login: TeamLogin | None = None, message: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("teamDialog")
        self.setWindowTitle(self.tr("Open team workspace"))
        self.setMinimumWidth(520)
        self._connect = connect
        self._tasks = tasks
        self._task: Task | None = None
        self._abandoned = False
        self.services: WorkspaceServices | None = None
        self._build()
        if login is not None:
            self.fill(login)
        self.show_message(message)

    # ----- building -----------------------------------------------------------------------------------------
    def _build(self) -> None:
        intro = QLabel(self.tr("A team workspace lives in a PostgreSQL database on the office server or in the "
                               "cloud, so several people work on one catalogue at once."))
        intro.setWordWrap(True)
        intro.setObjectName("pageSubtitle")
        self.host = QLineEdit()
        self.host.setPlaceholderText(self.tr("e.g. office-pc or 192.168.1.10"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(team_login.DEFAULT_PORT)
        self.database = QLineEdit()
        self.database.setPlaceholderText("factory")
        self.user = QLineEdit()
        self.sslmode = QComboBox()
        ssl_texts = {"prefer": self.tr("Prefer: encrypted when the server offers it (default)"),
                     "disable": self.tr("Disable: no encryption (office network only)"),
                     "require": self.tr("Require: always encrypted (cloud databases)"),
                     "verify-full": self.tr("Verify full: encrypted, the server's certificate checked")}
        for mode in team_login.SSL_MODES:
            self.sslmode.addItem(ssl_texts[mode], mode)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self.tr("Remember the password in the system keyring"))
        if not team_login.keyring_usable():
            self.remember.setEnabled(False)
            self.remember.setToolTip(self.tr("This computer has no system keyring: the password can't be "
                                             "remembered (PGPASSWORD or .pgpass still work)."))
        form = QFormLayout()
        form.addRow(self.tr("Server"), self.host)
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.tr("Database"), self.database)
        form.addRow(self.tr("User"), self.user)
        form.addRow(self.tr("SSL mode"), self.sslmode)
        form.addRow(self.tr("Password"), self.password)
        form.addRow("", self.remember)
        hint = QLabel(self.tr("Leave the password empty to use the one saved in the keyring, or PostgreSQL's own "
                              "PGPASSWORD or .pgpass. The password is never written to the workspace or the "
                              "settings."))
        hint.setWordWrap(True)
        hint.setObjectName("hintLabel")
        self.message = QLabel()
        self.message.setObjectName("errorLabel")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # no steps to count: a moving bar says "connecting"
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(6)
        self.busy.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = QPushButton(self.tr("Connect"))
        self.connect_button.setObjectName("primary")
        self.connect_button.setDefault(True)
        self.buttons.addButton(self.connect_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.start_connecting)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        for field in (self.host, self.database, self.user):
            field.editingFinished.connect(self._show_saved_password)

    def fill(self, login: TeamLogin) -> None:
        """Put a known login in the fields (a recent team workspace, or one that would not open)."""
        self.host.setText(login.host)
        self.port.setValue(login.port)
        self.database.setText(login.database)
        self.user.setText(login.user)
        self.sslmode.setCurrentIndex(max(0, self.sslmode.findData(login.sslmode)))
        self._show_saved_password()

    def login(self) -> TeamLogin:
        """The login as typed (not yet checked)."""
        return TeamLogin(host=self.host.text(), database=self.database.text(), user=self.user.text(),
                         port=self.port.value(), sslmode=str(self.sslmode.currentData()))

    def _show_saved_password(self) -> None:
        """Say so when the keyring already holds this login's password (then "remember" stays ticked)."""
        try:
            login = self.login().checked()
        except UserFacingError:
            return
        saved = team_login.has_saved_password(login.url())
        self.password.setPlaceholderText(self.tr("Saved in the system keyring") if saved else "")
        if saved:
            self.remember.setChecked(True)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # ----- connecting ---------------------------------------------------------------------------------------
    @property
    def connecting(self) -> bool:
        return self._task is not None

    def start_connecting(self) -> None:
        """Check the fields, then connect off the GUI thread; the dialog shows it is busy meanwhile."""
        if self.connecting:
            return
        try:
            login = self.login().checked()
        except UserFacingError as error:
            self.show_message(message_for(error))
            return
        password = self.password.text() or None
        remember = self.remember.isChecked()
        url = login.url()
        connect = self._connect

        def work(_progress: Callable[[int, int], None], _cancel: CancelToken) -> WorkspaceServices:
            services = connect(url, password)
            try:
                _settle_password(url, password, remember)
            except BaseException:
                services.close()
                raise
            return services

        self.show_message("")
        self._set_busy(True)
        task = Task(work)
        dialog = self  # plain functions, not the dialog's slots: they still run when the dialog is gone

        def finished(services: WorkspaceServices) -> None:
            if not shiboken6.isValid(dialog) or dialog._abandoned:  # closed meanwhile: nobody wants it now
                services.close()
                return
            dialog._on_connected(services)

        def failed(error: BaseException) -> None:
            if shiboken6.isValid(dialog) and not dialog._abandoned:
                dialog._on_failed(error)

        task.signals.finished.connect(finished)
        task.signals.failed.connect(failed)
        self._task = task
        self._tasks.start(task)

    def _set_busy(self, busy: bool) -> None:
        for field in (self.host, self.port, self.database, self.user, self.sslmode, self.password, self.remember,
                      self.connect_button):
            field.setEnabled(not busy and (field is not self.remember or team_login.keyring_usable()))
        self.busy.setVisible(busy)
        self.connect_button.setText(self.tr("Connecting…") if busy else self.tr("Connect"))
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)

    def _on_connected(self, services: WorkspaceServices) -> None:
        self._task = None
        self._set_busy(False)
        self.services = services
        self.opened.emit(services)
        self.accept()

    def _on_failed(self, error: BaseException) -> None:
        self._task = None
        self._set_busy(False)
        self.show_message(message_for(error))
        self.password.setFocus()

    def reject(self) -> None:
        """Cancel: a connection under way is left to finish and closed (libpq can't be interrupted safely)."""
        self._abandoned = self.connecting
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._abandoned = self.connecting
        super().closeEvent(event)


def _settle_password(url: str, password: str | None, remember: bool) -> None:
    """After a login that worked: keep the typed password when asked to, else forget any saved one."""
    if remember and password:
        team_login.remember_password(url, password)
    elif not remember:
        team_login.forget_password(url)
