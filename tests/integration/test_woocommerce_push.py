"""Check 9 (reliability.md) against a WooCommerce stand-in on 127.0.0.1 over real TLS (tests/fakewoo.py): 250
products → 3 batch calls of ≤ 100, a 413 halves the chunk, a per-item `product_invalid_sku` with `resource_id` is
adopted and updated while the other items of the batch are confirmed; prices are strings; variable products get their
variations; the `push` command. Issue #12: the shop's units, categories found or created, pictures through the
WordPress media library, drift and the Trash, HTTPS-only keys, read-only keys, one push per shop, duplicates.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from fakeshops import (
    WOO_KEY,
    WOO_SECRET,
    FakeWooCommerce,
    make_catalogue,
    woo_credentials,
)
from sqlmodel import select

from app import cli
from app.db import Workspace
from app.models import PushItem, PushJob, ShopConnection, Sku
from app.services.shops.connections import connector_for
from app.services.shops.jobs import push_products


@pytest.fixture
def shop() -> Iterator[FakeWooCommerce]:
    with FakeWooCommerce() as fake:
        yield fake


def woo(shop: FakeWooCommerce, credentials: Any = None, **options: Any) -> Any:
    return connector_for("woocommerce", shop.url, credentials or woo_credentials(), options=options,
                         rng=random.Random(1))


def batch_size(request: Any) -> int:
    return len(request.body.get("create") or []) + len(request.body.get("update") or [])


def test_250_products_take_exactly_three_batches_of_at_most_100(workspace: Workspace, shop: FakeWooCommerce) -> None:
    make_catalogue(workspace, simple=250)
    report = push_products(workspace, woo(shop), None)
    batches = shop.batch_requests()
    assert [batch_size(b) for b in batches] == [100, 100, 50]
    assert report.ok and report.count(state="confirmed") == 250
    assert len(shop.parents()) == 250
    for batch in batches:
        for item in batch.body["create"]:
            assert isinstance(item["regular_price"], str) and Decimal(item["regular_price"]) > 0
            assert item["sale_price"] == "" and item["status"] == "draft" and item["type"] == "simple"
            assert isinstance(item["weight"], str)


def test_a_413_halves_the_chunk_for_the_rest_of_the_job(workspace: Workspace) -> None:
    make_catalogue(workspace, simple=130)
    with FakeWooCommerce(batch_limit=30) as shop:
        connector = woo(shop)
        report = push_products(workspace, connector, None)
        sizes = [batch_size(b) for b in shop.batch_requests()]
    assert report.ok and report.count(state="confirmed") == 130
    assert sizes[:2] == [100, 50]                      # refused twice…
    assert all(size <= 25 for size in sizes[2:])       # …then every batch fits
    assert sum(sizes[2:]) == 130 and connector.chunk_size == 25
    assert len(shop.parents()) == 130


def test_product_invalid_sku_is_adopted_and_updated_and_the_rest_confirmed(workspace: Workspace,
                                                                        shop: FakeWooCommerce) -> None:
    make_catalogue(workspace, simple=10)
    by_hand = shop.add_product("P0003-S", regular_price="1.00", name="Made by hand")
    report = push_products(workspace, woo(shop), None)
    assert report.ok
    items = {item.product_code: item for item in report.items}
    assert items["P0003"].remote_id == str(by_hand) and items["P0003"].action == "adopted"
    assert all(items[c].state == "confirmed" and items[c].action == "created" for c in items if c != "P0003")
    assert len(shop.by_sku("P0003-S")) == 1
    assert shop.products[by_hand]["regular_price"] != "1.00" and shop.products[by_hand]["name"] == "Product 3"
    assert shop.products[by_hand]["status"] == "publish"  # an adopted product keeps its status
    [batch] = shop.batch_requests()  # looked up first: created and updated in one batch, no refused create
    assert len(batch.body["create"]) == 9
    assert len(batch.body["update"]) == 1 and batch.body["update"][0]["id"] == by_hand
    assert "status" not in batch.body["update"][0]
    assert all(len(shop.by_sku(f"P{i:04d}-S")) == 1 for i in range(10))


def test_a_sku_made_between_the_lookup_and_the_batch_is_still_adopted(workspace: Workspace,
                                                                      shop: FakeWooCommerce) -> None:
    """The shop refuses the create with `product_invalid_sku` and the existing id: the item is sent again as an
    update of that product (codes matched, never message texts)."""
    make_catalogue(workspace, simple=2)
    connector = woo(shop)
    original_lookup = connector.lookup

    def lookup_then_someone_adds(payloads: Any) -> Any:
        found = original_lookup(payloads)
        shop.add_product("P0001-S", name="Made meanwhile")
        return found

    connector.lookup = lookup_then_someone_adds
    report = push_products(workspace, connector, None)
    assert report.ok and [i.action for i in report.items] == ["created", "adopted"]
    first, second = shop.batch_requests()
    assert len(first.body["create"]) == 2 and second.body["update"][0]["id"] == shop.by_sku("P0001-S")[0]["id"]
    assert len(shop.by_sku("P0001-S")) == 1


def test_a_per_item_error_fails_only_that_item_and_is_not_retried(workspace: Workspace, shop: FakeWooCommerce) -> None:
    make_catalogue(workspace, simple=5)
    shop.reject_skus["P0002-S"] = "woocommerce_rest_invalid_product_title"
    report = push_products(workspace, woo(shop), None)
    states = {item.product_code: (item.state, item.error_code) for item in report.items}
    assert states["P0002"] == ("failed", "woocommerce_rest_invalid_product_title")
    assert [s for c, (s, _) in states.items() if c != "P0002"] == ["confirmed"] * 4
    assert len(shop.batch_requests()) == 1 and not report.ok


def test_variable_products_get_their_variations_and_updates_reuse_them(workspace: Workspace,
                                                                     shop: FakeWooCommerce) -> None:
    make_catalogue(workspace, simple=1, variable=2)
    report = push_products(workspace, woo(shop), None)
    assert report.ok
    parent = shop.by_sku("P0001")[0]
    assert parent["type"] == "variable"
    assert [a["name"] for a in parent["attributes"]] == ["Colour", "Size"]
    assert parent["attributes"][0]["variation"] is True
    variations = [p for p in shop.products.values() if p["parent_id"] == parent["id"]]
    assert sorted(v["sku"] for v in variations) == ["P0001-BLK-M", "P0001-BLK-S", "P0001-WHT-M", "P0001-WHT-S"]
    assert {a["name"]: a["option"] for a in variations[0]["attributes"]} == {"Colour": "黑 Black", "Size": "S"}
    assert all(isinstance(v["regular_price"], str) for v in variations)
    # One SKU's cost changes: only that product is sent again, its variations are updated in place.
    with workspace.session() as session:
        sku = session.exec(select(Sku).where(Sku.code == "P0002-WHT-M")).one()
        sku.cost = Decimal("40.00")
        session.add(sku)
    before = len(shop.products)
    report = push_products(workspace, woo(shop), None)
    assert report.ok
    assert {i.product_code: i.state for i in report.items} == {"P0000": "skipped", "P0001": "skipped",
                                                               "P0002": "confirmed"}
    assert len(shop.products) == before
    last = shop.batch_requests(variations=True)[-1]
    assert last.body["create"] == [] and len(last.body["update"]) == 4
    changed = shop.by_sku("P0002-WHT-M")[0]
    assert Decimal(changed["regular_price"]) > Decimal("40")


def test_query_string_auth_fallback(workspace: Workspace, shop: FakeWooCommerce) -> None:
    make_catalogue(workspace, simple=2)
    report = push_products(workspace, woo(shop, query_string_auth=True), None)
    assert report.ok
    assert all("Authorization" not in r.headers for r in shop.requests)
    assert all(r.query.get("consumer_key") == [WOO_KEY] for r in shop.requests)


def test_a_shop_in_another_currency_gets_nothing(workspace: Workspace, shop: FakeWooCommerce) -> None:
    make_catalogue(workspace, simple=3)
    shop.currency = "EUR"
    report = push_products(workspace, woo(shop), None)
    assert {(i.state, i.error_code) for i in report.items} == {("failed", "currency_mismatch")}
    assert shop.batch_requests() == []


def test_a_product_without_cost_or_plan_fails_before_sending(workspace: Workspace, shop: FakeWooCommerce) -> None:
    make_catalogue(workspace, simple=2)
    with workspace.session() as session:
        sku = session.exec(select(Sku).where(Sku.code == "P0001-S")).one()
        sku.cost = None
        session.add(sku)
    report = push_products(workspace, woo(shop), None)
    assert {i.product_code: i.error_code for i in report.items} == {"P0000": "", "P0001": "cost_missing"}
    assert len(shop.parents()) == 1


def test_a_cny_product_needs_an_exchange_rate(workspace: Workspace, shop: FakeWooCommerce) -> None:
    make_catalogue(workspace, simple=1, currency="CNY")
    report = push_products(workspace, woo(shop), None)
    assert report.items[0].error_code == "fx_rate_missing"
    assert "Pricing page" in report.items[0].message.en  # type: ignore[union-attr]


def test_a_saved_pricing_plan_with_an_exchange_rate_and_a_discount(workspace: Workspace, shop: FakeWooCommerce) -> None:
    from datetime import date

    from app.services.pricing.plans import PricingService

    make_catalogue(workspace, simple=1, currency="CNY")
    service = PricingService(workspace)
    service.set_rate(date(2026, 1, 1), "USD", "CNY", Decimal("7.10"))
    plan = service.default_plan(1)
    from dataclasses import replace

    service.save_plan(replace(plan, discount=Decimal("0.10")))
    report = push_products(workspace, woo(shop), None)
    assert report.ok, report.items
    product = shop.by_sku("P0000-S")[0]
    regular, sale = Decimal(product["regular_price"]), Decimal(product["sale_price"])
    assert sale < regular and sale > Decimal("10.00") / Decimal("7.10")


# ---------------------------------------------------------------- the command line


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = cli.main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def woo_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FD_WOO_KEY", WOO_KEY)
    monkeypatch.setenv("FD_WOO_SECRET", WOO_SECRET)


def test_cli_refuses_plain_http_and_missing_credentials(workspace: Workspace, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("FD_WOO_KEY", raising=False)
    monkeypatch.delenv("FD_WOO_SECRET", raising=False)
    path = str(workspace.path)
    status, _, err = run_cli(["--lang", "en", "push", path, "--shop", "woocommerce", "--url", "http://shop.example",
                              "--all"], capsys)
    assert status == 2 and "https://" in err
    status, _, err = run_cli(["--lang", "en", "push", path, "--shop", "woocommerce", "--url", "https://shop.example",
                              "--all"], capsys)
    assert status == 2 and "FD_WOO_KEY" in err and len(err.strip().splitlines()) == 1
    with pytest.raises(SystemExit) as caught:
        cli.main(["push", path, "--shop", "woocommerce", "--url", "https://shop.example"])  # no --product/--all
    assert caught.value.code == 2


def test_cli_push_dry_run_then_push(workspace: Workspace, shop: FakeWooCommerce, woo_env: None,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    make_catalogue(workspace, simple=3)
    shop.add_product("P0001-S")
    path = str(workspace.path)
    base = ["--lang", "en", "push", path, "--shop", "woocommerce", "--url", shop.url]
    status, out, err = run_cli([*base, "--all", "--dry-run"], capsys)
    assert status == 0, err
    assert [line.split("\t")[:3] for line in out.splitlines()] == [
        ["create", "P0000", "P0000-S"], ["update", "P0001", "P0001-S"], ["create", "P0002", "P0002-S"]]
    assert "Dry run" in err and [r.body for r in shop.batch_requests()] == [{}]  # the write-access probe only
    assert shop.parents() == [shop.by_sku("P0001-S")[0]]
    with workspace.session() as session:  # nothing written to the workspace either
        assert session.exec(select(sa.func.count()).select_from(PushJob)).one() == 0
        assert session.exec(select(sa.func.count()).select_from(ShopConnection)).one() == 0
    status, out, err = run_cli([*base, "--product", "P0000", "--product", "P0001"], capsys)
    assert status == 0, err
    assert [line.split("\t")[0] for line in out.splitlines()] == ["confirmed", "confirmed"]
    assert "2 confirmed" in err
    shop.reject_skus["P0002-S"] = "woocommerce_rest_invalid_sku"
    status, out, err = run_cli([*base, "--all"], capsys)
    assert status == 1
    assert "failed\tP0002\tP0002-S\t\twoocommerce_rest_invalid_sku" in out
    assert "skipped\tP0000" in out
    status, _, err = run_cli([*base, "--product", "NOPE"], capsys)
    assert status == 2 and "NOPE" in err
    with workspace.session() as session:
        connection = session.exec(select(ShopConnection)).one()
        assert connection.credential_ref == "env" and connection.url == shop.url
        assert session.exec(select(sa.func.count()).select_from(PushItem)).one() == 5


# ---------------------------------------------------------------- issue #12: what a real shop does


def set_sku(workspace: Workspace, code: str, **values: Any) -> None:
    with workspace.session() as session:
        sku = session.exec(select(Sku).where(Sku.code == code)).one()
        for name, value in values.items():
            setattr(sku, name, value)
        session.add(sku)


def test_weights_and_sizes_arrive_in_the_shops_units(workspace: Workspace) -> None:
    make_catalogue(workspace, simple=1, variable=1)
    set_sku(workspace, "P0000-S", weight_g=3200, length_mm=550, width_mm=350, height_mm=230)
    with FakeWooCommerce(weight_unit="lbs", dimension_unit="in") as shop:
        assert push_products(workspace, woo(shop), None).ok
        simple = shop.by_sku("P0000-S")[0]
        variation = shop.by_sku("P0001-BLK-S")[0]
    assert simple["weight"] == "7.055"            # 3.2 kg = 7.0548 lbs, not "3.2"
    assert simple["dimensions"] == {"length": "21.65", "width": "13.78", "height": "9.06"}
    assert variation["weight"] == "1.764"         # 800 g
    with FakeWooCommerce(weight_unit="g", dimension_unit="mm") as shop:
        assert push_products(workspace, woo(shop), ["P0000"]).ok
        assert shop.by_sku("P0000-S")[0]["weight"] == "3200"
        assert shop.by_sku("P0000-S")[0]["dimensions"]["length"] == "550"


def test_unit_conversion_is_exact() -> None:
    from app.services.shops.woocommerce import length_text, weight_text

    assert weight_text(907, "lbs") == "2"         # 907 g = 1.99959 lbs, rounded to 2.000
    assert weight_text(1000, "oz") == "35.27"
    assert weight_text(1500, "kg") == "1.5" and weight_text(1, "kg") == "0.001" and weight_text(0, "kg") == "0"
    assert length_text(254, "in") == "10" and length_text(5, "cm") == "0.5" and length_text(None, "cm") == ""


def test_categories_are_found_by_their_unescaped_name_or_created_once(workspace: Workspace,
                                                                      shop: FakeWooCommerce) -> None:
    from app.models import Category, Product

    make_catalogue(workspace, simple=3)
    with workspace.session() as session:
        bags = Category(code="bags", name_zh="箱包", name_en="Bags & Cases")
        cups = Category(code="cups", name_zh="杯子", name_en="Cups")
        session.add_all([bags, cups])
        session.flush()
        for code, category in (("P0000", bags), ("P0001", cups), ("P0002", cups)):
            product = session.exec(select(Product).where(Product.code == code)).one()
            product.category_id = category.id
            session.add(product)
    existing = shop.add_category("Bags & Cases")  # the shop answers it as "Bags &amp; Cases"
    assert push_products(workspace, woo(shop), None).ok
    assert [c["name"] for c in shop.categories.values()] == ["Bags & Cases", "Cups"]
    cups_id = next(i for i, c in shop.categories.items() if c["name"] == "Cups")
    assert shop.by_sku("P0000-S")[0]["categories"] == [{"id": existing}]
    assert shop.by_sku("P0001-S")[0]["categories"] == shop.by_sku("P0002-S")[0]["categories"] == [{"id": cups_id}]
    creates = [r for r in shop.requests if r.method == "POST" and r.path.endswith("/products/categories")]
    assert len(creates) == 1


def test_a_category_created_meanwhile_answers_term_exists_with_its_id(shop: FakeWooCommerce) -> None:
    connector = woo(shop)
    connector._find_category = lambda name: None  # as if it appeared between the search and the create
    made = shop.add_category("Cups")
    assert connector._category_ids(["Cups"]) == {"Cups": made}


def test_pictures_go_to_the_media_library_once_and_are_reused(workspace: Workspace, shop: FakeWooCommerce) -> None:
    from fakeshops import add_pictures

    make_catalogue(workspace, variable=1)
    add_pictures(workspace, "P0000")
    connector = woo(shop)
    assert push_products(workspace, connector, None).ok
    assert len(shop.media) == 3
    parent = shop.by_sku("P0000")[0]
    assert [i["id"] for i in parent["images"]] == sorted(shop.media)
    black, white = shop.by_sku("P0000-BLK-S")[0], shop.by_sku("P0000-WHT-M")[0]
    assert black["image"]["id"] != white["image"]["id"] and {black["image"]["id"],
                                                             white["image"]["id"]} < set(shop.media)
    assert all(m["title"]["rendered"].startswith("fd-") for m in shop.media.values())
    set_sku(workspace, "P0000-BLK-S", cost=Decimal("31.00"))
    assert push_products(workspace, connector, None).ok
    assert len(shop.media) == 3  # nothing uploaded again
    uploads = [r for r in shop.requests if r.method == "POST" and r.path == "/wp-json/wp/v2/media"]
    assert len(uploads) == 3


def test_an_upload_a_killed_push_left_behind_is_found_by_name(workspace: Workspace, shop: FakeWooCommerce) -> None:
    from fakeshops import add_pictures

    from app.services.shops.reports import PushHooks

    make_catalogue(workspace, simple=1)
    add_pictures(workspace, "P0000")

    class Killed(Exception):
        pass

    def die(ids: list[int]) -> None:  # the picture went up and the batch was applied; the answer is lost
        raise Killed

    with pytest.raises(Killed):
        push_products(workspace, woo(shop), None, hooks=PushHooks(before_record=die))
    report = push_products(workspace, woo(shop), None)
    assert report.ok and len(shop.media) == 1 and len(shop.by_sku("P0000-S")) == 1
    assert shop.by_sku("P0000-S")[0]["images"] == [{"id": next(iter(shop.media))}]


def test_pictures_without_a_wordpress_login_fail_before_sending_unless_chosen(workspace: Workspace,
                                                                                shop: FakeWooCommerce) -> None:
    from fakeshops import add_pictures

    make_catalogue(workspace, simple=2)
    add_pictures(workspace, "P0000")
    report = push_products(workspace, woo(shop, woo_credentials(wordpress=False)), None)
    assert {i.product_code: i.error_code for i in report.items} == {"P0000": "wordpress_login_missing", "P0001": ""}
    assert "Application Passwords" in report.items[0].message.en  # type: ignore[union-attr]
    assert len(shop.parents()) == 1
    chosen = push_products(workspace, woo(shop, woo_credentials(wordpress=False), send_pictures=False), None)
    assert chosen.ok and shop.by_sku("P0000-S")[0]["images"] == [] and shop.media == {}


def test_a_product_trashed_in_the_shop_is_restored_as_a_draft_and_reported(workspace: Workspace,
                                                                             shop: FakeWooCommerce) -> None:
    make_catalogue(workspace, simple=2)
    assert push_products(workspace, woo(shop), None).ok
    trashed = shop.by_sku("P0000-S")[0]
    trashed["status"] = "publish"
    shop.trash(trashed["id"])
    dry = push_products(workspace, woo(shop), None, dry_run=True)
    assert [(i.product_code, i.action) for i in dry.items] == [("P0000", "update"), ("P0001", "skip")]
    assert "Trash" in dry.items[0].note.en  # type: ignore[union-attr]
    report = push_products(workspace, woo(shop), None)
    assert [(i.state, i.action) for i in report.items] == [("confirmed", "restored"), ("skipped", "skip")]
    assert trashed["status"] == "draft" and len(shop.by_sku("P0000-S")) == 1
    assert "Trash" in report.items[0].note.en  # type: ignore[union-attr]


def test_a_price_edited_or_a_product_deleted_in_the_shop_is_repaired(workspace: Workspace,
                                                                     shop: FakeWooCommerce) -> None:
    make_catalogue(workspace, simple=2, variable=1)
    assert push_products(workspace, woo(shop), None).ok
    shop.by_sku("P0000-S")[0]["regular_price"] = "1.00"
    shop.by_sku("P0002-WHT-M")[0]["sale_price"] = "2.00"
    del shop.products[shop.by_sku("P0001-S")[0]["id"]]
    report = push_products(workspace, woo(shop), None)
    assert [i.state for i in report.items] == ["confirmed"] * 3
    assert "regular price" in report.items[0].note.en  # type: ignore[union-attr]
    assert "sale price of P0002-WHT-M" in report.items[2].note.en  # type: ignore[union-attr]
    assert shop.by_sku("P0000-S")[0]["regular_price"] != "1.00"
    assert shop.by_sku("P0002-WHT-M")[0]["sale_price"] == "" and len(shop.by_sku("P0001-S")) == 1
    again = push_products(workspace, woo(shop), None)
    assert {i.state for i in again.items} == {"skipped"}
    forced = push_products(workspace, woo(shop), None, force=True)
    assert {i.state for i in forced.items} == {"confirmed"}


def test_over_plain_http_a_401_says_https_not_wrong_keys(workspace: Workspace) -> None:
    make_catalogue(workspace, simple=1)
    with FakeWooCommerce(tls=False) as shop:
        report = push_products(workspace, woo(shop), None)
    assert report.fatal is not None and report.fatal.code == "https_required"
    assert "only over HTTPS" in report.fatal.message.en and shop.url.split("//")[1] in report.fatal.message.en


def test_query_string_keys_come_with_a_warning(workspace: Workspace, shop: FakeWooCommerce) -> None:
    make_catalogue(workspace, simple=1)
    report = push_products(workspace, woo(shop, query_string_auth=True), None)
    assert report.ok and any("access log" in n.en for n in report.notes)


def test_a_dry_run_finds_read_only_keys_without_writing(workspace: Workspace) -> None:
    make_catalogue(workspace, simple=2)
    with FakeWooCommerce(read_only=True) as shop:
        report = push_products(workspace, woo(shop), None, dry_run=True)
        writes = shop.writes()
    assert report.fatal is not None and report.fatal.code == "read_only_keys" and not report.ok
    assert {i.action for i in report.items} == {"fail"}
    assert [r.body for r in writes] == [{}]  # the empty batch: refused, and it could not have changed anything


def test_a_dry_run_the_shop_refused_lists_nothing_as_create(workspace: Workspace, shop: FakeWooCommerce) -> None:
    make_catalogue(workspace, simple=2)
    report = push_products(workspace, woo(shop, woo_credentials(secret="cs_wrong")), None, dry_run=True)
    assert not report.ok and {(i.action, i.error_code) for i in report.items} == {("fail", "not_checked")}


def test_duplicate_variations_the_workspace_did_not_make_are_reported(workspace: Workspace,
                                                                      shop: FakeWooCommerce) -> None:
    make_catalogue(workspace, variable=1)
    assert push_products(workspace, woo(shop), None).ok
    parent = shop.by_sku("P0000")[0]["id"]
    ours = shop.by_sku("P0000-BLK-S")[0]["id"]
    stray = shop.add_variation(parent, "P0000-BLK-S")  # a second push from another PC, at the same moment
    set_sku(workspace, "P0000-BLK-S", cost=Decimal("33.00"))
    report = push_products(workspace, woo(shop), None)
    assert report.ok, report.items
    assert f"#{stray}" in report.items[0].note.en  # type: ignore[union-attr]
    assert shop.products[stray]["regular_price"] == "1"  # reported, never changed or deleted by the app
    assert Decimal(shop.products[ours]["regular_price"]) > Decimal("33")


def test_the_stand_in_refuses_a_sku_another_request_is_inserting(shop: FakeWooCommerce) -> None:
    """WooCommerce's SKU lock (WC_Product_Data_Store_CPT::create): a concurrent insert of the same SKU fails."""
    import threading

    import requests

    auth = (WOO_KEY, WOO_SECRET)
    url = f"{shop.url}/wp-json/wc/v3/products/batch"
    body = {"create": [{"name": "A", "sku": "SAME", "regular_price": "1"}]}
    shop.hold_batches = True
    first = threading.Thread(target=lambda: requests.post(url, json=body, auth=auth, timeout=10))
    first.start()
    assert shop.batch_applied.wait(5)
    shop.hold_batches = False
    second = requests.post(url, json=body, auth=auth, timeout=10).json()
    shop.release.set()
    first.join(5)
    assert "already under processing" in second["create"][0]["error"]["message"]


