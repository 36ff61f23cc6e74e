"""Temporary files that writers put beside their targets, and removing the ones a killed writer left.

Backups, bundles and every atomically written file go through a temporary name beside the target and are
moved into place when complete. A writer that fails or is cancelled (Ctrl-C included) removes its own; a
writer that is killed (SIGKILL, the task manager, a power cut) runs no cleanup, and its temporary file — for a
backup or a bundle, a whole copy of the workspace — would stay forever, hidden. So the names carry the
writer's process id, and the next writer in the same folder removes those whose process is gone: never a
live writer's file, whoever's it is. The same goes for what a new version replaced and that was renamed aside
to be deleted (`aside_name`, deleted in the background by `remove_later`), once the new version is in place.

POSIX only: Windows has no harmless way to ask whether a process id is alive (`os.kill(pid, 0)` would end
it), so leftovers stay there (hidden, never in the way) — as with the demo's builds (`app.db`).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
import threading
import uuid
from collections.abc import Iterable
from pathlib import Path

#: `.{target name}.{pid}-{8 hex}.partial`, and SQLite's journal files beside it.
_PARTIAL = re.compile(r"^\..+\.(?P<pid>\d+)-[0-9a-f]{8}\.partial(-wal|-shm|-journal)?$")
#: `.{target name}.{pid}-{8 hex}.old`: what a new version replaced, renamed aside to be removed (`aside_name`).
_ASIDE = re.compile(r"^\.(?P<target>.+)\.(?P<pid>\d+)-[0-9a-f]{8}\.old$")
#: A bundle export's staging folder: `.fd-bundle-{pid}-{random}`.
STAGING_PREFIX = ".fd-bundle-"
_STAGING = re.compile(r"^\.fd-bundle-(?P<pid>\d+)-")


def partial_name(target: Path) -> Path:
    """The temporary file to write `target` through: beside it, hidden, naming this process."""
    target = Path(target)
    return target.with_name(f".{target.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.partial")


def write_whole(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file renamed into place: a reader sees the whole file or the
    one before, a kill mid-write leaves only a temporary file (`remove_abandoned`). No fsync: for caches, whose
    entries a power cut may lose (a miss) but never leave half written in place."""
    temp = partial_name(path)
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def aside_name(target: Path) -> Path:
    """Where to rename `target` when a new version replaces it and it is only waiting to be removed: beside
    it, hidden, naming this process (`remove_abandoned` removes it once the new version is in place and this
    process is gone)."""
    target = Path(target)
    return target.with_name(f".{target.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.old")


def hide(path: Path) -> None:
    """Hide `path` in Explorer too (Windows shows dot-names; elsewhere the dot hides it). Best effort: a name
    that can't be hidden is only visible."""
    if sys.platform == "win32":
        _set_hidden_attribute(str(path))


def _set_hidden_attribute(path: str) -> None:
    """Add the hidden attribute to the ones `path` has (SetFileAttributesW replaces them all)."""
    import ctypes

    windll = getattr(ctypes, "windll", None)
    if windll is None:
        return
    kernel32 = windll.kernel32
    kernel32.GetFileAttributesW.restype = ctypes.c_uint32
    attributes = kernel32.GetFileAttributesW(path)
    if attributes != _INVALID_FILE_ATTRIBUTES:
        kernel32.SetFileAttributesW(path, attributes | _FILE_ATTRIBUTE_HIDDEN)


_FILE_ATTRIBUTE_HIDDEN = 0x2
_INVALID_FILE_ATTRIBUTES = 0xFFFFFFFF


def staging_prefix() -> str:
    """The name prefix of a staging folder made by this process (for `tempfile.mkdtemp(prefix=…)`)."""
    return f"{STAGING_PREFIX}{os.getpid()}-"


def remove_abandoned(folder: Path) -> list[Path]:
    """Remove the temporary files and staging folders in `folder` whose writer process is gone; returns them.
    Anything else — a live writer's file, a name that merely looks similar — is left alone."""
    if sys.platform == "win32":
        return []
    removed: list[Path] = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed  # a folder we can't list is a folder we won't write to either: the writer says why
    for entry in entries:
        match = _PARTIAL.match(entry.name) or _STAGING.match(entry.name) or _replaced(entry)
        if match is None or _process_alive(int(match.group("pid"))):
            continue
        if _remove(entry):   # (not when read-only: nothing to do)
            removed.append(entry)
    return removed


def _replaced(entry: Path) -> re.Match[str] | None:
    """The name's match when `entry` was renamed aside (`aside_name`) and its new version is in place; None
    when the new version is not there (its writer was killed between the renames: the old one is all there is)."""
    match = _ASIDE.match(entry.name)
    return match if match is not None and (entry.parent / match.group("target")).exists() else None


def remove_later(paths: Iterable[Path]) -> None:
    """Remove `paths` (folders or files, already out of the way: renamed aside) on a background thread, so
    whoever waits for the new version doesn't wait for the old one's deletion too (a thousand products' pack
    folders take seconds to delete). The interpreter waits for the thread at exit (it is not a daemon); a
    kill leaves the rest to `remove_abandoned`. Errors are ignored: a file held open on Windows stays."""
    paths = list(paths)
    if not paths:
        return
    thread = threading.Thread(target=_remove_all, args=(paths,), name="remove-later")
    with _REMOVING_LOCK:   # started under the lock: `wait_for_removals` never sees a thread not yet started
        _REMOVING[:] = [other for other in _REMOVING if other.is_alive()]
        thread.start()
        _REMOVING.append(thread)


def wait_for_removals() -> None:
    """Return once everything passed to `remove_later` so far is removed."""
    with _REMOVING_LOCK:
        threads = list(_REMOVING)
    for thread in threads:
        thread.join()


_REMOVING: list[threading.Thread] = []
_REMOVING_LOCK = threading.Lock()


def _remove_all(paths: list[Path]) -> None:
    for path in paths:
        _remove(path)


def _remove(path: Path) -> bool:
    """Remove a file or a folder and everything in it (a link itself, never what it points to), as much of it
    as can be; whether it is gone."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
    return not os.path.lexists(path)


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, under another user
    return True
