"""File → Hand over (export bundle) / Import bundle: the GUI side of `app.services.workspace.bundles`.

The zip work runs off the GUI thread (`Task`); dialogs and the "replace?" question stay here, on the GUI thread.
Import never overwrites an existing workspace without asking, and never the one that is open now.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox, QStatusBar, QWidget

from app.services.workspace.bundles import (
    BundleTargetExists,
    export_bundle,
    import_bundle,
    read_manifest,
)
from app.services.workspace.services import WorkspaceServices
from app.views.kit.errors import show_error
from app.views.kit.tasks import Task, TaskRunner


class BundleWindow(Protocol):
    """What the bundle actions need from the main window (a Protocol, so this module never imports it)."""

    services: WorkspaceServices | None
    tasks: TaskRunner

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 — Qt's name
    def open_workspace(self, path: Path) -> bool: ...
    def close_workspace(self) -> bool: ...

BUNDLE_SUFFIX = ".zip"
WORKSPACE_SUFFIX = ".fdw"


class BundleActions(QObject):
    """Export and import of hand-over bundles for one main window."""

    def __init__(self, window: BundleWindow, parent: QWidget) -> None:
        super().__init__(parent)
        self.window = window
        self.owner = parent  # the parent of every dialog

    # ----- export ----------------------------------------------------------------------------------------------
    def export(self, zip_path: Path | None = None) -> None:
        window = self.window
        if window.services is None:
            return
        source = window.services.path
        confirmed = False  # the save dialog asked before replacing exactly this file
        if zip_path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self.owner, self.tr("Hand over (export bundle)"), str(source.with_suffix(BUNDLE_SUFFIX)),
                self.tr("Bundles (*.zip)"))
            if not chosen:
                return
            zip_path = Path(chosen) if Path(chosen).suffix else Path(chosen).with_suffix(BUNDLE_SUFFIX)
            confirmed = zip_path == Path(chosen)
        target = zip_path
        # The service still refuses the workspace itself and a file with a -wal/-shm beside it (a live one).
        task = Task(lambda progress, cancel: export_bundle(source, target, progress, cancel, overwrite=confirmed))
        task.signals.finished.connect(self._on_exported)
        task.signals.failed.connect(lambda error: show_error(self.owner, error, self.tr("Can't export the bundle")))
        window.tasks.start(task)

    def _on_exported(self, manifest: object) -> None:
        path = getattr(manifest, "path", None)
        self.window.statusBar().showMessage(self.tr("Bundle saved: %1").replace("%1", str(path)), 15000)

    # ----- import ----------------------------------------------------------------------------------------------
    def import_(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self.owner, self.tr("Import bundle"), "",
                                                self.tr("Bundles (*.zip);;All files (*)"))
        if not chosen:
            return
        zip_path = Path(chosen)
        try:
            manifest = read_manifest(zip_path)
        except Exception as error:  # noqa: BLE001 - typed errors become plain messages
            show_error(self.owner, error, self.tr("Can't import the bundle"))
            return
        details = (self.tr("Workspace: %1\nApp version: %2\nSchema: %3\nCreated: %4\n\nImport this bundle?")
                   .replace("%1", manifest.source).replace("%2", manifest.app_version)
                   .replace("%3", manifest.schema_revision)
                   .replace("%4", manifest.created_at.astimezone().strftime("%Y-%m-%d %H:%M")))
        answer = QMessageBox.question(self.owner, self.tr("Import bundle"), details,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        default_name = Path(manifest.source).stem or "workspace"
        target, _ = QFileDialog.getSaveFileName(
            self.owner, self.tr("Save the imported workspace as"),
            str(zip_path.parent / f"{default_name}{WORKSPACE_SUFFIX}"),
            self.tr("Factory Direct workspaces (*.fdw)"), options=QFileDialog.Option.DontConfirmOverwrite)
        if not target:
            return
        target_path = Path(target) if Path(target).suffix else Path(target).with_suffix(WORKSPACE_SUFFIX)
        self._start_import(zip_path, target_path, overwrite=False)

    def _start_import(self, zip_path: Path, target: Path, *, overwrite: bool) -> None:
        task = Task(lambda progress, _cancel: import_bundle(zip_path, target, overwrite=overwrite, progress=progress))
        task.signals.finished.connect(self._on_imported)
        task.signals.failed.connect(lambda error: self._on_import_failed(error, zip_path, target))
        self.window.tasks.start(task)

    def _on_import_failed(self, error: object, zip_path: Path, target: Path) -> None:
        window = self.window
        if not isinstance(error, BundleTargetExists):
            show_error(self.owner, error if isinstance(error, BaseException) else RuntimeError(str(error)),
                       self.tr("Can't import the bundle"))
            return
        answer = QMessageBox.question(
            self.owner, self.tr("Import bundle"),
            self.tr("%1 already exists. Replace the existing workspace? A backup is taken first.")
            .replace("%1", str(target)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        replaces_open = window.services is not None and _same_file(window.services.path, target)
        if replaces_open and not window.close_workspace():
            QMessageBox.information(
                self.owner, self.tr("Import bundle"),
                self.tr("That workspace is open. Close it first, then import the bundle again."))
            return
        self._start_import(zip_path, target, overwrite=True)

    def _on_imported(self, path: Path) -> None:
        if self.window.open_workspace(Path(path)):
            self.window.statusBar().showMessage(self.tr("Bundle imported: %1").replace("%1", str(path)), 15000)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b
