"""Platform profiles as data: what each marketplace or shop wants from a listing, with where each rule came from.

One JSON file per platform in `resources/platforms/<id>.json` (`variant_limits.json` in the same folder is
the variant editor's and is not a profile). Every rule group carries `source`, `date` and `status`:
`sourced` (the platform's own documentation), `third_party` (secondary sources, see platforms.md),
`assumed` (a working figure) or `to_check` (not verified: edit it once checked). The loader validates
everything, so a bad edit of a file fails loudly with the file and key named.

A user's edit never changes a shipped file: `save_override` stores a new version of the profile in the
workspace (`PlatformProfileOverride`), and the newest version wins (`effective_profile`). `profile_to_dict`
and `profile_from_dict` are exact inverses, so an override round-trips through the same validation.
"""

from __future__ import annotations

import json
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from app.db import Workspace
from app.frozen import resources_dir
from app.models.bilingual import Bilingual, UserFacingError
from app.models.listing import PlatformProfileOverride, Severity
from app.models.text_budget import Measure
from app.services.kernel import audit

PROFILE_SCHEMA = 1
#: Every platform a pack can be built for, in the order the GUI shows them.
PLATFORM_IDS: tuple[str, ...] = (
    "tmall", "taobao", "jd", "pinduoduo", "douyin", "1688", "odm", "amazon", "shopify", "woocommerce",
)


class RuleStatus(StrEnum):
    """How far a rule can be trusted."""

    SOURCED = "sourced"
    THIRD_PARTY = "third_party"
    ASSUMED = "assumed"
    TO_CHECK = "to_check"


class Family(StrEnum):
    """Which pack writer handles a platform."""

    CHINESE = "chinese"
    ODM = "odm"
    AMAZON = "amazon"
    SHOPIFY = "shopify"
    WOOCOMMERCE = "woocommerce"


#: Upload-file column keys each writer knows how to fill (headers are the platform's, from the profile).
KNOWN_COLUMN_KEYS: dict[Family, frozenset[str]] = {
    Family.SHOPIFY: frozenset({
        "handle", "title", "body_html", "vendor", "product_category", "type", "tags", "published",
        "option1_name", "option1_value", "option2_name", "option2_value", "option3_name", "option3_value",
        "variant_sku", "variant_grams", "variant_inventory_tracker", "variant_inventory_qty",
        "variant_inventory_policy", "variant_fulfillment_service", "variant_price", "variant_compare_at_price",
        "variant_requires_shipping", "variant_taxable", "variant_barcode", "image_src", "image_position",
        "image_alt_text", "gift_card", "seo_title", "seo_description", "variant_image", "variant_weight_unit",
        "cost_per_item", "status",
    }),
    Family.WOOCOMMERCE: frozenset({
        "type", "sku", "name", "published", "short_description", "description", "regular_price", "sale_price",
        "categories", "tags", "images", "parent", "weight", "length", "width", "height", "gtin",
        *(f"attribute{n}_{part}" for n in (1, 2, 3) for part in ("name", "values", "visible", "global")),
    }),
    Family.AMAZON: frozenset({
        "feed_product_type", "item_sku", "brand_name", "item_name", "manufacturer", "external_product_id",
        "external_product_id_type", "standard_price", "currency", "quantity", "product_description",
        *(f"bullet_point{n}" for n in range(1, 6)), "generic_keywords", "main_image_url",
        *(f"other_image_url{n}" for n in range(1, 9)), "parent_child", "parent_sku", "relationship_type",
        "variation_theme", "color_name", "size_name", "item_weight", "item_weight_unit_of_measure",
        "country_of_origin",
    }),
    Family.CHINESE: frozenset({
        "title", "category", "brand", "product_code", "colour", "size", "other_options", "price", "stock",
        "sku_code", "barcode", "main_images", "white_image", "detail_images", "detail_text", "selling_points",
        "specs", "weight_g", "dimensions_mm", "materials",
    }),
    Family.ODM: frozenset({
        "product_code", "name", "brand", "category", "sku_code", "options", "barcode", "supply_price",
        "suggested_retail", "currency", "moq", "lead_time_days", "capacity_per_month", "materials", "weight_g",
        "dimensions_mm", "selling_points", "specs", "certificates", "main_images",
    }),
}
UPLOAD_FORMATS = ("csv", "xlsx", "tsv+xlsx")
DESCRIPTION_FORMATS = ("html", "text")
TITLE_PART_KINDS = ("brand", "name", "attributes", "selling_points")
REQUIRED_FIELD_KEYS = frozenset({
    "title", "brand", "category", "description", "selling_points", "main_image", "gtin", "price", "weight",
    "white_background_image",
})


