"""Which columns of the catalogue and the factory profile may leave the workspace — the one allow-list.

Listing packs (`app.services.listing.packs.source`) and printed documents (`app.services.documents.public_data`)
read products, SKUs, images, certificates, categories and the factory profile through `public_only`:
only the PUBLIC columns are loaded, and reading any other column raises instead of querying it. So a
private value — a SKU's cost, the reference price of a comparable branded product and its label, the
product's differentiator, the factory's OEM history and supplier partnerships — can't reach a pack or a PDF.

Every column of every table here is either PUBLIC or PRIVATE (tests/test_public_fields.py fails on a column
that is neither), so a new column forces a decision. PRIVATE means "stays in the workspace": secrets, and
bookkeeping no buyer needs (timestamps, lock versions, file names of scans). The price list and the
pack prices need costs to compute prices; they read them with their own queries and print prices only.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm import load_only
from sqlmodel import SQLModel

from app.models.approved import ApprovedPrice, ApprovedPriceList
from app.models.catalogue import (
    AttributeDef,
    Category,
    Product,
    ProductCertificate,
    ProductImage,
    Sku,
)
from app.models.factory import Certificate, FactoryProfile
from app.models.pricing import ExchangeRate

#: Columns a listing pack or a printed document may show (or needs to join on).
PUBLIC: dict[type[SQLModel], frozenset[str]] = {
    Product: frozenset({
        "id", "code", "name_zh", "name_en", "category_id", "brand", "description_zh", "description_en",
        "selling_points_zh", "selling_points_en", "materials", "status", "attributes", "axes", "currency",
        "version",
    }),
    Sku: frozenset({
        "id", "product_id", "code", "options", "gtin", "weight_g", "length_mm", "width_mm", "height_mm", "position",
    }),
    ProductImage: frozenset({
        "id", "product_id", "blob_id", "sku_id", "role", "position", "width", "height", "alt", "file_name",
    }),
    ProductCertificate: frozenset({"product_id", "certificate_id"}),
    Category: frozenset({"id", "code", "name_zh", "name_en", "has_size_chart"}),
    AttributeDef: frozenset({
        "id", "category_id", "key", "name_zh", "name_en", "kind", "unit", "choices", "required", "is_axis",
        "position",
    }),
    Certificate: frozenset({"id", "kind", "name", "number", "issuer", "issued_on", "expires_on", "scope"}),
    FactoryProfile: frozenset({
        "id", "name_zh", "name_en", "brand_zh", "brand_en", "address_zh", "address_en", "contact_name", "phone",
        "email", "website", "capabilities_zh", "capabilities_en", "capacity_per_month", "capacity_unit", "moq",
        "lead_time_days",
    }),
    # The workspace's exchange rates: documents print prices converted with them, never the rates themselves.
    ExchangeRate: frozenset(),
    # Approved prices (app/models/approved.py): what sales staff print and pack from; prices, never costs.
    ApprovedPriceList: frozenset({
        "id", "channel_id", "version", "currency", "channel", "tiers", "priced_on", "approved_at", "approved_by",
    }),
    ApprovedPrice: frozenset({
        "id", "list_id", "product_code", "sku_code", "price", "sale_price", "suggested_retail", "tier_prices",
    }),
}

#: Columns that never leave the workspace.
PRIVATE: dict[type[SQLModel], frozenset[str]] = {
    Product: frozenset({
        "differentiator",                       # the seller's positioning note, not listing copy
        "reference_price", "reference_label",   # a comparable branded product's price and its label
        "sku_pattern", "created_at", "updated_at",
    }),
    Sku: frozenset({"cost", "version"}),
    ProductImage: frozenset(),
    ProductCertificate: frozenset(),
    Category: frozenset(),
    AttributeDef: frozenset(),
    Certificate: frozenset({"file_name", "blob_id", "created_at"}),   # the scan stays in the workspace
    FactoryProfile: frozenset({
        "oem_history", "oem_history_private",   # brands the factory has made goods for
        "materials_partners",                   # supplier partnerships
        "updated_at",
    }),
    ExchangeRate: frozenset({"id", "day", "source", "target", "rate", "updated_at"}),
    ApprovedPriceList: frozenset({"basis"}),  # a fingerprint of the costs and plans the prices came from
    ApprovedPrice: frozenset(),
}


Row = TypeVar("Row", bound=SQLModel)


def public_copy(row: Row) -> Row:
    """A new, unattached row holding only `row`'s PUBLIC columns (the private ones at their defaults): what a
    login that may not read private columns (a team's sales staff) is shown. `row` is loaded with `public_only`."""
    model = type(row)
    return model(**{name: getattr(row, name) for name in PUBLIC[model]})


def public_only(*tables: type[SQLModel]) -> list[Any]:
    """Loader options for `select(...).options(*public_only(Product))`: load the tables' PUBLIC columns only;
    reading a private column of a row so loaded raises `sqlalchemy.exc.InvalidRequestError`."""
    return [load_only(*(getattr(table, name) for name in sorted(PUBLIC[table])), raiseload=True)
            for table in tables]


__all__ = ["PRIVATE", "PUBLIC", "public_copy", "public_only"]
