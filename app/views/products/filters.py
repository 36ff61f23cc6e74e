"""The Products page's filter bar: search-as-you-type (debounced) over codes, names, SKU codes and GTINs, and
the category, status and completeness filters. It only says that the filter changed (`changed`); the page
queries the catalogue again.

Its strings are in the "ProductsPage" translation context, with the rest of the page's.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from app.services.catalogue.search import UNCATEGORISED
from app.views.kit.resources import icon
from app.views.products.catalogue_model import status_labels

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls

SEARCH_DEBOUNCE_MS = 150


class FilterBar(QWidget):
    """The search box and the filters above the catalogue."""

    # The filter changed: after a pause in typing, at once for Enter or a combo.
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.categories: list[tuple[int | None, str]] = []
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self.debounce.timeout.connect(self.changed)
        self.search = QLineEdit()
        self.search.setObjectName("catalogueSearch")
        self.search.setPlaceholderText(self.tr("Search codes, Chinese or English names, SKU codes "
                                               "and GTINs…"))
        self.search.setToolTip(self.tr("Finds any part of a code, a name in Chinese or English, a "
                                       "SKU code or a barcode. Separate words with spaces to find "
                                       "products matching all of them."))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.textChanged.connect(lambda _text: self.debounce.start())
        self.search.returnPressed.connect(self.changed_now)
        self.category_filter = QComboBox()
        self.category_filter.setToolTip(self.tr("Show one category"))
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("Any status"), None)
        for key, label in status_labels().items():
            self.status_filter.addItem(label, key)
        self.completeness_filter = QComboBox()
        self.completeness_filter.setToolTip(self.tr("Show products at least this complete"))
        self.completeness_filter.addItem(self.tr("Any completeness"), None)
        for score in (50, 80):
            self.completeness_filter.addItem(self.tr("At least %1 %").replace("%1", str(score)),
                                             score)
        self.completeness_filter.addItem(self.tr("Complete (100 %)"), 100)
        self.set_categories([])
        for combo in (self.category_filter, self.status_filter, self.completeness_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMaximumWidth(220)
            combo.currentIndexChanged.connect(lambda _index: self.changed_now())
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.search.setMinimumWidth(240)
        row.addWidget(self.search, 1)
        row.addWidget(self.category_filter)
        row.addWidget(self.status_filter)
        row.addWidget(self.completeness_filter)

    def changed_now(self) -> None:
        self.debounce.stop()
        self.changed.emit()

    def set_categories(self, categories: list[tuple[int | None, str]]) -> None:
        """The categories to offer, as (id, name in the UI language); the current choice is kept."""
        self.categories = list(categories)
        current = self.category_filter.currentData()
        self.category_filter.blockSignals(True)
        self.category_filter.clear()
        self.category_filter.addItem(self.tr("All categories"), None)
        for category_id, name in self.categories:
            self.category_filter.addItem(name, category_id)
        self.category_filter.addItem(self.tr("Uncategorised"), UNCATEGORISED)
        self.category_filter.setCurrentIndex(max(self.category_filter.findData(current), 0))
        self.category_filter.blockSignals(False)

    def current_filter(self) -> dict[str, Any]:
        return {"text": self.search.text(), "category_id": self.category_filter.currentData(),
                "status": self.status_filter.currentData(), "min_completeness": self.completeness_filter.currentData()}
