"""GTIN barcodes (EAN-13, UPC-A/GTIN-12, GTIN-8, GTIN-14): mod-10 check digits.

GTINs are kept as text everywhere: Excel drops leading zeros and writes long numbers in
scientific notation, so a GTIN must never pass through an int or a float.
"""

from __future__ import annotations

VALID_LENGTHS = (8, 12, 13, 14)
#: GS1 prefixes assigned to China (mainland): 690–699.
CHINA_PREFIXES = tuple(str(p) for p in range(690, 700))


def gtin_check_digit(body: str) -> int:
    """The mod-10 check digit for `body` (the GTIN without its last digit).

    Weights 3 and 1 alternate starting with 3 at the rightmost digit of the body.
    """
    if not body.isdigit() or not body.isascii():
        raise ValueError(f"GTIN body must be ASCII digits: {body!r}")
    total = 0
    for position, char in enumerate(reversed(body)):
        total += int(char) * (3 if position % 2 == 0 else 1)
    return (10 - total % 10) % 10


def is_valid_gtin(code: str) -> bool:
    """True when `code` is 8, 12, 13 or 14 ASCII digits with a correct check digit."""
    if not isinstance(code, str) or len(code) not in VALID_LENGTHS:
        return False
    if not (code.isdigit() and code.isascii()):
        return False
    return gtin_check_digit(code[:-1]) == int(code[-1])


def gtin_problem(code: str) -> str | None:
    """A short machine-readable reason why `code` is not a valid GTIN, or None if it is.

    Reasons: "not_digits", "bad_length", "bad_check_digit". The views translate them.
    """
    if not (code.isdigit() and code.isascii()):
        return "not_digits"
    if len(code) not in VALID_LENGTHS:
        return "bad_length"
    if gtin_check_digit(code[:-1]) != int(code[-1]):
        return "bad_check_digit"
    return None


def complete_gtin(body: str) -> str:
    """Append the check digit to a 7, 11, 12 or 13-digit body."""
    return body + str(gtin_check_digit(body))


def is_chinese_gtin(code: str) -> bool:
    """True for an EAN-13 issued under China's GS1 prefixes (690–699)."""
    return len(code) == 13 and code[:3] in CHINA_PREFIXES
