"""Shopify Admin GraphQL connector: one `productSet` per product, paced by the cost bucket, pictures by staged upload.

Connecting
- A Dev Dashboard app (the only kind a merchant can make since 2026-01-01) gets its token by the client-credentials
  grant: `POST {shop}/admin/oauth/access_token` (form: grant_type, client_id, client_secret) → `access_token`,
  `expires_in` (about 24 h). The token is fetched when a push starts, renewed before it expires, and renewed once
  more when a request answers 401 (a token can die early); it lives in memory only. A legacy admin token from an
  app made before 2026 is still accepted as it is.

What is sent (`productSet(input:, identifier:, synchronous: true)`, API version pinned in `API_VERSION`)
- A product the shop doesn't have is created by handle (`app.models.handles.shop_handle`, the handle the pack's CSV
  writes) with status DRAFT, so the seller reviews it before it goes on sale. A product the shop has — known from
  an earlier push, or found now by its handle or by its SKUs — is updated *in place* through its id: status is
  never sent (a live product stays live), a handle the shop already gave it is kept, and every variant is sent with
  its id so Shopify updates it instead of deleting it and making a new one (inventory and order links survive).
  `productSet` replaces list fields: variants and pictures the catalogue no longer has are removed from the
  product; the dry run lists them.
- Pictures: each one the shop doesn't have yet goes up once — `stagedUploadsCreate` → multipart POST to the staged
  target → its `resourceUrl` as `originalSource` in `files` (and a SKU's picture as its variant's `file`); one the
  shop has is sent by its media id. The file name carries the picture's token (`fd-<token>.jpg`), so a product
  whose answer was lost is matched to its media again by name. Pictures over Shopify's limits (20 MB, 20 MP) stay
  home with a note.

Shopify's rules respected
- A query may cost at most 1,000 points: every read is sized from the counts it needs (`first` = what exists,
  never more than 250 per page; handle lookups grouped by their cost), and all variants are read back page by
  page (up to 2,048). Options and variants are always sent together.
- Rate limit: every answer's `throttleStatus` is kept; before each request the connector waits until the bucket
  should hold the expected cost; a THROTTLED answer (200 or 429) waits (needed − available) / restoreRate plus a
  little jitter, a bounded number of times. `userErrors` fail the item and are not retried; top-level `errors`
  fail the request (ACCESS_DENIED stops the push).
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from app.models.bilingual import Bilingual
from app.models.handles import shop_handle
from app.services.shops.contract import (
    Drift,
    ItemOutcome,
    PicturePayload,
    ProductPayload,
    PushUnit,
    RemoteRef,
    ShopInfo,
)
from app.services.shops.http import (
    HttpStatusError,
    Payload,
    RetryPolicy,
    ShopError,
    ShopHttp,
    ShopRejected,
    UnexpectedResponse,
    parse_retry_after,
)
from app.services.shops.secrets import SecretKind, ShopCredentials

log = logging.getLogger(__name__)

#: The one place the Admin API version is chosen.
API_VERSION = "2026-10"
TOKEN_HEADER = "X-Shopify-Access-Token"
MAX_OPTIONS = 3
MAX_VARIANTS = 2048
#: Shopify refuses a single query that costs more; the app keeps its reads under `QUERY_BUDGET`.
MAX_QUERY_COST = 1000
QUERY_BUDGET = 900
#: The largest page a connection gives (`first`).
PAGE = 250
#: Query cost assumed for an operation before the shop has told us its real cost.
DEFAULT_COST = 10
#: Largest extra random wait added to a throttle wait (seconds).
THROTTLE_JITTER = 0.25
#: A token is renewed this long before Shopify said it expires.
TOKEN_MARGIN = 300.0
#: Shopify's limits for a picture (help center: "Image file size and type").
MAX_PICTURE_BYTES = 20 * 1024 * 1024
#: Cost of one handle lookup alias: the product (1) and its two counts (1 each).
LOOKUP_ALIAS_COST = 3
#: SKUs per search query (its text stays short).
SKU_SEARCH_CHUNK = 40

PRODUCT_FIELDS = "id handle status title vendor productType variantsCount { count } mediaCount { count }"
VARIANT_FIELDS = "id sku price compareAtPrice barcode"
MEDIA_FIELDS = "id alt status ... on MediaImage { image { url } }"

PRODUCT_SET = f"""
mutation FDProductSet($input: ProductSetInput!, $identifier: ProductSetIdentifiers, $variants: Int!, $media: Int!) {{
  productSet(input: $input, identifier: $identifier, synchronous: true) {{
    product {{
      id handle status
      variants(first: $variants) {{ nodes {{ id sku }} pageInfo {{ hasNextPage endCursor }} }}
      media(first: $media) {{ nodes {{ {MEDIA_FIELDS} }} }}
    }}
    userErrors {{ field message code }}
  }}
}}
""".strip()

PRODUCT_PARTS = f"""
query FDProductParts($id: ID!, $variants: Int!, $after: String, $media: Int!) {{
  product(id: $id) {{
    {PRODUCT_FIELDS}
    variants(first: $variants, after: $after) {{ nodes {{ {VARIANT_FIELDS} }} pageInfo {{ hasNextPage endCursor }} }}
    media(first: $media) {{ nodes {{ {MEDIA_FIELDS} }} }}
  }}
}}
""".strip()

VARIANT_PAGE = f"""
query FDVariantPage($id: ID!, $variants: Int!, $after: String) {{
  product(id: $id) {{
    id
    variants(first: $variants, after: $after) {{ nodes {{ {VARIANT_FIELDS} }} pageInfo {{ hasNextPage endCursor }} }}
  }}
}}
""".strip()

VERIFY = f"""
query FDVerify($ids: [ID!]!, $variants: Int!) {{
  nodes(ids: $ids) {{
    ... on Product {{
      {PRODUCT_FIELDS}
      variants(first: $variants) {{ nodes {{ {VARIANT_FIELDS} }} pageInfo {{ hasNextPage endCursor }} }}
    }}
  }}
}}
""".strip()

SKU_SEARCH = """
query FDSkuSearch($query: String!, $first: Int!) {
  productVariants(first: $first, query: $query) { nodes { id sku product { id handle status } } }
}
""".strip()

STAGED_UPLOADS = """
mutation FDStagedUploads($input: [StagedUploadInput!]!) {
  stagedUploadsCreate(input: $input) {
    stagedTargets { url resourceUrl parameters { name value } }
    userErrors { field message }
  }
}
""".strip()

SHOP_QUERY = "query FDShop { shop { name currencyCode } currentAppInstallation { accessScopes { handle } } }"
SCOPES_QUERY = "query FDScopes { currentAppInstallation { accessScopes { handle } } }"

#: Every GraphQL document the connector sends with fixed text (tests validate each against Shopify's schema).
DOCUMENTS = (PRODUCT_SET, PRODUCT_PARTS, VARIANT_PAGE, VERIFY, SKU_SEARCH, STAGED_UPLOADS, SHOP_QUERY, SCOPES_QUERY)


def handle_for(code: str) -> str:
    """A product's Shopify handle (the one rule in `app.models.handles`)."""
    return shop_handle(code)


