"""The catalogue query layer: FTS5 trigram search (pg_trgm on a team workspace), LIKE for short terms, filters,
sorting, paging, triggers. Every test runs on both backends (the `workspace` fixture), with the same expected
results; where the mechanism differs (query plans, the FTS5 index itself) the test says so."""

from __future__ import annotations

from decimal import Decimal

import pytest
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlmodel import select

from app.db import Workspace
from app.models import Product, ProductImage, Sku
from app.models.gtin import complete_gtin
from app.services.catalogue import search as cs
from app.services.catalogue.blobs import store_blob
from app.services.catalogue.categories import (
    category_by_code,
    install_default_categories,
)

GTIN_A = complete_gtin("697054800100")   # 13 digits, Chinese prefix
GTIN_B = complete_gtin("001234567890")   # leading zeros


def add_product(session, code: str, name_zh: str, name_en: str, category: str | None = None,
                status: str = "draft", skus: tuple[tuple[str, str], ...] = ()) -> Product:
    category_row = category_by_code(session, category) if category else None
    product = Product(code=code, name_zh=name_zh, name_en=name_en, status=status,
                      category_id=category_row.id if category_row else None)
    session.add(product)
    session.flush()
    for position, (sku_code, gtin) in enumerate(skus):
        session.add(Sku(product_id=product.id, code=sku_code, gtin=gtin, position=position,
                        options={"colour": sku_code[-3:]}, cost=Decimal("10.00"), weight_g=100))
    session.flush()
    return product


def one(session, model, code: str):
    return session.exec(select(model).where(model.code == code)).one()


@pytest.fixture
def catalogue(workspace: Workspace) -> Workspace:
    """Five products over three categories; the index exists before they are written (triggers at work)."""
    cs.ensure_search_index(workspace.engine)
    with workspace.session() as session:
        install_default_categories(session)
        add_product(session, "LG-001", "行者轻量 PC 硬壳拉杆箱 行李箱", "PC Hard-Shell Suitcase", "luggage", "ready",
                    (("LG-001-BLK-20", GTIN_A), ("LG-001-WHT-20", "")))
        add_product(session, "LG-002", "铝框行李箱 20寸", "Aluminium Frame Suitcase", "luggage", "listed",
                    (("LG-002-GRY-20", GTIN_B),))
        add_product(session, "SC-001", "羊绒围巾", "Cashmere Scarf", "scarf", "draft", (("SC-001-GRY", ""),))
        add_product(session, "TH-001", "保温水杯", "Vacuum Cup", "thermos", "ready")
        add_product(session, "QT-001", "引号测试", 'Say "hi" AND NEAR(x) *star* -minus 100%_off')
    cs.refresh_stale_stats(workspace.engine)
    return workspace


def codes(workspace: Workspace, text: str = "", **filters) -> list[str]:
    rows = cs.query_products(workspace.engine, text, **filters)
    assert cs.count_products(workspace.engine, text, **{k: v for k, v in filters.items()
                                                        if k not in ("sort_key", "descending", "offset", "limit")}) \
        >= len(rows)
    return [row.code for row in rows]


def test_three_character_chinese_uses_the_trigram_index(catalogue: Workspace) -> None:
    assert codes(catalogue, "行李箱") == ["LG-001", "LG-002"]
    assert codes(catalogue, "拉杆箱") == ["LG-001"]
    if is_sqlite(catalogue):
        assert "VIRTUAL TABLE INDEX" in _plan(catalogue, cs._search_ids("行李箱"))  # answered by FTS5, not a scan
        assert "SCAN catalogue_doc" in _plan(catalogue, cs._search_ids("围巾"))
    else:  # five rows would be scanned anyway: forbid the scan to see that the trigram index can answer
        assert "catalogue_doc_trgm" in _plan(catalogue, cs._trigram_search_ids("行李箱"))


def is_sqlite(workspace: Workspace) -> bool:
    return workspace.engine.dialect.name == "sqlite"


