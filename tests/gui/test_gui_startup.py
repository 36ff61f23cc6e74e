"""Start-up: the shell paints first with a quiet loading state, then the workspace opens (issue #17)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox

from app.services.workspace.services import new_services

ROOT = Path(__file__).resolve().parents[2]


def _workspace(path: Path) -> Path:
    new_services(path).close()
    return path


def test_the_shell_shows_a_loading_state_then_opens_after_painting(window, qtbot, tmp_path):
    path = _workspace(tmp_path / "w.fdw")
    results: list[bool] = []
    window.open_when_painted(path, then=results.append)
    assert window.services is None  # nothing opened yet: the window paints first
    assert window.stack.currentIndex() == 1
    opening = window.page_stack.currentWidget()
    assert isinstance(opening, QLabel) and "w.fdw" in opening.text()
    assert window.sidebar.count() == 6 and not window.sidebar.item(0).flags()  # greyed out while opening
    qtbot.waitUntil(lambda: results == [True], timeout=10000)
    assert window.services is not None and window.services.path == path
    assert window.sidebar.item(0).flags()  # clickable now
    assert not isinstance(window.page_stack.currentWidget(), QLabel)


def test_a_damaged_file_still_reaches_the_user_and_the_welcome_page_comes_back(window, qtbot, tmp_path,
                                                                               monkeypatch):
    path = tmp_path / "damaged.fdw"
    path.write_bytes(b"garbage" * 5000)  # no backup to offer: the user is told, the file is left alone
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text, *a: told.append(text))
    results: list[bool] = []
    window.open_when_painted(path, then=results.append)
    qtbot.waitUntil(lambda: results == [False], timeout=10000)
    assert told and window.services is None
    assert window.stack.currentIndex() == 0  # the welcome page, to try another file
    assert path.read_bytes() == b"garbage" * 5000


def test_the_gui_start_imports_no_database_or_subcommand_before_the_first_paint():
    """What `main.py --workspace W` imports before the window is shown: Qt and the shell, not SQLAlchemy,
    pydantic, the models or a subcommand module (they cost more than the whole bare-Qt window)."""
    code = ("import sys; from app.cli import parse; parse(['--workspace', 'w.fdw']); import app.bootstrap; "
            "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('sqlalchemy', 'sqlmodel', 'pydantic', 'reportlab', 'PIL') or m.startswith(('app.models', "
            "'app.cli.', 'app.services', 'app.db')))))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=True)
    assert done.stdout.split() == []


def test_opening_a_workspace_leaves_reportlab_and_the_shop_clients_for_later(tmp_path):
    """The services built on first use (documents, shops, catalogue files, products, pricing) are imported
    then too: ReportLab, requests, Pillow, the pricing engine and the spreadsheet readers are not on the way to
    the factory page, where a workspace opens first. Once asked for, each is there and reads the workspace."""
    path = _workspace(tmp_path / "w.fdw")
    later = ("reportlab", "requests", "openpyxl", "PIL", "app.services.documents.service",
             "app.services.shops.service", "app.services.catalogue.io.service", "app.services.catalogue.products",
             "app.services.pricing.plans", "app.services.pricing.batch")
    code = ("import sys; from pathlib import Path; from app.services.workspace.services import open_services; "
            f"services = open_services(Path({str(path)!r})); "
            f"print(' '.join(m for m in {later!r} if m in sys.modules)); "
            "print(len(services.products.categories()), len(services.pricing.products())); "
            "services.close()")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=True)
    imported_on_open, counts = done.stdout.splitlines()
    assert imported_on_open.split() == []
    categories, products = (int(count) for count in counts.split())
    assert categories > 0 and products == 0  # a new workspace: its default categories, no products yet


@pytest.mark.parametrize("page", ["factory", "products", "pricing"])
def test_the_first_pages_modules_leave_reportlab_for_later(page):
    """A page an owner lands on at start (the last one used) loads no ReportLab: the Pricing page did, through
    the approvals service's price-list imports (80 ms of its 200)."""
    module = {"factory": "app.views.factory.page", "products": "app.views.products.page",
              "pricing": "app.views.pricing.page"}[page]
    code = f"import sys, {module}; print('reportlab' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=True)
    assert done.stdout.strip() == "False"
