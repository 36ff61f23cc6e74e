"""The first session of issue #16, walked through real widgets the way a consultant does it, counting inputs.

New workspace → factory profile → brand → one product in two colours (in the product editor) → cost → the
chain picture → Tmall pack and spec sheet → Shopify pack. Every input goes through a widget: a mouse click on
a button, tab or list row, characters typed into a field, a key. Nothing is set in code and no service is called
to do the user's work. The native file dialogs (the new workspace's name, the product photo, the pack folder) are
replaced by stand-ins that count what a person does in them: the file name typed and a click on Save; a click on
the photo and one on Open; a click on Select Folder.

What is counted (`Inputs`):
- clicks: every mouse click (a combo box choice is two: open, pick);
- keys: keys that are not text (Enter, Tab);
- fields: text fields typed into; typed: the characters typed into them. Chinese counts one per character, as
  an input method commits it (the pinyin keystrokes behind it are not counted).
`Inputs.total` = clicks + keys + fields: each field is one input however long its text (the issue's "inputs"
counted 106 beside ≈470 typed characters).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QTabWidget, QWidget
from walk_input import type_text


@dataclass
class Inputs:
    clicks: int = 0
    keys: int = 0
    fields: int = 0
    typed: int = 0

    @property
    def total(self) -> int:
        return self.clicks + self.keys + self.fields


@dataclass
class WalkResult:
    inputs: Inputs
    seconds: float
    steps: list[tuple[str, Inputs]] = field(default_factory=list)
    reached: str = ""
    dead_end: str = ""
    outputs: list[Path] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        return not self.dead_end


class Walker:
    """Drives widgets with qtbot and counts every input, per named step."""

    def __init__(self, qtbot: Any) -> None:
        self.qtbot = qtbot
        self.inputs = Inputs()
        self.steps: list[tuple[str, Inputs]] = []
        self._step_start = Inputs()

    def step(self, name: str) -> None:
        """Close the step before and start counting `name`."""
        now = self.inputs
        if self.steps:
            label, start = self.steps[-1]
            self.steps[-1] = (label, Inputs(now.clicks - start.clicks, now.keys - start.keys,
                                            now.fields - start.fields, now.typed - start.typed))
        self.steps.append((name, Inputs(now.clicks, now.keys, now.fields, now.typed)))

    def finish_steps(self) -> list[tuple[str, Inputs]]:
        self.step("")
        return self.steps[:-1]

    def click(self, widget: QWidget, pos: QPoint | None = None) -> None:
        assert widget.isVisible() and widget.isEnabled(), f"{widget!r} can't be clicked"
        self.inputs.clicks += 1
        if pos is None:
            self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
        else:
            self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
        QApplication.processEvents()

    def type(self, widget: QWidget, text: str) -> None:
        assert widget.isVisible() and widget.isEnabled(), f"{widget!r} can't be typed into"
        self.click(widget)
        self.inputs.clicks -= 1  # typing into a field counts as the field; the click into it is part of that
        self.inputs.fields += 1
        self.inputs.typed += type_text(self.qtbot, widget, text)
        QApplication.processEvents()

    def key(self, widget: QWidget, key: Qt.Key) -> None:
        self.inputs.keys += 1
        self.qtbot.keyClick(widget, key)
        QApplication.processEvents()

    def choose(self, combo: QComboBox, wanted: Callable[[int], bool]) -> None:
        """Open the combo box and click the row `wanted` picks (two clicks; none if it is already chosen)."""
        row = next(i for i in range(combo.count()) if wanted(i))
        if combo.currentIndex() == row:
            return
        self.click(combo)
        combo.showPopup()  # the offscreen platform does not open the popup on a click
        view = combo.view()
        self.qtbot.waitUntil(view.isVisible)
        index = combo.model().index(row, 0)
        view.scrollTo(index)
        self.click(view.viewport(), view.visualRect(index).center())
        if combo.currentIndex() != row:  # a click on the offscreen popup may not land: the arrow keys then
            self.inputs.clicks -= 1
            combo.hidePopup()
            while combo.currentIndex() != row:
                before = combo.currentIndex()
                self.key(combo, Qt.Key.Key_Down if row > before else Qt.Key.Key_Up)
                if combo.currentIndex() == before:
                    break
        assert combo.currentIndex() == row, "the combo box choice did not take"

    def tab(self, tabs: QTabWidget, index: int) -> None:
        bar = tabs.tabBar()
        self.click(bar, bar.tabRect(index).center())
        assert tabs.currentIndex() == index


def walk_first_session(qtbot: Any, window: Any, folder: Path, monkeypatch: Any) -> WalkResult:
    """Walk the first session in `window` (a MainWindow on its welcome page); files go under `folder`."""
    from app.services.onboarding.flow import StepId

    walker = Walker(qtbot)
    started = time.perf_counter()
    result = WalkResult(Inputs(), 0.0)

    def new_path(*_args: Any) -> Path:  # the Save dialog: type a name, click Save
        walker.inputs.fields += 1
        walker.inputs.typed += len("ningbo")
        walker.inputs.clicks += 1
        return folder / "ningbo.fdw"

    def pack_folder(*_args: Any) -> str:  # the folder dialog, opened in Documents: click Select Folder
        walker.inputs.clicks += 1
        target = folder / "packs"
        target.mkdir(exist_ok=True)
        return str(target)

    photo = folder / "photos" / "xz-01-main.png"
    photo.parent.mkdir(exist_ok=True)
    Image.new("RGB", (1000, 1000), (255, 255, 255)).save(photo)  # the factory's product photo, already on disk

    def pick_photo(*_args: Any) -> tuple[str, str]:  # the Open dialog: click the photo, click Open
        walker.inputs.clicks += 2
        return str(photo), ""

    monkeypatch.setattr(window, "_ask_new_path", new_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", pick_photo)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", pack_folder)

    def stuck(where: str, why: str) -> WalkResult:
        result.dead_end = f"{where}: {why}"
        return finish()

    def finish() -> WalkResult:
        result.steps = walker.finish_steps()
        result.inputs = walker.inputs
        result.seconds = time.perf_counter() - started
        return result

    walker.step("new workspace")
    walker.click(window.welcome.new_button)
    wizard = window.onboarding
    if wizard is None:
        return stuck("new workspace", "no wizard opened")

    walker.step("factory profile")
    walker.type(wizard.pages[StepId.FACTORY_PROFILE].fields["name_zh"], "宁波星舟箱包厂")
    walker.click(wizard.next_button)

    walker.step("brand")
    walker.type(wizard.pages[StepId.BRAND].fields["brand_zh"], "行者")
    walker.type(wizard.pages[StepId.BRAND].fields["brand_en"], "Xingzhe")
    walker.click(wizard.next_button)

    walker.step("product")
    product = wizard.pages[StepId.FIRST_PRODUCT]
    walker.type(product.code, "XZ-01")
    walker.type(product.name_zh, "铝框拉杆箱")
    walker.type(product.name_en, "Aluminium trolley case")
    walker.type(product.description, "铝镁合金框，静音万向轮，TSA 海关锁。")
    walker.click(product.image_button)
    walker.choose(product.category, lambda i: "Luggage" in product.category.itemText(i)
                  or "行李箱" in product.category.itemText(i))
    walker.click(product.create_button)
    if wizard.flow.first_product_code() is None:
        return stuck("product", product.problem.text())
    result.reached = "product"

    walker.step("two colours (editor)")
    walker.click(product.editor_button)
    editor = wizard.editor
    if editor is None:
        return stuck("two colours", "the editor did not open")
    qtbot.waitExposed(editor)
    walker.tab(editor.tabs, editor.tabs.indexOf(editor.variants))
    variants = editor.variants
    walker.choose(variants.add_axis_combo, lambda i: "颜色" in variants.add_axis_combo.itemText(i)
                  or "Colour" in variants.add_axis_combo.itemText(i))
    walker.click(variants.add_axis_button)
    boxes = [box for box in variants.findChildren(QWidget) if type(box).__name__ == "AxisBox"]
    if not boxes:
        return stuck("two colours", "no colour option to fill")
    box = boxes[0]
    for value, code in (("黑色", "BK"), ("灰色", "GY")):
        walker.type(box.value_input.lineEdit(), value)
        walker.type(box.code_input, code)
        walker.click(box.add_button)
    walker.click(variants.generate_button)
    walker.click(editor.close_button)
    if not wizard.services.products.load(wizard.services.products.product_id_for_code("XZ-01")).skus:
        return stuck("two colours", "no SKUs were generated")
    walker.click(wizard.next_button)
    result.reached = "two colours"

    walker.step("cost")
    walker.type(wizard.pages[StepId.COSTS_AND_CHANNELS].cost, "120")
    walker.click(wizard.next_button)
    if wizard.current_step() is StepId.COSTS_AND_CHANNELS:
        return stuck("cost", wizard.pages[StepId.COSTS_AND_CHANNELS].problem.text() or wizard.needs.text())

    walker.step("chain picture")
    walker.click(wizard.next_button)
    if wizard.current_step() is not StepId.FIRST_PACK_AND_SHEET:
        return stuck("chain picture", wizard.needs.text())
    result.reached = "chain picture"

    pack = wizard.pages[StepId.FIRST_PACK_AND_SHEET]
    walker.step("tmall + shopify packs")
    for platform in ("tmall", "shopify"):
        box = pack.platform_boxes[platform]
        walker.click(box, QPoint(8, box.height() // 2))  # on the tick box
    if pack.rate.isVisible():  # Shopify sells in USD: the step asks for the rate before anything is built
        walker.type(pack.rate, "7.2")
    walker.click(pack.make_button)
    qtbot.waitUntil(lambda: pack.task is None, timeout=120_000)
    if pack.problem.text().strip():
        return stuck("tmall + shopify packs", pack.problem.text().strip())
    result.reached = "tmall + shopify packs"
    result.outputs = sorted(p for p in (folder / "packs").rglob("*") if p.is_file())
    return finish()
