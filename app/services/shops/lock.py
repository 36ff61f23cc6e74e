"""One push per shop on this computer: a lock file per shop URL in the user's data folder (a second push into
the same shop — another workspace, a copy of this one, another window — waits its turn)."""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.models.bilingual import Bilingual
from app.services.shops.http import normalise_shop_url
from app.services.shops.reports import PushAlreadyRunning


def _lock_path(kind: str, url: str) -> Path:
    """One lock file per shop on this computer, whichever workspace pushes (copies of a workspace, a bundle opened
    beside the original and two windows all push into the same shop)."""
    folder = Path(tempfile.gettempdir()) / "factory-direct-locks"
    folder.mkdir(parents=True, exist_ok=True)
    key = f"{kind}|{normalise_shop_url(url)}"
    return folder / (hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + ".lock")


@contextmanager
def shop_lock(kind: str, url: str) -> Iterator[None]:
    """The shop's OS file lock: released by the OS even when the process is killed."""
    fd = os.open(_lock_path(kind, url), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            _lock(fd)
        except OSError:
            raise PushAlreadyRunning(Bilingual(
                "这台电脑上另一个向这家网店的推送正在进行（可能来自另一个工作区或窗口），请等它结束。",
                "Another push into this shop is running on this computer (perhaps from another workspace or "
                "window); wait until it ends.")) from None
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


def shop_busy(kind: str, url: str) -> bool:
    """Whether a push into the shop is running on this computer right now (the lock is held)."""
    try:
        with shop_lock(kind, url):
            return False
    except PushAlreadyRunning:
        return True


def _lock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover - Windows (mypy checks the branch of the platform it runs on)
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover - Windows (mypy checks the branch of the platform it runs on)
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)
