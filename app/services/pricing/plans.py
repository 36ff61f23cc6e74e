"""Pricing plans: what the Pricing page shows and edits, in plain Python (no Qt).

`PricingService(workspace)` loads and saves one plan per product, lists products and SKUs for the picker,
merges the shipped channel fee profiles with the workspace's newer versions, and turns a plan into the
channels table and the chain-versus-direct chart by calling the pricing engine (`price_channels`). It never
computes a price itself: every figure comes from `app.services.pricing`; this module only sums the engine's
exact parts into chart segments and rounds them for display so they add up to the prices shown. `price_sku`
prices any SKU of a product from its plan on one channel exactly as the page does; listing packs and shop pushes
use it, so a pack or a shop never shows another price than the page.

Exchange rates are the workspace's, not a plan's: every conversion uses the one dated table of
`app.services.pricing.exchange_rates` (`fx_table`), which the Settings dialog and the Pricing page's rate fields edit
through this service (`set_rate`, `delete_rate`), so the page and every other pricing path agree, and a
product without a saved plan converts like one with.

Seeding a new plan from the catalogue. A SKU's `cost` is its ex-factory cost: what the factory would charge a
brand, so it already holds materials, labour and overhead. A new plan puts it in `materials` (labour and
overhead 0), so the ex-factory cost (materials + labour + overhead, the base of the traditional chain) equals
the SKU's cost; the user may split it. Everything past the factory gate (packaging, inbound freight, parcel,
duty, fulfilment, other) starts at 0 because the catalogue knows nothing of it. Choosing another SKU puts that
SKU's cost back into the three ex-factory lines and keeps the other lines.

Writes (plans, fee profile versions, exchange rates) each go through one session with an audit entry, and then
tell the listeners (the page) what changed, so an undo pushed from anywhere refreshes whatever shows the data.
The reference price of a comparable branded product is private: it is shown beside the chart and never
copied into listing text or scenario files.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from app.db import Workspace
from app.models import ChannelProfileVersion, PricingPlan, Product, Sku
from app.models.bilingual import Bilingual
from app.models.pricing import COST_LINES, FIXED_COST_LINES
from app.models.public_fields import public_only
from app.models.types import utc_now
from app.services.kernel import audit
from app.services.kernel.batches import chunks
from app.services.kernel.files import write_bytes_atomically
from app.services.kernel.text import percent_text
from app.services.pricing import (
    ChainLayer,
    ChainResult,
    ChainSpec,
    ChannelKind,
    ChannelOutcome,
    ChannelProfile,
    CostBuildUp,
    Ending,
    EndingStyle,
    FeeBasis,
    FixedCosts,
    FxRate,
    FxTable,
    Message,
    PriceResult,
    ProductPlan,
    Returns,
    Scenario,
    ScenarioError,
    Target,
    TargetKind,
    chain_price,
    conflict_warnings,
    default_layers,
    edited_rule,
    exchange_rates,
    load_profiles,
    load_scenario,
    load_scenario_file,
    parse_decimal,
    price_channel,
    price_channels,
    pricing_context,
    profile_from_dict,
    profile_to_dict,
    quantize_money,
    save_scenario_text,
    scenario_to_dict,
)
from app.services.pricing.chain import check_layer_count, validate_layer
from app.services.pricing.channels import (
    CHANNEL_ORDER,
    DEFAULT_CHANNELS_DIR,
    _partner_floor,
)
from app.services.pricing.scenario import is_deposit

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
DEFAULT_TARGET = Target(TargetKind.MARGIN, Decimal("0.20"))
#: Scenario cost names read as the ex-factory cost when a file uses them (the `price` command's examples do).
EX_FACTORY_ALIASES = frozenset({"product", "ex_factory", "cost", "unit_cost", "出厂价", "成本"})
#: Fixed-cost keys a scenario export writes for a channel's annual fees (not part of the plan on load).
CHANNEL_ANNUAL_PREFIX = "channel_annual_"
#: Significant digits kept for amounts a scenario file gets by conversion or folding (files take ≤ 34).
SCENARIO_DIGITS = 30


# ---------------------------------------------------------------- plain values the page works with


@dataclass(frozen=True)
class ProductChoice:
    """A product in the picker."""

    id: int
    code: str
    name_zh: str
    name_en: str
    currency: str

    def name(self, lang: str) -> str:
        """The name in `lang`, falling back to the other language."""
        first, second = (self.name_zh, self.name_en) if lang.startswith("zh") else (self.name_en, self.name_zh)
        return first or second or self.code


@dataclass(frozen=True)
class SkuChoice:
    """A SKU in the picker, with its ex-factory cost (None when not entered)."""

    id: int
    code: str
    options: str
    cost: Decimal | None


@dataclass(frozen=True)
class ReferencePrice:
    """A comparable branded product's price under a generic label. Private: never in listing text."""

    label: str
    price: Decimal
    currency: str


