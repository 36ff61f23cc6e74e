"""Channel fee profiles as versioned, dated data, and pricing a product on each channel.

Profiles ship as JSON in `resources/channels/` (one file per channel). Each fee rule records where its figure
comes from (`source`, and `source_zh` for a Chinese-speaking user), when, and whether it is `sourced`, `assumed`
or `to_check`. A user's edit never changes a profile in place: it produces a new version (`version + 1`, a new
`effective_from`) that can be saved as JSON.

ODM buyers (Yanxuan, Youpin) buy at a supply price `S = cost / (1 − factory margin)` and retail at their own
gross margin; a direct price under a partner's supply price or wholesale floor is flagged as a conflict.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any, Protocol

from app.frozen import resources_dir
from app.models.bilingual import Bilingual
from app.services.kernel.money import is_known_currency, pricing_context, quantize_money

from .chain import ChainSpec
from .costs import CostBuildUp, FixedCosts
from .endings import Ending, EndingStyle
from .engine import FeeBasis, FeeRule, PricingInput, Returns, price
from .fx import FxTable
from .messages import (
    FxRateMissing,
    InfeasibleTarget,
    InvalidAmount,
    Message,
    ScenarioError,
)
from .money import ONE, ZERO, format_money, to_decimal, to_rate
from .result import PriceResult, Target

DEFAULT_CHANNELS_DIR = resources_dir() / "channels"
PROFILE_SCHEMA = 1

#: The order channels are shown in.
CHANNEL_ORDER = ("tmall", "taobao", "jd", "pinduoduo", "douyin", "1688", "odm", "amazon_us", "shopify", "woocommerce")


class RuleStatus(StrEnum):
    """How far a fee figure can be trusted."""

    SOURCED = "sourced"
    ASSUMED = "assumed"
    TO_CHECK = "to_check"


class VatRegime(StrEnum):
    """The seller's VAT position on a channel: general taxpayer 13%, small-scale 1% or 3%, or none."""

    GENERAL = "general"
    SMALL_SCALE = "small_scale"
    NONE = "none"


class ChannelKind(StrEnum):
    """Retail to consumers, wholesale to resellers, or supply to an ODM platform."""

    RETAIL = "retail"
    WHOLESALE = "wholesale"
    ODM = "odm"


@dataclass(frozen=True)
class ChannelRule:
    """A fee rule with its provenance (source text or URL, date seen, status)."""

    id: str
    name_zh: str
    name_en: str
    basis: FeeBasis
    rate: Decimal = ZERO
    amount: Decimal = ZERO
    minimum: Decimal = ZERO
    refund_on_return: bool = True
    source: str = ""
    date: date | None = None
    status: RuleStatus = RuleStatus.TO_CHECK
    #: The source in Chinese, for a Chinese-speaking user ("" = only `source`, shown in either language).
    source_zh: str = ""

    def source_text(self, lang: str) -> str:
        """Where the figure comes from, in the user's language: `source_zh` in Chinese when there is one."""
        return self.source_zh if lang.lower().startswith("zh") and self.source_zh else self.source

    def to_fee_rule(self) -> FeeRule:
        """The engine's view of this rule."""
        return FeeRule(
            self.name_zh, self.name_en, self.basis, self.rate, self.amount, self.minimum, self.refund_on_return
        )


@dataclass(frozen=True)
class ChannelProfile:
    """One channel's fees, VAT position and habits, as of `effective_from` (version `version`)."""

    id: str
    name_zh: str
    name_en: str
    kind: ChannelKind
    currency: str
    vat_regime: VatRegime
    vat_rate: Decimal
    prices_include_vat: bool
    ending: Ending
    version: int
    effective_from: date
    rules: tuple[ChannelRule, ...]
    platform_margin: Decimal | None = None
    excluded_costs: tuple[str, ...] = ()
    notes_zh: str = ""
    notes_en: str = ""

    @property
    def engine_vat(self) -> Decimal:
        """The VAT rate inside consumer prices (0 when prices are quoted ex-VAT)."""
        return self.vat_rate if self.prices_include_vat else ZERO


