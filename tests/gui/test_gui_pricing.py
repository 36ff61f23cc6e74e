"""pytest-qt: the Pricing page on the demo workspace, driven as a user would — costs, targets, undo, fee
profiles, price overrides, the picture's PDF and PNG, and scenario files."""

from __future__ import annotations

import json
import subprocess
from decimal import Decimal as D
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QLineEdit

from app.services.pricing import price_scenario, result_to_dict
from app.views.pricing.chain_chart import short_money
from app.views.pricing.channel_table import VALUE_ROLE, Column, RuleColumn
from app.views.pricing.page import PricingPage
from app.views.shell.main_window import MainWindow

NUMERIC_KEYS = ("floor_price", "price", "paid_price", "margin_on_net", "markup_on_cost", "contribution",
                "break_even_units", "chain_price", "ratio_to_chain")


@pytest.fixture
def page(pricing_page: PricingPage) -> PricingPage:
    page = pricing_page
    suitcase = next(p.id for p in page.products if p.code == "XZ-LG-PC01")
    page.product_combo.setCurrentIndex(page.product_combo.findData(suitcase))
    assert page.plan is not None and page.plan.product_id == suitcase
    return page


def type_into(field: QLineEdit, text: str) -> None:
    """Replace a field's text and finish the edit as the user does (Return / leaving the field)."""
    field.setText(text)
    field.editingFinished.emit()


def cell(page: PricingPage, channel: str, column: Column, role: int = VALUE_ROLE) -> object:
    model = page.table_card.channel_model
    return model.data(model.index(model.row_of(channel), column), role)


def bar(page: PricingPage, channel: str):  # type: ignore[no-untyped-def]
    data = page.chart_card.chart.chart_data()
    assert data is not None
    return next(b for b in data.channel_bars if b.key == channel)


def test_the_page_shows_the_suitcase_on_its_channels(page: PricingPage) -> None:
    assert page.inputs.cost_fields["materials"].text() == "152.00"
    assert page.table_card.channel_model.rowCount() == 7
    assert cell(page, "tmall", Column.CHANNEL, Qt.ItemDataRole.DisplayRole) == "Tmall"
    assert cell(page, "tmall", Column.PRICE, Qt.ItemDataRole.DisplayRole) == "¥238.00"
    margin = cell(page, "tmall", Column.MARGIN, Qt.ItemDataRole.DisplayRole)
    markup = cell(page, "tmall", Column.MARKUP, Qt.ItemDataRole.DisplayRole)
    assert str(margin).endswith("%") and str(markup).endswith("%") and margin != markup, "both, always"
    assert "Consumer price through the chain: ¥765.02" in page.inputs.chain_summary.text()
    assert "2,890.00" in page.inputs.reference_label.text()
    assert page.chart_card.headline.text().startswith("Save ¥")
    assert "ms" in page.table_card.timing_label.text()


def test_changing_a_cost_updates_the_table_and_the_picture(page: PricingPage, window: MainWindow) -> None:
    price_before = cell(page, "tmall", Column.PRICE)
    bar_before = bar(page, "tmall")
    type_into(page.inputs.cost_fields["parcel"], "15")
    price_after = cell(page, "tmall", Column.PRICE)
    assert isinstance(price_after, D) and isinstance(price_before, D) and price_after > price_before
    bar_after = bar(page, "tmall")
    assert bar_after.total == price_after
    costs = next(s for s in bar_after.segments if s.kind.value == "costs")
    assert costs.amount == D("15.00") and bar_before != bar_after
    assert sum(s.amount for s in bar_after.segments) == bar_after.total
    saved = window.services.pricing.load_plan(page.plan.product_id)
    assert saved.costs.parcel == D("15"), "saved as soon as the edit is done"
    assert page.inputs.cost_fields["parcel"].text() == "15.00"
    assert window.undo_stack.count() == 1 and "Parcel" in window.undo_stack.undoText()


@pytest.mark.parametrize("typed, message", [("-5", "must not be negative"), ("abc", "Not a number")])
def test_bad_amounts_are_refused_with_a_message(page: PricingPage, window: MainWindow, typed: str,
                                                message: str) -> None:
    field = page.inputs.cost_fields["packaging"]
    type_into(field, typed)
    assert field.property("invalid") is True
    assert message in page.message.text() and page.message.isVisible()
    assert page.plan is not None and page.plan.costs.packaging == 0
    assert window.undo_stack.count() == 0
    type_into(field, "６.５")  # full-width digits are fine
    assert field.property("invalid") is False and not page.message.isVisible()
    assert page.plan.costs.packaging == D("6.5")


