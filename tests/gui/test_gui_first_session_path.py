"""pytest-qt: the first session's path is joined up (#16) — 新建工作区 leads straight into the onboarding wizard."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from walk_input import type_text

from app.services.onboarding.flow import StepId
from app.views.onboarding.wizard import OnboardingWizard


@pytest.fixture
def window(window, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    yield window
    if window.onboarding is not None:
        window.onboarding.close()


@pytest.mark.parametrize("how", ["welcome button", "file menu"])
def test_a_new_workspace_opens_the_wizard_on_it(window, qtbot, tmp_path, monkeypatch, how):
    path = tmp_path / "ningbo.fdw"
    monkeypatch.setattr(window, "_ask_new_path", lambda *_args: path)
    if how == "welcome button":
        qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)
    else:
        window.new_action.trigger()
    assert window.services is not None and window.services.path == path
    wizard = window.onboarding
    assert isinstance(wizard, OnboardingWizard) and wizard.isVisible()
    assert wizard.current_step() is StepId.FACTORY_PROFILE


def test_cancelling_the_file_dialog_opens_nothing(window, qtbot, monkeypatch):
    monkeypatch.setattr(window, "_ask_new_path", lambda *_args: None)
    qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)
    assert window.services is None and window.onboarding is None


def test_the_wizard_carries_the_brand_and_the_cost(window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(window, "_ask_new_path", lambda *_args: tmp_path / "carry.fdw")
    qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)
    wizard = window.onboarding
    type_text(qtbot, wizard.pages[StepId.FACTORY_PROFILE].fields["name_zh"], "宁波星舟箱包厂")
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    type_text(qtbot, wizard.pages[StepId.BRAND].fields["brand_zh"], "行者")
    type_text(qtbot, wizard.pages[StepId.BRAND].fields["brand_en"], "Xingzhe")
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    step = wizard.pages[StepId.FIRST_PRODUCT]
    type_text(qtbot, step.code, "XZ-01")
    type_text(qtbot, step.name_zh, "铝框拉杆箱")
    type_text(qtbot, step.name_en, "Aluminium trolley case")
    qtbot.mouseClick(step.create_button, Qt.MouseButton.LeftButton)
    services = window.services
    product_id = services.products.product_id_for_code("XZ-01")
    detail = services.products.load(product_id)
    assert (detail.brand, detail.name_en) == ("行者 Xingzhe", "Aluminium trolley case")

    # Two colours made in the editor (not what this test is about), then the cost typed once in step 4.
    services.products.apply_variant_plan(
        product_id, [{"key": "colour", "name_zh": "颜色", "name_en": "Colour", "values": ["黑色", "灰色"]}],
        "{product}-{colour}", detail.version)
    wizard.flow.go_to(StepId.COSTS_AND_CHANNELS)
    wizard.show_flow(refresh_pages=True)
    costs = wizard.pages[StepId.COSTS_AND_CHANNELS]
    type_text(qtbot, costs.cost, "120")
    qtbot.mouseClick(costs.update_button, Qt.MouseButton.LeftButton)
    assert [sku.cost for sku in services.products.load(product_id).skus] == [Decimal("120")] * 2
    assert "2" in costs.filled.text() and costs.filled.isVisibleTo(wizard)
