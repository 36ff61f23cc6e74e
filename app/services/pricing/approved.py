"""Approved prices (issue #15): store a channel's approved price list, and read the newest version back.

Owners and editors approve (`app.services.workspace.approvals` computes the prices with the price list's and
the listing packs' own engine paths and hands them here); sales logins, which the team database lets read no
cost, print price lists and build listing packs from the newest approved version (`newest`). Reading goes
through the public columns only (`public_fields.public_only`), so a sales login never asks the server for the
one private column (`basis`, the fingerprint owners compare to tell when a list is older than the plan).

`cost_blind(workspace)` says whether the workspace's login reads approved prices instead of computing them:
a team login in the sales role. A workspace file is the owner's, and owners and editors compute as before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, func, select

from app.db import Workspace
from app.models.approved import ApprovedPrice, ApprovedPriceList
from app.models.bilingual import Bilingual, UserFacingError
from app.models.public_fields import public_only

from .channels import ChannelProfile, profile_from_dict, profile_to_dict

#: The profile keys an approved list keeps: what a document says about the channel, never its fee rules.
CHANNEL_FACTS = ("id", "name_zh", "name_en", "kind", "currency", "vat_regime", "vat_rate", "prices_include_vat",
                 "ending", "version", "effective_from", "platform_margin")


class NoApprovedPrices(UserFacingError):
    """A sales login asked for prices of a channel nobody has approved yet."""

    def __init__(self, channel: str) -> None:
        super().__init__(Bilingual(
            f"渠道 {channel} 还没有已批准的价格：请所有者或编辑先批准价格（定价页的“批准价格…”，"
            f"或 main.py team approve）。",
            f"Channel {channel} has no approved prices yet: an owner or editor must approve prices first "
            "(Pricing page → Approve prices…, or main.py team approve)."))


@dataclass(frozen=True)
class ApprovedSku:
    """One SKU's approved figures (None: not priced, printed "on request")."""

    product_code: str
    sku_code: str
    price: Decimal | None
    sale_price: Decimal | None
    suggested_retail: Decimal | None
    tier_prices: tuple[Decimal, ...] | None


@dataclass(frozen=True)
class ApprovedList:
    """One approved version of a channel's prices, as sales staff may read it."""

    channel_id: str
    version: int
    currency: str
    channel: ChannelProfile          # the channel's names, VAT position and ending; no fee rules
    tiers: tuple[int, ...]
    priced_on: date
    approved_at: datetime
    approved_by: str
    prices: Mapping[str, ApprovedSku]  # by SKU code

    @property
    def approved_on(self) -> date:
        return self.approved_at.date()


@dataclass(frozen=True)
class ApprovalInfo:
    """An approved version without its prices (what the Pricing page and the command line show)."""

    channel_id: str
    version: int
    approved_at: datetime
    approved_by: str
    skus: int


def cost_blind(workspace: Workspace) -> bool:
    """True when the workspace's login may not read costs (a team login in the sales role): it prints and packs
    from approved prices. The role is the one read when the workspace was opened (`Workspace.role`)."""
    return not workspace.sees_costs


def channel_facts(profile: ChannelProfile) -> dict[str, Any]:
    """The part of a fee profile an approved list keeps (names, currency, VAT position, ending)."""
    data = profile_to_dict(profile)
    return {key: data[key] for key in CHANNEL_FACTS if key in data}


def facts_profile(facts: Mapping[str, Any]) -> ChannelProfile:
    """A `ChannelProfile` without fee rules from `channel_facts` (enough to print the list's channel and terms)."""
    return profile_from_dict({**facts, "rules": []})


def newest(workspace: Workspace, channel_id: str) -> ApprovedList | None:
    """The newest approved version of `channel_id` with its prices (None: never approved)."""
    with workspace.session() as session:
        header = _newest_header(session, channel_id)
        if header is None or header.id is None:
            return None
        rows = session.exec(select(ApprovedPrice).options(*public_only(ApprovedPrice))
                            .where(ApprovedPrice.list_id == header.id).order_by(col(ApprovedPrice.id))).all()
        prices = {row.sku_code: ApprovedSku(
            row.product_code, row.sku_code, row.price, row.sale_price, row.suggested_retail,
            None if row.tier_prices is None else tuple(Decimal(p) for p in row.tier_prices)) for row in rows}
        return ApprovedList(header.channel_id, header.version, header.currency, facts_profile(header.channel),
                            tuple(int(q) for q in header.tiers), header.priced_on, header.approved_at,
                            header.approved_by, prices)


def require_newest(workspace: Workspace, channel_id: str) -> ApprovedList:
    """`newest`, or NoApprovedPrices."""
    found = newest(workspace, channel_id)
    if found is None:
        raise NoApprovedPrices(channel_id)
    return found


def latest_info(workspace: Workspace, channel_id: str) -> ApprovalInfo | None:
    """The newest approved version of a channel without its prices (None: never approved)."""
    with workspace.session() as session:
        header = _newest_header(session, channel_id)
        if header is None:
            return None
        count = session.exec(select(func.count()).select_from(ApprovedPrice)
                             .where(ApprovedPrice.list_id == header.id)).one()
        return ApprovalInfo(header.channel_id, header.version, header.approved_at, header.approved_by, int(count))


def newest_basis(workspace: Workspace, channel_id: str) -> str | None:
    """The fingerprint the newest version was computed from (owners and editors only: a private column)."""
    with workspace.session() as session:
        return session.exec(select(ApprovedPriceList.basis).where(ApprovedPriceList.channel_id == channel_id)
                            .order_by(col(ApprovedPriceList.version).desc()).limit(1)).first()


def store(session: Session, profile: ChannelProfile, tiers: Sequence[int], priced_on: date, approved_by: str,
          basis: str, prices: Sequence[ApprovedSku]) -> ApprovedPriceList:
    """Add the next version of `profile`'s approved prices in `session`'s transaction; the new header. On a team
    database two approvals of one channel take turns (the second waits for the first to commit, then numbers
    after it), so neither fails on the version number."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        from app.postgres_only import lock_until_commit

        lock_until_commit(connection, f"approve:{profile.id}")
    last = session.exec(select(func.max(ApprovedPriceList.version))
                        .where(ApprovedPriceList.channel_id == profile.id)).one()
    header = ApprovedPriceList(channel_id=profile.id, version=int(last or 0) + 1, currency=profile.currency,
                               channel=channel_facts(profile), tiers=[int(q) for q in tiers], priced_on=priced_on,
                               approved_by=approved_by, basis=basis)
    session.add(header)
    session.flush()
    assert header.id is not None
    session.add_all(ApprovedPrice(
        list_id=header.id, product_code=sku.product_code, sku_code=sku.sku_code, price=sku.price,
        sale_price=sku.sale_price, suggested_retail=sku.suggested_retail,
        tier_prices=None if sku.tier_prices is None else [f"{p:f}" for p in sku.tier_prices]) for sku in prices)
    return header


def _newest_header(session: Session, channel_id: str) -> ApprovedPriceList | None:
    return session.exec(select(ApprovedPriceList).options(*public_only(ApprovedPriceList))
                        .where(ApprovedPriceList.channel_id == channel_id)
                        .order_by(col(ApprovedPriceList.version).desc()).limit(1)).first()
