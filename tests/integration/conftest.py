"""Fixtures shared by the integration tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services.listing.packs import files


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
