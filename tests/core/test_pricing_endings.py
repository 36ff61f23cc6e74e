"""Price endings: the examples of pricing.md, prices already on an ending, avoid_digit_4, JPY."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from app.services.pricing import Ending, EndingStyle, apply_ending, next_above

S = EndingStyle


@pytest.mark.parametrize(
    ("exact", "style", "expected"),
    [
        ("206.12", S.END_9, "209"),
        ("206.12", S.END_8, "208"),
        ("206.1175", S.NONE, "206.12"),
        ("206.111", S.NONE, "206.12"),  # up, not half-up
        ("67.18", S.X_99, "67.99"),
        ("159.68", S.X9_9, "159.90"),
        ("206.12", S.END_99, "299"),
        ("242.4912", S.END_9, "249"),
        ("209.01", S.END_9, "219"),
        ("0", S.END_9, "9"),
        ("0.001", S.X_99, "0.99"),
        ("160", S.X9_9, "169.90"),
    ],
)
def test_examples_round_up_to_the_ending(exact: str, style: EndingStyle, expected: str) -> None:
    assert apply_ending(D(exact), Ending(style), "CNY") == D(expected)


@pytest.mark.parametrize(
    ("price", "style"),
    [("209", S.END_9), ("208", S.END_8), ("299", S.END_99), ("67.99", S.X_99), ("159.90", S.X9_9), ("1.23", S.NONE)],
)
def test_a_price_already_on_the_ending_stays(price: str, style: EndingStyle) -> None:
    assert apply_ending(D(price), Ending(style), "CNY") == D(price)


def test_result_shows_currency_decimals() -> None:
    assert str(apply_ending(D("206.12"), Ending(S.END_9), "CNY")) == "209.00"


@pytest.mark.parametrize(
    ("exact", "style", "expected"),
    [
        ("340", S.END_9, "359"),  # 349 contains a 4
        ("44", S.END_8, "58"),  # 48 contains a 4
        ("40", S.X9_9, "59.90"),  # 49.90 contains a 4
        ("4.10", S.X_99, "5.99"),
        ("206.14", S.NONE, "206.15"),
        ("400", S.NONE, "500.00"),  # all of 400.00–499.99 contain a 4
        ("1399.5", S.END_99, "1599"),  # 1499 contains a 4
        ("203", S.END_9, "209"),  # no 4 in 209: unchanged
    ],
)
def test_avoid_digit_4_skips_to_the_next_candidate(exact: str, style: EndingStyle, expected: str) -> None:
    result = apply_ending(D(exact), Ending(style, avoid_digit_4=True), "CNY")
    assert result == D(expected)
    assert "4" not in f"{result:.2f}"


def test_avoid_digit_4_checks_the_decimals_too() -> None:
    assert apply_ending(D("12.04"), Ending(S.NONE, avoid_digit_4=True), "CNY") == D("12.05")


def test_jpy_has_no_cents() -> None:
    assert apply_ending(D("1234.2"), Ending(S.NONE), "JPY") == D("1235")
    assert apply_ending(D("1234.2"), Ending(S.END_8), "JPY") == D("1238")
    assert apply_ending(D("1234.2"), Ending(S.X_99), "JPY") == D("1299")  # falls back to …99


def test_next_above_is_strictly_higher() -> None:
    assert next_above(D("209"), Ending(S.END_9), "CNY") == D("219")
    assert next_above(D("1.00"), Ending(S.NONE), "CNY") == D("1.01")


def test_negative_price_is_refused() -> None:
    with pytest.raises(ValueError):
        apply_ending(D("-1"), Ending(S.END_9), "CNY")
