"""Listing packs built with the picture pool (issue #17): worker processes measure and cut pictures across
products; the main process lints and writes. A pooled build writes the same bytes as a serial one, a Cancel
while the workers cut leaves no pack and no half-written folder, a picture the workers can't decode stops the
build with the product's name, and a picture below a platform's size is never enlarged where the platform
takes it (flagged where the platform's minimum asks for more)."""

from __future__ import annotations

import hashlib
import io
import multiprocessing
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from sqlmodel import select

from app import sqlite_only
from app.db import Workspace, open_workspace
from app.models import Product, ProductImage
from app.models.blob import Blob
from app.services.kernel.jobs import Cancelled
from app.services.listing.packs import images, pool as pool_module
from app.services.listing.packs.builder import PackError, build_packs
from app.services.listing.packs.images import measure_picture
from app.services.listing.packs.reuse import PreviousPack
from app.services.listing.picture_checks import border_white_ratio, fill_ratio
from app.services.workspace.demo import create_demo_workspace

#: Platforms with every kind of picture: Amazon's 2000 px squares and white/fill checks, Shopify's, Taobao's
#: white image and strips, Pinduoduo's 750 px, WooCommerce's 1200 px.
PLATFORMS = ("amazon", "shopify", "taobao", "pinduoduo", "woocommerce")
STAMPED = {"manifest.json", "lint_report.txt"}   # they carry the build's time


def photo(drawing: bytes, long_side: int, seed: int) -> tuple[bytes, tuple[int, int]]:
    """The drawing as a camera-like JPEG `long_side` px long, with noise of its own on the product."""
    with Image.open(io.BytesIO(drawing)) as opened:
        image = opened.convert("RGB")
    scale = long_side / max(image.size)
    image = image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS)
    noise = Image.effect_noise(image.size, 2 + seed % 3).convert("RGB")
    darkest = ImageChops.darker(ImageChops.darker(*image.split()[:2]), image.split()[2])
    image = Image.composite(ImageChops.add(image, noise, 1.0, -128), image,
                            darkest.point(lambda v: 255 if v < 250 else 0))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue(), image.size


def with_photos(source: Workspace, path: Path, long_side: int) -> Workspace:
    """A copy of `source` whose every picture is a distinct JPEG `long_side` px long (sizes recorded as
    intake records them)."""
    sqlite_only.online_backup(source.path, path)
    workspace = open_workspace(path)
    with workspace.session() as session:
        for number, blob in enumerate(session.exec(select(Blob).where(
                Blob.id.in_(select(ProductImage.blob_id))))):  # type: ignore[union-attr]
            blob.data, size = photo(blob.data, long_side, number)
            blob.mime, blob.size, blob.sha256 = "image/jpeg", len(blob.data), hashlib.sha256(blob.data).hexdigest()
            for image in session.exec(select(ProductImage).where(ProductImage.blob_id == blob.id)):
                image.width, image.height = size
        session.commit()
    return workspace


@pytest.fixture(scope="module")
def photos(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    demo = create_demo_workspace(tmp_path_factory.mktemp("demo") / "demo.fdw")
    workspace = with_photos(demo, tmp_path_factory.mktemp("photos") / "photos.fdw", 1600)
    demo.close()
    yield workspace
    workspace.close()


@pytest.fixture(autouse=True)
def cold_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def submitted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the functions sent to worker processes."""
    sent: list[str] = []
    real = pool_module.PicturePool.submit

    def spying(self: pool_module.PicturePool, function, *args):  # type: ignore[no-untyped-def]
        sent.append(function.__name__)
        return real(self, function, *args)

    monkeypatch.setattr(pool_module.PicturePool, "submit", spying)
    return sent


def use_the_pool(monkeypatch: pytest.MonkeyPatch, on: bool) -> None:
    monkeypatch.setenv(pool_module.WORKERS_VARIABLE, "2" if on else "1")
    monkeypatch.setattr(pool_module, "POOL_THRESHOLD", 4)


def pack_files(root: Path) -> dict[str, object]:
    """{pack-relative path: bytes} — a spreadsheet's parts without its creation time."""
    found: dict[str, object] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.name not in STAMPED):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                found[path.relative_to(root).as_posix()] = {name: book.read(name) for name in book.namelist()
                                                            if name != "docProps/core.xml"}
        else:
            found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


def test_pool_and_serial_builds_write_byte_identical_packs(photos: Workspace, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           submitted: list[str]) -> None:
    use_the_pool(monkeypatch, False)
    build_packs(photos, None, PLATFORMS, tmp_path / "serial", override_reason="test")
    assert submitted == []
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-2"))   # nothing served from the first build
    images._MEASURED.clear()                                           # nor remembered by this process
    use_the_pool(monkeypatch, True)
    build_packs(photos, None, PLATFORMS, tmp_path / "pool", override_reason="test")
    assert {"cut_picture", "measure_picture"} <= set(submitted)
    serial, pooled = pack_files(tmp_path / "serial"), pack_files(tmp_path / "pool")
    assert sum(name.endswith(".jpg") for name in serial) > 100
    assert pooled.keys() == serial.keys()
    assert [name for name in serial if pooled[name] != serial[name]] == []
    assert multiprocessing.active_children() == []                    # the workers ended with the build


