"""pytest-qt: the product editor as a user drives it, on an empty workspace and on the demo workspace."""

from __future__ import annotations

import io
import shutil
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from app.bootstrap import apply_look
from app.db import open_workspace
from app.models.gtin import complete_gtin
from app.services.catalogue.products import ProductService
from app.services.workspace.services import (
    WorkspaceServices,
    new_services,
    open_services,
)
from app.views.kit.i18n import install_translators
from app.views.products.editor import ProductEditorDialog
from app.views.products.editor.models import IMAGE_IDS_MIME, SkuColumn

SUITCASE = "XZ-LG-PC01"
GTIN = complete_gtin("697054809990")


# --- fixtures -------------------------------------------------------------------------------------------

@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[WorkspaceServices]:
    target = tmp_path / "demo.fdw"
    shutil.copy(demo_file, target)
    services = open_services(target)
    yield services
    services.close()


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[WorkspaceServices]:
    services = new_services(tmp_path / "empty.fdw")
    yield services
    services.close()


@pytest.fixture
def undo_stack(qapp) -> Iterator[QUndoStack]:  # type: ignore[no-untyped-def]
    install_translators(qapp, "en")
    apply_look(qapp)
    stack = QUndoStack()
    yield stack
    stack.clear()


@pytest.fixture
def open_editor(qtbot, undo_stack):  # type: ignore[no-untyped-def]
    """Open editors that are closed (and so deleted) when the test ends, whatever happened."""
    opened: list[ProductEditorDialog] = []

    def open_(services: WorkspaceServices, product_id: int | None) -> ProductEditorDialog:
        dialog = ProductEditorDialog(services, undo_stack, product_id)
        dialog.show()
        qtbot.waitExposed(dialog)
        opened.append(dialog)
        return dialog

    yield open_
    for dialog in opened:
        if shiboken6.isValid(dialog) and dialog.isVisible():
            dialog.close()
    QApplication.processEvents()


def product_id(services: WorkspaceServices, code: str = SUITCASE) -> int:
    found = ProductService(services.workspace).product_id_for_code(code)
    assert found is not None
    return found


