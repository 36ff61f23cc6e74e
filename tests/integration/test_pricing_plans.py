"""The pricing plans service: defaults from the catalogue, exact persistence, versioned fee profiles, the channels
table from the engine, the chart's parts, and scenario files that the `price` command prices the same way."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from sqlmodel import select

from app.db import Workspace, open_workspace
from app.models import (
    AuditEntry,
    ChannelProfileVersion,
    ExchangeRate,
    PricingPlan,
    Product,
)
from app.services.kernel.text import money_text, percent_text
from app.services.pricing import (
    ChainLayer,
    Ending,
    EndingStyle,
    FxRateMissing,
    InfeasibleTarget,
    InvalidAmount,
    Returns,
    RuleStatus,
    ScenarioError,
    Target,
    TargetKind,
    load_profiles,
    price_channels,
    price_scenario,
    pricing_context,
    result_to_dict,
    scenario_to_dict,
)
from app.services.pricing.plans import (
    PlanData,
    PricingEvent,
    PricingService,
    SegmentKind,
    check_plan,
    parse_money,
    parse_percent,
)
from app.services.workspace.demo import create_demo_workspace

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 25)
CNY_CHANNELS = ("tmall", "taobao", "jd", "pinduoduo", "douyin", "1688", "odm")
NUMERIC_KEYS = ("currency", "floor_price", "list_price", "price", "paid_price", "margin_on_net", "markup_on_cost",
                "contribution", "break_even_units", "chain_price", "ratio_to_chain")
#: The scenario of pricing.md (the `price` command's documented input).
DOC_SCENARIO = {
    "version": 1, "currency": "CNY",
    "costs": {"product": "100", "packaging": "5", "parcel": "6"},
    "fees_fixed": {},
    "fees_percent": {"commission": "0.05", "payment": "0.006", "points": "0.005", "ads": "0.10"},
    "returns": {"rate": "0.08", "loss_per_return": "20"},
    "vat": "0.13",
    "target": {"kind": "margin", "value": "0.20"},
    "discount": "0",
    "ending": {"style": "END_9", "avoid_digit_4": False},
    "fixed_costs": {"mould": "60000", "brand_setup": "40000"},
    "chain": {"base": "100", "layers": [{"name": "品牌方", "margin": "0.50"}, {"name": "全国总代", "margin": "0.15"},
                                        {"name": "区域批发", "margin": "0.15"}, {"name": "零售", "margin": "0.45"}]},
}


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace, built once; each test works on its own copy."""
    path = tmp_path_factory.mktemp("demo") / "demo.fdw"
    workspace = create_demo_workspace(path)
    # These tests start from unsaved default plans and no exchange rate: drop the plans and the USD rate the demo
    # saves.
    with workspace.session() as session:
        for row in [*session.exec(select(PricingPlan)), *session.exec(select(ExchangeRate))]:
            session.delete(row)
        for entry in session.exec(select(AuditEntry).where(AuditEntry.entity == "pricing_plan")):
            session.delete(entry)
    workspace.close()
    return path


@pytest.fixture
def workspace(demo_file: Path, tmp_path: Path) -> Iterator[Workspace]:
    path = tmp_path / "demo.fdw"
    shutil.copyfile(demo_file, path)
    ws = open_workspace(path)
    yield ws
    ws.close()


@pytest.fixture
def service(workspace: Workspace) -> PricingService:
    return PricingService(workspace, today=lambda: TODAY)


def product_id(service: PricingService, code: str) -> int:
    return next(p.id for p in service.products() if p.code == code)


@pytest.fixture
def suitcase(service: PricingService) -> PlanData:
    """The suitcase's default plan with packaging and parcel costs, returns and fixed costs."""
    plan = service.load_plan(product_id(service, "XZ-LG-PC01"))
    plan = plan.with_cost("packaging", D("8")).with_cost("parcel", D("15"))
    plan = plan.with_fixed("mould", D("60000")).with_fixed("deposits", D("50000"))
    return replace(plan, returns=Returns(D("0.08"), D("25")))


