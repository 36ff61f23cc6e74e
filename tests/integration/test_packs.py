"""Listing packs for every platform, built from the demo workspace: upload files that parse back in each
platform's format, pictures at the platform's sizes on white, a manifest whose checksums hold, no private
field anywhere in the pack, and atomic writing (a failed or cancelled build leaves nothing under the final name).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from decimal import ROUND_CEILING, Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from sqlmodel import select

from app import __version__, partial_files, sqlite_only
from app.db import Workspace, open_workspace
from app.models import FactoryProfile, Product, Sku
from app.partial_files import wait_for_removals
from app.services.kernel.jobs import Cancelled
from app.services.listing.packs import builder, files as pack_files
from app.services.listing.packs.builder import PackBlocked, PackReport, build_pack
from app.services.listing.packs.images import ANY_SIZE_FAMILIES
from app.services.listing.packs.profiles import (
    PLATFORM_IDS,
    Family,
    ProfileError,
    UnknownPlatform,
    edited_profile,
    effective_profile,
    profile_from_dict,
    profile_to_dict,
    save_override,
    shipped_profiles,
)
from app.services.listing.packs.source import UnknownProduct
from app.services.listing.picture_checks import is_white_background
from app.services.workspace.demo import create_demo_workspace

#: The Shopify legacy header dialect, exactly as shared/reference/platforms.md lists it.
SHOPIFY_LEGACY_HEADER = ["Handle", "Title", "Body (HTML)", "Vendor", "Product Category", "Type", "Tags", "Published",
                         "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Option3 Name",
                         "Option3 Value", "Variant SKU", "Variant Grams", "Variant Inventory Tracker",
                         "Variant Inventory Qty", "Variant Inventory Policy", "Variant Fulfillment Service",
                         "Variant Price", "Variant Compare At Price", "Variant Requires Shipping", "Variant Taxable",
                         "Variant Barcode", "Image Src", "Image Position", "Image Alt Text", "Gift Card", "SEO Title",
                         "SEO Description", "Variant Image", "Variant Weight Unit", "Cost per item", "Status"]
#: Shopify's current header names (its help page and product_template.csv), the columns the pack fills.
SHOPIFY_CURRENT_HEADER = ["Title", "URL handle", "Description", "Vendor", "Product category", "Type", "Tags",
                          "Published on online store", "Status", "SKU", "Barcode", "Option1 name", "Option1 value",
                          "Option2 name", "Option2 value", "Option3 name", "Option3 value", "Price", "Compare-at price",
                          "Charge tax", "Inventory tracker", "Inventory quantity", "Continue selling when out of stock",
                          "Weight value (grams)", "Weight unit for display", "Requires shipping", "Fulfillment service",
                          "Product image URL", "Image position", "Image alt text", "Variant image URL", "Gift card",
                          "SEO title", "SEO description"]
WOO_HEADER_START = ["Type", "SKU", "Name", "Published", "Short description", "Description", "Regular price",
                    "Sale price", "Categories", "Tags", "Images", "Parent", "Attribute 1 name",
                    "Attribute 1 value(s)", "Attribute 1 visible", "Attribute 1 global"]
CHINESE_FIELDS = ["标题", "类目", "品牌", "货号", "颜色分类", "尺码", "价格", "库存", "商家编码", "条形码", "主图",
                  "详情"]
CHINESE_PLATFORMS = ("tmall", "taobao", "jd", "pinduoduo", "douyin", "1688")
LEADING_ZERO_GTIN = "0012345678905"
SHOPIFY_TEST_SIZE = 1024   # a workspace override of Shopify's 2048 px main size (keeps the suite quick)


# ---------------------------------------------------------------- the demo workspace and its packs


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """The demo workspace (its USD rate is in the workspace's table), with a leading-zero GTIN, formula-looking
    text, no pricing plan for the thermos, and a workspace override of Shopify's image size."""
    from app.models.pricing import PricingPlan
    from app.services.pricing.plans import PricingService

    workspace = create_demo_workspace(tmp_path_factory.mktemp("demo") / "demo.fdw")
    with workspace.session() as session:
        scarf_sku = session.exec(select(Sku).where(Sku.code == "XZ-SC-CB01-GRY")).one()
        scarf_sku.gtin = LEADING_ZERO_GTIN
        thermos = session.exec(select(Product).where(Product.code == "XZ-CP-VT05")).one()
        thermos.selling_points_zh = ["=1+1 一拧即开", *thermos.selling_points_zh]
        thermos.selling_points_en = [*thermos.selling_points_en, "=SUM(A1:A9) opens with one twist"]
        suitcase_id = session.exec(select(Product.id).where(Product.code == "XZ-LG-PC01")).one()
        # The demo saves a plan for every product: drop the thermos's to test "no plan".
        for plan_row in session.exec(select(PricingPlan).where(PricingPlan.product_id == thermos.id)):
            session.delete(plan_row)
    service = PricingService(workspace)
    service.save_plan(service.default_plan(suitcase_id))
    shopify = effective_profile(workspace, "shopify")
    save_override(workspace, edited_profile(shopify, images=replace(shopify.images, main_size=SHOPIFY_TEST_SIZE)))
    yield workspace
    workspace.close()


@pytest.fixture(scope="module")
def packs(demo: Workspace, tmp_path_factory: pytest.TempPathFactory) -> dict[str, PackReport]:
    out = tmp_path_factory.mktemp("packs")
    return {platform: build_pack(demo, None, platform, out) for platform in PLATFORM_IDS}


def private_texts(workspace: Workspace) -> list[str]:
    """Every private value: SKU costs, reference prices and labels, the OEM history (and telling parts of it)."""
    with workspace.session() as session:
        values = [f"{cost:f}" for cost in session.exec(select(Sku.cost)) if cost is not None]
        for product in session.exec(select(Product)):
            if product.reference_price is not None:
                values.append(f"{product.reference_price:f}")
            if product.reference_label:
                values.append(product.reference_label)
        history = session.exec(select(FactoryProfile)).one().oem_history
    values += [history, *[part for part in re.split(r"[；。，]", history) if len(part) >= 6]]
    return values


def pack_texts(folder: Path) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of every file in a pack, XLSX files unzipped into their XML parts."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for member in archive.namelist():
                    yield f"{path.name}:{member}", archive.read(member)
        else:
            yield str(path.relative_to(folder)), data


def xlsx_rows(path: Path) -> tuple[list[str], list[list[object]], list[object]]:
    """(headers, values, cells) of the first sheet."""
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows())
    return [c.value for c in rows[0]], [[c.value for c in row] for row in rows[1:]], [c for row in rows for c in row]


