"""The demo workspace: complete, valid, compliant with the app's own listing rules, and never overwriting."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from itertools import product as cartesian
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlmodel import Session, select

from app import sqlite_only
from app.db import Workspace, WorkspaceExists, head_revision, open_workspace
from app.models import (
    AttributeDef,
    Blob,
    Category,
    Certificate,
    FactoryProfile,
    Product,
    ProductCertificate,
    ProductImage,
    Sku,
)
from app.models.gtin import is_chinese_gtin, is_valid_gtin
from app.services.workspace import demo
from app.services.workspace.demo import create_demo_workspace

#: Advertising-law absolute terms (Art. 9), brand-riding patterns and other brands' names: none may
#: appear in any text a listing could carry.
FORBIDDEN_ZH = ("最", "第一", "顶级", "极品", "国家级", "独家", "首选", "万能", "100%", "大牌", "同款", "原单",
                "一比一",
                "平替", "同厂同线", "代工")
FORBIDDEN_BRANDS = ("valentino", "armani", "muji", "covestro", "bayer", "拜耳", "科思创", "makrolon", "samsonite",
                    "rimowa")
FORBIDDEN_EN = re.compile(r"\b(best|no\. ?1|number one|#1|ultimate|top-quality|world-class)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, list[tuple[int, int]]]]:
    """One demo workspace for the whole module (building it takes a few seconds), with its progress calls."""
    calls: list[tuple[int, int]] = []
    path = tmp_path_factory.mktemp("demo") / "demo.fdw"
    workspace = create_demo_workspace(path, progress=lambda done, total: calls.append((done, total)))
    yield workspace, calls
    workspace.close()


@pytest.fixture
def session(built: tuple[Workspace, list[tuple[int, int]]]) -> Iterator[Session]:
    workspace, _ = built
    with workspace.session() as session:
        yield session


def _product(session: Session, code: str) -> Product:
    product = session.exec(select(Product).where(Product.code == code)).one()
    return product


def _skus(session: Session, product: Product) -> list[Sku]:
    return list(session.exec(select(Sku).where(Sku.product_id == product.id).order_by(Sku.position)))


def test_at_least_three_products_in_two_categories(session: Session) -> None:
    products = list(session.exec(select(Product)))
    assert len(products) >= 3
    assert len({p.category_id for p in products}) >= 2
    assert all(p.category_id is not None for p in products)


def test_suitcase_has_nine_skus_three_colours_by_three_sizes(session: Session) -> None:
    suitcase = _product(session, demo.SUITCASE.code)
    skus = _skus(session, suitcase)
    assert len(skus) == 9
    axes = {axis["key"]: axis["values"] for axis in suitcase.axes}
    assert set(axes) == {"colour", "size"} and len(axes["colour"]) == 3 and axes["size"] == ['20"', '24"', '28"']
    combinations = {(s.options["colour"], s.options["size"]) for s in skus}
    assert combinations == set(cartesian(axes["colour"], axes["size"]))
    assert all(s.code.startswith(f"{suitcase.code}-") for s in skus)
    assert len({s.code for s in skus}) == 9


def test_suitcase_costs_rise_with_size_within_a_realistic_band(session: Session) -> None:
    skus = _skus(session, _product(session, demo.SUITCASE.code))
    by_size = {s.options["size"]: s.cost for s in skus}
    assert all(150 <= cost <= 230 for cost in by_size.values() if cost is not None)
    assert by_size['20"'] < by_size['24"'] < by_size['28"']
    assert all(s.weight_g and s.length_mm and s.width_mm and s.height_mm for s in skus)


def test_scarf_has_four_colours(session: Session) -> None:
    skus = _skus(session, _product(session, demo.SCARF.code))
    assert len(skus) == 4
    assert len({s.options["colour"] for s in skus}) == 4
    assert all(set(s.options) == {"colour"} for s in skus)


def test_every_gtin_is_a_valid_unique_chinese_ean13(session: Session) -> None:
    gtins = [sku.gtin for sku in session.exec(select(Sku))]
    assert gtins and all(is_valid_gtin(g) and is_chinese_gtin(g) and g.startswith("69") for g in gtins)
    assert len(set(gtins)) == len(gtins)


def test_gtins_are_deterministic(session: Session) -> None:
    for spec in demo.PRODUCTS:
        skus = _skus(session, _product(session, spec.code))
        assert [s.gtin for s in skus] == [demo.demo_gtin(spec.gtin_item_base + s.position) for s in skus]


def test_every_product_is_bilingual_and_complete(session: Session) -> None:
    for product in session.exec(select(Product)):
        assert product.name_zh.strip() and product.name_en.strip()
        assert re.search(r"[\u4e00-\u9fff]", product.name_zh) and product.name_en.isascii()
        assert product.description_zh and product.description_en and product.materials and product.differentiator
        assert 3 <= len(product.selling_points_zh) <= 5
        assert len(product.selling_points_zh) == len(product.selling_points_en)
        assert product.reference_price is not None and product.reference_label


def test_every_product_has_a_white_1000px_main_image(session: Session) -> None:
    for product in session.exec(select(Product)):
        main = session.exec(select(ProductImage).where(ProductImage.product_id == product.id,
                                                       ProductImage.role == "main")).first()
        assert main is not None, product.code
        blob = session.get(Blob, main.blob_id)
        assert blob is not None
        image = Image.open(io.BytesIO(blob.data))
        assert image.format == "PNG" and image.size == (1000, 1000) == (main.width, main.height)
        rgb = image.convert("RGB")
        for corner in ((0, 0), (999, 0), (0, 999), (999, 999), (20, 20), (980, 980)):
            assert rgb.getpixel(corner) == (255, 255, 255), (product.code, corner)
        assert rgb.getpixel((500, 500)) != (255, 255, 255)  # the product is actually there


def test_images_roles_and_variant_pictures(session: Session) -> None:
    suitcase = _product(session, demo.SUITCASE.code)
    images = list(session.exec(select(ProductImage).where(ProductImage.product_id == suitcase.id)))
    roles = {image.role for image in images}
    assert {"main", "white_background", "detail", "variant"} <= roles
    variants = [image for image in images if image.role == "variant"]
    assert len(variants) == 3
    skus = {sku.id: sku for sku in _skus(session, suitcase)}
    assert {skus[image.sku_id].options["colour"] for image in variants if image.sku_id} == {
        axis for axis in suitcase.axes[0]["values"]}
    detail = next(image for image in images if image.role == "detail")
    assert (detail.width, detail.height) == (750, 1000)


def test_attributes_follow_the_category_template(session: Session) -> None:
    for product in session.exec(select(Product)):
        template = list(session.exec(select(AttributeDef).where(AttributeDef.category_id == product.category_id)))
        by_key = {a.key: a for a in template}
        for attribute in template:
            if attribute.required and not attribute.is_axis:
                assert attribute.key in product.attributes, (product.code, attribute.key)
        for key, value in product.attributes.items():
            definition = by_key[key]
            assert not definition.is_axis
            if definition.kind == "choice":
                assert value in {c["zh"] for c in definition.choices}, (product.code, key, value)
            elif definition.kind == "number":
                assert isinstance(value, (int, float))
            elif definition.kind == "yes_no":
                assert isinstance(value, bool)
        assert {axis["key"] for axis in product.axes} <= {a.key for a in template if a.is_axis}


def _listing_texts(product: Product, skus: list[Sku]) -> list[str]:
    texts: list[Any] = [product.name_zh, product.name_en, product.description_zh, product.description_en,
                        product.materials, product.differentiator, product.brand, product.reference_label,
                        *product.selling_points_zh, *product.selling_points_en]
    texts += [value for value in product.attributes.values() if isinstance(value, str)]
    texts += [value for axis in product.axes for value in axis["values"]]
    texts += [value for sku in skus for value in sku.options.values()]
    return [str(text) for text in texts]


def test_no_absolute_terms_or_other_brands_in_product_text(session: Session) -> None:
    for product in session.exec(select(Product)):
        for text in _listing_texts(product, _skus(session, product)):
            for word in FORBIDDEN_ZH:
                assert word not in text, (product.code, word, text)
            for brand in FORBIDDEN_BRANDS:
                assert brand not in text.lower(), (product.code, brand, text)
            assert not FORBIDDEN_EN.search(text), (product.code, text)


def test_factory_profile_and_certificates(session: Session) -> None:
    profile = session.exec(select(FactoryProfile)).one()
    assert profile.name_zh and profile.name_en and profile.brand_zh and profile.brand_en
    assert "上海" in profile.address_zh and "Shanghai" in profile.address_en
    assert profile.capacity_per_month and profile.moq and profile.lead_time_days
    assert profile.oem_history and profile.oem_history_private
    certificates = {c.name: c for c in session.exec(select(Certificate))}
    assert "ISO 9001:2015" in certificates and "OEKO-TEX Standard 100" in certificates
    assert any(c.kind == "test_report" and "SGS" in c.issuer for c in certificates.values())
    for certificate in certificates.values():
        assert certificate.expires_on and certificate.issued_on and certificate.expires_on > certificate.issued_on
        blob = session.get(Blob, certificate.blob_id)
        assert blob is not None and blob.mime == "image/png"
        assert Image.open(io.BytesIO(blob.data)).size == (1240, 1754)
    links = list(session.exec(select(ProductCertificate)))
    assert {link.product_id for link in links} == {p.id for p in session.exec(select(Product))}


def test_categories_installed(session: Session) -> None:
    codes = set(session.exec(select(Category.code)))
    assert {"luggage", "scarf", "apparel", "thermos", "pillow", "power_bank", "generic"} <= codes


def test_progress_reported_to_completion(built: tuple[Workspace, list[tuple[int, int]]]) -> None:
    _, calls = built
    assert calls and calls[-1][0] == calls[-1][1]
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert len({total for _, total in calls}) == 1


def test_workspace_passes_integrity_check_and_reopens(built: tuple[Workspace, list[tuple[int, int]]]) -> None:
    workspace, _ = built
    assert sqlite_only.check_file(workspace.path, full=True) == (True, "ok")
    reopened = open_workspace(workspace.path)
    try:
        assert reopened.revision() == head_revision()
        assert reopened.migrated_from is None
    finally:
        reopened.close()


def test_audit_trail_records_the_build(session: Session) -> None:
    from app.models import AuditEntry

    entities = {entry.entity for entry in session.exec(select(AuditEntry))}
    assert {"factory_profile", "certificate", "category", "product", "workspace"} <= entities


def test_refuses_to_overwrite_and_leaves_the_file_unchanged(tmp_path: Path) -> None:
    target = tmp_path / "precious.fdw"
    target.write_bytes(b"a factory's only copy of its catalogue")
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    with pytest.raises(WorkspaceExists):
        create_demo_workspace(target)
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["precious.fdw"]


def test_a_failed_build_leaves_no_half_made_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(demo, "_picture_jobs", lambda: [])  # no drawing: this test is about clean-up
    monkeypatch.setattr(demo, "_add_product", fail)
    target = tmp_path / "half.fdw"
    with pytest.raises(RuntimeError):
        create_demo_workspace(target)
    assert list(tmp_path.iterdir()) == []


def test_certificate_scans_without_a_chinese_font(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a machine with no Chinese font the scans fall back to English text in Pillow's own font."""
    from datetime import date

    from app.services.workspace import demo_images

    monkeypatch.setattr(demo_images, "cjk_font_path", lambda: None)
    scan = demo._certificate_scan(demo.CERTIFICATES[0], date(2025, 1, 1), date(2028, 1, 1))
    assert Image.open(io.BytesIO(scan)).size == (1240, 1754)
    assert demo._scan_text("中国质量认证中心 China Quality Certification Centre (CQC)", False) == (
        "China Quality Certification Centre (CQC)")


