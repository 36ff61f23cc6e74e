"""Real HTTP servers on 127.0.0.1 that speak enough WooCommerce REST v3 and Shopify Admin GraphQL for the tests.

No mocks of `requests`: the app's client talks HTTP to these servers in threads. Both keep state (products
by SKU / handle) and can misbehave on demand:

- `queue(status, body, headers)`: canned answers served before the normal ones (429 with Retry-After, HTML
  login page with 200, truncated JSON, `null` data, redirects to http://…, huge bodies);
- `never_answer = True`: read the request and never reply (until the server stops);
- WooCommerce: batch item limit (413 over it), `product_invalid_sku` with `resource_id` for duplicate SKUs,
  per-item errors for chosen SKUs, `hold_batches` to stop after applying a batch and before answering (the
  kill test), prices must be strings;
- Shopify: a cost bucket on an injectable clock with `throttleStatus` in every answer, THROTTLED answers
  (status 200 or 429) when the bucket is short or on demand, `userErrors` for chosen handles, upsert by handle.

Also `make_catalogue`, which fills a workspace with priced products quickly.
"""

from __future__ import annotations

import base64
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

WOO_KEY = "ck_" + "a1" * 20
WOO_SECRET = "cs_" + "b2" * 20
SHOPIFY_TOKEN = "shpat_" + "c3" * 16


class FakeClock:
    """A clock tests advance by 'sleeping'; shared by the client and the fake server."""

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start
        self._lock = threading.Lock()
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        with self._lock:
            return self._now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self._now += max(0.0, seconds)


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any
    raw_url: str


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


LOGIN_PAGE = ("<!DOCTYPE html><html><head><title>Log In</title></head><body><form id='loginform' "
              "action='wp-login.php'></form></body></html>")


