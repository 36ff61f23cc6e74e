"""Team roles enforced by the database (issue #15): owner, editor and sales as PostgreSQL group roles and GRANTs.

Why the server and not the app: a sales laptop with `psql` and the sales password must learn no cost either.
So each team database gets three NOLOGIN group roles, named after the database (`fd_<db>_owner`, `…_editor`,
`…_sales`) so that two team databases on one server never share them, and every login is a member of exactly
one of them:

- **owner**: every privilege on every table and sequence; owner logins may also create roles (CREATEROLE),
  which is what user management needs.
- **editor**: reads and writes the catalogue, pricing and everything else the app keeps, but the audit trail
  only grows (SELECT, INSERT); no role management.
- **sales**: SELECT on the *public* columns only, granted column by column (`GRANT SELECT (code, …) ON …`) from
  the one allow-list, `app.models.public_fields`, plus the tables below. Always column grants, never a table
  grant, so a column added later is private on the server until someone classifies it as public. There is no
  notes table yet, so sales writes nothing. Image blobs share a table with certificate scans: row-level
  security lets sales read only the blobs a product image uses.

`apply_grants` revokes what the groups had and grants again from the classification, in one transaction, so it
is idempotent and follows a reclassification; `team init` runs it after every migration, and so does an owner
login whose opening of the workspace migrated it (`grant_again`).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa

from app import postgres_only, postgres_roles
from app.models.bilingual import Bilingual, UserFacingError
from app.models.public_fields import PRIVATE, PUBLIC

# re-exported: the roles and their group names live with the connect-time check, used by the engine itself
from app.postgres_roles import Role as Role, group_name as group_name

#: An advisory lock of our own ("FD_ROLE") so two `team init` runs don't race to create the same roles.
ROLE_LOCK = 0x46445F524F4C45


# --- which columns sales may read ----------------------------------------------------------------------------

#: Tables the allow-list doesn't cover whose columns are classified here, by table name: (public, private).
EXTRA_COLUMNS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # image bytes are what packs and documents show; which blob rows sales sees is row-level security's job
    "blob": (frozenset({"id", "sha256", "mime", "size", "data"}), frozenset({"created_at"})),
    # the platform rules a listing pack is checked against (title lengths, picture sizes): no money in them
    "platform_profile_override": (frozenset({"id", "platform_id", "version", "profile", "created_at"}),
                                  frozenset()),
    # phrases the factory allowed in listings; who allowed them and when is bookkeeping
    "lint_allow_entry": (frozenset({"id", "phrase", "reason"}), frozenset({"user", "created_at"})),
    # the schema revision: every client reads it on open
    "alembic_version": (frozenset({"version_num"}), frozenset()),
    # the derived search tables hold product codes, names, SKU codes and barcodes only
    "catalogue_doc": (frozenset({"product_id", "code", "name_zh", "name_en", "sku_codes", "gtins", "search_text"}),
                      frozenset()),
    "catalogue_stats": (frozenset({"product_id", "category_id", "sku_count", "completeness", "stale"}), frozenset()),
    "catalogue_index_meta": (frozenset({"key", "value"}), frozenset()),
    "catalogue_index_suspended": (frozenset({"token"}), frozenset()),
}

#: Tables sales may not read at all, whatever columns they grow: costs and their build-ups, fee overrides, shop
#: connections and what was pushed to them, and the audit trail (which records cost changes).
PRIVATE_TABLES: frozenset[str] = frozenset({
    "pricing_plan", "channel_profile_version", "shop_connection", "push_job", "push_item", "audit_entry",
})

#: Tables whose rows only ever grow for an editor (no UPDATE or DELETE): the audit trail, and approved prices
#: (a version once approved is what sales printed from; a new approval adds a version).
APPEND_ONLY: frozenset[str] = frozenset({"audit_entry", "approved_price_list", "approved_price"})


def public_columns(table: str) -> frozenset[str]:
    """The columns of `table` a sales login may read (empty for a private or unknown table)."""
    return _classification().get(table, (frozenset(), frozenset()))[0]


def unclassified(columns: dict[str, set[str]]) -> dict[str, set[str]]:
    """Of {table: columns} (what the server has), the columns that are neither public nor private."""
    known = _classification()
    missing: dict[str, set[str]] = {}
    for table, names in columns.items():
        if table in PRIVATE_TABLES:
            continue
        public, private = known.get(table, (frozenset(), frozenset()))
        rest = set(names) - public - private
        if rest:
            missing[table] = rest
    return missing


def _classification() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    classes = {str(model.__tablename__): (PUBLIC[model], PRIVATE.get(model, frozenset())) for model in PUBLIC}
    classes.update(EXTRA_COLUMNS)
    return classes


# --- group roles ---------------------------------------------------------------------------------------------

def group_names(database: str) -> dict[Role, str]:
    return {role: group_name(database, role) for role in Role}


def install(url: str) -> dict[Role, str]:
    """Create the three group roles if missing, hand the schema to the owner group and grant the others their
    privileges (idempotent); {role: group name}. Run by the server's administrator, or later by an owner."""
    from app.services.catalogue.search import ensure_search_index
    from app.services.workspace.live import ensure_change_notifications

    engine = postgres_only.make_engine(url)
    try:
        # The derived tables and triggers exist before the grants: made later by whoever opens first, they would
        # belong to that login alone and the others could not search.
        ensure_search_index(engine)
        ensure_change_notifications(engine)
        with engine.begin() as connection:
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": ROLE_LOCK})
            database = str(connection.exec_driver_sql("SELECT current_database()").scalar())
            groups = group_names(database)
            _refuse_without_createrole(connection)
            for name in groups.values():
                if not _role_exists(connection, name):
                    connection.exec_driver_sql(f"CREATE ROLE {_quote(connection, name)} NOLOGIN")
            _hand_schema_to_owners(connection, groups[Role.OWNER])
            apply_grants(connection, groups)
        return groups
    finally:
        engine.dispose()


