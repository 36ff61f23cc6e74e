"""ProductService: create, versioned edits and conflicts, SKU validation, variants, images, evidence, audit, stats."""

from __future__ import annotations

import io
import struct
import zlib
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image
from sqlmodel import select

from app.db import Workspace, open_workspace
from app.models import AuditEntry, ImageRole, Product, Sku
from app.models.gtin import complete_gtin
from app.services.catalogue.categories import (
    category_by_code,
    install_default_categories,
)
from app.services.catalogue.factory_profile import FactoryProfileService
from app.services.catalogue.products import (
    EditConflict,
    ProductService,
    RecordGone,
    ValidationFailed,
    clean_sku_changes,
    parse_attribute_input,
)
from app.services.catalogue.search import ensure_search_index

GTIN_1 = complete_gtin("697054800100")
GTIN_2 = complete_gtin("001234567890")  # leading zeros stay
COLOUR = {"key": "colour", "name_zh": "颜色", "name_en": "Colour", "values": ["黑色 Black", "灰色 Grey"]}
SIZE = {"key": "size", "name_zh": "尺寸", "name_en": "Size", "values": ["20寸", "24寸"]}
PATTERN = "{product}-{colour}-{size}"


@pytest.fixture
def service(workspace: Workspace) -> ProductService:
    with workspace.session() as session:
        install_default_categories(session)
    return ProductService(workspace)


@pytest.fixture
def luggage_id(workspace: Workspace, service: ProductService) -> int:
    with workspace.session() as session:
        category = category_by_code(session, "luggage")
        assert category is not None and category.id is not None
        return category.id


def png_file(path: Path, size: tuple[int, int] = (60, 40), colour: tuple[int, int, int] = (10, 120, 200)) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def png_bomb(path: Path, width: int = 20000, height: int = 20000) -> Path:
    """A valid 1-bit PNG declaring 400 megapixels: tiny on disk, gigabytes once decoded."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
                     + chunk(b"IDAT", body) + chunk(b"IEND", b""))
    return path


def stats(workspace: Workspace, product_id: int) -> tuple[int, int | None, int]:
    with workspace.engine.connect() as connection:
        row = connection.execute(sa.text("SELECT sku_count, completeness, stale FROM catalogue_stats "
                                         "WHERE product_id = :id"), {"id": product_id}).one()
    return int(row[0]), row[1], int(row[2])


def audit_actions(workspace: Workspace, entity: str) -> list[str]:
    with workspace.session() as session:
        return [entry.action for entry in session.exec(select(AuditEntry).where(AuditEntry.entity == entity)
                                                       .order_by(AuditEntry.id))]


# --- create -------------------------------------------------------------------------------------------

def test_create_validates_the_code_and_refuses_a_taken_one(service: ProductService, luggage_id: int) -> None:
    detail = service.create_product("XZ-LG-PC01", "行李箱", "Suitcase", luggage_id)
    assert (detail.code, detail.name_zh, detail.category_id, detail.version) == ("XZ-LG-PC01", "行李箱", luggage_id, 1)
    assert detail.status == "draft" and detail.skus == () and detail.images == ()
    with pytest.raises(ValidationFailed) as bad:
        service.create_product("XZ LG 01")
    assert bad.value.problems[0].field == "code"
    with pytest.raises(ValidationFailed) as taken:
        service.create_product("xz-lg-pc01")  # codes are unique whatever the case
    assert taken.value.problems[0].code == "taken"
    assert "已被使用" in taken.value.message.zh


def test_create_refreshes_stats_and_records_an_audit_entry(service: ProductService, workspace: Workspace) -> None:
    detail = service.create_product("P-1", "杯子", "Cup")
    assert stats(workspace, detail.id) == (0, service.completeness(detail.id).score, 0)
    assert audit_actions(workspace, "product") == ["create"]


# --- versioned edits ---------------------------------------------------------------------------------

def test_update_returns_the_new_version_and_refuses_a_stale_one(service: ProductService, workspace: Workspace,
                                                                 tmp_path: Path) -> None:
    detail = service.create_product("P-1", "杯子", "Cup")
    version = service.update_product_fields(detail.id, detail.version, {"name_en": "Mug", "brand": "行者"})
    assert version == detail.version + 1
    assert service.update_product_fields(detail.id, version, {"name_en": "Mug"}) == version  # no change, no bump
    # A second window on the same file saves first...
    other = open_workspace(workspace.path)
    try:
        other_service = ProductService(other)
        version_2 = other_service.update_product_fields(detail.id, version, {"name_en": "Travel mug"})
        # ...so this editor's edit, made against the version it loaded, is refused, not silently written.
        with pytest.raises(EditConflict) as conflict:
            service.update_product_fields(detail.id, version, {"name_en": "Coffee mug"})
        assert conflict.value.current_version == version_2 and conflict.value.expected_version == version
        assert "changed in another window" in conflict.value.message.en and "其他窗口" in conflict.value.message.zh
        assert service.load(detail.id).name_en == "Travel mug"
        # Overwrite = re-apply against the stored version.
        service.update_product_fields(detail.id, conflict.value.current_version, {"name_en": "Coffee mug"})
        assert other_service.load(detail.id).name_en == "Coffee mug"
    finally:
        other.close()


def test_a_writer_slipping_in_after_the_check_is_caught_by_the_orm(service: ProductService, workspace: Workspace,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The explicit check passes, then another writer commits before the flush: StaleDataError -> EditConflict."""
    detail = service.create_product("P-1", "杯子", "Cup")
    other = open_workspace(workspace.path)
    original = ProductService._product_for_update
    raced: list[bool] = []

    def check_then_race(self, session, product_id, expected):  # type: ignore[no-untyped-def]
        product = original(self, session, product_id, expected)
        if self is service and not raced:
            raced.append(True)
            ProductService(other).update_product_fields(product_id, expected, {"brand": "race"})
        return product

    monkeypatch.setattr(ProductService, "_product_for_update", check_then_race)
    try:
        with pytest.raises(EditConflict) as conflict:
            service.update_product_fields(detail.id, detail.version, {"name_en": "Mine"})
        assert conflict.value.current_version == detail.version + 1
    finally:
        monkeypatch.undo()
        other.close()
    stored = service.load(detail.id)
    assert (stored.name_en, stored.brand) == ("Cup", "race")


