"""Widgets shared by the pages: one look for a card, built one way."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QCompleter, QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget


class Card(QFrame):
    """A white card with a section title (`heading`) at the top of its `body` layout."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(20, 16, 20, 20)
        self.heading = QLabel(title)
        self.heading.setObjectName("sectionTitle")
        self.body.addWidget(self.heading)


def card(title: str) -> tuple[QFrame, QVBoxLayout]:
    """A white card with a section title; returns the frame and its layout."""
    frame = Card(title)
    return frame, frame.body


def line_edit_of(combo: QComboBox) -> QLineEdit:
    """The text field of an editable combo box (Qt has none for a combo box that is not editable)."""
    field = combo.lineEdit()
    if field is None:
        raise ValueError(f"combo box {combo.objectName()!r} is not editable")
    return field


def completer_of(combo: QComboBox) -> QCompleter:
    """The completer Qt gives an editable combo box (none for one that is not editable)."""
    completer = combo.completer()
    if completer is None:
        raise ValueError(f"combo box {combo.objectName()!r} is not editable")
    return completer


def title_labels(title: str, subtitle: str, *, wrap: bool = True) -> tuple[QLabel, QLabel]:
    """A page's title and the line under it, styled as every page's (`pageTitle`, `pageSubtitle`)."""
    heading = QLabel(title)
    heading.setObjectName("pageTitle")
    note = QLabel(subtitle)
    note.setObjectName("pageSubtitle")
    note.setWordWrap(wrap)
    return heading, note
