"""SQLModel tables and pure domain rules. No Qt, no I/O beyond a session handed in."""

from app.models.approved import ApprovedPrice, ApprovedPriceList
from app.models.audit import AuditEntry
from app.models.base import metadata
from app.models.blob import Blob
from app.models.catalogue import (
    AttributeDef,
    AttributeKind,
    Category,
    ImageRole,
    Product,
    ProductCertificate,
    ProductImage,
    ProductStatus,
    Sku,
)
from app.models.factory import Certificate, CertificateKind, FactoryProfile
from app.models.listing import LintAllowEntry, PlatformProfileOverride
from app.models.pricing import ChannelProfileVersion, ExchangeRate, PricingPlan
from app.models.push import PushItem, PushJob, ShopConnection

__all__ = [
    "ApprovedPrice",
    "ApprovedPriceList",
    "AttributeDef",
    "AttributeKind",
    "AuditEntry",
    "Blob",
    "Category",
    "Certificate",
    "CertificateKind",
    "ChannelProfileVersion",
    "ExchangeRate",
    "FactoryProfile",
    "ImageRole",
    "LintAllowEntry",
    "PlatformProfileOverride",
    "PricingPlan",
    "Product",
    "ProductCertificate",
    "ProductImage",
    "ProductStatus",
    "PushItem",
    "PushJob",
    "ShopConnection",
    "Sku",
    "metadata",
]
