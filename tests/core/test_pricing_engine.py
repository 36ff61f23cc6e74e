"""The pricing engine against the worked examples of pricing.md and hand-computed cases.

Expected values are computed independently (in the comments, or with exact fractions), never copied from
the engine's output.
"""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction

import pytest

from app.services.pricing import (
    ChainLayer,
    ChainSpec,
    Ending,
    EndingStyle,
    FeeBasis,
    FeeRule,
    InfeasibleTarget,
    PricingInput,
    Returns,
    ScenarioError,
    Target,
    TargetKind,
    default_layers,
    floor_price,
    price,
    pricing_context,
    result_to_dict,
    returns_allowance,
)


def pct(name: str, rate: str, **kw: object) -> FeeRule:
    return FeeRule(name, name, FeeBasis.PERCENT_OF_PAID, rate=D(rate), **kw)  # type: ignore[arg-type]


def margin(value: str) -> Target:
    return Target(TargetKind.MARGIN, D(value))


SUITCASE_FEES = (pct("commission", "0.05"), pct("payment", "0.006"), pct("points", "0.005"), pct("ads", "0.10"))


def suitcase(**changes: object) -> PricingInput:
    base = dict(
        currency="CNY",
        unit_cost=D("111"),
        target=margin("0.20"),
        fees=SUITCASE_FEES,
        returns=Returns(D("0.08"), D("20")),
        vat=D("0.13"),
        ending=Ending(EndingStyle.END_9),
        fixed_costs=D("100000"),
        chain=ChainSpec(D("100"), default_layers()),
    )
    base.update(changes)
    return PricingInput(**base)  # type: ignore[arg-type]


# ---------------------------------------------------------------- example 1


def test_example1_margin_30_percent_on_cost_100() -> None:
    result = price(PricingInput("CNY", D("100"), margin("0.30")))
    assert result.price == D("142.86")  # 100 / 0.7 = 142.857… rounded up to the cent
    assert result.floor_price == D("142.86")


def test_example1_markup_30_percent_is_only_a_23_percent_margin() -> None:
    result = price(PricingInput("CNY", D("100"), Target(TargetKind.MARKUP, D("0.30"))))
    assert result.price == D("130.00")
    assert result.margin_on_net is not None and result.markup_on_cost is not None
    assert round(result.margin_on_net, 4) == D("0.2308")  # 30 / 130
    assert result.markup_on_cost == D("0.3")


# ---------------------------------------------------------------- example 3 (the suitcase)


def test_example3_suitcase_floor_price_and_contribution() -> None:
    result = price(suitcase())
    # C + RA = 111 + 0.08/0.92 × 20; denominator = 0.8/1.13 − 0.161
    c_ra = Fraction(111) + Fraction(8, 92) * 20
    denom = Fraction(8, 10) / Fraction(113, 100) - Fraction(161, 1000)
    exact_floor = c_ra / denom
    assert result.floor_exact is not None
    assert abs(Fraction(str(result.floor_exact)) - exact_floor) < Fraction(1, 10**30)
    assert result.floor_price == D("206.12")
    assert result.price == D("209.00") and result.paid_price == D("209.00")
    exact_contribution = Fraction(209) / Fraction(113, 100) - Fraction(161, 1000) * 209 - c_ra
    assert abs(Fraction(str(result.contribution)) - exact_contribution) < Fraction(1, 10**30)
    assert round(result.contribution, 4) == D("38.5676")


def test_example3_break_even_2593_units() -> None:
    assert price(suitcase()).break_even_units == 2593  # ⌈100000 / 38.5676⌉


def test_suitcase_margin_and_markup_at_paid_price() -> None:
    result = price(suitcase())
    net = Fraction(209) / Fraction(113, 100)
    c_ra = Fraction(111) + Fraction(8, 92) * 20
    contribution = net - Fraction(161, 1000) * 209 - c_ra
    assert result.margin_on_net is not None and result.markup_on_cost is not None
    assert abs(Fraction(str(result.margin_on_net)) - contribution / net) < Fraction(1, 10**30)
    assert abs(Fraction(str(result.markup_on_cost)) - contribution / c_ra) < Fraction(1, 10**30)


def test_suitcase_chain_ratio() -> None:
    result = price(suitcase())
    assert result.chain is not None and result.ratio_to_chain is not None
    assert result.chain.price == D("503.30")
    assert round(result.ratio_to_chain, 4) == D("0.4153")  # 209 / 503.3026


