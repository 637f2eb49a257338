"""PostgreSQL for the tests: a fresh database per test on the server the machine runs, dropped after.

The server is found at CTI_DESKTOP_TEST_PG (a libpq connection string), by default the development
machines' and CI's `host=127.0.0.1 port=5432 user=postgres`.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import psycopg
from sqlalchemy.engine import URL

from cti_desktop.store.roles import ROLES, group_role

SERVER = os.environ.get("CTI_DESKTOP_TEST_PG", "host=127.0.0.1 port=5432 user=postgres")
HOW_TO = (
    "start PostgreSQL 15 at 127.0.0.1:5432 with trust authentication for the user postgres "
    "(or set CTI_DESKTOP_TEST_PG to a libpq connection string), then run ./run-tests.sh again"
)


@cache
def unreachable_reason() -> str | None:
    """Why the tests cannot reach the server, or None when they can."""
    try:
        with psycopg.connect(f"{SERVER} dbname=postgres connect_timeout=3"):
            return None
    except psycopg.Error as exc:
        return f"PostgreSQL is not reachable ({str(exc).strip().splitlines()[0]}): {HOW_TO}"


def admin() -> psycopg.Connection:
    return psycopg.connect(f"{SERVER} dbname=postgres", autocommit=True)


def url_of(database: str) -> str:
    params = psycopg.conninfo.conninfo_to_dict(SERVER)
    return URL.create(
        "postgresql+psycopg",
        username=str(params.get("user", "postgres")),
        password=str(params["password"]) if "password" in params else None,
        host=str(params.get("host", "127.0.0.1")),
        port=int(params.get("port", 5432)),
        database=database,
    ).render_as_string(hide_password=False)


@contextmanager
def fresh_database(prefix: str = "cti_test", template: str = "template0") -> Iterator[str]:
    """A new database's SQLAlchemy URL (a copy of `template`: empty by default), dropped (with whatever is
    still connected) afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with admin() as connection:
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield url_of(name)
    finally:
        with admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            # Roles are the server's, not the database's: its group roles go with it.
            for role in reversed(ROLES):
                connection.execute(f'DROP ROLE IF EXISTS "{group_role(name, role)}"')


@contextmanager
def migrated_template() -> Iterator[str]:
    """A database migrated to this build's schema, for the tests' databases to be copied from: copying
    is several times quicker than migrating each one."""
    from cti_desktop.store.database import open_store

    with fresh_database("cti_template") as url:
        open_store(url).dispose()
        yield url.rsplit("/", 1)[1]


if __name__ == "__main__":
    # run-tests.sh asks before the PostgreSQL pass: prints why the server cannot be reached, if so.
    import sys

    problem = unreachable_reason()
    if problem:
        print(problem)
    sys.exit(1 if problem else 0)
