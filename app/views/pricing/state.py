"""The Pricing page's state: the product shown, its plan and the plan's evaluation, shared by the page's parts
(the input tabs, the picture, the channel table, scenario files) the way the product editor's state object is
shared by its tabs.

Every change goes one way: a part asks `edit` (or pushes a rate command) → a `PlanCommand` goes on the undo stack
→ the service saves and tells its listeners → the state reloads the plan (`plan_shown`), recalculates
(`evaluated`) and the parts show it. Strings are in the "PricingPage" translation context with the page's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from app.models.bilingual import UserFacingError
from app.services.pricing import ChannelProfile, FxRate, PricingError
from app.services.pricing.exchange_rates import new_rate, rate_for_day, rate_in_force
from app.services.pricing.plans import Evaluation, PlanData, PricingEvent, PricingService, check_plan
from app.views.kit.i18n import current_language
from app.views.pricing.commands import PlanCommand, RateCommand
from app.views.pricing.common import set_invalid

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


class PricingState(QObject):
    """The plan on screen and what it evaluates to; the one place that turns an edit into an undo step."""

    # A (new or reloaded) plan is to be shown in the fields.
    plan_shown = Signal()
    # The workspace's exchange rates changed: the rate fields show them again.
    rates_changed = Signal()
    # The fee profiles changed (a new version, an undo).
    profiles_changed = Signal()
    # The plan was priced on its channels.
    evaluated = Signal()
    # A note or a refusal for the page's message line: (text, is_error); "" hides it.
    message = Signal(str, bool)

    def __init__(self, service: PricingService, undo_stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.undo_stack = undo_stack
        self.products = service.products()
        self.profiles: tuple[ChannelProfile, ...] = service.profiles()
        self.plan: PlanData | None = None
        self.evaluation: Evaluation | None = None
        token = service.subscribe(self._on_service_event)
        self.destroyed.connect(lambda *_: service.unsubscribe(token))

    # ----- navigation --------------------------------------------------------------------------------------
    def select_product(self, product_id: int) -> None:
        """Show a product's plan (its saved plan, or the default one). Navigation, not an edit: not undoable."""
        self.plan = self.service.load_plan(product_id)
        self.plan_shown.emit()
        self.recalculate()

    def product_code(self) -> str:
        if self.plan is None:
            return "pricing"
        return next((p.code for p in self.products if p.id == self.plan.product_id), "product")

    # ----- edits ------------------------------------------------------------------------------------------------
    def edit(self, text: str, build: Callable[[PlanData], PlanData], field: QWidget | None = None) -> bool:
        """Build the new plan from the current one; refuse bad input at `field`; push the change as a command."""
        if self.plan is None:
            return False
        try:
            updated = build(self.plan)
            check_plan(updated)
        except PricingError as error:
            text_shown = error.text(current_language())
            if field is not None:
                set_invalid(field, text_shown)
            self.message.emit(text_shown, True)
            return False
        if field is not None:
            set_invalid(field, None)
        self.message.emit("", False)
        if updated == self.plan:
            self.plan_shown.emit()  # e.g. "¥36.8" typed for 36.80: show it the usual way
            return True
        self.undo_stack.push(PlanCommand(self.service, self.plan, updated, text))
        return True

    def set_rate(self, source: str, shown: str, text: str, field: QWidget) -> None:
        """A rate field: today's rate of the pair goes into the workspace's table (an empty field removes the
        rate in force), as one undoable step; the service's event reprices the page (and every product)."""
        if self.plan is None or text == shown:
            set_invalid(field, None)
            return
        try:
            command = self._rate_command(source, self.plan.currency, text)
        except UserFacingError as error:
            text_shown = error.text(current_language())
            set_invalid(field, text_shown)
            self.message.emit(text_shown, True)
            return
        set_invalid(field, None)
        self.message.emit("", False)
        self.undo_stack.push(command)

    def _rate_command(self, source: str, target: str, text: str) -> RateCommand:
        """Set today's rate for 1 `source` in `target`; an empty `text` removes the rate shown (in force today)."""
        rates, today = self.service.rates(), self.service.today()
        if not text:
            shown = rate_in_force(rates, source, target, today)
            assert shown is not None  # the field showed it, else text == shown == ""
            return RateCommand(self.service, shown, None, self.tr("Remove exchange rate"))
        rate = new_rate(today, source, target, text)
        return RateCommand(self.service, rate_for_day(rates, today, source, target), rate,
                           self.tr("Change exchange rate"))

    def rates(self) -> tuple[list[FxRate], date]:
        """The workspace's rate table and today (what the rate fields show)."""
        return self.service.rates(), self.service.today()

    # ----- recalculation ----------------------------------------------------------------------------------------
    def recalculate(self) -> None:
        """Price the plan on its channels (~2 ms for ten, see app.views.pricing.page)."""
        if self.plan is None:
            return
        self.evaluation = self.service.evaluate(self.plan, self.profiles)
        self.evaluated.emit()

    # ----- service → state ----------------------------------------------------------------------------------
    def _on_service_event(self, event: PricingEvent) -> None:
        """The service saved something (an edit, an undo or a redo): show it."""
        if not isValid(self):
            return
        if event.kind == "profiles":
            self.profiles = self.service.profiles()
            self.profiles_changed.emit()
            self.recalculate()
        elif event.kind == "rates" and self.plan is not None:
            self.rates_changed.emit()
            self.recalculate()
        elif event.kind == "plan" and event.product_id is not None:
            self.plan = self.service.load_plan(event.product_id)
            self.plan_shown.emit()
            self.recalculate()
