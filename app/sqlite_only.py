"""Everything that only SQLite has: pragmas, integrity checks, the online backup API, file identity,
and what SQLite's error codes mean for the user.

Kept in one module so the rest of the data layer stays plain SQLAlchemy and can move to
PostgreSQL (a shared team catalogue) without a hunt through the code.

Every connection is opened through `connect`, from a properly quoted `file:` URI: no character of a path
is ever interpreted (this SQLite is built with USE_URI, so even a plain `file:x.fdw` would be a URI, and a
URL built from the raw path sent `shop%20v2.fdw` to `shop v2.fdw` and `x?mode=ro.fdw` to `x`).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
import sys
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from app.models.bilingual import Bilingual
from app.partial_files import partial_name, remove_abandoned
from app.workspace_errors import (
    BackupTargetRefused,
    Trouble,
    WorkspaceError,
    WorkspaceReadOnly,
    error_for,
)

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

#: How to open a file only to read it; IMMUTABLE also promises SQLite that nobody writes it, so it needs
#: no -shm file beside it (read-only media, a full disk) — only safe when no WAL holds unfolded commits.
READ_ONLY: dict[str, str] = {"mode": "ro"}
IMMUTABLE: dict[str, str] = {"mode": "ro", "immutable": "1"}

#: Below this much free space, an I/O error while writing is reported as a full disk.
NO_ROOM_MARGIN = 16 * 1024**2


def file_uri(path: Path, params: dict[str, str] | None = None) -> str:
    """A `file:` URI naming exactly `path`: every character that means something in a URI is %-quoted."""
    uri = Path(os.path.abspath(path)).as_uri()
    return uri + "?" + urlencode(params) if params else uri


def connect(path: Path, params: dict[str, str] | None = None, *,
            timeout: float = BUSY_TIMEOUT_MS / 1000) -> sqlite3.Connection:
    """A driver connection to exactly the file at `path` (shareable between threads, as a pool needs)."""
    return sqlite3.connect(file_uri(path, params), uri=True, timeout=timeout, check_same_thread=False)


def apply_connection_pragmas(dbapi_connection: Any, _record: Any = None) -> None:
    """SQLAlchemy `connect` event handler: make a fresh connection safe to use."""
    cursor = dbapi_connection.cursor()
    try:
        for pragma in CONNECTION_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def apply_read_only_pragmas(dbapi_connection: Any, _record: Any = None) -> None:
    """The same for a read-only connection, which can't switch the journal mode (it would be a write)."""
    cursor = dbapi_connection.cursor()
    try:
        for pragma in CONNECTION_PRAGMAS[1:]:
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


# --- what went wrong -----------------------------------------------------------------------------------------

SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26
SQLITE_READONLY_DBMOVED = SQLITE_READONLY | (4 << 8)
SQLITE_CORRUPT_VTAB = SQLITE_CORRUPT | (1 << 8)


def trouble_of(error: BaseException, path: Path | None = None) -> Trouble | None:
    """What a driver or OS error means for the user (None: not an environmental trouble — a bug, a
    constraint…). `path` is the file concerned: it tells a full disk from another I/O error, and a
    read-only folder from an unreadable file. SQLAlchemy's wrapper is looked through."""
    original = getattr(error, "orig", None)
    error = original if isinstance(original, BaseException) else error
    if isinstance(error, sqlite3.Error):
        return _sqlite_trouble(error, path)
    if isinstance(error, OSError):
        return _os_trouble(error)
    return None


def _sqlite_trouble(error: sqlite3.Error, path: Path | None) -> Trouble | None:
    code = getattr(error, "sqlite_errorcode", None)
    if not isinstance(code, int):
        return None
    primary = code & 0xFF
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return Trouble.BUSY
    if code == SQLITE_READONLY_DBMOVED:
        return Trouble.IO  # the file was moved or deleted while open
    if code == SQLITE_CORRUPT_VTAB:
        return None  # a virtual table's own index (the search index: derived, rebuilt), not the file
    if primary in (SQLITE_READONLY, SQLITE_PERM):
        return Trouble.READ_ONLY
    if primary == SQLITE_FULL:
        return Trouble.NO_ROOM
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return Trouble.DAMAGED
    if primary == SQLITE_IOERR:
        return Trouble.NO_ROOM if no_room(path) else Trouble.IO
    if primary == SQLITE_CANTOPEN:
        return _why_cant_open(path)
    return None


