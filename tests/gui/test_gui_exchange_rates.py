"""pytest-qt: the workspace's exchange rates, edited as a user does — Settings → Exchange rates… (add, edit,
delete, refused input, undo) and the Pricing page's rate field — and the prices on the Pricing page following."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QMenu

from app.services.pricing import FxRate
from app.views.kit.i18n import install_translators
from app.views.pricing.channel_table import VALUE_ROLE, Column
from app.views.pricing.exchange_rates_dialog import ExchangeRatesDialog
from app.views.pricing.exchange_rates_model import RateColumn
from app.views.pricing.page import PricingPage
from app.views.shell.main_window import MainWindow


@pytest.fixture
def page(pricing_page: PricingPage) -> PricingPage:
    page = pricing_page
    choose_product(page, "XZ-LG-PC01")
    page.inputs.channel_boxes["shopify"].click()
    return page


def choose_product(page: PricingPage, code: str) -> None:
    product = next(p.id for p in page.products if p.code == code)
    page.product_combo.setCurrentIndex(page.product_combo.findData(product))
    assert page.plan is not None and page.plan.product_id == product


def shopify_price(page: PricingPage) -> object:
    model = page.table_card.channel_model
    return model.data(model.index(model.row_of("shopify"), Column.PRICE), VALUE_ROLE)


def settings_action(window: MainWindow, text: str):  # type: ignore[no-untyped-def]
    """The Settings menu's action with `text` (what the user clicks)."""
    menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Settings")
    assert isinstance(menu, QMenu)
    return next(a for a in menu.actions() if a.text().replace("&", "") == text)


def click_row(qtbot, dialog: ExchangeRatesDialog, row: int) -> None:  # type: ignore[no-untyped-def]
    view = dialog.table
    rect = view.visualRect(dialog.model.index(row, RateColumn.RATE))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def retype(qtbot, field, text: str) -> None:  # type: ignore[no-untyped-def]
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def test_settings_exchange_rates_add_edit_delete_reprice_the_page_and_undo(page: PricingPage, window: MainWindow,
                                                                          qtbot) -> None:  # type: ignore[no-untyped-def]
    today = date.today()
    assert shopify_price(page) is None, "no USD rate yet: Shopify can't be priced"
    action = settings_action(window, "Exchange rates…")
    assert action.isEnabled()
    action.trigger()
    dialog = window.findChild(ExchangeRatesDialog)
    assert dialog is not None and dialog.isVisible() and dialog.model.rowCount() == 0
    assert (dialog.source.currentText(), dialog.target.currentText()) == ("USD", "CNY")

    qtbot.keyClicks(dialog.rate, "7.10")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert window.services.pricing.rates() == [FxRate(today, "USD", "CNY", D("7.10"))]
    assert dialog.model.rowCount() == 1 and dialog.model.index(0, RateColumn.READS).data() == "1 USD = 7.10 CNY"
    at_710 = shopify_price(page)
    assert isinstance(at_710, D) and at_710 > 0, "the page repriced at once"
    assert page.inputs.fx_fields["USD"].text() == "7.10"

    click_row(qtbot, dialog, 0)
    assert dialog.selected_rate() == FxRate(today, "USD", "CNY", D("7.10")) and dialog.save_button.isEnabled()
    retype(qtbot, dialog.rate, "7.30")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    at_730 = shopify_price(page)
    assert isinstance(at_730, D) and at_730 < at_710, "more yuan to the dollar: fewer dollars"
    assert window.services.pricing.rates() == [FxRate(today, "USD", "CNY", D("7.30"))]

    retype(qtbot, dialog.rate, "abc")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "Not a number" in dialog.error.text() and dialog.model.rowCount() == 1
    retype(qtbot, dialog.rate, "0")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "must be above 0" in dialog.error.text() and window.undo_stack.count() == 3   # toggle, add, edit

    click_row(qtbot, dialog, 0)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 0 and shopify_price(page) is None and page.inputs.fx_fields["USD"].text() == ""

    assert window.undo_stack.undoText() == "Delete exchange rate"
    window.undo_stack.undo()
    assert shopify_price(page) == at_730 and dialog.model.rowCount() == 1
    window.undo_stack.undo()
    assert shopify_price(page) == at_710 and page.inputs.fx_fields["USD"].text() == "7.10"
    window.undo_stack.undo()
    assert window.services.pricing.rates() == [] and shopify_price(page) is None
    window.undo_stack.redo()
    assert shopify_price(page) == at_710
    dialog.close()


