"""Derived pictures kept on disk between runs: cut once, reused by packs, catalogue PDFs and pushes.

A derived picture (a platform's 800 px square, a 750 px detail, a strip) is a function of the stored
original's content and the recipe alone, so it is kept under a key made of both: (the original's sha256,
the cut, its size, the settings). A rebuild after a text edit then reads its pictures instead of decoding
4000 px photos again, and a new JPEG setting or cut is simply a new key.

Where: the user's cache folder (platformdirs `user_cache_dir`), one folder per workspace, so deleting it
loses nothing (everything in it can be made again) and a workspace on a USB stick isn't filled with it.

Safe without locks, across threads and processes:
- an entry is written to a temporary file in its own folder (named by the writer's pid, see
  `app.partial_files`) and renamed into place: a reader sees a whole entry or none, a kill mid-write
  leaves only a temporary file that the next writer in that folder removes (each cache object looks once per
  folder, not at every write);
- each entry ends with the sha256 of its bytes, checked on every read: a damaged entry (a disk error, a
  crash of the machine before the data reached the disk) is a miss and is removed, never a wrong picture.
  That check is why entries are not fsynced: what a power cut loses is a miss, and a build writes thousands
  of entries (an fsync each cost more than the cut on a slow disk);
- two processes writing the same key write the same bytes; the last rename wins, both are whole;
- pruning removes the least recently used entries (reads touch an entry's mtime) once the folder is over its
  cap; an entry pruned while another process reads it is a miss there.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from app import APP_ID
from app.partial_files import remove_abandoned, write_whole

#: 2 GB: a 1,000-product catalogue on all ten platforms needs about 1.2 GB of cuts.
DEFAULT_CAP_BYTES = 2 * 1024**3
#: Pruning goes down to this share of the cap, so the next few builds don't prune again at once.
PRUNE_TO = 0.8
#: Writes between two looks at the folder's size (listing it costs a little; a build writes thousands).
PRUNE_EVERY = 200
DIGEST = 32
SUFFIX = ".pic"


def recipe_key(*parts: object) -> str:
    """The entry's name: a digest of what the picture is made from and how (every part that changes it)."""
    return hashlib.sha256("|".join(map(str, parts)).encode("utf-8")).hexdigest()


class PictureCache:
    """A folder of derived pictures by key (`recipe_key`), pruned by size, least recently used first."""

    def __init__(self, folder: Path, cap_bytes: int = DEFAULT_CAP_BYTES) -> None:
        self.folder = Path(folder)
        self.cap_bytes = cap_bytes
        self._writes = 0
        self._swept: set[Path] = set()   # sub-folders whose abandoned temporary files this object removed

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}{SUFFIX}"

    def get(self, key: str) -> bytes | None:
        """The entry's bytes, or None when it isn't there or doesn't check out (then it is removed)."""
        path = self._path(key)
        try:
            stored = path.read_bytes()
        except OSError:
            return None
        data, digest = stored[:-DIGEST], stored[-DIGEST:]
        if len(stored) < DIGEST or hashlib.sha256(data).digest() != digest:
            path.unlink(missing_ok=True)
            return None
        _touch(path)
        return data

    def has(self, key: str) -> bool:
        """Whether an entry is there (not checked: `get` still may find it damaged, then it is a miss)."""
        return self._path(key).is_file()

    def put(self, key: str, data: bytes) -> None:
        """Keep `data` under `key` (atomically; see the module docstring). A cache that can't be written
        (disk full, read-only) is only slower: the error is swallowed."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.parent not in self._swept:
                remove_abandoned(path.parent)
                self._swept.add(path.parent)
            write_whole(path, data + hashlib.sha256(data).digest())
        except OSError:
            return
        self._writes += 1
        if self._writes % PRUNE_EVERY == 0:
            self.prune()

    def prune(self) -> int:
        """Remove the least recently used entries while the folder is over its cap; returns bytes removed."""
        entries = []
        for path in self.folder.glob(f"*/*{SUFFIX}"):
            try:
                status = path.stat()
            except OSError:
                continue  # pruned by another process meanwhile
            entries.append((status.st_mtime, status.st_size, path))
        total = sum(size for _mtime, size, _path in entries)
        if total <= self.cap_bytes:
            return 0
        removed = 0
        for _mtime, size, path in sorted(entries):
            if total - removed <= self.cap_bytes * PRUNE_TO:
                break
            path.unlink(missing_ok=True)
            removed += size
        return removed


def _touch(path: Path) -> None:
    """Mark an entry as just used (its mtime orders the pruning); a read-only cache is left as it is."""
    try:
        now = time.time()
        os.utime(path, (now, now))
    except OSError:
        pass


def workspace_cache_folder(workspace_path: Path | str, kind: str = "pictures") -> Path:
    """The user cache folder's sub-folder for one workspace (by its resolved path, or a team URL), under the
    folder of one `kind` of cached thing (derived pictures; the text lint's findings)."""
    import platformdirs

    name = str(workspace_path)
    stem = Path(name).stem if "://" not in name else "team"
    if "://" not in name:
        name = str(Path(name).resolve())
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]
    return Path(platformdirs.user_cache_dir(APP_ID, appauthor=False)) / kind / f"{stem}-{digest}"
