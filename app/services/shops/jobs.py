"""Push jobs that survive anything: planned and written down before the first request, recorded item by item.

A push to one shop:
1. takes the shop's lock on this computer (a second push into the same shop — from another workspace, a copy of
   this one, another window — waits its turn: two at once duplicate variations that later pushes can't tell apart);
2. finds what earlier jobs left unfinished (items `pending` or `sent`, from a job that was killed or cancelled)
   and takes those products over; a job still `running` is marked `interrupted`;
3. builds each product's payload from the catalogue, the pricing engine and its pictures, and its content hash; a
   product whose hash equals the last *confirmed* push to this shop is a candidate to skip;
4. writes the job and one item per product (pending / skipped / failed-before-sending) — before any request;
5. asks the shop for its currency (prices are made in the channel profile's currency: a mismatch fails every
   item rather than listing wrong prices);
6. verifies, with cheap reads, every product the shop should have from earlier pushes: one edited in the shop
   (price, name, variants…) is sent again even though the workspace didn't change, one deleted there is created
   again, one in the shop's trash is restored as a draft and reported; with `force` every product is sent;
7. looks up every product the app has no shop id for — by handle or SKU — before creating anything: found → it is
   updated in place (its status and handle untouched), so a product already live in the shop is never turned
   into a draft, and nothing is created twice;
8. sends chunks: each chunk's items are marked `sent` (committed) before its request, and every item's result
   is recorded after it. A fatal shop error (unreachable, refused keys, login page…) stops the job; the items
   not yet sent fail as `not_sent`.
`dry_run=True` does steps 2, 3 and 5–7 with reads only (plus a check that the keys may write, without writing),
and reports per product exactly what the push would do; it writes nothing to the shop or the workspace. A dry run
that the shop refused lists every product as unchecked, never as "create".

Prices: each SKU is priced for the shop's channel profile (`shopify` / `woocommerce`, with the user's saved
edits) by `PricingService.price_sku`, the one place that prices a SKU from a plan as the Pricing page does. A
product with a saved pricing plan uses it (target, discount, ending, returns, and a price override for the channel
if the user set one), with the SKU's own cost as the ex-factory cost. A product without a plan is priced the same
way from its default plan (the SKU's cost, the channel's defaults) at a 30% margin on net revenue
(`DEFAULT_MARGIN`). The shop price is the paid price; with a discount, the undiscounted price is the compare-at
price (Shopify) or `regular_price` with `sale_price` (WooCommerce).

Pictures: the gallery the platform's listing pack would show (`pictures.shop_pictures`), uploaded once each and
then re-used by id; `send_pictures=False` (the user's choice) pushes without them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from app.db import Workspace
from app.models.bilingual import Bilingual
from app.models.handles import handle_clashes
from app.models.push import PushItem, PushJob
from app.models.types import utc_now
from app.services.kernel.jobs import CancelCheck, Progress
from app.services.pricing.plans import PricingService
from app.services.shops.connections import ensure_connection, find_connection
from app.services.shops.contract import (
    Connector,
    Drift,
    ItemOutcome,
    ProductPayload,
    PushUnit,
    RemoteRef,
)
from app.services.shops.http import ShopError, UnexpectedResponse
from app.services.shops.lock import shop_busy, shop_lock
from app.services.shops.payloads import PayloadBuilder, PriceUnavailable, all_product_codes, content_hash
from app.services.shops.reports import ItemReport, PushHooks, PushInputError, PushReport

log = logging.getLogger(__name__)


# ---------------------------------------------------------------- history of a shop


@dataclass(frozen=True)
class _History:
    """What earlier pushes to the shop left, per product code."""

    latest: Mapping[str, PushItem]
    confirmed_hash: Mapping[str, str]
    remote: Mapping[str, tuple[str, dict[str, Any]]]
    unfinished_jobs: tuple[int, ...]

    def uncertain(self, code: str) -> bool:
        """The last attempt may have reached the shop without the app learning the outcome."""
        item = self.latest.get(code)
        return item is not None and (item.state == "sent" or (item.state == "failed" and item.uncertain))

    def carried_over(self) -> list[str]:
        """Products an earlier job left pending or sent."""
        return sorted(code for code, item in self.latest.items() if item.state in ("pending", "sent"))


def _history(session: Session, shop_id: int | None) -> _History:
    if shop_id is None:
        return _History({}, {}, {}, ())
    items = sa.select(col(PushItem.id)).join(PushJob, col(PushJob.id) == col(PushItem.job_id)).where(
        col(PushJob.shop_id) == shop_id)

    def newest(query: Any) -> dict[str, PushItem]:
        ids = query.with_only_columns(sa.func.max(PushItem.id)).group_by(PushItem.product_code)
        rows = session.exec(select(PushItem).where(col(PushItem.id).in_(ids))).all()
        return {row.product_code: row for row in rows}

    latest = newest(items)
    confirmed = newest(items.where(col(PushItem.state) == "confirmed"))
    with_remote = newest(items.where(col(PushItem.remote_id) != ""))
    unfinished = session.exec(select(PushJob.id).where(PushJob.shop_id == shop_id, PushJob.status == "running")).all()
    return _History(
        latest=latest,
        confirmed_hash={code: item.content_hash for code, item in confirmed.items()},
        remote={code: (item.remote_id, dict(item.remote_refs or {})) for code, item in with_remote.items()},
        unfinished_jobs=tuple(i for i in unfinished if i is not None),
    )


# ---------------------------------------------------------------- pushing


@dataclass
class _Plan:
    code: str
    key: str = ""
    payload: ProductPayload | None = None
    digest: str = ""
    action: str = "create"   # create / update / lookup / skip / fail
    remote_id: str = ""
    refs: dict[str, Any] = field(default_factory=dict)
    error_code: str = ""
    message: Bilingual | None = None
    note: Bilingual | None = None
    item_id: int | None = None
    #: Found in the shop's trash: restore it as a draft while updating it.
    restore: bool = False
    remote: RemoteRef | None = None
    #: No earlier push to this shop knew the product: one found there was made elsewhere, and is adopted.
    new_to_shop: bool = False

    def unit(self) -> PushUnit:
        assert self.payload is not None and self.item_id is not None
        return PushUnit(self.item_id, self.key, self.payload, self.remote_id or None, self.refs, self.restore)


def push_products(
    workspace: Workspace,
    connector: Connector,
    codes: Sequence[str] | None,
    *,
    dry_run: bool = False,
    force: bool = False,
    credential_ref: str = "keyring",
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    today: date | None = None,
    hooks: PushHooks | None = None,
) -> PushReport:
    """Push `codes` (None: every product) to the connector's shop. See the module docstring for the steps.

    `force` sends every product even when neither the workspace nor the shop changed it. Raises
    `PushInputError` for unknown product codes and `PushAlreadyRunning`; every shop failure is reported in the
    `PushReport` (per item, and `fatal` when the job stopped early).
    """
    url = connector.http.base_url
    wanted = list(dict.fromkeys(codes)) if codes is not None else all_product_codes(workspace)
    known = set(all_product_codes(workspace)) if codes is not None else set(wanted)
    unknown = [c for c in wanted if c not in known]
    if unknown:
        raise PushInputError(Bilingual(f"找不到产品：{', '.join(unknown[:10])}",
                                       f"Unknown product: {', '.join(unknown[:10])}"))
    report = PushReport(connector.kind, url, dry_run)
    if dry_run:
        return _dry_run(workspace, connector, wanted, report, today, force)
    with shop_lock(connector.kind, url):
        return _run(workspace, connector, wanted, report, credential_ref, progress, cancelled, today,
                    hooks or PushHooks(), force)


def _planned(workspace: Workspace, connector: Connector, wanted: list[str], history: _History,
             today: date | None, force: bool) -> list[_Plan]:
    """One plan per product: payload, hash and what to do, from the workspace alone."""
    codes = list(dict.fromkeys(wanted + history.carried_over()))
    builder = PayloadBuilder(workspace, connector.kind, today, pictures=connector.send_pictures)
    built = builder.build(codes)
    plans = []
    for code in codes:
        plan = _Plan(code)
        result = built.get(code)
        if result is None:  # carried over from an earlier job, since deleted from the catalogue
            continue
        if isinstance(result, PriceUnavailable):
            plan.key, plan.action, plan.error_code, plan.message = code, "fail", result.code, result.message
            plans.append(plan)
            continue
        plan.payload, plan.key = result, connector.key_for(result)
        problem = connector.check(result)
        if problem is not None:
            plan.action, plan.error_code, plan.message = "fail", problem.code, problem.message
            plans.append(plan)
            continue
        plan.digest = content_hash(connector, result)
        plan.new_to_shop = code not in history.latest
        remote_id, refs = history.remote.get(code, ("", {}))
        plan.remote_id, plan.refs = remote_id, refs
        unchanged = history.confirmed_hash.get(code) == plan.digest and not history.uncertain(code)
        if remote_id and unchanged and not force:
            plan.action = "skip"
        elif remote_id:
            plan.action = "update"
        else:
            plan.action = "lookup"  # never create before asking the shop whether it has the product
        plans.append(plan)
    _refuse_shared_keys(plans, connector)
    return plans


def _refuse_shared_keys(plans: list[_Plan], connector: Connector) -> None:
    """Two products that would land on one shop product (codes that differ only in punctuation or case make the same
    handle) both fail: pushing them would merge two products into one."""
    clashes = handle_clashes(p.code for p in plans if p.action != "fail") if connector.kind == "shopify" else {}
    for plan in plans:
        codes = clashes.get(plan.key)
        if codes and plan.code in codes:
            others = ", ".join(c for c in codes if c != plan.code)
            plan.action, plan.error_code = "fail", "handle_clash"
            plan.message = Bilingual(
                f"产品编码 {plan.code} 与 {others} 在网店里会是同一个网址别名（{plan.key}）：请修改其中一个编码。",
                f"Product codes {plan.code} and {others} make the same shop handle ({plan.key}): change "
                "one of the codes.")


def _currency_problem(connector: Connector, builder_currency: str) -> Bilingual | None:
    shop_currency = connector.shop_currency()
    if shop_currency is None or shop_currency == builder_currency:
        return None
    return Bilingual(
        f"网店币种是 {shop_currency}，而 {connector.kind} 渠道的定价币种是 {builder_currency}：价格会出错，已全部停止。"
        "请在定价页修改该渠道的币种或汇率后再推送。",
        f"The shop's currency is {shop_currency} but the {connector.kind} channel prices in {builder_currency}: the "
        "prices would be wrong, so nothing was sent. Change the channel's currency on the Pricing page first.",
    )


def _channel_currency(workspace: Workspace, connector: Connector) -> str:
    return PricingService(workspace).profile(connector.kind).currency


def _consult_shop(connector: Connector, plans: list[_Plan], force: bool) -> None:
    """Steps 6 and 7: what the shop has now decides each plan's action (reads only).

    Verified products: edited in the shop → update, deleted there → create again, in the trash → restore and
    update. Products without a shop id: found by handle or SKU → update in place, else create."""
    checked = [p for p in plans if p.action in ("update", "skip") and p.payload is not None]
    units = [PushUnit(index, p.key, p.payload, p.remote_id, p.refs) for index, p in enumerate(checked)
             if p.payload is not None]
    drifts = connector.verify(units) if units else {}
    for index, plan in enumerate(checked):
        _apply_drift(plan, drifts.get(index, Drift("same")), force)
    unknown = [p for p in plans if p.action in ("create", "lookup") and p.payload is not None]
    found = connector.lookup([p.payload for p in unknown if p.payload is not None]) if unknown else {}
    for plan in unknown:
        ref = found.get(plan.key)
        plan.remote = ref
        if ref is None:
            plan.action, plan.remote_id, plan.refs = "create", "", {}
            continue
        plan.action, plan.remote_id, plan.refs = "update", ref.remote_id, dict(ref.refs)
        if plan.new_to_shop:
            plan.refs["adopt"] = True  # reported as adopted: made by hand, by a CSV import or on another PC
        if ref.status == "trash":
            plan.restore = True
        if ref.duplicates:
            plan.note = _duplicates_note(ref.duplicates)


def _apply_drift(plan: _Plan, drift: Drift, force: bool) -> None:
    if drift.state == "missing":
        plan.action, plan.remote_id, plan.refs = "lookup", "", {}
        plan.note = Bilingual("网店里已删除这个产品：将重新创建。", "Deleted in the shop: it will be created again.")
    elif drift.state == "trashed":
        plan.action, plan.restore = "update", True
        plan.note = Bilingual("在网店的回收站里找到这个产品：将恢复为草稿并更新。",
                              "Found in the shop's Trash: it will be restored as a draft and updated.")
    elif drift.state == "changed":
        plan.action = "update"
        listed = ", ".join(drift.details[:6])
        plan.note = Bilingual(f"网店里被修改过（{listed}）：将按工作区重新发送。",
                              f"Changed in the shop ({listed}): it will be sent again from the workspace.")
    elif force and plan.action == "skip":
        plan.action = "update"


def _duplicates_note(duplicates: Sequence[str]) -> Bilingual:
    listed = "; ".join(duplicates[:5])
    return Bilingual(f"网店里有不是本工作区创建的重复 SKU：{listed}。请在网店后台删除多余的。",
                     f"The shop has duplicate SKUs this workspace did not create: {listed}. Delete the extra ones in "
                     "the shop's admin.")


def _dry_run(workspace: Workspace, connector: Connector, wanted: list[str], report: PushReport,
             today: date | None, force: bool) -> PushReport:
    with workspace.session() as session:
        shop = find_connection(session, connector.kind, connector.http.base_url)
        history = _history(session, shop.id if shop is not None else None)
        session.expunge_all()
    plans = _planned(workspace, connector, wanted, history, today, force)
    report.notes.extend(_dry_run_job_notes(connector, history) + list(connector.notes))
    try:
        problem = connector.write_access()
        if problem is not None:
            raise problem
        sending = any(p.action in ("update", "skip", "lookup") for p in plans)
        currency = _currency_problem(connector, _channel_currency(workspace, connector)) if sending else None
        if currency is not None:
            for plan in plans:
                if plan.action != "fail":
                    plan.action, plan.error_code, plan.message = "fail", "currency_mismatch", currency
        _consult_shop(connector, plans, force)
    except ShopError as error:
        report.fatal = error
        for plan in plans:
            if plan.action != "fail":  # the shop didn't answer: nothing is known about what the push would do
                plan.action, plan.error_code = "fail", "not_checked"
                plan.message = Bilingual(f"无法核对：{error.message.zh}", f"Could not be checked: {error.message.en}")
    for plan in plans:
        if plan.action in ("create", "update") and plan.payload is not None and plan.note is None:
            unit = PushUnit(0, plan.key, plan.payload, plan.remote_id or None, plan.refs, plan.restore)
            plan.note = connector.plan_note(unit, plan.remote)
    report.items = [ItemReport(p.code, p.key, p.action, "planned", p.remote_id, p.error_code, p.message, p.note)
                    for p in plans]
    return report


def _dry_run_job_notes(connector: Connector, history: _History) -> list[Bilingual]:
    """What the dry run can say about unfinished jobs: a running push is not the dry run's to resume."""
    if shop_busy(connector.kind, connector.http.base_url):
        return [Bilingual("另一个向这家网店的推送正在进行：试运行显示的是网店此刻的情况，不会接续那个推送。",
                          "A push into this shop is running now: this dry run shows the shop as it is at this moment "
                          "and does not resume that push.")]
    if history.unfinished_jobs:
        ids = ", ".join(str(i) for i in history.unfinished_jobs)
        return [Bilingual(f"下次推送会接续被中断的推送任务 {ids}。",
                          f"The next push will resume the interrupted push job(s) {ids}.")]
    return []


