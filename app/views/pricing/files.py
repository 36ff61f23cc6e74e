"""The Pricing page's files: save the plan on one channel as a scenario (the JSON the `price` command
reads), load a scenario into the plan as one undoable step, and export the picture as a vector PDF or a PNG.

`ScenarioFiles` is the page's controller for them, working on the shared `PricingState`. Its strings are in
the "PricingPage" translation context with the page's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QFileDialog, QWidget

from app.models.bilingual import UserFacingError
from app.services.pricing import PricingError
from app.views.kit.errors import show_error
from app.views.kit.i18n import current_language
from app.views.kit.settings import AppSettings
from app.views.pricing.chain_chart import ChainChart
from app.views.pricing.commands import PlanCommand
from app.views.pricing.state import PricingState

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


class ScenarioFiles(QObject):
    """Scenario files and chart export for the Pricing page."""

    def __init__(self, state: PricingState, chart: ChainChart, selected_channel: Callable[[], str | None],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.state, self.chart, self.selected_channel, self.owner = state, chart, selected_channel, parent

    def _say(self, text: str) -> None:
        self.state.message.emit(text, False)

    def choose_scenario_to_save(self) -> None:
        channel_id = self.selected_channel()
        if self.state.plan is None or channel_id is None:
            self.state.message.emit(self.tr("Pick at least one channel first."), True)
            return
        folders = AppSettings()
        default = folders.start_path("scenarios", f"{self.state.product_code()}-{channel_id}.json")
        path, _ = QFileDialog.getSaveFileName(self.owner, self.tr("Export scenario file"), default,
                                              self.tr("Scenario files (*.json)"))
        if path:
            folders.remember_folder("scenarios", path)
            self.save_scenario(Path(path), channel_id)

    def save_scenario(self, path: Path, channel_id: str) -> bool:
        """Write the plan on one channel as a scenario file (the `price` command's JSON)."""
        assert self.state.plan is not None
        try:
            export = self.state.service.save_scenario(self.state.plan, channel_id, path)
        except (PricingError, OSError) as error:
            show_error(self.owner, error, self.tr("Can't save the scenario"))
            return False
        notes = " ".join(n.text(current_language()) for n in export.notes)
        self._say(self.tr("Saved the scenario to %1.").replace("%1", str(path))
                  + (" " + notes if notes else ""))
        return True

    def choose_scenario_to_load(self) -> None:
        folders = AppSettings()
        path, _ = QFileDialog.getOpenFileName(self.owner, self.tr("Load scenario"), folders.start_path("scenarios"),
                                              self.tr("Scenario files (*.json);;All files (*)"))
        if path:
            folders.remember_folder("scenarios", path)
            self.load_scenario(Path(path))

    def load_scenario(self, path: Path) -> bool:
        """Apply a scenario file to the current product's plan (one undoable step)."""
        state = self.state
        if state.plan is None:
            return False
        try:
            scenario = state.service.read_scenario(path)
            updated, notes = state.service.plan_from_scenario(state.plan, scenario)
        except PricingError as error:
            show_error(self.owner, error, self.tr("Can't load the scenario"))
            return False
        if updated != state.plan:
            state.undo_stack.push(PlanCommand(state.service, state.plan, updated,
                                              self.tr("Load scenario")))
        text = " ".join(n.text(current_language()) for n in notes)
        self._say(self.tr("Loaded %1.").replace("%1", path.name) + (" " + text if text else ""))
        return True

    def choose_chart_file(self) -> None:
        """Ask where and in which format: a vector PDF (the default, for print) or a PNG (for slides)."""
        pdf_filter = self.tr("PDF (vector) (*.pdf)")
        png_filter = self.tr("PNG image (*.png)")
        default = str(Path.home() / f"{self.state.product_code()}-chain-vs-direct.pdf")
        path, chosen = QFileDialog.getSaveFileName(self.owner, self.tr("Export chart"), default,
                                                   f"{pdf_filter};;{png_filter}")
        if path:
            self.export_chart(chart_file(Path(path), ".png" if chosen == png_filter else ".pdf"))

    def export_chart(self, path: Path) -> bool:
        """Save the picture in the format its suffix names: a 2× PNG for ".png", else a vector PDF."""
        try:
            written = self.chart.export_png(path) if path.suffix.lower() == ".png" else self.chart.export_pdf(path)
        except (OSError, UserFacingError) as error:
            show_error(self.owner, error, self.tr("Can't export the picture"))
            return False
        self._say(self.tr("Saved the picture to %1.").replace("%1", str(written)))
        return True


def chart_file(path: Path, chosen_suffix: str) -> Path:
    """The file to write the chart to: a typed ".pdf" or ".png" decides the format (whatever the filter says);
    any other name gets the suffix of the format chosen in the dialog ("plan v1.2" → "plan v1.2.pdf")."""
    if path.suffix.lower() in (".pdf", ".png"):
        return path
    return path.with_name(path.name + chosen_suffix)
