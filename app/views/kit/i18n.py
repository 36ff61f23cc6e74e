"""UI language: Qt translators for the app (resources/i18n/*.qm, compiled from .ts at set-up) and Qt itself."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.i18n_core import normalise_language, system_language
from app.views.kit.resources import RESOURCES

log = logging.getLogger(__name__)
I18N = RESOURCES / "i18n"
_state = {"language": "en"}
_installed: list[QTranslator] = []


def current_language() -> str:
    """The language the UI speaks now ("zh_CN" or "en")."""
    return _state["language"]


def is_chinese() -> bool:
    return current_language().startswith("zh")


def resolve_language(requested: str | None, saved: str | None) -> str:
    """Command line first, then the saved setting, then the system language."""
    return normalise_language(requested) or normalise_language(saved) or system_language()


def compiled_catalogue(language: str) -> Path | None:
    """The .qm for `language`, compiling the .ts first if only the source is there (a fresh checkout)."""
    qm = I18N / f"factory_direct_{language}.qm"
    ts = qm.with_suffix(".ts")
    if ts.exists() and (not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime):
        _compile(ts, qm)
    return qm if qm.exists() else None


def _compile(ts: Path, qm: Path) -> None:
    tool = shutil.which("pyside6-lrelease") or str(Path(sys.executable).with_name("pyside6-lrelease"))
    try:
        subprocess.run([tool, str(ts), "-qm", str(qm)], check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("could not compile %s: %s", ts, error)


def install_translators(app: QCoreApplication, language: str) -> None:
    """Install the app's and Qt's own translators for `language` (replacing earlier ones)."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    _state["language"] = language
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China) if language.startswith("zh")
                       else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    if language == "en":
        # The source strings are English; the English catalogue holds only plural forms ("%n SKU(s)" →
        # "1 SKU" / "4 SKUs"), which tr(text, "", n) picks by count.
        _install_own_catalogue(app, language)
        return
    qt = QTranslator(app)
    if qt.load(QLocale(language), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    _install_own_catalogue(app, language)


def _install_own_catalogue(app: QCoreApplication, language: str) -> None:
    catalogue = compiled_catalogue(language)
    own = QTranslator(app)
    if catalogue is not None and own.load(str(catalogue)):
        app.installTranslator(own)
        _installed.append(own)
    else:
        log.warning("no translation catalogue for %s", language)


def list_text(items: Iterable[str]) -> str:
    """Items as a list in the UI language: 天猫、淘宝 in Chinese (an ASCII comma between Chinese words reads as
    a typo), "Tmall, Taobao" in English."""
    return ("、" if is_chinese() else ", ").join(items)
