"""Long work off the GUI thread: a QRunnable that reports back by signals, never touching widgets.

Writes to the workspace go through one single-thread pool (like Picard's save pool) so they never race.
`BackgroundJob` is the one way a page runs work the user waits for: progress shown in a progress dialog or in
the page's own progress bar, a Cancel, and `done`/`failed` on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QWidget

log = logging.getLogger(__name__)

#: A job's progress dialog appears only when the work takes longer than this.
PROGRESS_AFTER_MS = 400


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
            from app.models.bilingual import UserFacingError  # not at the top: app.models loads SQLAlchemy

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

    @property
    def idle(self) -> bool:
        """No task queued or running."""
        return not self._running

    def wait(self, msecs: int = 30000) -> bool:
        """Wait for every task (on quit, and in tests)."""
        return self.general.waitForDone(msecs) and self.writes.waitForDone(msecs)


class BackgroundJob(QObject):
    """One piece of work a page waits for, run in the runner's pools (`writes=True`: the single-thread one).

    Progress is shown by a window-modal progress dialog with a Cancel button when `label` is given (it appears
    only when the work takes longer than `PROGRESS_AFTER_MS`), or in the page's own `bar`, whose range and value
    follow each report (the page shows, hides and resets the bar and wires its own Cancel button to `cancel`).
    When the work ends, `ended` is emitted first (for the page's bookkeeping), then `done(result)` or
    `failed(error)`, all on the GUI thread; a cancellation fails with the service's cancel error.
    """

    ended = Signal()
    done = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QWidget, tasks: TaskRunner,
                 work: Callable[[Callable[[int, int], None], CancelToken], Any], *,
                 label: str | None = None, bar: QProgressBar | None = None, writes: bool = False) -> None:
        super().__init__(parent)
        self.task = Task(work)
        self.bar = bar
        self.dialog: QProgressDialog | None = None
        if label is not None:
            self.dialog = QProgressDialog(label, self.tr("Cancel"), 0, 0, parent)
            self.dialog.setWindowTitle(self.tr("Working…"))
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(PROGRESS_AFTER_MS)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            self.dialog.setMinimumWidth(380)
            self.dialog.canceled.connect(self.cancel)
            self.dialog.setValue(0)
        self.task.signals.progress.connect(self._on_progress)
        self.task.signals.finished.connect(self._on_finished)
        self.task.signals.failed.connect(self._on_failed)
        tasks.start(self.task, writes=writes)

    def cancel(self) -> None:
        """Ask the work to stop at its next check."""
        self.task.cancel_token.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText(self.tr("Cancelling…"))

    def _on_progress(self, done: int, total: int) -> None:
        if self.dialog is not None and total > 0:
            if self.dialog.maximum() != total:
                self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))
        if self.bar is not None:
            self.bar.setRange(0, max(total, 1))
            self.bar.setValue(done)

    def _close(self) -> None:
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.hide()
            self.dialog.deleteLater()
        self.deleteLater()
        self.ended.emit()

    def _on_finished(self, result: object) -> None:
        self._close()
        self.done.emit(result)

    def _on_failed(self, error: object) -> None:
        self._close()
        self.failed.emit(error)
