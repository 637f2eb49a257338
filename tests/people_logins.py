"""Logins of people for the PostgreSQL tests. Roles are the server's, not a database's: each test's
logins get unique names and are dropped afterwards, whatever happened."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy.engine import make_url

from cti_desktop.store.database import open_store
from cti_desktop.store.roles import add_person
from tests.postgres import admin

PASSWORD = "correct horse"


@contextmanager
def people_of(url: str) -> Iterator[Callable[[str], str]]:
    """add(role) makes a person with that role on the database at `url` (as its admin) and returns the
    URL they connect with; all are dropped at the end."""
    made: list[str] = []
    engine = open_store(url)

    def add(role: str) -> str:
        name = f"cti_person_{role}_{uuid.uuid4().hex[:8]}"
        made.append(name)
        add_person(engine, name, role, PASSWORD)
        return make_url(url).set(username=name, password=PASSWORD).render_as_string(hide_password=False)

    try:
        yield add
    finally:
        engine.dispose()
        with admin() as connection:
            for name in made:
                # Their sessions first: a pooled connection left open would keep the role.
                connection.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (name,)
                )
                connection.execute(f'DROP ROLE IF EXISTS "{name}"')
