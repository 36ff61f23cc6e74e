"""Team roles enforced by the database (issue #15), checked the way an attacker would: a raw psycopg connection
logged in as the role, never the app. The demo workspace is uploaded into a team database on the session's
throwaway cluster, `roles.install` creates the groups and the grants, and logins are added with the service."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import errors, sql

from app.services.workspace import roles
from app.services.workspace.roles import Role

PASSWORDS = {"sam": "sales-" + uuid.uuid4().hex, "eve": "editor-" + uuid.uuid4().hex,
             "olga": "owner-" + uuid.uuid4().hex}
LOGINS = {"sam": Role.SALES, "eve": Role.EDITOR, "olga": Role.OWNER}


@dataclass
class Team:
    cluster: Any
    database: str
    url: str
    prefix: str  # logins of this module are named prefix + name: roles are cluster-wide

    def login(self, name: str) -> str:
        return self.prefix + name

    def connect(self, name: str, password: str | None = None) -> psycopg.Connection[Any]:
        """A raw autocommit connection as the login (not the app)."""
        return psycopg.connect(host="127.0.0.1", port=self.cluster.port, dbname=self.database,
                               user=self.login(name), password=password or PASSWORDS[name], autocommit=True)

    def admin(self) -> psycopg.Connection[Any]:
        import pgcluster

        return psycopg.connect(self.cluster.url(self.database), password=pgcluster.PASSWORD, autocommit=True)


@pytest.fixture(scope="module")
def team(pg_cluster: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Team]:
    """The demo in a team database with its group roles and one login per role."""
    import pgcluster

    from app.services.workspace.demo import create_demo_workspace
    from app.services.workspace.team import upload

    suffix = uuid.uuid4().hex[:8]
    database = f"fd_roles_{suffix}"
    with psycopg.connect(pg_cluster.url(), password=pgcluster.PASSWORD, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    demo = tmp_path_factory.mktemp("roles") / "demo.fdw"
    create_demo_workspace(demo).close()
    url = pg_cluster.url(database)
    upload(demo, url)
    roles.install(url)
    made = Team(pg_cluster, database, url, prefix=f"r{suffix}_")
    _store_a_certificate_scan(made)
    for name, role in LOGINS.items():
        roles.add_user(url, made.login(name), role, PASSWORDS[name])
    yield made
    with psycopg.connect(pg_cluster.url(), password=pgcluster.PASSWORD, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(database)))
        leftovers = admin.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE %s OR rolname LIKE %s",
                                  (f"r{suffix}_%", f"fd_{database}_%")).fetchall()
        for (name,) in leftovers:
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))


def _store_a_certificate_scan(team: Team) -> None:
    """A blob no product image uses (a certificate's scan): what row-level security must hide from sales."""
    with team.admin() as admin:
        admin.execute("INSERT INTO blob (sha256, mime, size, data, created_at) "
                      "VALUES (%s, 'application/pdf', 4, '\\x25504446', now())", (uuid.uuid4().hex * 2,))


def _columns(team: Team) -> dict[str, set[str]]:
    with team.admin() as admin:
        rows = admin.execute("SELECT c.table_name, c.column_name FROM information_schema.columns c "
                             "JOIN information_schema.tables t USING (table_schema, table_name) "
                             "WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'").fetchall()
    columns: dict[str, set[str]] = {}
    for table, column in rows:
        columns.setdefault(table, set()).add(column)
    return columns


def _refused(connection: psycopg.Connection[Any], statement: sql.Composable) -> bool:
    try:
        connection.execute(statement)
    except errors.InsufficientPrivilege:
        return True
    return False


# --- the groups ----------------------------------------------------------------------------------------------

def test_init_creates_three_nologin_groups_named_after_the_database_idempotently(team: Team) -> None:
    groups = roles.install(team.url)  # a second time: nothing breaks, nothing doubles
    assert groups == {role: f"fd_{team.database}_{role.value}" for role in Role}
    with team.admin() as admin:
        found = dict(admin.execute("SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname = ANY(%s)",
                                   (list(groups.values()),)).fetchall())
    assert found == dict.fromkeys(groups.values(), False)
    assert roles.group_name("other_factory", Role.SALES) == "fd_other_factory_sales"
    long_a, long_b = "x" * 70 + "a", "x" * 70 + "b"
    assert len(roles.group_name(long_a, Role.EDITOR)) <= 63
    assert roles.group_name(long_a, Role.SALES) != roles.group_name(long_b, Role.SALES)


def test_every_column_of_every_table_is_classified(team: Team) -> None:
    """A new column fails here until it is public or private; until then the server keeps it from sales."""
    columns = _columns(team)
    assert {"product", "sku", "pricing_plan", "blob", "catalogue_doc"} <= set(columns)
    assert roles.unclassified(columns) == {}


def test_an_unclassified_column_is_reported_and_not_granted(team: Team) -> None:
    assert roles.unclassified({"sku": {"code", "cost", "landed_cost"}, "brand_new_table": {"id"}}) == {
        "sku": {"landed_cost"}, "brand_new_table": {"id"}}
    assert roles.public_columns("brand_new_table") == frozenset()


# --- sales -----------------------------------------------------------------------------------------------------

def test_sales_cannot_select_any_private_column_of_any_table(team: Team) -> None:
    private = [(table, column) for table, names in sorted(_columns(team).items()) for column in sorted(names)
               if column not in roles.public_columns(table) or table in roles.PRIVATE_TABLES]
    assert ("sku", "cost") in private and ("pricing_plan", "materials") in private
    assert ("factory_profile", "materials_partners") in private and ("shop_connection", "credential_ref") in private
    with team.connect("sam") as sales:
        readable = [(table, column) for table, column in private if not _refused(
            sales, sql.SQL("SELECT {} FROM {} LIMIT 1").format(sql.Identifier(column), sql.Identifier(table)))]
        assert readable == []
        assert _refused(sales, sql.SQL("SELECT * FROM sku LIMIT 1"))


def test_sales_reads_the_public_columns(team: Team) -> None:
    with team.admin() as admin:
        products = admin.execute("SELECT count(*) FROM product").fetchone()
    with team.connect("sam") as sales:
        for table, names in sorted(_columns(team).items()):
            public = sorted(roles.public_columns(table) & names)
            if public and table not in roles.PRIVATE_TABLES:
                sales.execute(sql.SQL("SELECT {} FROM {} LIMIT 5").format(
                    sql.SQL(", ").join(map(sql.Identifier, public)), sql.Identifier(table))).fetchall()
        assert sales.execute("SELECT count(*) FROM product").fetchone() == products
        codes = sales.execute("SELECT code, gtin FROM sku ORDER BY id LIMIT 3").fetchall()
        assert len(codes) == 3 and all(code for code, _gtin in codes)


def test_sales_writes_nothing_and_creates_nothing(team: Team) -> None:
    """No notes table exists yet, so every INSERT, UPDATE and DELETE on every table is refused."""
    columns = _columns(team)
    with team.connect("sam") as sales:
        allowed = []
        for table, names in sorted(columns.items()):
            name, column = sql.Identifier(table), sql.Identifier(sorted(names)[0])
            for statement in (sql.SQL("INSERT INTO {} DEFAULT VALUES").format(name),
                              sql.SQL("UPDATE {} SET {} = {}").format(name, column, column),
                              sql.SQL("DELETE FROM {}").format(name),
                              sql.SQL("TRUNCATE {}").format(name)):
                if not _refused(sales, statement):
                    allowed.append(statement.as_string(sales))
        assert allowed == []
        assert _refused(sales, sql.SQL("CREATE TABLE stolen (cost text)"))
        assert _refused(sales, sql.SQL("CREATE ROLE sneaky LOGIN"))


def test_sales_sees_the_pictures_but_not_the_scans(team: Team) -> None:
    with team.admin() as admin:
        every_blob = admin.execute("SELECT count(*) FROM blob").fetchone()[0]
        pictures = admin.execute("SELECT count(DISTINCT blob_id) FROM product_image").fetchone()[0]
    assert 0 < pictures < every_blob
    with team.connect("sam") as sales:
        assert sales.execute("SELECT count(*) FROM blob").fetchone()[0] == pictures
        assert sales.execute("SELECT count(*) FROM blob b JOIN product_image i ON i.blob_id = b.id "
                             "WHERE length(b.data) > 0").fetchone()[0] > 0
    with team.connect("eve") as editor, editor.transaction(force_rollback=True):
        assert editor.execute("SELECT count(*) FROM blob").fetchone()[0] == every_blob
        editor.execute("INSERT INTO blob (sha256, mime, size, data, created_at) "  # an editor adds pictures
                       "VALUES (%s, 'image/png', 1, '\\x00', now())", (uuid.uuid4().hex * 2,))
    with team.connect("sam") as sales:
        assert _refused(sales, sql.SQL("SELECT nextval('blob_id_seq')"))


# --- editor and owner ------------------------------------------------------------------------------------------

def test_editor_edits_catalogue_and_prices_but_not_roles_or_the_audit(team: Team) -> None:
    with team.connect("eve") as editor, editor.transaction(force_rollback=True):
        editor.execute("SELECT cost FROM sku LIMIT 1")
        editor.execute("UPDATE product SET name_en = name_en || ' (edited)' WHERE id = (SELECT min(id) FROM product)")
        editor.execute("UPDATE sku SET cost = cost WHERE id = (SELECT min(id) FROM sku)")
        editor.execute("UPDATE pricing_plan SET discount = discount")
        editor.execute("INSERT INTO audit_entry (at, \"user\", entity, entity_id, action, details) "
                       "VALUES (now(), 'eve', 'product', '1', 'update', '{}')")
    with team.connect("eve") as editor:
        assert _refused(editor, sql.SQL("UPDATE audit_entry SET action = action"))
        assert _refused(editor, sql.SQL("DELETE FROM audit_entry"))
        assert _refused(editor, sql.SQL("CREATE ROLE sneaky LOGIN"))
        assert _refused(editor, sql.SQL("GRANT {} TO {}").format(
            sql.Identifier(roles.group_name(team.database, Role.OWNER)), sql.Identifier(team.login("eve"))))


def test_an_editor_cannot_manage_users_through_the_service(team: Team) -> None:
    editor_url = team.url.replace("fd_test@", f"{team.login('eve')}:{PASSWORDS['eve']}@")
    with pytest.raises(roles.RoleError, match="cannot manage users"):
        roles.add_user(editor_url, team.login("mallory"), Role.OWNER, "x")


def test_owner_reads_everything_and_manages_users(team: Team) -> None:
    with team.connect("olga") as owner:
        assert owner.execute("SELECT count(*) FROM sku WHERE cost IS NOT NULL").fetchone()[0] > 0
        owner.execute("SELECT credential_ref FROM shop_connection").fetchall()
        owner.execute("SELECT * FROM pricing_plan").fetchall()
    owner_url = team.url.replace("fd_test@", f"{team.login('olga')}:{PASSWORDS['olga']}@")
    roles.add_user(owner_url, team.login("tom"), Role.SALES, "tom-" + uuid.uuid4().hex)
    assert roles.Member(team.login("tom"), Role.SALES) in roles.members(team.url)
    roles.remove_user(owner_url, team.login("tom"))
    assert team.login("tom") not in {member.name for member in roles.members(team.url)}


def test_the_owner_group_owns_the_schema_so_an_owner_can_run_init_and_migrate(team: Team) -> None:
    with team.admin() as admin:
        owners = set(admin.execute("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")
                     .fetchall())
    assert owners == {(roles.group_name(team.database, Role.OWNER),)}
    owner_url = team.url.replace("fd_test@", f"{team.login('olga')}:{PASSWORDS['olga']}@")
    roles.install(owner_url)  # `team init` again, by an owner rather than the administrator
    with team.connect("olga") as owner, owner.transaction(force_rollback=True):
        owner.execute("ALTER TABLE sku ADD COLUMN landed_cost text")  # what a migration does
    with team.connect("eve") as editor:
        assert _refused(editor, sql.SQL("ALTER TABLE sku ADD COLUMN landed_cost text"))


def test_a_column_added_later_is_private_until_classified(team: Team) -> None:
    with team.admin() as admin:
        admin.execute("ALTER TABLE product ADD COLUMN factory_margin text")
    try:
        assert roles.unclassified(_columns(team)) == {"product": {"factory_margin"}}
        roles.install(team.url)  # granting again doesn't open it either
        with team.connect("sam") as sales:
            assert _refused(sales, sql.SQL("SELECT factory_margin FROM product LIMIT 1"))
            sales.execute("SELECT code FROM product LIMIT 1")
    finally:
        with team.admin() as admin:
            admin.execute("ALTER TABLE product DROP COLUMN factory_margin")


# --- changing and removing -------------------------------------------------------------------------------------

def test_a_role_change_takes_effect_on_the_next_connect(team: Team) -> None:
    name, password = "ray", "ray-" + uuid.uuid4().hex
    roles.add_user(team.url, team.login(name), Role.SALES, password)
    try:
        with team.connect(name, password) as first:
            assert _refused(first, sql.SQL("SELECT cost FROM sku LIMIT 1"))
        roles.change_role(team.url, team.login(name), Role.EDITOR)
        with team.connect(name, password) as second:
            second.execute("SELECT cost FROM sku LIMIT 1")
            assert _refused(second, sql.SQL("CREATE ROLE sneaky"))  # an editor manages no one
        roles.change_role(team.url, team.login(name), Role.SALES)
        with team.connect(name, password) as third:
            assert _refused(third, sql.SQL("SELECT cost FROM sku LIMIT 1"))
        assert roles.Member(team.login(name), Role.SALES) in roles.members(team.url)
    finally:
        roles.remove_user(team.url, team.login(name))


def test_removing_a_user_ends_their_access(team: Team) -> None:
    name, password = "rita", "rita-" + uuid.uuid4().hex
    roles.add_user(team.url, team.login(name), Role.EDITOR, password)
    with team.connect(name, password) as session:
        session.execute("SELECT code FROM product LIMIT 1")
        roles.remove_user(team.url, team.login(name))
        assert _refused(session, sql.SQL("SELECT code FROM product LIMIT 1"))  # the open session, at once
    with pytest.raises(psycopg.OperationalError):
        team.connect(name, password)


def test_only_this_teams_logins_can_be_changed_or_removed(team: Team) -> None:
    for change in (lambda: roles.remove_user(team.url, "fd_test"),
                   lambda: roles.change_role(team.url, "fd_test", Role.SALES)):
        with pytest.raises(roles.RoleError, match="not a user of this team workspace"):
            change()
    with pytest.raises(roles.RoleError, match="already exists"):
        roles.add_user(team.url, team.login("sam"), Role.SALES, "x")
    for bad in ("Robert'); DROP TABLE sku; --", "pg_sneaky", "", f"fd_{team.database}_owner"):
        with pytest.raises(roles.RoleError, match="can't be used"):
            roles.add_user(team.url, bad, Role.SALES, "x")


def test_the_password_reaches_the_server_only_as_a_scram_verifier(team: Team) -> None:
    with team.admin() as admin:
        stored = admin.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s",
                               (team.login("sam"),)).fetchone()[0]
    assert stored.startswith("SCRAM-SHA-256$") and PASSWORDS["sam"] not in stored
    log = Path(team.cluster.folder, "log")
    if log.exists():  # the server log is readable only when the tests run the cluster as themselves
        assert PASSWORDS["sam"] not in log.read_text(encoding="utf-8", errors="replace")


