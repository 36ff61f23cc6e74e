"""Check 3 (reliability.md) and the backup policy: online backups, when they're due, thinning, restoring."""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys
import textwrap
import threading
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from app import sqlite_only
from app.db import WorkspaceDamaged, backup_folder_for, create_workspace, open_workspace
from app.models import Blob, Product, Sku
from app.services.workspace.backups import (
    BackupFile,
    backups_to_keep,
    list_backups,
    needs_backup,
    newest_good_backup,
    restore_backup,
    take_backup,
    thin_backups,
)

ROOT = Path(__file__).resolve().parents[2]
UTC = UTC

WRITER = textwrap.dedent(f"""
    import itertools, sys
    from decimal import Decimal
    from pathlib import Path
    sys.path.insert(0, {str(ROOT)!r})
    from app.db import open_workspace
    from app.models import Product, Sku

    workspace = open_workspace(Path(sys.argv[1]))
    for n in itertools.count():
        with workspace.session() as session:
            product = Product(code=f"busy-{{n}}", name_zh="围巾 🧣", description_en="x" * 2000)
            session.add(product)
            session.flush()
            for i in range(3):
                session.add(Sku(product_id=product.id, code=f"busy-{{n}}-{{i}}", cost=Decimal("12345678901234567.89")))
        if n == 0:
            print("writing", flush=True)
""")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fill(path: Path, products: int = 20, blob_bytes: int = 0) -> None:
    """Put realistic rows (and optionally some megabytes of images) into a workspace."""
    workspace = open_workspace(path)
    try:
        with workspace.session() as session:
            for n in range(products):
                product = Product(code=f"P{n:03d}", name_zh=f"产品 {n} 🧳", name_en=f"Product {n}")
                session.add(product)
                session.flush()
                for i in range(3):
                    session.add(Sku(product_id=product.id, code=f"P{n:03d}-{i}", gtin="0012345678905",
                                    cost=Decimal("12345678901234567.89")))
            rng = random.Random(7)
            for _ in range(blob_bytes // 250_000):
                data = rng.randbytes(250_000)
                session.add(Blob(sha256=hashlib.sha256(data).hexdigest(), data=data, size=len(data)))
    finally:
        workspace.close()


def start_writer(script: Path, workspace: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, str(script), str(workspace)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, cwd=str(ROOT))
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(process.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(timeout=30)
    if not lines or lines[0].strip() != "writing":
        process.kill()
        _, errors = process.communicate(timeout=10)
        raise AssertionError(f"writer did not start: {errors}")
    return process


def assert_sound_backup(backup: Path) -> None:
    """A backup is one self-contained file that passes integrity_check and opens as a workspace."""
    assert sqlite_only.check_file(backup, full=True) == (True, "ok")
    assert not any(p.exists() for p in sqlite_only.companion_files(backup))
    with open(backup, "rb") as handle:
        header = handle.read(20)
    assert header[18:20] == b"\x01\x01", "a backup must not be in WAL mode (it would need a -wal file)"
    copy = backup.with_name("opened-" + backup.name)
    copy.write_bytes(backup.read_bytes())  # open a copy: opening switches the file to WAL
    workspace = open_workspace(copy)
    try:
        with workspace.engine.connect() as connection:
            products = connection.execute(sa.text("SELECT count(*) FROM product")).scalar_one()
            skus = connection.execute(sa.text("SELECT count(*) FROM sku")).scalar_one()
            assert skus == 3 * products  # one consistent snapshot: no half transaction
            assert connection.exec_driver_sql("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        workspace.close()


def no_partial_files(folder: Path) -> bool:
    return not [p for p in folder.rglob("*") if ".partial" in p.name]


# --- backups while a writer is busy ---------------------------------------------------------------

def test_backup_while_a_writer_is_busy(tmp_path: Path) -> None:
    path = tmp_path / "w.fdw"
    create_workspace(path).close()
    fill(path, products=50, blob_bytes=12_000_000)  # a few thousand pages, so copying takes a while
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    folder = tmp_path / "backups"
    writer = start_writer(script, path)
    taken: list[Path] = []
    errors: list[BaseException] = []

    def backup_three_times() -> None:
        try:
            for second in range(3):
                taken.append(take_backup(path, folder, now=datetime(2026, 3, 1, 9, 0, second, tzinfo=UTC)))
        except BaseException as error:  # reported below
            errors.append(error)

    backing_up = threading.Thread(target=backup_three_times)
    try:
        backing_up.start()
        # One consistent read snapshot: a busy writer neither blocks the copy nor restarts it
        # (copying in steps restarted on every commit and never finished while the writer ran).
        backing_up.join(timeout=15)
        finished_while_writing = not backing_up.is_alive()
        assert writer.poll() is None, "the writer must still be writing during the backups"
    finally:
        writer.kill()  # lets a stuck backup finish, so the test fails instead of hanging
        writer.communicate(timeout=10)
        backing_up.join(timeout=60)
    assert not errors, errors
    assert finished_while_writing, "backups did not finish within 15 s while the writer was busy"
    assert [b.path for b in list_backups(folder)] == taken[::-1]
    for backup in taken:
        assert_sound_backup(backup)
        assert sqlite_only.read_application_id(backup) == sqlite_only.APPLICATION_ID
    assert no_partial_files(tmp_path)


def test_failed_backup_leaves_no_partial_file(tmp_path: Path) -> None:
    garbage = tmp_path / "broken.fdw"
    garbage.write_bytes(random.Random(1).randbytes(64 * 1024))
    folder = tmp_path / "backups"
    with pytest.raises(Exception):  # noqa: B017 - any refusal will do; what matters is that nothing is left
        take_backup(garbage, folder, now=datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    assert no_partial_files(tmp_path)
    assert list_backups(folder) == []


@pytest.mark.sqlite_only  # backups of a file are files beside it; a team database: `backup URL -o FILE`
def test_backups_beside_the_workspace_by_default(workspace) -> None:  # type: ignore[no-untyped-def]
    backup = take_backup(workspace.path)
    assert backup.parent == backup_folder_for(workspace.path) == workspace.path.parent / "w-backups"
    assert_sound_backup(backup)
    assert no_partial_files(workspace.path.parent)


# --- when a backup is due ---------------------------------------------------------------------------

def test_needs_backup_only_after_a_change_and_the_interval(tmp_path: Path) -> None:
    path = tmp_path / "w.fdw"
    create_workspace(path).close()
    folder = tmp_path / "backups"
    real_now = datetime.now(UTC).replace(microsecond=0)
    interval = timedelta(minutes=30)
    assert needs_backup(path, folder, real_now, interval)  # no backup yet

    # The workspace last changed two hours ago; a backup was taken an hour ago.
    two_hours_ago = (real_now - timedelta(hours=2)).timestamp()
    for file in (path, *sqlite_only.companion_files(path)):
        if file.exists():
            os.utime(file, (two_hours_ago, two_hours_ago))
    backup_time = real_now - timedelta(hours=1)
    take_backup(path, folder, now=backup_time)
    assert not needs_backup(path, folder, backup_time + timedelta(seconds=1), interval)  # right after
    assert not needs_backup(path, folder, backup_time + timedelta(minutes=45), interval)  # nothing changed
    assert not needs_backup(path, folder, real_now + timedelta(days=3), interval)  # still nothing changed
    assert path.stat().st_mtime == two_hours_ago, "taking a backup must not count as a change"

    fill(path, products=1)  # a change, now
    assert not needs_backup(path, folder, backup_time + timedelta(minutes=29), interval)  # interval not over
    assert needs_backup(path, folder, backup_time + timedelta(minutes=30), interval)
    assert needs_backup(path, folder, real_now + timedelta(seconds=5), interval)

    take_backup(path, folder, now=real_now + timedelta(seconds=5))
    assert not needs_backup(path, folder, real_now + timedelta(hours=2), interval)


# --- thinning -----------------------------------------------------------------------------------------

def synthetic_backups(today: date, days: int, per_day: list[int], rng: random.Random | None = None,
                      share: float = 1.0) -> list[BackupFile]:
    """Backups at the given hours of each day back to `days` ago (a random share of days when rng is given)."""
    found = []
    for age in range(days):
        if rng is not None and age > 1 and rng.random() > share:
            continue
        day = today - timedelta(days=age)
        for hour in per_day:
            taken = datetime(day.year, day.month, day.day, hour, 7, 0, tzinfo=UTC)
            found.append(BackupFile(Path(f"w.backup-{taken:%Y%m%d-%H%M%S}.fdw"), taken))
    return found


def newest_of_day(backups: list[BackupFile]) -> dict[date, datetime]:
    newest: dict[date, datetime] = {}
    for backup in backups:
        day = backup.taken_at.date()
        newest[day] = max(newest.get(day, backup.taken_at), backup.taken_at)
    return newest


def check_policy(backups: list[BackupFile], today: date, *, dense: bool) -> None:
    keep = backups_to_keep(backups, today)
    by_path = {b.path: b for b in backups}
    assert keep <= set(by_path)
    kept = sorted((by_path[p] for p in keep), key=lambda b: b.taken_at, reverse=True)
    yesterday = today - timedelta(days=1)
    newest = newest_of_day(backups)

    todays = [b for b in backups if b.taken_at.date() == today]
    assert all(b.path in keep for b in todays), "every backup from today is kept"
    kept_yesterday = [b for b in kept if b.taken_at.date() == yesterday]
    assert len(kept_yesterday) <= 1
    if yesterday in newest:
        assert [b.taken_at for b in kept_yesterday] == [newest[yesterday]]

    older = [b for b in kept if b.taken_at.date() < yesterday]
    days = [b.taken_at.date() for b in older]
    assert len(days) == len(set(days)), "at most one backup kept per older day"
    for backup in older:
        assert backup.taken_at == newest[backup.taken_at.date()], "the newest of each kept day is the one kept"
    assert len(older) <= 12 + 10 + 9

    daily, weekly, monthly = older[:12], older[12:22], older[22:]
    weeks = [tuple(b.taken_at.date().isocalendar())[:2] for b in weekly]
    assert len(weeks) == len(set(weeks)) and len(weekly) <= 10, "weekly keeps are in different weeks"
    months = [(b.taken_at.year, b.taken_at.month) for b in monthly]
    assert len(months) == len(set(months)) and len(monthly) <= 9, "monthly keeps are in different months"
    if weekly and daily:
        assert weeks[0] != tuple(daily[-1].taken_at.date().isocalendar())[:2]
    if monthly and weekly:
        assert months[0] != (weekly[-1].taken_at.year, weekly[-1].taken_at.month)

    if dense:  # a backup every day: every tier is full and the rest is deleted
        assert len(kept) == len(todays) + 1 + 12 + 10 + 9
        assert [yesterday - timedelta(days=n) for n in range(1, 13)] == [b.taken_at.date() for b in daily]
        # weekly keeps are consecutive weeks, each the newest day of its week not already kept
        for previous, backup in zip([daily[-1], *weekly], weekly, strict=False):
            assert (previous.taken_at.date() - backup.taken_at.date()).days <= 7
        for previous, backup in zip([weekly[-1], *monthly], monthly, strict=False):
            assert (previous.taken_at.date() - backup.taken_at.date()).days <= 31
        oldest = kept[-1].taken_at.date()
        assert (today - oldest).days <= 13 + 10 * 7 + 9 * 31


@pytest.mark.parametrize("offset", range(0, 366, 9))
def test_thinning_policy_on_dense_backups(offset: int) -> None:
    # The calendar matters (where weeks and months begin), so try many different "today"s.
    today = date(2026, 1, 1) + timedelta(days=offset)
    check_policy(synthetic_backups(today, 400, [9, 13, 17]), today, dense=True)


@pytest.mark.parametrize("seed", range(12))
def test_thinning_policy_on_sparse_backups(seed: int) -> None:
    rng = random.Random(seed)
    today = date(2026, 1, 1) + timedelta(days=rng.randrange(366))
    backups = synthetic_backups(today, 400, sorted(rng.sample(range(24), rng.randint(1, 4))), rng,
                                share=rng.choice([0.05, 0.2, 0.5]))
    check_policy(backups, today, dense=False)


def test_thin_backups_on_disk(tmp_path: Path) -> None:
    folder = tmp_path / "w-backups"
    folder.mkdir()
    today = date(2026, 11, 25)
    backups = synthetic_backups(today, 400, [8, 12, 18])
    for backup in backups:
        (folder / backup.path.name).write_bytes(b"x")
    before_migration = folder / "w.before-migration-0001-20250101-120000.fdw"
    before_migration.write_bytes(b"x")
    removed = thin_backups(folder, today)
    left = {p.name for p in folder.iterdir()}
    assert before_migration.name in left, "pre-migration backups are never thinned away"
    assert len(left) == 1 + 3 + 1 + 12 + 10 + 9
    assert len(removed) == len(backups) - (3 + 1 + 12 + 10 + 9)
    assert not any(p.exists() for p in removed)
    kept_days = Counter(datetime.strptime(name.split(".backup-")[1][:15], "%Y%m%d-%H%M%S").date()
                        for name in left if ".backup-" in name)
    assert kept_days[today] == 3
    assert all(count == 1 for day, count in kept_days.items() if day != today)
    for name in left:
        if ".backup-" in name and not name.startswith(f"w.backup-{today:%Y%m%d}"):
            assert "-180700" in name, f"{name}: not the newest of its day"
    # Thinning again changes nothing.
    assert thin_backups(folder, today) == []


# --- restoring ------------------------------------------------------------------------------------

def corrupt(path: Path) -> None:
    """Overwrite the middle of a file with random bytes."""
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(size // 2 // 4096 * 4096)
        handle.write(random.Random(3).randbytes(4096 * 4))


def test_newest_good_backup_skips_a_corrupted_backup(tmp_path: Path) -> None:
    path = tmp_path / "w.fdw"
    create_workspace(path).close()
    fill(path, products=60)
    good = take_backup(path, now=datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    fill(path, products=0)
    bad = take_backup(path, now=datetime(2026, 3, 1, 10, 0, tzinfo=UTC))
    assert newest_good_backup(path) == bad
    corrupt(bad)
    assert sqlite_only.check_file(bad, full=True)[0] is False
    assert newest_good_backup(path) == good
    bad.write_bytes(b"not a database at all" * 100)
    assert newest_good_backup(path) == good
    good.write_bytes(b"")  # an empty file is not a good backup either
    assert newest_good_backup(path) is None


def test_restore_keeps_the_damaged_file_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "w.fdw"
    create_workspace(path).close()
    fill(path, products=200)
    backup = take_backup(path, now=datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    corrupt(path)
    damaged_bytes = sha256(path)
    with pytest.raises(WorkspaceDamaged):
        open_workspace(path)
    assert sha256(path) == damaged_bytes

    found = newest_good_backup(path)
    assert found == backup
    restore_now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    damaged = restore_backup(path, found, now=restore_now)
    assert damaged.exists() and damaged != path
    assert sha256(damaged) == damaged_bytes
    assert backup.exists(), "restoring must not use up the backup"
    assert no_partial_files(tmp_path)

    workspace = open_workspace(path)
    try:
        with workspace.engine.connect() as connection:
            assert connection.execute(sa.text("SELECT count(*) FROM product")).scalar_one() == 200
            assert connection.execute(sa.text("SELECT count(*) FROM sku")).scalar_one() == 600
    finally:
        workspace.close()

    # Damaged again and restored again in the same second: the first damaged file is not lost.
    corrupt(path)
    second_damaged_bytes = sha256(path)
    damaged_again = restore_backup(path, backup, now=restore_now)
    assert damaged_again != damaged
    assert sha256(damaged) == damaged_bytes and sha256(damaged_again) == second_damaged_bytes
    open_workspace(path).close()
