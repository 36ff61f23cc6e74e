"""Check 6 (reliability.md): migrating from every released schema revision keeps row counts and values,
and a backup is taken first. Also: the migrations build exactly the schema the models describe.

tests/fixtures/workspace_rev0001.fdw was made by tests/fixtures/make_rev0001_fixture.py (the real
migration 0001 plus raw rows). Today head is 0001, so opening it migrates nothing; once a later
revision exists, the same test runs the real migration on it. A synthetic extra revision (rebuilding
tables the way batch mode does) exercises the migrate-and-back-up path today.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import textwrap
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import Session, select

import app.db
from app import sqlite_only
from app.db import (
    Workspace,
    WorkspaceMigrationFailed,
    head_revision,
    known_revisions,
    open_workspace,
)
from app.models import Blob, Certificate, FactoryProfile, Product, Sku, metadata

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FIXTURE_REV0001 = FIXTURES / "workspace_rev0001.fdw"

Snapshot = dict[str, tuple[list[str], list[tuple[object, ...]]]]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(path: Path) -> Snapshot:
    """Every table's columns and rows (ordered by rowid / primary key), read-only."""
    connection = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        result: Snapshot = {}
        for table in tables:
            columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
            quoted = ", ".join(f'"{c}"' for c in columns)
            rows = connection.execute(f'SELECT {quoted} FROM "{table}" ORDER BY {quoted}').fetchall()
            result[table] = (columns, rows)
        return result
    finally:
        connection.close()


def project(snap: Snapshot, table: str, columns: list[str]) -> list[tuple[object, ...]]:
    """A table's rows restricted to `columns`, in a stable order."""
    own_columns, rows = snap[table]
    indexes = [own_columns.index(c) for c in columns]
    return sorted((tuple(row[i] for i in indexes) for row in rows), key=repr)


def assert_rows_kept(before: Snapshot, after: Snapshot, new_revision: str) -> None:
    """Same tables, same row counts, same values in every column that still exists."""
    for table, (columns, rows) in before.items():
        assert table in after, f"table {table} disappeared"
        if table == "alembic_version":
            assert after[table][1] == [(new_revision,)]
            continue
        assert len(after[table][1]) == len(rows), f"{table}: {len(rows)} rows before, {len(after[table][1])} after"
        kept = [c for c in columns if c in after[table][0]]
        assert project(after, table, kept) == project(before, table, kept), f"values changed in {table}"


def assert_fixture_values(workspace: Workspace) -> None:
    """The fixture's telling values, read back through today's models."""
    with Session(workspace.engine) as session:
        costs = {sku.code: sku.cost for sku in session.exec(select(Sku))}
        assert costs["HY-SC-20-BLK"] == Decimal("12345678901234567.89")
        assert str(costs["HY-SC-20-BLK"]) == "12345678901234567.89"
        assert str(costs["HY-SC-20-BLU"]) == "268.500"
        assert costs["HY-SF-01-RED"] == Decimal("0.000001")
        assert costs["HY-PB-L"] == Decimal("99999999999999999999.99")
        assert costs["HY-PB-S"] is None
        gtins = {sku.code: sku.gtin for sku in session.exec(select(Sku))}
        assert gtins["HY-SC-20-BLK"] == "0012345678905"
        assert gtins["HY-SF-01-GLD"] == "0009876543215"
        assert gtins["HY-SF-01-RED"] == "036000291452"
        names = {p.code: p.name_zh for p in session.exec(select(Product))}
        assert names == {"HY-SC-20": "硬壳万向轮行李箱 🧳", "HY-SF-01": "羊绒混纺围巾 🧣",
                         "HY-PB-𠀀": "旅行收纳袋 ✈️ 𠀀𪚥"}
        suitcase = session.exec(select(Product).where(Product.code == "HY-SC-20")).one()
        assert suitcase.reference_price == Decimal("1999.00") and suitcase.version == 3
        assert suitcase.created_at.utcoffset() is not None and suitcase.created_at.hour == 9
        assert session.exec(select(FactoryProfile)).one().name_zh == "上海恒远旅行用品有限公司"
        certificate = session.exec(select(Certificate).where(Certificate.number == "SH025 123456")).one()
        assert certificate.blob_id is not None
        blob = session.get(Blob, certificate.blob_id)
        assert blob is not None and blob.data.startswith(b"%PDF")
        assert hashlib.sha256(blob.data).hexdigest() == blob.sha256
        for blob in session.exec(select(Blob)):
            assert hashlib.sha256(blob.data).hexdigest() == blob.sha256 and len(blob.data) == blob.size
    with workspace.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        kinds = connection.exec_driver_sql("SELECT DISTINCT typeof(cost) FROM sku WHERE cost IS NOT NULL").fetchall()
        assert kinds == [("text",)]


