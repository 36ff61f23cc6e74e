"""Item models of the product editor: the SKU table and the image grid (thin adapters over snapshots).

Neither model saves anything: an accepted cell edit is announced by `edit_requested`, a drop by the view's
signals; the editor state saves and the models are refreshed from the reloaded product. A refresh with the
same rows updates them in place (dataChanged), so the selection and scroll position survive each save.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QPixmap

from app.models import ImageRole
from app.services.catalogue.products import (
    ImageSnapshot,
    SkuSnapshot,
    clean_sku_changes,
)
from app.views.kit.i18n import current_language
from app.views.kit.table_model import ListTableModel

Index = QModelIndex | QPersistentModelIndex

ERROR_BACKGROUND = QColor("#FEF2F2")
ERROR_FOREGROUND = QColor("#B91C1C")
MUTED_FOREGROUND = QColor("#475569")
IMAGE_IDS_MIME = "application/x-factory-direct-image-ids"


class SkuColumn(IntEnum):
    CODE = 0
    OPTIONS = 1
    GTIN = 2
    WEIGHT = 3
    LENGTH = 4
    WIDTH = 5
    HEIGHT = 6
    COST = 7


#: The SKU field behind each editable column.
SKU_FIELDS: dict[SkuColumn, str] = {
    SkuColumn.CODE: "code", SkuColumn.GTIN: "gtin", SkuColumn.WEIGHT: "weight_g", SkuColumn.LENGTH: "length_mm",
    SkuColumn.WIDTH: "width_mm", SkuColumn.HEIGHT: "height_mm", SkuColumn.COST: "cost",
}
_NUMERIC = (SkuColumn.WEIGHT, SkuColumn.LENGTH, SkuColumn.WIDTH, SkuColumn.HEIGHT, SkuColumn.COST)


def sku_headers() -> dict[SkuColumn, str]:
    return {
        SkuColumn.CODE: QCoreApplication.translate("SkuTableModel", "SKU code"),
        SkuColumn.OPTIONS: QCoreApplication.translate("SkuTableModel", "Options"),
        SkuColumn.GTIN: QCoreApplication.translate("SkuTableModel", "GTIN / barcode"),
        SkuColumn.WEIGHT: QCoreApplication.translate("SkuTableModel", "Weight (g)"),
        SkuColumn.LENGTH: QCoreApplication.translate("SkuTableModel", "L (mm)"),
        SkuColumn.WIDTH: QCoreApplication.translate("SkuTableModel", "W (mm)"),
        SkuColumn.HEIGHT: QCoreApplication.translate("SkuTableModel", "H (mm)"),
        SkuColumn.COST: QCoreApplication.translate("SkuTableModel", "Cost"),
    }


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


class SkuTableModel(ListTableModel[SkuSnapshot]):
    """The product's SKUs; every column but the options is editable, validated before it is accepted.

    An invalid entry is not saved: the cell keeps showing what was typed, in red, with the reason as its
    tooltip, until a valid value replaces it or the product is reloaded.
    """

    #: (SKU id, field, the text the user entered) — valid; the editor saves it.
    edit_requested = Signal(int, str, str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(SkuColumn, sku_headers, parent)
        self._axis_keys: list[str] = []
        self._errors: dict[tuple[int, str], tuple[str, str]] = {}

    # ----- contents ------------------------------------------------------------------------------------
    def set_skus(self, skus: Sequence[SkuSnapshot], axis_keys: Sequence[str]) -> None:
        """Show `skus`; the same SKUs in the same order are updated in place (selection survives)."""
        skus = list(skus)
        same_rows = [sku.id for sku in skus] == [sku.id for sku in self._rows]
        self._axis_keys = list(axis_keys)
        if same_rows:
            changed = [row for row, (old, new) in enumerate(zip(self._rows, skus, strict=False)) if old != new]
            self._rows = skus
            for row in changed:
                self._drop_errors(skus[row].id)
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(SkuColumn) - 1))
            return
        self.beginResetModel()
        self._rows = skus
        alive = {sku.id for sku in skus}
        self._errors = {key: value for key, value in self._errors.items() if key[0] in alive}
        self.endResetModel()

    def sku_at(self, row: int) -> SkuSnapshot:
        return self.row_at(row)

    def row_of(self, sku_id: int) -> int | None:
        return next((row for row, sku in enumerate(self._rows) if sku.id == sku_id), None)

    def set_error(self, sku_id: int, field: str, text: str, message: str) -> None:
        """Show a problem the service found (e.g. a code already used elsewhere) on a cell."""
        self._errors[(sku_id, field)] = (text, message)
        self._changed_cell(sku_id, field)

    def error(self, sku_id: int, field: str) -> str | None:
        found = self._errors.get((sku_id, field))
        return found[1] if found else None

    def _drop_errors(self, sku_id: int) -> None:
        for key in [key for key in self._errors if key[0] == sku_id]:
            del self._errors[key]

    def _changed_cell(self, sku_id: int, field: str) -> None:
        row = self.row_of(sku_id)
        column = next((column for column, name in SKU_FIELDS.items() if name == field), None)
        if row is not None and column is not None:
            index = self.index(row, column)
            self.dataChanged.emit(index, index)

    # ----- Qt model API --------------------------------------------------------------------------------
    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return super().headerData(section, orientation, role)
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole:
            numeric = SkuColumn(section) in _NUMERIC
            return int((Qt.AlignmentFlag.AlignRight if numeric else Qt.AlignmentFlag.AlignLeft)
                       | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if SkuColumn(index.column()) != SkuColumn.OPTIONS:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        sku = self._rows[index.row()]
        column = SkuColumn(index.column())
        field = SKU_FIELDS.get(column)
        problem = self._errors.get((sku.id, field)) if field else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if problem is not None:
                return problem[0]
            if column == SkuColumn.OPTIONS:
                return " / ".join(str(sku.options.get(key, "")) for key in self._axis_keys if sku.options.get(key)) \
                    or " / ".join(str(value) for value in sku.options.values())
            return _text(sku.value(field)) if field else ""
        if role == Qt.ItemDataRole.ToolTipRole and problem is not None:
            return problem[1]
        if role == Qt.ItemDataRole.BackgroundRole and problem is not None:
            return QBrush(ERROR_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if problem is not None:
                return QBrush(ERROR_FOREGROUND)
            if column == SkuColumn.OPTIONS:
                return QBrush(MUTED_FOREGROUND)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return sku.id
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Validate; a valid change is announced by `edit_requested`, an invalid one kept red with its reason."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        field = SKU_FIELDS.get(SkuColumn(index.column()))
        if field is None:
            return False
        sku = self._rows[index.row()]
        text = "" if value is None else str(value)
        cleaned, problems = clean_sku_changes({field: text})
        if problems:
            self._errors[(sku.id, field)] = (text, problems[0].message.text(current_language()))
            self.dataChanged.emit(index, index)
            return False
        had_error = self._errors.pop((sku.id, field), None) is not None
        if cleaned[field] == sku.value(field) and _text(cleaned[field]) == _text(sku.value(field)):
            if had_error:
                self.dataChanged.emit(index, index)
            return False
        self.dataChanged.emit(index, index)
        self.edit_requested.emit(sku.id, field, text)
        return True


# --- images --------------------------------------------------------------------------------------------

def role_labels() -> dict[str, str]:
    return {
        ImageRole.MAIN.value: QCoreApplication.translate("ImageGridModel", "Main image"),
        ImageRole.WHITE_BACKGROUND.value: QCoreApplication.translate("ImageGridModel", "White background"),
        ImageRole.DETAIL.value: QCoreApplication.translate("ImageGridModel", "Detail"),
        ImageRole.VARIANT.value: QCoreApplication.translate("ImageGridModel", "Variant"),
    }


ThumbnailLoader = Callable[[int], bytes]


class ImageGridModel(QAbstractListModel):
    """The product's images in order, with thumbnails made on demand and cached by blob.

    Drag sources carry the dragged image ids (`IMAGE_IDS_MIME`); the view turns a drop into a new order.
    """

    IMAGE_ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, load_thumbnail: ThumbnailLoader, parent: Any = None) -> None:
        super().__init__(parent)
        self._load = load_thumbnail
        self._images: list[ImageSnapshot] = []
        self._sku_codes: dict[int, str] = {}
        self._thumbnails: dict[int, QPixmap] = {}

    def set_images(self, images: Sequence[ImageSnapshot], sku_codes: dict[int, str]) -> None:
        images = list(images)
        self._sku_codes = dict(sku_codes)
        if [image.id for image in images] == [image.id for image in self._images]:
            changed = [row for row, (old, new) in enumerate(zip(self._images, images, strict=False)) if old != new]
            self._images = images
            for row in changed:
                self.dataChanged.emit(self.index(row), self.index(row))
            return
        self.beginResetModel()
        self._images = images
        self.endResetModel()

    def image_at(self, row: int) -> ImageSnapshot:
        return self._images[row]

    def ids(self) -> list[int]:
        return [image.id for image in self._images]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._images)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        image = self._images[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._caption(image)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbnail(image)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{self._caption(image)}\n{image.file_name or image.blob_id}\n{image.width} × {image.height} px"
        if role == self.IMAGE_ID_ROLE:
            return image.id
        return None

    def _caption(self, image: ImageSnapshot) -> str:
        label = role_labels().get(image.role, image.role)
        if image.role == ImageRole.VARIANT.value and image.sku_id in self._sku_codes:
            return f"{label}\n{self._sku_codes[image.sku_id]}"
        return label

    def _thumbnail(self, image: ImageSnapshot) -> QPixmap:
        pixmap = self._thumbnails.get(image.blob_id)
        if pixmap is None:
            pixmap = QPixmap()
            try:
                pixmap.loadFromData(QByteArray(self._load(image.id)))
            except Exception:  # noqa: BLE001 - a damaged picture shows as a blank tile, not a crash
                pixmap = QPixmap(QSize(1, 1))
                pixmap.fill(QColor("#F1F5F9"))
            self._thumbnails[image.blob_id] = pixmap
        return pixmap

    # ----- drag and drop -------------------------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled)

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [IMAGE_IDS_MIME, "text/uri-list"]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        ids = [self._images[index.row()].id for index in sorted(indexes, key=lambda i: i.row()) if index.isValid()]
        data.setData(IMAGE_IDS_MIME, QByteArray(json.dumps(ids).encode("ascii")))
        return data


def dragged_image_ids(mime: QMimeData) -> list[int]:
    """The image ids an internal drag carries ([] for anything else)."""
    if not mime.hasFormat(IMAGE_IDS_MIME):
        return []
    try:
        return [int(i) for i in json.loads(bytes(mime.data(IMAGE_IDS_MIME).data()).decode("ascii"))]
    except (ValueError, TypeError):
        return []


def moved_order(order: Sequence[int], moving: Sequence[int], before_row: int) -> list[int]:
    """`order` with the ids in `moving` taken out and inserted before the item at `before_row` (the row
    counted in the original order; len(order) = at the end)."""
    anchor = order[before_row] if 0 <= before_row < len(order) else None
    while anchor is not None and anchor in moving:
        before_row += 1
        anchor = order[before_row] if before_row < len(order) else None
    rest = [item for item in order if item not in moving]
    position = rest.index(anchor) if anchor is not None else len(rest)
    return rest[:position] + [item for item in order if item in moving] + rest[position:]
