"""Widgets shared by the pages: one look for a card, built one way."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


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
