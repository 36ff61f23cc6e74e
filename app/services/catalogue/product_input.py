"""What users type into a product or SKU, checked and normalised before anything is saved (no Qt, no I/O).

The product editor calls these as the user types (to show the reason next to the field, in the user's
language); `ProductService` calls them again before every write and refuses to save while any problem
remains. Money goes through the strict parser of the pricing engine; GTINs stay text with a valid check
digit; attribute values follow the category templates' storage convention. Texts lose their invisible
characters and must fit the limits of `app.models.field_limits`; whole numbers must fit theirs (2^63 made
the save fail with a traceback).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from app.models import AttributeDef, AttributeKind, ProductStatus, field_limits as limits
from app.models.bilingual import Bilingual
from app.models.validation import (
    FieldProblem,
    check_code,
    check_gtin,
    check_non_negative_int,
)
from app.services.catalogue import variants as variant_rules
from app.services.kernel.money import CURRENCY_DECIMALS
from app.services.pricing.messages import InvalidAmount
from app.services.pricing.money import parse_decimal, to_decimal

__all__ = [
    "PRODUCT_FIELDS",
    "SKU_FIELDS",
    "SKU_INT_FIELDS",
    "clean_axes",
    "clean_product_changes",
    "clean_sku_changes",
    "parse_attribute_input",
    "pattern_problems",
]

#: Product fields an edit may change (`update_product_fields`).
PRODUCT_FIELDS = (
    "code", "name_zh", "name_en", "category_id", "brand", "status", "description_zh", "description_en",
    "selling_points_zh", "selling_points_en", "materials", "differentiator", "attributes", "axes", "sku_pattern",
    "reference_price", "reference_label", "currency",
)
_SINGLE_LINE_TEXT = ("name_zh", "name_en", "brand", "materials", "reference_label")
_MULTI_LINE_TEXT = ("description_zh", "description_en", "differentiator")
#: SKU fields an edit may change (`update_sku_fields`); options follow the axes, positions the matrix.
SKU_FIELDS = ("code", "gtin", "weight_g", "length_mm", "width_mm", "height_mm", "cost")
SKU_INT_FIELDS = ("weight_g", "length_mm", "width_mm", "height_mm")
_AXIS_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def _problem(field_name: str, code: str, zh: str, en: str) -> FieldProblem:
    return FieldProblem(field_name, code, Bilingual(zh, en))


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _lines(value: Any) -> list[str]:
    """Selling points: a list, or text with one point per line; blank lines and invisible characters dropped."""
    items = value.splitlines() if isinstance(value, str) else list(value or [])
    points = (limits.strip_invisible(str(item)).strip() for item in items)
    return [point for point in points if point]


def _text_problems(field_name: str, text: str) -> list[FieldProblem]:
    """A text over its limit, as a problem naming the limit."""
    message = limits.too_long(field_name, text)
    return [FieldProblem(field_name, "too_long", message)] if message else []


def point_problems(field_name: str, points: list[str]) -> list[FieldProblem]:
    """Too many selling points, or one too long."""
    found = limits.too_many_points(len(points))
    problems = [FieldProblem(field_name, "too_many", found)] if found else []
    longest = max(points, key=len, default="")
    message = limits.too_long("selling_point", longest)
    return problems + ([FieldProblem(field_name, "too_long", message)] if message else [])


def _money(field_name: str, value: Any) -> tuple[Decimal | None, list[FieldProblem]]:
    """An optional exact amount: '' or None clears it; text goes through the strict money parser."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, []
    try:
        amount = parse_decimal(value) if isinstance(value, str) else to_decimal(value)
    except InvalidAmount as error:
        return None, [_problem(field_name, "amount", error.text("zh"), error.text("en"))]
    return amount, []


def _optional_int(field_name: str, value: Any) -> tuple[int | None, list[FieldProblem]]:
    if isinstance(value, bool):
        return None, [_problem(field_name, "integer", "请输入整数。", "Enter a whole number.")]
    text = unicodedata.normalize("NFKC", _text(value)).strip()
    problems = check_non_negative_int(field_name, text, limits.whole_limit(field_name))
    if problems or not text:
        return None, problems
    return int(text), []