# ---------------------------------------------------------------- example 4 (coupon)


def test_example4_coupon_list_price_and_ending() -> None:
    result = price(suitcase(discount=D("0.15")))
    assert result.list_price == D("242.49")  # 206.1175 / 0.85
    assert result.price == D("249.00")  # END_9 applied to the list price
    assert result.paid_price == D("211.65")  # 249 × 0.85


def test_discount_rounding_never_drops_paid_price_below_the_floor() -> None:
    # floor 10.0002; 10.0002/0.7 → 14.29 would be paid 14.29 × 0.7 = 10.003 → 10.00 < floor: step to 14.30
    result = price(PricingInput("CNY", D("10.0002"), margin("0"), discount=D("0.3")))
    assert result.price == D("14.30")
    assert result.paid_price == D("10.01")


# ---------------------------------------------------------------- example 5 (Shopify)


def test_example5_shopify_fee_plus_fixed() -> None:
    fees = (pct("payments", "0.029"), FeeRule("fixed", "fixed", FeeBasis.PER_ORDER, amount=D("0.30")))
    result = price(PricingInput("USD", D("20"), margin("0.25"), fees=fees))
    assert result.floor_price == D("28.16")  # 20.30 / (0.75 − 0.029) = 28.155
    assert result.price == D("28.16")


# ---------------------------------------------------------------- infeasible targets


def test_infeasible_names_fees_margin_and_vat_in_both_languages() -> None:
    fees = (pct("commission", "0.05"), pct("ads", "0.40"))
    inp = PricingInput("CNY", D("100"), margin("0.60"), fees=fees, vat=D("0.13"))
    with pytest.raises(InfeasibleTarget) as info:
        price(inp)
    err = info.value
    for word in ("ads 40%", "commission 5%", "margin 60%", "VAT 13%"):
        assert word in err.message.en
    assert "毛利率 60%" in err.message.zh and "增值税 13%" in err.message.zh
    assert err.message.en.index("ads") < err.message.en.index("commission")  # biggest fee first
    assert isinstance(err, ScenarioError)


def test_denominator_exactly_zero_is_infeasible() -> None:
    with pytest.raises(InfeasibleTarget):
        price(PricingInput("CNY", D("10"), margin("0.5"), fees=(pct("ads", "0.5"),)))


def test_markup_infeasible_when_fees_and_vat_take_everything() -> None:
    inp = PricingInput("CNY", D("10"), Target(TargetKind.MARKUP, D("0.3")), fees=(pct("ads", "0.9"),), vat=D("0.13"))
    with pytest.raises(InfeasibleTarget) as info:
        price(inp)
    assert "margin" not in info.value.message.en


def test_margin_of_100_percent_is_rejected() -> None:
    with pytest.raises(ScenarioError):
        price(PricingInput("CNY", D("10"), margin("1")))


# ---------------------------------------------------------------- fee rules


def test_returns_allowance() -> None:
    assert returns_allowance(Returns(D("0.2"), D("30"))) == D("7.5")  # 0.2/0.8 × 30


def test_minimum_fee_applies_at_low_prices() -> None:
    # 15% with a 0.30 minimum on cost 1: percent case gives 1/0.85 = 1.176 (fee 0.18 < 0.30: inconsistent);
    # minimum case gives 1 + 0.30 = 1.30 (fee 0.195 < 0.30: consistent) → floor 1.30.
    rule = pct("referral", "0.15", minimum=D("0.30"))
    result = price(PricingInput("USD", D("1"), margin("0"), fees=(rule,)))
    assert result.floor_exact == D("1.30")
    assert "minimum_fee" in [w.code for w in result.warnings]


def test_minimum_fee_ignored_at_high_prices() -> None:
    rule = pct("referral", "0.15", minimum=D("0.30"))
    result = price(PricingInput("USD", D("17"), margin("0"), fees=(rule,)))
    assert result.floor_exact == D("20")  # 17 / 0.85
    assert "minimum_fee" not in [w.code for w in result.warnings]


def test_minimum_fee_at_the_breakpoint() -> None:
    # both cases meet at p = 0.30/0.15 = 2: cost 1.70 → 1.70/0.85 = 2 = 1.70 + 0.30
    rule = pct("referral", "0.15", minimum=D("0.30"))
    assert floor_price(PricingInput("USD", D("1.70"), margin("0"), fees=(rule,))) == D("2")


