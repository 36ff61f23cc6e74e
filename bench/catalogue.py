"""The Products view at 100,000 SKUs: first paint, a search keystroke, a sort, peak memory — beside the floor.

Builds a workspace of 10,000 products × 10 SKUs with `bench/catalogue_core.py`'s builder (or reuses one
given with --workspace), then measures in a fresh child process (so the build's memory doesn't count),
on Qt's offscreen platform:

- floor: a bare PySide6 `QMainWindow` with an empty `QTableView`, constructed, shown, and events processed
  until the table's viewport gets its first paint event (cold: the first window of the process, paying
  Qt's one-time font and style set-up; warm: again, median of 5);
- first paint: the same for a `QMainWindow` holding a new `ProductsPage` (count + first page of 200 rows,
  categories, the first product's SKUs) until the catalogue table's viewport paints — cold (the first
  page of the process, after the floor) and warm (median of 5);
- keystroke: `search.setText(text)`, then the debounce's slot called directly (the 150 ms pause is the
  user's, not the app's), the model reset with a count and the first page, until the table repaints —
  median over the 20 texts of catalogue_core (FTS5 trigram for 3+ characters, LIKE for 1–2);
- sort: a header click (QTest mouse click on the header) until the re-sorted first page is painted,
  over 4 columns × both orders;
- fetchMore: scrolling to the bottom until 2,000 rows are loaded (10 pages);
- peak memory: `resource.getrusage(RUSAGE_SELF).ru_maxrss` after the floor and at the end.

    python bench/catalogue.py [--products 10000] [--skus 10] [--workspace FILE] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "bench"))  # catalogue_core, the builder this bench reuses

GOALS = {"first_paint_s": 0.5, "keystroke_ms": 50.0, "peak_mb": 400.0}


# --- the child: GUI measurements --------------------------------------------------------------------------

def _peak_mb() -> float:
    """ru_maxrss in MB (KB on Linux). Linux carries it over fork and exec, so the parent stays small: it
    builds the workspace in one child and measures in another."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _vm_hwm_mb() -> float | None:
    """The kernel's own high-water mark of this process image (Linux), as a cross-check."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def measure(path: Path, repeats: int) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QPoint, Qt
    from PySide6.QtGui import QUndoStack
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView, QWidget

    app = QApplication([sys.argv[0]])
    results: dict[str, Any] = {"import_qt_s": time.perf_counter() - started}

    class PaintWatch(QObject):
        """Notes the first paint event of a widget (a table's viewport) after `arm()`."""

        def __init__(self, widget: QWidget) -> None:
            super().__init__()
            self.painted = False
            widget.installEventFilter(self)

        def arm(self) -> None:
            self.painted = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.painted = True
            return False

    def until_painted(watch: PaintWatch, limit: float = 10.0) -> None:
        deadline = time.perf_counter() + limit
        while not watch.painted:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            if time.perf_counter() > deadline:
                raise RuntimeError("no paint event within the time limit")

    def show_to_first_paint(make: Callable[[], tuple[QMainWindow, QWidget]]) -> tuple[float, QMainWindow]:
        began = time.perf_counter()
        window, viewport = make()
        watch = PaintWatch(viewport)
        window.resize(1280, 820)
        window.show()
        until_painted(watch)
        elapsed = time.perf_counter() - began
        window._watch = watch  # type: ignore[attr-defined]  # keep the filter alive with the window
        return elapsed, window

    def bare() -> tuple[QMainWindow, QWidget]:
        window = QMainWindow()
        table = QTableView()
        window.setCentralWidget(table)
        return window, table.viewport()

    def close(window: QMainWindow) -> None:
        window.close()
        window.deleteLater()
        app.processEvents()

    floor_cold, window = show_to_first_paint(bare)
    close(window)
    results["peak_after_floor_mb"] = _peak_mb()

    from catalogue_core import QUERIES

    from app.bootstrap import apply_look
    from app.services.workspace.services import open_services
    from app.views.kit.i18n import install_translators
    from app.views.kit.tasks import TaskRunner
    from app.views.products.catalogue_model import Column
    from app.views.products.page import ProductsPage

    began = time.perf_counter()
    apply_look(app)
    install_translators(app, "en")
    results["app_look_s"] = time.perf_counter() - began
    began = time.perf_counter()
    services = open_services(path)
    results["open_workspace_s"] = time.perf_counter() - began
    tasks = TaskRunner()
    undo = QUndoStack()
    pages: list[ProductsPage] = []

    def products() -> tuple[QMainWindow, QWidget]:
        window = QMainWindow()
        page = ProductsPage(services, undo, tasks)
        pages.append(page)
        window.setCentralWidget(page)
        return window, page.table.viewport()

    page_cold, window = show_to_first_paint(products)
    close(window)
    floor_warm, page_warm = [], []
    for _ in range(repeats):
        elapsed, window = show_to_first_paint(bare)
        floor_warm.append(elapsed)
        close(window)
        elapsed, window = show_to_first_paint(products)
        page_warm.append(elapsed)
        close(window)
    results.update(repeats=repeats, floor_cold_s=floor_cold, floor_warm_s=statistics.median(floor_warm),
                   page_cold_s=page_cold, page_warm_s=statistics.median(page_warm))

    # The page stays open for keystrokes, sorting and scrolling.
    window = QMainWindow()
    page = ProductsPage(services, undo, tasks)
    window.setCentralWidget(page)
    window.resize(1280, 820)
    watch = PaintWatch(page.table.viewport())
    window.show()
    until_painted(watch)
    results["products"] = page.model.total

    cpu_keystrokes: list[float] = []

    def keystroke(text: str) -> tuple[float, float, float]:
        """(ms to rows fetched, ms to rows painted, ms to the match count shown); CPU ms to the paint are
        kept aside (this process's own work: what a busy machine doesn't inflate)."""
        watch.arm()
        cpu = time.process_time()
        began = time.perf_counter()
        page.search.setText(text)
        page.apply_filter()  # what the debounce timer calls 150 ms after the last key
        fetched = time.perf_counter() - began
        until_painted(watch)
        painted = time.perf_counter() - began
        cpu_keystrokes.append((time.process_time() - cpu) * 1000)
        while not page.model.total_known:  # a full first page: the count runs right after the paint
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        app.processEvents()
        return fetched * 1000, painted * 1000, (time.perf_counter() - began) * 1000

    for text in QUERIES[:3]:  # warm the statement and page caches once, like catalogue_core does
        keystroke(text)
    cpu_keystrokes.clear()
    per_text = {text: keystroke(text) for text in QUERIES}
    painted = [ms for _fetched, ms, _counted in per_text.values()]
    results.update(
        keystroke_fetch_ms=statistics.median(fetched for fetched, _ms, _counted in per_text.values()),
        keystroke_counted_ms=statistics.median(counted for _f, _ms, counted in per_text.values()),
        keystroke_ms=statistics.median(painted), keystroke_max_ms=max(painted),
        keystroke_cpu_ms=statistics.median(cpu_keystrokes), keystroke_cpu_max_ms=max(cpu_keystrokes),
        keystroke_fts_ms=statistics.median(ms for text, (_f, ms, _t) in per_text.items()
                                           if all(len(term) >= 3 for term in text.split())),
        keystroke_like_ms=statistics.median(ms for text, (_f, ms, _t) in per_text.items()
                                            if any(len(term) < 3 for term in text.split())),
        keystrokes=len(per_text),
        per_text={text: round(ms, 1) for text, (_f, ms, _t) in per_text.items()},
    )
    page.search.clear()
    page.apply_filter()
    app.processEvents()

    header = page.table.horizontalHeader()

    cpu_sorts: list[float] = []

    def click_header(column: Column) -> float:
        watch.arm()
        cpu = time.process_time()
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        began = time.perf_counter()
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(x, header.height() // 2))
        until_painted(watch)
        cpu_sorts.append((time.process_time() - cpu) * 1000)
        return (time.perf_counter() - began) * 1000

    sorts: dict[str, float] = {}
    for column in (Column.NAME_ZH, Column.COMPLETENESS, Column.UPDATED, Column.CODE):
        for _ in range(2):  # ascending, then descending (or the other way round for the current column)
            ms = click_header(column)
            order = "desc" if page.model.sort_order == Qt.SortOrder.DescendingOrder else "asc"
            sorts[f"{column.name.lower()} {order}"] = ms
    results.update(sort_ms=statistics.median(sorts.values()), sort_max_ms=max(sorts.values()),
                   sort_cpu_ms=statistics.median(cpu_sorts),
                   per_sort={name: round(ms, 1) for name, ms in sorts.items()})

    began = time.perf_counter()
    pages_before = page.model.rowCount()
    while page.model.rowCount() < 2000 and page.model.canFetchMore():
        page.table.scrollToBottom()
        app.processEvents()
    results["fetch_more_ms_per_page"] = ((time.perf_counter() - began) * 1000
                                         / max((page.model.rowCount() - pages_before) / 200, 1))
    results["rows_loaded"] = page.model.rowCount()
    results["peak_mb"] = _peak_mb()
    results["vm_hwm_mb"] = _vm_hwm_mb()
    close(window)
    tasks.wait()
    services.close()
    return results


# --- the parent: build, run the child, print -----------------------------------------------------------

def build_workspace(path: Path, products: int, skus: int) -> dict[str, float]:
    from catalogue_core import build

    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
    workspace, timings = build(path, products, skus)
    workspace.close()
    return timings


def run_child(*arguments: str) -> dict[str, Any]:
    """Run this script in a child process and return the JSON it prints last."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="fd-bench-config-"))
    completed = subprocess.run([sys.executable, __file__, *arguments], capture_output=True, text=True, env=env,
                               timeout=900)
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(completed.returncode)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def report(path: Path, build_times: dict[str, float], r: dict[str, Any]) -> None:
    import sqlite3

    import PySide6

    def verdict(value: float, goal: float) -> str:
        return "ok" if value <= goal else "OVER"

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {os.cpu_count()} CPUs, load average {load:.1f} at the end (wall times grow with load; "
          "CPU times much less)")
    print(f"Products view: {r['products']:,} products, file {path.stat().st_size / 1e6:.1f} MB; "
          f"PySide6 {PySide6.__version__}, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
          f"QT_QPA_PLATFORM=offscreen")
    if build_times:
        print("\nbuild (s): " + ", ".join(f"{name} {seconds:.2f}" for name, seconds in build_times.items()))
    print(f"\nset-up (s): import Qt {r['import_qt_s']:.2f}, app look (stylesheet + CJK font) {r['app_look_s']:.2f}, "
          f"open workspace {r['open_workspace_s']:.2f}")
    goal_s, goal_ms, goal_mb = GOALS["first_paint_s"], GOALS["keystroke_ms"], GOALS["peak_mb"]
    rows = [
        ("first paint, cold (ms)", r["page_cold_s"] * 1000, r["floor_cold_s"] * 1000, f"≤ {goal_s * 1000:.0f}",
         verdict(r["page_cold_s"], goal_s)),
        (f"first paint, warm, median of {r['repeats']} (ms)", r["page_warm_s"] * 1000, r["floor_warm_s"] * 1000,
         f"≤ {goal_s * 1000:.0f}", verdict(r["page_warm_s"], goal_s)),
        (f"search keystroke, median of {r['keystrokes']} (ms)", r["keystroke_ms"], None, f"≤ {goal_ms:.0f}",
         verdict(r["keystroke_ms"], goal_ms)),
        ("  of which query + model reset (ms)", r["keystroke_fetch_ms"], None, "", ""),
        ("  until the match count is shown too (ms)", r["keystroke_counted_ms"], None, "", ""),
        ("  FTS5 texts (3+ chars), median (ms)", r["keystroke_fts_ms"], None, "", ""),
        ("  LIKE texts (1–2 chars), median (ms)", r["keystroke_like_ms"], None, "", ""),
        ("  slowest text (ms)", r["keystroke_max_ms"], None, f"≤ {goal_ms:.0f}",
         verdict(r["keystroke_max_ms"], goal_ms)),
        ("  CPU time of this process, median (ms)", r["keystroke_cpu_ms"], None, "", ""),
        ("  CPU time, slowest text (ms)", r["keystroke_cpu_max_ms"], None, "", ""),
        (f"sort by header click, median of {len(r['per_sort'])} (ms)", r["sort_ms"], None, "", ""),
        ("  slowest sort (ms)", r["sort_max_ms"], None, "", ""),
        ("  CPU time of this process, median (ms)", r["sort_cpu_ms"], None, "", ""),
        ("fetchMore while scrolling, per 200-row page (ms)", r["fetch_more_ms_per_page"], None, "", ""),
        ("peak memory, ru_maxrss (MB)", r["peak_mb"], r["peak_after_floor_mb"], f"≤ {goal_mb:.0f}",
         verdict(r["peak_mb"], goal_mb)),
    ]
    hwm = f"; VmHWM {r['vm_hwm_mb']:.0f} MB" if r.get("vm_hwm_mb") else ""
    print(f"peak memory cross-check: ru_maxrss {r['peak_mb']:.0f} MB{hwm}")
    print(f"\n{'':52} {'measured':>9} {'floor':>9} {'goal':>8}")
    for name, value, floor, goal, ok in rows:
        floor_text = f"{floor:9.2f}" if floor is not None else f"{'':9}"
        print(f"  {name:<50} {value:9.2f} {floor_text} {goal:>8} {ok}")
    print("\nfloor = a bare QMainWindow with an empty QTableView, shown to its first paint, in the same process "
          "(memory: peak right after it).")
    print("per keystroke (ms, to repaint): " + ", ".join(f"{t!r} {ms}" for t, ms in r["per_text"].items()))
    print("per sort (ms, click to repaint): " + ", ".join(f"{t} {ms}" for t, ms in r["per_sort"].items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--skus", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--workspace", type=Path, help="measure this workspace instead of building one")
    parser.add_argument("--keep", type=Path, help="build the workspace in this folder and keep it")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # child processes
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.repeats)))
        return 0
    if args.build:
        print(json.dumps(build_workspace(args.build, args.products, args.skus)))
        return 0
    build_times: dict[str, float] = {}
    if args.workspace:
        path = args.workspace
    else:
        folder = args.keep or Path(tempfile.mkdtemp(prefix="fd-bench-"))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "catalogue-bench.fdw"
        build_times = run_child("--build", str(path), "--products", str(args.products), "--skus", str(args.skus))
    report(path, build_times, run_child("--measure", str(path), "--repeats", str(args.repeats)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
