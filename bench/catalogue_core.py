"""The catalogue core at 100,000 SKUs: build, search, sort, page — each beside the same SQL on bare `sqlite3`.

Builds a workspace of 10,000 products × 10 SKUs with SQLAlchemy Core (triggers suspended, index rebuilt
once), then measures in the same run, each operation twice: through the app's services (SQLAlchemy), and as
its floor, the very statements the app sent (recorded with a `before_cursor_execute` listener, parameters
included) replayed on one bare `sqlite3` connection to the same file with the app's connection PRAGMAs:
- search: one keystroke's queries (`count_products` + the first page of `query_products`), median over 20
  different texts — FTS5 trigram for terms of 3+ characters, the LIKE scan for 1–2 characters;
- sorted pages (completeness descending, deep offset; name) and an unfiltered count;
- one SKU edit through the ORM with the index triggers active (floor: the same SELECT and versioned UPDATE
  with the current version, then commit);
- optionally (`--io`) the CSV export and a full import (preview + commit) of the same catalogue.

    python bench/catalogue_core.py [--products 10000] [--skus 10] [--io] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa
from sqlmodel import select

from app.db import Workspace, create_workspace
from app.models import Category, Product, Sku
from app.models.gtin import complete_gtin
from app.models.types import utc_now
from app.services.catalogue import search as cs
from app.services.catalogue.categories import install_default_categories
from app.sqlite_only import CONNECTION_PRAGMAS

NOUNS = {  # category -> (zh, en) product nouns
    "luggage": [("行李箱", "Suitcase"), ("拉杆箱", "Trolley Case"), ("登机箱", "Carry-on"), ("旅行包", "Travel Bag")],
    "scarf": [("围巾", "Scarf"), ("披肩", "Shawl"), ("方巾", "Square Scarf")],
    "thermos": [("保温杯", "Vacuum Flask"), ("水杯", "Water Cup"), ("焖烧杯", "Food Jar")],
    "pillow": [("枕头", "Pillow"), ("颈枕", "Neck Pillow"), ("抱枕", "Cushion")],
    "power_bank": [("充电宝", "Power Bank"), ("移动电源", "Portable Charger")],
    "apparel": [("T恤", "T-Shirt"), ("卫衣", "Hoodie"), ("衬衫", "Shirt")],
}
MATERIALS = [("PC 硬壳", "PC Hard-Shell"), ("铝框", "Aluminium Frame"), ("羊绒", "Cashmere"), ("真丝", "Silk"),
             ("316 不锈钢", "316 Stainless"), ("记忆棉", "Memory Foam"), ("纯棉", "Cotton"), ("轻量", "Lightweight")]
COLOURS = [("黑色", "BLK"), ("白色", "WHT"), ("灰色", "GRY"), ("蓝色", "BLU"), ("绿色", "GRN")]
SIZES = [("小号", "S"), ("大号", "L")]
QUERIES = [
    "行李箱", "保温杯", "拉杆箱", "PC 硬壳", "Suitcase", "cashmere", "FD-04567", "FD-0999", "BLK-L",
    "6970548", "0012345", "记忆棉 颈枕", "316 不锈钢", "Neck Pillow",              # FTS (3+ characters)
    "水杯", "围巾", "枕头", "卫衣", "T恤", "杯",                                      # LIKE (1–2 characters)
]


def build(path: Path, products: int, skus_per_product: int) -> tuple[Workspace, dict[str, float]]:
    """A workspace with `products` × `skus_per_product` SKUs written with Core; returns build timings."""
    workspace = create_workspace(path)
    with workspace.session() as session:
        install_default_categories(session)
        categories = {c.code: c.id for c in session.exec(select(Category))}
    cs.ensure_search_index(workspace.engine, refresh_stats=False)
    product_rows, sku_rows = _rows(products, skus_per_product, categories)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with cs.sqlite_write_transaction(workspace.engine) as connection, cs.suspended_triggers(connection):
        for start in range(0, len(product_rows), 2000):
            connection.execute(sa.inspect(Product).local_table.insert(), product_rows[start:start + 2000])
        ids = dict(connection.execute(sa.select(Product.code, Product.id)).all())  # type: ignore[call-overload]
        for row in sku_rows:
            row["product_id"] = ids[row.pop("product_code")]
        for start in range(0, len(sku_rows), 5000):
            connection.execute(sa.inspect(Sku).local_table.insert(), sku_rows[start:start + 5000])
        timings["insert products + SKUs (Core)"] = time.perf_counter() - started
        started = time.perf_counter()
        cs.rebuild_search_index(connection)
    timings["rebuild search index (FTS5 trigram)"] = time.perf_counter() - started
    started = time.perf_counter()
    cs.refresh_stale_stats(workspace.engine)
    timings["completeness for every product"] = time.perf_counter() - started
    return workspace, timings


def _rows(products: int, skus_per_product: int, categories: dict[str, int]) -> tuple[list[dict[str, Any]],
                                                                                     list[dict[str, Any]]]:
    """Deterministic, realistic rows: Chinese and English names, GTINs under a Chinese prefix, exact costs."""
    rng = random.Random(7)
    now = utc_now()
    product_rows, sku_rows = [], []
    combos = [(c, s) for c in COLOURS for s in SIZES][:skus_per_product]
    for number in range(products):
        category = rng.choice(list(NOUNS))
        (noun_zh, noun_en), (material_zh, material_en) = rng.choice(NOUNS[category]), rng.choice(MATERIALS)
        code = f"FD-{number:05d}"
        product_rows.append({
            "code": code, "name_zh": f"{material_zh}{noun_zh} {number}", "name_en": f"{material_en} {noun_en} {number}",
            "category_id": categories[category], "brand": "行者 Xingzhe", "description_zh": "", "description_en": "",
            "selling_points_zh": [], "selling_points_en": [], "materials": "", "differentiator": "",
            "status": rng.choice(["draft", "ready", "listed"]), "attributes": {},
            "axes": [{"key": "colour", "values": [c[0] for c in COLOURS]},
                     {"key": "size", "values": [s[0] for s in SIZES]}],
            "sku_pattern": "{product}-{colour}-{size}", "reference_price": None, "reference_label": "",
            "currency": "CNY", "version": 1, "created_at": now, "updated_at": now,
        })
        for position, ((colour, colour_code), (size, size_code)) in enumerate(combos):
            item = number * skus_per_product + position
            body = f"6970548{item:05d}" if item < 100_000 else f"69{item:010d}"
            sku_rows.append({
                "product_code": code, "code": f"{code}-{colour_code}-{size_code}",
                             "options": {"colour": colour, "size": size},
                "gtin": complete_gtin(body) if rng.random() > 0.1 else "", "weight_g": rng.randint(100, 5000),
                "length_mm": None, "width_mm": None, "height_mm": None,
                "cost": Decimal(rng.randint(500, 50000)) / 100 if rng.random() > 0.05 else None,
                "position": position, "version": 1,
            })
    return product_rows, sku_rows


def median_ms(action: Callable[[], Any], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def keystroke(engine: sa.Engine, text: str) -> None:
    """What the table model does on a keystroke: count the matches, fetch the first page."""
    cs.count_products(engine, text)
    cs.query_products(engine, text, limit=200)


Statements = list[tuple[str, Any]]


def recorded_sql(engine: sa.Engine, action: Callable[[], Any]) -> Statements:
    """The statements (and their parameters) `action` sends to SQLite through `engine`."""
    statements: Statements = []

    def record(_connection: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        statements.append((statement, parameters))

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    return statements


def bare_connection(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    for pragma in CONNECTION_PRAGMAS:
        connection.execute(pragma).fetchall()
    return connection


def replay(connection: sqlite3.Connection, statements: Statements) -> None:
    """The floor of a read: the same statements on bare sqlite3, every row fetched."""
    for statement, parameters in statements:
        connection.execute(statement, parameters).fetchall()


def measure(workspace: Workspace, path: Path, repeats: int) -> dict[str, tuple[float, float]]:
    """{operation: (ms through the app, ms of the same SQL on bare sqlite3)}, medians."""
    engine = workspace.engine
    bare = bare_connection(path)
    reads: dict[str, tuple[Callable[[], Any], int]] = {
        "count, no filter": (lambda: cs.count_products(engine), repeats),
        "page 200 by code, offset 0": (lambda: cs.query_products(engine), repeats),
        "page 200 by completeness desc, offset 5000": (
            lambda: cs.query_products(engine, sort_key="completeness", descending=True, offset=5000), repeats),
        "page 200 by name_zh, offset 9000": (lambda: cs.query_products(engine, sort_key="name_zh", offset=9000),
                                             repeats),
        "filtered page: luggage, ready, ≥ 50 %": (
            lambda: cs.query_products(engine, category_id=1, status="ready", min_completeness=50), repeats),
    }
    for text in QUERIES:
        reads[f"search keystroke {text!r}"] = (lambda t=text: keystroke(engine, t), 3)
    results: dict[str, tuple[float, float]] = {}
    for name, (action, times) in reads.items():
        statements = recorded_sql(engine, action)  # also warms the app's statement cache and the page cache
        replay(bare, statements)
        results[name] = (median_ms(action, times), median_ms(lambda s=statements: replay(bare, s), times))
    select_sku, update_sku = recorded_sql(engine, lambda: _edit_one_sku(workspace))
    results["one SKU edit through the ORM (triggers on)"] = (
        median_ms(lambda: _edit_one_sku(workspace), repeats),
        median_ms(lambda: _bare_sku_edit(bare, select_sku[0], update_sku[0]), repeats))
    bare.close()
    return results


def _edit_one_sku(workspace: Workspace, _counter: list[int] = [0]) -> None:  # noqa: B006 - a call counter
    _counter[0] += 1
    with workspace.session() as session:
        sku = session.exec(select(Sku).where(Sku.code == "FD-04567-BLK-L")).one()
        sku.weight_g = 1000 + _counter[0]


def _bare_sku_edit(connection: sqlite3.Connection, select_sql: str, update_sql: str,
                   _counter: list[int] = [0]) -> None:  # noqa: B006 - a call counter
    """The ORM's two statements with this moment's values: read the row, update it at its current version."""
    _counter[0] += 1
    row = connection.execute(select_sql, ("FD-04567-BLK-L",)).fetchone()
    sku_id, version = row[0], row[-1]  # the SELECT lists sku.id first and sku.version last
    connection.execute(update_sql, (2000 + _counter[0], version + 1, sku_id, version))
    connection.commit()


def measure_io(workspace: Workspace, folder: Path) -> dict[str, float]:
    from app.services.catalogue.io import export as catalogue_io, importing as catalogue_import

    timings: dict[str, float] = {}
    started = time.perf_counter()
    report = catalogue_io.export_catalogue(workspace, folder / "catalogue.csv")
    timings[f"export CSV ({report.rows:,} rows)"] = time.perf_counter() - started
    target = create_workspace(folder / "import-target.fdw")
    with target.session() as session:
        install_default_categories(session)
    started = time.perf_counter()
    preview = catalogue_import.preview_import(target, report.path)
    timings["import preview (read + check)"] = time.perf_counter() - started
    started = time.perf_counter()
    catalogue_import.commit_import(target, preview)
    timings["import commit (one transaction, index, stats)"] = time.perf_counter() - started
    target.close()
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--skus", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--io", action="store_true", help="also time CSV export and a full import")
    parser.add_argument("--keep", type=Path, help="build the workspace in this folder and keep it")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="fd-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "catalogue-bench.fdw"
    path.unlink(missing_ok=True)
    workspace, build_times = build(path, args.products, args.skus)
    results = measure(workspace, path, args.repeats)
    io_times = measure_io(workspace, folder) if args.io else {}
    workspace.close()
    _print(args, path, build_times, results, io_times)
    return 0


def _print(args: argparse.Namespace, path: Path, build_times: dict[str, float],
           results: dict[str, tuple[float, float]], io_times: dict[str, float]) -> None:
    print(f"catalogue: {args.products:,} products × {args.skus} SKUs = {args.products * args.skus:,} SKUs; "
          f"SQLite {sqlite3.sqlite_version}; file {path.stat().st_size / 1e6:.1f} MB")
    print("\nbuild (s)")
    for name, seconds in build_times.items():
        print(f"  {name:<48} {seconds:8.2f}")
    print("\nqueries (ms, median)                         app   bare sqlite3  app / bare")
    for name, (app_ms, bare_ms) in results.items():
        print(f"  {name:<44} {app_ms:8.2f} {bare_ms:10.2f} {app_ms / bare_ms:9.2f}")
    searches = {name: pair for name, pair in results.items() if name.startswith("search keystroke")}
    for label, wanted in (("all", lambda t: True), ("FTS5, 3+ chars", lambda t: all(len(w) >= 3 for w in t.split())),
                          ("LIKE, 1–2 chars", lambda t: any(len(w) < 3 for w in t.split()))):
        chosen = [pair for text, pair in zip(QUERIES, searches.values(), strict=True) if wanted(text)]
        app_ms, bare_ms = (statistics.median(pair[side] for pair in chosen) for side in (0, 1))
        print(f"  search keystroke, median of {len(chosen):2} ({label:<15}) {app_ms:8.2f} {bare_ms:10.2f}"
              f" {app_ms / bare_ms:9.2f}")
    if io_times:
        print("\nfiles (s)")
        for name, seconds in io_times.items():
            print(f"  {name:<48} {seconds:8.2f}")


if __name__ == "__main__":
    raise SystemExit(main())
