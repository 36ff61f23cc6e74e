"""Live changes on a team workspace (issue #14): which products other users changed, as it happens.

PostgreSQL row triggers on `product`, `sku` and `product_image` send the product's id on the `fd_changes`
channel (`pg_notify`); the server delivers a transaction's notifications when it commits, once per distinct
product (identical notifications of one transaction are merged, so an import of 100,000 SKUs sends one per
product, not per row). `ChangeListener` holds one dedicated connection that LISTENs: its `fileno()` is what a
GUI watches (a `QSocketNotifier`), and `changed_products()` drains what arrived without waiting. The app's own
writes arrive too; a view that just saved may skip its own refresh or not care.

The triggers are derived objects like the search index: `ensure_change_notifications` creates them when
missing (on open), outside the Alembic schema. A workspace file has no other writers: nothing to listen to.
"""

from __future__ import annotations

import sqlalchemy as sa

CHANNEL = "fd_changes"

#: table -> the column naming the product a row belongs to
_TABLES = {"product": "id", "sku": "product_id", "product_image": "product_id"}


def _function(table: str, column: str) -> str:
    return (f"CREATE OR REPLACE FUNCTION fd_notify_{table}() RETURNS trigger LANGUAGE plpgsql AS $fd$ BEGIN "
            f"IF TG_OP = 'DELETE' THEN PERFORM pg_notify('{CHANNEL}', OLD.{column}::text); "
            f"ELSE PERFORM pg_notify('{CHANNEL}', NEW.{column}::text); END IF; RETURN NULL; END $fd$")


def ensure_change_notifications(engine: sa.Engine) -> bool:
    """Create the notifying triggers of a team workspace if any is missing; True when it created them.
    Cheap when present (one catalogue query): creating a trigger locks its table against writes briefly."""
    if engine.dialect.name != "postgresql":
        return False
    names = {f"fd_notify_{table}" for table in _TABLES}
    with engine.connect() as connection:
        present = set(connection.exec_driver_sql("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal").scalars())
    if names <= present:
        return False
    with engine.begin() as connection:
        for table, column in _TABLES.items():
            connection.exec_driver_sql(_function(table, column))
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS fd_notify_{table} ON {table}")
            connection.exec_driver_sql(f"CREATE TRIGGER fd_notify_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                                       f"FOR EACH ROW EXECUTE FUNCTION fd_notify_{table}()")
    return True


class ChangeListener:
    """One LISTENing connection to a team workspace's database (the engine's credentials, not its pool)."""

    def __init__(self, engine: sa.Engine) -> None:
        import psycopg
        from psycopg.conninfo import make_conninfo

        url = engine.url
        parameters = {**url.translate_connect_args(username="user", database="dbname"), **url.query}
        conninfo = make_conninfo("", **{key: str(value) for key, value in parameters.items()})
        self._connection = psycopg.connect(conninfo, autocommit=True)
        self._connection.execute(f"LISTEN {CHANNEL}")

    def fileno(self) -> int:
        """The socket to watch: readable when notifications (or anything else) arrived."""
        return self._connection.fileno()

    def changed_products(self) -> set[int]:
        """The products changed since the last call (by anyone), without waiting."""
        return {int(notice.payload) for notice in self._connection.notifies(timeout=0)}

    def wait(self, seconds: float) -> set[int]:
        """Wait up to `seconds` for the first change, then return everything that arrived (tests, the CLI)."""
        found = {int(notice.payload) for notice in self._connection.notifies(timeout=seconds, stop_after=1)}
        return found | self.changed_products()

    def close(self) -> None:
        self._connection.close()
