"""Shopify product CSV, legacy header dialect (the columns are the profile's, exactly as platforms.md lists them).

Rows that share a handle form one product: the first row carries the product's fields, the first variant
and the first image; one more row per further variant (handle, options, variant fields, variant image); then
one row per further image (handle, image src, position, alt text). Handles are letters, digits and dashes,
unique within the file. Options: up to 3 (the catalogue's axes), values in the listing language; a product
without axes gets Shopify's "Title" / "Default Title". Products import as drafts (Published FALSE, Status
draft) so the seller reviews them first. "Cost per item" is private and always left empty. UTF-8, no BOM
(Shopify's importer reads the first header literally). Image Src holds the pack-relative path, or a URL when
the profile's `upload.image_base_url` is set.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from app.services.packs.files import Cell, Text, write_profile_csv
from app.services.packs.model import PackEntry, image_url
from app.services.packs.profiles import PlatformProfile
from app.services.packs.source import FactoryFacts, pick_language

MAX_HANDLE = 255


def handle_for(text: str, fallback: str) -> str:
    """A Shopify handle: lower-case ASCII letters, digits and single dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    handle = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not handle:
        handle = re.sub(r"[^a-z0-9]+", "-", fallback.lower()).strip("-") or "product"
    return handle[:MAX_HANDLE].strip("-")


def unique_handles(entries: Sequence[PackEntry]) -> dict[str, str]:
    """{product code: handle}, made unique with -2, -3…"""
    used: set[str] = set()
    result = {}
    for entry in entries:
        base = handle_for(entry.product.name_en or entry.product.code, entry.product.code)
        handle, number = base, 2
        while handle in used:
            handle = f"{base}-{number}"
            number += 1
        used.add(handle)
        result[entry.product.code] = handle
    return result


def _money(value: Decimal | None) -> Cell:
    return None if value is None else value


def rows(entries: Sequence[PackEntry], profile: PlatformProfile) -> list[dict[str, Cell]]:
    """The CSV rows as {column key: value}."""
    handles = unique_handles(entries)
    lang = profile.language
    result: list[dict[str, Cell]] = []
    for entry in entries:
        product = entry.product
        handle = handles[product.code]
        axes = list(product.axes[:3])
        images = [image_url(profile, path) for path in entry.images.mains]
        alts = list(entry.images.main_alts)
        skus = list(product.skus) or [None]
        for index, sku in enumerate(skus):
            row: dict[str, Cell] = {"handle": handle}
            if index == 0:
                row.update({
                    "title": entry.title.text, "body_html": entry.content.description_html,
                    "vendor": product.brand_text(lang), "product_category": "",
                    "type": product.category.name(lang) if product.category else "",
                    "tags": ", ".join(t for t in (product.category.name(lang) if product.category else "",
                                                  product.brand_text(lang)) if t),
                    "published": "FALSE", "gift_card": "FALSE", "status": "draft",
                    "seo_title": entry.content.seo_title, "seo_description": entry.content.seo_description,
                })
                if images:
                    row.update({"image_src": images[0], "image_position": 1, "image_alt_text": alts[0]})
            if axes:
                for number, axis in enumerate(axes, start=1):
                    if index == 0:
                        row[f"option{number}_name"] = axis.name(lang)
                    row[f"option{number}_value"] = pick_language(sku.option(axis.key), lang) if sku else ""
            else:
                if index == 0:
                    row["option1_name"] = "Title"
                row["option1_value"] = "Default Title"
            if sku is not None:
                price = entry.prices.get(sku.code)
                sale = price.sale_price
                variant_image = entry.images.variant_by_sku.get(sku.code)
                row.update({
                    "variant_sku": Text(sku.code), "variant_grams": sku.weight_g,
                    "variant_inventory_tracker": "", "variant_inventory_qty": None,
                    "variant_inventory_policy": "deny", "variant_fulfillment_service": "manual",
                    "variant_price": _money(sale if sale is not None else price.price),
                    "variant_compare_at_price": _money(price.price if sale is not None else None),
                    "variant_requires_shipping": "TRUE", "variant_taxable": "TRUE",
                    "variant_barcode": Text(sku.gtin), "variant_weight_unit": "g",
                    "variant_image": image_url(profile, variant_image) if variant_image else None,
                    "cost_per_item": None,  # private: never exported
                })
            result.append(row)
        for position, (src, alt) in enumerate(zip(images[1:], alts[1:]), start=2):
            result.append({"handle": handle, "image_src": src, "image_position": position, "image_alt_text": alt})
    return result


def write_upload(pack_root: Path, entries: Sequence[PackEntry], profile: PlatformProfile,
                 factory: FactoryFacts) -> list[Path]:
    """Write the product CSV at the pack's root; returns the files written."""
    return write_profile_csv(pack_root, profile, rows(entries, profile))


__all__ = ["handle_for", "rows", "unique_handles", "write_upload"]

