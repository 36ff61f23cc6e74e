"""The shop packs as the shops' importers read them (issue #12, points 4 and 13): one handle per product shared
with the push, picture columns that are web addresses or empty (with a warning), WooCommerce list values that
survive the importer's `explode_values`, weights and sizes in the shop's units, and Shopify's two header
dialects. Packs are built from the demo workspace and read back from disk."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, strategies as st
from sqlmodel import select

from app.db import Workspace
from app.models import Product
from app.models.handles import shop_handle
from app.models.units import DIMENSION_UNITS, WEIGHT_UNITS, length_in, weight_in
from app.services.listing.packs.builder import PackBlocked, build_pack, build_packs
from app.services.listing.packs.lint import lint_workspace
from app.services.listing.packs.options import (
    PackOptionError,
    PackOptions,
    check_image_base_url,
    image_url,
    pack_options,
)
from app.services.listing.packs.profiles import (
    ProfileError,
    effective_profile,
    profile_from_dict,
    profile_to_dict,
)
from app.services.listing.packs.woocommerce import PHP_TRIM, join_list
from app.services.workspace.demo import create_demo_workspace

BASE = "https://cdn.example.com/factory packs"
BASE_NORMAL = "https://cdn.example.com/factory%20packs"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    workspace = create_demo_workspace(tmp_path_factory.mktemp("options") / "demo.fdw")
    yield workspace
    workspace.close()


def read_csv(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def demo_codes(workspace: Workspace) -> list[str]:
    with workspace.session() as session:
        return sorted(session.exec(select(Product.code)).all())


# ---------------------------------------------------------------- WooCommerce's explode_values, reimplemented


def explode_values(value: str, separator: str = ",") -> list[str]:
    """`WC_Product_Importer::explode_values` as PHP runs it (abstract-wc-product-importer.php):
    `str_replace('\\,', '::separator::', $value)` — left to right, non-overlapping —, `explode($separator, …)`,
    then each piece through `explode_values_formatter`: `trim(str_replace('::separator::', ',', $piece))`."""
    pieces = value.replace("\\,", "::separator::").split(separator)
    return [piece.replace("::separator::", ",").strip(PHP_TRIM) for piece in pieces]


def parse_comma_field(value: str) -> list[str]:
    """`WC_Product_CSV_Importer::parse_comma_field` (attribute values): empty → [], `unescape_data` (a ' before
    = + - @ removed), then `explode_values` (wc_clean's tag stripping left out: the values hold no HTML)."""
    if not value and value != "0":
        return []
    if value[:2] in ("'=", "'+", "'-", "'@"):
        value = value[1:]
    return explode_values(value)


def test_the_reimplementation_reads_like_php() -> None:
    assert explode_values("Black\\, matte, Blue") == ["Black, matte", "Blue"]
    assert explode_values(" a ,b\t,\nc ") == ["a", "b", "c"]
    assert explode_values("a\\\\,b") == ["a\\,b"]          # the last backslash before the comma escapes it


@given(st.lists(st.text(alphabet=st.sampled_from(list("ab ,\\\t-=黑")), max_size=8), max_size=6))
def test_joined_list_values_come_back_exactly_through_explode_values(values: list[str]) -> None:
    expected = [v.strip(PHP_TRIM) for v in values if v.strip(PHP_TRIM)]
    joined = join_list(values)
    assert (explode_values(joined) if joined else []) == expected


def test_commas_in_attribute_values_categories_and_tags_survive_the_importer(tmp_path: Path) -> None:
    """A colour "Black, matte" and a category "Cups, mugs & flasks" as WooCommerce reads the CSV back."""
    workspace = create_demo_workspace(tmp_path / "commas.fdw")
    try:
        from app.models import Category, Sku

        with workspace.session() as session:
            for sku in session.exec(select(Sku).where(Sku.code == "XZ-CP-VT05-BLK")):
                sku.options = {**sku.options, "colour": "Black, matte"}
            thermos = session.exec(select(Product).where(Product.code == "XZ-CP-VT05")).one()
            category = session.get(Category, thermos.category_id)
            category.name_en = "Cups, mugs & flasks"
        report = build_pack(workspace, ["XZ-CP-VT05"], "woocommerce", tmp_path / "out")
    finally:
        workspace.close()
    rows = read_csv(report.path / "woocommerce_products.csv")
    parent = next(r for r in rows if r["Type"] == "variable")
    assert "Black\\, matte" in parent["Attribute 1 value(s)"]
    assert parse_comma_field(parent["Attribute 1 value(s)"]) == ["Mist White", "Pine Green", "Black, matte",
                                                                 "Warm Sand"]
    assert explode_values(parent["Categories"]) == ["Cups, mugs & flasks"]
    assert explode_values(parent["Tags"]) == ["Cups, mugs & flasks", "Xingzhe"]
    black = next(r for r in rows if r["SKU"] == "XZ-CP-VT05-BLK")
    assert parse_comma_field(black["Attribute 1 value(s)"]) == ["Black, matte"]   # one value, not two


# ---------------------------------------------------------------- handles


def test_the_csv_handle_is_the_push_handle_and_survives_a_rename(demo: Workspace, tmp_path: Path) -> None:
    from app.models import Sku
    from app.services.shops.shopify import (
        handle_for,  # what the push sends as the product's handle
    )

    first = read_csv(build_pack(demo, None, "shopify", tmp_path / "a").path / "shopify_products.csv")
    with demo.session() as session:
        product_of = dict(session.exec(select(Sku.code, Product.code).join(Product)).all())
    handles = {(product_of[r["SKU"]], r["URL handle"]) for r in first if r["SKU"]}
    assert len(handles) == len(demo_codes(demo)) == 4
    assert all(handle == shop_handle(code) == handle_for(code) for code, handle in handles)
    with demo.session() as session:
        scarf = session.exec(select(Product).where(Product.code == "XZ-SC-CB01")).one()
        scarf.name_en = "Xingzhe Check Scarf, renamed"
    again = read_csv(build_pack(demo, None, "shopify", tmp_path / "b").path / "shopify_products.csv")
    assert [r["URL handle"] for r in again] == [r["URL handle"] for r in first]


def test_codes_that_make_the_same_handle_block_the_shopify_pack_naming_both(workspace: Workspace,
                                                                          tmp_path: Path) -> None:
    with workspace.session() as session:
        session.add(Product(code="AB-1", name_zh="样品一", name_en="Sample one"))
        session.add(Product(code="ab.1", name_zh="样品二", name_en="Sample two"))
    clash = [f for f in lint_workspace(workspace, None, "shopify").findings if f.rule == "handle.clash"]
    assert {(f.product, f.severity.value, f.text) for f in clash} == {("AB-1", "error", "ab-1"),
                                                                     ("ab.1", "error", "ab-1")}
    assert all("AB-1" in f.message.en and "ab.1" in f.message.en and "ab.1" in f.message.zh for f in clash)
    with pytest.raises(PackBlocked) as blocked:
        build_pack(workspace, None, "shopify", tmp_path)
    assert {f.product for f in blocked.value.findings if f.rule == "handle.clash"} == {"AB-1", "ab.1"}
    woo = lint_workspace(workspace, None, "woocommerce").findings     # SKUs, not handles, identify products there
    assert not [f for f in woo if f.rule == "handle.clash"]


# ---------------------------------------------------------------- picture URLs


def test_the_image_base_url_is_checked_and_normalised() -> None:
    assert check_image_base_url("  ") == ""
    assert check_image_base_url("https://CDN.example.com/packs/") == "https://cdn.example.com/packs"
    assert check_image_base_url(f"{BASE}/") == BASE_NORMAL
    assert check_image_base_url("https://例子.中国/图片") == "https://xn--fsqu00a.xn--fiqs8s/%E5%9B%BE%E7%89%87"
    assert check_image_base_url("https://cdn.example.com/a%20b") == "https://cdn.example.com/a%20b"
    for bad, reason in [("http://cdn.example.com", "https://"), ("ftp://x.org", "https://"), ("cdn.example.com", "https://"),
                        ("https://", "host"), ("https://user:pw@cdn.example.com", "password"),
                        ("https://cdn.example.com/?v=1", "query"), ("https://cdn.example.com/#a", "query"),
                        ("https://cdn example.com", "space")]:
        with pytest.raises(PackOptionError) as refused:
            check_image_base_url(bad)
        assert reason in refused.value.message.en and refused.value.message.zh, bad
    with pytest.raises(PackOptionError):
        pack_options(weight_unit="lb")
    assert image_url(BASE_NORMAL, "shopify", "A B/images/01 main,1.jpg") == (
        f"{BASE_NORMAL}/shopify/A%20B/images/01%20main%2C1.jpg")
    assert image_url("", "shopify", "X/images/01_main.jpg") == ""


def test_with_a_base_url_every_shop_file_links_its_pictures(demo: Workspace, tmp_path: Path) -> None:
    options = pack_options(BASE)
    reports = build_packs(demo, None, ["shopify", "woocommerce", "amazon"], tmp_path, options=options)
    prefix = f"{BASE_NORMAL}/"

    def on_disk(url: str, platform: str) -> bool:   # the URL names the file the pack holds
        assert url.startswith(prefix + platform + "/"), url
        return (tmp_path / url[len(prefix):]).is_file()

    shopify = read_csv(reports["shopify"].path / "shopify_products.csv")
    pictures = [r for r in shopify if r["Product image URL"]]
    assert pictures and all(on_disk(r["Product image URL"], "shopify") for r in pictures)
    for handle in {r["URL handle"] for r in shopify}:
        positions = [r["Image position"] for r in shopify if r["URL handle"] == handle and r["Product image URL"]]
        assert positions == [str(n) for n in range(1, len(positions) + 1)]
    assert all(on_disk(r["Variant image URL"], "shopify") for r in shopify if r["Variant image URL"])
    woo = read_csv(reports["woocommerce"].path / "woocommerce_products.csv")
    assert all(r["Images"] and all(on_disk(u, "woocommerce") for u in explode_values(r["Images"])) for r in woo)
    amazon = read_csv(reports["amazon"].path / "amazon_flat_file.txt", "\t")
    assert all(on_disk(r["main_image_url"], "amazon") for r in amazon)
    for platform, report in reports.items():
        [note] = [f for f in report.findings if not f.product and f.rule.startswith("images.")]
        assert (note.rule, note.severity.value, note.product) == ("images.url", "info", "")
        assert on_disk(note.text, platform)
        manifest = json.loads((report.path / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["options"]["image_base_url"] == BASE_NORMAL


@pytest.mark.parametrize("lang, words", [("en", "No image base URL"), ("zh", "没有填写图片网址")])
def test_without_a_base_url_the_picture_columns_are_empty_and_the_pack_says_why(
        demo: Workspace, tmp_path: Path, lang: str, words: str) -> None:
    reports = build_packs(demo, None, ["shopify", "woocommerce", "amazon"], tmp_path, lang=lang)
    shopify = read_csv(reports["shopify"].path / "shopify_products.csv")
    assert not any(r["Product image URL"] or r["Variant image URL"] or r["Image position"] for r in shopify)
    woo = read_csv(reports["woocommerce"].path / "woocommerce_products.csv")
    assert not any(r["Images"] for r in woo)
    amazon = read_csv(reports["amazon"].path / "amazon_flat_file.txt", "\t")
    assert not any(r["main_image_url"] or r["other_image_url1"] for r in amazon)
    for report in reports.values():
        [warning] = [f for f in report.findings if f.rule == "images.no_url"]
        assert (warning.severity.value, warning.product) == ("warning", "")
        text = (report.path / "lint_report.txt").read_text(encoding="utf-8-sig")
        assert words in text and warning.message.text(lang) in text
        assert any(f["rule"] == "images.no_url" and words in f["message"]
                   for f in json.loads((report.path / "lint.json").read_text(encoding="utf-8")))


# ---------------------------------------------------------------- units


def test_weights_and_sizes_convert_exactly() -> None:
    assert weight_in(45359237, "lbs") == Decimal(100000)            # 1 lb = 453.59237 g exactly
    assert weight_in(28349523125, "oz") == Decimal(1000000000)      # 1 oz = 28.349523125 g exactly
    assert weight_in(1000, "lbs") == Decimal("2.205")              # 2.20462… → 0.001 lb
    assert weight_in(340, "oz") == Decimal("11.99")                # 11.9931… → 0.01 oz
    assert weight_in(340, "kg") == Decimal("0.34") and weight_in(2, "kg") == Decimal("0.002")
    assert weight_in(1, "lbs") == Decimal("0.002") and weight_in(0, "oz") == Decimal(0)
    assert length_in(254, "in") == Decimal(10) and length_in(9144, "yd") == Decimal(10)
    assert length_in(235, "cm") == Decimal("23.5") and length_in(235, "in") == Decimal("9.25")
    assert length_in(235, "m") == Decimal("0.235") and length_in(5, "mm") == Decimal(5)


def test_the_pack_writes_the_numbers_the_push_sends() -> None:
    """Importing the CSV and pushing later must not change a weight: the push's own conversion agrees."""
    from app.services.shops.woocommerce import length_text, weight_text

    for grams in (*range(0, 3000, 7), 45359237):
        for unit in WEIGHT_UNITS:
            assert f"{weight_in(grams, unit):f}" == weight_text(grams, unit), (grams, unit)
    for mm in range(1, 3000, 11):
        for unit in DIMENSION_UNITS:
            assert f"{length_in(mm, unit):f}" == length_text(mm, unit), (mm, unit)


def test_woocommerce_headers_name_the_shop_units(demo: Workspace, tmp_path: Path) -> None:
    options = pack_options(weight_unit="oz", dimension_unit="mm")
    report = build_pack(demo, ["XZ-CP-VT05"], "woocommerce", tmp_path, options=options)
    rows = read_csv(report.path / "woocommerce_products.csv")
    white = next(r for r in rows if r["SKU"] == "XZ-CP-VT05-WHT")   # 340 g, 72 × 72 × 235 mm
    assert (white["Weight (oz)"], white["Length (mm)"], white["Width (mm)"], white["Height (mm)"]) == (
        "11.99", "72", "72", "235")
    assert "Weight (kg)" not in white
    [units] = [f for f in report.findings if f.rule == "import.units"]
    assert units.text == "oz, mm" and "Weight (oz)" in units.message.en
    [gtin] = [f for f in report.findings if f.rule == "import.gtin_mapping"]
    assert gtin.text == "GTIN, UPC, EAN, or ISBN" and "by hand" in gtin.message.en and "手动" in gtin.message.zh


# ---------------------------------------------------------------- Shopify dialects


def test_both_shopify_dialects_hold_the_same_rows(demo: Workspace, tmp_path: Path) -> None:
    current = build_pack(demo, None, "shopify", tmp_path / "current", options=pack_options(BASE))
    legacy = build_pack(demo, None, "shopify", tmp_path / "legacy",
                        options=pack_options(BASE, shopify_dialect="legacy"))
    upload = effective_profile(demo, "shopify").upload
    names = {c.header: c.key for c in upload.columns}
    legacy_names = {c.header: c.key for c in upload.in_dialect("legacy").columns}
    new = [{names[h]: v for h, v in r.items()} for r in read_csv(current.path / "shopify_products.csv")]
    old = [{legacy_names[h]: v for h, v in r.items()} for r in read_csv(legacy.path / "shopify_products.csv")]
    # The legacy header keeps its (always empty) "Cost per item"; the current one leaves it out, so an import
    # that overwrites products by handle can't blank the costs the seller entered in Shopify.
    assert "cost_per_item" not in new[0] and {r.pop("cost_per_item") for r in old} == {""}
    assert list(old[0]) != list(new[0]) and sorted(old[0]) == sorted(new[0])
    assert {r["variant_inventory_policy"] for r in new if r["variant_sku"]} == {"DENY"}
    assert {r["variant_inventory_policy"] for r in old if r["variant_sku"]} == {"deny"}
    for row in old + new:
        row.pop("variant_inventory_policy")
    assert old == new
    manifest = json.loads((legacy.path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["options"]["shopify_dialect"] == manifest["options"]["upload_dialect"] == "legacy"


def test_dialects_and_unit_headers_round_trip_and_are_checked(demo: Workspace) -> None:
    shopify = effective_profile(demo, "shopify")
    assert shopify.upload.dialects == ("current", "legacy")
    assert profile_from_dict(profile_to_dict(shopify)) == shopify
    legacy = shopify.upload.in_dialect("legacy")
    assert legacy.in_dialect("current") == shopify.upload
    data = profile_to_dict(effective_profile(demo, "woocommerce"))
    data["upload"]["columns"][0]["header"] = "Type ({currency})"
    with pytest.raises(ProfileError, match="placeholders"):
        profile_from_dict(data)


def test_a_profile_without_the_asked_dialect_is_a_clear_error(demo: Workspace, tmp_path: Path) -> None:
    from dataclasses import replace

    from app.services.listing.packs.builder import build_profile

    shopify = effective_profile(demo, "shopify")
    only_current = replace(shopify, upload=replace(shopify.upload, other_dialects=()))
    with pytest.raises(ProfileError) as refused:
        build_profile(only_current, PackOptions(shopify_dialect="legacy"))
    assert "legacy" in refused.value.message.en and "current" in refused.value.message.en
