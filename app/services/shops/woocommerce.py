"""WooCommerce REST API v3 connector: products by SKU through `/products/batch`, variations per product.

- A product with one SKU and no variant axes is a `simple` product whose SKU is that SKU; any other product
  is a `variable` product whose SKU is the product code, with one variation per SKU (attributes = the axes).
- Creates and updates go through `POST /products/batch` in chunks of at most 100 items (create + update
  together). A 413 `woocommerce_rest_request_entity_too_large` halves the chunk, for this call and every later
  one. Batches are not atomic: every item of every answer is checked; a failed item is
  `{"id": 0, "error": {"code", "message", "data"}}` inside a 2xx answer.
- `product_invalid_sku` with `data.resource_id` means the SKU already exists (an earlier push whose answer
  was lost, or a product made by hand): the connector adopts that product and updates it. Codes are matched,
  never message texts.
- Variations: the parent's existing variations are read (`GET /products/<id>/variations`) unless the parent
  was just created, then created/updated through `/products/<id>/variations/batch` in the same chunk size.
  Variations the catalogue no longer has are left alone (the app never deletes shop data).
- Auth: HTTP Basic over HTTPS; `query_string_auth=True` sends `consumer_key`/`consumer_secret` as query
  parameters for servers that strip the Authorization header (URLs are never logged, and the values are
  scrubbed from every message).
- Prices are strings made from `Decimal` (`regular_price`, `sale_price`); a discount makes the undiscounted
  price `regular_price` and the paid price `sale_price`. Weight is sent in kg and dimensions in cm, the
  WooCommerce defaults (a shop set to other units must change them in the connection options).
- New products are created as `draft` so the seller reviews them in the shop before they go on sale; updates
  never change the status. Images are not sent (see `app.services.shops.jobs.IMAGES_NOTE`).
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from app.models.bilingual import Bilingual
from app.services.shops.http import (
    HttpStatusError,
    RetryPolicy,
    ShopError,
    ShopHttp,
    ShopRejected,
    UnexpectedResponse,
)
from app.services.shops.jobs import ItemOutcome, ProductPayload, PushUnit, RemoteRef, ShopInfo, VariantPayload
from app.services.shops.secrets import SecretKind, ShopCredentials

log = logging.getLogger(__name__)

API = "wp-json/wc/v3"
MAX_BATCH = 100
TOO_LARGE = "woocommerce_rest_request_entity_too_large"
INVALID_SKU = "product_invalid_sku"
#: Codes for an update of an id the shop no longer has (deleted by hand): the item is created again.
INVALID_ID = frozenset({"woocommerce_rest_product_invalid_id", "woocommerce_rest_product_variation_invalid_id",
                        "woocommerce_rest_invalid_id"})
#: SKUs per `GET /products?sku=a,b,c` lookup (keeps URLs short).
LOOKUP_CHUNK = 20


def money_text(value: Decimal) -> str:
    """A price as WooCommerce wants it: a plain decimal string."""
    return format(value, "f")


def _grams_to_kg(grams: int) -> str:
    return money_text((Decimal(grams) / 1000).normalize()) if grams else "0"


def _mm_to_cm(mm: int | None) -> str:
    return "" if mm is None else format((Decimal(mm) / 10).normalize(), "f")


@dataclass
class _Op:
    """One item of a batch: create or update, with the caller's reference to match the answer."""

    kind: str  # "create" | "update"
    ref: Any
    body: dict[str, Any]
    remote_id: int | None = None
    adopted: bool = False
    recreated: bool = False


