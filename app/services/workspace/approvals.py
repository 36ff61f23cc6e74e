"""Approving prices (issue #15): today's prices of a channel become the dated version sales staff print from.

An owner or editor approves a channel (`ApprovalService.approve`, the `team approve` command, the Pricing page's
button). Nothing here computes a price: each SKU's figures come from the paths that print and pack them today —
the B2B price list's tier prices from `documents.price_list.price_table` (its default tiers: the factory's MOQ
×1, ×3, ×10) and the listing price, sale price and ODM retail estimate from `listing.packs.prices.PackPricer`
(the plan's prices, as the Pricing page shows them). They are stored as the channel's next version
(`app.services.pricing.approved.store`) with the date, who approved (the database user on a team workspace, the
OS user on a file) and a fingerprint of the inputs: the channel's fee profile, every SKU's cost, every pricing
plan, the exchange rates and the factory's MOQ. When the fingerprint of today's inputs differs from the newest
version's, the approved prices are older than the current plan (`status(...).stale`).

This sits in the workspace layer because it uses both the documents' and the listing packs' pricing paths.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import col, select

from app.db import Workspace
from app.models import FactoryProfile, PricingPlan, Product, Sku
from app.models.bilingual import Bilingual, UserFacingError
from app.services.kernel import audit
from app.services.kernel.jobs import CancelCheck, Progress, stop_if_cancelled, tell
from app.services.listing.packs.prices import PackPricer, ProductReads
from app.services.listing.packs.source import load_products as load_listing_products
from app.services.pricing import ChannelProfile, approved as store, profile_to_dict
from app.services.pricing.approved import ApprovalInfo, ApprovedSku
from app.services.pricing.exchange_rates import list_rates
from app.services.pricing.plans import PricingService


@dataclass(frozen=True)
class Approval:
    """What one approval stored (what the command prints and the page confirms)."""

    channel_id: str
    name_zh: str
    name_en: str
    version: int
    currency: str
    skus: int              # SKUs in the list
    priced: int            # of which have a price
    approved_at: datetime
    approved_by: str
    warnings: tuple[Bilingual, ...]


@dataclass(frozen=True)
class ApprovalStatus:
    """A channel's newest approved version (None: never approved) and whether it is older than today's plan."""

    channel_id: str
    latest: ApprovalInfo | None
    stale: bool


class ApprovalRefused(UserFacingError):
    """A sales login can't approve: approving reads the costs the server keeps from it."""

    def __init__(self) -> None:
        super().__init__(Bilingual("你的角色（销售）不能批准价格：批准需要读取成本，请所有者或编辑批准。",
                                   "Your role (sales) cannot approve prices: approving reads costs; an owner or "
                                   "editor can."))


@dataclass(frozen=True)
class _ChannelRef:
    """What `PackPricer` needs of a platform: the channel it prices on."""

    channel_id: str


class ApprovalService:
    """Approves channels' prices of one workspace and tells whether the approved ones are still current."""

    def __init__(self, workspace: Workspace, today: Callable[[], date] = date.today) -> None:
        self._workspace = workspace
        self._today = today
        self._pricing = PricingService(workspace, today=today)  # reads the shipped fee profiles once

    @property
    def is_team(self) -> bool:
        """A team workspace (where sales logins print from approved prices), not a workspace file."""
        return self._workspace.is_team

    def profiles(self) -> tuple[ChannelProfile, ...]:
        """Every channel that can be approved: the workspace's current fee profiles."""
        return self._pricing.profiles()

    def approve(self, channel: str | None = None, *, progress: Progress | None = None,
                cancelled: CancelCheck | None = None) -> list[Approval]:
        """Approve today's prices of `channel` (None: every channel), one version each, all in one transaction.
        Raises UnknownChannel for a channel the workspace doesn't know, ApprovalRefused for a sales login."""
        # The price list's modules load ReportLab (a sixth of a second): only when prices are approved, not
        # when the Pricing page that offers the button opens.
        from app.services.documents.price_list import UnknownChannel, default_tiers
        from app.services.documents.public_data import ImageSizes, load_products

        if store.cost_blind(self._workspace):
            raise ApprovalRefused()
        profiles = self.profiles()
        if channel is not None:
            chosen = tuple(p for p in profiles if p.id == channel)
            if not chosen:
                raise UnknownChannel(channel, [p.id for p in profiles])
            profiles = chosen
        day = self._today()
        printed = load_products(self._workspace, None, images=ImageSizes(count=0), today=day)
        listed = load_listing_products(self._workspace, None)
        tiers = default_tiers(_moq(self._workspace))
        inputs = _Inputs.read(self._workspace)
        who = approver(self._workspace)
        computed: list[tuple[ChannelProfile, list[ApprovedSku], tuple[Bilingual, ...]]] = []
        reads = ProductReads(self._workspace)   # each product's costs and plan, read once for every channel
        reads.read_ahead(listed)
        for done, profile in enumerate(profiles):
            stop_if_cancelled(cancelled)
            computed.append((profile, *_prices(self._workspace, profile, printed, listed, tiers, day, reads)))
            tell(progress, done + 1, len(profiles))
        stop_if_cancelled(cancelled)
        approvals: list[Approval] = []
        with self._workspace.session() as session:
            for profile, prices, warnings in computed:
                header = store.store(session, profile, [t.min_qty for t in tiers], day, who,
                                     inputs.fingerprint(profile), prices)
                audit.record(session, "approved_prices", profile.id, "approve",
                             {"version": header.version, "skus": len(prices)})
                approvals.append(Approval(profile.id, profile.name_zh, profile.name_en, header.version,
                                          profile.currency, len(prices), sum(p.price is not None for p in prices),
                                          header.approved_at, who, warnings))
        return approvals

    def status(self, channel_id: str) -> ApprovalStatus:
        """The channel's newest approved version, and whether today's inputs differ from those it came from."""
        latest = store.latest_info(self._workspace, channel_id)
        if latest is None:
            return ApprovalStatus(channel_id, None, False)
        profile = next((p for p in self.profiles() if p.id == channel_id), None)
        current = None if profile is None else _Inputs.read(self._workspace).fingerprint(profile)
        return ApprovalStatus(channel_id, latest, current != store.newest_basis(self._workspace, channel_id))