class ProfileError(UserFacingError):
    """A platform profile that can't be used; the message names the platform and the key."""


class UnknownPlatform(ProfileError):
    def __init__(self, platform_id: str) -> None:
        super().__init__(Bilingual(
            f"未知平台：{platform_id}。可用：{', '.join(PLATFORM_IDS)}",
            f"Unknown platform: {platform_id}. Known: {', '.join(PLATFORM_IDS)}"))
        self.platform_id = platform_id


@dataclass(frozen=True)
class Provenance:
    """Where a rule comes from, when it was last checked, and how far to trust it."""

    source: str
    date: date | None
    status: RuleStatus


@dataclass(frozen=True)
class TitleLimit:
    """One limit on the title: over `max` is a finding of `severity` (error for a hard limit)."""

    id: str
    max: int
    severity: Severity
    provenance: Provenance


@dataclass(frozen=True)
class TitleRule:
    """How a title is measured, its limits, and what the title builder aims for."""

    measure: Measure
    limits: tuple[TitleLimit, ...]
    #: What the builder fits titles into (None: no limit, every part is kept).
    build_budget: int | None
    separator: str
    forbidden_chars: str
    #: No word more than this many times (Amazon's title policy); None: not checked.
    max_word_repeats: int | None
    #: Which kinds of part a title is built from, e.g. ("brand", "name", "attributes", "selling_points").
    parts: tuple[str, ...]
    provenance: Provenance


@dataclass(frozen=True)
class ImageRule:
    """Main images (square, padded on white), detail images and the stitched strip."""

    main_size: int
    main_min_count: int
    main_max_count: int
    detail_width: int
    detail_strip: bool
    #: The first main image must be on pure white (measured from the pixels).
    white_background_main: bool
    #: Also write a separate white-background image (Taobao/Tmall's 白底图).
    white_background_image: bool
    min_long_side: int | None
    max_long_side: int | None
    max_bytes: int | None
    #: Share of the frame the product should fill on the main image (Amazon: 0.85); None: not checked.
    min_fill: float | None
    provenance: Provenance


@dataclass(frozen=True)
class VariantRule:
    max_options: int | None
    max_variants: int | None
    provenance: Provenance


@dataclass(frozen=True)
class BulletRule:
    count: int
    min_chars: int
    max_chars: int
    provenance: Provenance


@dataclass(frozen=True)
class SearchTermRule:
    max_bytes: int
    provenance: Provenance


@dataclass(frozen=True)
class RequiredFields:
    fields: tuple[str, ...]
    provenance: Provenance


#: Placeholders a header may hold, filled per build from the pack options: WooCommerce names the shop's unit
#: in the header ("Weight (lbs)"), and its importer maps the column automatically only when they agree.
HEADER_FIELDS = ("weight_unit", "dimension_unit")


@dataclass(frozen=True)
class UploadColumn:
    """One column: the writer's key, the platform's header, and (rarely) how a value is spelled in this file —
    e.g. Shopify's current template writes the inventory policy "DENY" where the legacy one wrote "deny"."""

    key: str
    header: str
    values: tuple[tuple[str, str], ...] = ()

    def cell(self, value: Any) -> Any:
        """`value` as this file spells it."""
        return dict(self.values).get(value, value) if self.values and isinstance(value, str) else value


