"""Money's primitives, below every feature: the currencies the app rounds, the decimal context every amount is
computed in (50 digits, half-up, invalid operations and overflow trapped, so intermediate results keep full
precision), and rounding once, half-up, to the currency's minor unit. Parsing what users type is the pricing
engine's (`pricing.money`), which raises its own errors.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    getcontext,
    localcontext,
)

#: Minor-unit decimals per supported currency (ISO 4217).
CURRENCY_DECIMALS: dict[str, int] = {"CNY": 2, "USD": 2, "EUR": 2, "GBP": 2, "HKD": 2, "JPY": 0}
#: How a price shows each currency.
CURRENCY_SYMBOLS: dict[str, str] = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "HKD": "HK$", "JPY": "JP¥"}

#: Working precision for every money calculation (well above the 34 digits required).
PRECISION = 50

_CONTEXT = Context(prec=PRECISION, rounding=ROUND_HALF_UP, traps=[InvalidOperation, DivisionByZero, Overflow])
_PRECISE = Context(prec=4 * PRECISION, rounding=ROUND_HALF_UP,
                   traps=[InvalidOperation, DivisionByZero, Overflow])
_ALREADY_ACTIVE = nullcontext()  # reusable: entering it does nothing


def pricing_context() -> AbstractContextManager[object]:
    """A local decimal context with 50 digits, half-up, trapping invalid operations and overflow.

    Inside an active pricing context it is a no-op, so nested helpers cost nothing; inside a `precise_context`
    too, so a calculation run again there keeps its extra digits all the way through.
    """
    current = getcontext()
    if current.prec >= PRECISION and current.rounding == ROUND_HALF_UP and current.traps[InvalidOperation]:
        return _ALREADY_ACTIVE
    return localcontext(_CONTEXT)


def precise_context() -> AbstractContextManager[object]:
    """The pricing context with four times its digits: to settle what 50 digits leave undecided (a result
    that sits on a rounding boundary or a hair beside it, see `pricing.engine.settle`)."""
    return localcontext(_PRECISE)


def is_known_currency(currency: str) -> bool:
    """True for the currencies the engine can round."""
    return currency in CURRENCY_DECIMALS


def currency_decimals(currency: str) -> int:
    """Digits after the point for `currency` (2 for CNY/USD/EUR, 0 for JPY); KeyError when unknown."""
    return CURRENCY_DECIMALS[currency]


_MINOR_UNITS = {code: Decimal(1).scaleb(-places) for code, places in CURRENCY_DECIMALS.items()}


def minor_unit(currency: str) -> Decimal:
    """The smallest amount of `currency`: 0.01 for CNY/USD/EUR, 1 for JPY."""
    return _MINOR_UNITS[currency]


def quantize_money(amount: Decimal, currency: str) -> Decimal:
    """Round `amount` once, half-up, to the currency's minor unit (never shows `-0.00`)."""
    with pricing_context():
        result = amount.quantize(minor_unit(currency), rounding=ROUND_HALF_UP)
    return result.copy_abs() if result.is_zero() else result
