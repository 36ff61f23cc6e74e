"""What the Products page's controllers (bulk edit, import and export) ask of the page that composes them: a
Protocol, so they never import the page and the page can be replaced by a stand-in in a test."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtWidgets import QWidget

from app.views.kit.tasks import BackgroundJob


class CataloguePage(Protocol):
    """The page around the catalogue: its selection, its background jobs and its feedback line."""

    jobs: set[BackgroundJob]

    def selected_product_ids(self) -> list[int]: ...

    def start_job(self, label: str, work: Callable[..., Any], *, writes: bool = False,
                  parent: QWidget | None = None) -> BackgroundJob: ...

    def report_failure(self, error: object, title: str) -> None: ...

    def show_feedback(self, text: str, error: bool = False) -> None: ...

    def catalogue_changed(self, categories_too: bool = False) -> None: ...
