"""Good/better/best ladders, quantity-tier cliffs and 满减 threshold promotions."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from app.services.pricing import (
    Ending,
    EndingStyle,
    LadderTier,
    QuantityTier,
    ScenarioError,
    ThresholdPromotion,
    allocate_discount,
    cliff_free_price,
    price_ladder,
    promotion_allocation,
    quantity_cliffs,
)

END_9 = Ending(EndingStyle.END_9)

# ---------------------------------------------------------------- ladders


def test_ladder_keeps_each_tier_at_its_floor_on_the_ending() -> None:
    tiers = [
        LadderTier("好", "Good", D("96")), LadderTier("更好", "Better", D("131")), LadderTier("最好", "Best", D("175"))
    ]
    prices, warnings = price_ladder(tiers, END_9, "CNY")
    assert [p.price for p in prices] == [D("99"), D("139"), D("179")]
    assert warnings == ()


def test_ladder_raises_a_better_tier_priced_at_or_below_the_lower_one() -> None:
    tiers = [LadderTier("好", "Good", D("120")), LadderTier("更好", "Better", D("110"))]
    prices, warnings = price_ladder(tiers, END_9, "CNY")
    assert [p.price for p in prices] == [D("129"), D("139")]
    assert prices[1].raised and not prices[0].raised
    assert len(warnings) == 1 and "Better" in warnings[0].en and "更好" in warnings[0].zh


def test_ladder_respects_wished_price_above_floor_but_never_below() -> None:
    tiers = [LadderTier("a", "a", D("50"), wished=D("70")), LadderTier("b", "b", D("90"), wished=D("60"))]
    prices, _ = price_ladder(tiers, Ending(), "CNY")
    assert [p.price for p in prices] == [D("70.00"), D("90.00")]


def test_ladder_equal_tiers_become_strictly_rising() -> None:
    tiers = [LadderTier("a", "a", D("100")), LadderTier("b", "b", D("100"))]
    prices, _ = price_ladder(tiers, Ending(), "CNY")
    assert prices[1].price == D("100.01")


# ---------------------------------------------------------------- quantity tiers


def test_cliff_example_49_x_160_vs_50_x_150() -> None:
    cliffs = quantity_cliffs([QuantityTier(1, D("160")), QuantityTier(50, D("150"))])
    assert len(cliffs) == 1
    cliff = cliffs[0]
    # 47 × 160 = 7,520 > 7,500 but 46 × 160 = 7,360 < 7,500
    assert (cliff.first, cliff.last, cliff.at, cliff.total_at) == (47, 49, 50, D("7500"))
    msg = cliff.message("CNY")
    assert "47–49" in msg.en and "7500.00" in msg.en and "47–49" in msg.zh


def test_no_cliff_when_the_discount_is_gentle() -> None:
    # 49 × 160 = 7,840 < 50 × 157 = 7,850
    assert quantity_cliffs([QuantityTier(1, D("160")), QuantityTier(50, D("157"))]) == ()


def test_cliff_free_price() -> None:
    assert cliff_free_price(QuantityTier(1, D("160")), QuantityTier(50, D("150")), "CNY") == D("156.80")


def test_cliffs_reported_at_every_boundary() -> None:
    tiers = [QuantityTier(1, D("10")), QuantityTier(10, D("8")), QuantityTier(100, D("6"))]
    cliffs = quantity_cliffs(tiers)
    # at 10: 10 × 8 = 80, 9 × 10 = 90 > 80 → 9 only (8 × 10 = 80 is not more)
    # at 100: 600; lower tier 8/unit: 76 × 8 = 608 > 600 → 76–99
    assert [(c.first, c.last, c.at) for c in cliffs] == [(9, 9, 10), (76, 99, 100)]


def test_tiers_must_rise() -> None:
    with pytest.raises(ScenarioError):
        quantity_cliffs([QuantityTier(10, D("5")), QuantityTier(10, D("4"))])
    with pytest.raises(ScenarioError):
        quantity_cliffs([])


# ---------------------------------------------------------------- 满减


@pytest.mark.parametrize(("total", "expected"), [("650", "100"), ("600", "100"), ("299.99", "0"), ("300", "50")])
def test_every_300_minus_50(total: str, expected: str) -> None:
    assert ThresholdPromotion(D("300"), D("50")).discount(D(total)) == D(expected)


def test_single_threshold() -> None:
    promo = ThresholdPromotion(D("300"), D("50"), repeat=False)
    assert promo.discount(D("900")) == D("50")
    assert promo.discount(D("299")) == D("0")


def test_allocation_pro_rata_with_remainder_on_last_line() -> None:
    assert allocate_discount([D("100"), D("100"), D("100")], D("50"), "CNY") == (D("16.67"), D("16.67"), D("16.66"))
    assert allocate_discount([D("100"), D("200"), D("300")], D("100"), "CNY") == (D("16.67"), D("33.33"), D("50.00"))


def test_allocation_of_many_tiny_lines_stays_in_range() -> None:
    # half-up shares of 0.005 → 0.01 on three lines would leave −0.01 for the last line
    lines = [D("1.00")] * 4
    shares = allocate_discount(lines, D("0.02"), "CNY")
    assert sum(shares) == D("0.02")
    assert all(D(0) <= s <= line for s, line in zip(shares, lines, strict=True))


def test_promotion_allocation() -> None:
    lines = [D("199.00"), D("129.00"), D("322.00")]  # total 650 → discount 100
    discount, shares = promotion_allocation(lines, ThresholdPromotion(D("300"), D("50")), "CNY")
    assert discount == D("100")
    assert shares[:2] == (D("30.62"), D("19.85"))  # 100 × 199/650 = 30.615…, 100 × 129/650 = 19.846…
    assert shares[2] == D("49.53") and sum(shares) == D("100")


def test_discount_larger_than_order_is_refused() -> None:
    with pytest.raises(ScenarioError):
        allocate_discount([D("10")], D("11"), "CNY")
