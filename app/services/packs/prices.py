"""Suggested prices for listing packs, from the pricing engine; costs stay inside this module.

For each SKU and the platform's pricing channel (`PlatformProfile.channel_id`, e.g. `amazon` → `amazon_us`):
- a product with a saved pricing plan is priced as the Pricing page prices it: the plan (target, discount,
  ending, returns, fixed costs, chain) with that SKU's ex-factory cost in place of the plan SKU's, the channel's
  current fee profile (workspace edits included) and the plan's exchange rates; a price the user set for the
  channel is used as is;
- a product without a plan is priced from the SKU's cost with the channel's defaults (fees, VAT, usual price
  ending) and a margin of 30% on net revenue (`DEFAULT_MARGIN`) — a stated default, reported as a note;
- on the ODM sheet the supply price is `odm_supply_price(cost, margin)` (the plan's margin target, else 30%),
  and the suggested retail price is the platform's retail at the ODM profile's platform margin.
A SKU that can't be priced (no cost, no exchange rate for a foreign-currency channel, a target the fees make
impossible) gets no price and a note saying why; the pack leaves that cell empty for the seller to fill in.
Only prices leave this module — never a cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from sqlmodel import col, select

from app.db import Workspace
from app.models import PricingPlan, Sku
from app.models.bilingual import Bilingual
from app.models.listing import Severity
from app.services.packs.profiles import PlatformProfile
from app.services.packs.source import ListingProduct
from app.services.pricing import (
    ChannelKind,
    ChannelProfile,
    CostBuildUp,
    FxRateMissing,
    FxTable,
    InfeasibleTarget,
    PricingError,
    ProductPlan,
    Target,
    TargetKind,
    odm_supply_price,
    platform_retail_price,
    price_channel,
    quantize_money,
)

DEFAULT_MARGIN = Decimal("0.30")


@dataclass(frozen=True)
class SkuPrice:
    """A SKU's listing price (after the channel's price ending) and, with a discount, the sale price."""

    price: Decimal | None
    sale_price: Decimal | None = None
    #: ODM sheets: the platform's retail price at its own margin.
    suggested_retail: Decimal | None = None


@dataclass(frozen=True)
class PriceNote:
    """Why a price is missing or where it came from; the builder turns notes into lint findings."""

    rule: str
    severity: Severity
    sku: str
    message: Bilingual


@dataclass(frozen=True)
class PriceSheet:
    currency: str
    by_sku: dict[str, SkuPrice]
    notes: tuple[PriceNote, ...]

    def get(self, sku_code: str) -> SkuPrice:
        return self.by_sku.get(sku_code, SkuPrice(None))


class PackPricer:
    """Prices products for one platform; reads the workspace's plans and channel profiles once."""

    def __init__(self, workspace: Workspace, profile: PlatformProfile) -> None:
        from app.services.pricing_plans import PricingService

        self._workspace = workspace
        self._profile = profile
        self._service = PricingService(workspace)
        self._channel = next((p for p in self._service.profiles() if p.id == profile.channel_id), None)
        with workspace.session() as session:
            self._planned = set(session.exec(select(PricingPlan.product_id)).all())

    @property
    def channel(self) -> ChannelProfile | None:
        return self._channel

    def price(self, product: ListingProduct) -> PriceSheet:
        """Prices for every SKU of `product` on this platform's channel."""
        channel = self._channel
        currency = channel.currency if channel is not None else product.currency
        if channel is None:
            note = PriceNote("price.no_channel", Severity.WARNING, "", Bilingual(
                f"没有渠道“{self._profile.channel_id}”的费用配置，无法给出价格。",
                f"No fee profile for channel '{self._profile.channel_id}': prices left empty."))
            return PriceSheet(currency, {}, (note,))
        costs = self._costs(product)
        if product.id in self._planned:
            return self._with_plan(product, channel, costs)
        return self._without_plan(product, channel, costs)

    def _costs(self, product: ListingProduct) -> dict[str, Decimal | None]:
        with self._workspace.session() as session:
            rows = session.exec(select(Sku.code, Sku.cost).where(Sku.product_id == product.id)
                                .order_by(col(Sku.position), col(Sku.code))).all()
        return {code: cost for code, cost in rows}

    def _without_plan(self, product: ListingProduct, channel: ChannelProfile,
                      costs: dict[str, Decimal | None]) -> PriceSheet:
        notes: list[PriceNote] = [PriceNote("price.default_plan", Severity.INFO, "", Bilingual(
            f"该产品没有定价方案：按 SKU 成本、渠道默认费用和 {DEFAULT_MARGIN * 100:.0f}% 毛利率建议价格。",
            f"No pricing plan: prices suggested from the SKU cost, the channel's defaults and a "
            f"{DEFAULT_MARGIN * 100:.0f}% margin."))]
        prices: dict[str, SkuPrice] = {}
        for sku in product.skus:
            cost = costs.get(sku.code)
            if cost is None:
                notes.append(_no_cost(sku.code))
                continue
            if channel.kind is ChannelKind.ODM:
                prices[sku.code] = self._odm(cost, DEFAULT_MARGIN, channel)
                continue
            plan = ProductPlan(costs=CostBuildUp(product.currency, materials=cost),
                               target=Target(TargetKind.MARGIN, DEFAULT_MARGIN))
            prices[sku.code] = self._engine(plan, channel, None, sku.code, notes)
        return PriceSheet(channel.currency, prices, tuple(_dedupe(notes)))

    def _with_plan(self, product: ListingProduct, channel: ChannelProfile,
                   costs: dict[str, Decimal | None]) -> PriceSheet:
        plan_data = self._service.load_plan(product.id)
        base = self._service.product_plan(plan_data)
        fx = FxTable(plan_data.fx_rates)
        override = plan_data.override_for(channel.id)
        notes: list[PriceNote] = []
        prices: dict[str, SkuPrice] = {}
        for sku in product.skus:
            cost = costs.get(sku.code)
            plan = base
            if cost is not None and sku.id != plan_data.sku_id:
                plan = replace(base, costs=replace(base.costs, materials=cost, labour=Decimal(0),
                                                   overhead=Decimal(0)))
            elif cost is None and plan_data.costs.ex_factory <= 0:
                notes.append(_no_cost(sku.code))
                continue
            if channel.kind is ChannelKind.ODM and plan.target.kind is TargetKind.MARGIN and override is None:
                unit_cost = sum((v for k, v in plan.costs.lines().items() if k not in channel.excluded_costs),
                                Decimal(0))
                prices[sku.code] = self._odm(unit_cost, plan.target.value, channel)
                continue
            if override is not None:
                plan = replace(plan, target=Target(TargetKind.PRICE, override))
            prices[sku.code] = self._engine(plan, channel, fx, sku.code, notes)
        return PriceSheet(channel.currency, prices, tuple(_dedupe(notes)))

    def _engine(self, plan: ProductPlan, channel: ChannelProfile, fx: FxTable | None, sku: str,
                notes: list[PriceNote]) -> SkuPrice:
        try:
            result = price_channel(plan, channel, fx)
        except FxRateMissing:
            notes.append(PriceNote("price.missing", Severity.WARNING, sku, Bilingual(
                f"缺少 {plan.costs.currency}→{channel.currency} 汇率（在定价页的方案里填写），价格留空。",
                f"No {plan.costs.currency}→{channel.currency} exchange rate (enter it in the product's pricing "
                "plan): price left empty.")))
            return SkuPrice(None)
        except (InfeasibleTarget, PricingError) as error:
            notes.append(PriceNote("price.missing", Severity.WARNING, sku, Bilingual(
                f"无法定价，价格留空：{error.message_zh}", f"Can't price; price left empty: {error.message_en}")))
            return SkuPrice(None)
        price = quantize_money(result.price, result.currency)
        paid = quantize_money(result.paid_price, result.currency)
        return SkuPrice(price, paid if paid < price else None)

    @staticmethod
    def _odm(cost: Decimal, margin: Decimal, channel: ChannelProfile) -> SkuPrice:
        supply = odm_supply_price(cost, margin)
        retail = (quantize_money(platform_retail_price(supply, channel.platform_margin), channel.currency)
                  if channel.platform_margin is not None else None)
        return SkuPrice(quantize_money(supply, channel.currency), None, retail)


def _no_cost(sku: str) -> PriceNote:
    return PriceNote("price.missing", Severity.WARNING, sku, Bilingual(
        f"SKU {sku} 没有出厂成本，无法建议价格，价格留空。", f"SKU {sku} has no ex-factory cost: price left empty."))


def _dedupe(notes: Sequence[PriceNote]) -> list[PriceNote]:
    """One note per rule and message (an exchange rate missing for 9 SKUs is one note)."""
    seen: set[tuple[str, str]] = set()
    result = []
    for note in notes:
        if (note.rule, note.message.en) not in seen:
            seen.add((note.rule, note.message.en))
            result.append(note)
    return result