def png(path: Path, colour: tuple[int, int, int], size: tuple[int, int] = (120, 90)) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def png_bomb(path: Path, width: int = 20000, height: int = 20000) -> Path:
    """A valid PNG declaring 400 megapixels: tiny on disk, gigabytes once decoded."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
                     + chunk(b"IDAT", body) + chunk(b"IEND", b""))
    return path


def drop(widget, mime: QMimeData, point: QPoint) -> QDropEvent:  # type: ignore[no-untyped-def]
    """Drag `mime` over `widget` and drop it at `point`, through Qt's event system."""
    enter = QDragEnterEvent(point, Qt.DropAction.CopyAction | Qt.DropAction.MoveAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted(), "the grid refused the drag"
    event = QDropEvent(QPointF(point), Qt.DropAction.CopyAction | Qt.DropAction.MoveAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)
    return event


def type_in_cell(qtbot, view, row: int, column: int, text: str) -> None:  # type: ignore[no-untyped-def]
    """Open the cell's editor, type ASCII with real key events, press Enter."""
    index = view.model().index(row, column)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.indexWidget(index)
    assert isinstance(editor, QLineEdit), "the cell did not open an editor"
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits and closes the editor through a queued call: let it run.
    qtbot.waitUntil(lambda: view.indexWidget(index) is None, timeout=2000)


# --- create, variants, SKU edits, undo/redo ---------------------------------------------------------------

def test_create_product_generate_3x3_edit_gtin_undo_redo(qtbot, empty, open_editor, undo_stack):
    dialog = open_editor(empty, None)
    form = dialog.new_form
    qtbot.keyClicks(form.code, "XZ-NEW-01")
    form.name_zh.setText("新款硬壳拉杆箱")  # non-ASCII: setText, never keyClicks
    qtbot.keyClicks(form.name_en, "New hard-shell case")
    luggage = next(c.id for c in ProductService(empty.workspace).categories() if c.code == "luggage")
    form.category.setCurrentIndex(form.category.findData(luggage))
    with qtbot.waitSignal(dialog.product_created, timeout=2000) as created:
        qtbot.mouseClick(form.create_button, Qt.MouseButton.LeftButton)
    assert created.args == [dialog.product_id]
    service = ProductService(empty.workspace)
    assert service.load(dialog.product_id).name_zh == "新款硬壳拉杆箱"

    variants = dialog.variants
    dialog.tabs.setCurrentWidget(variants)
    for key in ("colour", "size"):
        variants.add_axis_combo.setCurrentIndex(variants.add_axis_combo.findData(key))
        qtbot.mouseClick(variants.add_axis_button, Qt.MouseButton.LeftButton)
    assert set(variants.axis_boxes) == {"colour", "size"}
    colour = variants.axis_boxes["colour"]
    for value in ("曜石黑 Black", "雾霾蓝 Blue", "燕麦白 White"):
        colour.value_input.lineEdit().setText(value)
        qtbot.mouseClick(colour.add_button, Qt.MouseButton.LeftButton)
    size = variants.axis_boxes["size"]
    for value in ("20in", "24in", "28in"):
        qtbot.keyClicks(size.value_input.lineEdit(), value)
        qtbot.keyClick(size.value_input.lineEdit(), Qt.Key.Key_Return)
    assert colour.values.count() == 3 and size.values.count() == 3
    assert "9" in variants.summary.text()
    qtbot.mouseClick(variants.generate_button, Qt.MouseButton.LeftButton)

    skus = service.load(dialog.product_id).skus
    assert len(skus) == 9 == variants.sku_model.rowCount()
    assert len({tuple(sorted(sku.options.items())) for sku in skus}) == 9
    assert skus[0].code == "XZ-NEW-01-BLACK-20IN"
    assert "Generate" in undo_stack.undoText()

    # Edit the first SKU's GTIN in the table by typing it.
    type_in_cell(qtbot, variants.sku_view, 0, SkuColumn.GTIN, GTIN)
    first = skus[0].id
    assert service.load(dialog.product_id).sku(first).gtin == GTIN
    assert variants.sku_model.index(0, SkuColumn.GTIN).data() == GTIN
    assert dialog.status.text().endswith("Saved")

    undo_stack.undo()
    assert service.load(dialog.product_id).sku(first).gtin == ""
    assert variants.sku_model.index(0, SkuColumn.GTIN).data() == ""
    undo_stack.redo()
    assert service.load(dialog.product_id).sku(first).gtin == GTIN
    assert variants.sku_model.index(0, SkuColumn.GTIN).data() == GTIN

    # Undo the GTIN and the generation: the 9 SKUs go; redo brings them back with the same ids.
    undo_stack.undo()
    undo_stack.undo()
    assert service.load(dialog.product_id).skus == () and variants.sku_model.rowCount() == 0
    undo_stack.redo()
    undo_stack.redo()
    again = service.load(dialog.product_id).skus
    assert [sku.id for sku in again] == [sku.id for sku in skus] and again[0].gtin == GTIN


def test_name_edit_saves_and_undoes(qtbot, empty, open_editor, undo_stack):
    service = ProductService(empty.workspace)
    detail = service.create_product("P-100", "杯子", "Cup")
    dialog = open_editor(empty, detail.id)
    name_zh = dialog.basics.fields["name_zh"]
    name_zh.setText("保温杯")
    name_zh.editingFinished.emit()
    assert service.load(detail.id).name_zh == "保温杯"
    assert dialog.title.text() == "Cup"  # the UI language (English) picks the English name
    assert undo_stack.count() == 1
    undo_stack.undo()
    assert service.load(detail.id).name_zh == "杯子" and name_zh.text() == "杯子"
    undo_stack.redo()
    assert service.load(detail.id).name_zh == "保温杯" and name_zh.text() == "保温杯"
    # Enter finishes a field; it never presses a button of the dialog (such as Close).
    name_en = dialog.basics.fields["name_en"]
    name_en.setFocus()
    qtbot.keyClick(name_en, Qt.Key.Key_Return)
    assert dialog.isVisible()
    # The same field edited again at once merges into one undo step.
    name_zh.setText("保温杯 500 ml")
    name_zh.editingFinished.emit()
    assert undo_stack.count() == 1
    undo_stack.undo()
    assert service.load(detail.id).name_zh == "杯子"


def test_invalid_input_is_shown_and_not_saved(qtbot, empty, open_editor, undo_stack):
    service = ProductService(empty.workspace)
    luggage = next(c.id for c in service.categories() if c.code == "luggage")
    detail = service.create_product("P-200", "箱", "Case", luggage)
    dialog = open_editor(empty, detail.id)
    code = dialog.basics.fields["code"]
    code.clear()
    qtbot.keyClicks(code, "bad code!")
    assert dialog.basics.errors["code"].isVisible() and code.property("invalid") is True
    code.editingFinished.emit()
    assert service.load(detail.id).code == "P-200" and undo_stack.count() == 0
    # A number attribute: letters are refused as you type, a number with its unit is saved.
    dialog.tabs.setCurrentWidget(dialog.attributes)
    capacity = dialog.attributes.widgets["capacity"]
    qtbot.keyClicks(capacity, "lots")
    assert "number" in dialog.attributes.errors["capacity"].text()
    capacity.clear()
    qtbot.keyClicks(capacity, "38 L")
    capacity.editingFinished.emit()
    assert service.load(detail.id).attributes["capacity"] == 38
    tsa = dialog.attributes.widgets["tsa_lock"]
    qtbot.mouseClick(tsa, Qt.MouseButton.LeftButton)
    assert service.load(detail.id).attributes["tsa_lock"] is True
    undo_stack.undo()
    assert "tsa_lock" not in service.load(detail.id).attributes and not tsa.isChecked()


def test_texts_over_their_limit_are_explained_and_not_saved(qtbot, demo, open_editor, undo_stack):
    """Issue #18: the editor holds the limits of app/models/field_limits.py (the service is the real guard)."""
    service = ProductService(demo.workspace)
    dialog = open_editor(demo, product_id(demo))
    stored = service.load(dialog.product_id)
    name_en = dialog.basics.fields["name_en"]
    name_en.setText("N" * 201)
    assert "200 characters" in dialog.basics.errors["name_en"].text() and name_en.property("invalid") is True
    name_en.editingFinished.emit()
    description = dialog.basics.fields["description_zh"]
    description.setPlainText("描" * 20_001)
    assert "20,000" in dialog.basics.errors["description_zh"].text()
    dialog.basics.flush()
    dialog.tabs.setCurrentWidget(dialog.variants)
    colour = dialog.variants.axis_boxes["colour"]
    colour.value_input.setCurrentText("v" * 501)
    qtbot.mouseClick(colour.add_button, Qt.MouseButton.LeftButton)
    assert "500 characters" in colour.error.text() and colour.error.isVisible()
    after = service.load(dialog.product_id)
    assert (after.name_en, after.description_zh, after.axes, after.version) == (
        stored.name_en, stored.description_zh, stored.axes, stored.version)
    assert undo_stack.count() == 0
    name_en.setText("N" * 200)  # at the limit: fine
    name_en.editingFinished.emit()
    assert service.load(dialog.product_id).name_en == "N" * 200


def test_a_bad_gtin_turns_the_cell_red_and_is_not_saved(qtbot, demo, open_editor, undo_stack):
    dialog = open_editor(demo, product_id(demo))
    view = dialog.variants.sku_view
    stored = dialog.state.detail.skus[0].gtin
    type_in_cell(qtbot, view, 0, SkuColumn.GTIN, "6970548001009")  # wrong check digit
    index = view.model().index(0, SkuColumn.GTIN)
    assert index.data() == "6970548001009"
    assert "check digit" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert ProductService(demo.workspace).load(dialog.product_id).skus[0].gtin == stored
    assert undo_stack.count() == 0
    type_in_cell(qtbot, view, 0, SkuColumn.COST, "abc")
    assert view.model().index(0, SkuColumn.COST).data(Qt.ItemDataRole.ToolTipRole)
    type_in_cell(qtbot, view, 0, SkuColumn.COST, "199.50")
    assert str(ProductService(demo.workspace).load(dialog.product_id).skus[0].cost) == "199.50"


def test_removing_a_value_asks_and_lists_the_skus_first(qtbot, demo, open_editor, undo_stack, monkeypatch):
    dialog = open_editor(demo, product_id(demo))
    service = ProductService(demo.workspace)
    before = service.load(dialog.product_id).skus
    asked: list[str] = []

    def answer(reply):  # type: ignore[no-untyped-def]
        return lambda _parent, _title, text, *a, **k: asked.append(text) or reply

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    size = dialog.variants.axis_boxes["size"]
    size.values.setCurrentRow(2)  # 28"
    qtbot.mouseClick(size.remove_value_button, Qt.MouseButton.LeftButton)
    assert "XZ-LG-PC01-BLK-28" in asked[0] and len(service.load(dialog.product_id).skus) == 9
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    size.values.setCurrentRow(2)
    qtbot.mouseClick(size.remove_value_button, Qt.MouseButton.LeftButton)
    after = service.load(dialog.product_id)
    assert len(after.skus) == 6 and after.axes[1]["values"] == ['20"', '24"']
    undo_stack.undo()
    restored = service.load(dialog.product_id)
    assert sorted(sku.id for sku in restored.skus) == sorted(sku.id for sku in before)
    assert restored.skus == before, "the deleted SKUs come back with their barcodes, weights and costs"
    assert dialog.variants.sku_model.rowCount() == 9


# --- images -------------------------------------------------------------------------------------------------

def test_images_dropped_from_the_os_are_checked_and_added(qtbot, demo, open_editor, undo_stack, tmp_path):
    dialog = open_editor(demo, product_id(demo))
    images = dialog.images
    dialog.tabs.setCurrentWidget(images)
    before = images.model.rowCount()
    files = [png(tmp_path / "red.png", (200, 30, 30)), png_bomb(tmp_path / "bomb.png"),
             png(tmp_path / "green.png", (30, 200, 30))]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in files])
    event = drop(images.grid.viewport(), mime, images.grid.viewport().rect().center())
    assert event.isAccepted()
    qtbot.waitUntil(lambda: images.model.rowCount() == before + 2, timeout=10000)
    assert images.rejected.isVisible()
    assert "bomb.png" in images.rejected_text.text() and "decompression bomb" in images.rejected_text.text()
    stored = ProductService(demo.workspace).load(dialog.product_id).images
    assert [image.file_name for image in stored[-2:]] == ["red.png", "green.png"]
    assert all(image.role == "detail" for image in stored[-2:]), "the suitcase has a main image already"
    thumbnail = images.model.index(before, 0).data(Qt.ItemDataRole.DecorationRole)
    assert not thumbnail.isNull()
    assert undo_stack.undoText() == "Add 2 image(s)"
    undo_stack.undo()
    assert images.model.rowCount() == before
    undo_stack.redo()
    assert [image.id for image in ProductService(demo.workspace).load(dialog.product_id).images] == \
        [image.id for image in stored]


