"""pytest-qt: a combo box's popup shows every row whole (no half-cut last row), and scrolls past ten, app-wide."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox, QVBoxLayout, QWidget

from app.bootstrap import apply_look
from app.views.kit.i18n import install_translators

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # the offscreen platform can't raise popups


@pytest.fixture
def styled(qapp):  # type: ignore[no-untyped-def]
    install_translators(qapp, "zh_CN")
    apply_look(qapp)  # the app's stylesheet is what cut the rows
    yield qapp
    install_translators(qapp, "en")


def popup_rows(qtbot, count: int) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """Open a popup of `count` items: the height its list shows, the height its rows need, the most rows it
    may show."""
    form = QWidget()  # a combo box in a form, as on every page
    combo = QComboBox()
    combo.addItems([f"选项 {number}" for number in range(1, count + 1)])
    QVBoxLayout(form).addWidget(combo)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(lambda: view.isVisible())
    needed = sum(view.visualRect(view.model().index(row, 0)).height() for row in range(count))
    shown = view.viewport().height()
    combo.hidePopup()
    return shown, needed, combo.maxVisibleItems()


@pytest.mark.parametrize("count", [2, 3, 6])
def test_a_short_list_shows_every_row_whole(qtbot, styled, count):
    shown, needed, _ = popup_rows(qtbot, count)
    assert shown >= needed, f"{count} items need {needed} px; the popup shows {shown}"


def test_a_long_list_shows_the_visible_maximum_then_scrolls(qtbot, styled):
    shown, needed, most = popup_rows(qtbot, 25)
    row = needed // 25
    assert shown == pytest.approx(most * row, abs=row // 2), f"{shown} px shown for at most {most} rows of {row}"
