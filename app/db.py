"""The workspace database: engine, sessions, opening safely, migrations.

A workspace is one factory's data in one SQLite file (`*.fdw`). Opening one:
1. refuse a network path (WAL breaks there) with advice to copy it locally;
2. `quick_check` read-only — a damaged file is never written to (`WorkspaceDamaged`). A file that could
   not be checked is not damaged: it is in use, unreadable, on a full disk… (typed errors, no restore);
3. refuse a file that isn't a workspace, or one written by a newer app (`WorkspaceTooNew`);
4. where the file or its folder can't be written (read-only media, permissions, a full disk), open it
   read-only and say why (`Workspace.read_only_reason`);
5. back an older workspace up, then migrate it to the current schema.
Every connection goes to exactly the file named (a creator function, never a URL built from the path),
and every driver error that is really the environment's surfaces as a typed `WorkspaceError`.
SQLite-only details live in `app.sqlite_only`.

A team workspace is the same schema in a PostgreSQL database, opened from a `postgresql://user@host:port/db`
URL wherever a path is accepted (`open_workspace`); it is created with `init_team_database`. Its details
(credentials, the engine, migrations under a lock) live in `app.postgres_only`.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlmodel import Session

from app import APP_ID, postgres_only, postgres_roles, sqlite_only
from app.models.bilingual import Bilingual
from app.workspace_errors import (  # the WorkspaceError family, importable from here as it always was
    JOB_FAILURES,
    BackupTargetRefused,
    NetworkPathRefused,
    NotAWorkspace,
    Trouble,
    WorkspaceDamaged,
    WorkspaceDiskFull,
    WorkspaceError,
    WorkspaceExists,
    WorkspaceInUse,
    WorkspaceIOError,
    WorkspaceMigrationFailed,
    WorkspaceNoAccess,
    WorkspaceNotFound,
    WorkspaceReadOnly,
    WorkspaceTooNew,
    WorkspaceWrongSchema,
    error_for,
)

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = [
    "JOB_FAILURES",
    "BackupTargetRefused",
    "NetworkPathRefused",
    "NotAWorkspace",
    "Trouble",
    "Workspace",
    "WorkspaceDamaged",
    "WorkspaceDiskFull",
    "WorkspaceError",
    "WorkspaceExists",
    "WorkspaceIOError",
    "WorkspaceInUse",
    "WorkspaceMigrationFailed",
    "WorkspaceNoAccess",
    "WorkspaceNotFound",
    "WorkspaceReadOnly",
    "WorkspaceTooNew",
    "WorkspaceWrongSchema",
    "backup_before",
    "backup_folder_for",
    "create_workspace",
    "error_for",
    "open_workspace",
]

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
#: The schema revision this version of the app writes. Alembic is imported only when a workspace
#: needs migrating (it costs ~0.2 s at start-up); tests check this equals Alembic's head.
SCHEMA_REVISION = "0006"


def alembic_config() -> Config:
    """An Alembic configuration pointing at the app's migration scripts."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The schema revision this version of the app writes."""
    return SCHEMA_REVISION


def alembic_head_revision() -> str | None:
    """The head according to the migration scripts themselves (must equal SCHEMA_REVISION)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def known_revisions() -> set[str]:
    """Every revision this app knows how to migrate from."""
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def make_engine(path: Path, *, params: dict[str, str] | None = None,
                read_only: Trouble | None = None) -> sa.Engine:
    """An engine on exactly the file at `path`, with the safety pragmas on every pooled connection.

    Connections come from a creator function (`sqlite_only.connect`), never from a URL built from the path:
    `shop%20v2.fdw` stays `shop%20v2.fdw`. `params` opens read-only (`sqlite_only.READ_ONLY`/`IMMUTABLE`);
    `read_only` is why, so a write then fails with that reason. Every driver error that is the environment's
    (in use, read-only, no room, I/O, damage) surfaces as the typed WorkspaceError, wherever it happened.
    """
    target = Path(os.path.abspath(path))
    engine = sa.create_engine("sqlite://", creator=lambda: sqlite_only.connect(target, params),
                              poolclass=sa.pool.QueuePool,
                              execution_options={READ_ONLY_OPTION: read_only.value if read_only else None})
    pragmas = sqlite_only.apply_read_only_pragmas if params else sqlite_only.apply_connection_pragmas
    sa.event.listen(engine, "connect", pragmas)
    sa.event.listen(engine, "handle_error", _typed_errors(target, read_only))
    return engine


#: The engine's execution option that says a workspace is open read-only (the Trouble's value, or None).
READ_ONLY_OPTION = "workspace_read_only"


def is_read_only(engine: sa.Engine) -> bool:
    """True for the engine of a workspace opened read-only: derived data (the search index) isn't rebuilt."""
    return bool(engine.get_execution_options().get(READ_ONLY_OPTION))


