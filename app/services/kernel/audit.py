"""The audit trail, written in the same transaction as the change it describes."""

from __future__ import annotations

import getpass
from typing import Any

from sqlmodel import Session

from app.models import AuditEntry


def current_user() -> str:
    """The OS user name; the audit trail's 'who'."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - some Windows set-ups have no user variables
        return ""


def record(session: Session, entity: str, entity_id: object, action: str,
           details: dict[str, Any] | None = None) -> None:
    """Add one audit entry to the current transaction."""
    session.add(AuditEntry(user=current_user(), entity=entity, entity_id=str(entity_id), action=action,
                           details=details or {}))
