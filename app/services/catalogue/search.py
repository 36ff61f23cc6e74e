"""The catalogue query layer: search-as-you-type, filters, sorting and paging for 100,000 SKUs.

A lazy table model asks `count_products(...)` once and `query_products(..., offset, limit)` per page;
filtering and sorting run in SQL (SQLAlchemy Core, plain tuples: loading ORM objects is 4× slower).

Search. Each product has one search document (`catalogue_doc`: product code, names zh/en, its SKU codes
and GTINs), indexed by an external-content SQLite FTS5 table (`catalogue_fts`, keyed by product id) with
the trigram tokenizer, which finds any substring of three or more characters (行李箱, 690…, PC01). Trigram
finds nothing for one or two characters (水杯, 围巾 are common queries), so shorter terms are matched with a
LIKE scan over the documents. The text is split on spaces; every term must match (AND). User input never
reaches the MATCH grammar: each term becomes a quoted FTS5 string with its quotes doubled, so `"`, `*`,
`AND`, `NEAR(`, `-` and `:` are searched for literally; LIKE terms are escaped (`%`, `_`).

Derived data, not schema. The documents, their index, the per-product stats (`catalogue_stats`: SKU count and the
completeness score) and the triggers that keep them current are created by `ensure_search_index(engine)`,
which the app calls on open — not by an Alembic migration: they hold nothing that can't be rebuilt from
`product`/`sku`, their definition changes with the search feature rather than with the data model, and a
rebuild is the right answer to any doubt about them (a missing trigger, a different `INDEX_VERSION`, a
crash while suspended). Keep them out of Alembic autogenerate (`include_name` in migrations/env.py should
skip tables named `catalogue_*`), or it proposes to drop them.

Why documents in their own table, and single-table triggers:
- A product's document spans two tables (product + its SKUs), so the FTS5 index can't point at `product`.
  Its content is a small derived table of documents instead, kept in step with the index by triggers on
  that table (the FTS5 manual's external-content pattern): FTS5's 'delete' needs exactly the values that
  were indexed, and a trigger on the document row has them. A contentless table on SQLite 3.40 can't
  delete at all without them (`contentless_delete` arrived in 3.43). The documents cost about 5 MB at
  100k SKUs, and the LIKE scan for short terms runs over them (a plain table) instead of through FTS5.
- Every trigger on a source table reads only its own table and the derived tables. A trigger on `product`
  that read `sku` breaks Alembic batch migrations: SQLite refuses to rename `_alembic_tmp_sku` to `sku`
  while another table's trigger names `sku` ("error in trigger …: no such table: main.sku"). Batch mode
  drops a rebuilt table's own triggers; `ensure_search_index` notices and rebuilds.
- Bulk writers (imports) suspend the triggers inside their transaction (`suspended_triggers`) and call
  `reindex_products` + `refresh_product_stats` for the products they touched: per-row triggers would
  re-tokenise a product's document once per SKU.

Completeness needs Python (category templates, GTIN check digits), so triggers only mark a product's
stats stale; `refresh_product_stats` (in the writer's transaction) or `refresh_stale_stats` (after the
fact, in chunks) computes the score. `query_products` shows the last computed score.

Everything SQLite-specific is in this module, in the section marked "SQLite only", so the rest of the
catalogue code stays portable. A team workspace (PostgreSQL) has the same derived tables and triggers, with a
pg_trgm GIN index in place of FTS5 (`search_postgres`); the functions here choose by the engine's dialect.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session as OrmSession

from app.db import is_read_only
from app.models import AttributeDef, Category, Product, ProductImage, Sku
from app.models.bilingual import Bilingual
from app.postgres_roles import reads_private
from app.services.catalogue import completeness as completeness_rules, search_postgres
from app.services.catalogue.completeness import (
    ProductFacts,
    RequiredAttribute,
    SkuFacts,
)
from app.services.kernel.batches import chunks

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]

#: Bump when the derived tables or triggers change: `ensure_search_index` then rebuilds them.
INDEX_VERSION = "1"
#: Shortest term the trigram index can answer; shorter terms use LIKE.
TRIGRAM_MIN = 3
#: A search box never needs more; longer input is cut (it would only slow the query).
MAX_QUERY_CHARS = 200
MAX_TERMS = 8

#: Sort keys the table model may ask for.
SORT_KEYS = ("code", "name_zh", "name_en", "category", "status", "sku_count", "completeness", "updated_at")
#: `category_id=UNCATEGORISED` filters products without a category.
UNCATEGORISED = -1

_product = cast(sa.Table, sa.inspect(Product).local_table)
_sku = cast(sa.Table, sa.inspect(Sku).local_table)
_category = cast(sa.Table, sa.inspect(Category).local_table)
_image = cast(sa.Table, sa.inspect(ProductImage).local_table)
_attribute = cast(sa.Table, sa.inspect(AttributeDef).local_table)

# The derived tables as Core objects (own MetaData: they are not part of the Alembic-managed schema).
_derived = sa.MetaData()
_doc = sa.Table("catalogue_doc", _derived, sa.Column("product_id", sa.Integer, primary_key=True),
                *(sa.Column(name, sa.Text) for name in ("code", "name_zh", "name_en", "sku_codes", "gtins")))
_fts = sa.Table("catalogue_fts", _derived, sa.Column("rowid", sa.Integer, primary_key=True))
_stats = sa.Table("catalogue_stats", _derived, sa.Column("product_id", sa.Integer, primary_key=True),
                  sa.Column("category_id", sa.Integer), sa.Column("sku_count", sa.Integer),
                  sa.Column("completeness", sa.Integer), sa.Column("stale", sa.Integer))


@dataclass(frozen=True)
class ProductRow:
    """One line of the catalogue table."""

    id: int
    code: str
    name_zh: str
    name_en: str
    category_id: int | None
    category_code: str | None
    category_name_zh: str | None
    category_name_en: str | None
    status: str
    sku_count: int
    completeness: int | None
    updated_at: datetime | None  # None for a login that may not read it (a team's sales staff)


@dataclass(frozen=True)
class SkuRow:
    """One SKU of a product, for the SKU table beside the catalogue."""

    id: int
    product_id: int
    code: str
    options: dict[str, str]
    gtin: str
    weight_g: int | None
    length_mm: int | None
    width_mm: int | None
    height_mm: int | None
    cost: Decimal | None  # also None for a login that may not read costs
    position: int


# --- queries (portable Core) ---------------------------------------------------------------------

def query_products(engine: sa.Engine, text: str = "", category_id: int | None = None,
                   status: str | Sequence[str] | None = None, min_completeness: int | None = None,
                   sort_key: str = "code", descending: bool = False, offset: int = 0,
                   limit: int = 200, ids: Iterable[int] | None = None) -> list[ProductRow]:
    """One page of products matching the search text and filters, sorted in SQL; `ids` narrows it to those
    products (the rows a colleague changed: the ones of them that still match).

    Ties are broken by code, so pages never overlap or skip rows. Raises ValueError for an unknown
    `sort_key`.
    """
    if sort_key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {sort_key!r}; use one of {SORT_KEYS}")
    with reading(engine) as connection:
        private = reads_private(connection)
        if sort_key == "updated_at" and not private:
            sort_key = "code"
        order = _sort_column(sort_key)
        updated = _product.c.updated_at if private else sa.null()
        query = (
            sa.select(_product.c.id, _product.c.code, _product.c.name_zh, _product.c.name_en, _product.c.category_id,
                      _category.c.code.label("category_code"), _category.c.name_zh.label("category_name_zh"),
                      _category.c.name_en.label("category_name_en"), _product.c.status,
                      sa.func.coalesce(_stats.c.sku_count, 0).label("sku_count"), _stats.c.completeness,
                      updated.label("updated_at"))
            .select_from(_joined())
            .where(*_filters(engine, text, category_id, status, min_completeness),
                   *([] if ids is None else [_product.c.id.in_(list(ids))]))
            .order_by(order.desc() if descending else order.asc(),
                      _product.c.code.desc() if descending else _product.c.code.asc())
            .offset(max(offset, 0)).limit(max(limit, 0))
        )
        return [ProductRow(**row._mapping) for row in connection.execute(query)]


def count_products(engine: sa.Engine, text: str = "", category_id: int | None = None,
                   status: str | Sequence[str] | None = None, min_completeness: int | None = None) -> int:
    """How many products `query_products` would page through with the same filters."""
    query = (sa.select(sa.func.count()).select_from(_joined())
             .where(*_filters(engine, text, category_id, status, min_completeness)))
    with reading(engine) as connection:
        return int(connection.execute(query).scalar_one())


def query_product_ids(engine: sa.Engine, text: str = "", category_id: int | None = None,
                      status: str | Sequence[str] | None = None, min_completeness: int | None = None) -> list[int]:
    """Every matching product id (for "select all" before a bulk edit), in code order."""
    query = (sa.select(_product.c.id).select_from(_joined())
             .where(*_filters(engine, text, category_id, status, min_completeness)).order_by(_product.c.code))
    with reading(engine) as connection:
        return list(connection.execute(query).scalars())


def query_skus(engine: sa.Engine, product_id: int) -> list[SkuRow]:
    """The SKUs of one product, in their display order (no cost for a login that may not read costs)."""
    with reading(engine) as connection:
        cost = _sku.c.cost if reads_private(connection) else sa.null()
        query = (sa.select(_sku.c.id, _sku.c.product_id, _sku.c.code, _sku.c.options, _sku.c.gtin, _sku.c.weight_g,
                           _sku.c.length_mm, _sku.c.width_mm, _sku.c.height_mm, cost.label("cost"), _sku.c.position)
                 .where(_sku.c.product_id == product_id).order_by(_sku.c.position, _sku.c.code))
        return [SkuRow(*row[:3], dict(row[3] or {}), row[4] or "", *row[5:]) for row in connection.execute(query)]


@contextmanager
def reading(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection for one read that needs no transaction of its own (a page, a count, one product's SKUs).

    On PostgreSQL it runs in autocommit: a pooled read in a transaction costs four round trips (the pool's
    liveness ping, BEGIN, the query, ROLLBACK on return), in autocommit two — what a keystroke costs on an office
    network (bench/team.py --latency-ms). SQLite has no network: its connection is used as it is."""
    with engine.connect() as connection:
        if not _is_sqlite(connection):
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        yield connection


