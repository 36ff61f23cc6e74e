"""The only way the app talks to a shop: a `requests` session with every safety rule in one place.

- A timeout (connect, read) on every call, and a total time budget per call that covers every retry.
- Retries with exponential backoff and jitter on 429 (honouring `Retry-After` in seconds or as an HTTP date,
  capped), on 5xx and on connection errors — nothing else, a bounded number of times. A read timeout counts as
  a connection error only for idempotent calls; the connectors mark their upserts idempotent because a repeat
  is harmless there (WooCommerce refuses a second product with the same SKU and the connector adopts the
  first; Shopify's `productSet` upserts by handle).
- `https://` only; plain `http://` only for loopback addresses (127.0.0.0/8, ::1 — test servers). TLS is always
  verified (an injected session with `verify=False` is refused). Redirects are never followed blindly: a
  redirect to `http://` is an `InsecureRedirect`, a same-host https redirect is followed for GET only.
- Responses are streamed and capped; HTML login pages with status 200, truncated JSON, empty bodies and
  non-object bodies become typed errors, never a crash or a silent success. JSON numbers with a fraction are
  read as `Decimal` (prices stay exact).
- Logs carry the method, host and path only (never the query string, which may hold WooCommerce keys), and
  pass through `app.logging_setup.redact` plus a scrubber that knows this client's own secrets.

Sleep, clock and random generator are injectable so tests can check waits without waiting.
"""

from __future__ import annotations

import base64
import email.utils
import ipaddress
import json
import logging
import random
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
import urllib3

from app import __version__
from app.logging_setup import redact
from app.models.bilingual import Bilingual, UserFacingError

log = logging.getLogger(__name__)