def _typed_errors(path: Path, read_only: Trouble | None) -> Callable[[sa.engine.ExceptionContext], None]:
    """A `handle_error` listener: the environment's errors become typed WorkspaceErrors; bugs pass through."""
    def handle(context: sa.engine.ExceptionContext) -> None:
        error = context.original_exception
        if read_only is not None and (sqlite_only.trouble_of(error, path) is Trouble.READ_ONLY
                                      or "no such table: catalogue_" in str(error)):
            # a write, or the search index that a read-only workspace could not build: the reason says why
            raise error_for(read_only, path) from error
        sqlite_only.raise_trouble(error, path)

    return handle


def upgrade_to_head(engine: sa.Engine) -> None:
    """Run every pending migration in one transaction, with foreign keys off while tables are rebuilt.

    Batch mode rebuilds a table by copy, DROP, rename; with foreign keys on, that DROP runs the
    children's ON DELETE CASCADE (rebuilding `product` would delete every SKU). The pragma can't
    change inside a transaction, so it goes off first and `foreign_key_check` must be clean before
    the commit. The driver's own transaction handling would run DDL outside any transaction, so
    BEGIN is issued explicitly: a migration that fails leaves the file as it was.
    """
    from alembic import command

    config = alembic_config()
    if engine.dialect.name == "postgresql":
        postgres_only.upgrade_to_head(engine, _alembic_upgrade)
        return
    with engine.connect() as connection:
        driver = connection.connection.driver_connection
        if driver is None:  # only an invalidated connection has no driver connection behind it
            raise RuntimeError("the database connection was closed before the migration")
        isolation_level = driver.isolation_level
        driver.isolation_level = None  # no implicit BEGIN/COMMIT from the driver
        driver.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise RuntimeError(f"migration left broken references: {problems[:5]}")
        finally:
            driver.execute("PRAGMA foreign_keys=ON")
            driver.isolation_level = isolation_level


def _alembic_upgrade(connection: sa.Connection) -> None:
    """Alembic to head on `connection`, inside the caller's transaction."""
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def current_revision(engine: sa.Engine) -> str | None:
    """The revision recorded in the database, or None for a new file."""
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