def _joined() -> sa.FromClause:
    return (_product.outerjoin(_category, _product.c.category_id == _category.c.id)
            .outerjoin(_stats, _stats.c.product_id == _product.c.id))


def _sort_column(sort_key: str) -> sa.ColumnElement[Any]:
    columns: dict[str, sa.ColumnElement[Any]] = {
        "code": _product.c.code, "name_zh": _product.c.name_zh, "name_en": _product.c.name_en,
        "category": sa.func.coalesce(_category.c.code, ""), "status": _product.c.status,
        "sku_count": sa.func.coalesce(_stats.c.sku_count, 0),
        "completeness": sa.func.coalesce(_stats.c.completeness, -1), "updated_at": _product.c.updated_at,
    }
    return columns[sort_key]


def _filters(engine: sa.Engine, text: str, category_id: int | None, status: str | Sequence[str] | None,
             min_completeness: int | None) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = []
    matching = _search_ids(text) if _is_sqlite(engine) else _trigram_search_ids(text)
    if matching is not None:
        conditions.append(_product.c.id.in_(matching))
    if category_id == UNCATEGORISED:
        conditions.append(_product.c.category_id.is_(None))
    elif category_id is not None:
        conditions.append(_product.c.category_id == category_id)
    if isinstance(status, str):
        conditions.append(_product.c.status == status)
    elif status is not None:
        conditions.append(_product.c.status.in_(list(status)))
    if min_completeness is not None:
        conditions.append(_stats.c.completeness >= min_completeness)
    return conditions


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def search_terms(text: str) -> list[str]:
    """The terms of a search box text: control characters dropped, split on spaces, at most 8."""
    cleaned = _CONTROL.sub(" ", text[:MAX_QUERY_CHARS])
    return cleaned.split()[:MAX_TERMS]


