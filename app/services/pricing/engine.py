"""The pricing engine: floor price, suggested price, contribution and break-even for one product on one channel.

The floor price solves `(1 − m)·N(p) − F(p) − (C + RA) = 0` (margin target) or `N(p) − F(p) = (C + RA)(1 + k)`
(markup target), where `N(p) = (p + shipping)/(1 + v)` is net revenue and `F(p)` the percentage fees. Without
minimum fees or shipping this is exactly `P = (C + RA) / ((1 − m)/(1 + v) − Σf)` from `pricing.md`.

Fee rules are richer than a flat Σf:
- `PERCENT_OF_PAID` / `PERCENT_INCL_SHIPPING`: rate × paid price (or paid price + shipping charged to the buyer),
  never less than `minimum` (Amazon's $0.30). `F` is then piecewise linear and concave; it is solved segment by
  segment between the prices where each minimum stops applying, which picks the one consistent solution.
- `PER_UNIT` / `PER_ORDER`: fixed amounts that join `C` (per order is divided by units per order).
- `ANNUAL`: a fixed cost for break-even, never a per-unit cost.
- `refund_on_return`: the formula counts fees per *kept* unit. A fee refunded when an order is returned or
  cancelled (JD's 0.6% transaction fee) is paid on kept units only: factor 1. A fee the platform keeps
  (card processing) is also paid on the r/(1 − r) returned units behind each kept unit: factor 1/(1 − r).

Everything is computed in a 50-digit context and rounded once, at the end. A floor the 50 digits leave a hair
beside a price point or a tie is settled exactly (`settle`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal
from enum import StrEnum

from app.models.bilingual import Bilingual
from app.services.kernel.money import (
    CURRENCY_DECIMALS,
    is_known_currency,
    precise_context,
    pricing_context,
    quantize_money,
)

from .chain import ChainResult, ChainSpec, chain_price
from .endings import Ending, apply_ending, next_above
from .messages import InfeasibleTarget, Message, ScenarioError
from .money import ONE, ZERO, format_money
from .result import FeeLine, PriceResult, Target, TargetKind


class FeeBasis(StrEnum):
    """What a fee rule is charged on."""

    PERCENT_OF_PAID = "percent_of_paid"
    PERCENT_INCL_SHIPPING = "percent_incl_shipping"
    PER_ORDER = "per_order"
    PER_UNIT = "per_unit"
    ANNUAL = "annual"


PERCENT_BASES = (FeeBasis.PERCENT_OF_PAID, FeeBasis.PERCENT_INCL_SHIPPING)


@dataclass(frozen=True)
class FeeRule:
    """One fee: a rate (percent bases) or an amount (per unit, per order, annual), with an optional minimum."""

    name_zh: str
    name_en: str
    basis: FeeBasis
    rate: Decimal = ZERO
    amount: Decimal = ZERO
    minimum: Decimal = ZERO
    refund_on_return: bool = True


@dataclass(frozen=True)
class Returns:
    """Share of sold units returned, and what each return loses (freight, handling, write-off)."""

    rate: Decimal = ZERO
    loss_per_return: Decimal = ZERO


@dataclass(frozen=True)
class PricingInput:
    """Everything needed to price one product on one channel; money in `currency`, rates as fractions."""

    currency: str
    unit_cost: Decimal
    target: Target
    fees: tuple[FeeRule, ...] = ()
    returns: Returns = Returns()
    vat: Decimal = ZERO
    discount: Decimal = ZERO
    ending: Ending = Ending()
    fixed_costs: Decimal = ZERO
    chain: ChainSpec | None = None
    shipping_charged: Decimal = ZERO
    units_per_order: Decimal = ONE


@dataclass(frozen=True)
class _PercentFee:
    """A percentage fee compiled for solving: effective rate, shipping shift and minimum (per kept unit)."""

    name_zh: str
    name_en: str
    rate: Decimal
    shift: Decimal
    minimum: Decimal

    def amount(self, paid: Decimal) -> Decimal:
        return max(self.rate * (paid + self.shift), self.minimum)

    def minimum_binds(self, paid: Decimal) -> bool:
        return self.minimum > 0 and self.rate * (paid + self.shift) < self.minimum

    @property
    def breakpoint(self) -> Decimal | None:
        """The price below which the minimum applies (None: never; Infinity: always, a zero rate)."""
        if self.minimum <= 0:
            return None
        return self.minimum / self.rate - self.shift if self.rate > 0 else Decimal("Infinity")


@dataclass(frozen=True)
class _Model:
    """The input reduced to what the solver needs."""

    unit_cost: Decimal
    allowance: Decimal
    vat: Decimal
    shipping: Decimal
    percent: tuple[_PercentFee, ...]
    fixed_lines: tuple[FeeLine, ...]
    annual: Decimal

    def net(self, paid: Decimal) -> Decimal:
        return (paid + self.shipping) / (ONE + self.vat)

    def percent_fees(self, paid: Decimal) -> Decimal:
        return sum((f.amount(paid) for f in self.percent), ZERO)

    def contribution(self, paid: Decimal) -> Decimal:
        return self.net(paid) - self.percent_fees(paid) - self.unit_cost - self.allowance


def returns_allowance(returns: Returns) -> Decimal:
    """Loss from returns per kept unit: r / (1 − r) × loss per return."""
    with pricing_context():
        return returns.rate / (ONE - returns.rate) * returns.loss_per_return


def _keep_factor(rule: FeeRule, returns: Returns) -> Decimal:
    """1 for fees refunded on return (paid on kept units only), 1/(1 − r) for fees kept by the platform."""
    return ONE if rule.refund_on_return else ONE / (ONE - returns.rate)


def _fixed_line(rule: FeeRule, inp: PricingInput) -> FeeLine:
    per_unit = rule.amount if rule.basis is FeeBasis.PER_UNIT else rule.amount / inp.units_per_order
    return FeeLine(rule.name_zh, rule.name_en, per_unit * _keep_factor(rule, inp.returns), fixed=True)


def _percent_fee(rule: FeeRule, inp: PricingInput) -> _PercentFee:
    factor = _keep_factor(rule, inp.returns)
    shift = inp.shipping_charged if rule.basis is FeeBasis.PERCENT_INCL_SHIPPING else ZERO
    minimum = rule.minimum / inp.units_per_order * factor
    return _PercentFee(rule.name_zh, rule.name_en, rule.rate * factor, shift, minimum)


def _compile(inp: PricingInput) -> _Model:
    """Split fee rules by basis, fold fixed per-unit fees into C and annual fees into fixed costs."""
    percent = tuple(_percent_fee(r, inp) for r in inp.fees if r.basis in PERCENT_BASES)
    fixed = tuple(_fixed_line(r, inp) for r in inp.fees if r.basis in (FeeBasis.PER_UNIT, FeeBasis.PER_ORDER))
    annual = sum((r.amount for r in inp.fees if r.basis is FeeBasis.ANNUAL), ZERO)
    unit_cost = inp.unit_cost + sum((line.amount for line in fixed), ZERO)
    return _Model(unit_cost, returns_allowance(inp.returns), inp.vat, inp.shipping_charged, percent, fixed, annual)


def _pct(rate: Decimal) -> str:
    """A fraction as a short percentage: 0.4 -> '40%', 0.006 -> '0.6%'."""
    text = f"{(rate * 100).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"
    return (text.rstrip("0").rstrip(".") if "." in text else text) + "%"


def _fee_items(model: _Model, lang_zh: bool) -> str:
    """The biggest percentage fees, largest first, joined with ' + ' (at most four, then a count)."""
    fees = sorted(model.percent, key=lambda f: f.rate, reverse=True)
    shown = [f"{f.name_zh if lang_zh else f.name_en} {_pct(f.rate)}" for f in fees[:4] if f.rate > 0]
    rest = fees[4:]
    if rest:
        total = _pct(sum((f.rate for f in rest), ZERO))
        shown.append(f"其他 {len(rest)} 项 {total}" if lang_zh else f"{len(rest)} more {total}")
    return " + ".join(shown) if shown else ("无" if lang_zh else "none")


def _infeasible(model: _Model, target: Target, denominator: Decimal) -> InfeasibleTarget:
    """Explain, naming fees, margin and VAT, why every price loses (each paid unit keeps ≤ 0)."""
    parts_en = [f"fees {_fee_items(model, False)}"]
    parts_zh = [f"费用 {_fee_items(model, True)}"]
    if target.kind is TargetKind.MARGIN and target.value > 0:
        parts_en.append(f"margin {_pct(target.value)}")
        parts_zh.append(f"毛利率 {_pct(target.value)}")
    if model.vat > 0:
        parts_en.append(f"VAT {_pct(model.vat)}")
        parts_zh.append(f"增值税 {_pct(model.vat)}")
    left = _pct(denominator)
    margin = target.kind is TargetKind.MARGIN
    en = (
        f"No price can reach this target: {' + '.join(parts_en)} leave nothing to cover costs "
        f"(each 1.00 of price leaves {left} for costs). Lower the fees{' or the margin' if margin else ''}."
    )
    zh = (
        f"无法定价：{' + '.join(parts_zh)} 之后，售价已无剩余可覆盖成本（每 1 元售价只剩 {left}）。"
        f"请降低费用{'或毛利率' if margin else ''}。"
    )
    return InfeasibleTarget(Bilingual(zh, en), denominator)


def _alpha_and_amount(model: _Model, target: Target) -> tuple[Decimal, Decimal]:
    """The equation α·N(p) − F(p) = amount for a margin (α = 1 − m) or markup (α = 1) target."""
    base = model.unit_cost + model.allowance
    if target.kind is TargetKind.MARGIN:
        return ONE - target.value, base
    if target.kind is TargetKind.MARKUP:
        return ONE, base * (ONE + target.value)
    return ONE, base  # a fixed price: the floor is where contribution reaches zero


def _denominator(model: _Model, alpha: Decimal) -> Decimal:
    """`(1 − m)/(1 + v) − Σf`: what each unit of price keeps for costs once every percentage rate applies."""
    return alpha / (ONE + model.vat) - sum((f.rate for f in model.percent), ZERO)


def _minimum_on_segment(fee: _PercentFee, high: Decimal | None) -> bool:
    """Whether the fee's minimum applies on the segment ending at `high` (None: the open last segment).

    Decided by comparing breakpoints, never by evaluating the fee at a boundary, so rounding in the last
    digit cannot put a rule in the wrong regime.
    """
    point = fee.breakpoint
    if point is None:
        return False
    return point.is_infinite() or (high is not None and point >= high)


def _segment_line(model: _Model, alpha: Decimal, amount: Decimal, high: Decimal | None) -> tuple[Decimal, Decimal]:
    """Slope and intercept of α·N(p) − F(p) − amount on the segment ending at `high`."""
    slope = alpha / (ONE + model.vat)
    intercept = alpha * model.shipping / (ONE + model.vat) - amount
    for fee in model.percent:
        if _minimum_on_segment(fee, high):
            intercept -= fee.minimum
        else:
            slope -= fee.rate
            intercept -= fee.rate * fee.shift
    return slope, intercept


def _solve(model: _Model, alpha: Decimal, amount: Decimal) -> Decimal:
    """The lowest price p ≥ 0 with α·N(p) − F(p) ≥ amount (the function is increasing when feasible).

    Between consecutive breakpoints every minimum either applies or not, so the function is linear there:
    walk the segments upwards and solve in the first one whose upper end meets the target.
    """
    points = {f.breakpoint for f in model.percent}
    highs = sorted(p for p in points if p is not None and p.is_finite() and p > 0)
    for high in [*highs, None]:
        slope, intercept = _segment_line(model, alpha, amount, high)
        if high is not None and slope * high + intercept < 0:
            continue
        return max(-intercept / slope, ZERO)
    raise AssertionError("the last segment always holds the root")  # pragma: no cover


def _floor(model: _Model, target: Target) -> Decimal:
    """The exact floor price for a margin or markup target (zero margin for a fixed price)."""
    alpha, amount = _alpha_and_amount(model, target)
    denominator = _denominator(model, alpha)
    if denominator <= 0:
        raise _infeasible(model, target, denominator)
    return _solve(model, alpha, amount)


#: A 50-digit result is looked at with this many significant digits to see whether it is a rounding boundary
#: the divisions left a hair off; it is then worked out again with `precise_context`'s 200 digits, and the two
#: must agree to `_AGREE`'s.
_NEAR = Context(prec=30, rounding=ROUND_HALF_EVEN)
_AGREE = Context(prec=150, rounding=ROUND_HALF_EVEN)


def settle(value: Decimal, currency: str, precisely: Callable[[], Decimal]) -> Decimal:
    """`value`, worked out in 50 digits, or the exact price point it stands for when that decides a rounding.

    Divisions in 50 digits leave a result a hair off the exact one. 521.82 / (0.60/1.01 − 0.02) is exactly 909,
    but comes out as 909.00…001, which a price ending, rounding up so the floor holds, would take a whole step
    up (919 with END_9, 909.01 with none). An exact 642.865 comes out as 642.8649…9, which rounds half-up to
    642.86 instead of 642.87. Such a value, rounded to 30 digits, lands on a multiple of half the currency's
    minor unit. Only then is it worked out again (`precisely`, run in 200 digits), and when the two agree to 150
    digits the price point is exact and is what is returned. Any other value is returned as it is: a 50th
    digit can't move where it rounds."""
    near = _NEAR.plus(value)
    if near == value:
        return value
    halves = near * _HALF_STEPS[currency]   # how many half minor units: whole on a cent or a tie
    if halves != halves.to_integral_value():
        return value
    with precise_context():
        again = precisely()
    return near if _AGREE.plus(again) == near else value


