"""A product's pictures cut to a platform's sizes, named in order.

Per product folder, `images/`:
- `01_main.jpg`, `02_main.jpg`… — square main images padded on white at the platform's size
  (the same pixels as `app.services.catalogue.images.derived_image`), up to the platform's count. Order: the MAIN image,
  then the WHITE_BACKGROUND one, then the variant pictures (each distinct picture once). On platforms that
  require a white-background main image (Amazon), the first picture whose border is measured white
  (`picture_checks.is_white_background`) goes first, preferring the WHITE_BACKGROUND role;
- `white.jpg` — the separate white-background image (Taobao/Tmall's 白底图) where the profile asks for one;
- `variant_01.jpg`… — one picture per value of the first axis (colour), shared by the SKUs of that colour;
- `detail_01.jpg`… — detail pictures scaled to the platform's detail width (aspect kept);
- `detail_strip.jpg` (`detail_strip_01.jpg`… when taller than JPEG allows) — the detail pictures stitched top
  to bottom at the detail width, for the Chinese platforms' detail pages.
Stored originals were checked at intake (and their headers again when read: a blob written around intake
is refused by name); derived sizes are made here and kept on disk in the user's cache folder
(`app.services.catalogue.picture_cache`, by the original's sha256 and the recipe), never in the workspace:
a rebuild reads them, with the measurements, and decodes no original (`workspace_pixels`).

Speed (cutting pictures is most of what a pack costs, see bench/packs.py). Each output is a `Cut` — a picture,
square or width, a size — and is a function of those three alone, so it is made once per product however many
platforms and roles ask for it (six platforms want the same 800 px squares and 750 px details), then reused:
- one task per picture (`cut_picture`; on the build's thread pool, or in a large build on its worker
  processes, products ahead: `pool.py`): the picture is decoded once per decoding scale — a PNG once, a
  JPEG once per DCT scale its sizes need (draft mode: 1/2, 1/4, 1/8 of the pixels, the smallest that still
  covers the picture *fitted in* the square, `contained_size`, as `derived_image` does: a 4:3 4000 px photo
  decodes at half scale for a 2000 px square, not in full) — and every size asked of it is cut from that.
  A cut depends on its picture, kind and size alone, never on which other cuts were asked with it: that is
  what lets the disk cache key it, and one-platform, all-platform, pooled and serial builds agree byte for
  byte (which is also why each size is not cut from the next larger one: its pixels would then depend on
  the platforms chosen);
- the measurements (white border, fill) stay compliance's own, at full resolution, and are remembered by the
  picture's sha256 for the whole process (`_MEASURED`), so per-platform builds, previews and lints measure a
  picture once; a large build takes them in its worker processes first (`measure_picture`, one decode for
  both);
- a build keeps one product's bytes and cuts at a time (`forget_pictures`), so memory stays bounded.
"""

from __future__ import annotations

import hashlib
import io
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

from app.db import Workspace
from app.models import ImageRole
from app.services.catalogue.images import (
    ALLOWED_FORMATS,
    DERIVED_JPEG_QUALITY,
    ImageRejected,
    IntakeLimits,
    bomb_refused,
    contained_size,
    damaged,
    pixel_cap,
    too_many_pixels,
)
from app.services.catalogue.picture_cache import PictureCache, recipe_key, workspace_cache_folder
from app.services.catalogue.published import blob_sha256, load_blob
from app.services.kernel.text import has_cjk
from app.services.listing.packs.profiles import Family, PlatformProfile
from app.services.listing.packs.source import ListingImage, ListingProduct
from app.services.listing.picture_checks import (
    WHITE_SHARE,
    border_white_ratio,
    fill_ratio,
)

#: JPEG's largest dimension is 65,535 px; strips are split well below it.
MAX_STRIP_HEIGHT = 30_000
WHITE = (255, 255, 255)
SQUARE, WIDTH = "square", "width"
#: Bump when a cut's pixels change for the same (picture, kind, size, quality): old cache entries then go unused.
CUT_RECIPE = "cut-2"
#: The same for the measurements (white border, fill).
MEASURE_RECIPE = "measure-1"
#: Measurements remembered per process, by the picture's sha256 (a float each; the oldest dropped first).
MEASURED_LIMIT = 50_000