def migrate_fixture(tmp_path: Path, fixture: Path, fixture_revision: str) -> None:
    """Open a copy of `fixture` and check that everything in it survived, backup included."""
    path = tmp_path / "w.fdw"
    shutil.copyfile(fixture, path)
    fixture_hash = sha256(fixture)
    before = snapshot(path)
    assert before["alembic_version"][1] == [(fixture_revision,)]
    backups = tmp_path / "backups"
    workspace = open_workspace(path, backup_dir=backups)
    try:
        head = head_revision()
        assert workspace.revision() == head
        assert sqlite_only.read_alembic_revision(path) == head
        after = snapshot(path)
        assert_rows_kept(before, after, head)
        assert_fixture_values(workspace)
        if fixture_revision != head:
            assert workspace.migrated_from == fixture_revision
            backup = workspace.pre_migration_backup
            assert backup is not None and backup.exists() and backup.parent == backups
            assert sqlite_only.read_alembic_revision(backup) == fixture_revision
            assert sqlite_only.check_file(backup, full=True) == (True, "ok")
            assert snapshot(backup) == before, "the pre-migration backup is the workspace as it was"
        else:
            assert workspace.migrated_from is None and workspace.pre_migration_backup is None
            assert not backups.exists()
    finally:
        workspace.close()
    assert sqlite_only.check_file(path, full=True) == (True, "ok")
    reopened = open_workspace(path, backup_dir=backups)  # a second open migrates nothing
    try:
        assert reopened.migrated_from is None
    finally:
        reopened.close()
    assert sha256(fixture) == fixture_hash, "the committed fixture must never be modified"


def test_rev0001_fixture_is_a_faithful_old_workspace() -> None:
    assert FIXTURE_REV0001.is_file()
    assert "0001" in known_revisions()
    assert sqlite_only.read_alembic_revision(FIXTURE_REV0001) == "0001"
    assert sqlite_only.read_application_id(FIXTURE_REV0001) == sqlite_only.APPLICATION_ID
    assert sqlite_only.check_file(FIXTURE_REV0001, full=True) == (True, "ok")
    assert FIXTURE_REV0001.read_bytes()[18:20] == b"\x01\x01", "one self-contained file (no WAL)"
    assert FIXTURE_REV0001.stat().st_size < 512 * 1024
    counts = {table: len(rows) for table, (_, rows) in snapshot(FIXTURE_REV0001).items()}
    assert counts == {"alembic_version": 1, "attribute_def": 6, "audit_entry": 3, "blob": 3, "category": 2,
                      "certificate": 2, "factory_profile": 1, "product": 3, "product_certificate": 2,
                      "product_image": 3, "sku": 9}


