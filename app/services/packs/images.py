"""A product's pictures cut to a platform's sizes, named in order.

Per product folder, `images/`:
- `01_main.jpg`, `02_main.jpg`… — square main images padded on white at the platform's size
  (`app.services.images.derived_image`), up to the platform's count. Order: the MAIN image, then the
  WHITE_BACKGROUND one, then the variant pictures (each distinct picture once). On platforms that require a
  white-background main image (Amazon), the first picture whose border is measured white
  (`compliance.is_white_background`) goes first, preferring the WHITE_BACKGROUND role;
- `white.jpg` — the separate white-background image (Taobao/Tmall's 白底图) where the profile asks for one;
- `variant_01.jpg`… — one picture per value of the first axis (colour), shared by the SKUs of that colour;
- `detail_01.jpg`… — detail pictures scaled to the platform's detail width (aspect kept);
- `detail_strip.jpg` (`detail_strip_01.jpg`… when taller than JPEG allows) — the detail pictures stitched top
  to bottom at the detail width, for the Chinese platforms' detail pages.
Stored originals were checked at intake; derived sizes are made here and never stored.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from app.models import ImageRole
from app.services.compliance import WHITE_SHARE, border_white_ratio, fill_ratio
from app.services.images import DERIVED_JPEG_QUALITY, IntakeLimits, derived_image, pixel_cap
from app.services.packs.profiles import PlatformProfile
from app.services.packs.source import ListingImage, ListingProduct, has_cjk

#: JPEG's largest dimension is 65,535 px; strips are split well below it.
MAX_STRIP_HEIGHT = 30_000
WHITE = (255, 255, 255)


class PixelCache:
    """Image bytes and pixel measurements by blob id, shared by the lint and the writers of one build."""

    def __init__(self, load: Callable[[int], bytes]) -> None:
        self._load = load
        self._bytes: dict[int, bytes] = {}
        self._white: dict[int, float] = {}
        self._fill: dict[int, float] = {}
        self._derived: dict[tuple[int, int], bytes] = {}

    def data(self, blob_id: int) -> bytes:
        if blob_id not in self._bytes:
            self._bytes[blob_id] = self._load(blob_id)
        return self._bytes[blob_id]

    def white_ratio(self, blob_id: int) -> float:
        if blob_id not in self._white:
            self._white[blob_id] = border_white_ratio(self.data(blob_id))
        return self._white[blob_id]

    def is_white(self, blob_id: int) -> bool:
        """The border-pixel test of `compliance.is_white_background`, measured once per picture."""
        return self.white_ratio(blob_id) >= WHITE_SHARE

    def fill(self, blob_id: int) -> float:
        if blob_id not in self._fill:
            self._fill[blob_id] = fill_ratio(self.data(blob_id))
        return self._fill[blob_id]

    def forget_pictures(self) -> None:
        """Drop stored and derived picture bytes (measurements stay): a build holds one product's at a time."""
        self._bytes.clear()
        self._derived.clear()

    def square(self, blob_id: int, size: int) -> bytes:
        key = (blob_id, size)
        if key not in self._derived:
            self._derived[key] = derived_image(self.data(blob_id), size, pad_white=True).data
        return self._derived[key]


def as_cache(cache: Any, load: Callable[[int], bytes] | None) -> PixelCache | None:
    """A PixelCache from what a caller has: one already, a loader, or nothing."""
    if isinstance(cache, PixelCache):
        return cache
    if load is None:
        return None
    return PixelCache(load)


def main_candidates(product: ListingProduct) -> list[ListingImage]:
    """Pictures that can be main images, in listing order, each distinct picture once."""
    order = {ImageRole.MAIN.value: 0, ImageRole.WHITE_BACKGROUND.value: 1, ImageRole.VARIANT.value: 2}
    ranked = sorted((i for i in product.images if i.role in order), key=lambda i: (order[i.role], i.position, i.id))
    seen: set[int] = set()
    result = []
    for image in ranked:
        if image.blob_id not in seen:
            seen.add(image.blob_id)
            result.append(image)
    return result


@dataclass(frozen=True)
class MainChoice:
    images: tuple[ListingImage, ...]       # every candidate, the one to show first at the front
    white_ok: bool | None                  # None when the platform doesn't require a white main image
    white_image: ListingImage | None       # the picture for a separate white-background image


def choose_mains(product: ListingProduct, profile: PlatformProfile, pixels: PixelCache | None) -> MainChoice:
    """Which pictures the pack uses as main images, and whether the first is on white when it must be."""
    candidates = main_candidates(product)
    rule = profile.images
    white_image = None
    if (rule.white_background_main or rule.white_background_image) and pixels is not None:
        preferred = sorted(candidates, key=lambda i: (i.role != ImageRole.WHITE_BACKGROUND.value, ))
        if rule.white_background_image:
            white_image = next((i for i in preferred if pixels.is_white(i.blob_id)), None)
        if rule.white_background_main:
            first_white = next((i for i in candidates if pixels.is_white(i.blob_id)), None)
            if first_white is None:
                return MainChoice(tuple(candidates), False, white_image)
            ordered = [first_white] + [i for i in candidates if i is not first_white]
            return MainChoice(tuple(ordered), True, white_image)
    return MainChoice(tuple(candidates), None, white_image)


@dataclass
class ProductImages:
    """Pack-relative paths (posix) of one product's pictures."""

    mains: list[str] = field(default_factory=list)
    main_alts: list[str] = field(default_factory=list)
    white: str | None = None
    details: list[str] = field(default_factory=list)
    strips: list[str] = field(default_factory=list)
    variant_by_sku: dict[str, str] = field(default_factory=dict)


