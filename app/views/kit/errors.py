"""Errors users can act on, shown in their language; bugs logged with a traceback."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from app.views.kit.i18n import current_language

log = logging.getLogger(__name__)


def message_for(error: BaseException) -> str:
    """The text to show for an error: its own message when expected, a generic one for bugs."""
    from app.models.bilingual import Bilingual, UserFacingError  # here: app.models loads SQLAlchemy (start-up)

    if isinstance(error, UserFacingError):
        return error.text(current_language())
    from app.db import typed_error

    typed = typed_error(error)  # a full disk, a read-only folder, a file in use: said plainly
    if typed is not None:
        return typed.text(current_language())
    if isinstance(error, OSError):
        return Bilingual(f"文件操作失败：{error.strerror or error}",
                         f"A file operation failed: {error.strerror or error}") \
            .text(current_language())
    if current_language().startswith("zh"):
        return "出现了意外错误，详情已写入日志（帮助 → 打开日志文件夹）。您的数据没有丢失。"
    return "Something unexpected went wrong; the details are in the log (Help → Open log folder). Your data is safe."


def show_error(parent: QWidget | None, error: BaseException, title: str | None = None) -> None:
    """Tell the user what went wrong; log bugs with their traceback."""
    from app.models.bilingual import UserFacingError

    if not isinstance(error, (UserFacingError, OSError)):
        log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
    box = QMessageBox(QMessageBox.Icon.Warning, title or "Factory Direct", message_for(error),
                      QMessageBox.StandardButton.Ok, parent)
    box.exec()


def install_excepthook() -> None:
    """Log uncaught exceptions (bugs) with a traceback instead of letting the app vanish."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.critical("uncaught exception:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        sys.__excepthook__(kind, value, tb)

    sys.excepthook = hook
