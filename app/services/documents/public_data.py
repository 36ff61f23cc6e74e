"""What printed documents may show about the factory and its products: public fields only.

Every printed document reads the workspace through this module, which reads the published product
(`app.services.catalogue.published`, the read model listing packs and shops use too, loaded through the one
allow-list of public columns) and turns it into what a page prints: attribute values as text, expired
certificates left out, pictures as small JPEGs. Private fields — SKU costs, the reference price and its
label, the factory's OEM history, the product's internal differentiator, supplier partnerships — are never
loaded, so no renderer can print them by mistake. (The price list needs costs to compute prices; it reads
them itself and prints only the prices the pricing engine returns.)

Images are downscaled JPEGs made by `app.services.catalogue.images.derived_image`, never the stored originals.

Texts are clipped to a printed length (`PRINTED_LENGTHS`: the field limits of `app.models.field_limits`) with
"…" and a note in the document's warnings. The editor and the imports refuse longer texts, but a workspace
written before those limits existed can hold a 1,000,000-character name, and laying that out ran for longer
than 300 s (issue #18). Codes are identifiers and are never clipped (their own rule keeps them short).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import date
from typing import Any, TypeVar

from sqlmodel import Session, col, select

from app.db import Workspace
from app.models import Blob, ImageRole
from app.models.bilingual import Bilingual
from app.models.field_limits import TEXT_LIMITS, label
from app.services.catalogue.images import DERIVED_JPEG_QUALITY, ImageRejected, derived_image
from app.services.catalogue.picture_cache import PictureCache, recipe_key, workspace_cache_folder
from app.services.catalogue.published import (
    PublishedFactory as PublicFactory,
    PublishedImage,
    PublishedProduct,
    PublishedSku,
    UnknownProduct,
    load_factory as published_factory,
    load_products as published_products,
    product_codes,
)
from app.services.kernel.jobs import Cancelled

#: Image roles in the order a printed page picks them: the main picture first, then the others.
IMAGE_ORDER = (ImageRole.MAIN.value, ImageRole.WHITE_BACKGROUND.value, ImageRole.DETAIL.value,
               ImageRole.VARIANT.value)


@dataclass(frozen=True)
class PublicImage:
    """A downscaled JPEG for a page."""

    data: bytes
    width: int
    height: int
    role: str


@dataclass(frozen=True)
class PublicAttribute:
    """One row of the spec table: the attribute's names and its value in each language."""

    name_zh: str
    name_en: str
    value_zh: str
    value_en: str


@dataclass(frozen=True)
class PublicSku:
    """A variant as printed: code, options per axis, barcode and logistics figures (no cost)."""

    code: str
    options: tuple[tuple[str, str], ...]   # (axis key, stored value) in axis order
    gtin: str
    weight_g: int | None
    length_mm: int | None
    width_mm: int | None
    height_mm: int | None


@dataclass(frozen=True)
class PublicAxis:
    key: str
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class PublicCertificate:
    """A certificate or test report that backs the product (valid ones only; see `load_products`)."""

    name: str
    number: str
    issuer: str
    issued_on: date | None
    expires_on: date | None
    scope: str


@dataclass(frozen=True)
class PublicProduct:
    """A product with everything a spec sheet, catalogue page or price list row may show."""

    code: str
    name_zh: str
    name_en: str
    brand: str
    category_zh: str
    category_en: str
    has_size_chart: bool
    description_zh: str
    description_en: str
    selling_points_zh: tuple[str, ...]
    selling_points_en: tuple[str, ...]
    materials: str
    attributes: tuple[PublicAttribute, ...]
    axes: tuple[PublicAxis, ...]
    skus: tuple[PublicSku, ...]
    certificates: tuple[PublicCertificate, ...]
    images: tuple[PublicImage, ...]
    currency: str
    version: int
    notes: tuple[Bilingual, ...] = field(default=())
    #: The fields clipped to their printed length (see the module docstring), each with its note (also in
    #: `notes`): a document that prints only some fields warns about those.
    clipped: tuple[tuple[str, Bilingual], ...] = field(default=())

    def name(self, lang: str) -> str:
        """The name in `lang` (zh or en), falling back to the other one, then the code."""
        first, second = (self.name_zh, self.name_en) if lang.startswith("zh") else (self.name_en, self.name_zh)
        return first or second or self.code