@dataclass
class Workspace:
    """An open workspace: its file, its engine, and a way to get sessions.

    `read_only_trouble` is set when the file had to be opened read-only (it or its folder can't be written,
    or the disk is full); `read_only_reason()` says so in words, and any write fails with that reason."""

    path: Path
    engine: sa.Engine
    migrated_from: str | None = None
    pre_migration_backup: Path | None = None
    opened_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    read_only_trouble: Trouble | None = None
    #: The team database's URL (password never included: `postgres_only.without_password`), or None for a file.
    url: str | None = None
    _role: postgres_roles.Role | None = field(default=None, init=False, repr=False)
    _role_read: bool = field(default=False, init=False, repr=False)

    @property
    def is_team(self) -> bool:
        """True for a team workspace on PostgreSQL, False for a workspace file."""
        return self.url is not None

    @property
    def read_only(self) -> bool:
        return self.read_only_trouble is not None

    def read_only_reason(self) -> WorkspaceError | None:
        """Why this workspace is open read-only, as the error a write would raise (None: it isn't)."""
        return None if self.read_only_trouble is None else error_for(self.read_only_trouble, self.path)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits when the block ends normally and rolls back on an exception."""
        session = Session(self.engine, expire_on_commit=False)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @property
    def role(self) -> postgres_roles.Role | None:
        """What this login may do (issue #15): a workspace file's single user is its owner; a team login holds
        the role the server gave it when the workspace was opened (None: a login in none of the team's groups,
        which the server treats as it treats strangers)."""
        if self.url is None:
            return postgres_roles.Role.OWNER
        if not self._role_read:
            with self.engine.connect() as connection:
                self._role = connection.info.get(postgres_roles.ROLE_KEY)
            self._role_read = True
        return self._role

    @property
    def sees_costs(self) -> bool:
        """Whether costs, margins, plans and shop connections are for this login to see."""
        role = self.role
        return role is not None and role.sees_costs

    @property
    def may_write(self) -> bool:
        """Whether this login's role may change the workspace (false for sales). A file opened read-only says why
        when a write is tried (`read_only_reason`), as it always has."""
        role = self.role
        return role is not None and role.may_write

    def revision(self) -> str | None:
        return current_revision(self.engine)

    def close(self) -> None:
        """Release every connection; SQLite folds the WAL back into the file on the last close."""
        self.engine.dispose()


# --- creating -------------------------------------------------------------------------------------------------

def create_workspace(path: Path, fill: Callable[[Workspace], None] | None = None) -> Workspace:
    """Create a new workspace at `path`, filled by `fill`, and return it open; never overwrites.

    It is built under a temporary name beside `path` and moved into place only when complete, atomically
    and never over a file that appeared meanwhile: a crash or a kill leaves nothing at `path` (the next
    attempt is not blocked), and of two creators of one path the second fails without touching the
    first's file. A failed or cancelled `fill` leaves nothing behind.
    """
    path = Path(path)
    _refuse_network_path(path)
    _refuse_existing(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _refuse_unwritable_folder(path)
    _remove_stale_builds(path)
    temp = _building_name(path)
    try:
        _build(temp, fill)
        _publish(temp, path)
    finally:
        for leftover in (temp, *sqlite_only.companion_files(temp)):
            leftover.unlink(missing_ok=True)
    return open_workspace(path)


def _refuse_existing(path: Path) -> None:
    if path.exists():
        raise WorkspaceExists(Bilingual(f"文件已存在，不会覆盖：{path}",
                                        f"The file already exists and was not overwritten: {path}"))
    sqlite_only.refuse_live_companions(path)  # a stale -wal would be replayed into the new file


def _refuse_unwritable_folder(path: Path) -> None:
    trouble = sqlite_only.write_trouble(path)
    if trouble is Trouble.READ_ONLY:
        raise WorkspaceReadOnly(path, kind="target")
    if trouble is not None:
        raise error_for(trouble, path)


#: `.name.<pid>-<random>.building`: the process that builds it is in the name, so a later build can tell
#: a killed build's leftovers (removed) from one still running (left alone).
_BUILDING = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[0-9a-f]{6}\.building(-wal|-shm|-journal)?$")


def _building_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:6]}.building")


def _build(temp: Path, fill: Callable[[Workspace], None] | None) -> None:
    """Create, migrate and fill the workspace at `temp`, then close it with its WAL folded back in."""
    engine = make_engine(temp)
    try:
        with engine.begin() as connection:
            sqlite_only.stamp_application_id(connection.connection.driver_connection)
        upgrade_to_head(engine)
        if fill is not None:
            fill(Workspace(path=temp, engine=engine))
    finally:
        engine.dispose()
    if sqlite_only.wal_has_commits(temp):  # the last close could not fold the WAL back: don't publish half
        raise WorkspaceIOError(temp, "the journal could not be folded back into the file")
    with open(temp, "rb+") as handle:
        os.fsync(handle.fileno())


def _publish(temp: Path, path: Path) -> None:
    """Give the finished file its name without ever replacing one: a hard link fails if the name is taken."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise WorkspaceExists(Bilingual(f"文件已存在，不会覆盖：{path}",
                                        f"The file already exists and was not overwritten: {path}")) from None
    except OSError:  # no hard links here (FAT/exFAT): rename, which Windows refuses over an existing file
        _refuse_existing(path)
        os.rename(temp, path)
    _fsync_folder(path.parent)


