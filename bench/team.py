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
- open to first page: open the workspace (connect, schema revision, role) and load that first page, what a
  user waits for before the Products page shows rows, median;
- with a round trip added (`--latency-ms`, default 20): the same reads through `bench/latency_proxy.py`, a TCP
  proxy holding every chunk half the round trip in each direction (this kernel has no `sch_netem`, so `tc
  netem` in a network namespace is not possible here); the proxy with no delay is measured too, so its own
  cost is visible.
These are data-layer times: the GUI's paint on top is `bench/catalogue.py`'s (measured there on SQLite).

    python bench/team.py [--products 10000] [--skus 10] [--writers 5] [--edits 1000] [--latency-ms 20]
                         [--url postgresql://…]
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

GOALS = {"loopback": (500.0, 50.0), "latency": (1000.0, 150.0)}  # (first paint ms, keystroke ms)


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


def open_to_first_page(location: str | Path, repeats: int) -> float:
    """Open the workspace and load the Products page's first page: connect, schema check, role, count + rows."""
    from catalogue_core import keystroke

    def open_and_read() -> None:
        workspace = open_workspace(location)
        try:
            keystroke(workspace.engine, "")
        finally:
            workspace.close()

    open_and_read()
    return median_ms(open_and_read, repeats)


def read_all(location: str | Path, repeats: int) -> dict[str, float]:
    workspace: Workspace = open_workspace(location)
    cs.ensure_search_index(workspace.engine)
    figures = reads(workspace.engine, repeats)
    workspace.close()
    figures["open to first page (ms)"] = open_to_first_page(location, max(3, repeats // 4))
    return figures


def through_proxy(url: str, one_way_s: float, repeats: int) -> dict[str, float]:
    """The reads with every byte to and from the server delayed `one_way_s` each way."""
    from latency_proxy import LatencyProxy

    address = sa.engine.make_url(url)
    with LatencyProxy(address.host or "127.0.0.1", address.port or 5432, one_way_s) as port:
        return read_all(address.set(host="127.0.0.1", port=port).render_as_string(hide_password=False), repeats)


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
    parser.add_argument("--latency-ms", type=float, default=20.0,
                        help="round trip added through a delaying proxy (0: loopback only)")
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
        results = {"SQLite file": read_all(folder / "catalogue.fdw", args.repeats),
                   "PostgreSQL loopback": read_all(url, args.repeats)}
        if args.latency_ms > 0:
            results["proxy, no delay"] = through_proxy(url, 0.0, args.repeats)
            results[f"+{args.latency_ms:g} ms RTT"] = through_proxy(url, args.latency_ms / 2000, args.repeats)
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
    columns = list(results)
    print(f"\n{'reads, ms (median)':<28}" + "".join(f"{name:>22}" for name in columns))
    for figure in floor:
        cells = [f"{results[c][figure]:.2f} ({results[c][figure] / floor[figure]:.1f}×)" if c != columns[0]
                 else f"{floor[figure]:.2f} (floor)" for c in columns]
        print(f"  {figure:<26}" + "".join(f"{cell:>22}" for cell in cells))
    for name, (paint_ms, key_ms) in GOALS.items():
        column = "PostgreSQL loopback" if name == "loopback" else next(
            (c for c in columns if c.endswith("RTT")), None)
        if column is None:
            continue
        got = results[column]
        print(f"goal {column}: open to first page ≤ {paint_ms:.0f} ms → {got['open to first page (ms)']:.0f}; "
              f"keystroke ≤ {key_ms:.0f} ms → {got['keystroke (ms)']:.0f} (slowest "
              f"{got['slowest keystroke (ms)']:.0f})")
    print("\nconcurrent writers: " + ", ".join(
        f"{name} {value:.1f}" if isinstance(value, float) else f"{name} {value}" for name, value in writing.items()))


if __name__ == "__main__":
    raise SystemExit(main())
