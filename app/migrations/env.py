"""Alembic environment: runs on the connection app.db hands over (no alembic.ini needed)."""

from __future__ import annotations

from alembic import context

import app.models  # noqa: F401  (registers every table on the metadata)
from app.models.base import metadata

config = context.config
connection = config.attributes.get("connection")

if connection is None:  # pragma: no cover - only reached by `alembic` run by hand
    raise RuntimeError("run migrations through app.db.upgrade_to_head()")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,   # SQLite can't ALTER most things: batch mode copies tables
    compare_type=True,
    # The catalogue search index (catalogue_*) is derived, SQLite-only data that
    # app.services.catalogue.search rebuilds on open: it is not part of the migrated schema.
    include_name=lambda name, type_, parents: not (type_ == "table" and str(name).startswith("catalogue_")),
)
with context.begin_transaction():
    context.run_migrations()