def test_the_first_picture_of_a_new_product_becomes_its_main_image(qtbot, empty, open_editor, tmp_path):
    service = ProductService(empty.workspace)
    detail = service.create_product("P-300")
    dialog = open_editor(empty, detail.id)
    dialog.images.add_files([str(png(tmp_path / "a.png", (1, 2, 3))), str(png(tmp_path / "b.png", (4, 5, 6)))])
    qtbot.waitUntil(lambda: dialog.images.model.rowCount() == 2, timeout=10000)
    assert [image.role for image in service.load(detail.id).images] == ["main", "detail"]
    assert not dialog.images.rejected.isVisible()


def test_images_are_reordered_by_dragging_a_tile(qtbot, demo, open_editor, undo_stack):
    dialog = open_editor(demo, product_id(demo))
    images = dialog.images
    dialog.tabs.setCurrentWidget(images)
    order = images.model.ids()
    last = images.model.index(len(order) - 1, 0)
    mime = images.model.mimeData([last])
    assert mime.hasFormat(IMAGE_IDS_MIME)
    first_rect = images.grid.visualRect(images.model.index(0, 0))
    drop(images.grid.viewport(), mime, QPoint(first_rect.left() + 5, first_rect.center().y()))
    expected = [order[-1], *order[:-1]]
    assert [image.id for image in ProductService(demo.workspace).load(dialog.product_id).images] == expected
    assert images.model.ids() == expected
    undo_stack.undo()
    assert images.model.ids() == order


