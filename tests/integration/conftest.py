"""Fixtures shared by the integration tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app import sqlite_only
from app.db import Workspace, open_workspace
from app.services.listing.packs import files


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    """A copy of the demo of this test's own (edits don't leak), with a derived-picture cache of its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    copy = tmp_path / "demo.fdw"
    sqlite_only.online_backup(demo_file, copy)
    opened = open_workspace(copy)
    yield opened
    opened.close()


@pytest.fixture
def fsynced(monkeypatch: pytest.MonkeyPatch) -> set[Path]:
    """The files and folders the packs' flusher fsyncs (really fsynced too), as the build goes."""
    synced: set[Path] = set()
    real_file, real_folder = files.fsync_file, files.fsync_folder

    def file_(path: str | Path) -> None:
        real_file(path)
        synced.add(Path(path))

    def folder(path: str | Path) -> None:
        real_folder(path)
        synced.add(Path(path))

    monkeypatch.setattr(files, "fsync_file", file_)
    monkeypatch.setattr(files, "fsync_folder", folder)
    return synced
