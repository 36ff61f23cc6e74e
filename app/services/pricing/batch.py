"""Pricing many SKUs on one channel: the fee model compiled once, only the price column computed.

A price list or a listing pack needs one figure per SKU and channel — the price on the ending and what the buyer
pays — for thousands of SKUs that share everything but their costs. `price_channel` rebuilds and validates the
whole input for each of them (fee rules, FX look-up, returns allowance) and then builds the full breakdown (fee
lines, chain, break-even, warnings) that nobody reads. `ChannelPricer` does the per-channel part once:

- the input is validated and the fee rules compiled once (`engine._compile`), the exchange rate looked up once;
- the infeasibility of a target does not depend on the cost (the denominator `(1 − m)/(1 + v) − Σf` holds no
  cost), so it is decided once and raised again, identical, for every SKU;
- the segments of the solver (between the prices where fee minimums stop applying) are laid out once; per SKU
  only the cost-dependent intercept is computed, with the engine's operations in the engine's order, so every
  intermediate value — and so every price — is the one `price_channel` gives, to the last digit;
- the price ending and the discount's rounding are `engine._choose_price` and `endings.apply_ending` with their
  grid (remainder, modulus) and the discount factor worked out once.

`price(costs)` gives a `ColumnPrice` (price, paid price, exact floor); `result(plan)` gives the full
`PriceResult` for the one SKU someone opens. Nothing is kept between calls, so a caller streaming 100,000 SKUs
holds one SKU's figures at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from operator import attrgetter

from app.services.kernel.money import currency_decimals, minor_unit, pricing_context, quantize_money

from .channels import ChannelProfile, ProductPlan, channel_input, price_channel
from .costs import UNIT_COST_FIELDS, CostBuildUp
from .endings import _align_up, _grid, _skip_fours, next_above
from .engine import (
    _alpha_and_amount,
    _compile,
    _denominator,
    _floor as _engine_floor,
    _infeasible,
    _minimum_on_segment,
    _Model,
    _paid,
    _validate,
    settle,
    settled_list,
)
from .fx import FxTable
from .messages import FxRateMissing, InfeasibleTarget, PricingError
from .money import ONE, ZERO
from .result import PriceResult, TargetKind


@dataclass(frozen=True)
class ColumnPrice:
    """One SKU's figures for a price column: the price on the ending (the list price when discounted), what the
    buyer pays, and the exact floor (None for a fixed-price target)."""

    currency: str
    price: Decimal
    paid_price: Decimal
    floor_exact: Decimal | None


@dataclass(frozen=True)
class _Segment:
    """The solver's line on one segment: α·N(p) − F(p) − amount = slope·p + (start − amount − Σ terms)."""

    high: Decimal | None
    slope: Decimal
    terms: tuple[Decimal, ...]  # subtracted from the intercept in the engine's order (zeros left out)