@dataclass(frozen=True)
class PlanData:
    """One product's pricing decisions as plain, immutable values (what an undo command keeps)."""

    product_id: int
    sku_id: int | None
    costs: CostBuildUp
    fixed: FixedCosts
    target: Target = DEFAULT_TARGET
    discount: Decimal = ZERO
    ending: Ending | None = None
    returns: Returns = Returns()
    chain_layers: tuple[ChainLayer, ...] = field(default_factory=default_layers)
    channel_ids: tuple[str, ...] = ()
    price_overrides: tuple[tuple[str, Decimal], ...] = ()

    @property
    def currency(self) -> str:
        return self.costs.currency

    def override_for(self, channel_id: str) -> Decimal | None:
        """The price the user set for a channel, if any."""
        return dict(self.price_overrides).get(channel_id)

    def with_cost(self, name: str, value: Decimal) -> PlanData:
        """A per-unit cost line changed (raises `ScenarioError` for a negative amount)."""
        line: dict[str, Any] = {name: value}  # a line picked by name: the checker can't tie it to one field
        return replace(self, costs=replace(self.costs, **line))

    def with_ex_factory(self, cost: Decimal) -> PlanData:
        """The plan with `cost` as its ex-factory cost (`CostBuildUp.with_ex_factory`)."""
        return replace(self, costs=self.costs.with_ex_factory(cost))

    def with_fixed(self, name: str, value: Decimal) -> PlanData:
        line: dict[str, Any] = {name: value}  # a line picked by name: the checker can't tie it to one field
        return replace(self, fixed=replace(self.fixed, **line))

    def with_channel(self, channel_id: str, selected: bool) -> PlanData:
        ids = set(self.channel_ids) | {channel_id} if selected else set(self.channel_ids) - {channel_id}
        return replace(self, channel_ids=ordered_channels(ids))

    def with_override(self, channel_id: str, price: Decimal | None) -> PlanData:
        overrides = {k: v for k, v in self.price_overrides if k != channel_id}
        if price is not None:
            overrides[channel_id] = price
        return replace(self, price_overrides=tuple(sorted(overrides.items())))

    def with_layer(self, row: int, **changes: Any) -> PlanData:
        layers = list(self.chain_layers)
        layers[row] = replace(layers[row], **changes)
        return replace(self, chain_layers=tuple(layers))


def ordered_channels(ids: Iterable[str]) -> tuple[str, ...]:
    """Channel ids in the usual channel order (unknown ids last, alphabetically)."""
    def key(cid: str) -> tuple[int, str]:
        return (CHANNEL_ORDER.index(cid) if cid in CHANNEL_ORDER else len(CHANNEL_ORDER), cid)
    return tuple(sorted(set(ids), key=key))


@dataclass(frozen=True)
class PricingEvent:
    """What changed: a product's plan (`product_id`), the fee profiles or the exchange rates (`product_id` None)."""

    kind: str  # "plan", "profiles" or "rates"
    product_id: int | None = None


@dataclass(frozen=True)
class ProfileVersionInfo:
    """One entry of a channel's profile history."""

    version: int
    effective_from: date
    shipped: bool


# ---------------------------------------------------------------- the channels table and the chart


@dataclass(frozen=True)
class ChannelRow:
    """One row of the channels table: the engine's outcome for a channel, and the user's price if set."""

    outcome: ChannelOutcome
    override: Decimal | None
    reference_ratio: Decimal | None

    @property
    def profile(self) -> ChannelProfile:
        return self.outcome.profile

    @property
    def channel_id(self) -> str:
        return self.outcome.profile.id

    @property
    def warnings(self) -> tuple[Message, ...]:
        """The engine's warnings and channel-conflict warnings, in that order."""
        result = self.outcome.result
        return (result.warnings if result is not None else ()) + self.outcome.conflicts


class SegmentKind(StrEnum):
    """What a part of a bar stands for (the chart's legend)."""

    EX_FACTORY = "ex_factory"
    LAYER = "layer"
    COSTS = "costs"
    FEES = "fees"
    VAT = "vat"
    RETURNS = "returns"
    MARGIN = "margin"


@dataclass(frozen=True)
class ChartSegment:
    """A part of a bar: the amount shown (rounded so a bar's parts add up to its price) and the exact one."""

    kind: SegmentKind
    amount: Decimal
    exact: Decimal
    label_zh: str = ""
    label_en: str = ""


@dataclass(frozen=True)
class ChartBar:
    """A bar: from `start` up by its segments to `total` (waterfall steps start above zero)."""

    key: str
    label_zh: str
    label_en: str
    total: Decimal
    segments: tuple[ChartSegment, ...]
    start: Decimal = ZERO
    kind: str = "chain"  # "chain", "chain_total" or a ChannelKind value
    saving: Decimal | None = None
    saving_rate: Decimal | None = None
    is_assumption: bool = False
    note: str = ""  # e.g. a chain layer's points, "50%"

    def label(self, lang: str) -> str:
        return self.label_zh if lang.startswith("zh") else self.label_en


@dataclass(frozen=True)
class Headline:
    """The saving written big: a channel's direct price against the traditional chain's consumer price."""

    channel_zh: str
    channel_en: str
    direct_price: Decimal
    chain_price: Decimal
    saving: Decimal
    saving_rate: Decimal


@dataclass(frozen=True)
class ChartData:
    """Everything the chain-versus-direct picture draws, in one currency."""

    currency: str
    title_zh: str
    title_en: str
    detail: str
    chain_bars: tuple[ChartBar, ...]
    channel_bars: tuple[ChartBar, ...]
    headline: Headline | None = None
    reference: ReferencePrice | None = None
    left_out_zh: tuple[str, ...] = ()
    left_out_en: tuple[str, ...] = ()

    @property
    def highest(self) -> Decimal:
        """The tallest bar (for the scale)."""
        tops = [bar.start + sum((s.amount for s in bar.segments if s.amount > 0), ZERO)
                for bar in (*self.chain_bars, *self.channel_bars)]
        return max(tops, default=ZERO)


@dataclass(frozen=True)
class Evaluation:
    """A plan priced on its channels: the table rows, the chain and the chart."""

    plan: PlanData
    rows: tuple[ChannelRow, ...]
    chain: ChainResult | None
    chart: ChartData
    elapsed_ms: float


@dataclass(frozen=True)
class ScenarioExport:
    """A scenario built from a plan for one channel, with notes on what the file format cannot hold."""

    scenario: Scenario
    notes: tuple[Message, ...]


# ---------------------------------------------------------------- text helpers shared by the page and chart


def parse_money(text: str) -> Decimal:
    """An amount typed by the user ('¥1,234.50', '１２３') — raises `InvalidAmount` (bilingual) when unusable."""
    return parse_decimal(text)


def parse_percent(text: str) -> Decimal:
    """A percentage typed by the user ('20', '20%', '２０％') as a fraction (0.20)."""
    cleaned = text.strip().rstrip("%％").strip()
    with pricing_context():
        return parse_decimal(cleaned) / HUNDRED


def _bad(en: str, zh: str) -> ScenarioError:
    return ScenarioError(Bilingual(zh, en))


