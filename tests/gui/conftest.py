"""The GUI tests' shared fixture: one main window, as the app builds it, in English."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlmodel import select

from app.bootstrap import apply_look, default_openers
from app.models import ExchangeRate, PricingPlan
from app.services.workspace.demo import create_demo_workspace
from app.views.kit.i18n import install_translators
from app.views.kit.resources import load_stylesheet
from app.views.kit.settings import AppSettings
from app.views.kit.tasks import TaskRunner
from app.views.pricing.page import PricingPage
from app.views.shell.main_window import MainWindow


@pytest.fixture
def window(qtbot, qsettings: QSettings, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    """The main window with no workspace open, shown; closed with unsaved edits discarded."""
    # Tests replace these dialogs; monkeypatch puts the real ones back afterwards.
    monkeypatch.setattr(QMessageBox, "question", QMessageBox.question)
    monkeypatch.setattr(QMessageBox, "information", QMessageBox.information)
    app = QApplication.instance()
    install_translators(app, "en")
    if app.styleSheet() != load_stylesheet():  # re-styling every widget costs ~1 s
        apply_look(app)
    tasks = TaskRunner()
    main = MainWindow(default_openers(), AppSettings(qsettings), tasks)
    # Not qtbot.addWidget: pytest-qt would close it before this fixture discards unsaved edits.
    main.show()
    yield main
    # Leaving a test with unsaved edits would open a modal "save changes?" question: discard them.
    QMessageBox.question = lambda *a, **k: QMessageBox.StandardButton.Discard  # type: ignore[method-assign]
    main.close_workspace()
    tasks.wait()
    main.close()
    main.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # no dead windows for the next test to style


@pytest.fixture(scope="module")
def demo_without_plans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace built once per module, without its saved plans and its USD rate: every product on its
    default plan, no rate yet. Tests open their own copy."""
    path = tmp_path_factory.mktemp("demo") / "demo.fdw"
    workspace = create_demo_workspace(path)
    with workspace.session() as session:
        for row in [*session.exec(select(PricingPlan)), *session.exec(select(ExchangeRate))]:
            session.delete(row)
    workspace.close()
    return path


@pytest.fixture
def pricing_page(window: MainWindow, demo_without_plans: Path, tmp_path: Path) -> PricingPage:
    """The Pricing page on a copy of the demo without plans or rates."""
    path = tmp_path / "demo.fdw"
    shutil.copyfile(demo_without_plans, path)
    assert window.open_workspace(path)
    window.show_view("pricing")
    assert window.current_view() == "pricing"
    page = window.pages["pricing"]
    assert isinstance(page, PricingPage)
    return page
