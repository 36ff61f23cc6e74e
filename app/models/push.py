"""Pushes to the factory's own shops: connections, jobs and one row per pushed product.

A `ShopConnection` holds no secret: only the shop's kind and URL and where its credentials live
(`credential_ref` = "keyring" or "env"; the secrets themselves are in the OS keyring, see
`app.services.shops.secrets`).

A `PushJob` and all its `PushItem` rows are written before the first request to the shop. An item moves
pending → sent (committed before its request) → confirmed / failed, or is skipped (unchanged since the last
confirmed push). An item left `sent`, or `failed` with `uncertain` set, may exist on the shop: the next push
to that shop looks it up by SKU or handle before creating anything.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.types import UTCDateTime, utc_now


class ShopKind(StrEnum):
    SHOPIFY = "shopify"
    WOOCOMMERCE = "woocommerce"


class JobStatus(StrEnum):
    """Where a push job is. `running` found by a later push means the job was interrupted."""

    RUNNING = "running"
    DONE = "done"              # every item confirmed or skipped
    FAILED = "failed"          # some items failed
    CANCELLED = "cancelled"    # the user stopped it; unsent items resume on the next push
    INTERRUPTED = "interrupted"  # the process died; a later push took its unfinished items over


class ItemState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    CONFIRMED = "confirmed"
    FAILED = "failed"
    SKIPPED = "skipped"


class ShopConnection(SQLModel, table=True):
    """A shop the factory pushes to. No secret here: `credential_ref` says where the secret lives."""

    __tablename__ = "shop_connection"
    __table_args__ = (sa.UniqueConstraint("kind", "url", name="uq_shop_connection_kind_url"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)
    #: The normalised base URL (https://…, no trailing slash).
    url: str = Field(max_length=500)
    name: str = Field(default="", max_length=200)
    credential_ref: str = Field(default="keyring", max_length=20)
    #: Connector options that are not secret, e.g. {"query_string_auth": true}.
    options: dict[str, Any] = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
    created_at: datetime = Field(default_factory=utc_now, sa_column=sa.Column(UTCDateTime, nullable=False))


class PushJob(SQLModel, table=True):
    """One push of some products to one shop."""

    __tablename__ = "push_job"

    id: int | None = Field(default=None, primary_key=True)
    shop_id: int = Field(foreign_key="shop_connection.id", ondelete="CASCADE", index=True)
    status: str = Field(default=JobStatus.RUNNING.value, max_length=20)
    created_at: datetime = Field(default_factory=utc_now, sa_column=sa.Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(default_factory=utc_now, sa_column=sa.Column(UTCDateTime, nullable=False))
    finished_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime, nullable=True))
    #: The job whose unfinished items this one took over, when it resumed an interrupted push.
    resumed_job_id: int | None = Field(default=None, foreign_key="push_job.id", ondelete="SET NULL")
    #: Why the job stopped early (a fatal shop error), in English; the GUI shows per-item messages.
    note: str = ""


class PushItem(SQLModel, table=True):
    """One product in one push job, with what happened to it."""

    __tablename__ = "push_item"
    __table_args__ = (sa.Index("ix_push_item_product_code_job", "product_code", "job_id"),)

    id: int | None = Field(default=None, primary_key=True)
    job_id: int = Field(foreign_key="push_job.id", ondelete="CASCADE", index=True)
    product_code: str = Field(max_length=60)
    #: The shop-side key: the Shopify handle, or the WooCommerce SKU of the product.
    remote_key: str = Field(max_length=200)
    state: str = Field(default=ItemState.PENDING.value, max_length=12)
    #: "create" or "update" as decided when the item was planned or looked up.
    action: str = Field(default="", max_length=10)
    remote_id: str = Field(default="", max_length=100)
    #: Shop ids of the parts (WooCommerce variation ids by SKU, Shopify variant ids by SKU).
    remote_refs: dict[str, Any] = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
    error_code: str = Field(default="", max_length=100)
    error_message: str = ""
    #: The request may have reached the shop although no usable answer came back: look it up next time.
    uncertain: bool = False
    #: sha256 of what was (or will be) sent; the product is skipped while it equals the last confirmed one.
    content_hash: str = Field(default="", max_length=64)
    updated_at: datetime = Field(default_factory=utc_now, sa_column=sa.Column(UTCDateTime, nullable=False))
