"""Property-based tests (hypothesis): checked against exact rational arithmetic computed here, not by the engine.

- For any feasible target the chosen (paid) price covers every cost at ≥ the target margin (or markup);
  infeasible exactly when the denominator is ≤ 0.
- Price endings never lower a price, land on the ending, skip 4s, and are the smallest such price.
- Rounding happens once: the chain price is the once-rounded exact product.
- 满减 allocations sum exactly to the discount and are never negative nor above their line.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from hypothesis import assume, given, settings, strategies as st

from app.services.pricing import (
    ChainLayer,
    ChainSpec,
    Ending,
    EndingStyle,
    FeeBasis,
    FeeRule,
    InfeasibleTarget,
    InvalidAmount,
    PricingInput,
    Returns,
    Target,
    TargetKind,
    allocate_discount,
    apply_ending,
    chain_price,
    load_scenario,
    parse_decimal,
    price,
    scenario_to_dict,
)

SETTINGS = settings(max_examples=200, deadline=None)
TOLERANCE = Fraction(1, 10**40)

money = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False)
small_rate = st.decimals(min_value=0, max_value=Decimal("0.3"), places=4, allow_nan=False, allow_infinity=False)
vat = st.sampled_from([Decimal("0"), Decimal("0.01"), Decimal("0.03"), Decimal("0.13")])
ending = st.builds(Ending, st.sampled_from(list(EndingStyle)), st.booleans())


@st.composite
def fee_rules(draw: st.DrawFn) -> tuple[FeeRule, ...]:
    rules = []
    for i in range(draw(st.integers(0, 4))):
        minimum = draw(st.sampled_from([Decimal(0), Decimal("0.30"), Decimal("5")]))
        rules.append(FeeRule(f"f{i}", f"f{i}", FeeBasis.PERCENT_OF_PAID, rate=draw(small_rate), minimum=minimum,
                             refund_on_return=draw(st.booleans())))
    if draw(st.booleans()):
        rules.append(FeeRule("fixed", "fixed", FeeBasis.PER_ORDER, amount=draw(money.filter(lambda m: m < 50)),
                             refund_on_return=draw(st.booleans())))
    return tuple(rules)


@st.composite
def pricing_inputs(draw: st.DrawFn, kind: TargetKind) -> PricingInput:
    value = draw(st.decimals(min_value=0, max_value=Decimal("0.9") if kind is TargetKind.MARGIN else 3, places=3))
    return PricingInput(
        currency=draw(st.sampled_from(["CNY", "USD", "JPY"])),
        unit_cost=draw(money),
        target=Target(kind, value),
        fees=draw(fee_rules()),
        returns=Returns(draw(st.decimals(0, Decimal("0.6"), places=2)), draw(money.filter(lambda m: m < 500))),
        vat=draw(vat),
        discount=draw(st.decimals(0, Decimal("0.6"), places=2)),
        ending=draw(ending),
    )


def F(value: Decimal) -> Fraction:
    return Fraction(str(value))


def keep(rule: FeeRule, inp: PricingInput) -> Fraction:
    return Fraction(1) if rule.refund_on_return else 1 / (1 - F(inp.returns.rate))


def exact_parts(inp: PricingInput, paid: Fraction) -> tuple[Fraction, Fraction, Fraction]:
    """(net revenue, contribution, cost base C + RA) at `paid`, from the formulas of pricing.md."""
    r = F(inp.returns.rate)
    allowance = r / (1 - r) * F(inp.returns.loss_per_return)
    cost = F(inp.unit_cost) + sum(
        (F(f.amount) * keep(f, inp) for f in inp.fees if f.basis is FeeBasis.PER_ORDER), Fraction(0))
    fees = sum((max(F(f.rate) * paid, F(f.minimum)) * keep(f, inp) for f in inp.fees
                if f.basis is FeeBasis.PERCENT_OF_PAID), Fraction(0))
    net = paid / (1 + F(inp.vat))
    return net, net - fees - cost - allowance, cost + allowance


def denominator(inp: PricingInput, alpha: Fraction) -> Fraction:
    rates = sum((F(f.rate) * keep(f, inp) for f in inp.fees if f.basis is FeeBasis.PERCENT_OF_PAID), Fraction(0))
    return alpha / (1 + F(inp.vat)) - rates


@SETTINGS
@given(pricing_inputs(TargetKind.MARGIN))
def test_margin_target_price_covers_every_cost(inp: PricingInput) -> None:
    m = F(inp.target.value)
    if denominator(inp, 1 - m) <= 0:
        try:
            price(inp)
        except InfeasibleTarget as exc:
            assert exc.message.en and exc.message.zh
            return
        raise AssertionError("an infeasible target was priced")
    result = price(inp)
    net, contribution, _ = exact_parts(inp, F(result.paid_price))
    assert contribution >= m * net - TOLERANCE
    assert result.paid_price >= result.floor_exact  # type: ignore[operator]
    assert result.price >= result.paid_price
    assert apply_ending(result.price, inp.ending, inp.currency) == result.price  # lands on the ending


@SETTINGS
@given(pricing_inputs(TargetKind.MARKUP))
def test_markup_target_price_earns_the_markup(inp: PricingInput) -> None:
    assume(denominator(inp, Fraction(1)) > 0)
    result = price(inp)
    _, contribution, cost_base = exact_parts(inp, F(result.paid_price))
    assert contribution >= F(inp.target.value) * cost_base - TOLERANCE


@SETTINGS
@given(pricing_inputs(TargetKind.MARGIN))
def test_floor_is_the_lowest_price_meeting_the_target(inp: PricingInput) -> None:
    m = F(inp.target.value)
    assume(denominator(inp, 1 - m) > 0)
    floor = price(inp).floor_exact
    assert floor is not None
    net, contribution, cost_base = exact_parts(inp, F(floor))
    if floor > 0:  # at the floor the target is met with (almost) nothing to spare
        assert abs(contribution - m * net) < Fraction(1, 10**30) * max(1, cost_base)


# ---------------------------------------------------------------- endings


GRID = {
    EndingStyle.NONE: r"^\d+\.\d\d$",
    EndingStyle.END_9: r"^\d*9\.00$",
    EndingStyle.END_8: r"^\d*8\.00$",
    EndingStyle.END_99: r"^\d*99\.00$",
    EndingStyle.X_99: r"^\d+\.99$",
    EndingStyle.X9_9: r"^\d*9\.90$",
}
STEP = {EndingStyle.NONE: Decimal("0.01"), EndingStyle.END_9: Decimal(10), EndingStyle.END_8: Decimal(10),
        EndingStyle.END_99: Decimal(100), EndingStyle.X_99: Decimal(1), EndingStyle.X9_9: Decimal(10)}


@SETTINGS
@given(st.decimals(min_value=0, max_value=10**6, places=4), ending)
def test_endings_never_lower_a_price_and_land_on_the_ending(value: Decimal, end: Ending) -> None:
    result = apply_ending(value, end, "CNY")
    assert result >= value
    shown = f"{result:.2f}"
    assert re.match(GRID[end.style], shown), shown
    if end.avoid_digit_4:
        assert "4" not in shown
    # minimal: every grid price between the exact price and the result is refused (or there is none)
    candidate = result - STEP[end.style]
    checked = 0
    while candidate >= value and checked < 2000:
        assert end.avoid_digit_4 and "4" in f"{candidate:.2f}"
        candidate -= STEP[end.style]
        checked += 1


@SETTINGS
@given(st.decimals(min_value=0, max_value=10**6, places=2), ending)
def test_an_ending_is_idempotent(value: Decimal, end: Ending) -> None:
    once = apply_ending(value, end, "CNY")
    assert apply_ending(once, end, "CNY") == once


# ---------------------------------------------------------------- rounding once


def round_half_up(value: Fraction) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)  # 28 digits is plenty to round to cents here
    return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@SETTINGS
@given(money.filter(lambda m: m > 0), st.lists(st.decimals(0, Decimal("0.6"), places=3), min_size=1, max_size=5))
def test_chain_price_is_the_once_rounded_exact_product(base: Decimal, margins: list[Decimal]) -> None:
    spec = ChainSpec(base, tuple(ChainLayer("x", "x", m) for m in margins))
    exact = F(base)
    for m in margins:
        exact /= 1 - F(m)
    result = chain_price(spec, "CNY")
    assert abs(F(result.exact_price) - exact) < Fraction(1, 10**30)
    assert result.price == round_half_up(exact)


# ---------------------------------------------------------------- 满减


@SETTINGS
@given(st.lists(money, min_size=1, max_size=12), st.data())
def test_allocations_sum_exactly_and_stay_in_range(lines: list[Decimal], data: st.DataObject) -> None:
    total = sum(lines)
    assume(total > 0)
    discount = data.draw(st.decimals(min_value=0, max_value=total, places=2))
    shares = allocate_discount(lines, discount, "CNY")
    assert sum(shares) == discount
    assert len(shares) == len(lines)
    assert all(Decimal(0) <= s <= line for s, line in zip(shares, lines, strict=True))


# ---------------------------------------------------------------- parsing and scenarios


@SETTINGS
@given(st.text(max_size=30))
def test_parse_decimal_gives_a_finite_non_negative_amount_or_a_typed_error(text: str) -> None:
    try:
        value = parse_decimal(text)
    except InvalidAmount as exc:
        assert exc.message.en and exc.message.zh
        return
    assert value.is_finite() and value >= 0


amount_text = money.map(lambda d: f"{d:f}")
rate_text = small_rate.map(lambda d: f"{d:f}")


@SETTINGS
@given(
    st.dictionaries(st.text(min_size=1, max_size=8), amount_text, max_size=4),
    st.dictionaries(st.sampled_from(["commission", "ads", "payment", "x"]), rate_text, max_size=3),
    st.sampled_from(list(EndingStyle)),
    st.booleans(),
)
def test_scenario_round_trip(costs: dict, fees: dict, style: EndingStyle, avoid: bool) -> None:
    data = {"version": 1, "currency": "CNY", "costs": costs, "fees_percent": fees,
            "target": {"kind": "margin", "value": "0.2"}, "ending": {"style": style.value, "avoid_digit_4": avoid}}
    loaded = load_scenario(data)
    assert load_scenario(scenario_to_dict(loaded)) == loaded


@st.composite
def floors_on_half_cents(draw: st.DrawFn) -> tuple[PricingInput, Fraction]:
    """An input whose exact floor is a whole number of half cents (a price point, or a tie between two), and
    that floor. With D = (1 − m) − (1 + v)·Σf the floor is C·(1 + v)/D, so a cost C = n·D/200 gives the floor
    (1 + v)·n/200, a half-cent multiple whenever (1 + v)·n is whole: n is drawn a multiple of 100."""
    vat_rate = draw(st.sampled_from([Decimal("0.01"), Decimal("0.06"), Decimal("0.09"), Decimal("0.13")]))
    margin_value = draw(st.decimals(0, Decimal("0.6"), places=2))
    rates = draw(st.lists(st.decimals(0, Decimal("0.05"), places=3), max_size=3))
    d = (1 - margin_value) - (1 + vat_rate) * sum(rates, Decimal(0))
    n = 100 * draw(st.integers(1, 10_000))
    cost = n * d / 200   # exact: D has at most 5 decimals
    fees = tuple(FeeRule(f"f{i}", f"f{i}", FeeBasis.PERCENT_OF_PAID, rate=rate) for i, rate in enumerate(rates))
    inp = PricingInput("CNY", cost, Target(TargetKind.MARGIN, margin_value), fees=fees, vat=vat_rate,
                       ending=draw(ending))
    return inp, Fraction(str(1 + vat_rate)) * n / 200


@SETTINGS
@given(floors_on_half_cents())
def test_a_floor_on_a_half_cent_is_exact_and_rounds_as_pricing_md_says(case: tuple[PricingInput, Fraction]) -> None:
    """`floor_price` is the exact floor rounded half-up, and the price is the exact floor's ending (rounding up,
    so a floor already on its ending stays): never a step above, never a tie rounded down."""
    inp, exact = case
    assert exact * 200 == int(exact * 200)
    result = price(inp)
    assert Fraction(result.floor_exact) == exact
    assert result.floor_price == (Decimal(exact.numerator) / exact.denominator).quantize(Decimal("0.01"),
                                                                                         rounding=ROUND_HALF_UP)
    assert result.price == apply_ending(Decimal(exact.numerator) / exact.denominator, inp.ending, "CNY")
