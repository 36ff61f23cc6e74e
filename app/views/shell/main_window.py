"""The main window: the welcome page, or the journey sidebar with one page per step."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDesktopServices,
    QGuiApplication,
    QIcon,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, APP_NAME_ZH, WORKSPACE_SUFFIX, __version__
from app.logging_setup import log_folder
from app.views.kit import screen, settings as keys
from app.views.kit.errors import message_for, show_error
from app.views.kit.i18n import current_language, install_translators
from app.views.kit.resources import icon
from app.views.kit.settings import AppSettings
from app.views.kit.tasks import Task, TaskRunner
from app.views.shell import locations
from app.views.shell.first_paint import after_next_paint
from app.views.shell.welcome_page import WelcomePage

if TYPE_CHECKING:  # the database, the services and the pages load after the shell's first paint (start-up time)
    from app.db import WorkspaceDamaged, WorkspaceInUse
    from app.services.workspace.services import WorkspaceServices
    from app.services.workspace.team_login import TeamLogin
    from app.views.factory.page import FactoryPage
    from app.views.kit.connection import ConnectionBanner, ConnectionWatch
    from app.views.pricing.exchange_rates_dialog import ExchangeRatesDialog
    from app.views.shell.bundle_actions import BundleActions
    from app.views.shell.team_dialog import TeamDialog

log = logging.getLogger(__name__)
#: The window's size on first start (cut to the screen): room for the widest page, the pricing table.
DEFAULT_SIZE = QSize(1280, 820)
JOURNEY = ("factory", "products", "pricing", "packs", "print", "export")
JOURNEY_ICONS = {"factory": "factory", "products": "package", "pricing": "calculator", "packs": "layers",
                 "print": "printer", "export": "upload-cloud"}
#: Pages made of costs, margins and shop credentials: shown only to a role that may see costs (issue #15).
COST_PAGES = frozenset({"pricing", "export"})
BACKUP_CHECK_MS = 5 * 60 * 1000
# `open_when_painted` opens the workspace after this long even if the window has not painted (minimised).
OPEN_WITHOUT_PAINT_MS = 1500
#: The journey sidebar: its usual width, the most it widens to for a long name (then names elide), and what its
#: stylesheet adds around the items (8 px padding each side, a 1 px border on the right).
SIDEBAR_WIDTH = 210
SIDEBAR_MAX_WIDTH = 260
SIDEBAR_CHROME = 17
SIDEBAR_SLACK = 4  # a few pixels to spare: font hinting differs a little between machines


def _open_team(url: str, password: str | None) -> WorkspaceServices:
    from app.services.workspace.services import open_team_services

    return open_team_services(url, password)


@dataclass(frozen=True)
class WorkspaceOpeners:
    """How the window gets a workspace's services (built by app.bootstrap; swapped in tests). `team(url,
    password)` opens a team workspace with a password typed in the team dialog (None: keyring or libpq)."""

    open: Callable[[Path], WorkspaceServices]
    new: Callable[[Path], WorkspaceServices]
    demo: Callable[[Path], WorkspaceServices]
    team: Callable[[str, str | None], WorkspaceServices] = _open_team


class MainWindow(QMainWindow):
    """Owns the open workspace's services and the pages that show them."""

    def __init__(self, openers: WorkspaceOpeners, settings: AppSettings, tasks: TaskRunner) -> None:
        super().__init__()
        self.openers = openers
        self.settings = settings
        self.tasks = tasks
        self.services: WorkspaceServices | None = None
        #: False for a --screenshot run: nobody answers dialogs, so none is shown (messages go to stderr).
        self.interactive = True
        #: Why the last open failed when nobody was there to ask (not interactive), for the exit status.
        self.open_error: BaseException | None = None
        self.onboarding: QWidget | None = None  # the onboarding wizard, while open
        self.undo_stack = QUndoStack(self)
        self.pages: dict[str, QWidget] = {}
        self._bundles: BundleActions | None = None
        self.connection: ConnectionWatch | None = None  # a team workspace's: is its server still there
        self.setWindowIcon(icon("app"))
        self.setMinimumSize(QSize(980, 640))
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(self.backup_if_due)
        self._build_ui()
        self._restore_geometry()

    # ----- building -------------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        """(Re)build every widget and menu — also after a language change."""
        self.setWindowTitle(f"{APP_NAME_ZH} {APP_NAME}")
        self.stack = QStackedWidget()
        self.welcome = WelcomePage()
        self.welcome.new_requested.connect(self.start_new_workspace)
        self.welcome.open_requested.connect(self.choose_workspace)
        self.welcome.team_requested.connect(lambda: self.open_team_dialog())
        self.welcome.demo_requested.connect(self.create_demo)
        self.welcome.recent_requested.connect(self.open_recent)
        self.welcome.set_recent(self.settings.get(keys.RECENT_WORKSPACES))
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("journeySidebar")
        self.sidebar.setIconSize(QSize(20, 20))
        # Never a horizontal scrollbar: the sidebar widens to its longest name (`_fit_sidebar`), up to a cap past
        # which a name is elided (its full text stays in the tooltip).
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sidebar.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.sidebar.setFixedWidth(SIDEBAR_WIDTH)
        self.sidebar.currentRowChanged.connect(self._on_sidebar_row)
        self.page_stack = QStackedWidget()
        workspace_area = QWidget()
        row = QHBoxLayout(workspace_area)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sidebar)
        pages = QVBoxLayout()
        pages.setContentsMargins(0, 0, 0, 0)
        pages.setSpacing(0)
        self.connection_banner: ConnectionBanner | None = None
        self._pages_column = pages
        if self.connection is not None:  # a language switch rebuilds the banner of the same watch
            self._add_connection_banner(self.connection)
        pages.addWidget(self.page_stack, 1)
        row.addLayout(pages, 1)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(workspace_area)
        self.setCentralWidget(self.stack)
        self._replace_workspace_label()
        self._build_menus()
        if self.services is not None:
            self._show_workspace_pages()

    def _replace_workspace_label(self) -> None:
        """The status bar's workspace path; a rebuild (language switch) replaces the old one, never adds one."""
        old = getattr(self, "workspace_label", None)
        if old is not None:
            self.statusBar().removeWidget(old)
            old.deleteLater()
        self.workspace_label = QLabel()
        self.statusBar().addPermanentWidget(self.workspace_label)

    def _journey_titles(self) -> dict[str, str]:
        """The sidebar's and View menu's names: the same words as each page's title, so a click lands where it said."""
        return {"factory": self.tr("Factory profile"), "products": self.tr("Products"), "pricing": self.tr("Pricing"),
                "packs": self.tr("Listing packs"), "print": self.tr("Print"),
                "export": self.tr("Push to your own shop")}

    def _build_menus(self) -> None:
        self.menuBar().clear()
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.new_action = self._action(file_menu, "file-plus", self.tr("&New workspace…"), self.start_new_workspace,
                                       QKeySequence.StandardKey.New)
        self.open_action = self._action(file_menu, "folder-open", self.tr("&Open workspace…"), self.choose_workspace,
                                        QKeySequence.StandardKey.Open)
        self.team_action = self._action(file_menu, "database", self.tr("Open &team workspace…"),
                                        lambda: self.open_team_dialog())
        self._action(file_menu, "sparkles", self.tr("Create &demo workspace…"), self.create_demo)
        self.onboarding_action = self._action(file_menu, "check-circle", self.tr("Onboarding &wizard…"),
                                              self.open_onboarding)
        self.recent_menu = file_menu.addMenu(icon("clock"), self.tr("Open &recent"))
        self._fill_recent_menu()
        file_menu.addSeparator()
        self.save_action = self._action(file_menu, "save", self.tr("&Save"), self.save_current_page,
                                        QKeySequence.StandardKey.Save)
        self.backup_action = self._action(file_menu, "database", self.tr("&Back up now"), self.backup_now)
        self._add_bundle_actions(file_menu)
        self.close_action = self._action(file_menu, "x", self.tr("&Close workspace"), self.close_workspace,
                                         QKeySequence.StandardKey.Close)
        file_menu.addSeparator()
        self._action(file_menu, "", self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        undo = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        undo.setIcon(icon("undo"))
        redo = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence(QKeySequence.StandardKey.Redo)])
        redo.setIcon(icon("redo"))
        edit_menu.addActions([undo, redo])
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.view_actions: dict[str, QAction] = {}
        for number, (name, title) in enumerate(self._journey_titles().items(), start=1):
            action = self._action(view_menu, JOURNEY_ICONS[name], title, lambda _=False, n=name: self.show_view(n),
                                  QKeySequence(f"Ctrl+{number}"))
            self.view_actions[name] = action
        settings_menu = self.menuBar().addMenu(self.tr("&Settings"))
        language_menu = settings_menu.addMenu(icon("languages"), self.tr("&Language"))
        group = QActionGroup(self)
        for code, label in (("zh_CN", "中文"), ("en", "English")):
            action = QAction(label, self, checkable=True)
            action.setChecked(current_language() == code)
            action.triggered.connect(lambda _=False, c=code: self.set_language(c))
            group.addAction(action)
            language_menu.addAction(action)
        self.rates_action = self._action(settings_menu, "globe", self.tr("&Exchange rates…"), self.open_exchange_rates)
        self.team_action = self._action(settings_menu, "shield-check", self.tr("&Team…"), self.open_team)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self._action(help_menu, "log", self.tr("Open &log folder"), self.open_log_folder)
        self._action(help_menu, "info", self.tr("&About"), self.show_about)
        self._update_actions()

    def _action(self, menu: object, icon_name: str, text: str, slot: Callable[..., object],
                shortcut: QKeySequence | QKeySequence.StandardKey | None = None) -> QAction:
        action = QAction(icon(icon_name) if icon_name else QIcon(), text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.get(keys.RECENT_WORKSPACES)
        for path in recent:
            text = self.tr("Team · %1").replace("%1", locations.team_label(path)) if locations.is_team(path) else path
            action = self.recent_menu.addAction(icon("database" if locations.is_team(path) else "clock"), text)
            action.triggered.connect(lambda _=False, p=path: self.open_recent(p))
        self.recent_menu.setEnabled(bool(recent))

    def _update_actions(self) -> None:
        has_workspace = self.services is not None
        for action in (self.save_action, self.backup_action, self.export_bundle_action, self.close_action,
                       self.onboarding_action, self.rates_action, *self.view_actions.values()):
            action.setEnabled(has_workspace)
        # What the login's role may use (issue #15); a workspace file's user is its owner and sees everything.
        workspace = self.services.workspace if self.services is not None else None
        sees_costs = workspace is None or workspace.sees_costs
        for name, action in self.view_actions.items():
            action.setVisible(sees_costs or name not in COST_PAGES)
        self.rates_action.setVisible(sees_costs)
        writes = workspace is not None and workspace.may_write
        self.onboarding_action.setEnabled(writes)
        self.export_bundle_action.setEnabled(has_workspace and sees_costs)
        role = workspace.role if workspace is not None else None
        self.team_action.setVisible(workspace is not None and workspace.is_team and role is not None
                                    and role.manages_team)

    # ----- workspace lifecycle -----------------------------------------------------------------------------
    def open_when_painted(self, path: Path, then: Callable[[bool], object] | None = None) -> None:
        """Show the shell with a quiet "opening…" line now, and open `path` (as `open_workspace` does, with
        the same dialogs for a damaged, in-use or read-only file) once the window has painted: at start-up
        the window is on screen before the database and the pages load. `then(opened)` runs afterwards."""
        self._show_opening(path)
        pending = [path]

        def open_now() -> None:
            if not pending:
                return
            opened = self.open_workspace(pending.pop())
            if not opened and self.services is None:  # back to the welcome page, where it can be tried again
                self.stack.setCurrentIndex(0)
                self.workspace_label.clear()
            if then is not None:
                then(opened)

        after_next_paint(self, open_now)
        QTimer.singleShot(OPEN_WITHOUT_PAINT_MS, self, open_now)  # a window started minimised never paints

    def _show_opening(self, path: Path) -> None:
        """The loading state: the journey greyed out, one quiet line naming the workspace being opened."""
        self._clear_page_stack()
        self._fill_sidebar(clickable=False)
        opening = QLabel(self.tr("Opening %1…").replace("%1", locations.short_name(str(path))))
        opening.setObjectName("openingWorkspace")
        opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        opening.setEnabled(False)  # drawn in the muted text colour: a state, not a message to act on
        self.page_stack.addWidget(opening)
        self.stack.setCurrentIndex(1)
        self.workspace_label.setText(self._location_text(str(path)))

    def open_workspace(self, path: Path) -> bool:
        """Open `path`. Only a damaged file (read, and failed its check) leads to the offer of a backup: a
        file in use can be retried, one that can't be written here opens read-only and the window says so.
        A file that isn't there (a mistyped `--workspace`, a recent entry since moved) is offered to be created."""
        if self.interactive and self._missing_file(path):
            return self._offer_to_create(path)
        services = self._open_or_retry(path)
        if services is None:
            return False
        self._adopt(services)
        if services.workspace.migrated_from is not None:
            self.statusBar().showMessage(
                self.tr("Updated the workspace to the current version; a backup was taken first: %1")
                .replace("%1", str(services.workspace.pre_migration_backup)), 15000)
        return True

    @staticmethod
    def _missing_file(path: Path) -> bool:
        from app.db import workspace_exists

        return not workspace_exists(path) and not path.exists()

    def _offer_to_create(self, path: Path) -> bool:
        """Ask whether to create a new workspace at a path where none is; yes starts it with the onboarding
        wizard, as 新建工作区 does."""
        question = self.tr("There is no workspace at %1.\n\nCreate a new workspace there?").replace("%1", str(path))
        answer = QMessageBox.question(self, self.tr("Workspace not found"), question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        target = path if path.suffix else path.with_suffix(WORKSPACE_SUFFIX)
        return self.start_new_workspace(target)

    def _open_or_retry(self, path: Path) -> WorkspaceServices | None:
        """The workspace's services, asking to retry while another program holds the file."""
        from app.db import WorkspaceDamaged, WorkspaceInUse

        if not self.interactive:  # nobody to answer a dialog: say why on stderr, as the commands do
            self.open_error = None
            try:
                return self.openers.open(path)
            except Exception as error:  # noqa: BLE001 - typed errors become plain messages
                print(message_for(error), file=sys.stderr)
                self.open_error = error   # what a --screenshot run's exit status says
                return None
        while True:
            try:
                return self.openers.open(path)
            except WorkspaceDamaged as damaged:
                return self._offer_restore(damaged)
            except WorkspaceInUse as in_use:
                if not self._ask_retry(in_use):
                    return None
            except Exception as error:  # noqa: BLE001 - typed errors become plain messages
                if locations.is_team(str(path)) and self._team_login_failed(str(path), error):
                    return None
                show_error(self, error, self.tr("Can't open the workspace"))
                return None

    def _team_login_failed(self, location: str, error: BaseException) -> bool:
        """A team workspace that would not connect (no password saved, a wrong one, the server away): the team
        dialog opens filled in, with the reason, so the password can be typed there. False for other errors."""
        from app.postgres_only import ServerUnreachable
        from app.services.workspace.team_login import login_from_url

        if not isinstance(error, ServerUnreachable):
            return False
        self.open_team_dialog(login_from_url(location), message_for(error))
        return True

    def _ask_retry(self, in_use: WorkspaceInUse) -> bool:
        answer = QMessageBox.warning(
            self, self.tr("Workspace in use"), in_use.text(current_language()),
            QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Retry)
        return answer == QMessageBox.StandardButton.Retry

    def _offer_restore(self, damaged: WorkspaceDamaged) -> WorkspaceServices | None:
        """Offer the newest good backup for a damaged file; the services of the restored workspace, or None."""
        from app.services.workspace import backups

        backup = backups.newest_good_backup(damaged.path)
        text = damaged.text(current_language())
        if backup is None:
            QMessageBox.critical(self, self.tr("Damaged workspace"),
                                 text + "\n\n" + self.tr("No good backup was found. The file was left untouched."))
            return None
        question = text + "\n\n" + self.tr("Restore the backup from %1? The damaged file is kept, renamed.") \
            .replace("%1", backup.name)
        answer = QMessageBox.question(self, self.tr("Damaged workspace"), question)
        if answer != QMessageBox.StandardButton.Yes:
            return None
        try:  # checked again first: a file that passes now, or can't be read, is never renamed
            kept = backups.restore_backup(damaged.path, backup)
        except Exception as error:  # noqa: BLE001 - typed errors become plain messages
            show_error(self, error, self.tr("Can't restore the backup"))
            return None
        self.statusBar().showMessage(self.tr("Restored. The damaged file was kept as %1").replace("%1", kept.name),
                                     15000)
        return self._open_or_retry(damaged.path)

    def _adopt(self, services: WorkspaceServices) -> None:
        self.close_workspace()
        self.services = services
        self._watch_connection(services)
        self.settings.remember_workspace(services.workspace.url or str(services.path))
        self._show_workspace_pages()
        self._fill_recent_menu()
        self.welcome.set_recent(self.settings.get(keys.RECENT_WORKSPACES))
        self.backup_timer.start()
        self.show_view(self.settings.get(keys.LAST_VIEW))

    def _show_workspace_pages(self) -> None:
        assert self.services is not None
        self._clear_page_stack()
        # Pages are built when first shown: opening a workspace builds one page, not six (start-up time).
        self.pages = {}
        self._fill_sidebar(clickable=True)
        for _name in JOURNEY:
            self.page_stack.addWidget(QWidget())  # a placeholder until the page is first shown
        self.stack.setCurrentIndex(1)
        self.workspace_label.setText(self._backend_text())
        self.workspace_label.setToolTip("")
        self.setWindowTitle(f"{self._title_name()} — {APP_NAME_ZH} {APP_NAME}")
        self._say_if_read_only()
        self._update_actions()

    def _clear_page_stack(self) -> None:
        while self.page_stack.count():
            widget = self.page_stack.widget(0)
            assert widget is not None  # count() says there is one
            self.page_stack.removeWidget(widget)
            widget.deleteLater()

    def _fill_sidebar(self, clickable: bool) -> None:
        """The journey's steps; greyed out (not clickable) while the workspace is still opening. A page the
        login's role may not use (costs, shop credentials for sales) is not shown at all."""
        self.sidebar.blockSignals(True)
        self.sidebar.clear()
        for name, title in self._journey_titles().items():
            item = QListWidgetItem(icon(JOURNEY_ICONS[name]), title)
            item.setToolTip(title)
            if not clickable:
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.sidebar.addItem(item)
            item.setHidden(not self.may_use(name))
        self.sidebar.blockSignals(False)
        self._fit_sidebar()

    def _fit_sidebar(self) -> None:
        """Make the sidebar as wide as its longest name needs (the language decides), between the usual width
        and a cap; what the list's stylesheet puts around its items (padding, border) is added."""
        self.sidebar.ensurePolished()
        chrome = SIDEBAR_CHROME
        if self.sidebar.isVisible():  # laid out: measured
            chrome = self.sidebar.width() - self.sidebar.viewport().width()
        wanted = self.sidebar.sizeHintForColumn(0) + chrome + SIDEBAR_SLACK
        self.sidebar.setFixedWidth(min(max(SIDEBAR_WIDTH, wanted), SIDEBAR_MAX_WIDTH))

    def may_use(self, name: str) -> bool:
        """Whether the open workspace's login may use the journey step `name` (every step without a workspace)."""
        return self.services is None or self.services.workspace.sees_costs or name not in COST_PAGES

    def _say_if_read_only(self) -> None:
        """A workspace opened read-only says so in the title, beside the path and (for a while) why."""
        assert self.services is not None
        reason = self.services.workspace.read_only_reason()
        if reason is None:
            return
        marker = self.tr("read-only")
        self.workspace_label.setText(f"{self._backend_text()}  [{marker}]")
        self.workspace_label.setToolTip(reason.text(current_language()))
        self.setWindowTitle(f"{self._title_name()} [{marker}] — {APP_NAME_ZH} {APP_NAME}")
        self.statusBar().showMessage(reason.text(current_language()), 60000)

    # ----- a team workspace's connection (app.views.kit.connection) ---------------------------------------------
    def _watch_connection(self, services: WorkspaceServices) -> None:
        """For a team workspace: a banner above the page while its server can't be reached, retries with back-off,
        and the pages catch up when it answers again (a workspace file has no server to lose)."""
        if not services.workspace.is_team:
            return
        from app.views.kit.connection import ConnectionWatch

        self.connection = ConnectionWatch(services.connection, self.tasks, self)
        self.connection.restored.connect(self._on_reconnected)
        self._add_connection_banner(self.connection)

    def _add_connection_banner(self, watch: ConnectionWatch) -> None:
        from app.views.kit.connection import ConnectionBanner

        self.connection_banner = ConnectionBanner(watch)
        self._pages_column.insertWidget(0, self.connection_banner)

    def _stop_watching_connection(self) -> None:
        if self.connection is None:
            return
        self.connection.close()
        self.connection.deleteLater()
        self.connection = None
        if self.connection_banner is not None:
            self.connection_banner.deleteLater()
            self.connection_banner = None

    def _on_reconnected(self) -> None:
        """The server answers again: each built page that can catch up does (its unsaved input untouched)."""
        for page in self.pages.values():
            catch_up = getattr(page, "reconnected", None)
            if callable(catch_up):
                catch_up()
        self.statusBar().showMessage(self.tr("Connected to the team server again."), 8000)

    def _backend_text(self) -> str:
        """The status bar's "which backend, who you are": `SQLite · <file>`, or
        `PostgreSQL · user@host:port/db · role` for a team workspace (the user the server says we are)."""
        assert self.services is not None
        workspace = self.services.workspace
        if workspace.url is None:
            return f"SQLite · {workspace.path}"
        label = locations.team_label(workspace.url)
        if self.services.team_user:
            label = f"{self.services.team_user}@{label.rpartition('@')[2]}"
        parts = ["PostgreSQL", label]
        if self.services.team_role is not None:
            roles = {"owner": self.tr("owner"), "editor": self.tr("editor"), "sales": self.tr("sales")}
            parts.append(roles.get(str(self.services.team_role.value), str(self.services.team_role.value)))
        return " · ".join(parts)

    def _location_text(self, location: str) -> str:
        """A workspace being opened, named as the status bar will name it."""
        if locations.is_team(location):
            return f"PostgreSQL · {locations.team_label(location)}"
        return f"SQLite · {location}"

    def _title_name(self) -> str:
        assert self.services is not None
        url = self.services.workspace.url
        if url is None:
            return self.services.path.name
        return self.tr("%1 (team)").replace("%1", locations.short_name(url))

    def page(self, name: str) -> QWidget:
        """The page for a journey step, built (and put in place of its placeholder) on first use. A page the
        team database refuses to fill for this login's role says so in place of the page, never a traceback."""
        if name not in self.pages:
            assert self.services is not None
            from app.models.bilingual import UserFacingError

            try:
                page = self._build_page(name)
            except UserFacingError as refused:
                page = self._refused_page(refused)
            index = JOURNEY.index(name)
            placeholder = self.page_stack.widget(index)
            assert placeholder is not None  # every page of the journey has its placeholder from the start
            self.page_stack.insertWidget(index, page)
            self.page_stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.pages[name] = page
        return self.pages[name]

    def _build_page(self, name: str) -> QWidget:
        """Import and build one page; the heavy modules (ReportLab, requests…) load only when needed."""
        services = self.services
        assert services is not None
        if name == "factory":
            from app.views.factory.page import FactoryPage

            return FactoryPage(services.factory)
        if name == "products":
            from app.views.products.page import ProductsPage

            return ProductsPage(services, self.undo_stack, self.tasks)
        if name == "pricing":
            from app.views.pricing.page import PricingPage

            return PricingPage(services.pricing, self.undo_stack, approvals=services.approvals, tasks=self.tasks)
        if name == "packs":
            from app.views.packs.page import PacksPage

            packs = PacksPage(services, self.tasks, settings=self.settings)
            packs.field_requested.connect(self._open_product_by_code)
            return packs
        if name == "print":
            from app.views.print.page import PrintPage

            return PrintPage(services, self.tasks)
        if name == "export":
            from app.views.export.page import ExportPage

            return ExportPage(services.shops, self.tasks)
        raise ValueError(f"unknown journey step: {name}")

    def _refused_page(self, refused: BaseException) -> QWidget:
        """A page's place when it could not be built (its data refused to this login): the plain reason."""
        label = QLabel(message_for(refused))
        label.setObjectName("pageRefused")
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label

    def _open_product_by_code(self, code: str, field: str = "") -> None:
        """A lint finding was double-clicked: open that product in the editor, at the finding's field."""
        if self.services is None:
            return
        from app.views.products.page import ProductsPage

        product_id = self.services.products.product_id_for_code(code)
        products = self.page("products")
        if product_id is not None and isinstance(products, ProductsPage):
            products.open_product(product_id, field)

    def close_workspace(self) -> bool:
        """Close the open workspace (asking about unsaved changes). False if the user cancelled."""
        if self.services is None:
            return True
        if not self._settle_unsaved_changes():
            return False
        if self.onboarding is not None:
            self.onboarding.close()
            self.onboarding = None
        from app.views.pricing.exchange_rates_dialog import ExchangeRatesDialog

        for dialog in self.findChildren(ExchangeRatesDialog):  # it edits this workspace's rates
            dialog.close()
            dialog.deleteLater()
        self.backup_timer.stop()
        self._stop_watching_connection()
        self.tasks.wait()
        self.services.close()
        self.services = None
        self.undo_stack.clear()
        self.stack.setCurrentIndex(0)
        self.workspace_label.clear()
        self.setWindowTitle(f"{APP_NAME_ZH} {APP_NAME}")
        self._update_actions()
        return True

    def _settle_unsaved_changes(self) -> bool:
        factory = self._built_factory_page()
        if factory is None or not factory.dirty:
            return True
        answer = QMessageBox.question(
            self, self.tr("Unsaved changes"), self.tr("Save the changes to the factory profile?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Save:
            return factory.save()
        return answer == QMessageBox.StandardButton.Discard

    def open_recent(self, location: str) -> None:
        """A recent entry: a file opens here; a team workspace connects in the team dialog (off the GUI thread,
        with the keyring's password), which stays open with the reason when it can't."""
        if locations.is_team(location):
            from app.services.workspace.team_login import login_from_url

            self.open_team_dialog(login_from_url(location), connect_now=True)
            return
        self.open_workspace(Path(location))

    def open_team_dialog(self, login: TeamLogin | None = None, message: str = "", *,
                         connect_now: bool = False) -> TeamDialog:
        """File → Open team workspace…: the dialog (window-modal); the workspace is adopted when it opens."""
        from app.views.shell.team_dialog import TeamDialog

        dialog = TeamDialog(self.openers.team, self.tasks, self, login=login, message=message)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.opened.connect(self._adopt)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()
        if connect_now:
            dialog.start_connecting()
        return dialog

    def choose_workspace(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open workspace"),
                                              self.settings.start_path("workspace"),
                                              self.tr("Factory Direct workspaces (*.fdw);;All files (*)"))
        if path:
            self.settings.remember_folder("workspace", path)
            self.open_workspace(Path(path))

    def _ask_new_path(self, title: str, default_name: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, title, self.settings.start_path("workspace", default_name),
                                              self.tr("Factory Direct workspaces (*.fdw)"))
        if not path:
            return None
        self.settings.remember_folder("workspace", path)
        chosen = Path(path)
        return chosen if chosen.suffix else chosen.with_suffix(WORKSPACE_SUFFIX)

    def new_workspace(self, path: Path | None = None) -> bool:
        path = path or self._ask_new_path(self.tr("New workspace"), "factory.fdw")
        return self._create_with(self.openers.new, path)

    def start_new_workspace(self, path: Path | None = None) -> bool:
        """新建工作区 from the welcome page or the File menu: a blank workspace has nothing to show yet, so the
        onboarding wizard opens on it straight away (closing it leaves the empty workspace)."""
        if not self.new_workspace(path):
            return False
        self.open_onboarding()
        return True

    def create_demo(self, path: Path | None = None) -> bool:
        path = path or self._ask_new_path(self.tr("Create demo workspace"), "demo-factory.fdw")
        return self._create_with(self.openers.demo, path)

    def _create_with(self, create: Callable[[Path], WorkspaceServices], path: Path | None) -> bool:
        if path is None:
            return False
        try:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                services = create(path)
            finally:
                QApplication.restoreOverrideCursor()
        except Exception as error:  # noqa: BLE001
            show_error(self, error, self.tr("Can't create the workspace"))
            return False
        self._adopt(services)
        return True

    # ----- views -----------------------------------------------------------------------------------------------
    def show_view(self, name: str) -> None:
        if self.services is None:
            return
        if not self.may_use(name):
            name = "products"
        index = JOURNEY.index(name) if name in JOURNEY else 0
        self.sidebar.setCurrentRow(index)
        self._on_sidebar_row(index)  # also when the row was already current

    def current_view(self) -> str | None:
        if self.services is None:
            return None
        return JOURNEY[self.page_stack.currentIndex()]

    def _on_sidebar_row(self, row: int) -> None:
        if row < 0 or not self.may_use(JOURNEY[row]):
            return
        self.page(JOURNEY[row])
        self.page_stack.setCurrentIndex(row)
        self.settings.set(keys.LAST_VIEW, JOURNEY[row])
        self._refresh_sidebar_icons(row)

    def _refresh_sidebar_icons(self, selected: int) -> None:
        for row, name in enumerate(JOURNEY):
            item = self.sidebar.item(row)
            if item is not None:
                item.setIcon(icon(JOURNEY_ICONS[name], light=(row == selected)))

    def save_current_page(self) -> None:
        page = self.page_stack.currentWidget()
        save = getattr(page, "save", None)
        if callable(save):
            save()

    # ----- backups ---------------------------------------------------------------------------------------------
    def backup_if_due(self) -> None:
        """Timer: back up off the GUI thread when something changed and the interval has passed."""
        if self.services is None:
            return
        from datetime import timedelta

        from app.services.workspace import backups

        path = self.services.path
        interval = timedelta(minutes=self.settings.get(keys.BACKUP_INTERVAL_MINUTES))
        task = Task(lambda _progress, _cancel: backups.run_scheduled_backup(path, interval=interval))
        task.signals.finished.connect(self._on_backup_done)
        task.signals.failed.connect(lambda error: log.warning("automatic backup failed: %s", error))
        self.tasks.start(task)

    def backup_now(self) -> None:
        if self.services is None:
            return
        from app.services.workspace import backups

        path = self.services.path
        task = Task(lambda _progress, _cancel: backups.take_backup(path))
        task.signals.finished.connect(self._on_backup_done)
        task.signals.failed.connect(lambda error: show_error(self, error))
        self.tasks.start(task)

    def _on_backup_done(self, target: Path | None) -> None:
        if target is not None:
            self.statusBar().showMessage(self.tr("Backup saved: %1").replace("%1", str(target)), 8000)

    # ----- hand-over bundles (app.views.shell.bundle_actions) -------------------------------------------------
    def _add_bundle_actions(self, file_menu: object) -> None:
        self.export_bundle_action = self._action(file_menu, "package", self.tr("Hand over (export bundle)…"),
                                                 lambda: self.bundles.export())
        self._action(file_menu, "download", self.tr("Import bundle…"), lambda: self.bundles.import_())

    @property
    def bundles(self) -> BundleActions:
        """The bundle actions, built on first use: they bring the zip and database services with them."""
        if self._bundles is None:
            from app.views.shell.bundle_actions import BundleActions

            self._bundles = BundleActions(self, parent=self)
        return self._bundles

    # ----- settings, help ---------------------------------------------------------------------------------------
    def set_language(self, language: str) -> None:
        """Switch the UI language now and remember it."""
        self.settings.set(keys.LANGUAGE, language)
        app = QApplication.instance()
        if app is None:
            return
        install_translators(app, language)
        view = self.current_view()
        self._build_ui()
        if view:
            self.show_view(view)

    def open_exchange_rates(self) -> ExchangeRatesDialog | None:
        """Settings → Exchange rates…: the workspace's one table of dated rates (edits are undoable); not for a
        team login that may not see them (sales)."""
        if self.services is None or not self.services.workspace.sees_costs:
            return None
        from app.views.pricing.exchange_rates_dialog import show_exchange_rates

        return show_exchange_rates(self, self.services.pricing, self.undo_stack)

    def open_team(self) -> QWidget | None:
        """Settings → Team…: the team's logins and their roles (owners of a team workspace only)."""
        if self.services is None or not self.team_action.isVisible():
            return None
        from app.views.shell.team_members import TeamMembersDialog

        dialog = TeamMembersDialog(self.services.workspace, self.tasks, self)
        dialog.open()
        return dialog

    def open_log_folder(self) -> None:
        folder = log_folder()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def open_onboarding(self) -> QWidget | None:
        """Open (or raise) the onboarding wizard; it resumes where the workspace's data says it stopped. Not for a
        team login that may not write (the wizard's steps save)."""
        if self.services is None or not self.services.workspace.may_write:
            return None
        if self.onboarding is None:
            from app.views.onboarding.wizard import OnboardingWizard

            # A window of its own (no parent): a child window stays on top of its parent, and the wizard must
            # not cover the pages and the editor it sends the user to.
            wizard = OnboardingWizard(self.services, self.tasks, self.undo_stack, settings=self.settings)
            wizard.finished.connect(self._onboarding_closed)
            self.onboarding = wizard
        if self.onboarding.isVisible():
            if QGuiApplication.platformName() != "offscreen":  # that plugin warns it cannot raise windows
                self.onboarding.raise_()
        else:
            self.onboarding.show()
        self.onboarding.activateWindow()
        return self.onboarding

    def _onboarding_closed(self) -> None:
        self.onboarding = None
        factory = self._built_factory_page()
        if factory is not None and not factory.dirty:
            factory.reload()

    def _built_factory_page(self) -> FactoryPage | None:
        """The Factory page if it has been built (its module is imported only then)."""
        if "factory" not in self.pages:
            return None
        from app.views.factory.page import FactoryPage

        page = self.pages["factory"]
        return page if isinstance(page, FactoryPage) else None

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About"), f"<b>{APP_NAME_ZH} {APP_NAME}</b> {__version__}<br>" +
                          self.tr("Take your factory's own brand online."))

    # ----- window state --------------------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self.settings.get(keys.WINDOW_GEOMETRY)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
            screen.keep_on_screen(self)  # saved on a bigger monitor, or the screen shrank since
        else:
            screen.fit_to_screen(self, DEFAULT_SIZE)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.close_workspace():
            event.ignore()
            return
        self.settings.set(keys.WINDOW_GEOMETRY, self.saveGeometry())
        event.accept()
