"""Money helpers: parsing what users type, rounding once, formatting, bilingual errors; dated FX rates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from app.services.pricing import (
    FxRateMissing,
    InvalidAmount,
    format_money,
    format_rate,
    fx_table,
    minor_unit,
    parse_decimal,
    parse_rate,
    quantize_money,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("123", "123"),
        ("１２３", "123"),  # full-width digits
        ("１２３．５", "123.5"),
        ("¥1,234.50", "1234.50"),
        ("￥12", "12"),
        ("12元", "12"),
        ("12.5 CNY", "12.5"),
        ("$ 9.99", "9.99"),
        ("€3", "3"),
        (" 7 ", "7"),
        ("+5", "5"),
        ("0", "0"),
        (".5", "0.5"),
        ("12345678901234567.89", "12345678901234567.89"),
        ("1e3", "1000"),
    ],
)
def test_parse_decimal_accepts(text: str, expected: str) -> None:
    value = parse_decimal(text)
    assert value == D(expected)
    assert str(value) == str(D(expected)) or value == D(expected)


def test_parse_keeps_big_amounts_exact() -> None:
    assert str(parse_decimal("12345678901234567.89")) == "12345678901234567.89"


@pytest.mark.parametrize(
    "text",
    ["", "  ", "NaN", "nan", "Infinity", "-Infinity", "inf", "1e400", "1e-400", "-5", "−5", "abc", "12,50",
     "1,2,3", "1.2.3", "0x10", "5 5", "¥", "١٢٣x"],
)
def test_parse_decimal_rejects(text: str) -> None:
    with pytest.raises(InvalidAmount) as info:
        parse_decimal(text)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.message.zh and err.message.en and err.message.zh != err.message.en
    assert err.text("zh_CN") == err.message.zh and err.text("en") == err.message.en


def test_negative_message_says_negative() -> None:
    with pytest.raises(InvalidAmount) as info:
        parse_decimal("-5")
    assert "negative" in info.value.message.en and "负" in info.value.message.zh


def test_parse_rate_accepts_percentages() -> None:
    assert parse_rate("5%") == D("0.05")
    assert parse_rate("５％") == D("0.05")
    assert parse_rate("0.006") == D("0.006")


def test_quantize_is_half_up_to_the_minor_unit() -> None:
    assert quantize_money(D("2.675"), "CNY") == D("2.68")
    assert quantize_money(D("2.665"), "CNY") == D("2.67")  # half-up, not banker's rounding
    assert quantize_money(D("1428.5"), "JPY") == D("1429")
    assert minor_unit("USD") == D("0.01") and minor_unit("JPY") == D("1")


def test_format_money_and_rate() -> None:
    assert format_money(D("209"), "CNY") == "209.00"
    assert format_money(D("1E+3"), "CNY") == "1000.00"
    assert format_money(D("-0.001"), "CNY") == "0.00"
    assert format_rate(D("0.20852")) == "0.2085"
    assert format_rate(D("0.00005")) == "0.0001"
    assert format_rate(D("1")) == "1.0000"


# ---------------------------------------------------------------- FX

RATES = fx_table([
    (date(2026, 1, 1), "USD", "CNY", D("7.10")),
    (date(2026, 6, 1), "USD", "CNY", D("7.20")),
    (date(2026, 3, 1), "EUR", "CNY", D("7.80")),
])


def test_latest_rate_on_or_before_the_date() -> None:
    assert RATES.rate_on("USD", "CNY", date(2026, 5, 31)) == D("7.10")
    assert RATES.rate_on("USD", "CNY", date(2026, 6, 1)) == D("7.20")
    assert RATES.rate_on("USD", "CNY", date(2027, 1, 1)) == D("7.20")


def test_no_rate_before_the_first_date() -> None:
    with pytest.raises(FxRateMissing) as info:
        RATES.rate_on("USD", "CNY", date(2025, 12, 31))
    assert "USD" in info.value.message.en and "USD" in info.value.message.zh
    with pytest.raises(FxRateMissing):
        RATES.rate_on("JPY", "CNY", date(2026, 7, 1))


def test_inverse_pair_and_same_currency() -> None:
    assert RATES.convert(D("72"), "CNY", "USD", date(2026, 7, 1)) == D("10.00")
    assert RATES.rate_on("CNY", "CNY", date(2000, 1, 1)) == 1


def test_convert_rounds_once() -> None:
    # 0.125 × 7.10 = 0.8875 → 0.89; rounding first (0.13 × 7.10 = 0.923) would give 0.92
    assert RATES.convert(D("0.125"), "USD", "CNY", date(2026, 2, 1)) == D("0.89")


def test_too_many_digits_are_refused_not_rounded() -> None:
    with pytest.raises(InvalidAmount):
        parse_decimal("1." + "1" * 40)