@dataclass(frozen=True)
class UploadDialect:
    """Another header set for the same file (Shopify: the legacy names), with its own source and date."""

    name: str
    columns: tuple[UploadColumn, ...]
    provenance: Provenance


@dataclass(frozen=True)
class UploadRule:
    """The bulk-upload file: format, file name, encoding, columns (key → the platform's header), and the other
    header dialects the platform reads (`in_dialect`)."""

    format: str
    file_name: str
    encoding: str
    sheet_name: str
    columns: tuple[UploadColumn, ...]
    provenance: Provenance
    #: The name of `columns`' header set ("current" for Shopify).
    dialect: str = "default"
    other_dialects: tuple[UploadDialect, ...] = ()

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    @property
    def dialects(self) -> tuple[str, ...]:
        return (self.dialect, *(d.name for d in self.other_dialects))

    def in_dialect(self, name: str) -> UploadRule:
        """The same file with the `name` header set (raises `KeyError` for a dialect the profile lacks)."""
        if name == self.dialect:
            return self
        other = next((d for d in self.other_dialects if d.name == name), None)
        if other is None:
            raise KeyError(name)
        rest = tuple(d for d in self.other_dialects if d.name != name)
        return replace(self, columns=other.columns, provenance=other.provenance, dialect=name,
                       other_dialects=(UploadDialect(self.dialect, self.columns, self.provenance), *rest))

    def with_units(self, weight_unit: str, dimension_unit: str) -> UploadRule:
        """Headers with `{weight_unit}` / `{dimension_unit}` filled in."""
        units = {"weight_unit": weight_unit, "dimension_unit": dimension_unit}
        return replace(self, columns=tuple(replace(c, header=c.header.format(**units)) for c in self.columns))


@dataclass(frozen=True)
class PlatformProfile:
    """Everything a pack for one platform follows."""

    id: str
    version: int
    name_zh: str
    name_en: str
    family: Family
    language: str
    channel_id: str
    description_format: str
    title: TitleRule
    images: ImageRule
    variants: VariantRule
    bullets: BulletRule | None
    search_terms: SearchTermRule | None
    required: RequiredFields
    upload: UploadRule
    #: Amazon: variation theme per axis combination, e.g. {"colour": "Color", "colour+size": "SizeColor"}.
    variation_themes: tuple[tuple[str, str], ...] = ()
    notes_zh: str = ""
    notes_en: str = ""

    def name(self, lang: str) -> str:
        return self.name_zh if lang.lower().startswith("zh") else self.name_en

    @property
    def chinese(self) -> bool:
        return self.language.startswith("zh")


# ---------------------------------------------------------------- reading and validation


def _bad(pid: str, key: str, en: str, zh: str) -> ProfileError:
    return ProfileError(Bilingual(f"平台配置 {pid} 的 {key}：{zh}", f"platform profile {pid}, {key}: {en}"))


def _need(data: Mapping[str, Any], key: str, pid: str, where: str) -> Any:
    if not isinstance(data, Mapping) or key not in data:
        raise _bad(pid, f"{where}.{key}".strip("."), "missing", "缺失")
    return data[key]


def _int(value: Any, key: str, pid: str, *, optional: bool = False, minimum: int = 0) -> Any:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _bad(pid, key, f"must be a whole number ≥ {minimum}", f"必须是不小于 {minimum} 的整数")
    return value


def _str(value: Any, key: str, pid: str, *, empty: bool = True) -> str:
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise _bad(pid, key, "must be text" if empty else "must be non-empty text",
                   "必须是文字" if empty else "不能为空")
    return value


def _bool(value: Any, key: str, pid: str) -> bool:
    if not isinstance(value, bool):
        raise _bad(pid, key, "must be true or false", "必须是 true 或 false")
    return value


def _choice(value: Any, allowed: Sequence[str], key: str, pid: str) -> str:
    if value not in allowed:
        raise _bad(pid, key, f"must be one of {', '.join(allowed)}", f"必须是 {', '.join(allowed)} 之一")
    return str(value)