# ---------------------------------------------------------------- profiles


def test_every_platform_has_a_valid_profile_that_round_trips() -> None:
    profiles = shipped_profiles()
    assert tuple(profiles) == PLATFORM_IDS
    for profile in profiles.values():
        assert profile_from_dict(profile_to_dict(profile)) == profile
        for group in (profile.title, profile.images, profile.variants, profile.required, profile.upload):
            assert group.provenance.source and group.provenance.date is not None
    taobao = profiles["taobao"].title
    assert (taobao.measure.value, taobao.build_budget, taobao.limits[0].max) == ("cjk_double", 60, 60)
    assert profiles["tmall"].images.detail_width == 790 and profiles["taobao"].images.detail_width == 750
    amazon = {limit.id: limit for limit in profiles["amazon"].title.limits}
    assert (amazon["title_max"].max, amazon["title_max"].severity.value) == (200, "error")
    assert (amazon["title_reported_cap"].max, amazon["title_reported_cap"].severity.value) == (75, "warning")
    assert amazon["title_reported_cap"].provenance.status.value == "third_party"
    assert profiles["jd"].title.provenance.status.value == "to_check"
    assert profiles["shopify"].upload.headers == SHOPIFY_CURRENT_HEADER
    assert profiles["shopify"].upload.in_dialect("legacy").headers == SHOPIFY_LEGACY_HEADER
    assert profiles["amazon"].images.white_background_main and profiles["amazon"].search_terms.max_bytes == 250


def test_profile_errors_name_the_key() -> None:
    data = profile_to_dict(shipped_profiles()["taobao"])
    data["title"]["measure"] = "bytes?"
    with pytest.raises(ProfileError, match=r"title\.measure"):
        profile_from_dict(data)
    data = profile_to_dict(shipped_profiles()["taobao"])
    data["upload"]["columns"].append({"key": "cost", "header": "成本"})
    with pytest.raises(ProfileError, match="unknown column key 'cost'"):
        profile_from_dict(data)
    with pytest.raises(UnknownPlatform):
        effective_profile(None, "ebay")


