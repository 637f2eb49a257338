"""People and roles on PostgreSQL, enforced by the database itself: the one place their SQL is written.

Three group roles per database (roles are cluster-wide, so each is named after its database, e.g.
`cti_agent`, `cti_supervisor`, `cti_admin` for the database `cti`), each holding the rights of the one
below it:

- agent: reads actions, flows, flow sources and the change log; writes its own runs and form drafts
  (row-level security on `created_by`, which a trigger sets to the login), properties (and their change
  rows, no others) and CRM records.
- supervisor: also inserts, updates and deletes actions, flows and flow sources, and reads every run.
- admin: owns the tables (so it upgrades the schema and bypasses row-level security) and may manage
  people through the `cti_person_*` functions.

A person is a LOGIN role that is a member of one group. Creating logins needs CREATEROLE, which admins
need not have: the `cti_person_*` functions run with the rights of whoever set the roles up (SECURITY
DEFINER), only admins may call them, and they touch only this database's groups and the logins in them.

`set_up` (migration 0005) needs a login that may create roles; `apply_grants` may be run again by an
admin's migration after it adds a table, so the new table gets its owner, grants and policies.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import Connection, Engine, text

from cti_desktop.store import audit

ROLES: Final = ("agent", "supervisor", "admin")  # fewest rights first
# What each role's members may do beyond the role below: said when the database refuses something.
ASK: Final = {"agent": "a supervisor", "supervisor": "an admin", "admin": "an admin"}

AGENT_READS: Final = (
    "alembic_version",
    "flow",
    "flow_source",
    "cti_action",
    "property",
    "change",
    "crm_record",
    "crm_phone",
    "crm_search",
    "flow_run",
    "flow_run_step",
    "form_draft",
)
AGENT_WRITES: Final = (
    "property",
    "crm_record",
    "crm_phone",
    "crm_search",
    "flow_run",
    "flow_run_step",
    "form_draft",
)
SUPERVISOR_WRITES: Final = ("flow", "flow_source", "cti_action")
# Every saved version of an action or a flow: supervisors' work, drafts included (agents see none).
VERSIONS: Final = "item_version"
# Agents read only what is published of these (row-level security).
PUBLISHED: Final = ("cti_action", "flow")
AUDIT_LOG: Final = "audit_entry"
# Rows that belong to the login that wrote them.
OWNED_BY_CREATOR: Final = ("flow_run", "form_draft")

PEOPLE_FUNCTIONS: Final = (
    "cti_person_add(text, text, text)",
    "cti_person_set_role(text, text)",
    "cti_person_remove(text)",
)

_MAX_NAME: Final = 63  # PostgreSQL's identifier length


def group_role(database: str, role: str) -> str:
    """The group role of `role` for `database`; a long database name is shortened with a hash of it."""
    name = f"{database}_{role}"
    if len(name.encode()) <= _MAX_NAME:
        return name
    digest = hashlib.sha256(database.encode()).hexdigest()[:8]
    return f"{database.encode()[:40].decode(errors='ignore')}_{digest}_{role}"


@dataclass(frozen=True, slots=True)
class Groups:
    agent: str
    supervisor: str
    admin: str

    @classmethod
    def of(cls, database: str) -> Groups:
        return cls(*(group_role(database, role) for role in ROLES))

    @classmethod
    def here(cls, connection: Connection) -> Groups:
        return cls.of(str(connection.execute(text("SELECT current_database()")).scalar_one()))

    def by_role(self) -> dict[str, str]:
        return {"agent": self.agent, "supervisor": self.supervisor, "admin": self.admin}


def _run(connection: Connection, statement: str) -> None:
    # The driver reads "%" as a placeholder: the functions' format('%I') and RAISE '%' are escaped.
    connection.exec_driver_sql(statement.replace("%", "%%"))


def quote(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote_identifier(name)


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


# ------------------------------------------------------------------------------------------ set-up


def set_up(connection: Connection) -> None:
    """Create the group roles, the trigger that stamps `created_by`, the people functions, then the
    grants and policies. Run once by migration 0005, by a superuser or a login with CREATEROLE."""
    allowed = connection.execute(
        text("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
    ).scalar_one()
    if not allowed:
        from cti_desktop.store.errors import StoreError

        user = connection.execute(text("SELECT current_user")).scalar_one()
        raise StoreError(
            f"Setting up people and roles needs a login that may create roles, and {user} may not: run "
            "'cti-desktop db upgrade' once as the database's superuser (or a login with CREATEROLE)."
        )
    database = str(connection.execute(text("SELECT current_database()")).scalar_one())
    groups = Groups.of(database)
    for role, name in groups.by_role().items():
        exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first()
        if exists is None:
            _run(connection, f"CREATE ROLE {quote(connection, name)} NOLOGIN")
        _run(
            connection,
            f"COMMENT ON ROLE {quote(connection, name)} IS "
            f"{_literal(f'CTI Desktop {role}s of the database {database}')}",
        )
    q = {role: quote(connection, name) for role, name in groups.by_role().items()}
    _run(connection, f"GRANT {q['agent']} TO {q['supervisor']}")
    _run(connection, f"GRANT {q['supervisor']} TO {q['admin']}")
    superuser = connection.execute(
        text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    ).scalar()
    if not superuser:
        # Whoever sets the roles up is the first admin (and may then hand the tables to the group).
        _run(connection, f"GRANT {q['admin']} TO CURRENT_USER")
    _run(connection, _STAMP_CREATOR)
    for statement in _people_functions(groups):
        _run(connection, statement)
    for function in PEOPLE_FUNCTIONS:
        _run(connection, f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
        _run(connection, f"GRANT EXECUTE ON FUNCTION {function} TO {q['admin']}")
    apply_grants(connection)


_STAMP_CREATOR: Final = """
CREATE OR REPLACE FUNCTION cti_stamp_creator() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- The row is the login's own: nobody writes one in another person's name.
    IF TG_OP = 'INSERT' THEN
        NEW.created_by := current_user;
    ELSE
        NEW.created_by := OLD.created_by;
    END IF;
    RETURN NEW;
