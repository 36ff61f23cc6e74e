"""Bulk edit of products: one transaction, one audit entry, undo by restore, conflicts reported, stats current."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import select

from app.models import AuditEntry, Category, Product, Sku
from app.services.catalogue import search as cs
from app.services.catalogue.bulk import BulkConflict, BulkEditRefused, BulkEditService
from app.services.catalogue.categories import install_default_categories
from app.services.kernel.jobs import Cancelled


@pytest.fixture
def catalogue(workspace):
    """Three luggage products (one without SKUs) and the default categories, with the search index on."""
    with workspace.session() as session:
        install_default_categories(session)
    with workspace.session() as session:
        luggage = session.exec(select(Category).where(Category.code == "luggage")).one()
        for number in range(3):
            product = Product(code=f"P-{number}", name_zh=f"行李箱 {number}", name_en=f"Suitcase {number}",
                              category_id=luggage.id, brand="Old brand", status="draft")
            session.add(product)
            session.flush()
            if number < 2:
                session.add(Sku(product_id=product.id, code=f"P-{number}-A", gtin="", cost=Decimal("10.00")))
    cs.ensure_search_index(workspace.engine)
    return workspace


def _ids(workspace) -> dict[str, int]:
    with workspace.session() as session:
        return {p.code: p.id for p in session.exec(select(Product))}


def _products(workspace) -> dict[str, Product]:
    with workspace.session() as session:
        return {p.code: p for p in session.exec(select(Product))}


def _audit(workspace) -> list[AuditEntry]:
    with workspace.session() as session:
        return list(session.exec(select(AuditEntry).where(AuditEntry.entity == "product").order_by(AuditEntry.id)))


def test_bulk_status_change_is_one_transaction_with_one_audit_entry(catalogue):
    ids = _ids(catalogue)
    before = _products(catalogue)
    service = BulkEditService(catalogue)
    edit = service.apply([ids["P-0"], ids["P-1"]], "status", "ready")
    after = _products(catalogue)
    assert after["P-0"].status == after["P-1"].status == "ready"
    assert after["P-2"].status == "draft", "only the selected products change"
    assert after["P-0"].version == before["P-0"].version + 1, "the version column goes up, as the ORM would"
    assert after["P-0"].updated_at > before["P-0"].updated_at
    assert edit.previous == {ids["P-0"]: "draft", ids["P-1"]: "draft"}
    entries = _audit(catalogue)
    assert len(entries) == 1
    assert entries[0].action == "bulk_update"
    assert entries[0].details["field"] == "status" and entries[0].details["count"] == 2
    assert sorted(entries[0].details["products"]) == ["P-0", "P-1"]


def test_products_that_already_have_the_value_are_left_alone(catalogue):
    ids = _ids(catalogue)
    service = BulkEditService(catalogue)
    service.apply([ids["P-0"]], "status", "ready")
    version = _products(catalogue)["P-0"].version
    edit = service.apply([ids["P-0"], ids["P-1"]], "status", "ready")
    assert edit.product_ids == [ids["P-1"]]
    assert _products(catalogue)["P-0"].version == version


def test_restore_puts_the_old_values_back_and_restoring_the_inverse_redoes(catalogue):
    ids = _ids(catalogue)
    service = BulkEditService(catalogue)
    edit = service.apply(ids.values(), "brand", "  New brand  ")
    assert {p.brand for p in _products(catalogue).values()} == {"New brand"}
    inverse = service.restore(edit)
    assert {p.brand for p in _products(catalogue).values()} == {"Old brand"}
    service.restore(inverse)
    assert {p.brand for p in _products(catalogue).values()} == {"New brand"}
    assert [e.action for e in _audit(catalogue)] == ["bulk_update", "bulk_restore", "bulk_restore"]


def test_bulk_category_change_refreshes_completeness(catalogue):
    ids = _ids(catalogue)
    engine = catalogue.engine
    scores = {row.code: row.completeness for row in cs.query_products(engine)}
    edit = BulkEditService(catalogue).apply([ids["P-0"], ids["P-1"]], "category", None)
    rows = {row.code: row for row in cs.query_products(engine)}
    assert rows["P-0"].category_id is None
    assert rows["P-0"].completeness < scores["P-0"], "no category: the score drops in the same transaction"
    assert cs.count_products(engine, category_id=cs.UNCATEGORISED) == 2
    BulkEditService(catalogue).restore(edit)
    assert {row.code: row.completeness for row in cs.query_products(engine)} == scores
    assert cs.count_products(engine, category_id=cs.UNCATEGORISED) == 0
    with engine.connect() as connection:
        assert not connection.exec_driver_sql("SELECT count(*) FROM catalogue_stats WHERE stale = 1").scalar()


def test_a_product_changed_meanwhile_is_a_conflict_and_nothing_is_written(catalogue):
    ids = _ids(catalogue)
    service = BulkEditService(catalogue)
    seen = service.versions(ids.values())
    with catalogue.session() as session:  # someone else edits P-1 in the editor
        product = session.get(Product, ids["P-1"])
        product.name_en = "Edited elsewhere"
    with pytest.raises(BulkConflict) as raised:
        service.apply(ids.values(), "status", "listed", expected_versions=seen)
    assert raised.value.codes == ("P-1",)
    assert "P-1" in raised.value.text("en") and "P-1" in raised.value.text("zh")
    assert {p.status for p in _products(catalogue).values()} == {"draft"}
    assert _audit(catalogue) == []


def test_undo_after_someone_else_changed_a_product_is_refused(catalogue):
    ids = _ids(catalogue)
    service = BulkEditService(catalogue)
    edit = service.apply(ids.values(), "status", "ready")
    with catalogue.session() as session:
        session.get(Product, ids["P-2"]).status = "archived"
    with pytest.raises(BulkConflict) as raised:
        service.restore(edit)
    assert raised.value.codes == ("P-2",)
    statuses = {code: p.status for code, p in _products(catalogue).items()}
    assert statuses == {"P-0": "ready", "P-1": "ready", "P-2": "archived"}, "all or nothing"


def test_an_editor_holding_the_old_version_gets_a_stale_data_error(catalogue):
    ids = _ids(catalogue)
    with catalogue.session() as session:
        held = session.get(Product, ids["P-0"])
        BulkEditService(catalogue).apply([ids["P-0"]], "status", "ready")  # committed by another connection
        held.name_en = "Overwrite?"
        with pytest.raises(StaleDataError):
            session.flush()
        session.rollback()
    assert _products(catalogue)["P-0"].status == "ready"


def test_deleted_products_conflict(catalogue):
    ids = _ids(catalogue)
    with catalogue.session() as session:
        session.delete(session.get(Product, ids["P-2"]))
    with pytest.raises(BulkConflict):
        BulkEditService(catalogue).apply(ids.values(), "status", "ready")


def test_bad_values_are_refused(catalogue):
    ids = list(_ids(catalogue).values())
    service = BulkEditService(catalogue)
    with pytest.raises(BulkEditRefused):
        service.apply(ids, "status", "sold-out")
    with pytest.raises(BulkEditRefused):
        service.apply(ids, "category", 99999)
    with pytest.raises(ValueError):
        service.apply(ids, "code", "X")  # not a bulk field: a programming error
    with pytest.raises(BulkEditRefused) as too_long:  # the editor's limits (app/models/field_limits.py)
        service.apply(ids, "brand", "b" * 201)
    assert "200" in too_long.value.message.en
    assert _audit(catalogue) == []


def test_cancel_rolls_everything_back(catalogue, monkeypatch):
    import app.services.catalogue.bulk as bulk

    monkeypatch.setattr(bulk, "CHUNK", 1)
    ids = list(_ids(catalogue).values())
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 2  # after two products were written

    with pytest.raises(Cancelled):
        BulkEditService(catalogue).apply(ids, "materials", "PC", cancel=cancel)
    assert {p.materials for p in _products(catalogue).values()} == {""}
    assert _audit(catalogue) == []


def test_search_index_follows_a_bulk_edit(catalogue):
    ids = _ids(catalogue)
    BulkEditService(catalogue).apply([ids["P-0"]], "status", "listed")
    assert cs.query_product_ids(catalogue.engine, "行李箱", status="listed") == [ids["P-0"]]
    assert cs.check_search_index(catalogue.engine)
