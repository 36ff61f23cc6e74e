"""The variant matrix: codes from a pattern, adding values without touching SKUs, removal reports, limits."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import select

from app.db import Workspace
from app.models import Product, Sku
from app.services.catalogue.variants import (
    AxisValue,
    ExistingSku,
    VariantAxis,
    VariantLimit,
    add_value,
    axes_from_json,
    axes_to_json,
    axis_slugs,
    limit_warnings,
    load_variant_limits,
    plan_variants,
    remove_value,
    render_code,
    skus_removed_by,
)

PATTERN = "{product}-{colour}-{size}"
COLOUR = VariantAxis("colour", "颜色", "Colour",
                     (AxisValue("曜石黑 Obsidian Black", "BLK"), AxisValue("雾霾蓝 Haze Blue"),
                                                 AxisValue("燕麦白"),))
SIZE = VariantAxis("size", "尺寸", "Size", (AxisValue('20"'), AxisValue("24寸"), AxisValue("２８寸")))


def existing_from(plan) -> list[ExistingSku]:
    return [ExistingSku(sku.code, sku.options, position=sku.position) for sku in plan.to_add]


def test_a_three_by_three_matrix() -> None:
    plan = plan_variants("XZ-LG-PC01", PATTERN, (COLOUR, SIZE))
    assert plan.ok and plan.kept == () and plan.to_delete == ()
    assert [sku.code for sku in plan.to_add] == [
        "XZ-LG-PC01-BLK-20", "XZ-LG-PC01-BLK-24", "XZ-LG-PC01-BLK-28",
        "XZ-LG-PC01-HAZEBLUE-20", "XZ-LG-PC01-HAZEBLUE-24", "XZ-LG-PC01-HAZEBLUE-28",
        "XZ-LG-PC01-C03-20", "XZ-LG-PC01-C03-24", "XZ-LG-PC01-C03-28",
    ]
    assert plan.to_add[4].options == {"colour": "雾霾蓝 Haze Blue", "size": "24寸"}
    assert [sku.position for sku in plan.to_add] == list(range(9))
    assert plan.warnings == ()


def test_slugs_are_ascii_unique_and_fall_back_to_numbers() -> None:
    axis = VariantAxis("颜色", values=(AxisValue("红"), AxisValue("Red"), AxisValue("red!"), AxisValue("1.5L"),
                                        AxisValue("x", code="b l/k")))
    # Own codes keep their case; a clash gets a number; no ASCII at all falls back to a numbered code.
    assert axis_slugs(axis) == {"红": "V01", "Red": "RED", "red!": "RED2", "1.5L": "1.5L", "x": "blk"}
    assert render_code(PATTERN, "P", {"colour": "BLK"}) == "P-BLK"     # a missing axis drops its separator
    assert render_code("{size}_{product}", "P", {}) == "P"


def test_adding_a_value_adds_only_the_missing_skus(workspace: Workspace) -> None:
    with workspace.session() as session:
        product = Product(code="XZ-LG-PC01", axes=axes_to_json((COLOUR, SIZE)), sku_pattern=PATTERN)
        session.add(product)
        session.flush()
        for sku in plan_variants(product.code, PATTERN, (COLOUR, SIZE)).to_add:
            session.add(Sku(product_id=product.id, code=sku.code, options=sku.options, position=sku.position))
    with workspace.session() as session:  # the user edits one SKU
        edited = session.exec(select(Sku).where(Sku.code == "XZ-LG-PC01-BLK-24")).one()
        edited.gtin, edited.cost = "0012345678905", Decimal("186.00")
    before = _skus(workspace)

    with workspace.session() as session:
        product = session.exec(select(Product)).one()
        axes = add_value(axes_from_json(product.axes), "size", "32寸")
        current = [ExistingSku(s.code, s.options, s.id, s.position) for s in session.exec(select(Sku))]
        plan = plan_variants(product.code, product.sku_pattern, axes, current)
        assert [s.code for s in plan.to_add] == ["XZ-LG-PC01-BLK-32", "XZ-LG-PC01-HAZEBLUE-32", "XZ-LG-PC01-C03-32"]
        assert len(plan.kept) == 9 and plan.to_delete == ()
        for sku in plan.to_add:
            session.add(Sku(product_id=product.id, code=sku.code, options=sku.options, position=sku.position))
        product.axes = axes_to_json(axes)

    after = _skus(workspace)
    assert len(after) == 12
    assert {code: row for code, row in after.items() if code in before} == before  # untouched, versions too
    assert before["XZ-LG-PC01-BLK-24"][:2] == ("0012345678905", Decimal("186.00"))
    assert sorted(row[3] for row in after.values()) == list(range(12))


def _skus(workspace: Workspace) -> dict[str, tuple]:
    with workspace.session() as session:
        return {s.code: (s.gtin, s.cost, dict(s.options), s.position, s.version) for s in session.exec(select(Sku))}


def test_adding_an_existing_value_changes_nothing() -> None:
    assert add_value((COLOUR, SIZE), "size", '20"') == (COLOUR, SIZE)


def test_removing_a_value_reports_the_skus_it_would_delete() -> None:
    existing = existing_from(plan_variants("P", PATTERN, (COLOUR, SIZE)))
    axes = remove_value((COLOUR, SIZE), "colour", "雾霾蓝 Haze Blue")
    removed = skus_removed_by("P", PATTERN, axes, existing)
    assert [sku.code for sku in removed] == ["P-HAZEBLUE-20", "P-HAZEBLUE-24", "P-HAZEBLUE-28"]
    plan = plan_variants("P", PATTERN, axes, existing)
    assert plan.to_add == () and len(plan.kept) == 6


def test_an_axis_without_values_is_left_out_not_a_reason_to_delete() -> None:
    existing = existing_from(plan_variants("P", PATTERN, (COLOUR,)))
    plan = plan_variants("P", PATTERN, (COLOUR, VariantAxis("size", "尺寸", "Size")), existing)
    assert plan.to_delete == () and plan.to_add == () and len(plan.kept) == 3
    assert any("no values yet" in warning.en for warning in plan.warnings)


def test_codes_never_collide() -> None:
    plan = plan_variants("P", PATTERN, (COLOUR, SIZE), taken_codes={"P-BLK-20"})
    assert plan.to_add[0].code == "P-BLK-20-2"
    plan = plan_variants("P", "{product}-{colour}", (COLOUR, SIZE))
    assert len({sku.code for sku in plan.to_add}) == 9
    assert any("{size}" in warning.en for warning in plan.warnings)


def test_invalid_codes_and_patterns_are_problems() -> None:
    plan = plan_variants("P" * 58, PATTERN, (COLOUR, SIZE))
    assert not plan.ok and "60" in plan.problems[0].en
    assert not plan_variants("P", "{product", (COLOUR,)).ok


def test_a_product_without_axes_gets_one_sku() -> None:
    plan = plan_variants("P-1", PATTERN, ())
    assert [(sku.code, sku.options) for sku in plan.to_add] == [("P-1", {})]


def test_axes_json_round_trip_keeps_values_as_strings() -> None:
    raw = axes_to_json((COLOUR, SIZE))
    assert raw[0]["values"][0] == "曜石黑 Obsidian Black" and raw[0]["codes"] == {"曜石黑 Obsidian Black": "BLK"}
    assert "codes" not in raw[1]
    assert axes_from_json(raw) == (COLOUR, SIZE)


def test_platform_limits_come_from_data() -> None:
    limits = load_variant_limits()
    shopify = next(limit for limit in limits if limit.platform == "shopify")
    assert (shopify.max_options, shopify.max_variants) == (3, 2048)
    assert shopify.source and shopify.checked
    four = tuple(VariantAxis(key, values=(AxisValue("a"), AxisValue("b"))) for key in ("k1", "k2", "k3", "k4"))
    plan = plan_variants("P", "{product}-{k1}-{k2}-{k3}-{k4}", four)
    assert any("3 options" in w.en for w in plan.warnings) and any("3 个规格" in w.zh for w in plan.warnings)


def test_variant_count_warning() -> None:
    assert limit_warnings(3, 2048, load_variant_limits()) == []
    warnings = limit_warnings(3, 2197, load_variant_limits())
    assert len(warnings) == 1 and "2,048" in warnings[0].en and "2,197" in warnings[0].en
    big = tuple(VariantAxis(k, values=tuple(AxisValue(str(n)) for n in range(13))) for k in ("a", "b", "c"))
    plan = plan_variants("P", "{product}-{a}-{b}-{c}", big)
    assert len(plan.to_add) == 2197 and any("2,048" in w.en for w in plan.warnings)


def test_limits_file_can_be_replaced(tmp_path: Path) -> None:
    path = tmp_path / "limits.json"
    path.write_text(json.dumps({"platforms": [{"platform": "x", "max_options": 1, "max_variants": None}]}), "utf-8")
    limits = load_variant_limits(path)
    assert limits == (VariantLimit("x", "x", "x", 1, None),)
    assert len(plan_variants("P", PATTERN, (COLOUR, SIZE), limits=limits).warnings) == 1


@pytest.mark.parametrize("value, slug", [("２８寸", "28"), ('20"', "20"), ("XL", "XL"), ("加大款", "S01")])
def test_value_slugs(value: str, slug: str) -> None:
    assert axis_slugs(VariantAxis("size", values=(AxisValue(value),)))[value] == slug
