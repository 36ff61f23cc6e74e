"""The workspace database: engine, sessions, opening safely, migrations.

A workspace is one factory's data in one SQLite file (`*.fdw`). Opening one:
1. refuse a network path (WAL breaks there) with advice to copy it locally;
2. `quick_check` read-only — a damaged file is never written to (`WorkspaceDamaged`);
3. refuse a file that isn't a workspace, or one written by a newer app (`WorkspaceTooNew`);
4. back an older workspace up, then migrate it to the current schema.
SQLite-only details live in `app.sqlite_only`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlmodel import Session

from app import APP_ID, sqlite_only
from app.models.bilingual import Bilingual, UserFacingError

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
#: The schema revision this version of the app writes. Alembic is imported only when a workspace
#: needs migrating (it costs ~0.2 s at start-up); tests check this equals Alembic's head.
SCHEMA_REVISION = "0005"


class WorkspaceError(UserFacingError):
    """A workspace can't be opened or used; the message says why and what to do."""


class WorkspaceNotFound(WorkspaceError):
    pass


class NotAWorkspace(WorkspaceError):
    pass


class NetworkPathRefused(WorkspaceError):
    pass


class WorkspaceTooNew(WorkspaceError):
    pass


class WorkspaceExists(WorkspaceError):
    pass


class WorkspaceDamaged(WorkspaceError):
    """The file failed its check. Nothing was written; `detail` is SQLite's own finding."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(Bilingual(
            f"工作区文件已损坏，软件没有写入它：{path.name}（{detail}）。可以从最近的完好备份恢复。",
            f"The workspace file is damaged and was not written to: {path.name} ({detail}). "
            "You can restore the newest good backup.",
        ))
        self.path = path
        self.detail = detail


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


def make_engine(path: Path) -> sa.Engine:
    """An engine on a workspace file with the safety pragmas on every pooled connection."""
    engine = sa.create_engine(f"sqlite:///{Path(path)}", future=True)
    sa.event.listen(engine, "connect", sqlite_only.apply_connection_pragmas)
    return engine


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
    with engine.connect() as connection:
        driver = connection.connection.driver_connection
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


def current_revision(engine: sa.Engine) -> str | None:
    """The revision recorded in the database, or None for a new file."""
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


@dataclass
class Workspace:
    """An open workspace: its file, its engine, and a way to get sessions."""

    path: Path
    engine: sa.Engine
    migrated_from: str | None = None
    pre_migration_backup: Path | None = None
    opened_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

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

    def revision(self) -> str | None:
        return current_revision(self.engine)

    def close(self) -> None:
        """Release every connection; SQLite folds the WAL back into the file on the last close."""
        self.engine.dispose()


def create_workspace(path: Path) -> Workspace:
    """Create a new, empty workspace at `path` (refuses to overwrite)."""
    path = Path(path)
    _refuse_network_path(path)
    if path.exists():
        raise WorkspaceExists(Bilingual(f"文件已存在，不会覆盖：{path}", f"The file already exists and was not overwritten: {path}"))
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(path)
    with engine.begin() as connection:
        sqlite_only.stamp_application_id(connection.connection.driver_connection)
    upgrade_to_head(engine)
    return Workspace(path=path, engine=engine)


def open_workspace(path: Path, *, backup_dir: Path | None = None) -> Workspace:
    """Open an existing workspace safely (see the module docstring for the steps)."""
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
    engine = make_engine(path)
    workspace = Workspace(path=path, engine=engine)
    if revision != head_revision():
        workspace.pre_migration_backup = _backup_before_migration(path, revision, backup_dir)
        upgrade_to_head(engine)
        workspace.migrated_from = revision
        log.info("migrated %s from %s to %s", path, revision, head_revision())
    return workspace


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
        probe = folder / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
        return True
    except OSError:
        return False


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


def _backup_before_migration(path: Path, revision: str | None, backup_dir: Path | None) -> Path:
    folder = backup_dir or backup_folder_for(path)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}.before-migration-{revision or 'none'}-{stamp}{path.suffix}"
    sqlite_only.online_backup(path, target)
    return target
