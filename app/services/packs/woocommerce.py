"""WooCommerce product CSV for the built-in importer: one `variable` row per product, then one `variation` row
per SKU with `Parent` = the parent's SKU (the product code). A product without axes is one `simple` row.

Attributes: one column group per axis (name, value(s), visible, global); the parent lists every value
("Black, Blue"), each variation its own. Prices are strings ("229.00"); a discounted price goes to
"Sale price". Parents import as drafts (Published -1), variations published (1) so they show once the parent
is published. Images: the parent's main pictures (comma-separated), each variation's own picture. UTF-8.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from app.services.packs.content import short_html
from app.services.packs.files import Cell, Text, write_profile_csv
from app.services.packs.model import PackEntry, image_url, joined
from app.services.packs.profiles import PlatformProfile
from app.services.packs.source import FactoryFacts, ListingSku, pick_language


def _price(value: Decimal | None) -> Cell:
    return None if value is None else f"{value:f}"


def _weight_kg(sku: ListingSku) -> Cell:
    return None if not sku.weight_g else f"{(Decimal(sku.weight_g) / 1000).normalize():f}"


def rows(entries: Sequence[PackEntry], profile: PlatformProfile) -> list[dict[str, Cell]]:
    lang = profile.language
    result: list[dict[str, Cell]] = []
    for entry in entries:
        product = entry.product
        axes = list(product.axes[:3])
        category = product.category.name(lang) if product.category else ""
        base: dict[str, Cell] = {
            "name": entry.title.text, "short_description": short_html(entry.content.selling_points),
            "description": entry.content.description_html, "categories": category,
            "tags": ", ".join(t for t in (category, product.brand_text(lang)) if t),
            "images": joined(entry.images.mains, profile, ", "),
        }
        if not axes or not product.skus:
            sku = product.skus[0] if product.skus else None
            price = entry.prices.get(sku.code) if sku else None
            result.append({**base, "type": "simple", "sku": Text(sku.code if sku else product.code),
                           "published": -1,
                           "regular_price": _price(price.price if price else None),
                           "sale_price": _price(price.sale_price if price else None),
                           "weight_kg": _weight_kg(sku) if sku else None, "gtin": Text(sku.gtin) if sku else None})
            continue
        parent = {**base, "type": "variable", "sku": Text(product.code), "published": -1}
        for number, axis in enumerate(axes, start=1):
            values = list(dict.fromkeys(pick_language(s.option(axis.key), lang) for s in product.skus))
            parent.update({f"attribute{number}_name": axis.name(lang), f"attribute{number}_values": ", ".join(values),
                           f"attribute{number}_visible": 1, f"attribute{number}_global": 0})
        result.append(parent)
        for sku in product.skus:
            price = entry.prices.get(sku.code)
            picture = entry.images.variant_by_sku.get(sku.code)
            row: dict[str, Cell] = {
                "type": "variation", "sku": Text(sku.code), "name": f"{entry.title.text} - "
                + product.option_text(sku, lang, ", "), "published": 1, "parent": Text(product.code),
                "regular_price": _price(price.price), "sale_price": _price(price.sale_price),
                "images": image_url(profile, picture) if picture else None,
                "weight_kg": _weight_kg(sku), "gtin": Text(sku.gtin) if sku.gtin else None,
            }
            for number, axis in enumerate(axes, start=1):
                row.update({f"attribute{number}_name": axis.name(lang),
                            f"attribute{number}_values": pick_language(sku.option(axis.key), lang),
                            f"attribute{number}_visible": 1, f"attribute{number}_global": 0})
            result.append(row)
    return result


def write_upload(pack_root: Path, entries: Sequence[PackEntry], profile: PlatformProfile,
                 factory: FactoryFacts) -> list[Path]:
    return write_profile_csv(pack_root, profile, rows(entries, profile))
