"""pytest-qt: the packs page's findings in Chinese (#16) — labels not keys, one platform's findings at a time,
and 没有发现问题 when a check is clean."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.services.workspace.services import WorkspaceServices, demo_services
from app.views.kit.i18n import install_translators
from app.views.kit.settings import AppSettings
from app.views.kit.tasks import TaskRunner
from app.views.packs.page import FindingColumn, PacksPage

TIMEOUT = 120_000
KEY = re.compile(r"[a-z_]+\.[a-z_]+")


@pytest.fixture
def page(qtbot, qapp, tmp_path: Path, qsettings) -> Iterator[PacksPage]:  # type: ignore[no-untyped-def]
    install_translators(qapp, "zh_CN")
    services: WorkspaceServices = demo_services(tmp_path / "demo.fdw")
    tasks = TaskRunner()
    widget = PacksPage(services, tasks, settings=AppSettings(qsettings))
    qtbot.addWidget(widget)
    yield widget
    tasks.wait()
    services.close()
    install_translators(qapp, "en")


def shown(page: PacksPage, column: FindingColumn) -> list[str]:
    model = page.findings
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def test_findings_show_labels_and_follow_the_platform(page: PacksPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    page.platform.setCurrentIndex(page.platform.findData("tmall"))
    with qtbot.waitSignal(page.lint_done, timeout=TIMEOUT):
        page.check()
    assert page.checked_platform == "tmall" and page.findings.rowCount() > 0
    for text in shown(page, FindingColumn.FIELD) + shown(page, FindingColumn.RULE):
        assert not KEY.search(text), text
    assert "标题放不下" in shown(page, FindingColumn.RULE)

    with qtbot.waitSignal(page.lint_done, timeout=TIMEOUT) as rechecked:
        page.platform.setCurrentIndex(page.platform.findData("shopify"))
        assert page.findings.rowCount() == 0, "Tmall's findings are not shown under Shopify"
    assert page.checked_platform == "shopify"
    assert page.findings.rowCount() == len(rechecked.args[0].findings)


def test_a_clean_check_says_so(page: PacksPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    page._check_all(False)
    page.platform.setCurrentIndex(page.platform.findData("tmall"))
    with qtbot.waitSignal(page.lint_done, timeout=TIMEOUT) as checked:
        page.check()
    assert not checked.args[0].findings
    assert page.no_findings.isVisibleTo(page) and page.no_findings.text() == "没有发现问题。"
    page.products.item(0).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(page.lint_done, timeout=TIMEOUT):
        page.check()
    assert not page.no_findings.isVisibleTo(page)
