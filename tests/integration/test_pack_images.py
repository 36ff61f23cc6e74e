"""The picture cutting of listing packs: each picture decoded once per product and scale however many platforms
ask for the same size, the outputs exactly those of a fresh cut (and of `derived_image`), one product's pictures
in memory at a time, measurements taken once per picture, every file fsynced before a pack is renamed into place.
"""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from sqlmodel import select

from app import sqlite_only
from app.db import Workspace, open_workspace
from app.models import ImageRole, Product, ProductImage
from app.models.blob import Blob
from app.services.catalogue.images import derived_image
from app.services.listing.packs import builder, images
from app.services.listing.packs.builder import build_pack, build_packs
from app.services.listing.packs.images import (
    WIDTH,
    Cut,
    PixelCache,
    cut_picture,
    plan_images,
)
from app.services.listing.packs.profiles import effective_profile
from app.services.listing.packs.source import ListingProduct, load_blob, load_products
from app.services.listing.picture_checks import border_white_ratio, fill_ratio
from app.services.workspace.demo import create_demo_workspace

SCARF = "XZ-SC-CB01"
#: Taobao and JD both want 800 px squares and 750 px details; Pinduoduo 750 px squares; Amazon 2000 px.
SHARING = ("taobao", "jd")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    workspace = create_demo_workspace(tmp_path_factory.mktemp("demo") / "demo.fdw")
    yield workspace
    workspace.close()


