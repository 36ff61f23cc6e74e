"""Settings → Team…: the logins of a team workspace and their roles (issue #15), for its owners.

Everything goes through `app.services.workspace.roles` — the functions `team adduser|role|removeuser` call — over
the open workspace's engine, off the GUI thread (the write pool: one change at a time). A new login's password is
typed twice into password fields and handed to `roles.add_user`, which sends the server only a SCRAM verifier:
the dialog never shows, logs or keeps it (the fields are cleared as soon as it is handed over).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import postgres_only
from app.db import Workspace
from app.services.workspace import roles
from app.services.workspace.roles import Member, Role
from app.views.kit.errors import show_error
from app.views.kit.resources import icon
from app.views.kit.table_model import Index, ListTableModel
from app.views.kit.tasks import Task, TaskRunner


def role_label(role: Role) -> str:
    names = {Role.OWNER: QCoreApplication.translate("TeamMembersDialog", "Owner — everything, including the team"),
             Role.EDITOR: QCoreApplication.translate("TeamMembersDialog", "Editor — products, prices, packs"),
             Role.SALES: QCoreApplication.translate("TeamMembersDialog", "Sales — public catalogue, no costs")}
    return names[role]


class MemberColumn(IntEnum):
    NAME = 0
    ROLE = 1


def member_headers() -> dict[MemberColumn, str]:
    return {MemberColumn.NAME: QCoreApplication.translate("TeamMembersDialog", "Login"),
            MemberColumn.ROLE: QCoreApplication.translate("TeamMembersDialog", "Role")}


class MembersModel(ListTableModel[Member]):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(MemberColumn, member_headers, parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        member = self.row_at(index.row())
        return member.name if index.column() == MemberColumn.NAME else role_label(member.role)


class TeamMembersDialog(QDialog):
    """List, add, re-role and remove the team's logins; every change asks first and runs in the background."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Team"))
        self.setMinimumSize(560, 400)
        self.engine = workspace.engine
        self.tasks = tasks
        self.busy = False
        self.me: str | None = None  # the login this window is connected as: not removed or demoted from here
        self.model = MembersModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.table.selectionModel().selectionChanged.connect(lambda _new, _old: self._update_buttons())
        self.role_choice = QComboBox()
        for role in Role:
            self.role_choice.addItem(role_label(role), role)
        self.add_button = QPushButton(icon("plus"), self.tr("Add user…"))
        self.change_button = QPushButton(icon("edit"), self.tr("Change role"))
        self.remove_button = QPushButton(icon("trash"), self.tr("Remove user…"))
        self.add_button.clicked.connect(lambda: self.add_user())
        self.change_button.clicked.connect(self.change_role)
        self.remove_button.clicked.connect(self.remove_user)
        self.status = QLabel()
        self.status.setObjectName("pageSubtitle")
        self.status.setWordWrap(True)
        intro = QLabel(self.tr("Who may open this team workspace, and what the database lets each of them see. "
                               "Sales staff never see costs, margins or shop keys; a change counts from the "
                               "user's next connection."))
        intro.setWordWrap(True)
        intro.setObjectName("pageSubtitle")
        role_row = QHBoxLayout()
        role_row.addWidget(QLabel(self.tr("Role of the selected user:")))
        role_row.addWidget(self.role_choice, 1)
        role_row.addWidget(self.change_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(role_row)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self._update_buttons()
        self.reload()

    # ----- reading --------------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the team's logins again (in the background)."""
        engine = self.engine
        self._run(lambda: (roles.members(engine), postgres_only.server_user(engine)), self._show_members,
                  self.tr("Reading the team…"))

    def _show_members(self, found: tuple[list[Member], str]) -> None:
        members, self.me = found
        selected = self.selected_member()
        self.model.set_rows(members)
        names = [member.name for member in members]
        if selected is not None and selected.name in names:
            self.table.selectRow(names.index(selected.name))
        self.status.setText(self.tr("Users: %1").replace("%1", str(len(members))))

    def selected_member(self) -> Member | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.role_choice.setCurrentIndex(list(Role).index(self.model.row_at(current.row()).role))
        self._update_buttons()

    def _update_buttons(self) -> None:
        member = self.selected_member()
        yourself = member is not None and member.name == self.me
        for button in (self.change_button, self.remove_button):
            button.setEnabled(member is not None and not yourself and not self.busy)
            button.setToolTip(self.tr("You can't change or remove the login you are connected as: another owner "
                                      "can.") if yourself else "")
        self.add_button.setEnabled(not self.busy)

    # ----- changes --------------------------------------------------------------------------------------------
    def add_user(self, form: NewUserDialog | None = None) -> bool:
        """Ask for a name, a role and a password (twice), then create the login; False when cancelled."""
        form = form or NewUserDialog(self)
        if form.exec() != QDialog.DialogCode.Accepted:
            return False
        name, role, password = form.name(), form.role(), form.take_password()
        engine = self.engine
        self._run(lambda: roles.add_user(engine, name, role, password), lambda _r: self._changed(
            self.tr("Added %1 as %2.").replace("%1", name).replace("%2", role_label(role))),
            self.tr("Adding %1…").replace("%1", name))
        return True

    def change_role(self) -> bool:
        member = self.selected_member()
        role = Role(self.role_choice.currentData())  # the combo box hands back the enum's text
        if member is None or role is member.role:
            return False
        question = (self.tr("Make %1 %2?\n\nThis takes effect the next time %1 connects.")
                    .replace("%1", member.name).replace("%2", role_label(role)))
        if not self._confirm(self.tr("Change role"), question):
            return False
        engine, name = self.engine, member.name
        self._run(lambda: roles.change_role(engine, name, role), lambda _r: self._changed(
            self.tr("%1 is now %2 (from their next connection).").replace("%1", name).replace("%2", role_label(role))),
            self.tr("Changing the role of %1…").replace("%1", name))
        return True

    def remove_user(self) -> bool:
        member = self.selected_member()
        if member is None:
            return False
        question = (self.tr("Remove %1 from the team?\n\nThe login is deleted and can no longer open this "
                            "workspace.").replace("%1", member.name))
        if not self._confirm(self.tr("Remove user"), question):
            return False
        engine, name = self.engine, member.name
        self._run(lambda: roles.remove_user(engine, name),
                  lambda _r: self._changed(self.tr("Removed %1.").replace("%1", name)),
                  self.tr("Removing %1…").replace("%1", name))
        return True

    def _confirm(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(self, title, question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def _changed(self, message: str) -> None:
        self.reload()
        self.status.setText(message)

    def _run(self, work: Callable[[], Any], then: Callable[[Any], None], doing: str) -> None:
        """`work()` in the write pool; `then(result)` on the GUI thread, or the plain reason it failed."""
        self.busy = True
        self._update_buttons()
        self.status.setText(doing)
        task = Task(lambda _progress, _cancel: work())

        def done(result: Any) -> None:
            self.busy = False
            self._update_buttons()
            then(result)

        def failed(error: BaseException) -> None:
            self.busy = False
            self._update_buttons()
            self.status.setText("")
            show_error(self, error, self.tr("Team"))

        task.signals.finished.connect(done)
        task.signals.failed.connect(failed)
        self.tasks.start(task, writes=True)


class NewUserDialog(QDialog):
    """A new login: its name, its role, and its password typed twice (never shown)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add user"))
        self.name_field = QLineEdit()
        self.name_field.setPlaceholderText(self.tr("lower-case letters, digits, _"))
        self.role_field = QComboBox()
        for role in Role:
            self.role_field.addItem(role_label(role), role)
        self.role_field.setCurrentIndex(list(Role).index(Role.SALES))
        self.password_field = QLineEdit()
        self.again_field = QLineEdit()
        for field in (self.password_field, self.again_field):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.textChanged.connect(self._check)
        self.name_field.textChanged.connect(self._check)
        self.problem = QLabel()
        self.problem.setObjectName("errorLabel")
        form = QFormLayout()
        form.addRow(self.tr("Login name"), self.name_field)
        form.addRow(self.tr("Role"), self.role_field)
        form.addRow(self.tr("Password"), self.password_field)
        form.addRow(self.tr("Password again"), self.again_field)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._check()

    def name(self) -> str:
        return self.name_field.text().strip()

    def role(self) -> Role:
        return Role(self.role_field.currentData())

    def take_password(self) -> str:
        """The password, once: the fields are emptied so it stays in no widget."""
        password = self.password_field.text()
        self.password_field.clear()
        self.again_field.clear()
        return password

    def _check(self) -> None:
        password, again = self.password_field.text(), self.again_field.text()
        problem = ""
        if again and password != again:
            problem = self.tr("The two passwords differ.")
        ok = bool(self.name() and password and password == again)
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        button.setEnabled(ok)
