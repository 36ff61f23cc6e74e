"""The wizard's factory brand in each platform's language (#16): the brand told in the brand step becomes the first
product's brand ("行者 Xingzhe"); Chinese platforms (Tmall, Taobao, JD, Pinduoduo, Douyin, 1688) show 行者, English
ones (Amazon, Shopify, WooCommerce) show Xingzhe — in the title, the spec table and the bulk-upload file — and a
brand told in one language only is shown as it is on both kinds. A shop push shows what the English pack shows.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.services.catalogue.categories import category_by_code
from app.services.listing.packs.builder import build_pack
from app.services.listing.packs.profiles import PLATFORM_IDS, effective_profile
from app.services.onboarding.flow import OnboardingFlow
from app.services.shops.payloads import PayloadBuilder
from app.services.workspace.services import WorkspaceServices, new_services

CHINESE = ("tmall", "taobao", "jd", "pinduoduo", "douyin", "1688")
ENGLISH = ("amazon", "shopify", "woocommerce")
UPLOAD_FILES = {"tmall": "tmall_upload.xlsx", "taobao": "taobao_upload.xlsx", "jd": "jd_upload.xlsx",
                "pinduoduo": "pinduoduo_upload.xlsx", "douyin": "douyin_upload.xlsx", "1688": "1688_upload.xlsx",
                "amazon": "amazon_flat_file.txt", "shopify": "shopify_products.csv",
                "woocommerce": "woocommerce_products.csv"}


@pytest.fixture
def services(tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = new_services(tmp_path / "brand.fdw")
    yield opened
    opened.close()


def first_product(services: WorkspaceServices, brand_zh: str, brand_en: str) -> None:
    """The wizard's steps 1–3 through the flow: the factory, its brand, the first product (no brand typed)."""
    services.factory.save_profile({"name_zh": "宁波星舟箱包厂", "brand_zh": brand_zh, "brand_en": brand_en})
    with services.workspace.session() as session:
        category = category_by_code(session, "luggage")
        assert category is not None
        category_id = category.id
    OnboardingFlow(services).create_first_product("XZ-01", "铝框拉杆箱", category_id, "Aluminium trolley case",
                                                  "铝镁合金框，静音万向轮。")


def upload_text(path: Path) -> str:
    """Every cell of the bulk-upload file, as text (xlsx cells joined; csv and tab files as they are)."""
    if path.suffix == ".xlsx":
        book = load_workbook(path, read_only=True)
        return "\n".join(str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                         for cell in row if cell is not None)
    return path.read_text(encoding="utf-8-sig")


def test_the_platforms_are_split_as_the_reference_says(services: WorkspaceServices) -> None:
    """The language each platform lists in comes from its profile: six Chinese, three English (platforms.md)."""
    languages = {pid: effective_profile(services.workspace, pid).language for pid in PLATFORM_IDS}
    assert {pid for pid, lang in languages.items() if lang == "zh"} >= set(CHINESE)
    assert {pid for pid, lang in languages.items() if lang == "en"} == set(ENGLISH)


@pytest.mark.parametrize(("brand_zh", "brand_en", "shown_zh", "shown_en"), [
    ("行者", "Xingzhe", "行者", "Xingzhe"),      # both told: each kind of platform its own
    ("行者", "", "行者", "行者"),                # Chinese only: English platforms fall back to it
    ("", "Xingzhe", "Xingzhe", "Xingzhe"),      # English only: Chinese platforms fall back to it
])
def test_the_factory_brand_in_each_platforms_language(services: WorkspaceServices, tmp_path: Path, brand_zh: str,
                                                      brand_en: str, shown_zh: str, shown_en: str) -> None:
    first_product(services, brand_zh, brand_en)
    for platform in (*CHINESE, *ENGLISH):
        shown = shown_zh if platform in CHINESE else shown_en
        other = ({brand_zh, brand_en} - {shown, ""})
        pack = build_pack(services.workspace, ["XZ-01"], platform, tmp_path / "packs",
                          override_reason="no pictures yet").path
        specs = list(csv.reader(io.StringIO((pack / "XZ-01" / "specs.csv").read_text(encoding="utf-8-sig"))))
        brand_rows = [row[1] for row in specs if row[0] in ("品牌", "Brand")]
        assert brand_rows == [shown], (platform, specs)
        upload = upload_text(pack / UPLOAD_FILES[platform])
        assert shown in upload, platform
        texts = [upload, (pack / "XZ-01" / "title.txt").read_text(encoding="utf-8-sig"),
                 (pack / "XZ-01" / "specs.csv").read_text(encoding="utf-8-sig")]
        for text in texts:
            for word in other:
                assert word not in text, (platform, word, text)
    title = (tmp_path / "packs" / "tmall" / "XZ-01" / "title.txt").read_text(encoding="utf-8-sig")
    assert title.startswith(shown_zh) or shown_zh in title   # Tmall titles carry the brand
    amazon = (tmp_path / "packs" / "amazon" / "XZ-01" / "title.txt").read_text(encoding="utf-8-sig")
    assert amazon.startswith(shown_en)                      # Amazon titles start with it


def test_a_shop_push_names_the_english_brand(services: WorkspaceServices) -> None:
    """Shopify's vendor from a push is the brand the English pack shows, not the bilingual value."""
    first_product(services, "行者", "Xingzhe")
    services.pricing.save_plan(services.pricing.load_plan(services.products.product_id_for_code("XZ-01") or 0)
                               .with_cost("materials", Decimal("120")))
    [payload] = PayloadBuilder(services.workspace, "woocommerce", pictures=False).build(["XZ-01"]).values()
    assert not isinstance(payload, Exception)
    assert payload.vendor == "Xingzhe"
