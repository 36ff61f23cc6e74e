"""Run something once a window has painted: how the shell opens the workspace only after it is on screen,
and how `bench/startup.py` learns when the app first painted (see `app.bootstrap`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _PaintWatcher(QObject):
    """Watches every paint in the application (a window's first paint reaches its children, not always the
    window itself) until one lands in `window`, and runs `callback` then, from inside that paint event."""

    def __init__(self, window: QWidget, callback: Callable[[], object]) -> None:
        super().__init__(window)
        self.window = window
        self.callback: Callable[[], object] | None = callback
        application = QCoreApplication.instance()
        assert application is not None
        application.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 — Qt's name
        if (self.callback is not None and event.type() == QEvent.Type.Paint and isinstance(watched, QWidget)
                and watched.window() is self.window):
            callback, self.callback = self.callback, None
            self.stop()
            callback()
        return False

    def stop(self) -> None:
        application = QCoreApplication.instance()
        if application is not None:
            application.removeEventFilter(self)
        self.deleteLater()


def on_next_paint(window: QWidget, callback: Callable[[], object]) -> None:
    """Call `callback` (once) as the next paint of `window`, or of anything inside it, begins: for noting
    the moment; anything slow belongs in `after_next_paint`."""
    _PaintWatcher(window, callback)


def after_next_paint(window: QWidget, callback: Callable[[], object]) -> None:
    """Call `callback` (once) on the turn of the event loop after the next paint of `window` or of anything
    inside it, so that paint finishes (and reaches the screen) first."""
    _PaintWatcher(window, lambda: QTimer.singleShot(0, window, callback))