# --- the app as the role ---------------------------------------------------------------------------------------

def _login_url(team: Team, name: str) -> str:
    return team.url.replace("fd_test@", f"{team.login(name)}:{PASSWORDS[name]}@")


def test_the_app_reads_the_role_at_connect_time(team: Team) -> None:
    from app.db import open_workspace
    from app.postgres_only import make_engine
    from app.postgres_roles import RoleRefused

    outsider, password = team.login("otto"), "otto-" + uuid.uuid4().hex
    with team.admin() as admin:
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(outsider),
                                                                         sql.Literal(password)))
    try:
        stranger_url = team.url.replace("fd_test@", f"{outsider}:{password}@")
        with pytest.raises(RoleRefused, match="Your login cannot read or change alembic_version"):
            open_workspace(stranger_url)  # a login in no group reads nothing, and is told so in one line
        engine = make_engine(stranger_url)
        try:
            assert roles.role_of(engine) is None
        finally:
            engine.dispose()
    finally:
        with team.admin() as admin:
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(outsider)))
    for name, role in LOGINS.items():
        workspace = open_workspace(_login_url(team, name))
        try:
            assert roles.role_of(workspace.engine) is role
        finally:
            workspace.close()
    administrator = open_workspace(team.url)
    try:
        assert roles.role_of(administrator.engine) is Role.OWNER  # a superuser may do everything
    finally:
        administrator.close()


