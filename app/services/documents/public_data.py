"""What printed documents may show about the factory and its products: public fields only.

Every printed document reads the workspace through this module, which loads rows through
`app.models.public_fields.public_only` (the one allow-list listing packs use too) and copies them into plain
frozen dataclasses. Private fields — SKU costs, the reference price and its label, the factory's OEM history,
the product's internal differentiator, supplier partnerships — are never loaded, so no renderer can print them
by mistake. (The price list needs costs to compute prices; it reads them itself and prints only the prices the
pricing engine returns.)

Images are downscaled JPEGs made by `app.services.catalogue.images.derived_image`, never the stored originals.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from app.db import Workspace
from app.models import (
    AttributeDef,
    Blob,
    Category,
    Certificate,
    FactoryProfile,
    ImageRole,
    Product,
    ProductCertificate,
    ProductImage,
    Sku,
)
from app.models.bilingual import Bilingual, UserFacingError
from app.models.public_fields import public_only
from app.services.catalogue.categories import display_value
from app.services.catalogue.images import ImageRejected, derived_image
from app.services.kernel.jobs import Cancelled
from app.services.kernel.text import in_language

#: Image roles in the order a printed page picks them: the main picture first, then the others.
IMAGE_ORDER = (ImageRole.MAIN.value, ImageRole.WHITE_BACKGROUND.value, ImageRole.DETAIL.value,
               ImageRole.VARIANT.value)



class UnknownProduct(UserFacingError):
    """A product code that is not in the workspace."""

    def __init__(self, code: str) -> None:
        super().__init__(Bilingual(f"工作区中没有商品 {code}", f"No product {code} in the workspace"))
        self.code = code


@dataclass(frozen=True)
class PublicFactory:
    """The factory as a buyer may see it."""

    name_zh: str = ""
    name_en: str = ""
    brand_zh: str = ""
    brand_en: str = ""
    address_zh: str = ""
    address_en: str = ""
    contact_name: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    capabilities_zh: str = ""
    capabilities_en: str = ""
    moq: int | None = None
    lead_time_days: int | None = None


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

    def name(self, lang: str) -> str:
        """The name in `lang` (zh or en), falling back to the other one, then the code."""
        first, second = (self.name_zh, self.name_en) if lang.startswith("zh") else (self.name_en, self.name_zh)
        return first or second or self.code


def load_factory(workspace: Workspace) -> PublicFactory:
    """The factory's public profile (an empty one for a new workspace)."""
    with workspace.session() as session:
        profile = session.exec(select(FactoryProfile).options(*public_only(FactoryProfile))).first()
        return _public_factory(profile) if profile is not None else PublicFactory()


def _public_factory(profile: FactoryProfile) -> PublicFactory:
    return PublicFactory(
        name_zh=profile.name_zh, name_en=profile.name_en, brand_zh=profile.brand_zh, brand_en=profile.brand_en,
        address_zh=profile.address_zh, address_en=profile.address_en, contact_name=profile.contact_name,
        phone=profile.phone, email=profile.email, website=profile.website,
        capabilities_zh=profile.capabilities_zh, capabilities_en=profile.capabilities_en,
        moq=profile.moq, lead_time_days=profile.lead_time_days,
    )


def product_codes(workspace: Workspace) -> list[str]:
    """Every product code in the workspace, sorted."""
    with workspace.session() as session:
        return sorted(session.exec(select(Product.code)).all())


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


class _Images:
    """Derived JPEGs for one load: from the process-wide cache, or made in a few threads (Pillow
    releases the GIL while decoding and resizing)."""

    def __init__(self, session: Session) -> None:
        self._session = session
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
            cached = DERIVED_CACHE.get((sha, key[1])) if sha else None
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
    with workspace.session() as session:
        query = select(Product).options(*public_only(Product))
        if codes is not None:
            query = query.where(col(Product.code).in_(list(codes)))
        rows = {p.code: p for p in session.exec(query)}
        wanted = list(codes) if codes is not None else sorted(rows)
        for code in wanted:
            if code not in rows:
                raise UnknownProduct(code)
        products = [rows[code] for code in wanted]
        context = _Context(session, products, images, day)
        result: list[PublicProduct] = []
        total = len(products)
        batch = 50
        for start in range(0, total, batch):
            chunk = products[start:start + batch]
            context.images.prepare(context.image_keys(chunk))
            result.extend(context.build(product) for product in chunk)
            if progress is not None:
                progress(len(result), total)
            if cancelled is not None and cancelled():
                raise Cancelled()
        return result


