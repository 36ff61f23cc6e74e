"""Issue #18.1: a file name is a name. `%20`, `?`, `#`, `&`, `file:`… must reach the file they spell.

The database URL used to be built from the raw path: `import "shop%20v2.fdw"` exited 0 and wrote into
`shop v2.fdw`, and `x?mode=ro.fdw` created a stray `x`, while the health check read the real file. Every
command, and the GUI's new/open, must write exactly the file named and nothing else.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from attack_kit import (
    Figures,
    catalogue_csv,
    count_rows,
    integrity,
    main_window,
    make_workspace,
    record_dialogs,
    run_cli,
)

#: Names that mean something to a URL parser or to SQLite's own URI syntax (USE_URI is compiled in here).
HOSTILE_NAMES = [
    "shop%20v2.fdw",
    "x?mode=ro.fdw",
    "a#b.fdw",
    "p%3Fq=1&mode=memory.fdw",
    "file:rel.fdw",
    "100%.fdw",
    "x?vfs=unix-none&immutable=1.fdw",
    "名字 带空格;%2e.fdw",
]


def _files(folder: Path) -> set[str]:
    """The names in `folder`, less the -wal/-shm index a read-only check (or this test's own read) may leave
    beside a WAL-mode file: those belong to the file they name."""
    return {p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm"))}


@pytest.fixture(scope="module")
def csv_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return catalogue_csv(tmp_path_factory.mktemp("csv"), products=6, prefix="IMP")


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_every_command_writes_exactly_the_file_named(tmp_path: Path, csv_file: Path, name: str) -> None:
    figures = Figures(f"path {name!r}")
    folder = tmp_path / "work"
    folder.mkdir()
    make_workspace(folder / name, products=3)
    before = _files(folder)

    # Relative names, as a user types them in the shell (cwd = the folder).
    for args in (("check", name), ("list", name, "--json"), ("import", name, str(csv_file)), ("list", name)):
        result = run_cli(*args, cwd=folder)
        figures.inputs_tried += 1
        assert result.returncode == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert count_rows(folder / name) == 3 + 6, "the import must land in the file named"
    assert _files(folder) == before, f"stray files: {_files(folder) - before}"
    assert integrity(folder / name) == "ok"

    # Absolute names, and the other writers: backup, export, bundle.
    backup = folder / ("copy of " + name)
    zip_path = folder / (name + ".zip")
    imported = folder / ("imported " + name)
    exported = folder / (name + ".csv")
    for args in (("backup", folder / name, "-o", backup), ("export-catalogue", folder / name, "-o", exported),
                 ("bundle", "export", folder / name, "-o", zip_path), ("bundle", "import", zip_path, "-o", imported)):
        result = run_cli(*args, cwd=tmp_path)
        figures.inputs_tried += 1
        assert result.returncode == 0, (args, result.stderr)
    assert count_rows(backup) == count_rows(imported) == 9
    assert _files(folder) == before | {backup.name, zip_path.name, imported.name, exported.name}
    figures.report()


def test_demo_on_a_percent_name_creates_that_file(tmp_path: Path) -> None:
    """The issue's example: `demo "shop%20v2.fdw"` made `shop v2.fdw`."""
    result = run_cli("demo", "shop%20v2.fdw", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert _files(tmp_path) == {"shop%20v2.fdw"}
    assert count_rows(tmp_path / "shop%20v2.fdw") >= 3
    result = run_cli("demo", "x?mode=ro.fdw", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert _files(tmp_path) == {"shop%20v2.fdw", "x?mode=ro.fdw"}, "no stray 'x'"


def test_a_name_that_decodes_to_another_workspace_never_touches_it(tmp_path: Path, csv_file: Path) -> None:
    """`shop%20v2.fdw` and `shop v2.fdw` side by side: writing one leaves the other byte for byte."""
    decoy = make_workspace(tmp_path / "shop v2.fdw", products=2, prefix="DECOY")
    decoy_bytes = decoy.read_bytes()
    target = make_workspace(tmp_path / "shop%20v2.fdw", products=2)
    result = run_cli("import", target.name, csv_file, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert decoy.read_bytes() == decoy_bytes
    assert count_rows(target) == 8


@pytest.mark.parametrize("name", HOSTILE_NAMES[:4])
def test_gui_new_and_open_use_the_file_named(qtbot, qsettings, tmp_path: Path, name: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    with main_window(qsettings) as window:
        dialogs = record_dialogs(monkeypatch)
        assert window.new_workspace(path), dialogs.asked
        window.services.factory.save_profile({"name_zh": "名字工厂"})
        window.close_workspace()
        assert window.open_workspace(path), dialogs.asked
        assert window.services.factory.load_profile().name_zh == "名字工厂"
        window.close_workspace()
        assert dialogs.asked == []
    assert {p.name for p in tmp_path.iterdir() if not p.name.endswith(".ini")} == {name}
    assert integrity(path) == "ok"