@dataclass(frozen=True)
class Cut:
    """One picture made from a stored original: `kind` SQUARE — fitted in a `size`×`size` square padded on white
    (main, white and variant pictures) — or WIDTH — scaled to `size` px wide, aspect kept (detail pictures).
    What it looks like depends on these three fields only, which is what lets platforms share it."""

    blob_id: int
    kind: str
    size: int


_MEASURED: OrderedDict[tuple[str, str], float] = OrderedDict()  # (sha256, "white" | "fill") → value
_MEASURED_LOCK = threading.Lock()


class PixelCache:
    """Image bytes, measurements and cut pictures by blob id, shared by the lint and the writers of one build
    (of one or several platforms). Bytes and cuts are one product's at a time (`forget_pictures`)."""

    def __init__(self, load: Callable[[int], bytes], *, disk: PictureCache | None = None,
                 sha_of: Callable[[int], str] | None = None) -> None:
        """`disk` keeps cuts and measurements between runs, by the original's sha256 (`sha_of(blob_id)`,
        the workspace's own column: hashing 4 MB photos again would cost what the cache saves)."""
        self._load = load
        self._disk = disk if sha_of is not None else None
        self._sha_of = sha_of
        self._shas: dict[int, str] = {}
        self._known_shas: dict[int, str] = {}
        self._bytes: dict[int, bytes] = {}
        self._measures: dict[tuple[int, str], float] = {}
        self._cuts: dict[Cut, bytes] = {}                  # JPEG bytes
        self._scaled: dict[Cut, Image.Image] = {}          # WIDTH cuts' pixels, for the detail strips
        self._strips: dict[tuple[tuple[int, ...], int], list[tuple[str, bytes]]] = {}
        self._pending: list[Future[dict[Cut, tuple[bytes, Image.Image | None]]]] = []
        self._started: set[Cut] = set()                     # asked of the pool, maybe not back yet

    def data(self, blob_id: int) -> bytes:
        """The stored picture's bytes, its header checked first: a blob written around intake (straight into
        the database) that declares a huge pixel count or isn't a picture is refused here, by name, before
        a measurement or a cut decodes a pixel of it."""
        if blob_id not in self._bytes:
            data = self._load(blob_id)
            check_stored(data, f"picture #{blob_id}")
            self._bytes[blob_id] = data
        return self._bytes[blob_id]

    # ----- measurements

    def _measured(self, blob_id: int, kind: str, measure: Callable[[bytes], float]) -> float:
        """`measure(bytes)` of the picture — compliance's own functions, at full resolution: on a smaller decode
        the thresholds would mean something else (a noisy 252 backdrop passes at half scale, dust specks fail)
        — remembered for the process by the picture's sha256, so each picture is measured once however many
        builds, previews and lints look at it. Each measurement decodes on its own (fill is only Amazon's),
        which keeps the peak memory of measuring a 16 MP photo where it was."""
        key = (blob_id, kind)
        if key not in self._measures:
            memo = (self.sha256(blob_id), kind)
            with _MEASURED_LOCK:
                value = _MEASURED.get(memo)
            if value is None:
                value = self._measured_on_disk(memo, measure, blob_id)
                with _MEASURED_LOCK:
                    _MEASURED[memo] = value
                    while len(_MEASURED) > MEASURED_LIMIT:
                        _MEASURED.popitem(last=False)
            self._measures[key] = value
        return self._measures[key]

    def know_shas(self, shas: Mapping[int, str]) -> None:
        """The sha256 of many stored pictures, read in one query by a build (kept until this cache is dropped:
        a build's pictures don't change under it), instead of one query per picture per product."""
        self._known_shas.update(shas)

    def sha256(self, blob_id: int) -> str:
        """The stored original's sha256: the workspace's column when known, else hashed from its bytes."""
        known = self._known_shas.get(blob_id)
        if known is not None:
            return known
        if blob_id not in self._shas:
            self._shas[blob_id] = (self._sha_of(blob_id) if self._sha_of is not None
                                   else hashlib.sha256(self.data(blob_id)).hexdigest())
        return self._shas[blob_id]

    def _measured_on_disk(self, memo: tuple[str, str], measure: Callable[[bytes], float], blob_id: int) -> float:
        key = recipe_key(*memo, "measure", MEASURE_RECIPE)
        kept = self._disk.get(key) if self._disk is not None else None
        if kept is not None:
            return float(kept.decode("ascii"))
        value = measure(self.data(blob_id))
        if self._disk is not None:
            self._disk.put(key, repr(value).encode("ascii"))
        return value

    def unmeasured(self, blob_id: int, kind: str) -> bool:
        """Whether `kind` of this picture is known neither here, nor in the process, nor on disk."""
        if (blob_id, kind) in self._measures:
            return False
        memo = (self.sha256(blob_id), kind)
        with _MEASURED_LOCK:
            if memo in _MEASURED:
                return False
        return self._disk is None or not self._disk.has(recipe_key(*memo, "measure", MEASURE_RECIPE))

    def remember(self, blob_id: int, values: dict[str, float]) -> None:
        """Keep measurements taken elsewhere (a worker process, by `measure_picture`) as if taken here."""
        for kind, value in values.items():
            memo = (self.sha256(blob_id), kind)
            with _MEASURED_LOCK:
                _MEASURED[memo] = value
            if self._disk is not None:
                self._disk.put(recipe_key(*memo, "measure", MEASURE_RECIPE), repr(value).encode("ascii"))
            self._measures[(blob_id, kind)] = value

    def white_ratio(self, blob_id: int) -> float:
        return self._measured(blob_id, "white", border_white_ratio)

    def is_white(self, blob_id: int) -> bool:
        """The border-pixel test of `picture_checks.is_white_background`, measured once per picture."""
        return self.white_ratio(blob_id) >= WHITE_SHARE

    def fill(self, blob_id: int) -> float:
        return self._measured(blob_id, "fill", fill_ratio)

    # ----- cut pictures

    def prepare(self, cuts: Iterable[Cut], pool: Executor | None = None) -> None:
        """Start making the cuts not made yet: one task per picture on `pool` (here and now without one).
        Returns at once with a pool; `cut`/`scaled` wait for the results. The stored bytes are read here,
        on the calling thread (the workspace's connection belongs to it)."""
        by_blob: dict[int, list[Cut]] = {}
        for cut in dict.fromkeys(cuts):
            if cut not in self._cuts and cut not in self._started:
                by_blob.setdefault(cut.blob_id, []).append(cut)
                self._started.add(cut)
        for blob_id, wanted in by_blob.items():
            wanted = [cut for cut in wanted if not self._kept(cut)]
            if not wanted:
                continue  # every cut of it was on disk: the original isn't even read
            data = self.data(blob_id)
            if pool is None:
                self._store(cut_picture(data, wanted))
            else:
                self._pending.append(pool.submit(cut_picture, data, wanted))

    def _settle(self) -> None:
        """Wait for every cut started on the pool and keep them; then raise the first error, if any (all
        are collected first, so no cut is left running or half-known when one picture fails)."""
        pending, self._pending = self._pending, []
        first_error: BaseException | None = None
        try:
            for future in pending:
                try:
                    self._store(future.result())
                except BaseException as error:  # noqa: BLE001 - re-raised below, once all are collected
                    first_error = first_error or error
        finally:
            self._started.clear()
        if first_error is not None:
            raise first_error

    def checked_bytes(self, blob_id: int) -> bytes:
        """The stored picture's bytes, header checked as `data` does, without keeping them here (for work sent
        to another process ahead of the product being written)."""
        if blob_id in self._bytes:
            return self._bytes[blob_id]
        data = self._load(blob_id)
        check_stored(data, f"picture #{blob_id}")
        return data

    def uncut(self, cuts: Iterable[Cut]) -> list[Cut]:
        """The cuts neither made here nor on disk."""
        return [cut for cut in dict.fromkeys(cuts) if cut not in self._cuts
                and (self._disk is None or not self._disk.has(self._disk_key(cut)))]

    def keep(self, made: dict[Cut, tuple[bytes, Image.Image | None]]) -> None:
        """Keep cuts made elsewhere (a worker process, by `cut_picture`) as if made here."""
        self._store(made)

    def _kept(self, cut: Cut) -> bool:
        """Take the cut from the disk cache when it is there."""
        if self._disk is None:
            return False
        jpeg = self._disk.get(self._disk_key(cut))
        if jpeg is None:
            return False
        self._cuts[cut] = jpeg
        self._started.discard(cut)
        return True

    def _disk_key(self, cut: Cut) -> str:
        return recipe_key(self.sha256(cut.blob_id), cut.kind, cut.size, f"q{DERIVED_JPEG_QUALITY}", CUT_RECIPE)

    def _store(self, made: dict[Cut, tuple[bytes, Image.Image | None]]) -> None:
        """Keep what the workers made (written to the disk cache here, on the build's own thread)."""
        for cut, (jpeg, image) in made.items():
            self._cuts[cut] = jpeg
            if image is not None:
                self._scaled[cut] = image
            if self._disk is not None:
                self._disk.put(self._disk_key(cut), jpeg)

    def cut(self, cut: Cut) -> bytes:
        """The cut's JPEG bytes (made now when `prepare` wasn't asked for it)."""
        self._settle()
        if cut not in self._cuts:
            self.prepare([cut])
        return self._cuts[cut]

    def square(self, blob_id: int, size: int) -> bytes:
        return self.cut(Cut(blob_id, SQUARE, size))

    def scaled(self, blob_id: int, width: int) -> Image.Image:
        """A detail picture's pixels at `width` (shared: don't draw on it)."""
        key = Cut(blob_id, WIDTH, width)
        self.cut(key)
        if key not in self._scaled:  # the JPEG came from the disk cache: cut the pixels again, as a cold build
            self._scaled[key] = cut_picture(self.data(blob_id), [key])[key][1]  # type: ignore[assignment]
        return self._scaled[key]

    def strips(self, blob_ids: Sequence[int], width: int) -> list[tuple[str, bytes]]:
        """The detail strips of these pictures at `width`: (file name, JPEG bytes), made once per product."""
        key = (tuple(blob_ids), width)
        if key not in self._strips:
            disk_key = recipe_key(*(self.sha256(b) for b in blob_ids), "strip", width, MAX_STRIP_HEIGHT,
                                  f"q{DERIVED_JPEG_QUALITY}", CUT_RECIPE)
            kept = self._disk.get(disk_key) if self._disk is not None else None
            if kept is not None:
                self._strips[key] = _unpacked(kept)
            else:
                pictures = [self.scaled(blob_id, width) for blob_id in blob_ids]
                self._strips[key] = [(name, _jpeg(strip)) for name, strip in _strips(pictures, width)]
                if self._disk is not None:
                    self._disk.put(disk_key, _packed(self._strips[key]))
        return self._strips[key]

    def forget_pictures(self) -> None:
        """Drop stored bytes and cut pictures (measurements stay): a build holds one product's at a time."""
        self._settle()
        self._bytes.clear()
        self._shas.clear()
        self._cuts.clear()
        self._scaled.clear()
        self._strips.clear()