def test_a_refused_query_in_the_app_is_a_plain_message(team: Team) -> None:
    import sqlalchemy as sa

    from app.db import open_workspace
    from app.models.catalogue import Product, Sku
    from app.postgres_roles import RoleRefused

    workspace = open_workspace(_login_url(team, "sam"))
    try:
        with workspace.engine.connect() as connection:
            assert connection.execute(sa.select(Sku.code).limit(1)).scalar()
            with pytest.raises(RoleRefused) as refused:
                connection.execute(sa.select(Sku.cost).limit(1))
        assert refused.value.message.en.startswith("Your role (sales) cannot read or change sku:")
        assert refused.value.message.zh.startswith("你的角色（销售）不能读取或修改 sku")
        with workspace.engine.begin() as connection, pytest.raises(RoleRefused, match="cannot read or change product"):
            connection.execute(sa.update(Product).values(name_en="hacked"))
    finally:
        workspace.close()


# --- approved prices (issue #15) -------------------------------------------------------------------------------

def _approve_as(team: Team, name: str, channel: str) -> None:
    from app.db import open_workspace
    from app.services.workspace.approvals import ApprovalService

    workspace = open_workspace(_login_url(team, name))
    try:
        ApprovalService(workspace).approve(channel)
    finally:
        workspace.close()