@dataclass(frozen=True)
class ImageSizes:
    """How many pictures to load per product and their sizes in pixels (main, others)."""

    count: int = 4
    main_px: int = 640
    other_px: int = 280


class _DerivedCache:
    """Derived JPEGs by (content hash, size), kept across documents up to a byte budget (least recently used
    out first): a batch of sheets or a catalogue that reuses pictures decodes each original once."""

    def __init__(self, budget: int = 48 * 1024 * 1024) -> None:
        self._budget = budget
        self._items: OrderedDict[tuple[str, int], PublicImage] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[str, int]) -> PublicImage | None:
        with self._lock:
            image = self._items.get(key)
            if image is not None:
                self._items.move_to_end(key)
            return image

    def put(self, key: tuple[str, int], image: PublicImage) -> None:
        with self._lock:
            if key in self._items:
                return
            self._items[key] = image
            self._bytes += len(image.data)
            while self._bytes > self._budget and self._items:
                _key, old = self._items.popitem(last=False)
                self._bytes -= len(old.data)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0


DERIVED_CACHE = _DerivedCache()
#: Bump when `derived_image`'s pixels change: old disk cache entries then go unused.
DERIVED_RECIPE = "derived-2"


def _disk_key(sha: str, size: int) -> str:
    """`derived_image(…, pad_white=True)` of the original at `size`, at the derived JPEG quality."""
    return recipe_key(sha, "derived-square", size, f"q{DERIVED_JPEG_QUALITY}", DERIVED_RECIPE)


class _Images:
    """Derived JPEGs for one load: from the process-wide cache, or made in a few threads (Pillow
    releases the GIL while decoding and resizing)."""

    def __init__(self, session: Session, disk: PictureCache | None = None) -> None:
        self._session = session
        self._disk = disk   # the derived pictures kept between runs, shared with packs and pushes
        self._made: dict[tuple[int, int], PublicImage | None] = {}

    def prepare(self, wanted: Iterable[tuple[int, int, str]]) -> None:
        todo = {(blob_id, size): role for blob_id, size, role in wanted if (blob_id, size) not in self._made}
        if not todo:
            return
        blob_ids = sorted({blob_id for blob_id, _ in todo})
        hashes = dict(self._session.exec(select(Blob.id, Blob.sha256).where(col(Blob.id).in_(blob_ids))).all())
        missing: dict[tuple[int, int], str] = {}
        for key, role in todo.items():
            sha = hashes.get(key[0])
            cached = (DERIVED_CACHE.get((sha, key[1])) or self._kept(sha, key[1], role)) if sha else None
            if cached is not None:
                self._made[key] = cached
            elif sha:
                missing[key] = role
            else:
                self._made[key] = None
        if not missing:
            return
        needed = sorted({blob_id for blob_id, _ in missing})
        data = dict(self._session.exec(select(Blob.id, Blob.data).where(col(Blob.id).in_(needed))).all())

        def make(key: tuple[int, int]) -> PublicImage | None:
            raw = data.get(key[0])
            if raw is None:
                return None
            try:
                derived = derived_image(raw, key[1])
            except ImageRejected:
                return None
            return PublicImage(derived.data, derived.width, derived.height, missing[key])

        with ThreadPoolExecutor(max_workers=4) as pool:
            for key, image in zip(missing, pool.map(make, missing), strict=True):
                self._made[key] = image
                if image is not None:
                    DERIVED_CACHE.put((hashes[key[0]], key[1]), image)
                    self._keep(hashes[key[0]], key[1], image)

    def _kept(self, sha: str, size: int, role: str) -> PublicImage | None:
        """The picture from the disk cache: its width and height on a first line, then the JPEG."""
        entry = self._disk.get(_disk_key(sha, size)) if self._disk is not None else None
        if entry is None:
            return None
        header, _newline, data = entry.partition(b"\n")
        width, height = map(int, header.split())
        image = PublicImage(data, width, height, role)
        DERIVED_CACHE.put((sha, size), image)
        return image

    def _keep(self, sha: str, size: int, image: PublicImage) -> None:
        if self._disk is not None:
            self._disk.put(_disk_key(sha, size), f"{image.width} {image.height}\n".encode() + image.data)

    def get(self, blob_id: int, size: int, role: str) -> PublicImage | None:
        image = self._made.get((blob_id, size))
        return None if image is None else PublicImage(image.data, image.width, image.height, role)


