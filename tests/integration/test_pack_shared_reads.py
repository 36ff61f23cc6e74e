"""One build for many platforms reads each product once (#17): the products' text and data lint
(`lint.ProductLint`) and their SKU costs and plans (`prices.ProductReads`) are made once and shared by every
platform. Sharing must change nothing: each platform's findings and prices are those of its own, unshared
check — including a platform priced in another currency and the ODM sheet's supply plan."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from sqlmodel import col, select

from app.models import PricingPlan
from app.services.catalogue.products import ProductService
from app.services.listing.packs.builder import build_profile, lint_for_pack
from app.services.listing.packs.images import PixelCache
from app.services.listing.packs.lint import LintInputs, ProductLint
from app.services.listing.packs.options import PackOptions
from app.services.listing.packs.prices import PackPricer, ProductReads
from app.services.listing.packs.profiles import PLATFORM_IDS, effective_profile
from app.services.listing.packs.source import load_blob, load_products
from app.services.pricing import CostBuildUp
from app.services.workspace.services import demo_services


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    services = demo_services(tmp_path_factory.mktemp("shared") / "demo.fdw")
    products = ProductService(services.workspace)
    bottle = products.load(products.product_id_for_code("XZ-CP-VT05"))
    # findings of every kind: a borrowed-brand phrase, an absolute term, a missing brand
    products.update_product_fields(bottle.id, bottle.version, {
        "brand": "", "description_zh": bottle.description_zh + " 全网最佳，大牌同款。"})
    yield services
    services.close()


def test_every_platform_sees_what_its_own_check_sees(demo) -> None:  # type: ignore[no-untyped-def]
    workspace = demo.workspace
    products = load_products(workspace, None)
    pixels = PixelCache(lambda blob_id: load_blob(workspace, blob_id))
    shared_lint = ProductLint(LintInputs.read(workspace))
    shared_reads = ProductReads(workspace)
    rules_seen = set()
    for platform in PLATFORM_IDS:
        profile = build_profile(effective_profile(workspace, platform), PackOptions())
        alone, alone_sheets = lint_for_pack(workspace, products, profile, pixels, PackPricer(workspace, profile))
        shared, shared_sheets = lint_for_pack(workspace, products, profile, pixels,
                                              PackPricer(workspace, profile, shared_reads), shared=shared_lint)
        assert shared.findings == alone.findings, platform
        assert shared.allowed == alone.allowed, platform
        assert shared_sheets == alone_sheets, platform
        assert any(sheet.by_sku for sheet in alone_sheets.values()), f"{platform}: the demo is priced"
        rules_seen |= {finding.rule for finding in alone.findings}
    assert {"absolute_term", "borrowed_brand"} <= rules_seen, rules_seen


def test_a_build_reads_the_pictures_shas_in_one_query(demo) -> None:  # type: ignore[no-untyped-def]
    """The cache key of every cut is the original's sha256: it was one query per picture per product (a third
    of a rebuild's database time); the build now reads them all at once and the pixel cache keeps them."""
    from app.services.listing.packs.source import blob_shas

    workspace = demo.workspace
    products = load_products(workspace, None)
    ids = {image.blob_id for product in products for image in product.images}
    shas = blob_shas(workspace, ids)
    assert set(shas) == ids and all(len(sha) == 64 for sha in shas.values())

    asked: list[int] = []
    pixels = PixelCache(lambda blob_id: load_blob(workspace, blob_id),
                        sha_of=lambda blob_id: asked.append(blob_id) or "")  # type: ignore[func-returns-value]
    pixels.know_shas(shas)
    first = min(ids)
    assert pixels.sha256(first) == shas[first]
    pixels.forget_pictures()   # between products: the known shas stay
    assert pixels.sha256(first) == shas[first] and asked == []


def test_reading_ahead_reads_what_each_product_reads_on_its_own_in_a_few_queries(demo) -> None:  # type: ignore[no-untyped-def]
    """A pack of 1,000 products asked 3,000 small queries for costs and plans; `read_ahead` asks a few per 500
    products, and gives each product the same costs and plan — a saved plan, a default one, a product without
    costs — as reading it alone."""
    import sqlalchemy as sa

    workspace = demo.workspace
    service = demo.pricing
    products = load_products(workspace, None)
    saved = service.load_plan(products[0].id)
    with workspace.session() as session:                              # the demo's plans are saved: two go
        for plan in session.exec(select(PricingPlan).where(col(PricingPlan.product_id).in_(
                [products[2].id, products[3].id]))):
            session.delete(plan)
        session.commit()
    costless = ProductService(workspace)
    sku = costless.load(products[1].id).skus[0]
    costless.update_sku_fields(sku.id, sku.version, {"cost": None})   # a SKU without a cost
    assert service.has_saved_plan(products[0].id) and not service.has_saved_plan(products[2].id)

    queries: list[str] = []
    sa.event.listen(workspace.engine, "before_cursor_execute", lambda *args: queries.append(args[2]))
    ahead = ProductReads(workspace)
    ahead.read_ahead(products)
    asked_ahead = len(queries)
    read_ahead = {p.code: (ahead.costs(p), ahead.plan(p)) for p in products}
    assert len(queries) == asked_ahead <= 8, queries                  # nothing more asked afterwards

    alone = ProductReads(workspace)
    assert read_ahead == {p.code: (alone.costs(p), alone.plan(p)) for p in products}
    assert read_ahead[products[0].code][1] == saved
    assert None in read_ahead[products[1].code][0].values()
    assert service.load_plans([p.id for p in products] + [10**9]) == {p.id: read_ahead[p.code][1] for p in products}


def test_a_skus_cost_record_is_made_once_per_plan_and_figures(demo) -> None:  # type: ignore[no-untyped-def]
    """The platforms pricing from one plan share each SKU's cost record; 1.0 and 1.00 are equal Decimals but
    not the same figures, so they get a record each (what one platform prices with is exactly its own)."""
    reads = ProductReads(demo.workspace)
    plan_costs = CostBuildUp("CNY", materials=Decimal("3"), labour=Decimal("1"), packaging=Decimal("0.80"))

    first = reads.with_ex_factory(plan_costs, Decimal("12.0"))
    assert first == plan_costs.with_ex_factory(Decimal("12.0")) == replace(
        plan_costs, materials=Decimal("12.0"), labour=Decimal(0), overhead=Decimal(0))
    assert reads.with_ex_factory(plan_costs, Decimal("12.0")) is first
    other_digits = reads.with_ex_factory(plan_costs, Decimal("12.00"))
    assert other_digits is not first and str(other_digits.materials) == "12.00"
    other_plan = CostBuildUp("CNY", materials=Decimal("3"), labour=Decimal("1"), packaging=Decimal("0.8"))
    assert str(reads.with_ex_factory(other_plan, Decimal("12.0")).packaging) == "0.8"
