"""Shopify product CSV, in the header dialect the build asks for (the profile holds both: Shopify's current
template names by default, the legacy names as an option; the rows are the same, only headers and the spelling
of a value or two differ — see `profiles.UploadColumn.values`).

Rows that share a handle form one product: the first row carries the product's fields, the first variant
and the first image; one more row per further variant (handle, options, variant fields, variant image); then
one row per further image (handle, image URL, position, alt text).

The handle is `app.models.handles.shop_handle(product code)` — the same function the push uses, so a product
imported from this CSV and pushed later (or the other way round) is found by its handle and updated, never
created twice; and a renamed product keeps its handle. Two codes that make the same handle are a blocking lint
error (`checks.pack_findings`), never a silent "-2".

Options: up to 3 (the catalogue's axes), values in the listing language; a product without axes gets Shopify's
"Title" / "Default Title". Products import as drafts (published FALSE, status draft) so the seller reviews them
first. "Cost per item" is private and always left empty. UTF-8, no BOM (Shopify's importer reads the first
header literally). Picture columns hold web addresses under the build's image base URL; without one they are
left empty (Shopify then imports the products without pictures) and the pack carries a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from app.models.handles import shop_handle
from app.services.kernel.text import in_language
from app.services.listing.packs.files import Cell, Text, write_profile_csv
from app.services.listing.packs.model import PackEntry
from app.services.listing.packs.options import (
    DEFAULT_OPTIONS,
    PackOptions,
    image_url,
    image_urls,
)
from app.services.listing.packs.profiles import PlatformProfile
from app.services.listing.packs.source import FactoryFacts, ListingSku


def _money(value: Decimal | None) -> Cell:
    return None if value is None else value


def rows(entries: Sequence[PackEntry], profile: PlatformProfile,
         options: PackOptions = DEFAULT_OPTIONS) -> list[dict[str, Cell]]:
    """The CSV rows as {column key: value}."""
    result: list[dict[str, Cell]] = []
    for entry in entries:
        handle = shop_handle(entry.product.code)
        images = image_urls(options.image_base_url, profile.id, entry.images.mains)
        alts = list(entry.images.main_alts)
        skus: list[ListingSku | None] = list(entry.product.skus) or [None]
        for index, sku in enumerate(skus):
            row: dict[str, Cell] = {"handle": handle}
            if index == 0:
                row.update(_product_fields(entry, profile))
                if images:
                    row.update({"image_src": images[0], "image_position": 1, "image_alt_text": alts[0]})
            row.update(_options(entry, sku, profile.language, first=index == 0))
            if sku is not None:
                row.update(_variant_fields(entry, sku, profile, options))
            result.append(row)
        for position, (src, alt) in enumerate(zip(images[1:], alts[1:], strict=False), start=2):
            result.append({"handle": handle, "image_src": src, "image_position": position, "image_alt_text": alt})
    return result


def _product_fields(entry: PackEntry, profile: PlatformProfile) -> dict[str, Cell]:
    """The product's own columns, on its first row only."""
    product, lang = entry.product, profile.language
    category = product.category.name(lang) if product.category else ""
    return {
        "title": entry.title.text, "body_html": entry.content.description_html,
        "vendor": product.brand_text(lang), "product_category": "", "type": category,
        "tags": ", ".join(t for t in (category, product.brand_text(lang)) if t),
        "published": "FALSE", "gift_card": "FALSE", "status": "draft",
        "seo_title": entry.content.seo_title, "seo_description": entry.content.seo_description,
    }


def _options(entry: PackEntry, sku: ListingSku | None, lang: str, *, first: bool) -> dict[str, Cell]:
    """Option names (first row) and this variant's values; "Title" / "Default Title" without axes."""
    axes = list(entry.product.axes[:3])
    if not axes:
        return {"option1_name": "Title", "option1_value": "Default Title"} if first else \
            {"option1_value": "Default Title"}
    row: dict[str, Cell] = {}
    for number, axis in enumerate(axes, start=1):
        if first:
            row[f"option{number}_name"] = axis.name(lang)
        row[f"option{number}_value"] = in_language(sku.option(axis.key), lang) if sku else ""
    return row


def _variant_fields(entry: PackEntry, sku: ListingSku, profile: PlatformProfile,
                    options: PackOptions) -> dict[str, Cell]:
    price = entry.prices.get(sku.code)
    sale = price.sale_price
    picture = entry.images.variant_by_sku.get(sku.code)
    return {
        "variant_sku": Text(sku.code), "variant_grams": sku.weight_g,
        "variant_inventory_tracker": "", "variant_inventory_qty": None,
        "variant_inventory_policy": "deny", "variant_fulfillment_service": "manual",
        "variant_price": _money(sale if sale is not None else price.price),
        "variant_compare_at_price": _money(price.price if sale is not None else None),
        "variant_requires_shipping": "TRUE", "variant_taxable": "TRUE",
        "variant_barcode": Text(sku.gtin), "variant_weight_unit": "g",
        "variant_image": image_url(options.image_base_url, profile.id, picture) if picture else None,
        "cost_per_item": None,  # private: never exported
    }


def write_upload(pack_root: Path, entries: Sequence[PackEntry], profile: PlatformProfile,
                 factory: FactoryFacts, options: PackOptions) -> list[Path]:
    """Write the product CSV at the pack's root; returns the files written."""
    return write_profile_csv(pack_root, profile, rows(entries, profile, options))


__all__ = ["rows", "write_upload"]
