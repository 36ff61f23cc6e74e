"""Categories and their attribute templates: the defaults every new workspace starts with, and lookups.

The defaults live in data (`resources/categories/default_categories.json`), not in code, so a consultant
can extend them without a release. Product attribute values follow one convention (see the JSON's
"about"): number -> JSON number, yes_no -> bool, choice -> the chosen choice's zh text, text -> str.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from sqlmodel import Session, col, select

from app.db import Workspace
from app.frozen import resources_dir
from app.models import AttributeDef, AttributeKind, Category
from app.services.kernel import audit

TEMPLATE_FILE = Path("categories") / "default_categories.json"
_KINDS = {kind.value for kind in AttributeKind}


@lru_cache(maxsize=4)
def load_default_templates(path: Path | None = None) -> tuple[dict[str, Any], ...]:
    """The default categories as plain dicts, checked so a bad edit of the JSON fails loudly and early."""
    source = path or resources_dir() / TEMPLATE_FILE
    data = json.loads(Path(source).read_text(encoding="utf-8"))
    categories = tuple(data["categories"])
    for category in categories:
        _check_template(category)
    return categories


def _check_template(category: dict[str, Any]) -> None:
    """Refuse a template entry the rest of the app could not use."""
    code = category.get("code", "")
    if not code or not category.get("name_zh") or not category.get("name_en"):
        raise ValueError(f"category template needs code, name_zh and name_en: {category!r}")
    keys = [attribute["key"] for attribute in category.get("attributes", [])]
    if len(keys) != len(set(keys)):
        raise ValueError(f"duplicate attribute key in category {code}")
    for attribute in category.get("attributes", []):
        if attribute.get("kind", "text") not in _KINDS:
            raise ValueError(f"unknown attribute kind in {code}.{attribute['key']}: {attribute.get('kind')}")


def install_default_categories(session: Session) -> list[Category]:
    """Add the default categories whose codes the workspace doesn't have yet; returns the ones added.

    Idempotent: a category that already exists (even one the user edited) is left alone.
    """
    existing = set(session.exec(select(Category.code)).all())
    added: list[Category] = []
    for template in load_default_templates():
        if template["code"] in existing:
            continue
        added.append(_install_category(session, template))
    return added


def _install_category(session: Session, template: dict[str, Any]) -> Category:
    """One category with its attribute rows, plus an audit entry."""
    category = Category(code=template["code"], name_zh=template["name_zh"], name_en=template["name_en"],
                        has_size_chart=bool(template.get("has_size_chart", False)))
    session.add(category)
    session.flush()
    assert category.id is not None
    for position, attribute in enumerate(template.get("attributes", [])):
        session.add(_attribute_row(category.id, position, attribute))
    session.flush()
    audit.record(session, "category", category.code, "create",
                 {"source": "default_template", "attributes": len(template.get("attributes", []))})
    return category


def _attribute_row(category_id: int, position: int, attribute: dict[str, Any]) -> AttributeDef:
    return AttributeDef(
        category_id=category_id, key=attribute["key"], name_zh=attribute["name_zh"],
        name_en=attribute["name_en"], kind=attribute.get("kind", AttributeKind.TEXT.value),
        unit=attribute.get("unit", ""), choices=[dict(choice) for choice in attribute.get("choices", [])],
        required=bool(attribute.get("required", False)), is_axis=bool(attribute.get("is_axis", False)),
        position=position,
    )


def list_categories(workspace: Workspace) -> list[Category]:
    """Every category of the workspace, in the order they were added (defaults first, in template order)."""
    with workspace.session() as session:
        return list(session.exec(select(Category).order_by(col(Category.id))))


def attribute_template(workspace: Workspace, category_id: int) -> list[AttributeDef]:
    """A category's attributes in display order (axes included; filter on `is_axis` for the SKU matrix)."""
    with workspace.session() as session:
        return _template_rows(session, category_id)


def _template_rows(session: Session, category_id: int) -> list[AttributeDef]:
    query = (select(AttributeDef).where(AttributeDef.category_id == category_id)
             .order_by(col(AttributeDef.position), col(AttributeDef.id)))
    return list(session.exec(query))


def category_by_code(session: Session, code: str) -> Category | None:
    """The category with `code`, or None."""
    return session.exec(select(Category).where(Category.code == code)).first()


#: Units as a Chinese reader says them (the category templates write them in English, as the English platforms
#: want them): 12 小时, 2 年.
UNIT_NAMES_ZH = {"years": "年", "year": "年", "h": "小时", "months": "个月", "month": "个月", "days": "天", "day": "天",
                 "pcs": "件"}
#: English units that take the singular after exactly 1 ("1 year", "2 years").
UNIT_SINGULAR_EN = {"years": "year", "months": "month", "days": "day", "pcs": "pc"}


def unit_text(unit: str, lang: str, value: Any = None) -> str:
    """`unit` in `lang` ("zh…" or "en"): 小时 for h, 年 for years; in English the singular after a value of 1."""
    if lang.lower().startswith("zh"):
        return UNIT_NAMES_ZH.get(unit, unit)
    is_one = value is not None and str(value).strip() in ("1", "1.0")
    return UNIT_SINGULAR_EN.get(unit, unit) if is_one else unit


class AttributeShape(Protocol):
    """What `display_value` reads of an attribute definition (a table row, or a published attribute's view)."""

    @property
    def kind(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def choices(self) -> list[dict[str, str]]: ...


def display_value(attribute: AttributeShape, value: Any, lang: str) -> str:
    """An attribute value as text in `lang` ("zh…" or "en"): choices translated, units and yes/no added."""
    chinese = lang.lower().startswith("zh")
    if value is None or value == "":
        return ""
    if attribute.kind == AttributeKind.YES_NO.value:
        return ("是" if value else "否") if chinese else ("Yes" if value else "No")
    if attribute.kind == AttributeKind.CHOICE.value:
        for choice in attribute.choices:
            if value in (choice.get("zh"), choice.get("en")):
                return choice["zh"] if chinese else choice["en"]
        return str(value)
    if attribute.kind == AttributeKind.NUMBER.value and attribute.unit:
        return f"{value} {unit_text(attribute.unit, lang, value)}"
    return str(value)