def _plan(workspace: Workspace, query) -> str:
    compiled = query.compile(workspace.engine, compile_kwargs={"literal_binds": True})
    with workspace.engine.connect() as connection:
        if is_sqlite(workspace):
            return " ".join(str(row[-1]) for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        return " ".join(str(row[0]) for row in connection.exec_driver_sql(f"EXPLAIN {compiled}"))


def test_gtin_digits_and_sku_codes_are_found(catalogue: Workspace) -> None:
    assert codes(catalogue, GTIN_A) == ["LG-001"]
    assert codes(catalogue, GTIN_A[3:10]) == ["LG-001"]
    assert codes(catalogue, "0012345") == ["LG-002"]   # leading zeros are text, not a number
    assert codes(catalogue, "WHT-20") == ["LG-001"]
    assert codes(catalogue, "lg-002-gry") == ["LG-002"]  # case-insensitive


def test_short_chinese_queries_use_like(catalogue: Workspace) -> None:
    assert codes(catalogue, "围巾") == ["SC-001"]
    assert codes(catalogue, "水杯") == ["TH-001"]
    assert codes(catalogue, "杯") == ["TH-001"]
    assert codes(catalogue, "李箱") == ["LG-001", "LG-002"]


def test_terms_are_anded_and_mix_fts_and_like(catalogue: Workspace) -> None:
    assert codes(catalogue, "行李箱 铝框") == ["LG-002"]
    assert codes(catalogue, "PC 行李箱") == ["LG-001"]
    assert codes(catalogue, "suitcase 20寸") == ["LG-002"]
    assert codes(catalogue, "行李箱 围巾") == []
    assert codes(catalogue, "   ") == codes(catalogue, "")


@pytest.mark.parametrize("text", ['"', 'a"b', "NEAR(x", "AND", "OR", "NOT", "*", "-minus", "^x", "col:val", "(", ")",
                                  "'", "\\", '"hi" OR "x', "\x00abc", "x" * 500])
def test_user_input_never_breaks_the_query(catalogue: Workspace, text: str) -> None:
    cs.query_products(catalogue.engine, text)
    cs.count_products(catalogue.engine, text)


def test_operators_and_wildcards_are_searched_literally(catalogue: Workspace) -> None:
    assert codes(catalogue, '"hi"') == ["QT-001"]
    assert codes(catalogue, "AND NEAR(x)") == ["QT-001"]
    assert codes(catalogue, "*star*") == ["QT-001"]
    assert codes(catalogue, "-minus") == ["QT-001"]
    assert codes(catalogue, "%_") == ["QT-001"]      # LIKE wildcards escaped: only the text that has them
    assert codes(catalogue, "%") == ["QT-001"]
    assert codes(catalogue, "_") == ["QT-001"]
    assert cs.fts_match_expression(['a"b', "NEAR"]) == '"a""b" AND "NEAR"'


def test_filters(catalogue: Workspace) -> None:
    with catalogue.session() as session:
        luggage = category_by_code(session, "luggage").id
    assert codes(catalogue, category_id=luggage) == ["LG-001", "LG-002"]
    assert codes(catalogue, category_id=cs.UNCATEGORISED) == ["QT-001"]
    assert codes(catalogue, status="ready") == ["LG-001", "TH-001"]
    assert codes(catalogue, status=["listed", "draft"]) == ["LG-002", "QT-001", "SC-001"]
    assert codes(catalogue, "行李箱", status="listed") == ["LG-002"]
    assert cs.count_products(catalogue.engine, category_id=luggage, status="ready") == 1
    scores = {row.code: row.completeness for row in cs.query_products(catalogue.engine)}
    assert all(score is not None for score in scores.values())
    threshold = sorted(scores.values())[2]
    assert set(codes(catalogue, min_completeness=threshold)) == {c for c, s in scores.items() if s >= threshold}


@pytest.mark.parametrize("sort_key", cs.SORT_KEYS)
def test_sort_both_ways(catalogue: Workspace, sort_key: str) -> None:
    rows = cs.query_products(catalogue.engine, sort_key=sort_key)
    value = {
        "category": lambda r: r.category_code or "", "sku_count": lambda r: r.sku_count,
        "completeness": lambda r: r.completeness if r.completeness is not None else -1,
    }.get(sort_key, lambda r: getattr(r, sort_key))
    assert [r.code for r in rows] == [r.code for r in sorted(rows, key=lambda r: (value(r), r.code))]
    backwards = cs.query_products(catalogue.engine, sort_key=sort_key, descending=True)
    assert [r.code for r in backwards] == [r.code for r in sorted(rows, key=lambda r: (value(r), r.code), reverse=True)]


def test_unknown_sort_key_is_refused(catalogue: Workspace) -> None:
    with pytest.raises(ValueError):
        cs.query_products(catalogue.engine, sort_key="price; DROP TABLE product")


def test_paging_covers_every_row_once(workspace: Workspace) -> None:
    cs.ensure_search_index(workspace.engine)
    with workspace.session() as session:
        for number in range(25):
            add_product(session, f"P-{number:03d}", f"商品{number}", f"Product {number}")
    pages = [cs.query_products(workspace.engine, "商品", offset=offset, limit=10) for offset in (0, 10, 20, 30)]
    assert [len(page) for page in pages] == [10, 10, 5, 0]
    seen = [row.code for page in pages for row in page]
    assert seen == sorted(seen) and len(set(seen)) == 25
    assert cs.count_products(workspace.engine, "商品") == 25
    assert cs.count_products(workspace.engine, "Product 2") == 7  # 2, 12, 20–24 (terms are ANDed)
    assert len(cs.query_product_ids(workspace.engine, "商品")) == 25


def test_row_fields(catalogue: Workspace) -> None:
    row = cs.query_products(catalogue.engine, "LG-001")[0]
    assert (row.category_code, row.category_name_zh, row.category_name_en) == ("luggage", "行李箱", "Luggage")
    assert row.sku_count == 2 and row.status == "ready" and row.updated_at.tzinfo is not None
    skus = cs.query_skus(catalogue.engine, row.id)
    assert [s.code for s in skus] == ["LG-001-BLK-20", "LG-001-WHT-20"]
    assert skus[0].gtin == GTIN_A and skus[0].cost == Decimal("10.00")


def test_triggers_keep_the_index_and_stats_current(catalogue: Workspace) -> None:
    with catalogue.session() as session:
        product = one(session, Product, "SC-001")
        product.name_zh = "真丝方巾"
        session.add(Sku(product_id=product.id, code="SC-001-NEW-99", gtin=GTIN_A[:-1] + "0"))
        session.delete(one(session, Sku, "SC-001-GRY"))
    assert codes(catalogue, "围巾") == []
    assert codes(catalogue, "真丝方巾") == ["SC-001"]
    assert codes(catalogue, "NEW-99") == ["SC-001"]
    assert codes(catalogue, "SC-001-GRY") == []
    row = cs.query_products(catalogue.engine, "SC-001")[0]
    assert row.sku_count == 1
    with catalogue.engine.connect() as connection:
        assert connection.exec_driver_sql(
            f"SELECT stale FROM catalogue_stats WHERE product_id = {row.id}").scalar() == 1
    assert cs.refresh_stale_stats(catalogue.engine) == 1
    with catalogue.session() as session:
        session.delete(one(session, Product, "SC-001"))
    assert codes(catalogue, "SC-001") == []
    with catalogue.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM catalogue_doc").scalar() == 4
        assert connection.exec_driver_sql("SELECT count(*) FROM catalogue_stats").scalar() == 4
    assert cs.check_search_index(catalogue.engine)   # FTS5 agrees with its documents after all that


def test_an_image_or_template_change_marks_the_score_stale(catalogue: Workspace) -> None:
    before = {r.code: r.completeness for r in cs.query_products(catalogue.engine)}
    with catalogue.session() as session:
        product = one(session, Product, "TH-001")
        blob = store_blob(session, b"not really a png", "image/png")
        session.add(ProductImage(product_id=product.id, blob_id=blob.id, role="main"))
    assert cs.refresh_stale_stats(catalogue.engine) == 1
    after = {r.code: r.completeness for r in cs.query_products(catalogue.engine)}
    assert after["TH-001"] > before["TH-001"]
    with catalogue.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE attribute_def SET required = FALSE WHERE category_id = "
                                   "(SELECT id FROM category WHERE code = 'luggage')")
    assert cs.refresh_stale_stats(catalogue.engine) == 2