def approver(workspace: Workspace) -> str:
    """Who approves: the database user on a team workspace (what the server knows them by), else the OS user."""
    if workspace.is_team:
        with workspace.engine.connect() as connection:
            return str(connection.exec_driver_sql("SELECT current_user").scalar())
    return audit.current_user()


def _prices(workspace: Workspace, profile: ChannelProfile, printed: Sequence[Any], listed: Sequence[Any],
            tiers: Sequence[Any], day: date, reads: ProductReads) -> tuple[list[ApprovedSku], tuple[Bilingual, ...]]:
    """Every SKU's figures on one channel, from the price list's and the packs' own pricing paths."""
    from app.services.documents.price_list import price_table
    from app.services.documents.styles import PrintInputError

    warnings: list[Bilingual] = []
    tier_rows: dict[str, tuple[Any, ...] | None] = {}
    try:
        table = price_table(workspace, printed, profile, tiers, on=day) if printed else None
    except PrintInputError as error:  # no exchange rate for any product: the tiers are "on request"
        warnings.append(error.message)
    else:
        if table is not None:
            warnings += table.warnings
            tier_rows = {row.sku: row.prices for rows in table.rows.values() for row in rows}
    pricer = PackPricer(workspace, _ChannelRef(profile.id), reads)
    prices: list[ApprovedSku] = []
    for product in listed:
        sheet = pricer.price(product)
        warnings += [note.message for note in sheet.notes if note.rule != "price.default_plan"]
        for sku in product.skus:
            listing = sheet.get(sku.code)
            prices.append(ApprovedSku(product.code, sku.code, listing.price, listing.sale_price,
                                      listing.suggested_retail, tier_rows.get(sku.code)))
    return prices, tuple(dict.fromkeys(warnings))


def _moq(workspace: Workspace) -> int | None:
    with workspace.session() as session:
        return session.exec(select(FactoryProfile.moq)).first()


@dataclass(frozen=True)
class _Inputs:
    """Everything but the fee profile that a channel's approved prices depend on, as canonical JSON text."""

    text: str

    @classmethod
    def read(cls, workspace: Workspace) -> _Inputs:
        with workspace.session() as session:
            skus = session.exec(select(Product.code, Product.currency, Sku.code, col(Sku.cost))
                                .join(Product, col(Product.id) == Sku.product_id)
                                .order_by(col(Product.code), col(Sku.code))).all()
            plans = session.exec(select(PricingPlan, Product.code).join(Product, col(Product.id) ==
                                                                          PricingPlan.product_id)
                                 .order_by(col(Product.code))).all()
            plan_rows = [[code, {key: value for key, value in plan.model_dump().items()
                                 if key not in ("id", "updated_at")}] for plan, code in plans]
        rates = [[r.day, r.source, r.target, r.rate] for r in list_rates(workspace)]
        data = {"skus": [list(row) for row in skus], "plans": plan_rows, "rates": rates, "moq": _moq(workspace)}
        return cls(json.dumps(data, sort_keys=True, default=_plain, ensure_ascii=False))

    def fingerprint(self, profile: ChannelProfile) -> str:
        """SHA-256 of these inputs and the channel's fee profile."""
        profile_text = json.dumps(profile_to_dict(profile), sort_keys=True, default=_plain, ensure_ascii=False)
        return hashlib.sha256(f"{self.text}\n{profile_text}".encode()).hexdigest()


def _plain(value: object) -> str:
    """Decimals and dates as their exact text (never a float)."""
    return format(value, "f") if hasattr(value, "as_tuple") else str(value)