def check_plan(plan: PlanData) -> None:
    """Refuse a plan no engine call could use, with a bilingual message naming the problem."""
    target = plan.target
    if target.value < 0:
        raise _bad("the target must not be negative", "目标值不能为负数")
    if target.kind is TargetKind.MARGIN and target.value >= ONE:
        raise _bad("the margin must be below 100%", "毛利率必须低于 100%")
    if target.kind is TargetKind.PRICE and target.value <= 0:
        raise _bad("a fixed price must be above 0", "固定售价必须大于 0")
    if not ZERO <= plan.discount < ONE:
        raise _bad("the discount must be at least 0% and below 100%", "折扣必须在 0% 到 100% 之间（不含 100%）")
    if not ZERO <= plan.returns.rate < ONE:
        raise _bad("the return rate must be at least 0% and below 100%", "退货率必须在 0% 到 100% 之间（不含 100%）")
    if plan.returns.loss_per_return < 0:
        raise _bad("the loss per return must not be negative", "每次退货损失不能为负数")
    check_layer_count(len(plan.chain_layers))
    for layer in plan.chain_layers:
        if not (layer.name_zh.strip() or layer.name_en.strip()):
            raise _bad("every chain layer needs a name", "每个渠道层级都需要名称")
        validate_layer(layer)
    for channel_id, price in plan.price_overrides:
        if price <= 0:
            raise _bad(f"the price for {channel_id} must be above 0", f"{channel_id} 的售价必须大于 0")


# ---------------------------------------------------------------- the service