#: Half minor units per currency unit (200 for CNY's cents, 2 for JPY's yen).
_HALF_STEPS = {currency: Decimal(2 * 10**places) for currency, places in CURRENCY_DECIMALS.items()}


def _settled_floor(inp: PricingInput, model: _Model) -> Decimal:
    """`_floor`, settled: exact when it is a price point or a tie."""
    return settle(_floor(model, inp.target), inp.currency, lambda: _floor(_compile(inp), inp.target))


def _settled_list(inp: PricingInput, floor: Decimal) -> Decimal:
    """The list price the floor needs under the discount, floor ÷ (1 − d), settled like the floor: a floor of
    598.728 with 19.2% off is a list price of exactly 741, which the ending must keep, not take to 741.01."""
    if inp.discount == 0:
        return floor
    return settled_list(floor, ONE - inp.discount, inp.currency, lambda: _floor(_compile(inp), inp.target))


def settled_list(floor: Decimal, keep: Decimal, currency: str, precise_floor: Callable[[], Decimal]) -> Decimal:
    """floor ÷ keep (keep = 1 − discount), settled; `precise_floor` works the floor out again (see `settle`)."""
    return settle(floor / keep, currency, lambda: precise_floor() / keep)


def _paid(price: Decimal, discount: Decimal, currency: str) -> Decimal:
    return quantize_money(price * (ONE - discount), currency)


