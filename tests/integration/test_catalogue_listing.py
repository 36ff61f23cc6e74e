"""`list_products`: exactly the JSON the `list` command prints (shared/reference/cli.md), fast at any size."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import select

from app.db import Workspace, create_workspace
from app.models import Category, Product, Sku
from app.services.catalogue.listing import list_products
from app.services.workspace.demo import SCARF, SUITCASE, create_demo_workspace

PRODUCT_KEYS = {"code", "name_zh", "name_en", "category", "skus"}
SKU_KEYS = {"sku", "options", "gtin"}


@pytest.fixture
def handmade(tmp_path: Path) -> Iterator[Workspace]:
    """Products inserted out of order, SKUs with shuffled positions and a tie, one product without category."""
    workspace = create_workspace(tmp_path / "handmade.fdw")
    with workspace.session() as session:
        bags = Category(code="bags", name_zh="箱包", name_en="Bags")
        session.add(bags)
        session.flush()
        later = Product(code="B-200", name_zh="围巾", name_en="Scarf", category_id=bags.id)
        first = Product(code="A-100", name_zh="拉杆箱", name_en="Suitcase", category_id=bags.id)
        loose = Product(code="C-300", name_zh="样品", name_en="Sample")
        session.add_all([later, first, loose])
        session.flush()
        session.add_all([
            Sku(product_id=first.id, code="A-100-BLK-24", options={"colour": "黑色 Black", "size": '24"'},
                gtin="6901234567892", position=1),
            Sku(product_id=first.id, code="A-100-BLK-20", options={"colour": "黑色 Black", "size": '20"'},
                gtin="6901234567885", position=0),
            Sku(product_id=first.id, code="A-100-BLU-20", options={"colour": "蓝色 Blue", "size": '20"'},
                gtin="", position=1),
            Sku(product_id=later.id, code="B-200-GRY", options={"colour": "灰色 Grey"}, gtin="0012345678905",
                position=0),
        ])
    yield workspace
    workspace.close()


@pytest.fixture(scope="module")
def demo_workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    workspace = create_demo_workspace(tmp_path_factory.mktemp("listing") / "demo.fdw")
    yield workspace
    workspace.close()


def test_exact_shape_and_order_on_a_handmade_workspace(handmade: Workspace) -> None:
    assert list_products(handmade) == [
        {"code": "A-100", "name_zh": "拉杆箱", "name_en": "Suitcase", "category": "bags", "skus": [
            {"sku": "A-100-BLK-20", "options": {"colour": "黑色 Black", "size": '20"'}, "gtin": "6901234567885"},
            {"sku": "A-100-BLK-24", "options": {"colour": "黑色 Black", "size": '24"'}, "gtin": "6901234567892"},
            {"sku": "A-100-BLU-20", "options": {"colour": "蓝色 Blue", "size": '20"'}, "gtin": ""},
        ]},
        {"code": "B-200", "name_zh": "围巾", "name_en": "Scarf", "category": "bags", "skus": [
            {"sku": "B-200-GRY", "options": {"colour": "灰色 Grey"}, "gtin": "0012345678905"},
        ]},
        {"code": "C-300", "name_zh": "样品", "name_en": "Sample", "category": None, "skus": []},
    ]


def test_gtins_stay_text_with_leading_zeros_through_json(handmade: Workspace) -> None:
    listing = json.loads(json.dumps(list_products(handmade), ensure_ascii=False))
    assert listing[1]["skus"][0]["gtin"] == "0012345678905"
    assert listing == list_products(handmade)


def test_empty_workspace_lists_nothing(tmp_path: Path) -> None:
    workspace = create_workspace(tmp_path / "empty.fdw")
    try:
        assert list_products(workspace) == []
    finally:
        workspace.close()


def test_returned_options_are_independent_copies(handmade: Workspace) -> None:
    listing = list_products(handmade)
    listing[0]["skus"][0]["options"]["colour"] = "changed"
    assert list_products(handmade)[0]["skus"][0]["options"]["colour"] == "黑色 Black"
    assert listing[0]["skus"][1]["options"]["colour"] == "黑色 Black"


def test_two_queries_whatever_the_number_of_products(handmade: Workspace) -> None:
    with handmade.session() as session:
        for index in range(40):
            product = Product(code=f"Z-{index:03d}", name_zh="品", name_en="Item")
            session.add(product)
            session.flush()
            session.add(Sku(product_id=product.id, code=f"Z-{index:03d}-1", options={"size": "M"}))
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    sa.event.listen(handmade.engine, "before_cursor_execute", count)
    try:
        listing = list_products(handmade)
    finally:
        sa.event.remove(handmade.engine, "before_cursor_execute", count)
    assert len(listing) == 43
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 2


def test_demo_listing_shape_and_order(demo_workspace: Workspace) -> None:
    listing = list_products(demo_workspace)
    assert [p["code"] for p in listing] == sorted(p["code"] for p in listing)
    for entry in listing:
        assert set(entry) == PRODUCT_KEYS
        assert isinstance(entry["category"], str) and entry["skus"]
        for sku in entry["skus"]:
            assert set(sku) == SKU_KEYS
            assert isinstance(sku["gtin"], str) and len(sku["gtin"]) == 13
            assert all(isinstance(k, str) and isinstance(v, str) for k, v in sku["options"].items())
    suitcase = next(p for p in listing if p["code"] == SUITCASE.code)
    assert suitcase["category"] == "luggage" and len(suitcase["skus"]) == 9
    assert {tuple(sorted(s["options"])) for s in suitcase["skus"]} == {("colour", "size")}
    scarf = next(p for p in listing if p["code"] == SCARF.code)
    assert scarf["category"] == "scarf" and len(scarf["skus"]) == 4


def test_demo_listing_matches_the_database(demo_workspace: Workspace) -> None:
    with demo_workspace.session() as session:
        expected = {}
        for product in session.exec(select(Product)):
            skus = session.exec(select(Sku).where(Sku.product_id == product.id).order_by(Sku.position, Sku.code))
            expected[product.code] = [(s.code, s.options, s.gtin) for s in skus]
    listing = list_products(demo_workspace)
    assert {p["code"]: [(s["sku"], s["options"], s["gtin"]) for s in p["skus"]] for p in listing} == expected