def test_product_field_validation(service: ProductService, luggage_id: int) -> None:
    detail = service.create_product("P-1")
    for changes, field in (({"status": "sold"}, "status"), ({"reference_price": "NaN"}, "reference_price"),
                           ({"reference_price": "-5"}, "reference_price"), ({"sku_pattern": "{product"}, "sku_pattern"),
                           ({"code": "bad code"}, "code"), ({"currency": "XYZ"}, "currency")):
        with pytest.raises(ValidationFailed) as failed:
            service.update_product_fields(detail.id, detail.version, changes)
        assert failed.value.problems[0].field == field, changes
    version = service.update_product_fields(detail.id, detail.version, {
        "reference_price": "¥2,890.00", "selling_points_zh": "第一点\n\n 第二点 ", "category_id": luggage_id,
        "attributes": {"capacity": 38, "tsa_lock": True, "blank": ""}})
    stored = service.load(detail.id)
    assert stored.reference_price == Decimal("2890.00") and str(stored.reference_price) == "2890.00"
    assert stored.selling_points_zh == ("第一点", "第二点")
    assert dict(stored.attributes) == {"capacity": 38, "tsa_lock": True}
    assert stored.version == version
    with pytest.raises(RecordGone):
        service.update_product_fields(9999, 1, {"name_en": "x"})