def clean_axes(value: Any) -> tuple[list[dict[str, Any]], list[FieldProblem]]:
    """Axes JSON normalised through the variant rules; keys usable as pattern placeholders, values unique."""
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, Mapping) and "key" in item for item in value):
        raise ValueError(f"axes must be a list of {{'key': …, 'values': […]}}: {value!r}")
    axes = tuple(_visible(axis) for axis in variant_rules.axes_from_json(value))
    problems: list[FieldProblem] = []
    keys = [axis.key for axis in axes]
    for key in keys:
        if not _AXIS_KEY.match(key):
            problems.append(_problem(
                "axes", "axis_key", f"规格的代号只能用字母、数字和下划线，并以字母开头：{key}",
                f"An axis key uses letters, digits and underscores and starts with a letter: {key}"))
    if len(keys) != len(set(keys)):
        problems.append(_problem("axes", "axis_duplicate", "同一个规格不能添加两次。",
                                 "The same axis was added twice."))
    for axis in axes:
        values = [item.value.strip() for item in axis.values]
        problems += _axis_text_problems(axis)
        if any(not item for item in values):
            problems.append(_problem("axes", "value_empty", "规格值不能为空。", "An axis value can't be empty."))
        if len(values) != len(set(values)):
            problems.append(_problem("axes", "value_duplicate", f"规格“{axis.name_zh or axis.key}”有重复的值。",
                                     f"The axis {axis.name_en or axis.key} has a value twice."))
    return variant_rules.axes_to_json(axes), problems


def _visible(axis: variant_rules.VariantAxis) -> variant_rules.VariantAxis:
    """The axis with invisible characters removed from its names and values."""
    strip = limits.strip_invisible
    values = tuple(variant_rules.AxisValue(strip(item.value), item.code) for item in axis.values)
    return variant_rules.VariantAxis(axis.key, strip(axis.name_zh), strip(axis.name_en), values)


def _axis_text_problems(axis: variant_rules.VariantAxis) -> list[FieldProblem]:
    """An option's names and its longest value within their limits."""
    longest = max((item.value for item in axis.values), key=len, default="")
    found = [limits.too_long("option_name", axis.name_zh), limits.too_long("option_name", axis.name_en),
             limits.too_long("option_value", longest)]
    return [FieldProblem("axes", "too_long", message) for message in found if message]


def _clean_attributes(value: Any) -> tuple[dict[str, Any], list[FieldProblem]]:
    """Attribute values as stored: text without invisible characters, within the attribute-value limit."""
    if not isinstance(value, Mapping):
        raise ValueError("attributes must be a mapping")
    cleaned: dict[str, Any] = {}
    problems: list[FieldProblem] = []
    for key, item in value.items():
        if isinstance(item, str):
            item = limits.strip_invisible(item)
            message = limits.too_long("attribute_value", item)
            if message:
                problems.append(FieldProblem(str(key), "too_long", message))
        if item is not None and item != "":
            cleaned[str(key)] = item
    return cleaned, problems


def clean_product_changes(changes: Mapping[str, Any]) -> tuple[dict[str, Any], list[FieldProblem]]:
    """Product field changes normalised for storage, and what is wrong with them (nothing saved while any).

    Unknown field names are a programming error (ValueError). Code uniqueness and the category's existence
    need the database and are checked by `update_product_fields`.
    """
    cleaned: dict[str, Any] = {}
    problems: list[FieldProblem] = []
    for name, value in changes.items():
        if name not in PRODUCT_FIELDS:
            raise ValueError(f"not an editable product field: {name!r}")
        if name == "code":
            cleaned[name] = unicodedata.normalize("NFKC", _text(value)).strip()
            problems += check_code(name, cleaned[name])
        elif name in _SINGLE_LINE_TEXT or name in _MULTI_LINE_TEXT:
            cleaned[name] = limits.strip_invisible(_text(value)).strip()
            problems += _text_problems(name, cleaned[name])
        elif name in ("selling_points_zh", "selling_points_en"):
            cleaned[name] = _lines(value)
            problems += point_problems(name, cleaned[name])
        elif name == "category_id":
            cleaned[name] = None if value in (None, "") else int(value)
        elif name == "status":
            cleaned[name] = _text(value)
            if cleaned[name] not in {status.value for status in ProductStatus}:
                problems.append(_problem(name, "status", f"未知的状态：{value}", f"Unknown status: {value}"))
        elif name == "attributes":
            cleaned[name], found = _clean_attributes(value)
            problems += found
        elif name == "axes":
            cleaned[name], found = clean_axes(value)
            problems += found
        elif name == "sku_pattern":
            cleaned[name] = _text(value).strip()
            problems += pattern_problems(cleaned[name])
        elif name == "reference_price":
            cleaned[name], found = _money(name, value)
            problems += found
        elif name == "currency":
            cleaned[name] = _text(value).strip().upper()
            if cleaned[name] not in CURRENCY_DECIMALS:
                problems.append(_problem(name, "currency", f"不支持的币种：{value}", f"Unsupported currency: {value}"))
    return cleaned, problems


