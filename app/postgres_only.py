"""PostgreSQL-only details of a team workspace (the twin of `app.sqlite_only`): URLs, credentials, the engine,
migrations under an advisory lock, what an empty or foreign database looks like, and the typed errors.

A team workspace is named by a libpq URL, `postgresql://user@host:port/db` (`?sslmode=require` and the other
libpq parameters pass through). The password is never part of what the app stores or prints: it comes from the
system keyring (service `KEYRING_SERVICE`, entry `postgresql://user@host:port`; the GUI's team dialog stores it
there through `app.services.workspace.team_login`, and `keyring_password` is the one lookup for the GUI and the
command line alike), or else libpq finds it itself in `PGPASSWORD` or `.pgpass`. A password typed in the dialog
without "remember" is handed to `make_engine` and lives only in the engine. Everything shown or logged goes
through `redacted(url)`; what is remembered (recent list, settings) is `without_password(url)`.

Why PostgreSQL needs less ceremony than SQLite here: DDL is transactional, so a migration runs in one ordinary
transaction and a failure leaves the schema as it was (no backup copy first, no foreign keys switched off);
two users opening an old team workspace at once are serialised by an advisory lock, and the second finds the
schema already current.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from app import postgres_roles
from app.models.bilingual import Bilingual
from app.workspace_errors import NotAWorkspace, WorkspaceError

log = logging.getLogger(__name__)

SCHEMES = ("postgresql://", "postgres://")
#: Where team passwords are kept: the app's keyring service, shared with the shop secrets (app.services.shops.secrets),
#: entry `postgresql://user@host:port` (a shop's entries are `<shop URL> <kind>`: they never collide).
KEYRING_SERVICE = "FactoryDirect"
#: Seconds libpq waits for a server to answer a connection (its default is forever: a host that drops packets
#: would freeze whoever asked). A `connect_timeout` in the URL wins.
CONNECT_TIMEOUT_S = 10
#: The advisory lock that serialises migrations of one database (any fixed 64-bit number of our own).
MIGRATION_LOCK = 0x46445F4D494752  # "FD_MIGR"


class ServerUnreachable(WorkspaceError):
    """The server did not answer, refused the login, or has no such database."""

    def __init__(self, url: str, detail: str) -> None:
        where = redacted(url)
        super().__init__(Bilingual(f"连接不上团队数据库 {where}：{detail}",
                                   f"Could not connect to the team database {where}: {detail}"))


class TextNotStorable(WorkspaceError):
    """Text with a NUL character: PostgreSQL text cannot hold one (a workspace file can). Nothing was saved."""

    def __init__(self) -> None:
        super().__init__(Bilingual("文字里有空字符（NUL，\\x00），团队数据库不能保存它。请删掉后再保存；什么都没有保存。",
                                   "The text contains a NUL character (\\x00), which a team database cannot store. "
                                   "Remove it and save again; nothing was saved."))


class NotEmpty(NotAWorkspace):
    """`team init` or `team upload` on a database that already holds something else (or already data)."""


# --- URLs ----------------------------------------------------------------------------------------------------

def is_url(location: str | PurePath) -> bool:
    """True for a PostgreSQL URL, including one that went through `pathlib.Path` (which folds `//` into `/`:
    command-line arguments are parsed as paths, so `postgresql://u@h/db` arrives as `postgresql:/u@h/db`)."""
    text = str(location)
    return text.startswith(SCHEMES) or text.startswith(("postgresql:/", "postgres:/"))


def url_of(location: str | PurePath) -> str:
    """The URL as the user wrote it, undoing `pathlib.Path`'s folding of `//` (see `is_url`)."""
    text = str(location).replace("\\", "/")
    scheme, _, rest = text.partition(":")
    return f"{scheme}://{rest.lstrip('/')}"


def shown(location: str | PurePath) -> str:
    """A workspace location as messages show it: a URL as written (its `//` back) with any password masked."""
    return redacted(url_of(location)) if is_url(location) else str(location)


def redacted(url: str) -> str:
    """The URL with any password replaced by ***: what may be shown, logged or stored."""
    try:
        return make_url(_driver_url(url)).set(drivername="postgresql").render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a URL SQLAlchemy can't parse is shown without its user part
        return url.split("@")[-1]


def without_password(url: str) -> str:
    """The URL with any password removed (not masked): what is remembered (the recent list) and opened again,
    the password then coming from the keyring or libpq."""
    try:
        parsed = make_url(_driver_url(url))  # URL.set(password=None) would keep it: None means "unchanged" there
        return sa.URL.create("postgresql", username=parsed.username, host=parsed.host, port=parsed.port,
                             database=parsed.database, query=parsed.query).render_as_string(hide_password=False)
    except Exception:  # noqa: BLE001 - unparsable: the redacted form, never the password
        return redacted(url)


def label_path(url: str) -> Path:
    """A `Path` standing for the team workspace where code expects one (window titles, recent lists)."""
    return Path(redacted(url))