def test_refresh_in_the_writers_session(catalogue: Workspace) -> None:
    with catalogue.session() as session:
        product = one(session, Product, "QT-001")
        product.name_en = ""
        scores = cs.refresh_product_stats(session, [product.id])
    assert cs.query_products(catalogue.engine, "QT-001")[0].completeness == scores[product.id]
    assert cs.refresh_stale_stats(catalogue.engine) == 0


def test_a_damaged_index_is_detected(catalogue: Workspace) -> None:
    with catalogue.engine.begin() as connection:
        if is_sqlite(catalogue):  # bypass the document triggers: the FTS5 index no longer matches its documents
            connection.exec_driver_sql("DROP TRIGGER catalogue_doc_au")
            connection.exec_driver_sql("UPDATE catalogue_doc SET name_zh = 'x' WHERE code = 'TH-001'")
        else:  # the GIN index always matches its documents: a document that missed its product's change
            connection.exec_driver_sql("DROP TRIGGER catalogue_ix_product_au_text ON product")
            connection.exec_driver_sql("UPDATE product SET name_zh = 'x' WHERE code = 'TH-001'")
    assert not cs.check_search_index(catalogue.engine)
    assert cs.ensure_search_index(catalogue.engine) is True and cs.check_search_index(catalogue.engine)


