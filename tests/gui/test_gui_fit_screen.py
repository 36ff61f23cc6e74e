"""pytest-qt: every window fits a small screen — a 1366×768 laptop and 1920×1080 at 150 % (1280×720 logical).

The screen is faked by replacing `app.views.kit.screen.available_geometry`; each window is then built and shown
as the app does it, and must lie wholly inside the available area with its footer buttons inside the window.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QByteArray, QEvent, QPoint, QRect, QSettings
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QListWidget, QMessageBox, QWidget

from app.bootstrap import apply_look, default_openers
from app.services.catalogue.products import ProductService
from app.services.workspace.services import WorkspaceServices, new_services
from app.views.kit import screen, settings as keys
from app.views.kit.i18n import install_translators
from app.views.kit.resources import load_stylesheet
from app.views.kit.settings import AppSettings
from app.views.kit.tasks import TaskRunner
from app.views.onboarding.wizard import OnboardingWizard
from app.views.products.editor import ProductEditorDialog
from app.views.shell.main_window import MainWindow

#: The available geometry (screen minus a 40 px task bar) of the two laptops the issue names.
LAPTOP = QRect(0, 0, 1366, 728)
SCALED_FULL_HD = QRect(0, 0, 1280, 680)


@pytest.fixture(params=[LAPTOP, SCALED_FULL_HD], ids=["1366x768", "1920x1080@150%"])
def small_screen(request, monkeypatch) -> QRect:  # type: ignore[no-untyped-def]
    area = QRect(request.param)
    monkeypatch.setattr(screen, "available_geometry", lambda widget=None: QRect(area))
    return area


@pytest.fixture(params=["zh_CN", "en"])
def language(request, qapp) -> Iterator[str]:  # type: ignore[no-untyped-def]
    install_translators(qapp, request.param)
    if qapp.styleSheet() != load_stylesheet():
        apply_look(qapp)
    yield request.param
    install_translators(qapp, "en")


@pytest.fixture
def services(tmp_path: Path) -> Iterator[WorkspaceServices]:
    opened = new_services(tmp_path / "fit.fdw")
    yield opened
    opened.close()


def assert_fits(window: QWidget, area: QRect, *footer: QWidget) -> None:
    QApplication.processEvents()
    outer = window.frameGeometry()  # the platform's real frame (offscreen draws a thin one)
    assert area.contains(outer), f"{type(window).__name__} at {outer} is not inside the screen {area}"
    inside = QRect(QPoint(0, 0), window.size())
    for button in footer:
        assert button.isVisible(), f"{button.text()!r} is hidden"
        where = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
        assert inside.contains(where), f"{button.text()!r} at {where} is outside the window {inside}"


def close_and_delete(widget: QWidget) -> None:
    if shiboken6.isValid(widget):
        widget.close()
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_the_product_editor_fits_with_close_in_view(qtbot, small_screen, language, services):
    product = ProductService(services.workspace).create_product("FIT-01", "拉杆箱", "Trolley case", None)
    editor = ProductEditorDialog(services, QUndoStack(), product.id)
    editor.show()
    qtbot.waitExposed(editor)
    try:
        assert_fits(editor, small_screen, editor.close_button)
        for index in range(editor.tabs.count()):  # every tab, not only the first, must fit
            editor.tabs.setCurrentIndex(index)
            assert_fits(editor, small_screen, editor.close_button)
    finally:
        close_and_delete(editor)


def test_the_wizard_fits_in_both_font_modes(qtbot, small_screen, language, services):
    wizard = OnboardingWizard(services, TaskRunner())
    wizard.show()
    qtbot.waitExposed(wizard)
    footer = (wizard.back_button, wizard.next_button, wizard.close_button)
    try:
        assert_fits(wizard, small_screen, *footer)
        wizard.large_font.setChecked(True)
        assert_fits(wizard, small_screen, *footer)
        grown = wizard.size()
        wizard.large_font.setChecked(False)
        assert_fits(wizard, small_screen, *footer)
        assert wizard.height() <= grown.height(), "switching back gives the room back"
    finally:
        wizard.tasks.wait()
        close_and_delete(wizard)


def make_main_window(qsettings: QSettings) -> MainWindow:
    main = MainWindow(default_openers(), AppSettings(qsettings), TaskRunner())
    main.show()
    return main


def test_the_main_window_fits_by_default_and_when_restored(qtbot, small_screen, language, qsettings, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    main = make_main_window(qsettings)
    try:
        assert_fits(main, small_screen)
        # A geometry saved on a big monitor, off to the right of this one.
        main.setGeometry(QRect(1500, 300, 1800, 1000))
        AppSettings(qsettings).set(keys.WINDOW_GEOMETRY, QByteArray(main.saveGeometry()))
    finally:
        close_and_delete(main)
    restored = make_main_window(qsettings)
    try:
        assert_fits(restored, small_screen)
    finally:
        restored.close_workspace()
        close_and_delete(restored)


def test_the_sidebar_shows_every_name_without_a_horizontal_scrollbar(qtbot, small_screen, language, qsettings,
                                                                      monkeypatch, tmp_path):
    """The journey sidebar at a laptop's size, in both languages: the longest name ("Push to your own shop")
    fits; no horizontal scrollbar. A name too long for the widest sidebar is elided, still without one."""
    from app.services.workspace.demo import create_demo_workspace

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    create_demo_workspace(tmp_path / "demo.fdw").close()
    main = make_main_window(qsettings)
    try:
        assert main.open_workspace(tmp_path / "demo.fdw")
        qtbot.waitExposed(main)
        assert_fits(main, small_screen)
        sidebar = main.sidebar
        assert sidebar.count() == 6
        assert not sidebar.horizontalScrollBar().isVisible() and sidebar.horizontalScrollBar().maximum() == 0
        for row in range(sidebar.count()):
            assert sidebar.visualItemRect(sidebar.item(row)).right() < sidebar.viewport().width(), \
                sidebar.item(row).text()
        assert sidebar.sizeHintForColumn(0) <= sidebar.viewport().width()

        titles = main._journey_titles()
        monkeypatch.setattr(main, "_journey_titles",
                            lambda: {**titles, "export": titles["export"] + " — and far, far beyond it"})
        main._fill_sidebar(clickable=True)
        QApplication.processEvents()
        assert sidebar.width() <= 260 and not sidebar.horizontalScrollBar().isVisible()
    finally:
        main.close_workspace()
        close_and_delete(main)


def assert_rows_whole(rows: QListWidget) -> None:
    """Every row of a side list inside its width, a row too long for one line wrapped (taller), never cut with
    "…" behind a horizontal scroll bar."""
    from app.views.kit.widgets import ITEM_PADDING_X

    QApplication.processEvents()
    assert rows.count(), rows.objectName()
    assert not rows.horizontalScrollBar().isVisible(), rows.objectName()
    width = rows.viewport().width()
    rects = [rows.visualItemRect(rows.item(row)) for row in range(rows.count())]
    metrics = rows.fontMetrics()
    two_lines = 2 * metrics.lineSpacing()
    for row, rect in enumerate(rects):
        item = rows.item(row)
        assert rect.right() < width, f"{item.text()!r} is {rect.width()} px wide in a {width} px list"
        needs = metrics.horizontalAdvance(item.text()) + ITEM_PADDING_X
        if needs > width:
            assert rect.height() >= two_lines, f"{item.text()!r} needs {needs} px of {width}: it must wrap"


def test_side_lists_wrap_long_names_instead_of_scrolling_sideways(qtbot, small_screen, language, qsettings,
                                                                  monkeypatch, tmp_path):
    """The product lists of the packs, print and push pages hid the end of every long product name behind a
    horizontal scroll bar at 1366×768."""
    from app.services.workspace.demo import create_demo_workspace

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    demo = create_demo_workspace(tmp_path / "demo.fdw")
    ProductService(demo).create_product("XZ-LONG-01", "行者超轻大容量双层真空不锈钢户外运动保温水壶礼盒装",
                                        "Xingzhe ultralight double-wall vacuum flask, gift box", None)
    demo.close()
    main = make_main_window(qsettings)
    try:
        assert main.open_workspace(tmp_path / "demo.fdw")
        qtbot.waitExposed(main)
        for view, name in (("packs", "packProducts"), ("print", "printProducts"), ("export", "exportProducts")):
            main.show_view(view)
            rows = main.findChild(QListWidget, name)
            assert rows is not None and rows.isVisible(), name
            assert_rows_whole(rows)
    finally:
        main.close_workspace()
        close_and_delete(main)


def test_the_wizard_step_list_shows_every_step_whole_in_both_font_modes(qtbot, small_screen, language, services):
    """Large font cut "6. 第一个上架包和规格书（待完成）" to "…（待完…" behind a scroll bar."""
    wizard = OnboardingWizard(services, TaskRunner())
    wizard.show()
    qtbot.waitExposed(wizard)
    try:
        assert_rows_whole(wizard.step_list)
        wizard.large_font.setChecked(True)
        assert_rows_whole(wizard.step_list)
        wizard.large_font.setChecked(False)
        assert_rows_whole(wizard.step_list)
    finally:
        wizard.tasks.wait()
        close_and_delete(wizard)


def test_the_wrapping_lists_padding_matches_the_style_sheet():
    """`ITEM_PADDING_X` copies the style sheet's `QListView::item` padding: a changed sheet must change it too,
    or long rows are measured wrong and cut with "…" again."""
    import re

    from app.views.kit.resources import load_stylesheet
    from app.views.kit.widgets import ITEM_PADDING_X

    block = re.search(r"QListView::item\s*\{([^}]*)\}", load_stylesheet())
    assert block is not None
    padding = re.search(r"padding:\s*(\d+)px\s+(\d+)px", block.group(1))
    assert padding is not None
    assert 2 * int(padding.group(2)) == ITEM_PADDING_X