def _provenance(data: Mapping[str, Any], pid: str, where: str) -> Provenance:
    source = _str(_need(data, "source", pid, where), f"{where}.source", pid, empty=False)
    raw_day = data.get("date")
    try:
        day = date.fromisoformat(raw_day) if raw_day else None
    except (TypeError, ValueError):
        raise _bad(pid, f"{where}.date", "must be a date YYYY-MM-DD", "必须是日期 YYYY-MM-DD") from None
    status = _choice(_need(data, "status", pid, where), [s.value for s in RuleStatus], f"{where}.status", pid)
    return Provenance(source, day, RuleStatus(status))


def _title(data: Mapping[str, Any], pid: str) -> TitleRule:
    where = "title"
    measure = _choice(_need(data, "measure", pid, where), [m.value for m in Measure], "title.measure", pid)
    limits = []
    raw_limits = _need(data, "limits", pid, where)
    if not isinstance(raw_limits, list):
        raise _bad(pid, "title.limits", "must be a list", "必须是列表")
    for index, item in enumerate(raw_limits):
        key = f"title.limits[{index}]"
        limits.append(TitleLimit(
            id=_str(_need(item, "id", pid, key), f"{key}.id", pid, empty=False),
            max=_int(_need(item, "max", pid, key), f"{key}.max", pid, minimum=1),
            severity=Severity(_choice(_need(item, "severity", pid, key), [s.value for s in Severity],
                                      f"{key}.severity", pid)),
            provenance=_provenance(item, pid, key),
        ))
    ids = [limit.id for limit in limits]
    if len(ids) != len(set(ids)):
        raise _bad(pid, "title.limits", "duplicate limit id", "限制 id 重复")
    budget = _int(data.get("build_budget"), "title.build_budget", pid, optional=True, minimum=1)
    parts = data.get("parts", list(TITLE_PART_KINDS))
    if not isinstance(parts, list) or "name" not in parts or any(p not in TITLE_PART_KINDS for p in parts):
        raise _bad(pid, "title.parts", f"must list 'name' and only {', '.join(TITLE_PART_KINDS)}",
                   f"必须包含 name，且只能是 {', '.join(TITLE_PART_KINDS)}")
    return TitleRule(
        measure=Measure(measure), limits=tuple(limits), build_budget=budget,
        separator=_str(data.get("separator", " "), "title.separator", pid),
        forbidden_chars=_str(data.get("forbidden_chars", ""), "title.forbidden_chars", pid),
        max_word_repeats=_int(data.get("max_word_repeats"), "title.max_word_repeats", pid, optional=True, minimum=1),
        parts=tuple(parts),
        provenance=_provenance(data, pid, where),
    )


def _images(data: Mapping[str, Any], pid: str) -> ImageRule:
    w = "images"
    min_fill = data.get("min_fill")
    if min_fill is not None and (isinstance(min_fill, bool) or not isinstance(min_fill, (int, float))
                                 or not 0 < min_fill <= 1):
        raise _bad(pid, "images.min_fill", "must be a share between 0 and 1", "必须是 0 到 1 之间的比例")
    rule = ImageRule(
        main_size=_int(_need(data, "main_size", pid, w), "images.main_size", pid, minimum=100),
        main_min_count=_int(data.get("main_min_count", 1), "images.main_min_count", pid),
        main_max_count=_int(_need(data, "main_max_count", pid, w), "images.main_max_count", pid, minimum=1),
        detail_width=_int(_need(data, "detail_width", pid, w), "images.detail_width", pid, minimum=100),
        detail_strip=_bool(data.get("detail_strip", False), "images.detail_strip", pid),
        white_background_main=_bool(data.get("white_background_main", False), "images.white_background_main", pid),
        white_background_image=_bool(data.get("white_background_image", False), "images.white_background_image",
                                     pid),
        min_long_side=_int(data.get("min_long_side"), "images.min_long_side", pid, optional=True, minimum=1),
        max_long_side=_int(data.get("max_long_side"), "images.max_long_side", pid, optional=True, minimum=1),
        max_bytes=_int(data.get("max_bytes"), "images.max_bytes", pid, optional=True, minimum=1),
        min_fill=None if min_fill is None else float(min_fill),
        provenance=_provenance(data, pid, w),
    )
    if rule.main_min_count > rule.main_max_count:
        raise _bad(pid, "images.main_min_count", "is above main_max_count", "大于 main_max_count")
    if rule.max_long_side is not None and rule.main_size > rule.max_long_side:
        raise _bad(pid, "images.main_size", "is above max_long_side", "大于 max_long_side")
    return rule