def test_an_infeasible_target_explains_itself_and_undo_restores(page: PricingPage, window: MainWindow) -> None:
    before = {c: cell(page, c, Column.PRICE) for c in ("tmall", "1688")}
    type_into(page.inputs.target_value, "95")
    assert page.plan is not None and page.plan.target.value == D("0.95")
    explanation = str(cell(page, "tmall", Column.FLOOR, Qt.ItemDataRole.DisplayRole))
    assert explanation.startswith("No price can reach this target") and "margin 95%" in explanation
    assert cell(page, "tmall", Column.PRICE, Qt.ItemDataRole.DisplayRole) == ""
    row = page.table_card.channel_model.row_of("tmall")
    assert page.table_card.table.columnSpan(row, Column.FLOOR) == len(Column) - Column.FLOOR
    assert isinstance(cell(page, "1688", Column.PRICE), D), "a channel without percentage fees still prices"
    assert "tmall" not in [b.key for b in page.chart_card.chart.chart_data().channel_bars]
    window.undo_stack.undo()
    assert page.inputs.target_value.text() == "20%"
    assert {c: cell(page, c, Column.PRICE) for c in before} == before
    assert page.table_card.table.columnSpan(row, Column.FLOOR) == 1
    assert window.services.pricing.load_plan(page.plan.product_id).target.value == D("0.20")
    window.undo_stack.redo()
    assert page.inputs.target_value.text() == "95%"


def test_markup_target_and_price_ending(page: PricingPage) -> None:
    page.inputs.target_kind.setCurrentIndex(page.inputs.target_kind.findData("markup"))
    page.inputs.target_kind.activated.emit(page.inputs.target_kind.currentIndex())
    assert page.plan is not None and page.plan.target.kind.value == "markup"
    assert "Markup on cost" in page.inputs.target_value_label.text()
    page.inputs.ending.setCurrentIndex(page.inputs.ending.findData("END_9"))
    page.inputs.ending.activated.emit(page.inputs.ending.currentIndex())
    for row in page.table_card.channel_model.rows():
        assert row.outcome.result is not None and row.outcome.result.price % 10 == 9
    assert page.inputs.avoid_4.isEnabled()


def test_a_price_typed_in_the_table_is_evaluated_and_undone(page: PricingPage, window: MainWindow) -> None:
    model = page.table_card.channel_model
    index = model.index(model.row_of("jd"), Column.PRICE)
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(index, "zero?")
    assert "Not a number" in page.message.text()
    assert model.setData(index, "¥299")
    assert cell(page, "jd", Column.PRICE) == D("299.00")
    assert cell(page, "jd", Column.PAID) == D("299.00")
    assert page.plan is not None and page.plan.override_for("jd") == D("299")
    assert bar(page, "jd").total == D("299.00")
    assert model.setData(index, "")  # back to the suggested price
    assert page.plan.override_for("jd") is None
    window.undo_stack.undo()
    assert page.plan.override_for("jd") == D("299")
    window.undo_stack.undo()
    assert page.plan.override_for("jd") is None


def test_editing_a_fee_rate_saves_a_new_version_and_reprices(page: PricingPage, window: MainWindow) -> None:
    service = window.services.pricing
    before = cell(page, "tmall", Column.FLOOR)
    dialog = page.open_fee_profiles("tmall")
    try:
        assert dialog.isVisible() and dialog.current_channel() == "tmall"
        rules = dialog.rules
        row = next(i for i in range(rules.rowCount()) if rules.rule_at(i).id == "commission")
        assert rules.data(rules.index(row, RuleColumn.SOURCE)).startswith("Tmall")
        assert rules.data(rules.index(row, RuleColumn.STATUS)) == "Assumed"
        assert rules.data(rules.index(row, RuleColumn.DATE)) == "2026-11-25"
        assert not rules.setData(rules.index(row, RuleColumn.VALUE), "150%")
        assert "below 100%" in dialog.error.text()
        assert rules.setData(rules.index(row, RuleColumn.VALUE), "3%")
        profile = service.profile("tmall")
        assert profile.version == 2
        assert next(r for r in profile.rules if r.id == "commission").rate == D("0.03")
        assert [h.version for h in service.profile_history("tmall")] == [1, 2]
        assert cell(page, "tmall", Column.FLOOR) < before, "lower commission, lower floor"
        assert rules.data(rules.index(row, RuleColumn.VALUE)) == "3%"
        assert "v2" in dialog.history.text()
        assert rules.setData(rules.index(row, RuleColumn.STATUS), "sourced")
        assert service.profile("tmall").version == 3
        window.undo_stack.undo()
        window.undo_stack.undo()
        assert service.profile("tmall").version == 1
        assert cell(page, "tmall", Column.FLOOR) == before
        assert rules.data(rules.index(row, RuleColumn.VALUE)) == "5%"
    finally:
        dialog.close()


