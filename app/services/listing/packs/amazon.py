"""Amazon-style flat file: one parent row per product with variations, one child row per SKU.

Columns are the common inventory-file fields (the profile's list): title (`item_name`, brand first, within the
build budget), `brand_name`, five `bullet_point`s of 10–255 characters, `product_description` (plain text, ≤
2,000 characters), `generic_keywords` (backend search terms ≤ 250 bytes), `variation_theme` from the profile's
axis → theme table, `external_product_id` = the GTIN as text with `external_product_id_type` EAN / UPC / GTIN by
length. Written twice with the same rows: `<name>.txt` (tab-separated UTF-8, how flat files are uploaded)
and `<name>.xlsx` (GTINs and codes as text cells, so Excel keeps leading zeros). Prices are in the channel's
currency (USD) and left empty when no exchange rate is known. `main_image_url` / `other_image_url1–8` are web
addresses under the build's image base URL (Amazon fetches them; it can't read the pack's files), left empty
without one — the pack then carries a warning (`checks.pack_findings`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.services.kernel.text import in_language
from app.services.listing.packs.files import Cell, Text, write_csv, write_xlsx
from app.services.listing.packs.model import PackEntry
from app.services.listing.packs.options import DEFAULT_OPTIONS, PackOptions, image_urls
from app.services.listing.packs.profiles import PlatformProfile
from app.services.listing.packs.source import FactoryFacts, ListingProduct

GTIN_TYPES = {12: "UPC", 13: "EAN", 14: "GTIN", 8: "EAN"}
AXIS_COLUMNS = {"colour": "color_name", "color": "color_name", "size": "size_name"}


def variation_theme(product: ListingProduct, profile: PlatformProfile) -> str:
    """The theme for the product's axes, e.g. "SizeColor" for colour + size (empty: no theme known)."""
    themes = dict(profile.variation_themes)
    keys = sorted(axis.key for axis in product.axes)
    return themes.get("+".join(keys), "")


def _pictures(urls: Sequence[str]) -> dict[str, Cell]:
    """The main picture and up to eight others."""
    return {"main_image_url": urls[0] if urls else None,
            **{f"other_image_url{n}": url for n, url in enumerate(urls[1:9], start=1)}}


def rows(entries: Sequence[PackEntry], profile: PlatformProfile, factory: FactoryFacts,
         options: PackOptions = DEFAULT_OPTIONS) -> list[dict[str, Cell]]:
    lang = profile.language
    base = options.image_base_url
    result: list[dict[str, Cell]] = []
    for entry in entries:
        product = entry.product
        theme = variation_theme(product, profile)
        common: dict[str, Cell] = {
            "brand_name": product.brand_text(lang), "manufacturer": factory.name_en or factory.name_zh,
            "item_name": entry.title.text,
            # one line: flat-file cells carry no line breaks
            "product_description": " ".join(entry.content.description_text.split()),
            "generic_keywords": entry.content.search_terms, "country_of_origin": "China",
            "feed_product_type": "",
        }
        for number, bullet in enumerate(entry.content.bullets[:5], start=1):
            common[f"bullet_point{number}"] = bullet
        mains = image_urls(base, profile.id, entry.images.mains)
        has_parent = bool(product.axes) and len(product.skus) > 1
        if has_parent:
            result.append({**common, "item_sku": Text(product.code), "parent_child": "parent",
                           "variation_theme": theme, **_pictures(mains)})
        if not product.skus:  # nothing to sell yet: one row so the product is not silently left out
            result.append({**common, "item_sku": Text(product.code), **_pictures(mains)})
        for sku in product.skus:
            price = entry.prices.get(sku.code)
            own = entry.images.variant_by_sku.get(sku.code)
            pictures = list(dict.fromkeys(image_urls(base, profile.id, [own] if own else []) + mains))
            row: dict[str, Cell] = {
                **common, "item_sku": Text(sku.code),
                "external_product_id": Text(sku.gtin) if sku.gtin else None,
                "external_product_id_type": GTIN_TYPES.get(len(sku.gtin), "") if sku.gtin else None,
                "standard_price": price.price, "currency": entry.prices.currency if price.price is not None else None,
                "item_weight": sku.weight_g, "item_weight_unit_of_measure": "GR" if sku.weight_g else None,
                **_pictures(pictures),
            }
            if has_parent:
                row.update({"parent_child": "child", "parent_sku": Text(product.code),
                            "relationship_type": "Variation", "variation_theme": theme})
            for key, value in sku.options:
                column = AXIS_COLUMNS.get(key)
                if column:
                    row[column] = in_language(value, lang)
            result.append(row)
    return result


def write_upload(pack_root: Path, entries: Sequence[PackEntry], profile: PlatformProfile,
                 factory: FactoryFacts, options: PackOptions) -> list[Path]:
    columns = profile.upload.columns
    headers = [c.header for c in columns]
    table = [[c.cell(row.get(c.key)) for c in columns] for row in rows(entries, profile, factory, options)]
    stem = Path(profile.upload.file_name).stem
    tsv = pack_root / f"{stem}.txt"
    xlsx = pack_root / f"{stem}.xlsx"
    write_csv(tsv, headers, table, encoding=profile.upload.encoding, delimiter="\t")
    write_xlsx(xlsx, profile.upload.sheet_name, headers, table)
    return [tsv, xlsx]
