"""Undoable edits on the Pricing page: a plan replaced, a fee profile version added.

Commands talk to the service, never to widgets: the service saves and then tells its listeners (the page)
what changed, so undo and redo refresh whatever shows the data — even a page rebuilt after a language switch.
The main window's undo stack is cleared when the workspace closes, so a command never outlives its service.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from app.services.pricing import ChannelProfile
from app.services.pricing_plans import PlanData, PricingService


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
