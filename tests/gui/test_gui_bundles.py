"""pytest-qt: File → Hand over (export bundle) and Import bundle, as a consultant uses them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.services.workspace.bundles import read_manifest
from app.services.workspace.services import new_services
from app.views.shell.main_window import MainWindow


def _export(window: MainWindow, qtbot, monkeypatch, zip_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(zip_path), ""))
    assert window.export_bundle_action.isEnabled()
    window.export_bundle_action.trigger()
    assert window.tasks.wait()
    qtbot.waitUntil(lambda: "Bundle saved" in window.statusBar().currentMessage(), timeout=5000)


def _answers(monkeypatch, *answers: QMessageBox.StandardButton) -> list[str]:  # type: ignore[no-untyped-def]
    asked: list[str] = []
    queue = list(answers)

    def question(_parent, _title, text, *_a, **_k):  # type: ignore[no-untyped-def]
        asked.append(text)
        return queue.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    return asked


def _import(window: MainWindow, monkeypatch, zip_path: Path, target: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(zip_path), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.bundles.import_()


def test_export_bundle_from_the_open_demo(window, qtbot, tmp_path, monkeypatch):
    window.create_demo(tmp_path / "demo.fdw")
    zip_path = tmp_path / "hand-over.zip"
    _export(window, qtbot, monkeypatch, zip_path)
    assert zip_path.exists()
    manifest = read_manifest(zip_path)
    assert manifest.app_version and manifest.schema_revision
    assert str(zip_path) in window.statusBar().currentMessage()


def test_export_is_disabled_without_a_workspace_and_import_is_not(window):
    labels = {action.text(): action.isEnabled() for action in window.menuBar().actions()[0].menu().actions()}
    assert labels["Hand over (export bundle)…"] is False
    assert labels["Import bundle…"] is True


def test_import_bundle_opens_the_imported_workspace(window, qtbot, tmp_path, monkeypatch):
    window.create_demo(tmp_path / "demo.fdw")
    zip_path = tmp_path / "hand-over.zip"
    _export(window, qtbot, monkeypatch, zip_path)
    window.close_workspace()
    asked = _answers(monkeypatch, QMessageBox.StandardButton.Yes)
    target = tmp_path / "imported" / "factory.fdw"
    target.parent.mkdir()
    _import(window, monkeypatch, zip_path, target)
    assert len(asked) == 1 and "demo" in asked[0], "the manifest is shown before importing"
    assert window.tasks.wait()
    qtbot.waitUntil(lambda: window.services is not None and window.services.path == target, timeout=5000)
    assert target.exists()


def test_import_onto_an_existing_workspace_asks_and_no_keeps_it(window, qtbot, tmp_path, monkeypatch):
    window.create_demo(tmp_path / "demo.fdw")
    zip_path = tmp_path / "hand-over.zip"
    _export(window, qtbot, monkeypatch, zip_path)
    existing = tmp_path / "existing.fdw"
    new_services(existing).close()
    before = existing.read_bytes()
    asked = _answers(monkeypatch, QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No)
    _import(window, monkeypatch, zip_path, existing)
    assert window.tasks.wait()
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=5000)
    assert "Replace the existing workspace?" in asked[1]
    assert window.tasks.wait()
    qtbot.wait(50)
    assert existing.read_bytes() == before
    assert window.services is not None and window.services.path == tmp_path / "demo.fdw"


def test_import_onto_an_existing_workspace_replaces_it_on_yes(window, qtbot, tmp_path, monkeypatch):
    window.create_demo(tmp_path / "demo.fdw")
    zip_path = tmp_path / "hand-over.zip"
    _export(window, qtbot, monkeypatch, zip_path)
    existing = tmp_path / "existing.fdw"
    new_services(existing).close()
    asked = _answers(monkeypatch, QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Yes)
    _import(window, monkeypatch, zip_path, existing)
    assert window.tasks.wait()
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=5000)
    assert window.tasks.wait()
    qtbot.waitUntil(lambda: window.services is not None and window.services.path == existing, timeout=5000)


def test_import_onto_the_open_workspace_closes_it_first(window, qtbot, tmp_path, monkeypatch):
    demo = tmp_path / "demo.fdw"
    window.create_demo(demo)
    zip_path = tmp_path / "hand-over.zip"
    _export(window, qtbot, monkeypatch, zip_path)
    asked = _answers(monkeypatch, QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Yes)
    _import(window, monkeypatch, zip_path, demo)
    assert window.tasks.wait()
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=5000)
    assert window.tasks.wait()
    qtbot.waitUntil(lambda: "Bundle imported" in window.statusBar().currentMessage(), timeout=5000)
    assert window.services is not None and window.services.path == demo
