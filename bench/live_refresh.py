"""A colleague's edit arriving on the Products page of a team workspace (issue #14): how long the page takes to
show it and what the user loses meanwhile, at 100,000 SKUs.

Builds the catalogue of `bench/catalogue_core.py` (10,000 products × 10 SKUs), uploads it into a throwaway
PostgreSQL cluster (tests/support/pgcluster.py) on loopback, opens a `ProductsPage` on Qt's offscreen platform and
scrolls until `--loaded` rows are fetched (the user is looking at row ~1,000, say). Then, `--repeats` times, a
second connection (the colleague) renames one loaded product through `ProductService`; measured from the
colleague's commit until the page's model shows the new name:
- the time until the page has refreshed, and the page's refresh itself (GUI thread busy), median and worst;
- whether the edited row is still loaded, with its new name;
- the rows still loaded and the scroll position afterwards (a full refresh goes back to the first page: the
  user's place in the list is lost);
- the catalogue table's selection kept or not.

    python bench/live_refresh.py [--products 10000] [--skus 10] [--loaded 1000] [--repeats 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "bench"))
sys.path.insert(2, str(ROOT / "tests" / "support"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--skus", type=int, default=10)
    parser.add_argument("--loaded", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()

    import pgcluster
    import psycopg
    from catalogue_core import build
    from PySide6.QtCore import QCoreApplication, QEventLoop
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QApplication

    from app.db import open_workspace
    from app.services.catalogue.products import ProductService
    from app.services.workspace.services import open_services
    from app.services.workspace.team import upload
    from app.views.kit.tasks import TaskRunner
    from app.views.products.page import ProductsPage

    folder = Path(tempfile.mkdtemp(prefix="fd-bench-live-"))
    local, _times = build(folder / "catalogue.fdw", args.products, args.skus)
    local.close()
    cluster = pgcluster.start_cluster()
    os.environ["PGPASSWORD"] = pgcluster.PASSWORD
    try:
        with psycopg.connect(cluster.url(), autocommit=True) as connection:
            connection.execute("CREATE DATABASE bench")
        url = cluster.url("bench")
        upload(folder / "catalogue.fdw", url)
        app = QApplication.instance() or QApplication([])
        services = open_services(url)  # type: ignore[arg-type]
        tasks = TaskRunner()
        page = ProductsPage(services, QUndoStack(), tasks)
        page.resize(1280, 800)
        page.show()
        model = page.model
        while model.rowCount() < args.loaded and model.canFetchMore(model.index(-1, -1).parent()):
            model.fetchMore(model.index(-1, -1).parent())
        page.table.scrollTo(model.index(args.loaded - 50, 0))
        page.table.selectRow(args.loaded - 50)
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        colleague = open_workspace(url)
        products = ProductService(colleague)
        seconds, rows_after, scroll_after, selected_after = [], [], [], []
        visible: list[bool] = []
        refresh_s: list[float] = []
        original_refresh = page.refresh

        def timed_refresh() -> None:
            started = time.perf_counter()
            original_refresh()
            refresh_s.append(time.perf_counter() - started)

        page.refresh = timed_refresh  # type: ignore[method-assign]
        original_rows = getattr(model, "refresh_rows", None)
        if original_rows is not None:
            def timed_rows(ids: set[int]) -> bool:
                started = time.perf_counter()
                done = bool(original_rows(ids))
                refresh_s.append(time.perf_counter() - started)
                return done

            model.refresh_rows = timed_rows  # type: ignore[method-assign]
        for repeat in range(args.repeats):
            before_rows = model.rowCount()
            row = before_rows - 100 - repeat
            if row < 0 or row >= model.rowCount():
                row = model.rowCount() - 1
            target = model.product(row)
            detail = products.load(target.id)
            new_name = f"{target.name_zh.split('#')[0]}#{repeat}"
            started = time.perf_counter()
            products.update_product_fields(target.id, detail.version, {"name_zh": new_name})

            def shown(target_id: int = target.id, name: str = new_name) -> bool:
                return any(model.product(r).id == target_id and model.product(r).name_zh == name
                           for r in range(model.rowCount()))

            calls = len(refresh_s)
            deadline = time.perf_counter() + 5
            while len(refresh_s) == calls and time.perf_counter() < deadline:
                QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            seconds.append(time.perf_counter() - started)
            visible.append(shown())
            rows_after.append(model.rowCount())
            scroll_after.append(page.table.verticalScrollBar().value())
            selected_after.append(len(page.selected_product_ids()))
            while model.rowCount() < args.loaded and model.canFetchMore(model.index(-1, -1).parent()):
                model.fetchMore(model.index(-1, -1).parent())  # the user scrolls back down for the next round
            page.table.scrollTo(model.index(args.loaded - 50, 0))
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        colleague.close()
        page.close()
        tasks.wait()
        services.close()
        del app
    finally:
        cluster.stop()
    ms = [s * 1000 for s in seconds]
    refresh_ms = [s * 1000 for s in refresh_s] or [0.0]
    print(f"catalogue: {args.products:,} products × {args.skus} SKUs on PostgreSQL loopback; "
          f"{args.loaded:,} rows loaded, {args.repeats} edits by a colleague")
    print(f"the edited row on screen with the new name afterwards: {sum(visible)} of {len(visible)}")
    print(f"commit → the page refreshed: median {statistics.median(ms):.1f} ms, worst {max(ms):.1f} ms")
    print(f"page's refresh (GUI thread): median {statistics.median(refresh_ms):.1f} ms, "
          f"worst {max(refresh_ms):.1f} ms ({len(refresh_s)} calls)")
    print(f"rows loaded afterwards: {sorted(set(rows_after))}; scroll position afterwards: "
          f"median {statistics.median(scroll_after):.0f}; selection kept: {min(selected_after)}..{max(selected_after)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