def test_export_the_picture_as_png(page: PricingPage, tmp_path: Path,
                                   monkeypatch) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "chain-vs-direct"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PNG image (*.png)"))
    page.chart_card.export_button.click()
    png = target.with_suffix(".png")
    image = QImage(str(png))
    assert not image.isNull() and image.width() >= 1600
    assert png.read_bytes()[:4] == b"\x89PNG"
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 9) for y in range(0, image.height(), 9)}
    assert "#0f766e" in colours, "teal direct bars are drawn"
    assert len(colours) > 20, "not a blank image"
    assert str(png) in page.message.text()


def test_export_the_picture_as_a_vector_pdf(page: PricingPage, tmp_path: Path,
                                            monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The button's default: a PDF whose labels and prices are text, in the embedded shipped font."""
    asked: list[tuple[str, str]] = []
    target = tmp_path / "chain-vs-direct"

    def choose(parent, title, default, filters):  # type: ignore[no-untyped-def]
        asked.append((default, filters))
        return str(target), "PDF (vector) (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    assert page.chart_card.export_button.text() == "Export chart…"
    page.chart_card.export_button.click()
    [(default, filters)] = asked
    assert default.endswith("XZ-LG-PC01-chain-vs-direct.pdf")
    assert filters == "PDF (vector) (*.pdf);;PNG image (*.png)"
    pdf = target.with_suffix(".pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    text = "".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True,
                                  text=True).stdout.split())
    data = page.chart_card.chart.chart_data()
    assert data is not None and "Factorydirect" in text and "Tmall" in text
    prices = [short_money(b.total, data.currency) for b in (*data.chain_bars[:1], *data.channel_bars)]
    assert all(price in text for price in prices), f"every bar's price is text: {prices}"
    assert "".join(page.chart_card.headline.text().split()) in text, "the saving shown above the chart on the page"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True, text=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), "every font embedded"
    assert str(pdf) in page.message.text()


@pytest.mark.parametrize("typed, chosen, written", [
    ("chart.png", "PDF (vector) (*.pdf)", "chart.png"),
    ("chart.pdf", "PNG image (*.png)", "chart.pdf"),
    ("chart v1.2", "PDF (vector) (*.pdf)", "chart v1.2.pdf"),
])
def test_a_typed_suffix_decides_the_format(page: PricingPage, tmp_path: Path, monkeypatch,
                                           typed: str,  # type: ignore[no-untyped-def]
                                          chosen: str, written: str) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / typed), chosen))
    page.chart_card.export_button.click()
    assert [p.name for p in tmp_path.iterdir() if p.suffix in (".pdf", ".png", ".2")] == [written]
    magic = (tmp_path / written).read_bytes()[:5]
    assert magic == (b"\x89PNG\r" if written.endswith(".png") else b"%PDF-")


@pytest.mark.parametrize("name", ["chart.pdf", "chart.png"])
def test_exporting_to_a_missing_folder_shows_an_error_and_leaves_nothing(page: PricingPage,
                                                                         tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                        monkeypatch, name: str) -> None:
    shown: list[tuple[BaseException, str | None]] = []
    monkeypatch.setattr("app.views.pricing.files.show_error",
                        lambda parent, error, title=None: shown.append((error, title)))
    folder = tmp_path / "gone"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(folder / name), ""))
    page.chart_card.export_button.click()
    assert len(shown) == 1 and shown[0][1] == "Can't export the picture"
    assert not folder.exists() and not [p for p in tmp_path.iterdir() if p.suffix in (".pdf", ".png", ".partial")]
    assert str(folder / name) not in page.message.text()


def test_save_a_scenario_that_the_price_command_prices_the_same(page: PricingPage, tmp_path: Path,
                                                                monkeypatch) -> None:  # type: ignore[no-untyped-def]
    type_into(page.inputs.cost_fields["packaging"], "8")
    page.table_card.table.selectRow(page.table_card.channel_model.row_of("jd"))
    target = tmp_path / "jd.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.save_button.click()
    data = json.loads(target.read_text(encoding="utf-8"))
    priced = price_scenario(data)
    row = page.table_card.channel_model.row_at(page.table_card.channel_model.row_of("jd"))
    assert row.outcome.result is not None
    shown = result_to_dict(row.outcome.result)
    assert {k: priced[k] for k in NUMERIC_KEYS} == {k: shown[k] for k in NUMERIC_KEYS}


