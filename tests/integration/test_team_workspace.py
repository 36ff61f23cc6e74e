"""Team workspaces on PostgreSQL (issue #14): opening from a URL, `init_team_database`, refusals, migrations
on PostgreSQL, exact money and blobs, and search that finds what FTS5 finds on a workspace file.

Every test here uses a real throwaway cluster (the `pg_cluster` session fixture, tests/support/pgcluster.py).
"""

from __future__ import annotations

from decimal import Decimal

import psycopg
import pytest
import sqlalchemy as sa
from alembic import command

from app import postgres_only
from app.db import (
    NotAWorkspace,
    Workspace,
    alembic_config,
    head_revision,
    init_team_database,
    known_revisions,
    open_workspace,
)
from app.models import Product, Sku
from app.models.blob import Blob
from app.services.catalogue import search as cs


def test_init_creates_the_schema_once_and_is_idempotent(pg_database: str) -> None:
    workspace, created = init_team_database(pg_database)
    assert created and workspace.revision() == head_revision() and workspace.is_team
    workspace.close()
    again, created = init_team_database(pg_database)
    assert not created and again.revision() == head_revision()
    again.close()


def test_init_refuses_a_database_holding_something_else_and_leaves_it_alone(pg_database: str) -> None:
    with psycopg.connect(pg_database, autocommit=True) as connection:
        connection.execute("CREATE TABLE invoices (id int)")
    with pytest.raises(postgres_only.NotEmpty, match="invoices"):
        init_team_database(pg_database)
    with psycopg.connect(pg_database) as connection:
        tables = {row[0] for row in connection.execute("SELECT tablename FROM pg_tables WHERE schemaname='public'")}
    assert tables == {"invoices"}


def test_an_empty_database_is_not_a_workspace_until_init(pg_database: str) -> None:
    with pytest.raises(NotAWorkspace, match="team init"):
        open_workspace(pg_database)


def test_an_unreachable_server_is_a_plain_message_without_the_password(pg_cluster) -> None:
    url = f"postgresql://someone:s3cret-pw@127.0.0.1:{pg_cluster.port + 1}/nowhere"  # nothing listens there
    with pytest.raises(postgres_only.ServerUnreachable) as caught:
        open_workspace(url)
    assert "s3cret-pw" not in str(caught.value) and "s3cret-pw" not in caught.value.text("zh")
    assert "127.0.0.1" in str(caught.value)


def test_a_wrong_password_is_refused_by_the_server(pg_workspace_url: str, monkeypatch) -> None:
    monkeypatch.setenv("PGPASSWORD", "not-the-password")
    with pytest.raises(postgres_only.ServerUnreachable, match="password"):
        open_workspace(pg_workspace_url)


def test_a_url_that_went_through_pathlib_still_opens(pg_workspace_url: str) -> None:
    from pathlib import Path

    workspace = open_workspace(Path(pg_workspace_url))  # argparse hands the CLI a Path: `//` folded to `/`
    assert workspace.is_team and workspace.revision() == head_revision()
    workspace.close()


def test_the_keyring_password_is_used_when_the_url_has_none(pg_workspace_url: str, monkeypatch) -> None:
    import pgcluster

    saved = {}
    monkeypatch.setattr(postgres_only, "keyring_password", lambda url: saved.get(postgres_only.keyring_entry(url)))
    monkeypatch.setenv("PGPASSWORD", "not-the-password")
    url = sa.engine.make_url(pg_workspace_url)
    saved[postgres_only.keyring_entry(url)] = pgcluster.PASSWORD
    workspace = open_workspace(pg_workspace_url)
    assert workspace.revision() == head_revision() and pgcluster.PASSWORD not in (workspace.url or "")
    workspace.close()


@pytest.mark.parametrize("start", sorted(known_revisions()))
def test_every_migration_upgrades_to_head_on_postgresql(pg_database: str, start: str) -> None:
    """From each revision's schema, the app's own open path migrates a team database to head."""
    engine = postgres_only.make_engine(pg_database)
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, start)
    engine.dispose()
    workspace = open_workspace(pg_database)
    assert workspace.revision() == head_revision()
    assert workspace.migrated_from == (None if start == head_revision() else start)
    workspace.close()


