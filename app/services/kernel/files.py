"""Writing files safely: a temporary file beside the target, fsync, then an atomic move into place.

One helper for every file the app writes (exports, packs, PDFs, bundles, scenarios, chart pictures), so a
crash never leaves half a file and a target held open by Excel/WPS on Windows is handled the same way
everywhere (retry briefly, then "name (1).ext").
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from app.models.bilingual import Bilingual, UserFacingError
from app.partial_files import partial_name, remove_abandoned


class FileInUse(UserFacingError):
    """The target stayed locked by another program and no alternative name was free."""


def atomic_write(target: Path, write: Callable[[Path], object], *, retries: int = 10,
                 delay: float = 0.2) -> tuple[Path, bool]:
    """Write through a temporary file beside `target`, fsync, move into place. Returns (path, in_use):
    when the target stays locked (open in Excel/WPS on Windows), the file goes to "name (1).ext"."""
    target = Path(target)
    remove_abandoned(target.parent)  # what killed writers left here (see app.partial_files)
    temp = partial_name(target)
    try:
        write(temp)
        fsync_file(temp)
        path, in_use = _move_into_place(temp, target, retries, delay)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)
    return path, in_use


def _move_into_place(temp: Path, target: Path, retries: int, delay: float) -> tuple[Path, bool]:
    for attempt in range(max(retries, 1)):
        try:
            os.replace(temp, target)
            return target, False
        except PermissionError:
            if attempt + 1 < retries:
                time.sleep(delay)
    for number in range(1, 100):
        alternative = target.with_name(f"{target.stem} ({number}){target.suffix}")
        if alternative.exists():
            continue
        try:
            os.replace(temp, alternative)
            return alternative, True
        except PermissionError:
            continue
    raise FileInUse(Bilingual(f"文件被其他程序占用，无法保存：{target}",
                                       f"The file is in use by another program and can't be saved: {target}"))


def fsync_file(path: str | os.PathLike[str]) -> None:
    """Flush a written file to disk (opened for writing: Windows flushes only through a writable handle)."""
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def fsync_folder(folder: str | os.PathLike[str]) -> None:
    """Flush a folder's entries (the names of new or renamed files) to disk, where the system allows it;
    Windows has no directory handles for this."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def write_bytes_atomically(target: Path, data: bytes) -> tuple[Path, bool]:
    """`atomic_write` for bytes already in memory."""
    return atomic_write(Path(target), lambda temp: Path(temp).write_bytes(data))