def test_attribute_input_follows_the_template_conventions(service: ProductService, luggage_id: int) -> None:
    template = {attribute.key: attribute for attribute in service.attribute_template(luggage_id)}
    assert parse_attribute_input(template["capacity"], "38 L") == (38, [])
    assert parse_attribute_input(template["capacity"], "２.５") == (2.5, [])
    value, problems = parse_attribute_input(template["capacity"], "lots")
    assert value is None and problems[0].code == "number" and "请输入数字" in problems[0].message.zh
    assert parse_attribute_input(template["capacity"], "1e5")[1], "exponents are refused"
    assert parse_attribute_input(template["shell_material"], "PC (polycarbonate)") == ("PC 聚碳酸酯", [])
    assert parse_attribute_input(template["shell_material"], "wood")[1][0].code == "choice"
    assert parse_attribute_input(template["tsa_lock"], False) == (False, [])
    assert parse_attribute_input(template["capacity"], "") == (None, [])


def test_texts_must_fit_their_limits_and_lose_invisible_characters(service: ProductService) -> None:
    """Issue #18: a 1,000,000-character name made printing run past 300 s. The editor's saves go through
    here, so the limits of app/models/field_limits.py hold for every caller (the editor, bulk edit, import)."""
    detail = service.create_product("P-1")
    cases = [({"name_zh": "名" * 201}, "name_zh", "too_long", "200"),
             ({"description_en": "d" * 20_001}, "description_en", "too_long", "20,000"),
             ({"materials": "m" * 2_001}, "materials", "too_long", "2,000"),
             ({"selling_points_zh": ["点"] * 31}, "selling_points_zh", "too_many", "30"),
             ({"selling_points_en": ["p" * 501]}, "selling_points_en", "too_long", "500"),
             ({"attributes": {"care": "c" * 501}}, "care", "too_long", "500"),
             ({"axes": [dict(COLOUR, values=["v" * 501])]}, "axes", "too_long", "500"),
             ({"axes": [dict(COLOUR, name_zh="名" * 61)]}, "axes", "too_long", "60")]
    for changes, field, code, limit in cases:
        with pytest.raises(ValidationFailed) as failed:
            service.update_product_fields(detail.id, detail.version, changes)
        problem = failed.value.problems[0]
        assert (problem.field, problem.code) == (field, code), changes
        assert limit in problem.message.en and limit in problem.message.zh, problem.message
    version = service.update_product_fields(detail.id, detail.version, {
        "name_zh": "名" * 200, "name_en": "\u202eNa\u200bme\x07", "brand": "行者\ufeff",
        "attributes": {"care": "\u200e手洗"}, "selling_points_en": ["\u2066light\u2069"],
        "axes": [dict(COLOUR, values=["黑\u200b色"])]})
    stored = service.load(detail.id)
    assert stored.version == version
    assert (len(stored.name_zh), stored.name_en, stored.brand) == (200, "Name", "行者")
    assert dict(stored.attributes) == {"care": "手洗"} and stored.selling_points_en == ("light",)
    assert stored.axes[0]["values"] == ["黑色"]
    with pytest.raises(ValidationFailed) as hidden:
        service.update_product_fields(detail.id, version, {"code": "P\u200b-2"})
    assert "U+200B" in hidden.value.problems[0].message.en


# --- SKUs --------------------------------------------------------------------------------------------------

def _product_with_skus(service: ProductService, luggage_id: int) -> int:
    detail = service.create_product("XZ-1", "箱", "Case", luggage_id)
    change = service.apply_variant_plan(detail.id, [COLOUR, SIZE], PATTERN, detail.version)
    assert len(change.added) == 4
    return detail.id


