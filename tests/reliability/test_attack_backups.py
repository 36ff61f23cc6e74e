"""Issue #18.5: the backup taken before a destructive step is never thinned away, and retrying a migration
never piles up full copies.

Thinning deleted the "before import" backup — the only copy of a workspace that a GUI bundle import
replaced. Backups taken before a bundle import or a migration now stay until the user removes them. And a
migration that fails — raising, or killed with SIGKILL in the middle — leaves the workspace as it was and
reuses its first backup on the next attempt instead of taking another full copy each time.
"""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from attack_kit import (
    ROOT,
    SCALE,
    Figures,
    count_rows,
    integrity,
    main_window,
    make_workspace,
    record_dialogs,
    run_cli,
)

FIXTURE_REV0001 = ROOT / "tests" / "fixtures" / "workspace_rev0001.fdw"
KILLS = 10 * SCALE


def test_thinning_keeps_the_backup_taken_before_a_gui_bundle_import(qtbot, qsettings, tmp_path: Path,
                                                                     monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from app.db import backup_folder_for
    from app.services.workspace.backups import list_backups, take_backup, thin_backups

    mine = make_workspace(tmp_path / "factory.fdw", 5, "MINE")
    other = make_workspace(tmp_path / "other" / "theirs.fdw", 3, "THEIRS")
    zip_path = tmp_path / "theirs.zip"
    assert run_cli("bundle", "export", other, "-o", zip_path).returncode == 0
    with main_window(qsettings) as window:
        record_dialogs(monkeypatch, {"question": QMessageBox.StandardButton.Yes})  # import? yes; replace? yes
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(zip_path), ""))
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(mine), ""))
        window.bundles.import_()
        qtbot.waitUntil(lambda: window.services is not None, timeout=20000)
    assert count_rows(mine) == 3, "the bundle replaced the workspace"
    folder = backup_folder_for(mine)
    [before_import] = [b.path for b in list_backups(folder) if "before-import" in b.path.name]

    # Life goes on: a newer backup the same day, then a year of thinning.
    now = datetime.now(UTC)
    take_backup(mine, folder, now=now + timedelta(minutes=1))
    for days in (2, 9, 40, 400):
        thin_backups(folder, (now + timedelta(days=days)).date())
        assert before_import.exists(), f"thinned away after {days} days"
    assert count_rows(before_import) == 5 and integrity(before_import) == "ok"


SLOW_REVISION = '''
from alembic import op
import sqlalchemy as sa

revision = "9000_slow"
down_revision = {head!r}
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("DELETE FROM audit_entry")
    op.execute("UPDATE product SET name_en = 'half-migrated'")
    import time
    print("migrating", flush=True)
    time.sleep(120)


def downgrade() -> None:
    pass
'''

ATTEMPT = textwrap.dedent("""
    import sys
    from pathlib import Path
    sys.path.insert(0, {root!r})
    import app.db
    app.db.MIGRATIONS_DIR = Path(sys.argv[2])
    app.db.SCHEMA_REVISION = "9000_slow"
    app.db.open_workspace(Path(sys.argv[1]), backup_dir=Path(sys.argv[3]))
""")


def _slow_migrations(tmp_path: Path) -> Path:
    import shutil

    from app.db import MIGRATIONS_DIR, head_revision

    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "9000_slow.py").write_text(SLOW_REVISION.format(head=head_revision()), encoding="utf-8")
    return folder


def _start_attempt(script: Path, path: Path, migrations: Path, backups: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, str(script), str(path), str(migrations), str(backups)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(process.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(timeout=60)
    if not lines or lines[0].strip() != "migrating":
        process.kill()
        raise AssertionError(f"the migration did not start: {process.communicate(timeout=10)[1]}")
    return process


def test_killed_migrations_keep_one_backup_and_lose_nothing(tmp_path: Path) -> None:
    import shutil

    from app import sqlite_only
    from app.db import head_revision, open_workspace

    figures = Figures("migration killed with SIGKILL")
    path = tmp_path / "old.fdw"
    shutil.copyfile(FIXTURE_REV0001, path)
    products = count_rows(path)
    migrations, backups = _slow_migrations(tmp_path), tmp_path / "backups"
    script = tmp_path / "attempt.py"
    script.write_text(ATTEMPT.format(root=str(ROOT)), encoding="utf-8")
    rng = random.Random()
    for kill in range(KILLS):
        process = _start_attempt(script, path, migrations, backups)
        time.sleep(rng.uniform(0, 0.2))
        process.kill()
        process.communicate(timeout=10)
        figures.kills += 1
        assert sqlite_only.check_file(path) == (True, "ok"), f"after kill {kill}"
        assert sqlite_only.read_alembic_revision(path) == "0001", "a killed migration rolls back completely"
        copies = sorted(p.name for p in backups.iterdir())
        assert len(copies) == 1, f"kill {kill}: {copies}"
        figures.kills_survived += 1
    workspace = open_workspace(path, backup_dir=backups)  # the real migration now runs to the end
    try:
        assert workspace.migrated_from == "0001" and workspace.revision() == head_revision()
        assert workspace.pre_migration_backup is not None and workspace.pre_migration_backup.parent == backups
    finally:
        workspace.close()
    assert len(list(backups.iterdir())) == 1, "one backup for every attempt, kept"
    assert count_rows(path) == products and integrity(path) == "ok"
    backup = next(backups.iterdir())
    assert sqlite_only.read_alembic_revision(backup) == "0001" and count_rows(backup) == products
    figures.report()


def test_backups_before_destructive_steps_are_never_thinned(tmp_path: Path) -> None:
    """The policy itself, for every name such a backup gets."""
    from app.services.workspace.backups import thin_backups

    folder = tmp_path / "w-backups"
    folder.mkdir()
    today = date(2026, 11, 25)
    kept = ["w.before-import-20250101-120000.fdw", "w.before-import-20250101-120000-1.fdw",
            "w.before-migration-0001-20250101-120000.fdw", "w.before-import-20260101-090000-a1b2c3.fdw"]
    for name in kept:
        (folder / name).write_bytes(b"x")
    for day in range(400):
        taken = datetime(2026, 11, 25, 18, 0, tzinfo=UTC) - timedelta(days=day)
        (folder / f"w.backup-{taken:%Y%m%d-%H%M%S}.fdw").write_bytes(b"x")
    thin_backups(folder, today)
    assert all((folder / name).exists() for name in kept)


def test_failed_migration_attempts_do_not_pile_up_copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A migration that raises halfway — the first time and on every retry: one backup, the file unchanged."""
    import shutil

    import app.db
    from app.db import open_workspace

    migrations = _slow_migrations(tmp_path)
    slow = migrations / "versions" / "9000_slow.py"
    slow.write_text(slow.read_text(encoding="utf-8").replace("import time", "raise RuntimeError('boom')"),
                    encoding="utf-8")
    monkeypatch.setattr(app.db, "MIGRATIONS_DIR", migrations)
    monkeypatch.setattr(app.db, "SCHEMA_REVISION", "9000_slow")
    path = tmp_path / "old.fdw"
    shutil.copyfile(FIXTURE_REV0001, path)
    for attempt in range(3):
        if attempt:
            time.sleep(1.05)  # a user retrying a moment later: backups are named to the second
        with pytest.raises(Exception, match="boom") as caught:
            open_workspace(path, backup_dir=tmp_path / "backups")
        assert len(list((tmp_path / "backups").iterdir())) == 1
    assert count_rows(path) == 3 and integrity(path) == "ok"
    assert type(caught.value).__name__ == "WorkspaceMigrationFailed", "a one-line reason, not a bare RuntimeError"
