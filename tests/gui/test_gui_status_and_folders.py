"""pytest-qt: the status bar after a language switch, and where file dialogs start (last folder, else Documents)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLabel

from app.services.workspace.services import new_services
from app.views.kit.settings import AppSettings, documents_folder


def test_the_workspace_path_shows_once_after_a_language_switch(window, tmp_path):
    path = tmp_path / "w.fdw"
    window.new_workspace(path)
    for language in ("zh_CN", "en", "zh_CN"):
        window.set_language(language)
        showing = [label for label in window.statusBar().findChildren(QLabel)
                   if str(path) in label.text() and not label.isHidden()]
        assert len(showing) == 1, f"after switching to {language}: {[label.text() for label in showing]}"
    window.set_language("en")


def test_open_workspace_starts_in_documents_then_in_the_last_folder(window, tmp_path, monkeypatch):
    folder = tmp_path / "clients"
    folder.mkdir()
    new_services(folder / "ningbo.fdw").close()
    starts: list[str] = []
    answers = [str(folder / "ningbo.fdw"), ""]

    def dialog(_parent, _title, start, _filter):  # type: ignore[no-untyped-def]
        starts.append(start)
        return answers.pop(0), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", dialog)
    window.choose_workspace()
    assert window.services is not None and window.services.path == folder / "ningbo.fdw"
    window.choose_workspace()
    assert [Path(start) for start in starts] == [documents_folder(), folder]


def test_a_remembered_folder_that_is_gone_falls_back_to_documents(qsettings, tmp_path):
    settings = AppSettings(qsettings)
    gone = tmp_path / "usb-stick"
    gone.mkdir()
    settings.remember_folder("packs", gone)
    assert settings.start_folder("packs") == gone
    assert settings.start_path("documents", "sheet.pdf") == str(documents_folder() / "sheet.pdf")
    gone.rmdir()
    assert settings.start_folder("packs") == documents_folder()
