"""What a product still lacks before it can be listed, per platform, and a 0–100 score.

Pure: it takes plain facts (`ProductFacts`) and returns a `Completeness`; loading the facts from the
database is `catalogue_search.refresh_product_stats`'s job, and the product editor can build them from
the ORM objects it already holds (`facts_from_models`). The same rules therefore explain the score in
the editor ("what is missing, per platform") and fill the catalogue's completeness column.

The score weighs each check (see `WEIGHTS`) and gives partial credit where a check runs over SKUs
(7 of 9 SKUs with a cost earn 7/9 of the cost weight). A check only counts for the platforms that need
it: Chinese text for the Chinese platforms, English text for Amazon/Shopify/WooCommerce, a white
background image for Amazon. `Completeness.platform_scores` gives one score per platform; `score` is
over every check any platform needs.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from app.models.bilingual import Bilingual
from app.models.gtin import is_valid_gtin

#: Platforms whose listings are written in Chinese, and those written in English (see cli.md's `pack`).
CHINESE_PLATFORMS = ("tmall", "taobao", "jd", "pinduoduo", "douyin", "1688", "odm")
ENGLISH_PLATFORMS = ("amazon", "shopify", "woocommerce")


@dataclass(frozen=True)
class PlatformNeeds:
    """What one platform asks of a product beyond the basics: its language and image rules."""

    platform: str
    language: str                   # "zh" or "en"
    white_background: bool = False  # Amazon: MAIN image on pure white


DEFAULT_PLATFORM_NEEDS: tuple[PlatformNeeds, ...] = (
    *(PlatformNeeds(platform, "zh") for platform in CHINESE_PLATFORMS),
    PlatformNeeds("amazon", "en", white_background=True),
    PlatformNeeds("shopify", "en"),
    PlatformNeeds("woocommerce", "en"),
)

#: Relative weight of each check in the score.
WEIGHTS: dict[str, int] = {
    "category": 1, "attributes": 3, "image:main": 2, "image:white_background": 1,
    "name": 2, "description": 1, "selling_points": 1,
    "skus": 1, "gtin": 2, "cost": 2, "weight": 1,
}

#: How many SKU codes a message names before it says "…".
_NAMED_SKUS = 5


@dataclass(frozen=True)
class SkuFacts:
    """The parts of one SKU that completeness looks at."""

    code: str
    gtin: str = ""
    cost: Decimal | None = None
    weight_g: int | None = None
    options: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RequiredAttribute:
    """A required attribute of the product's category template; axes are filled per SKU."""

    key: str
    name: Bilingual
    is_axis: bool = False


@dataclass(frozen=True)
class ProductFacts:
    """Everything the completeness rules read about one product, as plain values."""

    name_zh: str = ""
    name_en: str = ""
    description_zh: str = ""
    description_en: str = ""
    selling_points_zh: tuple[str, ...] = ()
    selling_points_en: tuple[str, ...] = ()
    has_category: bool = False
    attributes: Mapping[str, Any] = field(default_factory=dict)
    required_attributes: tuple[RequiredAttribute, ...] = ()
    image_roles: frozenset[str] = frozenset()
    skus: tuple[SkuFacts, ...] = ()


@dataclass(frozen=True)
class Missing:
    """One thing the product lacks, why it matters, and which platforms need it."""

    item_key: str
    message: Bilingual
    platforms: tuple[str, ...]


@dataclass(frozen=True)
class Completeness:
    """The verdict on a product: a 0–100 score, what is missing, and a score per platform."""

    score: int
    missing: tuple[Missing, ...]
    platform_scores: Mapping[str, int]

    def missing_for(self, platform: str) -> list[Missing]:
        """What `platform` still needs."""
        return [item for item in self.missing if platform in item.platforms]


@dataclass(frozen=True)
class _Check:
    """One weighed check: how far it is met (0–1) and the message when it isn't."""

    item_key: str
    weight: float
    met: float      # 0–1: the share of the check that is met
    platforms: tuple[str, ...]
    message: Bilingual


