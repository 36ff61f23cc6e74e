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
  Variations the catalogue no longer has are left alone (the app never deletes shop data); two variations with
  one SKU (two pushes into one shop at once, or a hand-made copy) are reported, never silently merged. Updates
  don't re-send the SKU they were matched by: WooCommerce checks any SKU it is given for uniqueness, so with such a
  duplicate in the shop every update that named the SKU would fail.
- Units: the shop's `woocommerce_weight_unit` (kg, g, lbs, oz) and `woocommerce_dimension_unit` (m, cm, mm, in,
  yd) are read once per push and weights and sizes converted exactly — most USD shops use lbs/in, and a 3.2 kg case
  must not arrive as 3.2 lbs.
- Categories: the category's English leaf name (what the pack's CSV writes) is found among the shop's product
  categories — WordPress answers names HTML-escaped (`&amp;`), so they are unescaped before comparing — or created;
  a create that races another one answers `term_exists` with the existing id, which is used.
- Pictures: WooCommerce's keys can't write to the WordPress media library, so pictures go up with a WordPress
  user and application password (`POST /wp-json/wp/v2/media`, the file name carrying the picture's token, searched
  for first so a push killed after an upload re-uses it), then `images: [{id}]` on the product and `image: {id}`
  on each variation. A product with pictures fails before anything is sent when the WordPress login is missing,
  unless the user chose to push without pictures.
- Auth: HTTP Basic over HTTPS. WooCommerce accepts keys only over HTTPS (over plain http it demands OAuth 1.0a
  signatures): a 401 from an http:// address says so instead of blaming the keys. `query_string_auth=True` sends
  `consumer_key`/`consumer_secret` as query parameters for servers that strip the Authorization header — the
  secret then lands in the web server's access log, which the push report warns about (URLs are never logged by
  the app, and the values are scrubbed from every message).
- Prices are strings made from `Decimal` (`regular_price`, `sale_price`); a discount makes the undiscounted
  price `regular_price` and the paid price `sale_price`.
- New products are created as `draft` so the seller reviews them in the shop before they go on sale; updates
  never change the status, except a product found in the Trash, which is restored as a draft and reported.
"""

from __future__ import annotations

import html
import logging
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, TypeGuard

from app.models.bilingual import Bilingual
from app.models.units import GRAMS_PER, MM_PER, length_in, weight_in
from app.services.shops.contract import (
    Drift,
    ItemOutcome,
    PicturePayload,
    ProductPayload,
    PushUnit,
    RemoteRef,
    ShopInfo,
    VariantPayload,
)
from app.services.shops.http import (
    HttpStatusError,
    Payload,
    RetryPolicy,
    ShopError,
    ShopHttp,
    ShopRejected,
    UnexpectedResponse,
    host_of,
)
from app.services.shops.secrets import (
    ENV_WP_APP_PASSWORD,
    ENV_WP_USER,
    SecretKind,
    ShopCredentials,
)

log = logging.getLogger(__name__)

API = "wp-json/wc/v3"
MEDIA = "wp-json/wp/v2/media"
MAX_BATCH = 100
TOO_LARGE = "woocommerce_rest_request_entity_too_large"
INVALID_SKU = "product_invalid_sku"
TERM_EXISTS = "term_exists"
#: Codes for an update of an id the shop no longer has (deleted by hand): the item is created again.
INVALID_ID = frozenset({"woocommerce_rest_product_invalid_id", "woocommerce_rest_product_variation_invalid_id",
                        "woocommerce_rest_invalid_id"})
#: SKUs per `GET /products?sku=a,b,c` lookup (keeps URLs short).
LOOKUP_CHUNK = 20


def money_text(value: Decimal) -> str:
    """A price as WooCommerce wants it: a plain decimal string."""
    return format(value, "f")


def weight_text(grams: int, unit: str) -> str:
    """A weight in the shop's unit (`app.models.units`: the pack's CSV writes the same number)."""
    return format(weight_in(grams, unit if unit in GRAMS_PER else "kg"), "f")


def length_text(mm: int | None, unit: str) -> str:
    return "" if mm is None else format(length_in(mm, unit if unit in MM_PER else "cm"), "f")


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


@dataclass(frozen=True)
class Units:
    """The shop's units for weights and sizes (read once per push)."""

    weight: str = "kg"
    dimension: str = "cm"


