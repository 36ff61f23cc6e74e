"""Check 11 and 8 (reliability.md): a push killed after sending and before recording resumes with exactly one
remote product per SKU; a server that never answers fails the job within its retry budget. Also: hostile answers
after the shop applied a batch, cancel and resume, dry runs write nothing, one push per shop at a time.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fakeshops import (
    WOO_KEY,
    WOO_SECRET,
    FakeClock,
    FakeShopify,
    FakeWooCommerce,
    make_catalogue,
    memory_keyring,
    shopify_credentials,
    woo_credentials,
)
from sqlmodel import select

from app import cli
from app.db import Workspace, create_workspace, open_workspace
from app.models import PushItem, PushJob, Sku
from app.services.shops.connections import connector_for
from app.services.shops.http import RetryPolicy
from app.services.shops.jobs import push_products
from app.services.shops.lock import shop_lock
from app.services.shops.reports import PushAlreadyRunning, PushHooks

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def woo_shop() -> Iterator[FakeWooCommerce]:
    with FakeWooCommerce() as fake:
        yield fake


def woo(shop: FakeWooCommerce, **http: Any) -> Any:
    return connector_for("woocommerce", shop.url, woo_credentials(), rng=random.Random(2), **http)


def one_per_sku(shop: FakeWooCommerce) -> Counter[str]:
    counts = Counter(p["sku"] for p in shop.products.values())
    assert all(n == 1 for n in counts.values()), {s: n for s, n in counts.items() if n > 1}
    return counts


def items_of(workspace: Workspace, job_id: int) -> list[PushItem]:
    with workspace.session() as session:
        return list(session.exec(select(PushItem).where(PushItem.job_id == job_id).order_by(PushItem.id)).all())


def job(workspace: Workspace, job_id: int) -> PushJob:
    with workspace.session() as session:
        found = session.get(PushJob, job_id)
        assert found is not None
        return found


def test_a_push_killed_between_sending_and_recording_resumes_without_duplicates(
        tmp_path: Path, woo_shop: FakeWooCommerce, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "killed.fdw"
    workspace = create_workspace(path)
    make_catalogue(workspace, simple=30, variable=2)
    workspace.close()
    woo_shop.hold_batches = True  # apply the batch, then hang before answering
    env = {**os.environ, "FD_WOO_KEY": WOO_KEY, "FD_WOO_SECRET": WOO_SECRET, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "main.py", "push", str(path), "--shop", "woocommerce", "--url",
                              woo_shop.url, "--all"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    try:
        assert woo_shop.batch_applied.wait(30), child.stderr.read() if child.poll() is not None else "no batch"  # type: ignore[union-attr]
        os.kill(child.pid, signal.SIGKILL)  # the shop has the products; the app never hears back
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
        woo_shop.hold_batches = False
        woo_shop.release.set()
    assert child.returncode == -signal.SIGKILL
    assert len(woo_shop.parents()) == 32  # created by the killed push, unknown to the workspace
    workspace = open_workspace(path)
    requests_before = len(woo_shop.requests)
    try:
        with workspace.session() as session:
            states = Counter(session.exec(select(PushItem.state)).all())
        assert states == {"sent": 32}  # marked sent before the request, never recorded
        monkeypatch.setenv("FD_WOO_KEY", WOO_KEY)
        monkeypatch.setenv("FD_WOO_SECRET", WOO_SECRET)
        status = cli.main(["--lang", "en", "push", str(path), "--shop", "woocommerce", "--url", woo_shop.url,
                           "--product", "P0000"])
        err = capsys.readouterr().err
        assert status == 0, err
        assert "Resumed the interrupted push job(s) 1" in err
        assert job(workspace, 1).status == "interrupted"
        resumed = job(workspace, 2)
        assert resumed.status == "done" and resumed.resumed_job_id == 1
        items = items_of(workspace, 2)
        assert len(items) == 32 and {i.state for i in items} == {"confirmed"}
        assert {i.action for i in items} == {"updated"}  # looked up by SKU first: nothing created twice
        counts = one_per_sku(woo_shop)
        assert len(woo_shop.parents()) == 32
        assert counts["P0031-WHT-M"] == 1 and counts["P0000-S"] == 1
        lookups = [r for r in woo_shop.requests[requests_before:] if r.method == "GET" and "sku" in r.query]
        assert lookups and sum(len(r.query["sku"][0].split(",")) for r in lookups) == 32
    finally:
        workspace.close()


def test_a_crash_before_recording_resumes_on_shopify_by_handle(workspace: Workspace) -> None:
    make_catalogue(workspace, simple=3, variable=1)
    clock = FakeClock()

    def crash(ids: list[int]) -> None:
        raise RuntimeError("power cut")

    with FakeShopify(clock=clock) as shop:
        def connector() -> Any:
            return connector_for("shopify", shop.url, shopify_credentials(), sleep=clock.sleep, clock=clock)

        with pytest.raises(RuntimeError):
            push_products(workspace, connector(), None, hooks=PushHooks(before_record=crash))
        assert len(shop.products) == 4 and [i.state for i in items_of(workspace, 1)] == ["sent"] * 4
        requests_before = len(shop.requests)
        report = push_products(workspace, connector(), None)
        assert report.ok and report.resumed_job_ids == [1]
        assert [i.action for i in items_of(workspace, 2)] == ["updated"] * 4
        assert len(shop.products) == 4
        lookups = [r for r in shop.requests[requests_before:] if "query FDLookup" in r.body.get("query", "")]
        assert len(lookups) == 1
        assert all(m.body["variables"]["input"].get("status") is None for m in shop.mutations()[4:])


def test_a_server_that_never_answers_fails_the_job_within_the_budget(workspace: Workspace,
                                                                      woo_shop: FakeWooCommerce) -> None:
    make_catalogue(workspace, simple=15)
    woo_shop.never_answer = "/batch"
    policy = RetryPolicy(connect_timeout=0.5, read_timeout=0.3, max_attempts=3, base_delay=0.05, budget=1.5)
    started = time.monotonic()
    report = push_products(workspace, woo(woo_shop, policy=policy, chunk_size=10), None)
    elapsed = time.monotonic() - started
    assert elapsed < policy.budget + 2.0
    assert report.fatal is not None and report.fatal.code in ("timeout", "retry_budget_exhausted")
    assert not report.ok and job(workspace, 1).status == "failed"
    items = items_of(workspace, 1)
    sent, not_sent = items[:10], items[10:]
    assert {(i.state, i.uncertain) for i in sent} == {("failed", True)}  # may have reached the shop
    assert {(i.state, i.error_code, i.uncertain) for i in not_sent} == {("failed", "not_sent", False)}
    assert len(woo_shop.batch_requests()) == 3  # one chunk, three attempts, nothing after it
    woo_shop.never_answer = False
    report = push_products(workspace, woo(woo_shop), None)
    assert report.ok and len(woo_shop.parents()) == 15
    one_per_sku(woo_shop)


@pytest.mark.parametrize("mangle", ["truncate", "login", "null"])
def test_a_hostile_answer_after_the_shop_applied_a_batch(workspace: Workspace, woo_shop: FakeWooCommerce,
                                                          mangle: str) -> None:
    make_catalogue(workspace, simple=5)
    woo_shop.mangle_next_batch = mangle
    report = push_products(workspace, woo(woo_shop), None)
    assert not report.ok
    assert {i.state for i in report.items} == {"failed"}
    assert all(i.message is not None for i in report.items)
    assert len(woo_shop.parents()) == 5  # applied, but the app could not read the answer
    again = push_products(workspace, woo(woo_shop), None)
    assert again.ok and {i.action for i in again.items} == {"updated"}
    assert len(woo_shop.parents()) == 5
    one_per_sku(woo_shop)


def test_cancel_leaves_the_rest_pending_and_the_next_push_takes_them_over(workspace: Workspace) -> None:
    make_catalogue(workspace, simple=5)
    clock = FakeClock()
    with FakeShopify(clock=clock) as shop:
        connector = connector_for("shopify", shop.url, shopify_credentials(), sleep=clock.sleep, clock=clock,
                                  chunk_size=2)
        chunks = iter([False, True])
        report = push_products(workspace, connector, None, cancelled=lambda: next(chunks))
        assert report.cancelled and not report.ok and job(workspace, 1).status == "cancelled"
        assert [i.state for i in report.items] == ["confirmed", "confirmed", "pending", "pending", "pending"]
        report = push_products(workspace, connector, ["P0000"])
        assert report.ok
        assert [(i.product_code, i.state) for i in report.items] == [
            ("P0000", "skipped"), ("P0002", "confirmed"), ("P0003", "confirmed"), ("P0004", "confirmed")]
        assert len(shop.products) == 5 and len(shop.mutations()) == 5


def test_dry_run_writes_nothing_anywhere(workspace: Workspace, woo_shop: FakeWooCommerce) -> None:
    make_catalogue(workspace, simple=4)
    assert push_products(workspace, woo(woo_shop), ["P0000"]).ok
    woo_shop.add_product("P0001-S")
    with workspace.session() as session:
        sku = session.exec(select(Sku).where(Sku.code == "P0003-S")).one()
        sku.cost = None
        session.add(sku)
    requests_before = len(woo_shop.requests)
    report = push_products(workspace, woo(woo_shop), None, dry_run=True)
    assert [(i.product_code, i.action) for i in report.items] == [
        ("P0000", "skip"), ("P0001", "update"), ("P0002", "create"), ("P0003", "fail")]
    assert not report.ok  # one would fail
    # Reads, and the empty batch that tells read-only keys apart (it creates, changes and deletes nothing).
    assert all(r.method == "GET" or r.body == {} for r in woo_shop.requests[requests_before:])
    assert len(woo_shop.parents()) == 2
    with workspace.session() as session:
        assert session.exec(select(sa.func.count()).select_from(PushJob)).one() == 1


def test_a_product_deleted_in_the_shop_is_created_again(workspace: Workspace, woo_shop: FakeWooCommerce) -> None:
    make_catalogue(workspace, simple=2)
    assert push_products(workspace, woo(woo_shop), None).ok
    gone = woo_shop.by_sku("P0001-S")[0]["id"]
    del woo_shop.products[gone]
    with workspace.session() as session:
        sku = session.exec(select(Sku).where(Sku.code == "P0001-S")).one()
        sku.weight_g = 900
        session.add(sku)
    report = push_products(workspace, woo(woo_shop), None)
    assert report.ok
    assert report.items[1].remote_id != str(gone) and len(woo_shop.by_sku("P0001-S")) == 1


def test_one_push_per_shop_at_a_time(workspace: Workspace, woo_shop: FakeWooCommerce) -> None:
    make_catalogue(workspace, simple=1)
    connector = woo(woo_shop)
    with shop_lock("woocommerce", connector.http.base_url), pytest.raises(PushAlreadyRunning):
        push_products(workspace, connector, None)
    assert push_products(workspace, connector, None).ok


# ---------------------------------------------------------------- the Export page


def test_the_export_page_stays_responsive_while_a_shop_never_answers(
        qtbot: Any, workspace: Workspace, woo_shop: FakeWooCommerce, monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from PySide6.QtCore import QTimer

    from app.services.shops.connections import connector_for_connection
    from app.services.shops.reports import PushReport
    from app.services.shops.secrets import SecretKind
    from app.services.shops.service import ShopService
    from app.views.export.page import ConnectionDialog, ExportPage
    from app.views.kit.tasks import TaskRunner

    monkeypatch.delenv("FD_WOO_KEY", raising=False)
    monkeypatch.delenv("FD_WOO_SECRET", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(memory_keyring())
    tasks = TaskRunner()
    try:
        make_catalogue(workspace, simple=3)
        policy = RetryPolicy(connect_timeout=0.5, read_timeout=0.3, max_attempts=3, base_delay=0.05, budget=1.5)
        page = ExportPage(ShopService(workspace, lambda c, o: connector_for_connection(c, overrides=o, policy=policy)),
                          tasks)
        qtbot.addWidget(page)
        assert not page.no_shops.isHidden() and page.shop_list.isHidden()   # a new user is told what to do
        dialog = ConnectionDialog(page)
        dialog.kind.setCurrentIndex(dialog.kind.findData("woocommerce"))
        dialog.url.setText(woo_shop.url)
        dialog.fields[SecretKind.WOO_KEY].setText(WOO_KEY)
        dialog.fields[SecretKind.WOO_SECRET].setText(WOO_SECRET)
        dialog.accept()
        assert page.add_connection(dialog) and page.shop_list.count() == 1
        assert page.no_shops.isHidden() and not page.shop_list.isHidden()
        assert page.checked_codes() == ["P0000", "P0001", "P0002"]
        with qtbot.waitSignal(page.finished, timeout=15000) as dry:
            page.start_push(dry_run=True)
        assert isinstance(dry.args[0], PushReport) and dry.args[0].dry_run
        assert page.items_model.rowCount() == 3 and [r.body for r in woo_shop.batch_requests()] == [{}]
        woo_shop.never_answer = "/batch"
        ticks: list[int] = []
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(1))
        timer.start(20)
        started = time.monotonic()
        with qtbot.waitSignal(page.finished, timeout=15000):
            page.start_push(dry_run=False)
            assert page.cancel_button.isEnabled() and not page.push_button.isEnabled()
        elapsed = time.monotonic() - started
        timer.stop()
        assert elapsed < policy.budget + 3
        assert len(ticks) >= elapsed / 0.02 * 0.3  # the event loop kept turning while the shop was silent
        report = page.last_report
        assert report is not None and report.fatal is not None and report.count(state="failed") == 3
        assert page.retry_button.isEnabled() and page.history.count() == 1
        woo_shop.never_answer = False
        with qtbot.waitSignal(page.finished, timeout=15000):
            page.retry_failed()
        assert page.last_report is not None and page.last_report.ok
        assert page.history.count() == 2 and len(woo_shop.parents()) == 3
        page._show_job(page.history.item(1))
        assert page.items_model.rowCount() == 3
    finally:
        tasks.wait()
        keyring.set_keyring(previous)
