"""Issue #12, point 12 — money, once per workspace: one dated exchange-rate table (app.services.pricing.exchange_rates)
that every pricing path converts with, so a catalogue imported from the app's own CSV (products without a
pricing plan) prices and pushes once the workspace has a rate."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from sqlmodel import select

from app.db import Workspace, create_workspace, open_workspace
from app.models import AuditEntry, ExchangeRate, PricingPlan, Product, Sku
from app.services.catalogue.categories import install_default_categories
from app.services.catalogue.io.export import export_catalogue
from app.services.documents.price_list import default_tiers, price_table
from app.services.documents.public_data import load_products
from app.services.listing.packs.builder import build_pack
from app.services.listing.packs.prices import PackPricer
from app.services.listing.packs.profiles import effective_profile
from app.services.listing.packs.source import load_products as load_listing
from app.services.pricing import (
    CostBuildUp,
    FxRate,
    FxRateMissing,
    FxTable,
    ProductPlan,
    Target,
    TargetKind,
    exchange_rates,
    price_channel,
    pricing_context,
    quantize_money,
)
from app.services.pricing.exchange_rates import ExchangeRateError
from app.services.pricing.plans import PricingEvent, PricingService
from app.services.shops.payloads import DEFAULT_MARGIN, PayloadBuilder, PriceUnavailable
from app.services.workspace.demo import create_demo_workspace

ROOT = Path(__file__).resolve().parents[2]
DAY = date(2026, 11, 25)
LATER = date(2026, 12, 1)


# ---------------------------------------------------------------- the table and its service


@pytest.mark.sqlite_only  # reads SQLite's typeof()
def test_set_list_replace_and_delete_rates_exactly_with_an_audit_trail(workspace: Workspace) -> None:
    previous = exchange_rates.set_rate(workspace, DAY, "USD", "CNY", D("7.1234567891234567"))
    assert previous is None
    exchange_rates.set_rate(workspace, LATER, "EUR", "CNY", D("7.80"))
    replaced = exchange_rates.set_rate(workspace, DAY, "USD", "CNY", D("7.10"))   # same day and pair: replaced
    assert replaced == FxRate(DAY, "USD", "CNY", D("7.1234567891234567"))
    assert exchange_rates.list_rates(workspace) == [FxRate(LATER, "EUR", "CNY", D("7.80")),
                                                    FxRate(DAY, "USD", "CNY", D("7.10"))]
    with workspace.engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT day, source, target, rate, typeof(rate) FROM exchange_rate "
                                            "ORDER BY day").fetchall()
    assert stored == [("2026-11-25", "USD", "CNY", "7.10", "text"), ("2026-12-01", "EUR", "CNY", "7.80", "text")]
    assert exchange_rates.delete_rate(workspace, LATER, "EUR", "CNY") == FxRate(LATER, "EUR", "CNY", D("7.80"))
    assert exchange_rates.delete_rate(workspace, LATER, "EUR", "CNY") is None
    assert exchange_rates.list_rates(workspace) == [FxRate(DAY, "USD", "CNY", D("7.10"))]
    with workspace.session() as session:
        trail = [(e.entity_id, e.action, e.details) for e in
                 session.exec(select(AuditEntry).where(AuditEntry.entity == "exchange_rate").order_by(AuditEntry.id))]
    assert trail == [
        ("2026-11-25 USD/CNY", "create", {"rate": "7.1234567891234567", "before": None}),
        ("2026-12-01 EUR/CNY", "create", {"rate": "7.80", "before": None}),
        ("2026-11-25 USD/CNY", "update", {"rate": "7.10", "before": "7.1234567891234567"}),
        ("2026-12-01 EUR/CNY", "delete", {"rate": "7.80"}),
    ]


def test_one_rate_per_day_and_pair_in_the_database_itself(workspace: Workspace) -> None:
    import sqlalchemy as sa

    exchange_rates.set_rate(workspace, DAY, "USD", "CNY", D("7.10"))
    with pytest.raises(sa.exc.IntegrityError), workspace.session() as session:
        session.add(ExchangeRate(day=DAY, source="USD", target="CNY", rate=D("7.20")))


def test_typed_rates_and_currencies_are_parsed_like_money() -> None:
    assert exchange_rates.new_rate(DAY, "usd", "ＣＮＹ", " ７．１０ ") == FxRate(DAY, "USD", "CNY", D("7.10"))
    assert exchange_rates.parse_rate("1,234.5") == D("1234.5")
    assert exchange_rates.parse_rate("7.1234567891234567890123") == D("7.1234567891234567890123")


@pytest.mark.parametrize("source, target, text, en, zh", [
    ("USD", "CNY", "0", "must be above 0", "必须大于 0"),
    ("USD", "CNY", "-7.1", "must not be negative", "不能为负数"),
    ("USD", "CNY", "NaN", "Not a number", "不是有效数字"),
    ("USD", "CNY", "Infinity", "Not a number", "不是有效数字"),
    ("USD", "CNY", "1e400", "too large", "过大"),
    ("USD", "CNY", "", "empty", "为空"),
    ("USD", "CNY", "seven", "Not a number", "不是有效数字"),
    ("US", "CNY", "7.1", "three-letter ISO 4217", "三个字母"),
    ("US1", "CNY", "7.1", "three-letter ISO 4217", "三个字母"),
    ("AUD", "CNY", "7.1", "AUD is not supported", "不支持币种 AUD"),
    ("USD", "usd", "7.1", "two different currencies", "必须不同"),
])
def test_unusable_input_is_a_bilingual_error(source: str, target: str, text: str, en: str, zh: str) -> None:
    with pytest.raises(ExchangeRateError) as refused:
        exchange_rates.new_rate(DAY, source, target, text)
    assert en in refused.value.text("en") and zh in refused.value.text("zh")


def test_the_service_refuses_bad_rates_even_without_the_parser(workspace: Workspace) -> None:
    for rate in (D("0"), D("-1"), D("NaN"), D("Infinity")):
        with pytest.raises(ExchangeRateError):
            exchange_rates.set_rate(workspace, DAY, "USD", "CNY", rate)
    assert exchange_rates.list_rates(workspace) == []


def test_the_rate_in_force_and_what_a_field_shows() -> None:
    rates = [FxRate(DAY, "USD", "CNY", D("7.10")), FxRate(LATER, "CNY", "USD", D("0.14"))]
    assert exchange_rates.rate_in_force(rates, "USD", "CNY", DAY) == rates[0]
    assert exchange_rates.rate_in_force(rates, "USD", "CNY", LATER) == rates[1]   # the newer inverse wins
    assert exchange_rates.rate_in_force(rates, "USD", "CNY", date(2026, 1, 1)) is None
    assert exchange_rates.shown_rate(rates[0], "USD") == D("7.10")
    assert exchange_rates.shown_rate(rates[1], "USD") == D("7.142857143")
    table = FxTable(tuple(rates))
    with pricing_context():
        assert table.rate_on("USD", "CNY", LATER) == D(1) / D("0.14")


def test_the_pricing_service_tells_its_listeners_and_every_plan_prices_at_the_same_rate(workspace: Workspace) -> None:
    """Two products, no saved plans: one rate in the table prices both on a USD channel (plans carry none)."""
    ids = _products(workspace, ("P1", "10.00"), ("P2", "20.00"))
    service = PricingService(workspace, today=lambda: LATER)
    events: list[PricingEvent] = []
    service.subscribe(events.append)
    shopify = service.profile("shopify")
    with pytest.raises(FxRateMissing):
        service.price_sku(service.load_plan(ids[0]), shopify, None, None)
    assert service.set_rate(DAY, "USD", "CNY", D("7.10")) is None
    assert events == [PricingEvent("rates")]
    for product_id, cost in zip(ids, (D("10.00"), D("20.00")), strict=True):
        plan = service.load_plan(product_id)
        expected = price_channel(ProductPlan(CostBuildUp("CNY", materials=cost), plan.target), shopify,
                                 FxTable((FxRate(DAY, "USD", "CNY", D("7.10")),)), LATER)
        assert service.price_sku(plan, shopify, None, None).price == expected.price
        row = next(r for r in service.evaluate(plan.with_channel("shopify", True)).rows if r.channel_id == "shopify")
        assert row.outcome.result is not None and row.outcome.result.price == expected.price
    service.delete_rate(DAY, "USD", "CNY")
    assert events == [PricingEvent("rates"), PricingEvent("rates")]


# ---------------------------------------------------------------- the reported bug: an imported catalogue


@pytest.fixture(scope="module")
def exported_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo catalogue exported with the app's own CSV export."""
    folder = tmp_path_factory.mktemp("exported")
    workspace = create_demo_workspace(folder / "demo.fdw")
    try:
        export_catalogue(workspace, folder / "catalogue.csv")
    finally:
        workspace.close()
    return folder / "catalogue.csv"