def test_one_push_per_shop_whichever_workspace_pushes(workspace: Workspace, shop: FakeWooCommerce,
                                                      tmp_path: Any) -> None:
    import threading

    from app.db import create_workspace
    from app.services.shops.reports import PushAlreadyRunning

    make_catalogue(workspace, simple=1)
    copy = create_workspace(tmp_path / "copy.fdw")
    make_catalogue(copy, simple=1)
    shop.hold_batches = True
    worker = threading.Thread(target=lambda: push_products(workspace, woo(shop), None))
    worker.start()
    try:
        assert shop.batch_applied.wait(10)
        with pytest.raises(PushAlreadyRunning):
            push_products(copy, woo(shop), None)
        dry = push_products(copy, woo(shop), None, dry_run=True)
        assert any("running now" in n.en for n in dry.notes) and not dry.resumed_job_ids
    finally:
        shop.release.set()
        worker.join(10)
        copy.close()
    assert len(shop.by_sku("P0000-S")) == 1


def test_a_trashed_variable_product_comes_back_with_its_variations(workspace: Workspace,
                                                                   shop: FakeWooCommerce) -> None:
    make_catalogue(workspace, variable=1)
    assert push_products(workspace, woo(shop), None).ok
    parent = shop.by_sku("P0000")[0]
    shop.trash(parent["id"])
    assert {v["status"] for v in shop.variations(parent["id"])} == {"trash"}
    report = push_products(workspace, woo(shop), None)
    assert report.ok and report.items[0].action == "restored"
    assert parent["status"] == "draft"
    variations = shop.variations(parent["id"])
    assert {v["status"] for v in variations} == {"publish"} and len(variations) == 4


