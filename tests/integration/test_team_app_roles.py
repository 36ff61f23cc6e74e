"""The app as a team login (issue #15): the role read when the workspace opens, the audit trail naming the database
login that wrote, and an owner login's migrating open granting the new tables to the groups again."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import teamdb
from psycopg import errors
from sqlmodel import select

from app.db import create_workspace, init_team_database, open_workspace
from app.models import AuditEntry
from app.services.catalogue.products import ProductService
from app.services.workspace import roles
from app.services.workspace.roles import Role
from app.services.workspace.services import open_services


@pytest.fixture
def team(pg_cluster: Any, tmp_path: Path) -> Iterator[teamdb.Team]:
    made = teamdb.new_database(pg_cluster)
    try:
        created, _ = init_team_database(made.url)
        created.close()
        roles.install(made.url)
        made.add("olga", Role.OWNER)
        made.add("eve", Role.EDITOR)
        made.add("sam", Role.SALES)
        yield made
    finally:
        made.drop()


def test_the_role_is_read_when_the_workspace_opens(team: teamdb.Team, tmp_path: Path) -> None:
    for name, role in (("olga", Role.OWNER), ("eve", Role.EDITOR), ("sam", Role.SALES)):
        workspace = open_workspace(team.login_url(name))
        try:
            assert workspace.role is role
            assert workspace.sees_costs is (role is not Role.SALES)
            assert workspace.may_write is (role is not Role.SALES)
        finally:
            workspace.close()
    local = create_workspace(tmp_path / "w.fdw")  # a workspace file's one user is its owner
    try:
        assert local.role is Role.OWNER and local.sees_costs and local.may_write
    finally:
        local.close()


def test_every_write_is_audited_with_the_database_login(team: teamdb.Team) -> None:
    owner, editor = open_workspace(team.login_url("olga")), open_workspace(team.login_url("eve"))
    try:
        product = ProductService(owner).create_product("AUD-1", "保温杯", "Vacuum cup")
        assert product.id is not None
        ProductService(editor).update_product_fields(product.id, product.version, {"name_en": "Vacuum bottle"})
        with owner.session() as session:
            entries = session.exec(select(AuditEntry).where(AuditEntry.entity == "product")
                                   .order_by(AuditEntry.id)).all()
        assert [(entry.user, entry.action) for entry in entries] == [
            (team.login("olga"), "create"), (team.login("eve"), "update")]
    finally:
        owner.close()
        editor.close()
    with team.admin() as admin:  # what the server holds, read past the app
        users = {row[0] for row in admin.execute("SELECT \"user\" FROM audit_entry").fetchall()}
    assert users == {team.login("olga"), team.login("eve")}


def test_a_workspace_file_audits_the_os_user(tmp_path: Path) -> None:
    workspace = create_workspace(tmp_path / "w.fdw")
    try:
        ProductService(workspace).create_product("AUD-2", "保温杯", "Vacuum cup")
        with workspace.session() as session:
            users = {entry.user for entry in session.exec(select(AuditEntry))}
        assert users == {getpass.getuser()}
    finally:
        workspace.close()


def test_sales_opens_without_writing_even_when_scores_are_stale(team: teamdb.Team) -> None:
    owner = open_workspace(team.login_url("olga"))
    try:
        ProductService(owner).create_product("STALE-1", "保温杯", "Vacuum cup")
    finally:
        owner.close()
    with team.admin() as admin:
        admin.execute("UPDATE catalogue_stats SET stale = 1")
    services = open_services(team.login_url("sam"))  # refreshing the scores would read costs: it is left undone
    try:
        assert services.workspace.role is Role.SALES
        assert [choice.code for choice in services.pricing.products()] == ["STALE-1"]
    finally:
        services.close()
    with team.admin() as admin:
        assert admin.execute("SELECT stale FROM catalogue_stats").fetchall() == [(1,)]


def test_an_owner_logins_migration_grants_the_new_tables_again(team: teamdb.Team) -> None:
    """Back to 0002 (before the listing tables), roles granted there; an owner login opens the workspace, which
    migrates it: sales then reads the public columns of the new tables and none of their private ones."""
    from alembic import command

    from app.db import alembic_config

    engine = open_workspace(team.url).engine
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "0002")
    finally:
        engine.dispose()
    roles.install(team.url)
    with team.connect("sam") as sales:
        assert sales.execute("SELECT to_regclass('lint_allow_entry')").fetchone() == (None,)

    services = open_services(team.login_url("olga"))
    try:
        assert services.workspace.migrated_from == "0002"
        from app.services.listing.rules import add_allowed

        add_allowed(services.workspace, "Tritan", "a registered trademark of our supplier")
    finally:
        services.close()
    with team.connect("sam") as sales:
        assert sales.execute("SELECT phrase, reason FROM lint_allow_entry").fetchall() == [
            ("Tritan", "a registered trademark of our supplier")]
        sales.execute("SELECT platform_id, profile FROM platform_profile_override")
        for private in ('SELECT "user" FROM lint_allow_entry', "SELECT rate FROM exchange_rate"):
            with pytest.raises(errors.InsufficientPrivilege):
                sales.execute(private)
    with team.admin() as admin:  # the new tables belong to the owner group, not to the login that migrated
        owners = {row[0] for row in admin.execute(
            "SELECT tableowner FROM pg_tables WHERE tablename IN ('lint_allow_entry', 'exchange_rate')").fetchall()}
    assert owners == {roles.group_name(team.database, Role.OWNER)}


def test_a_team_database_without_group_roles_restricts_nobody(pg_workspace_url: str) -> None:
    """Before `team init` made the groups there is no role to hold: the app hides nothing (the server decides)."""
    workspace = open_workspace(pg_workspace_url)
    try:
        assert workspace.role is Role.OWNER and workspace.sees_costs and workspace.may_write
    finally:
        workspace.close()


def test_an_owner_login_rebuilding_the_search_index_grants_it_again(team: teamdb.Team) -> None:
    """The derived search tables are dropped and made again when outdated; made by an owner login, sales must
    still be able to search them."""
    with team.admin() as admin:
        admin.execute("UPDATE catalogue_index_meta SET value = 'outdated' WHERE key = 'version'")
    open_services(team.login_url("olga")).close()
    with team.connect("sam") as sales:
        sales.execute("SELECT code, search_text FROM catalogue_doc")
        sales.execute("SELECT completeness FROM catalogue_stats")
    with team.admin() as admin:
        assert admin.execute("SELECT value FROM catalogue_index_meta WHERE key = 'version'").fetchone() != (
            "outdated",)
