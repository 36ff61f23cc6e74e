"""Automatic backups: online backup API, only when something changed, thinned over time.

Kept: every backup from today and yesterday's newest, then the newest of each of 12 more days,
10 weeks and 9 months. Backups taken before a destructive step (`<stem>.before-migration-…`,
`<stem>.before-import-…`: the only copy of what a migration or a bundle import replaced) are never
thinned; they stay until the user removes them. A backup is a plain workspace file that opens like any other.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from app import postgres_only, sqlite_only
from app.db import (
    KEPT_UNTIL_REMOVED,
    BackupTargetRefused,
    WorkspaceDamaged,
    WorkspaceError,
    WorkspaceExists,
    backup_folder_for,
)
from app.models.bilingual import Bilingual

BACKUP_PATTERN = re.compile(r"\.backup-(\d{8}-\d{6})")
DEFAULT_INTERVAL = timedelta(minutes=30)


@dataclass(frozen=True)
class BackupFile:
    """One backup on disk and when it was taken (UTC)."""

    path: Path
    taken_at: datetime


def list_backups(folder: Path) -> list[BackupFile]:
    """Backups in `folder`, newest first (pre-migration backups included)."""
    if not folder.is_dir():
        return []
    found = []
    for candidate in folder.iterdir():
        if candidate.name.endswith(".partial") or not candidate.is_file():
            continue
        taken = _taken_at(candidate)
        if taken is not None:
            found.append(BackupFile(candidate, taken))
    return sorted(found, key=lambda backup: backup.taken_at, reverse=True)


def _taken_at(path: Path) -> datetime | None:
    match = BACKUP_PATTERN.search(path.name) or re.search(r"-(\d{8}-\d{6})", path.name)
    if not match:
        return None
    return datetime.strptime(match.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=UTC)


def last_modified(workspace: Path) -> datetime:
    """When the workspace last changed: the newest of the file and its WAL."""
    times = [p.stat().st_mtime for p in [workspace, *sqlite_only.companion_files(workspace)] if p.exists()]
    return datetime.fromtimestamp(max(times), tz=UTC)


def needs_backup(workspace: Path, folder: Path, now: datetime, interval: timedelta = DEFAULT_INTERVAL) -> bool:
    """True when something changed since the newest backup and that backup is older than `interval`."""
    backups = list_backups(folder)
    if not backups:
        return True
    newest = backups[0].taken_at
    changed_since = last_modified(workspace) > newest
    return changed_since and now - newest >= interval


def take_backup(workspace: Path, folder: Path | None = None, now: datetime | None = None) -> Path:
    """Take an online backup now and return its path. For a team workspace (its URL, possibly as a Path):
    a consistent snapshot of the database as a workspace file, in a folder under the user's data dir."""
    now = now or datetime.now(UTC)
    if postgres_only.is_url(workspace):
        return _team_snapshot(postgres_only.url_of(workspace), folder, now)
    folder = folder or backup_folder_for(workspace)
    target = folder / f"{workspace.stem}.backup-{now:%Y%m%d-%H%M%S}{workspace.suffix}"
    sqlite_only.online_backup(workspace, target)
    return target


#: How many periods of each kind keep their newest backup, after today's and yesterday's.
KEEP_TIERS = (("day", 12), ("week", 10), ("month", 9))


def backups_to_keep(backups: list[BackupFile], today: date) -> set[Path]:
    """Which backups the thinning policy keeps (today all; yesterday, 12 daily, 10 weekly, 9 monthly newest).

    Tiers follow each other: newest first, a daily keep is the newest backup of a day older than
    yesterday; once 12 days are kept, a weekly keep is the newest backup of an ISO week other
    than the previous keep's; then the same for 9 months. Each kept backup is the newest of its day.
    """
    newest_first = sorted(backups, key=lambda b: b.taken_at, reverse=True)
    yesterday = today - timedelta(days=1)
    keep = {b.path for b in newest_first if b.taken_at.date() >= today}  # today (or a clock set ahead)
    last_kept: date | None = None
    for backup in newest_first:
        if backup.taken_at.date() == yesterday:
            keep.add(backup.path)
            last_kept = yesterday
            break
    older = [b for b in newest_first if b.taken_at.date() < yesterday]
    position = 0
    for period, count in KEEP_TIERS:
        while count and position < len(older):
            backup = older[position]
            position += 1
            day = backup.taken_at.date()
            if last_kept is None or _period(day, period) != _period(last_kept, period):
                keep.add(backup.path)
                last_kept = day
                count -= 1
    return keep


def _period(day: date, period: str) -> object:
    """The day, ISO week or month `day` falls in."""
    if period == "day":
        return day
    if period == "week":
        iso = day.isocalendar()
        return (iso.year, iso.week)
    return (day.year, day.month)


def thin_backups(folder: Path, today: date) -> list[Path]:
    """Delete the backups the policy no longer keeps; returns what was deleted. Backups taken before a
    destructive step are not the policy's to delete (KEPT_UNTIL_REMOVED)."""
    backups = [b for b in list_backups(folder) if KEPT_UNTIL_REMOVED not in b.path.name]
    keep = backups_to_keep(backups, today)
    removed = []
    for backup in backups:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def run_scheduled_backup(workspace: Path, now: datetime | None = None,
                         interval: timedelta = DEFAULT_INTERVAL) -> Path | None:
    """What the GUI's timer calls off the GUI thread: back up if due, then thin. Returns the new backup.
    A team workspace is backed up on its server, not by every user's PC on a timer: None (Backup Now, or
    `backup URL -o FILE`, takes a snapshot on demand)."""
    if postgres_only.is_url(workspace):
        return None
    now = now or datetime.now(UTC)
    folder = backup_folder_for(workspace)
    if not needs_backup(workspace, folder, now, interval):
        return None
    target = take_backup(workspace, folder, now)
    thin_backups(folder, now.date())
    return target