def test_cancelling_stops_the_build_and_removes_the_file(tmp_path: Path) -> None:
    calls: list[int] = []
    target = tmp_path / "cancelled.fdw"
    with pytest.raises(demo.DemoCancelled):
        create_demo_workspace(target, progress=lambda done, total: calls.append(done),
                              cancelled=lambda: len(calls) >= 2)
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_every_demo_product_prices_on_cross_border_channels_out_of_the_box(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The demo saves a plan per product and a dated USD rate in the workspace's table, so Shopify, Amazon and
    WooCommerce price."""
    from app.services.pricing.plans import PricingService
    from app.services.workspace.demo import DEMO_USD_RATE, create_demo_workspace

    workspace = create_demo_workspace(tmp_path / "demo.fdw")
    try:
        pricing = PricingService(workspace)
        assert [(r.source, r.target, r.rate) for r in pricing.rates()] == [("USD", "CNY", DEMO_USD_RATE)]
        for choice in pricing.products():
            assert pricing.has_saved_plan(choice.id)
            plan = pricing.load_plan(choice.id)
            evaluation = pricing.evaluate(plan.with_channel("shopify", True).with_channel("amazon_us", True))
            rows = {row.channel_id: row for row in evaluation.rows}
            assert rows["shopify"].outcome.error is None and rows["amazon_us"].outcome.error is None
    finally:
        workspace.close()
