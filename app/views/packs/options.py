"""The Packs page's row of build options (`app.services.listing.packs.options.PackOptions`): the image web folder the
shops fetch pictures from, the WooCommerce shop's units, and the Shopify CSV header dialect.

The choices are the user's, not the workspace's (they describe the user's web space and shop settings), so they
are remembered in the app's settings and come back on the next start. The URL is checked by the same service
function the command line uses (`pack_options`); a refused address is marked red with the reason as its tooltip
and `options()` returns None, so nothing is built with it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from app.models.units import DIMENSION_UNITS, WEIGHT_UNITS
from app.services.listing.packs.options import (
    PackOptionError,
    PackOptions,
    pack_options,
)
from app.views.kit import settings as keys
from app.views.kit.i18n import current_language
from app.views.kit.settings import AppSettings


class PackOptionsBar(QWidget):
    """Image web folder, WooCommerce units and Shopify CSV dialect, remembered in `settings`."""

    problem_changed = Signal(str)   # the reason the URL is refused, "" when it is fine

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.problem = ""
        self._build()
        self._restore()

    def _build(self) -> None:
        self.image_base_url = QLineEdit()
        self.image_base_url.setPlaceholderText(self.tr("https://… web folder you upload the output folder to"))
        self.image_base_url.setToolTip(self._url_help())
        self.image_base_url.editingFinished.connect(self._url_edited)
        self.weight_unit = self._combo([(unit, unit) for unit in WEIGHT_UNITS], keys.PACK_WEIGHT_UNIT)
        self.dimension_unit = self._combo([(unit, unit) for unit in DIMENSION_UNITS], keys.PACK_DIMENSION_UNIT)
        units_help = self.tr("Your WooCommerce shop's weight and size units (WooCommerce → Settings → Products): "
                             "the pack writes weights and sizes in them")
        self.weight_unit.setToolTip(units_help)
        self.dimension_unit.setToolTip(units_help)
        self.shopify_dialect = self._combo([(self.tr("current headers"), "current"),
                                            (self.tr("legacy headers"), "legacy")], keys.PACK_SHOPIFY_DIALECT)
        self.shopify_dialect.setToolTip(self.tr("Shopify's current CSV template names (URL handle, Product image "
                                                "URL…), or the legacy ones (Handle, Image Src…)"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Image web folder")))
        row.addWidget(self.image_base_url, 1)
        row.addWidget(QLabel(self.tr("WooCommerce units")))
        row.addWidget(self.weight_unit)
        row.addWidget(self.dimension_unit)
        row.addWidget(QLabel(self.tr("Shopify CSV")))
        row.addWidget(self.shopify_dialect)

    def _url_help(self) -> str:
        return self.tr("The https:// address of the web folder you upload the output folder to (keeping its "
                       "folders). Shopify, WooCommerce and Amazon fetch the pictures from there; without it their "
                       "picture columns are left empty.")

    def _combo(self, items: list[tuple[str, str]], setting: keys.Setting[str]) -> QComboBox:
        combo = QComboBox()
        for text, value in items:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(lambda _index: self.settings.set(setting, str(combo.currentData())))
        return combo

    def _restore(self) -> None:
        """The remembered choices (an unknown remembered value keeps the default)."""
        for combo, setting in ((self.weight_unit, keys.PACK_WEIGHT_UNIT),
                               (self.dimension_unit, keys.PACK_DIMENSION_UNIT),
                               (self.shopify_dialect, keys.PACK_SHOPIFY_DIALECT)):
            index = combo.findData(self.settings.get(setting))
            if index >= 0:
                combo.blockSignals(True)
                combo.setCurrentIndex(index)
                combo.blockSignals(False)
        self.image_base_url.setText(self.settings.get(keys.PACK_IMAGE_BASE_URL))

    def _url_edited(self) -> None:
        """Check the address as the user leaves the field; remember it only when it can be used."""
        if self.options() is not None:
            self.settings.set(keys.PACK_IMAGE_BASE_URL, self.image_base_url.text().strip())

    def options(self) -> PackOptions | None:
        """The checked options, or None when the URL is refused (marked on the field, `problem_changed`)."""
        try:
            chosen = pack_options(self.image_base_url.text(), str(self.weight_unit.currentData()),
                                  str(self.dimension_unit.currentData()), str(self.shopify_dialect.currentData()))
        except PackOptionError as error:
            self._mark(error.text(current_language()))
            return None
        self._mark("")
        return chosen

    def _mark(self, problem: str) -> None:
        self.image_base_url.setProperty("invalid", bool(problem))
        self.image_base_url.setToolTip(problem or self._url_help())
        self.image_base_url.style().unpolish(self.image_base_url)
        self.image_base_url.style().polish(self.image_base_url)
        if problem != self.problem:
            self.problem = problem
            self.problem_changed.emit(problem)
