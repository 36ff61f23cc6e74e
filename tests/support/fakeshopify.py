"""A Shopify Admin API stand-in on 127.0.0.1 that runs every request against Shopify's own published schema.

`tests/fixtures/shopify_admin_2026-10.json.gz` is Shopify's introspection of the Admin GraphQL API 2026-10, as
shipped in the npm package `@shopify/dev-mcp` 1.16.0 (ISC). graphql-core builds a schema from it and *executes*
each request: a document or a variables object the real API would refuse (an unknown field, a wrong type, a
missing argument) is refused here the same way, with GraphQL `errors` — so every test that pushes is also a
contract test, and `invalid` lists what was refused (fixtures assert it stays empty).

What the real shop does and this one does too (reproduced from Shopify's docs, the schema's descriptions and
shared/reference/environment.md §15):
- the client-credentials grant (`POST /admin/oauth/access_token`, form-encoded) hands out tokens that expire
  (`expires_in`), and an expired or unknown token is answered 401 `[API] Invalid API key or access token`;
- requested query cost from the document and its variables (objects 1, scalars 0, connections 2 + `first` ×
  the node's cost, mutations 10 + their selection), a single query over 1,000 points refused with
  `MAX_COST_EXCEEDED`, `first`/`last` over 250 refused, a leaky bucket with `throttleStatus` in every answer;
- `productSet` keyed by `identifier {id | handle}`; list fields are replaced: variants sent without their `id` are
  created anew (new ids) and every variant not sent is deleted, files likewise; `productOptions` and `variants` go
  together; status is set only when sent (a new product without one is ACTIVE);
- `stagedUploadsCreate` answers POST form targets on this server; a multipart upload there is stored, and a
  `resourceUrl` used as `originalSource` becomes a MediaImage (one that was never uploaded fails its media);
- `productByIdentifier`, `product`, `nodes`, `productVariants(query: "sku:…")`, `currentAppInstallation`.

Where it is simpler than the real shop: media are READY at once (the real shop processes them asynchronously;
the app never waits for them), the search behind `productVariants(query:)` is exact and immediate (the real
index lags by seconds), and the bucket's figures are configurable rather than the plan's.
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
from collections.abc import Callable
from email.parser import BytesParser
from email.policy import default as email_policy
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from fakeshops import Answer, FakeServer, Recorded, _json_bytes
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    build_client_schema,
    execute,
    get_named_type,
    is_abstract_type,
    is_leaf_type,
    parse,
    validate,
)
from graphql.utilities import value_from_ast_untyped

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "fixtures" / "shopify_admin_2026-10.json.gz"
SHOPIFY_TOKEN = "shpat_" + "c3" * 16
CLIENT_ID = "0f" * 16
CLIENT_SECRET = "shpss_" + "d4" * 16
MAX_QUERY_COST = 1000
MAX_PAGE = 250
INVALID_TOKEN = {"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"}


@lru_cache(maxsize=1)
def admin_schema() -> GraphQLSchema:
    """Shopify's Admin API schema (2026-10). Built with `assume_valid`: the published introspection breaks two of
    graphql-core's deprecation self-checks (shared/reference/shopify/README.md)."""
    with gzip.open(SCHEMA_FILE) as handle:
        return build_client_schema(json.load(handle)["data"], assume_valid=True)


# ---------------------------------------------------------------- requested query cost


def query_cost(schema: GraphQLSchema, document: Any, variables: dict[str, Any]) -> tuple[int, list[str]]:
    """(requested cost, problems) of the document's first operation, the way Shopify states it."""
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    problems: list[str] = []
    root = schema.mutation_type if operation.operation.value == "mutation" else schema.query_type
    assert root is not None
    cost = 0
    for field in _fields(operation.selection_set, fragments):
        definition = root.fields.get(field.name.value)
        if definition is None:
            continue
        inner = _selection_cost(get_named_type(definition.type), field, fragments, variables, problems, schema)
        cost += 10 + max(0, inner - 1) if root is schema.mutation_type else inner
    return cost, problems


