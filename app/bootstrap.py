"""Builds the app once: logging, Qt application, fonts, style, translators, services, the main window."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from types import ModuleType

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from app import APP_ID, APP_NAME, __version__
from app.frozen import prepare_runtime
from app.logging_setup import configure_logging
from app.views.kit import settings as keys
from app.views.kit.errors import install_excepthook
from app.views.kit.i18n import current_language, install_translators, resolve_language
from app.views.kit.resources import load_stylesheet, register_fonts
from app.views.kit.settings import AppSettings
from app.views.kit.tasks import TaskRunner
from app.views.shell.first_paint import after_next_paint, on_next_paint
from app.views.shell.main_window import DEFAULT_SIZE, MainWindow, WorkspaceOpeners

log = logging.getLogger(__name__)


def default_openers() -> WorkspaceOpeners:
    """The real openers. The services (SQLAlchemy, SQLModel, the models) are imported on first use, which
    is after the shell's first paint: they are most of the start-up's imports."""

    def services() -> ModuleType:
        from app.services.workspace import services

        return services

    return WorkspaceOpeners(open=lambda path: services().open_services(path),
                            new=lambda path: services().new_services(path),
                            demo=lambda path: services().demo_services(path))


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
    """Start the GUI: the shell paints first, then the workspace opens (see `MainWindow.open_when_painted`).
    With `screenshot`, render the loaded window to a PNG and exit (1 when the workspace would not open)."""
    configure_logging()
    log.info("runtime: %s", prepare_runtime())  # frozen builds: resources, keyring backend self-test
    install_excepthook()
    app = create_application()
    settings = AppSettings(QSettings())
    tasks = TaskRunner()
    window = build_main_window(settings, tasks, lang)
    if screenshot is not None:
        # A picture of the app for documents and tests, not a window on this screen (offscreen is 800×600):
        # the size a user gets on first start on a laptop-sized or larger screen.
        window.resize(DEFAULT_SIZE)
        window.interactive = False  # nobody to answer a dialog: a workspace that won't open exits as a command would
    probe = os.environ.get(STARTUP_PROBE) == "1"
    if probe:
        on_next_paint(window, lambda: _stamp("first-paint"))

    def opened(success: bool) -> None:
        if view:
            window.show_view(view)
        if probe:
            on_next_paint(window, lambda: _stamp("content-ready"))
            after_next_paint(window, window.close)
            window.update()  # a paint even when nothing changed (no workspace to open)
        if screenshot is None:
            return
        if not success:
            app.exit(_exit_status(window.open_error))
            return
        _screenshot_when_settled(window, screenshot, app, tasks, time.monotonic() + SCREENSHOT_WAIT_S, 0)

    target = workspace or _last_workspace(settings)
    if target is not None:
        window.open_when_painted(target, then=opened)
    window.show()
    if target is None:
        QTimer.singleShot(0, lambda: opened(True))
    status = app.exec()
    tasks.wait()
    return status


#: Set to 1 by `bench/startup.py`: print `first-paint <time.time()>` as the main window first paints,
#: `content-ready <time.time()>` as it first paints with the workspace open, then close the window.
STARTUP_PROBE = "FACTORY_DIRECT_STARTUP_PROBE"


def _stamp(moment: str) -> None:
    print(moment, repr(time.time()), flush=True)


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


def _exit_status(error: BaseException | None) -> int:
    """A workspace that would not open, as the commands say it (`workspace_errors.exit_status`)."""
    from app.workspace_errors import exit_status

    return exit_status(error)


def _save_screenshot(window: MainWindow, target: Path, app: QApplication) -> None:
    """Grab the window once it has painted, write the PNG, and quit (exit 2, with one line on stderr, when
    the PNG can't be written there)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        saved = window.grab().save(str(target), "PNG")
    except OSError:
        saved = False
    window.close()
    if not saved:
        lines = {"zh_CN": f"无法写入截图：{target}", "en": f"Can't write the screenshot: {target}"}
        print(lines.get(current_language(), lines["en"]), file=sys.stderr)
    app.exit(0 if saved else 2)