class PricingService:
    """What the Pricing page and the print output ask about prices of one workspace."""

    def __init__(self, workspace: Workspace, channels_dir: Path = DEFAULT_CHANNELS_DIR,
                 today: Callable[[], date] = date.today) -> None:
        self._workspace = workspace
        self._channels_dir = Path(channels_dir)
        self._today = today
        self._defaults: tuple[ChannelProfile, ...] | None = None
        self._listeners: dict[int, Callable[[PricingEvent], None]] = {}
        self._next_token = 0

    def today(self) -> date:
        """Today's date (injectable for tests): fee edits and exchange rates are dated with it."""
        return self._today()

    # ----- listeners ------------------------------------------------------------------------------------
    def subscribe(self, listener: Callable[[PricingEvent], None]) -> int:
        """Call `listener` after every write; returns a token for `unsubscribe`."""
        self._next_token += 1
        self._listeners[self._next_token] = listener
        return self._next_token

    def unsubscribe(self, token: int) -> None:
        self._listeners.pop(token, None)

    def _notify(self, event: PricingEvent) -> None:
        for listener in list(self._listeners.values()):
            listener(event)

    # ----- products ---------------------------------------------------------------------------------------
    def products(self) -> list[ProductChoice]:
        """Every product for the picker, by code (public columns only: every team role may list them)."""
        with self._workspace.session() as session:
            rows = session.exec(select(Product).options(*public_only(Product)).order_by(Product.code)).all()
            return [ProductChoice(p.id, p.code, p.name_zh, p.name_en, p.currency) for p in rows if p.id is not None]

    def skus(self, product_id: int) -> list[SkuChoice]:
        """A product's SKUs in their catalogue order, with costs."""
        with self._workspace.session() as session:
            return _sku_choices(session, product_id)

    def reference(self, product_id: int) -> ReferencePrice | None:
        """The private reference price of a comparable branded product, when one is stored."""
        with self._workspace.session() as session:
            product = session.get(Product, product_id)
            if product is None or product.reference_price is None:
                return None
            return ReferencePrice(product.reference_label, product.reference_price, product.currency)

    # ----- plans --------------------------------------------------------------------------------------------
    def default_plan(self, product_id: int, sku_id: int | None = None) -> PlanData:
        """A new plan: the chosen (or first costed) SKU's cost as the ex-factory cost, 20% margin on net,
        the default chain layers (assumptions) and every channel that sells in the product's currency."""
        with self._workspace.session() as session:
            product = session.get(Product, product_id)
            if product is None:
                raise _bad(f"product {product_id} does not exist", f"产品 {product_id} 不存在")
            skus = _sku_choices(session, product_id)
        return _default_plan(product_id, product.currency, skus, sku_id, self.profiles())

    def load_plan(self, product_id: int) -> PlanData:
        """The saved plan of a product, or its default plan when none was saved."""
        with self._workspace.session() as session:
            row = session.exec(select(PricingPlan).where(PricingPlan.product_id == product_id)).first()
            if row is not None:
                return _plan_from_row(row)
        return self.default_plan(product_id)

    def load_plans(self, product_ids: Sequence[int]) -> dict[int, PlanData]:
        """`load_plan` of many products at once: {product id: its saved plan, else its default plan}, read in a
        few queries per 500 products instead of several per product (a pack of 1,000 products). Products that
        don't exist are left out."""
        plans: dict[int, PlanData] = {}
        wanted = list(dict.fromkeys(product_ids))
        with self._workspace.session() as session:
            for chunk in chunks(wanted):
                saved = session.exec(select(PricingPlan).where(col(PricingPlan.product_id).in_(chunk))).all()
                plans.update((row.product_id, _plan_from_row(row)) for row in saved)
            unsaved = [product_id for product_id in wanted if product_id not in plans]
            currencies: dict[int, str | None] = {}
            skus: dict[int, list[SkuChoice]] = {}
            for chunk in chunks(unsaved):
                for product_id, currency in session.exec(select(col(Product.id), col(Product.currency))
                                                         .where(col(Product.id).in_(chunk))):
                    if product_id is not None:
                        currencies[product_id] = currency
                skus.update(_sku_choices_of(session, chunk))
        profiles = self.profiles() if currencies else ()
        for product_id in unsaved:
            if product_id in currencies:
                plans[product_id] = _default_plan(product_id, currencies[product_id], skus.get(product_id, []),
                                                  None, profiles)
        return plans

    def has_saved_plan(self, product_id: int) -> bool:
        with self._workspace.session() as session:
            return session.exec(select(PricingPlan.id).where(PricingPlan.product_id == product_id)).first() is not None

    def save_plan(self, plan: PlanData) -> None:
        """Validate and save a plan (one session, one audit entry), then tell the listeners."""
        check_plan(plan)
        with self._workspace.session() as session:
            row = session.exec(select(PricingPlan).where(PricingPlan.product_id == plan.product_id)).first()
            action = "update" if row is not None else "create"
            row = row or PricingPlan(product_id=plan.product_id)
            before = _row_values(row)
            _fill_row(row, plan)
            changed = sorted(k for k, v in _row_values(row).items() if before.get(k) != v)
            row.updated_at = utc_now()
            session.add(row)
            session.flush()
            audit.record(session, "pricing_plan", plan.product_id, action, {"fields": changed})
        self._notify(PricingEvent("plan", plan.product_id))

    def with_sku(self, plan: PlanData, sku_id: int | None) -> PlanData:
        """The plan for another SKU: its cost goes into the ex-factory lines; other lines are kept."""
        chosen = next((s for s in self.skus(plan.product_id) if s.id == sku_id), None)
        if chosen is None:
            return replace(plan, sku_id=None)
        if chosen.cost is None:
            return replace(plan, sku_id=chosen.id)
        return replace(plan.with_ex_factory(chosen.cost), sku_id=chosen.id)

    # ----- exchange rates (the workspace's one table) -------------------------------------------------------
    def rates(self) -> list[FxRate]:
        """Every exchange rate of the workspace, newest day first."""
        return exchange_rates.list_rates(self._workspace)

    def fx_table(self) -> FxTable:
        """The rates every conversion uses (the page, packs, price lists, pushes)."""
        return exchange_rates.fx_table(self._workspace)

    def set_rate(self, day: date, source: str, target: str, rate: Decimal) -> FxRate | None:
        """Add or replace the rate of `day` for the pair (raises `ExchangeRateError`); returns the replaced one."""
        previous = exchange_rates.set_rate(self._workspace, day, source, target, rate)
        self._notify(PricingEvent("rates"))
        return previous

    def delete_rate(self, day: date, source: str, target: str) -> FxRate | None:
        """Remove the rate of `day` for the pair; returns it (None when there was none)."""
        removed = exchange_rates.delete_rate(self._workspace, day, source, target)
        self._notify(PricingEvent("rates"))
        return removed

    # ----- channel fee profiles -------------------------------------------------------------------------------
    def default_profiles(self) -> tuple[ChannelProfile, ...]:
        """The shipped profiles (read once)."""
        if self._defaults is None:
            self._defaults = load_profiles(self._channels_dir)
        return self._defaults

    def profiles(self) -> tuple[ChannelProfile, ...]:
        """Every channel's current profile: the newest saved version, else the shipped default. A login that may
        not see fee overrides (a team's sales staff) gets the shipped defaults."""
        newest: dict[str, ChannelProfile] = {}
        if not self._workspace.sees_costs:
            return self.default_profiles()
        with self._workspace.session() as session:
            rows = session.exec(select(ChannelProfileVersion).order_by(
                col(ChannelProfileVersion.channel_id), col(ChannelProfileVersion.version).desc(),
                col(ChannelProfileVersion.id).desc())).all()
            for row in rows:
                if row.channel_id not in newest:
                    newest[row.channel_id] = profile_from_dict(row.profile)
        defaults = self.default_profiles()
        known = {p.id for p in defaults}
        extra = tuple(newest[cid] for cid in ordered_channels(newest) if cid not in known)
        return tuple(newest.get(p.id, p) for p in defaults) + extra

    def profile(self, channel_id: str) -> ChannelProfile:
        for profile in self.profiles():
            if profile.id == channel_id:
                return profile
        raise KeyError(channel_id)

    def profile_history(self, channel_id: str) -> list[ProfileVersionInfo]:
        """The shipped version and every saved version of a channel, oldest first."""
        history = [ProfileVersionInfo(p.version, p.effective_from, True)
                   for p in self.default_profiles() if p.id == channel_id]
        with self._workspace.session() as session:
            rows = session.exec(select(ChannelProfileVersion).where(ChannelProfileVersion.channel_id == channel_id)
                                .order_by(col(ChannelProfileVersion.version))).all()
            history += [ProfileVersionInfo(r.version, r.effective_from, False) for r in rows]
        return history

    def edited_rule_profile(self, channel_id: str, rule_id: str, **changes: Any) -> ChannelProfile:
        """A new version of a channel's current profile with one rule changed (not saved yet).

        A changed rate or amount is dated today (the day the figure was set).
        """
        if {"rate", "amount"} & set(changes) and "date" not in changes:
            changes["date"] = self._today()
        return edited_rule(self.profile(channel_id), rule_id, self._today(), **changes)

    def save_profile_version(self, profile: ChannelProfile) -> None:
        """Store a new profile version (the newest wins), with an audit entry."""
        with self._workspace.session() as session:
            session.add(ChannelProfileVersion(channel_id=profile.id, version=profile.version,
                                              effective_from=profile.effective_from,
                                              profile=profile_to_dict(profile)))
            audit.record(session, "channel_profile", profile.id, "create", {"version": profile.version})
        self._notify(PricingEvent("profiles"))

    def withdraw_profile_version(self, channel_id: str, version: int) -> None:
        """Remove a saved version (undo of an edit): the previous version applies again."""
        with self._workspace.session() as session:
            rows = session.exec(select(ChannelProfileVersion).where(
                ChannelProfileVersion.channel_id == channel_id, ChannelProfileVersion.version == version)).all()
            for row in rows:
                session.delete(row)
            audit.record(session, "channel_profile", channel_id, "delete", {"version": version})
        self._notify(PricingEvent("profiles"))

    # ----- pricing ------------------------------------------------------------------------------------------
    def evaluate(self, plan: PlanData, profiles: Sequence[ChannelProfile] | None = None) -> Evaluation:
        """Price the plan on its channels (the engine's `price_channels`), build the chart data."""
        started = time.perf_counter()
        profiles = self.profiles() if profiles is None else profiles
        selected = [p for p in profiles if p.id in plan.channel_ids]
        outcomes = self._outcomes(plan, selected)
        reference = self.reference(plan.product_id)
        rows = tuple(ChannelRow(o, plan.override_for(o.profile.id), _reference_ratio(o, reference))
                     for o in outcomes)
        chain = self.chain(plan)
        chart = self.chart_data(plan, rows, chain, reference)
        return Evaluation(plan, rows, chain, chart, (time.perf_counter() - started) * 1000)

    def product_plan(self, plan: PlanData) -> ProductPlan:
        """The engine's view of a plan."""
        spec = self.chain_spec(plan)
        return ProductPlan(costs=plan.costs, target=plan.target, fixed=plan.fixed, returns=plan.returns,
                           discount=plan.discount, chain=spec, ending=plan.ending)

    def channel_plan(self, plan: PlanData, channel_id: str) -> ProductPlan:
        """The engine's view of a plan on one channel: a price the user set there is evaluated as given
        (a fixed-price target) instead of being suggested from the plan's target."""
        base = self.product_plan(plan)
        override = plan.override_for(channel_id)
        return base if override is None else replace(base, target=Target(TargetKind.PRICE, override))

    def price_sku(self, plan: PlanData, profile: ChannelProfile, sku_id: int | None, cost: Decimal | None,
                  on: date | None = None, fx: FxTable | None = None) -> PriceResult:
        """One SKU of the plan's product on one channel, priced exactly as the Pricing page prices the plan.

        Listing packs and shop pushes price every SKU, not only the one the plan was made for, and must show
        the figures the page shows: the SKU's own ex-factory cost replaces the plan SKU's (the plan's own SKU, or
        a SKU without a cost, keeps the plan's cost lines, which the user may have split), the user's price for
        the channel is used as is, and foreign costs convert at the workspace's exchange rates (`fx`, read once
        by a caller pricing many SKUs; None: read them now) as of `on` (None: today, as on the page — a rate the
        user entered today must count, even when the channel's fee profile took effect earlier). Raises what
        `price_channel` raises.
        """
        if cost is not None and sku_id != plan.sku_id:
            plan = plan.with_ex_factory(cost)
        day = on if on is not None else self._today()
        return price_channel(self.channel_plan(plan, profile.id), profile,
                             fx if fx is not None else self.fx_table(), day)

    @staticmethod
    def chain_spec(plan: PlanData) -> ChainSpec | None:
        """The traditional chain from the ex-factory cost through the plan's layers (None without either)."""
        base = plan.costs.ex_factory
        if base <= 0 or not plan.chain_layers:
            return None
        return ChainSpec(base, plan.chain_layers)

    def chain(self, plan: PlanData) -> ChainResult | None:
        spec = self.chain_spec(plan)
        return None if spec is None else chain_price(spec, plan.currency)

    def _outcomes(self, plan: PlanData, selected: Sequence[ChannelProfile]) -> list[ChannelOutcome]:
        """Suggested prices for most channels; a fixed-price evaluation where the user set a price."""
        base = self.product_plan(plan)
        fx = self.fx_table()
        on = self._today()
        overridden = {cid for cid, _ in plan.price_overrides}
        by_id = {o.profile.id: o for o in price_channels(base, [p for p in selected if p.id not in overridden], fx, on)}
        for profile in selected:
            if profile.id in overridden:
                by_id[profile.id] = price_channels(self.channel_plan(plan, profile.id), [profile], fx, on)[0]
        outcomes = [by_id[p.id] for p in selected]
        return _with_conflicts(outcomes) if overridden & set(by_id) else outcomes

    # ----- the chart -------------------------------------------------------------------------------------------
    def chart_data(self, plan: PlanData, rows: Sequence[ChannelRow], chain: ChainResult | None,
                   reference: ReferencePrice | None) -> ChartData:
        """Bars for the chain (waterfall) and for each priced channel in the plan's currency."""
        title_zh, title_en, detail = self._titles(plan)
        chain_bars = _chain_bars(chain, plan.currency) if chain is not None else ()
        shown, left_zh, left_en = [], [], []
        for row in rows:
            result = row.outcome.result
            if result is None or result.currency != plan.currency:
                left_zh.append(row.profile.name_zh)
                left_en.append(row.profile.name_en)
                continue
            shown.append(_channel_bar(row, plan, chain))
        headline = _headline(shown, chain)
        usable_reference = reference if reference is not None and reference.currency == plan.currency else None
        return ChartData(plan.currency, title_zh, title_en, detail, chain_bars, tuple(shown), headline,
                         usable_reference,
                         tuple(left_zh), tuple(left_en))

    def _titles(self, plan: PlanData) -> tuple[str, str, str]:
        """The chart's title (the product's name in Chinese and English) and detail (the SKU's code)."""
        with self._workspace.session() as session:
            product = session.get(Product, plan.product_id)
            sku = session.get(Sku, plan.sku_id) if plan.sku_id is not None else None
            detail = sku.code if sku is not None else (product.code if product is not None else "")
            if product is None:
                return "", "", detail
            choice = ProductChoice(plan.product_id, product.code, product.name_zh, product.name_en, product.currency)
            return choice.name("zh"), choice.name("en"), detail

    # ----- scenario files ------------------------------------------------------------------------------------
    def scenario_for(self, plan: PlanData, channel_id: str,
                     profiles: Sequence[ChannelProfile] | None = None) -> ScenarioExport:
        """The plan on one channel as a scenario (the `price` command's JSON), priced the same way.

        Fee rules become `fees_percent` / `fees_fixed`; a fee the platform keeps on returns is folded into its
        rate (× 1/(1 − return rate)); annual fees become fixed costs named `channel_annual_<rule>`. A fee
        minimum cannot be written in a scenario: a note says so when a channel has one.
        """
        profiles = self.profiles() if profiles is None else profiles
        profile = next((p for p in profiles if p.id == channel_id), None)
        if profile is None:
            raise _bad(f"unknown channel {channel_id!r}", f"未知渠道 {channel_id!r}")
        check_plan(plan)
        scenario, notes = _scenario(plan, profile, self.fx_table(), self._today(), self.chain_spec(plan))
        load_scenario(scenario_to_dict(scenario))  # the file must load again (the `price` command's rules)
        return ScenarioExport(scenario, notes)

    def save_scenario(self, plan: PlanData, channel_id: str, path: Path) -> ScenarioExport:
        """Write the plan on one channel as a scenario file (through a temporary file beside it)."""
        export = self.scenario_for(plan, channel_id)
        write_atomically(Path(path), save_scenario_text(export.scenario).encode("utf-8"))
        return export

    @staticmethod
    def read_scenario(path: Path) -> Scenario:
        """Read and validate a scenario file (raises `ScenarioError` with a one-line reason)."""
        return load_scenario_file(path)

    @staticmethod
    def plan_from_scenario(plan: PlanData, scenario: Scenario) -> tuple[PlanData, tuple[Message, ...]]:
        """Apply a scenario's costs, target, discount, ending, returns, fixed costs and chain to a plan.

        Fees and VAT belong to each channel's fee profile and are not applied (a note says so); channels and
        the SKU are kept (exchange rates are the workspace's, untouched); price overrides are cleared.
        """
        return _apply_scenario(plan, scenario)


