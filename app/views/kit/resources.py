"""Where the app's shipped resources live, and loading them into Qt (icons, fonts, stylesheet)."""

from __future__ import annotations

import logging
from functools import cache

from PySide6.QtCore import QDir
from PySide6.QtGui import QFontDatabase, QIcon

from app.frozen import resources_dir

log = logging.getLogger(__name__)

RESOURCES = resources_dir()  # the repository's resources/, or sys._MEIPASS/resources in a frozen build
UI_FONT_FILE = RESOURCES / "fonts" / "wqy-zenhei.ttc"


@cache
def icon(name: str, light: bool = False) -> QIcon:
    """An icon from resources/icons (light: the white variant for selected items)."""
    path = RESOURCES / "icons" / ("light" if light else "") / f"{name}.svg"
    if not path.exists():
        log.warning("missing icon %s", path)
        return QIcon()
    return QIcon(str(path))


def load_stylesheet() -> str:
    """The one stylesheet; `icons:` URLs in it resolve to resources/icons."""
    QDir.addSearchPath("icons", str(RESOURCES / "icons"))
    path = RESOURCES / "style" / "app.qss"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def register_fonts() -> list[str]:
    """Register the shipped CJK font so the UI never shows boxes on a PC without Chinese fonts."""
    if not UI_FONT_FILE.exists():
        log.warning("CJK font missing: %s", UI_FONT_FILE)
        return []
    font_id = QFontDatabase.addApplicationFont(str(UI_FONT_FILE))
    return list(QFontDatabase.applicationFontFamilies(font_id)) if font_id >= 0 else []
