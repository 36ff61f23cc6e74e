"""`team adduser|role|removeuser`: the logins of a team workspace and their roles (issue #15).

    python main.py team adduser URL NAME --role owner|editor|sales
    python main.py team role URL NAME --role owner|editor|sales
    python main.py team removeuser URL NAME

The new login's password comes from `FD_NEW_PASSWORD` (automation) or is asked twice at the terminal; it is
never printed, logged or sent in a statement (`app.services.workspace.roles.add_user`). Exit status: 0 done;
1 the server could not be reached; 2 bad input (bad name, unknown user, no password, no right to do it).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING, Any

from app.models.bilingual import Bilingual

if TYPE_CHECKING:
    from app.cli import CommandLine

EXIT_OK, EXIT_BAD_INPUT = 0, 2
ACTIONS = ("adduser", "role", "removeuser")
ROLES = ("owner", "editor", "sales")
PASSWORD_VARIABLE = "FD_NEW_PASSWORD"


def add_actions(actions: Any) -> None:
    """Add the user-management actions to `team`'s subparsers."""
    add = actions.add_parser("adduser", help="create a login in a role (password from FD_NEW_PASSWORD or a prompt)")
    change = actions.add_parser("role", help="move a login into another role")
    remove = actions.add_parser("removeuser", help="drop a login: it loses all access")
    for parser in (add, change, remove):
        parser.add_argument("url", help="postgresql://user@host:port/db")
        parser.add_argument("name", help="the login name (lower-case letters, digits, underscores)")
    for parser in (add, change):
        parser.add_argument("--role", choices=ROLES, required=True)


def run(args: argparse.Namespace, url: str, out: CommandLine) -> int:
    from app import postgres_only
    from app.services.workspace import roles

    where = postgres_only.redacted(url)
    if args.team_action == "adduser":
        password = _new_password()
        if password is None:
            return out.fail(Bilingual(f"没有密码：请设置 {PASSWORD_VARIABLE}，或在终端里运行以输入密码。",
                                      f"No password: set {PASSWORD_VARIABLE}, or run this in a terminal to type it."))
        roles.add_user(url, args.name, roles.Role(args.role), password)
        out.say(Bilingual(f"已添加用户 {args.name}（{_role_zh(args.role)}）：{where}",
                          f"Added the user {args.name} ({args.role}) to {where}"))
    elif args.team_action == "role":
        roles.change_role(url, args.name, roles.Role(args.role))
        out.say(Bilingual(f"用户 {args.name} 现在是{_role_zh(args.role)}（下次连接生效）：{where}",
                          f"{args.name} is now {args.role} (from their next connection) on {where}"))
    else:
        roles.remove_user(url, args.name)
        out.say(Bilingual(f"已删除用户 {args.name}：{where}", f"Removed the user {args.name} from {where}"))
    return EXIT_OK


def _new_password() -> str | None:
    """FD_NEW_PASSWORD, else typed twice at a terminal (not echoed); None when neither is possible or they differ."""
    given = os.environ.get(PASSWORD_VARIABLE)
    if given:
        return given
    if not sys.stdin.isatty():
        return None
    first = getpass.getpass("Password / 密码: ")
    second = getpass.getpass("Again / 再输一次: ")
    return first if first and first == second else None


def _role_zh(role: str) -> str:
    return {"owner": "所有者", "editor": "编辑", "sales": "销售"}[role]
