"""Everything that only SQLite has: pragmas, integrity checks, the online backup API, file identity.

Kept in one module so the rest of the data layer stays plain SQLAlchemy and can move to
PostgreSQL (a shared team catalogue) without a hunt through the code.
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any

#: PRAGMA application_id stamped into every workspace: b"FDW1".
APPLICATION_ID = 0x46445731
BUSY_TIMEOUT_MS = 5000

#: Pragmas set on every connection (see shared/reference/reliability.md).
CONNECTION_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",     # NORMAL can lose the last commits on a power cut
    "PRAGMA foreign_keys=ON",      # off by default, per connection
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
)


def apply_connection_pragmas(dbapi_connection: Any, _record: Any = None) -> None:
    """SQLAlchemy `connect` event handler: make a fresh connection safe to use."""
    cursor = dbapi_connection.cursor()
    try:
        for pragma in CONNECTION_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def connection_settings(dbapi_connection: Any) -> dict[str, Any]:
    """What a connection actually runs with (for tests and the `check` command)."""
    cursor = dbapi_connection.cursor()
    try:
        return {
            "journal_mode": cursor.execute("PRAGMA journal_mode").fetchone()[0],
            "synchronous": cursor.execute("PRAGMA synchronous").fetchone()[0],
            "foreign_keys": cursor.execute("PRAGMA foreign_keys").fetchone()[0],
            "busy_timeout": cursor.execute("PRAGMA busy_timeout").fetchone()[0],
        }
    finally:
        cursor.close()


def stamp_application_id(dbapi_connection: Any) -> None:
    """Mark a new file as a Factory Direct workspace."""
    dbapi_connection.execute(f"PRAGMA application_id={APPLICATION_ID}")


def _open_read_only(path: Path) -> sqlite3.Connection:
    """Open without any chance of writing (a damaged file must never be written to)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    return connection


def check_file(path: Path, *, full: bool = False) -> tuple[bool, str]:
    """Run `quick_check` (or `integrity_check` when `full`) read-only. Returns (healthy, detail)."""
    pragma = "integrity_check" if full else "quick_check"
    try:
        connection = _open_read_only(path)
    except sqlite3.Error as error:
        return False, str(error)
    try:
        rows = connection.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.Error as error:
        return False, str(error)
    finally:
        connection.close()
    details = [str(row[0]) for row in rows]
    healthy = details == ["ok"]
    return healthy, "ok" if healthy else "; ".join(details[:5])


def read_application_id(path: Path) -> int | None:
    """The file's PRAGMA application_id, or None when it can't be read."""
    try:
        connection = _open_read_only(path)
        try:
            return int(connection.execute("PRAGMA application_id").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.Error:
        return None


def read_alembic_revision(path: Path) -> str | None:
    """The schema revision recorded in a workspace file, read-only; None for a new/empty file."""
    connection = _open_read_only(path)
    try:
        exists = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not exists:
            return None
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else None
    finally:
        connection.close()


def online_backup(source: Path, destination: Path, *, pages_per_step: int = -1) -> None:
    """Copy a live database with SQLite's online backup API (never a file copy of a live file).

    Writes to a temporary file beside `destination` and moves it into place, so a crash never
    leaves half a backup under the final name; a failed backup leaves no temporary file behind.

    The default copies in one step, from one read snapshot: in WAL mode that doesn't block
    writers. In several steps, every commit by another connection between two steps restarts the
    copy from the first page, so a busy workspace took seconds to minutes to back up.
    """
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        source_connection = sqlite3.connect(str(source), timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            target = sqlite3.connect(str(partial))
            try:
                source_connection.backup(target, pages=pages_per_step)
                # A backup must be a single self-contained file: no WAL beside it.
                target.execute("PRAGMA journal_mode=DELETE")
                target.commit()
            finally:
                target.close()
        finally:
            source_connection.close()
        _fsync_file(partial)
        os.replace(partial, destination)
    except BaseException:
        for leftover in (partial, *companion_files(partial)):
            leftover.unlink(missing_ok=True)
        raise


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def companion_files(path: Path) -> list[Path]:
    """The -wal and -shm files that belong to a database file."""
    return [Path(str(path) + suffix) for suffix in ("-wal", "-shm", "-journal")]


def is_network_path(path: Path) -> bool:
    """True when `path` is on a network share, where WAL does not work and files get corrupted."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True  # UNC path: \\server\share\…
    if sys.platform == "win32":
        return _is_windows_network_drive(text)
    return _is_linux_network_mount(Path(path))


def _is_windows_network_drive(text: str) -> bool:  # pragma: no cover - Windows only
    import ctypes

    drive = os.path.splitdrive(os.path.abspath(text))[0]
    if not drive:
        return False
    DRIVE_REMOTE = 4
    return bool(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == DRIVE_REMOTE)  # type: ignore[attr-defined]


NETWORK_FILESYSTEMS = frozenset({"nfs", "nfs4", "cifs", "smbfs", "smb3", "afs", "sshfs", "fuse.sshfs", "9p", "davfs"})


def _is_linux_network_mount(path: Path, mounts_text: str | None = None) -> bool:
    """Look the path's mount up in /proc/mounts (Linux); False when that can't be read.

    `mounts_text` is the content of /proc/mounts (read from the system when None). A mount point
    only contains a path at a component boundary: /mnt/nas does not contain /mnt/nas2/w.fdw.
    """
    try:
        target = Path(path).resolve()
        if mounts_text is None:
            mounts_text = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    best_mount: Path | None = None
    best_type = ""
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        # /proc/mounts escapes space, tab, newline and backslash as octal: \040 \011 \012 \134
        mount_point = Path(re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[1]))
        if (target == mount_point or mount_point in target.parents) and (
                best_mount is None or len(mount_point.parts) >= len(best_mount.parts)):
            best_mount, best_type = mount_point, fields[2]  # the last of equal mounts is the visible one
    return best_type in NETWORK_FILESYSTEMS
