"""The `team` subcommand: team workspaces on PostgreSQL (issue #14, shared/reference/cli.md).

    python main.py team init URL
    python main.py team upload W.fdw URL
    python main.py team download URL -o W.fdw
    python main.py team adduser|role|removeuser URL NAME [--role R]   (app.cli.team_roles, issue #15)
    python main.py team approve W [--channel C]                       (app.cli.team_approve, issue #15)

URL is `postgresql://user@host:port/db`; the password comes from the keyring or libpq's PGPASSWORD / .pgpass
and is never printed (every URL shown is redacted). Exit status: 0 done; 1 the server could not be reached or
the copy failed; 2 bad input (a database holding something else, an existing target file, not a workspace).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli import end_progress_line, team_approve, team_roles
from app.models.bilingual import Bilingual

if TYPE_CHECKING:  # app.cli imports this module to wire it in: no import cycle at run time
    from app.cli import CommandLine
    from app.services.workspace.team import CopyReport

EXIT_OK, EXIT_UNHEALTHY, EXIT_BAD_INPUT = 0, 1, 2

Handler = Callable[[argparse.Namespace, "CommandLine"], int]


def register(commands: Any) -> dict[str, Handler]:
    """Add `team init|upload|download` to an argparse subparsers object; return {"team": handler}."""
    team = commands.add_parser("team", help="team workspaces on a PostgreSQL server")
    actions = team.add_subparsers(dest="team_action", metavar="ACTION", required=True)
    init = actions.add_parser("init", help="create the schema in an empty PostgreSQL database (idempotent)")
    init.add_argument("url", help="postgresql://user@host:port/db")
    upload = actions.add_parser("upload", help="copy a workspace file into an empty team database")
    upload.add_argument("workspace", type=Path)
    upload.add_argument("url")
    download = actions.add_parser("download", help="write a consistent snapshot of a team database as a file")
    download.add_argument("url")
    download.add_argument("-o", "--output", type=Path, required=True, help="the new workspace file (never overwritten)")
    team_roles.add_actions(actions)
    team_approve.add_action(actions)
    return {"team": cmd_team}


def cmd_team(args: argparse.Namespace, out: CommandLine) -> int:
    from app import postgres_only

    if args.team_action == team_approve.ACTION:  # any workspace: a file or a team database
        return team_approve.run(args, out)
    if not postgres_only.is_url(args.url):
        return out.fail(Bilingual(f"不是 PostgreSQL 地址：{args.url}（应为 postgresql://用户@主机:端口/数据库）",
                                  f"Not a PostgreSQL URL: {args.url} (expected postgresql://user@host:port/db)"))
    url = postgres_only.url_of(args.url)
    if args.team_action == "init":
        return _init(url, out)
    if args.team_action == "upload":
        return _upload(args.workspace, url, out)
    if args.team_action in team_roles.ACTIONS:
        return team_roles.run(args, url, out)
    return download_to(url, args.output, out)


def _init(url: str, out: CommandLine) -> int:
    from app import postgres_only
    from app.db import init_team_database
    from app.services.workspace import roles

    workspace, created = init_team_database(url)
    revision = workspace.revision()
    workspace.close()
    groups = roles.install(url)  # after the migration: the grants cover every table at the head
    where = postgres_only.redacted(url)
    if created:
        out.say(Bilingual(f"团队工作区已创建：{where}（数据版本 {revision}）",
                          f"Team workspace created: {where} (schema {revision})"))
    else:
        out.say(Bilingual(f"已经是团队工作区：{where}（数据版本 {revision}），没有改动",
                          f"Already a team workspace: {where} (schema {revision}); nothing changed"))
    names = ", ".join(groups.values())
    out.say(Bilingual(f"团队角色：{names}", f"Team roles: {names}"))
    return EXIT_OK


def _upload(source: Path, url: str, out: CommandLine) -> int:
    from app.services.workspace.team import upload

    if not source.is_file():
        return out.fail(Bilingual(f"找不到文件：{source}", f"File not found: {source}"))
    report = upload(source, url, progress=_progress)
    end_progress_line()
    return _print_counts(report, out, "file", "team")


def download_to(url: str, target: Path, out: CommandLine) -> int:
    """`team download` and `backup URL -o FILE`: a snapshot file; prints both sides' row counts and the path."""
    from app.services.workspace.team import download

    report = download(url, target, progress=_progress)
    end_progress_line()
    status = _print_counts(report, out, "team", "file")
    if status == EXIT_OK:
        print(str(target))
    return status


def _print_counts(report: CopyReport, out: CommandLine, source: str, target: str) -> int:
    """A table of row counts, both sides; exit 1 if they differ (never expected: the copy is one transaction)."""
    width = max(len(name) for name in report.source)
    print(f"{'table':<{width}}  {source:>8}  {target:>8}")
    for name, count in report.source.items():
        print(f"{name:<{width}}  {count:>8}  {report.target.get(name, 0):>8}")
    if not report.complete:
        return out.fail(Bilingual("两边的行数不一致：复制不完整", "Row counts differ: the copy is incomplete"),
                        EXIT_UNHEALTHY)
    return EXIT_OK


def _progress(done: int, total: int) -> None:
    if total:
        print(f"\r{done * 100 // total}%", end="", file=sys.stderr, flush=True)