def test_fixture_script_rebuilds_the_same_fixture(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_rev0001_fixture", FIXTURES / "make_rev0001_fixture.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rebuilt = module.build(tmp_path / "rebuilt.fdw")
    assert snapshot(rebuilt) == snapshot(FIXTURE_REV0001)


def test_migrating_from_rev0001_keeps_every_row_and_value(tmp_path: Path) -> None:
    migrate_fixture(tmp_path, FIXTURE_REV0001, "0001")


# --- the migrate path, exercised today with a synthetic extra revision ------------------------------

def add_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> str:
    """A copy of the app's migrations with one more revision on top of head; the app then uses it."""
    folder = tmp_path / "migrations"
    shutil.copytree(app.db.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    revision = "9000_test"
    source = "\n".join([
        "from alembic import op",
        "import sqlalchemy as sa",
        "",
        f"revision = {revision!r}",
        f"down_revision = {head_revision()!r}",
        "branch_labels = None",
        "depends_on = None",
        "",
        "",
        "def upgrade() -> None:",
        textwrap.indent(textwrap.dedent(body).strip("\n"), "    "),
        "",
        "",
        "def downgrade() -> None:",
        "    pass",
        "",
    ])
    (folder / "versions" / f"{revision}.py").write_text(source, encoding="utf-8")
    monkeypatch.setattr(app.db, "MIGRATIONS_DIR", folder)
    monkeypatch.setattr(app.db, "SCHEMA_REVISION", revision)  # what a release adding it would say
    assert app.db.alembic_head_revision() == head_revision() == revision
    return revision


# Batch mode rebuilds a table (copy, DROP, rename). With foreign keys on, each DROP would run the
# children's ON DELETE CASCADE / SET NULL: every SKU, image and category link would be lost.
REBUILD_PARENT_TABLES = """
    for table in ("category", "blob", "certificate", "product", "sku"):
        with op.batch_alter_table(table, recreate="always") as batch:
            batch.add_column(sa.Column("migration_note", sa.String(), nullable=True))
"""


def test_migration_that_rebuilds_tables_keeps_every_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add_revision(tmp_path, monkeypatch, REBUILD_PARENT_TABLES)
    migrate_fixture(tmp_path, FIXTURE_REV0001, "0001")
    after = snapshot(tmp_path / "w.fdw")
    assert "migration_note" in after["sku"][0]
    assert not [t for t in after if t.startswith("_alembic_tmp")]


def test_failed_migration_leaves_the_workspace_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add_revision(tmp_path, monkeypatch, REBUILD_PARENT_TABLES + """
    op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("DELETE FROM audit_entry")
    raise RuntimeError("migration bug")
""")
    path = tmp_path / "w.fdw"
    shutil.copyfile(FIXTURE_REV0001, path)
    before = snapshot(path)
    for attempt in range(3):  # a user retrying: each attempt fails the same way, with a one-line reason
        if attempt:
            time.sleep(1.05)  # a moment later: backups are named to the second
        with pytest.raises(WorkspaceMigrationFailed, match="migration bug"):
            open_workspace(path, backup_dir=tmp_path / "backups")
        assert snapshot(path) == before, "a failed migration must roll back completely"
        assert sqlite_only.check_file(path, full=True) == (True, "ok")
        backups = list((tmp_path / "backups").iterdir())
        assert len(backups) == 1, "a failed attempt reuses the backup, never adds another full copy"
        assert sqlite_only.read_alembic_revision(backups[0]) == "0001"
        assert snapshot(backups[0]) == before


def test_migration_breaking_references_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add_revision(tmp_path, monkeypatch, """
    op.execute("DELETE FROM product WHERE code = 'HY-SC-20'")
""")
    path = tmp_path / "w.fdw"
    shutil.copyfile(FIXTURE_REV0001, path)
    before = snapshot(path)
    with pytest.raises(Exception, match="references"):
        open_workspace(path, backup_dir=tmp_path / "backups")
    assert snapshot(path) == before


def test_foreign_keys_are_on_again_after_a_migration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add_revision(tmp_path, monkeypatch, REBUILD_PARENT_TABLES)
    path = tmp_path / "w.fdw"
    shutil.copyfile(FIXTURE_REV0001, path)
    workspace = open_workspace(path, backup_dir=tmp_path / "backups")
    try:
        assert workspace.migrated_from == "0001"
        connections = [workspace.engine.connect() for _ in range(3)]
        try:
            for connection in connections:
                settings = sqlite_only.connection_settings(connection.connection.driver_connection)
                assert settings["foreign_keys"] == 1 and settings["journal_mode"] == "wal"
        finally:
            for connection in connections:
                connection.close()
        with pytest.raises(sa.exc.IntegrityError), workspace.session() as session:
            session.add(Sku(product_id=424242, code="ORPHAN"))
    finally:
        workspace.close()


# --- models and migrations agree ---------------------------------------------------------------------

def test_migrations_build_exactly_the_models_schema(workspace: Workspace) -> None:
    with workspace.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
        tables = set(sa.inspect(connection).get_table_names())
    assert differences == [], f"a model changed without a migration: {differences}"
    assert tables == set(metadata.tables) | {"alembic_version"}


def test_comparison_notices_a_model_change_without_migration(workspace: Workspace) -> None:
    # The check above must be able to fail: a column only the models know about is reported.
    changed = sa.MetaData(naming_convention=metadata.naming_convention)
    for table in metadata.tables.values():
        table.to_metadata(changed)
    changed.tables["sku"].append_column(sa.Column("hs_code", sa.String(12), nullable=True))
    with workspace.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), changed)
    assert [d[0] for d in differences] == ["add_column"]


