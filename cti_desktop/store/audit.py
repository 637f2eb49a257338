"""The audit log: who changed what, when, from which host, and the item before and after.

An entry is written in the transaction of the change itself (by the repositories, beside the change
log's row), so a change is never stored without its entry. Entries cannot be changed or deleted by
anyone, the database's own owner included: a trigger refuses it (made by the migration on both
engines). Values under names that look secret (a password, a token, an API key) are masked before
they are written.
"""

from __future__ import annotations

import getpass
import re
import socket
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any, Final

from sqlalchemy import Connection, Engine, Table, and_, func, insert, select
from sqlalchemy.orm import Session

from cti_desktop.domain.masking import MASK
from cti_desktop.store.models import AuditEntryRow

_table: Table = AuditEntryRow.__table__  # type: ignore[attr-defined]

# Names whose values are secrets wherever they appear in an item (payload rows, properties, controls).
_SECRET_NAME: Final = re.compile(r"pass(word)?|secret|token|api[_-]?key|authori[sz]ation|credential", re.I)

OPERATIONS: Final = ("created", "changed", "published", "deleted")


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    author: str
    host: str
    kind: str
    row_id: str
    name: str
    operation: str
    before: Any
    after: Any

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "author": self.author,
            "host": self.host,
            "kind": self.kind,
            "row_id": self.row_id,
            "name": self.name,
            "operation": self.operation,
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True, slots=True)
class AuditFilter:
    since: datetime | None = None
    author: str = ""
    kind: str = ""
    text: str = ""  # in the item's name
    row_id: str = ""  # one item (with `kind`)


NO_FILTER: Final = AuditFilter()


def masked(value: Any) -> Any:
    """A copy with every value under a secret-looking name masked, at any depth. A payload row
    `{"key": "apiKey", "value": "..."}` counts as named by its key."""
    if isinstance(value, Mapping):
        named = value.get("key") if isinstance(value.get("key"), str) else None
        copy: dict[str, Any] = {}
        for key, item in value.items():
            secret = _SECRET_NAME.search(str(key)) or (
                key == "value" and named and _SECRET_NAME.search(named)
            )
            copy[key] = MASK if secret and item not in (None, "") else masked(item)
        return copy
    if isinstance(value, list | tuple):
        return [masked(item) for item in value]
    return value


@cache
def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def author_for(connection: Any) -> Any:
    """Who is changing something: the database login on PostgreSQL (as the database sees it, so it cannot
    be claimed falsely), the OS user on SQLite. A value for an insert."""
    return func.current_user() if connection.dialect.name == "postgresql" else _os_user()


def record(
    session: Session,
    kind: str,
    row_id: object,
    name: str,
    *,
    before: Any = None,
    after: Any = None,
    operation: str = "",
) -> None:
    """Write one entry in the session's transaction: created (no before), deleted (no after), changed,
    or the `operation` given (published). A change that changed nothing writes nothing."""
    record_on(session.connection(), kind, row_id, name, before=before, after=after, operation=operation)


def record_on(
    connection: Connection,
    kind: str,
    row_id: object,
    name: str,
    *,
    before: Any = None,
    after: Any = None,
    operation: str = "",
) -> None:
    """`record` in a plain connection's transaction (people and roles are changed without a session)."""
    if not operation and before is not None and after is not None and before == after:
        return
    operation = operation or ("created" if before is None else "deleted" if after is None else "changed")
    connection.execute(
        insert(_table).values(
            at=datetime.now(UTC),
            author=author_for(connection),
            host=socket.gethostname(),
            kind=kind,
            row_id=str(row_id),
            name=name,
            operation=operation,
            before=masked(before),
            after=masked(after),
        )
    )


def _conditions(filters: AuditFilter) -> list[Any]:
    conditions: list[Any] = []
    if filters.since is not None:
        since = filters.since if filters.since.tzinfo else filters.since.replace(tzinfo=UTC)
        conditions.append(_table.c.at >= since.astimezone(UTC))
    if filters.author:
        conditions.append(_table.c.author == filters.author)
    if filters.kind:
        conditions.append(_table.c.kind == filters.kind)
    if filters.row_id:
        conditions.append(_table.c.row_id == filters.row_id)
    if filters.text:
        escaped = filters.text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(func.lower(_table.c.name).like(f"%{escaped}%", escape="\\"))
    return conditions


def _entry(row: Any) -> AuditEntry:
    at = row.at if row.at.tzinfo is not None else row.at.replace(tzinfo=UTC)
    return AuditEntry(
        int(row.id),
        at,
        row.author,
        row.host,
        row.kind,
        row.row_id,
        row.name,
        row.operation,
        row.before,
        row.after,
    )


def count(engine: Engine, filters: AuditFilter = NO_FILTER) -> int:
    query = select(func.count()).select_from(_table).where(and_(True, *_conditions(filters)))
    with engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


def page(
    engine: Engine, filters: AuditFilter = NO_FILTER, *, limit: int = 200, offset: int = 0
) -> list[AuditEntry]:
    """Entries newest first: a page of them (the Audit Log window reads a page at a time)."""
    query = (
        select(_table)
        .where(and_(True, *_conditions(filters)))
        .order_by(_table.c.id.desc())
        .limit(limit)
        .offset(offset)
    )
    with engine.connect() as connection:
        return [_entry(row) for row in connection.execute(query)]


def every(engine: Engine, filters: AuditFilter = NO_FILTER, batch: int = 1000) -> Iterator[AuditEntry]:
    """Every matching entry, oldest first, read a batch at a time (for an export of any size)."""
    after = 0
    while True:
        query = (
            select(_table)
            .where(and_(_table.c.id > after, *_conditions(filters)))
            .order_by(_table.c.id)
            .limit(batch)
        )
        with engine.connect() as connection:
            rows = [_entry(row) for row in connection.execute(query)]
        yield from rows
        if len(rows) < batch:
            return
        after = rows[-1].id


__all__ = [
    "NO_FILTER",
    "OPERATIONS",
    "AuditEntry",
    "AuditFilter",
    "count",
    "every",
    "masked",
    "page",
    "record",
]
