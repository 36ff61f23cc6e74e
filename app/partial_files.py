"""Temporary files that writers put beside their targets, and removing the ones a killed writer left.

Backups, bundles and every atomically written file go through a temporary name beside the target and are
moved into place when complete. A writer that fails or is cancelled (Ctrl-C included) removes its own; a
writer that is killed (SIGKILL, the task manager, a power cut) runs no cleanup, and its temporary file — for a
backup or a bundle, a whole copy of the workspace — would stay forever, hidden. So the names carry the
writer's process id, and the next writer in the same folder removes those whose process is gone: never a
live writer's file, whoever's it is.

POSIX only: Windows has no harmless way to ask whether a process id is alive (`os.kill(pid, 0)` would end
it), so leftovers stay there (hidden, never in the way) — as with the demo's builds (`app.db`).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import uuid
from pathlib import Path

#: `.{target name}.{pid}-{8 hex}.partial`, and SQLite's journal files beside it.
_PARTIAL = re.compile(r"^\..+\.(?P<pid>\d+)-[0-9a-f]{8}\.partial(-wal|-shm|-journal)?$")
#: A bundle export's staging folder: `.fd-bundle-{pid}-{random}`.
STAGING_PREFIX = ".fd-bundle-"
_STAGING = re.compile(r"^\.fd-bundle-(?P<pid>\d+)-")


def partial_name(target: Path) -> Path:
    """The temporary file to write `target` through: beside it, hidden, naming this process."""
    target = Path(target)
    return target.with_name(f".{target.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.partial")


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
        match = _PARTIAL.match(entry.name) or _STAGING.match(entry.name)
        if match is None or _process_alive(int(match.group("pid"))):
            continue
        try:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink(missing_ok=True)
        except OSError:
            continue  # read-only, or gone meanwhile: nothing to do
        removed.append(entry)
    return removed


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