# ---------------------------------------------------------------- rows ↔ plans


def _sku_choices(session: Session, product_id: int) -> list[SkuChoice]:
    return _sku_choices_of(session, [product_id]).get(product_id, [])


def _sku_choices_of(session: Session, product_ids: Sequence[int]) -> dict[int, list[SkuChoice]]:
    """{product id: its SKUs in their catalogue order} for products that have SKUs."""
    chosen = (select(Sku).where(col(Sku.product_id).in_(product_ids))
              .order_by(col(Sku.product_id), col(Sku.position), col(Sku.id)))
    found: dict[int, list[SkuChoice]] = {}
    for sku in session.exec(chosen).all():
        if sku.id is not None:
            found.setdefault(sku.product_id, []).append(
                SkuChoice(sku.id, sku.code, " · ".join(str(v) for v in sku.options.values()), sku.cost))
    return found


def _default_plan(product_id: int, currency: str | None, skus: list[SkuChoice], sku_id: int | None,
                  profiles: Sequence[ChannelProfile]) -> PlanData:
    """A new plan (see `PricingService.default_plan`) from what it is made of, read by the caller."""
    chosen = _choose_sku(skus, sku_id)
    currency = currency or "CNY"
    materials = chosen.cost if chosen is not None and chosen.cost is not None else ZERO
    return PlanData(
        product_id=product_id,
        sku_id=chosen.id if chosen is not None else None,
        costs=CostBuildUp(currency, materials=materials),
        fixed=FixedCosts(currency),
        channel_ids=ordered_channels([p.id for p in profiles if p.currency == currency]),
    )


