"""The Products page's two tables: the catalogue (completeness drawn as a bar, columns fitted once to what
they hold, the two name columns sharing the width that is left) and the SKUs of the current product.

Their strings are in the "ProductsPage" translation context, with the rest of the page's.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    Signal,
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
    CatalogueModel,
    Column,
    SkuColumn,
    SkuTableModel,
    completeness_colour,
    status_labels,
)

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls

NAME_ZH_MIN, NAME_EN_MIN = 120, 140  # px: narrower, a name column says too little
Index = QModelIndex | QPersistentModelIndex
SELECT_ROWS = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
CURRENT_ROWS = QItemSelectionModel.SelectionFlag.NoUpdate | QItemSelectionModel.SelectionFlag.Rows


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


class CatalogueTable(QTableView):
    """The catalogue: sorted by the database (a header click), many rows selectable, double-click to edit."""

    # A product was double-clicked (its id).
    product_activated = Signal(int)
    # The current row changed (the new current index, invalid when none).
    current_changed = Signal(QModelIndex)
    # The selection changed.
    selection_changed = Signal()
    # The rows were painted (the page counts every match only once they are on screen).
    painted = Signal()

    def __init__(self, model: CatalogueModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = model
        self.columns_fitted = False
        self._name_zh_width = 220
        self.setObjectName("catalogueTable")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setItemDelegateForColumn(Column.COMPLETENESS, CompletenessDelegate(self))
        self.viewport().installEventFilter(self)
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring at 10,000 rows
        vertical.setDefaultSectionSize(32)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(48)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # the names share the rest: balance_names
        header.setResizeContentsPrecision(40)  # size hints look at 40 rows, not every loaded one
        header.setSortIndicator(model.sort_column, model.sort_order)
        self.setSortingEnabled(True)  # a header click calls model.sort(): the database sorts
        self.doubleClicked.connect(lambda index: self.product_activated.emit(model.product_id(index.row())))
        self.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())
        self.selectionModel().currentRowChanged.connect(lambda current, _previous: self.current_changed.emit(current))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.viewport():
            if event.type() == QEvent.Type.Resize:
                self.balance_names()
            elif event.type() == QEvent.Type.Paint:
                self.painted.emit()
        return super().eventFilter(watched, event)

    def selected_product_ids(self) -> list[int]:
        rows = sorted(index.row() for index in self.selectionModel().selectedRows())
        return [self.catalogue.product_id(row) for row in rows if row < self.catalogue.rowCount()]

    def select_rows(self, rows: list[int]) -> None:
        """Select these rows (what a user does with Ctrl+click); the last one becomes current."""
        selection = self.selectionModel()
        selection.clearSelection()
        for row in rows:
            selection.select(self.catalogue.index(row, 0), SELECT_ROWS)
        if rows:
            selection.setCurrentIndex(self.catalogue.index(rows[-1], 0), CURRENT_ROWS)

    def restore_selection(self, product_ids: list[int]) -> QModelIndex:
        """Select these products again after a new query (the first row when none is left); returns the
        current index (invalid for an empty table)."""
        model = self.catalogue
        rows = [row for row in (model.row_of(pid) for pid in product_ids) if row is not None]
        if not rows and model.rowCount():
            rows = [0]
        if not rows:
            return QModelIndex()
        selection = self.selectionModel()
        for row in rows:
            selection.select(model.index(row, 0), SELECT_ROWS)
        current = model.index(rows[-1], 0)
        selection.setCurrentIndex(current, CURRENT_ROWS)
        self.scrollTo(current)
        return current

    def fit_columns(self, categories: list[tuple[int | None, str]]) -> None:
        """Widths from what the columns hold (the loaded rows, every category and status): short columns
        never elide; the Chinese name gets its room first, the English name takes the rest of the width."""
        self.ensurePolished()  # the stylesheet's paddings count in the size hints
        header = self.horizontalHeader()
        header.ensurePolished()
        metrics = self.fontMetrics()
        caps = {Column.CODE: 220, Column.NAME_ZH: 300, Column.CATEGORY: 156, Column.STATUS: 120, Column.SKUS: 90,
                Column.COMPLETENESS: 130, Column.UPDATED: 160}
        # Categories and statuses: every possible value, not only the loaded ones.
        longest = {Column.CATEGORY: [name for _id, name in categories] + ["—"],
                   Column.STATUS: list(status_labels().values()), Column.SKUS: ["9999"],
                   Column.COMPLETENESS: ["100 % █████"]}  # room for the bar beside the number
        for column, cap in caps.items():
            content = max((metrics.horizontalAdvance(text) + 28 for text in longest.get(column, [])), default=0)
            if column in (Column.CODE, Column.NAME_ZH, Column.UPDATED):  # the rest: every value is known
                content = max(content, self.sizeHintForColumn(column))
            header.resizeSection(column, min(max(header.sectionSizeHint(column), content), cap))
        self._name_zh_width = header.sectionSize(Column.NAME_ZH)
        self.columns_fitted = self.catalogue.rowCount() > 0
        self.balance_names()

    def balance_names(self) -> None:
        """Share the width the other columns leave: the Chinese name gets its fitted width and the English
        one the rest, as long as that leaves it readable; in a narrow window both give way down to a
        readable minimum, and the table scrolls sideways."""
        header = self.horizontalHeader()
        others = sum(header.sectionSize(c) for c in Column if c not in (Column.NAME_ZH, Column.NAME_EN))
        room = self.viewport().width() - others
        name_zh = min(self._name_zh_width, max(room - NAME_EN_MIN, NAME_ZH_MIN))
        name_en = max(room - name_zh, NAME_EN_MIN)
        for column, width in ((Column.NAME_ZH, name_zh), (Column.NAME_EN, name_en)):
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)


class SkuPanel(QWidget):
    """The SKUs of the current product, under a title that names it."""

    def __init__(self, model: SkuTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        layout.addWidget(self.title)
        table = self.table = QTableView()
        table.setObjectName("skuTable")
        table.setModel(model)
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

    def show_product(self, catalogue: CatalogueModel, index: QModelIndex) -> None:
        """Show the SKUs of the catalogue's row at `index` (none for an invalid index)."""
        product_id = catalogue.product_id(index.row()) if index.isValid() else None
        if product_id == self.model.product_id and product_id is not None:
            return
        self.model.set_product(product_id)
        if product_id is None:
            self.title.setText(self.tr("SKUs: select a product"))
            return
        product = catalogue.product(index.row())
        name = product.name_zh if is_chinese() else (product.name_en or product.name_zh)
        count = self.model.rowCount()
        self.title.setText(self.tr("SKUs of %1 · %2 (%3)").replace("%1", product.code)
                           .replace("%2", name).replace("%3", str(count)))
