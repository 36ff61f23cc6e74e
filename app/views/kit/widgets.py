"""Widgets shared by the pages: one look for a card, built one way."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

#: `QListView::item { padding: 4px 6px; }` in resources/style/app.qss: the left and right padding together.
ITEM_PADDING_X = 12


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


def wrapping_list(object_name: str = "") -> QListWidget:
    """A list whose long rows wrap onto a second line instead of hiding behind a horizontal scroll bar.

    Product names ("XZ-CP-VT05  行者 316 不锈钢茶水分离保温杯 500ml") are wider than a side list on a 1366×768
    screen; a scroll bar under four rows hides the end of every name and costs a drag to read one.
    """
    widget = QListWidget()
    widget.setObjectName(object_name)
    widget.setWordWrap(True)
    widget.setItemDelegate(_PaddedWrapDelegate(widget))
    widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return widget


class _PaddedWrapDelegate(QStyledItemDelegate):
    """Measures a wrapped row at the width its text really gets.

    The style sheet's item padding is added around the size Qt measures at the full row width, so a row a few
    pixels narrower than the list measured as one line and was painted cut short with "…" (the wizard's
    "6. 第一个上架包和规格书（待完…"). Measuring at the width left inside the padding wraps it instead.
    """

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        narrowed = QStyleOptionViewItem(option)
        if narrowed.rect.isValid():
            narrowed.rect.setWidth(max(1, narrowed.rect.width() - ITEM_PADDING_X))
        return super().sizeHint(narrowed, index)
