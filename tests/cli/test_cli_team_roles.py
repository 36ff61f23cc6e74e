"""`main.py team init` (its group roles) and `team adduser|role|removeuser` (issue #15), as subprocesses against
the session's throwaway PostgreSQL cluster: exit 0 done, 2 bad input with one line; the password never printed."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import errors

from app.services.workspace import roles

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": "en_US.UTF-8"}
    env.pop("FD_NEW_PASSWORD", None)
    if password is not None:
        env["FD_NEW_PASSWORD"] = password
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=300, cwd=ROOT, env=env, stdin=subprocess.DEVNULL)


def connect(cluster: Any, url: str, user: str, password: str) -> psycopg.Connection[Any]:
    return psycopg.connect(host="127.0.0.1", port=cluster.port, dbname=url.rsplit("/", 1)[1], user=user,
                           password=password, autocommit=True)


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def test_init_creates_the_group_roles_and_says_so_each_time(pg_database: str) -> None:
    database = pg_database.rsplit("/", 1)[1]
    for _ in range(2):
        result = run("team", "init", pg_database)
        assert result.returncode == 0, result.stderr
        assert f"fd_{database}_owner, fd_{database}_editor, fd_{database}_sales" in result.stderr
    assert [member for member in roles.members(pg_database)] == []


def test_adduser_role_removeuser(pg_cluster: Any, pg_database: str) -> None:
    assert run("team", "init", pg_database).returncode == 0
    name, password = f"sales_{uuid.uuid4().hex[:6]}", "pw-" + uuid.uuid4().hex
    added = run("team", "adduser", pg_database, name, "--role", "sales", password=password)
    assert added.returncode == 0, added.stderr
    assert name in added.stderr and password not in added.stdout + added.stderr
    with connect(pg_cluster, pg_database, name, password) as sales:
        sales.execute("SELECT code FROM product")
        with pytest.raises(errors.InsufficientPrivilege):
            sales.execute("SELECT cost FROM sku")

    changed = run("team", "role", pg_database, name, "--role", "editor")
    assert changed.returncode == 0, changed.stderr
    with connect(pg_cluster, pg_database, name, password) as editor:
        editor.execute("SELECT cost FROM sku")

    removed = run("team", "removeuser", pg_database, name)
    assert removed.returncode == 0, removed.stderr
    with pytest.raises(psycopg.OperationalError):
        connect(pg_cluster, pg_database, name, password)


def test_mistakes_are_one_line_and_exit_2(pg_database: str, tmp_path: Path) -> None:
    no_roles = run("team", "removeuser", pg_database, "nobody")
    assert no_roles.returncode == 2 and "team init" in one_line(no_roles)
    assert run("team", "init", pg_database).returncode == 0

    no_password = run("team", "adduser", pg_database, "newbie", "--role", "sales")
    assert no_password.returncode == 2 and "FD_NEW_PASSWORD" in one_line(no_password)
    unknown = run("team", "role", pg_database, "nobody", "--role", "owner")
    assert unknown.returncode == 2 and "not a user of this team workspace" in one_line(unknown)
    server_role = run("team", "removeuser", pg_database, "fd_test")
    assert server_role.returncode == 2 and "not a user" in one_line(server_role)
    bad_name = run("team", "adduser", pg_database, "Bad Name", "--role", "sales", password="x")
    assert bad_name.returncode == 2 and "can't be used" in one_line(bad_name)
    bad_role = run("team", "adduser", pg_database, "newbie", "--role", "boss", password="x")
    assert bad_role.returncode == 2 and "Traceback" not in bad_role.stderr

    file = tmp_path / "w.fdw"
    file.write_bytes(b"SQLite workspaces are not touched")
    on_a_file = run("team", "adduser", str(file), "newbie", "--role", "sales", password="x")
    assert on_a_file.returncode == 2 and "Not a PostgreSQL URL" in one_line(on_a_file)
    assert file.read_bytes() == b"SQLite workspaces are not touched"


def test_what_the_server_refuses_a_sales_login_is_one_line(pg_database: str, tmp_path: Path) -> None:
    assert run("team", "init", pg_database).returncode == 0
    name, password = f"sales_{uuid.uuid4().hex[:6]}", "pw-" + uuid.uuid4().hex
    assert run("team", "adduser", pg_database, name, "--role", "sales", password=password).returncode == 0
    as_sales = pg_database.replace("fd_test@", f"{name}:{password}@")
    listed = run("list", as_sales, "--json")
    assert listed.returncode == 0, listed.stderr
    with psycopg.connect(as_sales, autocommit=True) as sales:  # the search tables exist and sales may read them
        sales.execute("SELECT code, search_text FROM catalogue_doc LIMIT 1")
        sales.execute("SELECT completeness FROM catalogue_stats LIMIT 1")
    from app.db import open_workspace
    from app.services.catalogue.products import ProductService

    owner = open_workspace(pg_database)  # a product to price: an empty catalogue is refused before any read
    try:
        ProductService(owner).create_product("TEAM-1", "保温杯", "Vacuum cup")
    finally:
        owner.close()
    exported = run("export-catalogue", as_sales, "-o", str(tmp_path / "catalogue.csv"))  # it holds costs
    assert exported.returncode == 2 and "Your role (sales) cannot read or change" in one_line(exported)
    assert password not in exported.stderr and not (tmp_path / "catalogue.csv").exists()
    priced = run("pricelist", as_sales, "-o", str(tmp_path / "prices.pdf"))  # sales prints approved prices only
    assert priced.returncode == 2 and "an owner or editor must approve prices first" in one_line(priced)
    assert password not in priced.stderr and not (tmp_path / "prices.pdf").exists()


def test_the_readme_set_up_an_owner_who_is_no_superuser(pg_cluster: Any, tmp_path: Path) -> None:
    """createuser -P --createrole owner; createdb -O owner factory; team init and adduser as that owner."""
    import pgcluster
    from psycopg import sql

    owner, password = f"own_{uuid.uuid4().hex[:6]}", "pw-" + uuid.uuid4().hex
    database = f"factory_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(pg_cluster.url(), password=pgcluster.PASSWORD, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN CREATEROLE PASSWORD {}").format(sql.Identifier(owner),
                                                                                    sql.Literal(password)))
        admin.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(database), sql.Identifier(owner)))
    url = f"postgresql://{owner}:{password}@127.0.0.1:{pg_cluster.port}/{database}"
    try:
        initialised = run("team", "init", url)
        assert initialised.returncode == 0, initialised.stderr
        clerk, clerk_password = f"clerk_{uuid.uuid4().hex[:6]}", "pw-" + uuid.uuid4().hex
        added = run("team", "adduser", url, clerk, "--role", "sales", password=clerk_password)
        assert added.returncode == 0, added.stderr
        with connect(pg_cluster, url, clerk, clerk_password) as sales:
            sales.execute("SELECT code FROM product")
            with pytest.raises(errors.InsufficientPrivilege):
                sales.execute("SELECT cost FROM sku")
        assert run("team", "removeuser", url, clerk).returncode == 0
    finally:
        with psycopg.connect(pg_cluster.url(), password=pgcluster.PASSWORD, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
