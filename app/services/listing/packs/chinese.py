"""The Chinese platforms' upload sheet (Tmall, Taobao, JD, Pinduoduo, Douyin shop, 1688): an XLSX with the
platform's Chinese field names from the profile (标题, 类目, 品牌, 货号, 颜色分类, 尺码, 价格, 库存, 商家编码, 条形码,
主图, 详情…), one row per SKU, the product's columns repeated on each of its rows.

Text cells are forced to the string type (never a formula, leading zeros kept); prices are numbers with two
decimals; stock is left empty (the factory enters it in the seller centre). Picture columns list the pack-
relative files, separated by ";". The colour and size axes go to 颜色分类 and 尺码; any other axis to 其他规格
as "name:value".
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

COLOUR_KEYS = ("colour", "color")
SIZE_KEYS = ("size",)


def specs_text(entry: PackEntry) -> str:
    return "；".join(f"{name}：{value}" for name, value in entry.content.specs)


def rows(entries: Sequence[PackEntry], profile: PlatformProfile) -> list[dict[str, Cell]]:
    lang = profile.language
    result: list[dict[str, Cell]] = []
    for entry in entries:
        product = entry.product
        common: dict[str, Cell] = {
            "title": entry.title.text,
            "category": product.category.name(lang) if product.category else "",
            "brand": product.brand_text(lang) or product.brand,
            "product_code": Text(product.code),
            "main_images": joined(entry.images.mains),
            "white_image": entry.images.white or None,
            "detail_images": joined(entry.images.strips or entry.images.details),
            "detail_text": entry.content.description_text.strip(),
            "selling_points": "\n".join(entry.content.selling_points),
            "specs": specs_text(entry),
            "materials": in_language(product.materials, lang),
        }
        for sku in product.skus or [None]:
            row = dict(common)
            if sku is not None:
                others = []
                for key, value in sku.options:
                    shown = in_language(value, lang)
                    if key in COLOUR_KEYS:
                        row["colour"] = shown
                    elif key in SIZE_KEYS:
                        row["size"] = shown
                    else:
                        axis = next((a for a in product.axes if a.key == key), None)
                        others.append(f"{axis.name(lang) if axis else key}:{shown}")
                price = entry.prices.get(sku.code)
                picture = entry.images.variant_by_sku.get(sku.code)
                row.update({
                    "other_options": "；".join(others) or None, "price": price.price, "stock": None,
                    "sku_code": Text(sku.code), "barcode": Text(sku.gtin) if sku.gtin else None,
                    "weight_g": sku.weight_g,
                    "dimensions_mm": sku.dimensions_text() or None,
                })
                if picture:
                    row["main_images"] = joined([picture] + [p for p in entry.images.mains if p != picture])
            result.append(row)
    return result


def write_upload(pack_root: Path, entries: Sequence[PackEntry], profile: PlatformProfile,
                 factory: FactoryFacts, options: PackOptions) -> list[Path]:
    columns = profile.upload.columns
    path = pack_root / profile.upload.file_name
    table = rows(entries, profile)
    write_xlsx(path, profile.upload.sheet_name, [c.header for c in columns],
               ([row.get(c.key) for c in columns] for row in table))
    return [path]
