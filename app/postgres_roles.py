"""What a team login's role is, read when it connects, and the plain message for what the server refuses it
(issue #15). Next to `app.postgres_only`, whose engine calls these; the roles themselves, their grants and user
management are `app.services.workspace.roles`.

Each team database has three group roles named after it (`group_name`); a login is a member of one. The role is
read once per connection (the `connect` event) into the connection's `info`, so an error handler can name it
without asking a server that has just refused something (a failed transaction answers nothing more).
"""

from __future__ import annotations

import hashlib
import re
from enum import StrEnum
from typing import Any

from app.models.bilingual import Bilingual
from app.workspace_errors import WorkspaceError

#: The SQLSTATE the server gives for a missing privilege or a row-level security violation.
INSUFFICIENT_PRIVILEGE = "42501"
#: Where the connect event keeps the login's role (`Connection.info`).
ROLE_KEY = "fd_team_role"
#: Where it keeps the login's name (`current_user`): the audit trail's "who" on a team workspace.
LOGIN_KEY = "fd_team_login"


class Role(StrEnum):
    OWNER = "owner"
    EDITOR = "editor"
    SALES = "sales"

    @property
    def sees_costs(self) -> bool:
        """Costs, margins, pricing plans, fee overrides, shop connections: owners and editors only."""
        return self is not Role.SALES

    @property
    def may_write(self) -> bool:
        """Whether the role may change the catalogue and the rest of the workspace (sales reads only)."""
        return self is not Role.SALES

    @property
    def manages_team(self) -> bool:
        """Whether the role may add, change and remove the team's logins."""
        return self is Role.OWNER


ROLE_ZH = {Role.OWNER: "所有者", Role.EDITOR: "编辑", Role.SALES: "销售"}


def group_name(database: str, role: Role) -> str:
    """`fd_<db>_<role>`: lower-case letters, digits and underscores, within PostgreSQL's 63-byte names (a long
    database name is cut and a short hash of the whole keeps two such names apart)."""
    stem = re.sub(r"[^a-z0-9_]", "_", database.lower())
    room = 63 - len(f"fd__{Role.EDITOR.value}")
    if len(stem) > room:
        stem = stem[:room - 9] + "_" + hashlib.sha256(database.encode()).hexdigest()[:8]
    return f"fd_{stem}_{role.value}"


def read_role(driver_connection: Any) -> Role | None:
    """The role the connected login holds in this team database, the most powerful first (a superuser counts as
    an owner: the server lets it do everything); None for a login in none of the groups. A team database without
    the group roles (`team init` has not made them) has no roles to hold: every login counts as an owner there,
    and the server's own privileges decide."""
    groups = 0
    with driver_connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        database = str(cursor.fetchone()[0])
        for role in Role:
            cursor.execute("SELECT pg_has_role(current_user, oid, 'MEMBER') FROM pg_roles WHERE rolname = %s",
                           (group_name(database, role),))
            held = cursor.fetchone()
            groups += held is not None
            if held is not None and held[0]:
                return role
    return None if groups else Role.OWNER


def reads_private(connection: Any) -> bool:
    """Whether the login behind a SQLAlchemy `connection` may read private columns (costs, timestamps): always on
    a workspace file; on a team database when its role sees costs (a read the server would refuse is not made)."""
    if connection.dialect.name != "postgresql":
        return True
    role: Role | None = connection.info.get(ROLE_KEY)
    return role is not None and role.sees_costs


def remember_role(driver_connection: Any, record: Any) -> None:
    """The engine's `connect` listener: read the role and the login's name once per new connection (a changed
    role counts from the next connection, as the server's own checks do)."""
    record.info[ROLE_KEY] = read_role(driver_connection)
    with driver_connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        record.info[LOGIN_KEY] = str(cursor.fetchone()[0])
    driver_connection.commit()


class RoleRefused(WorkspaceError):
    """The server refused a statement to this login's role: a plain message instead of a driver traceback."""

    def __init__(self, role: Role | None, detail: str) -> None:
        self.role = role
        what = _object_of(detail)
        what_zh, what_en = (what, what) if what else ("这些数据", "this data")
        who_zh = f"你的角色（{ROLE_ZH[role]}）" if role else "你的登录名"
        who_en = f"Your role ({role.value})" if role else "Your login"
        super().__init__(Bilingual(
            f"{who_zh}不能读取或修改 {what_zh}：团队数据库拒绝了这一操作，什么都没有改动。需要时请找团队的所有者。",
            f"{who_en} cannot read or change {what_en}: the team database refused it and nothing was changed. "
            "Ask the team's owner if you need it."))


def is_refusal(error: BaseException) -> bool:
    return getattr(error, "sqlstate", None) == INSUFFICIENT_PRIVILEGE


def _object_of(detail: str) -> str | None:
    """'permission denied for table sku' → 'sku'; row-level security names its table too."""
    found = re.search(r'(?:for|on) (?:table|sequence|schema|view|relation|function) "?([\w.]+)"?', detail)
    return found.group(1) if found else None