def test_image_role_is_set_from_the_selection(qtbot, demo, open_editor, undo_stack):
    dialog = open_editor(demo, product_id(demo))
    images = dialog.images
    dialog.tabs.setCurrentWidget(images)
    detail_row = next(row for row in range(images.model.rowCount()) if images.model.image_at(row).role == "detail")
    image_id = images.model.image_at(detail_row).id
    images.grid.setCurrentIndex(images.model.index(detail_row, 0))
    images.role_combo.setCurrentIndex(images.role_combo.findData("white_background"))
    assert ProductService(demo.workspace).load(dialog.product_id).image(image_id).role == "white_background"
    undo_stack.undo()
    assert ProductService(demo.workspace).load(dialog.product_id).image(image_id).role == "detail"


# --- evidence, completeness --------------------------------------------------------------------------------

def test_certificates_are_linked_as_evidence(qtbot, demo, open_editor, undo_stack):
    dialog = open_editor(demo, product_id(demo))
    service = ProductService(demo.workspace)
    linked = service.load(dialog.product_id).certificate_ids
    unlinked = next(c for c in service.list_certificates() if c.id not in linked)
    item = dialog.evidence.item_for(unlinked.id)
    assert item is not None and item.checkState() == Qt.CheckState.Unchecked
    item.setCheckState(Qt.CheckState.Checked)
    assert unlinked.id in service.load(dialog.product_id).certificate_ids
    undo_stack.undo()
    assert unlinked.id not in service.load(dialog.product_id).certificate_ids
    assert dialog.evidence.item_for(unlinked.id).checkState() == Qt.CheckState.Unchecked