def _run(workspace: Workspace, connector: Connector, wanted: list[str], report: PushReport, credential_ref: str,
         progress: Progress | None, cancelled: CancelCheck | None, today: date | None, hooks: PushHooks,
         force: bool) -> PushReport:
    url = connector.http.base_url
    with workspace.session() as session:
        shop = ensure_connection(session, connector.kind, url, credential_ref)
        shop_id = shop.id
        assert shop_id is not None  # found, or added and flushed: the row has its id
        history = _history(session, shop_id)
        session.expunge_all()
    plans = _planned(workspace, connector, wanted, history, today, force)
    report.resumed_job_ids = list(history.unfinished_jobs)
    report.notes.extend(connector.notes)
    _write_job(workspace, report, history, shop_id, plans)
    log.info("push job %s to %s %s: %d items", report.job_id, connector.kind, url, len(plans))
    recorder = _Recorder(workspace, report.job_id, connector)
    recorder.messages.update({p.item_id: p.message for p in plans if p.item_id is not None and p.message})
    try:
        # Steps 5–7: currency, verify what the shop should have, look up what it may have (reads only).
        to_check = [p for p in plans if p.action in ("update", "lookup", "skip")]
        problem = _currency_problem(connector, _channel_currency(workspace, connector)) if to_check else None
        if problem is not None:
            recorder.fail_all(to_check, "currency_mismatch", problem)
            for plan in to_check:
                plan.action = "fail"
        else:
            _consult_shop(connector, plans, force)
            recorder.actions([p for p in plans if p.item_id is not None and p.action != "fail"])
    except ShopError as error:  # nothing was written to the shop
        report.fatal = error
        recorder.fail_all([p for p in plans if p.action != "fail"], "not_sent",
                          Bilingual(f"未发送：{error.message.zh}", f"Not sent: {error.message.en}"), only_pending=True)
        recorder.finish(report)
        return report
    recorder.notes.update({p.item_id: p.note for p in plans if p.item_id is not None and p.note})
    _send(connector, [p for p in plans if p.action in ("create", "update")], report, recorder, progress,
          cancelled, hooks)
    recorder.finish(report)
    return report


