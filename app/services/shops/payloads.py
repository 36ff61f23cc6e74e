"""What a push sends for one product, built from the published catalogue, the pricing engine and the
pictures the platform's pack would show; its content hash tells an unchanged product from an edited one.

A product without a pricing plan is priced from its default plan at a 30% margin on net revenue
(`DEFAULT_MARGIN`)."""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import col, select

from app.db import Workspace
from app.models import Category, Product, Sku
from app.models.bilingual import Bilingual, UserFacingError
from app.models.handles import shop_handle
from app.services.catalogue.variants import axes_from_json
from app.services.kernel.text import in_language
from app.services.pricing import (
    FxRateMissing,
    FxTable,
    InfeasibleTarget,
    PricingError,
    Target,
    TargetKind,
    quantize_money,
)
from app.services.pricing.exchange_rates import missing_rate
from app.services.pricing.plans import PricingService
from app.services.shops.contract import (
    Connector,
    ProductPayload,
    VariantPayload,
)
from app.services.shops.pictures import shop_pictures

DEFAULT_MARGIN = Decimal("0.30")


class PriceUnavailable(UserFacingError):
    def __init__(self, message: Bilingual, code: str) -> None:
        super().__init__(message)
        self.code = code


def product_choices(workspace: Workspace) -> list[tuple[str, str, str]]:
    """(code, name_zh, name_en) of every product, by code: the Export page's product list."""
    with workspace.session() as session:
        rows = session.exec(select(Product.code, Product.name_zh, Product.name_en).order_by(Product.code)).all()
        return [(code, zh, en) for code, zh, en in rows]


def all_product_codes(workspace: Workspace) -> list[str]:
    with workspace.session() as session:
        return list(session.exec(select(Product.code).order_by(Product.code)).all())