def test_completeness_panel_explains_what_is_missing(qtbot, empty, open_editor):
    service = ProductService(empty.workspace)
    detail = service.create_product("P-400", "杯子", "")
    dialog = open_editor(empty, detail.id)
    panel = dialog.completeness
    score = service.completeness(detail.id).score
    assert panel.score.text() == f"{score} / 100"
    assert "No main image" in panel.missing.text() and "English product name missing" in panel.missing.text()
    name_en = dialog.basics.fields["name_en"]
    name_en.setText("Cup")
    name_en.editingFinished.emit()
    assert "English product name missing" not in panel.missing.text()
    assert panel.score.text() == f"{service.completeness(detail.id).score} / 100"


# --- conflicts ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("choice", ["reload", "overwrite"])
def test_a_stale_edit_is_reported_never_silently_overwritten(qtbot, demo, open_editor, undo_stack, monkeypatch,
                                                             choice):
    dialog = open_editor(demo, product_id(demo))
    other = open_workspace(demo.path)  # another window or user
    try:
        other_service = ProductService(other)
        stored = other_service.load(dialog.product_id)
        other_service.update_product_fields(stored.id, stored.version, {"name_en": "Theirs"})
    finally:
        other.close()
    shown: list[str] = []
    button = QMessageBox.StandardButton.Discard if choice == "reload" else QMessageBox.StandardButton.Save

    def exec_(box):  # type: ignore[no-untyped-def]
        shown.append(box.text())
        return button

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    name_en = dialog.basics.fields["name_en"]
    name_en.setText("Mine")
    name_en.editingFinished.emit()
    assert len(shown) == 1 and "changed in another window" in shown[0]
    saved = ProductService(demo.workspace).load(dialog.product_id).name_en
    if choice == "reload":
        assert saved == "Theirs" and name_en.text() == "Theirs"
        assert undo_stack.count() == 0
        assert dialog.status.text().startswith("↺")
    else:
        assert saved == "Mine" and name_en.text() == "Mine"
        assert undo_stack.count() == 1
    assert dialog.state.detail.version == ProductService(demo.workspace).load(dialog.product_id).version


