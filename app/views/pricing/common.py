"""Small helpers that the Pricing page's modules share: a cost line's label, the mark on a refused field and
the grey hint label."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.services.pricing import COST_LABELS
from app.views.kit.i18n import is_chinese


def cost_label(name: str) -> str:
    """A cost line's label in the UI language (the engine keeps both)."""
    zh, en = COST_LABELS[name]
    return zh if is_chinese() else en


def set_invalid(widget: QWidget, message: str | None) -> None:
    """Mark `widget` as refused with `message` as its tooltip (None: clear the mark)."""
    widget.setProperty("invalid", message is not None)
    widget.setToolTip(message or "")
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def hint_label(text: str) -> QLabel:
    """A grey, wrapping note (`hintLabel` in the stylesheet)."""
    label = QLabel(text)
    label.setObjectName("hintLabel")
    label.setWordWrap(True)
    return label
