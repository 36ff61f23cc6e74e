"""pytest-qt: the first session's path is joined up (#16) — 新建工作区 leads straight into the onboarding wizard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

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
