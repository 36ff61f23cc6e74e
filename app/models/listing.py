"""What the listing packs and the compliance lint keep per workspace.

- `LintAllowEntry`: a phrase the user has cleared for the compliance lint, with the reason (a registered
  trademark, a standard's name, a true background fact, a self-comparison within the brand…). A finding
  whose matched words lie inside an allowed phrase is not reported. The reason is required: the
  advertising-law exemptions are narrow, and the next person must see why a phrase was allowed.
- `PlatformProfileOverride`: a user's edit of a platform profile (title budget, image sizes, upload columns…).
  Edits never change a row: each one adds a version (the JSON of `app.services.listing.packs.profiles.profile_to_dict`);
  the newest version of a platform wins, and a platform without any row uses the shipped default in
  `resources/platforms/`.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.types import UTCDateTime, utc_now


class Severity(StrEnum):
    """How much a compliance finding matters: an error blocks a pack unless overridden with a reason."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class LintAllowEntry(SQLModel, table=True):
    """One phrase cleared for the compliance lint in this workspace, with why."""

    __tablename__ = "lint_allow_entry"

    id: int | None = Field(default=None, primary_key=True)
    phrase: str = Field(sa_column=sa.Column(sa.String(200), nullable=False, unique=True))
    reason: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    user: str = Field(default="", max_length=100)
    created_at: datetime = Field(default_factory=utc_now, sa_column=sa.Column(UTCDateTime, nullable=False))


class PlatformProfileOverride(SQLModel, table=True):
    """One saved version of a platform profile (an edit of the shipped default or of a later version)."""

    __tablename__ = "platform_profile_override"
    __table_args__ = (sa.UniqueConstraint("platform_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    platform_id: str = Field(max_length=40, index=True)
    version: int
    #: The profile as `profile_to_dict` writes it (the same JSON as a file in resources/platforms/).
    profile: dict[str, Any] = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
    created_at: datetime = Field(default_factory=utc_now, sa_column=sa.Column(UTCDateTime, nullable=False))
