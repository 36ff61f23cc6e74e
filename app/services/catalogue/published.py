"""The published product: the one read model of what a buyer may see, for listing packs, the lint, printed
documents and pushes to shops — plain, frozen values without private fields.

Rows are read through `app.models.public_fields.public_only`, the one allow-list of public columns: private
data — SKU costs, the reference price of a comparable branded product and its label, the differentiator, the
factory's OEM history — is never loaded here, so no pack writer, renderer or connector can leak it.
Prices are not part of it: `app.services.listing.packs.prices` and the price list read costs themselves and
hand back prices only.

Loading is a handful of queries whatever the number of products (products, SKUs, images, certificates,
categories with their attributes), so building packs for a thousand products does not run a query per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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
    Product,
    ProductCertificate,
    ProductImage,
    Sku,
)
from app.models.bilingual import Bilingual, UserFacingError
from app.models.public_fields import public_only
from app.services.catalogue.categories import display_value
from app.services.kernel.text import in_language

_CHUNK = 500


class UnknownProduct(UserFacingError):
    """Product codes that are not in the workspace (all of them, named)."""

    def __init__(self, codes: Sequence[str]) -> None:
        listed = ", ".join(codes)
        super().__init__(Bilingual(f"找不到产品：{listed}", f"Unknown product: {listed}"))
        self.codes = tuple(codes)
        self.code = self.codes[0] if self.codes else ""


#: Units the Chinese listing shows in Chinese (the category templates write them in English).
UNITS_ZH = {"years": "年", "year": "年", "h": "小时", "months": "个月", "pcs": "件"}


@dataclass(frozen=True)
class _AttributeView:
    """What `display_value` reads of an attribute definition."""

    kind: str
    unit: str
    choices: list[dict[str, str]]


@dataclass(frozen=True)
class PublishedAttribute:
    """A category attribute with the product's value (or None)."""

    key: str
    name_zh: str
    name_en: str
    kind: str
    unit: str
    required: bool
    is_axis: bool
    position: int
    choices: tuple[tuple[str, str], ...]
    value: Any

    def name(self, lang: str) -> str:
        return self.name_zh if lang.lower().startswith("zh") else (self.name_en or self.name_zh)

    def display(self, lang: str) -> str:
        """The value as text in `lang`, as the catalogue shows it (choices translated, units, yes/no)."""
        unit = self.unit
        if lang.lower().startswith("zh"):
            unit = UNITS_ZH.get(unit, unit)
        # A plain view, not an `AttributeDef` row: building a table object per call cost more than the rest
        # of a pack's titles (it is asked for every attribute of every product on every platform).
        definition = _AttributeView(self.kind, unit, [{"zh": zh, "en": en} for zh, en in self.choices])
        return in_language(display_value(definition, self.value, lang), lang)

    @property
    def filled(self) -> bool:
        return self.value is not None and self.value != "" and self.value != []


@dataclass(frozen=True)
class PublishedCategory:
    code: str
    name_zh: str
    name_en: str
    has_size_chart: bool

    def name(self, lang: str) -> str:
        return self.name_zh if lang.lower().startswith("zh") else (self.name_en or self.name_zh)


@dataclass(frozen=True)
class PublishedAxis:
    key: str
    name_zh: str
    name_en: str
    values: tuple[str, ...]

    def name(self, lang: str) -> str:
        return self.name_zh if lang.lower().startswith("zh") else (self.name_en or self.name_zh)


@dataclass(frozen=True)
class PublishedSku:
    """A SKU without its cost."""

    id: int
    code: str
    options: tuple[tuple[str, str], ...]
    gtin: str
    weight_g: int | None
    length_mm: int | None
    width_mm: int | None
    height_mm: int | None
    position: int

    def option(self, key: str) -> str:
        return dict(self.options).get(key, "")

    def dimensions_text(self) -> str:
        if self.length_mm and self.width_mm and self.height_mm:
            return f"{self.length_mm} × {self.width_mm} × {self.height_mm}"
        return ""


