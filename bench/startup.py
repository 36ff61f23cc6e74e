"""Start-up time of `main.py --workspace W`, next to a bare PySide6 window with a table (the floor).

Both are fresh interpreters started the same way in the same run, and both say when they painted the same way:
an application-wide event filter sees the first paint inside the main window and prints `time.time()` as it
begins. The app does this when `FACTORY_DIRECT_STARTUP_PROBE=1` (see `app.bootstrap`):
- first paint: the first paint of the main window (the shell, with its quiet loading state);
- content ready: the first paint after the workspace is open and its first page is built.
The floor fills its table before showing, so its first paint is also its content. Times are from just before
the process is spawned; the medians and their ratios to the floor's median are printed.

    python bench/startup.py [--runs 7] [--large [PRODUCTS]]

`--large` also measures a workspace of PRODUCTS products (100,000 by default, one SKU each) built with
`bench/catalogue_core.py`'s builder.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = "FACTORY_DIRECT_STARTUP_PROBE"

#: The floor: the same way of seeing the first paint as `app.views.shell.first_paint`, nothing else.
FLOOR = """
import time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem, QWidget

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget) and watched.window() is window:
            app.removeEventFilter(self)
            print("first-paint", repr(time.time()), flush=True)
            print("content-ready", repr(time.time()), flush=True)
            QTimer.singleShot(0, window.close)
        return False

app = QApplication([])
window = QMainWindow()
table = QTableWidget(100, 6)
for row in range(100):
    for col in range(6):
        table.setItem(row, col, QTableWidgetItem(f"{row}:{col}"))
window.setCentralWidget(table)
window.resize(1280, 820)
watcher = FirstPaint()
app.installEventFilter(watcher)
window.show()
app.exec()
"""


def run_child(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from spawning `command` to each moment it reports ("first-paint", "content-ready")."""
    started = time.time()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    stamps = {}
    for line in done.stdout.splitlines():
        name, _, stamp = line.partition(" ")
        if name in ("first-paint", "content-ready"):
            stamps[name] = float(stamp) - started
    if done.returncode != 0 or len(stamps) != 2:
        raise SystemExit(f"{command[1]} failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr[-3000:]}")
    return stamps


def child_environment(folder: Path) -> dict[str, str]:
    """Offscreen, with settings and logs in a throw-away folder so no run sees another's window state.

    Bytecode is written and used as on a user's PC (an installed or frozen app has its `.pyc`; a source
    checkout writes them on its first run): a shell that sets PYTHONDONTWRITEBYTECODE would otherwise have
    every run compile the app's hundred modules again (≈ 0.4 s measured), which no user waits for."""
    inherited = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return {**inherited, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "XDG_CONFIG_HOME": str(folder / "config"), "XDG_DATA_HOME": str(folder / "data"),
            "XDG_CACHE_HOME": str(folder / "cache"), PROBE: "1"}


def measure(workspace: Path, folder: Path, runs: int) -> tuple[list[dict[str, float]], list[dict[str, float]]]:
    """Floor and app runs interleaved, so load from others on the machine falls on both alike."""
    env = child_environment(folder)
    floor_command = [sys.executable, "-c", FLOOR]
    app_command = [sys.executable, str(ROOT / "main.py"), "--lang", "zh_CN", "--workspace", str(workspace)]
    run_child(floor_command, env)  # warm the OS file cache for both, and write the app's bytecode
    run_child(app_command, env)
    floor, app = [], []
    for _ in range(runs):
        floor.append(run_child(floor_command, env))
        app.append(run_child(app_command, env))
    return floor, app


def report(title: str, floor: list[dict[str, float]], app: list[dict[str, float]]) -> None:
    floor_ms = statistics.median(run["first-paint"] for run in floor) * 1000
    print(f"{title} ({len(app)} runs each, medians)")
    print(f"  floor: bare PySide6 window + table, first paint {floor_ms:7.0f} ms")
    for moment, label in (("first-paint", "first paint  "), ("content-ready", "content ready")):
        values = sorted(run[moment] * 1000 for run in app)
        median = statistics.median(values)
        print(f"  Factory Direct {label}                {median:7.0f} ms  = {median / floor_ms:4.2f} × floor"
              f"   (min {values[0]:.0f}, max {values[-1]:.0f})")


def build_large(path: Path, products: int) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from catalogue_core import build

    started = time.perf_counter()
    workspace, _ = build(path, products, 1)
    workspace.close()
    print(f"built {products:,} products in {time.perf_counter() - started:.0f} s: {path.stat().st_size / 1e6:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--large", type=int, nargs="?", const=100_000, default=0, metavar="PRODUCTS",
                        help="also measure a workspace of this many products (default 100,000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fd-startup-") as name:
        folder = Path(name)
        demo = folder / "demo.fdw"
        subprocess.run([sys.executable, str(ROOT / "main.py"), "demo", str(demo)], check=True, capture_output=True)
        report("demo workspace", *measure(demo, folder, args.runs))
        if args.large:
            large = folder / "large.fdw"
            build_large(large, args.large)
            report(f"{args.large:,}-product workspace", *measure(large, folder, args.runs))


if __name__ == "__main__":
    main()
