"""The user's language, decided without Qt (the command line needs it too)."""

from __future__ import annotations

import locale
import os

SUPPORTED = ("zh_CN", "en")


def normalise_language(value: str | None) -> str | None:
    """Map "zh", "zh_CN", "zh-Hans", "en_US"… to a supported language, or None."""
    if not value:
        return None
    lowered = value.replace("-", "_").lower()
    if lowered.startswith("zh"):
        return "zh_CN"
    if lowered.startswith("en"):
        return "en"
    return None


def system_language() -> str:
    """Chinese when the system locale is Chinese, English otherwise."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        language = normalise_language(os.environ.get(variable, "").split(":")[0])
        if language:
            return language
    try:
        language = normalise_language(locale.getlocale()[0])
    except ValueError:
        language = None
    return language or "en"