def money_text(value: Decimal) -> str:
    return format(value, "f")


def lookup_query(count: int) -> str:
    """One query that looks `count` handles up, one aliased `productByIdentifier` each."""
    params = ", ".join(f"$h{i}: String!" for i in range(count))
    fields = " ".join(f"p{i}: productByIdentifier(identifier: {{handle: $h{i}}}) {{ {PRODUCT_FIELDS} }}"
                      for i in range(count))
    return f"query FDLookup({params}) {{ {fields} }}"


@dataclass(frozen=True)
class ThrottleStatus:
    """The cost bucket as last reported, and when (connector clock)."""

    maximum: float
    available: float
    restore_rate: float
    seen_at: float

    def available_at(self, now: float) -> float:
        return min(self.maximum, self.available + self.restore_rate * max(0.0, now - self.seen_at))


class ClientCredentialsToken:
    """An Admin API token fetched with a Dev Dashboard app's client id and secret, kept in memory only."""

    def __init__(self, http: ShopHttp, client_id: str, client_secret: str, clock: Callable[[], float]) -> None:
        self.http, self._clock = http, clock
        self._client_id, self._client_secret = client_id, client_secret
        self.token = ""
        self.expires_at = 0.0
        #: How many tokens this push fetched (tests read it).
        self.fetched = 0
        self._lock = threading.RLock()

    def current(self) -> str:
        """A token that should still be valid for a while, fetching one when needed."""
        with self._lock:
            if not self.token or self._clock() >= self.expires_at - TOKEN_MARGIN:
                self.renew()
            return self.token

    def renew_if(self, refused: str) -> str:
        """A new token after `refused` was answered 401 — unless a request in flight beside this one already
        fetched one (several requests meet a dead token at once; one renewal serves them all)."""
        with self._lock:
            if self.token == refused:
                self.renew()
            return self.token

    def renew(self) -> str:
        form = {"grant_type": "client_credentials", "client_id": self._client_id, "client_secret": self._client_secret}
        try:
            data = self.http.request("POST", "admin/oauth/access_token", payload=Payload.form(form),
                                     idempotent=True).data
        except HttpStatusError as error:
            if error.status in (400, 401, 403, 404):
                raise _app_refused(error.status, self.http.base_url) from None
            raise
        token = data.get("access_token") if isinstance(data, dict) else None
        if not isinstance(token, str) or not token:
            raise UnexpectedResponse(Bilingual("Shopify 没有返回访问令牌。", "Shopify returned no access token."))
        expires_in = data.get("expires_in")
        lifetime = float(expires_in) if isinstance(expires_in, (int, float, Decimal)) and expires_in > 0 else 3600.0
        self.http.add_secret(token)
        self.token, self.expires_at = token, self._clock() + lifetime
        self.fetched += 1
        return token


