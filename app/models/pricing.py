"""What the Pricing page edits and must keep: one pricing plan per product, and versioned channel fee profiles.

Money and rates are exact decimal text (`ExactDecimal`, or decimal *strings* inside JSON), never floats.

- `PricingPlan`: the seller's decisions for one product — the cost build-up of the chosen SKU, fixed costs,
  the target, discount, price ending, returns, the traditional chain's layers (assumptions the user can edit),
  the channels to compare and per-channel price overrides.
- `ExchangeRate`: the workspace's dated exchange rates, one table for every product and every pricing path
  (the Pricing page, listing packs, price lists, shop pushes). A rate belongs to the factory's books, not to a
  product: before revision 0005 each plan kept its own copy, and a product without a saved plan had none.
- `ChannelProfileVersion`: a user's edit of a channel's fee profile. Edits never change a row: each one adds
  a version (the JSON of `app.services.pricing.profile_to_dict`); the newest version of a channel wins, and
  a channel without any row uses the shipped default in `resources/channels/`.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.types import ExactDecimal, UTCDateTime, utc_now

#: The per-unit cost lines of a plan, in build-up order (the engine's `CostBuildUp` fields).
COST_LINES: tuple[str, ...] = (
    "materials", "labour", "overhead", "packaging", "inbound_freight", "parcel", "duty", "fulfilment", "other",
)

#: The fixed-cost entries of a plan (the engine's `FixedCosts` fields); deposits are refundable cash needs.
FIXED_COST_LINES: tuple[str, ...] = (
    "mould", "tooling", "brand_setup", "photography", "annual_platform_fees", "deposits",
)


def _exact(default: str) -> Any:
    """A NOT NULL exact-decimal column with a default (a new Column object for each field)."""
    return Field(default=Decimal(default), sa_column=sa.Column(ExactDecimal, nullable=False))


def _json(factory: type) -> Any:
    return Field(default_factory=factory, sa_column=sa.Column(sa.JSON, nullable=False))


class PricingPlan(SQLModel, table=True):
    """One product's pricing decisions (at most one plan per product)."""

    __tablename__ = "pricing_plan"

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(sa_column=sa.Column(
        sa.Integer, sa.ForeignKey("product.id", ondelete="CASCADE"), nullable=False, unique=True))
    #: The SKU whose ex-factory cost seeded the build-up (None: the product has no SKU with a cost).
    sku_id: int | None = Field(default=None, foreign_key="sku.id", ondelete="SET NULL")
    currency: str = Field(default="CNY", max_length=3)
    #: margin (on net revenue) / markup (on cost) / price (a fixed price to evaluate).
    target_kind: str = Field(default="margin", max_length=10)
    target_value: Decimal = _exact("0.20")
    discount: Decimal = _exact("0")
    #: An `EndingStyle` value, or None for each channel's usual ending.
    ending_style: str | None = Field(default=None, max_length=10)
    avoid_digit_4: bool = False
    returns_rate: Decimal = _exact("0")
    loss_per_return: Decimal = _exact("0")
    materials: Decimal = _exact("0")
    labour: Decimal = _exact("0")
    overhead: Decimal = _exact("0")
    packaging: Decimal = _exact("0")
    inbound_freight: Decimal = _exact("0")
    parcel: Decimal = _exact("0")
    duty: Decimal = _exact("0")
    fulfilment: Decimal = _exact("0")
    other: Decimal = _exact("0")
    #: {"mould": "60000", …, "deposits": "50000"} — decimal strings.
    fixed_costs: dict[str, str] = _json(dict)
    #: [{"name_zh", "name_en", "margin", "rebate", "loss", "assumption"}] — rates as decimal strings.
    chain_layers: list[dict[str, Any]] = _json(list)
    #: Channel ids to compare, e.g. ["tmall", "jd"].
    channel_ids: list[str] = _json(list)
    #: {channel id: "price"} — a price the user set for that channel (evaluated instead of suggested).
    price_overrides: dict[str, str] = _json(dict)
    updated_at: datetime = Field(default_factory=utc_now, sa_column=sa.Column(UTCDateTime, nullable=False))


class ChannelProfileVersion(SQLModel, table=True):
    """One saved version of a channel's fee profile (an edit of the shipped default or of a later version)."""

    __tablename__ = "channel_profile_version"
    __table_args__ = (sa.UniqueConstraint("channel_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    channel_id: str = Field(max_length=40, index=True)
    version: int
    effective_from: date
    #: The profile as `profile_to_dict` writes it (the same JSON as a file in resources/channels/).
    profile: dict[str, Any] = _json(dict)
    created_at: datetime = Field(default_factory=utc_now, sa_column=sa.Column(UTCDateTime, nullable=False))


class ExchangeRate(SQLModel, table=True):
    """1 `source` = `rate` `target` from `day` on, until a later rate for the pair replaces it (one per day)."""

    __tablename__ = "exchange_rate"
    __table_args__ = (sa.UniqueConstraint("day", "source", "target", name="uq_exchange_rate_day_source_target"),)

    id: int | None = Field(default=None, primary_key=True)
    day: date
    source: str = Field(max_length=3)      # ISO 4217, e.g. "USD"
    target: str = Field(max_length=3)      # ISO 4217, e.g. "CNY"
    rate: Decimal = Field(sa_column=sa.Column(ExactDecimal, nullable=False))
    updated_at: datetime = Field(default_factory=utc_now, sa_column=sa.Column(UTCDateTime, nullable=False))