def _os_trouble(error: OSError) -> Trouble | None:
    if getattr(error, "winerror", None) in (32, 33):  # sharing or lock violation: another program has it
        return Trouble.BUSY
    number = error.errno
    if number in (errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EFBIG):
        return Trouble.NO_ROOM
    if number in (errno.EROFS, errno.EACCES, errno.EPERM):
        return Trouble.READ_ONLY
    if number in (errno.EBUSY, errno.ETXTBSY):
        return Trouble.BUSY
    if number == errno.EIO:
        return Trouble.IO
    return None


def no_room(path: Path | None) -> bool:
    """True when the disk holding `path` is (nearly) full, or this process may not grow files (a file-size
    limit): SQLite reports those as I/O errors when it extends its -shm index or syncs."""
    folder = Path(path).parent if path is not None else Path.cwd()
    try:
        if shutil.disk_usage(folder).free < NO_ROOM_MARGIN:
            return True
    except OSError:
        pass
    if sys.platform == "win32":  # no file-size limit there (and no `resource` module)
        return False
    import resource

    soft, _hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    return soft != resource.RLIM_INFINITY


def _why_cant_open(path: Path | None) -> Trouble:
    """SQLITE_CANTOPEN says only that a file didn't open: find out whether it can't be read at all, or
    its folder can't take the -wal/-shm files."""
    if path is None:
        return Trouble.IO
    if Path(path).exists():
        try:
            with open(path, "rb"):
                pass
        except OSError as error:
            return Trouble.NO_ACCESS if isinstance(error, PermissionError) else (_os_trouble(error) or Trouble.IO)
    return write_trouble(path) or Trouble.IO