def test_percent_including_shipping() -> None:
    # buyer pays 5 shipping; referral 15% on price + shipping; (p + 5)·0.85 = 20 → p = 20/0.85 − 5
    rule = FeeRule("r", "r", FeeBasis.PERCENT_INCL_SHIPPING, rate=D("0.15"))
    inp = PricingInput("USD", D("20"), margin("0"), fees=(rule,), shipping_charged=D("5"))
    exact = Fraction(20) / Fraction(85, 100) - 5
    assert abs(Fraction(str(floor_price(inp))) - exact) < Fraction(1, 10**30)


def test_fee_not_refunded_on_returns_is_paid_on_returned_units_too() -> None:
    kept = price(PricingInput("CNY", D("100"), margin("0"), fees=(pct("pay", "0.10"),), returns=Returns(D("0.2"))))
    lost = price(PricingInput("CNY", D("100"), margin("0"), fees=(pct("pay", "0.10", refund_on_return=False),),
                              returns=Returns(D("0.2"))))
    assert kept.floor_price == D("111.11")  # 100 / 0.9
    assert lost.floor_price == D("114.29")  # effective 0.10 / 0.8 = 0.125 → 100 / 0.875


def test_per_order_fee_is_shared_by_units_in_the_order() -> None:
    rule = FeeRule("o", "o", FeeBasis.PER_ORDER, amount=D("1.00"))
    result = price(PricingInput("CNY", D("10"), margin("0"), fees=(rule,), units_per_order=D("2")))
    assert result.floor_exact == D("10.5")


def test_annual_fee_goes_to_fixed_costs_not_unit_cost() -> None:
    rule = FeeRule("plan", "plan", FeeBasis.ANNUAL, amount=D("500"))
    result = price(PricingInput("CNY", D("10"), Target(TargetKind.PRICE, D("20")), fees=(rule,),
                                fixed_costs=D("1000")))
    assert result.unit_cost == D("10")
    assert result.fixed_costs == D("1500")
    assert result.break_even_units == 150  # 1500 / (20 − 10)


# ---------------------------------------------------------------- fixed price target


def test_fixed_price_is_evaluated_as_given() -> None:
    result = price(PricingInput("CNY", D("100"), Target(TargetKind.PRICE, D("150")), fixed_costs=D("1000")))
    assert result.price == D("150.00") and result.paid_price == D("150.00")
    assert result.contribution == D("50")
    assert result.markup_on_cost == D("0.5")
    assert round(result.margin_on_net or 0, 4) == D("0.3333")
    assert result.floor_exact == D("100")  # zero-margin floor
    assert result.break_even_units == 20


def test_fixed_price_below_cost_warns_and_has_no_break_even() -> None:
    result = price(PricingInput("CNY", D("100"), Target(TargetKind.PRICE, D("90")), fixed_costs=D("1000")))
    assert result.break_even_units is None
    assert result.contribution == D("-10")
    assert "no_contribution" in [w.code for w in result.warnings]
    assert all(w.zh and w.en for w in result.warnings)


def test_break_even_exact_division_is_not_rounded_up() -> None:
    result = price(PricingInput("CNY", D("10"), Target(TargetKind.PRICE, D("20")), fixed_costs=D("100")))
    assert result.break_even_units == 10


def test_waterfall_identity_adds_up_exactly() -> None:
    result = price(suitcase())
    with pricing_context():
        total = result.contribution + result.percent_fees + result.unit_cost + result.returns_allowance
        assert total == result.net_revenue
        assert result.net_revenue + result.vat_amount == result.paid_price


def test_direct_price_above_chain_warns() -> None:
    result = price(suitcase(chain=ChainSpec(D("100"), ())))
    assert "above_chain" in [w.code for w in result.warnings]


# ----- floors that are exactly a price point or a tie (found by an audit against pricing.md) -------------------
# 50-digit divisions left these a hair off: 909 came out 909.00…001, which an ending rounding up took a step
# higher; 642.865 came out 642.8649…9, which rounded half-up to .86. Each exact floor is worked out below with
# fractions, from the formula P = C / ((1 − m)/(1 + v) − Σf).


def exact_floor(cost: str, vat: str, margin_: str, fee: str = "0") -> Fraction:
    return Fraction(cost) / ((1 - Fraction(margin_)) / (1 + Fraction(vat)) - Fraction(fee))