def test_sku_fields_are_validated_strictly(service: ProductService, luggage_id: int) -> None:
    product_id = _product_with_skus(service, luggage_id)
    sku = service.load(product_id).skus[0]
    bad = {"gtin": "6970548001009", "cost": "12,50", "weight_g": "-5", "length_mm": "2.5", "width_mm": "abc"}
    for field, value in bad.items():
        with pytest.raises(ValidationFailed) as failed:
            service.update_sku_fields(sku.id, sku.version, {field: value})
        assert failed.value.problems[0].field == field, field
    for text in ("NaN", "Infinity", "-1", "1e400", "¥12 元 3"):
        assert clean_sku_changes({"cost": text})[1], text
    for field, value in (("weight_g", str(2**63)), ("weight_g", "100000001"), ("length_mm", "100001"),
                         ("width_mm", "9" * 5000)):  # 2^63 failed the save with a traceback (OverflowError)
        with pytest.raises(ValidationFailed) as too_big:
            service.update_sku_fields(sku.id, sku.version, {field: value})
        assert too_big.value.problems[0].code == "too_big", (field, value)
    version = service.update_sku_fields(sku.id, sku.version, {
        "gtin": GTIN_2, "cost": "¥1,234.50", "weight_g": "２９００", "length_mm": 550, "height_mm": ""})
    stored = service.load(product_id).sku(sku.id)
    assert stored is not None and stored.version == version == sku.version + 1
    assert (stored.gtin, stored.cost, stored.weight_g, stored.length_mm, stored.height_mm) == (
        GTIN_2, Decimal("1234.50"), 2900, 550, None)
    assert stored.gtin.startswith("00"), "a GTIN is text: leading zeros kept"


def test_sku_codes_and_gtins_must_be_unique_and_versions_checked(service: ProductService, luggage_id: int) -> None:
    product_id = _product_with_skus(service, luggage_id)
    first, second = service.load(product_id).skus[:2]
    service.update_sku_fields(first.id, first.version, {"gtin": GTIN_1})
    with pytest.raises(ValidationFailed) as gtin_taken:
        service.update_sku_fields(second.id, second.version, {"gtin": GTIN_1})
    assert first.code in gtin_taken.value.message.en
    with pytest.raises(ValidationFailed):
        service.update_sku_fields(second.id, second.version, {"code": first.code.lower()})
    with pytest.raises(EditConflict) as stale:
        service.update_sku_fields(first.id, first.version, {"cost": "10"})
    assert stale.value.entity == "sku" and stale.value.current_version == first.version + 1


# --- variants ------------------------------------------------------------------------------------------------

def test_adding_a_value_adds_only_the_missing_skus_and_keeps_edited_ones(service: ProductService,
                                                                         luggage_id: int) -> None:
    product_id = _product_with_skus(service, luggage_id)
    detail = service.load(product_id)
    edited = detail.skus[0]
    service.update_sku_fields(edited.id, edited.version, {"gtin": GTIN_1, "cost": "152.00"})
    before = {sku.id: sku for sku in service.load(product_id).skus}
    colours = {**COLOUR, "values": [*COLOUR["values"], "蓝色 Blue"]}
    change = service.apply_variant_plan(product_id, [colours, SIZE], PATTERN, detail.version)
    assert [sku.code for sku in change.added] == ["XZ-1-BLUE-20", "XZ-1-BLUE-24"]
    assert change.deleted.skus == () and change.version == detail.version + 1
    after = {sku.id: sku for sku in service.load(product_id).skus}
    assert len(after) == 6
    assert all(after[sku_id] == sku for sku_id, sku in before.items()), "existing SKUs are never touched"
    assert service.load(product_id).axes[0]["values"][-1] == "蓝色 Blue"


def test_removing_a_value_is_planned_first_and_deletes_only_when_asked(service: ProductService,
                                                                      luggage_id: int) -> None:
    product_id = _product_with_skus(service, luggage_id)
    detail = service.load(product_id)
    smaller = [{**COLOUR, "values": ["黑色 Black"]}, SIZE]
    plan = service.preview_variant_plan(product_id, smaller, PATTERN)
    assert sorted(sku.code for sku in plan.to_delete) == ["XZ-1-GREY-20", "XZ-1-GREY-24"]
    kept = service.apply_variant_plan(product_id, smaller, PATTERN, detail.version)
    assert len(service.load(product_id).skus) == 4 and kept.deleted.skus == ()
    deleted = service.apply_variant_plan(product_id, smaller, PATTERN, kept.version, delete_missing=True).deleted
    assert sorted(sku.code for sku in deleted.skus) == ["XZ-1-GREY-20", "XZ-1-GREY-24"]
    assert len(service.load(product_id).skus) == 2
    # Undo: the SKUs come back with the same ids.
    version = service.load(product_id).version
    service.set_variant_state(product_id, version, [COLOUR, SIZE], PATTERN, restore=deleted)
    assert {sku.id for sku in service.load(product_id).skus} >= set(deleted.ids)