def fts_match_expression(terms: Iterable[str]) -> str:
    """An FTS5 MATCH expression finding every term as a literal substring.

    Each term is a quoted FTS5 string (a `"` inside is doubled), so operators, `*`, `^`, `:` and
    parentheses in user input are text to find, never query syntax.
    """
    return " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)


def _search_ids(text: str) -> sa.Select[Any] | None:
    """The ids of products matching every term: long terms through the trigram index, short ones through
    a LIKE scan of the documents (a plain table: far faster to scan than the FTS5 table itself)."""
    terms = search_terms(text)
    if not terms:
        return None
    long_terms = [term for term in terms if len(term) >= TRIGRAM_MIN]
    short_terms = [term for term in terms if len(term) < TRIGRAM_MIN]
    indexed = None
    if long_terms:
        match = sa.literal_column("catalogue_fts").op("MATCH")(fts_match_expression(long_terms))
        indexed = sa.select(_fts.c.rowid).where(match)
    if not short_terms:
        return indexed
    columns = (_doc.c.code, _doc.c.name_zh, _doc.c.name_en, _doc.c.sku_codes, _doc.c.gtins)
    scan = sa.select(_doc.c.product_id).where(
        *(sa.or_(*(column.contains(term, autoescape=True) for column in columns)) for term in short_terms))
    return scan.where(_doc.c.product_id.in_(indexed)) if indexed is not None else scan