def _choose_sku(skus: list[SkuChoice], sku_id: int | None) -> SkuChoice | None:
    if sku_id is not None:
        return next((s for s in skus if s.id == sku_id), None)
    return next((s for s in skus if s.cost is not None), skus[0] if skus else None)


def _text(value: Decimal) -> str:
    return f"{value:f}"


def _layer_json(layer: ChainLayer) -> dict[str, Any]:
    return {"name_zh": layer.name_zh, "name_en": layer.name_en, "margin": _text(layer.margin),
            "rebate": _text(layer.rebate), "loss": _text(layer.loss), "assumption": layer.is_assumption}


def _layer_from_json(data: Mapping[str, Any]) -> ChainLayer:
    return ChainLayer(str(data.get("name_zh", "")), str(data.get("name_en", "")), Decimal(str(data["margin"])),
                      Decimal(str(data.get("rebate", "0"))), Decimal(str(data.get("loss", "0"))),
                      bool(data.get("assumption", False)))


def _fill_row(row: PricingPlan, plan: PlanData) -> None:
    row.sku_id = plan.sku_id
    row.currency = plan.currency
    row.target_kind = plan.target.kind.value
    row.target_value = plan.target.value
    row.discount = plan.discount
    row.ending_style = None if plan.ending is None else plan.ending.style.value
    row.avoid_digit_4 = False if plan.ending is None else plan.ending.avoid_digit_4
    row.returns_rate = plan.returns.rate
    row.loss_per_return = plan.returns.loss_per_return
    for name in COST_LINES:
        setattr(row, name, getattr(plan.costs, name))
    row.fixed_costs = {name: _text(getattr(plan.fixed, name)) for name in FIXED_COST_LINES}
    row.chain_layers = [_layer_json(layer) for layer in plan.chain_layers]
    row.channel_ids = list(plan.channel_ids)
    row.price_overrides = {cid: _text(price) for cid, price in plan.price_overrides}


def _row_values(row: PricingPlan) -> dict[str, Any]:
    """The row's editable values, for the audit entry's list of changed fields."""
    names = ["sku_id", "target_kind", "target_value", "discount", "ending_style", "avoid_digit_4", "returns_rate",
             "loss_per_return", *COST_LINES, "fixed_costs", "chain_layers", "channel_ids", "price_overrides"]
    return {name: getattr(row, name) for name in names}


def _plan_from_row(row: PricingPlan) -> PlanData:
    currency = row.currency
    costs = CostBuildUp(currency, **{name: getattr(row, name) for name in COST_LINES})
    fixed = FixedCosts(currency, **{k: Decimal(v) for k, v in row.fixed_costs.items() if k in FIXED_COST_LINES})
    ending = None if row.ending_style is None else Ending(EndingStyle(row.ending_style), row.avoid_digit_4)
    return PlanData(
        product_id=row.product_id,
        sku_id=row.sku_id,
        costs=costs,
        fixed=fixed,
        target=Target(TargetKind(row.target_kind), row.target_value),
        discount=row.discount,
        ending=ending,
        returns=Returns(row.returns_rate, row.loss_per_return),
        chain_layers=tuple(_layer_from_json(item) for item in row.chain_layers),
        channel_ids=ordered_channels(row.channel_ids),
        price_overrides=tuple(sorted((k, Decimal(v)) for k, v in row.price_overrides.items())),
    )