def test_schema_revision_constant_matches_the_migration_scripts() -> None:
    """app.db skips importing Alembic at start-up by naming its head; the scripts must agree."""
    from app.db import SCHEMA_REVISION, alembic_head_revision

    assert alembic_head_revision() == SCHEMA_REVISION


# --- 0005: each plan's exchange rates become the workspace's one table -------------------------------

#: Plans as revision 0004 stored them, each with its own rates (JSON); the products are the rev0001 fixture's.
REV0004_PLANS = [
    # (id, product_id, updated_at, fx_rates)
    (1, 1, "2026-06-02 08:00:00.000000", [{"day": "2026-01-01", "source": "USD", "target": "CNY", "rate": "7.10"},
                                          {"day": "2026-06-01", "source": "USD", "target": "CNY", "rate": "7.20"}]),
    (2, 2, "2026-06-03 09:00:00.000000", [{"day": "2026-06-01", "source": "CNY", "target": "USD", "rate": "0.14"},
                                          {"day": "2026-06-01", "source": "USD", "target": "CNY", "rate": "0"}]),
    (3, 3, "2026-06-05 10:00:00.000000", [{"day": "2026-01-01", "source": "USD", "target": "CNY", "rate": "7.1"},
                                          {"day": "2026-06-01", "source": "USD", "target": "CNY", "rate": "7.25"},
                                          {"day": "2026-06-01", "source": "EUR", "target": "CNY", "rate": "7.80"}]),
]


def make_rev0004_workspace(path: Path) -> Path:
    """The rev0001 fixture taken to 0004 by the real migrations, plus pricing plans with per-plan rates."""
    import json

    from alembic import command

    shutil.copyfile(FIXTURE_REV0001, path)
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        config = app.db.alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0004")
        with engine.begin() as connection:
            for plan_id, product_id, updated_at, rates in REV0004_PLANS:
                connection.exec_driver_sql(
                    "INSERT INTO pricing_plan (id, product_id, sku_id, currency, target_kind, target_value, discount, "
                    "ending_style, avoid_digit_4, returns_rate, loss_per_return, materials, labour, overhead, "
                    "packaging, inbound_freight, parcel, duty, fulfilment, other, fixed_costs, chain_layers, "
                    "channel_ids, price_overrides, fx_rates, updated_at) VALUES (?, ?, NULL, 'CNY', 'margin', "
                    "'0.20', '0', NULL, 0, '0', '0', ?, '0', '0', '0', '0', '0', '0', '0', '0', '{}', '[]', "
                    "'[\"tmall\", \"shopify\"]', '{}', ?, ?)",
                    (plan_id, product_id, f"{100 + plan_id}.50", json.dumps(rates), updated_at))
    finally:
        engine.dispose()
    assert sqlite_only.read_alembic_revision(path) == "0004"
    return path


