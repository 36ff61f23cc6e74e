"""The Listing packs page: preview, check and build off the GUI thread, findings shown with severity colours,
the allow-list edited through the write pool."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.services.workspace_services import WorkspaceServices, demo_services
from app.views.packs_page import FindingColumn, PacksPage
from app.views.tasks import TaskRunner

TIMEOUT = 120_000


@pytest.fixture
def page(qtbot, tmp_path: Path) -> Iterator[PacksPage]:  # type: ignore[no-untyped-def]
    services: WorkspaceServices = demo_services(tmp_path / "demo.fdw")
    tasks = TaskRunner()
    widget = PacksPage(services, tasks)
    qtbot.addWidget(widget)
    yield widget
    tasks.wait()
    services.close()


def test_check_preview_and_build(page: PacksPage, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert page.products.count() == 4 and len(page.chosen_codes()) == 4
    page.platform.setCurrentIndex(page.platform.findData("amazon"))
    with qtbot.waitSignal(page.lint_done, timeout=TIMEOUT) as checked:
        page.check()
    result = checked.args[0]
    assert result.count("error") == 0 and page.findings.rowCount() == len(result.findings)
    warning_row = next(i for i, f in enumerate(page.findings.findings) if f.severity.value == "warning")
    index = page.findings.index(warning_row, FindingColumn.SEVERITY)
    assert page.findings.data(index, Qt.ItemDataRole.BackgroundRole).name() == "#fff4d6"
    with qtbot.waitSignal(page.field_requested, timeout=1000) as jumped:
        page._jump_to_field(page.findings.index(warning_row, 0))
    assert jumped.args == [page.findings.findings[warning_row].product, page.findings.findings[warning_row].field]

    with qtbot.waitSignal(page.preview_done, timeout=TIMEOUT) as previewed:
        page.show_preview("XZ-LG-PC01")
    assert previewed.args[0].title.text in page.listing.toPlainText()
    assert not page.picture.pixmap().isNull()

    page.platform.setCurrentIndex(page.platform.findData("taobao"))
    page._check_all(False)
    page.products.item(0).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(page.pack_done, timeout=TIMEOUT) as built:
        page.build_to(tmp_path / "out")
    report = built.args[0]
    assert report.path == tmp_path / "out" / "taobao" and (report.path / "manifest.json").is_file()
    assert page.open_button.isEnabled() and not page.progress.isVisible()


def test_allow_list_is_edited_through_the_write_pool(page: PacksPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    page.allow_phrase("1:1 配比", "a mixing ratio")
    qtbot.waitUntil(lambda: page.allowed.rowCount() == 1, timeout=TIMEOUT)
    assert page.allowed.entries[0].reason == "a mixing ratio"


def test_the_first_product_is_previewed_when_the_page_opens(page: PacksPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A new user lands on a listing, not an empty preview."""
    first = str(page.products.item(0).data(Qt.ItemDataRole.UserRole))
    assert page.products.currentRow() == 0
    with qtbot.waitSignal(page.preview_done, timeout=30_000) as previewed:
        pass
    assert previewed.args[0].product == first
    assert previewed.args[0].title.text in page.listing.toPlainText()
    assert not page.picture.pixmap().isNull()