def test_cancel_while_the_workers_cut_leaves_no_pack(photos: Workspace, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch, submitted: list[str]) -> None:
    use_the_pool(monkeypatch, False)
    first = build_packs(photos, None, ("taobao", "shopify"), tmp_path, override_reason="test")
    before = {pid: pack_files(report.path) for pid, report in first.items()}
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-2"))
    monkeypatch.setattr(PreviousPack, "read", classmethod(lambda cls, root: cls()))   # every picture cut again
    use_the_pool(monkeypatch, True)
    written: list[int] = []

    def cancel() -> bool:   # once the first product's folders are on disk and more are being cut
        written.append(len(list(tmp_path.glob(".taobao.*.partial/*/images"))))
        return written[-1] >= 1 and "cut_picture" in submitted

    with pytest.raises(Cancelled):
        build_packs(photos, None, ("taobao", "shopify"), tmp_path, cancel=cancel, override_reason="test")
    assert written[-1] == 1 and "cut_picture" in submitted               # stopped mid-way, with cuts in flight
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "cache-2", "shopify", "taobao"]
    assert {pid: pack_files(tmp_path / pid) for pid in before} == before  # the previous packs, untouched
    assert multiprocessing.active_children() == []


def test_a_picture_the_workers_cannot_decode_names_its_product(photos: Workspace, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               submitted: list[str]) -> None:
    path = tmp_path / "damaged.fdw"
    sqlite_only.online_backup(photos.path, path)
    workspace = open_workspace(path)
    try:
        with workspace.session() as session:
            product = session.exec(select(Product).order_by(Product.id.desc())).first()  # type: ignore[union-attr]
            assert product is not None
            image = session.exec(select(ProductImage).where(ProductImage.product_id == product.id)).first()
            assert image is not None
            blob = session.get(Blob, image.blob_id)
            assert blob is not None
            blob.data = blob.data[:4000]           # the header reads; the pixels don't decode
            blob.sha256 = hashlib.sha256(blob.data).hexdigest()
            code = product.code
            session.commit()
        use_the_pool(monkeypatch, True)
        with pytest.raises(PackError) as raised:
            build_packs(workspace, None, ("shopify",), tmp_path / "out", override_reason="test")
        assert "cut_picture" in submitted
        assert code in raised.value.text("en") and "damaged" in raised.value.text("en")
        assert code in raised.value.text("zh") and "损坏" in raised.value.text("zh")
        assert not (tmp_path / "out" / "shopify").exists()
    finally:
        workspace.close()


def test_a_workers_measurements_are_compliances_own(photos: Workspace) -> None:
    with photos.session() as session:
        datas = [b.data for b in session.exec(select(Blob).where(Blob.id.in_(select(ProductImage.blob_id))))]  # type: ignore[union-attr]
    white = [data for data in datas if border_white_ratio(data) >= 0.97]
    assert white and len(white) < len(datas)
    for data in datas:
        measured = measure_picture(data, fill_if_white=True)
        assert measured["white"] == border_white_ratio(data)
        assert measured.get("fill") == (fill_ratio(data) if data in white else None)


def test_an_800_px_picture_is_delivered_at_800_px_and_flagged_where_the_platform_wants_more(
        photos: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small = with_photos(photos, tmp_path / "small.fdw", 800)
    try:
        use_the_pool(monkeypatch, False)
        reports = build_packs(small, None, ("shopify", "woocommerce", "amazon", "taobao", "pinduoduo"),
                              tmp_path / "out", override_reason="test")
    finally:
        small.close()
    expected = {"shopify": 800, "woocommerce": 800,   # any size: the picture's own, never enlarged
                "amazon": 1000,                        # its 1000 px minimum long side: enlarged, and flagged
                "taobao": 800, "pinduoduo": 750}       # their exact square
    for platform, side in expected.items():
        mains = sorted((tmp_path / "out" / platform).glob("*/images/*_main.jpg"))
        assert mains, platform
        for main in mains:
            with Image.open(main) as picture:
                assert picture.size == (side, side), (platform, main.name)
    too_small = {(f.product, f.field) for f in reports["amazon"].findings if f.rule == "images.too_small"}
    assert {product for product, _field in too_small} == set(reports["amazon"].products)
    for platform in ("shopify", "woocommerce", "taobao", "pinduoduo"):
        assert not [f for f in reports[platform].findings if f.rule == "images.too_small"], platform