# ---------------------------------------------------------------- loading and validation


def _bad(profile_id: str, en: str, zh: str) -> ScenarioError:
    return ScenarioError(Bilingual(f"渠道配置 {profile_id!r}：{zh}", f"channel profile {profile_id!r}: {en}"))


def _get(data: Mapping[str, Any], key: str, pid: str) -> Any:
    if key not in data:
        raise _bad(pid, f"missing {key!r}", f"缺少字段 {key!r}")
    return data[key]


def _enum(enum: type[Enum], value: object, key: str, pid: str) -> Any:
    try:
        return enum(value)
    except ValueError as exc:
        raise _bad(pid, f"{key} {value!r} is not allowed", f"{key} 的值 {value!r} 无效") from exc


def _dec(value: object, key: str, pid: str, rate: bool = False) -> Decimal:
    try:
        return to_rate(value) if rate else to_decimal(value)
    except InvalidAmount as exc:
        raise _bad(pid, f"{key}: {exc.message.en}", f"{key}：{exc.message.zh}") from exc


def _day(value: object, key: str, pid: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise _bad(pid, f"{key} must be a date YYYY-MM-DD", f"{key} 必须是 YYYY-MM-DD 日期") from exc


def _rule(data: Mapping[str, Any], pid: str) -> ChannelRule:
    rid = str(_get(data, "id", pid))
    basis = _enum(FeeBasis, _get(data, "basis", pid), f"rules.{rid}.basis", pid)
    percent = basis in (FeeBasis.PERCENT_OF_PAID, FeeBasis.PERCENT_INCL_SHIPPING)
    value_key = "rate" if percent else "amount"
    value = _dec(_get(data, value_key, pid), f"rules.{rid}.{value_key}", pid, rate=percent)
    if percent and value >= ONE:
        raise _bad(pid, f"rules.{rid}.rate must be below 1", f"rules.{rid}.rate 必须小于 1")
    refund = _flag(data.get("refund_on_return", True), f"rules.{rid}.refund_on_return", pid)
    return ChannelRule(
        id=rid,
        name_zh=str(_get(data, "name_zh", pid)),
        name_en=str(_get(data, "name_en", pid)),
        basis=basis,
        rate=value if percent else ZERO,
        amount=ZERO if percent else value,
        minimum=_dec(data.get("minimum", "0"), f"rules.{rid}.minimum", pid),
        refund_on_return=refund,
        source=str(data.get("source", "")),
        source_zh=str(data.get("source_zh", "")),
        date=_day(data["date"], f"rules.{rid}.date", pid) if data.get("date") else None,
        status=_enum(RuleStatus, data.get("status", "to_check"), f"rules.{rid}.status", pid),
    )


def _check_vat(regime: VatRegime, rate: Decimal, pid: str) -> None:
    """general: a rate between 0 and 1 (13% usual); small-scale: 1% or 3%; none: 0."""
    allowed = {
        VatRegime.GENERAL: 0 < rate < 1,
        VatRegime.SMALL_SCALE: rate in (Decimal("0.01"), Decimal("0.03")),
        VatRegime.NONE: rate == 0,
    }
    if not allowed[regime]:
        en = f"VAT rate {rate} does not fit regime {regime.value}"
        raise _bad(pid, en, f"增值税率 {rate} 与纳税类型 {regime.value} 不符")


def _flag(value: object, key: str, pid: str) -> bool:
    if not isinstance(value, bool):
        raise _bad(pid, f"{key} must be true or false", f"{key} 必须是 true 或 false")
    return value


def _ending_of(data: object, pid: str) -> Ending:
    if not isinstance(data, dict):
        return Ending()
    style = _enum(EndingStyle, data.get("style", "NONE"), "ending.style", pid)
    return Ending(style, _flag(data.get("avoid_digit_4", False), "ending.avoid_digit_4", pid))


def _profile_fields(data: Mapping[str, Any], pid: str) -> dict[str, Any]:
    currency = str(_get(data, "currency", pid))
    if not is_known_currency(currency):
        raise _bad(pid, f"unknown currency {currency!r}", f"未知币种 {currency!r}")
    regime = _enum(VatRegime, _get(data, "vat_regime", pid), "vat_regime", pid)
    vat_rate = _dec(data.get("vat_rate", "0.13" if regime is VatRegime.GENERAL else "0"), "vat_rate", pid, rate=True)
    _check_vat(regime, vat_rate, pid)
    margin = data.get("platform_margin")
    return {
        "currency": currency,
        "vat_regime": regime,
        "vat_rate": vat_rate,
        "platform_margin": None if margin is None else _dec(margin, "platform_margin", pid, rate=True),
    }


def profile_from_dict(data: object) -> ChannelProfile:
    """Validate a profile JSON object into a frozen `ChannelProfile` (raises `ScenarioError`)."""
    if not isinstance(data, dict):
        raise ScenarioError(Bilingual("渠道配置必须是 JSON 对象", "a channel profile must be a JSON object"))
    pid = str(data.get("id", "?"))
    if data.get("schema", PROFILE_SCHEMA) != PROFILE_SCHEMA:
        raise _bad(pid, f"schema must be {PROFILE_SCHEMA}", f"schema 必须为 {PROFILE_SCHEMA}")
    version = _get(data, "version", pid)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _bad(pid, "version must be a positive integer", "version 必须是正整数")
    rules = _get(data, "rules", pid)
    if not isinstance(rules, list) or not all(isinstance(r, dict) for r in rules):
        raise _bad(pid, "rules must be a list of objects", "rules 必须是对象数组")
    return ChannelProfile(
        id=pid,
        name_zh=str(_get(data, "name_zh", pid)),
        name_en=str(_get(data, "name_en", pid)),
        kind=_enum(ChannelKind, data.get("kind", "retail"), "kind", pid),
        prices_include_vat=_flag(_get(data, "prices_include_vat", pid), "prices_include_vat", pid),
        ending=_ending_of(data.get("ending"), pid),
        version=version,
        effective_from=_day(_get(data, "effective_from", pid), "effective_from", pid),
        rules=tuple(_rule(r, pid) for r in rules),
        excluded_costs=tuple(str(x) for x in data.get("excluded_costs", [])),
        notes_zh=str(data.get("notes_zh", "")),
        notes_en=str(data.get("notes_en", "")),
        **_profile_fields(data, pid),
    )


def load_profile(path: str | Path) -> ChannelProfile:
    """Load one profile file (UTF-8, BOM tolerated)."""
    try:
        # A number written without quotes is read as the Decimal it spells, never through a float
        data = json.loads(Path(path).read_bytes().decode("utf-8-sig"), parse_float=Decimal)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ScenarioError(Bilingual(f"无法读取渠道配置 {path}：{exc}",
                                      f"cannot read channel profile {path}: {exc}")) from exc
    return profile_from_dict(data)


def _order_key(profile: ChannelProfile) -> tuple[int, str]:
    known = profile.id in CHANNEL_ORDER
    return (CHANNEL_ORDER.index(profile.id) if known else len(CHANNEL_ORDER), profile.id)


def load_profiles(folder: str | Path = DEFAULT_CHANNELS_DIR) -> tuple[ChannelProfile, ...]:
    """Every `*.json` profile in `folder`, in the usual channel order; duplicate ids are refused."""
    profiles = [load_profile(path) for path in sorted(Path(folder).glob("*.json"))]
    ids = [p.id for p in profiles]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ScenarioError(Bilingual(f"渠道 id 重复：{duplicates[0]!r}", f"duplicate channel id {duplicates[0]!r}"))
    return tuple(sorted(profiles, key=_order_key))


# ---------------------------------------------------------------- editing and saving


def edited_profile(profile: ChannelProfile, effective_from: date, **changes: Any) -> ChannelProfile:
    """A new version of `profile` with `changes` applied (version + 1, effective from `effective_from`).

    The result is validated by a round trip through the JSON form, so an edit cannot produce a bad profile.
    """
    if "version" in changes or "id" in changes:
        raise ValueError("an edit keeps the id and always bumps the version itself")
    candidate = replace(profile, version=profile.version + 1, effective_from=effective_from, **changes)
    return profile_from_dict(profile_to_dict(candidate))


def edited_rule(profile: ChannelProfile, rule_id: str, effective_from: date, **changes: Any) -> ChannelProfile:
    """A new profile version with one rule changed (e.g. `rate=Decimal('0.03')`, `status=RuleStatus.SOURCED`)."""
    if rule_id not in {r.id for r in profile.rules}:
        raise KeyError(rule_id)
    rules = tuple(replace(r, **changes) if r.id == rule_id else r for r in profile.rules)
    return edited_profile(profile, effective_from, rules=rules)


def _rule_dict(rule: ChannelRule) -> dict[str, Any]:
    percent = rule.basis in (FeeBasis.PERCENT_OF_PAID, FeeBasis.PERCENT_INCL_SHIPPING)
    out: dict[str, Any] = {"id": rule.id, "name_zh": rule.name_zh, "name_en": rule.name_en, "basis": rule.basis.value}
    out["rate" if percent else "amount"] = f"{rule.rate if percent else rule.amount:f}"
    if rule.minimum:
        out["minimum"] = f"{rule.minimum:f}"
    out.update(refund_on_return=rule.refund_on_return, source=rule.source, status=rule.status.value)
    if rule.source_zh:
        out["source_zh"] = rule.source_zh
    out["date"] = rule.date.isoformat() if rule.date else None
    return out


def profile_to_dict(profile: ChannelProfile) -> dict[str, Any]:
    """The profile as a JSON-ready dict (the file format); `profile_from_dict` gives it back equal."""
    return {
        "schema": PROFILE_SCHEMA,
        "id": profile.id,
        "name_zh": profile.name_zh,
        "name_en": profile.name_en,
        "kind": profile.kind.value,
        "currency": profile.currency,
        "vat_regime": profile.vat_regime.value,
        "vat_rate": f"{profile.vat_rate:f}",
        "prices_include_vat": profile.prices_include_vat,
        "ending": {"style": profile.ending.style.value, "avoid_digit_4": profile.ending.avoid_digit_4},
        "version": profile.version,
        "effective_from": profile.effective_from.isoformat(),
        "platform_margin": None if profile.platform_margin is None else f"{profile.platform_margin:f}",
        "excluded_costs": list(profile.excluded_costs),
        "notes_zh": profile.notes_zh,
        "notes_en": profile.notes_en,
        "rules": [_rule_dict(rule) for rule in profile.rules],
    }


def profile_to_json(profile: ChannelProfile) -> str:
    """The profile as pretty UTF-8 JSON text, ready to write to a `.json` file."""
    return json.dumps(profile_to_dict(profile), ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- ODM supply price


def odm_supply_price(cost: Decimal, factory_margin: Decimal) -> Decimal:
    """Exact supply price to an ODM platform: S = cost / (1 − factory margin) (105 at 20% → 131.25)."""
    if not 0 <= factory_margin < 1:
        raise ScenarioError(Bilingual("工厂毛利率必须在 0 到 1 之间（不含 1）",
                                      "factory margin must be at least 0 and below 1"))
    with pricing_context():
        return cost / (ONE - factory_margin)


def platform_retail_price(supply: Decimal, platform_margin: Decimal) -> Decimal:
    """Exact retail price of a platform keeping `platform_margin` of its own price (131.25 at 40% → 218.75)."""
    if not 0 <= platform_margin < 1:
        raise ScenarioError(Bilingual("平台毛利率必须在 0 到 1 之间（不含 1）",
                                      "platform margin must be at least 0 and below 1"))
    with pricing_context():
        return supply / (ONE - platform_margin)


class PaidPrice(Protocol):
    """What a retail estimate needs of a priced SKU: a full `PriceResult` or the batch path's `ColumnPrice`."""

    @property
    def paid_price(self) -> Decimal: ...

    @property
    def currency(self) -> str: ...


def odm_retail_estimate(result: PaidPrice, profile: ChannelProfile) -> Decimal | None:
    """The ODM platform's retail estimate for a priced row, or None off ODM or without a platform margin.

    The one rule for every place that shows it (the channels table, the pack's ODM sheet), so they agree to the
    cent. The platform buys at the supply price as quoted — the result's paid price, already a whole cent after
    the channel's ending (NONE rounds up, so the factory margin holds), a discount or the user's own price — and
    sells at its gross margin on that: one calculation from that price, rounded once, half-up.
    """
    if profile.kind is not ChannelKind.ODM or profile.platform_margin is None:
        return None
    return quantize_money(platform_retail_price(result.paid_price, profile.platform_margin), result.currency)


# ---------------------------------------------------------------- pricing a product on channels


@dataclass(frozen=True)
class ProductPlan:
    """What the seller decides once per product; amounts in the cost currency unless noted.

    `extra_rules` (e.g. ad spend as a percentage) and `shipping_charged` are in the channel's currency; a
    `price` target's value is read in each channel's currency. `ending=None` uses the channel's default.
    """

    costs: CostBuildUp
    target: Target
    fixed: FixedCosts | None = None
    returns: Returns = Returns()
    discount: Decimal = ZERO
    chain: ChainSpec | None = None
    extra_rules: tuple[FeeRule, ...] = ()
    ending: Ending | None = None
    shipping_charged: Decimal = ZERO
    units_per_order: Decimal = ONE


def _unit_cost(costs: CostBuildUp, excluded: Sequence[str]) -> Decimal:
    """Per-unit costs the channel bears (an ODM platform ships itself, so its profile drops `parcel`)."""
    with pricing_context():
        return sum((v for name, v in costs.lines().items() if name not in excluded), ZERO)


def channel_input(plan: ProductPlan, profile: ChannelProfile, fx: FxTable | None = None,
                  on: date | None = None) -> PricingInput:
    """The engine input for `plan` on `profile`, converting cost-currency amounts at full precision."""
    source, target = plan.costs.currency, profile.currency
    if source != target and fx is None:
        raise FxRateMissing(Bilingual(f"未提供 {source}->{target} 汇率",
                                      f"no exchange rates given for {source}->{target}"))
    day = on or profile.effective_from

    def conv(amount: Decimal) -> Decimal:
        return amount if fx is None else fx.convert_exact(amount, source, target, day)

    with pricing_context():
        return _input(plan, profile, conv)


def _input(plan: ProductPlan, profile: ChannelProfile, conv: Callable[[Decimal], Decimal]) -> PricingInput:
    chain = None if plan.chain is None else replace(plan.chain, base=conv(plan.chain.base))
    fixed = ZERO if plan.fixed is None else conv(plan.fixed.total)
    return PricingInput(
        currency=profile.currency,
        unit_cost=conv(_unit_cost(plan.costs, profile.excluded_costs)),
        target=plan.target,
        fees=tuple(r.to_fee_rule() for r in profile.rules) + plan.extra_rules,
        returns=Returns(plan.returns.rate, conv(plan.returns.loss_per_return)),
        vat=profile.engine_vat,
        discount=plan.discount,
        ending=plan.ending or profile.ending,
        fixed_costs=fixed,
        chain=chain,
        shipping_charged=plan.shipping_charged,
        units_per_order=plan.units_per_order,
    )


def price_channel(plan: ProductPlan, profile: ChannelProfile, fx: FxTable | None = None,
                  on: date | None = None) -> PriceResult:
    """Price `plan` on one channel: the same result shape as a scenario (`result_to_dict` gives its JSON).

    On an ODM profile the result's price is the factory's supply price to the platform.
    """
    return price(channel_input(plan, profile, fx, on))


@dataclass(frozen=True)
class PartnerFloor:
    """A price a partner pays (ODM supply price, wholesale floor) that direct prices must not undercut."""

    name_zh: str
    name_en: str
    price: Decimal
    currency: str


def conflict_warnings(name_zh: str, name_en: str, paid: Decimal, currency: str,
                      floors: Sequence[PartnerFloor]) -> tuple[Message, ...]:
    """Warnings when a direct channel's paid price is below a partner's floor (same currency only)."""
    return tuple(
        Message(
            "channel_conflict",
            f"{name_zh}售价 {format_money(paid, currency)} 低于{f.name_zh}的 "
            f"{format_money(f.price, currency)}，会损害合作伙伴。",
            f"{name_en} sells at {format_money(paid, currency)}, below {f.name_en} at "
            f"{format_money(f.price, currency)}: this undercuts a partner.",
        )
        for f in floors
        if f.currency == currency and paid < f.price
    )


@dataclass(frozen=True)
class ChannelOutcome:
    """One row of the channels table: the result, or the reason the channel cannot be priced."""

    profile: ChannelProfile
    result: PriceResult | None
    error: InfeasibleTarget | FxRateMissing | None
    platform_retail: Decimal | None
    conflicts: tuple[Message, ...]


def _partner_floor(outcome: ChannelOutcome) -> PartnerFloor | None:
    p, result = outcome.profile, outcome.result
    if result is None or p.kind is ChannelKind.RETAIL:
        return None
    label_zh = "供货价" if p.kind is ChannelKind.ODM else "价"
    label_en = "supply price" if p.kind is ChannelKind.ODM else "price"
    return PartnerFloor(f"{p.name_zh}{label_zh}", f"{p.name_en} {label_en}", result.paid_price, result.currency)


def _price_one(plan: ProductPlan, profile: ChannelProfile, fx: FxTable | None, on: date | None) -> ChannelOutcome:
    try:
        result = price_channel(plan, profile, fx, on)
    except (InfeasibleTarget, FxRateMissing) as exc:
        return ChannelOutcome(profile, None, exc, None, ())
    return ChannelOutcome(profile, result, None, odm_retail_estimate(result, profile), ())


def price_channels(plan: ProductPlan, profiles: Sequence[ChannelProfile], fx: FxTable | None = None,
                   on: date | None = None) -> tuple[ChannelOutcome, ...]:
    """Price `plan` on every channel (the GUI's channels × figures table) and flag retail prices that
    undercut an ODM supply price or a wholesale floor."""
    with pricing_context():
        outcomes = [_price_one(plan, p, fx, on) for p in profiles]
    floors = [f for f in map(_partner_floor, outcomes) if f is not None]
    return tuple(
        replace(o, conflicts=conflict_warnings(
            o.profile.name_zh, o.profile.name_en, o.result.paid_price, o.result.currency, floors))
        if o.result is not None and o.profile.kind is ChannelKind.RETAIL else o
        for o in outcomes
    )


def price_many(
    plans: Sequence[ProductPlan],
    profiles: Sequence[ChannelProfile],
    fx: FxTable | None = None,
    on: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[tuple[ChannelOutcome, ...]]:
    """Price many products on every channel (a whole catalogue); reports `progress(done, total)` every
    100 products and stops early, returning what is done, when `cancelled()` turns true."""
    results: list[tuple[ChannelOutcome, ...]] = []
    total = len(plans)
    with pricing_context():
        for done, plan in enumerate(plans, start=1):
            results.append(price_channels(plan, profiles, fx, on))
            if done % 100 == 0 or done == total:
                if progress is not None:
                    progress(done, total)
                if cancelled is not None and cancelled():
                    break
    return results
