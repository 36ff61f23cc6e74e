"""Whether a team workspace's server is still there (issue #14): a lost connection is a message, not a crash.

`ConnectionHealth` is told of every failure to reach the server, wherever it happened: the engine's queries and
connection attempts (a `handle_error` listener placed before the one of `app.postgres_only` that turns the error
into `ServerUnreachable`), and what a caller reports itself (`report_lost`: the live-changes listener holds its
own connection). It calls back the listeners registered with `on_lost` (the GUI's connection watch, which retries
with back-off by calling `check`). A workspace file has no server: nothing is ever reported for it.

Nothing half-written comes of a loss: every write is one transaction, which the server rolls back when the
connection goes; the app's pool replaces dead connections on their next use (`pool_pre_ping`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import sqlalchemy as sa

from app import postgres_only
from app.db import Workspace

log = logging.getLogger(__name__)

Lost = Callable[[str], None]


class ConnectionHealth:
    """Reports a team workspace's lost connection and checks whether the server answers again."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace
        self._listeners: list[Lost] = []
        if workspace.is_team:
            sa.event.listen(workspace.engine, "handle_error", self._on_error, insert=True)

    def on_lost(self, listener: Lost) -> None:
        """Call `listener(reason)` whenever the server could not be reached (from whichever thread noticed)."""
        self._listeners.append(listener)

    def forget(self, listener: Lost) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def report_lost(self, error: BaseException) -> None:
        """Something lost the server (or could not reach it): tell the listeners why, in one line."""
        reason = postgres_only.first_line(error)
        log.warning("team database unreachable: %s", reason)
        for listener in list(self._listeners):
            listener(reason)

    def check(self) -> None:
        """Connect once and ask the server something; raises `ServerUnreachable` while it can't be reached."""
        if self._workspace.url is None:
            return
        postgres_only.connect_check(self._workspace.engine, self._workspace.url)

    def _on_error(self, context: sa.engine.ExceptionContext) -> None:
        if context.is_pre_ping:  # a pooled connection found dead before use: the pool simply makes a new one
            return
        if context.is_disconnect or postgres_only.is_connection_error(context.original_exception):
            self.report_lost(context.original_exception)