def grant_again(engine: sa.Engine) -> bool:
    """After a migration run by an owner login (the app migrates on open): hand the new tables to the owner group
    and grant from the classification again, so a new table's public columns are readable by sales and its other
    columns stay private. False (nothing done) for a team database without group roles (`team init` makes them)."""
    with engine.begin() as connection:
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": ROLE_LOCK})
        database = str(connection.exec_driver_sql("SELECT current_database()").scalar())
        groups = group_names(database)
        if not all(_role_exists(connection, name) for name in groups.values()):
            return False
        _hand_schema_to_owners(connection, groups[Role.OWNER])
        apply_grants(connection, groups)
        return True


def _hand_schema_to_owners(connection: sa.Connection, owners: str) -> None:
    """The owner group owns the app's tables (their sequences follow) and trigger functions, so any owner login
    can migrate them, install triggers and run `team init` again, not only whoever created them. Transferring
    ownership needs membership of the new owner: a non-superuser administrator becomes an owner first."""
    run = connection.exec_driver_sql
    quoted = _quote(connection, owners)
    superuser = run("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").scalar()
    if not superuser and not run(f"SELECT pg_has_role(current_user, {_literal(owners)}, 'MEMBER')").scalar():
        run(f"GRANT {quoted} TO CURRENT_USER")
    if _owns_public_schema(connection):  # a new owner must be able to create in the schema (migrations do too)
        run(f"GRANT USAGE, CREATE ON SCHEMA public TO {quoted}")
    for table in server_columns(connection):
        run(f"ALTER TABLE {_quote(connection, table)} OWNER TO {quoted}")
    functions = run(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid "
        "AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e')").scalars().all()
    for function in functions:  # regprocedure text is already quoted where needed
        run(f"ALTER FUNCTION {function} OWNER TO {quoted}")


