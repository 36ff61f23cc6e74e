"""Psychological price endings (…9, …8, …99, n.99, …9.9), always rounding up so a floor price holds.

Each style is a grid of allowed prices in minor units: a price `n` (in cents for CNY) is allowed when
`n ≡ r (mod M)`. Applying an ending picks the smallest allowed price ≥ the exact price; a price already on
the grid stays. With `avoid_digit_4` (4 sounds like 死 "death"), candidates whose shown digits contain a 4 are
skipped by jumping past the offending digit, so the search is fast even across 400–499.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum

from app.services.kernel.money import currency_decimals, pricing_context


class EndingStyle(StrEnum):
    """The supported endings (values are the names used in scenario files)."""

    NONE = "NONE"  # up to the minor unit
    END_9 = "END_9"  # whole price ending in 9: 209
    END_8 = "END_8"  # whole price ending in 8: 208
    END_99 = "END_99"  # whole price ending in 99: 299
    X_99 = "X_99"  # n.99: 67.99
    X9_9 = "X9_9"  # …9.90: 159.90


@dataclass(frozen=True)
class Ending:
    """A price ending and whether to skip prices showing the digit 4."""

    style: EndingStyle = EndingStyle.NONE
    avoid_digit_4: bool = False


def _grid(style: EndingStyle, units: int) -> tuple[int, int]:
    """(remainder, modulus) in minor units for `style`; `units` = minor units per whole unit (100 or 1).

    For currencies without cents (JPY) the cent-based styles fall back: X_99 → END_99, X9_9 → END_9.
    """
    if units < 100 and style is EndingStyle.X_99:
        style = EndingStyle.END_99
    if units < 10 and style is EndingStyle.X9_9:
        style = EndingStyle.END_9
    grids = {
        EndingStyle.NONE: (0, 1),
        EndingStyle.END_9: (9 * units, 10 * units),
        EndingStyle.END_8: (8 * units, 10 * units),
        EndingStyle.END_99: (99 * units, 100 * units),
        EndingStyle.X_99: (units - units // 100, units),
        EndingStyle.X9_9: (9 * units + 9 * units // 10, 10 * units),
    }
    return grids[style]


def _align_up(n: int, remainder: int, modulus: int) -> int:
    """Smallest m ≥ n with m ≡ remainder (mod modulus)."""
    return n + (remainder - n) % modulus


def _skip_fours(n: int, remainder: int, modulus: int) -> int:
    """Smallest grid value ≥ n whose digits contain no 4 (the grid's own digits never include a 4)."""
    n = _align_up(n, remainder, modulus)
    digits = str(n)
    while "4" in digits:
        place = 10 ** (len(digits) - 1 - digits.index("4"))
        n = _align_up((n // place + 1) * place, remainder, modulus)
        digits = str(n)
    return n


def apply_ending(price: Decimal, ending: Ending, currency: str) -> Decimal:
    """The smallest price ≥ `price` that lands on `ending` (exact prices on the ending stay).

    206.12 → END_9 209, END_8 208; 67.18 → X_99 67.99; 159.68 → X9_9 159.90; NONE rounds up to the cent.
    The result carries the currency's decimals (209 → Decimal('209.00') for CNY).
    """
    if price < 0:
        raise ValueError("a price ending needs a non-negative price")
    places = currency_decimals(currency)
    units = 10**places
    remainder, modulus = _grid(ending.style, units)
    with pricing_context():
        minor = int((price * units).to_integral_value(rounding=ROUND_CEILING))
    minor = _skip_fours(minor, remainder, modulus) if ending.avoid_digit_4 else _align_up(minor, remainder, modulus)
    return Decimal(minor).scaleb(-places)


def next_above(price: Decimal, ending: Ending, currency: str) -> Decimal:
    """The next price on `ending` strictly above `price` (used to step past a price that fails a check)."""
    step = Decimal(1).scaleb(-currency_decimals(currency))
    with pricing_context():
        return apply_ending(price + step, ending, currency)


def has_digit_4(price: Decimal, currency: str) -> bool:
    """True when `price`, shown with the currency's decimals, contains the digit 4."""
    places = currency_decimals(currency)
    with pricing_context():
        minor = int((price * 10**places).to_integral_value(rounding=ROUND_CEILING))
    return "4" in str(minor)