def test_workspace_overrides_win_and_must_be_newer(demo: Workspace) -> None:
    shipped = shipped_profiles()["shopify"]
    current = effective_profile(demo, "shopify")
    assert current.version == shipped.version + 1 and current.images.main_size == SHOPIFY_TEST_SIZE
    with pytest.raises(ProfileError, match="version"):
        save_override(demo, shipped)


# ---------------------------------------------------------------- every pack


def test_every_platform_builds_a_complete_pack(packs: dict[str, PackReport]) -> None:
    for platform, report in packs.items():
        folder = report.path
        assert folder.name == platform and folder.is_dir()
        assert report.products == ("XZ-CP-VT05", "XZ-LG-FO20", "XZ-LG-PC01", "XZ-SC-CB01")
        assert report.count("error") == 0, [f for f in report.findings if f.severity.value == "error"]
        for name in ("lint.json", "lint_report.txt", "manifest.json"):
            assert (folder / name).is_file()
        for code in report.products:
            assert (folder / code / "title.txt").read_text(encoding="utf-8").strip()
            assert (folder / code / "specs.csv").read_bytes().startswith(b"\xef\xbb\xbf")
        leftovers = [p.name for p in folder.parent.iterdir() if p.name.startswith(".")]
        assert leftovers == []


def test_manifest_lists_every_file_with_its_sha256(packs: dict[str, PackReport], demo: Workspace) -> None:
    for platform, report in packs.items():
        manifest = json.loads((report.path / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["app_version"] == __version__ and manifest["platform"] == platform
        assert manifest["profile_versions"]["platform"] == {platform: effective_profile(demo, platform).version}
        assert manifest["profile"]["source"] == ("workspace" if platform == "shopify" else "shipped")
        listed = {entry["path"]: entry for entry in manifest["files"]}
        on_disk = {p.relative_to(report.path).as_posix() for p in report.path.rglob("*") if p.is_file()}
        assert set(listed) == on_disk - {"manifest.json"}
        for path, entry in listed.items():
            data = (report.path / path).read_bytes()
            assert entry["size"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest(), path


def test_no_private_field_appears_in_any_pack_file(packs: dict[str, PackReport], demo: Workspace) -> None:
    secrets = private_texts(demo)
    assert "152.00" in secrets and "36.80" in secrets and any("代工" in s for s in secrets)
    pattern = re.compile(rb"(?<![\d.])(?:" + b"|".join(re.escape(s.encode("utf-8")) for s in secrets) + rb")(?!\d)")
    for report in packs.values():
        for name, data in pack_texts(report.path):
            leak = pattern.search(data)
            assert leak is None, f"{leak.group(0).decode('utf-8', 'replace')!r} leaked into {report.platform}/{name}"


def test_lint_json_has_the_cli_shape(packs: dict[str, PackReport]) -> None:
    for report in packs.values():
        findings = json.loads((report.path / "lint.json").read_text(encoding="utf-8"))
        assert len(findings) == len(report.findings)
        for finding in findings:
            assert set(finding) == {"product", "field", "rule", "text", "severity", "message"}
            assert finding["severity"] in ("error", "warning", "info")


# ---------------------------------------------------------------- pictures


def _corners_white(path: Path) -> bool:
    with Image.open(path) as image:
        rgb = image.convert("RGB")
        w, h = rgb.size
        return all(min(rgb.getpixel(xy)) >= 250 for xy in ((0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1)))


def test_pictures_are_cut_to_each_platforms_sizes(packs: dict[str, PackReport], demo: Workspace) -> None:
    for platform, report in packs.items():
        rule = effective_profile(demo, platform).images
        for code in report.products:
            images = report.path / code / "images"
            mains = sorted(images.glob("*_main.jpg"))
            assert mains and [p.name for p in mains] == [f"{n:02d}_main.jpg" for n in range(1, len(mains) + 1)]
            assert len(mains) <= rule.main_max_count
            for path in mains + sorted(images.glob("variant_*.jpg")):
                with Image.open(path) as picture:
                    side = picture.width
                    assert picture.size == (side, side), (platform, path.name)
                    # The platform's size, or a smaller picture's own where the platform takes it (never enlarged).
                    smaller_allowed = (effective_profile(demo, platform).family in ANY_SIZE_FAMILIES
                                       and (rule.min_long_side or 0) <= side < rule.main_size)
                    assert side == rule.main_size or smaller_allowed, (platform, path.name, side)
                assert _corners_white(path), (platform, path.name)
            for path in sorted(images.glob("detail_[0-9]*.jpg")):
                with Image.open(path) as picture:
                    assert picture.width == rule.detail_width, (platform, path.name)
            strips = sorted(images.glob("detail_strip*.jpg"))
            assert bool(strips) == rule.detail_strip
            for path in strips:
                with Image.open(path) as picture:
                    assert picture.width == rule.detail_width
            white = images / "white.jpg"
            assert white.exists() == rule.white_background_image
            if white.exists():
                assert is_white_background(white.read_bytes())
            if rule.white_background_main:
                assert is_white_background(mains[0].read_bytes())


# ---------------------------------------------------------------- upload files


def test_shopify_csv_has_the_current_header_and_groups_variants_by_handle(packs: dict[str, PackReport],
                                                                           demo: Workspace) -> None:
    path = packs["shopify"].path / "shopify_products.csv"
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")     # the first header must read "Title"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == SHOPIFY_CURRENT_HEADER
    # read with the legacy names (the same columns): current header -> column key -> legacy header
    current = effective_profile(demo, "shopify").upload
    legacy = {c.key: c.header for c in current.in_dialect("legacy").columns}
    records = [dict(zip([legacy[c.key] for c in current.columns], row, strict=False)) for row in rows[1:]]
    assert all(len(row) == len(SHOPIFY_CURRENT_HEADER) for row in rows)
    with demo.session() as session:
        sku_total = len(session.exec(select(Sku)).all())
    handles = list(dict.fromkeys(r["Handle"] for r in records))
    assert len(handles) == 4
    for handle in handles:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", handle), handle
        group = [r for r in records if r["Handle"] == handle]
        assert group[0]["Title"] and group[0]["Status"] == "draft" and group[0]["Published"] == "FALSE"
        variants = [r for r in group if r["Variant SKU"]]
        images = [r for r in group if not r["Variant SKU"]]
        assert len({"-".join(r["Variant SKU"].split("-")[:3]) for r in variants}) == 1   # one product per handle
        assert all(r["Option1 Value"] for r in variants)
        assert not images and not any(r["Image Src"] or r["Variant Image"] for r in group)   # no picture URL
        assert all(not r["Title"] for r in group[1:])
    assert sum(1 for r in records if r["Variant SKU"]) == sku_total
    assert "Cost per item" not in rows[0]  # private, and an empty column would blank the shop's costs on overwrite
    suitcase = [r for r in records if r["Variant SKU"].startswith("XZ-LG-PC01-")]
    assert len(suitcase) == 9 and {r["Option1 Name"] for r in suitcase[:1]} == {"Colour"}
    assert suitcase[0]["Option2 Name"] == "Size" and suitcase[0]["Option1 Value"] == "Obsidian Black"
    assert all(Decimal(r["Variant Price"]) > 0 for r in suitcase)     # priced in USD at the workspace's rate
    thermos = [r for r in records if r["Variant SKU"].startswith("XZ-CP-VT05-")]
    assert thermos and all(Decimal(r["Variant Price"]) > 0 for r in thermos)   # no plan: the same rate, 30% margin
    assert not [f for f in packs["shopify"].findings if f.rule == "price.missing"]
    assert any(f.rule == "price.default_plan" and f.product == "XZ-CP-VT05" for f in packs["shopify"].findings)
    assert {r["Variant Barcode"] for r in records if r["Variant SKU"] == "XZ-SC-CB01-GRY"} == {LEADING_ZERO_GTIN}


def test_csv_cells_that_look_like_formulas_are_neutralised(packs: dict[str, PackReport]) -> None:
    with open(packs["amazon"].path / "amazon_flat_file.txt", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    thermos = [r for r in rows if r["item_sku"].startswith("XZ-CP-VT05")]
    assert thermos and all(r["bullet_point5"] == "'=SUM(A1:A9) opens with one twist" for r in thermos)


def test_woocommerce_csv_has_a_variable_row_and_variations_with_parent(packs: dict[str, PackReport],
                                                                         demo: Workspace) -> None:
    with open(packs["woocommerce"].path / "woocommerce_products.csv", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames[:len(WOO_HEADER_START)] == WOO_HEADER_START
        rows = list(reader)
    with demo.session() as session:
        products = {p.id: p.code for p in session.exec(select(Product))}
        skus: dict[str, list[str]] = {code: [] for code in products.values()}
        for sku in session.exec(select(Sku)):
            skus[products[sku.product_id]].append(sku.code)
    parents = [r for r in rows if r["Type"] == "variable"]
    assert sorted(r["SKU"] for r in parents) == sorted(skus)
    for parent in parents:
        variations = [r for r in rows if r["Parent"] == parent["SKU"]]
        assert sorted(r["SKU"] for r in variations) == sorted(skus[parent["SKU"]])
        assert all(r["Type"] == "variation" for r in variations)
        assert parent["Attribute 1 name"] == "Colour" and "," in parent["Attribute 1 value(s)"]
        assert {r["Attribute 1 value(s)"] for r in variations} <= set(parent["Attribute 1 value(s)"].split(", "))
        assert parent["Images"] == "" and all(r["Images"] == "" for r in variations)   # no URL: nothing to fail on
    assert len(rows) == len(parents) + sum(len(v) for v in skus.values())
    suitcase = [r for r in rows if r["Parent"] == "XZ-LG-PC01"]
    assert all(re.fullmatch(r"\d+\.\d{2}", r["Regular price"]) for r in suitcase)   # prices are strings
    assert [r["GTIN, UPC, EAN, or ISBN"] for r in rows if r["SKU"] == "XZ-SC-CB01-GRY"] == [LEADING_ZERO_GTIN]


def test_amazon_flat_file_has_title_bullets_search_terms_and_text_gtins(packs: dict[str, PackReport],
                                                                         demo: Workspace) -> None:
    profile = effective_profile(demo, "amazon")
    with open(packs["amazon"].path / "amazon_flat_file.txt", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    children = [r for r in rows if r["parent_child"] != "parent"]
    assert {r["parent_child"] for r in rows} == {"parent", "child"}
    for row in children:
        assert row["item_name"].startswith("Xingzhe") and len(row["item_name"]) <= 75
        assert row["brand_name"] == "Xingzhe"
        bullets = [row[f"bullet_point{n}"] for n in range(1, 6)]
        assert all(10 <= len(b) <= 255 for b in bullets), bullets
        assert len(row["generic_keywords"].encode("utf-8")) <= 250
        assert re.fullmatch(r"\d{12,14}", row["external_product_id"])
        assert row["product_description"] and "\n" not in row["product_description"]
    suitcase = [r for r in children if r["parent_sku"] == "XZ-LG-PC01"]
    assert len(suitcase) == 9 and {r["variation_theme"] for r in suitcase} == {"SizeColor"}
    assert {r["size_name"] for r in suitcase} == {'20"', '24"', '28"'}
    assert all(r["currency"] == "USD" and Decimal(r["standard_price"]) > 0 for r in suitcase)
    [scarf] = [r for r in rows if r["item_sku"] == "XZ-SC-CB01-GRY"]
    assert (scarf["external_product_id"], scarf["external_product_id_type"]) == (LEADING_ZERO_GTIN, "EAN")
    headers, values, cells = xlsx_rows(packs["amazon"].path / "amazon_flat_file.xlsx")
    assert headers == profile.upload.headers
    column = headers.index("external_product_id")
    assert LEADING_ZERO_GTIN in [row[column] for row in values]
    assert all(cell.data_type != "f" for cell in cells)


@pytest.mark.parametrize("platform", CHINESE_PLATFORMS)
def test_chinese_xlsx_has_chinese_field_names_and_text_cells(packs: dict[str, PackReport], demo: Workspace,
                                                             platform: str) -> None:
    profile = effective_profile(demo, platform)
    headers, values, cells = xlsx_rows(packs[platform].path / profile.upload.file_name)
    assert headers == profile.upload.headers and set(CHINESE_FIELDS) <= set(headers)
    assert all(cell.data_type != "f" for cell in cells)
    with demo.session() as session:
        assert len(values) == len(session.exec(select(Sku)).all())   # one row per SKU
    column = {name: headers.index(name) for name in headers}
    [scarf] = [row for row in values if row[column["商家编码"]] == "XZ-SC-CB01-GRY"]
    assert scarf[column["条形码"]] == LEADING_ZERO_GTIN and scarf[column["颜色分类"]] == "烟灰"
    thermos_points = {row[column["卖点"]] for row in values if row[column["货号"]] == "XZ-CP-VT05"}
    assert all(text.startswith("=1+1") for text in thermos_points)   # text, not a formula
    for row in values:
        title = row[column["标题"]]
        assert title and sum(1 if ord(c) < 0x80 else 2 for c in title) <= 60
        assert isinstance(row[column["价格"]], (int, float)) and row[column["价格"]] > 0
    suitcase = [row for row in values if row[column["货号"]] == "XZ-LG-PC01"]
    assert {row[column["尺码"]] for row in suitcase} == {'20"', '24"', '28"'}


def test_odm_sheet_has_supply_prices_from_the_pricing_engine(packs: dict[str, PackReport], demo: Workspace) -> None:
    profile = effective_profile(demo, "odm")
    headers, values, cells = xlsx_rows(packs["odm"].path / profile.upload.file_name)
    assert headers == profile.upload.headers and "供货价(不含税)" in headers
    assert all(cell.data_type != "f" for cell in cells)
    column = {name: headers.index(name) for name in headers}
    with demo.session() as session:
        costs = {sku.code: sku.cost for sku in session.exec(select(Sku))}
    for row in values:
        code = row[column["SKU编码"]]
        margin = Decimal("0.30") if code.startswith("XZ-CP-VT05") else Decimal("0.20")   # no plan / the saved plans
        expected = (costs[code] / (1 - margin)).quantize(Decimal("0.01"), rounding=ROUND_CEILING)  # NONE ending
        assert Decimal(str(row[column["供货价(不含税)"]])) == expected, code
        assert row[column["建议零售价"]] > row[column["供货价(不含税)"]]
        assert row[column["起订量"]] == 300 and row[column["资质证书"]]


def test_odm_sheet_agrees_with_the_pricing_pages_odm_row_to_the_cent(workspace: Workspace, tmp_path: Path) -> None:
    """Costs where rounding used to drift: 10.00 at 30% (S = 14.2857…) gave a retail of 23.81 on the sheet (from
    the unquoted S) against 23.82 on the Pricing page (from the quoted 14.29); 11.00 (S = 15.7142…) gave 15.71 /
    26.19 on the sheet against 15.72 / 26.20. Both now come from the engine and `odm_retail_estimate`."""
    from app.services.pricing import Target, TargetKind
    from app.services.pricing.plans import PricingService

    with workspace.session() as session:
        product = Product(code="ODM-CUP", name_zh="杯子", name_en="Cup", currency="CNY")
        session.add(product)
        session.flush()
        for position, (code, cost) in enumerate((("ODM-CUP-10", "10.00"), ("ODM-CUP-11", "11.00"))):
            session.add(Sku(product_id=product.id, code=code, cost=Decimal(cost), position=position))
        product_id = product.id
    service = PricingService(workspace)
    plan = replace(service.default_plan(product_id), target=Target(TargetKind.MARGIN, Decimal("0.30")))
    service.save_plan(plan)
    report = build_pack(workspace, ["ODM-CUP"], "odm", tmp_path, override_reason="rounding test")
    headers, values, _ = xlsx_rows(report.path / effective_profile(workspace, "odm").upload.file_name)
    sheet = {row[headers.index("SKU编码")]: (Decimal(str(row[headers.index("供货价(不含税)")])),
                                           Decimal(str(row[headers.index("建议零售价")]))) for row in values}
    page = {}
    for sku in service.skus(product_id):
        row = next(r for r in service.evaluate(service.with_sku(plan, sku.id)).rows if r.channel_id == "odm")
        page[sku.code] = (row.outcome.result.paid_price, row.outcome.platform_retail)
    assert sheet == page
    assert page == {"ODM-CUP-10": (Decimal("14.29"), Decimal("23.82")),
                    "ODM-CUP-11": (Decimal("15.72"), Decimal("26.20"))}


# ---------------------------------------------------------------- atomic writing, blocking, errors


def test_a_failure_mid_build_leaves_nothing_under_the_final_name(demo: Workspace, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> list[Path]:
        raise RuntimeError("disk full (injected)")

    from app.services.listing.packs import woocommerce

    monkeypatch.setattr(woocommerce, "write_upload", broken)
    with pytest.raises(RuntimeError, match="injected"):
        build_pack(demo, ["XZ-SC-CB01"], "woocommerce", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_rebuild_keeps_the_previous_pack(demo: Workspace, tmp_path: Path) -> None:
    first = build_pack(demo, ["XZ-SC-CB01"], "pinduoduo", tmp_path)
    manifest = (first.path / "manifest.json").read_bytes()

    asked: list[bool] = []

    def cancel_after_first_product() -> bool:
        # asked once after the lint, then after each product: say yes once a product is half-way on disk
        asked.append(True)
        return len(asked) == 2 and any(tmp_path.glob(".pinduoduo.*.partial/XZ-SC-CB01/images/01_main.jpg"))

    with pytest.raises(Cancelled):
        build_pack(demo, ["XZ-SC-CB01", "XZ-CP-VT05"], "pinduoduo", tmp_path, cancel=cancel_after_first_product)
    assert len(asked) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["pinduoduo"]
    assert (tmp_path / "pinduoduo" / "manifest.json").read_bytes() == manifest
    again = build_pack(demo, ["XZ-CP-VT05"], "pinduoduo", tmp_path)   # a successful rebuild replaces it
    wait_for_removals()   # the old pack, renamed aside, is deleted in the background
    assert again.products == ("XZ-CP-VT05",) and [p.name for p in tmp_path.iterdir()] == ["pinduoduo"]
    assert not (tmp_path / "pinduoduo" / "XZ-SC-CB01").exists()


def test_the_replaced_pack_is_deleted_after_the_build_returns(demo: Workspace, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Deleting the old pack (seconds for a thousand products) is not part of the wait: the build returns with
    the new pack in place and the old one renamed aside, which a background thread then deletes."""
    build_pack(demo, ["XZ-SC-CB01"], "pinduoduo", tmp_path)
    release, deleting = threading.Event(), []
    real_remove_all = partial_files._remove_all

    def held_back(paths: list[Path]) -> None:
        deleting.extend(paths)
        release.wait(30)
        real_remove_all(paths)

    monkeypatch.setattr(partial_files, "_remove_all", held_back)
    report = build_pack(demo, ["XZ-CP-VT05"], "pinduoduo", tmp_path)

    assert report.path == tmp_path / "pinduoduo" and (report.path / "XZ-CP-VT05").is_dir()
    assert [p.name for p in deleting] == [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert len(deleting) == 1 and (deleting[0] / "XZ-SC-CB01").is_dir(), "the old pack, aside, not yet deleted"
    release.set()
    wait_for_removals()
    assert [p.name for p in tmp_path.iterdir()] == ["pinduoduo"]


def test_progress_is_reported(demo: Workspace, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    build_pack(demo, ["XZ-SC-CB01"], "jd", tmp_path, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] and [d for d, _ in seen] == sorted(d for d, _ in seen)


@pytest.fixture
def risky(demo: Workspace, tmp_path: Path) -> Iterator[Workspace]:
    """A copy of the demo whose scarf says 最佳 and 大牌同款."""
    copy = tmp_path / "risky.fdw"
    sqlite_only.online_backup(demo.path, copy)
    workspace = open_workspace(copy)
    with workspace.session() as session:
        scarf = session.exec(select(Product).where(Product.code == "XZ-SC-CB01")).one()
        scarf.description_zh = "大牌同款，全网最佳的羊绒围巾。" + scarf.description_zh
    yield workspace
    workspace.close()


def test_lint_errors_block_the_pack_unless_overridden_with_a_reason(risky: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(PackBlocked) as blocked:
        build_pack(risky, ["XZ-SC-CB01"], "taobao", out)
    assert {(f.rule, f.text) for f in blocked.value.findings if f.severity.value == "error"} == {
        ("absolute_term", "最佳"), ("borrowed_brand", "大牌同款")}
    assert not out.exists() or list(out.iterdir()) == []
    report = build_pack(risky, ["XZ-SC-CB01"], "taobao", out, override_reason="客户确认：文字下周修改", lang="zh")
    manifest = json.loads((report.path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["override_reason"] == "客户确认：文字下周修改" and manifest["lint"]["error"] == 2
    text = (report.path / "lint_report.txt").read_text(encoding="utf-8-sig")
    assert "客户确认" in text and "最佳" in text and "错误 2" in text


def test_unknown_products_and_platforms_are_refused(demo: Workspace, tmp_path: Path) -> None:
    with pytest.raises(UnknownProduct, match="NOPE"):
        build_pack(demo, ["XZ-SC-CB01", "NOPE"], "taobao", tmp_path)
    with pytest.raises(UnknownPlatform):
        build_pack(demo, None, "ebay", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_folder_names_are_safe_everywhere() -> None:
    assert pack_files.folder_name("HY/PB:01*") == "HY_PB_01_"
    assert pack_files.folder_name("CON") == "_CON"
    assert pack_files.folder_name("旅行袋-𠀀") == "旅行袋-𠀀"


def test_families_have_a_writer() -> None:
    assert set(builder.WRITERS) == set(Family)


def test_a_bare_product_still_gets_a_pack_on_every_platform_when_overridden(workspace: Workspace,
                                                                             tmp_path: Path) -> None:
    """No SKUs, no pictures, no category: the lint says what is missing, and an override still builds."""
    with workspace.session() as session:
        session.add(Product(code="BARE/01", name_zh="样品", name_en="Sample"))
    for platform in PLATFORM_IDS:
        with pytest.raises(PackBlocked) as blocked:
            build_pack(workspace, None, platform, tmp_path)
        assert any(f.rule.startswith("required.") for f in blocked.value.findings)
        report = build_pack(workspace, None, platform, tmp_path, override_reason="sample listing")
        assert (report.path / "BARE_01" / "title.txt").read_text(encoding="utf-8").strip()
        upload = [p for p in report.path.iterdir() if p.suffix in (".csv", ".xlsx", ".txt") and p.is_file()
                  and not p.name.startswith("lint")]
        assert upload, platform


def test_size_chart_for_categories_that_have_one(workspace: Workspace, tmp_path: Path) -> None:
    from app.services.catalogue.categories import (
        category_by_code,
        install_default_categories,
    )
    from app.services.listing.packs.content import build_content, size_chart
    from app.services.listing.packs.source import load_products

    with workspace.session() as session:
        install_default_categories(session)
        apparel = category_by_code(session, "apparel")
        shirt = Product(code="TEE", name_zh="纯棉T恤", name_en="Cotton T-shirt", brand="行者 Xingzhe",
                        category_id=apparel.id, attributes={"fabric": "纯棉"},
                        axes=[{"key": "size", "name_zh": "尺码", "name_en": "Size", "values": ["M", "L"]}])
        session.add(shirt)
        session.flush()
        session.add_all([Sku(product_id=shirt.id, code="TEE-M", options={"size": "M"}, weight_g=180,
                             length_mm=700, width_mm=500, height_mm=10),
                         Sku(product_id=shirt.id, code="TEE-L", options={"size": "L"}, weight_g=200,
                             length_mm=720, width_mm=530, height_mm=10, position=1)])
    [product] = load_products(workspace, ["TEE"])
    chart = size_chart(product, "zh")
    assert chart is not None and chart.headers[0] == "尺码"
    assert chart.rows == (("M", "700 × 500 × 10", "180"), ("L", "720 × 530 × 10", "200"))
    content = build_content(product, effective_profile(workspace, "shopify"), "Cotton T-shirt")
    assert "Size chart" in content.description_html and "720 × 530 × 10" in content.description_html
    report = build_pack(workspace, ["TEE"], "taobao", tmp_path, override_reason="no pictures yet")
    assert (report.path / "TEE" / "size_chart.csv").read_text(encoding="utf-8-sig").startswith("尺码,")


def test_a_folder_that_is_not_a_pack_is_never_replaced(demo: Workspace, tmp_path: Path) -> None:
    """Building into a folder that already holds the user's own `shopify/` folder refuses and keeps it."""
    from app.services.listing.packs.builder import PackError, build_pack

    own = tmp_path / "out" / "shopify"
    own.mkdir(parents=True)
    (own / "my-own-notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(PackError):
        build_pack(demo, None, "shopify", tmp_path / "out")
    assert (own / "my-own-notes.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in own.iterdir()) == ["my-own-notes.txt"]
    first = build_pack(demo, None, "woocommerce", tmp_path / "out")   # a real pack can be rebuilt in place
    again = build_pack(demo, None, "woocommerce", tmp_path / "out")
    assert first.path == again.path and (again.path / "manifest.json").is_file()