def test_undo_after_the_editor_closed_still_applies(qtbot, demo, open_editor, undo_stack):
    dialog = open_editor(demo, product_id(demo))
    pid = dialog.product_id
    brand = dialog.basics.fields["brand"]
    brand.setText("Xingzhe")
    brand.editingFinished.emit()
    dialog.close()
    QApplication.processEvents()
    undo_stack.undo()
    assert ProductService(demo.workspace).load(pid).brand == "行者 Xingzhe"


def test_overwrite_reapplies_only_my_edit_on_the_newer_version(qtbot, demo, open_editor, undo_stack, monkeypatch):
    """Overwrite after a conflict re-applies this one attribute; the other person's other changes stay."""
    dialog = open_editor(demo, product_id(demo))
    other = open_workspace(demo.path)
    try:
        other_service = ProductService(other)
        stored = other_service.load(dialog.product_id)
        other_service.update_product_fields(stored.id, stored.version,
                                            {"attributes": {**stored.attributes, "warranty": 10}})
    finally:
        other.close()
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: QMessageBox.StandardButton.Save)
    dialog.tabs.setCurrentWidget(dialog.attributes)
    capacity = dialog.attributes.widgets["capacity"]
    qtbot.keyClicks(capacity, "65")
    capacity.editingFinished.emit()
    attributes = ProductService(demo.workspace).load(dialog.product_id).attributes
    assert attributes["capacity"] == 65 and attributes["warranty"] == 10
    assert dialog.attributes.widgets["warranty"].text() == "10"
    undo_stack.undo()  # back to the version that was overwritten: theirs, without my capacity
    attributes = ProductService(demo.workspace).load(dialog.product_id).attributes
    assert "capacity" not in attributes and attributes["warranty"] == 10


def test_a_custom_option_gets_a_placeholder_key(qtbot, empty, open_editor, undo_stack):
    service = ProductService(empty.workspace)
    detail = service.create_product("P-500")
    dialog = open_editor(empty, detail.id)
    variants = dialog.variants
    dialog.tabs.setCurrentWidget(variants)
    variants.add_axis_combo.setCurrentIndex(variants.add_axis_combo.findData("__custom__"))
    qtbot.mouseClick(variants.add_axis_button, Qt.MouseButton.LeftButton)
    assert variants.axes_error.isVisible(), "a custom option needs a name"
    variants.custom_axis_name.setText("图案 Pattern")
    qtbot.mouseClick(variants.add_axis_button, Qt.MouseButton.LeftButton)
    axes = service.load(detail.id).axes
    assert [(axis["key"], axis["name_zh"]) for axis in axes] == [("pattern", "图案 Pattern")]
    assert "pattern" in variants.axis_boxes
    undo_stack.undo()
    assert service.load(detail.id).axes == () and variants.axis_boxes == {}


@pytest.mark.parametrize(("field", "tab", "widget"), [
    ("brand", "basics", lambda d: d.basics.fields["brand"]),
    ("description_zh", "basics", lambda d: d.basics.fields["description_zh"]),
    ("title_en", "basics", lambda d: d.basics.fields["name_en"]),
    ("selling_points_zh[2]", "basics", lambda d: d.basics.fields["selling_points_zh"]),
    ("category", "basics", lambda d: d.basics.fields["category_id"]),
    ("attributes.wheels", "attributes", lambda d: d.attributes.widgets["wheels"]),
    ("images.main", "images", lambda d: d.images.add_button),
    ("skus.gtin", "variants", lambda d: d.variants.sku_view),
])
def test_a_finding_opens_the_editor_at_its_field(qtbot, demo, open_editor, field, tab, widget):
    """A finding's field (from 去修改 or a double-click on the Packs page) gets the keyboard focus on its tab."""
    dialog = open_editor(demo, product_id(demo))
    shown = dialog.show_field(field)
    expected = widget(dialog)
    assert dialog.tabs.currentWidget() is getattr(dialog, tab)
    assert shown is expected and dialog.focusWidget() is expected
    qtbot.waitUntil(lambda: QApplication.focusWidget() is expected)
    if field == "selling_points_zh[2]":  # the cursor on the third selling point's line
        assert expected.textCursor().blockNumber() == 2