def _variants(data: Mapping[str, Any], pid: str) -> VariantRule:
    return VariantRule(
        max_options=_int(data.get("max_options"), "variants.max_options", pid, optional=True, minimum=1),
        max_variants=_int(data.get("max_variants"), "variants.max_variants", pid, optional=True, minimum=1),
        provenance=_provenance(data, pid, "variants"),
    )


def _bullets(data: Any, pid: str) -> BulletRule | None:
    if data is None:
        return None
    rule = BulletRule(
        count=_int(_need(data, "count", pid, "bullets"), "bullets.count", pid, minimum=1),
        min_chars=_int(_need(data, "min_chars", pid, "bullets"), "bullets.min_chars", pid),
        max_chars=_int(_need(data, "max_chars", pid, "bullets"), "bullets.max_chars", pid, minimum=1),
        provenance=_provenance(data, pid, "bullets"),
    )
    if rule.min_chars > rule.max_chars:
        raise _bad(pid, "bullets.min_chars", "is above max_chars", "大于 max_chars")
    return rule


def _search_terms(data: Any, pid: str) -> SearchTermRule | None:
    if data is None:
        return None
    return SearchTermRule(
        max_bytes=_int(_need(data, "max_bytes", pid, "search_terms"), "search_terms.max_bytes", pid, minimum=1),
        provenance=_provenance(data, pid, "search_terms"),
    )


def _required(data: Mapping[str, Any], pid: str) -> RequiredFields:
    fields = _need(data, "fields", pid, "required")
    if not isinstance(fields, list) or any(f not in REQUIRED_FIELD_KEYS for f in fields):
        raise _bad(pid, "required.fields", f"each must be one of {', '.join(sorted(REQUIRED_FIELD_KEYS))}",
                   f"每项必须是 {', '.join(sorted(REQUIRED_FIELD_KEYS))} 之一")
    return RequiredFields(tuple(fields), _provenance(data, pid, "required"))


def _column(item: Any, pid: str, where: str, family: Family) -> UploadColumn:
    key = _str(_need(item, "key", pid, where), f"{where}.key", pid)
    if key not in KNOWN_COLUMN_KEYS[family]:
        raise _bad(pid, f"{where}.key", f"unknown column key {key!r} for {family.value}",
                   f"{family.value} 不认识的列 {key!r}")
    header = _str(_need(item, "header", pid, where), f"{where}.header", pid, empty=False)
    try:
        fields = {name for _text, name, _spec, _conv in string.Formatter().parse(header) if name is not None}
    except ValueError:
        fields = {"{"}
    if not fields <= set(HEADER_FIELDS):
        raise _bad(pid, f"{where}.header", f"may only hold the placeholders {', '.join(HEADER_FIELDS)} in braces",
                   f"花括号中只能是 {', '.join(HEADER_FIELDS)}")
    values = item.get("values", {})
    if not isinstance(values, Mapping) or not all(isinstance(k, str) and isinstance(v, str)
                                                  for k, v in values.items()):
        raise _bad(pid, f"{where}.values", "must map values to text", "必须是值到文字的对应")
    return UploadColumn(key, header, tuple(values.items()))


