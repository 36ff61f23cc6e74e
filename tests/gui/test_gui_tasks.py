"""BackgroundJob, the one runner pages use for work the user waits for: a progress dialog or the page's own bar,
Cancel, and `ended` then `done`/`failed` on the GUI thread."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QProgressBar, QWidget

from app.views.kit.tasks import BackgroundJob, CancelToken, TaskRunner

WAIT_MS = 10000


class Stopped(Exception):
    pass


def slow(progress: Callable[[int, int], None], cancelled: CancelToken) -> str:
    for done in range(1000):
        if cancelled():
            raise Stopped()
        progress(done, 1000)
        time.sleep(0.005)
    return "finished"


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.wait()


def test_a_job_drives_the_page_bar_and_stops_when_cancelled(qtbot, tasks: TaskRunner) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    bar = QProgressBar(page)
    seen: list[str] = []
    job = BackgroundJob(page, tasks, slow, bar=bar, writes=True)
    job.ended.connect(lambda: seen.append("ended"))
    job.done.connect(lambda _result: seen.append("done"))
    job.failed.connect(lambda error: seen.append(type(error).__name__))
    assert job.dialog is None
    qtbot.waitUntil(lambda: bar.maximum() == 1000 and bar.value() > 0, timeout=WAIT_MS)
    with qtbot.waitSignal(job.failed, timeout=WAIT_MS):
        job.cancel()
    assert seen == ["ended", "Stopped"]


def test_a_job_with_a_label_shows_a_dialog_and_hands_back_the_result(qtbot, tasks: TaskRunner) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    seen: list[object] = []
    job = BackgroundJob(page, tasks, lambda progress, _cancelled: (progress(1, 2), 42)[1], label="Working on it")
    dialog = job.dialog
    assert dialog is not None and dialog.labelText() == "Working on it"
    job.ended.connect(lambda: seen.append(("ended, dialog shown:", dialog.isVisible())))
    with qtbot.waitSignal(job.done, timeout=WAIT_MS) as done:
        pass
    assert done.args == [42] and seen == [("ended, dialog shown:", False)]


def test_a_screenshot_waits_until_background_work_has_ended(qtbot, tasks: TaskRunner, monkeypatch) -> None:
    """`--screenshot` must show a view finished (the Print page's preview is made in the background)."""
    from app import bootstrap
    from app.views.kit.tasks import Task

    taken: list[tuple[float, bool]] = []
    monkeypatch.setattr(bootstrap, "_save_screenshot",
                        lambda window, target, app: taken.append((time.monotonic(), tasks.idle)))
    finished: list[float] = []

    def work(progress: Callable[[int, int], None], cancelled: CancelToken) -> None:
        time.sleep(1.0)
        finished.append(time.monotonic())

    tasks.start(Task(work))
    bootstrap._screenshot_when_settled(None, None, None, tasks, time.monotonic() + 30, 0)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(taken), timeout=WAIT_MS)
    assert finished and taken[0][0] >= finished[0] and taken[0][1], "the screenshot was taken while work ran"


def test_a_screenshot_is_taken_at_the_deadline_even_if_work_never_ends(qtbot, tasks: TaskRunner,
                                                                       monkeypatch) -> None:
    from app import bootstrap
    from app.views.kit.tasks import Task

    taken: list[bool] = []
    monkeypatch.setattr(bootstrap, "_save_screenshot", lambda window, target, app: taken.append(tasks.idle))
    token_task = Task(slow)
    tasks.start(token_task)
    bootstrap._screenshot_when_settled(None, None, None, tasks, time.monotonic() + 0.5, 0)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(taken), timeout=WAIT_MS)
    token_task.cancel_token.cancel()
    assert taken == [False]
