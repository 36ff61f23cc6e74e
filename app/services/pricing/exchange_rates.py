"""The workspace's exchange rates: one dated table that every pricing path converts with (no Qt).

A factory has one set of books, so a rate belongs to the workspace, not to a product: the Pricing page, listing
packs, price lists, shop pushes, the readiness report and the command line all read `fx_table(workspace)`.
Before schema revision 0005 each pricing plan kept its own rates, so a product without a saved plan (every
product of an imported catalogue) could never be priced on a USD channel; migration 0005 moved them here.

A row `(day, source, target, rate)` means 1 `source` buys `rate` `target` from `day` on, until a later row for
the pair replaces it; there is at most one row per day and pair, so setting a rate for a day that has one
replaces it. Lookups (`FxTable.rate_on`) take the latest row on or before the date and use the inverse pair
(1/rate) when only the other direction is known.

Input the user typed goes through the app's money parsing (`parse_decimal`: NFKC, full-width digits, grouping,
no NaN/Infinity/negatives); a rate must be above zero and the currencies three-letter ISO 4217 codes the engine
can round. Anything else is an `ExchangeRateError` with its message in Chinese and English. Every write is one
transaction with an audit entry.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlmodel import Session, col, select

from app.db import Workspace
from app.models import ExchangeRate
from app.models.bilingual import Bilingual, UserFacingError
from app.models.types import utc_now
from app.services.kernel import audit
from app.services.kernel.money import (
    CURRENCY_DECIMALS,
    is_known_currency,
    pricing_context,
)
from app.services.pricing import FxRate, FxTable, PricingError, parse_decimal

#: Where a user enters a rate, named in messages (the Settings dialog and the Pricing page field).
WHERE_ZH = "“设置 → 汇率”或定价页"
WHERE_EN = "Settings → Exchange rates, or on the Pricing page"


class ExchangeRateError(UserFacingError):
    """A rate or currency the user typed can't be used; the message says why, in both languages."""


def known_currencies() -> tuple[str, ...]:
    """The currencies a rate may name: those the pricing engine can round, CNY first."""
    return tuple(sorted(CURRENCY_DECIMALS, key=lambda code: (code != "CNY", code)))


def parse_rate(text: str) -> Decimal:
    """A rate typed by the user ('7.10', '７．１', ' 7.1 ') as an exact Decimal above zero."""
    try:
        rate = parse_decimal(text)
    except PricingError as error:
        raise ExchangeRateError(Bilingual(f"汇率无效：{error.text('zh')}",
                                          f"Not a usable exchange rate: {error.text('en')}")) from None
    return check_rate(rate)


def check_rate(rate: Decimal) -> Decimal:
    """`rate` if it is finite and above zero; an `ExchangeRateError` otherwise."""
    if not (rate.is_finite() and rate > 0):
        raise ExchangeRateError(Bilingual("汇率必须大于 0。", "An exchange rate must be above 0."))
    return rate


def parse_currency(text: str) -> str:
    """An ISO 4217 code typed in any width or case ('usd', 'ＵＳＤ') as 'USD'; one the engine can't round is
    refused, naming the ones it can."""
    code = unicodedata.normalize("NFKC", text or "").strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise ExchangeRateError(Bilingual(f"币种应为三个字母的 ISO 4217 代码（如 USD），而不是“{text}”。",
                                          f"A currency is a three-letter ISO 4217 code (like USD), not '{text}'."))
    if not is_known_currency(code):
        known = ", ".join(known_currencies())
        raise ExchangeRateError(Bilingual(f"暂不支持币种 {code}（支持：{known}）。",
                                          f"Currency {code} is not supported (supported: {known})."))
    return code


def _pair(source: str, target: str) -> tuple[str, str]:
    pair = parse_currency(source), parse_currency(target)
    if pair[0] == pair[1]:
        raise ExchangeRateError(Bilingual("汇率的两种币种必须不同。",
                                          "An exchange rate needs two different currencies."))
    return pair


def new_rate(day: date, source: str, target: str, text: str) -> FxRate:
    """A rate from what the user entered (1 `source` = `text` `target` from `day` on), validated; written by
    `set_rate`. Raises `ExchangeRateError`."""
    source, target = _pair(source, target)
    return FxRate(day, source, target, parse_rate(text))


