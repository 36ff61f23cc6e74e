"""What a finding's field and rule are called for a person: `attributes.capacity` → 容量 / Capacity,
`selling_points_zh[0]` → 中文卖点第 1 条, `title.part_dropped` → 标题放不下, `required.brand` → 必填：品牌.

Findings keep their keys (the `lint --json` contract of cli.md); the packs page, the readiness PDF and
`lint_report.txt` show these labels instead. A key nobody named yet is turned into words (dots and underscores
become spaces) rather than shown raw, so a new rule never puts `a_b.c_d` in front of a user.
"""

from __future__ import annotations

import re
from functools import cache

from app.models.bilingual import Bilingual
from app.services.catalogue.categories import load_default_templates

FIELDS: dict[str, Bilingual] = {
    "title": Bilingual("标题", "Title"),
    "title_zh": Bilingual("中文标题", "Chinese title"),
    "title_en": Bilingual("英文标题", "English title"),
    "name_zh": Bilingual("中文名称", "Chinese name"),
    "name_en": Bilingual("英文名称", "English name"),
    "brand": Bilingual("品牌", "Brand"),
    "brand_zh": Bilingual("中文品牌", "Chinese brand"),
    "brand_en": Bilingual("英文品牌", "English brand"),
    "category": Bilingual("类目", "Category"),
    "description": Bilingual("描述", "Description"),
    "description_zh": Bilingual("中文描述", "Chinese description"),
    "description_en": Bilingual("英文描述", "English description"),
    "selling_points": Bilingual("卖点", "Selling points"),
    "selling_points_zh": Bilingual("中文卖点", "Chinese selling points"),
    "selling_points_en": Bilingual("英文卖点", "English selling points"),
    "main_image": Bilingual("主图", "Main image"),
    "images": Bilingual("图片", "Images"),
    "images.main": Bilingual("主图", "Main images"),
    "white_background_image": Bilingual("白底图", "White-background image"),
    "gtin": Bilingual("条码", "Barcode (GTIN)"),
    "skus.gtin": Bilingual("SKU 条码", "SKU barcodes"),
    "price": Bilingual("价格", "Price"),
    "weight": Bilingual("重量", "Weight"),
    "skus.weight_g": Bilingual("SKU 重量", "SKU weights"),
    "skus": Bilingual("SKU", "SKUs"),
    "axes": Bilingual("规格项", "Variant options"),
    "code": Bilingual("货号", "Product code"),
    "attributes.size_chart": Bilingual("尺码表", "Size chart"),
    "attributes.care": Bilingual("保养说明", "Care"),
}

RULES: dict[str, Bilingual] = {
    "title.part_dropped": Bilingual("标题放不下", "Title part dropped"),
    "title.shortened": Bilingual("标题被缩短", "Title shortened"),
    "title.forbidden_chars": Bilingual("标题含禁用字符", "Forbidden characters in title"),
    "title.repeated_word": Bilingual("标题用词重复", "Repeated word in title"),
    "attribute.missing": Bilingual("缺少属性", "Attribute missing"),
    "gtin.invalid": Bilingual("条码无效", "Invalid barcode"),
    "gtin.duplicate": Bilingual("条码重复", "Duplicate barcode"),
    "bullets.too_short": Bilingual("卖点太短", "Selling point too short"),
    "bullets.too_long": Bilingual("卖点太长", "Selling point too long"),
    "bullets.extra": Bilingual("卖点多于平台所用", "More selling points than the platform uses"),
    "variants.options": Bilingual("规格项太多", "Too many variant options"),
    "variants.count": Bilingual("SKU 太多", "Too many SKUs"),
    "size_chart.missing": Bilingual("缺少尺码表", "Size chart missing"),
    "images.count": Bilingual("图片数量", "Number of images"),
    "images.white_background": Bilingual("主图不是白底", "Main image not on white"),
    "images.too_small": Bilingual("图片太小", "Image too small"),
    "images.fill": Bilingual("商品占比", "Product fill"),
    "images.url": Bilingual("图片网址", "Image web address"),
    "images.no_url": Bilingual("图片没有网址", "No image web address"),
    "handle.clash": Bilingual("网址别名重复", "Handle clash"),
    "import.units": Bilingual("导入单位", "Import units"),
    "import.gtin_mapping": Bilingual("条码列", "Barcode column"),
    "price.missing": Bilingual("缺少价格", "Price missing"),
    "price.no_rate": Bilingual("缺少汇率", "Exchange rate missing"),
    "price.no_channel": Bilingual("没有该平台的价格", "No price for this channel"),
    "price.default_plan": Bilingual("用的是默认定价", "Default pricing used"),
    "absolute_term": Bilingual("极限用语", "Absolute term"),
    "absolute_term.self_comparison": Bilingual("自我比较用语", "Self-comparison"),
    "brand.needs_review": Bilingual("品牌需确认", "Brand to review"),
    "brand.other": Bilingual("他人品牌", "Another brand"),
    "brand.compatibility": Bilingual("兼容他人品牌", "Compatibility with another brand"),
    "evidence.expired": Bilingual("证明材料过期", "Evidence expired"),
}

_LIST_ITEM = re.compile(r"^(?P<list>[a-z_]+(?:\.[a-z_]+)?)\[(?P<index>\d+)\]$")
_SKU_FIELD = re.compile(r"^skus\.(?P<sku>[^.]+)\.(?P<field>[a-z_]+)$")
_SKU_FIELDS = {"gtin": Bilingual("条码", "barcode"), "price": Bilingual("价格", "price"),
               "weight_g": Bilingual("重量", "weight")}


@cache
def _attribute_names() -> dict[str, Bilingual]:
    """Attribute key → its name in the default category templates (the first template naming it wins)."""
    names: dict[str, Bilingual] = {}
    for category in load_default_templates():
        for attribute in category.get("attributes", []):
            names.setdefault(attribute["key"], Bilingual(attribute["name_zh"], attribute["name_en"]))
    return names


def _words(key: str) -> Bilingual:
    """A key nobody named yet, as words rather than code."""
    text = re.sub(r"[._\[\]]+", " ", key).strip()
    return Bilingual(text, text.capitalize())


def field_label(field: str) -> Bilingual:
    """A finding's field as a person calls it."""
    if field in FIELDS:
        return FIELDS[field]
    if item := _LIST_ITEM.match(field):
        whole, number = field_label(item["list"]), int(item["index"]) + 1
        return Bilingual(f"{whole.zh}第 {number} 条" if "images" not in item["list"] else f"{whole.zh}第 {number} 张",
                         f"{whole.en} {number}")
    if sku := _SKU_FIELD.match(field):
        what = _SKU_FIELDS.get(sku["field"], _words(sku["field"]))
        return Bilingual(f"SKU {sku['sku']} 的{what.zh}", f"{what.en.capitalize()} of SKU {sku['sku']}")
    if field.startswith("attributes."):
        key = field.removeprefix("attributes.")
        return _attribute_names().get(key, _words(key))
    return _words(field)


def rule_label(rule: str) -> Bilingual:
    """A finding's rule as a person calls it; `required.<field>` reads 必填：<field>."""
    if rule in RULES:
        return RULES[rule]
    if rule.startswith("required."):
        what = field_label(rule.removeprefix("required."))
        return Bilingual(f"必填：{what.zh}", f"Required: {what.en}")
    return _words(rule)