def _columns(raw_columns: Any, pid: str, where: str, family: Family) -> tuple[UploadColumn, ...]:
    if not isinstance(raw_columns, list) or not raw_columns:
        raise _bad(pid, where, "must be a non-empty list", "必须是非空列表")
    columns = [_column(item, pid, f"{where}[{index}]", family) for index, item in enumerate(raw_columns)]
    if len({c.key for c in columns}) != len(columns) or len({c.header for c in columns}) != len(columns):
        raise _bad(pid, where, "duplicate key or header", "列或表头重复")
    return tuple(columns)


def _other_dialects(data: Any, pid: str, family: Family, main: str) -> tuple[UploadDialect, ...]:
    if not isinstance(data, Mapping) or main in data:
        raise _bad(pid, "upload.other_dialects", "must map other dialect names to their columns",
                   "必须是其他表头方言名称到列的对应")
    return tuple(UploadDialect(str(name), _columns(_need(item, "columns", pid, f"upload.other_dialects.{name}"),
                                                   pid, f"upload.other_dialects.{name}.columns", family),
                               _provenance(item, pid, f"upload.other_dialects.{name}"))
                 for name, item in data.items())


def _upload(data: Mapping[str, Any], pid: str, family: Family) -> UploadRule:
    w = "upload"
    columns = _columns(_need(data, "columns", pid, w), pid, "upload.columns", family)
    dialect = _str(data.get("dialect", "default"), "upload.dialect", pid, empty=False)
    file_name = _str(_need(data, "file_name", pid, w), "upload.file_name", pid, empty=False)
    if Path(file_name).name != file_name or file_name.startswith("."):
        raise _bad(pid, "upload.file_name", "must be a plain file name", "必须是单纯的文件名")
    return UploadRule(
        format=_choice(_need(data, "format", pid, w), UPLOAD_FORMATS, "upload.format", pid),
        file_name=file_name,
        encoding=_choice(data.get("encoding", "utf-8"), ("utf-8", "utf-8-sig"), "upload.encoding", pid),
        sheet_name=_str(data.get("sheet_name", "Sheet1"), "upload.sheet_name", pid, empty=False)[:31],
        columns=columns,
        provenance=_provenance(data, pid, w),
        dialect=dialect,
        other_dialects=_other_dialects(data.get("other_dialects", {}), pid, family, dialect),
    )


def profile_from_dict(data: Any) -> PlatformProfile:
    """A validated profile from its JSON form (raises `ProfileError` naming the key)."""
    if not isinstance(data, Mapping):
        raise ProfileError(Bilingual("平台配置必须是 JSON 对象", "a platform profile must be a JSON object"))
    pid = str(data.get("id", "?"))
    if data.get("schema") != PROFILE_SCHEMA:
        raise _bad(pid, "schema", f"must be {PROFILE_SCHEMA}", f"必须是 {PROFILE_SCHEMA}")
    if pid not in PLATFORM_IDS:
        raise UnknownPlatform(pid)
    family = Family(_choice(_need(data, "family", pid, ""), [f.value for f in Family], "family", pid))
    themes = data.get("variation_themes", {})
    if not isinstance(themes, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in themes.items()):
        raise _bad(pid, "variation_themes", "must map axis keys to theme names", "必须是规格轴到变体主题的对应")
    return PlatformProfile(
        id=pid,
        version=_int(_need(data, "version", pid, ""), "version", pid, minimum=1),
        name_zh=_str(_need(data, "name_zh", pid, ""), "name_zh", pid, empty=False),
        name_en=_str(_need(data, "name_en", pid, ""), "name_en", pid, empty=False),
        family=family,
        language=_choice(_need(data, "language", pid, ""), ("zh", "en"), "language", pid),
        channel_id=_str(_need(data, "channel_id", pid, ""), "channel_id", pid, empty=False),
        description_format=_choice(data.get("description_format", "text"), DESCRIPTION_FORMATS,
                                   "description_format", pid),
        title=_title(_need(data, "title", pid, ""), pid),
        images=_images(_need(data, "images", pid, ""), pid),
        variants=_variants(_need(data, "variants", pid, ""), pid),
        bullets=_bullets(data.get("bullets"), pid),
        search_terms=_search_terms(data.get("search_terms"), pid),
        required=_required(_need(data, "required", pid, ""), pid),
        upload=_upload(_need(data, "upload", pid, ""), pid, family),
        variation_themes=tuple(sorted(themes.items())),
        notes_zh=_str(data.get("notes_zh", ""), "notes_zh", pid),
        notes_en=_str(data.get("notes_en", ""), "notes_en", pid),
    )


