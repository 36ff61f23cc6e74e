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
from typing import Any

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
    config.addinivalue_line("markers", "sqlite_only: a test of the workspace file itself, not run on PostgreSQL")
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


#: Which backends the database tests run on (the `db_backend` fixture, which `workspace` uses): both by default;
#: FD_TEST_BACKENDS=sqlite for a quick run on workspace files only. Tests of the file itself (pragmas, its bytes,
#: file backups) carry the `sqlite_only` marker.
def _backends() -> tuple[str, ...]:
    return ("sqlite",) if os.environ.get("FD_TEST_BACKENDS", "") == "sqlite" else ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run a test that uses the `db_backend` (or `workspace`) fixture on each backend (see `_backends`)."""
    if "db_backend" in metafunc.fixturenames and not metafunc.definition.get_closest_marker("sqlite_only"):
        backends = _backends()
        if len(backends) > 1:  # SQLite alone keeps the test ids unparametrised, as they always were
            metafunc.parametrize("db_backend", backends)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Any]:
    """A throwaway PostgreSQL cluster for the whole session (tests/support/pgcluster.py), started on first use.

    Its superuser's password is in PGPASSWORD for the session, as a user's would be, so the app and the
    `main.py` subprocesses find it the way libpq does. A template database at the schema head makes each
    test's fresh database a fast copy."""
    import pgcluster

    cluster = pgcluster.start_cluster()
    saved = os.environ.get("PGPASSWORD")
    os.environ["PGPASSWORD"] = pgcluster.PASSWORD
    try:
        _make_template(cluster)
        yield cluster
    finally:
        if saved is None:
            os.environ.pop("PGPASSWORD", None)
        else:
            os.environ["PGPASSWORD"] = saved
        cluster.stop()


PG_TEMPLATE = "fd_template"


def _make_template(cluster: Any) -> None:
    from app.db import init_team_database

    _admin(cluster, f"CREATE DATABASE {PG_TEMPLATE}")
    workspace, _created = init_team_database(cluster.url(PG_TEMPLATE))
    workspace.close()


def _admin(cluster: Any, *statements: str) -> None:
    """Run statements on the maintenance database, outside a transaction (CREATE/DROP DATABASE need that)."""
    import pgcluster
    import psycopg

    # the password given here, not PGPASSWORD: a test may have changed that (wrong-password tests do)
    with psycopg.connect(cluster.url(), password=pgcluster.PASSWORD, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)  # type: ignore[arg-type]


_database_counter = iter(range(1, 1_000_000))


@pytest.fixture
def pg_database(pg_cluster: Any) -> Iterator[str]:
    """The URL of a new, empty database (no schema), dropped after the test."""
    name = f"fd_test_{next(_database_counter)}"
    _admin(pg_cluster, f"CREATE DATABASE {name}")
    yield pg_cluster.url(name)
    _admin(pg_cluster, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def pg_workspace_url(pg_cluster: Any) -> Iterator[str]:
    """The URL of a new team workspace database at the schema head (a copy of the template), dropped after."""
    name = f"fd_test_{next(_database_counter)}"
    _admin(pg_cluster, f"CREATE DATABASE {name} TEMPLATE {PG_TEMPLATE}")
    yield pg_cluster.url(name)
    _admin(pg_cluster, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def db_backend() -> str:
    """The database backend a test runs on: "sqlite" (a workspace file) or "postgresql" (a team database);
    `pytest_generate_tests` parametrises it over both where the module is ready. (Not `backend`: the keyring
    tests already parametrise a `backend` of their own.)"""
    return "sqlite"


@pytest.fixture
def workspace(db_backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    """A fresh, empty workspace: a file, or a team database on the session's PostgreSQL cluster."""
    if db_backend == "postgresql":
        from app.db import open_workspace

        ws = open_workspace(request.getfixturevalue("pg_workspace_url"))
    else:
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


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace, made once per test module (it draws its pictures: seconds); copy it before changing
    it (`demo_copy` in the integration tests)."""
    from app.services.workspace.demo import create_demo_workspace

    path = tmp_path_factory.mktemp("demo") / "demo.fdw"
    create_demo_workspace(path).close()
    return path
