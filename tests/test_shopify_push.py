"""Check 10 (reliability.md) against a Shopify Admin GraphQL server on 127.0.0.1: THROTTLED waits by
`throttleStatus` (on an injected clock, so the computed wait is asserted exactly), `userErrors` fail the item and
are not retried, and pushing an unchanged product again sends nothing.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from sqlmodel import select

from app.db import Workspace
from app.models import Sku
from app.services.shops.jobs import connector_for, push_products
from app.services.shops.shopify import API_VERSION, THROTTLE_JITTER, ShopifyConnector, handle_for
from fakeshops import FakeClock, FakeShopify, make_catalogue, shopify_credentials


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def shop(clock: FakeClock) -> Iterator[FakeShopify]:
    with FakeShopify(clock=clock) as fake:
        yield fake


def shopify(shop: FakeShopify, clock: FakeClock, **options: Any) -> ShopifyConnector:
    connector = connector_for("shopify", shop.url, shopify_credentials(), sleep=clock.sleep, clock=clock,
                              rng=random.Random(3), **options)
    assert isinstance(connector, ShopifyConnector)
    return connector


def test_product_set_upserts_by_handle_with_variants(workspace: Workspace, shop: FakeShopify, clock: FakeClock) -> None:
    make_catalogue(workspace, simple=2, variable=1)
    report = push_products(workspace, shopify(shop, clock), None)
    assert report.ok and report.count(state="confirmed") == 3
    assert shop.versions == {API_VERSION}
    mutation = shop.mutations()[-1].body
    assert "synchronous: true" in mutation["query"]
    assert mutation["variables"]["identifier"] == {"handle": "p0002"}
    product_input = mutation["variables"]["input"]
    assert product_input["handle"] == "p0002" and product_input["status"] == "DRAFT"
    assert [o["name"] for o in product_input["productOptions"]] == ["Colour", "Size"]
    variant = product_input["variants"][0]
    assert variant["sku"] == "P0002-BLK-S" and isinstance(variant["price"], str) and Decimal(variant["price"]) > 20
    assert variant["optionValues"] == [{"optionName": "Colour", "name": "黑 Black"}, {"optionName": "Size", "name": "S"}]
    assert variant["inventoryItem"] == {"cost": "20.00", "measurement": {"weight": {"value": 800, "unit": "GRAMS"}}}
    simple = shop.products["p0000"]["input"]
    assert simple["productOptions"] == [{"name": "Title", "position": 1, "values": [{"name": "Default Title"}]}]
    assert report.items[2].remote_id == shop.products["p0002"]["id"]
    assert handle_for("XZ-LG/PC 01") == "xz-lg-pc-01"


@pytest.mark.parametrize("status", [200, 429])
def test_throttled_waits_by_throttle_status(workspace: Workspace, shop: FakeShopify, clock: FakeClock,
                                           status: int) -> None:
    make_catalogue(workspace, simple=1)
    shop.restore_rate = 2
    shop.force_throttle, shop.force_available, shop.throttle_status_code = 1, 4, status
    connector = shopify(shop, clock)
    report = push_products(workspace, connector, None)
    assert report.ok
    # productSet costs 10, the bucket held 4 and refills 2 per second: (10 − 4) / 2 = 3 s, plus jitter.
    assert connector.throttle_wait(10, 4, 2) == 3.0
    assert len(connector.throttle_waits) == 1
    assert 3.0 <= connector.throttle_waits[0] <= 3.0 + THROTTLE_JITTER
    assert clock.sleeps == connector.throttle_waits
    assert len(shop.mutations()) == 2  # the throttled one, then the one that ran


def test_requests_are_paced_by_the_bucket(workspace: Workspace, clock: FakeClock) -> None:
    make_catalogue(workspace, simple=6)
    with FakeShopify(clock=clock, maximum=25, restore_rate=5, product_set_cost=10) as shop:
        connector = shopify(shop, clock)
        report = push_products(workspace, connector, None)
        throttled = [r for r in shop.requests if r.body and "THROTTLED" in str(r)]
    assert report.ok and throttled == []
    assert len(shop.mutations()) == 6  # never throttled: the connector waited for the bucket itself
    assert connector.throttle_waits and all(w <= 2 + THROTTLE_JITTER for w in connector.throttle_waits)


def test_user_errors_fail_the_item_and_are_not_retried(workspace: Workspace, shop: FakeShopify, clock: FakeClock) -> None:
    make_catalogue(workspace, simple=3)
    shop.reject_handles["p0001"] = ("INVALID_VARIANT", "Price must be greater than or equal to 0")
    report = push_products(workspace, shopify(shop, clock), None)
    items = {i.product_code: i for i in report.items}
    assert items["P0001"].state == "failed" and items["P0001"].error_code == "INVALID_VARIANT"
    assert "greater than" in items["P0001"].message.en  # type: ignore[union-attr]
    assert items["P0000"].state == items["P0002"].state == "confirmed"
    handles = [m.body["variables"]["identifier"]["handle"] for m in shop.mutations()]
    assert handles.count("p0001") == 1
    assert not report.ok


def test_pushing_an_unchanged_product_again_sends_nothing(workspace: Workspace, shop: FakeShopify,
                                                          clock: FakeClock) -> None:
    make_catalogue(workspace, simple=2, variable=1)
    connector = shopify(shop, clock)
    assert push_products(workspace, connector, None).ok
    requests_before = len(shop.requests)
    again = push_products(workspace, connector, None)
    assert again.ok and {i.state for i in again.items} == {"skipped"}
    assert len(shop.requests) == requests_before  # not a single request
    with workspace.session() as session:
        sku = session.exec(select(Sku).where(Sku.code == "P0002-WHT-M")).one()
        sku.gtin = "6901234567892"
        session.add(sku)
    third = push_products(workspace, connector, None)
    assert [i.state for i in third.items] == ["skipped", "skipped", "confirmed"]
    last = shop.mutations()[-1].body["variables"]
    assert last["identifier"] == {"handle": "p0002"} and "status" not in last["input"]  # an update keeps the status
    assert len(shop.mutations()) == 4


def test_access_denied_stops_the_push(workspace: Workspace, shop: FakeShopify, clock: FakeClock) -> None:
    make_catalogue(workspace, simple=4)
    shop.mutation_error = "ACCESS_DENIED"
    report = push_products(workspace, shopify(shop, clock, chunk_size=2), None)
    assert report.fatal is not None and report.fatal.code == "ACCESS_DENIED"
    assert [i.error_code for i in report.items] == ["ACCESS_DENIED", "not_sent", "not_sent", "not_sent"]
    assert len(shop.mutations()) == 1


def test_a_wrong_token_sends_no_product(workspace: Workspace, shop: FakeShopify, clock: FakeClock) -> None:
    make_catalogue(workspace, simple=2)
    shop.token = "shpat_other"
    report = push_products(workspace, shopify(shop, clock), None)
    assert report.fatal is not None and report.fatal.fatal
    assert {i.error_code for i in report.items} == {"not_sent"}
    assert shop.mutations() == []


def test_too_many_options_fails_before_sending(workspace: Workspace, shop: FakeShopify, clock: FakeClock) -> None:
    from app.services.shops.jobs import ProductPayload, VariantPayload

    payload = ProductPayload("X", "X", "", "", "", "", "USD", tuple((f"o{i}", ("a",)) for i in range(4)),
                             (VariantPayload("X-1", tuple((f"o{i}", "a") for i in range(4)), Decimal("1")),))
    problem = shopify(shop, clock).check(payload)
    assert problem is not None and problem.code == "too_many_options"
