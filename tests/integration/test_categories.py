"""Default category templates: installed once, bilingual, usable by the product editor and the SKU matrix."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from app.db import Workspace, create_workspace
from app.models import AttributeDef, AuditEntry, Category
from app.services.catalogue.categories import (
    attribute_template,
    display_value,
    install_default_categories,
    list_categories,
    load_default_templates,
)

EXPECTED_CODES = {"luggage", "scarf", "apparel", "thermos", "pillow", "power_bank", "generic"}


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Workspace]:
    """A fresh workspace with no categories yet."""
    workspace = create_workspace(tmp_path / "categories.fdw")
    yield workspace
    workspace.close()


@pytest.fixture
def installed(empty: Workspace) -> Workspace:
    with empty.session() as session:
        install_default_categories(session)
    return empty


def _count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def _attributes(workspace: Workspace, code: str) -> dict[str, AttributeDef]:
    category = next(c for c in list_categories(workspace) if c.code == code)
    assert category.id is not None
    return {a.key: a for a in attribute_template(workspace, category.id)}


def test_installs_every_default_category_once(empty: Workspace) -> None:
    with empty.session() as session:
        added = install_default_categories(session)
    assert {c.code for c in added} == EXPECTED_CODES == {t["code"] for t in load_default_templates()}
    with empty.session() as session:
        categories, attributes = _count(session, Category), _count(session, AttributeDef)
        again = install_default_categories(session)
    assert again == []
    with empty.session() as session:
        assert (_count(session, Category), _count(session, AttributeDef)) == (categories, attributes)
    assert categories == len(EXPECTED_CODES)


def test_existing_category_codes_are_left_alone(empty: Workspace) -> None:
    with empty.session() as session:
        session.add(Category(code="luggage", name_zh="我的箱包", name_en="My bags"))
    with empty.session() as session:
        added = install_default_categories(session)
    assert "luggage" not in {c.code for c in added}
    luggage = next(c for c in list_categories(empty) if c.code == "luggage")
    assert (luggage.name_zh, luggage.name_en) == ("我的箱包", "My bags")
    assert luggage.id is not None and attribute_template(empty, luggage.id) == []
    assert {c.code for c in list_categories(empty)} == EXPECTED_CODES


def test_every_attribute_is_bilingual_and_choices_have_values(installed: Workspace) -> None:
    for category in list_categories(installed):
        assert category.name_zh and category.name_en
        assert category.id is not None
        template = attribute_template(installed, category.id)
        assert template, category.code
        assert [a.position for a in template] == list(range(len(template)))
        assert len({a.key for a in template}) == len(template)
        for attribute in template:
            assert attribute.name_zh.strip() and attribute.name_en.strip(), (category.code, attribute.key)
            assert attribute.kind in {"text", "number", "choice", "yes_no"}
            if attribute.kind == "choice":
                assert attribute.choices, (category.code, attribute.key)
                assert all(c.get("zh") and c.get("en") for c in attribute.choices), (category.code, attribute.key)
            if attribute.kind == "number":
                assert attribute.unit, (category.code, attribute.key)


def test_luggage_template(installed: Workspace) -> None:
    attributes = _attributes(installed, "luggage")
    shells = {c["zh"] for c in attributes["shell_material"].choices}
    assert {"ABS", "铝镁合金"} <= shells and any("PC" in s for s in shells)
    assert (attributes["capacity"].kind, attributes["capacity"].unit) == ("number", "L")
    assert attributes["wheels"].kind == "choice" and attributes["tsa_lock"].kind == "yes_no"
    assert attributes["warranty"].kind == "number"
    axes = [a for a in attributes.values() if a.is_axis]
    assert [a.key for a in axes] == ["colour", "size"]
    assert [c["en"] for c in attributes["size"].choices] == ['20"', '24"', '28"']


def test_textile_apparel_and_other_templates(installed: Workspace) -> None:
    categories = {c.code: c for c in list_categories(installed)}
    assert categories["scarf"].has_size_chart is False and categories["apparel"].has_size_chart is True
    scarf = _attributes(installed, "scarf")
    assert scarf["composition"].kind == "text" and scarf["oeko_tex"].kind == "yes_no"
    assert scarf["weight"].unit == "g" and scarf["length"].unit == "cm" and scarf["care"].kind == "text"
    assert [a.key for a in scarf.values() if a.is_axis] == ["colour"]
    apparel = _attributes(installed, "apparel")
    assert {a.key for a in apparel.values() if a.is_axis} == {"colour", "size"} and {"fabric", "fit"} <= set(apparel)
    thermos = _attributes(installed, "thermos")
    assert thermos["capacity"].unit == "ml" and thermos["insulation_hours"].kind == "number"
    assert {"304", "316"} <= {c["zh"].split()[0] for c in thermos["liner_material"].choices}
    pillow = _attributes(installed, "pillow")
    assert pillow["filling"].kind == "choice" and [a.key for a in pillow.values() if a.is_axis] == ["size"]
    power = _attributes(installed, "power_bank")
    assert (power["capacity"].unit, power["output"].unit, power["ccc"].kind) == ("mAh", "W", "yes_no")
    assert _attributes(installed, "generic")


def test_install_is_audited(installed: Workspace) -> None:
    with installed.session() as session:
        entries = list(session.exec(select(AuditEntry).where(AuditEntry.entity == "category")))
    assert {e.entity_id for e in entries} == EXPECTED_CODES
    assert all(e.action == "create" for e in entries)


def test_display_value_in_both_languages(installed: Workspace) -> None:
    luggage = _attributes(installed, "luggage")
    assert display_value(luggage["wheels"], "四轮万向静音轮", "en") == "4 silent spinner wheels"
    assert display_value(luggage["wheels"], "四轮万向静音轮", "zh_CN") == "四轮万向静音轮"
    assert display_value(luggage["tsa_lock"], True, "zh") == "是"
    assert display_value(luggage["tsa_lock"], False, "en") == "No"
    assert display_value(luggage["capacity"], 38, "en") == "38 L"
    assert display_value(luggage["capacity"], None, "en") == ""


def test_units_in_the_readers_language(installed: Workspace) -> None:
    """#16: the templates write units in English (h, years); a Chinese reader gets 小时 and 年."""
    thermos, luggage = _attributes(installed, "thermos"), _attributes(installed, "luggage")
    assert display_value(thermos["insulation_hours"], 12, "zh_CN") == "12 小时"
    assert display_value(thermos["insulation_hours"], 12, "en") == "12 h"
    assert display_value(luggage["warranty"], 5, "zh") == "5 年"
    assert display_value(luggage["warranty"], 5, "en") == "5 years"
    assert display_value(luggage["warranty"], 1, "en") == "1 year"


def test_a_broken_template_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"categories": [{"code": "x", "name_zh": "X", "name_en": "X", '
                   '"attributes": [{"key": "a", "name_zh": "A", "name_en": "A", "kind": "colour"}]}]}',
                   encoding="utf-8")
    with pytest.raises(ValueError):
        load_default_templates(bad)
