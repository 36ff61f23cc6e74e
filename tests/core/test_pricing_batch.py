"""The batch path (`ChannelPricer`) gives exactly the per-SKU path's prices (`price_channel`), to the cent.

Each case prices the same SKU both ways and compares price, paid price and the exact floor — or the error's type
and message. The batch varies what a price list and a pack meet: every shipped channel (Amazon's $0.30 minimum,
per-order fees, an ODM profile without parcel), CNY and USD costs converted through direct and inverse dated rates,
margin tiers, markups, fixed prices, discounts (festival promotions), every ending with and without avoiding 4,
returns with kept fees, charged shipping, several units per order, costs from one cent to a million, impossible
targets and a missing rate.
"""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from app.services.pricing import (
    ChannelPricer,
    ChannelProfile,
    CostBuildUp,
    Ending,
    EndingStyle,
    FeeBasis,
    FeeRule,
    FxTable,
    PricingError,
    ProductPlan,
    Returns,
    Target,
    TargetKind,
    fx_table,
    load_profiles,
    price_channel,
    pricer_cache,
    profile_from_dict,
    profile_to_dict,
)

PROFILES = load_profiles()
ON = date(2026, 11, 25)
FX = fx_table([(date(2026, 1, 1), "USD", "CNY", Decimal("7.10")), (date(2026, 7, 1), "CNY", "USD", Decimal("0.1389")),
               (date(2027, 1, 1), "USD", "CNY", Decimal("9"))])  # the inverse rate applies on ON; 2027 not yet
COSTS = [Decimal(x) for x in ("0.01", "0.99", "3.33", "19.99", "80", "100", "206.12", "399.99", "4444.44", "1000000")]

TEMPLATES = [
    ProductPlan(CostBuildUp("CNY"), Target(TargetKind.MARGIN, Decimal(margin))) for margin in ("0.30", "0.25", "0.20")
] + [
    ProductPlan(CostBuildUp("CNY"), Target(TargetKind.MARKUP, Decimal("0.35")), returns=Returns(Decimal("0.08"),
                Decimal("20")), discount=Decimal("0.15"), ending=Ending(EndingStyle.END_9, avoid_digit_4=True)),
    ProductPlan(CostBuildUp("CNY"), Target(TargetKind.PRICE, Decimal("249")), discount=Decimal("0.1")),
    ProductPlan(CostBuildUp("USD"), Target(TargetKind.MARGIN, Decimal("0.25")), shipping_charged=Decimal("4.99"),
                units_per_order=Decimal(3), ending=Ending(EndingStyle.X_99),
                extra_rules=(FeeRule("广告", "Ads", FeeBasis.PERCENT_INCL_SHIPPING, Decimal("0.07"),
                                     minimum=Decimal("1.50"), refund_on_return=False),
                             FeeRule("包装", "Box", FeeBasis.PER_ORDER, amount=Decimal("1.20")))),
    ProductPlan(CostBuildUp("CNY"), Target(TargetKind.MARGIN, Decimal("0.85"))),  # impossible on most channels
] + [
    ProductPlan(CostBuildUp("CNY"), Target(TargetKind.MARGIN, Decimal("0.2")), returns=Returns(Decimal("0.3"),
                Decimal("12.5")), discount=Decimal("0.07"), ending=Ending(style, avoid))
    for style, avoid in itertools.product(EndingStyle, (False, True))
]


def with_costs(template: ProductPlan, cost: Decimal) -> ProductPlan:
    """The template with `cost` spread over several lines (parcel too, which the ODM profile leaves out)."""
    third = (cost / 3).quantize(Decimal("0.01"))
    costs = CostBuildUp(template.costs.currency, materials=cost - third, labour=third, parcel=Decimal("6.50"),
                        packaging=cost / 7)
    return ProductPlan(costs, template.target, template.fixed, template.returns, template.discount, None,
                       template.extra_rules, template.ending, template.shipping_charged, template.units_per_order)


def per_sku(plan: ProductPlan, profile: ChannelProfile, fx: FxTable | None = FX) -> tuple[object, ...]:
    """(price, paid price, exact floor) from the existing per-SKU path, or (error type, message)."""
    try:
        result = price_channel(plan, profile, fx, ON)
    except PricingError as error:
        return (type(error), error.message)
    return (result.price, result.paid_price, result.floor_exact if result.target.kind is not TargetKind.PRICE
            else None)


def batch(pricer: ChannelPricer, plan: ProductPlan) -> tuple[object, ...]:
    try:
        column = pricer.price(plan.costs)
    except PricingError as error:
        return (type(error), error.message)
    return (column.price, column.paid_price, column.floor_exact)