@dataclass(frozen=True)
class PublishedImage:
    id: int
    blob_id: int
    role: str
    position: int
    sku_id: int | None
    alt: str
    width: int
    height: int
    file_name: str


@dataclass(frozen=True)
class LinkedCertificate:
    """A certificate or test report linked to the product as evidence."""

    id: int
    kind: str
    name: str
    number: str
    issuer: str
    scope: str
    issued_on: date | None
    expires_on: date | None

    def is_expired(self, today: date) -> bool:
        return self.expires_on is not None and self.expires_on < today

    @property
    def haystack(self) -> str:
        return " ".join((self.name, self.number, self.issuer, self.scope))


@dataclass(frozen=True)
class PublishedProduct:
    """Everything a listing is made of, and nothing private."""

    id: int
    code: str
    name_zh: str
    name_en: str
    brand: str
    description_zh: str
    description_en: str
    selling_points_zh: tuple[str, ...]
    selling_points_en: tuple[str, ...]
    materials: str
    status: str
    currency: str
    category: PublishedCategory | None
    attributes: tuple[PublishedAttribute, ...]
    axes: tuple[PublishedAxis, ...]
    skus: tuple[PublishedSku, ...]
    images: tuple[PublishedImage, ...]
    certificates: tuple[LinkedCertificate, ...]
    version: int = 0
    #: Attribute values the category's template doesn't know (kept by an import or a category change), by key.
    extra_attributes: tuple[tuple[str, str], ...] = ()

    def name(self, lang: str) -> str:
        first, second = (self.name_zh, self.name_en) if lang.lower().startswith("zh") else (self.name_en, self.name_zh)
        return first or second or self.code

    def description(self, lang: str) -> str:
        first, second = ((self.description_zh, self.description_en) if lang.lower().startswith("zh")
                         else (self.description_en, self.description_zh))
        return first or second

    def selling_points(self, lang: str) -> tuple[str, ...]:
        first, second = ((self.selling_points_zh, self.selling_points_en) if lang.lower().startswith("zh")
                         else (self.selling_points_en, self.selling_points_zh))
        return tuple(p for p in (first or second) if p.strip())

    def brand_text(self, lang: str) -> str:
        """The brand as a listing in `lang` shows it: "行者 Xingzhe" → "Xingzhe" in English, "行者" in Chinese."""
        return in_language(self.brand, lang) if self.brand else ""

    def product_attributes(self) -> tuple[PublishedAttribute, ...]:
        """The non-axis attributes (per product), in template order."""
        return tuple(a for a in self.attributes if not a.is_axis)

    def images_with_role(self, role: str) -> tuple[PublishedImage, ...]:
        return tuple(i for i in self.images if i.role == role)

    def option_text(self, sku: PublishedSku, lang: str, separator: str = " / ") -> str:
        return separator.join(in_language(value, lang) for _, value in sku.options)


@dataclass(frozen=True)
class PublishedFactory:
    """What a buyer may see about the factory (never the OEM history): the letterhead of printed documents and
    the facts listings quote (brand, MOQ, lead time, capacity)."""

    name_zh: str = ""
    name_en: str = ""
    brand_zh: str = ""
    brand_en: str = ""
    moq: int | None = None
    lead_time_days: int | None = None
    capacity_per_month: int | None = None
    capacity_unit: str = "pcs"
    address_zh: str = ""
    address_en: str = ""
    contact_name: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    capabilities_zh: str = ""
    capabilities_en: str = ""

    def brands(self) -> tuple[str, ...]:
        return tuple(b for b in (self.brand_zh, self.brand_en) if b.strip())


def product_codes(workspace: Workspace) -> list[str]:
    """Every product code, sorted."""
    with workspace.session() as session:
        return sorted(session.exec(select(Product.code)).all())