# ---------------------------------------------------------------- decoding and cutting (any thread)


def decode_picture(data: bytes, box: tuple[int, int]) -> Image.Image:
    """A stored picture decoded for cutting (within the pixel cap), in its stored mode (transparency kept).

    A JPEG decodes at the smallest DCT scale whose pixels still cover `box` (draft mode: a quarter or a
    sixteenth of the work), as `derived_image` has always done; other formats in full. The only function
    here that decodes pixels for cutting (tests count its calls).

    Runs on worker threads, so no `warnings.catch_warnings` (it swaps process-wide state): the pixel cap is
    checked from the header before any pixel is decoded, which is what the bomb warning would have caught."""
    image = _opened(data, box)
    image.load()
    return image


def measure_picture(data: bytes, fill_if_white: bool) -> dict[str, float]:
    """A picture's white-border share, and its fill when asked and the border is white (only then does
    compliance look at it): the same values as `PixelCache.white_ratio` and `fill`, from one decode. For a
    worker process; a picture that doesn't decode gives nothing (the build then measures it itself, and says
    what is wrong the way it always has)."""
    try:
        with Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS) as image:
            image.load()
            white = border_white_ratio(image)
            values = {"white": white}
            if fill_if_white and white >= WHITE_SHARE:
                values["fill"] = fill_ratio(image)
    except Exception:  # noqa: BLE001 - measured again where the error is reported
        return {}
    return values


