"""The Listing packs page: preview, check and build off the GUI thread, findings shown with severity colours,
the allow-list edited through the write pool."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.services.listing.packs.builder import build_pack
from app.services.listing.packs.options import pack_options
from app.services.listing.packs.profiles import PLATFORM_IDS
from app.services.workspace.services import WorkspaceServices, demo_services
from app.views.kit import settings as keys
from app.views.kit.settings import AppSettings
from app.views.kit.tasks import CancelToken, TaskRunner
from app.views.packs import page as packs_page
from app.views.packs.page import FindingColumn, PacksPage

TIMEOUT = 120_000


@pytest.fixture
def page(qtbot, tmp_path: Path, qsettings) -> Iterator[PacksPage]:  # type: ignore[no-untyped-def]
    services: WorkspaceServices = demo_services(tmp_path / "demo.fdw")
    tasks = TaskRunner()
    widget = PacksPage(services, tasks, settings=AppSettings(qsettings))
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


def _chooses_folder(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    monkeypatch.setattr(packs_page.QFileDialog, "getExistingDirectory", staticmethod(lambda *_args: str(folder)))


def test_build_for_all_platforms_writes_every_pack(page: PacksPage, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "all"
    _chooses_folder(monkeypatch, out)
    page.show()                                    # so that isVisible() means what the user sees
    page._check_all(False)
    page.products.item(0).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(page.packs_done, timeout=TIMEOUT) as built:
        qtbot.mouseClick(page.build_all_button, Qt.MouseButton.LeftButton)
        assert page.progress.isVisible() and page.cancel_button.isVisible()
        assert not page.build_button.isEnabled() and not page.build_all_button.isEnabled()
    reports = built.args[0]
    assert list(reports) == list(PLATFORM_IDS)
    assert sorted(p.name for p in out.iterdir()) == sorted(PLATFORM_IDS)      # no temporary folder left
    for platform in PLATFORM_IDS:
        assert reports[platform].path == out / platform and (out / platform / "manifest.json").is_file()
    assert not page.progress.isVisible() and not page.cancel_button.isVisible()
    assert page.build_all_button.isEnabled() and page.open_button.isEnabled() and page.last_pack == out
    assert str(out) in page.status.text() and "10" in page.status.text()


def test_cancelling_the_build_for_all_platforms_writes_nothing(page: PacksPage, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Cancel once the first product has been written for every platform: no pack, no temporary folder."""
    out = tmp_path / "all"
    _chooses_folder(monkeypatch, out)
    products = page.products.count()
    lint_steps = len(PLATFORM_IDS) * products
    page.show()
    page.choose_folder_and_build_all()
    job = page._build_job
    assert job is not None
    job.task.signals.progress.connect(lambda done, _total: done > lint_steps and page.cancel())
    qtbot.waitUntil(lambda: page._build_job is None, timeout=TIMEOUT)
    assert job.task.cancel_token()
    assert "Cancelled" in page.status.text()
    assert not page.progress.isVisible() and not page.cancel_button.isVisible()
    assert not any(p.is_dir() and not (p / "manifest.json").is_file() for p in out.iterdir())
    assert list(out.iterdir()) == []


def test_a_cancel_after_the_last_step_does_not_hide_a_written_pack(page: PacksPage, tmp_path: Path) -> None:
    """A Cancel arriving once the pack is in place must not report "nothing was written"."""
    token = CancelToken()

    def progress(done: int, total: int) -> None:
        if done == total:
            token.cancel()          # the user clicks Cancel just as the pack lands

    report = build_pack(page.services.workspace, ["XZ-LG-PC01"], "odm", tmp_path / "out", progress, token)
    assert token() and (report.path / "manifest.json").is_file()



def test_the_build_options_are_checked_used_and_remembered(page: PacksPage, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Type the image web folder, pick the units and the Shopify dialect on the page, build: the CSV links the
    pictures in that dialect; a plain-http address is refused before anything is built; the choices come back
    on a new page."""
    bar = page.pack_options
    page.show()
    page.platform.setCurrentIndex(page.platform.findData("shopify"))
    page._check_all(False)
    page.products.item(0).setCheckState(Qt.CheckState.Checked)
    _chooses_folder(monkeypatch, tmp_path / "out")

    qtbot.keyClicks(bar.image_base_url, "http://cdn.example.com/packs")
    qtbot.keyClick(bar.image_base_url, Qt.Key.Key_Return)
    assert bar.image_base_url.property("invalid") is True and "https://" in page.status.text()
    qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    assert page._build_job is None and not (tmp_path / "out").exists()
    assert "https://" in page.status.text()
    assert page.settings.get(keys.PACK_IMAGE_BASE_URL) == ""          # a refused address is not remembered

    bar.image_base_url.selectAll()
    qtbot.keyClicks(bar.image_base_url, "https://cdn.example.com/packs/")
    qtbot.keyClick(bar.image_base_url, Qt.Key.Key_Return)
    assert not bar.image_base_url.property("invalid")
    qtbot.keyClicks(bar.weight_unit, "lbs")
    qtbot.keyClicks(bar.dimension_unit, "in")
    qtbot.keyClicks(bar.shopify_dialect, "l")                       # "legacy headers"
    assert (bar.weight_unit.currentData(), bar.dimension_unit.currentData(),
            bar.shopify_dialect.currentData()) == ("lbs", "in", "legacy")

    with qtbot.waitSignal(page.pack_done, timeout=TIMEOUT) as built:
        qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    report = built.args[0]
    with open(report.path / "shopify_products.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    code = str(page.products.item(0).data(Qt.ItemDataRole.UserRole))
    assert rows[0]["Image Src"] == f"https://cdn.example.com/packs/shopify/{code}/images/01_main.jpg"
    whole_pack = [row for row in range(page.findings.rowCount()) if not page.findings.findings[row].product]
    assert [page.findings.findings[row].rule for row in whole_pack] == ["images.url"]
    shown = page.findings.data(page.findings.index(whole_pack[0], FindingColumn.PRODUCT))
    assert shown == page.findings.whole_pack

    again = PacksPage(page.services, page.tasks, settings=page.settings)
    qtbot.addWidget(again)
    assert again.pack_options.image_base_url.text() == "https://cdn.example.com/packs/"
    assert again.pack_options.options() == pack_options("https://cdn.example.com/packs", "lbs", "in", "legacy")
