"""`main.py team approve W [--channel C]` (issue #15, shared/reference/cli.md), as subprocesses: on a workspace
file and on a team database as an editor (exit 0, one line per channel approved on stdout), and refused in one
line with exit 2 for an unknown channel or a sales login."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.db import open_workspace
from app.services.pricing import approved
from app.services.workspace import roles

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": "en_US.UTF-8"}
    if password is not None:
        env["PGPASSWORD"] = password
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--lang", "en", *args], capture_output=True,
                          text=True, timeout=300, cwd=ROOT, env=env, stdin=subprocess.DEVNULL)


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in result.stderr.replace("\r", "\n").splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("approve") / "demo.fdw"
    assert run("demo", str(path)).returncode == 0
    return path


def test_approving_every_channel_then_one_on_a_workspace_file(demo: Path) -> None:
    every = run("team", "approve", str(demo))
    assert every.returncode == 0, every.stderr
    lines = [line.split("\t") for line in every.stdout.splitlines()]
    today = date.today().isoformat()
    assert [line[0] for line in lines][:7] == ["tmall", "taobao", "jd", "pinduoduo", "douyin", "1688", "odm"]
    assert all(line[2] == "v1" and line[3] == today and line[4].endswith(" SKUs") for line in lines)
    assert "Approved the prices of" in every.stderr and "Traceback" not in every.stderr

    one = run("team", "approve", str(demo), "--channel", "1688")
    assert one.returncode == 0, one.stderr
    [line] = [row.split("\t") for row in one.stdout.splitlines()]
    assert line[:4] == ["1688", "1688 wholesale", "v2", today] and line[5] == "CNY"
    priced, listed = map(int, line[4].removesuffix(" SKUs").split("/"))
    workspace = open_workspace(demo)
    try:
        newest = approved.newest(workspace, "1688")
        assert newest is not None and newest.version == 2 and len(newest.prices) == listed
        assert sum(p.tier_prices is not None for p in newest.prices.values()) == priced > 0
        tmall = approved.newest(workspace, "tmall")
        assert tmall is not None and tmall.version == 1
    finally:
        workspace.close()


def test_an_unknown_channel_or_workspace_is_one_line_and_exit_2(demo: Path, tmp_path: Path) -> None:
    unknown = run("team", "approve", str(demo), "--channel", "ebay")
    assert unknown.returncode == 2 and unknown.stdout == ""
    assert one_line(unknown).startswith("Unknown channel ebay (known: tmall, taobao")
    missing = run("team", "approve", str(tmp_path / "nothing.fdw"))
    assert missing.returncode == 2 and "not found" in one_line(missing)


def test_on_a_team_database_an_editor_approves_and_sales_is_refused(pg_cluster: Any, pg_database: str,
                                                                     demo: Path) -> None:
    assert run("team", "upload", str(demo), pg_database).returncode == 0
    assert run("team", "init", pg_database).returncode == 0
    suffix = uuid.uuid4().hex[:6]
    logins = {"sales": (f"s_{suffix}", "pw-" + uuid.uuid4().hex),
              "editor": (f"e_{suffix}", "pw-" + uuid.uuid4().hex)}
    for role, (name, password) in logins.items():
        roles.add_user(pg_database, name, roles.Role(role), password)
    try:
        as_user = {role: pg_database.replace("//fd_test@", f"//{name}@") for role, (name, _pw) in logins.items()}
        assert as_user["sales"] != pg_database
        refused = run("team", "approve", as_user["sales"], "--channel", "tmall", password=logins["sales"][1])
        assert refused.returncode == 2 and refused.stdout == ""
        assert one_line(refused).startswith("Your role (sales) cannot approve prices")

        done = run("team", "approve", as_user["editor"], "--channel", "tmall", password=logins["editor"][1])
        assert done.returncode == 0, done.stderr
        [line] = [row.split("\t") for row in done.stdout.splitlines()]
        assert line[0] == "tmall" and line[6] == logins["editor"][0]
        team = open_workspace(pg_database)
        try:
            newest = approved.newest(team, "tmall")
            assert newest is not None and line[2] == f"v{newest.version}"
            assert newest.approved_by == logins["editor"][0]
        finally:
            team.close()
    finally:
        for name, _password in logins.values():
            roles.remove_user(pg_database, name)