# ---------------------------------------------------------------- outcomes, conflicts, reference


def _with_conflicts(outcomes: list[ChannelOutcome]) -> list[ChannelOutcome]:
    """Channel-conflict warnings across every outcome (the engine's own rule), after price overrides."""
    floors = [f for f in map(_partner_floor, outcomes) if f is not None]
    return [
        replace(o, conflicts=conflict_warnings(o.profile.name_zh, o.profile.name_en, o.result.paid_price,
                                               o.result.currency, floors))
        if o.result is not None and o.profile.kind is ChannelKind.RETAIL else o
        for o in outcomes
    ]


def _reference_ratio(outcome: ChannelOutcome, reference: ReferencePrice | None) -> Decimal | None:
    result = outcome.result
    if result is None or reference is None or reference.currency != result.currency or reference.price <= 0:
        return None
    with pricing_context():
        return result.paid_price / reference.price


# ---------------------------------------------------------------- chart bars


def _display_parts(parts: list[tuple[SegmentKind, Decimal]], total: Decimal, currency: str) -> tuple[ChartSegment, ...]:
    """Round each part for display; the last part takes the rounding remainder so the parts add up to `total`."""
    segments: list[ChartSegment] = []
    shown = ZERO
    for kind, exact in parts[:-1]:
        amount = quantize_money(exact, currency)
        shown += amount
        segments.append(ChartSegment(kind, amount, exact))
    last_kind, last_exact = parts[-1]
    segments.append(ChartSegment(last_kind, total - shown, last_exact))
    return tuple(segments)


def _chain_bars(chain: ChainResult, currency: str) -> tuple[ChartBar, ...]:
    """Ex-factory, one floating step per layer (its shown price minus the previous one), the consumer price."""
    base = quantize_money(chain.base, currency)
    bars = [ChartBar("ex_factory", "出厂价", "Ex-factory", base,
                     (ChartSegment(SegmentKind.EX_FACTORY, base, chain.base),))]
    previous, previous_exact = base, chain.base
    layer_segments = []
    for index, step in enumerate(chain.steps):
        segment = ChartSegment(SegmentKind.LAYER, step.price - previous, step.exact_price - previous_exact,
                               step.layer.name_zh, step.layer.name_en)
        layer_segments.append(segment)
        bars.append(ChartBar(f"layer:{index}", step.layer.name_zh, step.layer.name_en, step.price, (segment,),
                             start=previous, is_assumption=step.layer.is_assumption,
                             note=percent_text(step.layer.effective_margin, 1)))
        previous, previous_exact = step.price, step.exact_price
    total = (ChartSegment(SegmentKind.EX_FACTORY, base, chain.base), *layer_segments)
    bars.append(ChartBar("chain_total", "消费者价格", "Consumer price", chain.price, total, kind="chain_total"))
    return tuple(bars)


def _channel_bar(row: ChannelRow, plan: PlanData, chain: ChainResult | None) -> ChartBar:
    """Ex-factory → other costs → fees → VAT → returns → margin, adding up exactly to the paid price."""
    result = row.outcome.result
    assert result is not None
    profile = row.profile
    currency = result.currency
    with pricing_context():
        ex_factory = sum((getattr(plan.costs, n) for n in ("materials", "labour", "overhead")
                          if n not in profile.excluded_costs), ZERO)
        fixed_fees = sum((line.amount for line in result.fee_lines if line.fixed), ZERO)
        parts = [
            (SegmentKind.EX_FACTORY, ex_factory),
            (SegmentKind.COSTS, result.unit_cost - fixed_fees - ex_factory),
            (SegmentKind.FEES, result.percent_fees + fixed_fees),
            (SegmentKind.VAT, result.vat_amount),
            (SegmentKind.RETURNS, result.returns_allowance),
            (SegmentKind.MARGIN, result.contribution),
        ]
        saving = rate = None
        if chain is not None and chain.price > 0:
            saving = chain.price - result.paid_price
            rate = saving / chain.price
    return ChartBar(profile.id, profile.name_zh, profile.name_en, result.paid_price,
                    _display_parts(parts, result.paid_price, currency), kind=profile.kind.value,
                    saving=saving, saving_rate=rate)


def _headline(bars: Sequence[ChartBar], chain: ChainResult | None) -> Headline | None:
    """The first retail channel against the chain (the factory's flagship shop, first in channel order)."""
    if chain is None:
        return None
    bar = next((b for b in bars if b.kind == ChannelKind.RETAIL.value and b.saving is not None), None)
    if bar is None or bar.saving is None or bar.saving_rate is None:
        return None
    return Headline(bar.label_zh, bar.label_en, bar.total, chain.price, bar.saving, bar.saving_rate)


# ---------------------------------------------------------------- scenarios


def _scenario(plan: PlanData, profile: ChannelProfile, fx: FxTable, on: date,
              spec: ChainSpec | None) -> tuple[Scenario, tuple[Message, ...]]:
    foreign = profile.currency != plan.currency

    def conv(amount: Decimal) -> Decimal:
        if not foreign:
            return amount
        return _significant(fx.convert_exact(amount, plan.currency, profile.currency, on))

    notes: list[Message] = []
    with pricing_context():
        costs = tuple((name, conv(value)) for name, value in plan.costs.lines().items()
                      if name not in profile.excluded_costs and value != 0) or (("materials", ZERO),)
        percent, fixed_fees, annual = _scenario_fees(profile, plan.returns.rate, notes)
        fixed = tuple((name, conv(getattr(plan.fixed, name))) for name in FIXED_COST_LINES
                      if getattr(plan.fixed, name) != 0) + annual
        override = plan.override_for(profile.id)
        chain = None if spec is None else replace(spec, base=conv(spec.base))
    scenario = Scenario(
        currency=profile.currency,
        costs=costs,
        target=Target(TargetKind.PRICE, override) if override is not None else plan.target,
        fees_fixed=fixed_fees,
        fees_percent=percent,
        returns=Returns(plan.returns.rate, conv(plan.returns.loss_per_return)),
        vat=profile.engine_vat,
        discount=plan.discount,
        ending=plan.ending or profile.ending,
        fixed_costs=fixed,
        chain=chain,
    )
    if foreign:
        notes.append(Message("converted", f"金额已按汇率换算为 {profile.currency}（保留 30 位有效数字）。",
                             f"Amounts were converted to {profile.currency} at the workspace's exchange rate "
                             "(30 significant digits kept)."))
    return scenario, tuple(notes)