def _trigram_search_ids(text: str) -> sa.Select[Any] | None:
    """PostgreSQL: the ids of products matching every term, each term a case-insensitive substring of one
    document column (the search text is the columns joined by spaces, which no term holds, lower-cased), the
    way FTS5 trigram and the LIKE scan match on SQLite. pg_trgm's GIN index answers LIKE for terms of three or
    more characters; shorter ones scan the documents."""
    terms = search_terms(text)
    if not terms:
        return None
    search_text = sa.literal_column(search_postgres.DOC_TEXT, sa.Text)  # lower-cased when written
    patterns = ["%" + re.sub(r"([/%_])", r"/\1", term) + "%" for term in terms]
    return sa.select(_doc.c.product_id).where(
        *(search_text.like(sa.func.lower(pattern), escape="/") for pattern in patterns))


def _is_sqlite(engine_or_connection: sa.Engine | sa.Connection) -> bool:
    return engine_or_connection.dialect.name == "sqlite"


# --- completeness stats (portable Core) ----------------------------------------------------------

def refresh_product_stats(session_or_conn: OrmSession | sa.Connection, product_ids: Iterable[int]) -> dict[int, int]:
    """Recompute the completeness score (and SKU count) of `product_ids` in the caller's transaction.

    Call it after saving a product, in the same session, so the catalogue column is current when the
    transaction commits. Returns {product id: score}.
    """
    connection = _connection_of(session_or_conn)
    scores: dict[int, int] = {}
    for chunk in chunks(sorted(set(product_ids))):
        rows: list[dict[str, int | None]] = []
        for pid, (category_id, fact) in load_product_facts(connection, chunk).items():
            scores[pid] = completeness_rules.assess(fact).score
            rows.append({"product_id": pid, "category_id": category_id, "sku_count": len(fact.skus),
                         "completeness": scores[pid]})
        if rows:
            connection.execute(_SQLITE_STATS_UPSERT, rows)
    return scores


def refresh_stale_stats(engine: sa.Engine, progress: Progress | None = None,
                        cancel: CancelCheck | None = None) -> int:
    """Recompute every stale or missing score, one short write transaction per chunk.

    Stops between chunks when `cancel()` is true (what was refreshed stays: it is derived data).
    Returns how many products were refreshed.
    """
    with engine.connect() as connection:
        stale = list(connection.execute(sa.text(
            "SELECT p.id FROM product p LEFT JOIN catalogue_stats s ON s.product_id = p.id "
            "WHERE s.product_id IS NULL OR s.stale = 1 OR s.completeness IS NULL ORDER BY p.id")).scalars())
    done = 0
    for chunk in chunks(stale):
        if cancel is not None and cancel():
            break
        with sqlite_write_transaction(engine) as connection:
            refresh_product_stats(connection, chunk)
        done += len(chunk)
        if progress is not None:
            progress(done, len(stale))
    return done


def load_product_facts(connection: sa.Connection, product_ids: Sequence[int]) -> dict[int,
                                                                                      tuple[int | None, ProductFacts]]:
    """{product id: (category id, facts)} for completeness, in four Core queries per call."""
    ids = list(product_ids)
    products = connection.execute(sa.select(
        _product.c.id, _product.c.category_id, _product.c.name_zh, _product.c.name_en, _product.c.description_zh,
        _product.c.description_en, _product.c.selling_points_zh, _product.c.selling_points_en,
        _product.c.attributes).where(_product.c.id.in_(ids))).all()
    skus: dict[int, list[SkuFacts]] = defaultdict(list)
    options_of: dict[str, dict[str, str]] = {}  # SKUs repeat a few option combinations: decode each once
    for pid, code, gtin, cost, weight, options in connection.execute(sa.select(
            _sku.c.product_id, _sku.c.code, _sku.c.gtin, _sku.c.cost, _sku.c.weight_g,
            sa.cast(_sku.c.options, sa.Text)).where(_sku.c.product_id.in_(ids))  # JSON text: PostgreSQL too
            .order_by(_sku.c.position, _sku.c.code)):
        if options not in options_of:
            options_of[options] = json.loads(options) if options else {}
        skus[pid].append(SkuFacts(code, gtin or "", cost, weight, options_of[options]))
    roles: dict[int, set[str]] = defaultdict(set)
    for pid, role in connection.execute(sa.select(_image.c.product_id,
                                                  _image.c.role).where(_image.c.product_id.in_(ids))):
        roles[pid].add(role)
    required = _required_attributes(connection, {row.category_id for row in products if row.category_id is not None})
    return {int(row.id): (row.category_id, ProductFacts(
        name_zh=row.name_zh or "", name_en=row.name_en or "", description_zh=row.description_zh or "",
        description_en=row.description_en or "", selling_points_zh=tuple(row.selling_points_zh or ()),
        selling_points_en=tuple(row.selling_points_en or ()), has_category=row.category_id is not None,
        attributes=row.attributes or {},
                                                        required_attributes=required.get(row.category_id,
                                                                                         ()) if row.category_id else (),
        image_roles=frozenset(roles[row.id]), skus=tuple(skus[row.id]),
    )) for row in products}


