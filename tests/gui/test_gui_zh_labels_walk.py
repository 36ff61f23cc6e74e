"""Every text a Chinese user sees on the main pages is Chinese prose (#16, "speak the user's language").

Walks every visible label, button, tooltip, placeholder, combo item and table cell/header of each journey page
on the demo workspace in zh_CN and fails on an internal key (`attributes.capacity`, `title.part_dropped`) or an
ASCII list comma between Chinese items ("天猫, 淘宝": Chinese lists use 、 or ，).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.views.shell.main_window import JOURNEY

KEY = re.compile(r"\b[a-z_]+\.[a-z_]+\b")
ASCII_COMMA_IN_CHINESE = re.compile(r"[\u4e00-\u9fff], ?[\u4e00-\u9fff]")
#: Codes and English words the Chinese UI used to show: price-ending codes (END_8 ≠4), the Shopify "handle"
#: (网址别名; Shopify's own CSV column "URL handle" may be named) and English units after a number (12 h, 5 years).
ENGLISH_LEFTOVERS = re.compile(r"\bEND_\w+|\bX9?_9+\b|≠4|(?<!URL )\bhandle\b|\d\s*(?:h|hours?|years?|months?)\b")
#: Not keys: web addresses, e-mail addresses and file names the user chose or will open.
NOT_KEYS = re.compile(r"https?://\S+|\S+@\S+|[\w./\\:-]+\.(?:fdw|pdf|json|csv|txt|png|jpe?g|xlsx|zip|log)\b")


def _count(method) -> int:  # type: ignore[no-untyped-def]
    """rowCount/columnCount of any model: list models want the parent index, some hide it."""
    for args in ((QModelIndex(),), ()):
        try:
            return int(method(*args))
        except TypeError:
            continue
    return 1  # a list model's columnCount is private: it has one column


def _model_texts(model: QAbstractItemModel) -> Iterator[str]:
    columns, rows = _count(model.columnCount), _count(model.rowCount)
    for section in range(columns):
        yield str(model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
        yield str(model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) or "")
    for row in range(rows):
        for column in range(columns):
            index = model.index(row, column)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(index, role)
                if isinstance(value, str):
                    yield value


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text a user can read on `root` and its visible children."""
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root):
            continue
        where = f"{type(widget).__name__} {widget.objectName()}".strip()
        yield where + " tooltip", widget.toolTip()
        if isinstance(widget, (QLabel, QAbstractButton)):
            yield where, widget.text()
        elif isinstance(widget, QGroupBox):
            yield where, widget.title()
        elif isinstance(widget, QLineEdit):
            yield where + " placeholder", widget.placeholderText()
        elif isinstance(widget, QComboBox):
            for item in range(widget.count()):
                yield where + " item", widget.itemText(item)
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            for text in _model_texts(widget.model()):
                yield where + " cell", text


def problems_in(root: QWidget) -> list[str]:
    found = []
    for where, text in visible_texts(root):
        readable = NOT_KEYS.sub("", re.sub(r"<[^>]+>", " ", text))  # rich text: the tags are not read
        if KEY.search(readable) or ASCII_COMMA_IN_CHINESE.search(readable) or ENGLISH_LEFTOVERS.search(readable):
            found.append(f"{where}: {text!r}")
    return found


def test_every_visible_text_of_the_main_pages_reads_as_chinese(window, qtbot, tmp_path):
    window.resize(1366, 768)
    window.show()
    assert window.create_demo(tmp_path / "demo.fdw")
    window.set_language("zh_CN")
    try:
        found = []
        for name in JOURNEY:
            window.show_view(name)
            qtbot.wait(50)
            found += [f"{name} · {problem}" for problem in problems_in(window.pages[name])]
        assert found == [], "\n".join(found)
    finally:
        window.set_language("en")


def test_the_fee_profile_dialog_says_endings_in_words(window, qtbot, tmp_path):
    assert window.create_demo(tmp_path / "demo.fdw")
    window.set_language("zh_CN")
    try:
        window.show_view("pricing")
        dialog = window.pages["pricing"].open_fee_profiles("tmall")
        qtbot.waitExposed(dialog)
        assert "常用尾数 8，避开 4" in dialog.meta.text(), dialog.meta.text()
        assert problems_in(dialog) == []
        dialog.close()
    finally:
        window.set_language("en")


def test_the_product_editor_shows_units_in_chinese(window, qtbot, tmp_path):
    from app.services.catalogue.products import ProductService
    from app.views.products.editor.dialog import ProductEditorDialog

    assert window.create_demo(tmp_path / "demo.fdw")
    window.set_language("zh_CN")
    try:
        bottle = ProductService(window.services.workspace).product_id_for_code("XZ-CP-VT05")
        dialog = ProductEditorDialog(window.services, window.undo_stack, bottle)
        dialog.show()
        qtbot.waitExposed(dialog)
        units = {label.text() for label in dialog.findChildren(QLabel)}
        assert "小时" in units and "h" not in units, "保温时长 12 小时, not 12 h"
        dialog.close()
    finally:
        window.set_language("en")


#: Chinese in ASCII brackets, "第一个产品 (已完成)": Chinese text takes full-width brackets, （已完成）.
ASCII_BRACKETS_IN_CHINESE = re.compile(r"[\u4e00-\u9fff] ?\([^()]*[\u4e00-\u9fff][^()]*\)")


def test_every_step_of_the_onboarding_wizard_reads_as_chinese(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt

    from app.services.onboarding.flow import STEP_ORDER

    window.set_language("zh_CN")
    monkeypatch.setattr(window, "_ask_new_path", lambda *_args: tmp_path / "new.fdw")
    try:
        qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)
        wizard = window.onboarding
        qtbot.waitExposed(wizard)
        found = []
        for step in STEP_ORDER:
            wizard.flow.go_to(step)   # set-up: every step in view (the walk through them is test_gui_onboarding's)
            wizard.show_flow(refresh_pages=True)
            found += [f"{step.value} · {problem}" for problem in problems_in(wizard)]
            found += [f"{step.value} · {where}: {text!r}" for where, text in visible_texts(wizard)
                      if ASCII_BRACKETS_IN_CHINESE.search(text)]
        assert found == [], "\n".join(found)
        assert "第一个产品（待完成）" in wizard.step_list.item(2).text()
    finally:
        window.set_language("en")
