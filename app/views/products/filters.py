"""The Products page's filter bar: search-as-you-type (debounced) over codes, names, SKU codes and GTINs, and
the category, status and completeness filters; a change queries the catalogue again.

`FilterBarMixin` is a part of `ProductsPage`. Its strings are in the "ProductsPage" translation context (see
`app.views.products.page`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit

from app.services.catalogue.categories import list_categories
from app.services.catalogue.search import UNCATEGORISED
from app.views.kit.i18n import is_chinese
from app.views.kit.resources import icon
from app.views.products.catalogue_model import status_labels

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls

SEARCH_DEBOUNCE_MS = 150


class FilterBarMixin:
    """The search box and filters of `ProductsPage`, and applying them."""

    def _filter_row(self) -> QHBoxLayout:
        self.search = QLineEdit()
        self.search.setObjectName("catalogueSearch")
        self.search.setPlaceholderText(translate("ProductsPage", "Search codes, Chinese or English names, SKU codes "
                                                                 "and GTINs…"))
        self.search.setToolTip(translate("ProductsPage", "Finds any part of a code, a name in Chinese or English, a "
                                                         "SKU code or a barcode. Separate words with spaces to find "
                                                         "products matching all of them."))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filter)
        self.category_filter = QComboBox()
        self.category_filter.setToolTip(translate("ProductsPage", "Show one category"))
        self.status_filter = QComboBox()
        self.status_filter.addItem(translate("ProductsPage", "Any status"), None)
        for key, label in status_labels().items():
            self.status_filter.addItem(label, key)
        self.completeness_filter = QComboBox()
        self.completeness_filter.setToolTip(translate("ProductsPage", "Show products at least this complete"))
        self.completeness_filter.addItem(translate("ProductsPage", "Any completeness"), None)
        for score in (50, 80):
            self.completeness_filter.addItem(translate("ProductsPage", "At least %1 %").replace("%1", str(score)),
                                             score)
        self.completeness_filter.addItem(translate("ProductsPage", "Complete (100 %)"), 100)
        self._fill_categories()
        for combo in (self.category_filter, self.status_filter, self.completeness_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMaximumWidth(220)
            combo.currentIndexChanged.connect(lambda _index: self.apply_filter())
        row = QHBoxLayout()
        row.setSpacing(8)
        self.search.setMinimumWidth(240)
        row.addWidget(self.search, 1)
        row.addWidget(self.category_filter)
        row.addWidget(self.status_filter)
        row.addWidget(self.completeness_filter)
        return row

    def _fill_categories(self) -> None:
        chinese = is_chinese()
        self.categories: list[tuple[int | None, str]] = [
            (category.id, (category.name_zh if chinese else category.name_en) or category.code)
            for category in list_categories(self.workspace)]
        current = self.category_filter.currentData()
        self.category_filter.blockSignals(True)
        self.category_filter.clear()
        self.category_filter.addItem(translate("ProductsPage", "All categories"), None)
        for category_id, name in self.categories:
            self.category_filter.addItem(name, category_id)
        self.category_filter.addItem(translate("ProductsPage", "Uncategorised"), UNCATEGORISED)
        self.category_filter.setCurrentIndex(max(self.category_filter.findData(current), 0))
        self.category_filter.blockSignals(False)

    def current_filter(self) -> dict[str, Any]:
        return {"text": self.search.text(), "category_id": self.category_filter.currentData(),
                "status": self.status_filter.currentData(), "min_completeness": self.completeness_filter.currentData()}

    def apply_filter(self) -> None:
        """Search box (after the debounce) or a filter combo: query again with the new filter."""
        self._search_timer.stop()
        self._count_timer.stop()
        self._count_after_paint = False
        selected = self.selected_product_ids()
        self.model.set_filter(**self.current_filter())
        self._after_reset(selected)
