"""Column types that keep values exact and portable (SQLite today, PostgreSQL later).

- Money and other exact quantities are stored as canonical decimal *text*: SQLite stores
  `Numeric` as REAL, which turned `Decimal('12345678901234567.89')` into `…68.00`.
- Timestamps are UTC and come back timezone-aware whatever the backend returns.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator


def utc_now() -> datetime:
    """The current time, timezone-aware UTC (SQLModel rejects naive datetimes)."""
    return datetime.now(UTC)


def canonical_decimal_text(value: Decimal) -> str:
    """A plain (non-scientific) string that round-trips exactly: Decimal('1E+2') -> '100'."""
    if not value.is_finite():
        raise ValueError(f"not a finite decimal: {value!r}")
    text = format(value, "f")
    return text


class ExactDecimal(TypeDecorator[Decimal]):
    """A Decimal stored as exact text. Never a float anywhere on the way."""

    impl = sa.String(64)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> str | None:
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("money must be Decimal, never float")
        return canonical_decimal_text(Decimal(value))

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(value)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always returned timezone-aware."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: use timezone-aware UTC")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        # SQLAlchemy's DateTime has already parsed the stored value (SQLite's text included) into a datetime.
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
