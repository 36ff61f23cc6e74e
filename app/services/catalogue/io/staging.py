"""A private scratch database for one catalogue import, so an import streams: a 1,000,000-row file is never
held in memory (issue #18: it peaked at 2.3 GB), yet its rows can still be checked against each other and
written all or nothing (no Qt).

The preview writes each checked row here as it reads the file — products merged row by row, valid SKUs,
every SKU code seen — and asks it the questions that need the whole file
(is this SKU code on an earlier row? this GTIN? these options in this product?) through indexes. The
commit reads it back in batches inside the workspace's one write transaction.

It is a temporary SQLite file (system temp folder) with journaling and fsync off: scratch data, thrown away
with the preview (`close`, or when the preview is garbage-collected, or at exit). The workspace is never
touched by it. Used from one thread at a time (the preview's worker, then the commit's).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import tempfile
import time
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

#: Rows per statement and per `IN (…)` list (SQLite allows 32,766 variables; keep statements small).
BATCH = 500
#: Scratch files older than this are a killed process's leftovers.
STALE_AFTER_S = 24 * 3600
_PREFIX = "fd-import-"

_SCHEMA = """
CREATE TABLE product (code TEXT PRIMARY KEY, row INTEGER NOT NULL, fields TEXT NOT NULL, origin TEXT NOT NULL);
CREATE TABLE seen_sku (code TEXT PRIMARY KEY, row INTEGER NOT NULL);
CREATE TABLE sku (row INTEGER PRIMARY KEY, product_code TEXT NOT NULL, code TEXT NOT NULL, options TEXT NOT NULL,
                  fields TEXT NOT NULL, gtin TEXT NOT NULL, combo TEXT NOT NULL);
CREATE INDEX sku_gtin ON sku (gtin);
CREATE INDEX sku_combo ON sku (combo);
CREATE TABLE resolved_product (code TEXT PRIMARY KEY, existing_id INTEGER NOT NULL, existing_axes TEXT NOT NULL);
CREATE TABLE resolved_sku (code TEXT PRIMARY KEY, existing_id INTEGER NOT NULL, existing_product_id INTEGER NOT NULL);
"""


@dataclass(frozen=True)
class SkuDraft:
    """One SKU as the file describes it. `fields` holds only the SKU columns the file has."""

    row: int
    code: str
    options: tuple[tuple[str, str], ...]   # (axis name as written, value)
    fields: Mapping[str, Any]


@dataclass(frozen=True)
class ProductDraft:
    """One product as the file describes it, with its SKUs. `fields` holds only the columns the file has."""

    code: str
    row: int
    fields: Mapping[str, Any]
    skus: tuple[SkuDraft, ...]


@dataclass(frozen=True)
class StagedProduct:
    """A product for the commit: its merged fields, and what the workspace holds under its code."""

    code: str
    row: int
    fields: dict[str, Any]
    existing_id: int | None
    existing_axes: list[dict[str, Any]]


@dataclass(frozen=True)
class StagedSku:
    """A SKU for the commit, with the id of the workspace's SKU of that code (None: a new one)."""

    draft: SkuDraft
    product_code: str
    existing_id: int | None


