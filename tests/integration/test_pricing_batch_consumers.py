"""The price list and the listing packs price through the batch path and show the per-SKU path's prices.

The demo workspace (a plan per product, a USD rate) is varied so the plans meet what the batch path must get
right: a discount with a Chinese ending avoiding 4, a markup target, a price the user set for one channel, a
product without a plan, and a SKU cost that differs from the plan SKU's. Every SKU of every product is then
priced on every platform by `PackPricer` and compared with `PricingService.price_sku` (the Pricing page's own
path), and the price list's three tiers on every channel with `price_channel`, one tier at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from sqlmodel import select

from app.db import Workspace
from app.models import PricingPlan, Product, Sku
from app.services.documents.price_list import default_tiers, price_table
from app.services.documents.public_data import load_products
from app.services.listing.packs.prices import DEFAULT_MARGIN, PackPricer, _odm_supply_plan
from app.services.listing.packs.profiles import PLATFORM_IDS, effective_profile
from app.services.listing.packs.source import load_products as load_listing
from app.services.pricing import (
    CostBuildUp,
    Ending,
    EndingStyle,
    PricingError,
    ProductPlan,
    Target,
    TargetKind,
    price_channel,
    quantize_money,
)
from app.services.pricing.plans import PricingService
from app.services.workspace.demo import create_demo_workspace


@pytest.fixture(scope="module")
def varied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    workspace = create_demo_workspace(tmp_path_factory.mktemp("batch") / "demo.fdw")
    service = PricingService(workspace)
    with workspace.session() as session:
        products = session.exec(select(Product).order_by(Product.id)).all()
        ids = [p.id for p in products if p.id is not None]
        # a SKU whose cost differs from its siblings': it must replace the plan SKU's cost, not be ignored
        sku = session.exec(select(Sku).where(Sku.product_id == ids[0]).order_by(Sku.id)).all()[-1]
        sku.cost = D("123.45")
        for row in session.exec(select(PricingPlan).where(PricingPlan.product_id == ids[-1])):
            session.delete(row)  # a product without a plan: the 30% default
    first, second, third = (service.load_plan(i) for i in ids[:3])
    service.save_plan(replace(first, discount=D("0.15"), ending=Ending(EndingStyle.END_8, avoid_digit_4=True)))
    service.save_plan(replace(second, target=Target(TargetKind.MARKUP, D("0.6")), ending=Ending(EndingStyle.X9_9)))
    service.save_plan(third.with_override("tmall", D("444.44")).with_override("amazon_us", D("39.99")))
    yield workspace
    workspace.close()


def _cost(workspace: Workspace, sku_id: int | None) -> D | None:
    with workspace.session() as session:
        sku = session.get(Sku, sku_id)
        return None if sku is None else sku.cost


@pytest.mark.parametrize("platform", PLATFORM_IDS)
def test_pack_prices_equal_the_pricing_pages_per_sku_prices(varied: Workspace, platform: str) -> None:
    service = PricingService(varied)
    pricer = PackPricer(varied, effective_profile(varied, platform))
    channel = pricer.channel
    assert channel is not None
    compared = 0
    for product in load_listing(varied):
        sheet = pricer.price(product)
        with varied.session() as session:
            has_plan = session.exec(select(PricingPlan.id).where(PricingPlan.product_id == product.id)).first()
        for sku in product.skus:
            cost = _cost(varied, sku.id)
            try:
                if has_plan is not None:
                    plan = _odm_supply_plan(service.load_plan(product.id), channel)
                    result = service.price_sku(plan, channel, sku.id, cost, fx=service.fx_table())
                else:
                    assert cost is not None
                    plan_ = ProductPlan(CostBuildUp(product.currency, materials=cost),
                                        Target(TargetKind.MARGIN, DEFAULT_MARGIN))
                    result = price_channel(plan_, channel, service.fx_table(), service.today())
            except PricingError:
                assert sheet.get(sku.code).price is None
                continue
            got = sheet.get(sku.code)
            price, paid = quantize_money(result.price, result.currency), quantize_money(result.paid_price,
                                                                                      result.currency)
            assert (got.price, got.sale_price) == (price, paid if paid < price else None), (platform, sku.code)
            compared += 1
    assert compared >= 10


def test_price_list_tiers_equal_price_channel_on_every_channel(varied: Workspace, tmp_path: Path) -> None:
    service = PricingService(varied)
    fx, today = service.fx_table(), date.today()
    products = load_products(varied)
    tiers = default_tiers(None)
    compared = 0
    for profile in service.profiles():
        table = price_table(varied, products, profile, tiers, fx=fx, on=today)
        for product in products:
            for row in table.rows[product.code]:
                with varied.session() as session:
                    cost = session.exec(select(Sku.cost).where(Sku.code == row.sku)).one()
                if row.prices is None or cost is None:
                    continue
                expected = []
                for tier in tiers:
                    plan = ProductPlan(CostBuildUp(product.currency, materials=cost),
                                       Target(TargetKind.MARGIN, tier.margin))
                    price = price_channel(plan, profile, fx, today).price
                    expected.append(min([price, *expected]))  # a bigger order never pays more per unit
                assert list(row.prices) == expected, (profile.id, row.sku)
                compared += 1
    assert compared >= 20
