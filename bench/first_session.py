"""Issue #16's first session, walked through real widgets in zh_CN on a 1366×768 screen: inputs and time.

The walk is `tests/support/first_session_walk.py` (the GUI test runs the same code): new workspace → factory
profile → brand → one product in two colours → cost → chain picture → Tmall pack and spec sheet → Shopify pack,
every input a click, key or typed character on a real widget. It prints the inputs per step, the total, where the
walk stopped if it met a dead end, and the time next to a floor measured in the same run: the same number of
clicks and typed characters delivered to a bare button and line edit.

    QT_QPA_PLATFORM=offscreen python bench/first_session.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "support")]

import pytest
from first_session_walk import WalkResult, walk_first_session
from PySide6.QtCore import QEventLoop, QPoint, QRect, QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPushButton, QVBoxLayout, QWidget


class Bot:
    """The few qtbot calls the walk makes, on QTest (no pytest session here)."""

    def mouseClick(self, widget: QWidget, button: Qt.MouseButton, pos: QPoint | None = None) -> None:  # noqa: N802
        QTest.mouseClick(widget, button, Qt.KeyboardModifier.NoModifier, pos if pos is not None else QPoint())

    def keyClicks(self, widget: QWidget, text: str) -> None:  # noqa: N802
        QTest.keyClicks(widget, text)

    def keyClick(self, widget: QWidget, key: Qt.Key) -> None:  # noqa: N802
        QTest.keyClick(widget, key)

    def waitExposed(self, widget: QWidget, timeout: int = 5000) -> None:  # noqa: N802
        QTest.qWaitForWindowExposed(widget, timeout)

    def waitUntil(self, condition: Any, timeout: int = 5000) -> None:  # noqa: N802
        deadline = time.monotonic() + timeout / 1000
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError("condition not met")
            # the event loop as the app runs it: QTest.qWait keeps the GIL while it sleeps, so a background
            # task (the packs) waited up to 10 ms for it after every file call and the walk took 40 s, not 3
            loop = QEventLoop()
            QTimer.singleShot(10, loop.quit)
            loop.exec()


def walk(folder: Path) -> WalkResult:
    from app.bootstrap import apply_look, default_openers
    from app.views.kit import screen
    from app.views.kit.settings import AppSettings
    from app.views.kit.tasks import TaskRunner
    from app.views.shell.main_window import MainWindow

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_look(app)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(screen, "available_geometry", lambda widget=None: QRect(0, 0, 1366, 728))
        patch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
        settings = AppSettings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
        tasks = TaskRunner()
        window = MainWindow(default_openers(), settings, tasks)
        window.show()
        QTest.qWaitForWindowExposed(window)
        window.set_language("zh_CN")
        QTest.qWait(50)
        try:
            return walk_first_session(Bot(), window, folder, patch)
        finally:
            if window.onboarding is not None:
                window.onboarding.close()
            window.close_workspace()
            tasks.wait()
            window.close()


def floor(clicks: int, characters: int) -> float:
    """The same clicks and typed characters on a bare button and line edit: what the inputs cost alone."""
    holder = QWidget()
    button, field = QPushButton("ok"), QLineEdit()
    column = QVBoxLayout(holder)
    column.addWidget(button)
    column.addWidget(field)
    holder.show()
    QTest.qWaitForWindowExposed(holder)
    started = time.perf_counter()
    for _ in range(clicks):
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    QTest.keyClicks(field, "x" * characters)
    QApplication.processEvents()
    took = time.perf_counter() - started
    holder.close()
    return took


def main() -> int:
    QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as temp:
        result = walk(Path(temp))
        outputs = [path.relative_to(Path(temp)) for path in result.outputs]
    inputs = result.inputs
    base = floor(inputs.clicks + inputs.keys, inputs.typed)
    print("step                      inputs  clicks  keys  fields  characters")
    for name, step in result.steps:
        print(f"{name:24} {step.total:7} {step.clicks:7} {step.keys:5} {step.fields:7} {step.typed:11}")
    print(f"{'total':24} {inputs.total:7} {inputs.clicks:7} {inputs.keys:5} {inputs.fields:7} {inputs.typed:11}")
    print(f"walk time {result.seconds:.2f} s; floor (same clicks and characters on bare widgets) {base:.3f} s; "
          f"ratio {result.seconds / base:.0f}x" if base > 0 else f"walk time {result.seconds:.2f} s")
    print(f"reached: {result.reached}")
    print(f"dead end: {result.dead_end or 'none'}")
    print(f"files written: {len(outputs)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
