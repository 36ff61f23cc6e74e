"""Image intake: bombs and oversized files refused, EXIF orientation applied, metadata stripped, dedup."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin
from sqlmodel import func, select

from app.db import Workspace
from app.models import Blob, Product, ProductImage, Sku
from app.services.catalogue import images
from app.services.catalogue.images import (
    DamagedImage,
    ImageFileTooLarge,
    ImageTooManyPixels,
    IntakeLimits,
    UnsupportedImageFormat,
    add_product_image,
    derived_image,
    intake_image,
    reorder_images,
)


def png_bomb(path: Path, width: int, height: int) -> Path:
    """A valid 1-bit greyscale PNG of all-black pixels: tiny on disk, huge once decoded.

    Written chunk by chunk (Pillow would need the whole image in memory to save it).
    """
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + packed bits
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b""))
    return path


def jpeg_bytes(size: tuple[int, int] = (60, 30), orientation: int | None = None, colour=(200, 30, 30)) -> bytes:
    """A JPEG whose left half is `colour` and right half blue, optionally with an EXIF orientation."""
    image = Image.new("RGB", size, (30, 30, 200))
    image.paste(colour, (0, 0, size[0] // 2, size[1]))
    buffer = io.BytesIO()
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    exif[0x010F] = "SecretCam"        # Make: metadata that must not survive
    image.save(buffer, "JPEG", quality=95, exif=exif.tobytes())
    return buffer.getvalue()


def png_bytes(size: tuple[int, int] = (40, 20), mode: str = "RGBA", text: str | None = None) -> bytes:
    buffer = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    if text:
        info.add_text("Comment", text)
    Image.new(mode, size, (10, 200, 10, 128) if mode == "RGBA" else (10, 200, 10)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


@pytest.fixture
def product_id(workspace: Workspace) -> int:
    with workspace.session() as session:
        product = Product(code="P-1", name_zh="行李箱")
        session.add(product)
        session.flush()
        assert product.id is not None
        return product.id


def test_a_decompression_bomb_png_is_refused(tmp_path: Path) -> None:
    bomb = png_bomb(tmp_path / "bomb.png", 20000, 20000)
    assert bomb.stat().st_size < 200_000                   # small on disk, 400 megapixels declared
    with pytest.raises(ImageTooManyPixels) as raised:
        intake_image(bomb)
    assert "decompression bomb" in raised.value.message.en and "解压炸弹" in raised.value.message.zh
    assert "400,000,000 pixels" in raised.value.message.en and "400,000,000 像素" in raised.value.message.zh


def test_a_bomb_between_pillows_warning_and_error_is_refused_too(tmp_path: Path) -> None:
    """100 MP: Pillow would only warn (89 MP) and decode it; the app refuses, whatever the configured cap."""
    bomb = png_bomb(tmp_path / "bomb.png", 10000, 10000)
    with pytest.raises(ImageTooManyPixels):
        intake_image(bomb, limits=IntakeLimits(max_pixels=10**12))


def test_the_pixel_cap_is_configurable(tmp_path: Path) -> None:
    with pytest.raises(ImageTooManyPixels):
        intake_image(png_bytes((1000, 1000), "RGB"), limits=IntakeLimits(max_pixels=500_000))
    assert intake_image(png_bytes((1000, 1000), "RGB")).width == 1000


def test_a_30_mb_file_is_refused_before_decoding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "huge.jpg"
    with big.open("wb") as handle:
        handle.write(jpeg_bytes())
        handle.truncate(30 * 1024 * 1024)
    monkeypatch.setattr(images.Image, "open", lambda *a, **k: pytest.fail("decoded an oversized file"))
    with pytest.raises(ImageFileTooLarge) as raised:
        intake_image(big)
    assert "30.0 MB" in raised.value.message.en and "20 MB" in raised.value.message.zh
    with pytest.raises(ImageFileTooLarge):
        intake_image(big.read_bytes())


def test_exif_orientation_is_applied_and_metadata_stripped() -> None:
    checked = intake_image(jpeg_bytes((60, 30), orientation=6))
    assert (checked.width, checked.height) == (30, 60)
    image = Image.open(io.BytesIO(checked.data))
    assert image.size == (30, 60) and checked.mime == "image/jpeg"
    red, _green, blue = image.getpixel((15, 10))          # the left half (red) is now on top
    assert red > 150 and blue < 100
    red, _green, blue = image.getpixel((15, 50))
    assert blue > 150 and red < 100
    assert 0x0112 not in image.getexif() and 0x010F not in image.getexif()


@pytest.mark.parametrize("data, error", [
    (jpeg_bytes()[:400], DamagedImage),                     # cut inside the header
    (jpeg_bytes()[:-300], DamagedImage),                    # cut inside the pixels
    (png_bytes()[:60], DamagedImage),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, DamagedImage),
    (b"this is not an image at all", UnsupportedImageFormat),
    (b"", UnsupportedImageFormat),
])
def test_truncated_and_garbage_files_are_refused(data: bytes, error: type) -> None:
    with pytest.raises(error) as raised:
        intake_image(data, name="x.bin")
    assert "x.bin" in raised.value.message.en and raised.value.message.zh


def test_other_formats_are_refused() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")
    with pytest.raises(UnsupportedImageFormat) as raised:
        intake_image(buffer.getvalue())
    assert "JPEG" in raised.value.message.en


def test_png_stays_png_without_text_chunks_and_webp_becomes_png() -> None:
    checked = intake_image(png_bytes(text="GPS 31.2,121.4"))
    assert checked.mime == "image/png" and b"GPS" not in checked.data
    assert Image.open(io.BytesIO(checked.data)).mode == "RGBA"
    buffer = io.BytesIO()
    Image.new("RGB", (12, 8), (1, 2, 3)).save(buffer, "WEBP", lossless=True)
    webp = intake_image(buffer.getvalue())
    assert (webp.mime, webp.width, webp.height) == ("image/png", 12, 8)


def test_identical_images_are_stored_once(workspace: Workspace, product_id: int, tmp_path: Path) -> None:
    path = tmp_path / "main.jpg"
    path.write_bytes(jpeg_bytes())
    with workspace.session() as session:
        first = add_product_image(session, product_id, path, "main")
        again = add_product_image(session, product_id, path, "main")
        white = add_product_image(session, product_id, path.read_bytes(), "white_background", file_name="w.jpg")
        assert again.id == first.id                       # a repeated drop doesn't duplicate the image
        assert white.id != first.id and white.blob_id == first.blob_id
        assert session.exec(select(func.count()).select_from(Blob)).one() == 1
        assert (first.position, white.position, first.file_name) == (0, 1, "main.jpg")
        assert (first.width, first.height) == (60, 30)


def test_images_can_be_reordered(workspace: Workspace, product_id: int) -> None:
    with workspace.session() as session:
        ids = [add_product_image(session, product_id, png_bytes((10 + n, 10), "RGB"), "detail").id for n in range(3)]
        reorder_images(session, product_id, [ids[2], ids[0], ids[1]])
        order = session.exec(select(ProductImage.id).where(ProductImage.product_id == product_id)
                             .order_by(ProductImage.position)).all()
        assert order == [ids[2], ids[0], ids[1]]
        with pytest.raises(ValueError):
            reorder_images(session, product_id, ids[:2])


def test_variant_images_belong_to_a_sku_of_the_product(workspace: Workspace, product_id: int) -> None:
    with workspace.session() as session:
        other = Product(code="P-2")
        session.add(other)
        session.flush()
        sku = Sku(product_id=other.id, code="P-2-A")
        session.add(sku)
        session.flush()
        with pytest.raises(ValueError):
            add_product_image(session, product_id, png_bytes(), "variant", sku_id=sku.id)
        with pytest.raises(ValueError):
            add_product_image(session, product_id, png_bytes(), "poster")


def test_derived_images_are_square_and_padded_white() -> None:
    original = intake_image(jpeg_bytes((400, 200))).data
    thumb = derived_image(original, 100)
    image = Image.open(io.BytesIO(thumb.data))
    assert (thumb.width, thumb.height, thumb.mime) == (100, 100, "image/jpeg") and image.size == (100, 100)
    assert min(image.getpixel((50, 2))) > 240             # padding above the wide picture is white
    big = derived_image(original, 800)                     # scaled up to the platform size
    assert (big.width, big.height) == (800, 800)
    plain = derived_image(intake_image(png_bytes((40, 20))).data, 20, pad_white=False)
    assert (plain.width, plain.height, plain.mime) == (20, 10, "image/png")
