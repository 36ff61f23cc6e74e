"""Bilingual messages and the typed errors of the pricing engine.

Every text a user may see exists in Chinese and English; the GUI and the command line pick one by
language. Errors are typed so callers can tell expected failures (bad input, impossible target) from bugs.
"""

from __future__ import annotations

from dataclasses import dataclass


def _is_zh(lang: str) -> bool:
    """True for any Chinese locale tag (zh, zh_CN, zh-Hans…)."""
    return lang.lower().startswith("zh")


@dataclass(frozen=True)
class Message:
    """A user-facing note in both languages with a stable machine code (for tests and filtering)."""

    code: str
    zh: str
    en: str

    def text(self, lang: str = "en") -> str:
        """The message in `lang` (`zh…` gives Chinese, anything else English)."""
        return self.zh if _is_zh(lang) else self.en


class BilingualError(Exception):
    """An expected failure carrying a one-line message in Chinese and English; `str()` gives English."""

    def __init__(self, message_en: str, message_zh: str | None = None) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_zh = message_zh if message_zh is not None else message_en

    def message(self, lang: str = "en") -> str:
        """The message in `lang` (`zh…` gives Chinese, anything else English)."""
        return self.message_zh if _is_zh(lang) else self.message_en


class PricingError(BilingualError, ValueError):
    """Base of every expected pricing failure."""


class InvalidAmount(PricingError):
    """User-entered text is not a usable, finite, non-negative amount or rate."""

    def __init__(self, text: str, message_en: str, message_zh: str) -> None:
        super().__init__(message_en, message_zh)
        self.text = text


class ScenarioError(PricingError):
    """A scenario (or any pricing input) is invalid; the message is one line naming what is wrong."""


class InfeasibleTarget(ScenarioError):
    """No price can reach the target: fees, VAT and the target margin leave nothing to cover costs.

    A subclass of `ScenarioError` so the command line can map both to exit status 2 with one `except`.
    """

    def __init__(self, message_en: str, message_zh: str, denominator: object = None) -> None:
        super().__init__(message_en, message_zh)
        self.denominator = denominator


class FxRateMissing(PricingError):
    """No exchange rate is known for a currency pair on or before the requested date."""
