"""Completeness: what a product lacks, per platform, and its 0–100 score."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from app.models import AttributeDef, Product, Sku
from app.models.bilingual import Bilingual
from app.models.gtin import complete_gtin
from app.services.catalogue.completeness import (
    CHINESE_PLATFORMS,
    ENGLISH_PLATFORMS,
    ProductFacts,
    RequiredAttribute,
    SkuFacts,
    assess,
    facts_from_models,
)

GTINS = [complete_gtin(f"69705480010{n}") for n in range(3)]
REQUIRED = (RequiredAttribute("shell_material", Bilingual("外壳材质", "Shell material")),
            RequiredAttribute("colour", Bilingual("颜色", "Colour"), is_axis=True))


def complete_facts() -> ProductFacts:
    return ProductFacts(
        name_zh="行李箱", name_en="Suitcase", description_zh="描述", description_en="Description",
        selling_points_zh=("轻",), selling_points_en=("Light",), has_category=True,
        attributes={"shell_material": "PC 聚碳酸酯"}, required_attributes=REQUIRED,
        image_roles=frozenset({"main", "white_background"}),
        skus=tuple(SkuFacts(f"S-{n}", GTINS[n], Decimal("10.00"), 1000, {"colour": f"c{n}"}) for n in range(3)),
    )


def keys(result) -> set[str]:
    return {item.item_key for item in result.missing}


def test_a_complete_product_scores_100() -> None:
    result = assess(complete_facts())
    assert result.score == 100 and result.missing == ()
    assert set(result.platform_scores) == {*CHINESE_PLATFORMS, *ENGLISH_PLATFORMS}
    assert set(result.platform_scores.values()) == {100}


def test_an_empty_product_lacks_everything() -> None:
    result = assess(ProductFacts())
    assert result.score == 0
    assert {"category", "attributes", "image:main", "image:white_background", "name_zh", "name_en",
            "description_zh", "description_en", "selling_points_zh", "selling_points_en",
            "skus", "gtin", "cost", "weight"} <= keys(result)
    for item in result.missing:
        assert item.message.zh and item.message.en and item.platforms


def test_english_text_matters_only_to_english_platforms() -> None:
    facts = replace(complete_facts(), name_en="", description_en="", selling_points_en=())
    result = assess(facts)
    assert keys(result) == {"name_en", "description_en", "selling_points_en"}
    assert all(result.platform_scores[p] == 100 for p in CHINESE_PLATFORMS)
    assert all(result.platform_scores[p] < 100 for p in ENGLISH_PLATFORMS)
    assert result.missing_for("tmall") == []
    assert {m.item_key for m in result.missing_for("amazon")} == keys(result)
    assert 0 < result.score < 100


def test_chinese_text_matters_only_to_chinese_platforms() -> None:
    result = assess(replace(complete_facts(), name_zh="  "))
    missing = result.missing[0]
    assert missing.item_key == "name_zh" and set(missing.platforms) == set(CHINESE_PLATFORMS)
    assert missing.message.zh == "缺少中文标题。"
    assert result.platform_scores["shopify"] == 100


def test_white_background_is_an_amazon_need() -> None:
    result = assess(replace(complete_facts(), image_roles=frozenset({"main"})))
    assert [(m.item_key, m.platforms) for m in result.missing] == [("image:white_background", ("amazon",))]
    assert result.platform_scores["amazon"] < 100 and result.platform_scores["shopify"] == 100


def test_sku_checks_give_partial_credit_and_name_the_skus() -> None:
    facts = complete_facts()
    skus = (replace(facts.skus[0], gtin="6970548001000"),            # bad check digit
            replace(facts.skus[1], cost=None, weight_g=0),
            facts.skus[2])
    result = assess(replace(facts, skus=skus))
    by_key = {m.item_key: m for m in result.missing}
    assert set(by_key) == {"gtin", "cost", "weight"}
    assert "S-0" in by_key["gtin"].message.en and "1 of 3" in by_key["gtin"].message.en
    assert "S-1" in by_key["cost"].message.zh
    fewer = assess(replace(facts, skus=(skus[0], skus[1], skus[1])))
    assert fewer.score < result.score < 100


def test_duplicate_gtins_in_a_product_count_as_missing() -> None:
    facts = complete_facts()
    skus = (facts.skus[0], replace(facts.skus[1], gtin=facts.skus[0].gtin), facts.skus[2])
    result = assess(replace(facts, skus=skus))
    assert keys(result) == {"gtin"} and "S-0" in result.missing[0].message.en


def test_required_attributes_and_axes() -> None:
    facts = complete_facts()
    skus = (replace(facts.skus[0], options={}), *facts.skus[1:])
    result = assess(replace(facts, attributes={"shell_material": " "}, skus=skus))
    assert keys(result) == {"attribute:shell_material", "axis:colour"}
    assert "Shell material" in result.missing[0].message.en
    assert assess(replace(facts, attributes={"shell_material": False})).score == 100  # a value, not a gap


def test_no_category_means_attributes_cannot_be_checked() -> None:
    result = assess(replace(complete_facts(), has_category=False))
    assert keys(result) == {"category", "attributes"}


def test_facts_from_orm_objects() -> None:
    product = Product(code="P", name_zh="行李箱", name_en="Suitcase", description_zh="d", description_en="d",
                      selling_points_zh=["a"], selling_points_en=["a"], category_id=1,
                      attributes={"shell_material": "ABS"})
    skus = [Sku(product_id=1, code=f"S-{n}", gtin=GTINS[n], cost=Decimal("1"), weight_g=5, options={"colour": "黑"})
            for n in range(3)]
    template = [AttributeDef(category_id=1, key="shell_material", name_zh="外壳材质", name_en="Shell", required=True),
                AttributeDef(category_id=1, key="colour", is_axis=True, required=True),
                AttributeDef(category_id=1, key="capacity", required=False)]
    facts = facts_from_models(product, skus, ["main", "white_background"], template)
    assert [a.key for a in facts.required_attributes] == ["shell_material", "colour"]
    assert assess(facts).score == 100
