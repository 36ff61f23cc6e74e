"""Long work off the GUI thread: a QRunnable that reports back by signals, never touching widgets.

Writes to the workspace go through one single-thread pool (like Picard's save pool) so they never race.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.models.bilingual import UserFacingError

log = logging.getLogger(__name__)


class TaskSignals(QObject):
    """Signals a background task emits; delivered on the GUI thread by Qt's queued connections."""

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class CancelToken:
    """A flag the GUI sets and the worker checks between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    def __call__(self) -> bool:
        return self._event.is_set()


class Task(QRunnable):
    """Runs `work(progress, is_cancelled)` in a pool and emits its result or its exception."""

    def __init__(self, work: Callable[[Callable[[int, int], None], CancelToken], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = TaskSignals()
        self.cancel_token = CancelToken()
        self.setAutoDelete(False)  # the caller keeps it alive until `finished`/`failed`

    def run(self) -> None:
        try:
            result = self.work(self.signals.progress.emit, self.cancel_token)
        except Exception as error:  # noqa: BLE001 - delivered to the GUI, which decides
            if isinstance(error, (UserFacingError, OSError)):
                log.info("task stopped: %s", error)
            else:  # a bug: the user is told to look in the log, so the traceback must be there
                log.error("task failed:\n%s", traceback.format_exc())
            self.signals.failed.emit(error)
        else:
            self.signals.finished.emit(result)


class TaskRunner:
    """The app's two pools: a general one, and a single-thread one for workspace writes."""

    def __init__(self) -> None:
        self.general = QThreadPool()
        self.writes = QThreadPool()
        self.writes.setMaxThreadCount(1)
        self._running: set[Task] = set()

    def start(self, task: Task, *, writes: bool = False) -> Task:
        self._running.add(task)
        task.signals.finished.connect(lambda _result: self._running.discard(task))
        task.signals.failed.connect(lambda _error: self._running.discard(task))
        (self.writes if writes else self.general).start(task)
        return task

    def wait(self, msecs: int = 30000) -> bool:
        """Wait for every task (on quit, and in tests)."""
        return self.general.waitForDone(msecs) and self.writes.waitForDone(msecs)