def _significant(value: Decimal, digits: int = SCENARIO_DIGITS) -> Decimal:
    """`value` rounded half-up to `digits` significant digits (a scenario file holds at most 34)."""
    if value.is_zero():
        return ZERO
    with pricing_context():
        return value.quantize(Decimal(1).scaleb(value.adjusted() - digits + 1))


def _scenario_fees(profile: ChannelProfile, return_rate: Decimal, notes: list[Message]) -> tuple[
        tuple[tuple[str, Decimal], ...], tuple[tuple[str, Decimal], ...], tuple[tuple[str, Decimal], ...]]:
    """(percent fees, per-unit fees, annual fees as fixed costs) with kept-on-return fees folded in."""
    percent: list[tuple[str, Decimal]] = []
    per_unit: list[tuple[str, Decimal]] = []
    annual: list[tuple[str, Decimal]] = []
    for rule in profile.rules:
        factor = ONE if rule.refund_on_return else ONE / (ONE - return_rate)
        if rule.basis in (FeeBasis.PERCENT_OF_PAID, FeeBasis.PERCENT_INCL_SHIPPING):
            rate = rule.rate if factor == ONE else _significant(rule.rate * factor)
            percent.append((rule.id, rate))
            if rule.minimum > 0:
                notes.append(Message(
                    "minimum_dropped",
                    f"“{rule.name_zh}”的最低收费 {rule.minimum} 无法写入方案文件，低价时结果可能不同。",
                    f"{rule.name_en}: the minimum of {rule.minimum} cannot be written in a scenario file; "
                    "at low prices its result may differ."))
        elif rule.basis in (FeeBasis.PER_UNIT, FeeBasis.PER_ORDER):
            per_unit.append((rule.id, rule.amount if factor == ONE else _significant(rule.amount * factor)))
        else:
            annual.append((CHANNEL_ANNUAL_PREFIX + rule.id, rule.amount))
    return tuple(percent), tuple(per_unit), tuple(annual)


def _apply_scenario(plan: PlanData, scenario: Scenario) -> tuple[PlanData, tuple[Message, ...]]:
    if scenario.currency != plan.currency:
        raise _bad(f"the scenario is in {scenario.currency}, the product's costs are in {plan.currency}",
                   f"方案币种为 {scenario.currency}，而产品成本币种为 {plan.currency}")
    notes: list[Message] = []
    lines: dict[str, Decimal] = dict.fromkeys(COST_LINES, ZERO)
    unknown_costs: list[str] = []
    with pricing_context():
        for name, amount in scenario.costs:
            key = "materials" if name in EX_FACTORY_ALIASES else name
            if key not in lines:
                key = "other"
                unknown_costs.append(name)
            lines[key] += amount
        fixed, unknown_fixed = _scenario_fixed(scenario.fixed_costs)
    if unknown_costs:
        notes.append(Message("costs_as_other", f"成本项 {', '.join(unknown_costs)} 计入“其他”。",
                             f"Cost lines {', '.join(unknown_costs)} were added to Other."))
    if unknown_fixed:
        notes.append(Message("fixed_as_tooling", f"固定成本 {', '.join(unknown_fixed)} 计入“工装”。",
                             f"Fixed costs {', '.join(unknown_fixed)} were added to Tooling."))
    if scenario.fees_percent or scenario.fees_fixed or scenario.vat:
        notes.append(Message(
            "fees_not_applied", "方案中的费用和增值税属于某个渠道，未应用：各渠道使用自己的费用配置。",
            "The scenario's fees and VAT belong to one channel and were not applied: each channel keeps its own "
            "fee profile."))
    layers = plan.chain_layers
    if scenario.chain is not None:
        layers = tuple(replace(layer, is_assumption=True) for layer in scenario.chain.layers)
        if scenario.chain.base != lines["materials"] + lines["labour"] + lines["overhead"]:
            notes.append(Message("chain_base", "传统渠道按出厂成本起算，而非文件中的起始价。",
                                 "The chain starts from the ex-factory cost, not the file's base price."))
    updated = replace(
        plan,
        costs=CostBuildUp(plan.currency, **lines),
        fixed=FixedCosts(plan.currency, **fixed),
        target=scenario.target,
        discount=scenario.discount,
        ending=scenario.ending,
        returns=scenario.returns,
        chain_layers=layers,
        price_overrides=(),
    )
    check_plan(updated)
    return updated, tuple(notes)


def _scenario_fixed(named: Iterable[tuple[str, Decimal]]) -> tuple[dict[str, Decimal], list[str]]:
    """Scenario fixed costs onto the plan's fixed-cost lines; channel annual fees are left to the channel."""
    fixed: dict[str, Decimal] = dict.fromkeys(FIXED_COST_LINES, ZERO)
    unknown: list[str] = []
    for name, amount in named:
        if name.startswith(CHANNEL_ANNUAL_PREFIX):
            continue
        if name in fixed:
            key = name
        elif is_deposit(name):
            key = "deposits"
        else:
            key = "tooling"
            unknown.append(name)
        fixed[key] += amount
    return fixed, unknown


# ---------------------------------------------------------------- files


def write_atomically(target: Path, data: bytes) -> None:
    """Write through a temporary file beside `target`, then move it into place (never half a file)."""
    write_bytes_atomically(target, data)