def test_sales_reads_approved_prices_and_writes_none_an_editor_only_adds_versions(team: Team) -> None:
    _approve_as(team, "eve", "taobao")
    with team.connect("sam") as sales:
        rows = sales.execute(
            "SELECT l.version, l.approved_by, l.currency, l.tiers, p.sku_code, p.price, p.tier_prices "
            "FROM approved_price_list l JOIN approved_price p ON p.list_id = l.id "
            "WHERE l.channel_id = 'taobao' ORDER BY l.version DESC, p.id").fetchall()
        skus = sales.execute("SELECT count(*) FROM sku").fetchone()[0]
        assert len(rows) >= skus > 0 and rows[0][1] == team.login("eve") and rows[0][2] == "CNY"
        assert all(price is not None for *_rest, price, _tiers in rows[:skus])
        assert _refused(sales, sql.SQL("SELECT basis FROM approved_price_list"))
        list_id = sales.execute("SELECT max(id) FROM approved_price_list").fetchone()[0]
        for statement in (
                sql.SQL("INSERT INTO approved_price_list (channel_id, version, currency, channel, tiers, priced_on, "
                        "approved_at, approved_by, basis) VALUES ('taobao', 99, 'CNY', '{}', '[]', now(), now(), "
                        "'sam', '')"),
                sql.SQL("INSERT INTO approved_price (list_id, product_code, sku_code, price) VALUES ({}, 'X', "
                        "'X-1', '1.00')").format(sql.Literal(list_id)),
                sql.SQL("UPDATE approved_price SET price = '0.01'"),
                sql.SQL("UPDATE approved_price_list SET approved_by = 'sam'"),
                sql.SQL("DELETE FROM approved_price")):
            assert _refused(sales, statement), statement.as_string(sales)
    with team.connect("eve") as editor:  # an approved version is what sales printed from: never rewritten
        assert _refused(editor, sql.SQL("UPDATE approved_price SET price = '0.01'"))
        assert _refused(editor, sql.SQL("DELETE FROM approved_price_list"))
        editor.execute("SELECT basis FROM approved_price_list LIMIT 1")


