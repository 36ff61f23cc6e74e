"""`main.py team init|upload|download`, `check URL` and `backup URL -o FILE` (issue #14), as subprocesses against
the session's throwaway PostgreSQL cluster: exit 0 ok, 1 unreachable or failed, 2 bad input; passwords never
printed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg

from app.db import head_revision, open_workspace
from app.services.workspace.team import row_counts

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=300, cwd=ROOT, env={**os.environ, "LANG": "en_US.UTF-8"})


def test_init_is_idempotent_and_refuses_a_foreign_database(pg_database: str) -> None:
    first = run("team", "init", pg_database)
    assert first.returncode == 0, first.stderr
    assert "created" in first.stderr and head_revision() in first.stderr
    again = run("team", "init", pg_database)
    assert again.returncode == 0 and "nothing changed" in again.stderr
    with psycopg.connect(pg_database, autocommit=True) as connection:
        connection.execute("CREATE DATABASE fd_foreign")
    foreign = pg_database.rsplit("/", 1)[0] + "/fd_foreign"
    with psycopg.connect(foreign, autocommit=True) as connection:
        connection.execute("CREATE TABLE ledger (id int)")
    refused = run("team", "init", foreign)
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1 and "ledger" in refused.stderr
    assert foreign.split("@")[-1] in refused.stderr and "postgresql://" in refused.stderr  # the URL as written


def test_upload_copies_every_table_and_blob_then_download_gives_them_back(demo_file: Path, pg_database: str,
                                                                          tmp_path: Path) -> None:
    uploaded = run("team", "upload", str(demo_file), pg_database)
    assert uploaded.returncode == 0, uploaded.stderr
    local = open_workspace(demo_file)
    expected = row_counts(local.engine)
    local.close()
    assert expected["blob"] > 0 and expected["product"] > 0
    team = open_workspace(pg_database)
    assert row_counts(team.engine) == expected
    team.close()
    printed = {line.split()[0]: (int(line.split()[1]), int(line.split()[2]))
               for line in uploaded.stdout.splitlines()[1:]}
    assert printed == {table: (count, count) for table, count in expected.items()}  # both sides, every table
    again = run("team", "upload", str(demo_file), pg_database)  # merging is not copying: refused, unchanged
    assert again.returncode == 2 and "already holds data" in again.stderr

    snapshot = tmp_path / "snapshot.fdw"
    downloaded = run("team", "download", pg_database, "-o", str(snapshot))
    assert downloaded.returncode == 0, downloaded.stderr
    back = open_workspace(snapshot)
    assert row_counts(back.engine) == expected
    with back.engine.connect() as connection:
        blobs = connection.exec_driver_sql("SELECT sha256, data FROM blob ORDER BY id").all()
    back.close()
    import hashlib

    assert all(hashlib.sha256(data).hexdigest() == sha for sha, data in blobs)
    refused = run("team", "download", pg_database, "-o", str(snapshot))  # never over an existing file
    assert refused.returncode == 2


def test_check_and_backup_take_a_url(pg_workspace_url: str, tmp_path: Path) -> None:
    checked = run("check", pg_workspace_url)
    assert checked.returncode == 0 and f"schema {head_revision()}" in checked.stdout
    backup = tmp_path / "team-backup.fdw"
    made = run("backup", pg_workspace_url, "-o", str(backup))
    assert made.returncode == 0, made.stderr
    assert open_workspace(backup).revision() == head_revision()


def test_an_unreachable_server_is_one_line_exit_1_and_no_password(pg_cluster) -> None:
    url = f"postgresql://fd_test:hunter2-secret@127.0.0.1:{pg_cluster.port + 1}/x"
    result = run("check", url)
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "hunter2-secret" not in result.stderr + result.stdout and "***" in result.stderr


def test_commands_that_take_a_workspace_take_a_url(pg_workspace_url: str) -> None:
    listed = run("list", pg_workspace_url, "--json")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.strip() == "[]"


def test_check_on_a_database_that_is_not_a_workspace_is_exit_1(pg_database: str) -> None:
    result = run("check", pg_database)
    assert result.returncode == 1 and "team init" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert f"postgresql://{pg_database.split('://')[1]}" in result.stderr   # not folded to "postgresql:/…"


def test_not_a_url_is_bad_input(tmp_path: Path) -> None:
    result = run("team", "init", str(tmp_path / "w.fdw"))
    assert result.returncode == 2 and "postgresql://" in result.stderr


def test_demo_backup_and_bundle_export_take_a_url(pg_database: str, tmp_path: Path) -> None:
    """cli.md: "wherever W is accepted, a postgresql:// URL works too" — `demo URL` fills an empty team
    database (and refuses one that holds data), `backup URL` without -o keeps a snapshot in the user's data
    folder, `bundle export URL` bundles a snapshot. Nothing is written in the current folder (a URL read as a
    path once made a file named `postgresql:`), and the URL is shown as written."""
    here = tmp_path / "cwd"
    here.mkdir()
    env = {**os.environ, "LANG": "en_US.UTF-8", "XDG_DATA_HOME": str(tmp_path / "data")}

    def run_here(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                              timeout=300, cwd=here, env=env)

    made = run_here("demo", pg_database)
    assert made.returncode == 0, made.stderr
    assert "postgresql://" in made.stderr and "postgresql:/f" not in made.stderr
    listed = run_here("list", pg_database, "--json")
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) == 4
    again = run_here("demo", pg_database)
    assert again.returncode == 2 and "already holds data" in again.stderr

    backup = run_here("backup", pg_database)
    assert backup.returncode == 0, backup.stderr
    snapshot = Path(backup.stdout.strip())
    assert snapshot.is_file() and (tmp_path / "data") in snapshot.parents
    assert run_here("check", str(snapshot)).returncode == 0

    bundled = run_here("bundle", "export", pg_database, "-o", str(tmp_path / "team.zip"))
    assert bundled.returncode == 0, bundled.stderr
    imported = run_here("bundle", "import", str(tmp_path / "team.zip"), "-o", str(tmp_path / "back.fdw"))
    assert imported.returncode == 0, imported.stderr
    assert len(json.loads(run_here("list", str(tmp_path / "back.fdw"), "--json").stdout)) == 4
    assert list(here.iterdir()) == []