def apply_grants(connection: sa.Connection, groups: dict[Role, str]) -> None:
    """Revoke what the groups had on the public schema and grant it again from the classification."""
    q = {role: _quote(connection, name) for role, name in groups.items()}
    everyone = ", ".join(q.values())
    database = _quote(connection, str(connection.exec_driver_sql("SELECT current_database()").scalar()))
    others = f"{q[Role.EDITOR]}, {q[Role.SALES]}"
    run = connection.exec_driver_sql
    if run("SELECT pg_has_role(current_user, datdba, 'USAGE') FROM pg_database "
           "WHERE datname = current_database()").scalar():  # else the administrator did this at `team init`
        run(f"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {everyone}")
    if _owns_public_schema(connection):
        run(f"GRANT USAGE ON SCHEMA public TO {everyone}")
        run("REVOKE CREATE ON SCHEMA public FROM PUBLIC")  # PostgreSQL < 15 let everyone create tables here
    run(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {others}")  # column grants go with the table's
    run(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {others}")
    run(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {q[Role.OWNER]}")
    run(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {q[Role.OWNER]}")
    run(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {q[Role.EDITOR]}")
    for table, columns in server_columns(connection).items():
        name = _quote(connection, table)
        editor_may = "SELECT, INSERT" if table in APPEND_ONLY else "SELECT, INSERT, UPDATE, DELETE"
        run(f"GRANT {editor_may} ON {name} TO {q[Role.EDITOR]}")
        readable = sorted(public_columns(table) & columns) if table not in PRIVATE_TABLES else []
        if readable:
            listed = ", ".join(_quote(connection, column) for column in readable)
            run(f"GRANT SELECT ({listed}) ON {name} TO {q[Role.SALES]}")
    _limit_blobs(connection, q)


def _owns_public_schema(connection: sa.Connection) -> bool:
    return bool(connection.exec_driver_sql(
        "SELECT pg_has_role(current_user, nspowner, 'USAGE') FROM pg_namespace WHERE nspname = 'public'").scalar())


def _limit_blobs(connection: sa.Connection, q: dict[Role, str]) -> None:
    """Blobs hold product pictures and certificate scans alike: sales reads only the ones a product image uses."""
    run = connection.exec_driver_sql
    run("ALTER TABLE blob ENABLE ROW LEVEL SECURITY")
    run("DROP POLICY IF EXISTS fd_staff ON blob")
    run(f"CREATE POLICY fd_staff ON blob TO {q[Role.OWNER]}, {q[Role.EDITOR]} USING (true) WITH CHECK (true)")
    run("DROP POLICY IF EXISTS fd_sales_pictures ON blob")
    run(f"CREATE POLICY fd_sales_pictures ON blob FOR SELECT TO {q[Role.SALES]} "
        "USING (EXISTS (SELECT 1 FROM product_image WHERE product_image.blob_id = blob.id))")


def server_columns(connection: sa.Connection) -> dict[str, set[str]]:
    """{table: columns} of the ordinary tables in the public schema, as the server has them."""
    rows = connection.execute(sa.text(
        "SELECT c.table_name, c.column_name FROM information_schema.columns c "
        "JOIN information_schema.tables t USING (table_schema, table_name) "
        "WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'"))
    columns: dict[str, set[str]] = {}
    for table, column in rows:
        columns.setdefault(str(table), set()).add(str(column))
    return columns


# --- logins --------------------------------------------------------------------------------------------------

#: Login names we accept: what needs no quoting in psql, and never PostgreSQL's own `pg_` names.
LOGIN_NAME = re.compile(r"^(?!pg_)[a-z_][a-z0-9_]{0,62}$")


class RoleError(UserFacingError):
    """A user-management request that can't be done as asked (bad name, unknown user, no right to do it)."""


@dataclass(frozen=True)
class Member:
    name: str
    role: Role


#: Where user management connects: a team database's URL (the command line), or an open workspace's engine (the
#: GUI's Settings → Team, which has no password to put in a URL).
Target = str | sa.Engine


def add_user(url: Target, name: str, role: Role, password: str) -> None:
    """Create the login `name` in `role`'s group with `password`. Only a SCRAM verifier computed here reaches
    the server, so the password is in no statement, server log or error message."""
    _check_name(name)
    if not password:
        raise RoleError(Bilingual("密码不能为空。", "The password must not be empty."))
    with _team(url) as (connection, groups):
        if _role_exists(connection, name):
            raise RoleError(Bilingual(f"用户 {name} 已经存在，没有改动。",
                                      f"The user {name} already exists; nothing changed."))
        verifier = _scram_verifier(connection, name, password)
        connection.exec_driver_sql(
            f"CREATE ROLE {_quote(connection, name)} LOGIN PASSWORD {_literal(verifier)}")
        _join(connection, name, role, groups)


def change_role(url: Target, name: str, role: Role) -> None:
    """Move the team login `name` into `role`'s group (the server checks privileges on every statement, so the
    change holds from the user's next statement, and their next connect)."""
    _check_name(name)
    with _team(url) as (connection, groups):
        _require_member(connection, name, groups)
        _join(connection, name, role, groups)


def remove_user(url: Target, name: str) -> None:
    """Drop the team login `name`: no group, no login. Their open sessions lose every privilege at once."""
    _check_name(name)
    with _team(url) as (connection, groups):
        _require_member(connection, name, groups)
        quoted = _quote(connection, name)
        connection.exec_driver_sql(f"REVOKE {', '.join(_quote(connection, g) for g in groups.values())} "
                                   f"FROM {quoted}")
        connection.exec_driver_sql(f"DROP ROLE {quoted}")


def members(url: Target) -> list[Member]:
    """The team's logins and their roles, by name."""
    with _team(url) as (connection, groups):
        by_group = {name: role for role, name in groups.items()}
        rows = connection.execute(sa.text(
            "SELECT m.rolname, g.rolname FROM pg_auth_members a JOIN pg_roles m ON m.oid = a.member "
            "JOIN pg_roles g ON g.oid = a.roleid WHERE g.rolname = ANY(:groups) ORDER BY m.rolname"),
            {"groups": list(groups.values())})
        return [Member(str(member), by_group[str(group)]) for member, group in rows]


def role_of(engine: sa.Engine) -> Role | None:
    """The role of the login `engine` connects as, as read when the connection was made (None: a login in
    none of the groups)."""
    with engine.connect() as connection:
        role: Role | None = connection.info.get(postgres_roles.ROLE_KEY)
        return role


# --- helpers -------------------------------------------------------------------------------------------------

@contextlib.contextmanager
def _team(url: Target) -> Iterator[tuple[sa.Connection, dict[Role, str]]]:
    """One transaction on the team database at `url` (or through an open workspace's engine), with its group
    roles, as a login that may manage users."""
    engine = postgres_only.make_engine(url) if isinstance(url, str) else url
    label = postgres_only.redacted(url) if isinstance(url, str) else str(url.url.database)
    try:
        with engine.begin() as connection:
            database = str(connection.exec_driver_sql("SELECT current_database()").scalar())
            groups = group_names(database)
            if not all(_role_exists(connection, name) for name in groups.values()):
                raise RoleError(Bilingual(f"{label} 还没有团队角色：请先运行 team init。",
                                          f"{label} has no team roles yet: run team init first."))
            _refuse_without_createrole(connection)
            yield connection, groups
    finally:
        if isinstance(url, str):
            engine.dispose()


def _join(connection: sa.Connection, name: str, role: Role, groups: dict[Role, str]) -> None:
    """Make `name` a member of `role`'s group and of no other; owners may manage users (CREATEROLE)."""
    quoted = _quote(connection, name)
    others = [_quote(connection, group) for held, group in groups.items() if held is not role]
    connection.exec_driver_sql(f"REVOKE {', '.join(others)} FROM {quoted}")
    connection.exec_driver_sql(f"GRANT {_quote(connection, groups[role])} TO {quoted}")
    attribute = "CREATEROLE" if role is Role.OWNER else "NOCREATEROLE"
    connection.exec_driver_sql(f"ALTER ROLE {quoted} {attribute}")


def _require_member(connection: sa.Connection, name: str, groups: dict[Role, str]) -> None:
    """Only this team's logins are changed here: never the server's other roles (its superuser, say)."""
    found = connection.execute(sa.text(
        "SELECT 1 FROM pg_auth_members a JOIN pg_roles m ON m.oid = a.member JOIN pg_roles g ON g.oid = a.roleid "
        "WHERE m.rolname = :name AND g.rolname = ANY(:groups)"), {"name": name, "groups": list(groups.values())})
    if found.first() is None:
        raise RoleError(Bilingual(f"{name} 不是这个团队工作区的用户，没有改动。",
                                  f"{name} is not a user of this team workspace; nothing changed."))


def _check_name(name: str) -> None:
    if not LOGIN_NAME.match(name) or (name.startswith("fd_") and name.endswith(tuple(role.value for role in Role))):
        raise RoleError(Bilingual(
            f"用户名 {name!r} 不可用：请用小写字母、数字和下划线（不以 pg_ 开头，最多 63 个字符）。",
            f"The user name {name!r} can't be used: use lower-case letters, digits and underscores "
            "(not starting with pg_, at most 63 characters)."))


def _refuse_without_createrole(connection: sa.Connection) -> None:
    allowed = connection.exec_driver_sql(
        "SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user").scalar()
    if not allowed:
        user = connection.exec_driver_sql("SELECT current_user").scalar()
        raise RoleError(Bilingual(f"登录名 {user} 不能管理用户和角色（需要团队的所有者）。",
                                  f"The login {user} cannot manage users and roles (a team owner can)."))


def _role_exists(connection: sa.Connection, name: str) -> bool:
    found = connection.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :name"), {"name": name})
    return found.first() is not None


def _scram_verifier(connection: sa.Connection, name: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier libpq computes for `password` (what psql's \\password sends)."""
    driver = connection.connection.driver_connection
    assert driver is not None
    encrypted: bytes = driver.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256")
    return encrypted.decode()


def _quote(connection: sa.Connection, identifier: str) -> str:
    return str(connection.dialect.identifier_preparer.quote_identifier(identifier))


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
