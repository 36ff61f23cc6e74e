"""Real HTTP servers on 127.0.0.1: the base stand-in (here), WooCommerce (fakewoo.py), Shopify (fakeshopify.py).

No mocks of `requests`: the app's client talks HTTP(S) to these servers in threads. They keep state and can
misbehave on demand:

- `queue(status, body, headers)`: canned answers served before the normal ones (429 with Retry-After, HTML
  login page with 200, truncated JSON, `null` data, redirects to http://…, huge bodies);
- `never_answer = True`: read the request and never reply (until the server stops);
- `tls=True`: real TLS with a certificate from a CA made for the test run (`stand_in_ca`, `ca_bundle` for
  `REQUESTS_CA_BUNDLE`): the client's certificate checks stay on.

Also `make_catalogue`, which fills a workspace with priced products quickly.
"""

from __future__ import annotations

import contextlib
import functools
import json
import ssl
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
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


class _QuietTlsServer(ThreadingHTTPServer):
    """A client refusing the test certificate is a test's point, not a fault of the stand-in: not printed."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], (ssl.SSLError, ConnectionError)):
            super().handle_error(request, client_address)


@functools.lru_cache(maxsize=1)
def stand_in_ca() -> Any:
    """A certificate authority made for this test run (trustme): the stand-in shops serve real TLS with a
    certificate for 127.0.0.1 signed by it, and the app's client trusts it through `REQUESTS_CA_BUNDLE` —
    never by turning verification off."""
    import trustme

    return trustme.CA()


@functools.lru_cache(maxsize=1)
def ca_bundle() -> str:
    """The test CA's certificate as a PEM file (for `REQUESTS_CA_BUNDLE`, in-process and in subprocesses)."""
    path = Path(tempfile.mkdtemp(prefix="fd-test-ca-")) / "ca.pem"
    stand_in_ca().cert_pem.write_to_path(str(path))
    return str(path)


class FakeServer:
    """A threaded HTTP(S) server with a request log, canned answers and a never-answering mode."""

    def __init__(self, *, tls: bool = False) -> None:
        self.requests: list[Recorded] = []
        #: (path substring or None for any request, answer), served first-match before the normal answers.
        self.canned: list[tuple[str | None, Answer]] = []
        #: True: never answer; a string: never answer requests whose path contains it.
        self.never_answer: bool | str = False
        #: Seconds between the bytes of every answer's body (a server trickling its answer); None: at once.
        self.trickle: float | None = None
        #: A network round trip (seconds) added to every request: half before it is handled, half after.
        self.latency = 0.0
        #: Requests being handled now, and the most there ever were at once.
        self.in_flight = 0
        self.most_in_flight = 0
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
                except (json.JSONDecodeError, UnicodeDecodeError):  # a form or an upload: kept as bytes
                    body = raw
                parts = urlsplit(self.path)
                record = Recorded(self.command, parts.path, parse_qs(parts.query), dict(self.headers.items()), body,
                                  self.path)
                with server.lock:
                    server.requests.append(record)
                    canned = server.take_canned(record.path)
                with server.lock:
                    server.in_flight += 1
                    server.most_in_flight = max(server.most_in_flight, server.in_flight)
                try:
                    self._answer(record, canned)
                finally:
                    with server.lock:
                        server.in_flight -= 1

            def _answer(self, record: Recorded, canned: Answer | None) -> None:
                if server.latency:  # the request's way there (half the round trip)
                    time.sleep(server.latency / 2)
                hang = server.never_answer
                if hang is True or (isinstance(hang, str) and hang and hang in record.path):
                    server.stopping.wait(60)
                    self.close_connection = True
                    return
                answer = canned or server.answer(record)
                if server.latency:  # and the answer's way back
                    time.sleep(server.latency / 2)
                self.send_response(answer.status)
                headers = {"Content-Type": "application/json; charset=utf-8", **answer.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                if server.trickle:  # one byte at a time, slowly, each well inside any read timeout
                    for byte in answer.body:
                        if server.stopping.wait(server.trickle):
                            return
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                    return
                self.wfile.write(answer.body)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        self.httpd = _QuietTlsServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.tls = tls
        if tls:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            stand_in_ca().issue_cert("127.0.0.1").configure_cert(context)
            # The handshake runs in the request's own thread (on first read), not in the accepting one.
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True,
                                                    do_handshake_on_connect=False)
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"{'https' if self.tls else 'http'}://{host}:{port}"

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


