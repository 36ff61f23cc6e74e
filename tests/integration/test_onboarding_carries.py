"""The onboarding flow carries what the user already said (#16): the brand onto the first product, the step-4
cost onto the variants that have none."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from app.models.bilingual import UserFacingError
from app.services.catalogue.categories import category_by_code
from app.services.onboarding.flow import OnboardingFlow, StepNotAllowed
from app.services.workspace.services import WorkspaceServices, new_services


@pytest.fixture
def services(tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = new_services(tmp_path / "new.fdw")
    yield opened
    opened.close()


def luggage(services: WorkspaceServices) -> int:
    with services.workspace.session() as session:
        category = category_by_code(session, "luggage")
        assert category is not None and category.id is not None
        return category.id


@pytest.mark.parametrize(("brand_zh", "brand_en", "expected"), [
    ("行者", "Xingzhe", "行者 Xingzhe"), ("行者", "", "行者"), ("", "Xingzhe", "Xingzhe"), ("", "", "")])
def test_the_first_product_gets_the_factory_brand(services, brand_zh, brand_en, expected):
    services.factory.save_profile({"name_zh": "宁波星舟箱包厂", "brand_zh": brand_zh, "brand_en": brand_en})
    flow = OnboardingFlow(services)
    product_id = flow.create_first_product("XZ-01", "铝框拉杆箱", luggage(services), "Aluminium trolley case")
    detail = services.products.load(product_id)
    assert (detail.brand, detail.name_en) == (expected, "Aluminium trolley case")


def test_the_step_four_cost_reaches_every_variant_without_one(services):
    services.factory.save_profile({"name_zh": "宁波星舟箱包厂"})
    flow = OnboardingFlow(services)
    product_id = flow.create_first_product("XZ-01", "铝框拉杆箱", luggage(services))
    detail = services.products.load(product_id)
    services.products.apply_variant_plan(
        product_id, [{"key": "colour", "name_zh": "颜色", "name_en": "Colour", "values": ["黑色", "灰色", "白色"]}],
        "{product}-{colour}", detail.version)
    first = services.products.load(product_id).skus[0]
    services.products.update_sku_fields(first.id, first.version, {"cost": Decimal("99.50")})

    assert flow.fill_missing_sku_costs(product_id, Decimal("120.00")) == 2
    costs = [sku.cost for sku in services.products.load(product_id).skus]
    assert costs == [Decimal("99.50"), Decimal("120.00"), Decimal("120.00")], "a cost already set is kept"
    assert flow.fill_missing_sku_costs(product_id, Decimal("130")) == 0


def test_the_first_product_gets_its_description_and_main_image(services, tmp_path):
    photo = tmp_path / "main.png"
    Image.new("RGB", (1000, 1000), (255, 255, 255)).save(photo)
    flow = OnboardingFlow(services)
    product_id = flow.create_first_product("XZ-01", "铝框拉杆箱", luggage(services), "Aluminium trolley case",
                                           "铝镁合金框，静音万向轮。", photo)
    detail = services.products.load(product_id)
    assert detail.description_zh == "铝镁合金框，静音万向轮。"
    assert [image.role for image in detail.images] == ["main"]


def test_a_refused_picture_is_said_and_the_product_kept(services, tmp_path):
    not_a_picture = tmp_path / "main.png"
    not_a_picture.write_text("not a picture")
    flow = OnboardingFlow(services)
    with pytest.raises(UserFacingError):
        flow.create_first_product("XZ-01", "铝框拉杆箱", luggage(services), main_image=not_a_picture)
    assert flow.first_product_code() == "XZ-01"


def test_several_first_packs_need_at_least_one_platform(services, tmp_path):
    services.factory.save_profile({"name_zh": "宁波星舟箱包厂"})
    flow = OnboardingFlow(services)
    flow.create_first_product("XZ-01", "铝框拉杆箱", luggage(services))
    with pytest.raises(StepNotAllowed):
        flow.make_first_packs([], tmp_path)
    made = flow.make_first_packs(["tmall", "shopify"], tmp_path, override_reason="a draft for the owner")
    assert [result.pack_folder for result in made] == [tmp_path / "tmall", tmp_path / "shopify"]
    assert all(result.pack_folder.is_dir() for result in made) and made[-1].sheet_path.is_file()


def test_several_first_packs_say_every_platforms_errors_and_write_nothing_when_one_is_blocked(services, tmp_path):
    from app.services.listing.packs.builder import PackBlocked
    from app.services.reports.readiness import pack_blocking_counts

    flow = OnboardingFlow(services)
    flow.create_first_product("XZ-01", "铝框拉杆箱", None)  # no brand, category, English name, description, image
    flow.set_rate_today("USD", "7.2")
    with pytest.raises(PackBlocked) as blocked:
        flow.make_first_packs(["tmall", "shopify"], tmp_path)
    errors = [f for f in blocked.value.findings if f.severity.value == "error"]
    counts = dict(pack_blocking_counts(services.workspace, ["tmall", "shopify"]))
    assert counts["tmall"] > 0 and counts["shopify"] > 0
    assert len(errors) == counts["tmall"] + counts["shopify"]   # the readiness report's rows for the two platforms
    assert not (tmp_path / "tmall").exists() and not (tmp_path / "shopify").exists()
    assert not list(tmp_path.glob("spec-sheet-*.pdf"))


def test_a_usd_platform_asks_for_the_rate_once(services):
    flow = OnboardingFlow(services)
    assert flow.missing_rates(["tmall", "shopify", "amazon_us"]) == ["USD"]
    assert flow.missing_rates(["tmall", "taobao"]) == []
    flow.set_rate_today("USD", "7.2")
    assert flow.missing_rates(["shopify"]) == []
    assert services.pricing.fx_table().rate_on("USD", "CNY", services.pricing.today()) == Decimal("7.2")
