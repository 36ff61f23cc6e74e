"""Is every schema object in a workspace file one the app itself creates?

A workspace from elsewhere (a bundle, a file someone sent) is a whole database: besides rows it can carry
triggers, views, indexes and tables. A hidden trigger runs inside the recipient's own transactions — one
`AFTER INSERT ON sku … DELETE FROM product` empties the catalogue on the next import — so checksums and
`integrity_check` are not enough. This module compares the file's `sqlite_master` with the schema the app
itself creates at the same Alembic revision: the reference is an empty workspace migrated to that revision
in a temporary folder, plus the derived search objects (`catalogue_*`, FTS5 and its triggers) that the app
builds on open. Every object must be in the reference under the same type, table and SQL (whitespace aside).
Missing derived objects are fine (the app rebuilds them on open); a missing table, index or trigger of the
data model (a dropped unique index lets duplicates in) is reported like a foreign one.

SQLite's own bookkeeping (`sqlite_stat1`… written by ANALYZE / `PRAGMA optimize`) steers only query plans
and is not compared. The reference is built once per revision and process (about half a second).
"""

from __future__ import annotations

import functools
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from app import sqlite_only
from app.db import alembic_config, make_engine
from app.models.bilingual import Bilingual

SchemaObject = tuple[str, str, str, str | None]  # type, name, table, sql

#: Tables SQLite writes itself for the query planner: statistics, never executed.
PLANNER_STATISTICS = re.compile(r"^sqlite_stat\d$")
#: Objects the app derives on open and rebuilds whenever one is missing (see catalogue.search).
DERIVED_PREFIX = "catalogue_"


@dataclass(frozen=True)
class ForeignObject:
    """One schema object that differs from the app's own: `kind` is SQLite's type (table, index, trigger,
    view); `state` is "foreign" (the app has no such object), "altered" (the app defines it differently) or
    "missing" (the app's object is not there)."""

    kind: str
    name: str
    state: str

    def describe(self) -> Bilingual:
        kinds_zh = {"table": "数据表", "index": "索引", "trigger": "触发器", "view": "视图"}
        kind_zh = kinds_zh.get(self.kind, self.kind)
        if self.state == "altered":
            return Bilingual(f"{kind_zh} {self.name} 的定义被改动过", f"{self.kind} {self.name} was altered")
        if self.state == "missing":
            return Bilingual(f"缺少{kind_zh} {self.name}", f"{self.kind} {self.name} is missing")
        return Bilingual(f"含有本软件不会创建的{kind_zh} {self.name}", f"foreign {self.kind} {self.name}")


def foreign_objects(path: Path, revision: str) -> list[ForeignObject]:
    """The schema objects in the workspace file at `path` that the app does not create at `revision`
    (empty when the schema is exactly the app's own). `revision` must be one the app knows."""
    reference = {(kind, name): (table, _normalised(sql)) for kind, name, table, sql in reference_schema(revision)}
    present = {(kind, name): (table, _normalised(sql)) for kind, name, table, sql in sqlite_only.schema_objects(path)
               if not (kind == "table" and PLANNER_STATISTICS.match(name))}
    found: list[ForeignObject] = []
    for (kind, name), definition in present.items():
        expected = reference.get((kind, name))
        if expected is None:
            known_name = any(name == known for _kind, known in reference)
            found.append(ForeignObject(kind, name, "altered" if known_name else "foreign"))
        elif expected != definition:
            found.append(ForeignObject(kind, name, "altered"))
    for kind, name in reference.keys() - present.keys():
        if not name.startswith(DERIVED_PREFIX) and not name.startswith("sqlite_"):
            found.append(ForeignObject(kind, name, "missing"))
    return sorted(found, key=lambda item: (item.state != "foreign", item.kind, item.name))


@functools.lru_cache(maxsize=8)
def reference_schema(revision: str) -> tuple[SchemaObject, ...]:
    """`sqlite_master` of an empty workspace migrated to `revision`, with the search objects the app derives."""
    folder = Path(tempfile.mkdtemp(prefix=".fd-schema-"))
    try:
        path = folder / "reference.fdw"
        engine = make_engine(path)
        try:
            _migrate_to(engine, revision)
            _add_derived_objects(engine)
        finally:
            engine.dispose()
        return tuple(sqlite_only.schema_objects(path))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _migrate_to(engine: sa.Engine, revision: str) -> None:
    """Alembic from nothing to `revision`, foreign keys off while batch mode rebuilds tables (as app.db does)."""
    from alembic import command

    config = alembic_config()
    with engine.connect() as connection:
        driver = connection.connection.driver_connection
        assert driver is not None  # a fresh connection always has its driver connection
        driver.execute("PRAGMA foreign_keys=OFF")  # outside SQLAlchemy's transaction: a pragma can't be in one
        with connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, revision)


def _add_derived_objects(engine: sa.Engine) -> None:
    """The search index, its stats and triggers, exactly as the app creates them on open."""
    from app.services.catalogue.search import ensure_search_index

    ensure_search_index(engine, refresh_stats=False)


def _normalised(sql: str | None) -> str | None:
    """SQL with runs of whitespace as one space and none at brackets' and commas' edges, so the same statement
    from another version of the DDL compiler compares equal. A table's columns and constraints are compared
    as a set: Alembic's batch mode writes a rebuilt table's constraints in an order that varies from run to run."""
    if sql is None:
        return None
    text = re.sub(r"\s*([(),])\s*", r"\1", " ".join(sql.split()))
    if not text.upper().startswith("CREATE TABLE ") or "(" not in text or not text.endswith(")"):
        return text
    head, _bracket, body = text.partition("(")
    return head + "(" + ",".join(sorted(_top_level_items(body[:-1]))) + ")"


def _top_level_items(body: str) -> list[str]:
    """`body` split at the commas outside brackets and quotes."""
    items, depth, quote, start = [], 0, "", 0
    for index, char in enumerate(body):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"`[":
            quote = "]" if char == "[" else char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(body[start:index])
            start = index + 1
    items.append(body[start:])
    return items