def _pdf_text(path: Path) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_the_app_as_sales_prints_a_price_list_and_a_spec_sheet_from_approved_prices(team: Team,
                                                                                  tmp_path: Path) -> None:
    import re
    from decimal import Decimal

    import sqlalchemy as sa

    from app.db import open_workspace
    from app.services.documents.price_list import build_price_list, money_text
    from app.services.documents.spec_sheet import build_spec_sheet
    from app.services.pricing.approved import NoApprovedPrices
    from app.services.workspace.approvals import ApprovalRefused, ApprovalService

    sales = open_workspace(_login_url(team, "sam"))
    try:
        with pytest.raises(NoApprovedPrices, match="an owner or editor must approve prices first"):
            build_price_list(sales, tmp_path / "none.pdf", lang="zh")
        assert not (tmp_path / "none.pdf").exists()
        with pytest.raises(ApprovalRefused, match="Your role \\(sales\\) cannot approve prices"):
            ApprovalService(sales).approve("1688")
        _approve_as(team, "olga", "1688")
        result = build_price_list(sales, tmp_path / "list.pdf", lang="zh")
        code = sales.engine.connect().execute(sa.text("SELECT code FROM product ORDER BY code LIMIT 1")).scalar()
        build_spec_sheet(sales, str(code), tmp_path / "sheet.pdf", lang="both")
    finally:
        sales.close()
    assert result.pages >= 1
    with team.admin() as admin:
        costs = {Decimal(c) for (c,) in admin.execute("SELECT cost FROM sku WHERE cost IS NOT NULL").fetchall()}
        when, approved_prices = admin.execute(
            "SELECT l.approved_at, array_agg(p.tier_prices::text) FROM approved_price_list l "
            "JOIN approved_price p ON p.list_id = l.id WHERE l.channel_id = '1688' "
            "GROUP BY l.id ORDER BY l.version DESC LIMIT 1").fetchone()
    tier_prices = {Decimal(p) for text in approved_prices if text != "null" for p in re.findall(r'"([\d.]+)"', text)}
    listed = re.sub(r"\s+", " ", _pdf_text(tmp_path / "list.pdf"))
    assert f"价格批准于 {when.date().isoformat()}" in listed
    assert tier_prices and all(money_text(p, "CNY") in listed for p in tier_prices)
    sheet = _pdf_text(tmp_path / "sheet.pdf")
    for cost in costs - tier_prices:
        for text in (f"{cost:.2f}", money_text(cost, "CNY")):
            assert text not in listed and text not in sheet, text