class _Context:
    """Everything shared by the products of one load, read with a few queries rather than per product."""

    def __init__(self, session: Session, products: list[Product], sizes: ImageSizes, today: date) -> None:
        self.sizes, self.today = sizes, today
        ids = [p.id for p in products]
        self.categories = {c.id: c for c in session.exec(select(Category).options(*public_only(Category)))}
        self.attributes: dict[int, list[AttributeDef]] = defaultdict(list)
        for attribute in session.exec(select(AttributeDef).options(*public_only(AttributeDef))
                                     .order_by(col(AttributeDef.position), col(AttributeDef.id))):
            self.attributes[attribute.category_id].append(attribute)
        self.skus: dict[int, list[Sku]] = defaultdict(list)
        self.pictures: dict[int, list[ProductImage]] = defaultdict(list)
        self.certificates: dict[int, list[Certificate]] = defaultdict(list)
        for chunk in _chunks(ids, 500):
            for sku in session.exec(select(Sku).options(*public_only(Sku)).where(col(Sku.product_id).in_(chunk))
                                    .order_by(col(Sku.position), col(Sku.code))):
                self.skus[sku.product_id].append(sku)
            for picture in session.exec(select(ProductImage).options(*public_only(ProductImage))
                                        .where(col(ProductImage.product_id).in_(chunk))
                                        .order_by(col(ProductImage.position), col(ProductImage.id))):
                self.pictures[picture.product_id].append(picture)
            links = session.exec(select(ProductCertificate.product_id, Certificate)
                                 .options(*public_only(Certificate))
                                 .join(Certificate, col(Certificate.id) == ProductCertificate.certificate_id)
                                 .where(col(ProductCertificate.product_id).in_(chunk))
                                 .order_by(col(Certificate.id))).all()
            for product_id, certificate in links:
                self.certificates[product_id].append(certificate)
        self.images = _Images(session)

    def chosen_pictures(self, product: Product) -> list[tuple[ProductImage, int]]:
        """Up to `count` pictures, main first, one per distinct blob, with the size each is drawn at."""
        assert product.id is not None
        ordered = sorted(self.pictures[product.id],
                         key=lambda p: (IMAGE_ORDER.index(p.role) if p.role in IMAGE_ORDER else 9, p.position))
        chosen: list[tuple[ProductImage, int]] = []
        seen: set[int] = set()
        for picture in ordered:
            if picture.blob_id in seen or len(chosen) >= self.sizes.count:
                continue
            seen.add(picture.blob_id)
            chosen.append((picture, self.sizes.main_px if not chosen else self.sizes.other_px))
        return chosen

    def image_keys(self, products: Iterable[Product]) -> list[tuple[int, int, str]]:
        return [(picture.blob_id, size, picture.role) for product in products
                for picture, size in self.chosen_pictures(product)]

    def build(self, product: Product) -> PublicProduct:
        assert product.id is not None
        category = self.categories.get(product.category_id) if product.category_id else None
        notes: list[Bilingual] = []
        certificates = []
        for certificate in self.certificates[product.id]:
            if certificate.is_expired(self.today):
                notes.append(Bilingual(f"{product.code}：证书“{certificate.name}”已于 {certificate.expires_on} 过期，未打印",
                                       f"{product.code}: certificate {certificate.name!r} expired on "
                                       f"{certificate.expires_on} and is not printed"))
                continue
            certificates.append(PublicCertificate(certificate.name, certificate.number, certificate.issuer,
                                                  certificate.issued_on, certificate.expires_on, certificate.scope))
        pictures = [self.images.get(p.blob_id, size, p.role) for p, size in self.chosen_pictures(product)]
        return PublicProduct(
            code=product.code, name_zh=product.name_zh, name_en=product.name_en, brand=product.brand,
            category_zh=category.name_zh if category else "", category_en=category.name_en if category else "",
            has_size_chart=bool(category and category.has_size_chart),
            description_zh=product.description_zh, description_en=product.description_en,
            selling_points_zh=tuple(product.selling_points_zh or ()),
            selling_points_en=tuple(product.selling_points_en or ()),
            materials=product.materials,
            attributes=self._attributes(product, category),
            axes=tuple(PublicAxis(str(a.get("key", "")), str(a.get("name_zh", "")), str(a.get("name_en", "")))
                       for a in product.axes or ()),
            skus=tuple(self._sku(product, sku) for sku in self.skus[product.id]),
            certificates=tuple(certificates),
            images=tuple(p for p in pictures if p is not None),
            currency=product.currency, version=product.version, notes=tuple(notes),
        )

    def _attributes(self, product: Product, category: Category | None) -> tuple[PublicAttribute, ...]:
        values: dict[str, Any] = dict(product.attributes or {})
        rows: list[PublicAttribute] = []
        for attribute in self.attributes.get(category.id, []) if category and category.id else []:
            if attribute.is_axis or attribute.key not in values:
                continue
            value = values.pop(attribute.key)
            zh, en = display_value(attribute, value, "zh"), display_value(attribute, value, "en")
            if not zh:
                continue
            if attribute.kind == "text":
                zh, en = in_language(zh, "zh"), in_language(en, "en")
            rows.append(PublicAttribute(attribute.name_zh, attribute.name_en, zh, en))
        for key, value in values.items():  # attributes the category template doesn't know
            if value not in (None, ""):
                rows.append(PublicAttribute(key, key, str(value), str(value)))
        return tuple(rows)

    @staticmethod
    def _sku(product: Product, sku: Sku) -> PublicSku:
        order = [str(a.get("key", "")) for a in product.axes or ()]
        options = sorted(sku.options.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))
        return PublicSku(sku.code, tuple((k, str(v)) for k, v in options), sku.gtin or "", sku.weight_g,
                         sku.length_mm, sku.width_mm, sku.height_mm)


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


__all__ = [
    "DERIVED_CACHE", "ImageSizes", "PublicAttribute", "PublicAxis", "PublicCertificate", "PublicFactory",
    "PublicImage", "PublicProduct", "PublicSku", "UnknownProduct", "load_factory", "load_products",
    "product_codes",
]