# ---------------------------------------------------------------- defaults and the picker


def test_products_and_skus_for_the_picker(service: PricingService) -> None:
    codes = [p.code for p in service.products()]
    assert codes == sorted(codes) and "XZ-LG-PC01" in codes
    skus = service.skus(product_id(service, "XZ-LG-PC01"))
    assert len(skus) == 9
    assert {s.cost for s in skus} == {D("152.00"), D("186.00"), D("228.00")}
    assert skus[0].code == "XZ-LG-PC01-BLK-20" and "Black" in skus[0].options


def test_default_plan_seeds_the_ex_factory_cost_from_the_first_sku(service: PricingService) -> None:
    pid = product_id(service, "XZ-LG-PC01")
    plan = service.load_plan(pid)
    assert not service.has_saved_plan(pid), "showing defaults writes nothing"
    first = service.skus(pid)[0]
    assert plan.sku_id == first.id
    assert plan.costs.materials == first.cost == D("152.00")
    assert plan.costs.ex_factory == D("152.00")
    assert all(getattr(plan.costs, n) == 0 for n in ("labour", "overhead", "packaging", "parcel", "other"))
    assert plan.target == Target(TargetKind.MARGIN, D("0.20"))
    assert plan.ending is None, "each channel's usual ending"
    assert plan.channel_ids == CNY_CHANNELS, "channels selling in the product's currency"
    assert [layer.margin for layer in plan.chain_layers] == [D("0.50"), D("0.15"), D("0.15"), D("0.45")]
    assert all(layer.is_assumption for layer in plan.chain_layers)


def test_choosing_another_sku_reseeds_only_the_ex_factory_lines(service: PricingService, suitcase: PlanData) -> None:
    split = suitcase.with_cost("materials", D("100")).with_cost("labour", D("40"))
    sku_28 = next(s for s in service.skus(suitcase.product_id) if s.code.endswith("-28"))
    moved = service.with_sku(split, sku_28.id)
    assert moved.sku_id == sku_28.id
    assert (moved.costs.materials, moved.costs.labour, moved.costs.overhead) == (D("228.00"), 0, 0)
    assert (moved.costs.packaging, moved.costs.parcel) == (D("8"), D("15"))


def test_reference_price_is_private_and_generic(service: PricingService) -> None:
    reference = service.reference(product_id(service, "XZ-LG-PC01"))
    assert reference is not None and reference.price == D("2890.00")
    assert reference.label.startswith("同类")


# ---------------------------------------------------------------- persistence


def test_save_and_load_round_trip_keeps_exact_decimals(service: PricingService, suitcase: PlanData,
                                                       workspace: Workspace) -> None:
    plan = suitcase.with_cost("overhead", D("0.000001")).with_cost("other", D("12345678901234567.89"))
    plan = replace(
        plan.with_fixed("photography", D("8000.125")).with_override("jd", D("299.00")).with_channel("shopify", True),
        target=Target(TargetKind.MARKUP, D("0.333333333333333333")),
        discount=D("0.15"),
        ending=Ending(EndingStyle.END_8, True),
        chain_layers=(ChainLayer("品牌方", "Brand owner", D("0.5"), D("0.02"), D("0.015"), False),
                      ChainLayer("零售", "Retailer", D("0.45"), is_assumption=True)),
    )
    events: list[PricingEvent] = []
    service.subscribe(events.append)
    service.save_plan(plan)
    assert events == [PricingEvent("plan", plan.product_id)]
    loaded = service.load_plan(plan.product_id)
    assert loaded == plan
    assert str(loaded.costs.other) == "12345678901234567.89" and str(loaded.costs.overhead) == "0.000001"
    assert str(loaded.target.value) == "0.333333333333333333"
    with workspace.engine.connect() as connection:
        kinds = connection.exec_driver_sql("SELECT typeof(materials), typeof(other), typeof(target_value) "
                                           "FROM pricing_plan").fetchall()
    assert kinds == [("text", "text", "text")], "money is exact text, never REAL"
    with workspace.session() as session:
        entries = session.exec(select(AuditEntry).where(AuditEntry.entity == "pricing_plan")).all()
        assert [(e.action, e.entity_id) for e in entries] == [("create", str(plan.product_id))]
        assert "other" in entries[0].details["fields"]


