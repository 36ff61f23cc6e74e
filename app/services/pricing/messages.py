"""Bilingual notes and the typed errors of the pricing engine.

Every text a user may see exists in Chinese and English; the GUI and the command line pick one by
language. Errors are typed so callers can tell expected failures (bad input, impossible target) from bugs.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.models.bilingual import Bilingual, UserFacingError


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


class PricingError(UserFacingError, ValueError):
    """Base of every expected pricing failure: a `UserFacingError` like every other expected failure of the app
    (one family, the message a `Bilingual`), and a `ValueError` for callers that only know Python's."""


class InvalidAmount(PricingError):
    """User-entered text is not a usable, finite, non-negative amount or rate."""

    def __init__(self, entered: str, message: Bilingual) -> None:
        super().__init__(message)
        self.entered = entered


class ScenarioError(PricingError):
    """A scenario (or any pricing input) is invalid; the message is one line naming what is wrong."""


class InfeasibleTarget(ScenarioError):
    """No price can reach the target: fees, VAT and the target margin leave nothing to cover costs.

    A subclass of `ScenarioError` so the command line can map both to exit status 2 with one `except`.
    """

    def __init__(self, message: Bilingual, denominator: object = None) -> None:
        super().__init__(message)
        self.denominator = denominator


class FxRateMissing(PricingError):
    """No exchange rate is known for a currency pair on or before the requested date."""