END $$
"""


def _people_functions(groups: Groups) -> list[str]:
    """Add, re-role and remove people: SECURITY DEFINER, so admins need no CREATEROLE, and limited to
    this database's groups. Names are quoted with format('%I'), passwords passed already hashed."""
    names = {
        "@AGENT@": _literal(groups.agent),
        "@SUPERVISOR@": _literal(groups.supervisor),
        "@ADMIN@": _literal(groups.admin),
    }
    statements = []
    for template in (_PERSON_ADD, _PERSON_SET_ROLE, _PERSON_REMOVE):
        statement = template.replace("@GUARD@", _GUARD).replace("@GROUP_OF@", _GROUP_OF)
        statement = statement.replace("@COMMON@", _COMMON)
        for marker, literal in names.items():
            statement = statement.replace(marker, literal)
        statements.append(statement)
    return statements


# The people functions' SQL; the markers are replaced by the group roles' quoted names.
_GROUP_OF: Final = (
    "CASE p_role WHEN 'agent' THEN @AGENT@ WHEN 'supervisor' THEN @SUPERVISOR@ WHEN 'admin' THEN @ADMIN@ END"
)
_GUARD: Final = """
    IF p_name IN (@AGENT@, @SUPERVISOR@, @ADMIN@) THEN
        RAISE EXCEPTION 'The name % is taken by a group of roles: choose another name.', p_name;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_name AND (rolsuper OR NOT rolcanlogin)) THEN
        RAISE EXCEPTION 'The role % is not a person''s login (a superuser or a group): it was left as is.',
            p_name;
    END IF;"""
