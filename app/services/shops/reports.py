"""What a push reports: one line per product, the job's totals, the hooks the GUI listens on, and the
two refusals before anything is sent (bad input, a push already running to that shop)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from app.models.bilingual import Bilingual, UserFacingError
from app.services.shops.http import ShopError


class PushInputError(UserFacingError):
    """Bad input for a push (unknown product code, nothing to push…): nothing was sent or written."""


class PushAlreadyRunning(UserFacingError):
    """Another push to the same shop is running on this computer."""




@dataclass
class ItemReport:
    """One product's line in a push report."""

    product_code: str
    key: str
    action: str          # create / update / skip / fail (planned); created / updated / adopted (done)
    state: str           # pending / sent / confirmed / failed / skipped ("planned" in a dry run)
    remote_id: str = ""
    error_code: str = ""
    message: Bilingual | None = None
    #: What the push does or did beyond the action: the dry run's plan in words, a repaired drift, duplicates found.
    note: Bilingual | None = None


@dataclass
class PushReport:
    """What a push did (or, in a dry run, would do)."""

    shop_kind: str
    url: str
    dry_run: bool
    job_id: int | None = None
    items: list[ItemReport] = field(default_factory=list)
    fatal: ShopError | None = None
    notes: list[Bilingual] = field(default_factory=list)
    resumed_job_ids: list[int] = field(default_factory=list)
    cancelled: bool = False

    def count(self, **where: str) -> int:
        return sum(1 for item in self.items if all(getattr(item, k) == v for k, v in where.items()))

    @property
    def ok(self) -> bool:
        """Every item confirmed or skipped (a dry run: the shop answered and nothing would fail)."""
        if self.fatal is not None or self.cancelled:
            return False
        if self.dry_run:
            return all(item.action != "fail" for item in self.items)
        return all(item.state in ("confirmed", "skipped") for item in self.items)


@dataclass(frozen=True)
class PushHooks:
    """Test seams: called after a chunk is marked sent (before its request) and before its results are recorded."""

    after_mark_sent: Callable[[list[int]], None] | None = None
    before_record: Callable[[list[int]], None] | None = None
