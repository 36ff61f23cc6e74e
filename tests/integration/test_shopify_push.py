"""Pushing to Shopify against a stand-in that runs every request on Shopify's published Admin schema (2026-10).

Check 10 (reliability.md): THROTTLED waits by `throttleStatus` (on an injected clock, so the computed wait is
asserted exactly), `userErrors` fail the item and are not retried, and pushing an unchanged product again writes
nothing. Issue #12: the client-credentials token and its renewal on 401, never unpublishing a live product,
stable variant ids and all of a product's variants read back, pictures by staged upload, drift repaired, every
query within Shopify's 1,000-point and 250-per-page limits, a dry run that says what the push will do.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from fakeshopify import admin_schema
from fakeshops import (
    FakeClock,
    FakeShopify,
    add_pictures,
    check_valid,
    make_catalogue,
    shopify_app_credentials,
    shopify_credentials,
)
from graphql import parse, validate
from sqlmodel import select

from app.db import Workspace
from app.models import Product, PushItem, Sku
from app.services.shops.connections import connector_for
from app.services.shops.contract import ProductPayload, VariantPayload
from app.services.shops.jobs import push_products
from app.services.shops.reports import PushHooks
from app.services.shops.shopify import (
    API_VERSION,
    DOCUMENTS,
    MAX_QUERY_COST,
    THROTTLE_JITTER,
    ShopifyConnector,
    handle_for,
    lookup_query,
)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def shop(clock: FakeClock) -> Iterator[FakeShopify]:
    with FakeShopify(clock=clock) as fake:
        yield fake
        check_valid(fake)


def shopify(shop: FakeShopify, clock: FakeClock, credentials: Any = None, **options: Any) -> ShopifyConnector:
    pictures = options.pop("send_pictures", True)
    connector = connector_for("shopify", shop.url, credentials or shopify_app_credentials(),
                              options={"send_pictures": pictures}, sleep=clock.sleep, clock=clock,
                              rng=random.Random(3), **options)
    assert isinstance(connector, ShopifyConnector)
    return connector


def variant_ids(shop: FakeShopify, handle: str) -> dict[str, str]:
    product = shop.by_handle(handle)
    assert product is not None
    return {v["sku"]: v["id"] for v in product["variants"]}


def set_cost(workspace: Workspace, sku_code: str, cost: str) -> None:
    with workspace.session() as session:
        sku = session.exec(select(Sku).where(Sku.code == sku_code)).one()
        sku.cost = Decimal(cost)
        session.add(sku)


def test_every_document_the_connector_sends_is_valid_against_shopifys_schema() -> None:
    schema = admin_schema()
    for document in (*DOCUMENTS, lookup_query(1), lookup_query(300)):
        assert validate(schema, parse(document)) == [], document[:60]


def test_new_products_are_created_as_drafts_by_the_pack_handle(workspace: Workspace, shop: FakeShopify,
                                                               clock: FakeClock) -> None:
    make_catalogue(workspace, simple=2, variable=1)
    report = push_products(workspace, shopify(shop, clock), None)
    assert report.ok and report.count(state="confirmed") == 3
    assert shop.versions == {API_VERSION}
    mutation = next(m.body for m in shop.mutations() if m.body["variables"]["identifier"] == {"handle": "p0002"})
    assert "synchronous: true" in mutation["query"]
    product_input = mutation["variables"]["input"]
    assert product_input["handle"] == "p0002" == handle_for("P0002") and product_input["status"] == "DRAFT"
    assert [o["name"] for o in product_input["productOptions"]] == ["Colour", "Size"]
    variant = product_input["variants"][0]
    assert "id" not in variant
    assert variant["sku"] == "P0002-BLK-S" and isinstance(variant["price"], str) and Decimal(variant["price"]) > 20
    assert variant["optionValues"] == [{"optionName": "Colour", "name": "黑 Black"},
                                       {"optionName": "Size", "name": "S"}]
    assert variant["inventoryItem"] == {"cost": "20.00", "measurement": {"weight": {"value": 800, "unit": "GRAMS"}}}
    simple = shop.by_handle("p0000")
    assert simple is not None and simple["status"] == "DRAFT"
    assert simple["options"] == [{"name": "Title", "values": ["Default Title"]}]
    assert report.items[2].remote_id == shop.by_handle("p0002")["id"]  # type: ignore[index]
    assert handle_for("XZ-LG/PC 01") == "xz-lg-pc-01"


def test_a_dev_dashboard_app_token_is_fetched_per_push_and_renewed_when_it_dies(
        workspace: Workspace, shop: FakeShopify, clock: FakeClock) -> None:
    make_catalogue(workspace, simple=4)
    connector = shopify(shop, clock, chunk_size=1)
    assert connector.auth is not None
    hooks = PushHooks(after_mark_sent=lambda ids: shop.expire_tokens() if ids == [2] else None)
    report = push_products(workspace, connector, None, hooks=hooks)
    assert report.ok and report.count(state="confirmed") == 4
    assert connector.auth.fetched == 2           # one at the start, one after the 401 in the middle
    token_requests = [r for r in shop.requests if r.path == "/admin/oauth/access_token"]
    assert len(token_requests) == 2
    assert [r.headers["Content-Type"] for r in token_requests] == ["application/x-www-form-urlencoded"] * 2
    assert shop.refused_tokens == 1              # exactly one request met the dead token, then it was retried


def test_a_token_close_to_its_expiry_is_renewed_before_use(workspace: Workspace, shop: FakeShopify,
                                                           clock: FakeClock) -> None:
    make_catalogue(workspace, simple=2)
    connector = shopify(shop, clock, chunk_size=1)
    assert push_products(workspace, connector, ["P0000"]).ok
    clock.sleep(shop.token_ttl - 100)            # five minutes or less left: renewed, no 401 needed
    set_cost(workspace, "P0000-S", "11.00")
    assert push_products(workspace, connector, ["P0000"]).ok
    assert connector.auth is not None and connector.auth.fetched == 2
    assert shop.refused_tokens == 0


def test_a_wrong_client_secret_stops_before_anything_is_sent(workspace: Workspace, shop: FakeShopify,
                                                             clock: FakeClock) -> None:
    make_catalogue(workspace, simple=2)
    report = push_products(workspace, shopify(shop, clock, shopify_app_credentials(client_secret="shpss_wrong")), None)
    assert report.fatal is not None and report.fatal.code == "app_credentials_refused"
    assert "Dev Dashboard" in report.fatal.message.en and "shpss_wrong" not in report.fatal.message.en
    assert shop.mutations() == [] and {i.error_code for i in report.items} == {"not_sent"}


def test_a_legacy_admin_token_still_works_and_a_refused_one_says_so(workspace: Workspace, shop: FakeShopify,
                                                                    clock: FakeClock) -> None:
    make_catalogue(workspace, simple=2)
    assert push_products(workspace, shopify(shop, clock, shopify_credentials()), ["P0000"]).ok
    shop.legacy_token = "shpat_revoked"
    report = push_products(workspace, shopify(shop, clock, shopify_credentials()), ["P0001"])
    assert report.fatal is not None and report.fatal.code == "token_refused"
    assert [i.error_code for i in report.items] == ["not_sent"]


@pytest.mark.parametrize("status", [200, 429])
def test_throttled_waits_by_throttle_status(workspace: Workspace, clock: FakeClock, status: int) -> None:
    make_catalogue(workspace, simple=1)
    with FakeShopify(clock=clock, product_set_cost=10, restore_rate=2) as shop:
        shop.force_throttle, shop.force_available, shop.throttle_status_code = 1, 4, status
        connector = shopify(shop, clock)
        report = push_products(workspace, connector, None)
        check_valid(shop)
    assert report.ok
    # productSet costs 10, the bucket held 4 and refills 2 per second: (10 − 4) / 2 = 3 s, plus jitter.
    assert connector.throttle_wait(10, 4, 2) == 3.0
    throttled = [w for w in connector.throttle_waits if w >= 3.0]
    assert len(throttled) == 1 and throttled[0] <= 3.0 + THROTTLE_JITTER
    assert len(shop.mutations()) == 2  # the throttled one, then the one that ran


def test_a_throttle_wait_is_capped(shop: FakeShopify, clock: FakeClock) -> None:
    connector = shopify(shop, clock)
    assert connector.throttle_wait(1000, 0, 0.01) == connector.http.policy.retry_after_cap


def test_requests_are_paced_by_the_bucket(workspace: Workspace, clock: FakeClock) -> None:
    make_catalogue(workspace, simple=6)
    with FakeShopify(clock=clock, maximum=40, restore_rate=10, product_set_cost=10) as shop:
        report = push_products(workspace, shopify(shop, clock, chunk_size=2), None)
        check_valid(shop)
    assert report.ok and report.count(state="confirmed") == 6
    assert clock.sleeps, "a 40-point bucket can't take every request without waiting"
    assert not any(r.body and "THROTTLED" in str(r.body) for r in shop.requests)


def test_user_errors_fail_the_item_and_are_not_retried(workspace: Workspace, shop: FakeShopify,
                                                       clock: FakeClock) -> None:
    make_catalogue(workspace, simple=3)
    shop.reject_handles["p0001"] = ("INVALID_VARIANT", "Price must be greater than 0")
    report = push_products(workspace, shopify(shop, clock), None)
    failed = [i for i in report.items if i.state == "failed"]
    assert [i.product_code for i in failed] == ["P0001"] and failed[0].error_code == "INVALID_VARIANT"
    assert "Price must be greater than 0" in failed[0].message.en  # type: ignore[union-attr]
    assert sum(1 for m in shop.mutations() if m.body["variables"]["identifier"] == {"handle": "p0001"}) == 1


def test_pushing_an_unchanged_product_again_writes_nothing(workspace: Workspace, shop: FakeShopify,
                                                           clock: FakeClock) -> None:
    make_catalogue(workspace, simple=2, variable=1)
    connector = shopify(shop, clock)
    assert push_products(workspace, connector, None).ok
    writes_before = len(shop.mutations()) + len(shop.mutations("stagedUploadsCreate"))
    again = push_products(workspace, connector, None)
    assert again.ok and {i.state for i in again.items} == {"skipped"}
    assert len(shop.mutations()) + len(shop.mutations("stagedUploadsCreate")) == writes_before  # reads only
    with workspace.session() as session:
        sku = session.exec(select(Sku).where(Sku.code == "P0002-WHT-M")).one()
        sku.gtin = "6901234567892"
        session.add(sku)
    third = push_products(workspace, connector, None)
    assert [i.state for i in third.items] == ["skipped", "skipped", "confirmed"]
    last = shop.mutations()[-1].body["variables"]
    assert last["identifier"] == {"id": shop.by_handle("p0002")["id"]}  # type: ignore[index]
    assert "status" not in last["input"]  # an update keeps the status
    assert len(shop.mutations()) == 4


def test_a_live_product_the_workspace_never_pushed_stays_live(workspace: Workspace, shop: FakeShopify,
                                                               clock: FakeClock) -> None:
    """A restored workspace, a bundle or a colleague's PC has no push history: the shop's ACTIVE product with
    the same handle is updated in place — never sent `status`, never turned into a draft, its variants kept."""
    make_catalogue(workspace, simple=1, variable=1)
    live = shop.add_product("p0001", ["P0001-BLK-S", "P0001-BLK-M", "P0001-OLD"], status="ACTIVE")
    kept = {v["sku"]: v["id"] for v in live["variants"]}
    dry = push_products(workspace, shopify(shop, clock), None, dry_run=True)
    assert [(i.product_code, i.action) for i in dry.items] == [("P0000", "create"), ("P0001", "update")]
    note = dry.items[1].note
    assert note is not None and "status stays ACTIVE" in note.en
    assert "2 updated, 2 added, 1 removed from the shop (P0001-OLD)" in note.en
    assert "保持 ACTIVE 不变" in note.zh
    assert shop.mutations() == []
    report = push_products(workspace, shopify(shop, clock), None)
    assert report.ok
    product_set = [m.body["variables"] for m in shop.mutations() if m.body["variables"]["identifier"].get("id")]
    assert len(product_set) == 1 and "status" not in product_set[0]["input"]
    assert shop.products[live["id"]]["status"] == "ACTIVE"
    after = variant_ids(shop, "p0001")
    assert after["P0001-BLK-S"] == kept["P0001-BLK-S"] and after["P0001-BLK-M"] == kept["P0001-BLK-M"]
    assert len([p for p in shop.products.values() if p["handle"].startswith("p0001")]) == 1


def test_a_product_imported_from_an_old_csv_under_another_handle_is_found_by_its_skus(
        workspace: Workspace, shop: FakeShopify, clock: FakeClock) -> None:
    make_catalogue(workspace, simple=1)
    old = shop.add_product("product-0-blue-cup", ["P0000-S"], status="ACTIVE")
    report = push_products(workspace, shopify(shop, clock), None)
    assert report.ok and report.items[0].action == "adopted" and report.items[0].remote_id == old["id"]
    assert len(shop.products) == 1
    sent = shop.mutations()[-1].body["variables"]
    assert sent["identifier"] == {"id": old["id"]} and "handle" not in sent["input"] and "status" not in sent["input"]
    assert old["handle"] == "product-0-blue-cup" and old["status"] == "ACTIVE"


def test_variants_keep_their_ids_and_every_one_of_300_is_read_back(workspace: Workspace, shop: FakeShopify,
                                                                    clock: FakeClock) -> None:
    code = big_product(workspace, colours=15, sizes=20)
    connector = shopify(shop, clock)
    assert push_products(workspace, connector, [code]).ok
    first = variant_ids(shop, "big")
    assert len(first) == 300
    with workspace.session() as session:
        refs = session.exec(select(PushItem.remote_refs).order_by(sa.desc(PushItem.id))).first()
    assert refs is not None and refs["variants"] == first  # all 300, past the first page of 250
    assert "FDVariantPage" in shop.operations()
    set_cost(workspace, "BIG-C00-S00", "99.00")
    assert push_products(workspace, connector, [code]).ok
    sent = shop.mutations()[-1].body["variables"]["input"]["variants"]
    assert [v.get("id") for v in sent] == [first[v["sku"]] for v in sent]
    assert variant_ids(shop, "big") == first  # updated in place, none recreated
    assert all(cost <= MAX_QUERY_COST for _, cost in shop.costs)


def test_without_the_stored_ids_productset_would_recreate_every_variant(workspace: Workspace, shop: FakeShopify,
                                                                        clock: FakeClock) -> None:
    """The stand-in does what the real API does with a list field (environment.md §15) — the reason ids are sent."""
    make_catalogue(workspace, variable=1)
    assert push_products(workspace, shopify(shop, clock), None).ok
    before = variant_ids(shop, "p0000")
    product_input = dict(shop.mutations()[-1].body["variables"]["input"])  # a create: variants without ids
    product_input.pop("status")
    answer = shop._product_set(None, product_input, {"id": shop.by_handle("p0000")["id"]})  # type: ignore[index]
    assert answer["userErrors"] == []
    assert set(variant_ids(shop, "p0000").values()).isdisjoint(before.values())


def test_handle_lookups_stay_within_shopifys_query_cost_limit(workspace: Workspace, clock: FakeClock) -> None:
    make_catalogue(workspace, simple=700)
    with FakeShopify(clock=clock, maximum=20000, restore_rate=1000) as shop:
        report = push_products(workspace, shopify(shop, clock, send_pictures=False), None, dry_run=True)
        check_valid(shop)
    assert report.ok and report.count(action="create") == 700
    lookups = [cost for name, cost in shop.costs if name == "FDLookup"]
    assert len(lookups) >= 3 and max(lookups) <= MAX_QUERY_COST


def test_pictures_go_up_once_by_staged_upload_and_are_reused(workspace: Workspace, shop: FakeShopify,
                                                            clock: FakeClock) -> None:
    make_catalogue(workspace, variable=1)
    assert add_pictures(workspace, "P0000") == 3  # a main picture and one per colour
    connector = shopify(shop, clock)
    assert push_products(workspace, connector, None).ok
    product = shop.by_handle("p0000")
    assert product is not None and [m["status"] for m in product["media"]] == ["READY"] * 3
    assert all(m["filename"].startswith("fd-") for m in product["media"])
    assert len(shop.staged) == 3 and all(s["data"][:2] == b"\xff\xd8" for s in shop.staged.values())
    by_sku = {v["sku"]: v.get("media") for v in product["variants"]}
    assert by_sku["P0000-BLK-S"] == by_sku["P0000-BLK-M"] and by_sku["P0000-BLK-S"] != by_sku["P0000-WHT-S"]
    media_ids = [m["id"] for m in product["media"]]
    set_cost(workspace, "P0000-BLK-S", "30.00")  # a price change: the pictures are sent by id, nothing uploaded
    assert push_products(workspace, connector, None).ok
    files = shop.mutations()[-1].body["variables"]["input"]["files"]
    assert files == [{"id": i} for i in media_ids]
    assert len(shop.staged) == 3 and [m["id"] for m in shop.by_handle("p0000")["media"]] == media_ids  # type: ignore[index]


def test_a_push_killed_after_productset_finds_its_pictures_again_by_name(workspace: Workspace, shop: FakeShopify,
                                                                         clock: FakeClock) -> None:
    make_catalogue(workspace, simple=1)
    add_pictures(workspace, "P0000")

    class Killed(Exception):
        pass

    def kill(ids: list[int]) -> None:
        raise Killed

    with pytest.raises(Killed):
        push_products(workspace, shopify(shop, clock), None, hooks=PushHooks(before_record=kill))
    assert len(shop.staged) == 1
    report = push_products(workspace, shopify(shop, clock), None)
    assert report.ok and report.items[0].action == "updated"
    assert len(shop.products) == 1 and len(shop.staged) == 1  # no second product, no second upload
    media_id = shop.by_handle("p0000")["media"][0]["id"]  # type: ignore[index]
    assert shop.mutations()[-1].body["variables"]["input"]["files"] == [{"id": media_id}]


def test_a_push_without_pictures_leaves_the_shops_media_alone(workspace: Workspace, shop: FakeShopify,
                                                             clock: FakeClock) -> None:
    make_catalogue(workspace, simple=1)
    add_pictures(workspace, "P0000")
    assert push_products(workspace, shopify(shop, clock), None).ok
    set_cost(workspace, "P0000-S", "12.00")
    assert push_products(workspace, shopify(shop, clock, send_pictures=False), None).ok
    assert "files" not in shop.mutations()[-1].body["variables"]["input"]
    assert len(shop.by_handle("p0000")["media"]) == 1  # type: ignore[index]


def test_drift_in_the_shop_is_repaired_and_force_resends(workspace: Workspace, shop: FakeShopify,
                                                         clock: FakeClock) -> None:
    make_catalogue(workspace, simple=3)
    connector = shopify(shop, clock)
    assert push_products(workspace, connector, None).ok
    shop.by_handle("p0000")["variants"][0]["price"] = "1.00"  # type: ignore[index]  # edited in the admin
    deleted = shop.by_handle("p0001")
    del shop.products[deleted["id"]]  # type: ignore[index]
    dry = push_products(workspace, connector, None, dry_run=True)
    assert [(i.product_code, i.action) for i in dry.items] == [("P0000", "update"), ("P0001", "create"),
                                                                ("P0002", "skip")]
    assert "price of P0000-S" in dry.items[0].note.en  # type: ignore[union-attr]
    report = push_products(workspace, connector, None)
    assert [i.state for i in report.items] == ["confirmed", "confirmed", "skipped"]
    assert shop.by_handle("p0000")["variants"][0]["price"] != "1.00"  # type: ignore[index]
    assert shop.by_handle("p0001") is not None and shop.by_handle("p0001")["status"] == "DRAFT"  # type: ignore[index]
    forced = push_products(workspace, connector, None, force=True)
    assert [i.state for i in forced.items] == ["confirmed"] * 3


def test_a_dry_run_the_shop_refused_lists_nothing_as_create(workspace: Workspace, shop: FakeShopify,
                                                           clock: FakeClock) -> None:
    make_catalogue(workspace, simple=3)
    report = push_products(workspace, shopify(shop, clock, shopify_credentials("shpat_wrong")), None, dry_run=True)
    assert not report.ok and report.fatal is not None
    assert {i.action for i in report.items} == {"fail"} and {i.error_code for i in report.items} == {"not_checked"}


def test_a_dry_run_finds_an_app_without_write_access(workspace: Workspace, clock: FakeClock) -> None:
    make_catalogue(workspace, simple=1)
    with FakeShopify(clock=clock, scopes=("read_products",)) as shop:
        report = push_products(workspace, shopify(shop, clock), None, dry_run=True)
        check_valid(shop)
    assert report.fatal is not None and report.fatal.code == "read_only"
    assert report.items[0].action == "fail" and shop.mutations() == []


def test_access_denied_stops_the_push(workspace: Workspace, shop: FakeShopify, clock: FakeClock) -> None:
    make_catalogue(workspace, simple=4)
    shop.mutation_error = "ACCESS_DENIED"
    report = push_products(workspace, shopify(shop, clock, chunk_size=2, in_flight=1), None)
    assert report.fatal is not None and report.fatal.code == "ACCESS_DENIED"
    assert [i.error_code for i in report.items] == ["ACCESS_DENIED", "not_sent", "not_sent", "not_sent"]
    assert len(shop.mutations()) == 1


def test_too_many_options_fails_before_sending(shop: FakeShopify, clock: FakeClock) -> None:
    payload = ProductPayload("X", "X", "", "", "", "", "USD", tuple((f"o{i}", ("a",)) for i in range(4)),
                             (VariantPayload("X-1", tuple((f"o{i}", "a") for i in range(4)), Decimal("1")),))
    problem = shopify(shop, clock).check(payload)
    assert problem is not None and problem.code == "too_many_options"


def test_two_codes_that_make_one_handle_both_fail(workspace: Workspace, shop: FakeShopify, clock: FakeClock) -> None:
    make_catalogue(workspace, simple=1, prefix="A-")
    make_catalogue(workspace, simple=1, prefix="A_")
    report = push_products(workspace, shopify(shop, clock), None)
    assert {i.error_code for i in report.items} == {"handle_clash"} and shop.mutations() == []


def big_product(workspace: Workspace, colours: int, sizes: int) -> str:
    """One product with colours × sizes SKUs (a 300-variant product crosses Shopify's 250-per-page line)."""
    from app.models.types import utc_now

    axes = [{"key": "colour", "name_zh": "颜色", "name_en": "Colour", "values": [f"C{c:02d}" for c in range(colours)]},
            {"key": "size", "name_zh": "尺寸", "name_en": "Size", "values": [f"S{s:02d}" for s in range(sizes)]}]
    now = utc_now()
    with workspace.session() as session:
        product = Product(code="BIG", name_zh="大", name_en="Big", currency="USD", axes=axes, brand="X",
                          created_at=now, updated_at=now)
        session.add(product)
        session.flush()
        position = 0
        for c in range(colours):
            for s in range(sizes):
                session.add(Sku(product_id=product.id, code=f"BIG-C{c:02d}-S{s:02d}",
                                options={"colour": f"C{c:02d}", "size": f"S{s:02d}"}, cost=Decimal("10.00"),
                                weight_g=300, position=position))
                position += 1
    return "BIG"


def test_products_go_three_at_a_time_within_the_bucket(workspace: Workspace) -> None:
    """A real shop is a few hundred milliseconds away: several productSets are in flight at once, and the points
    each reserves keep them inside the bucket (no THROTTLED answer at all)."""
    make_catalogue(workspace, simple=9)
    with FakeShopify(maximum=120, restore_rate=100) as shop:
        shop.latency = 0.1
        connector = connector_for("shopify", shop.url, shopify_app_credentials(), rng=random.Random(4))
        report = push_products(workspace, connector, None)
        check_valid(shop)
    assert report.ok and report.count(state="confirmed") == 9
    assert shop.most_in_flight >= 2
    assert not any("THROTTLED" in str(r.body) for r in shop.requests)