def test_moving_a_rate_to_another_day_is_one_undo_step(page: PricingPage, window: MainWindow,
                                                        qtbot) -> None:  # type: ignore[no-untyped-def]
    today = date.today()
    dialog = window.open_exchange_rates()
    assert isinstance(dialog, ExchangeRatesDialog)
    qtbot.keyClicks(dialog.rate, "7.10")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    click_row(qtbot, dialog, 0)
    dialog.day.setDate(dialog.day.date().addDays(-30))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    moved = date.fromordinal(today.toordinal() - 30)
    assert window.services.pricing.rates() == [FxRate(moved, "USD", "CNY", D("7.10"))]
    assert dialog.selected_rate() == FxRate(moved, "USD", "CNY", D("7.10"))
    window.undo_stack.undo()
    assert window.services.pricing.rates() == [FxRate(today, "USD", "CNY", D("7.10"))]
    dialog.close()


def test_the_pricing_pages_rate_field_writes_the_workspace_table_for_every_product(
        page: PricingPage, window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    field = page.inputs.fx_fields["USD"]
    qtbot.keyClicks(field, "0")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.property("invalid") is True and "must be above 0" in page.message.text()
    assert window.undo_stack.count() == 1 and window.services.pricing.rates() == []   # only the channel toggle

    field.setText("７．１")   # full-width, as a Chinese input method types it (keyClicks takes ASCII only)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.services.pricing.rates() == [FxRate(date.today(), "USD", "CNY", D("7.1"))]
    suitcase = shopify_price(page)
    assert isinstance(suitcase, D) and field.text() == "7.1" and field.property("invalid") is False
    assert window.undo_stack.undoText() == "Change exchange rate"

    window.undo_stack.undo()
    assert window.services.pricing.rates() == [] and field.text() == "" and shopify_price(page) is None
    window.undo_stack.redo()
    assert shopify_price(page) == suitcase and field.text() == "7.1"

    choose_product(page, "XZ-SC-CB01")   # another product, no saved plan: the same rate
    field = page.inputs.fx_fields["USD"]
    assert field.text() == "7.1"
    page.inputs.channel_boxes["shopify"].click()
    assert isinstance(shopify_price(page), D)
    qtbot.keyClick(field, Qt.Key.Key_Return)   # unchanged: writes nothing
    assert window.undo_stack.count() == 3

    field.clear()                              # an empty field removes the rate in force
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.services.pricing.rates() == [] and shopify_price(page) is None
    assert window.undo_stack.undoText() == "Remove exchange rate"
    window.undo_stack.undo()
    assert isinstance(shopify_price(page), D) and field.text() == "7.1"


def test_the_dialog_is_in_chinese_and_closes_with_the_workspace(page: PricingPage, window: MainWindow) -> None:
    install_translators(QApplication.instance(), "zh_CN")
    try:
        dialog = page.open_exchange_rates()
        assert dialog.windowTitle() == "汇率" and dialog.add_button.text() == "添加"
        assert dialog is window.open_exchange_rates(), "one dialog per window, from the menu or the page"
    finally:
        install_translators(QApplication.instance(), "en")
    assert window.close_workspace()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert window.findChild(ExchangeRatesDialog) is None
    assert not settings_action(window, "Exchange rates…").isEnabled()
