"""Dated exchange rates for cross-border channels.

A rate `(date, from, to, rate)` means 1 unit of `from` buys `rate` units of `to` from that date on. Lookups
take the latest rate on or before the requested date; the inverse pair is used (as 1/rate) when only the
other direction is known. Conversion keeps full precision and rounds once, in `convert`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.models.bilingual import Bilingual
from app.services.kernel.money import is_known_currency, pricing_context, quantize_money

from .messages import FxRateMissing, ScenarioError
from .money import ONE


@dataclass(frozen=True)
class FxRate:
    """1 `source` = `rate` `target`, valid from `day` until a later rate replaces it."""

    day: date
    source: str
    target: str
    rate: Decimal

    def __post_init__(self) -> None:
        if not (is_known_currency(self.source) and is_known_currency(self.target)):
            raise ScenarioError(Bilingual(f"汇率 {self.source}->{self.target} 含未知币种",
                                          f"unknown currency in rate {self.source}->{self.target}"))
        if not (self.rate.is_finite() and self.rate > 0):
            raise ScenarioError(Bilingual(f"汇率 {self.source}->{self.target} 必须大于 0",
                                          f"rate {self.source}->{self.target} must be positive"))


@dataclass(frozen=True)
class FxTable:
    """An immutable set of dated rates."""

    rates: tuple[FxRate, ...]

    def _latest(self, source: str, target: str, on: date) -> FxRate | None:
        found = [r for r in self.rates if r.source == source and r.target == target and r.day <= on]
        return max(found, key=lambda r: r.day) if found else None

    def rate_on(self, source: str, target: str, on: date) -> Decimal:
        """Units of `target` per unit of `source` on `on` (exact); raises `FxRateMissing` when unknown."""
        if source == target:
            return ONE
        direct = self._latest(source, target, on)
        inverse = self._latest(target, source, on)
        if direct is not None and (inverse is None or direct.day >= inverse.day):
            return direct.rate
        if inverse is not None:
            with pricing_context():
                return ONE / inverse.rate
        raise FxRateMissing(Bilingual(f"没有 {on.isoformat()} 当日或之前的 {source}->{target} 汇率",
                                      f"no exchange rate {source}->{target} on or before {on.isoformat()}"))

    def convert_exact(self, amount: Decimal, source: str, target: str, on: date) -> Decimal:
        """`amount` in `target` currency at full precision (for further calculation)."""
        rate = self.rate_on(source, target, on)
        with pricing_context():
            return amount * rate

    def convert(self, amount: Decimal, source: str, target: str, on: date) -> Decimal:
        """`amount` in `target` currency, rounded once half-up to the target's minor unit."""
        return quantize_money(self.convert_exact(amount, source, target, on), target)


def fx_table(rows: list[tuple[date, str, str, Decimal]]) -> FxTable:
    """Build a table from `(date, from, to, rate)` rows."""
    return FxTable(tuple(FxRate(day, source, target, rate) for day, source, target, rate in rows))