def test_second_save_updates_the_one_plan_of_the_product(service: PricingService, suitcase: PlanData,
                                                         workspace: Workspace) -> None:
    service.save_plan(suitcase)
    service.save_plan(suitcase.with_cost("packaging", D("9")))
    with workspace.session() as session:
        rows = session.exec(select(PricingPlan)).all()
        assert len(rows) == 1 and rows[0].packaging == D("9")
        actions = [e.action for e in session.exec(select(AuditEntry).where(AuditEntry.entity == "pricing_plan"))]
        assert actions == ["create", "update"]


def test_deleting_a_product_deletes_its_plan(service: PricingService, suitcase: PlanData,
                                             workspace: Workspace) -> None:
    service.save_plan(suitcase)
    with workspace.session() as session:
        session.delete(session.get(Product, suitcase.product_id))
    with workspace.session() as session:
        assert session.exec(select(PricingPlan)).all() == []


@pytest.mark.parametrize("change, words", [
    (lambda p: replace(p, target=Target(TargetKind.MARGIN, D("1"))), "margin"),
    (lambda p: replace(p, discount=D("1")), "discount"),
    (lambda p: replace(p, returns=Returns(D("1"), D("0"))), "return rate"),
    (lambda p: p.with_layer(0, margin=D("0.9"), rebate=D("0.1")), "below 100%"),
    (lambda p: p.with_override("tmall", D("0")), "above 0"),
])
def test_unusable_plans_are_refused_in_both_languages(suitcase: PlanData, change, words: str) -> None:
    with pytest.raises(ScenarioError) as refused:
        check_plan(change(suitcase))
    assert words in refused.value.text("en")
    assert refused.value.text("zh") != refused.value.text("en")


def test_negative_cost_is_refused_by_the_engine(suitcase: PlanData) -> None:
    with pytest.raises(ScenarioError):
        suitcase.with_cost("parcel", D("-1"))


def test_typed_amounts_and_percentages() -> None:
    assert parse_money("¥1,234.50") == D("1234.50")
    assert parse_money("１２３") == D("123")
    assert parse_percent("20") == D("0.2") and parse_percent("２０％") == D("0.2")
    assert parse_percent("0.6%") == D("0.006")
    for bad in ("-5", "abc", "", "1e400"):
        with pytest.raises(InvalidAmount) as refused:
            parse_money(bad)
        assert refused.value.text("zh") and refused.value.text("en")
    assert money_text(D("1234.5"), "CNY") == "¥1,234.50"
    assert percent_text(D("0.2")) == "20%" and percent_text(D("0.2"), 1, strip=False) == "20.0%"


# ---------------------------------------------------------------- fee profiles


def test_profiles_are_the_shipped_defaults_until_edited(service: PricingService) -> None:
    assert [p.id for p in service.profiles()] == [p.id for p in load_profiles()]
    assert service.profiles() == load_profiles()


