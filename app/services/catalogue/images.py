"""Image intake for product pictures: check, normalise, store; and derived sizes made on demand.

Every picture a user drops goes through `intake_image` before it is stored:
1. the file size is capped before anything is decoded (default 20 MB);
2. only JPEG, PNG and WebP are opened (Pillow is told which decoders it may use);
3. the declared pixel count is capped before the pixels are decoded (default 50 megapixels, a 50 MP
   camera's full frame, and never above Pillow's `Image.MAX_IMAGE_PIXELS`), and Pillow's
   `DecompressionBombWarning` is raised as an error while decoding — a tiny PNG declaring 20000×20000
   pixels would otherwise take gigabytes;
4. `verify()` checks the structure, then the file is opened again (verify leaves it unusable) and
   decoded fully, so a truncated file fails here and not later in a PDF;
5. EXIF orientation is applied (phones store portrait photos sideways plus a flag that marketplaces
   ignore), then the image is re-encoded without EXIF, XMP or text chunks (GPS positions, camera
   serials). The ICC colour profile is kept: dropping it shifts the colours of Adobe RGB photos.
   JPEG stays JPEG; PNG stays PNG; WebP becomes PNG (lossless), since Amazon and the Chinese
   platforms don't take WebP uploads.

Originals (after this normalisation) are kept as blobs, deduplicated by content; thumbnails and platform
sizes are derived on demand by `derived_image` and never stored.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps
from sqlmodel import Session, col, select

from app.models import ImageRole, Product, ProductImage, Sku
from app.models.bilingual import Bilingual, UserFacingError
from app.services.catalogue.blobs import store_blob
from app.services.kernel import audit

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_PIXELS = 50_000_000
JPEG_QUALITY = 92
DERIVED_JPEG_QUALITY = 88
WHITE = (255, 255, 255)
#: File signatures of the accepted formats (WebP is RIFF….WEBP).
_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"RIFF")


@dataclass(frozen=True)
class IntakeLimits:
    """How big an image may be. Configurable per call (tests, a settings page)."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_pixels: int = DEFAULT_MAX_PIXELS


@dataclass(frozen=True)
class CheckedImage:
    """An accepted image, re-encoded: its bytes, MIME type and upright dimensions."""

    data: bytes
    mime: str
    width: int
    height: int


@dataclass(frozen=True)
class DerivedImage:
    """A size made on demand (thumbnail, platform size); never stored."""

    data: bytes
    mime: str
    width: int
    height: int


class ImageRejected(UserFacingError):
    """An image the app won't take; the message says why and what to do."""


class ImageFileTooLarge(ImageRejected):
    pass


class ImageTooManyPixels(ImageRejected):
    pass


class UnsupportedImageFormat(ImageRejected):
    pass


class DamagedImage(ImageRejected):
    pass


def intake_image(source: str | Path | bytes, *, limits: IntakeLimits | None = None,
                 name: str | None = None) -> CheckedImage:
    """Check and normalise one image file or its bytes (see the module docstring for the steps)."""
    limits = limits or IntakeLimits()
    label = name or (Path(source).name if not isinstance(source, bytes) else "image")
    data = _read_capped(source, limits.max_bytes, label)
    image = _open_checked(data, limits, label)
    try:
        upright = ImageOps.exif_transpose(image)
    except Exception as error:  # noqa: BLE001 - a damaged EXIF block is a damaged file
        raise _damaged(label) from error
    return _reencode(upright if upright is not None else image, image.format or "PNG", image.info.get("icc_profile"))


def _read_capped(source: str | Path | bytes, max_bytes: int, label: str) -> bytes:
    """The bytes of `source`, refusing anything over `max_bytes` before it is read or decoded."""
    if isinstance(source, bytes):
        if len(source) > max_bytes:
            raise _too_large(len(source), max_bytes, label)
        return source
    path = Path(source)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _too_large(size, max_bytes, label)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise ImageRejected(Bilingual(f"无法读取图片文件：{label}（{error.strerror or error}）",
                                      f"Can't read the image file: {label} ({error.strerror or error})")) from error
    if len(data) > max_bytes:  # the file grew while we looked
        raise _too_large(len(data), max_bytes, label)
    return data


def _open_checked(data: bytes, limits: IntakeLimits, label: str) -> Image.Image:
    """Open, check format and pixel count, verify, reopen and decode."""
    max_pixels = pixel_cap(limits)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            probe = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise _bomb(label, max_pixels, pixels=_pixels_in(error)) from error
        except Exception as error:  # noqa: BLE001 - UnidentifiedImageError and friends
            if data.startswith(_SIGNATURES) and not (data.startswith(b"RIFF") and data[8:12] != b"WEBP"):
                raise _damaged(label) from error  # one of ours, but cut off or corrupt before the pixels
            raise UnsupportedImageFormat(Bilingual(f"只支持 JPEG、PNG 和 WebP 图片：{label}",
                                                   f"Only JPEG, PNG and WebP images are accepted: {label}")) from error
        width, height = probe.size
        if width <= 0 or height <= 0:
            raise _damaged(label)
        if width * height > max_pixels:
            raise _bomb(label, max_pixels, width, height)
        return _verify_and_decode(probe, data, label, max_pixels)