def load_products(workspace: Workspace, codes: Sequence[str] | None = None) -> list[PublishedProduct]:
    """The products with `codes` (all when None), in the order asked (by code for all); raises
    `UnknownProduct` naming every code that doesn't exist."""
    with workspace.session() as session:
        if codes is None:
            rows = list(session.exec(select(Product).options(*public_only(Product)).order_by(col(Product.code))))
        else:
            wanted = list(dict.fromkeys(codes))
            found: dict[str, Product] = {}
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start:start + _CHUNK]
                query = select(Product).options(*public_only(Product)).where(col(Product.code).in_(chunk))
                found.update({p.code: p for p in session.exec(query)})
            missing = [code for code in wanted if code not in found]
            if missing:
                raise UnknownProduct(missing)
            rows = [found[code] for code in wanted]
        return _assemble(session, rows)


def _assemble(session: Session, products: list[Product]) -> list[PublishedProduct]:
    ids = [p.id for p in products if p.id is not None]
    skus: dict[int, list[PublishedSku]] = defaultdict(list)
    images: dict[int, list[PublishedImage]] = defaultdict(list)
    certificates: dict[int, list[LinkedCertificate]] = defaultdict(list)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        for sku in session.exec(select(Sku).options(*public_only(Sku)).where(col(Sku.product_id).in_(chunk))
                                .order_by(col(Sku.position), col(Sku.code))):
            assert sku.id is not None
            skus[sku.product_id].append(PublishedSku(
                sku.id, sku.code, tuple((str(k), str(v)) for k, v in (sku.options or {}).items()), sku.gtin or "",
                sku.weight_g, sku.length_mm, sku.width_mm, sku.height_mm, sku.position))
        for image in session.exec(select(ProductImage).options(*public_only(ProductImage))
                                  .where(col(ProductImage.product_id).in_(chunk))
                                  .order_by(col(ProductImage.position), col(ProductImage.id))):
            assert image.id is not None
            images[image.product_id].append(PublishedImage(
                image.id, image.blob_id, image.role, image.position, image.sku_id, image.alt, image.width,
                image.height, image.file_name))
        query = (select(ProductCertificate.product_id, Certificate)
                 .options(*public_only(Certificate))
                 .join(Certificate, col(Certificate.id) == col(ProductCertificate.certificate_id))
                 .where(col(ProductCertificate.product_id).in_(chunk)).order_by(col(Certificate.id)))
        for product_id, cert in session.exec(query):
            assert cert.id is not None
            certificates[product_id].append(LinkedCertificate(
                cert.id, cert.kind, cert.name, cert.number, cert.issuer, cert.scope, cert.issued_on, cert.expires_on))
    categories = _categories(session, {p.category_id for p in products if p.category_id is not None})
    result = []
    for product in products:
        assert product.id is not None
        category, definitions = categories.get(product.category_id, (None, ())) if product.category_id else (None, ())
        values = product.attributes or {}
        attributes = tuple(PublishedAttribute(
            d.key, d.name_zh, d.name_en, d.kind, d.unit, d.required, d.is_axis, d.position,
            tuple((c.get("zh", ""), c.get("en", "")) for c in d.choices), values.get(d.key))
            for d in definitions)
        axes = tuple(PublishedAxis(str(a.get("key", "")), str(a.get("name_zh", "")), str(a.get("name_en", "")),
                                 tuple(str(v) for v in a.get("values", [])))
                     for a in (product.axes or []) if a.get("key"))
        result.append(PublishedProduct(
            id=product.id, code=product.code, name_zh=product.name_zh, name_en=product.name_en,
            brand=product.brand, description_zh=product.description_zh, description_en=product.description_en,
            selling_points_zh=tuple(product.selling_points_zh or ()),
            selling_points_en=tuple(product.selling_points_en or ()), materials=product.materials,
            status=product.status, currency=product.currency or "CNY", category=category, attributes=attributes,
            axes=axes, skus=tuple(skus[product.id]), images=tuple(images[product.id]),
            certificates=tuple(certificates[product.id]), version=product.version,
            extra_attributes=_extra_attributes(values, definitions),
        ))
    return result