def _choose_price(inp: PricingInput, floor: Decimal, listed: Decimal) -> tuple[Decimal, Decimal]:
    """(price on the ending, paid price) with the paid price never below the floor; `listed` is the floor's
    list price (`_settled_list`)."""
    price = apply_ending(listed, inp.ending, inp.currency)
    paid = _paid(price, inp.discount, inp.currency)
    while paid < floor:  # the discount's rounding to the cent may dip under the floor: step up
        price = next_above(price, inp.ending, inp.currency)
        paid = _paid(price, inp.discount, inp.currency)
    return price, paid


def _validate(inp: PricingInput) -> None:
    """Reject inputs no formula can use (the scenario loader gives friendlier, key-specific messages)."""
    checks = [
        (is_known_currency(inp.currency), f"unknown currency {inp.currency!r}", f"未知币种 {inp.currency!r}"),
        (inp.unit_cost >= 0, "unit cost must not be negative", "单位成本不能为负数"),
        (0 <= inp.returns.rate < 1, "return rate must be at least 0 and below 1", "退货率必须在 0 到 1 之间（不含 1）"),
        (0 <= inp.vat < 1, "VAT must be at least 0 and below 1", "增值税率必须在 0 到 1 之间（不含 1）"),
        (0 <= inp.discount < 1, "discount must be at least 0 and below 1", "折扣必须在 0 到 1 之间（不含 1）"),
        (inp.units_per_order > 0, "units per order must be positive", "每单件数必须大于 0"),
        (inp.fixed_costs >= 0, "fixed costs must not be negative", "固定成本不能为负数"),
        (inp.shipping_charged >= 0, "shipping charged must not be negative", "运费收入不能为负数"),
        (inp.returns.loss_per_return >= 0, "loss per return must not be negative", "每次退货损失不能为负数"),
        (inp.target.value >= 0, "target must not be negative", "目标值不能为负数"),
        (inp.target.kind is not TargetKind.MARGIN or inp.target.value < 1,
         "margin must be below 1 (100%)", "毛利率必须低于 1（100%）"),
    ]
    for rule in inp.fees:
        checks.append((
            min(rule.rate, rule.amount, rule.minimum) >= 0 and rule.rate < 1,
            f"fee {rule.name_en!r}: rate must be at least 0 and below 1, amounts not negative",
            f"费用“{rule.name_zh}”：费率必须在 0 到 1 之间（不含 1），金额不能为负数",
        ))
    for ok, en, zh in checks:
        if not ok:
            raise ScenarioError(Bilingual(zh, en))


