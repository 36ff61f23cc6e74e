"""SQLModel tables and pure domain rules. No Qt, no I/O beyond a session handed in."""

from app.models.base import metadata
from app.models.blob import Blob
from app.models.factory import Certificate, CertificateKind, FactoryProfile
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
from app.models.audit import AuditEntry

__all__ = [
    "metadata", "Blob", "Certificate", "CertificateKind", "FactoryProfile", "AttributeDef", "AttributeKind",
    "Category", "ImageRole", "Product", "ProductCertificate", "ProductImage", "ProductStatus", "Sku", "AuditEntry",
]
