"""The packs' names for the published product (`app.services.catalogue.published`, the one read model packs,
documents and shops share). Pack writers were written against these names; they are the same classes."""

from app.services.catalogue.published import (
    UNITS_ZH,
    LinkedCertificate,
    PublishedAttribute as ListingAttribute,
    PublishedAxis as ListingAxis,
    PublishedCategory as ListingCategory,
    PublishedFactory as FactoryFacts,
    PublishedImage as ListingImage,
    PublishedProduct as ListingProduct,
    PublishedSku as ListingSku,
    UnknownProduct,
    blob_shas,
    gtin_owners,
    load_blob,
    load_factory,
    load_products,
    product_codes,
)

__all__ = [
    "UNITS_ZH", "FactoryFacts", "LinkedCertificate", "ListingAttribute", "ListingAxis", "ListingCategory",
    "ListingImage", "ListingProduct", "ListingSku", "UnknownProduct", "blob_shas", "gtin_owners", "load_blob",
    "load_factory", "load_products", "product_codes",
]
