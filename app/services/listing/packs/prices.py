"""Suggested prices for listing packs, from the pricing engine; costs stay inside this module.

For each SKU and the platform's pricing channel (`PlatformProfile.channel_id`, e.g. `amazon` → `amazon_us`):
- a product with a saved pricing plan is priced as the Pricing page prices it (`PricingService.price_sku`'s
  prices, through the batch path `ChannelPricer`: one compiled fee model per plan shape for the pack): the
  plan (target, discount, ending, returns, fixed costs, chain) with that SKU's ex-factory cost in place of the
  plan SKU's and the channel's current fee profile (workspace edits included); a price the user set for the
  channel is used as is;
- a product without a plan is priced from the SKU's cost with the channel's defaults (fees, VAT, usual price
  ending) and a margin of 30% on net revenue (`DEFAULT_MARGIN`) — a stated default, reported as a note;
- either way, costs convert to the channel's currency at the workspace's exchange rates (one table for every
  product, `app.services.pricing.exchange_rates`), read once per pack;
- on the ODM sheet the supply price is S = cost / (1 − margin) (the plan's margin target, else 30%; the plan's
  returns, discount and ending are left out), priced by the engine on the ODM profile, so it rounds up to the
  cent exactly as the Pricing page's ODM row; the suggested retail price is `odm_retail_estimate`, the channels
  table's own rule, so the sheet and the page agree to the cent.
A SKU that can't be priced (no cost, a target the fees make impossible) gets no price and a note saying why; the
pack leaves that cell empty for the seller to fill in. A missing exchange rate for a foreign-currency channel is an
error (`NO_RATE`): it would leave every price of the pack empty, so the pack stops until a rate is entered.
Only prices leave this module — never a cost.

A team login in the sales role reads no cost, so it can't price: `pack_pricer` gives it an `ApprovedPackPricer`,
which fills the same price columns from the newest approved version of the channel's prices
(`app.services.pricing.approved`; none → `NoApprovedPrices`, a plain message that an owner or editor must
approve prices first). Owners and editors, and every workspace file, price as above.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Protocol

from sqlmodel import col, select

from app.db import Workspace
from app.models import PricingPlan, Sku
from app.models.bilingual import Bilingual
from app.models.listing import Severity
from app.services.kernel.batches import chunks
from app.services.listing.packs.source import ListingProduct
from app.services.pricing import (
    ChannelKind,
    ChannelPricer,
    ChannelProfile,
    ColumnPrice,
    CostBuildUp,
    FxRateMissing,
    InfeasibleTarget,
    PricingError,
    ProductPlan,
    Returns,
    Target,
    TargetKind,
    approved,
    odm_retail_estimate,
    pricer_cache,
    quantize_money,
)
from app.services.pricing.exchange_rates import WHERE_EN, WHERE_ZH

if TYPE_CHECKING:
    from app.services.pricing.plans import PlanData

DEFAULT_MARGIN = Decimal("0.30")
#: The rule of a price that needs an exchange rate the workspace lacks: an error that stops the pack.
NO_RATE = "price.no_rate"


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


class OnChannel(Protocol):
    """What a pricer needs of a platform profile: the channel it prices on (`PlatformProfile.channel_id`)."""

    @property
    def channel_id(self) -> str: ...


class ProductReads:
    """Each product's SKU costs and saved plan, read once per build and shared by every platform's pricer:
    ten platforms used to read the same rows ten times over."""

    def __init__(self, workspace: Workspace) -> None:
        from app.services.pricing.plans import PricingService

        self._workspace = workspace
        self.service = PricingService(workspace)
        self._costs: dict[int, dict[str, Decimal | None]] = {}
        self._plans: dict[int, PlanData] = {}
        self._with_ex_factory: dict[tuple[int, str], tuple[CostBuildUp, CostBuildUp]] = {}

    def read_ahead(self, products: Sequence[ListingProduct]) -> None:
        """Read every product's costs and plan now, in a few queries per 500 products (a pack of 1,000
        products used to ask 3,000 small queries), so `costs` and `plan` find them. Nothing for a login that
        may not see costs and plans (a team's sales staff: their packs are priced from approved prices)."""
        if not self._workspace.sees_costs:
            return
        ids = [product.id for product in products if product.id not in self._plans]
        self._plans.update(self.service.load_plans(ids))
        self._read_costs([product.id for product in products if product.id not in self._costs])

    def with_ex_factory(self, costs: CostBuildUp, cost: Decimal) -> CostBuildUp:
        """`costs.with_ex_factory(cost)`, made once per build for the platforms that price from the same plan
        (all but ODM's; variants often share a cost too): a cost record is validated as it is made. Keyed by
        the record itself (kept, so its id stays its own) and the cost's digits: 1.0 and 1.00 are equal
        Decimals, but not the same figures."""
        key = (id(costs), str(cost))
        found = self._with_ex_factory.get(key)
        if found is None:
            found = self._with_ex_factory[key] = (costs, costs.with_ex_factory(cost))
        return found[1]

    def costs(self, product: ListingProduct) -> dict[str, Decimal | None]:
        """{SKU code: ex-factory cost (None: not entered)}."""
        if product.id not in self._costs:
            self._read_costs([product.id])
        return self._costs[product.id]

    def _read_costs(self, product_ids: Sequence[int]) -> None:
        """Remember each product's {SKU code: cost} in the catalogue's order, a query per 500 products."""
        with self._workspace.session() as session:
            for chunk in chunks(product_ids):
                self._costs.update({product_id: {} for product_id in chunk})
                rows = session.exec(select(col(Sku.product_id), col(Sku.code), col(Sku.cost))
                                    .where(col(Sku.product_id).in_(chunk))
                                    .order_by(col(Sku.product_id), col(Sku.position), col(Sku.code))).all()
                for product_id, code, cost in rows:
                    self._costs[product_id][code] = cost

    def plan(self, product: ListingProduct) -> PlanData:
        """The product's saved plan (its default plan without one)."""
        if product.id not in self._plans:
            self._plans[product.id] = self.service.load_plan(product.id)
        return self._plans[product.id]


class PackPricer:
    """Prices products for one platform; reads the workspace's plans, channel profiles and rates once."""

    def __init__(self, workspace: Workspace, profile: OnChannel, reads: ProductReads | None = None) -> None:
        self._profile = profile
        self._reads = reads or ProductReads(workspace)
        self._service = self._reads.service
        self._channel = next((p for p in self._service.profiles() if p.id == profile.channel_id), None)
        self._fx = self._service.fx_table()
        # every SKU of the pack is priced through one compiled fee model per plan shape (same prices, to the cent)
        self._pricer = None if self._channel is None else pricer_cache(self._channel, self._fx, self._service.today())
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
        costs = self._reads.costs(product)
        if product.id in self._planned:
            return self._with_plan(product, channel, costs)
        return self._without_plan(product, channel, costs)

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
            plan = ProductPlan(costs=CostBuildUp(product.currency, materials=cost),
                               target=Target(TargetKind.MARGIN, DEFAULT_MARGIN))
            priced = partial(self._compiled(plan).price, plan.costs)
            prices[sku.code] = self._engine(priced, product.currency, channel, sku.code, notes)
        return PriceSheet(channel.currency, prices, tuple(_dedupe(notes)))

    def _with_plan(self, product: ListingProduct, channel: ChannelProfile,
                   costs: dict[str, Decimal | None]) -> PriceSheet:
        plan = _odm_supply_plan(self._reads.plan(product), channel)
        pricer = self._compiled(self._service.channel_plan(plan, channel.id))
        notes: list[PriceNote] = []
        prices: dict[str, SkuPrice] = {}
        for sku in product.skus:
            cost = costs.get(sku.code)
            if cost is None and plan.costs.ex_factory <= 0:
                notes.append(_no_cost(sku.code))
                continue
            # as price_sku: the SKU's own ex-factory cost replaces the plan SKU's (which keeps its split lines)
            sku_costs = self._reads.with_ex_factory(plan.costs, cost) if cost is not None and sku.id != plan.sku_id \
                else plan.costs
            prices[sku.code] = self._engine(partial(pricer.price, sku_costs), plan.currency, channel, sku.code,
                                            notes)
        return PriceSheet(channel.currency, prices, tuple(_dedupe(notes)))

    def _compiled(self, plan: ProductPlan) -> ChannelPricer:
        assert self._pricer is not None  # only asked for when the channel exists
        return self._pricer(plan)

    @staticmethod
    def _engine(priced: Callable[[], ColumnPrice], currency: str, channel: ChannelProfile, sku: str,
                notes: list[PriceNote]) -> SkuPrice:
        """The engine's price for one SKU, or an empty price and a note saying why (the seller fills it in)."""
        try:
            result = priced()
        except FxRateMissing:   # an error, not an empty price after a "success": the pack would go out unpriced
            notes.append(PriceNote(NO_RATE, Severity.ERROR, sku, Bilingual(
                f"工作区缺少 {currency}→{channel.currency} 汇率，无法定价（在{WHERE_ZH}添加）。",
                f"The workspace has no {currency}→{channel.currency} exchange rate, so there is no price (add one "
                f"in {WHERE_EN}).")))
            return SkuPrice(None)
        except (InfeasibleTarget, PricingError) as error:
            notes.append(PriceNote("price.missing", Severity.WARNING, sku, Bilingual(
                f"无法定价，价格留空：{error.message.zh}", f"Can't price; price left empty: {error.message.en}")))
            return SkuPrice(None)
        price = quantize_money(result.price, result.currency)
        paid = quantize_money(result.paid_price, result.currency)
        return SkuPrice(price, paid if paid < price else None, odm_retail_estimate(result, channel))


class ApprovedPackPricer:
    """The price columns of a pack from the newest approved version of the channel's prices (sales logins)."""

    def __init__(self, workspace: Workspace, profile: OnChannel) -> None:
        self._approved = approved.require_newest(workspace, profile.channel_id)

    @property
    def channel(self) -> ChannelProfile:
        return self._approved.channel

    def price(self, product: ListingProduct) -> PriceSheet:
        """The approved prices of `product`'s SKUs; a SKU the list doesn't price is left empty with a note."""
        listed = self._approved
        notes: list[PriceNote] = [PriceNote("price.approved", Severity.INFO, "", Bilingual(
            f"价格来自 {listed.approved_on.isoformat()} 批准的价目（第 {listed.version} 版）。",
            f"Prices from the list approved on {listed.approved_on.isoformat()} (version {listed.version})."))]
        prices: dict[str, SkuPrice] = {}
        for sku in product.skus:
            found = listed.prices.get(sku.code)
            if found is None or found.price is None:
                notes.append(PriceNote("price.missing", Severity.WARNING, sku.code, Bilingual(
                    f"SKU {sku.code} 没有已批准的价格，价格留空。",
                    f"SKU {sku.code} has no approved price: price left empty.")))
                continue
            prices[sku.code] = SkuPrice(found.price, found.sale_price, found.suggested_retail)
        return PriceSheet(listed.currency, prices, tuple(notes))


#: Either pricer: they fill the same price columns.
AnyPackPricer = PackPricer | ApprovedPackPricer


def pack_pricer(workspace: Workspace, profile: OnChannel, reads: ProductReads | None = None) -> AnyPackPricer:
    """The pricer for a pack on `profile`'s channel: computed prices, or approved ones for a sales login.
    `reads`: the products' costs and plans, shared by the pricers of one build."""
    if approved.cost_blind(workspace):
        return ApprovedPackPricer(workspace, profile)
    return PackPricer(workspace, profile, reads)


def _odm_supply_plan(plan: PlanData, channel: ChannelProfile) -> PlanData:
    """The plan as the ODM sheet prices it. The sheet quotes the supply price S = cost / (1 − factory margin)
    of pricing.md, so with a margin target the plan's returns, discount and ending are left out (as the sheet
    always did) and the ODM profile's own ending (NONE: up to the cent) applies; a markup target, a price the
    user set for the channel, or another channel is priced from the plan as it is."""
    if (channel.kind is not ChannelKind.ODM or plan.target.kind is not TargetKind.MARGIN
            or plan.override_for(channel.id) is not None):
        return plan
    return replace(plan, returns=Returns(), discount=Decimal(0), ending=None)


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