_COMMON: Final = "LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp"
_PERSON_ADD: Final = """
CREATE OR REPLACE FUNCTION cti_person_add(p_name text, p_role text, p_password text)
RETURNS void @COMMON@ AS $$
DECLARE
    g text := @GROUP_OF@;
BEGIN
    IF g IS NULL THEN
        RAISE EXCEPTION 'The role must be agent, supervisor or admin, not %.', p_role;
    END IF;
    @GUARD@
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_name) THEN
        EXECUTE format('CREATE ROLE %I LOGIN', p_name);
    END IF;
    IF p_password IS NOT NULL THEN
        EXECUTE format('ALTER ROLE %I PASSWORD %L', p_name, p_password);
    END IF;
    EXECUTE format('GRANT %I TO %I', g, p_name);
    INSERT INTO person (name, created_at) VALUES (p_name, now() AT TIME ZONE 'UTC')
        ON CONFLICT (name) DO NOTHING;
END $$"""
_PERSON_SET_ROLE: Final = """
CREATE OR REPLACE FUNCTION cti_person_set_role(p_name text, p_role text) RETURNS void @COMMON@ AS $$
DECLARE
    g text := @GROUP_OF@;
    other text;
BEGIN
    IF g IS NULL THEN
        RAISE EXCEPTION 'The role must be agent, supervisor or admin, not %.', p_role;
    END IF;
    @GUARD@
    FOREACH other IN ARRAY ARRAY[@AGENT@, @SUPERVISOR@, @ADMIN@] LOOP
        IF other <> g THEN
            EXECUTE format('REVOKE %I FROM %I', other, p_name);
        END IF;
    END LOOP;
    EXECUTE format('GRANT %I TO %I', g, p_name);
END $$"""
_PERSON_REMOVE: Final = """
CREATE OR REPLACE FUNCTION cti_person_remove(p_name text) RETURNS boolean @COMMON@ AS $$
DECLARE
    other text;
BEGIN
    @GUARD@
    FOREACH other IN ARRAY ARRAY[@AGENT@, @SUPERVISOR@, @ADMIN@] LOOP
        EXECUTE format('REVOKE %I FROM %I', other, p_name);
    END LOOP;
    DELETE FROM person WHERE name = p_name;
    -- The login goes too, unless it still belongs to another database's groups or owns something.
    IF EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member
               WHERE r.rolname = p_name) THEN
        RETURN false;
    END IF;
    BEGIN
        EXECUTE format('DROP ROLE %I', p_name);
    EXCEPTION WHEN dependent_objects_still_exist OR object_in_use THEN
        RETURN false;  -- it owns something, or it is the login running this
    END;
    RETURN true;
END $$"""


def _tables(connection: Connection) -> list[str]:
    return list(
        connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
        ).scalars()
    )


def apply_grants(connection: Connection) -> None:
    """Give every table to the admin group and grant each role its rights, with the row-level security
    of runs, drafts and the change log. Idempotent: a migration that adds a table runs it again."""
    groups = Groups.here(connection)
    q = {role: quote(connection, name) for role, name in groups.by_role().items()}
    tables = _tables(connection)
    database = quote(connection, str(connection.execute(text("SELECT current_database()")).scalar_one()))
    _run(connection, f"GRANT CONNECT ON DATABASE {database} TO {q['agent']}")
    _run(connection, f"GRANT USAGE ON SCHEMA public TO {q['agent']}")
    _run(connection, f"GRANT CREATE ON SCHEMA public TO {q['admin']}")
    for table in tables:
        # The table's sequences follow it to the new owner.
        _run(connection, f"ALTER TABLE {quote(connection, table)} OWNER TO {q['admin']}")

    def grant(privileges: str, names: Sequence[str], role: str) -> None:
        present = [quote(connection, n) for n in names if n in tables]
        if present:
            _run(connection, f"GRANT {privileges} ON {', '.join(present)} TO {q[role]}")

    grant("SELECT", AGENT_READS, "agent")
    grant("INSERT, UPDATE, DELETE", AGENT_WRITES, "agent")
    grant("INSERT", ("change",), "agent")
    grant("INSERT, UPDATE, DELETE", SUPERVISOR_WRITES, "supervisor")
    grant("DELETE", ("form_draft",), "supervisor")  # an action's drafts go with it
    # The audit log: every change is entered, by whoever made it; supervisors read it; nobody may change
    # an entry (its trigger refuses even the owner).
    grant("INSERT", (AUDIT_LOG,), "agent")
    grant("SELECT", (AUDIT_LOG,), "supervisor")
    _run(connection, f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {q['agent']}")
    for statement in _policies(q):
        _run(connection, statement)
    if AUDIT_LOG in tables:
        for statement in _audit_policies(q):
            _run(connection, statement)
    if VERSIONS in tables:
        # Agents may ask, and see no version at all (no policy lets them): reading actions works the same
        # for every login, and drafts stay with the supervisors.
        grant("SELECT", (VERSIONS,), "agent")
        grant("INSERT, DELETE", (VERSIONS,), "supervisor")
        for statement in _published_policies(q):
            _run(connection, statement)


def _audit_policies(q: dict[str, str]) -> list[str]:
    return [
        f"ALTER TABLE {AUDIT_LOG} ENABLE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS enters_own ON {AUDIT_LOG}",
        f"CREATE POLICY enters_own ON {AUDIT_LOG} FOR INSERT TO {q['agent']} "
        "WITH CHECK (author = current_user)",
        f"DROP POLICY IF EXISTS supervisor_reads ON {AUDIT_LOG}",
        f"CREATE POLICY supervisor_reads ON {AUDIT_LOG} FOR SELECT TO {q['supervisor']} USING (true)",
    ]


def _published_policies(q: dict[str, str]) -> list[str]:
    """Drafts stay with the supervisors: an agent's login cannot read an action or a flow that was never
    published (the row holds the published version's content once there is one)."""
    statements: list[str] = [
        f"ALTER TABLE {VERSIONS} ENABLE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS supervisor_works ON {VERSIONS}",
        f"CREATE POLICY supervisor_works ON {VERSIONS} FOR ALL TO {q['supervisor']} "
        "USING (true) WITH CHECK (true)",
    ]
    for table in PUBLISHED:
        statements += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"DROP POLICY IF EXISTS agent_reads_published ON {table}",
            f"CREATE POLICY agent_reads_published ON {table} FOR SELECT TO {q['agent']} "
            "USING (published_version > 0)",
            f"DROP POLICY IF EXISTS supervisor_edits ON {table}",
            f"CREATE POLICY supervisor_edits ON {table} FOR ALL TO {q['supervisor']} "
            "USING (true) WITH CHECK (true)",
        ]
    return statements