def pattern_problems(pattern: str) -> list[FieldProblem]:
    if not pattern:
        return [_problem("sku_pattern", "required", "请填写 SKU 编码规则，例如 {product}-{colour}-{size}。",
                         "Enter a SKU code pattern, e.g. {product}-{colour}-{size}.")]
    try:
        variant_rules.pattern_fields(pattern)
    except ValueError:
        return [_problem("sku_pattern", "pattern", "编码规则里的大括号没有配对，例如 {product}-{colour}。",
                         "The pattern's braces don't pair up, e.g. {product}-{colour}.")]
    return []


def clean_sku_changes(changes: Mapping[str, Any]) -> tuple[dict[str, Any], list[FieldProblem]]:
    """SKU field changes normalised for storage, and what is wrong with them.

    GTINs stay text (leading zeros kept) and must have a valid check digit; cost goes through the strict
    money parser (no NaN, no negatives, no '12,50'); weight and dimensions are non-negative whole numbers.
    """
    cleaned: dict[str, Any] = {}
    problems: list[FieldProblem] = []
    for name, value in changes.items():
        if name not in SKU_FIELDS:
            raise ValueError(f"not an editable SKU field: {name!r}")
        if name == "code":
            cleaned[name] = unicodedata.normalize("NFKC", _text(value)).strip()
            problems += check_code(name, cleaned[name])
        elif name == "gtin":
            cleaned[name] = re.sub(r"\s+", "", unicodedata.normalize("NFKC", _text(value)))
            problems += check_gtin(name, cleaned[name])
        elif name in SKU_INT_FIELDS:
            cleaned[name], found = _optional_int(name, value)
            problems += found
        elif name == "cost":
            cleaned[name], found = _money(name, value)
            problems += found
    return cleaned, problems


def parse_attribute_input(attribute: AttributeDef, raw: Any) -> tuple[Any, list[FieldProblem]]:
    """What the user entered for one template attribute, as stored in Product.attributes, or why not.

    Storage follows the templates' convention: number -> JSON number, yes/no -> bool, choice -> the
    choice's zh text (the en text is accepted too), text -> str. Empty input gives None (not set).
    A number may carry its unit ("38 L") and full-width digits; NaN, exponents and garbage are refused.
    """
    kind = attribute.kind
    name = Bilingual(attribute.name_zh or attribute.key, attribute.name_en or attribute.key)
    if kind == AttributeKind.YES_NO.value:
        return (None if raw is None or raw == "" else bool(raw)), []
    text = unicodedata.normalize("NFKC", limits.strip_invisible(_text(raw))).strip()
    if len(text) > limits.TEXT_LIMITS["attribute_value"]:
        return None, [FieldProblem(attribute.key, "too_long", limits.length_message(
            name, limits.TEXT_LIMITS["attribute_value"], len(text)))]
    if not text:
        return None, []
    if kind == AttributeKind.NUMBER.value:
        return _parse_number(attribute.key, text, attribute.unit, name)
    if kind == AttributeKind.CHOICE.value:
        for choice in attribute.choices:
            if text in (choice.get("zh"), choice.get("en")):
                return choice.get("zh") or choice.get("en"), []
        return None, [_problem(attribute.key, "choice", f"“{name.zh}”只能从列表中选择。",
                               f"Pick {name.en} from the list.")]
    return text, []


def _parse_number(key: str, text: str, unit: str, name: Bilingual) -> tuple[Any, list[FieldProblem]]:
    if unit and text.lower().endswith(unit.lower()):
        text = text[: -len(unit)].strip()
    if len(text) > 20 or not _NUMBER.match(text):
        return None, [_problem(key, "number", f"“{name.zh}”请输入数字，例如 12 或 2.5。",
                               f"{name.en}: enter a number, e.g. 12 or 2.5.")]
    try:
        number = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern already refuses what Decimal can't read
        return None, [_problem(key, "number", f"“{name.zh}”请输入数字。", f"{name.en}: enter a number.")]
    if number == number.to_integral_value():
        return int(number), []
    return float(number), []  # a measurement stored as a JSON number
