"""Approved prices (issue #15): the dated, versioned price lists sales staff print from.

Sales logins of a team workspace cannot read costs, so they cannot compute a price. An owner or editor
*approves* a channel's prices: the prices the app computes today from the costs, the pricing plans and the
channel's fee profile are copied here — per SKU, with the price list's quantity tiers — and never change
again. A later approval adds a version; the newest version of a channel is what sales print and pack from.

Stored apart from costs on purpose: these tables hold prices only (the one private column, `basis`, is a
fingerprint of the inputs the prices were computed from, which tells an owner when the list is older than the
current plan). Money is exact decimal text (`ExactDecimal`, or decimal strings inside JSON), never floats.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.types import ExactDecimal, UTCDateTime, utc_now


class ApprovedPriceList(SQLModel, table=True):
    """One approved version of a channel's prices."""

    __tablename__ = "approved_price_list"
    __table_args__ = (sa.UniqueConstraint("channel_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    channel_id: str = Field(max_length=40, index=True)
    #: 1, 2, 3… per channel.
    version: int
    #: The currency of every price of the list (the channel's).
    currency: str = Field(max_length=3)
    #: What a document says about the channel: {"name_zh", "name_en", "kind", "vat_regime", "vat_rate",
    #: "prices_include_vat", "ending", "version", "effective_from"} — its fee rules are not copied.
    channel: dict[str, Any] = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
    #: The quantity tiers of the price list, smallest first: [100, 300, 1000].
    tiers: list[int] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    #: The day the prices were computed for (exchange rates as of that day).
    priced_on: date
    approved_at: datetime = Field(default_factory=utc_now, sa_column=sa.Column(UTCDateTime, nullable=False))
    #: Who approved: the database user on a team workspace, the OS user on a workspace file.
    approved_by: str = Field(default="", max_length=100)
    #: A fingerprint (SHA-256) of what the prices were computed from: costs, plans, fee profile, rates, MOQ.
    basis: str = Field(default="", max_length=64)


class ApprovedPrice(SQLModel, table=True):
    """One SKU's approved prices on the list's channel (None: not priced, printed "on request")."""

    __tablename__ = "approved_price"
    __table_args__ = (sa.UniqueConstraint("list_id", "sku_code"),)

    id: int | None = Field(default=None, primary_key=True)
    list_id: int = Field(sa_column=sa.Column(
        sa.Integer, sa.ForeignKey("approved_price_list.id", ondelete="CASCADE"), nullable=False, index=True))
    product_code: str = Field(max_length=80)
    sku_code: str = Field(max_length=80)
    #: The listing price on the channel (after its price ending): what a listing pack shows.
    price: Decimal | None = Field(default=None, sa_column=sa.Column(ExactDecimal, nullable=True))
    #: What the buyer pays after a discount, when lower than the price.
    sale_price: Decimal | None = Field(default=None, sa_column=sa.Column(ExactDecimal, nullable=True))
    #: ODM channels: the platform's retail price at its own margin.
    suggested_retail: Decimal | None = Field(default=None, sa_column=sa.Column(ExactDecimal, nullable=True))
    #: The price list's tier prices, one decimal string per tier of the list (None: on request).
    tier_prices: list[str] | None = Field(default=None, sa_column=sa.Column(sa.JSON, nullable=True))