def _json_bytes(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


class FakeServer:
    """A threaded HTTP server with a request log, canned answers and a never-answering mode."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        #: (path substring or None for any request, answer), served first-match before the normal answers.
        self.canned: list[tuple[str | None, Answer]] = []
        #: True: never answer; a string: never answer requests whose path contains it.
        self.never_answer: bool | str = False
        self.stopping = threading.Event()
        self.lock = threading.RLock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except json.JSONDecodeError:
                    body = raw
                parts = urlsplit(self.path)
                record = Recorded(self.command, parts.path, parse_qs(parts.query), dict(self.headers.items()), body,
                                  self.path)
                with server.lock:
                    server.requests.append(record)
                    canned = server.take_canned(record.path)
                hang = server.never_answer
                if hang is True or (isinstance(hang, str) and hang and hang in record.path):
                    server.stopping.wait(60)
                    self.close_connection = True
                    return
                answer = canned or server.answer(record)
                self.send_response(answer.status)
                headers = {"Content-Type": "application/json; charset=utf-8", **answer.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> FakeServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ----- canned misbehaviour ----------------------------------------------------------------------------
    def take_canned(self, path: str) -> Answer | None:
        for index, (where, answer) in enumerate(self.canned):
            if where is None or where in path:
                del self.canned[index]
                return answer
        return None

    def queue(self, status: int, body: bytes | str | Any = b"", headers: dict[str, str] | None = None,
              path: str | None = None) -> None:
        if isinstance(body, str):
            body = body.encode("utf-8")
        elif not isinstance(body, bytes):
            body = _json_bytes(body)
        self.canned.append((path, Answer(status, body, dict(headers or {}))))

    def queue_login_page(self, path: str | None = None) -> None:
        self.queue(200, LOGIN_PAGE, {"Content-Type": "text/html; charset=UTF-8"}, path)

    def queue_truncated(self, data: Any, path: str | None = None) -> None:
        text = _json_bytes(data)
        self.queue(200, text[: max(1, len(text) // 2)], path=path)

    def answer(self, request: Recorded) -> Answer:  # overridden
        return Answer(404, _json_bytes({"code": "rest_no_route", "message": "No route.", "data": {"status": 404}}))


# ---------------------------------------------------------------- WooCommerce


class FakeWooCommerce(FakeServer):
    """WooCommerce REST v3: products and variations by SKU, batches with per-item errors."""

    def __init__(self, *, batch_limit: int = 100, key: str = WOO_KEY, secret: str = WOO_SECRET,
                 currency: str = "USD") -> None:
        self.batch_limit = batch_limit
        self.key, self.secret, self.currency = key, secret, currency
        self.products: dict[int, dict[str, Any]] = {}
        self.next_id = 100
        #: SKU → "error_code [message]" to answer for it (a per-item failure inside a 2xx batch).
        self.reject_skus: dict[str, str] = {}
        #: After applying a batch, set `batch_applied` and wait for `release` before answering.
        self.hold_batches = False
        self.batch_applied = threading.Event()
        self.release = threading.Event()
        self.settings_status = 200
        #: Apply the next batch, then answer it badly: "truncate", "login" or "null".
        self.mangle_next_batch: str | None = None
        super().__init__()

    # ----- views -----------------------------------------------------------------------------------------
    def batch_requests(self, variations: bool | None = False) -> list[Recorded]:
        out = []
        for r in self.requests:
            if r.method != "POST" or not r.path.endswith("/batch"):
                continue
            is_variation = "/variations/" in r.path
            if variations is None or is_variation == variations:
                out.append(r)
        return out

    def parents(self) -> list[dict[str, Any]]:
        return [p for p in self.products.values() if not p["parent_id"]]

    def by_sku(self, sku: str) -> list[dict[str, Any]]:
        return [p for p in self.products.values() if p.get("sku") == sku]

    def add_product(self, sku: str, **fields: Any) -> int:
        """A product made by hand in the shop (e.g. before the app ever pushed)."""
        pid = self._new_id()
        self.products[pid] = {"id": pid, "sku": sku, "parent_id": 0, "type": "simple", "status": "publish",
                              "name": fields.pop("name", sku), **fields}
        return pid

    # ----- the API ---------------------------------------------------------------------------------------
    def _new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def _authorised(self, request: Recorded) -> bool:
        header = request.headers.get("Authorization", "")
        if header.startswith("Basic "):
            key, _, secret = base64.b64decode(header[6:]).decode().partition(":")
            return key == self.key and secret == self.secret
        return (request.query.get("consumer_key") == [self.key]
                and request.query.get("consumer_secret") == [self.secret])

    def answer(self, request: Recorded) -> Answer:
        prefix = "/wp-json/wc/v3/"
        if not request.path.startswith(prefix):
            return super().answer(request)
        if not self._authorised(request):
            return self._error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.")
        route = request.path[len(prefix):].strip("/")
        with self.lock:
            if request.method == "GET" and route == "products":
                return self._list_products(request)
            if request.method == "GET" and route == "settings/general/woocommerce_currency":
                if self.settings_status != 200:
                    return self._error(self.settings_status, "woocommerce_rest_cannot_view", "No.")
                return Answer(200, _json_bytes({"id": "woocommerce_currency", "value": self.currency}))
            match = re.fullmatch(r"products/(\d+)/variations", route)
            if request.method == "GET" and match:
                return self._list_variations(int(match.group(1)), request)
            if request.method == "POST" and route == "products/batch":
                return self._batch(request, None)
            match = re.fullmatch(r"products/(\d+)/variations/batch", route)
            if request.method == "POST" and match:
                parent = int(match.group(1))
                if parent not in self.products:
                    return self._error(404, "woocommerce_rest_product_invalid_id", "Invalid ID.")
                return self._batch(request, parent)
        return super().answer(request)

    @staticmethod
    def _error(status: int, code: str, message: str, **data: Any) -> Answer:
        return Answer(status, _json_bytes({"code": code, "message": message, "data": {"status": status, **data}}))

    def _list_products(self, request: Recorded) -> Answer:
        skus = request.query.get("sku", [""])[0]
        wanted = set(skus.split(",")) if skus else None
        found = [p for p in self.products.values()
                 if (wanted is None and not p["parent_id"]) or (wanted is not None and p.get("sku") in wanted)]
        per_page = int(request.query.get("per_page", ["10"])[0])
        return Answer(200, _json_bytes(sorted(found, key=lambda p: p["id"])[:per_page]))

    def _list_variations(self, parent: int, request: Recorded) -> Answer:
        page = int(request.query.get("page", ["1"])[0])
        per_page = int(request.query.get("per_page", ["10"])[0])
        found = sorted((p for p in self.products.values() if p["parent_id"] == parent), key=lambda p: p["id"])
        return Answer(200, _json_bytes(found[(page - 1) * per_page: page * per_page]))

    def _batch(self, request: Recorded, parent: int | None) -> Answer:
        body = request.body if isinstance(request.body, dict) else {}
        creates, updates = body.get("create") or [], body.get("update") or []
        if len(creates) + len(updates) + len(body.get("delete") or []) > self.batch_limit:
            return self._error(413, "woocommerce_rest_request_entity_too_large",
                               f"Unable to accept more than {self.batch_limit} items for this request.")
        result = {"create": [self._create(item, parent) for item in creates],
                  "update": [self._update(item, parent) for item in updates]}
        if self.hold_batches:
            self.batch_applied.set()
            self.release.wait(30)
        mangle, self.mangle_next_batch = self.mangle_next_batch, None
        if mangle == "truncate":
            text = _json_bytes(result)
            return Answer(200, text[: len(text) // 2])
        if mangle == "login":
            return Answer(200, LOGIN_PAGE.encode(), {"Content-Type": "text/html"})
        if mangle == "null":
            return Answer(200, b"null")
        return Answer(200, _json_bytes(result))

    def _item_error(self, code: str, message: str, **data: Any) -> dict[str, Any]:
        return {"id": 0, "error": {"code": code, "message": message, "data": {"status": 400, **data}}}

    def _check(self, item: dict[str, Any], own_id: int | None) -> dict[str, Any] | None:
        for name in ("regular_price", "sale_price"):
            if name in item and not isinstance(item[name], str):
                return self._item_error("rest_invalid_param", f"Invalid parameter(s): {name}")
        sku = item.get("sku")
        if sku in self.reject_skus:
            code, _, message = self.reject_skus[sku].partition(" ")
            return self._item_error(code, message or "Rejected by the fake shop.")
        if sku:
            for other in self.by_sku(sku):
                if other["id"] != own_id:
                    return self._item_error("product_invalid_sku", "Invalid or duplicated SKU.",
                                            resource_id=other["id"], unique_sku=f"{sku}-1")
        return None

    def _create(self, item: dict[str, Any], parent: int | None) -> dict[str, Any]:
        problem = self._check(item, None)
        if problem:
            return problem
        pid = self._new_id()
        product = {**item, "id": pid, "parent_id": parent or 0}
        product.setdefault("type", "variation" if parent else "simple")
        product.setdefault("status", "publish")
        self.products[pid] = product
        return dict(product)

    def _update(self, item: dict[str, Any], parent: int | None) -> dict[str, Any]:
        pid = item.get("id")
        if pid not in self.products or (parent is not None and self.products[pid]["parent_id"] != parent):
            code = "woocommerce_rest_product_variation_invalid_id" if parent else "woocommerce_rest_product_invalid_id"
            return self._item_error(code, "Invalid ID.")
        problem = self._check(item, pid)
        if problem:
            return problem
        self.products[pid].update(item)
        return dict(self.products[pid])


# ---------------------------------------------------------------- Shopify


class FakeShopify(FakeServer):
    """Shopify Admin GraphQL: productSet upserts by handle, aliased productByIdentifier lookups, a cost bucket."""

    def __init__(self, *, token: str = SHOPIFY_TOKEN, clock: Any = time.monotonic, maximum: float = 1000,
                 restore_rate: float = 50, currency: str = "USD", product_set_cost: int = 10) -> None:
        self.token, self.clock, self.currency = token, clock, currency
        self.maximum, self.restore_rate = maximum, restore_rate
        self.available = maximum
        self.last_refill = clock()
        self.product_set_cost = product_set_cost
        self.products: dict[str, dict[str, Any]] = {}
        self.next_id = 1000
        #: handle → (code, message) answered as userErrors.
        self.reject_handles: dict[str, tuple[str, str]] = {}
        #: Answer the next N productSet calls THROTTLED with this many points available.
        self.force_throttle = 0
        self.force_available = 0.0
        self.throttle_status_code = 200
        #: A top-level GraphQL error code (e.g. ACCESS_DENIED) answered to every productSet.
        self.mutation_error: str | None = None
        self.versions: set[str] = set()
        super().__init__()

    def mutations(self) -> list[Recorded]:
        return [r for r in self.requests if isinstance(r.body, dict) and "mutation FDProductSet" in r.body.get("query", "")]

    def _cost_extension(self, requested: float, actual: float | None) -> dict[str, Any]:
        return {"cost": {"requestedQueryCost": requested, "actualQueryCost": actual, "throttleStatus": {
            "maximumAvailable": self.maximum, "currentlyAvailable": self.available, "restoreRate": self.restore_rate}}}

    def _refill(self) -> None:
        now = self.clock()
        self.available = min(self.maximum, self.available + (now - self.last_refill) * self.restore_rate)
        self.last_refill = now

    def answer(self, request: Recorded) -> Answer:
        match = re.fullmatch(r"/admin/api/([0-9]{4}-[0-9]{2})/graphql\.json", request.path)
        if not match or request.method != "POST":
            return super().answer(request)
        self.versions.add(match.group(1))
        if request.headers.get("X-Shopify-Access-Token") != self.token:
            return Answer(401, _json_bytes({"errors": "[API] Invalid API key or access token (unrecognized login or "
                                                      "wrong password)"}))
        body = request.body if isinstance(request.body, dict) else {}
        query, variables = body.get("query", ""), body.get("variables") or {}
        with self.lock:
            self._refill()
            operation = re.search(r"(?:query|mutation)\s+(\w+)", query)
            name = operation.group(1) if operation else ""
            cost = {"FDProductSet": self.product_set_cost, "FDShop": 1}.get(name, 1 + query.count("productByIdentifier"))
            forced = self.force_throttle > 0 and name == "FDProductSet"
            if forced or self.available < cost:
                if forced:
                    self.force_throttle -= 1
                    self.available = self.force_available
                return Answer(self.throttle_status_code, _json_bytes({
                    "errors": [{"message": "Throttled", "extensions": {
                        "code": "THROTTLED", "documentation": "https://shopify.dev/api/usage/rate-limits"}}],
                    "extensions": self._cost_extension(cost, None)}))
            self.available -= cost
            if name == "FDProductSet" and self.mutation_error:
                return Answer(200, _json_bytes({"errors": [{"message": "Access denied for productSet field.",
                                                            "extensions": {"code": self.mutation_error}}],
                                                "data": None, "extensions": self._cost_extension(cost, 1)}))
            data = self._run(name, query, variables)
            return Answer(200, _json_bytes({"data": data, "extensions": self._cost_extension(cost, cost)}))

    def _run(self, name: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        if name == "FDShop":
            return {"shop": {"name": "Fake Shop", "currencyCode": self.currency}}
        if name == "FDLookup":
            data = {}
            for alias, var in re.findall(r"(\w+): productByIdentifier\(identifier: \{handle: \$(\w+)\}\)", query):
                product = self.products.get(variables.get(var))
                data[alias] = {"id": product["id"], "handle": product["handle"]} if product else None
            return data
        if name == "FDProductSet":
            return {"productSet": self._product_set(variables)}
        return {}

    def _product_set(self, variables: dict[str, Any]) -> dict[str, Any]:
        product_input = variables.get("input") or {}
        handle = (variables.get("identifier") or {}).get("handle") or product_input.get("handle")
        if handle in self.reject_handles:
            code, message = self.reject_handles[handle]
            return {"product": None, "userErrors": [{"field": ["input", "variants", "0", "price"], "message": message,
                                                     "code": code}]}
        for variant in product_input.get("variants", []):
            for money in ("price", "compareAtPrice"):
                if variant.get(money) is not None and not isinstance(variant[money], str):
                    return {"product": None, "userErrors": [{"field": ["input", "variants", money],
                                                             "message": "Money must be a string", "code": "INVALID"}]}
        existing = self.products.get(handle)
        if existing is None:
            self.next_id += 1
            existing = {"id": f"gid://shopify/Product/{self.next_id}", "handle": handle, "variants": {},
                        "status": product_input.get("status", "ACTIVE")}
            self.products[handle] = existing
        existing["input"] = product_input
        variants: dict[str, str] = {}
        for variant in product_input.get("variants", []):
            sku = variant.get("sku", "")
            if sku in existing["variants"]:
                variants[sku] = existing["variants"][sku]
            else:
                self.next_id += 1
                variants[sku] = f"gid://shopify/ProductVariant/{self.next_id}"
        existing["variants"] = variants
        return {"product": {"id": existing["id"], "handle": handle,
                            "variants": {"nodes": [{"id": v, "sku": s} for s, v in variants.items()]}},
                "userErrors": []}


# ---------------------------------------------------------------- catalogue helper


def make_catalogue(workspace: Any, simple: int = 0, variable: int = 0, currency: str = "USD",
                   prefix: str = "P") -> list[str]:
    """`simple` one-SKU products and `variable` products with 2 colours × 2 sizes; returns the codes."""
    import sqlalchemy as sa

    from app.models import Product, Sku
    from app.models.types import utc_now

    product_table, sku_table = sa.inspect(Product).local_table, sa.inspect(Sku).local_table
    codes: list[str] = []
    products, skus = [], []
    axes = [{"key": "colour", "name_zh": "颜色", "name_en": "Colour", "values": ["黑 Black", "白 White"]},
            {"key": "size", "name_zh": "尺寸", "name_en": "Size", "values": ["S", "M"]}]
    for i in range(simple + variable):
        code = f"{prefix}{i:04d}"
        codes.append(code)
        products.append({"code": code, "name_zh": f"产品{i}", "name_en": f"Product {i}", "currency": currency,
                         "axes": axes if i >= simple else [], "description_en": "A fine product.\n\nTwo paragraphs."})
    with workspace.engine.begin() as connection:
        now = utc_now()
        connection.execute(sa.insert(product_table), [
            {**p, "brand": "Xingzhe", "description_zh": "", "selling_points_zh": [], "selling_points_en": ["Light"],
             "materials": "", "differentiator": "", "status": "ready", "attributes": {}, "sku_pattern": "",
             "reference_label": "", "version": 1, "created_at": now, "updated_at": now} for p in products])
        ids = dict(connection.execute(sa.select(product_table.c.code, product_table.c.id)).all())
        for i, code in enumerate(codes):
            if i < simple:
                skus.append({"product_id": ids[code], "code": f"{code}-S", "options": {}, "gtin": "",
                             "weight_g": 500, "cost": Decimal("10.00"), "position": 0, "version": 1})
                continue
            position = 0
            for colour, slug in (("黑 Black", "BLK"), ("白 White", "WHT")):
                for size in ("S", "M"):
                    skus.append({"product_id": ids[code], "code": f"{code}-{slug}-{size}",
                                 "options": {"colour": colour, "size": size}, "gtin": "", "weight_g": 800,
                                 "cost": Decimal("20.00") if size == "S" else Decimal("22.50"), "position": position,
                                 "version": 1})
                    position += 1
        connection.execute(sa.insert(sku_table), skus)
    return codes


def iter_files(*roots: Any) -> Iterator[Any]:
    """Every file under the given folders (for byte scans)."""
    from pathlib import Path

    for root in roots:
        root = Path(root)
        if root.is_file():
            yield root
        elif root.exists():
            yield from (p for p in root.rglob("*") if p.is_file())


def woo_credentials(key: str = WOO_KEY, secret: str = WOO_SECRET) -> Any:
    from app.services.shops.secrets import SecretKind, ShopCredentials

    return ShopCredentials("woocommerce", {SecretKind.WOO_KEY: key, SecretKind.WOO_SECRET: secret}, "env")


def shopify_credentials(token: str = SHOPIFY_TOKEN) -> Any:
    from app.services.shops.secrets import SecretKind, ShopCredentials

    return ShopCredentials("shopify", {SecretKind.SHOPIFY_TOKEN: token}, "env")


def memory_keyring() -> Any:
    """A keyring backend that keeps secrets in a dict (tests never touch the real OS keyring)."""
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.store: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.store.pop((service, username), None)

    return MemoryKeyring()