def _required_attributes(connection: sa.Connection, category_ids: set[int]) -> dict[int, tuple[RequiredAttribute, ...]]:
    found: dict[int, list[RequiredAttribute]] = defaultdict(list)
    if category_ids:
        query = (sa.select(_attribute.c.category_id, _attribute.c.key, _attribute.c.name_zh, _attribute.c.name_en,
                           _attribute.c.is_axis)
                 .where(_attribute.c.category_id.in_(sorted(category_ids)), _attribute.c.required.is_(True))
                 .order_by(_attribute.c.position, _attribute.c.id))
        for category_id, key, name_zh, name_en, is_axis in connection.execute(query):
            found[category_id].append(RequiredAttribute(key, Bilingual(name_zh or key, name_en or key), bool(is_axis)))
    return {category_id: tuple(attributes) for category_id, attributes in found.items()}


def _connection_of(session_or_conn: OrmSession | sa.Connection) -> sa.Connection:
    if isinstance(session_or_conn, OrmSession):
        session_or_conn.flush()  # pending edits must reach the database before they are scored
        return session_or_conn.connection()
    return session_or_conn


# --- SQLite only: the derived tables, their triggers, bulk maintenance ----------------------------

_SQLITE_TABLES = {
    "catalogue_doc": "CREATE TABLE catalogue_doc (product_id INTEGER PRIMARY KEY, code TEXT NOT NULL, "
                     "name_zh TEXT NOT NULL, name_en TEXT NOT NULL, sku_codes TEXT NOT NULL, gtins TEXT NOT NULL)",
    "catalogue_fts": "CREATE VIRTUAL TABLE catalogue_fts USING fts5(code, name_zh, name_en, sku_codes, gtins, "
                     "content = 'catalogue_doc', content_rowid = 'product_id', tokenize = 'trigram')",
    "catalogue_stats": "CREATE TABLE catalogue_stats (product_id INTEGER PRIMARY KEY, category_id INTEGER, "
                       "sku_count INTEGER NOT NULL DEFAULT 0, completeness INTEGER, stale INTEGER NOT NULL DEFAULT 1)",
    "catalogue_index_suspended": "CREATE TABLE catalogue_index_suspended (token INTEGER PRIMARY KEY)",
    "catalogue_index_meta": "CREATE TABLE catalogue_index_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
}
_SQLITE_INDEXES = (
    "CREATE INDEX catalogue_stats_category ON catalogue_stats (category_id)",
    "CREATE INDEX catalogue_stats_completeness ON catalogue_stats (completeness)",
)
_DOC_COLUMNS = "code, name_zh, name_en, sku_codes, gtins"

_ACTIVE = "WHEN NOT EXISTS (SELECT 1 FROM catalogue_index_suspended)"


def _sku_text(product: str) -> str:
    """Refresh the SKU columns of a product's document (reads only `sku`: safe in a `sku` trigger)."""
    return (f"UPDATE catalogue_doc SET "
            f"sku_codes = coalesce((SELECT group_concat(code, ' ') FROM sku WHERE product_id = {product}), ''), "
            f"gtins = coalesce((SELECT group_concat(gtin, ' ') FROM sku WHERE product_id = {product} "
            f"AND gtin != ''), '') WHERE product_id = {product};")


def _sku_stats(product: str) -> str:
    return (f"UPDATE catalogue_stats SET sku_count = (SELECT count(*) FROM sku WHERE product_id = {product}), "
            f"stale = 1 WHERE product_id = {product};")


def _stale(product: str) -> str:
    return f"UPDATE catalogue_stats SET stale = 1 WHERE product_id = {product};"


def _stale_category(category: str) -> str:
    return f"UPDATE catalogue_stats SET stale = 1 WHERE category_id = {category};"


