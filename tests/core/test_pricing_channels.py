"""Channel fee profiles (shipped data, validation, versioned edits) and pricing a product on channels."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal as D
from fractions import Fraction
from pathlib import Path

import pytest

from app.services.pricing import (
    ChainSpec,
    ChannelKind,
    CostBuildUp,
    Ending,
    FeeBasis,
    FixedCosts,
    FxRateMissing,
    PartnerFloor,
    ProductPlan,
    Returns,
    RuleStatus,
    ScenarioError,
    Target,
    TargetKind,
    VatRegime,
    conflict_warnings,
    default_layers,
    edited_profile,
    edited_rule,
    fx_table,
    load_profile,
    load_profiles,
    odm_retail_estimate,
    odm_supply_price,
    platform_retail_price,
    price_channel,
    price_channels,
    profile_from_dict,
    profile_to_dict,
    profile_to_json,
)
from app.services.pricing.channels import DEFAULT_CHANNELS_DIR

EXPECTED_IDS = ["tmall", "taobao", "jd", "pinduoduo", "douyin", "1688", "odm", "amazon_us", "shopify", "woocommerce"]
TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def profiles() -> dict[str, object]:
    return {p.id: p for p in load_profiles()}


def plan(**changes: object) -> ProductPlan:
    base = dict(
        costs=CostBuildUp("CNY", materials=D("100"), packaging=D("5"), parcel=D("6")),
        target=Target(TargetKind.MARGIN, D("0.20")),
        fixed=FixedCosts("CNY", mould=D("60000"), brand_setup=D("40000"), deposits=D("50000")),
        returns=Returns(D("0.08"), D("20")),
        chain=ChainSpec(D("100"), default_layers()),
    )
    base.update(changes)
    return ProductPlan(**base)  # type: ignore[arg-type]


# ---------------------------------------------------------------- shipped data


def test_ten_default_profiles_one_file_each() -> None:
    files = sorted(p.stem for p in DEFAULT_CHANNELS_DIR.glob("*.json"))
    assert files == sorted(EXPECTED_IDS)
    assert [p.id for p in load_profiles()] == EXPECTED_IDS


def test_every_rule_has_names_source_date_and_status(profiles: dict) -> None:
    for profile in profiles.values():
        assert profile.name_zh and profile.name_en and profile.version >= 1
        for rule in profile.rules:
            assert rule.name_zh and rule.name_en and rule.source and rule.date is not None
            assert rule.status in RuleStatus


def test_every_rule_says_its_source_in_chinese_too(profiles: dict) -> None:
    """A zh_CN user reads where a figure comes from in Chinese (`source_zh`); English keeps `source`."""
    for profile in profiles.values():
        for rule in profile.rules:
            assert re.search(r"[\u4e00-\u9fff]", rule.source_zh), (profile.id, rule.id)
            assert rule.source_text("zh_CN") == rule.source_zh and rule.source_text("en") == rule.source
    tmall = {r.id: r for r in profiles["tmall"].rules}
    assert "https://rule.tmall.com" in tmall["commission"].source_zh   # the address stays where it was
    edited = replace(tmall["points"], source_zh="")
    assert edited.source_text("zh") == edited.source   # none in Chinese: the one there is


def test_public_figures_from_pricing_md(profiles: dict) -> None:
    tmall = {r.id: r for r in profiles["tmall"].rules}
    assert tmall["points"].rate == D("0.005") and D("0.02") <= tmall["commission"].rate <= D("0.05")
    assert tmall["commission"].status is RuleStatus.ASSUMED
    jd = {r.id: r for r in profiles["jd"].rules}
    assert jd["transaction"].rate == D("0.006") and jd["transaction"].refund_on_return
    amazon = {r.id: r for r in profiles["amazon_us"].rules}
    assert amazon["referral"].rate == D("0.15") and amazon["referral"].minimum == D("0.30")
    assert amazon["referral"].basis is FeeBasis.PERCENT_INCL_SHIPPING
    assert D("3.50") <= amazon["fba"].amount <= D("9.50") and amazon["fba"].basis is FeeBasis.PER_UNIT
    shopify = {r.id: r for r in profiles["shopify"].rules}
    assert shopify["payments"].rate == D("0.029") and shopify["payments_fixed"].amount == D("0.30")
    assert profiles["tmall"].vat_regime is VatRegime.GENERAL and profiles["tmall"].vat_rate == D("0.13")
    assert profiles["amazon_us"].engine_vat == 0 and profiles["amazon_us"].currency == "USD"
    assert profiles["odm"].kind is ChannelKind.ODM and profiles["1688"].kind is ChannelKind.WHOLESALE


def test_woocommerce_has_no_platform_fee(profiles: dict) -> None:
    assert all("card" in r.id for r in profiles["woocommerce"].rules)


def test_round_trip_through_json(profiles: dict) -> None:
    for profile in profiles.values():
        assert profile_from_dict(json.loads(profile_to_json(profile))) == profile


# ---------------------------------------------------------------- validation and editing


def _raw(profile_id: str = "tmall") -> dict:
    return json.loads((DEFAULT_CHANNELS_DIR / f"{profile_id}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d.update(currency="XXX"),
        lambda d: d.update(vat_regime="small_scale", vat_rate="0.13"),
        lambda d: d.update(vat_regime="weird"),
        lambda d: d.update(version=0),
        lambda d: d.update(effective_from="yesterday"),
        lambda d: d["rules"][0].update(rate="1.5"),
        lambda d: d["rules"][0].update(rate="NaN"),
        lambda d: d["rules"][0].update(status="guess"),
        lambda d: d["rules"][0].update(basis="per_fortnight"),
        lambda d: d.pop("rules"),
        lambda d: d.update(prices_include_vat="yes"),
        lambda d: d["rules"][0].update(refund_on_return="no"),
    ],
)
def test_invalid_profiles_are_refused(breakage: object) -> None:
    data = _raw()
    breakage(data)  # type: ignore[operator]
    with pytest.raises(ScenarioError):
        profile_from_dict(data)


def test_edit_makes_a_new_version_and_keeps_the_original(profiles: dict) -> None:
    tmall = profiles["tmall"]
    edited = edited_rule(tmall, "commission", TODAY, rate=D("0.03"), status=RuleStatus.SOURCED)
    assert edited.version == tmall.version + 1 and edited.effective_from == TODAY
    assert {r.id: r.rate for r in edited.rules}["commission"] == D("0.03")
    assert {r.id: r.rate for r in tmall.rules}["commission"] == D("0.05")
    assert profile_to_dict(edited)["version"] == 2


def test_an_edit_cannot_produce_an_invalid_profile(profiles: dict) -> None:
    with pytest.raises(ScenarioError):
        edited_rule(profiles["tmall"], "commission", TODAY, rate=D("1.2"))
    with pytest.raises(ScenarioError):
        edited_profile(profiles["tmall"], TODAY, vat_rate=D("0.5"), vat_regime=VatRegime.SMALL_SCALE)


def test_saved_edit_loads_back(tmp_path: Path, profiles: dict) -> None:
    edited = edited_profile(profiles["jd"], TODAY, notes_en="our category: 3%")
    path = tmp_path / "jd.json"
    path.write_bytes(b"\xef\xbb\xbf" + profile_to_json(edited).encode("utf-8"))  # BOM tolerated
    assert load_profile(path) == edited


def test_a_profile_number_written_without_quotes_is_read_exactly_never_through_a_float(tmp_path: Path) -> None:
    """An edited or imported profile may hold plain JSON numbers: each is the Decimal it spells (a float would
    make 0.05000000000000000001 into 0.05 and 12345678901234567.89 into 12345678901234568)."""
    text = (DEFAULT_CHANNELS_DIR / "tmall.json").read_text(encoding="utf-8")
    text = text.replace('"rate": "0.05"', '"rate": 0.05000000000000000001', 1)
    path = tmp_path / "tmall.json"
    path.write_text(text, encoding="utf-8")
    assert {r.id: r.rate for r in load_profile(path).rules}["commission"] == D("0.05000000000000000001")


# ---------------------------------------------------------------- ODM


def test_example6_odm_supply_and_platform_retail() -> None:
    supply = odm_supply_price(D("105"), D("0.20"))
    assert supply == D("131.25")
    assert platform_retail_price(supply, D("0.40")) == D("218.75")


def test_odm_channel_excludes_parcel_and_reports_platform_retail(profiles: dict) -> None:
    outcome = price_channels(plan(returns=Returns()), [profiles["odm"]])[0]
    assert outcome.result is not None
    assert outcome.result.paid_price == D("131.25")  # (100 + 5) / 0.8, the platform ships itself
    assert outcome.platform_retail == D("218.75")


def test_odm_retail_estimate_is_the_platform_margin_on_the_supply_price_as_quoted(profiles: dict) -> None:
    # 10 at 30%: S = 14.2857…, quoted at 14.29 (NONE rounds up); the platform pays 14.29, so its 40% retail is
    # 14.29 / 0.6 = 23.8166… → 23.82 — not 23.81 from the unquoted S (the ODM sheet's old figure).
    p = plan(costs=CostBuildUp("CNY", materials=D("10")), target=Target(TargetKind.MARGIN, D("0.30")),
             returns=Returns(), chain=None)
    result = price_channel(p, profiles["odm"])
    assert result.paid_price == D("14.29")
    assert odm_retail_estimate(result, profiles["odm"]) == D("23.82")
    assert price_channels(p, [profiles["odm"]])[0].platform_retail == D("23.82")
    assert odm_retail_estimate(price_channel(p, profiles["tmall"]), profiles["tmall"]) is None   # not an ODM row


# ---------------------------------------------------------------- pricing on channels


def test_example5_on_the_shopify_profile(profiles: dict) -> None:
    shopify = replace(profiles["shopify"], ending=Ending())
    p = plan(costs=CostBuildUp("USD", materials=D("20")), target=Target(TargetKind.MARGIN, D("0.25")),
             returns=Returns(), fixed=None, chain=None)
    result = price_channel(p, shopify)
    assert result.floor_price == D("28.16")  # (20 + 0.30) / (0.75 − 0.029)
    assert result.fixed_costs == D("468")  # the plan's annual fee goes to fixed costs


def test_tmall_floor_matches_the_formula(profiles: dict) -> None:
    result = price_channel(plan(), profiles["tmall"])
    # C + RA = 111 + 0.08/0.92 × 20 = 112.7391…; fees 5% + 0.5% + 0.6%/(1 − 0.08) (payment kept on returns)
    F = Fraction
    c_ra = F(111) + F(8, 92) * 20
    denom = F(8, 10) / F(113, 100) - F(5, 100) - F(5, 1000) - F(6, 1000) / F(92, 100)
    assert abs(F(str(result.floor_exact)) - c_ra / denom) < F(1, 10**30)
    assert str(result.price).endswith("8.00")  # Tmall's default ending is …8
    assert result.fixed_costs == D("100000")  # deposits are cash needs, not costs


def test_cross_border_needs_a_rate(profiles: dict) -> None:
    with pytest.raises(FxRateMissing):
        price_channel(plan(), profiles["amazon_us"])
    outcome = price_channels(plan(), [profiles["amazon_us"]])[0]
    assert outcome.result is None and isinstance(outcome.error, FxRateMissing)


def test_cross_border_converts_costs_at_the_dated_rate(profiles: dict) -> None:
    fx = fx_table([(date(2026, 1, 1), "USD", "CNY", D("8")), (date(2026, 6, 1), "USD", "CNY", D("7.5"))])
    p = plan(costs=CostBuildUp("CNY", materials=D("150")), returns=Returns(), chain=None, fixed=None)
    amazon = replace(profiles["amazon_us"], ending=Ending())
    result = price_channel(p, amazon, fx, on=date(2026, 7, 1))
    # cost 150 / 7.5 = 20 USD + FBA 5 per unit; referral 15% (min 0.30 does not bind); margin 20%, no VAT
    assert abs(Fraction(str(result.floor_exact)) - Fraction(25) / Fraction(65, 100)) < Fraction(1, 10**40)
    assert result.currency == "USD"


def test_infeasible_channel_shows_its_explanation(profiles: dict) -> None:
    # 0.05 / 1.13 = 4.4% is less than Tmall's fees (5% + 0.5% + 0.6%)
    p = plan(target=Target(TargetKind.MARGIN, D("0.95")))
    outcome = price_channels(p, [profiles["tmall"]])[0]
    assert outcome.result is None and outcome.error is not None
    assert "margin 95%" in outcome.error.message.en and "毛利率 95%" in outcome.error.message.zh


def test_conflict_when_direct_price_undercuts_the_odm_supply_price() -> None:
    floors = [PartnerFloor("严选供货价", "Yanxuan supply price", D("131.25"), "CNY")]
    warnings = conflict_warnings("拼多多", "Pinduoduo", D("129.90"), "CNY", floors)
    assert len(warnings) == 1 and "Pinduoduo" in warnings[0].en and "严选供货价" in warnings[0].zh
    assert conflict_warnings("天猫", "Tmall", D("139.00"), "CNY", floors) == ()
    assert conflict_warnings("Shopify", "Shopify", D("19.99"), "USD", floors) == ()  # other currency


def test_price_channels_flags_undercutting(profiles: dict) -> None:
    # A Taobao shop the user set to small-scale VAT 1% (the shipped profiles agree on 13%): 112.739 /
    # (0.8/1.01 − 0.006/0.92) = 143.52, while 1688 (VAT 13%, invoiced) needs 112.739 / (0.8/1.13) = 159.25:
    # the retail shop undercuts the wholesale price
    p = plan(ending=Ending())
    taobao = edited_profile(profiles["taobao"], TODAY, vat_regime=VatRegime.SMALL_SCALE, vat_rate=D("0.01"))
    outcomes = {o.profile.id: o for o in price_channels(p, [taobao, profiles["1688"]])}
    assert outcomes["taobao"].result is not None and outcomes["taobao"].result.paid_price == D("143.52")
    assert outcomes["1688"].result is not None and outcomes["1688"].result.paid_price == D("159.25")
    assert outcomes["1688"].conflicts == ()
    assert [w.code for w in outcomes["taobao"].conflicts] == ["channel_conflict"]


# ---------------------------------------------------------------- cost build-up


def test_cost_build_up_and_fixed_costs() -> None:
    costs = CostBuildUp("CNY", materials=D("60"), labour=D("25"), overhead=D("15"), packaging=D("5"),
                        inbound_freight=D("2"), parcel=D("6"), duty=D("0"), fulfilment=D("3"), other=D("1"))
    assert costs.total == D("117") and costs.ex_factory == D("100")
    fixed = FixedCosts("CNY", mould=D("60000"), tooling=D("5000"), brand_setup=D("40000"), photography=D("3000"),
                       annual_platform_fees=D("6688"), deposits=D("50000"))
    assert fixed.total == D("114688")
    assert fixed.cash_needed == D("164688")


def test_negative_cost_is_refused() -> None:
    with pytest.raises(ScenarioError):
        CostBuildUp("CNY", materials=D("-1"))
    with pytest.raises(ScenarioError):
        FixedCosts("XXX")
