"""pytest-qt: the first session's path is joined up (#16) — 新建工作区 leads straight into the onboarding wizard."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from walk_input import type_text

from app.services.onboarding.flow import StepId
from app.views.onboarding.wizard import OnboardingWizard

KEY = re.compile(r"[a-z_]+\.[a-z_]+")


@pytest.fixture
def window(window, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    yield window
    if window.onboarding is not None:
        window.onboarding.close()


@pytest.mark.parametrize("how", ["welcome button", "file menu"])
def test_a_new_workspace_opens_the_wizard_on_it(window, qtbot, tmp_path, monkeypatch, how):
    path = tmp_path / "ningbo.fdw"
    monkeypatch.setattr(window, "_ask_new_path", lambda *_args: path)
    if how == "welcome button":
        qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)
    else:
        window.new_action.trigger()
    assert window.services is not None and window.services.path == path
    wizard = window.onboarding
    assert isinstance(wizard, OnboardingWizard) and wizard.isVisible()
    assert wizard.current_step() is StepId.FACTORY_PROFILE


def test_cancelling_the_file_dialog_opens_nothing(window, qtbot, monkeypatch):
    monkeypatch.setattr(window, "_ask_new_path", lambda *_args: None)
    qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)
    assert window.services is None and window.onboarding is None


def test_the_wizard_carries_the_brand_and_the_cost(window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(window, "_ask_new_path", lambda *_args: tmp_path / "carry.fdw")
    qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)
    wizard = window.onboarding
    type_text(qtbot, wizard.pages[StepId.FACTORY_PROFILE].fields["name_zh"], "宁波星舟箱包厂")
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    type_text(qtbot, wizard.pages[StepId.BRAND].fields["brand_zh"], "行者")
    type_text(qtbot, wizard.pages[StepId.BRAND].fields["brand_en"], "Xingzhe")
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    step = wizard.pages[StepId.FIRST_PRODUCT]
    type_text(qtbot, step.code, "XZ-01")
    type_text(qtbot, step.name_zh, "铝框拉杆箱")
    type_text(qtbot, step.name_en, "Aluminium trolley case")
    qtbot.mouseClick(step.create_button, Qt.MouseButton.LeftButton)
    services = window.services
    product_id = services.products.product_id_for_code("XZ-01")
    detail = services.products.load(product_id)
    assert (detail.brand, detail.name_en) == ("行者 Xingzhe", "Aluminium trolley case")

    # Two colours made in the editor (not what this test is about), then the cost typed once in step 4.
    services.products.apply_variant_plan(
        product_id, [{"key": "colour", "name_zh": "颜色", "name_en": "Colour", "values": ["黑色", "灰色"]}],
        "{product}-{colour}", detail.version)
    wizard.flow.go_to(StepId.COSTS_AND_CHANNELS)
    wizard.show_flow(refresh_pages=True)
    costs = wizard.pages[StepId.COSTS_AND_CHANNELS]
    type_text(qtbot, costs.cost, "120")
    qtbot.mouseClick(costs.update_button, Qt.MouseButton.LeftButton)
    assert [sku.cost for sku in services.products.load(product_id).skus] == [Decimal("120")] * 2
    assert "2" in costs.filled.text() and costs.filled.isVisibleTo(wizard)


def test_an_earlier_pack_is_replaced_only_when_the_user_says_so(window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(window, "_ask_new_path", lambda *_args: tmp_path / "again.fdw")
    qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)
    wizard = window.onboarding
    wizard.flow.create_first_product("XZ-01", "铝框拉杆箱", None)  # set-up: what step 3 makes
    wizard.flow.go_to(StepId.FIRST_PACK_AND_SHEET)
    wizard.show_flow(refresh_pages=True)
    pack = wizard.pages[StepId.FIRST_PACK_AND_SHEET]
    type_text(qtbot, pack.folder, str(tmp_path / "out"))
    type_text(qtbot, pack.reason, "draft")
    box = pack.platform_boxes["tmall"]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: asked.append("asked"))
    qtbot.mouseClick(pack.make_button, Qt.MouseButton.LeftButton)  # the first pack: nothing to replace, no question
    qtbot.waitUntil(lambda: pack.task is None, timeout=60_000)
    assert not asked and (tmp_path / "out" / "tmall" / "manifest.json").is_file(), pack.problem.text()
    earlier = tmp_path / "out" / "tmall" / "manifest.json"
    earlier.write_text("edited by hand")

    def answer(reply):  # type: ignore[no-untyped-def]
        def question(_parent, _title, text, *_args):  # type: ignore[no-untyped-def]
            asked.append(text)
            return reply
        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    qtbot.mouseClick(pack.make_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and "tmall" in asked[0] and pack.task is None
    assert earlier.read_text() == "edited by hand"
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    qtbot.mouseClick(pack.make_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pack.task is None, timeout=60_000)
    assert len(asked) == 2 and earlier.read_text() != "edited by hand", pack.problem.text()


def test_blocking_findings_are_listed_with_a_fix_button_and_rechecked(window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(window, "_ask_new_path", lambda *_args: tmp_path / "blocked.fdw")
    qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)
    wizard = window.onboarding
    wizard.flow.create_first_product("XZ-01", "铝框拉杆箱", None)  # set-up: no brand, category, description, image
    wizard.flow.go_to(StepId.FIRST_PACK_AND_SHEET)
    wizard.show_flow(refresh_pages=True)
    pack = wizard.pages[StepId.FIRST_PACK_AND_SHEET]
    type_text(qtbot, pack.folder, str(tmp_path / "out"))
    box = pack.platform_boxes["tmall"]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    qtbot.mouseClick(pack.make_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pack.task is None, timeout=60_000)
    rows = [pack.blocking.item(row).text() for row in range(pack.blocking.count())]
    assert len(rows) == 4 and pack.fix_button.isVisibleTo(wizard), rows
    assert "found 4 errors." in pack.problem.text() and "(s)" not in pack.problem.text()   # tr(…, n): a plural
    assert not any(KEY.search(row.split(" — ")[0]) for row in rows), rows
    pack.blocking.setCurrentRow(next(i for i, row in enumerate(rows) if "Description" in row))

    qtbot.mouseClick(pack.fix_button, Qt.MouseButton.LeftButton)
    editor = wizard.editor
    assert editor is not None and editor.isVisible() and editor.tabs.currentWidget() is editor.basics
    # 去修改 puts the cursor in the field itself, not only on its tab: the user types straight away.
    field = editor.basics.fields["description_zh"]
    assert editor.focusWidget() is field
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    type_text(qtbot, editor.basics.fields["description_zh"], "铝镁合金框，静音万向轮。")
    qtbot.mouseClick(editor.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pack.recheck_task is None and pack.blocking.count() == 3, timeout=60_000)
    still = [pack.blocking.item(row).text() for row in range(pack.blocking.count())]
    assert not any("Description" in row for row in still), still


def make_tmall_pack(qtbot, wizard, reason: str = "draft"):  # type: ignore[no-untyped-def]
    """Step 6 with Tmall ticked and Make clicked; waits for the build. Returns the step."""
    pack = wizard.pages[StepId.FIRST_PACK_AND_SHEET]
    type_text(qtbot, pack.reason, reason)
    box = pack.platform_boxes["tmall"]
    if not box.isChecked():
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    qtbot.mouseClick(pack.make_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pack.task is None, timeout=60_000)
    return pack


def test_step_six_remembers_its_folder_for_the_next_session(window, qtbot, tmp_path, monkeypatch):
    """The first session picks the folder in the dialog; the next session's step 6 starts in it, no dialog."""
    monkeypatch.setattr(window, "_ask_new_path", lambda *_args: tmp_path / "folder.fdw")
    qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)
    wizard = window.onboarding
    wizard.flow.create_first_product("XZ-01", "铝框拉杆箱", None)  # set-up: what step 3 makes
    wizard.flow.go_to(StepId.FIRST_PACK_AND_SHEET)
    wizard.show_flow(refresh_pages=True)
    assert wizard.pages[StepId.FIRST_PACK_AND_SHEET].folder.text() == ""   # nothing remembered yet: the dialog
    chosen = tmp_path / "packs"
    chosen.mkdir()
    dialogs: list[str] = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_args: dialogs.append("asked") or str(chosen))
    pack = make_tmall_pack(qtbot, wizard)
    assert dialogs == ["asked"] and (chosen / "tmall" / "manifest.json").is_file(), pack.problem.text()
    qtbot.mouseClick(wizard.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.onboarding is None)

    window.open_onboarding()   # the next session (the same settings)
    wizard = window.onboarding
    wizard.flow.go_to(StepId.FIRST_PACK_AND_SHEET)
    wizard.show_flow(refresh_pages=True)
    pack = wizard.pages[StepId.FIRST_PACK_AND_SHEET]
    assert pack.folder.text() == str(chosen)
    shutil.rmtree(chosen / "tmall")
    make_tmall_pack(qtbot, wizard)
    assert dialogs == ["asked"] and (chosen / "tmall" / "manifest.json").is_file(), pack.problem.text()


