"""Shared test set-up: headless Qt, every setting, log and data folder redirected to a temp dir, the folders'
markers, and the fixtures more than one folder uses.

Folders: `core` (pure logic: no database, no Qt, no subprocess), `integration` (real SQLite files, real PDFs,
real HTTP servers on 127.0.0.1), `gui` (pytest-qt through real widgets), `cli` (the command line, in process
and as `main.py` subprocesses), `reliability` (attacks: kills, full disks, locks, hostile files). Each test gets
its folder's marker (`pytest -m core`); `slow` marks the tests listed in `slow_tests.txt` (over a second here).
`support/` holds the stand-in shops and the attack kit.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS / "support"))
FOLDER_MARKERS = ("core", "integration", "gui", "cli", "reliability")
SLOW_LIST = TESTS / "slow_tests.txt"

# Before anything imports Qt or platformdirs: no display, no real user folders.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SANDBOX = Path(tempfile.mkdtemp(prefix="fd-tests-"))
for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[variable] = str(_SANDBOX / variable.lower())
os.environ["LANG"] = "en_US.UTF-8"

from app.db import Workspace, create_workspace  # noqa: E402


def pytest_configure(config: pytest.Config) -> None:
    """Register the folder markers; refuse to rewrite golden files on CI (they are the reference, not output)."""
    for name in FOLDER_MARKERS:
        config.addinivalue_line("markers", f"{name}: tests in tests/{name}/")
    if os.environ.get("CI") and os.environ.get("FD_UPDATE_GOLDEN") == "1":
        raise pytest.UsageError("FD_UPDATE_GOLDEN=1 rewrites the golden files; it is refused on CI (CI is set).")


def _slow_tests() -> frozenset[str]:
    if not SLOW_LIST.exists():
        return frozenset()
    lines = SLOW_LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test with its folder, and the slow ones as `slow` (run them all on CI; skip with -m "not slow")."""
    slow = _slow_tests()
    for item in items:
        folder = Path(item.path).resolve().relative_to(TESTS).parts[0]
        if folder in FOLDER_MARKERS:
            item.add_marker(getattr(pytest.mark, folder))
        if item.nodeid.split("[")[0] in slow:
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    """A fresh, empty workspace file."""
    ws = create_workspace(tmp_path / "w.fdw")
    yield ws
    ws.close()


@pytest.fixture
def qsettings(tmp_path: Path):  # type: ignore[no-untyped-def]
    """QSettings in an INI file under tmp_path, so tests never touch the real settings."""
    from PySide6.QtCore import QSettings

    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    yield store
    store.sync()


@pytest.fixture(autouse=True)
def no_leaked_windows(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a GUI test that leaves a visible top-level window behind."""
    yield
    if "qtbot" not in request.fixturenames:
        return
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    leaked = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for widget in leaked:
        widget.close()
    assert not leaked, f"windows left open: {[type(w).__name__ for w in leaked]}"


@pytest.fixture(autouse=True)
def trust_the_stand_in_shops(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stand-in shops serve real TLS with a certificate from a CA made for this run; the app's HTTP client
    (requests) trusts it through REQUESTS_CA_BUNDLE, exactly as a user's machine trusts a real shop's CA —
    certificate checks are never turned off. Subprocesses inherit the variable."""
    from fakeshops import ca_bundle

    monkeypatch.setenv("REQUESTS_CA_BUNDLE", ca_bundle())