class _RedactUrllib3(logging.Filter):
    """urllib3 logs each request line with its query string at DEBUG: redact it at the source, whatever handler
    (a console at DEBUG, a test's capture) receives it — not only the app's redacting log file."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = redact(record.getMessage())
            record.args = None
        else:
            record.msg = redact(str(record.msg))
        return True


logging.getLogger("urllib3.connectionpool").addFilter(_RedactUrllib3())

#: Statuses retried besides every 5xx.
RETRY_STATUSES = frozenset({429})
MAX_REDIRECTS = 3


# ---------------------------------------------------------------- errors


class ShopError(UserFacingError):
    """An expected failure talking to a shop.

    `code` is stable (the shop's own error code when it gave one); `fatal` means the rest of the push can't
    succeed either (the shop is unreachable, refuses the credentials, answers with a login page…), so the job
    stops; `uncertain` means the request may have been applied even though no usable answer came back, so the
    item must be looked up before it is ever created again.
    """

    code = "shop_error"
    fatal = False
    uncertain = False

    def __init__(self, message: Bilingual, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class InsecureUrl(ShopError):
    """A shop URL that isn't https (or loopback http), or that can't be a shop address at all."""

    code = "insecure_url"
    fatal = True


class ShopConnectionError(ShopError):
    code = "connection_failed"
    fatal = True
    uncertain = True


class ShopTimeout(ShopError):
    code = "timeout"
    fatal = True
    uncertain = True


class RetryBudgetExhausted(ShopError):
    code = "retry_budget_exhausted"
    fatal = True
    uncertain = True


class TlsError(ShopError):
    code = "tls_error"
    fatal = True


class InsecureRedirect(ShopError):
    code = "insecure_redirect"
    fatal = True


class UnexpectedRedirect(ShopError):
    code = "unexpected_redirect"
    fatal = True


class HostileResponse(ShopError):
    """The shop answered, but not with data the app can trust."""

    code = "unexpected_response"
    uncertain = True


class NotJsonResponse(HostileResponse):
    """A web page (typically a login or security-plugin page served with 200) instead of JSON."""

    code = "not_json"
    fatal = True


class TruncatedResponse(HostileResponse):
    code = "truncated_json"


class ResponseTooLarge(HostileResponse):
    code = "response_too_large"


class UnexpectedResponse(HostileResponse):
    """JSON of the wrong shape: `null` data, a list where an object was expected, wrong field types…"""

    code = "unexpected_response"


class ShopRejected(ShopError):
    """The shop refused one item (a per-item error in a batch, Shopify `userErrors`): not retried."""

    code = "rejected"


class HttpStatusError(ShopError):
    """A 4xx (or an exhausted 429/5xx) answer; `data` is the parsed JSON body when there was one."""

    def __init__(self, message: Bilingual, status: int, code: str, data: Any = None,
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message, code)
        self.status = status
        self.data = data
        self.headers = dict(headers or {})
        self.fatal = status in (401, 403, 404) or status == 429 or status >= 500
        self.uncertain = status >= 500


# ---------------------------------------------------------------- URLs


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def normalise_shop_url(url: str) -> str:
    """The shop's base URL as the app stores it: `https://host[:port][/path]`, no trailing slash.

    A bare host gets `https://`. Plain `http://` is refused except for loopback addresses (test servers);
    credentials, queries and fragments in the URL are refused (they would end up in logs).
    """
    text = (url or "").strip()
    if text and "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    host = parts.hostname or ""
    if parts.scheme.lower() not in ("https", "http") or not host:
        raise InsecureUrl(Bilingual(f"不是有效的网店地址：{url!r}", f"Not a valid shop address: {url!r}"))
    if parts.username or parts.password or parts.query or parts.fragment:
        raise InsecureUrl(Bilingual(
            "网店地址里不能包含用户名、密码或查询参数；密钥请在“网店连接”里填写。",
            "The shop address must not contain a user name, password or query; enter keys in the shop connection.",
        ))
    if "." not in host and not _is_loopback(host) and host != "localhost":
        # A real shop has a domain name; a bare word is most often a key or token pasted in the wrong
        # field, and the address is stored and shown in plain text.
        raise InsecureUrl(Bilingual(
            "网店地址应是域名，例如 https://myshop.myshopify.com；密钥请在“密钥”栏里填写。",
            "A shop address is a domain name, e.g. https://myshop.myshopify.com; enter keys in the key fields.",
        ))
    if parts.scheme.lower() == "http" and not _is_loopback(host):
        raise InsecureUrl(Bilingual(
            f"出于安全考虑，只能连接 https:// 网店（收到的是 {parts.scheme}://{host}）。",
            f"For safety only https:// shops can be used (got {parts.scheme}://{host}).",
        ))
    netloc = parts.netloc.lower()
    return urlunsplit((parts.scheme.lower(), netloc, parts.path.rstrip("/"), "", ""))


def host_of(url: str) -> str:
    """The host and, when one is given, the port (`shop.example:8443`): a shop on another port is another shop,
    and a message that drops the port sends the user looking at the wrong server."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    return f"{host}:{parts.port}" if parts.port else host


def _safe_location(url: str) -> str:
    """A URL for messages and logs: scheme, host, port and path, never credentials or the query string."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, host_of(url), parts.path, "", ""))


# ---------------------------------------------------------------- policy and response


@dataclass(frozen=True)
class RetryPolicy:
    """How long and how often to try: every figure bounded."""

    #: Seconds to connect, and to wait for each read from the socket.
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    #: Attempts per call, first one included.
    max_attempts: int = 5
    #: Backoff: base × 2^(attempt − 1), capped, with "equal jitter" (half fixed, half random).
    base_delay: float = 1.0
    max_delay: float = 30.0
    #: A `Retry-After` longer than this is cut down to it.
    retry_after_cap: float = 60.0
    #: Total seconds a call may take, every attempt and wait included.
    budget: float = 180.0
    #: Largest response body accepted (decoded bytes).
    max_body_bytes: int = 16 * 1024 * 1024


@dataclass(frozen=True)
class ShopResponse:
    """A parsed 2xx JSON answer."""

    status: int
    headers: Mapping[str, str]
    data: Any
    elapsed: float


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header (seconds or an HTTP date), or None when absent/unreadable."""
    if not value:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if seconds != seconds or seconds in (float("inf"), float("-inf")):  # NaN / inf
        return None
    return max(0.0, seconds)


@dataclass(frozen=True)
class Payload:
    """A request body: JSON (the shops' APIs), a form (an OAuth token request), raw bytes (a WordPress media
    upload) or multipart fields plus a file (a Shopify staged upload)."""

    data: Any = None
    files: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, body: Any) -> Payload:
        text = json.dumps(body, ensure_ascii=False, default=_json_default).encode()
        return cls(text, None, {"Content-Type": "application/json; charset=utf-8"})

    @classmethod
    def form(cls, fields: Mapping[str, str]) -> Payload:
        return cls(dict(fields), None, {"Content-Type": "application/x-www-form-urlencoded"})

    @classmethod
    def raw(cls, content: bytes, content_type: str, filename: str) -> Payload:
        # WordPress names the attachment after the Content-Disposition file name (wp/v2/media).
        return cls(content, None, {"Content-Type": content_type,
                                   "Content-Disposition": f'attachment; filename="{filename}"'})

    @classmethod
    def multipart(cls, fields: Sequence[tuple[str, str]], filename: str, content: bytes,
                  content_type: str) -> Payload:
        # The file goes last: storage services (S3/GCS form uploads) ignore fields after it.
        return cls(list(fields), [("file", (filename, content, content_type))], {})


