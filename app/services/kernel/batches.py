"""Long lists of ids cut into batches for `IN (…)` queries."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

#: Ids per `IN (…)` list: far below SQLite's limit on bound parameters (32,766) and PostgreSQL's (65,535),
#: large enough that a 100,000-product workspace takes 200 queries, not 100,000.
BATCH = 500


def chunks(items: Sequence[T], size: int = BATCH) -> Iterator[list[T]]:
    """`items` in consecutive lists of at most `size`."""
    for start in range(0, len(items), size):
        yield list(items[start:start + size])
