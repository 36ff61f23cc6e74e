"""Start-up time: process start → main window shown on the demo workspace, next to a bare PySide6 floor.

Both are measured the same way in the same run: wall time from spawning a fresh interpreter until it
exits right after the window's first paint. Prints both medians and the ratio.

    python bench/startup.py [--runs 7]
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

FLOOR = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem
app = QApplication([])
window = QMainWindow()
table = QTableWidget(100, 6)
for row in range(100):
    for col in range(6):
        table.setItem(row, col, QTableWidgetItem(f"{row}:{col}"))
window.setCentralWidget(table)
window.resize(1280, 820)
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""

APP = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
from PySide6.QtCore import QSettings, QTimer
from app.bootstrap import build_main_window, create_application
from app.views.kit.settings import AppSettings
from app.views.kit.tasks import TaskRunner
app = create_application()
settings = AppSettings(QSettings({settings!r}, QSettings.Format.IniFormat))
tasks = TaskRunner()
window = build_main_window(settings, tasks, "zh_CN")
assert window.open_workspace(Path({workspace!r}))
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
window.close_workspace()
"""


def time_child(code: str) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        workspace = Path(folder) / "demo.fdw"
        subprocess.run([sys.executable, str(ROOT / "main.py"), "demo", str(workspace)], check=True,
                       capture_output=True)
        app_code = APP.format(root=str(ROOT), workspace=str(workspace), settings=str(Path(folder) / "s.ini"))
        time_child(FLOOR)  # warm the OS file cache for both
        time_child(app_code)
        floor = [time_child(FLOOR) for _ in range(args.runs)]
        app = [time_child(app_code) for _ in range(args.runs)]
    floor_median, app_median = statistics.median(floor), statistics.median(app)
    print(f"bare PySide6 window + table: median {floor_median * 1000:.0f} ms over {args.runs} runs")
    print(f"Factory Direct on the demo:  median {app_median * 1000:.0f} ms over {args.runs} runs")
    print(f"ratio app / floor: {app_median / floor_median:.2f}")


if __name__ == "__main__":
    main()
