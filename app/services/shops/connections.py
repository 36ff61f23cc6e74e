"""The shops this workspace pushes to (no secrets: those are in the keyring), their connectors and their
push log."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from app.db import Workspace
from app.models.bilingual import Bilingual
from app.models.push import PushItem, PushJob, ShopConnection
from app.services.shops.contract import (
    Connector,
)
from app.services.shops.http import normalise_shop_url
from app.services.shops.reports import ItemReport
from app.services.shops.secrets import (
    SecretKind,
    ShopCredentials,
    forget_secrets,
    resolve_credentials,
    store_credentials,
)

SHOP_KINDS = ("shopify", "woocommerce")


def connector_for(kind: str, url: str, credentials: ShopCredentials, *, options: Mapping[str, Any] | None = None,
                  **http_options: Any) -> Connector:
    """The connector for a shop kind. `options` are the connection's (`query_string_auth`, `send_pictures`);
    `http_options` go to `ShopHttp` (policy, session, sleep, clock, rng)."""
    options = dict(options or {})
    send_pictures = options.get("send_pictures", True) is not False
    if kind == "woocommerce":
        from app.services.shops.woocommerce import WooCommerceConnector

        return WooCommerceConnector(url, credentials, query_string_auth=bool(options.get("query_string_auth")),
                                    send_pictures=send_pictures, **http_options)
    if kind == "shopify":
        from app.services.shops.shopify import ShopifyConnector

        return ShopifyConnector(url, credentials, send_pictures=send_pictures, **http_options)
    raise ValueError(f"unknown shop kind {kind!r}")




def find_connection(session: Session, kind: str, url: str) -> ShopConnection | None:
    return session.exec(select(ShopConnection).where(ShopConnection.kind == kind, ShopConnection.url == url)).first()


def ensure_connection(session: Session, kind: str, url: str, credential_ref: str,
                      options: Mapping[str, Any] | None = None, name: str = "") -> ShopConnection:
    """The connection row for (kind, url), created when missing. Never holds a secret."""
    row = find_connection(session, kind, url)
    if row is None:
        row = ShopConnection(kind=kind, url=url, name=name or url, credential_ref=credential_ref,
                             options=dict(options or {}))
        session.add(row)
        session.flush()
    return row


def save_connection(workspace: Workspace, kind: str, url: str, secrets: Mapping[SecretKind, str], *,
                    name: str = "", options: Mapping[str, Any] | None = None) -> int:
    """Store the secrets in the keyring (refused without one: `KeyringUnavailable`), then the reference."""
    url = normalise_shop_url(url)
    store_credentials(url, kind, secrets)
    with workspace.session() as session:
        row = ensure_connection(session, kind, url, "keyring", options, name)
        row.credential_ref = "keyring"
        row.name = name or row.name
        row.options = dict(options or row.options)
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id


def forget_connection(workspace: Workspace, shop_id: int) -> None:
    """Remove the shop's secrets from the keyring; the row (and its job history) stays, without a reference."""
    with workspace.session() as session:
        row = session.get(ShopConnection, shop_id)
        if row is None:
            return
        forget_secrets(row.url, row.kind)
        row.credential_ref = ""
        session.add(row)


def list_connections(workspace: Workspace) -> list[ShopConnection]:
    with workspace.session() as session:
        return list(session.exec(select(ShopConnection).order_by(col(ShopConnection.id))).all())


def connector_for_connection(connection: ShopConnection, *, overrides: Mapping[str, Any] | None = None,
                             **http_options: Any) -> Connector:
    """A connector for a saved connection, with its secrets from the environment or the keyring; `overrides`
    change the connection's options for one push (e.g. `send_pictures`)."""
    credentials = resolve_credentials(connection.url, connection.kind)
    options = {**dict(connection.options or {}), **dict(overrides or {})}
    return connector_for(connection.kind, connection.url, credentials, options=options, **http_options)


@dataclass(frozen=True)
class JobSummary:
    """One line of a shop's push log."""

    id: int
    status: str
    created_at: datetime
    finished_at: datetime | None
    counts: Mapping[str, int]
    note: str


def job_history(workspace: Workspace, shop_id: int, limit: int = 100) -> list[JobSummary]:
    """The shop's push jobs, newest first, with item counts by state."""
    with workspace.session() as session:
        jobs = session.exec(select(PushJob).where(PushJob.shop_id == shop_id)
                            .order_by(col(PushJob.id).desc()).limit(limit)).all()
        ids = [j.id for j in jobs]
        counts: dict[int, dict[str, int]] = {i: {} for i in ids if i is not None}
        rows = session.exec(select(PushItem.job_id, PushItem.state, sa.func.count())
                            .where(col(PushItem.job_id).in_(ids)).group_by(col(PushItem.job_id),
                                                                           col(PushItem.state))).all()
        for job_id, state, count in rows:
            counts[job_id][state] = count
        return [JobSummary(j.id, j.status, j.created_at, j.finished_at, counts.get(j.id, {}), j.note)
                for j in jobs if j.id is not None]


def job_items(workspace: Workspace, job_id: int) -> list[ItemReport]:
    """A past job's items as report lines (messages in English, as stored)."""
    with workspace.session() as session:
        rows = session.exec(select(PushItem).where(PushItem.job_id == job_id).order_by(col(PushItem.id))).all()
        return [ItemReport(r.product_code, r.remote_key, r.action, r.state, r.remote_id, r.error_code,
                           Bilingual(r.error_message, r.error_message) if r.error_message else None) for r in rows]