def _write_job(workspace: Workspace, report: PushReport, history: _History, shop_id: int,
               plans: list[_Plan]) -> None:
    """Step 4: the job and every item, before the first request."""
    with workspace.session() as session:
        for job_id in history.unfinished_jobs:
            old = session.get(PushJob, job_id)
            if old is not None:
                old.status, old.finished_at = "interrupted", utc_now()
                session.add(old)
        job = PushJob(shop_id=shop_id,
                      resumed_job_id=max(history.unfinished_jobs, default=None))
        session.add(job)
        session.flush()
        assert job.id is not None
        report.job_id = job.id
        for plan in plans:
            state = {"skip": "skipped", "fail": "failed"}.get(plan.action, "pending")
            row = PushItem(job_id=job.id, product_code=plan.code, remote_key=plan.key, state=state,
                           action=plan.action if plan.action in ("create", "update", "skip", "fail") else "",
                           remote_id=plan.remote_id, remote_refs=plan.refs, content_hash=plan.digest,
                           error_code=plan.error_code, error_message=plan.message.en if plan.message else "")
            session.add(row)
            session.flush()
            plan.item_id = row.id


def _send(connector: Connector, to_send: list[_Plan], report: PushReport, recorder: _Recorder,
          progress: Progress | None, cancelled: CancelCheck | None, hooks: PushHooks) -> None:
    """Step 8: chunks (the size is read each time: a WooCommerce 413 halves it for the rest of the job)."""
    total, done, start = len(to_send), 0, 0
    if progress:
        progress(0, total)
    while start < len(to_send):
        if cancelled is not None and cancelled():
            report.cancelled = True
            return
        chunk = to_send[start:start + max(1, connector.chunk_size)]
        ids = [p.item_id for p in chunk if p.item_id is not None]
        recorder.mark_sent(ids)
        if hooks.after_mark_sent:
            hooks.after_mark_sent(ids)
        outcomes = connector.push([p.unit() for p in chunk])
        if hooks.before_record:
            hooks.before_record(ids)
        fatal = recorder.record(chunk, outcomes)
        done += len(chunk)
        start += len(chunk)
        if progress:
            progress(done, total)
        if fatal is not None:
            report.fatal = fatal
            recorder.fail_all(to_send[start:], "not_sent", Bilingual(
                f"未发送：{fatal.message.zh}", f"Not sent: {fatal.message.en}"))
            return