def assess(facts: ProductFacts, platforms: Sequence[PlatformNeeds] = DEFAULT_PLATFORM_NEEDS) -> Completeness:
    """Score `facts` and list what is missing, for every platform in `platforms`."""
    checks = _all_checks(facts, platforms)
    missing = tuple(Missing(check.item_key, check.message, check.platforms) for check in checks if check.met < 1)
    return Completeness(score=_score(checks), missing=missing, platform_scores=_platform_scores(checks, platforms))


def _platform_scores(checks: Sequence[_Check], platforms: Sequence[PlatformNeeds]) -> dict[str, int]:
    """One score per platform; platforms with the same checks (all the Chinese ones) are scored once."""
    by_platform: dict[str, list[_Check]] = {need.platform: [] for need in platforms}
    for check in checks:
        for platform in check.platforms:
            by_platform[platform].append(check)
    scored: dict[tuple[int, ...], int] = {}
    scores = {}
    for platform, own in by_platform.items():
        signature = tuple(map(id, own))
        if signature not in scored:
            scored[signature] = _score(own)
        scores[platform] = scored[signature]
    return scores


def _score(checks: Sequence[_Check]) -> int:
    """Weighted share of checks met, 0–100, rounded half up; 100 when nothing is asked.

    A display score, not money: floats are exact enough, and 2,000 products a second need the speed.
    """
    total = sum(check.weight for check in checks)
    if total == 0:
        return 100
    share = sum(check.weight * check.met for check in checks) / total * 100
    return math.floor(share + 0.5 + 1e-9)


def _all_checks(facts: ProductFacts, platforms: Sequence[PlatformNeeds]) -> list[_Check]:
    everyone = tuple(need.platform for need in platforms)
    checks = [*_category_checks(facts, everyone), *_image_checks(facts, platforms)]
    for language in ("zh", "en"):
        readers = tuple(need.platform for need in platforms if need.language == language)
        if readers:
            checks += _text_checks(facts, language, readers)
    checks += _sku_checks(facts, everyone)
    return checks


def _check(key: str, group: str, met: float | bool, platforms: tuple[str, ...], zh: str, en: str,
           share: float = 1.0) -> _Check:
    return _Check(key, WEIGHTS[group] * share, float(met), platforms, Bilingual(zh, en))


def _category_checks(facts: ProductFacts, platforms: tuple[str, ...]) -> list[_Check]:
    """The category itself, then its required attributes sharing the attributes weight."""
    if not facts.has_category:
        return [
            _check("category", "category", False, platforms, "未选择类目。", "No category chosen."),
            _check("attributes", "attributes", False, platforms, "选择类目后才能检查类目必填属性。",
                   "Choose a category so its required attributes can be checked."),
        ]
    checks = [_check("category", "category", True, platforms, "", "")]
    required = facts.required_attributes
    for attribute in required:
        share = 1 / len(required)
        if attribute.is_axis:
            met = bool(facts.skus) and all(str(sku.options.get(attribute.key, "")).strip() for sku in facts.skus)
            checks.append(_check(f"axis:{attribute.key}", "attributes", met, platforms,
                                 f"每个 SKU 都要有规格“{attribute.name.zh}”。",
                                 f"Every SKU needs a {attribute.name.en} option.", share))
        else:
            met = _has_value(facts.attributes.get(attribute.key))
            checks.append(_check(f"attribute:{attribute.key}", "attributes", met, platforms,
                                 f"缺少必填属性：{attribute.name.zh}。",
                                 f"Required attribute missing: {attribute.name.en}.",
                                 share))
    return checks


def _has_value(value: Any) -> bool:
    """True for a filled attribute value (False and 0 are values; None and blank text are not)."""
    if value is None:
        return False
    return bool(value.strip()) if isinstance(value, str) else True


def _image_checks(facts: ProductFacts, platforms: Sequence[PlatformNeeds]) -> list[_Check]:
    everyone = tuple(need.platform for need in platforms)
    checks = [_check("image:main", "image:main", "main" in facts.image_roles, everyone,
                     "缺少主图。", "No main image.")]
    white = tuple(need.platform for need in platforms if need.white_background)
    if white:
        checks.append(_check("image:white_background", "image:white_background",
                             "white_background" in facts.image_roles, white,
                             "缺少白底图（亚马逊主图要求纯白背景）。",
                             "No white-background image (Amazon's main image must be on pure white)."))
    return checks


