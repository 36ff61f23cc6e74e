"""WooCommerce product CSV for the built-in importer: one `variable` row per product, then one `variation` row
per SKU with `Parent` = the parent's SKU (the product code). A product without axes is one `simple` row.

Attributes: one column group per axis (name, value(s), visible, global); the parent lists every value, each
variation its own. Prices are strings ("229.00"); a discounted price goes to "Sale price". Parents import as
drafts (Published -1), variations published (1) so they show once the parent is published. UTF-8.

How the importer reads this file (woocommerce/woocommerce, plugins/woocommerce/includes/import/ —
`class-wc-product-csv-importer.php` and `abstract-wc-product-importer.php`, read at commits c0f343a9 / 085a15a7):

- List columns — attribute values (`parse_comma_field`), categories (`parse_categories_field`), tags
  (`parse_tags_field`) and images (`parse_images_field`) — go through `explode_values`: every `\\,` is first
  replaced by a placeholder, the cell is split on ",", each piece is `trim`med (PHP's trim: space, tab, LF, CR,
  NUL, vertical tab) and the placeholder turned back into ",". Nothing else is unescaped. So every value this
  writer joins — or writes alone in such a column: a variation's single attribute value is split the same way —
  goes through `list_value` (see there for the one case that needs more than `\\,`).
- Images: `get_attachment_id_from_url` throws "Unable to use image …" for a path that is neither a URL nor a file
  already in the media library, and `process_item` turns that into a failed row: the whole product is not
  imported, not just its picture (with relative paths, 0 of the 4 demo products imported). Pictures are
  therefore written only as web addresses under the build's image base URL, and left empty without one.
- Weight and sizes: stored as given, in the shop's `woocommerce_weight_unit` / `woocommerce_dimension_unit`;
  `auto_map_columns` maps "Weight (<unit>)" and "Length/Width/Height (<unit>)" only when <unit> is the shop's. The
  build's units (`PackOptions`) go into both the numbers (`app.models.units`, exact) and the headers.
- GTIN: `global_unique_id` is offered in the mapping screen as "GTIN, UPC, EAN, or ISBN" (`get_mapping_options`),
  but `auto_map_columns` has no header for it, so the column is mapped by hand (`checks.pack_findings` says so).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from app.models.units import length_in, weight_in
from app.services.kernel.text import in_language
from app.services.listing.packs.content import short_html
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

#: What PHP's trim() strips, which `explode_values` applies to every list value.
PHP_TRIM = " \t\n\r\0\x0b"


def list_value(value: str) -> str:
    """One value of a list column, written so that `explode_values` gives it back exactly (trimmed as the
    importer trims): commas become `\\,`. A value ending in a backslash gets a space before the next separator
    (`join_list`), or its backslash and the separator would read as an escaped comma; the importer trims the
    space off again. (The importer's own placeholder text "::separator::" can't be written; no catalogue value
    holds it.)"""
    return value.strip(PHP_TRIM).replace(",", "\\,")


def join_list(values: Iterable[str]) -> str:
    """Values as one list cell ("Black\\, matte, Blue"), empty values left out."""
    escaped = [list_value(v) for v in values if v.strip(PHP_TRIM)]
    return ", ".join(v + " " if v.endswith("\\") and i < len(escaped) - 1 else v for i, v in enumerate(escaped))


def _price(value: Decimal | None) -> Cell:
    return None if value is None else f"{value:f}"


def _measures(sku: ListingSku, options: PackOptions) -> dict[str, Cell]:
    """Weight and sizes in the shop's units (empty when the catalogue has none)."""
    sizes = {"length": sku.length_mm, "width": sku.width_mm, "height": sku.height_mm}
    row: dict[str, Cell] = {key: f"{length_in(mm, options.dimension_unit):f}" if mm else None
                            for key, mm in sizes.items()}
    row["weight"] = f"{weight_in(sku.weight_g, options.weight_unit):f}" if sku.weight_g else None
    return row


def rows(entries: Sequence[PackEntry], profile: PlatformProfile,
         options: PackOptions = DEFAULT_OPTIONS) -> list[dict[str, Cell]]:
    result: list[dict[str, Cell]] = []
    for entry in entries:
        if not entry.product.axes or not entry.product.skus:
            result.append(_simple_row(entry, profile, options))
            continue
        result.append(_parent_row(entry, profile, options))
        result += [_variation_row(entry, sku, profile, options) for sku in entry.product.skus]
    return result


def _base(entry: PackEntry, profile: PlatformProfile, options: PackOptions) -> dict[str, Cell]:
    """The columns a product's own row carries (simple or variable)."""
    product, lang = entry.product, profile.language
    category = product.category.name(lang) if product.category else ""
    return {
        "name": entry.title.text, "short_description": short_html(entry.content.selling_points),
        "description": entry.content.description_html, "categories": join_list([category]),
        "tags": join_list([category, product.brand_text(lang)]),
        "images": join_list(image_urls(options.image_base_url, profile.id, entry.images.mains)),
    }


def _simple_row(entry: PackEntry, profile: PlatformProfile, options: PackOptions) -> dict[str, Cell]:
    product = entry.product
    sku = product.skus[0] if product.skus else None
    price = entry.prices.get(sku.code) if sku else None
    row = {**_base(entry, profile, options), "type": "simple", "sku": Text(sku.code if sku else product.code),
           "published": -1, "regular_price": _price(price.price if price else None),
           "sale_price": _price(price.sale_price if price else None),
           "gtin": Text(sku.gtin) if sku and sku.gtin else None}
    return {**row, **_measures(sku, options)} if sku else row


def _parent_row(entry: PackEntry, profile: PlatformProfile, options: PackOptions) -> dict[str, Cell]:
    product, lang = entry.product, profile.language
    row = {**_base(entry, profile, options), "type": "variable", "sku": Text(product.code), "published": -1}
    for number, axis in enumerate(product.axes[:3], start=1):
        values = list(dict.fromkeys(in_language(s.option(axis.key), lang) for s in product.skus))
        row.update({f"attribute{number}_name": axis.name(lang), f"attribute{number}_values": join_list(values),
                    f"attribute{number}_visible": 1, f"attribute{number}_global": 0})
    return row


def _variation_row(entry: PackEntry, sku: ListingSku, profile: PlatformProfile,
                   options: PackOptions) -> dict[str, Cell]:
    product, lang = entry.product, profile.language
    price = entry.prices.get(sku.code)
    picture = entry.images.variant_by_sku.get(sku.code)
    row: dict[str, Cell] = {
        "type": "variation", "sku": Text(sku.code), "published": 1, "parent": Text(product.code),
        "name": f"{entry.title.text} - " + product.option_text(sku, lang, ", "),
        "regular_price": _price(price.price), "sale_price": _price(price.sale_price),
        "images": join_list([image_url(options.image_base_url, profile.id, picture)]) if picture else None,
        "gtin": Text(sku.gtin) if sku.gtin else None, **_measures(sku, options),
    }
    for number, axis in enumerate(product.axes[:3], start=1):
        # one value, but the importer splits this column too: a comma in it must be escaped as well
        row.update({f"attribute{number}_name": axis.name(lang),
                    f"attribute{number}_values": join_list([in_language(sku.option(axis.key), lang)]),
                    f"attribute{number}_visible": 1, f"attribute{number}_global": 0})
    return row


def write_upload(pack_root: Path, entries: Sequence[PackEntry], profile: PlatformProfile,
                 factory: FactoryFacts, options: PackOptions) -> list[Path]:
    return write_profile_csv(pack_root, profile, rows(entries, profile, options))
