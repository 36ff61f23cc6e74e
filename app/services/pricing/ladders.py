"""Price structures across products and quantities: good/better/best ladders, B2B quantity tiers, 满减.

- A ladder keeps every tier at or above its own floor and strictly above the tier below it.
- Quantity tiers warn about "cliffs": quantities where buying more would cost less in total.
- Threshold promotions (每满300减50) compute the discount and allocate it pro-rata to lines, to the cent,
  so the allocations sum to the discount exactly and no line gets a negative share or more than its amount.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from app.models.bilingual import Bilingual
from app.services.kernel.money import minor_unit, pricing_context, quantize_money

from .endings import Ending, apply_ending, next_above
from .messages import Message, ScenarioError
from .money import ZERO, format_money

# ---------------------------------------------------------------- good / better / best


@dataclass(frozen=True)
class LadderTier:
    """A tier in value order: its own floor price and an optional wished price."""

    name_zh: str
    name_en: str
    floor: Decimal
    wished: Decimal | None = None


@dataclass(frozen=True)
class LadderPrice:
    """The tier's price on the ending and whether it had to be raised above the wish or floor."""

    tier: LadderTier
    price: Decimal
    raised: bool


def _raised_message(tier: LadderTier, below: LadderTier, price: Decimal, currency: str) -> Message:
    shown = format_money(price, currency)
    return Message(
        "ladder_raised",
        f"“{tier.name_zh}”不能低于或等于“{below.name_zh}”，已上调至 {shown}。",
        f"{tier.name_en!r} would cost no more than {below.name_en!r}; raised to {shown}.",
    )


def price_ladder(
    tiers: Sequence[LadderTier], ending: Ending, currency: str
) -> tuple[tuple[LadderPrice, ...], tuple[Message, ...]]:
    """Price tiers (lowest value first): each ≥ its floor and its wish, strictly above the tier below."""
    prices: list[LadderPrice] = []
    warnings: list[Message] = []
    for tier in tiers:
        wanted = max(tier.floor, tier.wished if tier.wished is not None else tier.floor)
        price = apply_ending(wanted, ending, currency)
        raised = False
        if prices and price <= prices[-1].price:
            price = next_above(prices[-1].price, ending, currency)
            raised = True
            warnings.append(_raised_message(tier, prices[-1].tier, price, currency))
        prices.append(LadderPrice(tier, price, raised))
    return tuple(prices), tuple(warnings)


# ---------------------------------------------------------------- quantity tiers


@dataclass(frozen=True)
class QuantityTier:
    """From `min_qty` units on, every unit costs `unit_price`."""

    min_qty: int
    unit_price: Decimal


@dataclass(frozen=True)
class Cliff:
    """Buying `first`…`last` units costs more in total than buying `at` units (`total_at`)."""

    first: int
    last: int
    at: int
    total_at: Decimal

    def message(self, currency: str) -> Message:
        total = f"{currency} {format_money(self.total_at, currency)}"
        span = f"{self.first}–{self.last}" if self.first != self.last else str(self.first)
        return Message(
            "quantity_cliff",
            f"买 {span} 件的总价高于买 {self.at} 件（{total}）：买家会多买以省钱。",
            f"Buying {span} units costs more in total than buying {self.at} ({total}): "
            "buyers will buy more to pay less.",
        )


def _validate_tiers(tiers: Sequence[QuantityTier]) -> None:
    if not tiers or tiers[0].min_qty < 1:
        raise ScenarioError(Bilingual("阶梯价必须从 1 件或以上开始", "quantity tiers must start at 1 unit or more"))
    for low, high in itertools.pairwise(tiers):
        if high.min_qty <= low.min_qty:
            raise ScenarioError(Bilingual("阶梯价的起订量必须递增", "quantity tiers must rise in quantity"))
    if any(t.unit_price < 0 for t in tiers):
        raise ScenarioError(Bilingual("阶梯单价不能为负数", "tier prices must not be negative"))


def _cliff_below(tiers: Sequence[QuantityTier], index: int) -> Cliff | None:
    """Quantities in lower tiers whose total exceeds the total at tier `index`'s first quantity."""
    at = tiers[index].min_qty
    total_at = at * tiers[index].unit_price
    quantities: list[int] = []
    for lower, upper in itertools.pairwise(tiers[: index + 1]):
        if lower.unit_price <= 0:
            continue
        start = int((total_at / lower.unit_price).to_integral_value(rounding=ROUND_FLOOR)) + 1
        quantities.extend(range(max(start, lower.min_qty), upper.min_qty))
    if not quantities:
        return None
    return Cliff(min(quantities), max(quantities), at, total_at)