class ShopifyConnector:
    """Pushes `ProductPayload`s to one Shopify shop through the Admin GraphQL API."""

    kind = "shopify"

    def __init__(self, url: str, credentials: ShopCredentials, *, policy: RetryPolicy | None = None,
                 chunk_size: int = 30, max_throttle_waits: int = 8, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic, rng: random.Random | None = None,
                 send_pictures: bool = True, in_flight: int = 3, **http_options: Any) -> None:
        self._sleep, self._clock = sleep, clock
        self._rng = rng or random.Random()
        common = {"policy": policy, "sleep": sleep, "clock": clock, "rng": self._rng, **http_options}
        self._http_options = common
        self.http = ShopHttp(url, secrets=credentials.secret_values(), **common)
        self.auth: ClientCredentialsToken | None = None
        if credentials.has(SecretKind.SHOPIFY_CLIENT_ID, SecretKind.SHOPIFY_CLIENT_SECRET):
            token_http = ShopHttp(url, secrets=credentials.secret_values(), **common)
            self.auth = ClientCredentialsToken(token_http, credentials.get(SecretKind.SHOPIFY_CLIENT_ID),
                                               credentials.get(SecretKind.SHOPIFY_CLIENT_SECRET), clock)
        else:
            self.http.set_header(TOKEN_HEADER, credentials.get(SecretKind.SHOPIFY_TOKEN), secret=True)
        self.endpoint = f"admin/api/{API_VERSION}/graphql.json"
        self.chunk_size = max(1, chunk_size)
        self.max_throttle_waits = max_throttle_waits
        self.send_pictures = send_pictures
        self.notes: list[Bilingual] = []
        self.bucket: ThrottleStatus | None = None
        self._bucket_lock = threading.Lock()
        #: Points reserved by requests in flight (their cost is not yet in a reported bucket).
        self._reserved = 0.0
        #: Products sent at once: a real shop is 250–400 ms away, and one request at a time leaves most of the
        #: rate budget unused; the bucket's reservations keep them within it.
        self.in_flight = max(1, in_flight)
        self._costs: dict[str, float] = {}
        #: Every wait made for the bucket (pacing and THROTTLED), in seconds: tests read it.
        self.throttle_waits: list[float] = []

    # ----- what is sent --------------------------------------------------------------------------------
    @staticmethod
    def key_for(payload: ProductPayload) -> str:
        return payload.handle or handle_for(payload.code)

    def check(self, payload: ProductPayload) -> ShopError | None:
        if not payload.variants:
            return ShopRejected(Bilingual("这个产品没有 SKU。", "The product has no SKU."), "no_skus")
        if len(payload.options) > MAX_OPTIONS:
            return ShopRejected(Bilingual(f"Shopify 每个产品最多 {MAX_OPTIONS} 个选项（规格维度），这个产品有 "
                                          f"{len(payload.options)} 个。",
                                          f"Shopify allows at most {MAX_OPTIONS} options per product; this one has "
                                          f"{len(payload.options)}."), "too_many_options")
        if len(payload.variants) > MAX_VARIANTS:
            return ShopRejected(Bilingual(f"Shopify 每个产品最多 {MAX_VARIANTS} 个变体。",
                                          f"Shopify allows at most {MAX_VARIANTS} variants per product."),
                                "too_many_variants")
        return None

    def wire_body(self, payload: ProductPayload) -> dict[str, Any]:
        """The `ProductSetInput` without ids and status, pictures by token: what the content hash covers."""
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
        if self.send_pictures:
            body["pictures"] = [p.token for p in payload.pictures]
            body["variantPictures"] = [v.picture for v in payload.variants]
        return body

    # ----- GraphQL with pacing and the token -------------------------------------------------------------
    def graphql(self, operation: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run one query or mutation; returns `data` (a dict) or raises a `ShopError`."""
        waits = 0
        renewed = False
        while True:
            token = self._authorise()
            reserved = self._pace(operation)
            try:
                response = self.http.post(self.endpoint, {"query": query, "variables": variables or {}},
                                          idempotent=True, retry_429=False)
                body, status, headers = response.data, response.status, response.headers
            except HttpStatusError as error:
                self._release(reserved)
                if error.status == 401:
                    if self.auth is not None and not renewed:  # the token died early: one new one
                        log.info("Shopify answered 401: renewing the access token")
                        self.auth.renew_if(token)
                        renewed = True
                        continue
                    raise self._token_refused(error) from None
                if error.status != 429:
                    raise
                body, status, headers = error.data, 429, error.headers
            except BaseException:
                self._release(reserved)
                raise
            else:
                self._release(reserved)
            if not isinstance(body, dict):
                raise UnexpectedResponse(Bilingual("Shopify 的回应不是 JSON 对象。",
                                                   "Shopify's answer is not a JSON object."))
            cost = self._read_cost(operation, body)
            if status == 429 or _is_throttled(body):
                waits += 1
                if waits > self.max_throttle_waits:
                    raise HttpStatusError(Bilingual("Shopify 持续限流，已停止重试。",
                                                    "Shopify kept throttling; stopped retrying."),
                                          429, "THROTTLED", body)
                self._wait_throttled(operation, cost, headers)
                continue
            return self._data_of(body, self.http.scrub)

    def _authorise(self) -> str:
        """The token the next request carries (fetched or renewed when needed)."""
        if self.auth is None:
            return ""
        token = self.auth.current()
        self.http.set_header(TOKEN_HEADER, token, secret=True)
        return token

    def _token_refused(self, error: HttpStatusError) -> ShopError:
        refused = ShopRejected(Bilingual(
            "Shopify 拒绝了访问令牌（可能已被撤销或过期）。2026 年起新建的应用请改用开发者后台（Dev Dashboard）"
            "应用的客户端 ID 和密钥。",
            "Shopify refused the access token (revoked or expired). Apps made since 2026 connect with the client ID "
            "and secret of a Dev Dashboard app instead of a token.",
        ), "token_refused")
        refused.fatal = True
        return refused

    def _pace(self, operation: str) -> float:
        """Wait until the bucket should hold what this operation cost last time, and reserve those points until
        its answer reports the bucket again: requests in flight at once don't all count the same points."""
        needed = self._costs.get(operation, DEFAULT_COST)
        while True:
            with self._bucket_lock:
                bucket = self.bucket
                if bucket is None or bucket.restore_rate <= 0 or needed > bucket.maximum:
                    self._reserved += needed
                    return needed
                available = bucket.available_at(self._clock()) - self._reserved
                if available >= needed:
                    self._reserved += needed
                    return needed
                wait = self.throttle_wait(needed, available, bucket.restore_rate)
            self._wait(wait, "pacing")

    def _release(self, reserved: float) -> None:
        with self._bucket_lock:
            self._reserved = max(0.0, self._reserved - reserved)

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
        """Seconds to wait before a throttled request can run: (needed − available) / restoreRate, capped by the
        retry policy (a shop reporting a tiny restore rate can't make the push sleep for a day)."""
        if restore_rate <= 0:
            return self.http.policy.max_delay
        return min(max(0.0, (needed - available) / restore_rate), self.http.policy.retry_after_cap)

    def _wait_throttled(self, operation: str, cost: dict[str, Any], headers: Mapping[str, str]) -> None:
        needed = _number(cost.get("requestedQueryCost")) or self._costs.get(operation, DEFAULT_COST)
        if self.bucket is not None:
            if needed > self.bucket.maximum:
                raise ShopRejected(Bilingual("这个请求超过了 Shopify 允许的单次成本上限。",
                                             "This request costs more than Shopify allows at once."),
                                   "MAX_COST_EXCEEDED")
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
        data = self.graphql("FDShop", SHOP_QUERY)
        shop = data.get("shop")
        if not isinstance(shop, dict):
            raise UnexpectedResponse(Bilingual("Shopify 没有返回店铺信息。", "Shopify returned no shop details."))
        name = shop.get("name")
        currency = shop.get("currencyCode")
        return ShopInfo(self.kind, self.http.base_url, name=name if isinstance(name, str) else "",
                        currency=currency if isinstance(currency, str) else None,
                        can_write="write_products" in _scopes(data))

    def shop_currency(self) -> str | None:
        currency = _dict(self.graphql("FDShop", SHOP_QUERY).get("shop")).get("currencyCode")
        return currency if isinstance(currency, str) and currency else None

    def write_access(self) -> ShopError | None:
        """Whether the app may write products (its access scopes), without writing anything."""
        scopes = _scopes(self.graphql("FDScopes", SCOPES_QUERY))
        if "write_products" in scopes:
            return None
        refused = ShopRejected(Bilingual(
            "这个 Shopify 应用没有“write_products”（写入产品）权限：请在开发者后台为应用勾选该权限并重新安装。",
            "This Shopify app lacks the write_products scope: tick it for the app in the Dev Dashboard and install "
            "the new version.",
        ), "read_only")
        refused.fatal = True
        return refused

    # ----- finding what the shop has ---------------------------------------------------------------------------
    def lookup(self, payloads: Sequence[ProductPayload]) -> dict[str, RemoteRef]:
        """Products the shop already has, by handle or else by SKU: {key: RemoteRef with variants and pictures}.

        Direct reads by handle first (`productByIdentifier`); a product not found so is searched by its SKUs, which
        finds one made by hand or imported from an older CSV under another handle (Shopify's search index can lag a
        few seconds behind, so a product made seconds ago may be missed there — never by handle)."""
        keys = [self.key_for(p) for p in payloads]
        found: dict[str, RemoteRef] = {}
        per_query = max(1, QUERY_BUDGET // LOOKUP_ALIAS_COST)
        for start in range(0, len(keys), per_query):
            group = keys[start:start + per_query]
            data = self.graphql("FDLookup", lookup_query(len(group)), {f"h{i}": h for i, h in enumerate(group)})
            for i, handle in enumerate(group):
                product = data.get(f"p{i}")
                if isinstance(product, dict) and isinstance(product.get("id"), str):
                    found[handle] = self._with_parts(product)
        missing = [p for p in payloads if self.key_for(p) not in found]
        for payload, product in self._by_skus(missing).items():
            found[self.key_for(payload)] = self._with_parts(product)
        return found

    def _by_skus(self, payloads: Sequence[ProductPayload]) -> dict[ProductPayload, dict[str, Any]]:
        """{payload: the one shop product holding its SKUs}. SKUs spread over several products are reported."""
        owners: dict[str, set[tuple[str, str, str]]] = {}
        skus = [v.sku for p in payloads for v in p.variants]
        for start in range(0, len(skus), SKU_SEARCH_CHUNK):
            chunk = skus[start:start + SKU_SEARCH_CHUNK]
            query = " OR ".join(f"sku:{json.dumps(sku)}" for sku in chunk)
            data = self.graphql("FDSkuSearch", SKU_SEARCH, {"query": query, "first": min(PAGE, len(chunk) * 2)})
            for node in _nodes(_dict(data.get("productVariants"))):
                product = _dict(node.get("product"))
                if isinstance(node.get("sku"), str) and isinstance(product.get("id"), str):
                    owners.setdefault(node["sku"], set()).add(
                        (product["id"], str(product.get("handle") or ""), str(product.get("status") or "")))
        result: dict[ProductPayload, dict[str, Any]] = {}
        for payload in payloads:
            products = {owner for v in payload.variants for owner in owners.get(v.sku, ())}
            if len(products) == 1:
                pid, handle, status = products.pop()
                result[payload] = {"id": pid, "handle": handle, "status": status, "_found_by": "sku"}
            elif products:
                log.warning("SKUs of %s are spread over %d shop products", payload.code, len(products))
                result[payload] = {"_ambiguous": sorted(h or p for p, h, _ in products)}
        return result

    def _with_parts(self, product: dict[str, Any]) -> RemoteRef:
        if "_ambiguous" in product:
            return RemoteRef("", {"ambiguous": product["_ambiguous"]})
        parts = self._parts(product["id"], _count(product.get("variantsCount")), _count(product.get("mediaCount")))
        handle = str(parts.get("handle") or product.get("handle") or "")
        refs = {"variants": parts["variants"], "pictures": parts["pictures"], "handle": handle}
        if product.get("_found_by") == "sku":
            refs["found_by"] = "sku"
        return RemoteRef(product["id"], refs, str(parts.get("status") or product.get("status") or ""), handle)

    def _parts(self, product_id: str, variants: int, media: int) -> dict[str, Any]:
        """A product's variant ids by SKU (every page) and picture media ids by token."""
        data = self.graphql("FDProductParts", PRODUCT_PARTS, {
            "id": product_id, "variants": _page(variants), "after": None, "media": _page(media)})
        product = _dict(data.get("product"))
        connection = _dict(product.get("variants"))
        ids = _variant_ids(_nodes(connection))
        ids.update(self._more_variants(product_id, connection))
        return {"handle": product.get("handle"), "status": product.get("status"), "variants": ids,
                "pictures": _pictures_by_name(_nodes(_dict(product.get("media"))))}

    def _more_variants(self, product_id: str, connection: dict[str, Any]) -> dict[str, str]:
        """The variants after the first page (a product may have up to 2,048; a page holds 250)."""
        ids: dict[str, str] = {}
        while _dict(connection.get("pageInfo")).get("hasNextPage"):
            after = _dict(connection.get("pageInfo")).get("endCursor")
            data = self.graphql("FDVariantPage", VARIANT_PAGE, {"id": product_id, "variants": PAGE, "after": after})
            connection = _dict(_dict(data.get("product")).get("variants"))
            ids.update(_variant_ids(_nodes(connection)))
        return ids

    def verify(self, units: Sequence[PushUnit]) -> dict[int, Drift]:
        """Read each known product back (cheap reads, grouped by cost) and compare it with what was sent."""
        known = [u for u in units if u.remote_id]
        drifts: dict[int, Drift] = {}
        for group in _cost_groups(known, lambda u: 6 + min(PAGE, len(u.payload.variants) + 1)):
            first = min(PAGE, max(len(u.payload.variants) for u in group) + 1)
            data = self.graphql("FDVerify", VERIFY, {"ids": [u.remote_id for u in group], "variants": first})
            nodes = data.get("nodes")
            nodes = nodes if isinstance(nodes, list) and len(nodes) == len(group) else [None] * len(group)
            for unit, node in zip(group, nodes, strict=False):
                drifts[unit.item_id] = self._drift(unit, node)
        return drifts

    def _drift(self, unit: PushUnit, node: Any) -> Drift:
        if not isinstance(node, dict) or not node.get("id"):
            return Drift("missing", ("deleted in the shop",))
        payload = unit.payload
        details = []
        if node.get("title") != payload.title:
            details.append("title")
        if (node.get("vendor") or "") != payload.vendor or (node.get("productType") or "") != payload.product_type:
            details.append("vendor/type")
        shop_variants = {n.get("sku"): n for n in _nodes(_dict(node.get("variants")))}
        all_read = len(payload.variants) < PAGE  # a product over a page is compared by count and the first page
        if _count(node.get("variantsCount")) != len(payload.variants) or (all_read and set(shop_variants) != {
                v.sku for v in payload.variants}):
            details.append("variants")
        for variant in payload.variants:
            found = shop_variants.get(variant.sku)
            if found is None:
                continue
            compare_at = variant.compare_at if variant.compare_at is not None and variant.compare_at > variant.price \
                else None
            if _money(found.get("price")) != variant.price or _money(found.get("compareAtPrice")) != compare_at:
                details.append(f"price of {variant.sku}")
            if (found.get("barcode") or "") != variant.barcode:
                details.append(f"barcode of {variant.sku}")
        if self.send_pictures and _count(node.get("mediaCount")) != len(payload.pictures):
            details.append("pictures")
        return Drift("changed", tuple(details)) if details else Drift("same")

    # ----- pushing -----------------------------------------------------------------------------------------
    def push(self, units: Sequence[PushUnit]) -> dict[int, ItemOutcome]:
        """One `productSet` per unit, `in_flight` at a time; after a fatal error nothing more is started (the
        units not yet started fail as not sent; those already in flight finish and are recorded as they ended)."""
        fatal: list[ShopError] = []

        def one(unit: PushUnit) -> ItemOutcome:
            if fatal:
                return ItemOutcome.failed(_not_sent(fatal[0]))
            try:
                return self._push_one(unit)
            except ShopError as error:
                if error.fatal:
                    fatal.append(error)
                return ItemOutcome.failed(error)

        if self.in_flight == 1 or len(units) == 1:
            return {unit.item_id: one(unit) for unit in units}
        with ThreadPoolExecutor(max_workers=min(self.in_flight, len(units)), thread_name_prefix="shopify") as pool:
            results = list(pool.map(one, units))
        return {unit.item_id: outcome for unit, outcome in zip(units, results, strict=False)}

    def _push_one(self, unit: PushUnit) -> ItemOutcome:
        if unit.remote_refs.get("ambiguous"):
            return ItemOutcome.failed(_ambiguous(unit.remote_refs["ambiguous"]))
        known_pictures = dict(_dict(unit.remote_refs.get("pictures")))
        files, notes = self._files(unit.payload, known_pictures)
        outcome = self._product_set(unit, files, notes)
        if outcome.error is not None and outcome.error.code == "PRODUCT_DOES_NOT_EXIST" and unit.remote_id:
            log.info("product %s is gone from the shop: creating it again", unit.remote_id)
            again = PushUnit(unit.item_id, unit.key, unit.payload)
            files, notes = self._files(unit.payload, {})
            return self._product_set(again, files, notes)
        return outcome

    def _product_set(self, unit: PushUnit, files: dict[str, dict[str, Any]], notes: list[Bilingual]) -> ItemOutcome:
        product_input = self._input(unit, files)
        media = len(product_input.get("files", [])) if "files" in product_input else 0
        variables = {"input": product_input, "identifier": {"id": unit.remote_id} if unit.remote_id
                     else {"handle": unit.key}, "variants": _page(len(unit.payload.variants)), "media": _page(media)}
        data = self.graphql("FDProductSet", PRODUCT_SET, variables)
        result = data.get("productSet")
        if not isinstance(result, dict):
            raise UnexpectedResponse(Bilingual("Shopify 对 productSet 的回应为空。",
                                               "Shopify's productSet answer is empty."))
        user_errors = result.get("userErrors")
        if isinstance(user_errors, list) and user_errors:
            return ItemOutcome.failed(_user_error(user_errors, self.http.scrub))
        product = result.get("product")
        if not isinstance(product, dict) or not isinstance(product.get("id"), str):
            raise UnexpectedResponse(Bilingual("Shopify 的回应里没有产品编号。", "Shopify's answer has no product id."))
        connection = _dict(product.get("variants"))
        variants = _variant_ids(_nodes(connection))
        variants.update(self._more_variants(product["id"], connection))
        refs: dict[str, Any] = {"variants": variants, "handle": product.get("handle") or unit.key}
        if "files" in product_input:
            refs["pictures"] = _media_by_order(list(files), _nodes(_dict(product.get("media"))))
        elif unit.remote_refs.get("pictures"):
            refs["pictures"] = dict(unit.remote_refs["pictures"])
        action = "updated" if unit.remote_id else "created"
        if unit.remote_id and (unit.remote_refs.get("found_by") == "sku" or unit.remote_refs.get("adopt")):
            action = "adopted"
        return ItemOutcome(True, product["id"], refs, action=action, notes=tuple(notes))

    def _input(self, unit: PushUnit, files: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
        body = self.wire_body(unit.payload)
        body.pop("pictures", None)
        body.pop("variantPictures", None)
        if unit.remote_id:
            shop_handle_now = unit.remote_refs.get("handle")
            if shop_handle_now and shop_handle_now != body["handle"]:
                body.pop("handle")  # a product the shop already had under its own handle keeps it
        else:
            body["status"] = "DRAFT"
        ids = _dict(unit.remote_refs.get("variants")) if unit.remote_id else {}
        for entry, variant in zip(body["variants"], unit.payload.variants, strict=False):
            if ids.get(variant.sku):
                entry["id"] = ids[variant.sku]
            if self.send_pictures and variant.picture and variant.picture in files:
                entry["file"] = files[variant.picture]
        if self.send_pictures:
            body["files"] = list(files.values())
        return body

    def _files(self, payload: ProductPayload, known: Mapping[str, str]) -> tuple[dict[str, dict[str, Any]],
                                                                                 list[Bilingual]]:
        """{token: FileSetInput} for the product's pictures in gallery order: an id for a picture the shop has,
        a staged upload's resource URL for a new one. Pictures that can't go up are left out with a note."""
        if not self.send_pictures:
            return {}, []
        new = [p for p in payload.pictures if p.token not in known]
        uploaded, notes = self._upload(new)
        files: dict[str, dict[str, Any]] = {}
        for picture in payload.pictures:
            if picture.token in known:
                files[picture.token] = {"id": known[picture.token]}
            elif picture.token in uploaded:
                files[picture.token] = {"originalSource": uploaded[picture.token], "contentType": "IMAGE",
                                        "filename": picture.filename, "alt": picture.alt[:512]}
        return files, notes

    def _upload(self, pictures: Sequence[PicturePayload]) -> tuple[dict[str, str], list[Bilingual]]:
        """Upload pictures through staged targets; {token: resourceUrl}."""
        if not pictures:
            return {}, []
        contents: list[tuple[PicturePayload, bytes]] = []
        notes: list[Bilingual] = []
        for picture in pictures:
            data = picture.load()
            problem = _picture_problem(picture, data)
            if problem is None:
                contents.append((picture, data))
            else:
                notes.append(problem)
        if not contents:
            return {}, notes
        staged = self.graphql("FDStagedUploads", STAGED_UPLOADS, {"input": [
            {"filename": p.filename, "mimeType": p.mime_type, "httpMethod": "POST", "resource": "IMAGE",
             "fileSize": str(len(data))} for p, data in contents]})
        result = _dict(staged.get("stagedUploadsCreate"))
        errors = result.get("userErrors")
        if isinstance(errors, list) and errors:
            raise _user_error(errors, self.http.scrub)
        targets = result.get("stagedTargets")
        if not isinstance(targets, list) or len(targets) != len(contents):
            raise UnexpectedResponse(Bilingual("Shopify 没有给出图片上传地址。",
                                               "Shopify gave no upload targets for the pictures."))
        sent = {p.token: self._send_to_target(_dict(t), p, data)
                for (p, data), t in zip(contents, targets, strict=False)}
        return sent, notes

    def _send_to_target(self, target: dict[str, Any], picture: PicturePayload, data: bytes) -> str:
        url, resource = target.get("url"), target.get("resourceUrl")
        if not isinstance(url, str) or not isinstance(resource, str):
            raise UnexpectedResponse(Bilingual("Shopify 的上传地址不完整。", "Shopify's upload target is incomplete."))
        fields = [(str(p.get("name")), str(p.get("value")))
                  for p in target.get("parameters") or [] if isinstance(p, dict)]
        parts = urlsplit(url)
        storage = ShopHttp(f"{parts.scheme}://{parts.netloc}", **self._http_options)  # no shop token goes there
        storage.request("POST", url, payload=Payload.multipart(fields, picture.filename, data, picture.mime_type),
                        idempotent=True, expect_json=False)
        return resource

    # ----- the dry run ----------------------------------------------------------------------------------------
    def plan_note(self, unit: PushUnit, remote: RemoteRef | None) -> Bilingual | None:
        """What the push will do with this product, in words (the dry run's details column)."""
        payload = unit.payload
        pictures = len(payload.pictures) if self.send_pictures else 0
        if not unit.remote_id:
            return Bilingual(f"新建为草稿：{len(payload.variants)} 个变体，上传 {pictures} 张图片。",
                             f"New product, created as a draft: {len(payload.variants)} variants, "
                             f"{pictures} pictures to upload.")
        refs = unit.remote_refs
        if refs.get("ambiguous"):
            return _ambiguous(refs["ambiguous"]).message
        shop_skus = set(_dict(refs.get("variants")))
        ours = [v.sku for v in payload.variants]
        kept = [s for s in ours if s in shop_skus]
        added = [s for s in ours if s not in shop_skus]
        removed = sorted(shop_skus - set(ours))
        status = (remote.status if remote is not None and remote.status else "") or "?"
        where = ""
        if refs.get("found_by") == "sku":
            where_handle = refs.get("handle") or "?"
            where = f"按 SKU 找到（网址别名 {where_handle}，保留）；"
        zh = (f"{where}更新现有产品，状态保持 {status} 不变；变体：{len(kept)} 个更新，{len(added)} 个新增，"
              f"{len(removed)} 个从网店删除{_listed(removed)}")
        en_where = f"Found by its SKUs under handle {refs.get('handle') or '?'} (kept); " if where else ""
        en = (f"{en_where}updates the existing product in place, status stays {status}; variants: {len(kept)} updated, "
              f"{len(added)} added, {len(removed)} removed from the shop{_listed(removed)}")
        if self.send_pictures:
            known = set(_dict(refs.get("pictures")))
            tokens = [p.token for p in payload.pictures]
            upload = sum(1 for t in tokens if t not in known)
            dropped = len(known - set(tokens))
            zh += f"；图片：{len(tokens) - upload} 张保留，{upload} 张上传，{dropped} 张移除"
            en += f"; pictures: {len(tokens) - upload} kept, {upload} to upload, {dropped} removed"
        return Bilingual(zh + "。", en + ".")


# ---------------------------------------------------------------- helpers


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    return float(value)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _nodes(connection: dict[str, Any]) -> list[dict[str, Any]]:
    nodes = connection.get("nodes")
    return [n for n in nodes if isinstance(n, dict)] if isinstance(nodes, list) else []


def _count(value: Any) -> int:
    count = _dict(value).get("count")
    return int(count) if isinstance(count, int) and not isinstance(count, bool) and count > 0 else 0


def _page(count: int) -> int:
    """`first` for a connection expected to hold `count` items: all of them, at least 1, at most a page."""
    return max(1, min(PAGE, count))


def _money(value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _scopes(data: dict[str, Any]) -> set[str]:
    scopes = _dict(data.get("currentAppInstallation")).get("accessScopes")
    return {s["handle"] for s in scopes if isinstance(s, dict) and isinstance(s.get("handle"), str)} \
        if isinstance(scopes, list) else set()


def _variant_ids(nodes: Iterable[dict[str, Any]]) -> dict[str, str]:
    return {n["sku"]: n["id"] for n in nodes if isinstance(n.get("sku"), str) and isinstance(n.get("id"), str)}


def _pictures_by_name(media: Sequence[dict[str, Any]]) -> dict[str, str]:
    """{token: media id} for the product's media whose file name the app gave (`fd-<token>…`)."""
    found: dict[str, str] = {}
    for node in media:
        url = _dict(node.get("image")).get("url")
        name = url.rsplit("/", 1)[-1].split("?")[0] if isinstance(url, str) else ""
        if name.startswith("fd-") and isinstance(node.get("id"), str):
            found[name[3:].split(".")[0].split("_")[0]] = node["id"]
    return found


def _media_by_order(tokens: Sequence[str], media: Sequence[dict[str, Any]]) -> dict[str, str]:
    """{token: media id}: Shopify attaches `files` in the order given; a file name confirms it when the picture is
    already processed (a media still processing has no image yet)."""
    by_name = _pictures_by_name(media)
    found = {token: node["id"] for token, node in zip(tokens, media, strict=False) if isinstance(node.get("id"), str)}
    found.update({t: i for t, i in by_name.items() if t in tokens})
    return found


def _cost_groups(units: Sequence[PushUnit], cost: Callable[[PushUnit], int]) -> list[list[PushUnit]]:
    """Units grouped so that one query reading them costs at most `QUERY_BUDGET` (each is costed at the group's
    largest `first`, which the query uses for all)."""
    groups: list[list[PushUnit]] = []
    current: list[PushUnit] = []
    for unit in units:
        trial = [*current, unit]
        if current and len(trial) * max(cost(u) for u in trial) > QUERY_BUDGET:
            groups.append(current)
            trial = [unit]
        current = trial
    if current:
        groups.append(current)
    return groups


def _listed(items: Sequence[str], limit: int = 5) -> str:
    if not items:
        return ""
    more = f" +{len(items) - limit}" if len(items) > limit else ""
    return " (" + ", ".join(items[:limit]) + more + ")"


def _picture_problem(picture: PicturePayload, data: bytes) -> Bilingual | None:
    if len(data) > MAX_PICTURE_BYTES:
        return Bilingual(f"图片 {picture.filename} 超过 20 MB，没有上传。",
                         f"Picture {picture.filename} is over 20 MB and was not uploaded.")
    return None


def _is_throttled(body: dict[str, Any]) -> bool:
    errors = body.get("errors")
    if not isinstance(errors, list):
        return False
    return any(isinstance(e, dict) and isinstance(e.get("extensions"), dict)
               and e["extensions"].get("code") == "THROTTLED" for e in errors)


def _app_refused(status: int, url: str) -> ShopError:
    error = ShopRejected(Bilingual(
        f"Shopify 拒绝了应用的客户端 ID 或密钥（HTTP {status}）。请在开发者后台（Dev Dashboard）→ 应用 → 设置中核对，"
        f"并确认应用已安装在这家店铺（{url}）。",
        f"Shopify refused the app's client ID or secret (HTTP {status}). Check them in the Dev Dashboard → your app "
        f"→ Settings, and that the app is installed on this store ({url}).",
    ), "app_credentials_refused")
    error.fatal = True
    return error


def _ambiguous(handles: Sequence[str]) -> ShopError:
    listed = ", ".join(handles)
    return ShopRejected(Bilingual(
        f"这个产品的 SKU 在网店里分属几个产品（{listed}）：请先在网店后台合并或删除多余的产品。",
        f"This product's SKUs belong to several products in the shop ({listed}): merge or delete the extra ones in "
        "the shop's admin first.",
    ), "sku_in_several_products")


def _top_level_error(errors: Any, scrub: Callable[[str], str]) -> ShopError:
    """A typed error for top-level GraphQL `errors` (texts scrubbed of secrets: shops may echo them)."""
    if isinstance(errors, str):
        text = scrub(errors)[:300]
        return ShopRejected(Bilingual(f"Shopify 报错：{text}", f"Shopify error: {text}"), "graphql_error")
    first = _dict(errors[0]) if isinstance(errors, list) and errors else {}
    extensions = _dict(first.get("extensions"))
    found = extensions.get("code")
    code = found if isinstance(found, str) else "graphql_error"
    said = first.get("message")
    message = scrub(said) if isinstance(said, str) else ""
    error = ShopRejected(Bilingual(f"Shopify 报错（{code}）：{message[:300]}",
                                   f"Shopify error ({code}): {message[:300]}"), code)
    if code in ("ACCESS_DENIED", "MAX_COST_EXCEEDED", "GRAPHQL_VALIDATION_FAILED"):
        error.fatal = True  # every later request would be refused the same way
    if code == "INTERNAL_SERVER_ERROR":
        error.uncertain = True
    return error


def _user_error(user_errors: list[Any], scrub: Callable[[str], str]) -> ShopError:
    parts: list[str] = []
    code = ""
    for entry in user_errors[:5]:
        if not isinstance(entry, dict):
            continue
        field = entry.get("field")
        where = ".".join(str(f) for f in field) if isinstance(field, list) else ""
        found = entry.get("message")
        message = found if isinstance(found, str) else ""
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