def _team_snapshot(url: str, folder: Path | None, now: datetime) -> Path:
    import hashlib

    import platformdirs

    from app import APP_ID
    from app.services.workspace.team import download

    label = postgres_only.redacted(url)
    name = label.rsplit("/", 1)[-1].split("?")[0] or "team"
    digest = hashlib.sha256(label.encode("utf-8")).hexdigest()[:12]
    folder = folder or Path(platformdirs.user_data_dir(APP_ID, appauthor=False)) / "backups" / f"team-{name}-{digest}"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.backup-{now:%Y%m%d-%H%M%S}.fdw"
    download(url, target)
    return target


def newest_good_backup(workspace: Path) -> Path | None:
    """The newest backup of `workspace` that passes integrity_check and is a workspace, or None.

    An empty or truncated-to-zero file passes integrity_check (it's an empty database), so the
    workspace's application_id is required as well. A backup that can't be read now is skipped.
    """
    for backup in list_backups(backup_folder_for(workspace)):
        try:
            healthy, _ = sqlite_only.check_file(backup.path, full=True)
            if healthy and sqlite_only.read_application_id(backup.path) == sqlite_only.APPLICATION_ID:
                return backup.path
        except WorkspaceError:
            continue
    return None


def restore_backup(workspace: Path, backup: Path, now: datetime | None = None) -> Path:
    """Put `backup` in place of a damaged workspace, keeping the damaged file renamed. Returns that name.

    The workspace is checked again first, and only a file that is read and fails its check is ever
    renamed: one that passes (or can't be read at all — in use, no permission, a full disk) raises and
    nothing changes. The backup is copied beside the workspace before anything is renamed, so a copy
    that fails (no room) leaves the damaged file where it was.
    """
    _confirm_damaged(workspace)
    now = now or datetime.now(UTC)
    incoming = workspace.with_name(f".{workspace.name}.restoring")
    sqlite_only.online_backup(backup, incoming)
    try:
        damaged = _free_damaged_name(workspace, now)
        workspace.replace(damaged)
        for companion in sqlite_only.companion_files(workspace):
            if companion.exists():
                companion.replace(Path(str(damaged) + companion.name[len(workspace.name):]))
        incoming.replace(workspace)
    finally:
        incoming.unlink(missing_ok=True)
    return damaged


class NotDamaged(WorkspaceError):
    """A restore was asked for a workspace that passes its check: nothing is renamed or replaced."""

    def __init__(self, workspace: Path) -> None:
        super().__init__(Bilingual(
            f"工作区通过了检查，没有恢复备份，也没有重命名任何文件：{workspace.name}。",
            f"The workspace passes its check; no backup was restored and nothing was renamed: {workspace.name}.",
        ))


def _confirm_damaged(workspace: Path) -> None:
    healthy, _detail = sqlite_only.check_file(workspace)  # raises the typed error when it can't be read
    if healthy:
        raise NotDamaged(workspace)


def _free_damaged_name(workspace: Path, now: datetime) -> Path:
    """`name.damaged-<time>.fdw`, never an earlier damaged file's name: it may be all the user has."""
    damaged = workspace.with_name(f"{workspace.stem}.damaged-{now:%Y%m%d-%H%M%S}{workspace.suffix}")
    counter = 1
    while damaged.exists():
        damaged = workspace.with_name(f"{workspace.stem}.damaged-{now:%Y%m%d-%H%M%S}-{counter}{workspace.suffix}")
        counter += 1
    return damaged


def backup_to(workspace: Path, target: Path, *, force: bool = False) -> Path:
    """`backup W -o FILE`: an online backup of `workspace` at `target`.

    Refuses an existing target unless `force` (it may be another workspace), and always refuses the
    workspace itself and a target with a -wal/-shm beside it (a live workspace, which the backup would
    corrupt). The source must pass its check: a damaged workspace is reported, not copied over a backup.
    """
    workspace, target = Path(workspace), Path(target)
    if _same_file(workspace, target):
        raise BackupTargetRefused(Bilingual(f"备份不能写到工作区自己身上：{target}",
                                            f"A backup can't be written over the workspace itself: {target}"))
    if target.is_dir():
        raise BackupTargetRefused(Bilingual(f"输出是一个文件夹，请给出文件名：{target}",
                                            f"The output is a folder; give a file name: {target}"))
    if target.exists() and not force:
        raise WorkspaceExists(Bilingual(
            f"文件已存在，没有覆盖：{target}。要替换它，请加上 --force。",
            f"The file already exists and was not overwritten: {target}. Add --force to replace it."))
    sqlite_only.refuse_live_companions(target)
    healthy, detail = sqlite_only.check_file(workspace)
    if not healthy:
        raise WorkspaceDamaged(workspace, detail)
    sqlite_only.online_backup(workspace, target)
    return target


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False
