"""pytest-qt: approving prices on the Pricing page (issue #15) — the button approves the selected channel in the
write pool, a cost edit makes the note say the approved prices are older than the plan, and "Re-approve now"
adds the next version in one step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox

from app.services.pricing import approved
from app.views.pricing.page import PricingPage
from app.views.shell.main_window import MainWindow


@pytest.fixture
def page(pricing_page: PricingPage) -> PricingPage:
    return pricing_page


def _select(page: PricingPage, channel: str) -> None:
    model = page.table_card.channel_model
    page.table_card.table.selectRow(model.row_of(channel))
    assert page.selected_channel() == channel


def _type_into(field: QLineEdit, text: str) -> None:
    field.setText(text)
    field.editingFinished.emit()


def test_approve_then_stale_after_a_cost_edit_then_reapprove_in_one_step(
        page: PricingPage, window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    line = page.approval_line
    assert line is not None and page.approve_button is not None and page.approve_button.isVisible()
    _select(page, "jd")
    line.refresh_now()
    assert line.note.text() == "" and not line.reapprove_button.isVisible()  # a file: no sales to remind of
    assert "JD.com: no approved prices yet" in line._describe(line.service.status("jd"), "JD.com")

    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.No if len(asked) == 1 else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)  # "No": nothing approved
    workspace = window.services.workspace if window.services is not None else None
    assert workspace is not None and approved.newest(workspace, "jd") is None
    qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)
    assert "Approve today's prices of JD.com" in asked[-1]
    qtbot.waitUntil(lambda: line.job is None and approved.newest(workspace, "jd") is not None, timeout=20000)
    first = approved.newest(workspace, "jd")
    assert first is not None and first.version == 1
    qtbot.waitUntil(lambda: "approved prices version 1" in line.note.text(), timeout=5000)
    assert "Approved the prices of JD.com as version 1" in page.message.text()
    assert not line.reapprove_button.isVisible()

    _type_into(page.inputs.cost_fields["parcel"], "25")  # the plan changes: the approved prices are older
    qtbot.waitUntil(lambda: line.reapprove_button.isVisible(), timeout=5000)
    assert "older than the current plan" in line.note.text() and "version 1" in line.note.text()
    assert line.status is not None and line.status.stale

    asked.clear()
    qtbot.mouseClick(line.reapprove_button, Qt.MouseButton.LeftButton)  # one step: no question
    qtbot.waitUntil(lambda: line.job is None and (approved.newest(workspace, "jd") or first).version == 2,
                    timeout=20000)
    assert asked == []
    qtbot.waitUntil(lambda: not line.reapprove_button.isVisible(), timeout=5000)
    assert "approved prices version 2" in line.note.text()
    second = approved.newest(workspace, "jd")
    assert second is not None and second.prices.keys() == first.prices.keys()
    plan_sku = page.plan.sku_id if page.plan is not None else None
    assert plan_sku is not None
    changed = [code for code in first.prices if first.prices[code].price != second.prices[code].price]
    assert changed, "the parcel cost is in the plan's product prices"