def test_ensure_indexes_products_written_before_it_and_is_cheap_after(workspace: Workspace) -> None:
    with workspace.session() as session:
        add_product(session, "OLD-1", "旧的行李箱", "Old", skus=(("OLD-1-A", GTIN_A),))
    assert cs.ensure_search_index(workspace.engine) is True
    assert codes(workspace, "旧的行李箱") == ["OLD-1"] and codes(workspace, GTIN_A) == ["OLD-1"]
    assert cs.ensure_search_index(workspace.engine) is False
    with workspace.engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER catalogue_ix_sku_ai" + ("" if is_sqlite(workspace) else " ON sku"))
    assert cs.ensure_search_index(workspace.engine) is True


@pytest.mark.sqlite_only  # PostgreSQL alters tables in place: batch mode copies tables only on SQLite
def test_alembic_batch_migrations_still_work_with_the_triggers(catalogue: Workspace) -> None:
    """A trigger on one table that named another would make SQLite refuse Alembic's batch rename."""
    with catalogue.engine.connect() as connection:
        driver = connection.connection.driver_connection
        driver.execute("PRAGMA foreign_keys=OFF")  # as app.db.upgrade_to_head does
        try:
            with connection.begin():
                operations = Operations(MigrationContext.configure(connection))
                for table in ("sku", "product"):
                    with operations.batch_alter_table(table, recreate="always"):
                        pass
        finally:
            driver.execute("PRAGMA foreign_keys=ON")
    assert cs.ensure_search_index(catalogue.engine) is True  # the rebuilt tables lost their triggers
    assert codes(catalogue, "行李箱") == ["LG-001", "LG-002"]
    with catalogue.session() as session:
        add_product(session, "NEW-1", "新行李箱", "New")
    assert codes(catalogue, "新行李箱") == ["NEW-1"]


def test_bulk_writers_can_suspend_the_triggers(catalogue: Workspace) -> None:
    with cs.sqlite_write_transaction(catalogue.engine) as connection, cs.suspended_triggers(connection):
        connection.exec_driver_sql("UPDATE product SET name_zh = '批量改名' WHERE code = 'TH-001'")
        assert connection.exec_driver_sql(
            "SELECT count(*) FROM catalogue_doc WHERE name_zh = '批量改名'").scalar() == 0
        ids = [connection.exec_driver_sql("SELECT id FROM product WHERE code = 'TH-001'").scalar()]
        cs.reindex_products(connection, ids)
    assert codes(catalogue, "批量改名") == ["TH-001"]
    assert cs.check_search_index(catalogue.engine)
    with catalogue.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM catalogue_index_suspended").scalar() == 0


def test_a_failed_write_transaction_leaves_nothing(catalogue: Workspace) -> None:
    with (pytest.raises(RuntimeError), cs.sqlite_write_transaction(catalogue.engine) as connection,
          cs.suspended_triggers(connection)):
        connection.exec_driver_sql("DELETE FROM sku")
        raise RuntimeError("boom")
    assert cs.count_products(catalogue.engine, "LG-001-BLK") == 1
    assert cs.ensure_search_index(catalogue.engine, refresh_stats=False) is False
