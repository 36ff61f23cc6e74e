"""The welcome page: new, open (a file or a team workspace), demo, and recent workspaces of both kinds."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, APP_NAME_ZH
from app.views.kit.resources import icon
from app.views.shell import locations


class WelcomePage(QWidget):
    """Where the app starts when no workspace is open. Emits what the user chose; the window acts."""

    new_requested = Signal()
    open_requested = Signal()
    team_requested = Signal()
    demo_requested = Signal()
    recent_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recent_list = QListWidget()
        self.recent_list.setObjectName("recentList")
        self.recent_list.itemActivated.connect(
            lambda item: self.recent_requested.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.new_button = self._action("file-plus", self.tr("New workspace"),
                                       self.tr("Start a factory from scratch: one file holds all its data."))
        self.open_button = self._action("folder-open", self.tr("Open workspace…"),
                                        self.tr("Open a .fdw file from this computer."))
        self.team_button = self._action("database", self.tr("Open team workspace…"),
                                        self.tr("Work together on a PostgreSQL server: the office's or a cloud one."))
        self.demo_button = self._action("sparkles", self.tr("Try the demo"),
                                        self.tr("A Shanghai travel-goods and textile factory, ready to explore."))
        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.team_button.clicked.connect(self.team_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        self._build()

    def _action(self, icon_name: str, title: str, detail: str) -> QPushButton:
        button = QPushButton(icon(icon_name), f"  {title}\n  {detail}")
        button.setObjectName("welcomeAction")
        button.setIconSize(QSize(28, 28))
        button.setMinimumHeight(64)
        return button

    def _build(self) -> None:
        title = QLabel(f"{APP_NAME_ZH}  {APP_NAME}")
        title.setObjectName("welcomeTitle")
        subtitle = QLabel(self.tr("From factory to your own brand online: products, prices, listings, print."))
        subtitle.setObjectName("pageSubtitle")
        actions = QVBoxLayout()
        actions.setSpacing(12)
        for button in (self.new_button, self.open_button, self.team_button, self.demo_button):
            actions.addWidget(button)
        actions.addStretch(1)
        recent_card = QFrame()
        recent_card.setObjectName("card")
        recent_layout = QVBoxLayout(recent_card)
        recent_title = QLabel(self.tr("Recent workspaces"))
        recent_title.setObjectName("sectionTitle")
        recent_layout.addWidget(recent_title)
        recent_layout.addWidget(self.recent_list, 1)
        self.no_recent = QLabel(self.tr("No recent workspaces yet."))
        self.no_recent.setObjectName("pageSubtitle")
        recent_layout.addWidget(self.no_recent)
        recent_layout.addStretch(1)  # keep the heading and the "none yet" line together at the top
        columns = QHBoxLayout()
        columns.setSpacing(24)
        columns.addLayout(actions, 1)
        columns.addWidget(recent_card, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 40, 48, 40)
        layout.setSpacing(8)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(24)
        layout.addLayout(columns, 1)

    def set_recent(self, paths: list[str]) -> None:
        """Show the recent workspaces, marking the ones that no longer exist."""
        self.recent_list.clear()
        for path in paths:
            # a team workspace (a postgresql:// URL) is on its server: whether it answers is told on opening.
            team = locations.is_team(path)
            exists = team or Path(path).exists()
            if team:
                label = self.tr("Team · %1").replace("%1", locations.team_label(path)) + "\n" + \
                    self.tr("PostgreSQL team workspace")
            elif exists:
                label = f"{Path(path).name}\n{path}"
            else:
                missing = self.tr("missing")
                label = f"{Path(path).name}  ({missing})\n{path}"
            item = QListWidgetItem(icon("database" if team else "clock"), label)
            item.setData(Qt.ItemDataRole.UserRole, path)
            if not exists:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.recent_list.addItem(item)
        self.no_recent.setVisible(not paths)
        self.recent_list.setVisible(bool(paths))
