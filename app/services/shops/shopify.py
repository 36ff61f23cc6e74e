"""Shopify Admin GraphQL connector: one `productSet` upsert per product, keyed by handle, paced by the bucket.

- The API version is pinned in `API_VERSION` (quarterly versions are supported for at least 12 months:
  move it forward deliberately, with the tests).
- `productSet(input:, identifier: {handle}, synchronous: true)` creates or updates the product with its
  options, and its variants with SKU, barcode, price, compare-at price, inventory-item cost (converted to the
  shop's currency) and weight. It *replaces* list fields: variants the catalogue no longer has are deleted in
  the shop, which keeps the shop equal to the catalogue.
- Images are not sent: the workspace keeps images inside its file and has no public URL for them, and
  `productSet` takes media by URL only (a staged upload would be the way to add them later). Each push report
  says so once (`app.services.shops.jobs.IMAGES_NOTE`).
- New products are created with status DRAFT so the seller reviews them before they go on sale; updates
  never send a status.
- Rate limit: every answer's `extensions.cost.throttleStatus {maximumAvailable, currentlyAvailable,
  restoreRate}` is kept; before each request the connector waits until the bucket should hold the expected
  cost. A `THROTTLED` answer (status 200 or 429) waits `(needed − available) / restoreRate` plus a little
  jitter, a bounded number of times. `userErrors` fail the item with their code and are not retried; top-level
  `errors` fail the request (ACCESS_DENIED stops the push).
"""

from __future__ import annotations

import logging
import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
    parse_retry_after,
)
from app.services.shops.jobs import ItemOutcome, ProductPayload, PushUnit, RemoteRef, ShopInfo
from app.services.shops.secrets import SecretKind, ShopCredentials

log = logging.getLogger(__name__)

#: The one place the Admin API version is chosen.
API_VERSION = "2026-10"
MAX_OPTIONS = 3
MAX_VARIANTS = 2048
#: Handles per lookup query (one aliased `productByIdentifier` each).
LOOKUP_CHUNK = 25
#: Query cost assumed for an operation before the shop has told us its real cost.
DEFAULT_COST = 10
#: Largest extra random wait added to a throttle wait (seconds).
THROTTLE_JITTER = 0.25

PRODUCT_SET = """
mutation FDProductSet($input: ProductSetInput!, $identifier: ProductSetIdentifiers) {
  productSet(input: $input, identifier: $identifier, synchronous: true) {
    product { id handle variants(first: 250) { nodes { id sku } } }
    userErrors { field message code }
  }
}
""".strip()

SHOP_QUERY = "query FDShop { shop { name currencyCode } }"


def handle_for(code: str) -> str:
    """A Shopify handle from a product code: lower-case letters, digits and dashes."""
    handle = re.sub(r"[^a-z0-9]+", "-", code.lower()).strip("-")
    return handle or "product"


def money_text(value: Decimal) -> str:
    return format(value, "f")


@dataclass(frozen=True)
class ThrottleStatus:
    """The cost bucket as last reported, and when (connector clock)."""

    maximum: float
    available: float
    restore_rate: float
    seen_at: float

    def available_at(self, now: float) -> float:
        return min(self.maximum, self.available + self.restore_rate * max(0.0, now - self.seen_at))


