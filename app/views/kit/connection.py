"""A team workspace whose server went away: the window says so, retries with back-off, and says when it is back
(issue #14). Nothing here knows a page: the window asks its pages to catch up (`reconnected()`) on `restored`.

`ConnectionWatch` listens to the workspace's `ConnectionHealth` (app.services.workspace.connection), which hears of
every failed attempt to reach the server from any thread; the report crosses to the GUI thread by a queued signal.
Going offline starts the back-off: a check (one connection and `SELECT 1`, off the GUI thread) after 1, 2, 4, 8,
15, then every 30 seconds, or at once from the banner's "Retry now". The first check that works ends it.
Unsaved input stays where it is: the watch never reloads or closes anything; the pages' own saves fail with the
plain "could not connect" message and can be repeated once the server is back.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.views.kit.resources import icon
from app.views.kit.tasks import Task, TaskRunner


class Health(Protocol):
    """What the watch needs of `app.services.workspace.connection.ConnectionHealth`."""

    def on_lost(self, listener: Callable[[str], None]) -> None: ...

    def forget(self, listener: Callable[[str], None]) -> None: ...

    def check(self) -> None: ...


#: Seconds between checks while the server can't be reached: quick at first, then every 30 s.
BACKOFF_S = (1, 2, 4, 8, 15, 30)


class ConnectionWatch(QObject):
    """Offline/online state of a team workspace. `lost(reason)` once when it goes, `restored()` when it's back,
    `changed()` on every step (a retry scheduled, a check started) for whoever shows it."""

    lost = Signal(str)
    restored = Signal()
    changed = Signal()
    _reported = Signal(str)  # emitted from whichever thread noticed; delivered on the GUI thread

    def __init__(self, health: Health, tasks: TaskRunner, parent: QObject | None = None,
                 backoff: tuple[int, ...] = BACKOFF_S) -> None:
        super().__init__(parent)
        self._health = health
        self._tasks = tasks
        self._backoff = backoff
        self.offline = False
        self.checking = False
        self.reason = ""
        self.attempts = 0
        self._next_at = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.retry_now)
        self._reported.connect(self._on_reported, Qt.ConnectionType.QueuedConnection)
        self._listener: Callable[[str], None] = self._reported.emit
        health.on_lost(self._listener)

    def seconds_to_retry(self) -> int:
        return max(0, round(self._next_at - time.monotonic())) if self._timer.isActive() else 0

    def retry_now(self) -> None:
        """Check the server now, off the GUI thread."""
        if self.checking or not self.offline:
            return
        self._timer.stop()
        self.checking = True
        self.attempts += 1
        check = self._health.check
        task = Task(lambda _progress, _cancel: check())
        task.signals.finished.connect(self._on_back)
        task.signals.failed.connect(self._on_still_away)
        self._tasks.start(task)
        self.changed.emit()

    def close(self) -> None:
        """The workspace is closing: stop retrying and hear nothing more."""
        self._timer.stop()
        self._health.forget(self._listener)

    def _on_reported(self, reason: str) -> None:
        self.reason = reason
        if self.offline:
            if not self.checking:
                self.changed.emit()
            return
        self.offline = True
        self.attempts = 0
        self.lost.emit(reason)
        self._schedule()

    def _schedule(self) -> None:
        delay = self._backoff[min(self.attempts, len(self._backoff) - 1)]
        self._next_at = time.monotonic() + delay
        self._timer.start(delay * 1000)
        self.changed.emit()

    def _on_back(self, _result: object) -> None:
        self.checking = False
        if not self.offline:
            return
        self.offline = False
        self.attempts = 0
        self.restored.emit()
        self.changed.emit()

    def _on_still_away(self, error: BaseException) -> None:
        self.checking = False
        if not self.offline:
            return
        self._schedule()


class ConnectionBanner(QFrame):
    """The strip above the page while the server can't be reached: why, when the next try is, Retry now."""

    def __init__(self, watch: ConnectionWatch, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionBanner")
        self.setStyleSheet("QFrame#connectionBanner { background: #FEF3C7; border-bottom: 1px solid #F59E0B; }")
        self.watch = watch
        badge = QLabel()
        badge.setPixmap(icon("alert-triangle").pixmap(20, 20))
        self.text = QLabel()
        self.text.setObjectName("connectionText")
        self.text.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("hintLabel")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.retry_button = QPushButton(icon("refresh"), self.tr("Retry now"))
        self.retry_button.clicked.connect(watch.retry_now)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.text)
        texts.addWidget(self.detail)
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 8, 16, 8)
        row.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(texts, 1)
        row.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.update_text)
        watch.changed.connect(self.update_text)
        self.update_text()

    def update_text(self) -> None:
        """Show the watch's state: hidden while connected; why and when otherwise."""
        if not self.watch.offline:
            self._tick.stop()
            self.hide()
            return
        if self.watch.checking:
            when = self.tr("Trying to reach it now…")
        else:
            when = self.tr("Next try in %1 s.").replace("%1", str(self.watch.seconds_to_retry()))
        self.text.setText(self.tr("The team server can't be reached. Nothing you typed is lost; keep working and "
                                  "save again once it is back. %1").replace("%1", when))
        self.detail.setText(self.watch.reason)
        self.retry_button.setEnabled(not self.watch.checking)
        if not self._tick.isActive():
            self._tick.start()
        self.show()