def _driver_url(url: str) -> str:
    for scheme in SCHEMES:
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme):]
    raise ValueError(f"not a PostgreSQL URL: {redacted(url) if '@' in url else url}")


def keyring_entry(url: sa.URL) -> str:
    """The keyring entry of a login: one per user and server (a PostgreSQL login spans its databases)."""
    return f"postgresql://{url.username}@{url.host or 'localhost'}:{url.port or 5432}"


def keyring_password(url: sa.URL) -> str | None:
    """The password saved for this user and server, or None (libpq then tries PGPASSWORD and .pgpass)."""
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, keyring_entry(url))
    except Exception:  # noqa: BLE001 - no keyring backend (a headless machine): libpq's own sources remain
        return None


# --- the engine ----------------------------------------------------------------------------------------------

def make_engine(url: str, *, password: str | None = None, **options: Any) -> sa.Engine:
    """An engine on the database at `url` (psycopg 3). A password in the URL wins; else `password` (typed in the
    team dialog and not remembered); else the keyring's; else libpq's PGPASSWORD / .pgpass. Driver errors about
    the server become `ServerUnreachable`."""
    target = make_url(_driver_url(url))
    if target.password is None:
        chosen = password or keyring_password(target)
        if chosen:
            target = target.set(password=chosen)
    if "connect_timeout" not in target.query:
        target = target.update_query_dict({"connect_timeout": str(CONNECT_TIMEOUT_S)})
    engine = sa.create_engine(target, pool_pre_ping=True, **options)
    sa.event.listen(engine, "handle_error", _typed_errors(url))
    sa.event.listen(engine, "connect", _session_settings)
    sa.event.listen(engine, "connect", postgres_roles.remember_role)  # the team role, read at connect time
    return engine


def _session_settings(driver_connection: Any, _record: Any) -> None:
    """Per-session planner costs for what a factory's server is: data on an SSD or in the cache.

    PostgreSQL's default random_page_cost (4.0) models spinning disks; with it the planner scans all
    10,000 search documents (20 ms) rather than use the pg_trgm index (2 ms) for a selective term
    (bench/team.py). 1.1 is the usual SSD setting. Set per session (a SET, not a startup option, which
    connection poolers such as PgBouncer refuse), so nothing on the server changes."""
    with driver_connection.cursor() as cursor:
        cursor.execute("SET random_page_cost = 1.1")
    driver_connection.commit()


def _typed_errors(url: str) -> Callable[[sa.engine.ExceptionContext], None]:
    def handle(context: sa.engine.ExceptionContext) -> None:
        error = context.original_exception
        if context.is_disconnect or is_connection_error(error):
            raise ServerUnreachable(url, first_line(error)) from error
        if "cannot contain NUL" in str(error):
            raise TextNotStorable() from error
        if postgres_roles.is_refusal(error):  # the login's role may not do this: a message, not a traceback
            role = context.connection.info.get(postgres_roles.ROLE_KEY) if context.connection is not None else None
            raise postgres_roles.RoleRefused(role, first_line(error)) from error

    return handle


def is_connection_error(error: BaseException) -> bool:
    import psycopg

    return isinstance(error, psycopg.OperationalError) and getattr(error, "sqlstate", None) in (
        None, "08000", "08001", "08003", "08004", "08006", "28000", "28P01", "3D000", "57P01", "57P03")


def first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def connect_check(engine: sa.Engine, url: str) -> None:
    """Connect once, so an unreachable server is reported before anything else is tried."""
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except ServerUnreachable:
        raise
    except sa.exc.OperationalError as error:
        raise ServerUnreachable(url, first_line(error.orig or error)) from error


# --- schema --------------------------------------------------------------------------------------------------

def user_tables(connection: sa.Connection) -> set[str]:
    """The tables in the database's public schema."""
    return set(connection.execute(sa.text(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).scalars())


def lock_until_commit(connection: sa.Connection, name: str) -> None:
    """Wait for, then hold until this transaction ends, the team-wide lock called `name`: two users doing the
    same numbered thing at once (approving one channel's prices) take turns instead of colliding on the number."""
    connection.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": f"fd:{name}"})


def upgrade_to_head(engine: sa.Engine, upgrade: Callable[[sa.Connection], None]) -> None:
    """Run `upgrade(connection)` (Alembic to head) in one transaction, under the migration advisory lock, with
    pg_trgm installed first (the search index needs it; it is a trusted extension since PostgreSQL 13)."""
    with engine.begin() as connection:
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        upgrade(connection)


def server_user(engine: sa.Engine) -> str:
    """Who the server says we are (for the status bar and the audit trail)."""
    with engine.connect() as connection:
        return str(connection.exec_driver_sql("SELECT current_user").scalar())


def login_of(engine: sa.Engine) -> tuple[str, postgres_roles.Role | None]:
    """Who the server says we are and the team role the login holds (read when the connection was made): what
    the status bar shows."""
    with engine.connect() as connection:
        user = str(connection.exec_driver_sql("SELECT current_user").scalar())
        role: postgres_roles.Role | None = connection.info.get(postgres_roles.ROLE_KEY)
        return user, role
