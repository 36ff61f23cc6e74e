"""Check 4 (reliability.md) and the other refusals: a workspace the app must not write to is refused,
untouched, with a message in both languages."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

import app.sqlite_only as sqlite_only
from app.db import (
    NetworkPathRefused,
    NotAWorkspace,
    WorkspaceDamaged,
    WorkspaceError,
    WorkspaceExists,
    WorkspaceNotFound,
    WorkspaceTooNew,
    create_workspace,
    open_workspace,
)
from app.models import Product, Sku


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def companions(path: Path) -> list[Path]:
    return [p for p in sqlite_only.companion_files(path) if p.exists()]


def assert_bilingual(error: WorkspaceError) -> None:
    assert error.message.zh.strip() and error.message.en.strip()
    assert error.message.zh != error.message.en
    assert any("\u4e00" <= char <= "\u9fff" for char in error.message.zh)
    assert error.text("zh_CN") == error.message.zh and error.text("en") == error.message.en


def workspace_with_products(path: Path, products: int = 200) -> Path:
    """A closed workspace (WAL folded back in) with enough rows to span many pages."""
    workspace = create_workspace(path)
    try:
        with workspace.session() as session:
            for n in range(products):
                product = Product(code=f"P{n:04d}", name_zh=f"双肩包 {n} 🎒", name_en=f"Backpack {n}",
                                  description_en="A sturdy everyday backpack. " * 8)
                session.add(product)
                session.flush()
                for i in range(3):
                    session.add(Sku(product_id=product.id, code=f"P{n:04d}-{i}", gtin="0012345678905",
                                    cost=Decimal("12345678901234567.89")))
    finally:
        workspace.close()
    assert not companions(path)
    return path


def assert_refused_untouched(path: Path, error_type: type[WorkspaceError]) -> WorkspaceError:
    """Opening fails with `error_type`, and the file is byte-for-byte what it was."""
    before = sha256(path)
    had_companions = companions(path)
    with pytest.raises(error_type) as caught:
        open_workspace(path, backup_dir=path.parent / "backups")
    assert sha256(path) == before, "a refused workspace must not be written to"
    assert not (path.parent / "backups").exists(), "nothing was migrated, so nothing was backed up"
    assert_bilingual(caught.value)
    # A read-only check of a WAL-mode file may create an empty -wal and the -shm index beside it;
    # no page may have been written to either the file or a new -wal/-journal.
    for companion in companions(path):
        if companion not in had_companions and not companion.name.endswith("-shm"):
            assert companion.stat().st_size == 0, f"{companion.name} was written to"
    return caught.value


# --- damaged files --------------------------------------------------------------------------------

def test_garbage_file_is_damaged_and_untouched(tmp_path: Path) -> None:
    path = workspace_with_products(tmp_path / "w.fdw", products=20)
    size = path.stat().st_size
    path.write_bytes(random.Random(1).randbytes(size))
    error = assert_refused_untouched(path, WorkspaceDamaged)
    assert isinstance(error, WorkspaceDamaged) and error.path == path and error.detail
    assert not companions(path), "no -wal/-shm/-journal may appear beside a damaged file"


def test_header_overwritten_with_garbage(tmp_path: Path) -> None:
    path = workspace_with_products(tmp_path / "w.fdw", products=20)
    with open(path, "r+b") as handle:
        handle.write(b"\x00garbage" * 512)
    assert_refused_untouched(path, WorkspaceDamaged)
    assert not companions(path)


def _btree_pages(path: Path) -> list[int]:
    """Page numbers (1-based) of b-tree pages, read from their header byte."""
    data = path.read_bytes()
    page_size = int.from_bytes(data[16:18], "big")
    pages = []
    for number in range(2, len(data) // page_size + 1):
        if data[(number - 1) * page_size] in (0x02, 0x05, 0x0A, 0x0D):
            pages.append(number)
    return pages


def test_one_corrupted_page_is_damaged_and_untouched(tmp_path: Path) -> None:
    path = workspace_with_products(tmp_path / "w.fdw", products=200)
    page_size = int.from_bytes(path.read_bytes()[16:18], "big")
    pages = _btree_pages(path)
    assert len(pages) > 20
    middle = pages[len(pages) // 2]
    with open(path, "r+b") as handle:
        handle.seek((middle - 1) * page_size)
        handle.write(random.Random(2).randbytes(page_size))
    assert sqlite_only.check_file(path)[0] is False, "quick_check must see the corrupted page"
    assert_refused_untouched(path, WorkspaceDamaged)


def test_one_corrupted_page_header_is_damaged(tmp_path: Path) -> None:
    # A b-tree page whose header is wrong, the rest of the page intact: the subtlest corruption.
    path = workspace_with_products(tmp_path / "w.fdw", products=200)
    page_size = int.from_bytes(path.read_bytes()[16:18], "big")
    pages = _btree_pages(path)
    middle = pages[len(pages) // 2]
    with open(path, "r+b") as handle:
        handle.seek((middle - 1) * page_size + 3)
        handle.write(b"\xff\xff")  # number of cells on the page
    assert_refused_untouched(path, WorkspaceDamaged)


def test_truncated_workspace_is_damaged(tmp_path: Path) -> None:
    path = workspace_with_products(tmp_path / "w.fdw", products=200)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert_refused_untouched(path, WorkspaceDamaged)


# --- files that aren't ours, or are too new --------------------------------------------------------

def test_plain_sqlite_file_is_not_a_workspace(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT)")
    connection.execute("INSERT INTO things (name) VALUES ('x')")
    connection.commit()
    connection.close()
    assert_refused_untouched(path, NotAWorkspace)


def test_empty_file_is_not_a_workspace(tmp_path: Path) -> None:
    path = tmp_path / "empty.fdw"
    path.write_bytes(b"")
    assert_refused_untouched(path, NotAWorkspace)
    assert path.stat().st_size == 0


def test_workspace_from_a_newer_app_is_refused(tmp_path: Path) -> None:
    path = workspace_with_products(tmp_path / "w.fdw", products=3)
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.commit()
    connection.close()
    assert not companions(path)
    error = assert_refused_untouched(path, WorkspaceTooNew)
    assert "update" in error.message.en.lower()
    assert "升级" in error.message.zh or "更新" in error.message.zh
    assert "9999_future" in error.message.en
    assert sqlite_only.read_alembic_revision(path) == "9999_future"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceNotFound) as caught:
        open_workspace(tmp_path / "nowhere.fdw")
    assert_bilingual(caught.value)
    assert not (tmp_path / "nowhere.fdw").exists()


def test_create_refuses_to_overwrite(tmp_path: Path) -> None:
    path = workspace_with_products(tmp_path / "w.fdw", products=5)
    before = sha256(path)
    with pytest.raises(WorkspaceExists) as caught:
        create_workspace(path)
    assert_bilingual(caught.value)
    assert sha256(path) == before
    other = tmp_path / "notes.txt"
    other.write_text("not a workspace, but the user's file", encoding="utf-8")
    with pytest.raises(WorkspaceExists):
        create_workspace(other)
    assert other.read_text(encoding="utf-8") == "not a workspace, but the user's file"


# --- network paths ---------------------------------------------------------------------------------

def test_network_path_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = workspace_with_products(tmp_path / "w.fdw", products=3)
    monkeypatch.setattr(sqlite_only, "is_network_path", lambda _path: True)
    error = assert_refused_untouched(path, NetworkPathRefused)
    assert "copy" in error.message.en.lower() and "复制" in error.message.zh
    with pytest.raises(NetworkPathRefused):
        create_workspace(tmp_path / "new.fdw")
    assert not (tmp_path / "new.fdw").exists()


@pytest.mark.parametrize("text", ["\\\\server\\share\\w.fdw", "//server/share/w.fdw", "\\\\nas\\工厂\\w.fdw"])
def test_unc_paths_are_network_paths(text: str) -> None:
    assert sqlite_only.is_network_path(Path(text)) is True
    assert sqlite_only.is_network_path(text) is True  # type: ignore[arg-type]


def test_local_path_is_not_a_network_path(tmp_path: Path) -> None:
    assert sqlite_only.is_network_path(tmp_path / "w.fdw") is False


MOUNTS = """\
sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
/dev/sda1 / ext4 rw,relatime 0 0
/dev/sdb1 /home ext4 rw,relatime 0 0
nas.local:/export/factory /mnt/nas nfs4 rw,relatime,vers=4.2 0 0
//fileserver/share /mnt/office\\040share cifs rw,relatime,vers=3.0 0 0
/dev/sdc1 /mnt/nas/local-cache ext4 rw,relatime 0 0
"""


@pytest.mark.parametrize(("path", "network"), [
    ("/mnt/nas/w.fdw", True),                     # nfs4
    ("/mnt/nas/deep/folder/w.fdw", True),
    ("/mnt/nas", True),
    ("/mnt/office share/工厂/w.fdw", True),        # cifs, with a space escaped as \040 in /proc/mounts
    ("/home/factory/w.fdw", False),                # ext4
    ("/srv/w.fdw", False),                         # ext4 at /
    ("/mnt/nas/local-cache/w.fdw", False),         # a local disk mounted inside the share
    ("/mnt/nas2/w.fdw", False),                    # a sibling whose name merely starts the same
    ("/mnt/office/w.fdw", False),
])
def test_linux_mount_detection(path: str, network: bool) -> None:
    assert sqlite_only._is_linux_network_mount(Path(path), MOUNTS) is network


@pytest.mark.parametrize("fs_type", sorted(sqlite_only.NETWORK_FILESYSTEMS))
def test_every_network_filesystem_type_is_detected(fs_type: str) -> None:
    mounts = f"/dev/sda1 / ext4 rw 0 0\nserver:/x /mnt/x {fs_type} rw 0 0\n"
    assert sqlite_only._is_linux_network_mount(Path("/mnt/x/w.fdw"), mounts) is True
    assert sqlite_only._is_linux_network_mount(Path("/home/w.fdw"), mounts) is False


def test_unreadable_mounts_mean_local(tmp_path: Path) -> None:
    assert sqlite_only._is_linux_network_mount(tmp_path / "w.fdw", "") is False