@dataclass
class _Result:
    remote_id: int | None = None
    error: ShopError | None = None
    adopted: bool = False
    created: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class WooCommerceConnector:
    """Pushes `ProductPayload`s to one WooCommerce shop."""

    kind = "woocommerce"

    def __init__(self, url: str, credentials: ShopCredentials, *, query_string_auth: bool = False,
                 policy: RetryPolicy | None = None, chunk_size: int = MAX_BATCH, **http_options: Any) -> None:
        key, secret = credentials.get(SecretKind.WOO_KEY), credentials.get(SecretKind.WOO_SECRET)
        self.http = ShopHttp(url, policy=policy, auth=None if query_string_auth else (key, secret),
                             secrets=[key, secret], **http_options)
        self._params: dict[str, str] = {"consumer_key": key, "consumer_secret": secret} if query_string_auth else {}
        self.chunk_size = max(1, min(MAX_BATCH, chunk_size))

    # ----- what is sent --------------------------------------------------------------------------------
    @staticmethod
    def key_for(payload: ProductPayload) -> str:
        """The product's SKU in the shop: the SKU of a simple product, else the product code."""
        return payload.variants[0].sku if payload.simple else payload.code

    def check(self, payload: ProductPayload) -> ShopError | None:
        """Problems WooCommerce would refuse, found before anything is sent."""
        if not payload.variants:
            return ShopRejected(Bilingual("这个产品没有 SKU。", "The product has no SKU."), "no_skus")
        return None

    def wire_body(self, payload: ProductPayload) -> dict[str, Any]:
        """Everything sent for the product (without ids or status): what the content hash covers."""
        return {"product": self._product_body(payload),
                "variations": [] if payload.simple else [self._variation_body(payload, v) for v in payload.variants]}

    def _product_body(self, payload: ProductPayload) -> dict[str, Any]:
        body: dict[str, Any] = {
            "name": payload.title,
            "type": "simple" if payload.simple else "variable",
            "sku": self.key_for(payload),
            "description": payload.description_html,
            "short_description": payload.short_description_html,
        }
        if payload.simple:
            body.update(self._variant_fields(payload.variants[0]))
        else:
            body["attributes"] = [
                {"name": name, "position": position, "visible": True, "variation": True, "options": list(values)}
                for position, (name, values) in enumerate(payload.options)
            ]
        return body

    def _variation_body(self, payload: ProductPayload, variant: VariantPayload) -> dict[str, Any]:
        body = {"sku": variant.sku, "attributes": [{"name": n, "option": v} for n, v in variant.options]}
        body.update(self._variant_fields(variant))
        return body

    @staticmethod
    def _variant_fields(variant: VariantPayload) -> dict[str, Any]:
        if variant.compare_at is not None and variant.compare_at > variant.price:
            prices = {"regular_price": money_text(variant.compare_at), "sale_price": money_text(variant.price)}
        else:
            prices = {"regular_price": money_text(variant.price), "sale_price": ""}
        fields: dict[str, Any] = dict(prices)
        if variant.weight_g is not None:
            fields["weight"] = _grams_to_kg(variant.weight_g)
        length, width, height = variant.dimensions_mm
        if any(v is not None for v in (length, width, height)):
            fields["dimensions"] = {"length": _mm_to_cm(length), "width": _mm_to_cm(width), "height": _mm_to_cm(height)}
        if variant.barcode:
            fields["global_unique_id"] = variant.barcode
        return fields

    # ----- calls -----------------------------------------------------------------------------------------
    def _get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.http.get(f"{API}/{path}", params={**(params or {}), **self._params}).data

    def _post(self, path: str, body: Any) -> Any:
        return self.http.post(f"{API}/{path}", body, params=self._params or None, idempotent=True).data

    def test_connection(self) -> ShopInfo:
        """One read that needs valid keys; raises a `ShopError` that says what is wrong."""
        data = self._get("products", {"per_page": 1})
        if not isinstance(data, list):
            raise UnexpectedResponse(Bilingual("网店的产品列表格式不对。", "The shop's product list has the wrong shape."))
        return ShopInfo(self.kind, self.http.base_url, currency=self.shop_currency())

    def shop_currency(self) -> str | None:
        """The store currency (None when the keys may not read settings)."""
        try:
            data = self._get("settings/general/woocommerce_currency")
        except HttpStatusError as error:
            if error.status in (403, 404):
                return None
            raise
        value = data.get("value") if isinstance(data, dict) else None
        return value if isinstance(value, str) and value else None

    def lookup(self, keys: Sequence[str]) -> dict[str, RemoteRef]:
        """Existing products (not variations) by SKU: {sku: RemoteRef}. Missing SKUs are simply absent."""
        found: dict[str, RemoteRef] = {}
        singles = [k for k in keys if "," in k]
        grouped = [k for k in keys if "," not in k]
        queries = [grouped[i:i + LOOKUP_CHUNK] for i in range(0, len(grouped), LOOKUP_CHUNK)] + [[k] for k in singles]
        for group in queries:
            data = self._get("products", {"sku": ",".join(group), "per_page": 100})
            if not isinstance(data, list):
                raise UnexpectedResponse(Bilingual("按 SKU 查找产品时网店返回的格式不对。",
                                                   "The shop's answer to a SKU lookup has the wrong shape."))
            for product in data:
                if not isinstance(product, dict) or product.get("type") == "variation" or product.get("parent_id"):
                    continue
                sku, pid = product.get("sku"), product.get("id")
                if isinstance(sku, str) and sku in group and _is_id(pid) and sku not in found:
                    found[sku] = RemoteRef(str(pid))
        return found

    # ----- pushing -----------------------------------------------------------------------------------------
    def push(self, units: Sequence[PushUnit]) -> dict[int, ItemOutcome]:
        """Create or update every unit; one outcome per unit's item id (never raises for a shop error)."""
        ops = [self._parent_op(unit) for unit in units]
        parents = self._batch("products/batch", ops)
        outcomes: dict[int, ItemOutcome] = {}
        fatal: ShopError | None = None
        for unit in units:
            result = parents[unit.item_id]
            if result.error is not None:
                outcomes[unit.item_id] = ItemOutcome.failed(result.error)
                fatal = fatal or (result.error if result.error.fatal else None)
                continue
            assert result.remote_id is not None
            action = "adopted" if result.adopted else ("created" if result.created else "updated")
            if unit.payload.simple:
                outcomes[unit.item_id] = ItemOutcome(True, str(result.remote_id), {}, action=action)
                continue
            if fatal is not None:
                outcomes[unit.item_id] = ItemOutcome.failed(fatal, remote_id=str(result.remote_id))
                continue
            outcome = self._push_variations(unit, result.remote_id, fresh=result.created, action=action)
            outcomes[unit.item_id] = outcome
            if outcome.error is not None and outcome.error.fatal:
                fatal = outcome.error
        return outcomes

    def _parent_op(self, unit: PushUnit) -> _Op:
        body = self._product_body(unit.payload)
        if unit.remote_id:
            return _Op("update", unit.item_id, {**body, "id": int(unit.remote_id)}, int(unit.remote_id))
        return _Op("create", unit.item_id, {**body, "status": "draft"})

    def _push_variations(self, unit: PushUnit, parent_id: int, *, fresh: bool, action: str) -> ItemOutcome:
        try:
            existing = {} if fresh else self._variations_of(parent_id)
        except ShopError as error:
            return ItemOutcome.failed(error, remote_id=str(parent_id))
        ops = []
        for variant in unit.payload.variants:
            body = self._variation_body(unit.payload, variant)
            vid = existing.get(variant.sku)
            ops.append(_Op("update", variant.sku, {**body, "id": vid}, vid) if vid else _Op("create", variant.sku, body))
        results = self._batch(f"products/{parent_id}/variations/batch", ops)
        refs = {sku: r.remote_id for sku, r in results.items() if r.remote_id is not None}
        errors = [(sku, r.error) for sku, r in results.items() if r.error is not None]
        if errors:
            sku, first = errors[0]
            return ItemOutcome.failed(_variation_error(sku, first, len(errors)), remote_id=str(parent_id),
                                      remote_refs={"variations": refs})
        return ItemOutcome(True, str(parent_id), {"variations": refs}, action=action)

    def _variations_of(self, parent_id: int) -> dict[str, int]:
        found: dict[str, int] = {}
        page = 1
        while True:
            data = self._get(f"products/{parent_id}/variations", {"per_page": 100, "page": page})
            if not isinstance(data, list):
                raise UnexpectedResponse(Bilingual("读取规格时网店返回的格式不对。",
                                                   "The shop's list of variations has the wrong shape."))
            for variation in data:
                if isinstance(variation, dict) and isinstance(variation.get("sku"), str) and _is_id(variation.get("id")):
                    found.setdefault(variation["sku"], int(variation["id"]))
            if len(data) < 100 or page >= 50:
                return found
            page += 1

    # ----- one batch endpoint, with halving and adoption --------------------------------------------------------
    def _batch(self, path: str, ops: list[_Op]) -> dict[Any, _Result]:
        """Send `ops` in chunks of ≤ chunk_size; halve on 413; adopt `product_invalid_sku`; check every item."""
        results: dict[Any, _Result] = {}
        queue: deque[list[_Op]] = deque(self._slices(ops))
        while queue:
            part = queue.popleft()
            if len(part) > self.chunk_size:
                queue.extendleft(reversed(self._slices(part)))
                continue
            try:
                data = self._post(path, {"create": [o.body for o in part if o.kind == "create"],
                                         "update": [o.body for o in part if o.kind == "update"]})
            except HttpStatusError as error:
                if (error.status == 413 or error.code == TOO_LARGE) and len(part) > 1:
                    self.chunk_size = max(1, len(part) // 2)
                    log.info("batch of %d refused as too large; chunk size now %d", len(part), self.chunk_size)
                    queue.extendleft(reversed(self._slices(part)))
                    continue
                self._fail_all(part, error, results, queue)
                continue
            except ShopError as error:
                self._fail_all(part, error, results, queue)
                continue
            adopt = self._read_batch(data, part, results)
            if adopt:
                queue.appendleft(adopt)
        return results

    def _slices(self, ops: list[_Op]) -> list[list[_Op]]:
        size = self.chunk_size
        return [ops[i:i + size] for i in range(0, len(ops), size)]

    @staticmethod
    def _fail_all(part: list[_Op], error: ShopError, results: dict[Any, _Result], queue: deque[list[_Op]]) -> None:
        for op in part:
            results[op.ref] = _Result(op.remote_id, error)
        if error.fatal:  # the shop can't take anything now: don't send the rest
            while queue:
                for op in queue.popleft():
                    results[op.ref] = _Result(op.remote_id, _not_sent(error))

    def _read_batch(self, data: Any, part: list[_Op], results: dict[Any, _Result]) -> list[_Op]:
        """Record each item's result; return the ops to send again as updates of adopted products."""
        adopt: list[_Op] = []
        answers = _batch_answers(data, part)
        for op, answer in zip(part, answers):
            if isinstance(answer, ShopError):
                results[op.ref] = _Result(op.remote_id, answer)
                continue
            error = answer.get("error")
            if isinstance(error, dict) or error is not None:
                code, message, extra = _item_error(error)
                resource = extra.get("resource_id") if isinstance(extra, dict) else None
                if code == INVALID_SKU and op.kind == "create" and _is_id(resource):
                    log.info("SKU already in the shop as %s: adopting it", resource)
                    adopt.append(_Op("update", op.ref, {**_without_status(op.body), "id": int(resource)},
                                     int(resource), adopted=True))
                    continue
                if code in INVALID_ID and op.kind == "update" and not op.adopted and not op.recreated:
                    log.info("id %s is gone from the shop: creating the item again", op.remote_id)
                    body = {k: v for k, v in op.body.items() if k != "id"}
                    if "type" in body:  # a product (not a variation): new products start as drafts
                        body["status"] = "draft"
                    adopt.append(_Op("create", op.ref, body, None, recreated=True))
                    continue
                text = self.http.scrub(message or code)
                results[op.ref] = _Result(op.remote_id, ShopRejected(_rejected(text), code or "item_error"))
                continue
            rid = answer.get("id")
            if not _is_id(rid):
                results[op.ref] = _Result(op.remote_id, UnexpectedResponse(Bilingual(
                    "网店对这一项的回应里没有产品编号。", "The shop's answer for this item has no product id.")))
                continue
            results[op.ref] = _Result(int(rid), adopted=op.adopted, created=op.kind == "create")
        return adopt


# ---------------------------------------------------------------- helpers


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _without_status(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != "status"}


def _batch_answers(data: Any, part: list[_Op]) -> list[dict[str, Any] | ShopError]:
    """The answer for each op, in order; a typed error for every op the answer doesn't cover properly."""
    creates = [o for o in part if o.kind == "create"]
    updates = [o for o in part if o.kind == "update"]
    bad = UnexpectedResponse(Bilingual("网店对批量请求的回应格式不对，结果未知。",
                                       "The shop's answer to the batch has the wrong shape; the outcome is unknown."))
    if not isinstance(data, dict):
        return [bad for _ in part]
    by_op: dict[int, dict[str, Any] | ShopError] = {}
    for kind, ops in (("create", creates), ("update", updates)):
        items = data.get(kind, [] if not ops else None)
        if not isinstance(items, list) or len(items) != len(ops):
            for op in ops:
                by_op[id(op)] = bad
            continue
        for op, item in zip(ops, items):
            by_op[id(op)] = item if isinstance(item, dict) else bad
    return [by_op[id(op)] for op in part]


def _item_error(error: Any) -> tuple[str, str, Any]:
    if not isinstance(error, dict):
        return "item_error", "", None
    code, message = error.get("code"), error.get("message")
    return (code if isinstance(code, str) else "item_error", message if isinstance(message, str) else "",
            error.get("data"))


def _rejected(message: str) -> Bilingual:
    return Bilingual(f"网店拒绝了这一项：{message[:300]}", f"The shop rejected this item: {message[:300]}")


def _variation_error(sku: str, error: ShopError, count: int) -> ShopError:
    more_zh = f"（另有 {count - 1} 个规格出错）" if count > 1 else ""
    more_en = f" ({count - 1} more variations failed)" if count > 1 else ""
    wrapped = ShopError(Bilingual(f"规格 {sku}：{error.message.zh}{more_zh}", f"Variation {sku}: {error.message.en}{more_en}"),
                        error.code)
    wrapped.fatal, wrapped.uncertain = error.fatal, error.uncertain
    return wrapped


def _not_sent(error: ShopError) -> ShopError:
    wrapped = ShopError(Bilingual(f"未发送：{error.message.zh}", f"Not sent: {error.message.en}"), "not_sent")
    wrapped.fatal = True
    return wrapped