#: Source tables -> documents and stats: name -> (event, body). Each body reads only its own table and
#: the derived tables (see the module docstring); bulk writers can suspend them.
_SQLITE_TRIGGERS: dict[str, tuple[str, str]] = {
    "catalogue_ix_product_ai": ("AFTER INSERT ON product", (
        "DELETE FROM catalogue_doc WHERE product_id = new.id; "
        f"INSERT INTO catalogue_doc (product_id, {_DOC_COLUMNS}) "
        "VALUES (new.id, new.code, new.name_zh, new.name_en, '', ''); "
        "INSERT INTO catalogue_stats (product_id, category_id, sku_count, completeness, stale) "
        "VALUES (new.id, new.category_id, 0, NULL, 1) "
        "ON CONFLICT (product_id) DO UPDATE SET category_id = excluded.category_id, stale = 1;")),
    "catalogue_ix_product_au_text": ("AFTER UPDATE OF code, name_zh, name_en ON product", (
        "UPDATE catalogue_doc SET code = new.code, name_zh = new.name_zh, name_en = new.name_en "
        "WHERE product_id = new.id;")),
    "catalogue_ix_product_au": ("AFTER UPDATE ON product", (
        "UPDATE catalogue_stats SET category_id = new.category_id, stale = 1 WHERE product_id = new.id;")),
    "catalogue_ix_product_ad": ("AFTER DELETE ON product", (
        "DELETE FROM catalogue_doc WHERE product_id = old.id; DELETE FROM catalogue_stats WHERE product_id = old.id;")),
    "catalogue_ix_sku_ai": ("AFTER INSERT ON sku", _sku_text("new.product_id") + _sku_stats("new.product_id")),
    "catalogue_ix_sku_au_text": ("AFTER UPDATE OF code, gtin, product_id ON sku",
                                 _sku_text("old.product_id") + _sku_text("new.product_id")),
    "catalogue_ix_sku_au": ("AFTER UPDATE ON sku", _sku_stats("old.product_id") + _sku_stats("new.product_id")),
    "catalogue_ix_sku_ad": ("AFTER DELETE ON sku", _sku_text("old.product_id") + _sku_stats("old.product_id")),
    "catalogue_ix_image_ai": ("AFTER INSERT ON product_image", _stale("new.product_id")),
    "catalogue_ix_image_au": ("AFTER UPDATE ON product_image", _stale("old.product_id") + _stale("new.product_id")),
    "catalogue_ix_image_ad": ("AFTER DELETE ON product_image", _stale("old.product_id")),
    "catalogue_ix_attribute_ai": ("AFTER INSERT ON attribute_def", _stale_category("new.category_id")),
    "catalogue_ix_attribute_au": ("AFTER UPDATE ON attribute_def",
                                  _stale_category("old.category_id") + _stale_category("new.category_id")),
    "catalogue_ix_attribute_ad": ("AFTER DELETE ON attribute_def", _stale_category("old.category_id")),
}

_OLD_DOC = "old.product_id, old.code, old.name_zh, old.name_en, old.sku_codes, old.gtins"
_NEW_DOC = "new.product_id, new.code, new.name_zh, new.name_en, new.sku_codes, new.gtins"
#: Documents -> the external-content FTS5 index, the canonical pattern from the FTS5 manual: the 'delete'
#: command gets exactly the values that were indexed, because they come from the same row. Never suspended.
_SQLITE_DOC_TRIGGERS: dict[str, tuple[str, str]] = {
    "catalogue_doc_ai": ("AFTER INSERT ON catalogue_doc",
                         f"INSERT INTO catalogue_fts (rowid, {_DOC_COLUMNS}) VALUES ({_NEW_DOC});"),
    "catalogue_doc_ad": ("AFTER DELETE ON catalogue_doc",
                         f"INSERT INTO catalogue_fts (catalogue_fts, rowid, {_DOC_COLUMNS}) VALUES "
                         f"('delete', {_OLD_DOC});"),
    "catalogue_doc_au": ("AFTER UPDATE ON catalogue_doc",
                         f"INSERT INTO catalogue_fts (catalogue_fts, rowid, {_DOC_COLUMNS}) VALUES "
                         f"('delete', {_OLD_DOC}); "
                         f"INSERT INTO catalogue_fts (rowid, {_DOC_COLUMNS}) VALUES ({_NEW_DOC});"),
}

