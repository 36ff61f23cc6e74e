"""The traditional chain: worked example 2, the suitcase chain, rebates and losses, rounding once."""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction

import pytest

from app.services.pricing import (
    ChainLayer,
    ChainSpec,
    ScenarioError,
    chain_price,
    default_layers,
)


def layers(*margins: str) -> tuple[ChainLayer, ...]:
    return tuple(ChainLayer(f"L{i}", f"L{i}", D(m)) for i, m in enumerate(margins))


def test_example2_scarf_chain() -> None:
    result = chain_price(ChainSpec(D("80"), layers("0.55", "0.15", "0.15", "0.50")), "CNY")
    assert [step.price for step in result.steps] == [D("177.78"), D("209.15"), D("246.06"), D("492.12")]
    assert result.price == D("492.12")
    assert result.multiple_text == "6.15"


def test_suitcase_chain_with_default_layers() -> None:
    result = chain_price(ChainSpec(D("100"), default_layers()), "CNY")
    assert result.price == D("503.30")  # 100 / (0.5 × 0.85 × 0.85 × 0.55)
    assert all(layer.is_assumption for layer in default_layers())
    assert [layer.margin for layer in default_layers()] == [D("0.50"), D("0.15"), D("0.15"), D("0.45")]
    assert all(layer.name_zh and layer.name_en for layer in default_layers())


def test_rounded_once_not_per_step() -> None:
    # base 50: exact 50 / 0.1625625 = 307.574… → 307.57; rounding each step would give 307.58
    result = chain_price(ChainSpec(D("50"), layers("0.55", "0.15", "0.15", "0.50")), "CNY")
    exact = Fraction(50) / (Fraction(45, 100) * Fraction(85, 100) * Fraction(85, 100) * Fraction(1, 2))
    assert result.price == D("307.57")
    assert abs(Fraction(str(result.exact_price)) - exact) < Fraction(1, 10**40)


def test_rebate_and_loss_add_to_the_layer_margin() -> None:
    layer = ChainLayer("零售", "Retail", D("0.30"), rebate=D("0.05"), loss=D("0.05"))
    result = chain_price(ChainSpec(D("60"), (layer,)), "CNY")
    assert result.price == D("100.00")  # 60 / (1 − 0.40)


def test_layer_keeping_everything_is_refused() -> None:
    layer = ChainLayer("x", "x", D("0.90"), rebate=D("0.10"))
    with pytest.raises(ScenarioError):
        chain_price(ChainSpec(D("10"), (layer,)), "CNY")


def test_negative_points_are_refused() -> None:
    with pytest.raises(ScenarioError):
        chain_price(ChainSpec(D("10"), (ChainLayer("x", "x", D("0.2"), loss=D("-0.1")),)), "CNY")


def test_no_layers_means_the_base_price() -> None:
    assert chain_price(ChainSpec(D("10"), ()), "CNY").price == D("10.00")
