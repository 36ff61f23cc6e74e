"""pytest-qt: issue #16's first session walked through real widgets in zh_CN on a 1366×768 screen, counting
inputs (tests/support/first_session_walk.py; bench/first_session.py prints the same walk's figures)."""

from __future__ import annotations

import csv
import io

import pytest
from first_session_walk import walk_first_session
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QMessageBox

from app.views.kit import screen
from app.views.kit.i18n import install_translators

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # the offscreen platform can't raise popups


@pytest.fixture
def window(window, qapp, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(screen, "available_geometry", lambda widget=None: QRect(0, 0, 1366, 728))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.set_language("zh_CN")
    yield window
    if window.onboarding is not None:
        window.onboarding.close()
    window.set_language("en")
    install_translators(qapp, "en")


def test_the_first_session_walk(window, qtbot, tmp_path, monkeypatch):
    result = walk_first_session(qtbot, window, tmp_path, monkeypatch)
    for name, inputs in result.steps:
        print(f"{name:24} {inputs.total:3} inputs ({inputs.clicks} clicks, {inputs.keys} keys, "
              f"{inputs.fields} fields, {inputs.typed} characters)")
    print("total", result.inputs, "reached", result.reached, "dead end", result.dead_end)
    assert result.inputs.total == sum(inputs.total for _name, inputs in result.steps)
    assert result.finished, f"dead end at {result.dead_end}"
    written = {path.relative_to(tmp_path / "packs").parts[0] for path in result.outputs}
    assert {"tmall", "shopify"} <= written, written
    assert any(path.suffix == ".pdf" for path in result.outputs), "the spec sheet"
    assert result.inputs.total <= 40, "the issue's goal: at most 40 inputs"
    shopify_rows = (tmp_path / "packs" / "shopify" / "shopify_products.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(shopify_rows)))
    assert rows and all(row["Price"] for row in rows if row.get("Option1 Value")), "the Shopify pack has prices"