def pixel_cap(limits: IntakeLimits) -> int:
    """The effective pixel limit: the configured one, never above Pillow's own warning threshold."""
    pillow = Image.MAX_IMAGE_PIXELS
    return min(limits.max_pixels, pillow) if pillow else limits.max_pixels


def _verify_and_decode(probe: Image.Image, data: bytes, label: str, max_pixels: int) -> Image.Image:
    """`verify()` the structure, then reopen (verify leaves the image unusable) and decode every pixel."""
    width, height = probe.size
    try:
        probe.verify()
        image = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
        image.seek(0)  # animated PNG/WebP: the first frame
        image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning, MemoryError) as error:
        raise _bomb(label, max_pixels, width, height) from error
    except Exception as error:  # noqa: BLE001 - truncated data, bad CRC, broken Huffman tables…
        raise _damaged(label) from error
    return image


def _reencode(image: Image.Image, source_format: str, icc_profile: bytes | None) -> CheckedImage:
    """JPEG stays JPEG, PNG and WebP become PNG; no metadata but the colour profile."""
    extra = {"icc_profile": icc_profile} if icc_profile else {}
    buffer = io.BytesIO()
    if source_format == "JPEG":
        rgb = image if image.mode in ("RGB", "L") else image.convert("RGB")
        rgb.save(buffer, "JPEG", quality=JPEG_QUALITY, **extra)
        mime = "image/jpeg"
    else:
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I;16"):
            image = image.convert("RGBA" if "A" in image.mode else "RGB")
        if image.mode == "P" and "transparency" in image.info:
            extra["transparency"] = image.info["transparency"]
        image.save(buffer, "PNG", **extra)
        mime = "image/png"
    return CheckedImage(buffer.getvalue(), mime, image.width, image.height)


def _too_large(size: int, limit: int, label: str) -> ImageFileTooLarge:
    mb, limit_mb = f"{size / 1048576:.1f}", f"{limit / 1048576:.0f}"
    return ImageFileTooLarge(Bilingual(
        f"图片文件太大（{mb} MB），上限是 {limit_mb} MB：{label}。请先压缩或缩小图片。",
        f"The image file is too large ({mb} MB; the limit is {limit_mb} MB): {label}. Compress or resize it first."))


def _pixels_in(error: Exception) -> int | None:
    """The pixel count Pillow names in its decompression-bomb message, if any."""
    match = re.search(r"\((\d+) pixels\)", str(error))
    return int(match.group(1)) if match else None


def _bomb(label: str, max_pixels: int, width: int | None = None, height: int | None = None, *,
          pixels: int | None = None) -> ImageTooManyPixels:
    size = f"{width}×{height}, " if width and height else (f"{pixels:,} pixels, " if pixels else "")
    megapixels = f"{max_pixels / 1e6:g}"
    return ImageTooManyPixels(Bilingual(
        f"图片像素过多（{size.replace('pixels', '像素')}超过 {megapixels} 百万像素的上限），"
        f"可能是恶意的“解压炸弹”文件，已拒绝：{label}",
        f"The image has too many pixels ({size}over the {megapixels}-megapixel limit) and may be a "
        f"decompression bomb; refused: {label}"))


def too_many_pixels(label: str, width: int, height: int, limits: IntakeLimits | None = None) -> ImageTooManyPixels:
    """The error for a stored picture over the pixel cap (the listing packs check it before decoding)."""
    return _bomb(label, pixel_cap(limits or IntakeLimits()), width, height)


def bomb_refused(label: str, error: Exception) -> ImageTooManyPixels:
    """The error for a stored picture Pillow itself refused to open as a decompression bomb."""
    return _bomb(label, pixel_cap(IntakeLimits()), pixels=_pixels_in(error))


def damaged(label: str) -> DamagedImage:
    """The error for a stored picture that can't be decoded."""
    return _damaged(label)


def _damaged(label: str) -> DamagedImage:
    return DamagedImage(Bilingual(f"图片文件已损坏或不完整，无法打开：{label}",
                                  f"The image file is damaged or incomplete and can't be opened: {label}"))


# --- product images --------------------------------------------------------------------------------

