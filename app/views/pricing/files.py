"""The Pricing page's files: save the plan on one channel as a scenario (the JSON the `price` command
reads), load a scenario into the plan as one undoable step, and export the picture as a vector PDF or a PNG.

`ScenarioFilesMixin` is a part of `PricingPage`. Its strings are in the "PricingPage" translation context
(see `app.views.pricing.page`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog

from app.models.bilingual import UserFacingError
from app.services.pricing import PricingError
from app.views.kit.errors import show_error
from app.views.kit.i18n import current_language
from app.views.pricing.commands import PlanCommand

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


class ScenarioFilesMixin:
    """Scenario files and chart export for `PricingPage`."""

    def _product_code(self) -> str:
        assert self.plan is not None
        return next((p.code for p in self.products if p.id == self.plan.product_id), "product")

    def _choose_scenario_to_save(self) -> None:
        channel_id = self.selected_channel()
        if self.plan is None or channel_id is None:
            self.show_message(translate("PricingPage", "Pick at least one channel first."), error=True)
            return
        default = str(Path.home() / f"{self._product_code()}-{channel_id}.json")
        path, _ = QFileDialog.getSaveFileName(self, translate("PricingPage", "Save scenario"), default,
                                              translate("PricingPage", "Scenario files (*.json)"))
        if path:
            self.save_scenario(Path(path), channel_id)

    def save_scenario(self, path: Path, channel_id: str) -> bool:
        """Write the plan on one channel as a scenario file (the `price` command's JSON)."""
        assert self.plan is not None
        try:
            export = self.service.save_scenario(self.plan, channel_id, path)
        except (PricingError, OSError) as error:
            show_error(self, error, translate("PricingPage", "Can't save the scenario"))
            return False
        notes = " ".join(n.text(current_language()) for n in export.notes)
        self.show_message(translate("PricingPage", "Saved the scenario to %1.").replace("%1", str(path))
                          + (" " + notes if notes else ""))
        return True

    def _choose_scenario_to_load(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, translate("PricingPage", "Load scenario"), str(Path.home()),
                                              translate("PricingPage", "Scenario files (*.json);;All files (*)"))
        if path:
            self.load_scenario(Path(path))

    def load_scenario(self, path: Path) -> bool:
        """Apply a scenario file to the current product's plan (one undoable step)."""
        if self.plan is None:
            return False
        try:
            scenario = self.service.read_scenario(path)
            updated, notes = self.service.plan_from_scenario(self.plan, scenario)
        except PricingError as error:
            show_error(self, error, translate("PricingPage", "Can't load the scenario"))
            return False
        if updated != self.plan:
            self.undo_stack.push(PlanCommand(self.service, self.plan, updated,
                                             translate("PricingPage", "Load scenario")))
        text = " ".join(n.text(current_language()) for n in notes)
        self.show_message(translate("PricingPage", "Loaded %1.").replace("%1", path.name)
                          + (" " + text if text else ""))
        return True

    def _choose_chart_file(self) -> None:
        """Ask where and in which format: a vector PDF (the default, for print) or a PNG (for slides)."""
        pdf_filter = translate("PricingPage", "PDF (vector) (*.pdf)")
        png_filter = translate("PricingPage", "PNG image (*.png)")
        default = str(Path.home() / f"{self._product_code() if self.plan else 'pricing'}-chain-vs-direct.pdf")
        path, chosen = QFileDialog.getSaveFileName(self, translate("PricingPage", "Export chart"), default,
                                                   f"{pdf_filter};;{png_filter}")
        if path:
            self.export_chart(chart_file(Path(path), ".png" if chosen == png_filter else ".pdf"))

    def export_chart(self, path: Path) -> bool:
        """Save the picture in the format its suffix names: a 2× PNG for ".png", else a vector PDF."""
        try:
            written = self.chart.export_png(path) if path.suffix.lower() == ".png" else self.chart.export_pdf(path)
        except (OSError, UserFacingError) as error:
            show_error(self, error, translate("PricingPage", "Can't export the picture"))
            return False
        self.show_message(translate("PricingPage", "Saved the picture to %1.").replace("%1", str(written)))
        return True


def chart_file(path: Path, chosen_suffix: str) -> Path:
    """The file to write the chart to: a typed ".pdf" or ".png" decides the format (whatever the filter says);
    any other name gets the suffix of the format chosen in the dialog ("plan v1.2" → "plan v1.2.pdf")."""
    if path.suffix.lower() in (".pdf", ".png"):
        return path
    return path.with_name(path.name + chosen_suffix)
