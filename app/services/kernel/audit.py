"""The audit trail, written in the same transaction as the change it describes.

Who made a change: on a team workspace the database login the change was made as (`current_user`, read when
the connection was made, so the name is the server's, not one the app could be told), on a workspace file the
OS user."""

from __future__ import annotations

import getpass
from typing import Any

from sqlmodel import Session

from app.models import AuditEntry
from app.postgres_roles import LOGIN_KEY


def current_user() -> str:
    """The OS user name; the audit trail's 'who' on a workspace file."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - some Windows set-ups have no user variables
        return ""


def user_of(session: Session) -> str:
    """Who writes through `session`: the database login on a team workspace, the OS user on a file."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        login = connection.info.get(LOGIN_KEY)
        if login is None:  # a connection made without the app's engine listeners (a test's own engine)
            login = connection.exec_driver_sql("SELECT current_user").scalar()
        return str(login)
    return current_user()


def record(session: Session, entity: str, entity_id: object, action: str,
           details: dict[str, Any] | None = None) -> None:
    """Add one audit entry to the current transaction."""
    session.add(AuditEntry(user=user_of(session), entity=entity, entity_id=str(entity_id), action=action,
                           details=details or {}))
