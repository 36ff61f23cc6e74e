"""Catalogue files as one object for the Products page: export the catalogue, read and check a file into a
preview, and write a checked preview — built by `WorkspaceServices`, replaced by a stand-in in tests."""

from __future__ import annotations

from pathlib import Path

from app.db import Workspace
from app.services.catalogue.io import export, importing
from app.services.catalogue.io.export import ExportReport
from app.services.catalogue.io.importing import ImportPreview, ImportResult
from app.services.kernel.jobs import CancelCheck, Progress


class CatalogueFileService:
    """CSV/XLSX in and out for one workspace (each runs in the task pool; nothing is written before a file passed
    every check)."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    def export(self, target: Path, progress: Progress, cancel: CancelCheck) -> ExportReport:
        return export.export_catalogue(self.workspace, target, progress=progress, cancel=cancel)

    def preview(self, source: Path, encoding: str, progress: Progress, cancel: CancelCheck) -> ImportPreview:
        return importing.preview_import(self.workspace, source, encoding, progress=progress, cancel=cancel)

    def commit(self, preview: ImportPreview, progress: Progress, cancel: CancelCheck) -> ImportResult:
        return importing.commit_import(self.workspace, preview, progress=progress, cancel=cancel)