def check_stored(data: bytes, label: str) -> None:
    """Refuse a stored picture whose header isn't an accepted format or declares more pixels than intake
    allows (`ImageTooManyPixels`, `DamagedImage`); reads the header only."""
    # Pillow warns (over half its cap) or refuses (over its cap) while opening; both are our refusal. Swapping
    # the warning filter is process-wide, which is safe here: this runs on the thread that reads the bytes, and
    # the workers only open pictures that passed this check, far below Pillow's warning size.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS) as image:
                width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise bomb_refused(label, error) from error
    except (OSError, ValueError) as error:
        raise damaged(label) from error
    if width * height > pixel_cap(IntakeLimits()):
        raise too_many_pixels(label, width, height)


def _opened(data: bytes, box: tuple[int, int]) -> Image.Image:
    """The picture opened (headers only), checked against the pixel cap, with the draft scale for `box` set."""
    image = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
    if image.width * image.height > pixel_cap(IntakeLimits()):
        raise too_many_pixels("stored picture", image.width, image.height)
    image.seek(0)  # animated PNG/WebP: the first frame, as intake kept it
    if image.format == "JPEG":
        image.draft("RGB", box)
    return image


def cut_picture(data: bytes, cuts: Sequence[Cut]) -> dict[Cut, tuple[bytes, Image.Image | None]]:
    """Every cut of one picture: {cut: (JPEG bytes, the pixels for WIDTH cuts)}.

    The cuts are grouped by the decoding they need (one for a PNG; one per draft scale for a JPEG) and each
    group shares one decode, dropped before the next group's, so a worker holds one decoded original at a time.
    A stored picture that can't be decoded (damaged on disk since intake) raises `DamagedImage`, a message the
    user can read, instead of Pillow's own error.
    """
    try:
        return _cut_picture(data, cuts)
    except ImageRejected:
        raise
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        picture = f"picture #{cuts[0].blob_id}" if cuts else "picture"
        raise damaged(picture) from error


