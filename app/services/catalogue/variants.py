"""The variant matrix: SKUs from axes (colour, size…) and their values, with codes from a pattern.

Pure: plans, never writes. `plan_variants` compares the matrix the axes describe with the SKUs the product
already has and says what to add, what is kept untouched and what would be deleted; the editor applies
the plan as one undoable step and asks before deleting anything.

Rules:
- An existing SKU belongs to a combination when its non-empty options are exactly the axes' keys with
  those values. It is never changed: not its code, GTIN, cost or position. Adding a value therefore adds
  only the missing combinations; removing a value (or an axis) lists the SKUs that would go.
- An axis without values is not part of the matrix yet (a warning says so), so adding an empty axis
  never proposes deleting every SKU.
- Codes come from the pattern (`{product}-{colour}-{size}`): `{product}` is the product code, `{key}`
  the value's code. A value's code is the one the user gave (kept in the axis JSON under "codes"), else
  the ASCII letters and digits of the value ("曜石黑 Obsidian Black" -> OBSIDIANBLACK, "20寸" -> 20), else a
  numbered fallback (C01, C02… — no pinyin guessing). A placeholder for an axis the product doesn't
  have is dropped with the separator before it. A code already used gets "-2", "-3"…; every code is
  checked with `validation.check_code`.
- Platform variant limits come from `resources/platforms/variant_limits.json` (with source and date).
"""

from __future__ import annotations

import itertools
import json
import re
import string
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from app.frozen import resources_dir
from app.models.bilingual import Bilingual
from app.models.validation import check_code

LIMITS_FILE = Path("platforms") / "variant_limits.json"
MAX_SLUG = 16
_SEPARATORS = "-_."


@dataclass(frozen=True)
class AxisValue:
    """A value of an axis as stored in Sku.options, and the code used for it in SKU codes ("" = derive)."""

    value: str
    code: str = ""


@dataclass(frozen=True)
class VariantAxis:
    """A variant axis of a product (one entry of Product.axes)."""

    key: str
    name_zh: str = ""
    name_en: str = ""
    values: tuple[AxisValue, ...] = ()


@dataclass(frozen=True)
class ExistingSku:
    """A SKU the product already has."""

    code: str
    options: Mapping[str, str]
    id: int | None = None
    position: int = 0


@dataclass(frozen=True)
class PlannedSku:
    """A SKU to create."""

    code: str
    options: dict[str, str]
    position: int


