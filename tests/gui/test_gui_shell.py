"""pytest-qt: the welcome page, the journey sidebar, the factory page, as a user drives them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLineEdit, QMessageBox

from app.services.workspace.services import new_services
from app.views.factory.certificate_dialog import CertificateDialog
from app.views.factory.page import FactoryPage
from app.views.kit import settings as keys
from app.views.shell.main_window import JOURNEY, MainWindow


def test_new_workspace_from_the_welcome_page(window, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "my-factory.fdw"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target.with_suffix("")), ""))
    assert window.stack.currentIndex() == 0  # the welcome page
    qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)
    assert target.exists(), "the .fdw suffix is added when the user leaves it out"
    assert window.stack.currentIndex() == 1
    assert window.sidebar.count() == len(JOURNEY)
    assert window.settings.get(keys.RECENT_WORKSPACES)[0] == str(target)
    assert window.current_view() == "factory"


def test_sidebar_and_shortcuts_switch_views(window, qtbot, tmp_path):
    window.new_workspace(tmp_path / "w.fdw")
    window.sidebar.setCurrentRow(JOURNEY.index("pricing"))
    assert window.current_view() == "pricing"
    window.view_actions["packs"].trigger()
    assert window.current_view() == "packs"
    assert window.settings.get(keys.LAST_VIEW) == "packs"
    # Every journey page says what it is for: no blank screens.
    for name in JOURNEY:
        window.show_view(name)
        page = window.page_stack.currentWidget()
        texts = [label.text() for label in page.findChildren(type(window.workspace_label))]
        assert any(len(t) > 20 for t in texts), f"page {name} shows no explanation"


def test_recent_workspace_reopens_with_one_click(window, qtbot, tmp_path):
    path = tmp_path / "recent.fdw"
    new_services(path).close()
    window.settings.remember_workspace(str(path))
    window.welcome.set_recent(window.settings.get(keys.RECENT_WORKSPACES))
    item = window.welcome.recent_list.item(0)
    window.welcome.recent_list.itemActivated.emit(item)
    assert window.services is not None and window.services.path == path


def _factory_page(window: MainWindow) -> FactoryPage:
    page = window.pages["factory"]
    assert isinstance(page, FactoryPage)
    return page


def test_factory_profile_edit_validate_and_save(window, qtbot, tmp_path):
    window.new_workspace(tmp_path / "w.fdw")
    page = _factory_page(window)
    name_en = page.fields["name_en"]
    assert isinstance(name_en, QLineEdit)
    qtbot.keyClicks(name_en, "Shanghai Xingzhe Travel Goods")
    page.fields["name_zh"].setText("上海行者旅行用品有限公司")  # non-ASCII: setText, not keyClicks
    qtbot.keyClicks(page.fields["email"], "not-an-email")
    assert page.errors["email"].isVisible()
    assert page.fields["email"].property("invalid") is True
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.dirty, "an invalid form is not saved"
    page.fields["email"].clear()
    qtbot.keyClicks(page.fields["email"], "sales@xingzhe.cn")
    qtbot.keyClicks(page.fields["moq"], "300")
    assert not page.errors["email"].isVisible()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert not page.dirty
    saved = window.services.factory.load_profile()
    assert saved.name_zh == "上海行者旅行用品有限公司"
    assert saved.name_en == "Shanghai Xingzhe Travel Goods"
    assert saved.moq == 300
    assert saved.email == "sales@xingzhe.cn"


def test_negative_numbers_are_refused_with_a_message(window, qtbot, tmp_path):
    window.new_workspace(tmp_path / "w.fdw")
    page = _factory_page(window)
    page.fields["name_zh"].setText("工厂")
    qtbot.keyClicks(page.fields["lead_time_days"], "-5")
    assert page.errors["lead_time_days"].isVisible()
    assert "negative" in page.errors["lead_time_days"].text()
    assert page.save() is False
    assert window.services.factory.load_profile().lead_time_days is None


def test_add_certificate_with_attached_file(window, qtbot, tmp_path):
    window.new_workspace(tmp_path / "w.fdw")
    page = _factory_page(window)
    scan = tmp_path / "iso9001.pdf"
    scan.write_bytes(b"%PDF-1.4\n% a scan\n")

    def fill_dialog() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, CertificateDialog) and w.isVisible()]
        if not dialogs:  # the modal loop hasn't shown it yet: look again shortly
            QTimer.singleShot(10, fill_dialog)
            return
        dialog = dialogs[0]
        qtbot.keyClicks(dialog.name, "ISO 9001:2015")
        qtbot.keyClicks(dialog.number, "CN-QMS-2024-001")
        dialog.has_expiry.setChecked(True)
        dialog.set_attachment(scan)
        dialog.buttons.accepted.emit()

    QTimer.singleShot(0, fill_dialog)
    qtbot.mouseClick(page.add_certificate_button, Qt.MouseButton.LeftButton)
    assert page.certificates.rowCount() == 1
    certificates = window.services.factory.list_certificates()
    assert certificates[0].name == "ISO 9001:2015"
    attachment = window.services.factory.attachment(certificates[0].id)
    assert attachment is not None and attachment.data == scan.read_bytes()


def test_certificate_dialog_refuses_missing_name(qtbot):
    dialog = CertificateDialog()
    qtbot.addWidget(dialog)
    dialog.buttons.accepted.emit()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.text()


def test_damaged_workspace_offers_the_newest_backup(window, qtbot, tmp_path, monkeypatch):
    from app.services.workspace.backups import take_backup

    path = tmp_path / "w.fdw"
    services = new_services(path)
    services.factory.save_profile({"name_zh": "好工厂"})
    services.close()
    take_backup(path)
    damaged_bytes = b"garbage" * 5000
    path.write_bytes(damaged_bytes)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert window.open_workspace(path)
    assert window.services.factory.load_profile().name_zh == "好工厂"
    kept = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged_bytes


def test_language_switch_retranslates_the_window(window, qtbot, tmp_path):
    window.new_workspace(tmp_path / "w.fdw")
    window.set_language("zh_CN")
    assert window.settings.get(keys.LANGUAGE) == "zh_CN"
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert titles[0] == "工厂档案", titles
    assert window.current_view() == "factory"
    window.set_language("en")
    assert window.sidebar.item(0).text() == "Factory profile"


def test_unsaved_changes_are_asked_about_on_close(window, qtbot, tmp_path, monkeypatch):
    window.new_workspace(tmp_path / "w.fdw")
    page = _factory_page(window)
    page.fields["name_zh"].setText("未保存的名字")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    assert window.close_workspace() is False
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Save)
    services = window.services
    path = services.path
    assert window.close_workspace() is True
    reopened = new_services.__globals__["open_services"](path)
    try:
        assert reopened.factory.load_profile().name_zh == "未保存的名字"
    finally:
        reopened.close()


def test_a_missing_workspace_is_offered_to_be_created(window, qtbot, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    """`--workspace` (or a recent entry) naming a file that isn't there: the app asks, and Yes creates the
    workspace there and starts the onboarding wizard on it; No leaves nothing behind."""
    asked: list[str] = []

    def answer(button):  # type: ignore[no-untyped-def]
        def ask(_parent, _title, text, *_args):  # type: ignore[no-untyped-def]
            asked.append(text)
            return button
        return ask

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    declined = tmp_path / "typo.fdw"
    assert window.open_workspace(declined) is False
    assert not declined.exists() and window.services is None
    assert str(declined) in asked[-1]

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    wanted = tmp_path / "new-factory"
    assert window.open_workspace(wanted) is True
    created = wanted.with_suffix(".fdw")
    assert created.is_file() and window.services is not None and window.services.path == created
    assert window.onboarding is not None and window.onboarding.isVisible()
    window.onboarding.close()


def test_a_screenshot_run_never_asks_about_a_missing_workspace(window, monkeypatch, tmp_path, capsys):  # type: ignore[no-untyped-def]
    """With nobody to answer (--screenshot), no dialog at all: the reason goes to stderr."""
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: pytest.fail("asked a question"))
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: pytest.fail("showed a dialog"))
    window.interactive = False
    assert window.open_workspace(tmp_path / "gone.fdw") is False
    assert not (tmp_path / "gone.fdw").exists()
    assert "not found" in capsys.readouterr().err
