"""The shop HTTP client against a real server on 127.0.0.1: timeouts, bounded retries, hostile answers, redaction.

Check 8 (reliability.md): every call has a timeout and a server that never answers fails within the budget.
"""

from __future__ import annotations

import email.utils
import logging
import random
import time
from collections.abc import Iterator
from decimal import Decimal

import pytest
import requests
from fakeshops import FakeServer

from app.services.shops.http import (
    HttpStatusError,
    InsecureRedirect,
    InsecureUrl,
    NotJsonResponse,
    ResponseTooLarge,
    RetryBudgetExhausted,
    RetryPolicy,
    ShopConnectionError,
    ShopHttp,
    ShopTimeout,
    TlsError,
    TruncatedResponse,
    UnexpectedRedirect,
    UnexpectedResponse,
    normalise_shop_url,
    parse_retry_after,
)

FAST = RetryPolicy(connect_timeout=1.0, read_timeout=1.0, max_attempts=4, base_delay=0.5, max_delay=4.0,
                   retry_after_cap=5.0, budget=60.0)


class Sleeper:
    """An injected sleep that records waits and advances an injected clock."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer() as fake:
        yield fake


def client(server: FakeServer, sleeper: Sleeper | None = None, policy: RetryPolicy = FAST,
           **kwargs: object) -> ShopHttp:
    sleeper = sleeper or Sleeper()
    return ShopHttp(server.url, policy=policy, sleep=sleeper.sleep, clock=sleeper.clock, rng=random.Random(7),
                    **kwargs)  # type: ignore[arg-type]


# ---------------------------------------------------------------- URLs


@pytest.mark.parametrize("url", ["http://shop.example", "http://10.0.0.5", "ftp://shop.example", "https://", "",
                                 "http://localhost:8080", "https://user:pw@shop.example",
                                 "https://shop.example/?consumer_key=x"])
def test_refused_urls(url: str) -> None:
    with pytest.raises(InsecureUrl):
        normalise_shop_url(url)


@pytest.mark.parametrize(("url", "expected"), [
    ("https://Shop.Example/", "https://shop.example"),
    ("shop.myshopify.com", "https://shop.myshopify.com"),
    ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
    ("http://127.9.9.9", "http://127.9.9.9"),
    ("http://[::1]:81", "http://[::1]:81"),
    ("https://shop.example/store/", "https://shop.example/store"),
])
def test_accepted_urls(url: str, expected: str) -> None:
    assert normalise_shop_url(url) == expected


def test_an_unverified_session_is_refused(server: FakeServer) -> None:
    session = requests.Session()
    session.verify = False
    with pytest.raises(TlsError):
        ShopHttp(server.url, session=session)


# ---------------------------------------------------------------- retries


def test_429_honours_retry_after_seconds_then_succeeds(server: FakeServer) -> None:
    sleeper = Sleeper()
    server.queue(429, {"code": "too_many"}, {"Retry-After": "3"})
    server.queue(200, {"ok": True})
    response = client(server, sleeper).get("x")
    assert response.data == {"ok": True}
    assert len(sleeper.waits) == 1 and 3.0 <= sleeper.waits[0] <= 4.0
    assert len(server.requests) == 2


def test_retry_after_as_http_date_and_cap(server: FakeServer) -> None:
    sleeper = Sleeper()
    soon = email.utils.formatdate(time.time() + 2, usegmt=True)
    server.queue(429, b"", {"Retry-After": soon})
    server.queue(429, b"", {"Retry-After": "86400"})  # a day: capped at retry_after_cap
    server.queue(200, {"ok": 1})
    client(server, sleeper).get("x")
    assert 0.5 <= sleeper.waits[0] <= 3.5
    assert FAST.retry_after_cap <= sleeper.waits[1] <= FAST.retry_after_cap + 1.0


def test_parse_retry_after() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(" 0 ") == 0.0
    assert parse_retry_after("-5") == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
    assert parse_retry_after("nan") is None
    date = email.utils.formatdate(1_000_030, usegmt=True)
    assert parse_retry_after(date, now=1_000_000) == pytest.approx(30, abs=1)


def test_5xx_backs_off_exponentially_and_gives_up_after_max_attempts(server: FakeServer) -> None:
    sleeper = Sleeper()
    for _ in range(10):
        server.queue(503, {"code": "down"})
    with pytest.raises(HttpStatusError) as caught:
        client(server, sleeper).post("x", {"a": 1}, idempotent=True)
    assert caught.value.status == 503 and caught.value.fatal and caught.value.uncertain
    assert len(server.requests) == FAST.max_attempts
    assert len(sleeper.waits) == FAST.max_attempts - 1
    for attempt, wait in enumerate(sleeper.waits, start=1):  # equal jitter: between half and all of the backoff
        backoff = min(FAST.max_delay, FAST.base_delay * 2 ** (attempt - 1))
        assert backoff / 2 <= wait <= backoff


def test_4xx_is_not_retried(server: FakeServer) -> None:
    server.queue(400, {"code": "rest_invalid_param", "message": "bad"})
    with pytest.raises(HttpStatusError) as caught:
        client(server).post("x", {})
    assert caught.value.code == "rest_invalid_param" and not caught.value.fatal
    assert len(server.requests) == 1


def test_retry_after_beyond_the_budget_fails_at_once(server: FakeServer) -> None:
    sleeper = Sleeper()
    server.queue(429, b"", {"Retry-After": "50"})
    policy = RetryPolicy(retry_after_cap=100, budget=10, max_attempts=5)
    with pytest.raises(HttpStatusError) as caught:
        client(server, sleeper, policy).get("x")
    assert caught.value.status == 429 and sleeper.waits == []


def test_connection_refused_is_retried_then_typed() -> None:
    with FakeServer() as fake:
        url = fake.url
    sleeper = Sleeper()
    http = ShopHttp(url, policy=FAST, sleep=sleeper.sleep, clock=sleeper.clock)
    with pytest.raises(ShopConnectionError) as caught:
        http.get("x")
    assert caught.value.fatal and len(sleeper.waits) == FAST.max_attempts - 1


def test_a_server_that_never_answers_fails_within_the_budget(server: FakeServer) -> None:
    server.never_answer = True
    policy = RetryPolicy(connect_timeout=0.5, read_timeout=0.3, max_attempts=10, base_delay=0.05, budget=1.5)
    started = time.monotonic()
    with pytest.raises((ShopTimeout, RetryBudgetExhausted)) as caught:
        ShopHttp(server.url, policy=policy).post("x", {"a": 1}, idempotent=True)
    elapsed = time.monotonic() - started
    assert elapsed < policy.budget + 1.0
    assert caught.value.fatal and caught.value.uncertain
    assert len(server.requests) >= 2  # it did retry


def test_a_server_trickling_its_answer_meets_the_budget(server: FakeServer) -> None:
    """One byte every 0.2 s — each read well inside the 5 s read timeout — must not keep a call alive past its
    budget (it kept a push alive past 600 s with a 180 s budget)."""
    server.queue(200, {"padding": "x" * 400})
    server.trickle = 0.2
    policy = RetryPolicy(connect_timeout=1, read_timeout=5, max_attempts=3, base_delay=0.05, budget=1.5)
    started = time.monotonic()
    with pytest.raises((RetryBudgetExhausted, ShopTimeout)):
        ShopHttp(server.url, policy=policy).get("slow")
    assert time.monotonic() - started < policy.budget + 1.0


def test_a_redirect_to_another_port_of_the_same_host_is_not_followed(server: FakeServer) -> None:
    """Another port is another server: query-string keys must not follow there."""
    other = server.url.rsplit(":", 1)[0] + ":1"
    server.queue(302, b"", {"Location": f"{other}/wp-json/wc/v3/products?consumer_key=ck_x"})
    with pytest.raises(UnexpectedRedirect):
        ShopHttp(server.url).get("wp-json/wc/v3/products", params={"consumer_key": "ck_x"})
    assert len(server.requests) == 1


def test_a_read_timeout_is_not_retried_for_a_non_idempotent_call(server: FakeServer) -> None:
    server.never_answer = True
    policy = RetryPolicy(connect_timeout=0.5, read_timeout=0.3, max_attempts=5, base_delay=0.05, budget=5)
    with pytest.raises(ShopTimeout):
        ShopHttp(server.url, policy=policy).post("x", {"a": 1})
    assert len(server.requests) == 1


# ---------------------------------------------------------------- hostile answers


def test_html_login_page_with_200(server: FakeServer) -> None:
    server.queue_login_page()
    with pytest.raises(NotJsonResponse) as caught:
        client(server).get("x")
    assert caught.value.code == "html_response" and caught.value.fatal
    assert "login" in caught.value.message.en


def test_truncated_json(server: FakeServer) -> None:
    server.queue_truncated({"create": [{"id": 1, "name": "x" * 50}]})
    with pytest.raises(TruncatedResponse):
        client(server).get("x")


@pytest.mark.parametrize("body", [b"", b"   ", b"not json at all"])
def test_empty_or_garbage_bodies(server: FakeServer, body: bytes) -> None:
    server.queue(200, body)
    with pytest.raises((UnexpectedResponse, NotJsonResponse)):
        client(server).get("x")


def test_huge_bodies_are_refused_while_streaming(server: FakeServer) -> None:
    server.queue(200, b"[" + b"1," * 200_000 + b"1]")
    policy = RetryPolicy(max_body_bytes=100_000)
    with pytest.raises(ResponseTooLarge):
        client(server, policy=policy).get("x")


def test_decimal_numbers_stay_exact(server: FakeServer) -> None:
    server.queue(200, b'{"price": 12345678901234567.89, "n": 3}')
    data = client(server).get("x").data
    assert data == {"price": Decimal("12345678901234567.89"), "n": 3}


def test_redirect_to_plain_http_is_refused(server: FakeServer) -> None:
    server.queue(302, b"", {"Location": "http://shop.example.invalid/wp-login.php?redirect_to=x"})
    with pytest.raises(InsecureRedirect) as caught:
        client(server).get("x")
    assert "redirect_to" not in caught.value.message.en  # no query strings in messages
    assert len(server.requests) == 1


def test_redirects_are_followed_only_for_get_on_the_same_host(server: FakeServer) -> None:
    server.queue(301, b"", {"Location": "/moved"})
    server.queue(200, {"ok": True})
    assert client(server).get("x").data == {"ok": True}
    assert server.requests[-1].path == "/moved"
    server.queue(307, b"", {"Location": "/moved"})
    with pytest.raises(UnexpectedRedirect):
        client(server).post("x", {})


# ---------------------------------------------------------------- secrets in logs and messages


def test_logs_and_messages_never_carry_the_secrets(server: FakeServer, caplog: pytest.LogCaptureFixture) -> None:
    key, secret = "ck_" + "9" * 40, "cs_" + "8" * 40
    echo = f"Invalid signature for Authorization: Basic x; consumer_key={key} secret {secret}"
    server.queue(503, b"oops")
    server.queue(401, {"code": "woocommerce_rest_authentication_error", "message": echo})
    http = client(server, auth=(key, secret))
    with caplog.at_level(logging.DEBUG, logger="app.services.shops"), pytest.raises(HttpStatusError) as caught:
        http.get("products", params={"consumer_key": key, "consumer_secret": secret})
    text = caplog.text + caught.value.message.en + caught.value.message.zh + str(caught.value)
    assert key not in text and secret not in text
    assert "consumer_key" not in caplog.text  # URLs are logged without their query string
    assert caught.value.fatal and caught.value.code == "woocommerce_rest_authentication_error"
    assert server.requests[-1].headers["Authorization"].startswith("Basic ")


@pytest.mark.parametrize("pasted", ["shpat_0123456789abcdef0123456789abcdef", "ck_0123456789abcdef", "myshop"])
def test_a_token_pasted_as_the_address_is_refused(pasted: str) -> None:
    """The address is stored and shown in plain text: a key pasted there must never be accepted."""
    from app.services.shops.http import InsecureUrl, normalise_shop_url

    with pytest.raises(InsecureUrl):
        normalise_shop_url(pasted)
    assert normalise_shop_url("myshop.myshopify.com") == "https://myshop.myshopify.com"
    assert normalise_shop_url("http://127.0.0.1:8080/") == "http://127.0.0.1:8080"
