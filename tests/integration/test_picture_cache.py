"""Derived pictures kept on disk (issue #17): a rebuild reads its cuts instead of decoding the originals, and
the cache survives kills, concurrent writers and its own pruning without ever giving a wrong picture."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.db import Workspace
from app.services.catalogue import picture_cache
from app.services.catalogue.picture_cache import PictureCache, recipe_key, workspace_cache_folder
from app.services.listing.packs import images
from app.services.listing.packs.builder import build_packs
from app.services.workspace.demo import create_demo_workspace

PLATFORMS = ("taobao", "amazon", "shopify")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    workspace = create_demo_workspace(tmp_path_factory.mktemp("demo") / "demo.fdw")
    yield workspace
    workspace.close()


@pytest.fixture(autouse=True)
def own_cache(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


def _count_pixel_work(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Every decode for cutting and every full-resolution measurement, counted."""
    counted: Counter[str] = Counter()

    def counting(name: str, real):  # type: ignore[no-untyped-def]
        def wrapper(*args):  # type: ignore[no-untyped-def]
            counted[name] += 1
            return real(*args)
        return wrapper

    for name in ("decode_picture", "border_white_ratio", "fill_ratio"):
        monkeypatch.setattr(images, name, counting(name, getattr(images, name)))
    return counted