class Stage:
    """One import's scratch database; see the module docstring."""

    def __init__(self) -> None:
        _remove_stale()
        handle, name = tempfile.mkstemp(prefix=_PREFIX, suffix=".sqlite")
        os.close(handle)
        self.path = name
        self._db = sqlite3.connect(name, isolation_level=None, check_same_thread=False)
        self._closer = weakref.finalize(self, _discard, self._db, name)
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-16000", "temp_store=FILE"):
            self._db.execute(f"PRAGMA {pragma}")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        """Throw the scratch data away (idempotent)."""
        self._closer()

    @property
    def closed(self) -> bool:
        return not self._closer.alive

    # ----- the preview's questions and answers ----------------------------------------------------------
    def products(self, codes: Iterable[str]) -> dict[str, tuple[int, dict[str, Any], dict[str, int]]]:
        """{code: (first row, merged fields, the row each field came from)} of the codes already staged."""
        found = {}
        for code, row, fields, origin in self._select_in(
                "SELECT code, row, fields, origin FROM product WHERE code IN ({})", codes):
            found[code] = (row, json.loads(fields), json.loads(origin))
        return found

    def save_products(self, rows: Iterable[tuple[str, int, dict[str, Any], dict[str, int]]]) -> None:
        """Store products as merged so far (replacing the earlier state of each)."""
        self._db.executemany("INSERT OR REPLACE INTO product (code, row, fields, origin) VALUES (?, ?, ?, ?)",
                             ((code, row, _dumps(fields), _dumps(origin)) for code, row, fields, origin in rows))

    def first_rows(self, codes: Iterable[str]) -> dict[str, int]:
        """{SKU code: the first row it was on} for the codes seen before."""
        return dict(self._select_in("SELECT code, row FROM seen_sku WHERE code IN ({})", codes))

    def add_seen(self, rows: Iterable[tuple[str, int]]) -> None:
        self._db.executemany("INSERT OR IGNORE INTO seen_sku (code, row) VALUES (?, ?)", rows)

    def gtin_owners(self, gtins: Iterable[str]) -> dict[str, tuple[str, int]]:
        """{GTIN: (SKU code, row)} of the earliest staged SKU with each GTIN."""
        found: dict[str, tuple[str, int]] = {}
        for gtin, code, row in self._select_in(
                "SELECT gtin, code, row FROM sku WHERE gtin IN ({}) ORDER BY row DESC", gtins):
            found[gtin] = (code, row)
        return found

    def combo_owners(self, keys: Iterable[str]) -> dict[str, str]:
        """{options key: SKU code} of the earliest staged SKU with those options (a key names the product)."""
        found: dict[str, str] = {}
        for combo, code in self._select_in("SELECT combo, code FROM sku WHERE combo IN ({}) ORDER BY row DESC", keys):
            found[combo] = code
        return found

    def add_skus(self, rows: Iterable[tuple[str, SkuDraft, str]]) -> None:
        """Store valid SKUs: (product code, SKU, options key — "" without options)."""
        self._db.executemany(
            "INSERT INTO sku (row, product_code, code, options, fields, gtin, combo) VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((sku.row, product, sku.code, _dumps(sku.options), _dump_fields(sku.fields),
              str(sku.fields.get("gtin") or ""), combo) for product, sku, combo in rows))

    # ----- what the workspace holds ---------------------------------------------------------------------
    def clear_resolution(self) -> None:
        """Forget an earlier resolution; index products by row and SKUs by product for the commit (once all
        are in: building an index at the end is cheaper than keeping it up to date row by row)."""
        self._db.execute("DELETE FROM resolved_product")
        self._db.execute("DELETE FROM resolved_sku")
        self._db.execute("CREATE UNIQUE INDEX IF NOT EXISTS product_row ON product (row)")
        self._db.execute("CREATE INDEX IF NOT EXISTS sku_product ON sku (product_code, row)")

    def product_codes(self) -> Iterator[list[str]]:
        """Every staged product code, in batches."""
        return self._keyset("SELECT code FROM product WHERE code > ? ORDER BY code LIMIT ?")

    def sku_codes(self) -> Iterator[list[str]]:
        """Every SKU code of the file, in batches."""
        return self._keyset("SELECT code FROM seen_sku WHERE code > ? ORDER BY code LIMIT ?")

    def product_categories(self) -> Iterator[tuple[str, int, str]]:
        """(product code, row, category text) of every product whose file has a category column."""
        for batch in self._keyset_rows("SELECT code, row, fields FROM product WHERE code > ? ORDER BY code LIMIT ?"):
            for code, row, fields in batch:
                values = json.loads(fields)
                if "category" in values:
                    yield code, row, str(values["category"])

    def resolve_products(self, rows: Iterable[tuple[str, int, Any]]) -> None:
        """(code, workspace id, workspace axes) of products the workspace already has."""
        self._db.executemany("INSERT OR REPLACE INTO resolved_product VALUES (?, ?, ?)",
                             ((code, pid, _dumps(list(axes or []))) for code, pid, axes in rows))

    def resolve_skus(self, rows: Iterable[tuple[str, int, int]]) -> None:
        """(code, workspace id, workspace product id) of SKUs the workspace already has."""
        self._db.executemany("INSERT OR REPLACE INTO resolved_sku VALUES (?, ?, ?)", rows)

    def skus_of_other_products(self) -> list[tuple[int, str]]:
        """(row, code) of file SKUs whose workspace SKU belongs to another product than the file says."""
        return list(self._db.execute(
            "SELECT min(s.row), s.code FROM sku s JOIN resolved_sku r ON r.code = s.code "  # scans the SKUs once
            "LEFT JOIN resolved_product p ON p.code = s.product_code "
            "WHERE p.existing_id IS NULL OR p.existing_id != r.existing_product_id GROUP BY s.code ORDER BY 1"))

    def skus_with_gtins(self, gtins: Iterable[str]) -> list[tuple[str, str, int]]:
        """(GTIN, SKU code, row) of the staged SKUs carrying any of `gtins`."""
        return list(self._select_in("SELECT gtin, code, row FROM sku WHERE gtin IN ({})", gtins))

    def staged_sku_codes(self, codes: Iterable[str]) -> set[str]:
        """Which of `codes` the file has."""
        return {code for (code,) in self._select_in("SELECT code FROM seen_sku WHERE code IN ({})", codes)}

    def counts(self) -> tuple[int, int, int, int]:
        """(new products, products to update, new SKUs, SKUs to update)."""
        products, old_products = self._db.execute(
            "SELECT count(*), count(r.code) FROM product p LEFT JOIN resolved_product r USING (code)").fetchone()
        skus, old_skus = self._db.execute(
            "SELECT count(*), count(r.code) FROM sku s LEFT JOIN resolved_sku r USING (code)").fetchone()
        return products - old_products, old_products, skus - old_skus, old_skus

    # ----- the commit's reading -------------------------------------------------------------------------
    def product_batches(self, size: int) -> Iterator[list[StagedProduct]]:
        """Every product with what the workspace holds under its code, in file order, `size` at a time."""
        last = 0
        while True:
            rows = self._db.execute(
                "SELECT p.code, p.row, p.fields, r.existing_id, r.existing_axes FROM product p "
                "LEFT JOIN resolved_product r USING (code) WHERE p.row > ? ORDER BY p.row LIMIT ?",
                (last, size)).fetchall()
            if not rows:
                return
            yield [StagedProduct(code, row, json.loads(fields), existing_id, json.loads(axes) if axes else [])
                   for code, row, fields, existing_id, axes in rows]
            last = rows[-1][1]

    def skus_of(self, codes: Sequence[str], size: int) -> Iterator[list[StagedSku]]:
        """The SKUs of products `codes` in file order, `size` at a time."""
        for start in range(0, len(codes), BATCH):
            part = list(codes[start:start + BATCH])
            cursor = self._db.execute(
                "SELECT s.row, s.product_code, s.code, s.options, s.fields, r.existing_id FROM sku s "
                f"LEFT JOIN resolved_sku r USING (code) WHERE s.product_code IN ({_marks(part)}) ORDER BY s.row", part)
            while rows := cursor.fetchmany(size):
                yield [_staged_sku(*row) for row in rows]

    def drafts(self) -> Iterator[ProductDraft]:
        """Every product with its SKUs as drafts, in file order (for tests and small files)."""
        for batch in self.product_batches(BATCH):
            skus: dict[str, list[SkuDraft]] = {}
            for staged in (sku for part in self.skus_of([p.code for p in batch], BATCH) for sku in part):
                skus.setdefault(staged.product_code, []).append(staged.draft)
            for product in batch:
                yield ProductDraft(product.code, product.row, product.fields, tuple(skus.get(product.code, ())))

    # ----- helpers ------------------------------------------------------------------------------------------
    def _select_in(self, sql: str, keys: Iterable[Any]) -> Iterator[Any]:
        keys = list(dict.fromkeys(keys))
        for start in range(0, len(keys), BATCH):
            part = keys[start:start + BATCH]
            yield from self._db.execute(sql.format(_marks(part)), part)

    def _keyset_rows(self, sql: str) -> Iterator[list[Any]]:
        """Rows of `sql` (`WHERE key > ? … LIMIT ?`, key first) in batches: never one long-open cursor over
        a table that is written meanwhile."""
        last = ""
        while True:
            rows = self._db.execute(sql, (last, BATCH)).fetchall()
            if not rows:
                return
            yield rows
            last = rows[-1][0]

    def _keyset(self, sql: str) -> Iterator[list[str]]:
        for rows in self._keyset_rows(sql):
            yield [row[0] for row in rows]


def _remove_stale() -> None:
    """Scratch files a killed process left behind (no finalizer ran), a day old or more."""
    cutoff = time.time() - STALE_AFTER_S
    for path in Path(tempfile.gettempdir()).glob(f"{_PREFIX}*.sqlite"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:  # another user's, or gone meanwhile
            pass


def _discard(db: sqlite3.Connection, path: str) -> None:
    db.close()
    with contextlib.suppress(OSError):
        os.remove(path)


def _marks(items: Sequence[Any]) -> str:
    return ", ".join("?" * len(items))


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _dumps(value: Any) -> str:
    return _JSON.encode(value)


def _dump_fields(fields: Mapping[str, Any]) -> str:
    """SKU fields as JSON; the cost as its exact decimal text."""
    return _dumps({name: str(value) if isinstance(value, Decimal) else value for name, value in fields.items()})


def _staged_sku(row: int, product_code: str, code: str, options: str, fields: str,
                existing_id: int | None) -> StagedSku:
    values = json.loads(fields)
    if values.get("cost") is not None:
        values["cost"] = Decimal(values["cost"])
    pairs = tuple((str(name), str(value)) for name, value in json.loads(options))
    return StagedSku(SkuDraft(row, code, pairs, values), product_code, existing_id)