def _cut_picture(data: bytes, cuts: Sequence[Cut]) -> dict[Cut, tuple[bytes, Image.Image | None]]:
    with Image.open(io.BytesIO(data)) as header:
        original = header.size
    groups: dict[tuple[int, int], list[tuple[Cut, tuple[int, int]]]] = {}
    for cut in cuts:
        box = (contained_size(original, cut.size) if cut.kind == SQUARE
               else (cut.size, _height_at(original, cut.size)))
        groups.setdefault(_opened(data, box).size, []).append((cut, box))
    made: dict[Cut, tuple[bytes, Image.Image | None]] = {}
    for decoded_size in sorted(groups, reverse=True):
        members = groups[decoded_size]
        image = decode_picture(data, members[0][1])
        for cut, box in members:
            if cut.kind == SQUARE:
                made[cut] = (_jpeg(_square(image, cut.size)), None)
            else:
                scaled = _on_white(image)
                if scaled.size != box:  # (a draft decode can land on the size exactly)
                    scaled = scaled.resize(box, Image.Resampling.LANCZOS)
                made[cut] = (_jpeg(scaled), scaled)
        del image
    return made


def _height_at(size: tuple[int, int], width: int) -> int:
    """The height of a picture of `size` scaled to `width` (from the original size, whatever scale decoded it)."""
    return max(1, round(size[1] * width / size[0]))