def _open_rgb(data: bytes) -> Image.Image:
    """A stored picture decoded (within the pixel cap), transparency composited on white."""
    with Image.open(io.BytesIO(data)) as image:
        if image.width * image.height > pixel_cap(IntakeLimits()):
            raise ValueError("image over the pixel limit")
        image.load()
        if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
            rgba = image.convert("RGBA")
            canvas = Image.new("RGB", rgba.size, WHITE)
            canvas.paste(rgba, mask=rgba.getchannel("A"))
            return canvas
        return image.convert("RGB")


def at_width(data: bytes, width: int) -> Image.Image:
    """A picture scaled to exactly `width` pixels wide, aspect kept."""
    image = _open_rgb(data)
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def _save_jpeg(image: Image.Image, path: Path) -> None:
    image.save(path, "JPEG", quality=DERIVED_JPEG_QUALITY)


def render_images(product: ListingProduct, profile: PlatformProfile, pixels: PixelCache, pack_root: Path,
                  folder: str, pool: Executor | None = None) -> ProductImages:
    """Write the product's pictures under `<pack_root>/<folder>/images/`; return their pack-relative paths.

    Resizing and encoding run on `pool` when given (Pillow releases the GIL while it works); the stored
    originals are read here first, on the calling thread.
    """
    rule = profile.images
    target = pack_root / folder / "images"
    target.mkdir(parents=True, exist_ok=True)
    choice = choose_mains(product, profile, pixels)
    mains = list(choice.images[:rule.main_max_count])
    white = choice.white_image if rule.white_background_image else None
    variants = _variant_pictures(product)
    details = sorted(product.images_with_role(ImageRole.DETAIL.value), key=lambda i: (i.position, i.id))
    squares = list(dict.fromkeys([i.blob_id for i in mains] + ([white.blob_id] if white else [])
                                 + [i.blob_id for i in variants.values()]))
    for blob_id in squares + [i.blob_id for i in details]:
        pixels.data(blob_id)
    run = pool.map if pool is not None else map
    made = dict(zip(squares, run(lambda blob_id: pixels.square(blob_id, rule.main_size), squares)))
    scaled = list(run(lambda image: at_width(pixels.data(image.blob_id), rule.detail_width), details))
    result = ProductImages()
    for number, image in enumerate(mains, start=1):
        name = f"{number:02d}_main.jpg"
        (target / name).write_bytes(made[image.blob_id])
        result.mains.append(f"{folder}/images/{name}")
        result.main_alts.append(_alt(image, product, profile))
    if white is not None:
        (target / "white.jpg").write_bytes(made[white.blob_id])
        result.white = f"{folder}/images/white.jpg"
    written: dict[int, str] = {}
    for sku_code, image in variants.items():
        if image.id not in written:
            name = f"variant_{len(written) + 1:02d}.jpg"
            (target / name).write_bytes(made[image.blob_id])
            written[image.id] = f"{folder}/images/{name}"
        result.variant_by_sku[sku_code] = written[image.id]
    for number, picture in enumerate(scaled, start=1):
        name = f"detail_{number:02d}.jpg"
        _save_jpeg(picture, target / name)
        result.details.append(f"{folder}/images/{name}")
    if rule.detail_strip and scaled:
        for name, strip in _strips(scaled, rule.detail_width):
            _save_jpeg(strip, target / name)
            result.strips.append(f"{folder}/images/{name}")
    pixels.forget_pictures()
    return result


def _alt(image: ListingImage, product: ListingProduct, profile: PlatformProfile) -> str:
    """The picture's alt text in the listing's language (the product's name when it is in the other one)."""
    if image.alt and (profile.chinese or not has_cjk(image.alt)):
        return image.alt
    return product.name(profile.language)


def _variant_pictures(product: ListingProduct) -> dict[str, ListingImage]:
    """{SKU code: picture} — one picture per value of the first axis (colour), shared by its SKUs."""
    if not product.axes:
        return {}
    axis = product.axes[0].key
    sku_by_id = {sku.id: sku for sku in product.skus}
    picture_for_value: dict[str, ListingImage] = {}
    for image in sorted(product.images_with_role(ImageRole.VARIANT.value), key=lambda i: (i.position, i.id)):
        sku = sku_by_id.get(image.sku_id) if image.sku_id is not None else None
        if sku is not None:
            picture_for_value.setdefault(sku.option(axis), image)
    return {sku.code: picture_for_value[sku.option(axis)] for sku in product.skus
            if sku.option(axis) in picture_for_value}


def _strips(pictures: list[Image.Image], width: int) -> list[tuple[str, Image.Image]]:
    """The pictures stacked top to bottom, split into strips no taller than MAX_STRIP_HEIGHT."""
    groups: list[list[Image.Image]] = [[]]
    height = 0
    for picture in pictures:
        if groups[-1] and height + picture.height > MAX_STRIP_HEIGHT:
            groups.append([])
            height = 0
        groups[-1].append(picture)
        height += picture.height
    strips = []
    for number, group in enumerate(groups, start=1):
        canvas = Image.new("RGB", (width, sum(p.height for p in group)), WHITE)
        top = 0
        for picture in group:
            canvas.paste(picture, (0, top))
            top += picture.height
        name = "detail_strip.jpg" if len(groups) == 1 else f"detail_strip_{number:02d}.jpg"
        strips.append((name, canvas))
    return strips
