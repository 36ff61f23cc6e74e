"""Shared test set-up: headless Qt, and every setting, log and data folder redirected to a temp dir."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything imports Qt or platformdirs: no display, no real user folders.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SANDBOX = Path(tempfile.mkdtemp(prefix="fd-tests-"))
for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[variable] = str(_SANDBOX / variable.lower())
os.environ["LANG"] = "en_US.UTF-8"

from app.db import Workspace, create_workspace  # noqa: E402


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