def test_money_and_blobs_survive_exactly(pg_workspace_url: str) -> None:
    workspace = open_workspace(pg_workspace_url)
    payload = bytes(range(256)) * 40
    with workspace.session() as session:
        product = Product(code="P1", name_zh="钱", reference_price=Decimal("12345678901234567.89"))
        session.add(product)
        session.flush()
        session.add(Sku(product_id=product.id, code="P1-A", cost=Decimal("0.0001")))
        session.add(Blob(sha256="0" * 64, mime="application/octet-stream", size=len(payload), data=payload))
    with workspace.engine.connect() as connection:
        price = connection.execute(sa.text("SELECT reference_price FROM product")).scalar()
        kind = connection.execute(sa.text(
            "SELECT data_type FROM information_schema.columns WHERE table_name='blob' AND column_name='data'")).scalar()
    assert price == "12345678901234567.89" and kind == "bytea"  # exact text, never float
    with workspace.session() as session:
        assert session.get(Product, 1).reference_price == Decimal("12345678901234567.89")
        assert session.get(Blob, 1).data == payload
    workspace.close()


# --- search: the same queries find the same products on both backends ------------------------------------

SEARCH_PRODUCTS = (
    ("LG-001", "行者轻量 PC 硬壳拉杆箱 行李箱", "PC Hard-Shell Suitcase", ("LG-001-BLK-20", "6970548001004")),
    ("LG-002", "铝框行李箱 20寸", "Aluminium Frame Suitcase", ("LG-002-GRY-20",)),
    ("SC-001", "羊绒围巾", "Cashmere Scarf", ("SC-001-GRY",)),
    ("TH-001", "保温水杯", "Vacuum Cup", ()),
    ("QT-001", "引号测试", 'Say "hi" AND NEAR(x) *star* 100%_off', ()),
)

#: query -> codes found (sorted). 1- and 2-character Chinese, ASCII case, SKU codes, digits, syntax characters.
SEARCH_TABLE = {
    "箱": ["LG-001", "LG-002"],
    "水杯": ["TH-001"],
    "围巾": ["SC-001"],
    "行李箱": ["LG-001", "LG-002"],
    "拉杆箱": ["LG-001"],
    "铝框 20": ["LG-002"],
    "suitcase": ["LG-001", "LG-002"],
    "SUITCASE hard": ["LG-001"],
    "gry": ["LG-002", "SC-001"],
    "LG-001-BLK": ["LG-001"],
    "697054800": ["LG-001"],
    "100%": ["QT-001"],
    "%": ["QT-001"],
    "_": ["QT-001"],
    '"hi"': ["QT-001"],
    "NEAR(x)": ["QT-001"],
    "*star*": ["QT-001"],
    "杯 箱": [],
    "不存在的商品": [],
}


@pytest.fixture
def searchable(workspace: Workspace) -> Workspace:
    cs.ensure_search_index(workspace.engine)
    with workspace.session() as session:
        for code, name_zh, name_en, skus in SEARCH_PRODUCTS:
            product = Product(code=code, name_zh=name_zh, name_en=name_en)
            session.add(product)
            session.flush()
            for position, sku in enumerate(skus):
                gtin = sku if sku.isdigit() else ""
                session.add(Sku(product_id=product.id, code=sku if not gtin else f"{code}-G", gtin=gtin,
                                position=position))
    return workspace


@pytest.mark.parametrize("query", sorted(SEARCH_TABLE))
def test_the_shared_search_table(searchable: Workspace, query: str) -> None:
    found = sorted(row.code for row in cs.query_products(searchable.engine, query))
    assert found == SEARCH_TABLE[query]
    assert cs.count_products(searchable.engine, query) == len(found)


def test_text_with_a_nul_character_is_a_plain_message_and_nothing_is_saved(pg_workspace_url: str) -> None:
    """PostgreSQL text cannot hold NUL (a file can). The product service already drops control characters; any
    other writer gets a refusal in words, not a driver traceback, and its transaction is rolled back."""
    from app.services.catalogue.products import ProductService

    workspace = open_workspace(pg_workspace_url)
    products = ProductService(workspace)
    created = products.create_product("N-1", "杯子", "Cup")
    assert products.load(created.id).name_en == "Cup"
    with pytest.raises(postgres_only.TextNotStorable) as caught, workspace.session() as session:
        product = session.get(Product, created.id)
        product.name_en = "Cup\x00"
    assert "NUL" in str(caught.value) and "空字符" in caught.value.text("zh")
    assert products.load(created.id).name_en == "Cup"
    workspace.close()


# --- migrations with data: the rev0001 fixture, taken to 0004 with per-plan rates, migrated on PostgreSQL ----

