"""How the shell names a workspace location, a file path or a team database URL, without loading SQLAlchemy (the
welcome page and the recent menu are drawn before the database code is imported: start-up time).

A team workspace is remembered by its URL without the password (`postgres_only.without_password`); the folded form
a `pathlib.Path` makes of it (`postgresql:/u@h/db`) is understood too.
"""

from __future__ import annotations

from pathlib import Path

_SCHEMES = ("postgresql:", "postgres:")


def is_team(location: str) -> bool:
    """True for a PostgreSQL URL (a team workspace), also one folded by `pathlib.Path`."""
    return location.startswith(_SCHEMES)


def team_label(location: str) -> str:
    """`user@host:port/db` of a team URL: no scheme, no password, no parameters (`?sslmode=…`)."""
    rest = location.split(":", 1)[1].lstrip("/").replace("\\", "/")
    rest = rest.split("?", 1)[0]
    who, at, where = rest.rpartition("@")
    user = who.split(":", 1)[0]
    host_db = where if at else rest
    if "/" in host_db:
        host, database = host_db.split("/", 1)
    else:
        host, database = host_db, ""
    if ":" not in host.rsplit("]", 1)[-1]:
        host = f"{host or 'localhost'}:5432"
    return f"{user}@{host}/{database}" if user else f"{host}/{database}"


def short_name(location: str) -> str:
    """A workspace's short name: the file's name, or a team database's name."""
    if is_team(location):
        return team_label(location).rsplit("/", 1)[-1]
    return Path(location).name
