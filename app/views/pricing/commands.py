"""Undoable edits of pricing data: a plan replaced, a fee profile version added, an exchange rate set or removed.

Commands talk to the service, never to widgets: the service saves and then tells its listeners (the page)
what changed, so undo and redo refresh whatever shows the data — even a page rebuilt after a language switch.
The main window's undo stack is cleared when the workspace closes, so a command never outlives its service.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from app.services.pricing import ChannelProfile, FxRate
from app.services.pricing.plans import PlanData, PricingService


class PlanCommand(QUndoCommand):
    """Any edit of a product's pricing plan: redo saves the new plan, undo saves the previous one."""

    def __init__(self, service: PricingService, before: PlanData, after: PlanData, text: str) -> None:
        super().__init__(text)
        self._service = service
        self.before = before
        self.after = after

    def redo(self) -> None:
        self._service.save_plan(self.after)

    def undo(self) -> None:
        self._service.save_plan(self.before)


class FeeProfileCommand(QUndoCommand):
    """A new version of a channel's fee profile: redo stores it (the newest wins), undo withdraws it."""

    def __init__(self, service: PricingService, profile: ChannelProfile, text: str) -> None:
        super().__init__(text)
        self._service = service
        self.profile = profile

    def redo(self) -> None:
        self._service.save_profile_version(self.profile)

    def undo(self) -> None:
        self._service.withdraw_profile_version(self.profile.id, self.profile.version)


class RateCommand(QUndoCommand):
    """One day's rate for a currency pair in the workspace's table: redo puts `after` where `before` was, undo the
    other way round; None on either side means "no rate that day" (an add, or a delete). Both sides name the same
    day and pair (moving a rate elsewhere is a `RateMoveCommand`)."""

    def __init__(self, service: PricingService, before: FxRate | None, after: FxRate | None, text: str) -> None:
        super().__init__(text)
        assert before is not None or after is not None
        self._service = service
        self.before = before
        self.after = after

    def redo(self) -> None:
        self._put(self.before, self.after)

    def undo(self) -> None:
        self._put(self.after, self.before)

    def _put(self, old: FxRate | None, new: FxRate | None) -> None:
        if new is not None:
            self._service.set_rate(new.day, new.source, new.target, new.rate)
        elif old is not None:
            self._service.delete_rate(old.day, old.source, old.target)


class RateMoveCommand(QUndoCommand):
    """A rate edited into another day or pair, as one undo step: `old` removed, `new` put where `replaced` was
    (None: that day had no rate for the pair). Plain Python composition, not Qt child commands: a child's
    Python wrapper could be collected while Qt still calls it."""

    def __init__(self, service: PricingService, old: FxRate, replaced: FxRate | None, new: FxRate, text: str) -> None:
        super().__init__(text)
        self._steps = (RateCommand(service, old, None, text), RateCommand(service, replaced, new, text))

    def redo(self) -> None:
        for step in self._steps:
            step.redo()

    def undo(self) -> None:
        for step in reversed(self._steps):
            step.undo()