class _Recorder:
    """Every write of a running push: small transactions, each committed before the next request."""

    def __init__(self, workspace: Workspace, job_id: int | None, connector: Connector) -> None:
        self.workspace, self.job_id, self.connector = workspace, job_id, connector
        #: The latest message per item id, in both languages (the database keeps the English one).
        self.messages: dict[int, Bilingual] = {}
        #: Notes per item id (repaired drift, duplicates found, pictures left out), for the report.
        self.notes: dict[int, Bilingual] = {}

    def _scrub(self, text: str) -> str:
        return self.connector.http.scrub(text)

    def _remember(self, item_id: int | None, message: Bilingual) -> None:
        if item_id is not None:
            self.messages[item_id] = Bilingual(self._scrub(message.zh), self._scrub(message.en))

    def mark_sent(self, item_ids: list[int]) -> None:
        self._update(item_ids, state="sent")

    def actions(self, plans: Sequence[_Plan]) -> None:
        """Record what the shop's answers decided: the action, the shop id and parts found, the new state."""
        with self.workspace.session() as session:
            for plan in plans:
                row = session.get(PushItem, plan.item_id)
                if row is not None:
                    row.action, row.remote_id, row.remote_refs = plan.action, plan.remote_id, plan.refs
                    if row.state == "skipped" and plan.action == "update":
                        row.state = "pending"  # repaired: edited in the shop, or forced
                    session.add(row)

    def _update(self, item_ids: Sequence[int], **values: Any) -> None:
        now = utc_now()
        with self.workspace.session() as session:
            session.execute(sa.update(PushItem).where(col(PushItem.id).in_(item_ids))
                            .values(updated_at=now, **values))
            session.execute(sa.update(PushJob).where(col(PushJob.id) == self.job_id).values(updated_at=now))

    def record(self, chunk: Sequence[_Plan], outcomes: Mapping[int, ItemOutcome]) -> ShopError | None:
        """Each item's result; returns the fatal error among them, if any."""
        fatal = None
        with self.workspace.session() as session:
            for plan in chunk:
                row = session.get(PushItem, plan.item_id)
                if row is None:
                    continue
                outcome = outcomes.get(row.id or -1) or ItemOutcome.failed(UnexpectedResponse(Bilingual(
                    "连接器没有给出这一项的结果。", "The connector gave no result for this item.")))
                row.updated_at = utc_now()
                if outcome.remote_id:
                    row.remote_id = outcome.remote_id
                if outcome.remote_refs:
                    row.remote_refs = dict(outcome.remote_refs)
                for note in outcome.notes:
                    self._note(row.id, note)
                if outcome.ok:
                    row.state, row.error_code, row.error_message, row.uncertain = "confirmed", "", "", False
                    row.action = outcome.action or row.action
                    self.messages.pop(row.id or -1, None)
                else:
                    error = outcome.error
                    assert error is not None
                    row.state, row.error_code = "failed", error.code[:100]
                    row.error_message = self._scrub(error.message.en)
                    row.uncertain = bool(error.uncertain)
                    self._remember(row.id, error.message)
                    if error.fatal and fatal is None:
                        fatal = error
                session.add(row)
        return fatal

    def _note(self, item_id: int | None, note: Bilingual) -> None:
        if item_id is None:
            return
        earlier = self.notes.get(item_id)
        self.notes[item_id] = note if earlier is None else Bilingual(f"{earlier.zh} {note.zh}",
                                                                     f"{earlier.en} {note.en}")

    def fail_all(self, plans: Sequence[_Plan], code: str, message: Bilingual, only_pending: bool = False) -> None:
        ids = [p.item_id for p in plans if p.item_id is not None]
        for item_id in ids:
            self._remember(item_id, message)
        with self.workspace.session() as session:
            query = sa.update(PushItem).where(col(PushItem.id).in_(ids))
            if only_pending:
                query = query.where(col(PushItem.state).in_(("pending", "sent")))
            # An item already marked sent keeps "uncertain": the request may have reached the shop.
            session.execute(query.values(state="failed", error_code=code[:100], error_message=self._scrub(message.en),
                                         uncertain=PushItem.state == "sent"))

    def finish(self, report: PushReport) -> None:
        with self.workspace.session() as session:
            rows = session.exec(select(PushItem).where(PushItem.job_id == self.job_id).order_by(col(PushItem.id))).all()
            states = {row.state for row in rows}
            job = session.get(PushJob, self.job_id)
            assert job is not None
            if report.cancelled:
                job.status = "cancelled"
            elif states <= {"confirmed", "skipped"}:
                job.status = "done"
            else:
                job.status = "failed"
            if report.fatal is not None:
                job.note = self._scrub(report.fatal.message.en)[:500]
            job.finished_at = job.updated_at = utc_now()
            session.add(job)
            report.items = [ItemReport(r.product_code, r.remote_key, r.action or "", r.state, r.remote_id, r.error_code,
                                       self.messages.get(r.id or -1) if r.state == "failed" else None,
                                       self.notes.get(r.id or -1))
                            for r in rows]