@pytest.fixture(scope="module")
def photos(demo: Workspace, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """A copy of the demo whose scarf pictures are camera-sized JPEGs (2400 px on the long side), so sizes
    decode at different JPEG draft scales: 800 px from a 1/2-scale decode, 2000 px from the full one."""
    path = tmp_path_factory.mktemp("photos") / "photos.fdw"
    sqlite_only.online_backup(demo.path, path)
    workspace = open_workspace(path)
    with workspace.session() as session:
        scarf_id = session.exec(select(Product.id).where(Product.code == SCARF)).one()
        blob_ids = set(session.exec(select(ProductImage.blob_id).where(ProductImage.product_id == scarf_id)))
        for blob in session.exec(select(Blob).where(Blob.id.in_(blob_ids))):  # type: ignore[union-attr]
            with Image.open(io.BytesIO(blob.data)) as drawing:
                scale = 2400 / max(drawing.size)
                photo = drawing.convert("RGB").resize((round(drawing.width * scale), round(drawing.height * scale)))
            buffer = io.BytesIO()
            photo.save(buffer, "JPEG", quality=92)
            blob.data, blob.mime = buffer.getvalue(), "image/jpeg"
            blob.size, blob.sha256 = len(blob.data), hashlib.sha256(blob.data).hexdigest()
            for image in session.exec(select(ProductImage).where(ProductImage.blob_id == blob.id)):
                image.width, image.height = photo.size       # as intake records them (sizes follow them)
    yield workspace
    workspace.close()


@pytest.fixture(autouse=True)
def cold_picture_cache(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Each test starts with an empty disk cache of derived pictures (they count decodes and measurements of
    cold builds; tests/integration/test_picture_cache.py is about the warm ones)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> Counter[tuple[str, tuple[int, int]]]:
    """Every decode of a picture for cutting: (sha256 of the picture, decoded size) → how many times."""
    counted: Counter[tuple[str, tuple[int, int]]] = Counter()
    real = images.decode_picture

    def counting(data: bytes, box: tuple[int, int]) -> Image.Image:
        image = real(data, box)
        counted[(hashlib.sha256(data).hexdigest()[:12], image.size)] += 1
        return image

    monkeypatch.setattr(images, "decode_picture", counting)
    return counted


def scarf(workspace: Workspace) -> ListingProduct:
    [product] = load_products(workspace, [SCARF])
    return product


def expected_files(workspace: Workspace, platform: str) -> dict[str, bytes]:
    """{file name: bytes} of the scarf's images folder, each picture cut on its own: squares by
    `derived_image`, details by a lone `cut_picture` (nothing shared, nothing cached)."""
    profile = effective_profile(workspace, platform)
    product = scarf(workspace)
    plan = plan_images(product, profile, PixelCache(lambda blob_id: load_blob(workspace, blob_id)))
    data = {i.blob_id: load_blob(workspace, i.blob_id) for i in product.images}
    size = plan.main_size
    found = {f"{n:02d}_main.jpg": derived_image(data[i.blob_id], size).data for n, i in enumerate(plan.mains, 1)}
    if plan.white is not None:
        found["white.jpg"] = derived_image(data[plan.white.blob_id], size).data
    for n, image in enumerate(dict.fromkeys(plan.variants.values()), start=1):
        found[f"variant_{n:02d}.jpg"] = derived_image(data[image.blob_id], size).data
    for n, image in enumerate(plan.details, start=1):
        cut = Cut(image.blob_id, WIDTH, plan.detail_width)
        found[f"detail_{n:02d}.jpg"] = cut_picture(data[image.blob_id], [cut])[cut][0]
    return found


def written(pack: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((pack / SCARF / "images").iterdir())
            if not p.name.startswith("detail_strip")}


# ---------------------------------------------------------------- one decode, identical outputs


def test_a_size_two_platforms_share_is_decoded_and_cut_once(demo: Workspace, tmp_path: Path,
                                                            decodes: Counter[tuple[str, tuple[int, int]]]) -> None:
    reports = build_packs(demo, [SCARF], SHARING, tmp_path)
    pictures = {hashlib.sha256(load_blob(demo, i.blob_id)).hexdigest()[:12] for i in scarf(demo).images}
    assert {sha for sha, _size in decodes} <= pictures
    assert set(decodes.values()) == {1}, decodes                    # PNGs: one decode each for both platforms
    for platform in SHARING:
        assert written(reports[platform].path) == expected_files(demo, platform)
    taobao, jd = written(reports["taobao"].path), written(reports["jd"].path)
    assert set(taobao) - set(jd) == {"white.jpg"}                   # Taobao's 白底图; the rest is shared
    assert {name: taobao[name] for name in jd} == jd


def test_jpegs_decode_once_per_draft_scale_and_match_a_fresh_cut(photos: Workspace, tmp_path: Path,
                                                                 decodes: Counter[tuple[str, tuple[int, int]]]) -> None:
    platforms = ("taobao", "jd", "pinduoduo", "amazon")
    reports = build_packs(photos, [SCARF], platforms, tmp_path)
    assert set(decodes.values()) == {1}, decodes
    scales = {size for _sha, size in decodes}
    assert (1200, 1200) in scales and (2400, 2400) in scales      # 750/800 px from 1/2 scale; 2000 px from full
    for platform in platforms:
        assert written(reports[platform].path) == expected_files(photos, platform)


def test_one_pass_and_one_platform_at_a_time_write_the_same_pictures(photos: Workspace, tmp_path: Path) -> None:
    platforms = ("tmall", "pinduoduo", "woocommerce")
    together = build_packs(photos, None, platforms, tmp_path / "together")
    for platform in platforms:
        alone = build_pack(photos, None, platform, tmp_path / "alone")
        ours = {p.relative_to(alone.path): p.read_bytes() for p in alone.path.rglob("*.jpg")}
        theirs = {p.relative_to(together[platform].path): p.read_bytes()
                  for p in together[platform].path.rglob("*.jpg")}
        assert ours == theirs and ours


def encoded(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **({"transparency": 0} if image.mode == "P" else {}))
    return buffer.getvalue()


def sample(mode: str, size: tuple[int, int]) -> Image.Image:
    """A picture in `mode` with a product on a white (or, with alpha, transparent) background."""
    image = Image.new("RGBA", size, (255, 255, 255, 0 if "A" in mode or mode == "P" else 255))
    image.paste((200, 30, 60, 255), (size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4))
    return image.convert(mode) if mode != "P" else image.convert("RGB").convert("P")


@pytest.mark.parametrize("mode, fmt", [("RGB", "PNG"), ("RGBA", "PNG"), ("LA", "PNG"), ("L", "PNG"),
                                       ("P", "PNG"), ("RGB", "JPEG"), ("L", "JPEG")])
@pytest.mark.parametrize("shape", [(640, 640), (640, 400), (300, 640)])
def test_a_square_cut_is_derived_images_picture_byte_for_byte(mode: str, fmt: str, shape: tuple[int, int]) -> None:
    data = encoded(sample(mode, shape), fmt)
    for size in (100, 160, 320, 640, 900):   # down, down to a JPEG draft scale exactly, the size itself, up
        cut = Cut(1, images.SQUARE, size)
        assert cut_picture(data, [cut])[cut][0] == derived_image(data, size).data, (mode, fmt, shape, size)


# ---------------------------------------------------------------- bounded memory, measurements


def test_the_cache_holds_one_products_pictures_at_a_time(demo: Workspace, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    blobs = {p.code: {i.blob_id for i in p.images} for p in load_products(demo, None)}
    held: list[tuple[set[int], set[int]]] = []
    real = PixelCache.prepare

    def watching(self: PixelCache, cuts, pool=None) -> None:  # type: ignore[no-untyped-def]
        cuts = list(cuts)
        real(self, cuts, pool)
        held.append((set(self._bytes), {cut.blob_id for cut in cuts}))

    monkeypatch.setattr(PixelCache, "prepare", watching)
    build_packs(demo, None, ("taobao", "amazon"), tmp_path)
    assert held
    for in_memory, asked in held:
        owners = [code for code, ids in blobs.items() if asked <= ids]
        assert owners and any(in_memory <= blobs[code] for code in owners), (in_memory, asked)


def test_measurements_are_exact_and_taken_once_per_picture(demo: Workspace, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    measured: Counter[tuple[str, str]] = Counter()

    def counting(kind: str, measure):  # type: ignore[no-untyped-def]
        def wrapper(data: bytes) -> float:
            measured[(kind, hashlib.sha256(data).hexdigest())] += 1
            return measure(data)
        return wrapper

    monkeypatch.setattr(images, "border_white_ratio", counting("white", border_white_ratio))
    monkeypatch.setattr(images, "fill_ratio", counting("fill", fill_ratio))
    images._MEASURED.clear()
    build_pack(demo, [SCARF], "taobao", tmp_path)        # white-background image: measures the candidates
    build_pack(demo, [SCARF], "tmall", tmp_path)         # the same pictures: measured already
    build_pack(demo, [SCARF], "amazon", tmp_path)        # white main and fill
    build_pack(demo, [SCARF], "amazon", tmp_path)        # all measured already
    assert {kind for kind, _sha in measured} == {"white", "fill"} and set(measured.values()) == {1}, measured
    pixels = PixelCache(lambda blob_id: load_blob(demo, blob_id))
    for image in scarf(demo).images:
        if image.role != ImageRole.DETAIL.value:       # the memo gives what compliance measures on the bytes
            data = load_blob(demo, image.blob_id)
            assert pixels.white_ratio(image.blob_id) == border_white_ratio(data)
            assert pixels.fill(image.blob_id) == fill_ratio(data)


# ---------------------------------------------------------------- durability


def test_every_file_and_folder_is_fsynced_before_the_pack_is_renamed(demo: Workspace, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    fsynced: set[Path]) -> None:
    real_move = builder._move_all_into_place

    def move(moves: list[tuple[Path, Path]]) -> None:
        for temp, _final in moves:
            everything = {temp, *temp.rglob("*")}
            assert everything <= fsynced, sorted(everything - fsynced)[:5]
        real_move(moves)

    monkeypatch.setattr(builder, "_move_all_into_place", move)
    reports = build_packs(demo, None, ("jd", "shopify"), tmp_path)
    assert all((report.path / "manifest.json").is_file() for report in reports.values())


def test_packs_for_several_platforms_are_replaced_all_or_none(demo: Workspace, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A rename that fails half-way (an old pack's file open in Excel on Windows) leaves every platform with
    its previous pack, not some new and some old."""
    first = build_packs(demo, None, ("jd", "shopify", "tmall"), tmp_path)
    before = {pid: (report.path / "manifest.json").read_bytes() for pid, report in first.items()}
    real_replace = builder.os.replace

    def replace(source: object, target: object) -> None:
        if Path(str(target)).name == "tmall" and str(source).endswith(".partial"):   # the new tmall can't go in
            raise PermissionError("in use")
        real_replace(source, target)

    monkeypatch.setattr(builder.os, "replace", replace)
    hidden: list[Path] = []
    monkeypatch.setattr(builder, "hide", hidden.append)   # (Windows: the hidden attribute stays through renames)
    with pytest.raises(PermissionError):
        build_packs(demo, None, ("jd", "shopify", "tmall"), tmp_path)
    monkeypatch.setattr(builder.os, "replace", real_replace)
    after = {pid: (tmp_path / pid / "manifest.json").read_bytes() for pid in before}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["jd", "shopify", "tmall"]   # nothing left behind
    assert hidden == [], "an old pack renamed back by the undo is never hidden"

    build_packs(demo, None, ("jd", "shopify", "tmall"), tmp_path)
    assert sorted(p.name.split(".")[1] for p in hidden) == ["jd", "shopify", "tmall"]   # once all are in place


def test_a_damaged_stored_picture_is_a_readable_error() -> None:
    from PIL import Image as PILImage

    from app.services.catalogue.images import DamagedImage
    from app.services.listing.packs.images import Cut, cut_picture

    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 900), (200, 40, 40)).save(buffer, "JPEG", quality=90)
    with pytest.raises(DamagedImage) as raised:
        cut_picture(buffer.getvalue()[:3000], [Cut(7, "square", 800)])
    assert "damaged" in raised.value.text("en") and "损坏" in raised.value.text("zh")
