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
#: `AFTER_FIRST_PAINT` is what the window does once it has painted; the plain floor's first paint is its content.
WINDOW = """
import time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem, QWidget

class PaintStamp(QObject):
    def __init__(self, moment, then):
        super().__init__()
        self.moment, self.then = moment, then

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget) and watched.window() is window:
            app.removeEventFilter(self)
            print(self.moment, repr(time.time()), flush=True)
            QTimer.singleShot(0, self.then)
        return False

def stamp_next_paint(moment, then):
    global watcher
    watcher = PaintStamp(moment, then)
    app.installEventFilter(watcher)
    window.update()

app = QApplication([])
window = QMainWindow()
table = QTableWidget(100, 6)
for row in range(100):
    for col in range(6):
        table.setItem(row, col, QTableWidgetItem(f"{row}:{col}"))
window.setCentralWidget(table)
window.resize(1280, 820)
"""

FLOOR = WINDOW + """
def first_painted():
    print("content-ready", repr(time.time()), flush=True)
    window.close()

stamp_next_paint("first-paint", first_painted)
window.show()
app.exec()
"""

#: The floor of the fixed stack: the same window, which after its first paint imports what any workspace needs
#: before it can show a row — SQLAlchemy's ORM, SQLModel and the app's table models: the stack and the schema,
#: none of the app's services, pages or database work — then paints again. The app's content can't come
#: before this one's: the gap between the two is what the app's own code costs.
STACK_FLOOR = WINDOW + """
def load_the_stack():
    import sqlalchemy.orm, sqlmodel, app.models
    table.item(0, 0).setText("loaded")
    stamp_next_paint("content-ready", window.close)

stamp_next_paint("first-paint", load_the_stack)
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


def measure(workspace: Path, folder: Path, runs: int) -> dict[str, list[dict[str, float]]]:
    """Floor, stack floor and app runs interleaved, so load from others on the machine falls on all alike."""
    env = child_environment(folder)
    commands = {"floor": [sys.executable, "-c", FLOOR], "stack": [sys.executable, "-c", STACK_FLOOR],
                "app": [sys.executable, str(ROOT / "main.py"), "--lang", "zh_CN", "--workspace", str(workspace)]}
    for command in commands.values():  # warm the OS file cache for all, and write the app's bytecode
        run_child(command, env)
    runs_of: dict[str, list[dict[str, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            runs_of[name].append(run_child(command, env))
    return runs_of


def report(title: str, runs_of: dict[str, list[dict[str, float]]]) -> None:
    floor_ms = statistics.median(run["first-paint"] for run in runs_of["floor"]) * 1000
    print(f"{title} ({len(runs_of['app'])} runs each, medians)")
    print(f"  floor: bare PySide6 window + table, first paint {floor_ms:7.0f} ms")
    lines = (("stack", "content-ready", "stack floor: + SQLAlchemy, SQLModel, models"),
             ("app", "first-paint", "Factory Direct first paint"),
             ("app", "content-ready", "Factory Direct content ready"))
    for name, moment, label in lines:
        values = sorted(run[moment] * 1000 for run in runs_of[name])
        median = statistics.median(values)
        print(f"  {label:<46} {median:7.0f} ms  = {median / floor_ms:4.2f} × floor"
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
        report("demo workspace", measure(demo, folder, args.runs))
        if args.large:
            large = folder / "large.fdw"
            build_large(large, args.large)
            report(f"{args.large:,}-product workspace", measure(large, folder, args.runs))


if __name__ == "__main__":
    main()
