"""The catalogue search index on a team workspace (PostgreSQL): the twin of the "SQLite only" section of
`app.services.catalogue.search`, which passes in the trigger bodies both backends share.

The same derived tables (`catalogue_doc`, `catalogue_stats`, the suspension flag and the version) as ordinary
tables, kept current by the same triggers written as PL/pgSQL functions. Instead of an FTS5 trigram table, a
`pg_trgm` GIN index over each document's search text answers `LIKE '%term%'` for terms of three or more
characters; shorter terms (水杯) scan the documents, as on SQLite. The search text is a generated column: the
document's columns joined by spaces, lower-cased once when written (search terms never hold a space, so a term
matches inside one column exactly as FTS5 matches it). Scanning it with LIKE took 3-4 ms at 10,000 documents
where ILIKE over the five columns took 21-36 ms (case folding every row on every keystroke).
"""

from __future__ import annotations

import sqlalchemy as sa

DOC_COLUMNS = ("code", "name_zh", "name_en", "sku_codes", "gtins")
#: One document's searchable text, lower-cased (compare with lower(pattern)).
DOC_TEXT = "catalogue_doc.search_text"
#: Appended to the shared INDEX_VERSION: bumped when only the PostgreSQL side changes.
VERSION_SUFFIX = "-pg3"

TABLES = {
    "catalogue_doc": "CREATE TABLE catalogue_doc (product_id INTEGER PRIMARY KEY, code TEXT NOT NULL, "
                     "name_zh TEXT NOT NULL, name_en TEXT NOT NULL, sku_codes TEXT NOT NULL, gtins TEXT NOT NULL, "
                     "search_text TEXT GENERATED ALWAYS AS (lower("
                     + " || ' ' || ".join(DOC_COLUMNS) + ")) STORED)",
    "catalogue_stats": "CREATE TABLE catalogue_stats (product_id INTEGER PRIMARY KEY, category_id INTEGER, "
                       "sku_count INTEGER NOT NULL DEFAULT 0, completeness INTEGER, stale INTEGER NOT NULL DEFAULT 1)",
    "catalogue_index_suspended": "CREATE TABLE catalogue_index_suspended (token INTEGER PRIMARY KEY)",
    "catalogue_index_meta": "CREATE TABLE catalogue_index_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
}
INDEXES = (
    "CREATE INDEX catalogue_doc_trgm ON catalogue_doc USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX catalogue_stats_category ON catalogue_stats (category_id)",
    "CREATE INDEX catalogue_stats_completeness ON catalogue_stats (completeness)",
)

DOCUMENTS = (
    "SELECT p.id, p.code, p.name_zh, p.name_en, "
    "coalesce((SELECT string_agg(s.code, ' ') FROM sku s WHERE s.product_id = p.id), ''), "
    "coalesce((SELECT string_agg(s.gtin, ' ') FROM sku s WHERE s.product_id = p.id AND s.gtin != ''), '') "
    "FROM product p"
)


def portable_body(sqlite_body: str) -> str:
    """A trigger body shared with SQLite, in PostgreSQL's words (its only SQLite-ism is group_concat)."""
    return sqlite_body.replace("group_concat(", "string_agg(")


def is_current(connection: sa.Connection, triggers: dict[str, tuple[str, str]], version: str) -> bool:
    """Every derived table, index and trigger is there, at `version`, and the triggers aren't suspended."""
    tables = set(connection.exec_driver_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").scalars())
    if not set(TABLES) <= tables:
        return False
    present = set(connection.exec_driver_sql("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal").scalars())
    indexes = set(connection.exec_driver_sql(
        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()").scalars())
    if not set(triggers) <= present or "catalogue_doc_trgm" not in indexes:
        return False
    current = connection.exec_driver_sql("SELECT value FROM catalogue_index_meta WHERE key = 'version'").scalar()
    suspended = connection.exec_driver_sql("SELECT count(*) FROM catalogue_index_suspended").scalar()
    return current == version + VERSION_SUFFIX and not suspended


def recreate(connection: sa.Connection, triggers: dict[str, tuple[str, str]], version: str) -> None:
    """Drop every derived object and build it again (inside the caller's transaction)."""
    connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, (event, _body) in triggers.items():
        table = event.rsplit(" ON ", 1)[1]
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {name}()")
    for name in reversed(list(TABLES)):
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
    for ddl in (*TABLES.values(), *INDEXES):
        connection.exec_driver_sql(ddl)
    for name, (event, body) in triggers.items():
        _create_trigger(connection, name, event, body)
    connection.execute(sa.text("INSERT INTO catalogue_index_meta (key, value) VALUES ('version', :v)"),
                       {"v": version + VERSION_SUFFIX})


def _create_trigger(connection: sa.Connection, name: str, event: str, body: str) -> None:
    """A row trigger running `body` unless a bulk writer suspended the index in its transaction."""
    connection.exec_driver_sql(
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $fd$ BEGIN "
        f"IF NOT EXISTS (SELECT 1 FROM catalogue_index_suspended) THEN {portable_body(body)} END IF; "
        "RETURN NULL; END $fd$")
    connection.exec_driver_sql(f"CREATE TRIGGER {name} {event} FOR EACH ROW EXECUTE FUNCTION {name}()")


def index_matches_documents(connection: sa.Connection) -> bool:
    """The stored documents are exactly what the products and SKUs say now (the index is on the documents)."""
    columns = "product_id, " + ", ".join(DOC_COLUMNS)
    differing = connection.exec_driver_sql(
        f"SELECT count(*) FROM (({DOCUMENTS}) EXCEPT (SELECT {columns} FROM catalogue_doc)) AS missing").scalar()
    extra = connection.exec_driver_sql(
        f"SELECT count(*) FROM ((SELECT {columns} FROM catalogue_doc) EXCEPT ({DOCUMENTS})) AS extra").scalar()
    return differing == 0 and extra == 0