def load_products(
    workspace: Workspace,
    codes: Sequence[str] | None = None,
    *,
    images: ImageSizes = ImageSizes(),
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[PublicProduct]:
    """The products with `codes` (all, sorted by code, when None), in the order asked.

    Raises UnknownProduct for a code not in the workspace. Expired certificates are left out (a buyer must
    not be shown them) with a note on the product. `progress(done, total)` is reported per batch of
    products; `cancelled()` → Cancelled.
    """
    day = today or date.today()
    published = {p.code: p for p in published_products(workspace, codes)}
    products = [published[code] for code in (list(codes) if codes is not None else sorted(published))]
    result: list[PublicProduct] = []
    total = len(products)
    batch = 50
    with workspace.session() as session:
        pictures = _Images(session, PictureCache(workspace_cache_folder(workspace.url or workspace.path)))
        for start in range(0, total, batch):
            chunk = products[start:start + batch]
            pictures.prepare(_image_keys(chunk, images))
            result.extend(_printed(product, pictures, images, day) for product in chunk)
            if progress is not None:
                progress(len(result), total)
            if cancelled is not None and cancelled():
                raise Cancelled()
    return result


def load_factory(workspace: Workspace) -> PublicFactory:
    """The factory's letterhead facts, each text clipped to its printed length (see the module docstring)."""
    return _clipped(published_factory(workspace), "factory", [])


#: The most characters a printed document shows of a field (by the dataclass field's name); any other text
#: field shows up to `PRINTED_LENGTH`. Past it the text ends in "…" and the document's warnings say so.
PRINTED_LENGTHS: dict[str, int] = {
    **TEXT_LIMITS, "selling_points_zh": TEXT_LIMITS["selling_point"], "selling_points_en": TEXT_LIMITS["selling_point"],
    "category_zh": TEXT_LIMITS["name_zh"], "category_en": TEXT_LIMITS["name_en"],
    "capabilities_zh": TEXT_LIMITS["description_zh"], "capabilities_en": TEXT_LIMITS["description_en"],
    "address_zh": TEXT_LIMITS["materials"], "address_en": TEXT_LIMITS["materials"],
}
PRINTED_LENGTH = 500
#: Fields never clipped: identifiers, and what is not user text.
NOT_CLIPPED = frozenset({"code", "currency", "notes", "clipped", "images", "role", "data"})

_Clippable = TypeVar("_Clippable")


def _clipped(item: _Clippable, where: str, notes: list[tuple[str, Bilingual]]) -> _Clippable:
    """`item` (a dataclass) with every text field longer than its printed length clipped, one note per field."""
    changes: dict[str, Any] = {}
    for spec in fields(item):  # type: ignore[arg-type]
        if spec.name in NOT_CLIPPED:
            continue
        value = getattr(item, spec.name)
        clipped = _clipped_value(value, spec.name, where, notes)
        if clipped is not value:
            changes[spec.name] = clipped
    return replace(item, **changes) if changes else item  # type: ignore[type-var]


def _clipped_value(value: object, name: str, where: str, notes: list[tuple[str, Bilingual]]) -> object:
    if isinstance(value, str):
        limit = PRINTED_LENGTHS.get(name, PRINTED_LENGTH)
        if len(value) <= limit:
            return value
        what = label(name) if name in TEXT_LIMITS else Bilingual(name, name)
        note = Bilingual(f"{where}：{what.zh}有 {len(value):,} 个字符，只打印前 {limit:,} 个",
                         f"{where}: {what.en} has {len(value):,} characters; only the first {limit:,} are printed")
        if (name, note) not in notes:
            notes.append((name, note))
        return value[:limit] + "…"
    if isinstance(value, tuple):
        items = tuple(_clipped_value(item, name, where, notes) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if is_dataclass(value) and not isinstance(value, type):
        return _clipped(value, where, notes)
    return value


def _chosen_pictures(product: PublishedProduct, sizes: ImageSizes) -> list[tuple[PublishedImage, int]]:
    """Up to `count` pictures, main first, one per distinct blob, with the size each is drawn at."""
    ordered = sorted(product.images,
                     key=lambda p: (IMAGE_ORDER.index(p.role) if p.role in IMAGE_ORDER else 9, p.position))
    chosen: list[tuple[PublishedImage, int]] = []
    seen: set[int] = set()
    for picture in ordered:
        if picture.blob_id in seen or len(chosen) >= sizes.count:
            continue
        seen.add(picture.blob_id)
        chosen.append((picture, sizes.main_px if not chosen else sizes.other_px))
    return chosen


def _image_keys(products: Iterable[PublishedProduct], sizes: ImageSizes) -> list[tuple[int, int, str]]:
    return [(picture.blob_id, size, picture.role) for product in products
            for picture, size in _chosen_pictures(product, sizes)]


def _printed(product: PublishedProduct, images: _Images, sizes: ImageSizes, today: date) -> PublicProduct:
    """The published product as a printed page shows it: attribute values as text, expired evidence left out."""
    notes: list[Bilingual] = []
    certificates = []
    for certificate in product.certificates:
        if certificate.is_expired(today):
            notes.append(Bilingual(f"{product.code}：证书“{certificate.name}”已于 {certificate.expires_on} 过期，"
                                   "未打印",
                                   f"{product.code}: certificate {certificate.name!r} expired on "
                                   f"{certificate.expires_on} and is not printed"))
            continue
        certificates.append(PublicCertificate(certificate.name, certificate.number, certificate.issuer,
                                              certificate.issued_on, certificate.expires_on, certificate.scope))
    pictures = [images.get(p.blob_id, size, p.role) for p, size in _chosen_pictures(product, sizes)]
    category = product.category
    printed = PublicProduct(
        code=product.code, name_zh=product.name_zh, name_en=product.name_en, brand=product.brand,
        category_zh=category.name_zh if category else "", category_en=category.name_en if category else "",
        has_size_chart=bool(category and category.has_size_chart),
        description_zh=product.description_zh, description_en=product.description_en,
        selling_points_zh=product.selling_points_zh, selling_points_en=product.selling_points_en,
        materials=product.materials,
        attributes=_attributes(product),
        axes=tuple(PublicAxis(axis.key, axis.name_zh, axis.name_en) for axis in product.axes),
        skus=tuple(_sku(product, sku) for sku in product.skus),
        certificates=tuple(certificates),
        images=tuple(p for p in pictures if p is not None),
        currency=product.currency, version=product.version,
    )
    clipped: list[tuple[str, Bilingual]] = []
    printed = _clipped(printed, product.code, clipped)
    return replace(printed, notes=tuple(notes + [note for _name, note in clipped]), clipped=tuple(clipped))


def _attributes(product: PublishedProduct) -> tuple[PublicAttribute, ...]:
    rows: list[PublicAttribute] = []
    for attribute in product.product_attributes():
        zh, en = attribute.display("zh"), attribute.display("en")
        if zh:
            rows.append(PublicAttribute(attribute.name_zh, attribute.name_en, zh, en))
    rows.extend(PublicAttribute(key, key, value, value) for key, value in product.extra_attributes)
    return tuple(rows)


def _sku(product: PublishedProduct, sku: PublishedSku) -> PublicSku:
    order = [axis.key for axis in product.axes]
    options = sorted(sku.options, key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))
    return PublicSku(sku.code, tuple(options), sku.gtin, sku.weight_g, sku.length_mm, sku.width_mm, sku.height_mm)


__all__ = [
    "DERIVED_CACHE", "ImageSizes", "PublicAttribute", "PublicAxis", "PublicCertificate", "PublicFactory",
    "PublicImage", "PublicProduct", "PublicSku", "UnknownProduct", "load_factory", "load_products",
    "product_codes",
]