def write_trouble(path: Path) -> Trouble | None:
    """Why SQLite could not write the workspace at `path`, or None when it can: the file must open for
    writing, and its folder must take new files (the -wal and -shm). Tried, not guessed from permission
    bits: root ignores those, and read-only media or an immutable file don't show in them."""
    path = Path(path)
    if path.exists():
        try:
            os.close(os.open(path, os.O_RDWR))
        except OSError as error:
            return _os_trouble(error) or Trouble.READ_ONLY
    probe = path.parent / f".fd-write-test-{uuid.uuid4().hex[:8]}"
    try:
        os.close(os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError as error:
        return _os_trouble(error) or Trouble.READ_ONLY
    probe.unlink(missing_ok=True)
    return None


def holders_of(path: Path) -> list[str]:
    """Other processes that have the file (or its -wal/-shm) open, as "name (process N)" — on Linux, from
    /proc; elsewhere an empty list (the message then says "another program")."""
    if not sys.platform.startswith("linux"):
        return []
    targets = {os.path.realpath(p) for p in (path, *companion_files(path))}
    found: list[str] = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit() and int(entry.name) != os.getpid() and _has_open(entry.path, targets):
            try:
                name = Path(entry.path, "comm").read_text(encoding="utf-8", errors="replace").strip()
            except OSError:
                name = "?"
            found.append(f"{name} (process {entry.name})")
    return found[:3]


def _has_open(process: str, targets: set[str]) -> bool:
    try:
        descriptors = os.scandir(os.path.join(process, "fd"))
    except OSError:
        return False
    with descriptors:
        for descriptor in descriptors:
            try:
                if os.readlink(descriptor.path) in targets:
                    return True
            except OSError:
                continue
    return False


def raise_trouble(error: BaseException, path: Path, *, target: bool = False) -> None:
    """Raise the typed error for `error` on `path` when it is an environmental trouble (in use, read-only,
    no room, I/O, damaged); return when it is not, so the caller re-raises the original. `target`: `path`
    is a new file being written (a backup), not an open workspace, which changes what "read-only" means."""
    trouble = trouble_of(error, path)
    if trouble is None:
        return
    if target and trouble is Trouble.READ_ONLY:
        raise WorkspaceReadOnly(path, kind="target") from error
    holders = holders_of(path) if trouble is Trouble.BUSY else None
    raise error_for(trouble, path, str(getattr(error, "orig", None) or error), holders) from error


# --- reading safely -------------------------------------------------------------------------------------------

def reading_plan(path: Path) -> tuple[dict[str, str], Trouble | None]:
    """How to open `path` only to read it, and what (if anything) forced the immutable way.

    Read-only first. A WAL-mode file needs its -shm index beside it even to read; where the folder can't
    take one (read-only media, a full disk), the file is opened immutable — only when no -wal holds commits
    not yet folded back, which an immutable reader would not see. Raises the typed error otherwise.
    """
    try:
        _touch_schema(path, READ_ONLY)
        return READ_ONLY, None
    except sqlite3.Error as error:
        trouble = trouble_of(error, path)
        if trouble not in (Trouble.READ_ONLY, Trouble.NO_ROOM):
            raise
    if wal_has_commits(path):
        if trouble is Trouble.READ_ONLY:
            raise WorkspaceReadOnly(path, kind="journal")
        raise error_for(trouble, path)
    _touch_schema(path, IMMUTABLE)
    return IMMUTABLE, trouble


def _touch_schema(path: Path, params: dict[str, str]) -> None:
    connection = connect(path, params)
    try:
        connection.execute("PRAGMA schema_version").fetchone()
    finally:
        connection.close()


def wal_has_commits(path: Path) -> bool:
    """True when a -wal file beside `path` holds frames (commits, or a crashed writer's leftovers)."""
    wal = companion_files(path)[0]
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def fold_wal(path: Path) -> None:
    """Fold the committed pages of a -wal beside `path` back into the file, and let SQLite drop what a
    killed writer left uncommitted, so the file alone holds the workspace. Nothing to do without a WAL."""
    if not wal_has_commits(path):
        return
    try:
        connection = connect(path)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise_trouble(error, path)
        raise


def _read(path: Path, sql: str) -> list[Any]:
    """Run one read-only statement on `path`; typed errors for what isn't damage, sqlite3.Error for damage."""
    try:
        params, _forced = reading_plan(path)
        connection = connect(path, params)
        try:
            return connection.execute(sql).fetchall()
        finally:
            connection.close()
    except sqlite3.Error as error:
        if trouble_of(error, path) is Trouble.DAMAGED:
            raise
        raise_trouble(error, path)
        raise WorkspaceError(Bilingual(f"无法读取 {Path(path).name}：{error}",
                                       f"Can't read {Path(path).name}: {error}")) from error


def check_file(path: Path, *, full: bool = False) -> tuple[bool, str]:
    """Run `quick_check` (or `integrity_check` when `full`) read-only. Returns (healthy, detail) for a
    file that was read; raises a typed WorkspaceError when it could not be checked (in use, no permission,
    read-only folder with a pending journal, disk full, I/O error) — which is not damage."""
    pragma = "integrity_check" if full else "quick_check"
    try:
        rows = _read(path, f"PRAGMA {pragma}")
    except sqlite3.Error as error:  # SQLITE_CORRUPT / SQLITE_NOTADB: read, and found damaged
        return False, str(error)
    details = [str(row[0]) for row in rows]
    healthy = details == ["ok"]
    return healthy, "ok" if healthy else "; ".join(details[:5])


def read_application_id(path: Path) -> int | None:
    """The file's PRAGMA application_id, or None when the file is not a database."""
    try:
        return int(_read(path, "PRAGMA application_id")[0][0])
    except sqlite3.Error:
        return None


def read_alembic_revision(path: Path) -> str | None:
    """The schema revision recorded in a workspace file, read-only; None for a new/empty file."""
    rows = _read(path, "SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'")
    if not rows:
        return None
    rows = _read(path, "SELECT version_num FROM alembic_version")
    return str(rows[0][0]) if rows else None


def table_names(path: Path) -> set[str]:
    """The tables in the file, read-only."""
    return {str(row[0]) for row in _read(path, "SELECT name FROM sqlite_master WHERE type='table'")}


def schema_objects(path: Path) -> list[tuple[str, str, str, str | None]]:
    """Every schema object in the file as (type, name, table, sql), read-only: what `sqlite_master` holds."""
    rows = _read(path, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
    return [(str(kind), str(name), str(table), None if sql is None else str(sql)) for kind, name, table, sql in rows]


# --- backups --------------------------------------------------------------------------------------------------

def refuse_live_companions(destination: Path) -> None:
    """Never put a database where a -wal/-shm/-journal lies: SQLite would take them for the new file's own
    and replay another database's pages into it. An empty -wal and its -shm, left by a read-only look at
    a closed workspace, are tidied away first (SQLite removes them when the last connection closes);
    anything else — a journal with pages in it, or a workspace still open elsewhere — is refused."""
    if _companions(destination) and _only_empty_journal(destination):
        _tidy(destination)
    lying = _companions(destination)
    if lying:
        names = ", ".join(p.name for p in lying)
        raise BackupTargetRefused(Bilingual(
            f"没有写入 {destination}：旁边有 {names}，说明那里的工作区正在使用或没有正常关闭。"
            "请换一个文件名，或先在软件里打开再关闭那个工作区。",
            f"Nothing was written to {destination}: {names} lie beside it, so a workspace there is "
            "open or was not closed cleanly. Choose another name, or open and close that workspace first.",
        ))


def _companions(path: Path) -> list[Path]:
    return [p for p in companion_files(path) if p.exists()]


def _only_empty_journal(path: Path) -> bool:
    _wal, _shm, journal = companion_files(path)
    return Path(path).is_file() and not journal.exists() and not wal_has_commits(path)


def _tidy(path: Path) -> None:
    """Open and close `path` read-write: as the last connection, SQLite deletes its empty -wal and -shm."""
    try:
        connection = connect(path, timeout=0)
        try:
            connection.execute("PRAGMA schema_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        pass  # not a database, or in use: the files stay and the caller refuses


def online_backup(source: Path, destination: Path, *, pages_per_step: int = -1) -> None:
    """Copy a live database with SQLite's online backup API (never a file copy of a live file).

    Writes to a temporary file beside `destination` and moves it into place, so a crash never
    leaves half a backup under the final name; a failed backup leaves no temporary file behind, and a
    killed one's is removed by the next writer in that folder (`app.partial_files`).
    Refuses a destination with a -wal/-shm beside it (see `refuse_live_companions`).

    The default copies in one step, from one read snapshot: in WAL mode that doesn't block
    writers. In several steps, every commit by another connection between two steps restarts the
    copy from the first page, so a busy workspace took seconds to minutes to back up.
    """
    destination = Path(destination)
    refuse_live_companions(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned(destination.parent)  # what killed backups left: a whole copy each
    partial = partial_name(destination)
    try:
        source_connection = _connect_source(source)
        try:
            _copy(source_connection, source, partial, destination, pages_per_step)
        finally:
            source_connection.close()
        _fsync_file(partial)
        refuse_live_companions(destination)
        os.replace(partial, destination)
    except BaseException as error:
        for leftover in (partial, *companion_files(partial)):
            leftover.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise_trouble(error, destination, target=True)
        raise


def _connect_source(source: Path) -> sqlite3.Connection:
    """The source for a backup: read-write when possible (closing it folds a stale WAL back in), read-only
    where its folder can't be written."""
    try:
        connection = connect(source)
        connection.execute("PRAGMA schema_version").fetchone()
        return connection
    except sqlite3.Error as error:
        trouble = trouble_of(error, source)
        if trouble not in (Trouble.READ_ONLY, Trouble.NO_ROOM):
            raise_trouble(error, source)
            raise
    try:
        params, _forced = reading_plan(source)
        return connect(source, params)
    except sqlite3.Error as error:
        raise_trouble(error, source)
        raise


def _copy(source_connection: sqlite3.Connection, source: Path, partial: Path, destination: Path,
          pages_per_step: int) -> None:
    try:
        target = connect(partial)
    except sqlite3.Error as error:
        raise_trouble(error, destination, target=True)
        raise
    try:
        source_connection.backup(target, pages=pages_per_step)
        # A backup must be a single self-contained file: no WAL beside it.
        target.execute("PRAGMA journal_mode=DELETE")
        target.commit()
    except sqlite3.Error as error:
        if trouble_of(error) in (Trouble.BUSY, Trouble.DAMAGED):
            raise_trouble(error, source)
        raise_trouble(error, destination, target=True)
        raise
    finally:
        target.close()


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def companion_files(path: Path) -> list[Path]:
    """The -wal, -shm and -journal files that belong to a database file."""
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
    if sys.platform != "win32":  # only called there; says so to mypy, which checks windll on Windows only
        return False
    import ctypes

    drive = os.path.splitdrive(os.path.abspath(text))[0]
    if not drive:
        return False
    DRIVE_REMOTE = 4
    return bool(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == DRIVE_REMOTE)


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
