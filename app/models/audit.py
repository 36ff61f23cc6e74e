"""The audit trail: who changed what, when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.types import UTCDateTime, utc_now


class AuditEntry(SQLModel, table=True):
    """One change to the workspace, written in the same transaction as the change."""

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utc_now, sa_column=sa.Column(UTCDateTime, nullable=False, index=True))
    user: str = Field(default="", max_length=100)
    entity: str = Field(max_length=40)
    entity_id: str = Field(default="", max_length=80)
    action: str = Field(max_length=20)  # create / update / delete / import
    details: dict[str, Any] = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
