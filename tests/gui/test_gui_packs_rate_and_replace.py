"""The Packs page (#16): a pack that would go out without prices (no exchange rate) is an error with a one-click
fix, not a warning after a "success"; an existing platform folder is not replaced without asking."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from walk_input import type_text

from app.services.listing.packs.builder import PackBlocked, build_pack
from app.services.listing.packs.prices import NO_RATE
from app.services.workspace.services import WorkspaceServices, open_services
from app.views.kit.settings import AppSettings
from app.views.kit.tasks import TaskRunner
from app.views.packs.page import PacksPage

TIMEOUT = 120_000


@pytest.fixture
def page(qtbot, tmp_path: Path, qsettings, demo_without_plans: Path) -> Iterator[PacksPage]:  # type: ignore[no-untyped-def]
    """The Packs page on a copy of the demo without its USD rate."""
    path = tmp_path / "demo.fdw"
    shutil.copyfile(demo_without_plans, path)
    services: WorkspaceServices = open_services(path)
    tasks = TaskRunner()
    widget = PacksPage(services, tasks, settings=AppSettings(qsettings))
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    tasks.wait()
    services.close()


def test_a_pack_without_a_rate_stops_and_one_click_saves_the_rate_and_builds_it(page: PacksPage, qtbot,  # type: ignore[no-untyped-def]
                                                                                  tmp_path: Path) -> None:
    with pytest.raises(PackBlocked) as blocked:   # the service: an error, nothing written
        build_pack(page.services.workspace, None, "shopify", tmp_path / "direct")
    assert any(f.rule == NO_RATE and f.severity.value == "error" for f in blocked.value.findings)
    assert not (tmp_path / "direct" / "shopify").exists()

    page.platform.setCurrentIndex(page.platform.findData("shopify"))
    page.build_to(tmp_path / "out")
    qtbot.waitUntil(lambda: page._build_job is None, timeout=TIMEOUT)
    assert not (tmp_path / "out" / "shopify").exists()
    assert page.rate_row.isVisible() and "1 USD = ? CNY" in page.rate_label.text()
    assert any(f.rule == NO_RATE for f in page.findings.findings)

    type_text(qtbot, page.rate_field, "7.2")
    qtbot.mouseClick(page.rate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page._build_job is None and (tmp_path / "out" / "shopify").exists(), timeout=TIMEOUT)
    assert not page.rate_row.isVisible()
    assert not any(f.rule == NO_RATE for f in page.findings.findings)
    with (tmp_path / "out" / "shopify" / "shopify_products.csv").open(encoding="utf-8-sig") as handle:
        prices = [row["Price"] for row in csv.DictReader(handle) if row.get("SKU")]
    assert prices and all(prices), prices


def test_a_typo_in_the_rate_is_said_and_nothing_runs(page: PacksPage, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.platform.setCurrentIndex(page.platform.findData("shopify"))
    page.build_to(tmp_path / "out")
    qtbot.waitUntil(lambda: page._build_job is None, timeout=TIMEOUT)
    type_text(qtbot, page.rate_field, "abc")
    qtbot.mouseClick(page.rate_button, Qt.MouseButton.LeftButton)
    assert page._build_job is None and page.rate_row.isVisible() and page.status.text()
    assert page.services.pricing.rates() == []


@pytest.mark.parametrize(("answer", "replaced"), [(QMessageBox.StandardButton.Cancel, False),
                                                  (QMessageBox.StandardButton.Yes, True)])
def test_an_earlier_pack_is_replaced_only_when_the_user_says_so(page: PacksPage, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                monkeypatch, answer, replaced) -> None:
    page.platform.setCurrentIndex(page.platform.findData("tmall"))
    build_pack(page.services.workspace, None, "tmall", tmp_path)   # last week's pack, maybe edited by hand
    mine = tmp_path / "tmall" / "my-notes.txt"
    mine.write_text("kept?", encoding="utf-8")
    asked = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(tmp_path))
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, _title, text, *_a: asked.append(text) or answer)
    qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page._build_job is None, timeout=TIMEOUT)
    assert len(asked) == 1 and "Tmall" in asked[0]
    assert mine.exists() is not replaced