_SQLITE_DOCUMENTS = (
    "SELECT p.id, p.code, p.name_zh, p.name_en, "
    "coalesce((SELECT group_concat(s.code, ' ') FROM sku s WHERE s.product_id = p.id), ''), "
    "coalesce((SELECT group_concat(s.gtin, ' ') FROM sku s WHERE s.product_id = p.id AND s.gtin != ''), '') "
    "FROM product p"
)
_SQLITE_STATS_SEED = (
    "INSERT INTO catalogue_stats (product_id, category_id, sku_count, completeness, stale) "
    "SELECT p.id, p.category_id, (SELECT count(*) FROM sku s WHERE s.product_id = p.id), NULL, 1 "
    "FROM product p WHERE {where} "
    "ON CONFLICT (product_id) DO UPDATE SET category_id = excluded.category_id, "
    "sku_count = excluded.sku_count, stale = 1"
)
_SQLITE_STATS_UPSERT = sa.text(
    "INSERT INTO catalogue_stats (product_id, category_id, sku_count, completeness, stale) "
    "VALUES (:product_id, :category_id, :sku_count, :completeness, 0) "
    "ON CONFLICT (product_id) DO UPDATE SET category_id = excluded.category_id, "
    "sku_count = excluded.sku_count, completeness = excluded.completeness, stale = 0"
)


def ensure_search_index(engine: sa.Engine, *, refresh_stats: bool = True, rebuild: bool = True,
                        progress: Progress | None = None, cancel: CancelCheck | None = None) -> bool:
    """Create the search index, stats table and triggers if any piece is missing or outdated; rebuild.

    Cheap when everything is in place (one look at sqlite_master). Returns True when it rebuilt.
    With `refresh_stats`, scores that are stale or missing are computed afterwards. A workspace open
    read-only (read-only media, a full disk: `Workspace.read_only_reason`) keeps the index it has, and so does a
    team login that may not rebuild it (`rebuild=False`: an editor, who only refreshes the scores).
    """
    if is_read_only(engine):
        return False  # derived data: searching uses what is there; nothing the user wrote is at stake
    with engine.connect() as connection:
        current = _index_is_current(connection)
    rebuilt = False
    if not current and rebuild:
        with sqlite_write_transaction(engine) as connection:
            if not _index_is_current(connection):  # another window (or team member) may have done it meanwhile
                _recreate_index(connection)
                rebuilt = True
    if refresh_stats:
        refresh_stale_stats(engine, progress, cancel)
    return rebuilt