def test_generated_codes_avoid_codes_of_other_products(service: ProductService, luggage_id: int) -> None:
    first = service.create_product("A")
    service.apply_variant_plan(first.id, [{"key": "colour", "values": ["Black"]}], "{colour}", first.version)
    second = service.create_product("B")
    change = service.apply_variant_plan(second.id, [{"key": "colour", "values": ["Black"]}], "{colour}",
                                        second.version)
    assert [sku.code for sku in change.added] == ["BLACK-2"]


def test_platform_limits_are_warned(service: ProductService) -> None:
    detail = service.create_product("P")
    axes = [{"key": f"a{n}", "values": ["x", "y"]} for n in range(4)]
    plan = service.preview_variant_plan(detail.id, axes, "{product}-{a0}-{a1}-{a2}-{a3}")
    assert any("Shopify" in warning.en and "3" in warning.en for warning in plan.warnings)


def test_delete_and_restore_skus_relinks_their_images(service: ProductService, luggage_id: int,
                                                      tmp_path: Path) -> None:
    product_id = _product_with_skus(service, luggage_id)
    sku = service.load(product_id).skus[0]
    [result] = service.add_images(product_id, [png_file(tmp_path / "v.png")], ImageRole.VARIANT.value, sku.id)
    assert result.image is not None and result.image.sku_id == sku.id
    deleted = service.delete_skus([sku.id])
    assert deleted.image_links == {result.image.id: sku.id}
    assert service.load(product_id).image(result.image.id).sku_id is None  # type: ignore[union-attr]
    service.restore_skus(deleted)
    assert service.load(product_id).sku(sku.id) is not None
    assert service.load(product_id).image(result.image.id).sku_id == sku.id  # type: ignore[union-attr]


# --- images --------------------------------------------------------------------------------------------------

def test_images_are_added_deduplicated_and_a_bomb_refused(service: ProductService, workspace: Workspace,
                                                          tmp_path: Path) -> None:
    detail = service.create_product("P")
    good_1 = png_file(tmp_path / "front.png")
    good_2 = png_file(tmp_path / "side.png", colour=(200, 20, 20))
    bomb = png_bomb(tmp_path / "bomb.png")
    results = service.add_images(detail.id, [good_1, bomb, good_2], ImageRole.DETAIL.value)
    assert [(r.source, r.added) for r in results] == [("front.png", True), ("bomb.png", False), ("side.png", True)]
    assert results[1].reason is not None and "decompression bomb" in results[1].reason.en
    assert "解压炸弹" in results[1].reason.zh
    again = service.add_images(detail.id, [good_1], ImageRole.DETAIL.value)
    assert again[0].duplicate and not again[0].added
    images = service.load(detail.id).images
    assert [image.file_name for image in images] == ["front.png", "side.png"]
    assert service.thumbnail(images[0].id, 64).width == 64
    # Order, role, delete and restore (undo) keep ids.
    previous = service.reorder_images(detail.id, [images[1].id, images[0].id])
    assert previous == (images[0].id, images[1].id)
    assert [image.id for image in service.load(detail.id).images] == [images[1].id, images[0].id]
    before = service.set_image_role(images[0].id, ImageRole.MAIN.value)
    assert before.role == ImageRole.DETAIL.value
    assert service.load(detail.id).image(images[0].id).role == "main"  # type: ignore[union-attr]
    removed = service.delete_images([images[0].id])
    assert [image.id for image in service.load(detail.id).images] == [images[1].id]
    assert service.restore_images(removed) == [images[0].id]
    assert stats(workspace, detail.id)[1] == service.completeness(detail.id).score
    assert {"create", "delete"} <= set(audit_actions(workspace, "product_image"))


