"""Typing into real widgets as a person does, for walks that count inputs.

Latin text goes key by key (`QTest.keyClicks`); Chinese arrives as a Chinese user's input method delivers it, a
committed string (`QInputMethodEvent`) — `QTest.keyClicks` can't send characters outside Latin-1."""

from __future__ import annotations

import re

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

_RUNS = re.compile(r"[\x00-\xff]+|[^\x00-\xff]+")


def type_text(qtbot, widget: QWidget, text: str) -> int:  # type: ignore[no-untyped-def]
    """Type `text` into `widget` (which gets the focus first); returns the characters typed."""
    widget.setFocus()
    for run in _RUNS.findall(text):
        if run.isascii() or all(ord(char) < 256 for char in run):
            qtbot.keyClicks(widget, run)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(run)
            QApplication.sendEvent(widget, event)
    return len(text)
