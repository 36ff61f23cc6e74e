"""A team password never leaves the connection (issue #14, reliability.md's secrets rule): given in the URL, typed
in the dialog (the `password=` argument) or wrong, it appears in no log record, no URL the workspace keeps, no
error message and no audit entry."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from decimal import Decimal

import pgcluster
import pytest
from sqlmodel import select

from app.db import open_workspace
from app.models import AuditEntry, Product, Sku
from app.services.catalogue.products import ProductService
from app.services.catalogue.search import count_products, query_products
from app.workspace_errors import WorkspaceError


class Everything(logging.Handler):
    """Every record at every level, formatted with its traceback, as the app's log file would hold it."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def logged() -> Iterator[Everything]:
    handler, root = Everything(), logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture
def no_pgpassword(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)


def _with_password(url: str, password: str) -> str:
    return url.replace(f"{pgcluster.SUPERUSER}@", f"{pgcluster.SUPERUSER}:{password}@")


def _use(workspace_location: str, password: str | None = None) -> list[str]:
    """Open, search, save an edit; what the workspace keeps that a user or a file could see."""
    workspace = open_workspace(workspace_location, password=password) if password else open_workspace(
        workspace_location)
    try:
        service = ProductService(workspace)
        product_id = service.create_product("LEAK-1", "保温杯", "Vacuum cup").id
        assert product_id is not None
        with workspace.session() as session:
            session.add(Sku(product_id=product_id, code="LEAK-1-W", cost=Decimal("12.00"), position=0))
        count_products(workspace.engine, "保温")
        query_products(workspace.engine, "Vacuum")
        with workspace.session() as session:
            product = session.exec(select(Product).where(Product.code == "LEAK-1")).one()
            service.update_product_fields(product_id, product.version, {"name_en": "Vacuum flask"})
            audit = [f"{a.user} {a.entity} {a.action} {a.details}" for a in session.exec(select(AuditEntry))]
        return [str(workspace.url), repr(workspace.engine), repr(workspace.engine.url), *audit]
    finally:
        workspace.close()


def test_a_password_in_the_url_is_in_no_log_url_or_audit(pg_workspace_url: str, logged: Everything,
                                                         no_pgpassword: None) -> None:
    kept = _use(_with_password(pg_workspace_url, pgcluster.PASSWORD))
    assert any("LEAK-1" in line for line in kept)  # the edits were made: there was something to leak into
    assert not [line for line in kept + logged.lines if pgcluster.PASSWORD in line]


def test_a_typed_password_is_in_no_log_url_or_audit(pg_workspace_url: str, logged: Everything,
                                                    no_pgpassword: None) -> None:
    kept = _use(pg_workspace_url, password=pgcluster.PASSWORD)
    assert not [line for line in kept + logged.lines if pgcluster.PASSWORD in line]


def test_a_wrong_password_is_a_message_without_it(pg_workspace_url: str, logged: Everything,
                                                  no_pgpassword: None) -> None:
    wrong = "not-the-password-" + pgcluster.PASSWORD[-6:]
    with pytest.raises(WorkspaceError) as refused:
        open_workspace(_with_password(pg_workspace_url, wrong))
    said = [str(refused.value), refused.value.text("zh"), refused.value.text("en")]
    assert "password" in said[2].lower() or "密码" in said[1] or "connect" in said[2].lower()
    assert not [line for line in said + logged.lines if wrong in line]