def _provenance_dict(p: Provenance) -> dict[str, Any]:
    return {"source": p.source, "date": p.date.isoformat() if p.date else None, "status": p.status.value}


def _columns_list(columns: Sequence[UploadColumn]) -> list[dict[str, Any]]:
    return [{"key": c.key, "header": c.header, **({"values": dict(c.values)} if c.values else {})} for c in columns]


def profile_to_dict(profile: PlatformProfile) -> dict[str, Any]:
    """The profile as a JSON-ready dict (the file format); `profile_from_dict` gives it back equal."""
    t, i, v, u = profile.title, profile.images, profile.variants, profile.upload
    return {
        "schema": PROFILE_SCHEMA,
        "id": profile.id,
        "version": profile.version,
        "name_zh": profile.name_zh,
        "name_en": profile.name_en,
        "family": profile.family.value,
        "language": profile.language,
        "channel_id": profile.channel_id,
        "description_format": profile.description_format,
        "notes_zh": profile.notes_zh,
        "notes_en": profile.notes_en,
        "title": {
            "measure": t.measure.value, "build_budget": t.build_budget, "separator": t.separator,
            "forbidden_chars": t.forbidden_chars, "max_word_repeats": t.max_word_repeats, "parts": list(t.parts),
            "limits": [{"id": lim.id, "max": lim.max, "severity": lim.severity.value,
                        **_provenance_dict(lim.provenance)} for lim in t.limits],
            **_provenance_dict(t.provenance),
        },
        "images": {
            "main_size": i.main_size, "main_min_count": i.main_min_count, "main_max_count": i.main_max_count,
            "detail_width": i.detail_width, "detail_strip": i.detail_strip,
            "white_background_main": i.white_background_main, "white_background_image": i.white_background_image,
            "min_long_side": i.min_long_side, "max_long_side": i.max_long_side, "max_bytes": i.max_bytes,
            "min_fill": i.min_fill, **_provenance_dict(i.provenance),
        },
        "variants": {"max_options": v.max_options, "max_variants": v.max_variants, **_provenance_dict(v.provenance)},
        "bullets": None if profile.bullets is None else {
            "count": profile.bullets.count, "min_chars": profile.bullets.min_chars,
            "max_chars": profile.bullets.max_chars, **_provenance_dict(profile.bullets.provenance)},
        "search_terms": None if profile.search_terms is None else {
            "max_bytes": profile.search_terms.max_bytes, **_provenance_dict(profile.search_terms.provenance)},
        "required": {"fields": list(profile.required.fields), **_provenance_dict(profile.required.provenance)},
        "upload": {
            "format": u.format, "file_name": u.file_name, "encoding": u.encoding, "sheet_name": u.sheet_name,
            "dialect": u.dialect,
            "columns": _columns_list(u.columns),
            **_provenance_dict(u.provenance),
            "other_dialects": {d.name: {"columns": _columns_list(d.columns), **_provenance_dict(d.provenance)}
                               for d in u.other_dialects},
        },
        "variation_themes": dict(profile.variation_themes),
    }


def profiles_dir() -> Path:
    return resources_dir() / "platforms"