def test_a_product_found_only_in_the_trash_is_restored_not_duplicated(workspace: Workspace,
                                                                      shop: FakeWooCommerce) -> None:
    """WooCommerce refuses a new product with a trashed product's SKU (its lookup row stays): the lookup looks in
    the Trash too, and the push restores that product instead of failing or making a second one."""
    make_catalogue(workspace, simple=1)
    old = shop.add_product("P0000-S", name="Made by hand, then trashed")
    shop.trash(old)
    dry = push_products(workspace, woo(shop), None, dry_run=True)
    assert dry.items[0].action == "update" and "Trash" in dry.items[0].note.en  # type: ignore[union-attr]
    report = push_products(workspace, woo(shop), None)
    assert report.ok and report.items[0].action == "restored" and report.items[0].remote_id == str(old)
    assert shop.products[old]["status"] == "draft" and len(shop.by_sku("P0000-S")) == 1


def test_a_wordpress_user_who_may_not_upload_is_told_so(workspace: Workspace, shop: FakeWooCommerce) -> None:
    from fakeshops import add_pictures

    make_catalogue(workspace, simple=2)
    add_pictures(workspace, "P0000")
    shop.wp_can_upload = False
    report = push_products(workspace, woo(shop), None)
    assert report.fatal is not None and report.fatal.code == "wordpress_login_refused"
    assert "may upload files" in report.fatal.message.en and shop.parents() == []


def test_variations_of_several_products_go_at_once(workspace: Workspace, shop: FakeWooCommerce) -> None:
    make_catalogue(workspace, variable=4)
    shop.latency = 0.1
    report = push_products(workspace, woo(shop), None)
    assert report.ok and len(shop.batch_requests(variations=True)) == 4
    assert shop.most_in_flight >= 2
    assert all(len(shop.variations(p["id"])) == 4 for p in shop.parents())
