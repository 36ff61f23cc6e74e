"""The ODM supplier sheet for Yanxuan/Youpin-style buyers: one row per SKU with the supply price.

Supply price (ex-VAT) = cost / (1 − factory margin), priced by the engine on the ODM channel profile (its
ending: the shipped NONE rounds up to the cent) — the plan's margin target, or 30% without a plan
(`prices.DEFAULT_MARGIN`); the suggested retail price is the engine's `odm_retail_estimate` (the platform's
margin on that supply price), the same figure as the Pricing page's ODM row. Also MOQ, lead time and monthly
capacity from the factory profile, materials, weight, dimensions, selling points, the spec table and the
certificates linked to the product (name and number: buyers ask for them). Never the cost, the reference price
or the OEM history.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.services.kernel.text import in_language
from app.services.listing.packs.files import Cell, Text, write_xlsx
from app.services.listing.packs.model import PackEntry, joined
from app.services.listing.packs.options import PackOptions
from app.services.listing.packs.profiles import PlatformProfile
from app.services.listing.packs.source import FactoryFacts


def _certificates(entry: PackEntry) -> str:
    lines = []
    for cert in entry.product.certificates:
        if cert.kind == "authorisation":
            continue
        lines.append(f"{cert.name}（{cert.number}）" if cert.number else cert.name)
    return "\n".join(lines)


def rows(entries: Sequence[PackEntry], profile: PlatformProfile, factory: FactoryFacts) -> list[dict[str, Cell]]:
    lang = profile.language
    result: list[dict[str, Cell]] = []
    for entry in entries:
        product = entry.product
        common: dict[str, Cell] = {
            "product_code": Text(product.code), "name": entry.title.text,
            "brand": product.brand_text(lang) or product.brand,
            "category": product.category.name(lang) if product.category else "",
            "currency": entry.prices.currency, "moq": factory.moq, "lead_time_days": factory.lead_time_days,
            "capacity_per_month": factory.capacity_per_month,
            "materials": in_language(product.materials, lang),
            "selling_points": "\n".join(entry.content.selling_points),
            "specs": "\n".join(f"{name}：{value}" for name, value in entry.content.specs),
            "certificates": _certificates(entry), "main_images": joined(entry.images.mains),
        }
        if not product.skus:  # no SKU yet: the product's own row, without prices
            result.append(common)
        for sku in product.skus:
            price = entry.prices.get(sku.code)
            result.append({
                **common, "sku_code": Text(sku.code), "options": product.option_text(sku, lang),
                "barcode": Text(sku.gtin) if sku.gtin else None, "supply_price": price.price,
                "suggested_retail": price.suggested_retail, "weight_g": sku.weight_g,
                "dimensions_mm": sku.dimensions_text() or None,
            })
    return result


def write_upload(pack_root: Path, entries: Sequence[PackEntry], profile: PlatformProfile,
                 factory: FactoryFacts, options: PackOptions) -> list[Path]:
    columns = profile.upload.columns
    path = pack_root / profile.upload.file_name
    table = rows(entries, profile, factory)
    write_xlsx(path, profile.upload.sheet_name, [c.header for c in columns],
               ([row.get(c.key) for c in columns] for row in table))
    return [path]