def _index_is_current(connection: sa.Connection) -> bool:
    if not _is_sqlite(connection):
        return search_postgres.is_current(connection, _SQLITE_TRIGGERS, INDEX_VERSION)
    names = set(connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')").scalars())
    if not (set(_SQLITE_TABLES) | set(_SQLITE_TRIGGERS) | set(_SQLITE_DOC_TRIGGERS)) <= names:
        return False
    version = connection.exec_driver_sql("SELECT value FROM catalogue_index_meta WHERE key = 'version'").scalar()
    suspended = connection.exec_driver_sql("SELECT count(*) FROM catalogue_index_suspended").scalar()
    return version == INDEX_VERSION and not suspended


def _recreate_index(connection: sa.Connection) -> None:
    """Drop every derived object and build it again from product/sku (inside the caller's transaction)."""
    if not _is_sqlite(connection):
        search_postgres.recreate(connection, _SQLITE_TRIGGERS, INDEX_VERSION)
        rebuild_search_index(connection)
        return
    for name in (*_SQLITE_TRIGGERS, *_SQLITE_DOC_TRIGGERS):
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    for name in reversed(list(_SQLITE_TABLES)):
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
    for ddl in (*_SQLITE_TABLES.values(), *_SQLITE_INDEXES):
        connection.exec_driver_sql(ddl)
    _create_triggers(connection, _SQLITE_TRIGGERS, _ACTIVE)
    _create_triggers(connection, _SQLITE_DOC_TRIGGERS, "")
    connection.exec_driver_sql("INSERT INTO catalogue_index_meta (key, value) VALUES ('version', ?)", (INDEX_VERSION,))
    rebuild_search_index(connection)


def _create_triggers(connection: sa.Connection, triggers: dict[str, tuple[str, str]], when: str) -> None:
    for name, (event, body) in triggers.items():
        connection.exec_driver_sql(f"CREATE TRIGGER {name} {event} FOR EACH ROW {when} BEGIN {body} END")


def rebuild_search_index(connection: sa.Connection) -> None:
    """Rebuild every product's search document and mark every score stale (caller's transaction).

    The documents are written with the document triggers dropped, then FTS5 indexes them in one 'rebuild'
    pass (faster than row by row); the triggers come back before the transaction ends. On PostgreSQL the
    GIN index takes the documents as they are written.
    """
    if not _is_sqlite(connection):
        connection.exec_driver_sql("DELETE FROM catalogue_doc")
        connection.exec_driver_sql(
            f"INSERT INTO catalogue_doc (product_id, {_DOC_COLUMNS}) {search_postgres.DOCUMENTS}")
        connection.exec_driver_sql("DELETE FROM catalogue_stats WHERE product_id NOT IN (SELECT id FROM product)")
        connection.exec_driver_sql(_SQLITE_STATS_SEED.format(where="TRUE"))
        connection.exec_driver_sql("ANALYZE catalogue_doc")  # else the planner guesses and scans instead of the index
        return
    for name in _SQLITE_DOC_TRIGGERS:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    connection.exec_driver_sql("DELETE FROM catalogue_doc")
    connection.exec_driver_sql(f"INSERT INTO catalogue_doc (product_id, {_DOC_COLUMNS}) {_SQLITE_DOCUMENTS}")
    connection.exec_driver_sql("INSERT INTO catalogue_fts (catalogue_fts) VALUES ('rebuild')")
    _create_triggers(connection, _SQLITE_DOC_TRIGGERS, "")
    connection.exec_driver_sql("DELETE FROM catalogue_stats WHERE product_id NOT IN (SELECT id FROM product)")
    connection.exec_driver_sql(_SQLITE_STATS_SEED.format(where="TRUE"))


def reindex_products(connection: sa.Connection, product_ids: Iterable[int]) -> None:
    """Rebuild the search documents of `product_ids` and mark their scores stale (caller's transaction).

    For bulk writers that suspended the triggers; products that no longer exist are dropped from the index.
    """
    documents = _SQLITE_DOCUMENTS if _is_sqlite(connection) else search_postgres.DOCUMENTS
    for chunk in chunks(sorted(set(product_ids))):
        ids = {"ids": chunk}
        connection.execute(_with_ids("DELETE FROM catalogue_doc WHERE product_id IN :ids"), ids)
        connection.execute(_with_ids("DELETE FROM catalogue_stats WHERE product_id IN :ids "
                                     "AND product_id NOT IN (SELECT id FROM product)"), ids)
        connection.execute(_with_ids(
            f"INSERT INTO catalogue_doc (product_id, {_DOC_COLUMNS}) {documents} WHERE p.id IN :ids"), ids)
        connection.execute(_with_ids(_SQLITE_STATS_SEED.format(where="p.id IN :ids")), ids)


def _with_ids(statement: str) -> sa.TextClause:
    """`statement` with `:ids` bound as an expanding IN list (the same on both backends)."""
    return sa.text(statement).bindparams(sa.bindparam("ids", expanding=True))


def check_search_index(engine: sa.Engine) -> bool:
    """FTS5's own integrity check, comparing the index with its documents (for `check` and tests)."""
    with engine.connect() as connection:
        if not _is_sqlite(connection):
            return search_postgres.index_matches_documents(connection)
        try:
            connection.exec_driver_sql("INSERT INTO catalogue_fts (catalogue_fts, rank) VALUES ('integrity-check', 1)")
        except sa.exc.DatabaseError:
            return False
        finally:
            connection.rollback()
    return True


@contextmanager
def suspended_triggers(connection: sa.Connection) -> Iterator[None]:
    """Switch the index triggers off for the rest of the caller's write transaction.

    The flag is a row written in that transaction: other connections never see it, and a crash or
    rollback removes it (so the block must run inside a transaction that rolls back on an exception,
    like `sqlite_write_transaction`). The caller must `reindex_products` what it touched before leaving the block.
    """
    connection.exec_driver_sql("INSERT INTO catalogue_index_suspended (token) VALUES (1)")
    yield  # on an exception the caller's rollback removes the row
    connection.exec_driver_sql("DELETE FROM catalogue_index_suspended")


@contextmanager
def sqlite_write_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A transaction that takes SQLite's write lock up front (BEGIN IMMEDIATE), commits at the end of the
    block and rolls everything back on any exception.

    The driver's implicit BEGIN comes only before the first write, so what a writer read before it
    could change underneath it; and a read transaction that later writes fails at once with "database
    is locked" instead of waiting `busy_timeout` when another writer got in between.
    On PostgreSQL (row locks, no database write lock) it is an ordinary transaction.
    """
    if not _is_sqlite(engine):
        with engine.begin() as connection:
            yield connection
        return
    with engine.connect() as connection:
        driver = connection.connection.driver_connection
        assert driver is not None
        saved = driver.isolation_level
        driver.isolation_level = None  # no implicit BEGIN/COMMIT from the driver
        try:
            with connection.begin():
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                yield connection
        finally:
            driver.isolation_level = saved