class PayloadBuilder:
    """Builds `ProductPayload`s for one channel, pricing each SKU with the engine (see the module docstring)."""

    def __init__(self, workspace: Workspace, channel_id: str, today: date | None = None,
                 pictures: bool = True) -> None:
        self.workspace = workspace
        self.channel_id = channel_id
        self.with_pictures = pictures
        self._fx_table: FxTable | None = None
        self.today = today or date.today()
        self.pricing = PricingService(workspace, today=lambda: self.today)
        self.profile = self.pricing.profile(channel_id)

    @property
    def currency(self) -> str:
        return self.profile.currency

    def _fx(self) -> FxTable:
        """The workspace's exchange rates, read once per build (one table for every SKU)."""
        if self._fx_table is None:
            self._fx_table = self.pricing.fx_table()
        return self._fx_table

    def build(self, codes: Sequence[str]) -> dict[str, ProductPayload | PriceUnavailable]:
        """{code: payload or the reason it can't be priced}; unknown codes are absent."""
        out: dict[str, ProductPayload | PriceUnavailable] = {}
        pictures = shop_pictures(self.workspace, list(codes), self.channel_id) if self.with_pictures else {}
        with self.workspace.session() as session:
            for start in range(0, len(codes), 500):
                products = session.exec(select(Product).where(col(Product.code).in_(codes[start:start + 500]))).all()
                for product in products:
                    skus = session.exec(select(Sku).where(Sku.product_id == product.id)
                                        .order_by(col(Sku.position), col(Sku.code))).all()
                    category = session.get(Category, product.category_id) if product.category_id else None
                    try:
                        out[product.code] = self._payload(product, list(skus), category, pictures.get(product.code))
                    except PriceUnavailable as error:
                        out[product.code] = error
        return out

    def _payload(self, product: Any, skus: list[Any], category: Any, pictures: Any = None) -> ProductPayload:
        axes = [a for a in axes_from_json(product.axes) if any(a.key in (s.options or {}) for s in skus)]
        options = []
        for axis in axes:
            values = [v.value for v in axis.values if any((s.options or {}).get(axis.key) == v.value for s in skus)]
            values += sorted({str(v) for s in skus if (v := (s.options or {}).get(axis.key)) is not None} - set(values))
            options.append((axis.name_en or axis.name_zh or axis.key, tuple(values)))
        names = [name for name, _ in options]
        by_sku = pictures.by_sku if pictures is not None else {}
        variants = tuple(replace(self._variant(product, sku, axes, names), picture=by_sku.get(sku.code))
                         for sku in skus)
        points = product.selling_points_en or product.selling_points_zh or []
        points_html = "<ul>" + "".join(f"<li>{html.escape(p)}</li>" for p in points) + "</ul>" if points else ""
        return ProductPayload(
            code=product.code,
            title=product.name_en or product.name_zh or product.code,
            description_html=_paragraphs(product.description_en or product.description_zh) + points_html,
            short_description_html=points_html,
            vendor=in_language(product.brand or "", "en"),  # "行者 Xingzhe" → "Xingzhe", as the pack shows it
            product_type=(category.name_en or category.name_zh) if category is not None else "",
            currency=self.currency,
            options=tuple(options),
            variants=variants,
            handle=shop_handle(product.code),
            category=(category.name_en or category.name_zh) if category is not None else "",
            pictures=pictures.gallery if pictures is not None else (),
        )

    def _variant(self, product: Any, sku: Any, axes: Sequence[Any], names: Sequence[str]) -> VariantPayload:
        price, compare_at, cost = self._prices(product, sku)
        return VariantPayload(
            sku=sku.code,
            options=tuple((name, (sku.options or {}).get(axis.key, "-"))
                          for name, axis in zip(names, axes, strict=False)),
            price=price,
            compare_at=compare_at,
            cost=cost,
            barcode=sku.gtin or "",
            weight_g=sku.weight_g,
            dimensions_mm=(sku.length_mm, sku.width_mm, sku.height_mm),
        )

    def _prices(self, product: Any, sku: Any) -> tuple[Decimal, Decimal | None, Decimal | None]:
        saved = self.pricing.has_saved_plan(product.id)
        if not saved and sku.cost is None:
            raise PriceUnavailable(Bilingual(
                f"SKU {sku.code} 没有出厂成本，产品也没有定价方案，无法定价。",
                f"SKU {sku.code} has no cost and the product has no pricing plan, so it can't be priced."),
                                   "cost_missing")
        plan = self.pricing.load_plan(product.id) if saved else replace(
            self.pricing.default_plan(product.id, sku.id), target=Target(TargetKind.MARGIN, DEFAULT_MARGIN))
        fx = self._fx()  # the workspace's rates: the same for a product with a plan and one without
        try:
            result = self.pricing.price_sku(plan, self.profile, sku.id, sku.cost, self.today, fx)
            cost = None if sku.cost is None else fx.convert(sku.cost, plan.currency, self.currency, self.today)
        except FxRateMissing:
            raise PriceUnavailable(missing_rate(plan.currency, self.currency, self.today), "fx_rate_missing") from None
        except InfeasibleTarget as error:
            raise PriceUnavailable(Bilingual(error.message.zh, error.message.en), "price_infeasible") from None
        except PricingError as error:
            raise PriceUnavailable(Bilingual(error.message.zh, error.message.en), "pricing_error") from None
        paid = quantize_money(result.paid_price, self.currency)
        listed = quantize_money(result.price, self.currency)
        return paid, (listed if listed > paid else None), cost


def _paragraphs(text: str) -> str:
    blocks = [b.strip() for b in (text or "").replace("\r\n", "\n").split("\n\n") if b.strip()]
    return "".join("<p>" + html.escape(b).replace("\n", "<br>") + "</p>" for b in blocks)


def content_hash(connector: Connector, payload: ProductPayload) -> str:
    """sha256 of exactly what the connector sends for the product (ids and status excluded)."""
    body = {"kind": connector.kind, "body": connector.wire_body(payload)}
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
