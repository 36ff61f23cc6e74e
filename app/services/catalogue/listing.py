"""The catalogue as plain data: what `python main.py list W --json` prints (see shared/reference/cli.md).

Built with two SQLAlchemy Core queries (products, then all SKUs) whatever the catalogue's size:
loading ORM objects, or one SKU query per product, is far too slow at 100,000 SKUs.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from app.db import Workspace
from app.models import Category, Product, Sku

_product = sa.inspect(Product).local_table
_category = sa.inspect(Category).local_table
_sku = sa.inspect(Sku).local_table


def list_products(workspace: Workspace) -> list[dict[str, Any]]:
    """Every product as `{"code", "name_zh", "name_en", "category", "skus": [{"sku", "options", "gtin"}]}`.

    Products are ordered by code, SKUs by position then code. `category` is the category's code,
    or None for a product without a category.
    """
    products_query = (
        sa.select(_product.c.id, _product.c.code, _product.c.name_zh, _product.c.name_en,
                  _category.c.code.label("category"))
        .select_from(_product.outerjoin(_category, _product.c.category_id == _category.c.id))
        .order_by(_product.c.code)
    )
    skus_query = (
        sa.select(_sku.c.product_id, _sku.c.code, sa.cast(_sku.c.options, sa.Text), _sku.c.gtin)
        .order_by(_sku.c.product_id, _sku.c.position, _sku.c.code)
    )
    options_of = _OptionsDecoder()
    with workspace.engine.connect() as connection:
        products = connection.execute(products_query).all()
        skus_by_product: dict[int, list[dict[str, Any]]] = {row.id: [] for row in products}
        for product_id, code, options, gtin in connection.execute(skus_query):
            bucket = skus_by_product.get(product_id)
            if bucket is not None:  # both reads share one transaction, so this always holds
                bucket.append({"sku": code, "options": options_of(options), "gtin": gtin or ""})
    return [
        {"code": row.code, "name_zh": row.name_zh, "name_en": row.name_en, "category": row.category,
         "skus": skus_by_product[row.id]}
        for row in products
    ]


class _OptionsDecoder:
    """Decodes SKU option JSON, parsing each distinct text once: catalogues repeat the same few
    combinations (colour × size) thousands of times, and JSON parsing was most of the listing's time.
    Every call returns a fresh dict, so callers may change it.
    """

    def __init__(self) -> None:
        self._parsed: dict[str, dict[str, Any]] = {}

    def __call__(self, raw: str | dict[str, Any] | None) -> dict[str, Any]:
        if raw is None:
            return {}
        if isinstance(raw, dict):  # drivers that decode JSON themselves (PostgreSQL)
            return dict(raw)
        parsed = self._parsed.get(raw)
        if parsed is None:
            parsed = self._parsed[raw] = json.loads(raw) or {}
        return dict(parsed)