@pytest.mark.parametrize(("cost", "vat", "margin_", "fee", "style", "floor_shown", "price_shown"), [
    ("521.82", "0.01", "0.40", "0.02", EndingStyle.END_9, "909.00", "909.00"),   # exactly 909: already on the ending
    ("521.82", "0.01", "0.40", "0.02", EndingStyle.NONE, "909.00", "909.00"),
    ("359.94", "0.06", "0.58", "0", EndingStyle.NONE, "908.42", "908.42"),        # exactly 908.42
    ("3.05", "0.2", "0.51", "0.075", EndingStyle.NONE, "9.15", "9.15"),            # exactly 9.15
    ("280.06", "0.01", "0.56", "0", EndingStyle.NONE, "642.87", "642.87"),        # exactly 642.865: a tie
])
def test_a_floor_exactly_on_a_price_point_or_a_tie_rounds_as_the_exact_value(
        cost: str, vat: str, margin_: str, fee: str, style: EndingStyle, floor_shown: str, price_shown: str) -> None:
    exact = exact_floor(cost, vat, margin_, fee)
    assert exact * 200 == int(exact * 200)  # the case is what it says: a whole number of half cents
    fees = (pct("commission", fee),) if fee != "0" else ()
    inp = PricingInput("CNY", D(cost), margin(margin_), fees=fees, vat=D(vat), ending=Ending(style))
    result = price(inp)
    assert Fraction(result.floor_exact) == exact
    assert Fraction(floor_price(inp)) == exact
    assert (str(result.floor_price), str(result.price), str(result.paid_price)) == (floor_shown, price_shown,
                                                                                  price_shown)


def test_a_floor_a_hair_above_a_price_point_still_rounds_up() -> None:
    """Only an exact price point is settled: 521.83 instead of 521.82 puts the floor 0.0017 above 909."""
    inp = PricingInput("CNY", D("521.83"), margin("0.40"), fees=(pct("commission", "0.02"),), vat=D("0.01"),
                       ending=Ending(EndingStyle.NONE))
    assert exact_floor("521.83", "0.01", "0.40", "0.02") > 909
    assert str(price(inp).price) == "909.02"


def test_an_exact_tie_in_the_ratio_to_the_chain_rounds_half_up() -> None:
    """593 paid against a chain from 9.6 through 10%, 12% and 42% layers: the chain price is 9.6 ÷ 0.45936 and
    the ratio exactly 593 × 0.45936 ÷ 9.6 = 28.37505, which pricing.md's half-up makes 28.3751 (successive
    50-digit divisions made it 28.37504…9, shown 28.3750). The chain's prices are one division from the base."""
    layers = tuple(ChainLayer(n, n, D(m)) for n, m in (("a", "0.10"), ("b", "0.12"), ("c", "0.42")))
    inp = PricingInput("JPY", D("100"), Target(TargetKind.PRICE, D("593")), chain=ChainSpec(D("9.6"), layers))
    result = price(inp)
    keep = Fraction("0.9") * Fraction("0.88") * Fraction("0.58")
    assert Fraction(result.ratio_to_chain or 0) == 593 * keep / Fraction("9.6") == Fraction("28.37505")
    assert result_to_dict(result)["ratio_to_chain"] == "28.3751"
    assert keep == Fraction("0.45936") and result.chain is not None
    with pricing_context():
        assert result.chain.exact_price == D("9.6") / D("0.45936")   # correctly rounded, not three roundings


@pytest.mark.parametrize(("cost", "margin_", "discount", "list_shown", "price_shown"), [
    ("326.04", "0.45", "0.192", "741.00", "741.00"),   # floor 598.728, list price exactly 741: kept, not 741.01
    ("286.20", "0.50", "0.2", "722.66", "722.66"),     # list price exactly 722.655: a tie, half-up
])
def test_a_list_price_exactly_on_a_price_point_or_a_tie_under_a_discount(
        cost: str, margin_: str, discount: str, list_shown: str, price_shown: str) -> None:
    exact_list = exact_floor(cost, "0.01", margin_) / (1 - Fraction(discount))
    assert exact_list * 200 == int(exact_list * 200)
    inp = PricingInput("CNY", D(cost), margin(margin_), vat=D("0.01"), discount=D(discount),
                       ending=Ending(EndingStyle.NONE))
    result = price(inp)
    assert Fraction(result.list_exact or 0) == exact_list
    assert (str(result.list_price), str(result.price)) == (list_shown, price_shown)
    assert result.paid_price >= result.floor_exact   # the discount's rounding still leaves the floor covered