def _fields(selection_set: Any, fragments: dict[str, Any]) -> list[FieldNode]:
    found: list[FieldNode] = []
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            found.append(selection)
        elif isinstance(selection, InlineFragmentNode):
            found.extend(_fields(selection.selection_set, fragments))
        elif isinstance(selection, FragmentSpreadNode):
            found.extend(_fields(fragments[selection.name.value].selection_set, fragments))
    return found


def _argument(field: FieldNode, name: str, variables: dict[str, Any]) -> Any:
    for argument in field.arguments or ():
        if argument.name.value == name:
            return value_from_ast_untyped(argument.value, variables)
    return None


def _selection_cost(named: Any, field: FieldNode, fragments: dict[str, Any], variables: dict[str, Any],
                    problems: list[str], schema: GraphQLSchema) -> int:
    if is_leaf_type(named):
        return 0
    if named.name.endswith("Connection"):
        size = _argument(field, "first", variables) or _argument(field, "last", variables) or 0
        if size > MAX_PAGE:
            problems.append(f"{field.name.value}: first/last is {size}, over {MAX_PAGE}")
        node_cost = 0
        for child in _fields(field.selection_set, fragments):
            child_type = named.fields.get(child.name.value) if isinstance(named, GraphQLObjectType) else None
            if child_type is None:
                continue
            child_named = get_named_type(child_type.type)
            if child.name.value == "nodes":
                node_cost += _selection_cost(child_named, child, fragments, variables, problems, schema)
            elif child.name.value == "edges":
                for edge_child in _fields(child.selection_set, fragments):
                    if edge_child.name.value == "node":
                        node_type = get_named_type(child_named.fields["node"].type)
                        node_cost += _selection_cost(node_type, edge_child, fragments, variables, problems, schema)
        return 2 + int(size) * max(1, node_cost)
    cost = 1
    for child in _fields(field.selection_set, fragments):
        child_def = _field_of(named, child.name.value, schema)
        if child_def is not None:
            cost += _selection_cost(get_named_type(child_def.type), child, fragments, variables, problems, schema)
    return cost


def _field_of(named: Any, name: str, schema: GraphQLSchema) -> Any:
    """The field `name` of a type, looking into the possible types of an interface or union (inline fragments)."""
    fields = getattr(named, "fields", None) or {}
    if name in fields:
        return fields[name]
    if is_abstract_type(named):
        for possible in schema.get_possible_types(named):
            if name in possible.fields:
                return possible.fields[name]
    return None


# ---------------------------------------------------------------- the shop


def _connection(items: list[Any], first: int | None = None, after: str | None = None, last: int | None = None,
                **_: Any) -> dict[str, Any]:
    start = int(after) + 1 if after else 0
    size = first if first is not None else (last if last is not None else len(items))
    page = items[start:start + size]
    end = start + len(page) - 1
    return {"nodes": page, "edges": [{"node": n, "cursor": str(start + i)} for i, n in enumerate(page)],
            "pageInfo": {"hasNextPage": end + 1 < len(items), "hasPreviousPage": start > 0,
                         "startCursor": str(start) if page else None, "endCursor": str(end) if page else None}}