def list_rates(workspace: Workspace) -> list[FxRate]:
    """Every rate, newest day first, then by pair."""
    with workspace.session() as session:
        rows = session.exec(select(ExchangeRate).order_by(col(ExchangeRate.day).desc(), col(ExchangeRate.source),
                                                          col(ExchangeRate.target))).all()
        return [FxRate(row.day, row.source, row.target, row.rate) for row in rows]


def fx_table(workspace: Workspace) -> FxTable:
    """The table every price conversion of the workspace uses."""
    return FxTable(tuple(list_rates(workspace)))


def rate_in_force(rates: Sequence[FxRate], source: str, target: str, on: date) -> FxRate | None:
    """The row `FxTable.rate_on(source, target, on)` converts with — the pair's own latest row on or before
    `on`, or the inverse pair's when that is newer — or None (what a field showing "the rate" edits)."""
    def latest(a: str, b: str) -> FxRate | None:
        found = [r for r in rates if r.source == a and r.target == b and r.day <= on]
        return max(found, key=lambda r: r.day) if found else None
    direct, inverse = latest(source, target), latest(target, source)
    if direct is not None and (inverse is None or direct.day >= inverse.day):
        return direct
    return inverse


def rate_for_day(rates: Sequence[FxRate], day: date, source: str, target: str) -> FxRate | None:
    """The row of exactly that day and pair, if any (what setting a rate for that day replaces)."""
    return next((r for r in rates if (r.day, r.source, r.target) == (day, source, target)), None)


def shown_rate(row: FxRate, source: str) -> Decimal:
    """Units of the other currency per unit of `source` by `row`: its rate, or for an inverse row 1/rate to
    10 significant digits (a field can't show the 50 digits of 1/7.1)."""
    if row.source == source:
        return row.rate
    with pricing_context():
        inverse = Decimal(1) / row.rate
        return inverse.quantize(Decimal(1).scaleb(inverse.adjusted() - 9)).normalize()


def set_rate(workspace: Workspace, day: date, source: str, target: str, rate: Decimal) -> FxRate | None:
    """Add the rate for `day` and the pair, or replace the one that day has; returns the replaced rate (None when
    it was new), so an undo can put it back."""
    source, target = _pair(source, target)
    rate = check_rate(rate)
    with workspace.session() as session:
        row = _row(session, day, source, target)
        previous = None if row is None else FxRate(row.day, row.source, row.target, row.rate)
        row = row or ExchangeRate(day=day, source=source, target=target, rate=rate)
        row.rate = rate
        row.updated_at = utc_now()
        session.add(row)
        session.flush()
        audit.record(session, "exchange_rate", f"{day.isoformat()} {source}/{target}",
                     "create" if previous is None else "update",
                     {"rate": f"{rate:f}", "before": None if previous is None else f"{previous.rate:f}"})
    return previous


def delete_rate(workspace: Workspace, day: date, source: str, target: str) -> FxRate | None:
    """Remove the rate for `day` and the pair; returns it (None when there was none)."""
    source, target = _pair(source, target)
    with workspace.session() as session:
        row = _row(session, day, source, target)
        if row is None:
            return None
        removed = FxRate(row.day, row.source, row.target, row.rate)
        session.delete(row)
        audit.record(session, "exchange_rate", f"{day.isoformat()} {source}/{target}", "delete",
                     {"rate": f"{removed.rate:f}"})
    return removed


def _row(session: Session, day: date, source: str, target: str) -> ExchangeRate | None:
    return session.exec(select(ExchangeRate).where(ExchangeRate.day == day, ExchangeRate.source == source,
                                                   ExchangeRate.target == target)).first()


def missing_rate(source: str, target: str, on: date) -> Bilingual:
    """What to say when a conversion has no rate: the workspace's table needs one (not each product)."""
    return Bilingual(
        f"没有 {on.isoformat()} 当日或之前的 {source}→{target} 汇率：请在{WHERE_ZH}添加一条，所有产品共用。",
        f"No {source}→{target} exchange rate on or before {on.isoformat()}: add one in {WHERE_EN}; "
        "it applies to every product.")


__all__ = [
    "WHERE_EN", "WHERE_ZH", "ExchangeRateError", "check_rate", "delete_rate", "fx_table", "known_currencies",
    "list_rates", "missing_rate", "new_rate", "parse_currency", "parse_rate", "rate_for_day", "rate_in_force",
    "set_rate", "shown_rate",
]
