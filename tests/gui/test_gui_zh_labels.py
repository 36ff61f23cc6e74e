"""pytest-qt: what a zh_CN user reads has no code keys (`attributes.capacity`) and no ASCII list commas between
Chinese items ("天猫, 淘宝") — on every journey page of the demo workspace and in the product editor (#16)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMessageBox, QWidget

from app.services.catalogue.products import ProductService
from app.views.products.editor import ProductEditorDialog

KEY = re.compile(r"\b[a-z_]+\.[a-z_]+\b")
ASCII_COMMA_IN_CHINESE = re.compile(r"[\u4e00-\u9fff], ?[\u4e00-\u9fff]")
ENGLISH_PLURAL = re.compile(r"\w\(s\)")   # "error(s)": a count not said through tr(…, n)
SENTENCE = re.compile(r"[A-Za-z]+ [a-z]+ [a-z]+ [a-z]+")   # four English words in a row: text left untranslated
JOURNEY = ("factory", "products", "pricing", "packs", "print", "export")


def visible_texts(root: QWidget) -> list[str]:
    texts = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
    return [text for text in texts if text]


def problems(texts: list[str]) -> list[str]:
    plain = [re.sub(r"<[^>]+>", " ", text) for text in texts]  # rich text: the words, not the tags
    return [text for text in plain
            if KEY.search(re.sub(r"\S+@\S+|https?://\S+|\S+\.(fdw|pdf|csv|xlsx|json|png|jpg)\b", "", text))
            or ASCII_COMMA_IN_CHINESE.search(text) or ENGLISH_PLURAL.search(text)]


@pytest.fixture
def chinese_demo(window, qapp, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.create_demo(tmp_path / "demo.fdw")
    window.set_language("zh_CN")
    yield window
    window.set_language("en")


def test_journey_pages_read_as_chinese(chinese_demo, qtbot):
    found = {}
    for view in JOURNEY:
        chinese_demo.show_view(view)
        QApplication.processEvents()
        texts = visible_texts(chinese_demo.pages[view])
        assert len(texts) > 5, f"the {view} page shows its labels"
        bad = problems(texts)
        if bad:
            found[view] = bad
    assert not found, found


def test_the_product_editor_reads_as_chinese(chinese_demo, qtbot):
    services = chinese_demo.services
    product_id = ProductService(services.workspace).product_id_for_code("XZ-LG-PC01")
    editor = ProductEditorDialog(services, QUndoStack(), product_id)
    editor.show()
    qtbot.waitExposed(editor)
    try:
        found = {}
        for index in range(editor.tabs.count()):
            editor.tabs.setCurrentIndex(index)
            QApplication.processEvents()
            bad = problems(visible_texts(editor))
            if bad:
                found[editor.tabs.tabText(index)] = bad
        assert not found, found
    finally:
        editor.close()


def test_fee_rule_sources_read_as_chinese(chinese_demo, qtbot):
    """The fee-profile editor's Source column (and its tooltip) in Chinese for a zh_CN user: `source_zh`."""
    from PySide6.QtCore import Qt

    from app.views.pricing.channel_table import RuleColumn

    chinese_demo.show_view("pricing")
    page = chinese_demo.pages["pricing"]
    dialog = page.open_fee_profiles()
    try:
        found, seen = {}, 0
        for row in range(dialog.channels.count()):
            dialog.channels.setCurrentRow(row)
            model = dialog.rules
            seen += model.rowCount()
            for rule_row in range(model.rowCount()):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    text = str(model.data(model.index(rule_row, RuleColumn.SOURCE), role) or "")
                    words = re.sub(r"https?://\S+", "", text)
                    if not re.search(r"[\u4e00-\u9fff]", text) or SENTENCE.search(words) or problems([text]):
                        found[(dialog.channels.item(row).text(), rule_row, role)] = text
        assert seen >= 17 and not found, found
    finally:
        dialog.close()
