"""The one allow-list of what may leave the workspace (app.models.public_fields), used by listing packs and
printed documents: every column is classified, and a row loaded through it can't show a private column."""

from __future__ import annotations

import inspect
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import InvalidRequestError
from sqlmodel import SQLModel, select

from app.db import create_workspace
from app.models import ExchangeRate, FactoryProfile, Product, Sku, approved, catalogue, factory
from app.models.public_fields import PRIVATE, PUBLIC, public_only


def _tables(module: object) -> list[type[SQLModel]]:
    return [value for _, value in inspect.getmembers(module, inspect.isclass)
            if issubclass(value, SQLModel) and value is not SQLModel and value.__module__ == module.__name__
            and hasattr(value, "__table__")]


def _columns(table: type[SQLModel]) -> set[str]:
    return {attribute.key for attribute in sa.inspect(table).column_attrs}


@pytest.mark.parametrize("table", [*_tables(catalogue), *_tables(factory), ExchangeRate, *_tables(approved)],
                         ids=lambda t: t.__name__)
def test_every_column_is_either_public_or_private(table: type[SQLModel]) -> None:
    """A new column (or table) in the catalogue or the factory profile must be put in PUBLIC or PRIVATE."""
    assert table in PUBLIC and table in PRIVATE, f"{table.__name__} is not in app/models/public_fields.py"
    public, private = PUBLIC[table], PRIVATE[table]
    columns = _columns(table)
    assert not public & private, f"{table.__name__}: both public and private: {sorted(public & private)}"
    unclassified = columns - public - private
    assert not unclassified, (f"{table.__name__}: classify {sorted(unclassified)} as PUBLIC or PRIVATE "
                              "in app/models/public_fields.py")
    assert (public | private) <= columns, f"{table.__name__}: no such column {sorted((public | private) - columns)}"


def test_the_known_secrets_are_private() -> None:
    assert {"differentiator", "reference_price", "reference_label"} <= PRIVATE[Product]
    assert "cost" in PRIVATE[Sku]
    assert {"oem_history", "materials_partners"} <= PRIVATE[FactoryProfile]


def test_a_row_loaded_public_only_never_reads_a_private_column(tmp_path: Path) -> None:
    workspace = create_workspace(tmp_path / "w.fdw")
    try:
        with workspace.session() as session:
            product = Product(code="P1", name_en="Kettle", differentiator="secret angle",
                              reference_price=Decimal("999.00"), reference_label="Big brand kettle")
            session.add(product)
            session.add(FactoryProfile(name_en="Works", oem_history="made for BrandX"))
            session.commit()
            assert product.id is not None
            session.add(Sku(product_id=product.id, code="P1-A", cost=Decimal("12.34")))
            session.commit()
        statements: list[str] = []
        with workspace.session() as session:
            sa.event.listen(session.get_bind(), "before_cursor_execute",
                            lambda *args: statements.append(args[2]))
            loaded = session.exec(select(Product).options(*public_only(Product))).one()
            sku = session.exec(select(Sku).options(*public_only(Sku))).one()
            profile = session.exec(select(FactoryProfile).options(*public_only(FactoryProfile))).one()
            assert (loaded.name_en, sku.code, profile.name_en) == ("Kettle", "P1-A", "Works")
            for row, name in [(loaded, "reference_price"), (loaded, "reference_label"), (loaded, "differentiator"),
                              (sku, "cost"), (profile, "oem_history")]:
                with pytest.raises(InvalidRequestError):
                    getattr(row, name)
        sql = " ".join(statements)
        assert "reference_price" not in sql and "cost" not in sql and "oem_history" not in sql, sql
    finally:
        workspace.close()
