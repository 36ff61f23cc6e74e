"""Images tab: a thumbnail grid; drop files from the computer or pick them; roles; order by drag.

Every file is checked by the image service (format, size, decompression bombs, EXIF orientation) off the
GUI thread; refused files are listed with their reason and the others are added, as one undo step.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSignalBlocker,
    QSize,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.models import ImageRole
from app.services.catalogue.products import ImageAddResult
from app.views.kit.resources import icon
from app.views.kit.settings import AppSettings
from app.views.kit.tasks import CancelToken, Task
from app.views.products.editor.models import (
    ImageGridModel,
    dragged_image_ids,
    moved_order,
    role_labels,
)
from app.views.products.editor.state import AUTO_ROLE, EditorState
from app.views.products.editor.widgets import card, danger_button, hint_label

IMAGE_FILTER = "*.jpg *.jpeg *.png *.webp"


def local_files(mime: QMimeData) -> list[Path]:
    """The local files a drag carries (URLs from the OS file manager)."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class ImageTileDelegate(QStyledItemDelegate):
    """A tile: the thumbnail, then the role and (for a variant image) the SKU code on a second, muted line."""

    TILE = QSize(164, 196)
    ICON = 140

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return self.TILE

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect.adjusted(3, 3, -3, -3)
        state = option.state
        if state & QStyle.StateFlag.State_Selected:
            painter.setPen(QPen(QColor("#0F766E"), 2))
            painter.setBrush(QColor("#CCFBF1"))
            painter.drawRoundedRect(rect, 8, 8)
        elif state & QStyle.StateFlag.State_MouseOver:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#F0FDFA"))
            painter.drawRoundedRect(rect, 8, 8)
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            scaled = pixmap.scaled(self.ICON, self.ICON, Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
            left = rect.center().x() - scaled.width() // 2
            painter.drawPixmap(left, rect.top() + 6, scaled)
        lines = str(index.data(Qt.ItemDataRole.DisplayRole) or "").split("\n")
        metrics = QFontMetrics(option.font)
        text_top = rect.top() + 6 + self.ICON + 6
        for number, line in enumerate(lines[:2]):
            painter.setPen(QColor("#0F172A") if number == 0 else QColor("#475569"))
            text_rect = QRect(rect.left() + 4, text_top + number * metrics.height(), rect.width() - 8,
                              metrics.height())
            elided = metrics.elidedText(line, Qt.TextElideMode.ElideMiddle, text_rect.width())
            painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter), elided)
        painter.restore()