def test_load_a_scenario_file(page: PricingPage, window: MainWindow, tmp_path: Path,
                              monkeypatch) -> None:  # type: ignore[no-untyped-def]
    scenario = {
        "version": 1, "currency": "CNY", "costs": {"product": "100", "packaging": "5", "parcel": "6"},
        "fees_percent": {"commission": "0.05"}, "target": {"kind": "markup", "value": "0.5"}, "discount": "0.1",
        "fixed_costs": {"mould": "60000", "platform deposit": "20000"},
        "chain": {"base": "100", "layers": [{"name": "批发", "name_en": "Wholesaler", "margin": "0.3"}]},
    }
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(scenario, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    page.load_button.click()
    plan = page.plan
    assert plan is not None
    fields = page.inputs.cost_fields
    assert fields["materials"].text() == "100.00" and fields["parcel"].text() == "6.00"
    assert page.inputs.fixed_fields["deposits"].text() == "20000.00"
    assert plan.target.kind.value == "markup" and page.inputs.target_value.text() == "50%"
    assert page.inputs.discount.text() == "10%"
    assert page.inputs.layer_model.rowCount() == 1
    assert "fees and VAT belong to one channel" in page.message.text()
    assert cell(page, "tmall", Column.MARKUP) is not None
    window.undo_stack.undo()
    assert page.inputs.cost_fields["materials"].text() == "152.00" and page.inputs.layer_model.rowCount() == 4


def test_a_bad_scenario_file_is_refused_plainly(page: PricingPage, tmp_path: Path,
                                                monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "broken.json"
    path.write_text('{"version": 1, "currency": "CNY", "costs": {"product": "-3"}, '
                    '"target": {"kind": "margin", "value": "0.2"}}', encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr("app.views.pricing.files.show_error",
                        lambda parent, error, title=None: shown.append(error.text("en")))
    assert not page.files.load_scenario(path)
    assert shown and "costs.product" in shown[0]
    assert page.inputs.cost_fields["materials"].text() == "152.00"


def test_channels_sku_and_chain_edits_are_undoable(page: PricingPage, window: MainWindow) -> None:
    page.inputs.channel_boxes["odm"].click()
    assert "odm" not in [r.channel_id for r in page.table_card.channel_model.rows()]
    page.inputs.channel_boxes["shopify"].click()
    shopify = page.table_card.channel_model.row_at(page.table_card.channel_model.row_of("shopify"))
    assert shopify.outcome.error is not None and "USD" in str(cell(page, "shopify", Column.FLOOR,
                                                                      Qt.ItemDataRole.DisplayRole))
    type_into(page.inputs.fx_fields["USD"], "7.10")
    assert isinstance(cell(page, "shopify", Column.PRICE), D)
    assert str(cell(page, "shopify", Column.PRICE, Qt.ItemDataRole.DisplayRole)).startswith("$")
    combo = page.sku_combo
    sku_28 = next(i for i in range(combo.count()) if combo.itemText(i).startswith("XZ-LG-PC01-BLK-28"))
    page.sku_combo.setCurrentIndex(sku_28)
    page.sku_combo.activated.emit(sku_28)
    assert page.inputs.cost_fields["materials"].text() == "228.00"
    layers = page.inputs.layer_model
    assert layers.setData(layers.index(3, 1), "40")
    assert page.plan is not None and page.plan.chain_layers[3].margin == D("0.40")
    assert layers.setData(layers.index(3, 4), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert not page.plan.chain_layers[3].is_assumption
    for _ in range(6):
        window.undo_stack.undo()
    assert page.inputs.cost_fields["materials"].text() == "152.00"
    assert [r.channel_id for r in page.table_card.channel_model.rows()] == ["tmall", "taobao", "jd", "pinduoduo",
                                                                            "douyin",
                                                                 "1688", "odm"]
    assert page.plan.chain_layers[3].margin == D("0.45") and page.plan.chain_layers[3].is_assumption


def test_undo_after_switching_product_goes_back_to_it(page: PricingPage, window: MainWindow) -> None:
    type_into(page.inputs.cost_fields["duty"], "3")
    suitcase = page.plan.product_id  # type: ignore[union-attr]
    scarf = next(p.id for p in page.products if p.code == "XZ-SC-CB01")
    page.product_combo.setCurrentIndex(page.product_combo.findData(scarf))
    assert page.inputs.cost_fields["materials"].text() == "80.00"
    window.undo_stack.undo()
    assert page.plan is not None and page.plan.product_id == suitcase
    assert page.product_combo.currentData() == suitcase
    assert page.inputs.cost_fields["duty"].text() == "0.00"


@pytest.mark.qt_log_ignore("This plugin does not support")  # the offscreen platform can't raise popups
def test_the_product_picker_searches_by_code_or_name(page: PricingPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    combo = page.product_combo
    completer = combo.completer()
    combo.setFocus()
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "Scarf")  # ASCII: keyClicks; Chinese goes in with setText
    assert completer.completionCount() == 1
    completer.setCurrentRow(0)
    completer.popup().setCurrentIndex(completer.currentIndex())
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.plan is not None and page.inputs.cost_fields["materials"].text() == "80.00")
    assert combo.currentText().startswith("XZ-SC-CB01")
    combo.lineEdit().setText("没有这个产品")
    combo.lineEdit().editingFinished.emit()
    qtbot.waitUntil(lambda: combo.currentText().startswith("XZ-SC-CB01"))
