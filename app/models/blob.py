"""Files kept inside the workspace (images, certificate scans), deduplicated by content hash."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.types import UTCDateTime, utc_now


class Blob(SQLModel, table=True):
    """The bytes of one file, stored once however many products or certificates use it."""

    __tablename__ = "blob"

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(sa_column=sa.Column(sa.String(64), nullable=False, unique=True))
    mime: str = Field(default="application/octet-stream", max_length=100)
    size: int = Field(default=0)
    data: bytes = Field(sa_column=sa.Column(sa.LargeBinary, nullable=False))
    created_at: datetime = Field(default_factory=utc_now, sa_column=sa.Column(UTCDateTime, nullable=False))