def _policies(q: dict[str, str]) -> list[str]:
    agent, supervisor = q["agent"], q["supervisor"]
    statements: list[str] = []

    def policy(table: str, name: str, rule: str) -> None:
        statements.append(f"DROP POLICY IF EXISTS {name} ON {table}")
        statements.append(f"CREATE POLICY {name} ON {table} {rule}")

    for table in OWNED_BY_CREATOR:
        statements.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        statements.append(f"DROP TRIGGER IF EXISTS {table}_stamp_creator ON {table}")
        statements.append(
            f"CREATE TRIGGER {table}_stamp_creator BEFORE INSERT OR UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION cti_stamp_creator()"
        )
        policy(
            table,
            "own_rows",
            f"FOR ALL TO {agent} USING (created_by = current_user) WITH CHECK (created_by = current_user)",
        )
    policy("flow_run", "supervisor_reads", f"FOR SELECT TO {supervisor} USING (true)")
    policy("form_draft", "supervisor_deletes", f"FOR DELETE TO {supervisor} USING (true)")
    # A step is visible and writable with its run (the subquery sees only the runs the login may see).
    statements.append("ALTER TABLE flow_run_step ENABLE ROW LEVEL SECURITY")
    with_run = "EXISTS (SELECT 1 FROM flow_run r WHERE r.id = flow_run_step.run_id)"
    policy("flow_run_step", "with_its_run", f"FOR ALL TO {agent} USING ({with_run}) WITH CHECK ({with_run})")
    # Everyone follows the log; an agent logs only the properties it changes, and in its own name.
    statements.append('ALTER TABLE "change" ENABLE ROW LEVEL SECURITY')
    policy('"change"', "everyone_reads", f"FOR SELECT TO {agent} USING (true)")
    policy(
        '"change"',
        "agent_logs_properties",
        f"FOR INSERT TO {agent} WITH CHECK (kind = 'property' AND author = current_user)",
    )
    policy('"change"', "supervisor_logs", f"FOR INSERT TO {supervisor} WITH CHECK (author = current_user)")
    return statements