@dataclass(frozen=True)
class _Choice:
    floor: Decimal | None
    list_exact: Decimal | None
    price: Decimal
    paid: Decimal


def _choose(inp: PricingInput, model: _Model, warnings: list[Message]) -> _Choice:
    """Floor and chosen prices for the target; a fixed price is evaluated as given (no ending)."""
    if inp.target.kind is not TargetKind.PRICE:
        floor = _settled_floor(inp, model)
        listed = _settled_list(inp, floor)
        price, paid = _choose_price(inp, floor, listed)
        return _Choice(floor, listed if inp.discount > 0 else None, price, paid)
    zero_margin_floor: Decimal | None = None
    try:
        zero_margin_floor = _settled_floor(inp, model)
    except InfeasibleTarget as exc:
        warnings.append(Message("no_floor", exc.message.zh, exc.message.en))
    price = quantize_money(inp.target.value, inp.currency)
    list_exact = price if inp.discount > 0 else None
    return _Choice(zero_margin_floor, list_exact, price, _paid(price, inp.discount, inp.currency))


def _break_even(fixed: Decimal, contribution: Decimal, currency: str, warnings: list[Message]) -> int | None:
    """⌈fixed ÷ contribution⌉ units, or None (with a warning) when a unit contributes nothing."""
    if contribution <= 0:
        shown = format_money(contribution, currency)
        warnings.append(Message(
            "no_contribution",
            f"按此售价每件贡献 {shown}，没有余额分摊固定成本，无法回本。",
            f"At this price each unit contributes {shown}: nothing is left toward fixed costs, so there is no "
            "break-even.",
        ))
        return None
    return math.ceil(fixed / contribution)