def quantity_cliffs(tiers: Sequence[QuantityTier]) -> tuple[Cliff, ...]:
    """Every tier boundary where a smaller order costs more in total (49 × 160 = 7,840 > 50 × 150 = 7,500)."""
    _validate_tiers(tiers)
    with pricing_context():
        found = (_cliff_below(tiers, index) for index in range(1, len(tiers)))
        return tuple(cliff for cliff in found if cliff is not None)


def cliff_free_price(lower: QuantityTier, upper: QuantityTier, currency: str) -> Decimal:
    """The lowest unit price for `upper` that removes the cliff: (upper.min_qty − 1) × lower price ÷ upper.min_qty,
    rounded up to the minor unit (49 × 160 ÷ 50 = 156.80)."""
    with pricing_context():
        exact = (upper.min_qty - 1) * lower.unit_price / upper.min_qty
    return apply_ending(exact, Ending(), currency)


# ---------------------------------------------------------------- 满减 threshold promotions


@dataclass(frozen=True)
class ThresholdPromotion:
    """每满 `threshold` 减 `reduction` (repeating), or a single 满…减… when `repeat` is False."""

    threshold: Decimal
    reduction: Decimal
    repeat: bool = True

    def __post_init__(self) -> None:
        if not (self.threshold > 0 and 0 <= self.reduction <= self.threshold):
            raise ScenarioError(Bilingual("满减活动要求门槛大于 0，且减免金额在 0 到门槛之间",
                                          "a threshold promotion needs threshold > 0 and 0 ≤ reduction ≤ threshold"))

    def discount(self, total: Decimal) -> Decimal:
        """The discount on an order of `total`: ⌊total ÷ threshold⌋ × reduction (or one reduction)."""
        if total < self.threshold:
            return ZERO
        if not self.repeat:
            return self.reduction
        with pricing_context():
            return (total / self.threshold).to_integral_value(rounding=ROUND_FLOOR) * self.reduction


def _cumulative_shares(lines: Sequence[Decimal], discount: Decimal, total: Decimal, currency: str) -> list[Decimal]:
    """Fallback allocation by rounding cumulative shares: always within 0…line and summing exactly."""
    shares: list[Decimal] = []
    running, allocated = ZERO, ZERO
    for line in lines:
        running += line
        target = quantize_money(discount * running / total, currency)
        shares.append(target - allocated)
        allocated = target
    return shares


def allocate_discount(lines: Sequence[Decimal], discount: Decimal, currency: str) -> tuple[Decimal, ...]:
    """Spread `discount` (rounded to the cent first) over order lines pro-rata, each share rounded half-up to
    the cent, the remainder on the last line. The shares sum to `discount` exactly; none is negative or
    exceeds its line. When rounding many tiny lines would push the remainder out of range, shares are
    rounded cumulatively instead.
    """
    if any(line < 0 for line in lines) or discount < 0:
        raise ScenarioError(Bilingual("订单行金额和优惠不能为负数", "order lines and discount must not be negative"))
    discount = quantize_money(discount, currency)
    with pricing_context():
        total = sum(lines, ZERO)
        if discount > total:
            raise ScenarioError(Bilingual("优惠金额超过订单总额", "discount exceeds the order total"))
        if not lines or discount == 0:
            return tuple(ZERO.quantize(minor_unit(currency)) for _ in lines)
        shares = [quantize_money(discount * line / total, currency) for line in lines[:-1]]
        if not ZERO <= discount - sum(shares, ZERO) <= lines[-1]:
            shares = _cumulative_shares(lines, discount, total, currency)[:-1]
        return (*shares, discount - sum(shares, ZERO))


def promotion_allocation(
    lines: Sequence[Decimal], promotion: ThresholdPromotion, currency: str
) -> tuple[Decimal, tuple[Decimal, ...]]:
    """The promotion's discount on these lines and its allocation to each line."""
    with pricing_context():
        total = sum(lines, ZERO)
    discount = promotion.discount(total)
    return discount, allocate_discount(lines, discount, currency)


__all__ = [
    "Cliff",
    "LadderPrice",
    "LadderTier",
    "QuantityTier",
    "ThresholdPromotion",
    "allocate_discount",
    "cliff_free_price",
    "price_ladder",
    "promotion_allocation",
    "quantity_cliffs",
]
