"""pytest-qt: the onboarding wizard on a new workspace — fill, go next, close, reopen and resume; walk to the pack."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from app.services.onboarding.flow import Status, StepId
from app.views.onboarding.wizard import LARGE_FONT_SCALE, OnboardingWizard
from app.views.shell.main_window import MainWindow


@pytest.fixture
def window(window, monkeypatch):  # type: ignore[no-untyped-def]
    """The shared main window; every "save changes?" answered Discard, and the wizard closed afterwards."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    yield window
    if window.onboarding is not None:
        window.onboarding.close()

def open_wizard(window: MainWindow) -> OnboardingWizard:
    assert window.onboarding_action.isEnabled()
    window.onboarding_action.trigger()
    wizard = window.onboarding
    assert isinstance(wizard, OnboardingWizard) and wizard.isVisible()
    return wizard


def test_the_action_needs_a_workspace(window):
    assert not window.onboarding_action.isEnabled()
    assert window.open_onboarding() is None


def test_fill_go_next_close_and_resume(window, qtbot, tmp_path):
    window.new_workspace(tmp_path / "new.fdw")
    wizard = open_wizard(window)
    assert wizard.current_step() is StepId.FACTORY_PROFILE
    assert not wizard.skip_button.isEnabled() and not wizard.back_button.isEnabled()
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.current_step() is StepId.FACTORY_PROFILE, "the Chinese name is required"
    wizard.pages[StepId.FACTORY_PROFILE].fields["name_zh"].setText("宁波星舟箱包厂")
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.current_step() is StepId.BRAND
    assert window.services is not None and window.services.factory.load_profile().name_zh == "宁波星舟箱包厂"
    wizard.close()
    assert window.onboarding is None
    again = open_wizard(window)
    assert again is not wizard
    assert again.current_step() is StepId.BRAND, "reopening resumes where it stopped"
    assert "✓" in again.step_list.item(0).text()
    again.close()


def test_resume_survives_reopening_the_workspace(window, qtbot, tmp_path):
    path = tmp_path / "resume.fdw"
    window.new_workspace(path)
    wizard = open_wizard(window)
    wizard.pages[StepId.FACTORY_PROFILE].fields["name_zh"].setText("星舟")
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.skip_button, Qt.MouseButton.LeftButton)
    assert wizard.current_step() is StepId.FIRST_PRODUCT
    window.close_workspace()
    assert window.onboarding is None and not wizard.isVisible()
    window.open_workspace(path)
    reopened = open_wizard(window)
    assert reopened.current_step() is StepId.FIRST_PRODUCT
    assert reopened.flow.state().step("brand").status is Status.SKIPPED
    reopened.close()


def test_notes_and_large_font(window, qtbot, tmp_path):
    window.new_workspace(tmp_path / "notes.fdw")
    wizard = open_wizard(window)
    wizard.note_edit.setText("决定：先做天猫")
    qtbot.mouseClick(wizard.add_note_button, Qt.MouseButton.LeftButton)
    assert wizard.notes.count() == 1 and wizard.notes.item(0).text().endswith("决定：先做天猫")
    normal = wizard.title.font().pointSizeF()
    normal_field = wizard.note_edit.font().pointSizeF()
    wizard.large_font.setChecked(True)
    assert wizard.title.font().pointSizeF() == pytest.approx(normal * LARGE_FONT_SCALE, abs=0.1)
    assert wizard.note_edit.font().pointSizeF() == pytest.approx(normal_field * LARGE_FONT_SCALE, abs=0.1)
    wizard.large_font.setChecked(False)
    assert wizard.title.font().pointSizeF() == pytest.approx(normal, abs=0.1)
    wizard.close()


def test_scripted_walk_to_the_first_pack(window, qtbot, tmp_path):
    started = time.perf_counter()
    inputs = 0
    window.new_workspace(tmp_path / "walk.fdw")
    wizard = open_wizard(window)
    wizard.pages[StepId.FACTORY_PROFILE].fields["name_zh"].setText("宁波星舟箱包厂")
    inputs += 1
    wizard.pages[StepId.FACTORY_PROFILE].fields["moq"].setText("300")
    inputs += 1
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    wizard.pages[StepId.BRAND].fields["brand_en"].setText("Xingzhou")
    inputs += 1
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.current_step() is StepId.FIRST_PRODUCT
    product = wizard.pages[StepId.FIRST_PRODUCT]
    product.code.setText("XZ-01")
    inputs += 1
    product.name_zh.setText("铝框拉杆箱")
    inputs += 1
    product.category.setCurrentIndex(max(0, product.category.findText("Luggage", Qt.MatchFlag.MatchContains)))
    inputs += 1
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.current_step() is StepId.COSTS_AND_CHANNELS
    costs = wizard.pages[StepId.COSTS_AND_CHANNELS]
    costs.cost.setText("120")
    inputs += 1
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert costs.table.rowCount() > 0, "the channels are priced"
    assert wizard.current_step() is StepId.CHAIN_PICTURE
    assert wizard.pages[StepId.CHAIN_PICTURE].chart.chart_data() is not None
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.current_step() is StepId.FIRST_PACK_AND_SHEET
    pack = wizard.pages[StepId.FIRST_PACK_AND_SHEET]
    out = tmp_path / "out"
    pack.folder.setText(str(out))
    inputs += 1
    shopify = pack.platform_boxes["shopify"]
    qtbot.mouseClick(shopify, Qt.MouseButton.LeftButton, pos=QPoint(8, shopify.height() // 2))
    assert pack.chosen_platforms() == ["shopify"]
    assert pack.rate.isVisibleTo(wizard), "Shopify sells in USD: the step asks for the rate"
    pack.rate.setText("7.2")
    inputs += 1
    inputs += 1
    pack.reason.setText("Draft for the owner to review")  # a bare new product has lint errors
    inputs += 1
    qtbot.mouseClick(pack.make_button, Qt.MouseButton.LeftButton)
    inputs += 1
    qtbot.waitUntil(lambda: pack.task is None, timeout=60000)
    assert pack.problem.text() == "", pack.problem.text()
    assert (out / "shopify").is_dir() and list(out.glob("spec-sheet-*.pdf"))
    state = wizard.flow.state()
    assert state.finished
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)  # Finish
    assert not wizard.isVisible()
    elapsed = time.perf_counter() - started
    print(f"\nonboarding walk: {inputs} inputs, {elapsed:.1f} s")
    assert inputs <= 12  # fields set in code; the person's count is tests/gui/test_gui_first_session_walk.py