@pytest.mark.parametrize("profile", PROFILES, ids=[p.id for p in PROFILES])
def test_every_price_of_a_varied_batch_equals_the_per_sku_path(profile: ChannelProfile) -> None:
    compared = priced = 0
    for template in TEMPLATES:
        pricer = ChannelPricer(template, profile, FX, ON)
        for cost in COSTS:
            plan = with_costs(template, cost)
            expected = per_sku(plan, profile)
            assert batch(pricer, plan) == expected, (template, cost)
            compared += 1
            priced += not isinstance(expected[0], type)
    assert compared == len(TEMPLATES) * len(COSTS) and priced > compared // 2  # mostly prices, not only errors


def test_a_missing_rate_is_the_same_error_for_every_sku() -> None:
    usd = next(p for p in PROFILES if p.currency == "USD")
    template = TEMPLATES[0]
    for fx in (None, fx_table([(date(2026, 1, 1), "EUR", "CNY", Decimal("7.8"))])):
        pricer = ChannelPricer(template, usd, fx, ON)
        for cost in COSTS[:3]:
            plan = with_costs(template, cost)
            assert batch(pricer, plan) == per_sku(plan, usd, fx)
            assert isinstance(batch(pricer, plan)[0], type)


def test_the_pricer_cache_compiles_each_plan_shape_once() -> None:
    get = pricer_cache(PROFILES[0], FX, ON)
    first, second = with_costs(TEMPLATES[0], Decimal(5)), with_costs(TEMPLATES[0], Decimal(9))
    assert get(first) is get(second) and get(with_costs(TEMPLATES[1], Decimal(5))) is not get(first)


amounts = st.decimals(min_value=0, max_value=50000, places=2, allow_nan=False, allow_infinity=False)
rates = st.decimals(min_value=0, max_value=Decimal("0.4"), places=4, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(profile=st.sampled_from(PROFILES), cost=amounts, parcel=amounts, margin=rates, discount=rates,
       kind=st.sampled_from([TargetKind.MARGIN, TargetKind.MARKUP]), style=st.sampled_from(list(EndingStyle)),
       avoid=st.booleans(), return_rate=rates, loss=amounts, minimum=amounts, extra=rates,
       shipping=st.decimals(min_value=0, max_value=30, places=2, allow_nan=False, allow_infinity=False),
       currency=st.sampled_from(["CNY", "USD"]))
def test_property_batch_equals_per_sku(profile: ChannelProfile, cost: Decimal, parcel: Decimal, margin: Decimal,
                                       discount: Decimal, kind: TargetKind, style: EndingStyle, avoid: bool,
                                       return_rate: Decimal, loss: Decimal, minimum: Decimal, extra: Decimal,
                                       shipping: Decimal, currency: str) -> None:
    rule = FeeRule("推广", "Promotion", FeeBasis.PERCENT_INCL_SHIPPING, extra, minimum=minimum / 100,
                   refund_on_return=False)
    plan = ProductPlan(CostBuildUp(currency, materials=cost, parcel=parcel), Target(kind, margin),
                       returns=Returns(return_rate, loss), discount=discount, ending=Ending(style, avoid),
                       extra_rules=(rule,), shipping_charged=shipping)
    pricer = ChannelPricer(plan, profile, FX, ON)
    assert batch(pricer, plan) == per_sku(plan, profile)


def test_a_floor_exactly_on_a_price_point_or_a_tie_is_settled_the_same_way_in_a_batch() -> None:
    """The batch settles a floor the 50 digits leave a hair off as the engine does (`engine.settle`): a channel
    with 1% VAT and a 2% fee, no ending, where 521.82 at a 40% margin is exactly 909 and 280.06 at 56% with no fee
    exactly 642.865 (pricing.md's formula, in fractions in test_pricing_engine.py)."""
    facts = profile_to_dict(PROFILES[0])
    facts.update(id="audit", vat_rate="0.01", prices_include_vat=True, ending={"style": "NONE", "avoid_digit_4": False})
    rule = {**facts["rules"][0], "rate": "0.02"}
    with_fee, without = profile_from_dict({**facts, "rules": [rule]}), profile_from_dict({**facts, "rules": []})
    cases = [(with_fee, "521.82", "0.40", "0", ("909.00", "909.00")),
             (without, "280.06", "0.56", "0", ("642.87", "642.87")),
             (without, "326.04", "0.45", "0.192", ("741.00", "598.73"))]   # a list price of exactly 741
    for profile, cost, margin, discount, shown in cases:
        plan = ProductPlan(CostBuildUp("CNY", materials=Decimal(cost)), Target(TargetKind.MARGIN, Decimal(margin)),
                           discount=Decimal(discount))
        pricer = ChannelPricer(plan, profile, None, ON)
        assert batch(pricer, plan) == per_sku(plan, profile, None)
        column = pricer.price(plan.costs)
        assert (str(column.price), str(column.paid_price)) == shown