# ---------------------------------------------------------------- the client


class ShopHttp:
    """A requests session bound to one shop's base URL, with the rules of the module docstring."""

    def __init__(
        self,
        base_url: str,
        *,
        policy: RetryPolicy | None = None,
        auth: tuple[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        secrets: Iterable[str] = (),
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        self.base_url = normalise_shop_url(base_url)
        self.policy = policy or RetryPolicy()
        self.session = session or requests.Session()
        if self.session.verify is False:
            raise TlsError(Bilingual("不允许关闭证书校验。", "Turning certificate checks off is not allowed."))
        self.session.headers.update({"Accept": "application/json", "User-Agent": f"FactoryDirect/{__version__}"})
        self._auth = auth
        self._headers = dict(headers or {})
        self._sleep = sleep
        self._clock = clock
        self._rng = rng or random.Random()
        self._secrets = self._secret_forms(list(secrets) + (list(auth) if auth else []))
        #: Every wait this client made (seconds), for tests and progress messages.
        self.waits: list[float] = []

    # ----- secrets -------------------------------------------------------------------------------------
    @staticmethod
    def _secret_forms(values: list[str]) -> list[str]:
        forms = [v for v in values if v and len(v) >= 4]
        if len(values) == 2 and all(values):
            forms.append(base64.b64encode(f"{values[0]}:{values[1]}".encode()).decode())
        return sorted(set(forms), key=len, reverse=True)

    def add_secret(self, value: str) -> None:
        """Scrub one more secret from every message and log line (a token fetched during the push)."""
        self._secrets = sorted(set(self._secrets) | set(self._secret_forms([value])), key=len, reverse=True)

    def set_header(self, name: str, value: str, *, secret: bool = False) -> None:
        """Send `name: value` with every later request (Shopify's token, renewed during a push)."""
        self._headers[name] = value
        if secret:
            self.add_secret(value)

    def scrub(self, text: str) -> str:
        """`text` without any secret: known header/parameter patterns and this client's own secret values."""
        text = redact(str(text))
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    # ----- requests ------------------------------------------------------------------------------------
    def url(self, path: str) -> str:
        """An absolute URL for `path` under the base URL (an absolute https URL on the same host is kept)."""
        if path.startswith(("https://", "http://")):
            return path
        return self.base_url + "/" + path.lstrip("/")

    def get(self, path: str, *, params: Mapping[str, Any] | None = None) -> ShopResponse:
        return self.request("GET", path, params=params)

    def post(self, path: str, body: Any, *, params: Mapping[str, Any] | None = None, idempotent: bool = False,
             retry_429: bool = True) -> ShopResponse:
        return self.request("POST", path, params=params, body=body, idempotent=idempotent, retry_429=retry_429)

    def request(self, method: str, path: str, *, params: Mapping[str, Any] | None = None, body: Any = None,
                idempotent: bool | None = None, retry_429: bool = True, payload: Payload | None = None,
                expect_json: bool = True) -> ShopResponse:
        """Send one logical call (retrying as allowed) and return its parsed 2xx JSON answer.

        `body` is sent as JSON; `payload` instead sends a form, raw bytes or a multipart upload. With
        `expect_json=False` a 2xx answer without JSON is accepted (a storage service answering 201/204 to an
        upload). Raises a `ShopError` subclass for everything else. `retry_429=False` hands a 429 back to the
        caller at once as an `HttpStatusError` (Shopify paces by its own throttle figures instead).
        """
        if payload is None and body is not None:
            payload = Payload.json(body)
        method = method.upper()
        idempotent = method in ("GET", "HEAD", "PUT", "DELETE") if idempotent is None else idempotent
        deadline = self._clock() + self.policy.budget
        url = self.url(path)
        attempt = 0
        redirects = 0
        while True:
            attempt += 1
            remaining = deadline - self._clock()
            if remaining <= 0:
                raise self._budget_error(url)
            try:
                response = self._send(method, url, params, payload, remaining)
            except requests.exceptions.SSLError as exc:
                log.warning("TLS failure for %s: %s", _safe_location(url), self.scrub(str(exc)))
                raise TlsError(Bilingual(
                    f"无法安全连接网店（证书校验失败）：{host_of(url)}",
                    f"Could not connect securely to the shop (certificate check failed): {host_of(url)}",
                )) from None
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout,
                    requests.exceptions.ChunkedEncodingError) as exc:
                error = self._transport_error(exc, url)
                retryable = not isinstance(exc, requests.exceptions.ReadTimeout) or idempotent
                if not retryable or not self._wait_before_retry(attempt, deadline, None, url, error.code):
                    raise error from None
                continue
            with response:
                status = response.status_code
                if 300 <= status < 400 and "Location" in response.headers:
                    url = self._redirect_target(method, url, response.headers["Location"])
                    redirects += 1
                    if redirects > MAX_REDIRECTS:
                        raise UnexpectedRedirect(Bilingual("网店重定向次数过多。",
                                                           "The shop redirected too many times."))
                    attempt -= 1
                    continue
                retry_status = status >= 500 or (status in RETRY_STATUSES and retry_429)
                if retry_status:
                    wait_hint = parse_retry_after(response.headers.get("Retry-After"))
                    self._log_answer(method, url, status, "will retry")
                    if self._wait_before_retry(attempt, deadline, wait_hint, url, f"http_{status}"):
                        continue
                return self._finish(method, url, response, deadline, expect_json)

    # ----- pieces of request() -------------------------------------------------------------------------
    def _send(self, method: str, url: str, params: Mapping[str, Any] | None, payload: Payload | None,
              remaining: float) -> requests.Response:
        timeout = (min(self.policy.connect_timeout, remaining), min(self.policy.read_timeout, remaining))
        headers = dict(self._headers)
        data: Any = None
        files: Any = None
        if payload is not None:
            headers.update(payload.headers)
            data, files = payload.data, payload.files
        return self.session.request(method, url, params=params, data=data, files=files, headers=headers,
                                    auth=self._auth, timeout=timeout, stream=True, allow_redirects=False)

    def _transport_error(self, exc: Exception, url: str) -> ShopError:
        host = host_of(url)
        log.warning("no answer from %s: %s", _safe_location(url), self.scrub(type(exc).__name__ + ": " + str(exc)))
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return ShopTimeout(Bilingual(f"连接网店超时：{host}", f"Timed out connecting to the shop: {host}"))
        if isinstance(exc, requests.exceptions.Timeout):
            return ShopTimeout(Bilingual(f"网店在规定时间内没有回应：{host}",
                                         f"The shop did not answer in time: {host}"))
        if isinstance(exc, requests.exceptions.ChunkedEncodingError):
            return ShopConnectionError(Bilingual(f"网店的回应中途断开：{host}", f"The shop's answer broke off: {host}"))
        return ShopConnectionError(Bilingual(f"无法连接网店：{host}（请检查网络和地址）",
                                             f"Could not reach the shop: {host} (check the network and address)"))

    def _budget_error(self, url: str) -> RetryBudgetExhausted:
        host = host_of(url)
        return RetryBudgetExhausted(Bilingual(
            f"网店 {host} 在 {self.policy.budget:g} 秒内没有给出可用的回应，已停止重试。",
            f"The shop {host} gave no usable answer within {self.policy.budget:g} s; stopped retrying.",
        ))

    def _wait_before_retry(self, attempt: int, deadline: float, retry_after: float | None, url: str,
                           reason: str) -> bool:
        """Sleep before the next attempt; False when attempts or the time budget are used up."""
        policy = self.policy
        if attempt >= policy.max_attempts:
            return False
        if retry_after is not None:
            capped = min(retry_after, policy.retry_after_cap)
            delay = capped + self._rng.uniform(0, min(1.0, 0.1 * capped + 0.1))
        else:
            backoff = min(policy.max_delay, policy.base_delay * (2 ** (attempt - 1)))
            delay = backoff / 2 + self._rng.uniform(0, backoff / 2)
        if self._clock() + delay >= deadline:
            return False
        log.info("retrying %s in %.2f s (%s, attempt %d of %d)", _safe_location(url), delay, reason, attempt + 1,
                 policy.max_attempts)
        self.waits.append(delay)
        self._sleep(delay)
        return True

    def _redirect_target(self, method: str, url: str, location: str) -> str:
        target = urljoin(url, location)
        parts, origin = urlsplit(target), urlsplit(url)
        if parts.scheme != "https" and not (parts.scheme == "http" and _is_loopback(parts.hostname or "")):
            raise InsecureRedirect(Bilingual(
                f"网店把请求重定向到不安全的地址 {_safe_location(target)}，已拒绝（密钥不会以明文发送）。",
                f"The shop redirected to an insecure address {_safe_location(target)}; refused "
                "(keys are never sent in plain text).",
            ))
        # Another port is another server: keys (in a header, or in the query string) never follow there.
        if method not in ("GET", "HEAD") or host_of(target) != host_of(url) or parts.scheme != origin.scheme:
            raise UnexpectedRedirect(Bilingual(
                f"网店把请求重定向到 {_safe_location(target)}。请检查网店地址是否正确（例如 www、子目录）。",
                f"The shop redirected the request to {_safe_location(target)}. Check the shop address "
                "(for example www or a sub-folder).",
            ))
        return target

    def _finish(self, method: str, url: str, response: requests.Response, deadline: float,
                expect_json: bool = True) -> ShopResponse:
        status = response.status_code
        raw = self._read_capped(response, deadline, url)
        self._log_answer(method, url, status, f"{len(raw)} bytes")
        data, problem = _parse_json(raw, response.headers.get("Content-Type", ""))
        if 200 <= status < 300:
            if problem is not None and expect_json:
                raise problem
            return ShopResponse(status, dict(response.headers), data, response.elapsed.total_seconds())
        raise self._status_error(status, data, dict(response.headers), url)

    def _read_capped(self, response: requests.Response, deadline: float, url: str) -> bytes:
        cap = self.policy.max_body_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap:
            raise self._too_large(url)
        chunks: list[bytes] = []
        size = 0
        try:
            # read1 hands back whatever has arrived instead of waiting for a full chunk: a server trickling one
            # byte every few seconds (each well inside the read timeout) meets the call's deadline, not a wait
            # for 64 KB that would never come.
            while True:
                if self._clock() > deadline:
                    raise self._budget_error(url)
                chunk = response.raw.read1(65536, decode_content=True)
                if not chunk:
                    break
                size += len(chunk)
                if size > cap:
                    raise self._too_large(url)
                chunks.append(chunk)
        except (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError,
                requests.exceptions.Timeout, urllib3.exceptions.HTTPError, OSError) as exc:
            log.warning("answer from %s broke off: %s", _safe_location(url), self.scrub(str(exc)))
            raise TruncatedResponse(Bilingual(
                "网店的回应不完整（连接中途断开）。",
                                              "The shop's answer was incomplete (the connection broke off).")) from None
        return b"".join(chunks)

    def _too_large(self, url: str) -> ResponseTooLarge:
        mb = self.policy.max_body_bytes // (1024 * 1024)
        return ResponseTooLarge(Bilingual(f"网店的回应超过 {mb} MB，已拒绝：{host_of(url)}",
                                          f"The shop's answer is larger than {mb} MB; refused: {host_of(url)}"))

    def _status_error(self, status: int, data: Any, headers: dict[str, str], url: str) -> HttpStatusError:
        code, text = _remote_code(data)
        text = self.scrub(text)[:500]
        host = host_of(url)
        if status in (401, 403):
            message = Bilingual(f"网店拒绝了密钥或权限不足（HTTP {status}）：{text or host}",
                                "The shop refused the credentials or lacks a permission (HTTP "
                                f"{status}): {text or host}")
        elif status == 404:
            message = Bilingual(f"网店上找不到这个接口（HTTP 404）：{_safe_location(url)}。请检查地址，"
                                "并确认 REST API 已启用。",
                                f"Not found on the shop (HTTP 404): {_safe_location(url)}. Check the address and that "
                                "the REST API is enabled.")
        elif status == 429:
            message = Bilingual("网店限流，多次重试后仍被拒绝。",
                                "The shop kept rate-limiting the requests after several retries.")
        else:
            message = Bilingual(f"网店返回错误（HTTP {status}）：{text or '无说明'}",
                                f"The shop answered with an error (HTTP {status}): {text or 'no details'}")
        return HttpStatusError(message, status, code or f"http_{status}", data, headers)

    def _log_answer(self, method: str, url: str, status: int, note: str) -> None:
        log.info("%s %s -> %s (%s)", method, _safe_location(url), status, note)


# ---------------------------------------------------------------- JSON


def _json_default(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _parse_json(raw: bytes, content_type: str) -> tuple[Any, ShopError | None]:
    """The parsed body, or None with the typed error that explains why it isn't usable JSON."""
    text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
    stripped = text.lstrip()
    if not stripped:
        return None, UnexpectedResponse(Bilingual("网店返回了空白回应。", "The shop returned an empty answer."))
    if stripped.startswith("<") or "html" in content_type.lower():
        return None, NotJsonResponse(Bilingual(
            "网店返回的是网页而不是数据（通常是登录页或安全插件拦截）。请检查地址、密钥，以及 REST API 是否启用。",
            "The shop returned a web page instead of data (usually a login page or a security plugin). Check the "
            "address, the keys and that the REST API is enabled.",
        ), "html_response")
    try:
        return json.loads(text, parse_float=Decimal), None
    except json.JSONDecodeError:
        if stripped[0] in "{[":
            return None, TruncatedResponse(Bilingual("网店返回的数据不完整（JSON 被截断）。",
                                                     "The shop's data was incomplete (truncated JSON)."))
        return None, NotJsonResponse(Bilingual("网店返回的不是 JSON 数据。", "The shop's answer is not JSON data."))


def _remote_code(data: Any) -> tuple[str, str]:
    """(code, message) from a WooCommerce `{"code","message"}` or GraphQL `{"errors": …}` error body."""
    if isinstance(data, dict):
        code, message = data.get("code"), data.get("message")
        if isinstance(code, str):
            return code, message if isinstance(message, str) else ""
        errors = data.get("errors")
        if isinstance(errors, str):
            return "", errors
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            first = errors[0]
            extensions = first.get("extensions")
            ext_code = extensions.get("code") if isinstance(extensions, dict) else None
            text = first.get("message")
            return (ext_code if isinstance(ext_code, str) else ""), (text if isinstance(text, str) else "")
    return "", ""
