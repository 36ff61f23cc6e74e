"""The outcome of pricing one product on one channel, and its JSON shape (the `price` command's contract).

`PriceResult` keeps exact figures so the GUI can chart a waterfall that adds up; `result_to_dict` rounds each
figure once for presentation exactly as `pricing.md` specifies.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from .chain import ChainResult
from .messages import Message
from .money import format_money, format_rate


class TargetKind(StrEnum):
    """What the seller asks for: a margin on net revenue, a markup on cost, or a fixed price to evaluate."""

    MARGIN = "margin"
    MARKUP = "markup"
    PRICE = "price"


@dataclass(frozen=True)
class Target:
    """A pricing target: kind and value (a fraction for margin/markup, an amount for price)."""

    kind: TargetKind
    value: Decimal


@dataclass(frozen=True)
class FeeLine:
    """One fee per kept unit at the paid price (exact); `fixed` marks per-unit/per-order amounts."""

    name_zh: str
    name_en: str
    amount: Decimal
    fixed: bool = False
    minimum_applied: bool = False


@dataclass(frozen=True)
class PriceResult:
    """Everything the GUI table, the chart and the `price` command show for one priced product.

    Identity (exact): `net_revenue = contribution + percent_fees + unit_cost + returns_allowance` and
    `paid_price + shipping_charged = net_revenue + vat_amount`.
    """

    currency: str
    target: Target
    floor_exact: Decimal | None
    floor_price: Decimal | None
    list_exact: Decimal | None
    list_price: Decimal | None
    price: Decimal
    paid_price: Decimal
    net_revenue: Decimal
    vat_amount: Decimal
    fee_lines: tuple[FeeLine, ...]
    percent_fees: Decimal
    unit_cost: Decimal
    returns_allowance: Decimal
    contribution: Decimal
    margin_on_net: Decimal | None
    markup_on_cost: Decimal | None
    fixed_costs: Decimal
    break_even_units: int | None
    chain: ChainResult | None
    ratio_to_chain: Decimal | None
    warnings: tuple[Message, ...]


def _money(value: Decimal | None, currency: str) -> str | None:
    return None if value is None else format_money(value, currency)


def _rate(value: Decimal | None) -> str | None:
    return None if value is None else format_rate(value)


def result_to_dict(result: PriceResult, lang: str = "en") -> dict[str, Any]:
    """The result as the `price` command prints it (keys and formats exactly as in `pricing.md`).

    Money is a string with the currency's decimals, rates a string with 4 decimals; `chain_price` and
    `ratio_to_chain` appear only when a chain was given; warnings are strings in `lang` (zh or en).
    """
    cur = result.currency
    out: dict[str, Any] = {
        "currency": cur,
        "floor_price": _money(result.floor_exact, cur),
        "list_price": _money(result.list_exact, cur),
        "price": _money(result.price, cur),
        "paid_price": _money(result.paid_price, cur),
        "margin_on_net": _rate(result.margin_on_net),
        "markup_on_cost": _rate(result.markup_on_cost),
        "contribution": _money(result.contribution, cur),
        "break_even_units": result.break_even_units,
    }
    if result.chain is not None:
        out["chain_price"] = _money(result.chain.exact_price, cur)
        out["ratio_to_chain"] = _rate(result.ratio_to_chain)
    out["warnings"] = [w.text(lang) for w in result.warnings]
    return out