def _extra_attributes(values: dict[str, Any], definitions: Sequence[AttributeDef]) -> tuple[tuple[str, str], ...]:
    known = {d.key for d in definitions}
    return tuple((key, str(value)) for key, value in values.items() if key not in known and value not in (None, ""))


def _categories(session: Session, ids: set[int]) -> dict[int, tuple[PublishedCategory, tuple[AttributeDef, ...]]]:
    if not ids:
        return {}
    found: dict[int, tuple[PublishedCategory, tuple[AttributeDef, ...]]] = {}
    definitions: dict[int, list[AttributeDef]] = defaultdict(list)
    for definition in session.exec(select(AttributeDef).options(*public_only(AttributeDef))
                                   .where(col(AttributeDef.category_id).in_(ids))
                                   .order_by(col(AttributeDef.position), col(AttributeDef.id))):
        definitions[definition.category_id].append(definition)
    for category in session.exec(select(Category).options(*public_only(Category)).where(col(Category.id).in_(ids))):
        assert category.id is not None
        found[category.id] = (PublishedCategory(category.code, category.name_zh, category.name_en,
                                              category.has_size_chart), tuple(definitions[category.id]))
    return found


def load_factory(workspace: Workspace) -> PublishedFactory:
    """The factory's public facts (an empty profile when none was entered)."""
    with workspace.session() as session:
        profile = session.exec(select(FactoryProfile).options(*public_only(FactoryProfile))
                               .order_by(col(FactoryProfile.id))).first()
    if profile is None:
        return PublishedFactory()
    return PublishedFactory(
        name_zh=profile.name_zh, name_en=profile.name_en, brand_zh=profile.brand_zh, brand_en=profile.brand_en,
        moq=profile.moq, lead_time_days=profile.lead_time_days, capacity_per_month=profile.capacity_per_month,
        capacity_unit=profile.capacity_unit, address_zh=profile.address_zh, address_en=profile.address_en,
        contact_name=profile.contact_name, phone=profile.phone, email=profile.email, website=profile.website,
        capabilities_zh=profile.capabilities_zh, capabilities_en=profile.capabilities_en,
    )


def load_blob(workspace: Workspace, blob_id: int) -> bytes:
    """A stored file's bytes (its bytes only: when it was stored is private on a team database)."""
    with workspace.session() as session:
        data = session.exec(select(Blob.data).where(Blob.id == blob_id)).first()
        if data is None:
            raise KeyError(blob_id)
        return bytes(data)


def blob_sha256(workspace: Workspace, blob_id: int) -> str:
    """The stored file's sha256 (its content's name: derived pictures are cached under it)."""
    with workspace.session() as session:
        sha = session.exec(select(Blob.sha256).where(Blob.id == blob_id)).first()
        if sha is None:
            raise KeyError(blob_id)
        return sha


def blob_shas(workspace: Workspace, blob_ids: Iterable[int]) -> dict[int, str]:
    """{blob id: sha256} of many stored files in a few queries (a build asks for every product's pictures)."""
    ids = sorted(set(blob_ids))
    found: dict[int, str] = {}
    with workspace.session() as session:
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            for blob_id, sha in session.exec(select(col(Blob.id), Blob.sha256).where(col(Blob.id).in_(chunk))):
                if blob_id is not None:   # (a stored row always has one; the column is typed optional)
                    found[blob_id] = sha
    return found


def gtin_owners(workspace: Workspace) -> dict[str, list[str]]:
    """{GTIN: [SKU codes]} for every SKU with a GTIN in the workspace (duplicates have several codes)."""
    owners: dict[str, list[str]] = defaultdict(list)
    with workspace.session() as session:
        for code, gtin in session.exec(select(Sku.code, Sku.gtin).where(Sku.gtin != "")):
            owners[gtin].append(code)
    return dict(owners)