def load_profile_file(path: Path) -> PlatformProfile:
    """One profile file (UTF-8, BOM tolerated)."""
    try:
        data = json.loads(Path(path).read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ProfileError(Bilingual(f"无法读取平台配置 {path}：{error}",
                                     f"Can't read the platform profile {path}: {error}")) from error
    profile = profile_from_dict(data)
    if profile.id != Path(path).stem:
        raise _bad(profile.id, "id", f"does not match the file name {Path(path).name}",
                   f"与文件名 {Path(path).name} 不符")
    return profile


@lru_cache(maxsize=4)
def shipped_profiles(folder: Path | None = None) -> dict[str, PlatformProfile]:
    """The profiles shipped with the app, one per platform id (read once per folder)."""
    base = Path(folder) if folder is not None else profiles_dir()
    return {pid: load_profile_file(base / f"{pid}.json") for pid in PLATFORM_IDS}


# ---------------------------------------------------------------- workspace overrides


def _newest_overrides(workspace: Workspace) -> dict[str, PlatformProfile]:
    newest: dict[str, PlatformProfile] = {}
    with workspace.session() as session:
        rows = session.exec(select(PlatformProfileOverride).order_by(
            col(PlatformProfileOverride.platform_id), col(PlatformProfileOverride.version).desc(),
            col(PlatformProfileOverride.id).desc())).all()
        for row in rows:
            if row.platform_id not in newest and row.platform_id in PLATFORM_IDS:
                newest[row.platform_id] = profile_from_dict(row.profile)
    return newest


def effective_profiles(workspace: Workspace | None) -> dict[str, PlatformProfile]:
    """Every platform's current profile: the workspace's newest saved version, else the shipped one."""
    shipped = shipped_profiles()
    if workspace is None:
        return dict(shipped)
    newest = _newest_overrides(workspace)
    return {pid: newest.get(pid, shipped[pid]) for pid in PLATFORM_IDS}


def effective_profile(workspace: Workspace | None, platform_id: str) -> PlatformProfile:
    """One platform's current profile (raises `UnknownPlatform`)."""
    if platform_id not in PLATFORM_IDS:
        raise UnknownPlatform(platform_id)
    return effective_profiles(workspace)[platform_id]


def is_overridden(workspace: Workspace, platform_id: str) -> bool:
    return platform_id in _newest_overrides(workspace)


def edited_profile(profile: PlatformProfile, **changes: Any) -> PlatformProfile:
    """A new version of `profile` with `changes` applied (version + 1), validated by a JSON round trip."""
    if "version" in changes or "id" in changes:
        raise ValueError("an edit keeps the id and always bumps the version itself")
    candidate = replace(profile, version=profile.version + 1, **changes)
    return profile_from_dict(profile_to_dict(candidate))


def save_override(workspace: Workspace, profile: PlatformProfile | Mapping[str, Any]) -> PlatformProfile:
    """Validate and store a new version of a platform's profile (it must be newer than the current one)."""
    checked = profile_from_dict(profile_to_dict(profile) if isinstance(profile, PlatformProfile) else profile)
    current = effective_profile(workspace, checked.id)
    if checked.version <= current.version:
        raise _bad(checked.id, "version", f"must be above the current version {current.version}",
                   f"必须大于当前版本 {current.version}")
    with workspace.session() as session:
        session.add(PlatformProfileOverride(platform_id=checked.id, version=checked.version,
                                            profile=profile_to_dict(checked)))
        audit.record(session, "platform_profile", checked.id, "create", {"version": checked.version})
    return checked


def withdraw_override(workspace: Workspace, platform_id: str, version: int) -> None:
    """Remove a saved version (undo of an edit): the previous version applies again."""
    with workspace.session() as session:
        rows = session.exec(select(PlatformProfileOverride).where(
            PlatformProfileOverride.platform_id == platform_id, PlatformProfileOverride.version == version)).all()
        for row in rows:
            session.delete(row)
        audit.record(session, "platform_profile", platform_id, "delete", {"version": version})


def profile_versions(profiles: Mapping[str, PlatformProfile]) -> dict[str, int]:
    """{platform id: version} — what a pack's manifest records."""
    return {pid: profile.version for pid, profile in profiles.items()}
