"""What the Pricing page does with an edit: parse the field, build the new plan from the current one, refuse
bad input at the field in the user's language, and push the change on the undo stack as a `PlanCommand`
(the service saves it and the page shows the result).

`PlanEditsMixin` is a part of `PricingPage`: its handlers are wired to the fields built in
`app.views.pricing.inputs`. Its strings are in the "PricingPage" translation context (see
`app.views.pricing.page`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from app.models.bilingual import UserFacingError
from app.services.pricing import (
    ChainLayer,
    Ending,
    EndingStyle,
    PricingError,
    Target,
    TargetKind,
)
from app.services.pricing.exchange_rates import new_rate, rate_for_day, rate_in_force
from app.services.pricing.plans import PlanData, check_plan, parse_money, parse_percent
from app.views.kit.i18n import current_language
from app.views.pricing.commands import PlanCommand, RateCommand
from app.views.pricing.common import cost_label, set_invalid

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


class PlanEditsMixin:
    """The commit handlers of `PricingPage`: widgets → service, each change one undoable step."""

    def _edit(self, text: str, build: Callable[[PlanData], PlanData], field: QWidget | None = None) -> bool:
        """Build the new plan from the current one; refuse bad input at `field`; push the change as a command."""
        if self.plan is None:
            return False
        try:
            updated = build(self.plan)
            check_plan(updated)
        except PricingError as error:
            message = error.text(current_language())
            if field is not None:
                set_invalid(field, message)
            self.show_message(message, error=True)
            return False
        if field is not None:
            set_invalid(field, None)
        self.show_message("")
        if updated == self.plan:
            self._show_plan()  # e.g. "¥36.8" typed for 36.80: show it the usual way
            return True
        self.undo_stack.push(PlanCommand(self.service, self.plan, updated, text))
        return True

    def _commit_cost(self, name: str) -> None:
        field = self.cost_fields[name]
        self._edit(translate("PricingPage", "Change %1").replace("%1", cost_label(name)),
                   lambda p: p.with_cost(name, parse_money(field.text())), field)

    def _commit_fixed(self, name: str) -> None:
        field = self.fixed_fields[name]
        self._edit(translate("PricingPage", "Change %1").replace("%1", cost_label(name)),
                   lambda p: p.with_fixed(name, parse_money(field.text())), field)

    def _commit_target_value(self) -> None:
        def build(plan: PlanData) -> PlanData:
            kind = plan.target.kind
            text = self.target_value.text()
            value = parse_money(text) if kind is TargetKind.PRICE else parse_percent(text)
            return replace(plan, target=Target(kind, value))
        self._edit(translate("PricingPage", "Change target"), build, self.target_value)

    def _on_target_kind(self, index: int) -> None:
        if self.plan is None:
            return
        kind = TargetKind(self.target_kind.itemData(index))
        current = self.plan.target
        if kind is current.kind:
            return
        if kind is TargetKind.PRICE:
            priced = [r.outcome.result.price for r in (self.evaluation.rows if self.evaluation else ())
                      if r.outcome.result is not None and r.profile.currency == self.plan.currency]
            value = priced[0] if priced else Decimal("100")
        else:
            value = current.value if current.kind is not TargetKind.PRICE else Decimal("0.20")
        self._edit(translate("PricingPage", "Change target"), lambda p: replace(p, target=Target(kind, value)))

    def _commit_discount(self) -> None:
        self._edit(translate("PricingPage", "Change discount"),
                   lambda p: replace(p, discount=parse_percent(self.discount.text() or "0")), self.discount)

    def _commit_ending(self) -> None:
        style = self.ending.currentData()
        ending = None if not style else Ending(EndingStyle(style), self.avoid_4.isChecked())
        self._edit(translate("PricingPage", "Change price ending"), lambda p: replace(p, ending=ending))

    def _commit_return_rate(self) -> None:
        self._edit(translate("PricingPage", "Change the return rate"), lambda p: replace(
            p, returns=replace(p.returns, rate=parse_percent(self.returns_rate.text() or "0"))), self.returns_rate)

    def _commit_loss_per_return(self) -> None:
        self._edit(translate("PricingPage", "Change the loss per return"), lambda p: replace(
            p, returns=replace(p.returns, loss_per_return=parse_money(self.loss_per_return.text() or "0"))),
            self.loss_per_return)

    def _commit_fx(self, currency: str) -> None:
        """A rate field: today's rate of the pair goes into the workspace's table (an empty field removes the
        rate in force), as one undoable step; the service's event reprices the page (and every product)."""
        field = self.fx_fields[currency]
        text = field.text().strip()
        if self.plan is None or text == self.fx_shown.get(currency, ""):
            set_invalid(field, None)
            return
        try:
            command = self._rate_command(currency, self.plan.currency, text)
        except UserFacingError as error:
            message = error.text(current_language())
            set_invalid(field, message)
            self.show_message(message, error=True)
            return
        set_invalid(field, None)
        self.show_message("")
        self.undo_stack.push(command)

    def _rate_command(self, source: str, target: str, text: str) -> RateCommand:
        """Set today's rate for 1 `source` in `target`; an empty `text` removes the rate shown (in force today)."""
        rates, today = self.service.rates(), self.service.today()
        if not text:
            shown = rate_in_force(rates, source, target, today)
            assert shown is not None  # the field showed it, else text == shown == ""
            return RateCommand(self.service, shown, None, translate("PricingPage", "Remove exchange rate"))
        rate = new_rate(today, source, target, text)
        return RateCommand(self.service, rate_for_day(rates, today, source, target), rate,
                           translate("PricingPage", "Change exchange rate"))

    def _on_channel_toggled(self, channel_id: str, checked: bool) -> None:
        text = translate("PricingPage", "Compare channel") if checked else translate("PricingPage", "Leave out channel")
        self._edit(text, lambda p: p.with_channel(channel_id, checked))

    def _on_override(self, channel_id: str, price: Decimal | None) -> None:
        text = (translate("PricingPage", "Set a channel's price") if price is not None
                else translate("PricingPage", "Use the suggested price"))
        self._edit(text, lambda p: p.with_override(channel_id, price))

    def _on_layer_edit(self, row: int, changes: dict[str, Any]) -> None:
        self._edit(translate("PricingPage", "Change chain layer"), lambda p: p.with_layer(row, **changes))

    def _add_layer(self) -> None:
        name = translate("PricingPage", "New layer")
        layer = ChainLayer(name, name, Decimal("0.20"), is_assumption=True)
        self._edit(translate("PricingPage", "Add chain layer"),
                   lambda p: replace(p, chain_layers=p.chain_layers + (layer,)))

    def _remove_layer(self) -> None:
        if self.plan is None or not self.plan.chain_layers:
            return
        selected = self.layer_table.selectionModel().selectedRows()
        row = selected[0].row() if selected else len(self.plan.chain_layers) - 1
        self._edit(translate("PricingPage", "Remove chain layer"),
                   lambda p: replace(p, chain_layers=p.chain_layers[:row] + p.chain_layers[row + 1:]))

