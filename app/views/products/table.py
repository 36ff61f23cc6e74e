"""The Products page's two tables: the catalogue (completeness drawn as a bar, columns fitted once to what
they hold, the two name columns sharing the width that is left) and the SKUs of the current product.

`CatalogueTableMixin` is a part of `ProductsPage`: it uses the page's models and categories. Its strings are
in the "ProductsPage" translation context (see `app.views.products.page`).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.views.kit.i18n import is_chinese
from app.views.products.catalogue_model import (
    COMPLETENESS_ROLE,
    Column,
    SkuColumn,
    completeness_colour,
    status_labels,
)

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls

NAME_ZH_MIN, NAME_EN_MIN = 120, 140  # px: narrower, a name column says too little
Index = QModelIndex | QPersistentModelIndex


class CompletenessDelegate(QStyledItemDelegate):
    """Draws the completeness score as a thin coloured bar with the percentage beside it."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        score = index.data(COMPLETENESS_ROLE)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = opt.rect.adjusted(8, 0, -8, 0)
        label_width = opt.fontMetrics.horizontalAdvance("100 %") + 6
        colour = completeness_colour(score)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bar = QRectF(rect.left(), rect.center().y() - 2.5, max(rect.width() - label_width, 10), 5)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#E2E8F0"))
        painter.drawRoundedRect(bar, 2.5, 2.5)
        if score:
            filled = QRectF(bar.left(), bar.top(), bar.width() * min(score, 100) / 100, bar.height())
            painter.setBrush(colour)
            painter.drawRoundedRect(filled, 2.5, 2.5)
        painter.setPen(colour)
        label = QRectF(bar.right(), rect.top(), label_width, rect.height())
        painter.drawText(label, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(140, super().sizeHint(option, index).height())


class CatalogueTableMixin:
    """The catalogue and SKU tables of `ProductsPage`."""

    def _catalogue_table(self) -> QTableView:
        table = self.table = QTableView()
        table.setObjectName("catalogueTable")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setItemDelegateForColumn(Column.COMPLETENESS, CompletenessDelegate(table))
        table.viewport().installEventFilter(self)
        vertical = table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring at 10,000 rows
        vertical.setDefaultSectionSize(32)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(48)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # the names share the rest: _balance_names
        header.setResizeContentsPrecision(40)  # size hints look at 40 rows, not every loaded one
        header.setSortIndicator(self.model.sort_column, self.model.sort_order)
        table.setSortingEnabled(True)  # a header click calls model.sort(): the database sorts
        table.doubleClicked.connect(lambda index: self._edit_product(self.model.product_id(index.row())))
        table.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        table.selectionModel().currentRowChanged.connect(lambda current, _previous: self._show_skus(current))
        return table

    def _fit_columns(self) -> None:
        """Widths from what the columns hold (the loaded rows, every category and status): short columns
        never elide; the Chinese name gets its room first, the English name takes the rest of the width."""
        self.table.ensurePolished()  # the stylesheet's paddings count in the size hints
        header = self.table.horizontalHeader()
        header.ensurePolished()
        metrics = self.table.fontMetrics()
        caps = {Column.CODE: 220, Column.NAME_ZH: 300, Column.CATEGORY: 156, Column.STATUS: 120, Column.SKUS: 90,
                Column.COMPLETENESS: 130, Column.UPDATED: 160}
        # Categories and statuses: every possible value, not only the loaded ones.
        longest = {Column.CATEGORY: [name for _id, name in self.categories] + ["—"],
                   Column.STATUS: list(status_labels().values()), Column.SKUS: ["9999"],
                   Column.COMPLETENESS: ["100 % █████"]}  # room for the bar beside the number
        for column, cap in caps.items():
            content = max((metrics.horizontalAdvance(text) + 28 for text in longest.get(column, [])), default=0)
            if column in (Column.CODE, Column.NAME_ZH, Column.UPDATED):  # the rest: every value is known
                content = max(content, self.table.sizeHintForColumn(column))
            header.resizeSection(column, min(max(header.sectionSizeHint(column), content), cap))
        self._name_zh_width = header.sectionSize(Column.NAME_ZH)
        self._columns_fitted = self.model.rowCount() > 0
        self._balance_names()

    def _balance_names(self) -> None:
        """Share the width the other columns leave: the Chinese name gets its fitted width and the English
        one the rest, as long as that leaves it readable; in a narrow window both give way down to a
        readable minimum, and the table scrolls sideways."""
        header = self.table.horizontalHeader()
        others = sum(header.sectionSize(c) for c in Column if c not in (Column.NAME_ZH, Column.NAME_EN))
        room = self.table.viewport().width() - others
        name_zh = min(self._name_zh_width, max(room - NAME_EN_MIN, NAME_ZH_MIN))
        name_en = max(room - name_zh, NAME_EN_MIN)
        for column, width in ((Column.NAME_ZH, name_zh), (Column.NAME_EN, name_en)):
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)

    def _sku_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.sku_title = QLabel()
        self.sku_title.setObjectName("sectionTitle")
        layout.addWidget(self.sku_title)
        table = self.sku_table = QTableView()
        table.setObjectName("skuTable")
        table.setModel(self.sku_model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(30)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        metrics = table.fontMetrics()
        header.ensurePolished()
        samples = {SkuColumn.CODE: "XZ-LG-PC01-BLK-20-XX", SkuColumn.GTIN: "06970548001002",
                   SkuColumn.WEIGHT: "99,999", SkuColumn.SIZE: "9999 × 9999 × 9999", SkuColumn.COST: "99999.00"}
        for column in SkuColumn:
            if column == SkuColumn.OPTIONS:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            else:  # the sample value or the (translated) header, whichever is wider
                header.resizeSection(column, max(metrics.horizontalAdvance(samples[column]) + 28,
                                                 header.sectionSizeHint(column)))
        table.setMinimumHeight(120)
        layout.addWidget(table, 1)
        return panel

    def _show_skus(self, index: QModelIndex) -> None:
        product_id = self.model.product_id(index.row()) if index.isValid() else None
        if product_id == self.sku_model.product_id and product_id is not None:
            return
        self.sku_model.set_product(product_id)
        if product_id is None:
            self.sku_title.setText(translate("ProductsPage", "SKUs: select a product"))
            return
        product = self.model.product(index.row())
        name = product.name_zh if is_chinese() else (product.name_en or product.name_zh)
        count = self.sku_model.rowCount()
        self.sku_title.setText(translate("ProductsPage", "SKUs of %1 · %2 (%3)").replace("%1", product.code)
                               .replace("%2", name).replace("%3", str(count)))