class FakeShopify(FakeServer):
    """Shopify Admin GraphQL on the published schema; see the module docstring for what it reproduces."""

    def __init__(self, *, token: str = SHOPIFY_TOKEN, clock: Any = None, maximum: float = 2000,
                 restore_rate: float = 100, currency: str = "USD", client_id: str = CLIENT_ID,
                 client_secret: str = CLIENT_SECRET, token_ttl: float = 86399, product_set_cost: int | None = None,
                 scopes: tuple[str, ...] = ("read_products", "write_products", "write_files")) -> None:
        import time

        self.clock = clock or time.monotonic
        self.legacy_token, self.currency = token, currency
        self.client_id, self.client_secret, self.token_ttl = client_id, client_secret, token_ttl
        self.scopes = scopes
        #: Tokens handed out by the client-credentials grant → the clock time they expire.
        self.issued: dict[str, float] = {}
        self._token_numbers = itertools.count(1)
        self.maximum, self.restore_rate = maximum, restore_rate
        self.available = maximum
        self.last_refill = self.clock()
        #: A fixed productSet cost instead of the computed one (bench figures); None: computed.
        self.product_set_cost = product_set_cost
        self.products: dict[str, dict[str, Any]] = {}      # by id
        self._ids = itertools.count(1001)
        #: Staged uploads: key → {"filename", "mime", "data" (None until uploaded)}.
        self.staged: dict[str, dict[str, Any]] = {}
        #: handle → (code, message) answered as userErrors.
        self.reject_handles: dict[str, tuple[str, str]] = {}
        #: Answer the next N productSet calls THROTTLED with this many points available.
        self.force_throttle = 0
        self.force_available = 0.0
        self.throttle_status_code = 200
        #: A top-level GraphQL error code (e.g. ACCESS_DENIED) answered to every productSet.
        self.mutation_error: str | None = None
        self.versions: set[str] = set()
        #: (operation, message) of every request the schema refused: a test's fixture asserts none.
        self.invalid: list[tuple[str, str]] = []
        #: (operation, requested cost) of every GraphQL request answered.
        self.costs: list[tuple[str, int]] = []
        self.media_errors: list[str] = []
        #: How many GraphQL requests were answered 401 (an unknown or expired token).
        self.refused_tokens = 0
        super().__init__()

    # ----- views for tests -------------------------------------------------------------------------------
    def mutations(self, name: str = "productSet") -> list[Recorded]:
        return [r for r in self.requests if isinstance(r.body, dict)
                and re.search(r"\bmutation\b", r.body.get("query", "")) and name in r.body.get("query", "")]

    def operations(self) -> list[str]:
        names = []
        for r in self.requests:
            if isinstance(r.body, dict):
                found = re.search(r"(?:query|mutation)\s+(\w+)", r.body.get("query", ""))
                names.append(found.group(1) if found else "")
        return names

    def by_handle(self, handle: str) -> dict[str, Any] | None:
        return next((p for p in self.products.values() if p["handle"] == handle), None)

    def add_product(self, handle: str, skus: list[str], *, status: str = "ACTIVE", title: str = "") -> dict[str, Any]:
        """A product made in the shop's admin (by hand, a CSV import, a colleague's PC)."""
        product = self._new_product(handle)
        product.update(status=status, title=title or handle)
        product["options"] = [{"name": "Title", "values": ["Default Title"]}] if len(skus) == 1 else \
            [{"name": "Model", "values": skus}]
        for sku in skus:
            self._add_variant(product, {"sku": sku, "price": "9.99", "optionValues": [
                {"optionName": product["options"][0]["name"], "name": "Default Title" if len(skus) == 1 else sku}]})
        return product

    def expire_tokens(self) -> None:
        """Every issued token dies now (a token can die before its expires_in)."""
        for token in self.issued:
            self.issued[token] = float("-inf")

    # ----- HTTP --------------------------------------------------------------------------------------------
    def answer(self, request: Recorded) -> Answer:
        if request.method == "POST" and request.path == "/admin/oauth/access_token":
            return self._token(request)
        if request.method == "POST" and request.path.startswith("/staged-uploads/"):
            return self._upload(request)
        match = re.fullmatch(r"/admin/api/([0-9]{4}-[0-9]{2})/graphql\.json", request.path)
        if not match or request.method != "POST":
            return super().answer(request)
        self.versions.add(match.group(1))
        if not self._token_ok(request.headers.get("X-Shopify-Access-Token", "")):
            self.refused_tokens += 1
            return Answer(401, _json_bytes(INVALID_TOKEN))
        body = request.body if isinstance(request.body, dict) else {}
        with self.lock:
            return self._graphql(body.get("query", ""), body.get("variables") or {})

    def _token_ok(self, token: str) -> bool:
        if token and token == self.legacy_token:
            return True
        expiry = self.issued.get(token)
        return expiry is not None and self.clock() < expiry

    def _token(self, request: Recorded) -> Answer:
        raw = request.body if isinstance(request.body, bytes) else b""
        if "application/x-www-form-urlencoded" not in request.headers.get("Content-Type", ""):
            return Answer(400, _json_bytes({"error": "invalid_request",
                                            "error_description": "Expected a form-encoded body."}))
        form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
        if form.get("grant_type") != "client_credentials":
            return Answer(400, _json_bytes({"error": "unsupported_grant_type"}))
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
            return Answer(400, _json_bytes({"error": "invalid_client",
                                            "error_description": "Client authentication failed."}))
        token = f"shpat_issued{next(self._token_numbers):04d}" + "e5" * 10
        self.issued[token] = self.clock() + self.token_ttl
        return Answer(200, _json_bytes({"access_token": token, "scope": ",".join(self.scopes),
                                        "expires_in": int(self.token_ttl)}))

    def _upload(self, request: Recorded) -> Answer:
        key = request.path.rsplit("/", 1)[-1]
        target = self.staged.get(key)
        if target is None:
            return Answer(404, b"<Error><Code>NoSuchUpload</Code></Error>", {"Content-Type": "application/xml"})
        raw = request.body if isinstance(request.body, bytes) else b""
        message = BytesParser(policy=email_policy).parsebytes(
            b"Content-Type: " + request.headers.get("Content-Type", "").encode() + b"\r\n\r\n" + raw)
        parts = {part.get_param("name", header="content-disposition"): part for part in message.iter_parts()}
        if parts.get("key") is None or parts["key"].get_content().strip() != key or "file" not in parts:
            return Answer(400, b"<Error><Code>InvalidArgument</Code></Error>", {"Content-Type": "application/xml"})
        if list(parts)[-1] != "file":
            return Answer(400, b"<Error><Code>InvalidArgument</Code><Message>file must be last</Message></Error>",
                          {"Content-Type": "application/xml"})
        target["data"] = parts["file"].get_payload(decode=True)
        return Answer(201, b"<?xml version='1.0' encoding='UTF-8'?><PostResponse><Key>" + key.encode()
                      + b"</Key></PostResponse>", {"Content-Type": "application/xml"})

    # ----- GraphQL -------------------------------------------------------------------------------------------
    def _refill(self) -> None:
        now = self.clock()
        self.available = min(self.maximum, self.available + (now - self.last_refill) * self.restore_rate)
        self.last_refill = now

    def _cost_extension(self, requested: float, actual: float | None) -> dict[str, Any]:
        return {"cost": {"requestedQueryCost": requested, "actualQueryCost": actual, "throttleStatus": {
            "maximumAvailable": self.maximum, "currentlyAvailable": self.available, "restoreRate": self.restore_rate}}}

    def _graphql(self, query: str, variables: dict[str, Any]) -> Answer:
        schema = admin_schema()
        name = (re.search(r"(?:query|mutation)\s+(\w+)", query) or [None, ""])[1]
        try:
            document = parse(query)
        except GraphQLError as error:
            return self._refused(name, error.message)
        errors = validate(schema, document)
        if errors:
            return self._refused(name, "; ".join(e.message for e in errors))
        cost, problems = query_cost(schema, document, variables)
        if name == "FDProductSet" and self.product_set_cost is not None:
            cost = self.product_set_cost
        if problems:
            return self._refused(name, "; ".join(problems))
        if cost > MAX_QUERY_COST:
            return Answer(200, _json_bytes({"errors": [{
                "message": f"Query cost is {cost}, which exceeds the single query max cost limit ({MAX_QUERY_COST}).",
                "extensions": {"code": "MAX_COST_EXCEEDED", "cost": cost, "maxCost": MAX_QUERY_COST}}]}))
        self._refill()
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
        self.costs.append((name, cost))
        if name == "FDProductSet" and self.mutation_error:
            return Answer(200, _json_bytes({"errors": [{"message": "Access denied for productSet field.",
                                                        "extensions": {"code": self.mutation_error}}],
                                            "data": None, "extensions": self._cost_extension(cost, 1)}))
        result = execute(schema, document, root_value=self._root(), variable_values=variables)
        if result.errors:
            return self._refused(name, "; ".join(e.message for e in result.errors))
        return Answer(200, _json_bytes({"data": result.data, "extensions": self._cost_extension(cost, cost)}))

    def _refused(self, name: str, message: str) -> Answer:
        self.invalid.append((name, message))
        return Answer(200,
                      _json_bytes({"errors": [{"message": message,
                                               "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}}]}))

    def _root(self) -> dict[str, Any]:
        return {
            "shop": {"name": "Fake Shop", "currencyCode": self.currency, "weightUnit": "KILOGRAMS"},
            "currentAppInstallation": {"accessScopes": [{"handle": s, "description": s} for s in self.scopes]},
            "productByIdentifier": lambda info, identifier: self._view(self._find(identifier)),
            "product": lambda info, id: self._view(self.products.get(id)),
            "nodes": lambda info, ids: [self._view(self.products.get(i)) for i in ids],
            "productVariants": self._search_variants,
            "productSet": self._product_set,
            "stagedUploadsCreate": self._staged_uploads_create,
        }

    def _find(self, identifier: dict[str, Any]) -> dict[str, Any] | None:
        if identifier.get("id"):
            return self.products.get(identifier["id"])
        if identifier.get("handle"):
            return self.by_handle(identifier["handle"])
        return None

    # ----- read views ------------------------------------------------------------------------------------------
    def _view(self, product: dict[str, Any] | None) -> dict[str, Any] | None:
        if product is None:
            return None
        variants = [self._variant_view(product, v) for v in product["variants"]]
        media = [self._media_view(m) for m in product["media"]]
        return {
            "__typename": "Product", "id": product["id"], "handle": product["handle"], "title": product["title"],
            "status": product["status"], "vendor": product["vendor"], "productType": product["productType"],
            "descriptionHtml": product["descriptionHtml"], "updatedAt": "2026-12-01T00:00:00Z",
            "variantsCount": {"count": len(variants), "precision": "EXACT"},
            "mediaCount": {"count": len(media), "precision": "EXACT"},
            "variants": lambda info, **args: _connection(variants, **args),
            "media": lambda info, **args: _connection(media, **args),
        }

    def _variant_view(self, product: dict[str, Any], variant: dict[str, Any]) -> dict[str, Any]:
        media = [self._media_view(m) for m in product["media"] if m["id"] in variant.get("media", [])]
        return {"__typename": "ProductVariant", "id": variant["id"], "sku": variant.get("sku"),
                "price": variant.get("price"), "compareAtPrice": variant.get("compareAtPrice"),
                "barcode": variant.get("barcode"),
                "selectedOptions": [{"name": o["optionName"], "value": o["name"]} for o in variant["optionValues"]],
                "product": lambda info: self._view(product),
                "media": lambda info, **args: _connection(media, **args)}

    @staticmethod
    def _media_view(media: dict[str, Any]) -> dict[str, Any]:
        image = {"url": f"https://cdn.shopify.example/files/{media['filename']}", "altText": media["alt"]}
        return {"__typename": "MediaImage", "id": media["id"], "alt": media["alt"], "status": media["status"],
                "mediaContentType": "IMAGE", "image": image if media["status"] == "READY" else None}

    def _search_variants(self, info: Any, query: str = "", first: int | None = None, **args: Any) -> dict[str, Any]:
        wanted = set(re.findall(r'sku:"((?:[^"\\]|\\.)*)"', query or ""))
        found = [self._variant_view(p, v) for p in self.products.values() for v in p["variants"]
                 if v.get("sku") in wanted]
        return _connection(found, first=first, **args)

    # ----- writes --------------------------------------------------------------------------------------------
    def _new_product(self, handle: str) -> dict[str, Any]:
        product = {"id": f"gid://shopify/Product/{next(self._ids)}", "handle": handle, "title": "",
                   "status": "ACTIVE", "vendor": "", "productType": "", "descriptionHtml": "", "options": [],
                   "variants": [], "media": []}
        self.products[product["id"]] = product
        return product

    def _add_variant(self, product: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
        variant = {**data, "id": f"gid://shopify/ProductVariant/{next(self._ids)}"}
        product["variants"].append(variant)
        return variant

    @staticmethod
    def _error(field: list[str], message: str, code: str) -> dict[str, Any]:
        return {"product": None, "productSetOperation": None,
                "userErrors": [{"field": field, "message": message, "code": code}]}

    def _product_set(self, info: Any, input: dict[str, Any], identifier: dict[str, Any] | None = None,  # noqa: A002
                     synchronous: bool | None = None) -> dict[str, Any]:
        identifier = identifier or {}
        handle = identifier.get("handle") or input.get("handle")
        if handle in self.reject_handles:
            code, message = self.reject_handles[handle]
            return self._error(["input", "variants", "0", "price"], message, code)
        if ("productOptions" in input) != ("variants" in input):
            missing = "VARIANTS_INPUT_MISSING" if "productOptions" in input else "PRODUCT_OPTIONS_INPUT_MISSING"
            return self._error(["input"], "Product options and variants must be given together.", missing)
        product = self._find(identifier) if identifier else None
        if identifier.get("id") and product is None:
            return self._error(["identifier", "id"], "Product does not exist", "PRODUCT_DOES_NOT_EXIST")
        if input.get("handle") and any(p["handle"] == input["handle"] and p is not product
                                       for p in self.products.values()):
            return self._error(["input", "handle"], "Handle has already been taken", "HANDLE_NOT_UNIQUE")
        problem = self._check_variants(product, input)
        if problem is not None:
            return problem
        media_problem, new_media = self._files(product, input)
        if media_problem is not None:
            return media_problem
        created = product is None
        if created:
            product = self._new_product(handle or re.sub(r"[^a-z0-9]+", "-", input.get("title", "").lower()))
            product["status"] = input.get("status", "ACTIVE")
        elif "status" in input:
            product["status"] = input["status"]
        for key in ("title", "vendor", "productType", "descriptionHtml", "handle"):
            if key in input:
                product[key] = input[key]
        if new_media is not None:
            product["media"] = new_media
        if "variants" in input:
            product["options"] = [{"name": o["name"], "values": [v["name"] for v in o.get("values", [])]}
                                  for o in input["productOptions"]]
            self._set_variants(product, input["variants"])
        return {"product": self._view(product), "productSetOperation": None, "userErrors": []}

    def _check_variants(self, product: dict[str, Any] | None, input: dict[str, Any]) -> dict[str,
                                                                                             Any] | None:  # noqa: A002
        variants = input.get("variants")
        if variants is None:
            return None
        if len(input.get("productOptions") or []) > 3:
            return self._error(["input", "productOptions"], "Can only specify 3 options", "OPTIONS_OVER_LIMIT")
        if len(variants) > 2048:
            return self._error(["input", "variants"], "Too many variants", "VARIANTS_OVER_LIMIT")
        own = {v["id"] for v in product["variants"]} if product else set()
        names = [o["name"] for o in input.get("productOptions") or []]
        for index, variant in enumerate(variants):
            if variant.get("id") and variant["id"] not in own:
                return self._error(["input", "variants", str(index), "id"], "Product variant does not exist",
                                   "PRODUCT_VARIANT_DOES_NOT_EXIST")
            for money in ("price", "compareAtPrice"):
                if variant.get(money) is not None and not isinstance(variant[money], str):
                    return self._error(["input", "variants", str(index), money], "Money must be a string",
                                       "INVALID_INPUT")
            if [o.get("optionName") for o in variant.get("optionValues", [])] != names:
                return self._error(["input", "variants", str(index), "optionValues"], "Option does not exist",
                                   "OPTION_DOES_NOT_EXIST")
        return None

    def _files(self, product: dict[str, Any] | None, input: dict[str, Any]) -> tuple[Any, Any]:  # noqa: A002
        """Validate `files` (a list field, replaced whole); returns (problem, the new media list or None)."""
        if "files" not in input:
            return None, None
        own = {m["id"]: m for m in product["media"]} if product else {}
        media = []
        for index, entry in enumerate(input["files"]):
            if entry.get("id"):
                if entry["id"] not in own:
                    return self._error(["input", "files", str(index), "id"], "File does not exist",
                                       "INVALID_INPUT"), None
                media.append(own[entry["id"]])
                continue
            source = entry.get("originalSource") or ""
            key = source.rsplit("/staged-uploads/", 1)[-1].split("/")[0] if "/staged-uploads/" in source else ""
            staged = self.staged.get(key)
            status = "READY" if staged is not None and staged.get("data") else "FAILED"
            if status == "FAILED":
                self.media_errors.append(source)
            filename = entry.get("filename") or (staged or {}).get("filename") or source.rsplit("/", 1)[-1]
            media.append({"id": f"gid://shopify/MediaImage/{next(self._ids)}", "filename": filename,
                          "alt": entry.get("alt") or "", "status": status, "source": source})
        by_source = {m.get("source"): m for m in media if m.get("source")}
        for index, variant in enumerate(input.get("variants") or []):
            entry = variant.get("file")
            if entry is None:
                continue
            match = by_source.get(entry.get("originalSource")) if entry.get("originalSource") else \
                next((m for m in media if m["id"] == entry.get("id")), None)
            if match is None:
                return self._error(["input", "variants", str(index), "file"],
                                   "The variant's file must also be in the product's files.", "INVALID_INPUT"), None
        return None, media

    def _set_variants(self, product: dict[str, Any], variants: list[dict[str, Any]]) -> None:
        """Replace the list: an `id` updates that variant, no `id` makes a new one; the rest are deleted."""
        by_id = {v["id"]: v for v in product["variants"]}
        by_source = {m.get("source"): m["id"] for m in product["media"] if m.get("source")}
        kept = []
        for data in variants:
            fields = {k: v for k, v in data.items() if k not in ("id", "file")}
            file = data.get("file")
            if file:
                fields["media"] = [file["id"]] if file.get("id") else [by_source[file["originalSource"]]]
            if data.get("id"):
                variant = by_id[data["id"]]
                variant.clear()
                variant.update({**fields, "id": data["id"]})
            else:
                variant = {**fields, "id": f"gid://shopify/ProductVariant/{next(self._ids)}"}
            kept.append(variant)
        product["variants"] = kept

    def _staged_uploads_create(self, info: Any, input: list[dict[str, Any]]) -> dict[str, Any]:  # noqa: A002
        targets = []
        for entry in input:
            if entry.get("resource") not in ("IMAGE", "PRODUCT_IMAGE", "FILE"):
                return {"stagedTargets": None, "userErrors": [{"field": ["input"], "message": "Unsupported resource"}]}
            key = f"u{next(self._ids)}"
            self.staged[key] = {"filename": entry["filename"], "mime": entry["mimeType"], "data": None}
            url = f"{self.url}/staged-uploads/{key}"
            targets.append({"url": url, "resourceUrl": f"{url}/{entry['filename']}",
                            "parameters": [{"name": "key", "value": key},
                                           {"name": "Content-Type", "value": entry["mimeType"]}]})
        return {"stagedTargets": targets, "userErrors": []}


def check_valid(shop: FakeShopify) -> None:
    """Every request the shop received passed the schema (call from a fixture's teardown)."""
    assert not shop.invalid, f"Shopify would refuse: {shop.invalid}"
    assert not shop.media_errors, f"media that could not be fetched: {shop.media_errors}"


Resolver = Callable[..., Any]