def test_an_edit_is_a_new_dated_version_and_the_newest_wins(service: PricingService, workspace: Workspace) -> None:
    v2 = service.edited_rule_profile("tmall", "commission", rate=D("0.03"))
    assert v2.version == 2 and v2.effective_from == TODAY
    rule = next(r for r in v2.rules if r.id == "commission")
    assert rule.rate == D("0.03") and rule.date == TODAY
    assert service.profile("tmall").version == 1, "not saved yet"
    service.save_profile_version(v2)
    assert service.profile("tmall") == v2
    v3 = service.edited_rule_profile("tmall", "points", status=RuleStatus.SOURCED, source="Tmall invoice 2026-11")
    service.save_profile_version(v3)
    current = service.profile("tmall")
    assert current.version == 3
    assert next(r for r in current.rules if r.id == "commission").rate == D("0.03"), "v3 builds on v2"
    assert next(r for r in current.rules if r.id == "points").status is RuleStatus.SOURCED
    history = service.profile_history("tmall")
    assert [(h.version, h.shipped) for h in history] == [(1, True), (2, False), (3, False)]
    service.withdraw_profile_version("tmall", 3)
    assert service.profile("tmall") == v2
    with workspace.session() as session:
        rows = session.exec(select(ChannelProfileVersion)).all()
        assert [(r.channel_id, r.version) for r in rows] == [("tmall", 2)]
        actions = [e.action for e in session.exec(select(AuditEntry).where(AuditEntry.entity == "channel_profile"))]
        assert actions == ["create", "create", "delete"]


# ---------------------------------------------------------------- the channels table and the chart


def test_the_table_is_the_engines_price_channels(service: PricingService, suitcase: PlanData) -> None:
    evaluation = service.evaluate(suitcase)
    assert [r.channel_id for r in evaluation.rows] == list(CNY_CHANNELS)
    profiles = [p for p in load_profiles() if p.id in CNY_CHANNELS]
    expected = price_channels(service.product_plan(suitcase), profiles, None, TODAY)
    assert [r.outcome for r in evaluation.rows] == list(expected)
    tmall = evaluation.rows[0].outcome.result
    assert tmall is not None and tmall.price % 10 == 8, "Tmall's usual ending …8"
    assert evaluation.chain is not None and evaluation.chain.price == D("765.02")
    with pricing_context():
        assert evaluation.rows[0].reference_ratio == tmall.paid_price / D("2890.00")


def test_an_infeasible_channel_explains_itself_and_the_others_still_price(service: PricingService,
                                                                        suitcase: PlanData) -> None:
    evaluation = service.evaluate(replace(suitcase, target=Target(TargetKind.MARGIN, D("0.95"))))
    rows = {r.channel_id: r for r in evaluation.rows}
    error = rows["tmall"].outcome.error
    assert isinstance(error, InfeasibleTarget)
    assert "No price can reach this target" in error.text("en") and "margin 95%" in error.text("en")
    assert "无法定价" in error.text("zh")
    assert rows["1688"].outcome.result is not None, "no percentage fees on 1688: still priced"
    assert rows["odm"].outcome.result is not None
    assert "tmall" not in [b.key for b in evaluation.chart.channel_bars]


def test_a_price_override_is_evaluated_as_a_fixed_price(service: PricingService, suitcase: PlanData) -> None:
    evaluation = service.evaluate(suitcase.with_override("taobao", D("199")))
    row = next(r for r in evaluation.rows if r.channel_id == "taobao")
    assert row.override == D("199")
    result = row.outcome.result
    assert result is not None and result.price == result.paid_price == D("199.00")
    assert result.target == Target(TargetKind.PRICE, D("199"))
    assert any(w.code == "channel_conflict" for w in row.warnings), "199 undercuts the ODM supply price"


def test_foreign_currency_channels_need_a_rate(service: PricingService, suitcase: PlanData) -> None:
    plan = suitcase.with_channel("shopify", True)
    row = next(r for r in service.evaluate(plan).rows if r.channel_id == "shopify")
    assert row.outcome.error is not None and "USD" in row.outcome.error.text("en")
    service.set_rate(TODAY, "USD", "CNY", D("7.10"))
    row = next(r for r in service.evaluate(plan).rows if r.channel_id == "shopify")
    assert row.outcome.result is not None and row.outcome.result.currency == "USD"



