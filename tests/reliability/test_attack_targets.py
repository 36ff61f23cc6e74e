"""Issue #18.2: a backup or a bundle never lands on a workspace by accident.

`backup A -o B` silently replaced an existing workspace B — and with B's `-wal` beside it, SQLite then
replayed B's journal into A's pages; `bundle export -o B.fdw` overwrote a workspace with a zip. An existing
target is refused (exit 2) unless `--force`; the workspace itself, and a target with a -wal/-shm beside it,
are refused even then.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from attack_kit import (
    Figures,
    assert_one_line_failure,
    count_rows,
    integrity,
    make_workspace,
    read_only_uri,
    run_cli,
    sha256,
)

KEEPER = textwrap.dedent("""
    import sqlite3, sys, time
    from pathlib import Path
    # A second program with the workspace open: its last commits are still in the -wal, not yet in the file.
    connection = sqlite3.connect(Path(sys.argv[1]).resolve().as_uri(), uri=True)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA wal_autocheckpoint=0")
    connection.execute("CREATE TABLE IF NOT EXISTS kept (n INTEGER)")
    connection.executemany("INSERT INTO kept VALUES (?)", [(n,) for n in range(40)])
    connection.commit()
    print("open", flush=True)
    time.sleep(float(sys.argv[2]))
""")


def keep_open(path: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-c", KEEPER, str(path), "120"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(process.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(timeout=30)
    assert lines and lines[0].strip() == "open", process.stderr.read() if process.stderr else ""
    return process


def state(path: Path) -> tuple[str, ...]:
    """The bytes of a file and of its -wal/-shm (what a refused write must leave alone)."""
    return tuple(sha256(p) if p.exists() else "-" for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")))


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """Workspace A (3 products) and another, different workspace B (7 products)."""
    return make_workspace(tmp_path / "A.fdw", 3, "A"), make_workspace(tmp_path / "B.fdw", 7, "B")


def test_backup_never_replaces_an_existing_file_without_force(pair: tuple[Path, Path], tmp_path: Path) -> None:
    figures = Figures("backup -o onto an existing file")
    a, b = pair
    note = tmp_path / "notes.txt"
    note.write_text("the user's notes", encoding="utf-8")
    for target in (b, note):
        before = state(target)
        result = run_cli("backup", a, "-o", target)
        figures.inputs_tried += 1
        assert_one_line_failure(result, 2, "exists", "--force")
        figures.bytes_lost += 0 if state(target) == before else target.stat().st_size
        assert state(target) == before
    assert count_rows(b) == 7
    result = run_cli("backup", a, "-o", b, "--force")  # asked for: B becomes a backup of A
    figures.inputs_tried += 1
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(b)
    assert count_rows(b) == 3 and integrity(b) == "ok"
    figures.report()
    assert figures.bytes_lost == 0


def test_backup_never_lands_where_a_workspace_journal_lies(pair: tuple[Path, Path]) -> None:
    """B is open in another program with commits only in B-wal: even --force must not put a backup there."""
    figures = Figures("backup -o onto a live workspace")
    a, b = pair
    keeper = keep_open(b)
    try:
        assert Path(f"{b}-wal").stat().st_size > 0
        before = state(b)
        for extra, said in (((), "exists"), (("--force",), "-wal")):
            result = run_cli("backup", a, "-o", b, *extra)
            figures.inputs_tried += 1
            assert_one_line_failure(result, 2, said)
            assert state(b) == before
    finally:
        keeper.kill()
        keeper.communicate(timeout=10)
    # B, with the commits from its journal, is intact: its 7 products and the other program's 40 rows.
    connection = sqlite3.connect(Path(b).resolve().as_uri(), uri=True)
    try:
        assert connection.execute("SELECT count(*) FROM product").fetchone()[0] == 7
        assert connection.execute("SELECT count(*) FROM kept").fetchone()[0] == 40
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        connection.close()
    figures.report()


def test_a_stale_journal_without_its_file_is_not_a_target(pair: tuple[Path, Path], tmp_path: Path) -> None:
    """Someone deleted W but not W-wal: a new file there would get the old journal replayed into it."""
    a, _b = pair
    target = tmp_path / "gone.fdw"
    Path(f"{target}-wal").write_bytes(b"\x37\x7f\x06\x82" + b"\0" * 28)
    for args in (("backup", a, "-o", target, "--force"), ("demo", target)):
        assert_one_line_failure(run_cli(*args), 2, "-wal")
        assert not target.exists()


def test_backup_onto_the_workspace_itself_is_refused(pair: tuple[Path, Path], tmp_path: Path) -> None:
    a, _b = pair
    before = state(a)
    for args in (("backup", a, "-o", a, "--force"), ("backup", a, "-o", tmp_path / "." / "A.fdw", "--force")):
        assert_one_line_failure(run_cli(*args), 2, "itself")
    assert state(a) == before
    assert count_rows(a) == 3


def test_bundle_export_never_replaces_a_workspace_without_force(pair: tuple[Path, Path]) -> None:
    figures = Figures("bundle export -o onto a workspace")
    a, b = pair
    before = state(b)
    result = run_cli("bundle", "export", a, "-o", b)
    figures.inputs_tried += 1
    assert_one_line_failure(result, 2, "exists")
    assert state(b) == before and count_rows(b) == 7
    assert_one_line_failure(run_cli("bundle", "export", a, "-o", a, "--force"), 2, "itself")
    figures.inputs_tried += 1
    assert count_rows(a) == 3
    keeper = keep_open(b)
    try:
        before = state(b)
        result = run_cli("bundle", "export", a, "-o", b, "--force")
        figures.inputs_tried += 1
        assert_one_line_failure(result, 2, "-wal")
        assert state(b) == before
    finally:
        keeper.kill()
        keeper.communicate(timeout=10)
    zip_path = b.with_name("B.zip")
    zip_path.write_bytes(b"an old bundle")
    result = run_cli("bundle", "export", a, "-o", zip_path, "--force")
    figures.inputs_tried += 1
    assert result.returncode == 0, result.stderr
    assert zip_path.read_bytes()[:2] == b"PK"
    figures.report()


def test_gui_export_onto_the_open_workspace_is_refused(qtbot, qsettings, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The save dialog's "replace?" answered yes, with the open workspace chosen: still refused."""
    from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

    from app.bootstrap import apply_look, default_openers
    from app.views.kit.i18n import install_translators
    from app.views.kit.settings import AppSettings
    from app.views.kit.tasks import TaskRunner
    from app.views.shell.main_window import MainWindow

    install_translators(QApplication.instance(), "en")
    apply_look(QApplication.instance())
    path = make_workspace(tmp_path / "open.fdw", 4)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    tasks = TaskRunner()
    window = MainWindow(default_openers(), AppSettings(qsettings), tasks)
    try:
        assert window.open_workspace(path)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
        window.export_bundle_action.trigger()
        assert tasks.wait()
        qtbot.waitUntil(lambda: bool(shown), timeout=5000)
        assert "itself" in shown[0]
        assert window.services.products.product_id_for_code("P00000") is not None
    finally:
        window.close_workspace()
        tasks.wait()
        window.close()
        window.deleteLater()
    assert integrity(path) == "ok" and count_rows(path) == 4
    assert sqlite3.connect(read_only_uri(path), uri=True).execute("PRAGMA application_id").fetchone()[0] != 0
