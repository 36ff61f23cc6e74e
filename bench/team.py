"""Team workspaces (issue #14): the catalogue over PostgreSQL on loopback next to the same reads on the SQLite
file (the floor of this run), and concurrent writers.

Builds the 100,000-SKU catalogue of `bench/catalogue_core.py` as a file, starts a throwaway PostgreSQL cluster
(tests/support/pgcluster.py; or uses --url), uploads the file with `team upload`'s service, then measures on
both backends in the same run:
- round trip: `SELECT 1` through the engine (connect from the pool, execute, fetch);
- first page: what the Products page loads before its first paint (count + the first 200 rows), median;
- keystroke: one search keystroke's queries (count + first page), median over catalogue_core's 20 texts;
- writers: N threads, each with its own engine (its own connections, as N users' PCs), making M edits each of
  random products through `ProductService.update_product_fields` with the version each loaded; a lost race is
  an `EditConflict` (counted, then reloaded and retried). Lost updates = successful edits − the version
  increments found afterwards (must be 0). Edits/s over the wall time.
These are data-layer times: the GUI's paint on top is `bench/catalogue.py`'s (measured there on SQLite).
No added network latency: `tc netem` on loopback would slow every other process on a shared machine.

    python bench/team.py [--products 10000] [--skus 10] [--writers 5] [--edits 1000] [--url postgresql://…]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "bench"))
sys.path.insert(2, str(ROOT / "tests" / "support"))

import sqlalchemy as sa

from app.db import Workspace, open_workspace
from app.services.catalogue import search as cs

GOALS_LOOPBACK = {"first page (s)": 0.5, "keystroke (ms)": 50.0}


def median_ms(action: Any, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def reads(engine: sa.Engine, repeats: int) -> dict[str, float]:
    from catalogue_core import QUERIES, keystroke

    def round_trip() -> None:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1").scalar()

    for text in QUERIES:  # warm caches and statement caches once, as a user's second keystroke would find them
        keystroke(engine, text)
    per_text = [median_ms(lambda t=text: keystroke(engine, t), 3) for text in QUERIES]
    return {
        "round trip (ms)": median_ms(round_trip, 200),
        "first page (ms)": median_ms(lambda: keystroke(engine, ""), repeats),
        "keystroke (ms)": statistics.median(per_text),
        "slowest keystroke (ms)": max(per_text),
    }


def writers(url: str, count: int, edits: int) -> dict[str, float]:
    """`count` users editing random products at once; every conflict reported, none lost."""
    from app.services.catalogue.products import EditConflict, ProductService

    first = open_workspace(url)
    with first.engine.connect() as connection:
        ids = list(connection.exec_driver_sql("SELECT id FROM product ORDER BY id LIMIT 200").scalars())
        before = int(connection.exec_driver_sql("SELECT sum(version) FROM product").scalar())
    first.close()
    done = [0] * count
    conflicts = [0] * count

    def user(index: int) -> None:
        workspace = open_workspace(url)
        service = ProductService(workspace)
        pick = random.Random(index)
        try:
            while done[index] < edits:
                product_id = pick.choice(ids)  # 200 hot products: races are frequent on purpose
                version = service.load(product_id).version
                try:
                    service.update_product_fields(product_id, version, {"name_en": f"edit {index}-{done[index]}"})
                    done[index] += 1
                except EditConflict:
                    conflicts[index] += 1
        finally:
            workspace.close()

    threads = [threading.Thread(target=user, args=(i,)) for i in range(count)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    after_ws = open_workspace(url)
    with after_ws.engine.connect() as connection:
        after = int(connection.exec_driver_sql("SELECT sum(version) FROM product").scalar())
    after_ws.close()
    return {"writers": count, "edits saved": sum(done), "conflicts reported": sum(conflicts),
            "lost updates": sum(done) - (after - before), "wall (s)": wall, "edits/s": sum(done) / wall}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--skus", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--writers", type=int, default=5)
    parser.add_argument("--edits", type=int, default=1000, help="edits per writer")
    parser.add_argument("--url", help="an empty PostgreSQL database (default: a throwaway cluster)")
    args = parser.parse_args()

    from catalogue_core import build

    from app.services.workspace.team import upload

    folder = Path(tempfile.mkdtemp(prefix="fd-bench-team-"))
    local, _times = build(folder / "catalogue.fdw", args.products, args.skus)
    local.close()
    cluster = None
    url = args.url
    if url is None:
        import pgcluster
        import psycopg

        cluster = pgcluster.start_cluster()
        os.environ["PGPASSWORD"] = pgcluster.PASSWORD
        with psycopg.connect(cluster.url(), autocommit=True) as connection:
            connection.execute("CREATE DATABASE bench")
        url = cluster.url("bench")
    try:
        started = time.perf_counter()
        upload(folder / "catalogue.fdw", url)
        upload_s = time.perf_counter() - started
        results = {}
        for name, location in (("SQLite file", folder / "catalogue.fdw"), ("PostgreSQL loopback", url)):
            workspace: Workspace = open_workspace(location)
            cs.ensure_search_index(workspace.engine)
            results[name] = reads(workspace.engine, args.repeats)
            workspace.close()
        writing = writers(url, args.writers, args.edits)
    finally:
        if cluster is not None:
            cluster.stop()
    _print(args, upload_s, results, writing)
    return 0


def _print(args: argparse.Namespace, upload_s: float, results: dict[str, dict[str, float]],
           writing: dict[str, float]) -> None:
    print(f"catalogue: {args.products:,} products × {args.skus} SKUs = {args.products * args.skus:,} SKUs; "
          f"upload to PostgreSQL {upload_s:.1f} s")
    floor = results["SQLite file"]
    print(f"\n{'reads (median)':<28}{'SQLite (floor)':>16}{'PostgreSQL':>14}{'× floor':>10}")
    for name in floor:
        sqlite_ms, pg_ms = floor[name], results["PostgreSQL loopback"][name]
        print(f"  {name:<26}{sqlite_ms:>16.2f}{pg_ms:>14.2f}{pg_ms / sqlite_ms:>10.1f}")
    print(f"\ngoals on loopback: first page ≤ {GOALS_LOOPBACK['first page (s)']} s, keystroke ≤ "
          f"{GOALS_LOOPBACK['keystroke (ms)']:.0f} ms (20 ms RTT not measured: no netem on a shared machine)")
    print("\nconcurrent writers: " + ", ".join(
        f"{name} {value:.1f}" if isinstance(value, float) else f"{name} {value}" for name, value in writing.items()))


if __name__ == "__main__":
    raise SystemExit(main())
