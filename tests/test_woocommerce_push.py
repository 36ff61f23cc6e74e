"""Check 9 (reliability.md) against a WooCommerce v3 server on 127.0.0.1: 250 products → 3 batch calls of ≤ 100,
a 413 halves the chunk, a per-item `product_invalid_sku` with `resource_id` is adopted and updated while the other
items of the batch are confirmed; prices are strings; variable products get their variations; the `push` command.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import select

from app import cli
from app.db import Workspace
from app.models import PushItem, PushJob, ShopConnection, Sku
from app.services.shops.jobs import connector_for, push_products
from fakeshops import WOO_KEY, WOO_SECRET, FakeWooCommerce, make_catalogue, woo_credentials


@pytest.fixture
def shop() -> Iterator[FakeWooCommerce]:
    with FakeWooCommerce() as fake:
        yield fake


def woo(shop: FakeWooCommerce, **options: Any) -> Any:
    return connector_for("woocommerce", shop.url, woo_credentials(), options=options, rng=random.Random(1))


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
    first, second = shop.batch_requests()
    assert batch_size(first) == 10
    assert len(second.body["update"]) == 1 and second.body["update"][0]["id"] == by_hand
    assert "status" not in second.body["update"][0]
    assert all(len(shop.by_sku(f"P{i:04d}-S")) == 1 for i in range(10))


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

    from app.services.pricing_plans import PricingService

    make_catalogue(workspace, simple=1, currency="CNY")
    service = PricingService(workspace)
    plan = service.default_plan(1)
    plan = plan.with_fx_rate("USD", Decimal("7.10"), date(2026, 1, 1))
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
    status, out, err = run_cli(base + ["--all", "--dry-run"], capsys)
    assert status == 0, err
    assert [line.split("\t")[:3] for line in out.splitlines()] == [
        ["create", "P0000", "P0000-S"], ["update", "P0001", "P0001-S"], ["create", "P0002", "P0002-S"]]
    assert "Dry run" in err and shop.batch_requests() == []
    with workspace.session() as session:  # nothing written to the workspace either
        assert session.exec(select(sa.func.count()).select_from(PushJob)).one() == 0
        assert session.exec(select(sa.func.count()).select_from(ShopConnection)).one() == 0
    status, out, err = run_cli(base + ["--product", "P0000", "--product", "P0001"], capsys)
    assert status == 0, err
    assert [line.split("\t")[0] for line in out.splitlines()] == ["confirmed", "confirmed"]
    assert "2 confirmed" in err
    shop.reject_skus["P0002-S"] = "woocommerce_rest_invalid_sku"
    status, out, err = run_cli(base + ["--all"], capsys)
    assert status == 1
    assert "failed\tP0002\tP0002-S\t\twoocommerce_rest_invalid_sku" in out
    assert "skipped\tP0000" in out
    status, _, err = run_cli(base + ["--product", "NOPE"], capsys)
    assert status == 2 and "NOPE" in err
    with workspace.session() as session:
        connection = session.exec(select(ShopConnection)).one()
        assert connection.credential_ref == "env" and connection.url == shop.url
        assert session.exec(select(sa.func.count()).select_from(PushItem)).one() == 5