@dataclass(frozen=True)
class VariantPlan:
    """What applying the axes would do. `problems` block applying; `warnings` inform."""

    to_add: tuple[PlannedSku, ...] = ()
    kept: tuple[ExistingSku, ...] = ()
    to_delete: tuple[ExistingSku, ...] = ()
    warnings: tuple[Bilingual, ...] = ()
    problems: tuple[Bilingual, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def variant_count(self) -> int:
        """How many SKUs the product has once the plan is applied (deletions included)."""
        return len(self.kept) + len(self.to_add)


@dataclass(frozen=True)
class VariantLimit:
    """One platform's limits on options (axes) and variants per product, with where they come from."""

    platform: str
    name_zh: str
    name_en: str
    max_options: int | None
    max_variants: int | None
    source: str = ""
    checked: str = ""


# --- axes as stored in Product.axes ----------------------------------------------------------------

def axes_from_json(raw: Iterable[Mapping[str, Any]]) -> tuple[VariantAxis, ...]:
    """Axes from Product.axes: [{"key", "name_zh", "name_en", "values": [str…], "codes": {value: code}}]."""
    axes = []
    for entry in raw:
        codes = entry.get("codes") or {}
        values = tuple(AxisValue(str(value), str(codes.get(str(value), ""))) for value in entry.get("values", []))
        axes.append(VariantAxis(str(entry["key"]), str(entry.get("name_zh", "")), str(entry.get("name_en", "")),
                                values))
    return tuple(axes)


def axes_to_json(axes: Iterable[VariantAxis]) -> list[dict[str, Any]]:
    """Product.axes JSON; "values" stays a list of strings (what other readers expect), codes go beside it."""
    result = []
    for axis in axes:
        entry: dict[str, Any] = {"key": axis.key, "name_zh": axis.name_zh, "name_en": axis.name_en,
                                 "values": [value.value for value in axis.values]}
        codes = {value.value: value.code for value in axis.values if value.code}
        if codes:
            entry["codes"] = codes
        result.append(entry)
    return result


def add_value(axes: Sequence[VariantAxis], axis_key: str, value: str, code: str = "") -> tuple[VariantAxis, ...]:
    """The axes with `value` appended to `axis_key` (unchanged when it is already there)."""
    def extend(axis: VariantAxis) -> VariantAxis:
        if any(existing.value == value for existing in axis.values):
            return axis
        return replace(axis, values=(*axis.values, AxisValue(value, code)))
    return tuple(extend(axis) if axis.key == axis_key else axis for axis in axes)


def remove_value(axes: Sequence[VariantAxis], axis_key: str, value: str) -> tuple[VariantAxis, ...]:
    """The axes without `value` on `axis_key`. Plan them to see which SKUs would be deleted."""
    return tuple(replace(axis, values=tuple(v for v in axis.values if v.value != value)) if axis.key == axis_key
                 else axis for axis in axes)


# --- codes -------------------------------------------------------------------------------------------

def value_slug(value: AxisValue, fallback: str) -> str:
    """The code of one value in SKU codes: its own code, else its ASCII letters/digits, else `fallback`."""
    if value.code:
        candidate = value.code
    else:
        text = unicodedata.normalize("NFKC", value.value)
        candidate = "".join(re.findall(r"[A-Za-z0-9]+(?:\.[0-9]+)?", text)).upper()
    candidate = re.sub(r"[^A-Za-z0-9._-]", "", unicodedata.normalize("NFKC", candidate)).strip(_SEPARATORS)
    return candidate[:MAX_SLUG].strip(_SEPARATORS) or fallback


def axis_slugs(axis: VariantAxis) -> dict[str, str]:
    """{value: code} for one axis, unique within the axis (a repeat gets 2, 3… appended)."""
    initial = next((char.upper() for char in axis.key if char.isascii() and char.isalpha()), "V")
    slugs: dict[str, str] = {}
    used: set[str] = set()
    for index, value in enumerate(axis.values):
        slug = value_slug(value, f"{initial}{index + 1:02d}")
        candidate, number = slug, 2
        while candidate.upper() in used:
            candidate, number = f"{slug}{number}", number + 1
        used.add(candidate.upper())
        slugs[value.value] = candidate
    return slugs


def render_code(pattern: str, product_code: str, slugs: Mapping[str, str]) -> str:
    """Fill `pattern`; a placeholder with no value is dropped together with the separator before it."""
    pieces: list[str] = []
    for literal, name, _spec, _conversion in string.Formatter().parse(pattern):
        pieces.append(literal)
        if name is None:
            continue
        value = product_code if name == "product" else slugs.get(name)
        if value is None:
            if pieces and pieces[-1] and pieces[-1][-1] in _SEPARATORS:
                pieces[-1] = pieces[-1][:-1]
            continue
        pieces.append(value)
    return "".join(pieces).strip(_SEPARATORS)


def pattern_fields(pattern: str) -> list[str]:
    """The placeholder names in `pattern`; ValueError when the braces don't pair up."""
    return [name for _literal, name, _spec, _conv in string.Formatter().parse(pattern) if name is not None]


# --- planning ----------------------------------------------------------------------------------------

def plan_variants(product_code: str, pattern: str, axes: Sequence[VariantAxis], existing: Sequence[ExistingSku] = (),
                  *, taken_codes: Collection[str] = frozenset(),
                  limits: Sequence[VariantLimit] | None = None) -> VariantPlan:
    """Compare the matrix of `axes` with `existing` SKUs: what to add, keep and delete, with warnings.

    `taken_codes` are SKU codes used by other products (codes are unique across the workspace).
    `limits` defaults to the platform limits in resources/platforms/variant_limits.json.
    """
    active = [axis for axis in axes if axis.values]
    warnings = [Bilingual(f"规格“{axis.name_zh or axis.key}”还没有值，暂不参与生成 SKU。",
                          f"The axis {axis.name_en or axis.key} has no values yet and is left out of the matrix.")
                for axis in axes if not axis.values]
    try:
        fields = set(pattern_fields(pattern))
    except ValueError:
        return VariantPlan(problems=(Bilingual(f"编码规则格式不对：{pattern}",
                                               f"The code pattern is malformed: {pattern}"),))
    warnings += _pattern_warnings(fields, active)
    kept, to_delete, missing = _match_existing(active, existing)
    to_add, problems = _new_skus(product_code, pattern, active, missing, existing, taken_codes)
    warnings += _duplicate_warnings(kept, [axis.key for axis in active])
    plan = VariantPlan(tuple(to_add), tuple(kept), tuple(to_delete), (), tuple(problems))
    warnings += limit_warnings(len(active), plan.variant_count, load_variant_limits() if limits is None else limits)
    return replace(plan, warnings=tuple(warnings))


def _combination_key(options: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((key, value) for key, value in options.items() if value))


def _match_existing(active: Sequence[VariantAxis], existing: Sequence[ExistingSku]
                    ) -> tuple[list[ExistingSku], list[ExistingSku], list[dict[str, str]]]:
    """Existing SKUs split into kept (their combination is in the matrix) and to delete; and the
    combinations no SKU has yet, in matrix order."""
    matrix = [dict(zip((axis.key for axis in active), (v.value for v in values), strict=False))
              for values in itertools.product(*(axis.values for axis in active))]
    wanted = {_combination_key(combination) for combination in matrix}
    kept = [sku for sku in existing if _combination_key(sku.options) in wanted]
    to_delete = [sku for sku in existing if _combination_key(sku.options) not in wanted]
    have = {_combination_key(sku.options) for sku in kept}
    return kept, to_delete, [combination for combination in matrix if _combination_key(combination) not in have]


def _new_skus(product_code: str, pattern: str, active: Sequence[VariantAxis], combinations: list[dict[str, str]],
              existing: Sequence[ExistingSku], taken_codes: Collection[str]) -> tuple[list[PlannedSku],
                                                                                      list[Bilingual]]:
    """Planned SKUs for the missing combinations, positioned after the existing ones, with unique codes."""
    slugs_by_axis = {axis.key: axis_slugs(axis) for axis in active}
    taken = {code.upper() for code in taken_codes} | {sku.code.upper() for sku in existing}
    position = max((sku.position for sku in existing), default=-1) + 1
    planned, problems = [], []
    for combination in combinations:
        base = render_code(pattern, product_code,
                           {key: slugs_by_axis[key][value] for key, value in combination.items()})
        code, number = base, 2
        while code.upper() in taken:
            code, number = f"{base}-{number}", number + 1
        taken.add(code.upper())
        if check_code("sku", code):
            problems.append(Bilingual(f"生成的 SKU 编码无效：{code}（只能用字母、数字、点、"
                                      "横线、下划线，最长 60 个字符）",
                                      f"Generated SKU code is invalid: {code} (letters, digits, dot, dash, "
                                      "underscore; up to 60 characters)"))
        planned.append(PlannedSku(code, dict(combination), position))
        position += 1
    return planned, problems


def _pattern_warnings(fields: set[str], active: Sequence[VariantAxis]) -> list[Bilingual]:
    warnings = []
    if "product" not in fields:
        warnings.append(Bilingual("编码规则里没有 {product}，不同商品的 SKU 编码可能重复。",
                                  "The code pattern has no {product}; SKU codes of different products may clash."))
    for axis in active:
        if axis.key not in fields and len(axis.values) > 1:
            warnings.append(Bilingual(
                f"编码规则里没有 {{{axis.key}}}，不同{axis.name_zh or axis.key}的 SKU 会得到 -2、-3 这样的编号后缀。",
                f"The code pattern has no {{{axis.key}}}; SKUs that differ only in {axis.name_en or axis.key} "
                "get numbered suffixes (-2, -3…)."))
    return warnings


def _duplicate_warnings(kept: Sequence[ExistingSku], keys: list[str]) -> list[Bilingual]:
    seen: dict[tuple[tuple[str, str], ...], str] = {}
    warnings = []
    for sku in kept:
        combination = _combination_key(sku.options)
        if combination in seen:
            warnings.append(Bilingual(f"SKU {sku.code} 与 {seen[combination]} 的规格完全相同。",
                                      f"SKU {sku.code} has the same options as {seen[combination]}."))
        seen.setdefault(combination, sku.code)
    return warnings


def skus_removed_by(product_code: str, pattern: str, axes: Sequence[VariantAxis],
                    existing: Sequence[ExistingSku]) -> tuple[ExistingSku, ...]:
    """The SKUs that applying `axes` (e.g. after `remove_value`) would delete: ask before applying."""
    return plan_variants(product_code, pattern, axes, existing, limits=()).to_delete


# --- platform limits ---------------------------------------------------------------------------------

def load_variant_limits(path: Path | None = None) -> tuple[VariantLimit, ...]:
    """The platform limits from data (resources/platforms/variant_limits.json unless `path` is given)."""
    source = path or resources_dir() / LIMITS_FILE
    data = json.loads(Path(source).read_text(encoding="utf-8"))
    return tuple(VariantLimit(
        platform=entry["platform"], name_zh=entry.get("name_zh", entry["platform"]),
        name_en=entry.get("name_en", entry["platform"]), max_options=entry.get("max_options"),
        max_variants=entry.get("max_variants"), source=entry.get("source", ""), checked=entry.get("checked", ""),
    ) for entry in data["platforms"])


def limit_warnings(option_count: int, variant_count: int, limits: Sequence[VariantLimit]) -> list[Bilingual]:
    """A warning for every platform limit the product exceeds (options = axes with values)."""
    warnings = []
    for limit in limits:
        if limit.max_options is not None and option_count > limit.max_options:
            warnings.append(Bilingual(
                f"{limit.name_zh} 每个商品最多 {limit.max_options} 个规格维度，这里有 {option_count} 个；"
                "推送前请合并规格或拆成几个商品。",
                f"{limit.name_en} allows at most {limit.max_options} options per product; this one has "
                f"{option_count}. Merge options or split the product before pushing."))
        if limit.max_variants is not None and variant_count > limit.max_variants:
            warnings.append(Bilingual(
                f"{limit.name_zh} 每个商品最多 {limit.max_variants:,} 个 SKU，这里有 {variant_count:,} 个。",
                f"{limit.name_en} allows at most {limit.max_variants:,} variants per product; this one has "
                f"{variant_count:,}."))
    return warnings