def test_approve_change_a_cost_stale_reapprove_a_new_version_as_an_editor(team: Team) -> None:
    from decimal import Decimal

    import sqlalchemy as sa

    from app.db import open_workspace
    from app.services.pricing import approved
    from app.services.workspace.approvals import ApprovalService

    editor = open_workspace(_login_url(team, "eve"))
    try:
        service = ApprovalService(editor)
        [first] = service.approve("jd")
        assert not service.status("jd").stale and first.approved_by == team.login("eve")
        with team.admin() as admin:
            sku = admin.execute("SELECT code, cost FROM sku WHERE cost IS NOT NULL ORDER BY id LIMIT 1").fetchone()
        with editor.engine.begin() as connection:
            connection.execute(sa.text("UPDATE sku SET cost = :cost WHERE code = :code"),
                               {"cost": str(Decimal(sku[1]) + 50), "code": sku[0]})
        status = service.status("jd")
        assert status.stale and status.latest is not None and status.latest.version == first.version
        [second] = service.approve("jd")
        assert second.version == first.version + 1 and not service.status("jd").stale
        newest = approved.newest(editor, "jd")
        assert newest is not None and newest.version == second.version
    finally:
        editor.close()
    sales = open_workspace(_login_url(team, "sam"))
    try:
        seen = approved.newest(sales, "jd")  # what sales prints from: the newest version
        assert seen is not None and seen.version == second.version and seen.approved_by == team.login("eve")
    finally:
        sales.close()