@pytest.fixture
def imported(exported_demo: Path, tmp_path: Path) -> Iterator[Workspace]:
    """A fresh workspace (default categories, no plans, no rates) with the demo catalogue imported by the
    `import` command, as the user who reported the bug did."""
    path = tmp_path / "imported.fdw"
    workspace = create_workspace(path)
    with workspace.session() as session:
        install_default_categories(session)
    workspace.close()
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "import", str(path), str(exported_demo)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    workspace = open_workspace(path)
    with workspace.session() as session:
        assert session.exec(select(PricingPlan)).all() == [] and len(session.exec(select(Product)).all()) == 4
    yield workspace
    workspace.close()


def test_an_imported_catalogue_pushes_to_shopify_once_the_workspace_has_a_rate(imported: Workspace) -> None:
    today = date.today()
    service = PricingService(imported)
    without = PayloadBuilder(imported, "shopify", today=today, pictures=False)
    codes = [p.code for p in service.products()]
    refused = without.build(codes)
    assert set(refused) == set(codes) and all(isinstance(r, PriceUnavailable) for r in refused.values())
    for reason in refused.values():
        assert isinstance(reason, PriceUnavailable) and reason.code == "fx_rate_missing"
        assert "Settings → Exchange rates" in reason.message.en and "each product" not in reason.message.en
        assert "设置 → 汇率" in reason.message.zh

    service.set_rate(today, "USD", "CNY", D("7.10"))
    payloads = PayloadBuilder(imported, "shopify", today=today, pictures=False).build(codes)
    fx = service.fx_table()
    shopify = service.profile("shopify")
    with imported.session() as session:
        costs = {s.code: s.cost for s in session.exec(select(Sku))}
    assert set(payloads) == set(codes)
    for code, payload in payloads.items():
        assert not isinstance(payload, PriceUnavailable), f"{code}: {payload}"
        assert payload.variants
        for variant in payload.variants:
            plan = ProductPlan(CostBuildUp("CNY", materials=costs[variant.sku]),
                               Target(TargetKind.MARGIN, DEFAULT_MARGIN))
            expected = price_channel(plan, shopify, fx, today)
            assert variant.price == quantize_money(expected.paid_price, "USD") and variant.price > 0
            assert variant.cost == fx.convert(costs[variant.sku], "CNY", "USD", today)


