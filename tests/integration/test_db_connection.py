"""Check 1 (reliability.md): every pooled connection is safe, and the data layer keeps values exact.

Real SQLite files in tmp_path; nothing about SQLite is mocked.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from app import sqlite_only
from app.db import Workspace, make_engine
from app.models import Product, Sku
from app.models.types import ExactDecimal, UTCDateTime

BIG_MONEY = Decimal("12345678901234567.89")


def _settings(connection: sa.Connection) -> dict[str, object]:
    return sqlite_only.connection_settings(connection.connection.driver_connection)


@pytest.mark.sqlite_only  # SQLite's pragmas on every connection
def test_every_pooled_connection_is_safe(workspace: Workspace) -> None:
    # Several connections checked out at the same time are several distinct pooled connections.
    connections = [workspace.engine.connect() for _ in range(4)]
    try:
        drivers = {id(c.connection.driver_connection) for c in connections}
        assert len(drivers) == 4
        for connection in connections:
            settings = _settings(connection)
            assert settings["journal_mode"] == "wal"
            assert settings["synchronous"] == 2  # FULL
            assert settings["foreign_keys"] == 1
            assert int(settings["busy_timeout"]) >= 5000
    finally:
        for connection in connections:
            connection.close()


@pytest.mark.sqlite_only  # SQLite pragmas of a second engine on the file
def test_connections_of_a_new_engine_on_an_existing_file_are_safe(workspace: Workspace) -> None:
    workspace.close()
    engine = make_engine(workspace.path)
    try:
        with engine.connect() as first, engine.connect() as second:
            for connection in (first, second):
                settings = _settings(connection)
                assert (settings["journal_mode"], settings["synchronous"], settings["foreign_keys"]) == ("wal", 2, 1)
                assert int(settings["busy_timeout"]) >= 5000
    finally:
        engine.dispose()


def test_foreign_keys_are_enforced(workspace: Workspace) -> None:
    with pytest.raises(sa.exc.IntegrityError), workspace.session() as session:
        session.add(Sku(product_id=987654, code="ORPHAN-1"))
    with workspace.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM sku")).scalar_one() == 0


@pytest.mark.sqlite_only  # the file header's application_id
def test_application_id_is_stamped(workspace: Workspace) -> None:
    assert sqlite_only.read_application_id(workspace.path) == sqlite_only.APPLICATION_ID
    with workspace.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA application_id").scalar_one() == sqlite_only.APPLICATION_ID


def _product_with_sku(workspace: Workspace, cost: Decimal | None) -> tuple[int, int]:
    with workspace.session() as session:
        product = Product(code="P-1", name_zh="硬壳行李箱 🧳", name_en="Hard-shell suitcase")
        session.add(product)
        session.flush()
        sku = Sku(product_id=product.id, code="P-1-BLK-20", gtin="0012345678905", cost=cost)
        session.add(sku)
        session.flush()
        assert product.id is not None and sku.id is not None
        return product.id, sku.id


@pytest.mark.sqlite_only  # SQLite's storage classes; PostgreSQL: test_team_workspace.py
def test_money_round_trips_exactly(workspace: Workspace) -> None:
    _, sku_id = _product_with_sku(workspace, BIG_MONEY)
    workspace.close()  # read back through fresh connections, nothing cached
    with Session(workspace.engine) as session:
        sku = session.get(Sku, sku_id)
        assert sku is not None
        assert sku.cost == BIG_MONEY
        assert str(sku.cost) == "12345678901234567.89"
        assert sku.gtin == "0012345678905"
    with workspace.engine.connect() as connection:
        stored, kind = connection.execute(sa.text("SELECT cost, typeof(cost) FROM sku")).one()
        assert (stored, kind) == ("12345678901234567.89", "text")


@pytest.mark.parametrize("value", ["0.10", "1E+2", "-0.005", "99999999999999999999999999.999999"])
def test_exact_decimal_keeps_value(workspace: Workspace, value: str) -> None:
    _, sku_id = _product_with_sku(workspace, Decimal(value))
    with Session(workspace.engine) as session:
        sku = session.get(Sku, sku_id)
        assert sku is not None and sku.cost == Decimal(value)


def test_exact_decimal_refuses_float(workspace: Workspace) -> None:
    with pytest.raises(TypeError):
        ExactDecimal().process_bind_param(1.1, workspace.engine.dialect)
    with pytest.raises(sa.exc.StatementError) as caught:
        _product_with_sku(workspace, 1.1)  # type: ignore[arg-type]
    assert isinstance(caught.value.orig, TypeError)
    with workspace.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM sku")).scalar_one() == 0


def test_utc_datetime_refuses_naive(workspace: Workspace) -> None:
    with pytest.raises(ValueError):
        UTCDateTime().process_bind_param(datetime(2026, 3, 1, 8, 0), workspace.engine.dialect)
    with pytest.raises(sa.exc.StatementError) as caught, workspace.session() as session:
        session.add(Product(code="NAIVE", created_at=datetime(2026, 3, 1, 8, 0)))
    assert isinstance(caught.value.orig, ValueError)


def test_utc_datetime_returns_aware_utc(workspace: Workspace) -> None:
    shanghai = timezone(timedelta(hours=8))
    with workspace.session() as session:
        session.add(Product(code="TZ", created_at=datetime(2026, 3, 1, 16, 30, 15, 123456, tzinfo=shanghai)))
    with Session(workspace.engine) as session:
        product = session.exec(select(Product).where(Product.code == "TZ")).one()
        assert product.created_at.utcoffset() == timedelta(0)
        assert product.created_at == datetime(2026, 3, 1, 8, 30, 15, 123456, tzinfo=UTC)
        assert product.created_at.hour == 8  # converted, not just relabelled


def test_second_editor_gets_a_conflict(workspace: Workspace) -> None:
    product_id, sku_id = _product_with_sku(workspace, Decimal("10.00"))
    first, second = Session(workspace.engine), Session(workspace.engine)
    try:
        mine, theirs = first.get(Product, product_id), second.get(Product, product_id)
        assert mine is not None and theirs is not None and mine.version == theirs.version == 1
        mine.name_en = "Suitcase (first editor)"
        theirs.name_en = "Suitcase (second editor)"
        first.commit()
        with pytest.raises(StaleDataError):
            second.commit()
        second.rollback()
        # SKUs are versioned too.
        sku_a, sku_b = first.get(Sku, sku_id), second.get(Sku, sku_id)
        assert sku_a is not None and sku_b is not None
        sku_a.cost, sku_b.cost = Decimal("11.00"), Decimal("12.00")
        first.commit()
        with pytest.raises(StaleDataError):
            second.commit()
    finally:
        first.close()
        second.close()
    with Session(workspace.engine) as session:
        product = session.get(Product, product_id)
        sku = session.get(Sku, sku_id)
        assert product is not None and sku is not None
        assert product.name_en == "Suitcase (first editor)"  # not silently overwritten
        assert product.version == 2
        assert sku.cost == Decimal("11.00") and sku.version == 2
