"""House rules that can be checked: the layering contract and the PySide6/Python pitfall."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_hold() -> None:
    """app.models, app.services and app.db never import PySide6 (import-linter, contracts in pyproject)."""
    tool = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    result = subprocess.run([tool, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


def test_many_void_qt_calls_do_not_crash_the_interpreter(qtbot) -> None:
    """PySide6 6.12.0 on Python 3.11 dropped a reference to None per void call and aborted after a few
    thousand (shared/reference/environment.md). Run the calls in a child so an abort shows as a failure."""
    code = (
        "import os; os.environ['QT_QPA_PLATFORM']='offscreen'\n"
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        "app = QApplication([]); label = QLabel()\n"
        "for i in range(20000): label.setText(str(i)); label.resize(10 + i % 5, 10)\n"
        "print('done')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "done"


def test_money_is_never_float_in_the_core() -> None:
    """A grep the before-stop hook also runs: no float() next to money words in models/services."""
    offenders = []
    for path in [*(ROOT / "app" / "models").rglob("*.py"), *(ROOT / "app" / "services").rglob("*.py")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            lowered = line.lower()
            if "float(" in lowered and any(w in lowered for w in ("price", "cost", "fee", "money", "amount")):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, offenders
