"""Decimal helpers: currencies, the pricing context, rounding once, and parsing what users type.

Money is `Decimal` built from text, never float. Calculations run in `pricing_context()` (50 significant
digits) so intermediate results keep full precision; only presentation and final prices are rounded, half-up
to the currency's minor unit.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import (
    ROUND_HALF_UP,
    Decimal,
    InvalidOperation,
    Overflow,
)

from app.models.bilingual import Bilingual
from app.services.kernel.money import (
    pricing_context,
    quantize_money,
)

from .messages import InvalidAmount

#: Largest amount accepted from users: far beyond any real price, small enough to stay exact.
MAX_AMOUNT = Decimal("1e20")

#: Most significant digits accepted from users: exact in the 50-digit working context.
MAX_DIGITS = 34

#: Amounts below this (but above zero) are treated as typing accidents such as `1e-40`.
MIN_NONZERO = Decimal("1e-12")

ZERO = Decimal(0)
ONE = Decimal(1)
RATE_QUANTUM = Decimal("0.0001")


_CURRENCY_MARKS = re.compile(r"(?i)(US\$|CNY|RMB|USD|EUR|JPY|GBP|HKD|[¥$€£]|元|円)")
_PLAIN = re.compile(r"^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,4})?$")
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_SPACE_GROUPED = re.compile(r"^[+]?\d{1,3}( \d{3})+(\.\d+)?$")
_MINUS = ("-", "\u2212", "\u2013")


def format_money(amount: Decimal, currency: str) -> str:
    """`amount` as a plain string with the currency's decimals, e.g. '209.00' (no exponent)."""
    return f"{quantize_money(amount, currency):f}"


def format_rate(rate: Decimal) -> str:
    """A rate (fraction) as a string with 4 decimals, half-up: Decimal('0.20852') -> '0.2085'."""
    with pricing_context():
        result = rate.quantize(RATE_QUANTUM, rounding=ROUND_HALF_UP)
    return f"{result.copy_abs() if result.is_zero() else result:f}"


def _invalid(text: str, en: str, zh: str) -> InvalidAmount:
    """An `InvalidAmount` quoting (at most 40 characters of) the offending text on one line."""
    shown = text if len(text) <= 40 else text[:37] + "..."
    return InvalidAmount(text, Bilingual(f"{zh}：{shown!r}", f"{en}: {shown!r}"))


def _normalise(text: str) -> str:
    """NFKC (full-width digits and signs to ASCII), drop currency marks, outer spaces and space grouping.

    Spaces inside a number are kept (and rejected later) unless they group thousands ('1 234.50'), so
    '5 5' is not silently read as 55.
    """
    cleaned = _CURRENCY_MARKS.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    cleaned = re.sub(r"^([+\-\u2212\u2013])\s+", r"\1", cleaned)
    return cleaned.replace(" ", "") if _SPACE_GROUPED.match(cleaned) else cleaned


def _check_range(value: Decimal, text: str) -> Decimal:
    """Reject amounts too large to be real or so small they can only be a typo."""
    if value > MAX_AMOUNT:
        raise _invalid(text, "Amount is too large", "金额过大")
    if value != 0 and value < MIN_NONZERO:
        raise _invalid(text, "Amount is too small to be real", "金额过小，不像真实数值")
    return value


def parse_decimal(text: str) -> Decimal:
    """Parse an amount a user typed ('¥1,234.50', '１２３元', '12.5 CNY') into an exact, non-negative Decimal.

    Accepts full-width digits, currency symbols and codes, spaces and well-formed thousands separators.
    Rejects empty text, NaN, Infinity, negatives, huge exponents (1e400), ambiguous separators ('12,50')
    and anything else with `InvalidAmount`, whose message exists in Chinese and English.
    """
    if not isinstance(text, str):
        raise InvalidAmount(repr(text), Bilingual("金额必须是文本", "Amount must be text"))
    cleaned = _normalise(text)
    if not cleaned:
        raise _invalid(text, "Amount is empty", "金额为空")
    if cleaned.startswith(_MINUS):
        raise _invalid(text, "Amount must not be negative", "金额不能为负数")
    cleaned = cleaned.removeprefix("+")
    if _GROUPED.match(cleaned):
        cleaned = cleaned.replace(",", "")
    if not _PLAIN.match(cleaned):
        raise _invalid(text, "Not a number", "不是有效数字")
    try:
        value = Decimal(cleaned)
    except (InvalidOperation, Overflow) as exc:
        raise _invalid(text, "Amount is out of range", "金额超出范围") from exc
    if len(value.as_tuple().digits) > MAX_DIGITS:
        raise _invalid(text, "Amount has too many digits", "金额位数过多")
    return _check_range(value, text)


def parse_rate(text: str) -> Decimal:
    """Parse a rate typed as a fraction ('0.05') or a percentage ('5%', '５％') into a fraction."""
    if not isinstance(text, str):
        raise InvalidAmount(repr(text), Bilingual("比率必须是文本", "Rate must be text"))
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if cleaned.endswith("%"):
        with pricing_context():
            return parse_decimal(cleaned[:-1]) / 100
    return parse_decimal(cleaned)


def to_decimal(value: object) -> Decimal:
    """Convert a JSON value (str, int, Decimal or float) to Decimal without float arithmetic.

    Floats go through their shortest repr (`0.1` -> '0.1'); booleans and other types are refused.
    """
    if isinstance(value, bool):
        raise InvalidAmount(repr(value), Bilingual("金额必须是数字或文本", "Amount must be a number or text"))
    if isinstance(value, Decimal):
        return parse_decimal(f"{value:f}") if value.is_finite() else parse_decimal(str(value))
    if isinstance(value, int):
        return parse_decimal(str(value))
    if isinstance(value, (str, float)):
        return parse_decimal(value if isinstance(value, str) else repr(value))
    raise InvalidAmount(repr(value), Bilingual("金额必须是数字或文本", "Amount must be a number or text"))


def to_rate(value: object) -> Decimal:
    """Like `to_decimal`, but strings may be percentages ('5%')."""
    if isinstance(value, str):
        return parse_rate(value)
    return to_decimal(value)
