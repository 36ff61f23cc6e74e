"""The shops feature as one object for the Export page: built once per open workspace (`WorkspaceServices`), handed
to the page by its constructor, and replaced by a stand-in in tests (a shop on 127.0.0.1, a fake clock)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from app.db import Workspace
from app.models.push import ShopConnection
from app.services.kernel.jobs import CancelCheck, Progress
from app.services.shops import connections, jobs, payloads
from app.services.shops.connections import JobSummary
from app.services.shops.contract import Connector, ShopInfo
from app.services.shops.reports import ItemReport, PushReport
from app.services.shops.secrets import SecretKind

#: Makes the connector for a saved connection with per-push option overrides (e.g. `send_pictures`).
ConnectorFactory = Callable[[ShopConnection, Mapping[str, Any]], Connector]


def keyring_connector(connection: ShopConnection, overrides: Mapping[str, Any]) -> Connector:
    """The real connector: secrets from the environment or the keyring, the real network."""
    return connections.connector_for_connection(connection, overrides=overrides)


class ShopService:
    """Saved shops, their push logs, and pushes, for one workspace."""

    def __init__(self, workspace: Workspace, connector_factory: ConnectorFactory = keyring_connector) -> None:
        self.workspace = workspace
        self.connector_factory = connector_factory

    def connections(self) -> list[ShopConnection]:
        return connections.list_connections(self.workspace)

    def save_connection(self, kind: str, url: str, secrets: Mapping[SecretKind, str], *, name: str = "",
                        options: Mapping[str, Any] | None = None) -> int:
        return connections.save_connection(self.workspace, kind, url, secrets, name=name, options=options)

    def forget_connection(self, shop_id: int) -> None:
        connections.forget_connection(self.workspace, shop_id)

    def product_choices(self) -> list[tuple[str, str, str]]:
        return payloads.product_choices(self.workspace)

    def job_history(self, shop_id: int) -> list[JobSummary]:
        return connections.job_history(self.workspace, shop_id)

    def job_items(self, job_id: int) -> list[ItemReport]:
        return connections.job_items(self.workspace, job_id)

    def test_connection(self, connection: ShopConnection) -> ShopInfo:
        """Reach the shop with the saved keys and read its name and currency (runs on a worker thread)."""
        return self.connector_factory(connection, {}).test_connection()

    def push(self, connection: ShopConnection, codes: Sequence[str], *, dry_run: bool, force: bool,
             send_pictures: bool, progress: Progress | None = None, cancelled: CancelCheck | None = None,
             ) -> PushReport:
        """Push (or dry-run) `codes` to the saved shop; runs on a worker thread, so it builds its own connector."""
        connector = self.connector_factory(connection, {"send_pictures": send_pictures})
        return jobs.push_products(self.workspace, connector, list(codes), dry_run=dry_run, force=force,
                                  credential_ref=connection.credential_ref or "keyring", progress=progress,
                                  cancelled=cancelled)