def add_product_image(session: Session, product_id: int, source: str | Path | bytes, role: str,
                      sku_id: int | None = None, *, limits: IntakeLimits | None = None,
                      file_name: str | None = None) -> ProductImage:
    """Check `source`, store it once (blobs dedupe by content) and attach it to the product, last in order.

    Adding the same picture again with the same role (and SKU) returns the existing ProductImage, so a
    repeated drop doesn't duplicate it. Raises `ImageRejected` for an image the app won't take.
    """
    if role not in {item.value for item in ImageRole}:
        raise ValueError(f"unknown image role {role!r}")
    if session.get(Product, product_id) is None:
        raise ValueError(f"no product with id {product_id}")
    if sku_id is not None:
        sku = session.get(Sku, sku_id)
        if sku is None or sku.product_id != product_id:
            raise ValueError(f"SKU {sku_id} is not a SKU of product {product_id}")
    name = file_name or (Path(source).name if not isinstance(source, bytes) else "")
    checked = intake_image(source, limits=limits, name=name or None)
    blob = store_blob(session, checked.data, checked.mime)
    assert blob.id is not None
    existing = session.exec(select(ProductImage).where(
        ProductImage.product_id == product_id, ProductImage.blob_id == blob.id, ProductImage.role == role,
        ProductImage.sku_id == sku_id if sku_id is not None else col(ProductImage.sku_id).is_(None))).first()
    if existing is not None:
        return existing
    image = ProductImage(product_id=product_id, blob_id=blob.id, sku_id=sku_id, role=role,
                         position=_next_position(session, product_id), width=checked.width,
                         height=checked.height, file_name=name)
    session.add(image)
    session.flush()
    audit.record(session, "product_image", product_id, "create",
                 {"image": image.id, "role": role, "blob": blob.id, "file": name})
    return image


def _next_position(session: Session, product_id: int) -> int:
    positions = session.exec(select(ProductImage.position).where(ProductImage.product_id == product_id)).all()
    return max(positions, default=-1) + 1


def reorder_images(session: Session, product_id: int, ordered_ids: Sequence[int]) -> None:
    """Put the product's images in `ordered_ids` order (every image of the product, each once)."""
    images = {image.id: image for image in session.exec(
        select(ProductImage).where(ProductImage.product_id == product_id))}
    if len(ordered_ids) != len(set(ordered_ids)) or set(ordered_ids) != set(images):
        raise ValueError(f"ordered_ids must list each image of product {product_id} exactly once")
    for position, image_id in enumerate(ordered_ids):
        images[image_id].position = position
    session.flush()
    audit.record(session, "product_image", product_id, "update", {"order": list(ordered_ids)})


def derived_image(blob_bytes: bytes, size: int, pad_white: bool = True) -> DerivedImage:
    """The image scaled to fit a `size`×`size` box; with `pad_white`, centred on a white square (JPEG),
    as platforms want main images; without, the scaled image itself (PNG when it has transparency).

    Made on demand from a stored original, never stored. Large JPEGs decode at reduced size (draft mode).
    """
    if size <= 0:
        raise ValueError("size must be positive")
    if blob_bytes.startswith(b"\xff\xd8"):
        image = _open_jpeg_draft(blob_bytes, size)
    else:
        image = _open_checked(blob_bytes, IntakeLimits(max_bytes=len(blob_bytes)), "image")
    scaled = ImageOps.contain(image, (size, size), Image.Resampling.LANCZOS)
    has_alpha = scaled.mode in ("RGBA", "LA") or (scaled.mode == "P" and "transparency" in scaled.info)
    if pad_white:
        canvas = Image.new("RGB", (size, size), WHITE)
        layer = scaled.convert("RGBA")
        canvas.paste(layer, ((size - layer.width) // 2, (size - layer.height) // 2), layer)
        return _encode_derived(canvas, alpha=False)
    return _encode_derived(scaled.convert("RGBA") if has_alpha else scaled.convert("RGB"), alpha=has_alpha)


def contained_size(size: tuple[int, int], side: int) -> tuple[int, int]:
    """The size of a picture of `size` fitted in a `side`×`side` square (`ImageOps.contain`'s arithmetic).

    A JPEG is draft-decoded to cover this, not the whole square: a 4000×3000 photo for a 2000 px square
    decodes at half scale (2000×1500 covers its 2000×1500 content) instead of in full."""
    width, height = size
    if width <= 0 or height <= 0:
        return (side, side)
    if width > height:
        return (side, round(height / width * side))
    if height > width:
        return (round(width / height * side), side)
    return (side, side)


def _open_jpeg_draft(data: bytes, size: int) -> Image.Image:
    """A stored JPEG decoded at the smallest scale (1/2, 1/4, 1/8) that still covers the picture fitted in a
    `size` square (`contained_size`)."""
    max_pixels = pixel_cap(IntakeLimits())
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=("JPEG",))
            if image.width * image.height > max_pixels:
                raise _bomb("image", max_pixels, image.width, image.height)
            image.draft("RGB", contained_size(image.size, size))
            image.load()
        except ImageRejected:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise _bomb("image", max_pixels) from error
        except Exception as error:  # noqa: BLE001
            raise _damaged("image") from error
    return image


def _encode_derived(image: Image.Image, *, alpha: bool) -> DerivedImage:
    buffer = io.BytesIO()
    if alpha:
        image.save(buffer, "PNG")
        mime = "image/png"
    else:
        image.save(buffer, "JPEG", quality=DERIVED_JPEG_QUALITY)
        mime = "image/jpeg"
    return DerivedImage(buffer.getvalue(), mime, image.width, image.height)
