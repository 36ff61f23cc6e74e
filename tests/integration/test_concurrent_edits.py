"""Nobody overwrites anybody (issue #14): two editors, each with its own connection to the same workspace (a file
or a team database), save the same product; the second gets an `EditConflict` showing the conflict field by
field (theirs, mine) and nothing of it is written."""

from __future__ import annotations

import pytest

from app.db import Workspace, open_workspace
from app.services.catalogue.products import EditConflict, FieldConflict, ProductService
from app.services.catalogue.search import ensure_search_index


def second_connection(workspace: Workspace) -> Workspace:
    """Another user's window: a new engine (its own connections) on the same file or database."""
    return open_workspace(workspace.url if workspace.url is not None else workspace.path)


@pytest.fixture
def two_editors(workspace: Workspace):
    """Two users' product services, each on its own engine and connections."""
    ensure_search_index(workspace.engine)
    other = second_connection(workspace)
    yield ProductService(workspace), ProductService(other)
    other.close()


@pytest.fixture
def team_editors(pg_workspace_url: str):
    """Two users' product services on one team database, each with its own connections."""
    first, second = open_workspace(pg_workspace_url), open_workspace(pg_workspace_url)
    ensure_search_index(first.engine)
    yield ProductService(first), ProductService(second)
    first.close()
    second.close()


def test_the_second_save_is_a_conflict_shown_field_by_field(two_editors) -> None:
    mine, theirs = two_editors
    product_id = mine.create_product("LG-001", "行李箱", "Suitcase").id
    version = mine.load(product_id).version
    theirs.update_product_fields(product_id, version, {"name_zh": "他们的行李箱", "name_en": "Their suitcase"})
    with pytest.raises(EditConflict) as caught:
        mine.update_product_fields(product_id, version, {"name_zh": "我的行李箱", "name_en": "Their suitcase"})
    conflict = caught.value
    assert conflict.expected_version == version and conflict.current_version == version + 1
    # name_en: both wrote the same text, so it is no conflict
    assert conflict.fields == {"name_zh": FieldConflict(theirs="他们的行李箱", mine="我的行李箱")}
    # and the message the editor shows says it field by field, in both languages
    assert "The Chinese name: they saved “他们的行李箱”, yours is “我的行李箱”" in conflict.text("en")
    assert "中文名称：对方保存的是“他们的行李箱”，你的是“我的行李箱”" in conflict.text("zh")
    assert "English name" not in conflict.text("en")
    stored = mine.load(product_id)
    assert (stored.name_zh, stored.version) == ("他们的行李箱", version + 1)  # nothing of the lost save written
    # keeping mine is an explicit second save against the version the conflict names
    assert mine.update_product_fields(product_id, conflict.current_version, {"name_zh": "我的行李箱"}) == version + 2


def test_sku_saves_conflict_too(two_editors) -> None:
    from decimal import Decimal

    mine, theirs = two_editors
    product_id = mine.create_product("SC-001", "围巾", "Scarf").id
    mine.apply_variant_plan(product_id, [{"key": "colour", "name_zh": "颜色", "name_en": "Colour",
                                          "values": ["灰 Grey"]}], "{product}-{colour}")
    sku = mine.load(product_id).skus[0]
    theirs.update_sku_fields(sku.id, sku.version, {"cost": Decimal("10.50")})
    with pytest.raises(EditConflict) as caught:
        mine.update_sku_fields(sku.id, sku.version, {"cost": Decimal("9.90")})
    assert caught.value.fields == {"cost": FieldConflict(theirs=Decimal("10.50"), mine=Decimal("9.90"))}


def test_a_writer_slipping_in_after_the_check_is_caught_by_the_version_column(team_editors, monkeypatch) -> None:
    """The other user commits between this save's version check and its UPDATE: the UPDATE … WHERE version = ?
    matches nothing (StaleDataError) and the save is a conflict. PostgreSQL only: on a file, SQLite's single
    writer lock keeps the other window's write out until this transaction ends."""
    mine, theirs = team_editors
    product_id = mine.create_product("TH-001", "水杯", "Cup").id
    version = mine.load(product_id).version
    checked = ProductService._product_for_update

    def check_then_let_them_in(self, session, pid, expected):
        product = checked(self, session, pid, expected)
        if self is mine:  # their save (below) runs the ordinary check
            theirs.update_product_fields(pid, version, {"name_en": "Their cup"})  # commits on its own connection
        return product

    monkeypatch.setattr(ProductService, "_product_for_update", check_then_let_them_in)
    with pytest.raises(EditConflict) as caught:
        mine.update_product_fields(product_id, version, {"name_en": "My cup"})
    monkeypatch.undo()
    assert caught.value.fields == {"name_en": FieldConflict(theirs="Their cup", mine="My cup")}
    assert mine.load(product_id).name_en == "Their cup"