def _copy_reflected(source: sa.Engine, target: sa.Engine) -> dict[str, int]:
    """Every row of every table of `source` into the same tables of `target` (both at one old revision), by
    reflection: the live models describe head, not the old schema. Returns rows per table."""
    old = sa.MetaData()
    old.reflect(source)
    new = sa.MetaData()
    new.reflect(target)
    counts = {}
    with source.connect() as reader, target.begin() as writer:
        for table in old.sorted_tables:
            if table.name == "alembic_version":
                continue
            rows = [dict(row._mapping) for row in reader.execute(sa.select(table))]
            counts[table.name] = len(rows)
            if rows:
                writer.execute(sa.insert(new.tables[table.name]), rows)
            if "id" in table.c:  # explicit ids don't advance the sequence: move it past them, as upload does
                writer.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                       f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"))
    return counts


def test_migrating_0004_with_data_to_head_on_postgresql(pg_database: str, tmp_path) -> None:
    """The same old workspace the SQLite migration test uses, on a team database at 0004: the app's open path
    migrates it to head in one transaction, merging the plans' rates exactly as it does in a file."""
    from datetime import date

    from test_db_migrations import make_rev0004_workspace

    from app.services.pricing.plans import PricingService

    old_file = make_rev0004_workspace(tmp_path / "w.fdw")
    engine = postgres_only.make_engine(pg_database)
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
    copied = _copy_reflected(sa.create_engine(f"sqlite:///{old_file}"), engine)
    engine.dispose()
    assert copied["pricing_plan"] == 3 and copied["product"] > 0

    workspace = open_workspace(pg_database)
    assert workspace.migrated_from == "0004" and workspace.revision() == head_revision()
    with workspace.engine.connect() as connection:
        rates = connection.execute(sa.text(
            "SELECT day, source, target, rate FROM exchange_rate ORDER BY day, source, target")).all()
        columns = {row[0] for row in connection.execute(sa.text(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'pricing_plan'"))}
        counts = {name: connection.execute(sa.text(f"SELECT count(*) FROM {name}")).scalar()
                  for name in copied}
    assert [(d.isoformat(), s, t, r) for d, s, t, r in rates] == [
        ("2026-01-01", "USD", "CNY", "7.1"), ("2026-06-01", "CNY", "USD", "0.14"),
        ("2026-06-01", "EUR", "CNY", "7.80"), ("2026-06-01", "USD", "CNY", "7.25")]
    assert "fx_rates" not in columns
    assert {name: count for name, count in counts.items() if name != "audit_entry"} == {
        name: count for name, count in copied.items() if name != "audit_entry"}
    assert counts["audit_entry"] == copied["audit_entry"] + 2  # the merge and the migration summary
    service = PricingService(workspace)
    assert service.fx_table().rate_on("USD", "CNY", date(2026, 7, 1)) == Decimal("7.25")
    assert service.load_plan(1).costs.materials == Decimal("101.50")
    workspace.close()


def test_an_upload_that_fails_midway_leaves_the_team_database_empty(pg_database: str, tmp_path, monkeypatch) -> None:
    """All or nothing: the copy is one transaction; a failure after some tables were written leaves none."""
    from app.db import create_workspace
    from app.services.workspace import team

    source = create_workspace(tmp_path / "w.fdw")
    with source.session() as session:
        product = Product(code="P1", name_zh="杯")
        session.add(product)
        session.flush()
        session.add(Sku(product_id=product.id, code="P1-A"))
    source.close()
    real_insert = sa.insert

    def failing_insert(table):  # the SKU table's rows come after the products': fail there
        if table.name == "sku":
            raise OSError("disk full on the server, say")
        return real_insert(table)

    monkeypatch.setattr(team.sa, "insert", failing_insert)
    with pytest.raises(OSError):
        team.upload(tmp_path / "w.fdw", pg_database)
    monkeypatch.undo()
    workspace = open_workspace(pg_database)  # the schema (team init) stays; no data
    assert sum(team.row_counts(workspace.engine).values()) == 0
    workspace.close()
    report = team.upload(tmp_path / "w.fdw", pg_database)  # and the upload can simply be run again
    assert report.complete and report.target["sku"] == 1


def test_backups_of_a_team_workspace_never_touch_the_label_path(pg_workspace_url: str, tmp_path, monkeypatch) -> None:
    """The GUI backs up `services.path`, which for a team workspace is its URL as a Path: the timer leaves it
    to the server, Backup Now writes a snapshot file, and nothing named `postgresql:` appears anywhere."""
    from pathlib import Path

    from app.services.workspace.backups import run_scheduled_backup, take_backup

    monkeypatch.chdir(tmp_path)
    label = open_workspace(pg_workspace_url)
    label_path = label.path
    label.close()
    assert run_scheduled_backup(label_path) is None
    snapshot = take_backup(label_path, folder=tmp_path / "snapshots")
    assert snapshot.suffix == ".fdw" and open_workspace(snapshot).revision() == head_revision()
    assert not list(Path(tmp_path).glob("postgres*"))