def test_an_image_for_a_sku_of_another_product_is_refused(service: ProductService, luggage_id: int,
                                                          tmp_path: Path) -> None:
    product_id = _product_with_skus(service, luggage_id)
    other = service.create_product("OTHER")
    with pytest.raises(RecordGone):
        service.add_images(other.id, [png_file(tmp_path / "a.png")], ImageRole.VARIANT.value,
                           service.load(product_id).skus[0].id)


# --- evidence, audit and stats -------------------------------------------------------------------------------------

def test_certificates_link_and_unlink(service: ProductService, workspace: Workspace) -> None:
    certificate = FactoryProfileService(workspace).save_certificate({"name": "ISO 9001:2015"})
    assert certificate.id is not None
    detail = service.create_product("P")
    assert service.link_certificate(detail.id, certificate.id) is True
    assert service.link_certificate(detail.id, certificate.id) is False
    assert service.load(detail.id).certificate_ids == {certificate.id}
    assert [c.name for c in service.list_certificates()] == ["ISO 9001:2015"]
    assert service.unlink_certificate(detail.id, certificate.id) is True
    assert service.load(detail.id).certificate_ids == frozenset()
    assert audit_actions(workspace, "product_certificate") == ["create", "delete"]


def test_every_write_refreshes_stats_in_the_same_transaction(service: ProductService, workspace: Workspace,
                                                             luggage_id: int) -> None:
    product_id = _product_with_skus(service, luggage_id)
    count, score, stale = stats(workspace, product_id)
    assert (count, stale) == (4, 0) and score == service.completeness(product_id).score
    sku = service.load(product_id).skus[0]
    service.update_sku_fields(sku.id, sku.version, {"gtin": GTIN_1, "cost": "10", "weight_g": 100})
    assert stats(workspace, product_id)[1:] == (service.completeness(product_id).score, 0)
    assert stats(workspace, product_id)[1] > score  # type: ignore[operator]
    version = service.load(product_id).version
    service.update_product_fields(product_id, version, {"description_en": "A case.", "name_en": "Case 2"})
    assert stats(workspace, product_id)[1:] == (service.completeness(product_id).score, 0)
    assert audit_actions(workspace, "sku") == ["update"]
    assert audit_actions(workspace, "product") == ["create", "variants", "update"]


def test_sku_edits_do_not_bump_the_product_version(service: ProductService, luggage_id: int,
                                                   workspace: Workspace) -> None:
    """An unrelated SKU edit in another window must not turn this editor's next product edit into a conflict."""
    product_id = _product_with_skus(service, luggage_id)
    detail = service.load(product_id)
    sku = detail.skus[0]
    service.update_sku_fields(sku.id, sku.version, {"weight_g": 10})
    assert service.load(product_id).version == detail.version
    assert service.load(product_id).updated_at >= detail.updated_at
    service.update_product_fields(product_id, detail.version, {"name_en": "Still fine"})


def test_the_service_builds_the_derived_tables_it_refreshes(tmp_path: Path) -> None:
    from app.db import create_workspace

    workspace = create_workspace(tmp_path / "bare.fdw")  # no search index yet
    try:
        service = ProductService(workspace)
        detail = service.create_product("P")
        assert stats(workspace, detail.id)[2] == 0
        assert ensure_search_index(workspace.engine) is False  # already current
    finally:
        workspace.close()


def test_rows_are_plain_sku_rows(service: ProductService, luggage_id: int, workspace: Workspace) -> None:
    product_id = _product_with_skus(service, luggage_id)
    with workspace.session() as session:
        skus = session.exec(select(Sku).where(Sku.product_id == product_id)).all()
        product = session.get(Product, product_id)
    assert product is not None and product.sku_pattern == PATTERN
    assert sorted(sku.options["colour"] for sku in skus) == ["灰色 Grey", "灰色 Grey", "黑色 Black", "黑色 Black"]



