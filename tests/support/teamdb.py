"""A team database with its group roles and one login per named role, on the session's throwaway cluster
(tests/support/pgcluster.py), for the tests of issue #15 that open the app as a login rather than the superuser.

Roles are cluster-wide, so each team's logins carry a random prefix; `drop()` removes the database, the logins
and the group roles."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pgcluster
import psycopg
from psycopg import sql

from app.services.workspace import roles
from app.services.workspace.roles import Role


@dataclass
class Team:
    cluster: Any
    database: str
    prefix: str
    passwords: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        """The superuser's URL (its password comes from PGPASSWORD)."""
        return str(self.cluster.url(self.database))

    def login(self, name: str) -> str:
        return self.prefix + name

    def login_url(self, name: str) -> str:
        """The URL a team member opens the workspace with (password included, as typed into a connect box)."""
        return (f"postgresql://{self.login(name)}:{self.passwords[name]}@127.0.0.1:{self.cluster.port}/"
                f"{self.database}")

    def add(self, name: str, role: Role) -> None:
        self.passwords[name] = f"{name}-" + uuid.uuid4().hex
        roles.add_user(self.url, self.login(name), role, self.passwords[name])

    def connect(self, name: str, password: str | None = None) -> psycopg.Connection[Any]:
        """A raw autocommit connection as the login (not the app)."""
        return psycopg.connect(host="127.0.0.1", port=self.cluster.port, dbname=self.database,
                               user=self.login(name), password=password or self.passwords[name], autocommit=True)

    def admin(self) -> psycopg.Connection[Any]:
        return psycopg.connect(self.url, password=pgcluster.PASSWORD, autocommit=True)

    def drop(self) -> None:
        with psycopg.connect(self.cluster.url(), password=pgcluster.PASSWORD, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.database)))
            leftovers = admin.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE %s OR rolname LIKE %s",
                                      (f"{self.prefix}%", f"fd_{self.database}_%")).fetchall()
            for (name,) in leftovers:
                admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))


def new_database(cluster: Any) -> Team:
    """An empty database (no schema, no roles) with a fresh name and login prefix."""
    suffix = uuid.uuid4().hex[:8]
    team = Team(cluster, f"fd_team_{suffix}", prefix=f"t{suffix}_")
    with psycopg.connect(cluster.url(), password=pgcluster.PASSWORD, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(team.database)))
    return team


def demo_team(cluster: Any, folder: Path, logins: dict[str, Role]) -> Team:
    """The demo workspace uploaded into a new team database, `team init`'s roles and grants, and the logins."""
    from app.services.workspace.demo import create_demo_workspace
    from app.services.workspace.team import upload

    team = new_database(cluster)
    demo = folder / "demo.fdw"
    create_demo_workspace(demo).close()
    upload(demo, team.url)
    roles.install(team.url)
    for name, role in logins.items():
        team.add(name, role)
    return team