class ImageGridView(QListView):
    """Icon grid accepting files from the OS (-> `files_dropped`) and moves of its own tiles
    (-> `reorder_requested` with the new order of image ids); it never rearranges the model itself."""

    files_dropped = Signal(list)
    reorder_requested = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = ""
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Snap)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWrapping(True)
        self.setWordWrap(True)
        self.setIconSize(QSize(140, 140))
        self.setGridSize(QSize(172, 204))
        self.setItemDelegate(ImageTileDelegate(self))
        self.setMouseTracking(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(True)

    def _acceptable(self, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> bool:
        return bool(local_files(event.mimeData()) or dragged_image_ids(event.mimeData()))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._acceptable(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._acceptable(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = local_files(event.mimeData())
        moving = dragged_image_ids(event.mimeData())
        if files:
            self.files_dropped.emit([str(path) for path in files])
        elif moving:
            model = self.model()
            assert isinstance(model, ImageGridModel)
            point = event.position().toPoint()
            index = self.indexAt(point)
            row = model.rowCount()
            if index.isValid():
                row = index.row() + (1 if point.x() > self.visualRect(index).center().x() else 0)
            order = model.ids()
            new_order = moved_order(order, moving, row)
            if new_order != order:
                self.reorder_requested.emit(new_order)
        else:
            event.ignore()
            return
        # Copy, not Move: the drag source must not remove rows; the service reorders and we reload.
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.model() is not None and self.model().rowCount() == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            painter.setPen(Qt.GlobalColor.darkGray)
            painter.drawText(self.viewport().rect().adjusted(24, 24, -24, -24),
                             int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self.empty_text)
            painter.end()


class ImagesTab(QWidget):
    """The product's pictures: add (drop or pick), roles, order, delete; refused files explained."""

    def __init__(self, state: EditorState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._tasks: set[Task] = set()
        self.model = ImageGridModel(lambda image_id: self.state.service.thumbnail(image_id, 160).data, self)
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 16, 16, 16)
        column.setSpacing(12)
        frame, layout = card(self.tr("Product images"))
        layout.addLayout(self._toolbar())
        layout.addWidget(hint_label(self.tr(
            "Drop JPEG, PNG or WebP files from your computer onto the grid, or use Add images…. Drag thumbnails to "
            "change their order. Each file is checked: oversized files and decompression bombs are refused, "
            "photos are turned upright, and the originals are kept.")))
        self.rejected = self._rejected_panel()
        layout.addWidget(self.rejected)
        self.grid = ImageGridView()
        self.grid.setObjectName("imageGrid")
        self.grid.empty_text = self.tr("No images yet. Drop picture files here.")
        self.grid.setModel(self.model)
        self.grid.files_dropped.connect(self.add_files)
        self.grid.reorder_requested.connect(self.state.reorder_images)
        self.grid.selectionModel().selectionChanged.connect(lambda *_: self._show_selection())
        layout.addWidget(self.grid, 1)
        layout.addLayout(self._selection_row())
        column.addWidget(frame, 1)
        self.refresh()

    # ----- layout ------------------------------------------------------------------------------------------
    def _toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.add_button = QPushButton(icon("plus"), self.tr("Add images…"))
        self.add_button.clicked.connect(self.pick_files)
        row.addWidget(self.add_button)
        row.addSpacing(12)
        row.addWidget(QLabel(self.tr("Add as:")))
        self.add_role = QComboBox()
        self.add_role.addItem(self.tr("Automatic (main image first, then details)"), AUTO_ROLE)
        for role, label in role_labels().items():
            self.add_role.addItem(label, role)
        self.add_role.currentIndexChanged.connect(lambda _i: self._sync_add_sku())
        row.addWidget(self.add_role)
        self.add_sku = QComboBox()
        self.add_sku.setMinimumWidth(170)
        row.addWidget(self.add_sku)
        row.addStretch(1)
        self.busy = QLabel()
        self.busy.setObjectName("hintLabel")
        row.addWidget(self.busy)
        self.delete_button = danger_button(icon("trash"), self.tr("Delete"))
        self.delete_button.clicked.connect(self.delete_selected)
        row.addWidget(self.delete_button)
        return row

    def _rejected_panel(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("rejectedImages")
        frame.setStyleSheet("QFrame#rejectedImages { background: #FEF2F2; border: 1px solid #FCA5A5; "
                            "border-radius: 6px; }")
        layout = QHBoxLayout(frame)
        layout.setContentsMargins(12, 8, 8, 8)
        self.rejected_text = QLabel()
        self.rejected_text.setObjectName("errorLabel")
        self.rejected_text.setWordWrap(True)
        self.rejected_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.rejected_text, 1)
        dismiss = QToolButton()
        dismiss.setIcon(icon("x"))
        dismiss.setToolTip(self.tr("Dismiss"))
        dismiss.setAutoRaise(True)
        dismiss.clicked.connect(lambda: frame.setVisible(False))
        layout.addWidget(dismiss, 0, Qt.AlignmentFlag.AlignTop)
        frame.setVisible(False)
        return frame

    def _selection_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Selected image:")))
        self.role_combo = QComboBox()
        for role, label in role_labels().items():
            self.role_combo.addItem(label, role)
        self.role_combo.currentIndexChanged.connect(lambda _i: self._role_chosen())
        row.addWidget(self.role_combo)
        self.sku_combo = QComboBox()
        self.sku_combo.setMinimumWidth(170)
        self.sku_combo.currentIndexChanged.connect(lambda _i: self._role_chosen())
        row.addWidget(self.sku_combo)
        self.selection_info = QLabel()
        self.selection_info.setObjectName("hintLabel")
        row.addWidget(self.selection_info, 1)
        return row

    # ----- refresh ------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        detail = self.state.detail
        self.model.set_images(detail.images, {sku.id: sku.code for sku in detail.skus})
        for combo in (self.add_sku, self.sku_combo):
            with QSignalBlocker(combo):
                chosen = combo.currentData()
                combo.clear()
                combo.addItem(self.tr("— which SKU? —"), None)
                for sku in detail.skus:
                    combo.addItem(sku.code, sku.id)
                combo.setCurrentIndex(max(combo.findData(chosen), 0))
        self._sync_add_sku()
        self._show_selection()

    def _sync_add_sku(self) -> None:
        self.add_sku.setVisible(self.add_role.currentData() == ImageRole.VARIANT.value)

    def selected_ids(self) -> list[int]:
        rows = sorted(index.row() for index in self.grid.selectionModel().selectedIndexes())
        return [self.model.image_at(row).id for row in rows]

    def _show_selection(self) -> None:
        ids = self.selected_ids()
        image = self.state.image_snapshot(ids[0]) if len(ids) == 1 else None
        self.role_combo.setVisible(image is not None)
        self.delete_button.setEnabled(bool(ids))
        with QSignalBlocker(self.role_combo), QSignalBlocker(self.sku_combo):
            if image is not None:
                self.role_combo.setCurrentIndex(max(self.role_combo.findData(image.role), 0))
                self.sku_combo.setCurrentIndex(max(self.sku_combo.findData(image.sku_id), 0))
        self.sku_combo.setVisible(image is not None and image.role == ImageRole.VARIANT.value)
        if image is None:
            self.selection_info.setText(self.tr("%1 selected").replace("%1", str(len(ids))) if ids else
                                        self.tr("Click a thumbnail to set its role."))
        else:
            self.selection_info.setText(f"{image.file_name}  ·  {image.width} × {image.height} px")

    # ----- actions -----------------------------------------------------------------------------------------
    def pick_files(self) -> None:
        folders = AppSettings()
        files, _filter = QFileDialog.getOpenFileNames(self, self.tr("Add images"), folders.start_path("images"),
                                                      self.tr("Images (%1)").replace("%1", IMAGE_FILTER))
        if files:
            folders.remember_folder("images", files[0])
            self.add_files(files)

    def add_files(self, paths: list[str]) -> None:
        """Check and add files off the GUI thread; the result arrives through the state's `images_done`."""
        if not paths:
            return
        role = str(self.add_role.currentData())
        sku_id = self.add_sku.currentData() if role == ImageRole.VARIANT.value else None
        files = [Path(path) for path in paths]
        state = self.state

        def work(_progress: object, _cancel: CancelToken) -> list[ImageAddResult]:
            return state.add_images_work(files, role, sku_id)

        task = Task(work)
        task.signals.finished.connect(state.images_added)
        task.signals.failed.connect(state.images_failed)
        task.signals.finished.connect(lambda _r, task=task: self._tasks.discard(task))
        task.signals.failed.connect(lambda _e, task=task: self._tasks.discard(task))
        self._tasks.add(task)
        self.busy.setText(self.tr("Checking %n file(s)…", "", len(files)))
        self.add_button.setEnabled(False)
        self.pool.start(task)

    def images_done(self, added: int, refused: list[tuple[str, str]]) -> None:
        """An intake finished: say how many were added and list the refused files with their reasons."""
        self.busy.setText(self.tr("%n image(s) added.", "", added) if added else "")
        self.add_button.setEnabled(True)
        if refused:
            lines = "\n".join(f"• {reason}" if name in reason else f"• {name}: {reason}" for name, reason in refused)
            self.rejected_text.setText(self.tr("Not added:") + "\n" + lines)
        self.rejected.setVisible(bool(refused))

    def _role_chosen(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        role = str(self.role_combo.currentData())
        sku_id = self.sku_combo.currentData() if role == ImageRole.VARIANT.value else None
        image = self.state.image_snapshot(ids[0])
        if image is None or (image.role, image.sku_id) == (role, sku_id):
            self._show_selection()
            return
        self.state.set_image_role(ids[0], role, sku_id)

    def delete_selected(self) -> bool:
        ids = self.selected_ids()
        return bool(ids) and self.state.delete_images(ids)

    def wait(self) -> None:
        """Let a running intake finish (the dialog is closing)."""
        self.pool.waitForDone()
