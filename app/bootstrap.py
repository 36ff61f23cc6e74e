"""Builds the app once: logging, Qt application, fonts, style, translators, services, the main window."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from app import APP_ID, APP_NAME, __version__
from app.frozen import prepare_runtime
from app.logging_setup import configure_logging
from app.services.workspace import services as workspace_services
from app.views.kit import settings as keys
from app.views.kit.errors import install_excepthook
from app.views.kit.i18n import install_translators, resolve_language
from app.views.kit.resources import load_stylesheet, register_fonts
from app.views.kit.settings import AppSettings
from app.views.kit.tasks import TaskRunner
from app.views.shell.main_window import MainWindow, WorkspaceOpeners

log = logging.getLogger(__name__)


def default_openers() -> WorkspaceOpeners:
    return WorkspaceOpeners(open=workspace_services.open_services, new=workspace_services.new_services,
                            demo=workspace_services.demo_services)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with the app's identity, fonts and stylesheet."""
    QCoreApplication.setOrganizationName(APP_ID)
    QCoreApplication.setApplicationName(APP_ID)
    QCoreApplication.setApplicationVersion(__version__)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or [sys.argv[0]])
    app.setApplicationDisplayName(APP_NAME)
    apply_look(app)
    return app


def apply_look(app: QApplication) -> None:
    """Register the shipped CJK font as a fallback and apply the one stylesheet."""
    app.setStyle("Fusion")  # stylesheets render the same on every OS with Fusion underneath
    families = register_fonts()
    font = QFont(app.font())
    font.setFamilies(["Microsoft YaHei UI", "PingFang SC", "Noto Sans CJK SC", *families, "sans-serif"])
    font.setPointSize(10)
    app.setFont(font)
    app.setStyleSheet(load_stylesheet())


def build_main_window(settings: AppSettings, tasks: TaskRunner, lang: str | None = None) -> MainWindow:
    """Translators for the chosen language, then the window with its services."""
    app = QApplication.instance()
    assert app is not None
    install_translators(app, resolve_language(lang, settings.get(keys.LANGUAGE)))
    return MainWindow(default_openers(), settings, tasks)


def run_gui(workspace: Path | None = None, lang: str | None = None, view: str | None = None,
            screenshot: Path | None = None) -> int:
    """Start the GUI; with `screenshot`, render the loaded window to a PNG and exit."""
    configure_logging()
    log.info("runtime: %s", prepare_runtime())  # frozen builds: resources, keyring backend self-test
    install_excepthook()
    app = create_application()
    settings = AppSettings(QSettings())
    tasks = TaskRunner()
    window = build_main_window(settings, tasks, lang)
    target = workspace or _last_workspace(settings)
    if target is not None and not window.open_workspace(target) and screenshot is not None:
        return 1
    if view:
        window.show_view(view)
    window.show()
    if screenshot is not None:
        _screenshot_when_settled(window, screenshot, app, tasks, time.monotonic() + SCREENSHOT_WAIT_S, 0)
    status = app.exec()
    tasks.wait()
    return status


def _last_workspace(settings: AppSettings) -> Path | None:
    last = settings.get(keys.LAST_WORKSPACE)
    return Path(last) if last and Path(last).exists() else None


#: How long `--screenshot` waits for background work (a page's preview, an automatic backup) to end.
SCREENSHOT_WAIT_S = 30.0


def _screenshot_when_settled(window: MainWindow, target: Path, app: QApplication, tasks: TaskRunner,
                             deadline: float, quiet_checks: int) -> None:
    """Take the screenshot once no background task has run for two checks in a row (or at the deadline),
    so a view that prepares something in the background (the Print page's preview) is shown finished:
    the packaged app's smoke test relies on it to see ReportLab and PDFium work in the frozen build."""
    quiet_checks = quiet_checks + 1 if tasks.idle else 0
    if quiet_checks >= 3 or time.monotonic() > deadline:
        _save_screenshot(window, target, app)
        return
    QTimer.singleShot(400, lambda: _screenshot_when_settled(window, target, app, tasks, deadline, quiet_checks))


def _save_screenshot(window: MainWindow, target: Path, app: QApplication) -> None:
    """Grab the window once it has painted, write the PNG, and quit."""
    target.parent.mkdir(parents=True, exist_ok=True)
    ok = window.grab().save(str(target), "PNG")
    window.close()
    app.exit(0 if ok else 1)
