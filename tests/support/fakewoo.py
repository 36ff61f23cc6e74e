"""A WooCommerce 9 / WordPress 6 stand-in on 127.0.0.1, over real TLS, that behaves as the real shop does.

What the real shop does and this one does too (from WooCommerce's and WordPress's source — the REST controllers,
WC_REST_Authentication, WC_Product_Data_Store_CPT, wp/v2 attachments):
- REST keys are accepted only over HTTPS (HTTP Basic, or `consumer_key`/`consumer_secret` in the query string);
  over plain http WooCommerce expects OAuth 1.0a signatures, so keys sent any other way leave the request
  unauthenticated and it is refused 401 (`woocommerce_rest_cannot_view` / `…cannot_create`). Read-only keys are
  refused on every write with 401 `woocommerce_rest_authentication_error`.
- `/products/batch`: at most 100 items (413 `woocommerce_rest_request_entity_too_large` above), not atomic, per-item
  errors `{"id": 0, "error": {code, message, data}}` in a 200 answer; a duplicate SKU is `product_invalid_sku` with
  `data.resource_id` (and `unique_sku`); prices must be strings; an empty batch `{}` is answered 200 with nothing
  done. A SKU another request is inserting at that moment is refused ("already under processing").
- Products in the Trash are left out of lists and SKU lookups (`status=trash` lists them), but
  `GET /products/<id>` answers them with `"status": "trash"`; trashing a product trashes its variations, and an
  update that sets `"status": "draft"` takes the product out but leaves its variations in the Trash; a trashed
  product's SKU still blocks a new product with it (its lookup row stays: `woocommerce_rest_product_not_created`);
  a deleted id is 404 `woocommerce_rest_product_invalid_id`. Wrong keys over TLS are 401
  `woocommerce_rest_authentication_error`; an empty batch is answered `[]`.
- Settings `general/woocommerce_currency`, `products/woocommerce_weight_unit`, `products/woocommerce_dimension_unit`.
- Product categories: names answered HTML-escaped (`&amp;`), `search` matches part of the name, a second create of
  a name at the same level is 400 `term_exists` with `data.resource_id`.
- WordPress media (`/wp-json/wp/v2/media`): an application password over HTTPS (HTTP Basic), the file from the
  body named by `Content-Disposition`, the title is the file name without its extension, `search` looks in the
  title; product `images: [{id}]` and variation `image: {id}` must name an attachment.

Checked against WooCommerce trunk and WordPress trunk sources (the REST controllers, WC_REST_Authentication,
WC_Product_Data_Store_CPT, WC_Post_Data, WP_REST_Attachments_Controller) in December 2026; 9.4-specific message
texts could not be confirmed ("already under processing" is the one reported against 9.4).
Where it is simpler: one store of products for everything, no pagination headers, attachments are not resized,
a WordPress user either may upload files or not (`wp_can_upload`).
"""

from __future__ import annotations

import base64
import html
import re
import threading
from typing import Any
from urllib.parse import unquote

from fakeshops import (
    LOGIN_PAGE,
    WOO_KEY,
    WOO_SECRET,
    Answer,
    FakeServer,
    Recorded,
    _json_bytes,
)

WP_USER = "factory-admin"
WP_APP_PASSWORD = "abcd EFGH ijkl MNOP qrst UVWX"
PREFIX = "/wp-json/wc/v3/"
MEDIA_PATH = "/wp-json/wp/v2/media"