def _remove_stale_builds(path: Path) -> None:
    """Remove what killed builds of `path` left beside it (their process is gone). POSIX only: Windows has
    no harmless way to ask whether a process id is alive, so leftovers stay there (hidden, never in the way)."""
    if sys.platform == "win32":
        return
    for sibling in path.parent.iterdir():
        match = _BUILDING.match(sibling.name)
        if match and match.group("name") == path.name and not _process_alive(int(match.group("pid"))):
            sibling.unlink(missing_ok=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, under another user
    return True


def _fsync_folder(folder: Path) -> None:
    """Make a rename or link durable (POSIX); Windows has no directory handles for this."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


# --- opening --------------------------------------------------------------------------------------------------

#: Tables every schema revision has had since the first: a file claiming to be a workspace without them is
#: some other program's file with our application_id.
CORE_TABLES = frozenset({"product", "sku", "category", "factory_profile", "blob"})


def open_workspace(path: Path | str, *, backup_dir: Path | None = None, password: str | None = None) -> Workspace:
    """Open an existing workspace safely (see the module docstring for the steps): a file, or a team
    database when `path` is a PostgreSQL URL (`password`: one typed for it, else the keyring's or libpq's)."""
    if postgres_only.is_url(path):
        return open_team_workspace(postgres_only.url_of(path), password=password)
    path = Path(path)
    _refuse_network_path(path)
    if not path.is_file():
        raise WorkspaceNotFound(Bilingual(f"找不到工作区文件：{path}", f"Workspace file not found: {path}"))
    healthy, detail = sqlite_only.check_file(path)
    if not healthy:
        raise WorkspaceDamaged(path, detail)
    if sqlite_only.read_application_id(path) != sqlite_only.APPLICATION_ID:
        raise NotAWorkspace(Bilingual(
            f"这不是工厂直营的工作区文件：{path.name}", f"This is not a Factory Direct workspace: {path.name}"))
    revision = sqlite_only.read_alembic_revision(path)
    _refuse_unknown_revision(path, revision)
    _refuse_wrong_schema(path, revision)
    params, forced = sqlite_only.reading_plan(path)
    trouble = forced or sqlite_only.write_trouble(path)
    if trouble in (Trouble.READ_ONLY, Trouble.NO_ROOM):
        return _open_read_only(path, revision, params, trouble)
    if trouble is not None:
        raise error_for(trouble, path, holders=sqlite_only.holders_of(path) if trouble is Trouble.BUSY else None)
    return _open_for_writing(path, revision, backup_dir)


def reopen_for_reading(path: Path | str) -> Workspace:
    """The workspace file another process of this app has open, checked and migrated (`open_workspace`), opened
    again read-only for a helper process (a pack build's worker, `listing/packs/groups.py`): without those
    steps — the check reads every page of the file, seconds on a workspace full of photos — and with every
    write refused, as on read-only media."""
    path = Path(path)
    trouble = Trouble.READ_ONLY
    return Workspace(path=path, engine=make_engine(path, params=sqlite_only.READ_ONLY, read_only=trouble),
                     read_only_trouble=trouble)


def workspace_exists(location: Path | str) -> bool:
    """True for an existing workspace file, and for any team URL (whether the server has it is checked on open,
    with its own message): what the command line asks before opening."""
    return postgres_only.is_url(location) or Path(location).is_file()


def open_team_workspace(url: str, *, password: str | None = None) -> Workspace:
    """Open the team workspace in the PostgreSQL database at `url`, migrating it when it is older.

    Refuses (typed errors) a server that can't be reached, a database that isn't a workspace (empty: run
    `team init`; or someone else's tables), and one written by a newer app. `password` is one typed by the user
    (see `postgres_only.make_engine` for where it comes from otherwise); it stays in the engine only."""
    engine = postgres_only.make_engine(url, password=password)
    try:
        postgres_only.connect_check(engine, url)
        with engine.connect() as connection:
            tables = postgres_only.user_tables(connection)
        revision = current_revision(engine) if "alembic_version" in tables else None
        label = postgres_only.label_path(url)
        if revision is None:
            shown = postgres_only.shown(url)
            raise NotAWorkspace(Bilingual(
                f"这个数据库还不是工厂直营的团队工作区：{shown}。请先运行 team init。",
                f"This database is not a Factory Direct team workspace yet: {shown}. Run `team init` first."))
        _refuse_unknown_revision(label, revision)
        missing = sorted(CORE_TABLES - tables)
        if missing:
            raise WorkspaceWrongSchema(label, missing)
        workspace = Workspace(path=label, engine=engine, url=postgres_only.without_password(url))
        if revision != head_revision():
            upgrade_to_head(engine)  # one transaction under an advisory lock (see app.postgres_only)
            workspace.migrated_from = revision
            log.info("migrated %s from %s to %s", label, revision, head_revision())
        return workspace
    except BaseException:
        engine.dispose()
        raise


def init_team_database(url: str) -> tuple[Workspace, bool]:
    """Create the schema (Alembic head) in the empty database at `url` and open it; (workspace, created).

    Idempotent: a database that already is a team workspace is opened (and migrated if older), created=False.
    A database holding tables that aren't a workspace's is refused (`postgres_only.NotEmpty`), untouched."""
    engine = postgres_only.make_engine(url)
    try:
        postgres_only.connect_check(engine, url)
        with engine.connect() as connection:
            tables = postgres_only.user_tables(connection)
        if "alembic_version" not in tables and tables:
            names = ", ".join(sorted(tables)[:4])
            shown = postgres_only.shown(url)
            raise postgres_only.NotEmpty(Bilingual(
                f"数据库 {shown} 里已有别的数据表（{names}），没有改动它。请用一个空数据库。",
                f"The database {shown} already holds other tables ({names}) and was not changed; "
                "use an empty database."))
        created = not tables
        if created:
            upgrade_to_head(engine)
    finally:
        engine.dispose()
    return open_team_workspace(url), created


def _refuse_wrong_schema(path: Path, revision: str | None) -> None:
    if revision is None:
        return  # a new file whose first migration never ran: migrating creates the tables
    missing = sorted(CORE_TABLES - sqlite_only.table_names(path))
    if missing:
        raise WorkspaceWrongSchema(path, missing)


def _open_read_only(path: Path, revision: str | None, params: dict[str, str], trouble: Trouble) -> Workspace:
    """Where nothing can be written, a current workspace opens read-only; an older one can't be migrated."""
    if revision != head_revision():
        raise WorkspaceReadOnly(path, kind="migrate") if trouble is Trouble.READ_ONLY else error_for(trouble, path)
    engine = make_engine(path, params=params or sqlite_only.READ_ONLY, read_only=trouble)
    log.info("opened %s read-only (%s)", path, trouble.value)
    return Workspace(path=path, engine=engine, read_only_trouble=trouble)


def _open_for_writing(path: Path, revision: str | None, backup_dir: Path | None) -> Workspace:
    engine = make_engine(path)
    workspace = Workspace(path=path, engine=engine)
    if revision != head_revision():
        try:
            workspace.pre_migration_backup = _migrate(path, revision, backup_dir, engine)
        except BaseException:
            engine.dispose()
            raise
        workspace.migrated_from = revision
        log.info("migrated %s from %s to %s", path, revision, head_revision())
    return workspace


def _migrate(path: Path, revision: str | None, backup_dir: Path | None, engine: sa.Engine) -> Path:
    """Back the workspace up, then migrate it; returns the backup. The migration runs in one transaction,
    so a failed one leaves the file as it was, and the next attempt reuses this backup instead of taking
    another full copy (see `_migration_backup`)."""
    backup = _migration_backup(path, revision, backup_dir, engine)
    try:
        upgrade_to_head(engine)
    except BaseException as error:
        engine.dispose()
        _mark_if_unchanged(path, revision, backup)
        if isinstance(error, WorkspaceError) or not isinstance(error, Exception):
            raise
        sqlite_only.raise_trouble(error, path)
        log.exception("migrating %s from %s failed", path, revision)
        raise WorkspaceMigrationFailed(path, f"{type(error).__name__}: {error}") from error
    return backup


def _migration_backup(path: Path, revision: str | None, backup_dir: Path | None, engine: sa.Engine) -> Path:
    """The backup to take before migrating from `revision`: an earlier attempt's when the workspace has not
    changed since (it mirrors the file — see `_mark_mirror`), else a new one. Kept until the user removes it."""
    with engine.connect():  # the connection pragmas switch an old rollback-journal file to WAL: done first,
        pass                # so that this header-only change doesn't count as a change of the workspace
    engine.dispose()
    sqlite_only.fold_wal(path)  # a killed attempt's uncommitted pages go; committed ones count as a change
    step = f"migration-{revision or 'none'}"
    folder = backup_dir or backup_folder_for(path)
    pattern = f"{_glob_escape(path.stem)}{KEPT_UNTIL_REMOVED}{step}-*{_glob_escape(path.suffix)}"
    for earlier in sorted(folder.glob(pattern), reverse=True):
        if _mirrors(earlier, path) and sqlite_only.check_file(earlier) == (True, "ok"):
            log.info("reusing %s: %s has not changed since it was taken", earlier, path)
            return earlier
    backup = backup_before(path, step, backup_dir)
    _mark_mirror(backup, path)
    return backup


def _mark_mirror(backup: Path, path: Path) -> None:
    """Record on `backup` that it holds what `path` holds now: the backup takes the workspace file's
    modification time (to the nanosecond). While the workspace keeps that time and size, it is unchanged."""
    state = path.stat()
    os.utime(backup, ns=(state.st_atime_ns, state.st_mtime_ns))


def _mirrors(backup: Path, path: Path) -> bool:
    try:
        mine, theirs = backup.stat(), path.stat()
    except OSError:
        return False
    return mine.st_mtime_ns == theirs.st_mtime_ns and mine.st_size == theirs.st_size


def _mark_if_unchanged(path: Path, revision: str | None, backup: Path) -> None:
    """After a failed migration: once the workspace is verified unchanged (healthy, still at `revision`), mark
    the backup as its mirror again (closing may have folded the WAL back in and touched the file)."""
    try:
        if sqlite_only.check_file(path) == (True, "ok") and sqlite_only.read_alembic_revision(path) == revision:
            sqlite_only.fold_wal(path)
            _mark_mirror(backup, path)
    except Exception:  # noqa: BLE001 - the next attempt then takes a fresh backup, which is safe
        log.warning("could not verify %s after a failed migration", path, exc_info=True)


def _glob_escape(text: str) -> str:
    """`text` with glob's special characters matched literally (a workspace may be named `a[1].fdw`)."""
    return re.sub(r"([*?\[])", r"[\1]", text)


#: Backups named `<stem>.before-<step>-<time>` are taken before a destructive step (a migration, a bundle
#: import replacing the workspace): thinning never deletes them; they stay until the user removes them.
KEPT_UNTIL_REMOVED = ".before-"


def backup_before(path: Path, step: str, backup_dir: Path | None = None) -> Path:
    """An online backup of `path` taken before `step` (see KEPT_UNTIL_REMOVED); never replaces an earlier one."""
    folder = backup_dir or backup_folder_for(path)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}{KEPT_UNTIL_REMOVED}{step}-{stamp}{path.suffix}"
    counter = 1
    while target.exists():
        target = folder / f"{path.stem}{KEPT_UNTIL_REMOVED}{step}-{stamp}-{counter}{path.suffix}"
        counter += 1
    sqlite_only.online_backup(path, target)
    return target


def typed_error(error: BaseException, path: Path | None = None) -> WorkspaceError | None:
    """The typed error for a file or database error that is the environment's (a full disk, a read-only
    folder, a file in use…) — so it reads as one plain line, not a traceback — or None for anything else.
    `path` is the file concerned when the error doesn't name one."""
    named = getattr(error, "filename", None) or path
    where = Path(named) if named else Path.cwd() / "?"
    trouble = sqlite_only.trouble_of(error, where)
    if trouble is None:
        return None
    if trouble is Trouble.READ_ONLY and isinstance(error, OSError):
        return WorkspaceReadOnly(where, kind="target")  # a file being written, not an open workspace
    return error_for(trouble, where, str(error))


def backup_folder_for(path: Path) -> Path:
    """Where a workspace's backups go: a folder beside it, or under the user data dir if that's read-only."""
    path = Path(path).resolve()
    beside = path.parent / f"{path.stem}-backups"
    if _writable_folder(beside):
        return beside
    import hashlib

    import platformdirs

    digest = hashlib.sha256(str(path).encode("utf-8")).hexdigest()[:12]
    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False)) / "backups" / f"{path.stem}-{digest}"


def _writable_folder(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return sqlite_only.write_trouble(folder / "probe") is None


def _refuse_network_path(path: Path) -> None:
    if sqlite_only.is_network_path(path):
        raise NetworkPathRefused(Bilingual(
            f"工作区在网络位置上：{path}。网络盘上的数据库容易损坏，请先把文件复制到本机（例如“文档”文件夹）再打开。",
            f"The workspace is on a network location: {path}. Databases on network drives get damaged; "
            "copy the file to this computer (for example to Documents) and open the copy.",
        ))


def _refuse_unknown_revision(path: Path, revision: str | None) -> None:
    if revision is None or revision == head_revision() or revision in known_revisions():
        return
    raise WorkspaceTooNew(Bilingual(
        f"这个工作区由更新版本的工厂直营保存（数据版本 {revision}），请先升级软件再打开。文件没有被改动。",
        f"This workspace was saved by a newer version of Factory Direct (schema {revision}). "
        "Update the app to open it; the file was not changed.",
    ))