def tear_down(connection: Connection) -> None:
    """Undo `set_up` (migration 0005's downgrade): the policies, functions and group roles."""
    groups = Groups.here(connection)
    for table in (*OWNED_BY_CREATOR, "flow_run_step", '"change"'):
        _run(connection, f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    for table in OWNED_BY_CREATOR:
        _run(connection, f"DROP TRIGGER IF EXISTS {table}_stamp_creator ON {table}")
    for function in (*PEOPLE_FUNCTIONS, "cti_stamp_creator()"):
        _run(connection, f"DROP FUNCTION IF EXISTS {function}")
    user = quote(connection, str(connection.execute(text("SELECT current_user")).scalar_one()))
    for table in _tables(connection):
        _run(connection, f"ALTER TABLE {quote(connection, table)} OWNER TO {user}")
    for name in reversed(list(groups.by_role().values())):
        quoted = quote(connection, name)
        _run(connection, f"DROP OWNED BY {quoted}")
        _run(connection, f"DROP ROLE IF EXISTS {quoted}")


# ------------------------------------------------------------------------------------------ people


@dataclass(frozen=True, slots=True)
class PersonRecord:
    name: str
    role: str
    created_at: datetime | None


def current_person(engine: Engine) -> tuple[str, str]:
    """The connected login and its role: the highest group it belongs to; a superuser is an admin;
    "none" for a login in no group of this database."""
    with engine.connect() as connection:
        groups = Groups.here(connection)
        row = connection.execute(
            text("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        ).one()
        if row.rolsuper:
            return str(row.current_user), "admin"
        member_of = set(
            connection.execute(
                text(
                    "SELECT rolname FROM pg_roles WHERE rolname IN (:agent, :supervisor, :admin) "
                    "AND pg_has_role(current_user, oid, 'MEMBER')"
                ),
                groups.by_role(),
            ).scalars()
        )
    for role in reversed(ROLES):
        if groups.by_role()[role] in member_of:
            return str(row.current_user), role
    return str(row.current_user), "none"


def people(engine: Engine) -> list[PersonRecord]:
    """The logins in this database's groups, by name, each with its highest role. Reading `person`
    (when each was added) is for admins: others are refused by the database."""
    with engine.connect() as connection:
        groups = Groups.here(connection)
        role_of = {name: role for role, name in groups.by_role().items()}
        added: dict[str, datetime | None] = dict(
            (row[0], row[1]) for row in connection.execute(text("SELECT name, created_at FROM person"))
        )
        rows = connection.execute(
            text(
                "SELECT m.rolname AS name, g.rolname AS grp FROM pg_auth_members a "
                "JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member "
                "WHERE g.rolname IN (:agent, :supervisor, :admin) AND m.rolcanlogin ORDER BY m.rolname"
            ),
            groups.by_role(),
        ).all()
    found: dict[str, str] = {}
    for name, group in rows:
        role = role_of[group]
        if name not in found or ROLES.index(role) > ROLES.index(found[name]):
            found[name] = role
    return [PersonRecord(name, role, added.get(name)) for name, role in sorted(found.items())]


def login_exists(engine: Engine, name: str) -> bool:
    with engine.connect() as connection:
        found = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first()
    return found is not None


def hash_password(engine: Engine, name: str, password: str) -> str:
    """The password as the server stores it (SCRAM), so the plain text never crosses the network."""
    with engine.connect() as connection:
        dbapi = connection.connection.dbapi_connection
        algorithm = connection.execute(text("SHOW password_encryption")).scalar_one()
        hashed = dbapi.pgconn.encrypt_password(  # type: ignore[union-attr]
            password.encode(), name.encode(), str(algorithm).encode()
        )
    return bytes(hashed).decode()


def add_person(engine: Engine, name: str, role: str, password: str | None) -> None:
    """Add a login with a role; the audit log gets the entry in the same transaction (never the password)."""
    hashed = hash_password(engine, name, password) if password is not None else None
    with engine.begin() as connection:
        connection.execute(text("SELECT cti_person_add(:n, :r, :p)"), {"n": name, "r": role, "p": hashed})
        audit.record_on(connection, "person", name, name, after={"role": role})


def set_person_role(engine: Engine, name: str, role: str) -> None:
    before = _role_of(engine, name)
    with engine.begin() as connection:
        connection.execute(text("SELECT cti_person_set_role(:n, :r)"), {"n": name, "r": role})
        audit.record_on(connection, "person", name, name, before={"role": before}, after={"role": role})


def remove_person(engine: Engine, name: str) -> bool:
    """Take the person out of this database's groups; True when their login was dropped too."""
    before = _role_of(engine, name)
    with engine.begin() as connection:
        dropped = bool(connection.execute(text("SELECT cti_person_remove(:n)"), {"n": name}).scalar_one())
        if before is not None:
            audit.record_on(connection, "person", name, name, before={"role": before})
        return dropped


def _role_of(engine: Engine, name: str) -> str | None:
    return next((person.role for person in people(engine) if person.name == name), None)