class ShopifyConnector:
    """Pushes `ProductPayload`s to one Shopify shop through the Admin GraphQL API."""

    kind = "shopify"

    def __init__(self, url: str, credentials: ShopCredentials, *, policy: RetryPolicy | None = None,
                 chunk_size: int = 10, max_throttle_waits: int = 8, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic, rng: random.Random | None = None,
                 **http_options: Any) -> None:
        token = credentials.get(SecretKind.SHOPIFY_TOKEN)
        self._sleep, self._clock = sleep, clock
        self._rng = rng or random.Random()
        self.http = ShopHttp(url, policy=policy, headers={"X-Shopify-Access-Token": token}, secrets=[token],
                             sleep=sleep, clock=clock, rng=self._rng, **http_options)
        self.endpoint = f"admin/api/{API_VERSION}/graphql.json"
        self.chunk_size = max(1, chunk_size)
        self.max_throttle_waits = max_throttle_waits
        self.bucket: ThrottleStatus | None = None
        self._costs: dict[str, float] = {}
        #: Every wait made for the bucket (pacing and THROTTLED), in seconds: tests read it.
        self.throttle_waits: list[float] = []

    # ----- what is sent --------------------------------------------------------------------------------
    @staticmethod
    def key_for(payload: ProductPayload) -> str:
        return handle_for(payload.code)

    def check(self, payload: ProductPayload) -> ShopError | None:
        if not payload.variants:
            return ShopRejected(Bilingual("这个产品没有 SKU。", "The product has no SKU."), "no_skus")
        if len(payload.options) > MAX_OPTIONS:
            return ShopRejected(Bilingual(f"Shopify 每个产品最多 {MAX_OPTIONS} 个选项（规格维度），这个产品有 {len(payload.options)} 个。",
                                          f"Shopify allows at most {MAX_OPTIONS} options per product; this one has "
                                          f"{len(payload.options)}."), "too_many_options")
        if len(payload.variants) > MAX_VARIANTS:
            return ShopRejected(Bilingual(f"Shopify 每个产品最多 {MAX_VARIANTS} 个变体。",
                                          f"Shopify allows at most {MAX_VARIANTS} variants per product."), "too_many_variants")
        return None

    def wire_body(self, payload: ProductPayload) -> dict[str, Any]:
        """The `ProductSetInput` without status: what the content hash covers."""
        options = list(payload.options) or [("Title", ("Default Title",))]
        body: dict[str, Any] = {
            "handle": self.key_for(payload),
            "title": payload.title,
            "descriptionHtml": payload.description_html,
            "vendor": payload.vendor,
            "productType": payload.product_type,
            "productOptions": [{"name": name, "position": i + 1, "values": [{"name": v} for v in values]}
                               for i, (name, values) in enumerate(options)],
            "variants": [],
        }
        for position, variant in enumerate(payload.variants, start=1):
            pairs = list(variant.options) or [("Title", "Default Title")]
            entry: dict[str, Any] = {
                "optionValues": [{"optionName": n, "name": v} for n, v in pairs],
                "sku": variant.sku,
                "position": position,
                "price": money_text(variant.price),
                "compareAtPrice": money_text(variant.compare_at) if variant.compare_at is not None
                and variant.compare_at > variant.price else None,
            }
            if variant.barcode:
                entry["barcode"] = variant.barcode
            item: dict[str, Any] = {}
            if variant.cost is not None:
                item["cost"] = money_text(variant.cost)
            if variant.weight_g is not None:
                item["measurement"] = {"weight": {"value": variant.weight_g, "unit": "GRAMS"}}
            if item:
                entry["inventoryItem"] = item
            body["variants"].append(entry)
        return body

    # ----- GraphQL with pacing -------------------------------------------------------------------------
    def graphql(self, operation: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run one query or mutation; returns `data` (a dict) or raises a `ShopError`."""
        waits = 0
        while True:
            self._pace(operation)
            try:
                response = self.http.post(self.endpoint, {"query": query, "variables": variables or {}},
                                          idempotent=True, retry_429=False)
                body, status, headers = response.data, response.status, response.headers
            except HttpStatusError as error:
                if error.status != 429:
                    raise
                body, status, headers = error.data, 429, error.headers
            if not isinstance(body, dict):
                raise UnexpectedResponse(Bilingual("Shopify 的回应不是 JSON 对象。", "Shopify's answer is not a JSON object."))
            cost = self._read_cost(operation, body)
            if status == 429 or _is_throttled(body):
                waits += 1
                if waits > self.max_throttle_waits:
                    raise HttpStatusError(Bilingual("Shopify 持续限流，已停止重试。", "Shopify kept throttling; stopped retrying."),
                                          429, "THROTTLED", body)
                self._wait_throttled(operation, cost, headers)
                continue
            return self._data_of(body, self.http.scrub)

    def _pace(self, operation: str) -> None:
        """Wait until the bucket should hold what this operation cost last time."""
        if self.bucket is None or self.bucket.restore_rate <= 0:
            return
        needed = self._costs.get(operation, DEFAULT_COST)
        available = self.bucket.available_at(self._clock())
        if available >= needed or needed > self.bucket.maximum:
            return
        self._wait((needed - available) / self.bucket.restore_rate, "pacing")

    def _read_cost(self, operation: str, body: dict[str, Any]) -> dict[str, Any]:
        extensions = body.get("extensions")
        cost = extensions.get("cost") if isinstance(extensions, dict) else None
        if not isinstance(cost, dict):
            return {}
        requested = _number(cost.get("requestedQueryCost"))
        if requested is not None:
            self._costs[operation] = requested
        status = cost.get("throttleStatus")
        if isinstance(status, dict):
            maximum = _number(status.get("maximumAvailable"))
            available = _number(status.get("currentlyAvailable"))
            rate = _number(status.get("restoreRate"))
            if maximum is not None and available is not None and rate is not None:
                self.bucket = ThrottleStatus(maximum, available, rate, self._clock())
        return cost

    def throttle_wait(self, needed: float, available: float, restore_rate: float) -> float:
        """Seconds to wait before a throttled request can run: (needed − available) / restoreRate."""
        if restore_rate <= 0:
            return self.http.policy.max_delay
        return max(0.0, (needed - available) / restore_rate)

    def _wait_throttled(self, operation: str, cost: dict[str, Any], headers: dict[str, str]) -> None:
        needed = _number(cost.get("requestedQueryCost")) or self._costs.get(operation, DEFAULT_COST)
        if self.bucket is not None:
            if needed > self.bucket.maximum:
                raise ShopRejected(Bilingual("这个请求超过了 Shopify 允许的单次成本上限。",
                                             "This request costs more than Shopify allows at once."), "MAX_COST_EXCEEDED")
            wait = self.throttle_wait(needed, self.bucket.available, self.bucket.restore_rate)
        else:  # a 429 without throttle figures: honour Retry-After, else one second
            wait = parse_retry_after(headers.get("Retry-After")) or 1.0
            wait = min(wait, self.http.policy.retry_after_cap)
        log.info("Shopify throttled %s: waiting %.2f s", operation, wait)
        self._wait(wait, "throttled")

    def _wait(self, seconds: float, reason: str) -> None:
        total = seconds + self._rng.uniform(0, THROTTLE_JITTER)
        self.throttle_waits.append(total)
        self._sleep(total)

    @staticmethod
    def _data_of(body: dict[str, Any], scrub: Callable[[str], str]) -> dict[str, Any]:
        errors = body.get("errors")
        if errors:
            raise _top_level_error(errors, scrub)
        data = body.get("data")
        if not isinstance(data, dict):
            raise UnexpectedResponse(Bilingual("Shopify 返回的 data 为空。", "Shopify returned no data (null)."))
        return data

    # ----- shop ------------------------------------------------------------------------------------------
    def test_connection(self) -> ShopInfo:
        shop = self._shop()
        name = shop.get("name")
        return ShopInfo(self.kind, self.http.base_url, name=name if isinstance(name, str) else "",
                        currency=self.shop_currency(shop))

    def _shop(self) -> dict[str, Any]:
        shop = self.graphql("FDShop", SHOP_QUERY).get("shop")
        if not isinstance(shop, dict):
            raise UnexpectedResponse(Bilingual("Shopify 没有返回店铺信息。", "Shopify returned no shop details."))
        return shop

    def shop_currency(self, shop: dict[str, Any] | None = None) -> str | None:
        currency = (shop or self._shop()).get("currencyCode")
        return currency if isinstance(currency, str) and currency else None

    def lookup(self, keys: Sequence[str]) -> dict[str, RemoteRef]:
        """Existing products by handle: {handle: RemoteRef} (direct reads, not the search index)."""
        found: dict[str, RemoteRef] = {}
        for start in range(0, len(keys), LOOKUP_CHUNK):
            group = list(keys[start:start + LOOKUP_CHUNK])
            fields = " ".join(f"p{i}: productByIdentifier(identifier: {{handle: $h{i}}}) {{ id handle }}"
                              for i in range(len(group)))
            params = ", ".join(f"$h{i}: String!" for i in range(len(group)))
            data = self.graphql("FDLookup", f"query FDLookup({params}) {{ {fields} }}",
                                {f"h{i}": handle for i, handle in enumerate(group)})
            for i, handle in enumerate(group):
                product = data.get(f"p{i}")
                if isinstance(product, dict) and isinstance(product.get("id"), str):
                    found[handle] = RemoteRef(product["id"])
        return found

    # ----- pushing -----------------------------------------------------------------------------------------
    def push(self, units: Sequence[PushUnit]) -> dict[int, ItemOutcome]:
        """One `productSet` per unit; stops sending after a fatal error (the rest fail as not sent)."""
        outcomes: dict[int, ItemOutcome] = {}
        fatal: ShopError | None = None
        for unit in units:
            if fatal is not None:
                outcomes[unit.item_id] = ItemOutcome.failed(_not_sent(fatal))
                continue
            try:
                outcomes[unit.item_id] = self._push_one(unit)
            except ShopError as error:
                outcomes[unit.item_id] = ItemOutcome.failed(error)
                fatal = error if error.fatal else None
        return outcomes

    def _push_one(self, unit: PushUnit) -> ItemOutcome:
        product_input = self.wire_body(unit.payload)
        if not unit.remote_id:
            product_input["status"] = "DRAFT"
        variables = {"input": product_input, "identifier": {"handle": unit.key}}
        data = self.graphql("FDProductSet", PRODUCT_SET, variables)
        result = data.get("productSet")
        if not isinstance(result, dict):
            raise UnexpectedResponse(Bilingual("Shopify 对 productSet 的回应为空。", "Shopify's productSet answer is empty."))
        user_errors = result.get("userErrors")
        if isinstance(user_errors, list) and user_errors:
            return ItemOutcome.failed(_user_error(user_errors, self.http.scrub))
        product = result.get("product")
        if not isinstance(product, dict) or not isinstance(product.get("id"), str):
            raise UnexpectedResponse(Bilingual("Shopify 的回应里没有产品编号。", "Shopify's answer has no product id."))
        refs = {}
        variants = product.get("variants")
        nodes = variants.get("nodes") if isinstance(variants, dict) else None
        for node in nodes if isinstance(nodes, list) else []:
            if isinstance(node, dict) and isinstance(node.get("sku"), str) and isinstance(node.get("id"), str):
                refs[node["sku"]] = node["id"]
        return ItemOutcome(True, product["id"], {"variants": refs},
                           action="updated" if unit.remote_id else "created")


# ---------------------------------------------------------------- helpers


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    return float(value)


def _is_throttled(body: dict[str, Any]) -> bool:
    errors = body.get("errors")
    if not isinstance(errors, list):
        return False
    return any(isinstance(e, dict) and isinstance(e.get("extensions"), dict)
               and e["extensions"].get("code") == "THROTTLED" for e in errors)


def _top_level_error(errors: Any, scrub: Callable[[str], str]) -> ShopError:
    """A typed error for top-level GraphQL `errors` (texts scrubbed of secrets: shops may echo them)."""
    if isinstance(errors, str):
        text = scrub(errors)[:300]
        return ShopRejected(Bilingual(f"Shopify 报错：{text}", f"Shopify error: {text}"), "graphql_error")
    first = errors[0] if isinstance(errors, list) and errors and isinstance(errors[0], dict) else {}
    extensions = first.get("extensions") if isinstance(first.get("extensions"), dict) else {}
    code = extensions.get("code") if isinstance(extensions.get("code"), str) else "graphql_error"
    message = scrub(first.get("message")) if isinstance(first.get("message"), str) else ""
    error = ShopRejected(Bilingual(f"Shopify 报错（{code}）：{message[:300]}", f"Shopify error ({code}): {message[:300]}"), code)
    if code == "ACCESS_DENIED":
        error.fatal = True
    if code == "INTERNAL_SERVER_ERROR":
        error.uncertain = True
    return error


def _user_error(user_errors: list[Any], scrub: Callable[[str], str]) -> ShopError:
    parts, code = [], ""
    for entry in user_errors[:5]:
        if not isinstance(entry, dict):
            continue
        field = entry.get("field")
        where = ".".join(str(f) for f in field) if isinstance(field, list) else ""
        message = entry.get("message") if isinstance(entry.get("message"), str) else ""
        parts.append(f"{where}: {message}" if where else message)
        if not code and isinstance(entry.get("code"), str):
            code = entry["code"]
    text = scrub("; ".join(parts))[:500]
    return ShopRejected(Bilingual(f"Shopify 拒绝了这个产品：{text}", f"Shopify rejected the product: {text}"),
                        code or "USER_ERROR")


def _not_sent(error: ShopError) -> ShopError:
    wrapped = ShopError(Bilingual(f"未发送：{error.message.zh}", f"Not sent: {error.message.en}"), "not_sent")
    wrapped.fatal = True
    return wrapped