def _pictures(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.jpg"))}


def test_a_rebuild_decodes_nothing_and_writes_the_same_pictures(demo: Workspace, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    counted = _count_pixel_work(monkeypatch)
    images._MEASURED.clear()
    build_packs(demo, None, PLATFORMS, tmp_path / "cold")
    assert counted["decode_picture"] > 0 and counted["border_white_ratio"] > 0
    cold = dict(counted)
    counted.clear()
    images._MEASURED.clear()                     # as in a new process: only the disk remembers
    build_packs(demo, None, PLATFORMS, tmp_path / "warm")
    assert counted == Counter(), f"a rebuild decoded originals again: {counted} (cold: {cold})"
    assert _pictures(tmp_path / "warm") == _pictures(tmp_path / "cold")
    assert list(workspace_cache_folder(demo.path).glob("*/*.pic")), "kept in the user's cache folder"


def test_a_damaged_entry_is_a_miss_and_is_made_again(demo: Workspace, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    build_packs(demo, None, ["taobao"], tmp_path / "first")
    entries = sorted(workspace_cache_folder(demo.path).glob("*/*.pic"))
    for entry in entries:                        # every entry cut short or flipped, as a crashed disk might
        data = entry.read_bytes()
        entry.write_bytes(data[: len(data) // 2] if len(data) % 2 else data[:-1] + bytes([data[-1] ^ 1]))
    counted = _count_pixel_work(monkeypatch)
    images._MEASURED.clear()
    build_packs(demo, None, ["taobao"], tmp_path / "second")
    assert counted["decode_picture"] > 0
    assert _pictures(tmp_path / "second") == _pictures(tmp_path / "first")


# ---------------------------------------------------------------- the cache itself


def test_entries_round_trip_and_a_changed_recipe_is_another_key(tmp_path: Path) -> None:
    cache = PictureCache(tmp_path)
    key = recipe_key("a" * 64, "square", 800, "q88")
    assert cache.get(key) is None
    cache.put(key, b"jpeg bytes")
    assert cache.get(key) == b"jpeg bytes"
    assert cache.get(recipe_key("a" * 64, "square", 800, "q90")) is None


def test_pruning_keeps_the_recently_used_under_the_cap(tmp_path: Path) -> None:
    cache = PictureCache(tmp_path, cap_bytes=10 * 1100)
    keys = [recipe_key("picture", n) for n in range(20)]
    for number, key in enumerate(keys):
        cache.put(key, bytes([number]) * 1000)
        os.utime(cache._path(key), (1_000_000 + number, 1_000_000 + number))   # written in this order
    assert cache.get(keys[0]) is not None                                     # used just now: newest
    removed = cache.prune()
    kept = [key for key in keys if cache._path(key).exists()]
    total = sum(p.stat().st_size for p in tmp_path.glob("*/*.pic"))
    assert removed > 0 and total <= 10 * 1100 * picture_cache.PRUNE_TO
    assert keys[0] in kept and keys[1] not in kept and keys[-1] in kept, kept
    assert all(cache.get(key) == bytes([keys.index(key)]) * 1000 for key in kept)


def _write_forever(folder: str, payload_size: int, started) -> None:  # type: ignore[no-untyped-def]
    cache = PictureCache(Path(folder))
    number = 0
    while True:
        number += 1
        cache.put(recipe_key("kill", number % 7), hashlib.sha256(str(number % 7).encode()).digest()
                  * (payload_size // 32))
        started.set()


def test_a_kill_mid_write_leaves_no_corrupt_entry(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    for delay in (0.0, 0.013, 0.029, 0.051, 0.07, 0.11):     # mid-write at different points
        started = context.Event()
        writer = context.Process(target=_write_forever, args=(str(tmp_path), 4 * 1024 * 1024, started))
        writer.start()
        assert started.wait(60)
        time.sleep(delay)
        os.kill(writer.pid, signal.SIGKILL)  # type: ignore[arg-type]
        writer.join()
    cache = PictureCache(tmp_path)
    for number in range(7):
        data = cache.get(recipe_key("kill", number))
        assert data is None or data == hashlib.sha256(str(number).encode()).digest() * (4 * 1024 * 1024 // 32)
    entries = list(tmp_path.glob("*/*.pic"))
    assert entries, "some writes finished"
    for entry in entries:                             # every entry whole: the digest at its end checks out
        stored = entry.read_bytes()
        assert hashlib.sha256(stored[:-32]).digest() == stored[-32:]
    cache.put(recipe_key("kill", 0), b"next")         # the next writer in a folder clears what kills left
    folder = cache._path(recipe_key("kill", 0)).parent
    assert not [p for p in folder.iterdir() if p.name.endswith(".partial")]


def _write_many(folder: str, seed: int) -> None:
    cache = PictureCache(Path(folder), cap_bytes=300 * 1024)
    for round_ in range(60):
        number = (round_ * 7 + seed) % 40
        cache.put(recipe_key("shared", number), str(number).encode() * 3000)
        kept = cache.get(recipe_key("shared", (number + 3) % 40))
        assert kept is None or kept == str((number + 3) % 40).encode() * 3000


def test_concurrent_writers_and_pruners_never_see_a_wrong_picture(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_write_many, args=(str(tmp_path), seed)) for seed in range(3)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=120)
    assert [writer.exitcode for writer in writers] == [0, 0, 0]
    cache = PictureCache(tmp_path)
    for number in range(40):
        kept = cache.get(recipe_key("shared", number))
        assert kept is None or kept == str(number).encode() * 3000


def test_an_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_bytes(b"not a folder")
    cache = PictureCache(blocker / "cache")
    cache.put("ab" + "0" * 62, b"x")                  # no error: the picture is simply made again next time
    assert cache.get("ab" + "0" * 62) is None


def test_catalogue_pictures_are_kept_for_the_next_process(demo: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """The catalogue PDFs' pictures (`derived_image`) come from the disk cache when the process-wide one is
    empty, as in a new process, and are the same bytes."""
    from app.services.documents import public_data

    public_data.DERIVED_CACHE.clear()
    first = public_data.load_products(demo)
    made: Counter[int] = Counter()
    real = public_data.derived_image

    def counting(data: bytes, size: int, pad_white: bool = True):  # type: ignore[no-untyped-def]
        made[size] += 1
        return real(data, size, pad_white)

    monkeypatch.setattr(public_data, "derived_image", counting)
    public_data.DERIVED_CACHE.clear()
    second = public_data.load_products(demo)
    assert made == Counter(), made
    assert [p.images for p in second] == [p.images for p in first]
    assert any(p.images for p in first)