def _square(image: Image.Image, size: int) -> Image.Image:
    """Fitted in a `size` square and centred on white: `derived_image(pad_white=True)`'s pixels, with its
    RGBA conversion and masked paste skipped where they change nothing (an opaque RGB picture — pasting
    through an all-255 alpha copies the pixels as they are)."""
    # A picture decoded at exactly the size (a 4000 px JPEG drafted to 2000 for Amazon) isn't resized: Pillow
    # would return a copy, identical pixels for a needless 12 MB.
    scaled = image if image.size == (size, size) else ImageOps.contain(image, (size, size), Image.Resampling.LANCZOS)
    if scaled.mode == "RGB" and scaled.size == (size, size):
        return scaled
    canvas = Image.new("RGB", (size, size), WHITE)
    offset = ((size - scaled.width) // 2, (size - scaled.height) // 2)
    if scaled.mode == "RGB":
        canvas.paste(scaled, offset)
    else:
        layer = scaled.convert("RGBA")
        canvas.paste(layer, offset, layer)
    return canvas


def _on_white(image: Image.Image) -> Image.Image:
    """RGB, transparency composited on white (how a platform shows it)."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, WHITE)
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        return canvas
    return image if image.mode == "RGB" else image.convert("RGB")


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=DERIVED_JPEG_QUALITY)
    return buffer.getvalue()


def _packed(files: Sequence[tuple[str, bytes]]) -> bytes:
    """Named files as one cache entry: per file, its name and length on a line each, then its bytes."""
    return b"".join(f"{name}\n{len(data)}\n".encode() + data for name, data in files)


def _unpacked(entry: bytes) -> list[tuple[str, bytes]]:
    files, at = [], 0
    while at < len(entry):
        name_end = entry.index(b"\n", at)
        length_end = entry.index(b"\n", name_end + 1)
        length = int(entry[name_end + 1:length_end])
        files.append((entry[at:name_end].decode(), entry[length_end + 1:length_end + 1 + length]))
        at = length_end + 1 + length
    return files


def workspace_pixels(workspace: Workspace) -> PixelCache:
    """The workspace's pictures, with the cuts and measurements kept on disk in the user's cache folder."""
    disk = PictureCache(workspace_cache_folder(workspace.url or workspace.path))
    return PixelCache(lambda blob_id: load_blob(workspace, blob_id), disk=disk,
                      sha_of=lambda blob_id: blob_sha256(workspace, blob_id))


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


@dataclass(frozen=True)
class ImagePlan:
    """Which pictures a product's pack folder gets on one platform, and at which sizes."""

    mains: tuple[ListingImage, ...]
    white: ListingImage | None
    variants: dict[str, ListingImage]      # {SKU code: picture}
    details: tuple[ListingImage, ...]
    main_size: int
    detail_width: int
    square_sizes: dict[int, int] = field(default_factory=dict)   # {blob id: size} where below main_size

    def square_size(self, image: ListingImage) -> int:
        """The side of this picture's square: the platform's size, or the picture's own when smaller and the
        platform takes it (never upscaled; see `delivered_size`)."""
        return self.square_sizes.get(image.blob_id, self.main_size)

    def cuts(self) -> list[Cut]:
        """Every picture this plan writes, each once (the strips are stitched from the detail cuts)."""
        squares = list(self.mains) + ([self.white] if self.white else []) + list(self.variants.values())
        return list(dict.fromkeys([Cut(i.blob_id, SQUARE, self.square_size(i)) for i in squares]
                                  + [Cut(i.blob_id, WIDTH, self.detail_width) for i in self.details]))


def plan_images(product: ListingProduct, profile: PlatformProfile, pixels: PixelCache) -> ImagePlan:
    """The pictures `render_images` writes for this product on this platform."""
    rule = profile.images
    choice = choose_mains(product, profile, pixels)
    details = sorted(product.images_with_role(ImageRole.DETAIL.value), key=lambda i: (i.position, i.id))
    mains = tuple(choice.images[:rule.main_max_count])
    white = choice.white_image if rule.white_background_image else None
    variants = _variant_pictures(product)
    squares = list(mains) + ([white] if white else []) + list(variants.values())
    sizes = {i.blob_id: delivered_size(profile, i) for i in squares}
    return ImagePlan(mains, white, variants, tuple(details), rule.main_size, rule.detail_width,
                     {blob_id: size for blob_id, size in sizes.items() if size != rule.main_size})


#: The platforms that take a main picture of any size (the platforms reference: Shopify "any", WooCommerce
#: "no hard limit", Amazon down to its `min_long_side`). The Chinese platforms and the ODM catalogue ask for
#: their exact square, so a smaller picture is still enlarged there.
ANY_SIZE_FAMILIES = frozenset({Family.AMAZON, Family.SHOPIFY, Family.WOOCOMMERCE})


def delivered_size(profile: PlatformProfile, image: ListingImage) -> int:
    """The square's side for this picture: never upscaled where the platform accepts a smaller picture — the
    picture's own long side, but not below the platform's minimum — else the platform's size."""
    rule = profile.images
    own = max(image.width, image.height)
    if profile.family not in ANY_SIZE_FAMILIES or own <= 0 or own >= rule.main_size:
        return rule.main_size
    return max(own, rule.min_long_side or 0)


def render_images(product: ListingProduct, profile: PlatformProfile, pixels: PixelCache, pack_root: Path,
                  folder: str, pool: Executor | None = None, plan: ImagePlan | None = None) -> ProductImages:
    """Write the product's pictures under `<pack_root>/<folder>/images/`; return their pack-relative paths.

    The cutting runs on `pool` when given (Pillow releases the GIL while it works), unless the caller already
    `prepare`d the plan's cuts — the builder does, for every platform of the product at once, so a size two
    platforms share is cut once. What was cut stays in `pixels` until the caller's `forget_pictures`.
    """
    plan = plan or plan_images(product, profile, pixels)
    target = pack_root / folder / "images"
    target.mkdir(parents=True, exist_ok=True)
    pixels.prepare(plan.cuts(), pool)
    result = ProductImages(main_alts=main_alts(plan, product, profile))
    for number, image in enumerate(plan.mains, start=1):
        name = f"{number:02d}_main.jpg"
        (target / name).write_bytes(pixels.square(image.blob_id, plan.square_size(image)))
        result.mains.append(f"{folder}/images/{name}")
    if plan.white is not None:
        (target / "white.jpg").write_bytes(pixels.square(plan.white.blob_id, plan.square_size(plan.white)))
        result.white = f"{folder}/images/white.jpg"
    written: dict[int, str] = {}
    for sku_code, image in plan.variants.items():
        if image.id not in written:
            name = f"variant_{len(written) + 1:02d}.jpg"
            (target / name).write_bytes(pixels.square(image.blob_id, plan.square_size(image)))
            written[image.id] = f"{folder}/images/{name}"
        result.variant_by_sku[sku_code] = written[image.id]
    for number, image in enumerate(plan.details, start=1):
        name = f"detail_{number:02d}.jpg"
        (target / name).write_bytes(pixels.cut(Cut(image.blob_id, WIDTH, plan.detail_width)))
        result.details.append(f"{folder}/images/{name}")
    if profile.images.detail_strip and plan.details:
        for name, strip in pixels.strips([i.blob_id for i in plan.details], plan.detail_width):
            (target / name).write_bytes(strip)
            result.strips.append(f"{folder}/images/{name}")
    return result


def main_alts(plan: ImagePlan, product: ListingProduct, profile: PlatformProfile) -> list[str]:
    """The main pictures' alt texts, in their order."""
    return [_alt(image, product, profile) for image in plan.mains]


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
