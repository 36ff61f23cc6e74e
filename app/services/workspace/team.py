"""Moving a workspace between a file and a team database (issue #14): `team upload`, `team download` and the
backup of a team workspace. No Qt; the CLI and (later) the GUI call these.

- Upload copies every table of the app's schema, blobs included, into a team database that holds no data yet,
  in one transaction: it fails whole or not at all (the schema `team init` created stays; the upload can be
  run again). The ids are kept, so every reference stays as it was; the sequences are moved past them.
- Download reads the team database in one REPEATABLE READ, read-only transaction, so the file is one
  consistent moment even while colleagues keep editing; the file is built under a temporary name and
  published only when complete (`create_workspace`), so a failure leaves nothing behind.
The derived search tables are not copied: each side rebuilds them from the products.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

import app.models  # noqa: F401  (registers every table on the metadata)
from app import postgres_only
from app.db import Workspace, create_workspace, init_team_database, open_workspace
from app.models.base import metadata
from app.models.bilingual import Bilingual
from app.services.catalogue.search import ensure_search_index

Progress = Callable[[int, int], None]
#: Rows per INSERT round trip.
CHUNK = 1000


@dataclass(frozen=True)
class CopyReport:
    """Rows per table on each side after a copy (they must be equal; the CLI prints both)."""

    source: dict[str, int]
    target: dict[str, int]

    @property
    def complete(self) -> bool:
        return self.source == self.target


def upload(source: Path, url: str, progress: Progress | None = None) -> CopyReport:
    """Copy the workspace file `source` into the team database at `url` (created by `team init` if empty).

    Refuses (`postgres_only.NotEmpty`) a team database that already holds data: merging is not copying."""
    local = open_workspace(source)
    try:
        team, _created = init_team_database(url)
        try:
            _refuse_data(team, url)
            with local.engine.connect() as reader, team.engine.begin() as writer:
                _copy_tables(reader, writer, progress)
                _move_sequences_past_ids(writer)
                writer.exec_driver_sql("ANALYZE")  # statistics for the planner now, not at autovacuum's leisure
            ensure_search_index(team.engine)
            return CopyReport(row_counts(local.engine), row_counts(team.engine))
        finally:
            team.close()
    finally:
        local.close()


def download(url: str, target: Path, progress: Progress | None = None) -> CopyReport:
    """Write one consistent snapshot of the team database at `url` as a new workspace file at `target`."""
    team = open_workspace(url)
    try:
        with team.engine.connect().execution_options(isolation_level="REPEATABLE READ") as reader, reader.begin():
            reader.exec_driver_sql("SET TRANSACTION READ ONLY")
            source_counts = _counts(reader)

            def fill(workspace: Workspace) -> None:
                with workspace.engine.begin() as writer:
                    _copy_tables(reader, writer, progress)

            local = create_workspace(target, fill=fill)
        try:
            ensure_search_index(local.engine)
            return CopyReport(source_counts, row_counts(local.engine))
        finally:
            local.close()
    finally:
        team.close()


def row_counts(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return _counts(connection)


def _counts(connection: sa.Connection) -> dict[str, int]:
    return {table.name: int(connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())
            for table in metadata.sorted_tables}


def _refuse_data(team: Workspace, url: str) -> None:
    filled = {name: count for name, count in row_counts(team.engine).items() if count}
    if filled:
        label = postgres_only.redacted(url)
        names = ", ".join(f"{name} ({count})" for name, count in sorted(filled.items())[:4])
        raise postgres_only.NotEmpty(Bilingual(
            f"团队数据库 {label} 里已经有数据（{names}），没有改动它。上传只能用于空的团队数据库。",
            f"The team database {label} already holds data ({names}) and was not changed; "
            "upload only into an empty team database."))


def _copy_tables(reader: sa.Connection, writer: sa.Connection, progress: Progress | None) -> None:
    """Every table of the schema, parents before children, in chunks, ids kept."""
    tables = metadata.sorted_tables
    for done, table in enumerate(tables):
        result = reader.execute(sa.select(table)).mappings()
        while rows := result.fetchmany(CHUNK):
            writer.execute(sa.insert(table), [dict(row) for row in rows])
        if progress is not None:
            progress(done + 1, len(tables))


def _move_sequences_past_ids(writer: sa.Connection) -> None:
    """PostgreSQL hands out ids from sequences that explicit inserts don't advance: move each past the max."""
    for table in metadata.sorted_tables:
        if "id" not in table.c or not isinstance(table.c.id.type, sa.Integer):
            continue
        writer.execute(sa.text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"))