def test_migrating_per_plan_rates_into_the_workspace_table(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """0004 → head: every plan's rates in one table — identical ones merged, a disagreement settled for the most
    recently updated plan and audited, an unusable entry left out and listed — and nothing else changed."""
    path = make_rev0004_workspace(tmp_path / "w.fdw")
    before = snapshot(path)
    with caplog.at_level("INFO", logger="app.migrations.0005"):
        workspace = open_workspace(path, backup_dir=tmp_path / "backups")
    try:
        assert workspace.migrated_from == "0004" and workspace.revision() == head_revision()
        assert workspace.pre_migration_backup is not None and snapshot(workspace.pre_migration_backup) == before
        after = snapshot(path)
        assert project(after, "exchange_rate", ["day", "source", "target", "rate", "updated_at"]) == sorted([
            ("2026-01-01", "USD", "CNY", "7.1", "2026-06-05 10:00:00.000000"),     # 7.10 and 7.1: one row
            ("2026-06-01", "CNY", "USD", "0.14", "2026-06-03 09:00:00.000000"),
            ("2026-06-01", "EUR", "CNY", "7.80", "2026-06-05 10:00:00.000000"),
            ("2026-06-01", "USD", "CNY", "7.25", "2026-06-05 10:00:00.000000"),    # plan 3 was updated last
        ], key=repr)
        assert "fx_rates" not in after["pricing_plan"][0]
        for table, (columns, rows) in before.items():
            if table in ("alembic_version", "audit_entry"):
                continue
            kept = [c for c in columns if c in after[table][0]]
            assert len(after[table][1]) == len(rows) and project(after, table, kept) == project(before, table,
                                                                                                kept), table
        assert project(after, "audit_entry", ["id"])[:3] == project(before, "audit_entry", ["id"])
        with Session(workspace.engine) as session:
            from app.models import AuditEntry

            added = session.exec(select(AuditEntry).where(AuditEntry.entity == "exchange_rate")
                                 .order_by(AuditEntry.id)).all()
            assert [(e.entity_id, e.action, e.details) for e in added] == [
                ("2026-06-01 USD/CNY", "merge", {"kept": {"rate": "7.25", "product": "HY-PB-𠀀"},
                                                 "dropped": [{"rate": "7.20", "product": "HY-SC-20"}]}),
                ("0005", "migrate", {"plans": 3, "rates_read": 7, "rows": 4, "conflicts": 1, "left_out": [
                    {"product": "HY-SF-01", "entry": {"day": "2026-06-01", "source": "USD", "target": "CNY",
                                                      "rate": "0"}}]}),
            ]
        from app.services.pricing.plans import PricingService

        service = PricingService(workspace)
        assert service.fx_table().rate_on("USD", "CNY", date(2026, 7, 1)) == Decimal("7.25")
        assert service.fx_table().rate_on("EUR", "CNY", date(2026, 7, 1)) == Decimal("7.80")
        assert service.load_plan(1).costs.materials == Decimal("101.50")
    finally:
        workspace.close()
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "kept 7.25 (HY-PB-𠀀" in messages and "dropped 7.20 (HY-SC-20)" in messages and "left out" in messages


def test_downgrading_0005_gives_every_plan_the_workspace_rates(tmp_path: Path) -> None:
    from alembic import command

    path = make_rev0004_workspace(tmp_path / "w.fdw")
    open_workspace(path, backup_dir=tmp_path / "backups").close()
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        config = app.db.alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0004")
        after = snapshot(path)
    finally:
        engine.dispose()
    assert "exchange_rate" not in after and after["alembic_version"][1] == [("0004",)]
    import json

    rates = {json.dumps(json.loads(row[0])) for row in project(after, "pricing_plan", ["fx_rates"])}
    assert [json.loads(r) for r in rates] == [[
        {"day": "2026-01-01", "source": "USD", "target": "CNY", "rate": "7.1"},
        {"day": "2026-06-01", "source": "CNY", "target": "USD", "rate": "0.14"},
        {"day": "2026-06-01", "source": "EUR", "target": "CNY", "rate": "7.80"},
        {"day": "2026-06-01", "source": "USD", "target": "CNY", "rate": "7.25"},
    ]]