def _minimum_warnings(model: _Model, paid: Decimal, currency: str) -> list[Message]:
    return [
        Message(
            "minimum_fee",
            f"{f.name_zh}按最低收费 {format_money(f.minimum, currency)} 计算。",
            f"{f.name_en}: the minimum of {format_money(f.minimum, currency)} applies at this price.",
        )
        for f in model.percent
        if f.minimum_binds(paid)
    ]


def _fee_lines(model: _Model, paid: Decimal) -> tuple[FeeLine, ...]:
    percent = tuple(
        FeeLine(f.name_zh, f.name_en, f.amount(paid), minimum_applied=f.minimum_binds(paid)) for f in model.percent
    )
    return percent + model.fixed_lines


def _chain_parts(
    inp: PricingInput, paid: Decimal, warnings: list[Message]
) -> tuple[ChainResult | None, Decimal | None]:
    """The chain's price and the ratio paid/chain (exact), warning when direct is no cheaper."""
    if inp.chain is None:
        return None, None
    chain = chain_price(inp.chain, inp.currency)
    if chain.exact_price <= 0:
        return chain, None
    ratio = paid * chain.keep / chain.base   # = paid ÷ (base ÷ keep), with one division: exact when it can be
    if ratio >= 1:
        warnings.append(Message(
            "above_chain",
            "直营售价不低于传统渠道零售价，消费者没有理由选择直营。",
            "The direct price is not below the traditional chain's price: buyers gain nothing by coming direct.",
        ))
    return chain, ratio


def price(inp: PricingInput) -> PriceResult:
    """Price one product: floor, price on the ending, paid price, margin, markup, contribution, break-even.

    Raises `InfeasibleTarget` (with a bilingual explanation) when fees, VAT and margin leave nothing, and
    `ScenarioError` for unusable inputs.
    """
    _validate(inp)
    warnings: list[Message] = []
    with pricing_context():
        model = _compile(inp)
        choice = _choose(inp, model, warnings)
        paid = choice.paid
        net = model.net(paid)
        contribution = model.contribution(paid)
        cost_base = model.unit_cost + model.allowance
        fixed = inp.fixed_costs + model.annual
        warnings.extend(_minimum_warnings(model, paid, inp.currency))
        break_even = _break_even(fixed, contribution, inp.currency, warnings)
        chain, ratio = _chain_parts(inp, paid, warnings)
        return PriceResult(
            currency=inp.currency,
            target=inp.target,
            floor_exact=choice.floor,
            floor_price=None if choice.floor is None else quantize_money(choice.floor, inp.currency),
            list_exact=choice.list_exact,
            list_price=None if choice.list_exact is None else quantize_money(choice.list_exact, inp.currency),
            price=choice.price,
            paid_price=paid,
            net_revenue=net,
            vat_amount=paid + model.shipping - net,
            fee_lines=_fee_lines(model, paid),
            percent_fees=model.percent_fees(paid),
            unit_cost=model.unit_cost,
            returns_allowance=model.allowance,
            contribution=contribution,
            margin_on_net=contribution / net if net > 0 else None,
            markup_on_cost=contribution / cost_base if cost_base > 0 else None,
            fixed_costs=fixed,
            break_even_units=break_even,
            chain=chain,
            ratio_to_chain=ratio,
            warnings=tuple(warnings),
        )


def floor_price(inp: PricingInput) -> Decimal:
    """The exact floor price (unrounded) for `inp`'s margin or markup target; raises `InfeasibleTarget`."""
    _validate(inp)
    with pricing_context():
        return _settled_floor(inp, _compile(inp))