def test_a_sku_prices_with_a_rate_entered_after_the_fee_profile_took_effect(workspace: Workspace) -> None:
    """Packs and pushes price a SKU as of today, as the page does: a rate dated today counts even though the
    channel's fee profile took effect earlier (packs once looked the rate up on the profile's date and left
    every USD price empty)."""
    shopify = {p.id: p for p in load_profiles()}["shopify"]
    later = date.fromordinal(shopify.effective_from.toordinal() + 8)
    service = PricingService(workspace, today=lambda: later)
    service.set_rate(later, "USD", "CNY", D("7.10"))
    plan = service.load_plan(product_id(service, "XZ-LG-PC01")).with_channel("shopify", True)
    page = next(r for r in service.evaluate(plan).rows if r.channel_id == "shopify").outcome.result
    assert page is not None and page.currency == "USD"
    assert service.price_sku(plan, shopify, plan.sku_id, None).price == page.price
    with pytest.raises(FxRateMissing):
        service.price_sku(plan, shopify, plan.sku_id, None, on=shopify.effective_from)   # no rate that day yet

def test_chart_bars_add_up_exactly_to_the_prices_shown(service: PricingService, suitcase: PlanData) -> None:
    for plan in (suitcase, replace(suitcase, discount=D("0.15")), suitcase.with_override("jd", D("150")),
                 replace(suitcase, target=Target(TargetKind.MARKUP, D("0.4")))):
        evaluation = service.evaluate(plan)
        chart = evaluation.chart
        priced = {r.channel_id: r.outcome.result for r in evaluation.rows if r.outcome.result is not None}
        assert [b.key for b in chart.channel_bars] == list(priced)
        for bar in chart.channel_bars:
            assert sum(s.amount for s in bar.segments) == bar.total == priced[bar.key].paid_price
            assert [s.kind for s in bar.segments] == [SegmentKind.EX_FACTORY, SegmentKind.COSTS, SegmentKind.FEES,
                                                      SegmentKind.VAT, SegmentKind.RETURNS, SegmentKind.MARGIN]
            with pricing_context():
                assert abs(sum(s.exact for s in bar.segments) - bar.total) < D("1e-40")
        chain = evaluation.chain
        assert chain is not None
        total = chart.chain_bars[-1]
        assert sum(s.amount for s in total.segments) == total.total == chain.price
        for step, bar in zip(chain.steps, chart.chain_bars[1:-1], strict=False):
            assert bar.start + bar.segments[0].amount == bar.total == step.price
        headline = chart.headline
        assert headline is not None and headline.channel_en == "Tmall"
        with pricing_context():
            assert headline.saving == chain.price - priced["tmall"].paid_price
            assert headline.saving_rate == headline.saving / chain.price