_TEXT_LABELS = {
    ("name", "zh"): ("中文标题", "Chinese product name"),
    ("name", "en"): ("英文标题", "English product name"),
    ("description", "zh"): ("中文描述", "Chinese description"),
    ("description", "en"): ("英文描述", "English description"),
    ("selling_points", "zh"): ("中文卖点", "Chinese selling points"),
    ("selling_points", "en"): ("英文卖点", "English selling points"),
}


def _text_checks(facts: ProductFacts, language: str, readers: tuple[str, ...]) -> list[_Check]:
    """Name, description and selling points in the language `readers` list in."""
    values = {
        "name": getattr(facts, f"name_{language}"),
        "description": getattr(facts, f"description_{language}"),
        "selling_points": " ".join(getattr(facts, f"selling_points_{language}")),
    }
    checks = []
    for group, value in values.items():
        zh_label, en_label = _TEXT_LABELS[(group, language)]
        checks.append(_check(f"{group}_{language}", group, bool(value.strip()), readers,
                             f"缺少{zh_label}。", f"{en_label} missing."))
    return checks


def _sku_checks(facts: ProductFacts, platforms: tuple[str, ...]) -> list[_Check]:
    """SKUs exist, and each has a valid unique GTIN, a cost and a weight."""
    skus = facts.skus
    if not skus:
        return [_check(key, key, False, platforms, zh, en) for key, zh, en in (
            ("skus", "还没有 SKU。", "No SKUs yet."),
            ("gtin", "没有 SKU，也就没有条码。", "No SKUs, so no barcodes."),
            ("cost", "没有 SKU，也就没有成本。", "No SKUs, so no costs."),
            ("weight", "没有 SKU，也就没有重量。", "No SKUs, so no weights."),
        )]
    counts = Counter(sku.gtin for sku in skus if sku.gtin)
    lacking = {
        "gtin": [s.code for s in skus if not is_valid_gtin(s.gtin) or counts[s.gtin] > 1],
        "cost": [s.code for s in skus if s.cost is None],
        "weight": [s.code for s in skus if not s.weight_g or s.weight_g <= 0],
    }
    wording = {
        "gtin": ("个 SKU 缺少有效且不重复的条码", "lack a valid, unique GTIN"),
        "cost": ("个 SKU 没有成本", "have no cost"),
        "weight": ("个 SKU 没有重量", "have no weight"),
    }
    checks = [_check("skus", "skus", True, platforms, "", "")]
    for key, codes in lacking.items():
        named = ", ".join(codes[:_NAMED_SKUS]) + ("…" if len(codes) > _NAMED_SKUS else "")
        zh, en = wording[key]
        checks.append(_check(key, key, (len(skus) - len(codes)) / len(skus), platforms,
                             f"{len(skus)} 个中有 {len(codes)} {zh}：{named}",
                             f"{len(codes)} of {len(skus)} SKUs {en}: {named}"))
    return checks


def facts_from_models(product: Any, skus: Iterable[Any], image_roles: Iterable[str],
                      attribute_defs: Iterable[Any]) -> ProductFacts:
    """Facts from ORM objects the editor already holds (Product, its Skus, its images' roles, the
    category's AttributeDefs). Duck-typed so this module needs no session."""
    required = tuple(
        RequiredAttribute(a.key, Bilingual(a.name_zh or a.key, a.name_en or a.key), bool(a.is_axis))
        for a in attribute_defs if a.required
    )
    return ProductFacts(
        name_zh=product.name_zh or "", name_en=product.name_en or "",
        description_zh=product.description_zh or "", description_en=product.description_en or "",
        selling_points_zh=tuple(product.selling_points_zh or ()),
                        selling_points_en=tuple(product.selling_points_en or ()),
        has_category=product.category_id is not None, attributes=dict(product.attributes or {}),
        required_attributes=required, image_roles=frozenset(image_roles),
        skus=tuple(SkuFacts(s.code, s.gtin or "", s.cost, s.weight_g, dict(s.options or {})) for s in skus),
    )