def woo_credentials(key: str = WOO_KEY, secret: str = WOO_SECRET, *, wordpress: bool = True) -> Any:
    """REST keys and (by default) the WordPress login that uploads pictures."""
    from fakewoo import wp_login

    from app.services.shops.secrets import SecretKind, ShopCredentials

    values = {SecretKind.WOO_KEY: key, SecretKind.WOO_SECRET: secret}
    if wordpress:
        values.update(wp_login())
    return ShopCredentials("woocommerce", values, "env")


def shopify_credentials(token: str = SHOPIFY_TOKEN) -> Any:
    """A legacy admin token (apps made before 2026)."""
    from app.services.shops.secrets import SecretKind, ShopCredentials

    return ShopCredentials("shopify", {SecretKind.SHOPIFY_TOKEN: token}, "env")


def shopify_app_credentials(client_id: str | None = None, client_secret: str | None = None) -> Any:
    """A Dev Dashboard app's client id and secret (the client-credentials grant)."""
    from fakeshopify import CLIENT_ID, CLIENT_SECRET

    from app.services.shops.secrets import SecretKind, ShopCredentials

    return ShopCredentials("shopify", {SecretKind.SHOPIFY_CLIENT_ID: client_id or CLIENT_ID,
                                       SecretKind.SHOPIFY_CLIENT_SECRET: client_secret or CLIENT_SECRET}, "env")


def memory_keyring() -> Any:
    """A keyring backend that keeps secrets in a dict (tests never touch the real OS keyring); like the real ones it
    refuses to delete what it doesn't hold (PasswordDeleteError)."""
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
            from keyring.errors import PasswordDeleteError

            if (service, username) not in self.store:  # as the real backends do
                raise PasswordDeleteError("Password not found")
            del self.store[(service, username)]

    return MemoryKeyring()


@contextlib.contextmanager
def keyring_in_memory() -> Iterator[Any]:
    """A `memory_keyring` installed as the keyring backend while the block runs, the previous one after."""
    import keyring

    previous = keyring.get_keyring()
    backend = memory_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


def __getattr__(name: str) -> Any:
    """`FakeShopify` and `check_valid` live in fakeshopify.py (they run requests against Shopify's published
    schema), `FakeWooCommerce` in fakewoo.py; imported lazily because those modules build on the servers above."""
    if name in ("FakeShopify", "check_valid"):
        import fakeshopify

        return getattr(fakeshopify, name)
    if name == "FakeWooCommerce":
        import fakewoo

        return fakewoo.FakeWooCommerce
    raise AttributeError(name)


def add_pictures(workspace: Any, code: str, *, colours: int | None = None) -> int:
    """A main picture for the product and, for a product with a colour axis, one variant picture per colour
    (drawn here: a plain square with a stripe, distinct per product and colour). Returns how many were added."""
    import io

    from PIL import Image, ImageDraw
    from sqlmodel import select

    from app.models import ImageRole, Product, Sku
    from app.services.catalogue.images import add_product_image

    def picture(seed: str) -> bytes:
        shade = sum(seed.encode()) % 200
        image = Image.new("RGB", (640, 640), (255, 255, 255))
        ImageDraw.Draw(image).rectangle((80, 200 + shade // 4, 560, 440), fill=(shade, 90, 200 - shade // 2))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=90)
        return buffer.getvalue()

    added = 0
    with workspace.session() as session:
        product = session.exec(select(Product).where(Product.code == code)).one()
        add_product_image(session, product.id, picture(code + "main"), ImageRole.MAIN.value, file_name="main.jpg")
        added += 1
        skus = session.exec(select(Sku).where(Sku.product_id == product.id).order_by(Sku.position)).all()
        seen: set[str] = set()
        for sku in skus:
            colour = (sku.options or {}).get("colour")
            if colour is None or colour in seen or (colours is not None and len(seen) >= colours):
                continue
            seen.add(colour)
            add_product_image(session, product.id, picture(code + colour), ImageRole.VARIANT.value, sku_id=sku.id,
                              file_name=f"{colour}.jpg")
            added += 1
    return added