def test_a_typed_folder_is_remembered_too(window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(window, "_ask_new_path", lambda *_args: tmp_path / "typed.fdw")
    qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)
    wizard = window.onboarding
    wizard.flow.create_first_product("XZ-01", "铝框拉杆箱", None)
    wizard.flow.go_to(StepId.FIRST_PACK_AND_SHEET)
    wizard.show_flow(refresh_pages=True)
    typed = tmp_path / "typed-out"
    type_text(qtbot, wizard.pages[StepId.FIRST_PACK_AND_SHEET].folder, str(typed))
    make_tmall_pack(qtbot, wizard)
    assert window.settings.remembered_folder("packs") == typed


def test_the_wizard_does_not_stay_on_top_of_where_it_sends_the_user(window, qtbot, tmp_path, monkeypatch):
    """The wizard is a window of its own: no transient parent (a window manager keeps a transient window above
    its parent), not stay-on-top; the editor it opens comes to the front, and the main window can come above it."""
    monkeypatch.setattr(window, "_ask_new_path", lambda *_args: tmp_path / "top.fdw")
    qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)
    wizard = window.onboarding
    qtbot.waitExposed(wizard)
    assert wizard.parentWidget() is None and wizard.isWindow()
    assert wizard.windowType() == Qt.WindowType.Window   # not Dialog: X11 makes a parentless dialog group-transient
    assert wizard.windowHandle().transientParent() is None
    assert not wizard.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert not wizard.isModal()
    wizard.flow.create_first_product("XZ-01", "铝框拉杆箱", None)
    wizard.flow.go_to(StepId.FIRST_PACK_AND_SHEET)
    wizard.show_flow(refresh_pages=True)
    type_text(qtbot, wizard.pages[StepId.FIRST_PACK_AND_SHEET].folder, str(tmp_path / "out"))
    pack = make_tmall_pack(qtbot, wizard, "")
    assert pack.fix_button.isVisibleTo(wizard)
    qtbot.mouseClick(pack.fix_button, Qt.MouseButton.LeftButton)
    editor = wizard.editor
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)   # the editor is in front, not the wizard
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)    # the user goes back to the main window
    assert window.windowHandle().transientParent() is None
    assert editor.windowHandle().transientParent() is wizard.windowHandle()   # above the wizard, not the window
    editor.close()


def test_a_double_clicked_finding_on_the_packs_page_opens_the_editor_at_its_field(window, qtbot, demo_without_plans,
                                                                                   tmp_path):
    from app.views.products.editor import ProductEditorDialog

    path = tmp_path / "demo.fdw"
    shutil.copy(demo_without_plans, path)
    assert window.open_workspace(path)
    window.page("packs").field_requested.emit("XZ-LG-PC01", "description_en")
    [editor] = [w for w in QApplication.topLevelWidgets() if isinstance(w, ProductEditorDialog) and w.isVisible()]
    field = editor.basics.fields["description_en"]
    assert editor.tabs.currentWidget() is editor.basics and editor.focusWidget() is field
    editor.close()
