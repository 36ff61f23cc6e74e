"""Small shared pieces of the product editor's tabs: cards, error labels, bilingual labels."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLayout,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.views.kit.i18n import is_chinese
from app.views.kit.widgets import card

__all__ = [
    "CommitOnPause",
    "both",
    "card",
    "clear_layout",
    "danger_button",
    "error_label",
    "hint_label",
    "page_layout",
    "pick",
    "scrolling",
    "show_problem",
]


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("errorLabel")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def hint_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("hintLabel")
    label.setWordWrap(True)
    return label


def show_problem(widget: QWidget, label: QLabel | None, message: str | None) -> None:
    """Mark `widget` invalid (red border, via the stylesheet's [invalid="true"]) and show why, or clear both."""
    invalid = message is not None
    if widget.property("invalid") != invalid:
        widget.setProperty("invalid", invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
    widget.setToolTip(message or "")
    if label is not None:
        label.setText(message or "")
        label.setVisible(invalid)


def pick(zh: str, en: str) -> str:
    """The text in the UI language, falling back to the other one."""
    return (zh or en) if is_chinese() else (en or zh)


def both(zh: str, en: str) -> str:
    """"中文 · English" with the UI language first; one of them when they are equal or one is missing."""
    if not zh or not en or zh == en:
        return zh or en
    return f"{zh} · {en}" if is_chinese() else f"{en} · {zh}"


def danger_button(button_icon: QIcon, text: str) -> QPushButton:
    """A red-outlined button that also looks disabled when it is (the app stylesheet's #danger rule
    outranks its :disabled rule)."""
    button = QPushButton(button_icon, text)
    button.setObjectName("danger")
    button.setStyleSheet("QPushButton#danger:disabled { color: #94A3B8; border-color: #E2E8F0; "
                         "background-color: #F1F5F9; }")
    return button


def scrolling(content: QWidget) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(content)
    return scroll


def clear_layout(layout: QLayout) -> None:
    """Take every item out of `layout`, deleting its widgets (later, as Qt may still be delivering their events)."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()


def page_layout(widget: QWidget) -> QVBoxLayout:
    column = QVBoxLayout(widget)
    column.setContentsMargins(16, 16, 16, 16)
    column.setSpacing(14)
    return column


class CommitOnPause(QObject):
    """Emits `commit` when typing in a QPlainTextEdit pauses (`delay_ms`) or the editor loses focus.

    Plain-text fields have no `editingFinished`; this gives them the same "saved when you stop" feel.
    """

    commit = Signal()

    def __init__(self, editor: QPlainTextEdit, delay_ms: int = 800) -> None:
        super().__init__(editor)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.commit)
        editor.textChanged.connect(self._timer.start)
        editor.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and self._timer.isActive():
            self._timer.stop()
            self.commit.emit()
        return False

    def flush(self) -> None:
        """Commit now if a commit is pending (the dialog closes, a test asks)."""
        if self._timer.isActive():
            self._timer.stop()
            self.commit.emit()