class FakeWooCommerce(FakeServer):
    """WooCommerce REST v3 and the WordPress media library; see the module docstring."""

    def __init__(self, *, batch_limit: int = 100, key: str = WOO_KEY, secret: str = WOO_SECRET,
                 currency: str = "USD", tls: bool = True, read_only: bool = False, weight_unit: str = "kg",
                 dimension_unit: str = "cm", wp_user: str = WP_USER, wp_password: str = WP_APP_PASSWORD) -> None:
        self.batch_limit = batch_limit
        self.key, self.secret, self.currency = key, secret, currency
        self.read_only = read_only
        self.weight_unit, self.dimension_unit = weight_unit, dimension_unit
        self.wp_user, self.wp_password = wp_user, wp_password
        #: Whether the WordPress user has the upload_files capability.
        self.wp_can_upload = True
        self.products: dict[int, dict[str, Any]] = {}
        self.categories: dict[int, dict[str, Any]] = {}
        self.media: dict[int, dict[str, Any]] = {}
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
        #: SKUs being inserted by a request that has not finished (WooCommerce's SKU lock).
        self._inserting: set[str] = set()
        super().__init__(tls=tls)

    # ----- views for tests -------------------------------------------------------------------------------
    def batch_requests(self, variations: bool | None = False) -> list[Recorded]:
        out = []
        for r in self.requests:
            if r.method != "POST" or not r.path.endswith("/batch"):
                continue
            is_variation = "/variations/" in r.path
            if variations is None or is_variation == variations:
                out.append(r)
        return out

    def writes(self) -> list[Recorded]:
        """Every request that could change something (an empty batch included)."""
        return [r for r in self.requests if r.method in ("POST", "PUT", "DELETE")]

    def parents(self) -> list[dict[str, Any]]:
        return [p for p in self.products.values() if not p["parent_id"]]

    def by_sku(self, sku: str) -> list[dict[str, Any]]:
        return [p for p in self.products.values() if p.get("sku") == sku]

    def variations(self, parent: int) -> list[dict[str, Any]]:
        return sorted((p for p in self.products.values() if p["parent_id"] == parent), key=lambda p: p["id"])

    def add_product(self, sku: str, **fields: Any) -> int:
        """A product made by hand in the shop (e.g. before the app ever pushed)."""
        pid = self._new_id()
        self.products[pid] = {"id": pid, "sku": sku, "parent_id": 0, "type": "simple", "status": "publish",
                              "name": fields.pop("name", sku), "images": [], "categories": [], **fields}
        return pid

    def add_variation(self, parent: int, sku: str, **fields: Any) -> int:
        """A variation made in the admin — WooCommerce doesn't stop two variations sharing a SKU that arrive at once."""
        vid = self._new_id()
        self.products[vid] = {"id": vid, "sku": sku, "parent_id": parent, "type": "variation", "status": "publish",
                              "regular_price": "1", "sale_price": "", **fields}
        return vid

    def trash(self, pid: int) -> None:
        """Move a product to the Trash as the admin does: its variations go with it (`trash_post` →
        `delete_variations`); the SKU lookup rows stay (only a permanent delete removes them)."""
        self.products[pid]["status"] = "trash"
        for variation in self.variations(pid):
            variation["status"] = "trash"

    def add_category(self, name: str) -> int:
        cid = self._new_id()
        self.categories[cid] = {"id": cid, "name": name, "slug": re.sub(r"[^a-z0-9]+", "-", name.lower()), "parent": 0}
        return cid

    # ----- HTTP ----------------------------------------------------------------------------------------------
    def _new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def _basic(self, request: Recorded) -> tuple[str, str] | None:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return None
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        return user, password

    def _credentials(self, request: Recorded) -> tuple[str, str] | None:
        """The keys the request carries, the way WC_REST_Authentication reads them — only over TLS (`is_ssl()`):
        over plain http it expects OAuth 1.0a and ignores keys sent any other way."""
        if not self.tls:
            return None
        basic = self._basic(request)
        if basic is not None:
            return basic
        key, secret = request.query.get("consumer_key"), request.query.get("consumer_secret")
        return (key[0], secret[0]) if key and secret else None

    def answer(self, request: Recorded) -> Answer:
        if request.path.startswith(MEDIA_PATH):
            return self._media(request)
        if not request.path.startswith(PREFIX):
            return super().answer(request)
        writing = request.method in ("POST", "PUT", "DELETE")
        credentials = self._credentials(request)
        if credentials is not None and credentials != (self.key, self.secret):
            which = "key" if credentials[0] != self.key else "secret"
            return self._error(401, "woocommerce_rest_authentication_error", f"Consumer {which} is invalid.")
        if credentials is None:  # anonymous: refused by the route's permission check
            if request.path.endswith("/batch"):
                return self._error(401, "woocommerce_rest_cannot_batch",
                                   "Sorry, you are not allowed to batch manipulate this resource.")
            code = "woocommerce_rest_cannot_create" if writing else "woocommerce_rest_cannot_view"
            return self._error(401, code, "Sorry, you cannot list resources." if not writing
                               else "Sorry, you are not allowed to create resources.")
        if writing and self.read_only:
            return self._error(401, "woocommerce_rest_authentication_error",
                               "The API key provided does not have write permissions.")
        route = request.path[len(PREFIX):].strip("/")
        if request.method == "POST" and route == "products/batch":
            return self._batch(request, None)  # the lock is taken inside: a held batch lets others in
        match = re.fullmatch(r"products/(\d+)/variations/batch", route)
        if request.method == "POST" and match:
            return self._batch(request, int(match.group(1)))
        with self.lock:
            return self._read_or_term(request, route)

    def _read_or_term(self, request: Recorded, route: str) -> Answer:
        if request.method == "GET" and route == "products":
            return self._list_products(request)
        match = re.fullmatch(r"products/(\d+)", route)
        if request.method == "GET" and match:
            product = self.products.get(int(match.group(1)))
            if product is None or product["parent_id"]:
                return self._error(404, "woocommerce_rest_product_invalid_id", "Invalid ID.")
            return Answer(200, _json_bytes(self._view(product)))
        match = re.fullmatch(r"settings/(general|products)/(\w+)", route)
        if request.method == "GET" and match:
            return self._setting(match.group(2))
        match = re.fullmatch(r"products/(\d+)/variations", route)
        if request.method == "GET" and match:
            return self._list_variations(int(match.group(1)), request)
        if route == "products/categories":
            return self._categories(request)
        return super().answer(request)

    @staticmethod
    def _error(status: int, code: str, message: str, **data: Any) -> Answer:
        return Answer(status, _json_bytes({"code": code, "message": message, "data": {"status": status, **data}}))

    def _setting(self, name: str) -> Answer:
        values = {"woocommerce_currency": self.currency, "woocommerce_weight_unit": self.weight_unit,
                  "woocommerce_dimension_unit": self.dimension_unit}
        if self.settings_status != 200:
            return self._error(self.settings_status, "woocommerce_rest_cannot_view",
                               "Sorry, you cannot list resources.")
        if name not in values:
            return self._error(404, "rest_setting_setting_invalid", "Invalid setting.")
        return Answer(200, _json_bytes({"id": name, "label": name, "type": "select", "value": values[name]}))

    def _view(self, product: dict[str, Any]) -> dict[str, Any]:
        view = dict(product)
        view["name"] = html.escape(str(view.get("name", "")), quote=False)
        return view

    def _list_products(self, request: Recorded) -> Answer:
        skus = request.query.get("sku", [""])[0]
        wanted = set(skus.split(",")) if skus else None
        include = {int(i) for i in request.query.get("include", [""])[0].split(",") if i.isdigit()}
        trash = request.query.get("status", ["any"])[0] == "trash"  # 'any' (the default) leaves the Trash out
        found = [p for p in self.products.values() if (p["status"] == "trash") == trash
                 and (p["parent_id"] == 0 or wanted is not None)
                 and (wanted is None or p.get("sku") in wanted) and (not include or p["id"] in include)]
        per_page = min(100, int(request.query.get("per_page", ["10"])[0]))
        return Answer(200, _json_bytes([self._view(p) for p in sorted(found, key=lambda p: p["id"])[:per_page]]))

    def _list_variations(self, parent: int, request: Recorded) -> Answer:
        page = int(request.query.get("page", ["1"])[0])
        per_page = min(100, int(request.query.get("per_page", ["10"])[0]))
        trash = request.query.get("status", ["any"])[0] == "trash"
        found = [v for v in self.variations(parent) if (v["status"] == "trash") == trash]
        return Answer(200, _json_bytes(found[(page - 1) * per_page: page * per_page]))

    # ----- categories ----------------------------------------------------------------------------------------
    def _categories(self, request: Recorded) -> Answer:
        if request.method == "GET":
            search = request.query.get("search", [""])[0].casefold()
            found = [c for c in self.categories.values() if search in c["name"].casefold()]
            return Answer(200, _json_bytes([{**c, "name": html.escape(c["name"], quote=False)}
                                            for c in sorted(found, key=lambda c: c["id"])]))
        name = (request.body or {}).get("name", "") if isinstance(request.body, dict) else ""
        if not name:
            return self._error(400, "rest_missing_callback_param", "Missing parameter(s): name")
        existing = next((c for c in self.categories.values() if c["name"].casefold() == name.casefold()), None)
        if existing is not None:
            return self._error(400, "term_exists", "A term with the name provided already exists with this parent.",
                               resource_id=existing["id"])
        cid = self.add_category(name)
        return Answer(201, _json_bytes({**self.categories[cid], "name": html.escape(name, quote=False)}))

    # ----- the media library -----------------------------------------------------------------------------------
    def _media(self, request: Recorded) -> Answer:
        basic = self._basic(request) if self.tls else None  # application passwords need TLS (or a 'local' site)
        if basic is not None and basic != (self.wp_user, self.wp_password):
            return self._error(401, "incorrect_password", "The provided password is an invalid application password.")
        if basic is None:
            return self._error(401, "rest_cannot_create" if request.method == "POST" else "rest_forbidden",
                               "Sorry, you are not allowed to upload files as this user.")
        if request.method == "POST" and not self.wp_can_upload:
            return self._error(400, "rest_cannot_create", "Sorry, you are not allowed to upload files as this user.")
        with self.lock:
            if request.method == "GET":
                search = request.query.get("search", [""])[0]
                found = [self._media_view(m) for m in self.media.values() if search in m["title"]["rendered"]]
                return Answer(200, _json_bytes(found))
            disposition = request.headers.get("Content-Disposition", "")
            match = re.search(r'filename="?([^";]+)"?', disposition)
            data = request.body if isinstance(request.body, bytes) else b""
            if not match or not data:
                return self._error(400, "rest_upload_no_data", "No data supplied.")
            if request.headers.get("Content-Type") not in ("image/jpeg", "image/png"):
                return self._error(500, "rest_upload_sideload_error",
                                   "Sorry, you are not allowed to upload this file type.")
            filename = unquote(match.group(1))
            mid = self._new_id()
            title = filename.rsplit(".", 1)[0]
            self.media[mid] = {"id": mid, "title": {"rendered": title}, "media_type": "image",
                               "mime_type": request.headers["Content-Type"], "data": data,
                               "source_url": f"{self.url}/wp-content/uploads/2026/12/{filename}"}
            return Answer(201, _json_bytes(self._media_view(self.media[mid])))

    @staticmethod
    def _media_view(media: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in media.items() if k != "data"}

    # ----- batches -----------------------------------------------------------------------------------------------
    def _batch(self, request: Recorded, parent: int | None) -> Answer:
        body = request.body if isinstance(request.body, dict) else {}
        creates, updates = body.get("create") or [], body.get("update") or []
        if not (creates or updates or body.get("delete")):
            return Answer(200, b"[]")  # nothing to process: WC_REST_Controller::batch_items answers an empty list
        if len(creates) + len(updates) + len(body.get("delete") or []) > self.batch_limit:
            return self._error(413, "woocommerce_rest_request_entity_too_large",
                               f"Unable to accept more than {self.batch_limit} items for this request.")
        with self.lock:
            if parent is not None and parent not in self.products:
                return self._error(404, "woocommerce_rest_product_invalid_id", "Invalid ID.")
            claimed = self._claim(creates)
            result = {"create": [self._create(item, parent, claimed) for item in creates],
                      "update": [self._update(item, parent) for item in updates]}
        try:
            if self.hold_batches and (creates or updates):
                self.batch_applied.set()
                self.release.wait(30)
        finally:
            with self.lock:
                self._inserting -= claimed
        mangle, self.mangle_next_batch = self.mangle_next_batch, None
        if mangle == "truncate":
            text = _json_bytes(result)
            return Answer(200, text[: len(text) // 2])
        if mangle == "login":
            return Answer(200, LOGIN_PAGE.encode(), {"Content-Type": "text/html"})
        if mangle == "null":
            return Answer(200, b"null")
        return Answer(200, _json_bytes(result))

    def _claim(self, creates: list[dict[str, Any]]) -> set[str]:
        """WooCommerce's SKU lock: a SKU this request inserts can't be inserted by another one until it ends."""
        skus = {item["sku"] for item in creates if item.get("sku")} - self._inserting
        self._inserting |= skus
        return skus

    def _item_error(self, code: str, message: str, **data: Any) -> dict[str, Any]:
        return {"id": 0, "error": {"code": code, "message": message, "data": {"status": 400, **data}}}

    def _check(self, item: dict[str, Any], own_id: int | None, claimed: set[str] | None = None) -> dict[str,
                                                                                                        Any] | None:
        for name in ("regular_price", "sale_price", "weight"):
            if name in item and not isinstance(item[name], str):
                return self._item_error("rest_invalid_param", f"Invalid parameter(s): {name}")
        sku = item.get("sku")
        if sku in self.reject_skus:
            code, _, message = self.reject_skus[sku].partition(" ")
            return self._item_error(code, message or "Rejected by the fake shop.")
        if sku and claimed is not None and ((sku in self._inserting and sku not in claimed) or any(
                p["status"] == "trash" for p in self.by_sku(sku))):
            # WooCommerce's SKU lock: another request inserting it, or a lookup row kept by a trashed product.
            return self._item_error("woocommerce_rest_product_not_created",
                                    f"The SKU ({sku}) you are trying to insert is already under processing")
        if sku:
            for other in self.by_sku(sku):
                if other["id"] != own_id and other["status"] != "trash":
                    return self._item_error("product_invalid_sku", "Invalid or duplicated SKU.",
                                            resource_id=other["id"], unique_sku=f"{sku}-1")
        for image in item.get("images") or []:
            if image.get("id") and image["id"] not in self.media:
                return self._item_error("woocommerce_product_invalid_image_id",
                                        f"#{image['id']} is an invalid image ID.")
        image = item.get("image")
        if isinstance(image, dict) and image.get("id") and image["id"] not in self.media:
            return self._item_error("woocommerce_variation_invalid_image_id", f"#{image['id']} is an invalid image ID.")
        for category in item.get("categories") or []:
            if category.get("id") not in self.categories:
                return self._item_error("woocommerce_rest_invalid_term", "Invalid category.")
        return None

    def _create(self, item: dict[str, Any], parent: int | None, claimed: set[str]) -> dict[str, Any]:
        problem = self._check(item, None, claimed)
        if problem:
            return problem
        pid = self._new_id()
        product = {"images": [], "categories": [], **item, "id": pid, "parent_id": parent or 0}
        product.setdefault("type", "variation" if parent else "simple")
        product.setdefault("status", "publish")
        self.products[pid] = product
        return self._view(product)

    def _update(self, item: dict[str, Any], parent: int | None) -> dict[str, Any]:
        pid = item.get("id")
        if pid not in self.products or (parent is not None and self.products[pid]["parent_id"] != parent):
            code = "woocommerce_rest_product_variation_invalid_id" if parent else "woocommerce_rest_product_invalid_id"
            return self._item_error(code, "Invalid ID.")
        problem = self._check(item, pid)
        if problem:
            return problem
        self.products[pid].update(item)
        return self._view(self.products[pid])


def wp_login() -> dict[Any, str]:
    """The WordPress user and application password the stand-in accepts, as connection secrets."""
    from app.services.shops.secrets import SecretKind

    return {SecretKind.WP_USER: WP_USER, SecretKind.WP_APP_PASSWORD: WP_APP_PASSWORD}