def test_an_imported_catalogue_gets_usd_prices_in_packs_and_price_lists(imported: Workspace, tmp_path: Path) -> None:
    service = PricingService(imported)
    service.set_rate(date.today(), "USD", "CNY", D("7.10"))
    # The CSV carries no pictures, which Shopify requires: overridden here, the prices are what is tested.
    report = build_pack(imported, None, "shopify", tmp_path, override_reason="pictures come later")
    assert not [f for f in report.findings if f.rule == "price.missing"], report.findings
    fx = service.fx_table()
    for platform, channel in (("shopify", "shopify"), ("amazon", "amazon_us"), ("woocommerce", "woocommerce")):
        pricer = PackPricer(imported, effective_profile(imported, platform))
        profile = service.profile(channel)
        for product in load_listing(imported):
            sheet = pricer.price(product)
            for sku in product.skus:
                cost = _cost(imported, sku.code)
                plan = ProductPlan(CostBuildUp("CNY", materials=cost), Target(TargetKind.MARGIN, D("0.30")))
                expected = price_channel(plan, profile, fx, date.today()).price
                assert sheet.get(sku.code).price == quantize_money(expected, "USD") > 0, (platform, sku.code)
    shopify = service.profile("shopify")
    table = price_table(imported, load_products(imported), shopify, default_tiers(None))
    assert all(row.prices is not None for rows in table.rows.values() for row in rows)
    assert not [w for w in table.warnings if "exchange rate" in w.en]


def _cost(workspace: Workspace, sku_code: str) -> D:
    with workspace.session() as session:
        cost = session.exec(select(Sku.cost).where(Sku.code == sku_code)).one()
    assert cost is not None
    return cost


def _products(workspace: Workspace, *specs: tuple[str, str]) -> list[int]:
    """Products in CNY, one SKU each with the cost given; no plans."""
    ids = []
    with workspace.session() as session:
        for code, cost in specs:
            product = Product(code=code, name_en=code)
            session.add(product)
            session.flush()
            assert product.id is not None
            session.add(Sku(product_id=product.id, code=f"{code}-A", cost=D(cost)))
            ids.append(product.id)
    return ids


@pytest.mark.sqlite_only  # reads PRAGMA table_info
def test_a_plan_no_longer_keeps_rates(workspace: Workspace) -> None:
    """Saving a plan writes no rate anywhere but the workspace's table (the column is gone since 0005)."""
    (product_id,) = _products(workspace, ("P1", "10.00"))
    service = PricingService(workspace, today=lambda: DAY)
    service.save_plan(replace(service.default_plan(product_id), discount=D("0.1")))
    with workspace.engine.connect() as connection:
        columns = [row[1] for row in connection.exec_driver_sql("PRAGMA table_info(pricing_plan)")]
    assert "fx_rates" not in columns and not hasattr(service.load_plan(product_id), "fx_rates")
    assert exchange_rates.list_rates(workspace) == []
