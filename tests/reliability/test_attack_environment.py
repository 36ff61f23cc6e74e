"""Issue #18.3: in use, read-only and disk full are not "damaged".

A locked file, a read-only folder and a full disk used to be reported as damaged, and the GUI offered the
newest backup: taken, it replaced a healthy workspace with a small old backup and renamed the good file
`*.damaged-*`. Now: *in use* says who holds it and can be retried, *cannot write here* opens read-only and
says so, *disk full* says so — a restore is offered only for real damage, and no file that passed its check
is ever renamed. Every one of them is one line on the command line (exit 1 for a failed job, 2 for input
that can't be used), never a traceback.
"""

from __future__ import annotations

import errno
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from attack_kit import (
    Figures,
    assert_one_line_failure,
    catalogue_csv,
    count_rows,
    full_disk,
    integrity,
    lock_held,
    main_window,
    make_workspace,
    read_only_folder,
    record_dialogs,
    run_cli,
)

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_REV0001 = ROOT / "tests" / "fixtures" / "workspace_rev0001.fdw"


def damaged_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if ".damaged-" in p.name)


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough rows that importing them needs far more room than a full disk has left."""
    return catalogue_csv(tmp_path_factory.mktemp("csv"), products=1500, prefix="BIG")


@pytest.fixture
def healthy_with_old_backup(tmp_path: Path) -> Path:
    """The attacker's set-up, scaled down: a healthy 60-product workspace whose newest backup holds 4."""
    from app.services.workspace.backups import take_backup

    path = make_workspace(tmp_path / "shop.fdw", 4)
    take_backup(path, now=datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    _add_products(path, 56)
    return path


def _add_products(path: Path, count: int) -> None:
    from decimal import Decimal

    from app.db import open_workspace
    from app.models import Product, Sku

    workspace = open_workspace(path)
    try:
        with workspace.session() as session:
            for n in range(count):
                product = Product(code=f"NEW{n:04d}", name_zh=f"新品 {n}", name_en=f"New {n}")
                session.add(product)
                session.flush()
                session.add(Sku(product_id=product.id, code=f"NEW{n:04d}-1", cost=Decimal("1.00")))
    finally:
        workspace.close()


# --- in use -----------------------------------------------------------------------------------------------

def test_a_locked_workspace_is_in_use_not_damaged(healthy_with_old_backup: Path, tmp_path: Path) -> None:
    figures = Figures("lock held by another process")
    path = healthy_with_old_backup
    csv = catalogue_csv(tmp_path, 3)
    with lock_held(path) as holder:
        for args, status in ((("check", path), 1), (("import", path, csv), 1), (("backup", path), 1)):
            result = run_cli(*args)
            figures.inputs_tried += 1
            line = assert_one_line_failure(result, status, "in use")
            assert f"process {holder.pid}" in line, line
            assert "damaged" not in line
    assert count_rows(path) == 60 and integrity(path) == "ok"
    assert damaged_files(tmp_path) == []
    figures.report()


def test_gui_offers_retry_for_a_locked_workspace_never_a_restore(qtbot, qsettings, healthy_with_old_backup: Path,
                                                                  tmp_path: Path,
                                                                 monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    path = healthy_with_old_backup
    with main_window(qsettings) as window, lock_held(path) as holder:
        dialogs = record_dialogs(monkeypatch, {"warning": QMessageBox.StandardButton.Cancel,
                                               "question": QMessageBox.StandardButton.Yes})
        assert window.open_workspace(path) is False
        assert dialogs.kinds() == ["warning"], dialogs.asked
        assert f"process {holder.pid}" in dialogs.asked[0][1]

        def release_and_retry() -> QMessageBox.StandardButton:
            holder.kill()
            holder.communicate(timeout=10)
            return QMessageBox.StandardButton.Retry

        dialogs = record_dialogs(monkeypatch,
                                 {"warning": release_and_retry, "question": QMessageBox.StandardButton.Yes})
        assert window.open_workspace(path) is True
        assert dialogs.kinds() == ["warning"], "one retry, and never the restore question"
        assert window.services.products.product_id_for_code("NEW0055") is not None
    assert count_rows(path) == 60
    assert damaged_files(tmp_path) == []


def test_restore_refuses_to_rename_a_file_that_passes_its_check(healthy_with_old_backup: Path, tmp_path: Path) -> None:
    """Even asked directly, the restore re-checks first: a healthy file (or a locked one) is never renamed."""
    from app.services.workspace.backups import newest_good_backup, restore_backup

    path = healthy_with_old_backup
    backup = newest_good_backup(path)
    assert backup is not None
    with pytest.raises(Exception) as healthy:
        restore_backup(path, backup)
    with lock_held(path), pytest.raises(Exception) as locked:
        restore_backup(path, backup)
    assert count_rows(path) == 60 and damaged_files(tmp_path) == []
    assert (type(healthy.value).__name__, type(locked.value).__name__) == ("NotDamaged", "WorkspaceInUse")


# --- cannot write here ---------------------------------------------------------------------------------------

def test_a_read_only_folder_opens_read_only(tmp_path: Path, big_csv: Path, monkeypatch,
                                            capsys) -> None:  # type: ignore[no-untyped-def]
    figures = Figures("read-only folder")
    seed = make_workspace(tmp_path / "shop.fdw", 5)
    old = tmp_path / "old.fdw"
    shutil.copyfile(FIXTURE_REV0001, old)
    with read_only_folder(tmp_path, [seed, old]) as env:
        figures.notes.append(f"environment: {env.kind}")
        if env.kind == "none":
            _simulated_erofs(env.folder, big_csv, monkeypatch, capsys)
            figures.inputs_tried += 2
            figures.notes.append("simulated EROFS (no mount, no chattr here)")
        else:
            _read_only_commands(env.folder, big_csv, figures)
    figures.report()


def _read_only_commands(folder: Path, csv: Path, figures: Figures) -> None:
    shop, old = folder / "shop.fdw", folder / "old.fdw"
    for args in (("check", shop), ("list", shop, "--json"), ("export-catalogue", shop, "-o", folder.parent / "o.csv")):
        result = run_cli(*args)
        figures.inputs_tried += 1
        assert result.returncode == 0, (args, result.stderr)
    for args, words in ((("import", shop, csv), ("read-only",)), (("list", old), ("updating", "copy")),
                        (("backup", shop, "-o", folder / "copy.fdw"), ("can't write",)),
                        (("demo", folder / "new.fdw"), ("can't write",))):
        figures.inputs_tried += 1
        assert_one_line_failure(run_cli(*args), 2, *words)
    assert count_rows(shop) == 5
    assert sorted(p.name for p in folder.iterdir()) == ["old.fdw", "shop.fdw"]


def _simulated_erofs(folder: Path, csv: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """No way to make a folder read-only here: the write probe meets EROFS as read-only media would give it,
    and everything after that is real — a read-only SQLite connection, a real write refused by SQLite."""
    from app import cli, sqlite_only

    real_write_trouble = sqlite_only.write_trouble

    def erofs(path: Path) -> sqlite_only.Trouble | None:
        if Path(path).parent == folder:
            return sqlite_only._os_trouble(OSError(errno.EROFS, "Read-only file system"))
        return real_write_trouble(path)

    monkeypatch.setattr(sqlite_only, "write_trouble", erofs)
    assert cli.main(["list", str(folder / "shop.fdw")]) == 0
    assert cli.main(["--lang", "en", "import", str(folder / "shop.fdw"), str(csv)]) == 2
    assert "read-only" in capsys.readouterr().err
    assert count_rows(folder / "shop.fdw") == 5


def test_gui_opens_a_read_only_workspace_read_only_and_says_so(qtbot, qsettings, tmp_path: Path,
                                                               monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seed = make_workspace(tmp_path / "shop.fdw", 5)
    with read_only_folder(tmp_path, [seed]) as env, main_window(qsettings) as window:
        if env.kind == "none":  # the simulated EROFS of the test above
            from app import sqlite_only

            monkeypatch.setattr(sqlite_only, "write_trouble", lambda _p: sqlite_only.Trouble.READ_ONLY)
        dialogs = record_dialogs(monkeypatch)
        path = env.folder / "shop.fdw"
        assert window.open_workspace(path) is True
        assert dialogs.asked == [], "no question, no restore: it just opens read-only"
        assert "read-only" in window.windowTitle()
        assert "read-only" in window.statusBar().currentMessage()
        from app.db import WorkspaceReadOnly

        with pytest.raises(WorkspaceReadOnly):
            window.services.factory.save_profile({"name_zh": "改不了"})
        assert window.services.products.product_id_for_code("P00004") is not None
        print(f"[attack] GUI read-only folder: environment {env.kind}")


# --- disk full ------------------------------------------------------------------------------------------------

def test_a_full_disk_is_said_plainly_and_loses_nothing(tmp_path: Path, big_csv: Path) -> None:
    figures = Figures("full disk")
    seed = make_workspace(tmp_path / "shop.fdw", 40)
    with full_disk(tmp_path, [seed], room_kib=64) as env:
        figures.notes.append(f"environment: {env.kind}")
        path = env.folder / "shop.fdw"
        for args, limit in ((("import", path, big_csv), env.preexec), (("backup", path), env.copy_preexec)):
            result = run_cli(*args, preexec=limit)
            figures.inputs_tried += 1
            assert_one_line_failure(result, 1, "disk is full")
        assert count_rows(path) == 40 and integrity(path) == "ok"
        figures.bytes_lost += 0 if count_rows(path) == 40 else 1
        assert not [p for p in env.folder.rglob("*") if ".partial" in p.name]
        (env.folder / ".filler").unlink(missing_ok=True)
        if env.preexec is None:  # room again: the same import now works
            result = run_cli("import", path, big_csv)
            assert result.returncode == 0, result.stderr
            assert count_rows(path) == 40 + 1500
    figures.report()


def test_a_disk_with_no_room_at_all_opens_read_only(qtbot, qsettings, tmp_path: Path, big_csv: Path,
                                                     monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Not even room for the -shm index: the workspace still opens (read-only, immutable), never 'damaged'."""
    seed = make_workspace(tmp_path / "shop.fdw", 6)
    from app.services.workspace.backups import take_backup

    take_backup(seed, now=datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    with full_disk(tmp_path, [seed], room_kib=0) as env:
        path = env.folder / "shop.fdw"
        result = run_cli("list", path, "--json", preexec=env.preexec)
        assert result.returncode == 0, result.stderr
        assert_one_line_failure(run_cli("import", path, big_csv, preexec=env.preexec), 1, "disk is full")
        if env.preexec is None:
            with main_window(qsettings) as window:
                dialogs = record_dialogs(monkeypatch, {"question": lambda: pytest.fail("restore offered")})
                assert window.open_workspace(path) is True
                assert dialogs.asked == []
                assert "read-only" in window.windowTitle()
                assert "disk is full" in window.statusBar().currentMessage()
        assert count_rows(path) == 6 and damaged_files(env.folder) == []
        print(f"[attack] no room at all: environment {env.kind}")


# --- files that aren't (this version's) workspaces -------------------------------------------------------------

def _foreign_sqlite(path: Path) -> Path:
    import sqlite3

    connection = sqlite3.connect(path)
    connection.executescript("""
        CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);
        INSERT INTO alembic_version VALUES ('ae1027a6acf');
        CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
        INSERT INTO notes (body) VALUES ('another app''s data');
    """)
    connection.commit()
    connection.close()
    return path


def _our_id_wrong_tables(path: Path) -> Path:
    import sqlite3

    from app.sqlite_only import APPLICATION_ID

    _foreign_sqlite(path)
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA application_id={APPLICATION_ID}")
    connection.execute("UPDATE alembic_version SET version_num = '0004'")
    connection.commit()
    connection.close()
    return path


def _newer(path: Path) -> Path:
    import sqlite3

    make_workspace(path, 2)
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.commit()
    connection.close()
    return path


@pytest.mark.parametrize(("make", "check_status", "words"), [
    (_foreign_sqlite, 1, ("not a factory direct workspace",)),
    (_our_id_wrong_tables, 1, ("not a factory direct workspace", "tables missing")),
    (_newer, 0, ("newer",)),
])
def test_other_files_get_one_line_and_are_never_changed(tmp_path: Path, make,
                                                        check_status: int,  # type: ignore[no-untyped-def]
                                                         words: tuple[str, ...]) -> None:
    from attack_kit import sha256

    figures = Figures(f"not this version's workspace: {make.__name__}")
    path = make(tmp_path / "other.fdw")
    before = sha256(path)
    csv = catalogue_csv(tmp_path, 2)
    result = run_cli("check", path)
    figures.inputs_tried += 1
    if check_status:
        assert_one_line_failure(result, check_status, *words)
    else:
        assert result.returncode == 0 and all(w in result.stdout.lower() for w in words), result.stdout
    expected = ("update",) if make is _newer else ("not a factory direct workspace",)
    for args in (("list", path), ("import", path, csv), ("export-catalogue", path, "-o", tmp_path / "x.csv"),
                 ("lint", path, "--json"), ("pack", path, "--all", "--platform", "tmall", "-o", tmp_path / "p"),
                 ("bundle", "import", tmp_path / "nope.zip", "-o", path)):
        result = run_cli(*args)
        figures.inputs_tried += 1
        if args[0] == "bundle":
            assert_one_line_failure(result, 2)
        else:
            assert_one_line_failure(result, 2, *expected)
    assert sha256(path) == before, "no command may change (or migrate) it"
    assert not [p for p in tmp_path.rglob("*before-migration*")], "nothing was migrated, so nothing backed up"
    figures.report()