def test_ten_channels_price_in_milliseconds(service: PricingService, suitcase: PlanData) -> None:
    service.set_rate(TODAY, "USD", "CNY", D("7.10"))
    plan = suitcase
    for channel in ("amazon_us", "shopify", "woocommerce"):
        plan = plan.with_channel(channel, True)
    profiles = service.profiles()
    times = sorted(service.evaluate(plan, profiles).elapsed_ms for _ in range(20))
    evaluation = service.evaluate(plan, profiles)
    assert len(evaluation.rows) == 10 and all(r.outcome.result is not None for r in evaluation.rows)
    assert times[len(times) // 2] < 50, f"median {times[len(times) // 2]:.1f} ms for 10 channels"


# ---------------------------------------------------------------- scenario files


@pytest.mark.parametrize("channel", ["tmall", "jd", "odm", "1688", "shopify", "amazon_us"])
def test_a_saved_scenario_prices_like_the_page(service: PricingService, suitcase: PlanData, tmp_path: Path,
                                               channel: str) -> None:
    service.set_rate(TODAY, "USD", "CNY", D("7.10"))
    plan = suitcase.with_channel(channel, True)
    path = tmp_path / f"{channel}.json"
    export = service.save_scenario(plan, channel, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == scenario_to_dict(export.scenario)
    assert set(data) <= {"version", "currency", "costs", "fees_fixed", "fees_percent", "returns", "vat", "target",
                         "discount", "ending", "fixed_costs", "chain"}
    row = next(r for r in service.evaluate(plan).rows if r.channel_id == channel)
    assert row.outcome.result is not None
    page = result_to_dict(row.outcome.result)
    priced = price_scenario(data)
    assert {k: priced.get(k) for k in NUMERIC_KEYS} == {k: page.get(k) for k in NUMERIC_KEYS}
    assert "2890" not in path.read_text(encoding="utf-8"), "the private reference price never leaves the app"


def test_the_price_command_reads_the_saved_file(service: PricingService, suitcase: PlanData, tmp_path: Path) -> None:
    path = tmp_path / "tmall.json"
    service.save_scenario(suitcase.with_override("tmall", D("268")), "tmall", path)
    run = subprocess.run([sys.executable, str(ROOT / "main.py"), "--lang", "en", "price", str(path)],
                         capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    row = next(r for r in service.evaluate(suitcase.with_override("tmall", D("268"))).rows if r.channel_id == "tmall")
    assert row.outcome.result is not None
    assert json.loads(run.stdout) == result_to_dict(row.outcome.result)


def test_a_scenario_applies_to_a_plan(service: PricingService, suitcase: PlanData, tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(DOC_SCENARIO, ensure_ascii=False), encoding="utf-8")
    plan, notes = service.plan_from_scenario(suitcase.with_override("jd", D("300")), service.read_scenario(path))
    assert (plan.costs.materials, plan.costs.packaging, plan.costs.parcel) == (D("100"), D("5"), D("6"))
    assert plan.costs.fulfilment == 0 and plan.costs.labour == 0
    assert (plan.fixed.mould, plan.fixed.brand_setup, plan.fixed.deposits) == (D("60000"), D("40000"), 0)
    assert plan.target == Target(TargetKind.MARGIN, D("0.20"))
    assert plan.returns == Returns(D("0.08"), D("20"))
    assert plan.ending == Ending(EndingStyle.END_9, False)
    assert [layer.name_zh for layer in plan.chain_layers] == ["品牌方", "全国总代", "区域批发", "零售"]
    assert plan.price_overrides == ()
    assert plan.channel_ids == suitcase.channel_ids and plan.sku_id == suitcase.sku_id
    assert "fees_not_applied" in [n.code for n in notes]
    assert service.evaluate(plan).chain.price == D("503.30")  # type: ignore[union-attr]


def test_a_saved_scenario_loads_back_into_the_same_plan(service: PricingService, suitcase: PlanData,
                                                        tmp_path: Path) -> None:
    plan = replace(suitcase, ending=Ending(EndingStyle.END_8, True))
    path = tmp_path / "tmall.json"
    service.save_scenario(plan, "tmall", path)
    loaded, _notes = service.plan_from_scenario(plan, service.read_scenario(path))
    assert loaded.costs == plan.costs and loaded.fixed == plan.fixed
    assert (loaded.target, loaded.discount, loaded.returns, loaded.ending) == (
        plan.target, plan.discount, plan.returns, plan.ending)
    assert [(x.name_zh, x.margin) for x in loaded.chain_layers] == [(x.name_zh, x.margin) for x in plan.chain_layers]


def test_a_scenario_in_another_currency_is_refused(service: PricingService, suitcase: PlanData,
                                                   tmp_path: Path) -> None:
    path = tmp_path / "usd.json"
    path.write_text(json.dumps({**DOC_SCENARIO, "currency": "USD"}), encoding="utf-8")
    with pytest.raises(ScenarioError) as refused:
        service.plan_from_scenario(suitcase, service.read_scenario(path))
    assert "USD" in refused.value.text("en") and "USD" in refused.value.text("zh")
