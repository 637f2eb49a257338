"""Create if missing, else update, as one statement (`INSERT … ON CONFLICT … DO UPDATE`), so two
processes creating the same row at once both succeed instead of one failing on the unique key. Written
once for the engines the store runs on; SQLite and PostgreSQL share the syntax and SQLAlchemy's API."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql.dml import Insert as PostgresqlInsert
from sqlalchemy.dialects.sqlite.dml import Insert as SqliteInsert
from sqlalchemy.orm import Session

from cti_desktop.store.errors import StoreError


def upsert(
    session: Session,
    table: Table,
    values: Mapping[str, Any],
    *,
    key: Iterable[str],
    update: Iterable[str] = (),
    computed: Mapping[str, Any] | None = None,
) -> SqliteInsert | PostgresqlInsert:
    """Insert `values`; if a row with the same `key` columns exists, set its `update` columns to the
    values given here and its `computed` columns to those expressions (which may use the stored row's
    columns, as `table.c.version + 1`)."""
    dialect = session.get_bind().dialect.name
    statement: SqliteInsert | PostgresqlInsert
    if dialect == "sqlite":
        statement = sqlite.insert(table).values(dict(values))
    elif dialect == "postgresql":
        statement = postgresql.insert(table).values(dict(values))
    else:
        raise StoreError(f"CTI Desktop cannot store data in a {dialect} database: use SQLite or PostgreSQL.")
    changes: dict[str, Any] = {name: statement.excluded[name] for name in update}
    changes.update(computed or {})
    if not changes:
        return statement.on_conflict_do_nothing(index_elements=list(key))
    return statement.on_conflict_do_update(index_elements=list(key), set_=changes)