def test_the_app_as_sales_builds_a_listing_pack_priced_from_approved_prices(team: Team, tmp_path: Path) -> None:
    from decimal import Decimal

    from openpyxl import load_workbook

    from app.db import open_workspace
    from app.services.listing.packs.builder import build_pack
    from app.services.listing.packs.prices import ApprovedPackPricer, pack_pricer
    from app.services.listing.packs.profiles import effective_profile
    from app.services.pricing import approved

    _approve_as(team, "olga", "odm")
    sales = open_workspace(_login_url(team, "sam"))
    try:
        newest = approved.newest(sales, "odm")
        assert newest is not None
        profile = effective_profile(sales, "odm")
        assert isinstance(pack_pricer(sales, profile), ApprovedPackPricer)
        code = next(iter(newest.prices.values())).product_code
        report = build_pack(sales, [code], "odm", tmp_path, override_reason="sales pack test")
    finally:
        sales.close()
    rows = list(load_workbook(report.path / profile.upload.file_name).active.iter_rows(values_only=True))
    headers, values = list(rows[0]), rows[1:]
    sheet = {row[headers.index("SKU编码")]: (Decimal(str(row[headers.index("供货价(不含税)")])),
                                           Decimal(str(row[headers.index("建议零售价")]))) for row in values}
    expected = {sku.sku_code: (sku.price, sku.suggested_retail) for sku in newest.prices.values()
                if sku.product_code == code}
    assert sheet == expected and len(sheet) > 0
    assert any(f.rule == "price.approved" for f in report.findings)


def test_a_sales_preview_before_any_approval_shows_the_listing_and_says_who_must_approve(team: Team) -> None:
    from app.db import open_workspace
    from app.services.listing.packs.preview import preview_listing
    from app.services.pricing import approved

    sales = open_workspace(_login_url(team, "sam"))
    try:
        assert approved.newest(sales, "pinduoduo") is None  # no test of this module approves Pinduoduo
        code = sales.engine.connect().exec_driver_sql("SELECT code FROM product ORDER BY code LIMIT 1").scalar()
        preview = preview_listing(sales, str(code), "pinduoduo")  # a plain finding, not an error
        assert preview.title.text and preview.lowest_price is None
        [note] = [f for f in preview.findings if f.rule == "price.not_approved"]
        assert "must approve prices first" in note.message.en
        _approve_as(team, "olga", "pinduoduo")
        priced = preview_listing(sales, str(code), "pinduoduo")
        assert priced.lowest_price is not None
        assert not [f for f in priced.findings if f.rule == "price.not_approved"]
    finally:
        sales.close()