class WooCommerceConnector:
    """Pushes `ProductPayload`s to one WooCommerce shop."""

    kind = "woocommerce"

    def __init__(self, url: str, credentials: ShopCredentials, *, query_string_auth: bool = False,
                 policy: RetryPolicy | None = None, chunk_size: int = MAX_BATCH, send_pictures: bool = True,
                 in_flight: int = 3, **http_options: Any) -> None:
        key, secret = credentials.get(SecretKind.WOO_KEY), credentials.get(SecretKind.WOO_SECRET)
        self.http = ShopHttp(url, policy=policy, auth=None if query_string_auth else (key, secret),
                             secrets=credentials.secret_values(), **http_options)
        self._params: dict[str, str] = {"consumer_key": key, "consumer_secret": secret} if query_string_auth else {}
        self.media_http: ShopHttp | None = None
        if credentials.has(SecretKind.WP_USER, SecretKind.WP_APP_PASSWORD):
            self.media_http = ShopHttp(url, policy=policy, secrets=credentials.secret_values(),
                                       auth=(credentials.get(SecretKind.WP_USER),
                                             credentials.get(SecretKind.WP_APP_PASSWORD)), **http_options)
        self.chunk_size = max(1, min(MAX_BATCH, chunk_size))
        #: Products whose variations are sent at once.
        self.in_flight = max(1, in_flight)
        self.send_pictures = send_pictures
        self.query_string_auth = query_string_auth
        self._units: Units | None = None
        self._categories: dict[str, int | None] = {}
        #: Things the whole push should say (the query-string warning), in the report's notes.
        self.notes: list[Bilingual] = [QUERY_STRING_WARNING] if query_string_auth else []

    # ----- what is sent --------------------------------------------------------------------------------
    @staticmethod
    def key_for(payload: ProductPayload) -> str:
        """The product's SKU in the shop: the SKU of a simple product, else the product code."""
        return payload.variants[0].sku if payload.simple else payload.code

    def check(self, payload: ProductPayload) -> ShopError | None:
        """Problems WooCommerce would refuse, found before anything is sent."""
        if not payload.variants:
            return ShopRejected(Bilingual("这个产品没有 SKU。", "The product has no SKU."), "no_skus")
        if self.send_pictures and payload.pictures and self.media_http is None:
            return ShopRejected(Bilingual(
                "上传图片需要 WordPress 用户名和应用密码（WordPress 后台 → 用户 → 个人资料 → "
                "应用密码）：请在网店连接里填写，"
                f"或设置 {ENV_WP_USER}/{ENV_WP_APP_PASSWORD}；也可以选择“推送时不带图片”。",
                "Uploading pictures needs a WordPress user and application password (WordPress admin → Users → "
                f"Profile → Application Passwords): add them to the shop connection or set {ENV_WP_USER}/"
                f"{ENV_WP_APP_PASSWORD}, or choose to push without pictures.",
            ), "wordpress_login_missing")
        return None

    def wire_body(self, payload: ProductPayload) -> dict[str, Any]:
        """Everything sent for the product in the workspace's own units and names (without ids, status, shop
        units or the shop's ids for categories and pictures): what the content hash covers."""
        body: dict[str, Any] = {"product": self._product_body(payload, Units(), None),
                "variations": [] if payload.simple else [self._variation_body(payload, v, Units(), {})
                                                         for v in payload.variants],
                "category": payload.category}
        if self.send_pictures:
            body["pictures"] = [p.token for p in payload.pictures]
            body["variationPictures"] = [v.picture or "" for v in payload.variants]
        return body

    def _product_body(self, payload: ProductPayload, units: Units, category_id: int | None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "name": payload.title,
            "type": "simple" if payload.simple else "variable",
            "sku": self.key_for(payload),
            "description": payload.description_html,
            "short_description": payload.short_description_html,
        }
        if category_id is not None:
            body["categories"] = [{"id": category_id}]
        if payload.simple:
            body.update(self._variant_fields(payload.variants[0], units))
        else:
            body["attributes"] = [
                {"name": name, "position": position, "visible": True, "variation": True, "options": list(values)}
                for position, (name, values) in enumerate(payload.options)
            ]
        return body

    def _variation_body(self, payload: ProductPayload, variant: VariantPayload, units: Units,
                        pictures: Mapping[str, int]) -> dict[str, Any]:
        body: dict[str, Any] = {"sku": variant.sku,
                                "attributes": [{"name": n, "option": v} for n, v in variant.options]}
        body.update(self._variant_fields(variant, units))
        if variant.picture and variant.picture in pictures:
            body["image"] = {"id": pictures[variant.picture]}
        return body

    @staticmethod
    def _variant_fields(variant: VariantPayload, units: Units) -> dict[str, Any]:
        if variant.compare_at is not None and variant.compare_at > variant.price:
            prices = {"regular_price": money_text(variant.compare_at), "sale_price": money_text(variant.price)}
        else:
            prices = {"regular_price": money_text(variant.price), "sale_price": ""}
        fields: dict[str, Any] = dict(prices)
        if variant.weight_g is not None:
            fields["weight"] = weight_text(variant.weight_g, units.weight)
        length, width, height = variant.dimensions_mm
        if any(v is not None for v in (length, width, height)):
            fields["dimensions"] = {"length": length_text(length, units.dimension),
                                    "width": length_text(width, units.dimension),
                                    "height": length_text(height, units.dimension)}
        if variant.barcode:
            fields["global_unique_id"] = variant.barcode
        return fields

    # ----- calls -----------------------------------------------------------------------------------------
    def _get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        try:
            return self.http.get(f"{API}/{path}", params={**(params or {}), **self._params}).data
        except HttpStatusError as error:
            raise self._explained(error) from None

    def _post(self, path: str, body: Any) -> Any:
        try:
            return self.http.post(f"{API}/{path}", body, params=self._params or None, idempotent=True).data
        except HttpStatusError as error:
            raise self._explained(error) from None

    def _explained(self, error: HttpStatusError) -> ShopError:
        """A 401 over plain http is WooCommerce refusing keys without TLS, not wrong keys: say so."""
        if error.status == 401 and self.http.base_url.startswith("http://"):
            refused = HttpStatusError(Bilingual(
                f"WooCommerce 只在 HTTPS 下接受 API 密钥：{host_of(self.http.base_url)} 用的是 http://，所以被拒绝"
                "（不是密钥错了）。请用网店的 https:// 地址。",
                f"WooCommerce accepts API keys only over HTTPS: {host_of(self.http.base_url)} is http://, so they "
                "were refused (the keys may well be right). Use the shop's https:// address.",
            ), 401, "https_required", error.data, error.headers)
            return refused
        return error

    def test_connection(self) -> ShopInfo:
        """Reads that need valid keys, and whether they may write; raises a `ShopError` that says what is wrong."""
        data = self._get("products", {"per_page": 1})
        if not isinstance(data, list):
            raise UnexpectedResponse(Bilingual("网店的产品列表格式不对。",
                                               "The shop's product list has the wrong shape."))
        units = self.units()
        return ShopInfo(self.kind, self.http.base_url, currency=self.shop_currency(),
                        can_write=self.write_access() is None, weight_unit=units.weight,
                        dimension_unit=units.dimension)

    def shop_currency(self) -> str | None:
        """The store currency (None when the keys may not read settings)."""
        return self._setting("general", "woocommerce_currency")

    def units(self) -> Units:
        """The shop's weight and dimension units (kg/cm, WooCommerce's defaults, when they can't be read)."""
        if self._units is None:
            weight = self._setting("products", "woocommerce_weight_unit") or "kg"
            dimension = self._setting("products", "woocommerce_dimension_unit") or "cm"
            self._units = Units(weight if weight in GRAMS_PER else "kg", dimension if dimension in MM_PER else "cm")
            log.info("shop units: weight %s, dimensions %s", self._units.weight, self._units.dimension)
        return self._units

    def _setting(self, group: str, name: str) -> str | None:
        try:
            data = self._get(f"settings/{group}/{name}")
        except HttpStatusError as error:
            if error.status in (403, 404):
                return None
            raise
        value = data.get("value") if isinstance(data, dict) else None
        return value if isinstance(value, str) and value else None

    def write_access(self) -> ShopError | None:
        """Whether the keys may write, without writing: an empty batch is answered 200 for read/write keys and
        refused (401) for read-only ones — it creates, changes and deletes nothing."""
        try:
            self._post("products/batch", {})
        except HttpStatusError as error:
            if error.status in (401, 403) and error.code != "https_required":
                refused = ShopRejected(Bilingual(
                    "这对 WooCommerce 密钥是只读的：请在 WooCommerce → 设置 → 高级 → REST API "
                    "里生成“读/写”权限的密钥。",
                    "These WooCommerce keys are read-only: make Read/Write keys in WooCommerce → Settings → Advanced "
                    "→ REST API.",
                ), "read_only_keys")
                refused.fatal = True
                return refused
            raise
        return None

    # ----- finding what the shop has ---------------------------------------------------------------------
    def lookup(self, payloads: Sequence[ProductPayload]) -> dict[str, RemoteRef]:
        """Existing products (not variations) by SKU: {sku: RemoteRef}. Missing SKUs are simply absent; a SKU held
        by several products is reported as duplicates on the one adopted (the oldest)."""
        keys = [self.key_for(p) for p in payloads]
        products = self._by_sku(keys, {})
        trashed = self._by_sku([k for k in keys if k not in products], {"status": "trash"})
        found: dict[str, RemoteRef] = {}
        for sku, matches in {**trashed, **products}.items():
            matches.sort(key=lambda p: int(p["id"]))
            first = matches[0]
            duplicates = tuple(f"SKU {sku}: #{p['id']}" for p in matches[1:])
            found[sku] = RemoteRef(str(first["id"]), {}, str(first.get("status") or ""), "", duplicates)
        return found

    def _by_sku(self, keys: Sequence[str], extra: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
        """{SKU: products (not variations) with it}. The list leaves the Trash out unless `extra` asks for it —
        a product trashed in the shop still holds its SKU (WooCommerce refuses a new one with it), so it is
        looked for there too, and restored rather than duplicated."""
        products: dict[str, list[dict[str, Any]]] = {}
        singles = [k for k in keys if "," in k]
        grouped = [k for k in keys if "," not in k]
        queries = [grouped[i:i + LOOKUP_CHUNK] for i in range(0, len(grouped), LOOKUP_CHUNK)] + [[k] for k in singles]
        for group in queries:
            data = self._get("products", {"sku": ",".join(group), "per_page": 100, **extra})
            if not isinstance(data, list):
                raise UnexpectedResponse(Bilingual("按 SKU 查找产品时网店返回的格式不对。",
                                                   "The shop's answer to a SKU lookup has the wrong shape."))
            for product in data:
                if not isinstance(product, dict) or product.get("type") == "variation" or product.get("parent_id"):
                    continue
                sku = product.get("sku")
                if isinstance(sku, str) and sku in group and _is_id(product.get("id")):
                    products.setdefault(sku, []).append(product)
        return products

    def verify(self, units: Sequence[PushUnit]) -> dict[int, Drift]:
        """Each known product read back (100 per request, variations per variable product) and compared."""
        drifts: dict[int, Drift] = {}
        by_id = {int(u.remote_id): u for u in units if u.remote_id and u.remote_id.isdigit()}
        ids = sorted(by_id)
        listed: dict[int, dict[str, Any]] = {}
        for start in range(0, len(ids), 100):
            chunk = ids[start:start + 100]
            data = self._get("products", {"include": ",".join(map(str, chunk)), "per_page": 100})
            for product in data if isinstance(data, list) else []:
                if isinstance(product, dict) and _is_id(product.get("id")):
                    listed[int(product["id"])] = product
        for remote_id, unit in by_id.items():
            product = listed.get(remote_id) or self._one_product(remote_id)
            drifts[unit.item_id] = self._drift(unit, product)
        return drifts

    def _one_product(self, remote_id: int) -> dict[str, Any] | None:
        """A product the list didn't give: in the Trash (the list leaves those out), or deleted (404)."""
        try:
            data = self._get(f"products/{remote_id}")
        except HttpStatusError as error:
            if error.status in (404, 410) or error.code in INVALID_ID:
                return None
            raise
        return data if isinstance(data, dict) else None

    def _drift(self, unit: PushUnit, product: dict[str, Any] | None) -> Drift:
        if product is None:
            return Drift("missing", ("deleted in the shop",))
        if product.get("status") == "trash":
            return Drift("trashed", ("in the Trash",))
        payload, units = unit.payload, self.units()
        details = []
        if html.unescape(str(product.get("name") or "")) != payload.title:
            details.append("name")
        if product.get("sku") != self.key_for(payload):
            details.append("SKU")
        if payload.simple:
            details += _price_drift(payload.variants[0], product, units, "")
        else:
            variations = self._variations(int(product["id"]))
            by_sku = {v.get("sku"): v for v in variations}
            missing = [v.sku for v in payload.variants if v.sku not in by_sku]
            if missing:
                details.append("variations " + ", ".join(missing[:5]))
            for variant in payload.variants:
                if variant.sku in by_sku:
                    details += _price_drift(variant, by_sku[variant.sku], units, variant.sku)
        if self.send_pictures and len(product.get("images") or []) != len(payload.pictures):
            details.append("pictures")
        return Drift("changed", tuple(details)) if details else Drift("same")

    # ----- pushing -----------------------------------------------------------------------------------------
    def push(self, units: Sequence[PushUnit]) -> dict[int, ItemOutcome]:
        """Create or update every unit; one outcome per unit's item id (never raises for a shop error)."""
        outcomes: dict[int, ItemOutcome] = {}
        try:
            shop_units = self.units()
            categories = self._category_ids({u.payload.category for u in units if u.payload.category})
            pictures, notes = self._pictures(units)
        except ShopError as error:
            return {u.item_id: ItemOutcome.failed(error) for u in units}
        ops = [self._parent_op(unit, shop_units, categories, pictures.get(unit.item_id, {})) for unit in units]
        parents = self._batch("products/batch", ops)
        fatal: list[ShopError] = []
        variable: list[tuple[PushUnit, _Result, tuple[Bilingual, ...]]] = []
        for unit in units:
            result = parents[unit.item_id]
            extra = tuple(notes.get(unit.item_id, ())) + ((RESTORED,) if unit.restore else ())
            if result.error is not None:
                outcomes[unit.item_id] = ItemOutcome.failed(result.error)
                if result.error.fatal:
                    fatal.append(result.error)
            elif unit.payload.simple:
                unit_pictures = pictures.get(unit.item_id, {})
                refs: dict[str, Any] = {"pictures": unit_pictures} if unit_pictures else {}
                outcomes[unit.item_id] = ItemOutcome(True, str(result.remote_id), refs, action=_action(unit, result),
                                                     notes=extra)
            else:
                variable.append((unit, result, extra))

        def variations(job: tuple[PushUnit, _Result, tuple[Bilingual, ...]]) -> ItemOutcome:
            unit, result, extra = job
            assert result.remote_id is not None
            if fatal:  # the shop can't take anything now: the parent is there, its variations are not
                return ItemOutcome.failed(fatal[0], remote_id=str(result.remote_id))
            outcome = self._push_variations(unit, result.remote_id, fresh=result.created, action=_action(unit, result),
                                            units=shop_units, pictures=pictures.get(unit.item_id, {}), notes=extra)
            if outcome.error is not None and outcome.error.fatal:
                fatal.append(outcome.error)
            return outcome

        # Each product's variations are one batch of their own: a few go at once (a real shop is a few hundred
        # milliseconds away), each product's still in order. A 429 waits by its Retry-After in the HTTP layer.
        with ThreadPoolExecutor(max_workers=max(1, min(self.in_flight, len(variable))),
                                thread_name_prefix="woocommerce") as pool:
            for (unit, _, _), outcome in zip(variable, pool.map(variations, variable), strict=False):
                outcomes[unit.item_id] = outcome
        return outcomes

    def _parent_op(self, unit: PushUnit, units: Units, categories: Mapping[str, int | None],
                   pictures: Mapping[str, int]) -> _Op:
        body = self._product_body(unit.payload, units, categories.get(unit.payload.category))
        if self.send_pictures and unit.payload.pictures:
            body["images"] = [{"id": pictures[p.token]} for p in unit.payload.pictures if p.token in pictures]
        if unit.remote_id:
            if unit.restore:
                body["status"] = "draft"
            return _Op("update", unit.item_id, {**_without_sku(body), "id": int(unit.remote_id)},
                       int(unit.remote_id))
        return _Op("create", unit.item_id, {**body, "status": "draft"})

    def _push_variations(self, unit: PushUnit, parent_id: int, *, fresh: bool, action: str, units: Units,
                         pictures: Mapping[str, int], notes: tuple[Bilingual, ...]) -> ItemOutcome:
        try:
            existing, duplicates = ({}, []) if fresh else self._variations_of(parent_id, unit.remote_refs)
            trashed = self._trashed_variations(parent_id) if unit.restore else {}
        except ShopError as error:
            return ItemOutcome.failed(error, remote_id=str(parent_id))
        ops = []
        for variant in unit.payload.variants:
            body = self._variation_body(unit.payload, variant, units, pictures)
            vid = existing.get(variant.sku)
            if vid is None and variant.sku in trashed:  # trashed with the product, left there by its restore
                vid, body = trashed[variant.sku], {**body, "status": "publish"}
            ops.append(_Op("update", variant.sku, {**_without_sku(body), "id": vid}, vid) if vid
                       else _Op("create", variant.sku, body))
        results = self._batch(f"products/{parent_id}/variations/batch", ops)
        refs: dict[str,
                   Any] = {"variations": {sku: r.remote_id for sku, r in results.items() if r.remote_id is not None}}
        if pictures:
            refs["pictures"] = dict(pictures)
        if duplicates:
            notes += (_duplicates(duplicates),)
        errors = [(sku, r.error) for sku, r in results.items() if r.error is not None]
        if errors:
            sku, first = errors[0]
            return ItemOutcome(False, str(parent_id), refs, _variation_error(sku, first, len(errors)), notes=notes)
        return ItemOutcome(True, str(parent_id), refs, action=action, notes=notes)

    def _trashed_variations(self, parent_id: int) -> dict[str, int]:
        """{SKU: id} of the product's variations in the Trash: trashing a product trashes its variations, and
        taking the product out (status draft) leaves them there."""
        return {v["sku"]: int(v["id"]) for v in self._variations(parent_id, status="trash")
                if isinstance(v.get("sku"), str) and v["sku"]}

    def _variations(self, parent_id: int, **extra: str) -> list[dict[str, Any]]:
        """Every variation of a product (pages of 100; the Trash only when `status="trash"` is asked)."""
        found: list[dict[str, Any]] = []
        page = 1
        while True:
            data = self._get(f"products/{parent_id}/variations", {"per_page": 100, "page": page, **extra})
            if not isinstance(data, list):
                raise UnexpectedResponse(Bilingual("读取规格时网店返回的格式不对。",
                                                   "The shop's list of variations has the wrong shape."))
            found.extend(v for v in data if isinstance(v, dict) and _is_id(v.get("id")))
            if len(data) < 100 or page >= 50:
                return found
            page += 1

    def _variations_of(self, parent_id: int, refs: Mapping[str, Any]) -> tuple[dict[str, int], list[str]]:
        """{SKU: variation id} to update, and the duplicates found: a SKU held by two variations keeps the one
        this workspace made (its id is in the refs) or else the oldest; the others are reported."""
        ours = {int(v) for v in _dict(refs.get("variations")).values() if isinstance(v, int) or str(v).isdigit()}
        by_sku: dict[str, list[int]] = {}
        for variation in self._variations(parent_id):
            if isinstance(variation.get("sku"), str) and variation["sku"]:
                by_sku.setdefault(variation["sku"], []).append(int(variation["id"]))
        chosen: dict[str, int] = {}
        duplicates: list[str] = []
        for sku, ids in by_sku.items():
            ids.sort()
            keep = next((i for i in ids if i in ours), ids[0])
            chosen[sku] = keep
            duplicates += [f"SKU {sku}: #{i}" for i in ids if i != keep]
        return chosen, duplicates

    # ----- categories --------------------------------------------------------------------------------------
    def _category_ids(self, names: Iterable[str]) -> dict[str, int | None]:
        """{name: the shop's category id}, found (names unescaped: WordPress answers `&amp;`) or created."""
        for name in sorted(set(names) - set(self._categories)):
            self._categories[name] = self._find_category(name) or self._create_category(name)
        return dict(self._categories)

    def _find_category(self, name: str) -> int | None:
        data = self._get("products/categories", {"search": name, "per_page": 100})
        for term in data if isinstance(data, list) else []:
            if isinstance(term, dict) and _is_id(term.get("id")) and \
                    html.unescape(str(term.get("name") or "")).casefold() == name.casefold():
                return int(term["id"])
        return None

    def _create_category(self, name: str) -> int | None:
        try:
            data = self._post("products/categories", {"name": name})
        except HttpStatusError as error:
            resource = _dict(_dict(error.data).get("data")).get("resource_id")
            if error.code == TERM_EXISTS and _is_id(resource):
                return int(resource)  # created meanwhile (another push, or a name that differs only in case)
            log.warning("category %r could not be created: %s", name, error.code)
            return None
        return int(data["id"]) if isinstance(data, dict) and _is_id(data.get("id")) else None

    # ----- pictures ------------------------------------------------------------------------------------------
    def _pictures(self, units: Sequence[PushUnit]) -> tuple[dict[int, dict[str, int]], dict[int, list[Bilingual]]]:
        """{item id: {token: media id}} for every unit's pictures, uploading each new one once (a picture two
        products share goes up once); and notes for pictures that could not go up."""
        if not self.send_pictures or self.media_http is None:
            return {}, {}
        known: dict[str, int] = {}
        for unit in units:
            known.update({t: int(i) for t, i in _dict(unit.remote_refs.get("pictures")).items() if str(i).isdigit()})
        result: dict[int, dict[str, int]] = {}
        notes: dict[int, list[Bilingual]] = {}
        for unit in units:
            ids: dict[str, int] = {}
            for picture in unit.payload.pictures:
                if picture.token not in known:
                    media_id, problem = self._media_id(picture)
                    if problem is not None:
                        notes.setdefault(unit.item_id, []).append(problem)
                        continue
                    known[picture.token] = media_id
                ids[picture.token] = known[picture.token]
            result[unit.item_id] = ids
        return result, notes

    def _media_id(self, picture: PicturePayload) -> tuple[int, Bilingual | None]:
        """The media library id of a picture: the one a killed push already uploaded (found by file name), else
        a new upload."""
        assert self.media_http is not None
        stem = picture.filename.rsplit(".", 1)[0]
        found = self._media_get({"search": stem, "per_page": 20, "media_type": "image"})
        for item in found if isinstance(found, list) else []:
            title = html.unescape(str(_dict(item.get("title")).get("rendered") or ""))
            source = str(item.get("source_url") or "")
            if isinstance(item, dict) and _is_id(item.get("id")) and (title == stem or f"/{stem}" in source):
                return int(item["id"]), None
        try:
            data = self.media_http.request("POST", MEDIA, payload=Payload.raw(picture.load(), picture.mime_type,
                                                                             picture.filename), idempotent=False).data
        except HttpStatusError as error:
            if error.status in (401, 403) or error.code == "rest_cannot_create":  # no upload_files: 400
                raise _wordpress_refused(error) from None
            return 0, Bilingual(f"图片 {picture.filename} 没有上传：{error.message.zh}",
                                f"Picture {picture.filename} was not uploaded: {error.message.en}")
        if not isinstance(data, dict) or not _is_id(data.get("id")):
            raise UnexpectedResponse(Bilingual("WordPress 上传图片后没有返回编号。",
                                               "WordPress returned no id for the uploaded picture."))
        return int(data["id"]), None

    def _media_get(self, params: dict[str, Any]) -> Any:
        assert self.media_http is not None
        try:
            return self.media_http.get(MEDIA, params=params).data
        except HttpStatusError as error:
            if error.status in (401, 403):
                raise _wordpress_refused(error) from None
            raise

    # ----- the dry run ---------------------------------------------------------------------------------------
    def plan_note(self, unit: PushUnit, remote: RemoteRef | None) -> Bilingual | None:
        payload = unit.payload
        pictures = len(payload.pictures) if self.send_pictures else 0
        kind_zh = "简单产品" if payload.simple else f"可变产品，{len(payload.variants)} 个规格"
        kind_en = "simple product" if payload.simple else f"variable product, {len(payload.variants)} variations"
        category = f"，类目 {payload.category}" if payload.category else ""
        category_en = f", category {payload.category}" if payload.category else ""
        if not unit.remote_id:
            return Bilingual(f"新建为草稿（{kind_zh}{category}），上传 {pictures} 张图片。",
                             f"New product, created as a draft ({kind_en}{category_en}); "
                             f"{pictures} pictures to upload.")
        status = remote.status if remote is not None and remote.status else ""
        kept_zh = f"状态 {status} 保持不变" if status and not unit.restore else "状态不变"
        kept_en = f"status {status} kept" if status and not unit.restore else "status kept"
        if unit.restore:
            kept_zh, kept_en = "从回收站恢复为草稿", "restored from the Trash as a draft"
        known = set(_dict(unit.remote_refs.get("pictures")))
        upload = sum(1 for p in payload.pictures if p.token not in known) if self.send_pictures else 0
        return Bilingual(f"更新网店里的产品 #{unit.remote_id}（{kind_zh}{category}），{kept_zh}；"
                         f"上传 {upload} 张图片。",
                         f"Updates shop product #{unit.remote_id} in place ({kind_en}{category_en}), {kept_en}; "
                         f"{upload} pictures to upload.")

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
        for op, answer in zip(part, answers, strict=False):
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

QUERY_STRING_WARNING = Bilingual(
    "注意：用查询参数传递密钥时，密钥会出现在网店服务器的访问日志里。能用 HTTP 授权头时请不要开启这个选项，用完后可在 "
    "WooCommerce 里吊销并重新生成密钥。",
    "Note: with the keys in the query string, the secret is written into the shop's web-server access log. Turn this "
    "option off where the server passes the Authorization header, and revoke and regenerate the keys in WooCommerce "
    "when you are done.",
)
RESTORED = Bilingual("这个产品在网店的回收站里：已恢复为草稿并更新，请在网店后台检查后再发布。",
                     "This product was in the shop's Trash: it was restored as a draft and updated; check it in the "
                     "shop's admin before publishing it.")


def _action(unit: PushUnit, result: _Result) -> str:
    """What happened, in the report's words: restored from the Trash, adopted (made elsewhere), created, updated."""
    if unit.restore:
        return "restored"
    if result.adopted or (unit.remote_refs.get("adopt") and not result.created):
        return "adopted"
    return "created" if result.created else "updated"


def _is_id(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _price_drift(variant: VariantPayload, shop: Mapping[str, Any], units: Units, label: str) -> list[str]:
    """What differs between a SKU as the workspace sends it and as the shop holds it (prices, weight)."""
    expected = WooCommerceConnector._variant_fields(variant, units)
    suffix = f" of {label}" if label else ""
    details = []
    for name in ("regular_price", "sale_price"):
        if _decimal(shop.get(name)) != _decimal(expected.get(name)):
            details.append(f"{name.replace('_', ' ')}{suffix}")
    if "weight" in expected and _decimal(shop.get("weight")) != _decimal(expected["weight"]):
        details.append(f"weight{suffix}")
    return details


def _duplicates(found: Sequence[str]) -> Bilingual:
    listed = "; ".join(found[:5])
    return Bilingual(f"网店里有不是本工作区创建的重复 SKU：{listed}。请在网店后台删除多余的。",
                     f"The shop has duplicate SKUs this workspace did not create: {listed}. Delete the extra ones in "
                     "the shop's admin.")


def _wordpress_refused(error: HttpStatusError) -> ShopError:
    refused = ShopRejected(Bilingual(
        f"WordPress 拒绝了用户名或应用密码（HTTP {error.status}），图片无法上传。请在 WordPress "
        "后台 → 用户 → 个人资料 → "
        "应用密码 重新生成，并确认这个用户可以上传文件。",
        f"WordPress refused the user or application password (HTTP {error.status}), so pictures can't be uploaded. "
        "Make a new one in WordPress admin → Users → Profile → Application Passwords, for a user who may upload "
        "files.",
    ), "wordpress_login_refused")
    refused.fatal = True
    return refused


def _without_sku(body: dict[str, Any]) -> dict[str, Any]:
    """An update never re-sends the SKU it was matched by: WooCommerce checks a SKU it is given for uniqueness
    even when it is unchanged, so one duplicate made elsewhere would make every later update of ours fail."""
    return {k: v for k, v in body.items() if k != "sku"}


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
        for op, item in zip(ops, items, strict=False):
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
    wrapped = ShopError(Bilingual(f"规格 {sku}：{error.message.zh}{more_zh}",
                                  f"Variation {sku}: {error.message.en}{more_en}"),
                        error.code)
    wrapped.fatal, wrapped.uncertain = error.fatal, error.uncertain
    return wrapped


def _not_sent(error: ShopError) -> ShopError:
    wrapped = ShopError(Bilingual(f"未发送：{error.message.zh}", f"Not sent: {error.message.en}"), "not_sent")
    wrapped.fatal = True
    return wrapped