class ChannelPricer:
    """Prices SKUs of plans like `template` (same target, returns, discount, ending, extra rules; any costs) on one
    channel, exactly as `price_channel(plan, profile, fx, on)` does.

    Errors that don't depend on the cost (an exchange rate missing, an impossible target, an unusable input) are
    found once and raised by every `price` call, as `price_channel` would raise them for every SKU.
    """

    def __init__(self, template: ProductPlan, profile: ChannelProfile, fx: FxTable | None = None,
                 on: date | None = None) -> None:
        self._template = template
        self._profile = profile
        self._fx = fx
        self._on = on
        self._error: PricingError | None = None
        try:
            self._compile_channel()
        except (FxRateMissing, InfeasibleTarget, PricingError) as error:
            self._error = error

    # ----- compiled once ------------------------------------------------------------------------------------
    def _compile_channel(self) -> None:
        template, profile = self._template, self._profile
        self._cost_lines = attrgetter(*(name for name in UNIT_COST_FIELDS if name not in profile.excluded_costs))
        with pricing_context():
            self._rate = self._exchange_rate()
            self._input = channel_input(replace(template, costs=CostBuildUp(template.costs.currency), chain=None),
                                        profile, self._fx, self._on)
            _validate(self._input)
            model = _compile(self._input)
            self._fixed_fees = sum((line.amount for line in model.fixed_lines), ZERO)
            self._allowance = model.allowance
            self._target = self._input.target
            self._compile_rounding()
            if self._target.kind is TargetKind.PRICE:
                self._fixed_price = quantize_money(self._target.value, self._input.currency)
                return
            alpha, _ = _alpha_and_amount(model, self._target)
            denominator = _denominator(model, alpha)
            if denominator <= 0:
                raise _infeasible(model, self._target, denominator)
            self._markup = ONE + self._target.value if self._target.kind is TargetKind.MARKUP else None
            self._start = alpha * model.shipping / (ONE + model.vat)
            self._segments = _segments(model, alpha)

    def _compile_rounding(self) -> None:
        """What `_choose_price` and `apply_ending` work out from the discount, ending and currency alone."""
        inp = self._input
        self._keep = ONE - inp.discount
        self._minor = minor_unit(inp.currency)
        self._places = currency_decimals(inp.currency)
        self._units = 10**self._places
        self._remainder, self._modulus = _grid(inp.ending.style, self._units)

    def _exchange_rate(self) -> Decimal | None:
        """The rate costs convert at (None: no conversion, as `channel_input` without a table)."""
        if self._fx is None:
            return None
        source, target = self._template.costs.currency, self._profile.currency
        return self._fx.rate_on(source, target, self._on or self._profile.effective_from)

    # ----- per SKU --------------------------------------------------------------------------------------------
    @property
    def currency(self) -> str:
        return self._profile.currency

    def price(self, costs: CostBuildUp) -> ColumnPrice:
        """The price column's figures for a SKU with these costs; raises what `price_channel` would raise."""
        with pricing_context():
            return self._price(costs)

    def prices(self, costs: Iterable[CostBuildUp]) -> Iterator[ColumnPrice | PricingError]:
        """Each SKU's figures, or the error pricing it raised, one at a time (nothing is kept)."""
        for one in costs:
            try:
                yield self.price(one)
            except (FxRateMissing, InfeasibleTarget, PricingError) as error:
                yield error

    def _price(self, costs: CostBuildUp) -> ColumnPrice:
        if self._error is not None:
            raise self._error
        if costs.currency != self._template.costs.currency:
            raise ValueError("a ChannelPricer prices costs in its template's currency only")
        inp = self._input
        if self._target.kind is TargetKind.PRICE:
            return ColumnPrice(inp.currency, self._fixed_price,
                               _paid(self._fixed_price, inp.discount, inp.currency), None)
        own = self._own_cost(costs)

        def precisely() -> Decimal:   # what `engine.settle` works out again, in 200 digits, when it must
            return _engine_floor(_compile(replace(inp, unit_cost=own)), self._target)

        floor = settle(self._floor(own + self._fixed_fees), inp.currency, precisely)
        listed = floor if inp.discount == 0 else settled_list(floor, self._keep, inp.currency, precisely)
        price, paid = self._choose_price(floor, listed)
        return ColumnPrice(inp.currency, price, paid, floor)

    def _choose_price(self, floor: Decimal, listed: Decimal) -> tuple[Decimal, Decimal]:
        """`engine._choose_price`: the price on the ending and the paid price, never below the floor; `listed`
        as `engine._settled_list` has it."""
        price = self._on_ending(listed)
        paid = self._paid(price)
        while paid < floor:  # the discount's rounding to the cent may dip under the floor: step up (rare)
            price = next_above(price, self._input.ending, self._input.currency)
            paid = self._paid(price)
        return price, paid

    def _on_ending(self, price: Decimal) -> Decimal:
        """`endings.apply_ending` on the compiled grid (the price is never negative here)."""
        minor = int((price * self._units).to_integral_value(rounding=ROUND_CEILING))
        if self._input.ending.avoid_digit_4:
            minor = _skip_fours(minor, self._remainder, self._modulus)
        else:
            minor = _align_up(minor, self._remainder, self._modulus)
        return Decimal(minor).scaleb(-self._places)

    def _paid(self, price: Decimal) -> Decimal:
        """`engine._paid`: price × (1 − discount), rounded half-up to the minor unit, never -0."""
        paid = (price * self._keep).quantize(self._minor, rounding=ROUND_HALF_UP)
        return paid.copy_abs() if paid.is_zero() else paid

    def _own_cost(self, costs: CostBuildUp) -> Decimal:
        """The channel's cost lines, converted: the input's unit cost (the engine adds the per-unit and per-order
        fees to it)."""
        lines = self._cost_lines(costs)
        own = sum(lines if isinstance(lines, tuple) else (lines,), ZERO)  # in channels._unit_cost's order
        return own if self._rate is None else own * self._rate

    def _floor(self, unit_cost: Decimal) -> Decimal:
        """`engine._solve` on the compiled segments: the lowest price meeting the target (C with the fees);
        `engine.settle` then settles it as the engine does."""
        amount = unit_cost + self._allowance
        if self._markup is not None:
            amount = amount * self._markup
        for segment in self._segments:
            intercept = self._start - amount
            for term in segment.terms:
                intercept -= term
            if segment.high is not None and segment.slope * segment.high + intercept < 0:
                continue
            return max(-intercept / segment.slope, ZERO)
        raise AssertionError("the last segment always holds the root")  # pragma: no cover

    # ----- on demand ------------------------------------------------------------------------------------------
    def result(self, plan: ProductPlan) -> PriceResult:
        """The full breakdown (fee lines, chain, break-even, warnings) for one SKU someone asks about."""
        return price_channel(plan, self._profile, self._fx, self._on)


def _segments(model: _Model, alpha: Decimal) -> tuple[_Segment, ...]:
    """`engine._segment_line` for every segment, with the cost-dependent `amount` left for later."""
    points = {f.breakpoint for f in model.percent}
    highs = sorted(p for p in points if p is not None and p.is_finite() and p > 0)
    segments = []
    for high in [*highs, None]:
        slope = alpha / (ONE + model.vat)
        terms = []
        for fee in model.percent:
            if _minimum_on_segment(fee, high):
                terms.append(fee.minimum)
            else:
                slope -= fee.rate
                terms.append(fee.rate * fee.shift)
        segments.append(_Segment(high, slope, tuple(t for t in terms if t != 0)))
    return tuple(segments)


def pricer_cache(profile: ChannelProfile, fx: FxTable | None, on: date | None
                 ) -> Callable[[ProductPlan], ChannelPricer]:
    """A function giving the compiled pricer for a plan's shape on `profile`, compiling each shape once (a price
    list's tiers, or the default plan of every product in one currency)."""
    compiled: dict[ProductPlan, ChannelPricer] = {}

    def pricer(plan: ProductPlan) -> ChannelPricer:
        shape = replace(plan, costs=CostBuildUp(plan.costs.currency), fixed=None, chain=None)
        found = compiled.get(shape)
        if found is None:
            found = compiled[shape] = ChannelPricer(shape, profile, fx, on)
        return found

    return pricer
