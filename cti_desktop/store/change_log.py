"""The change log: every change to actions, flows, flow sources and properties is written as a `change`
row in the transaction of the change itself, so a change and its record are stored together or not at
all. Seats and other processes follow the log by id (`read_since`); on PostgreSQL the same transaction
sends a NOTIFY on `CHANNEL` carrying the row, which reaches every listening seat when it commits.

Ids follow commit order on PostgreSQL: a transaction-scoped advisory lock is taken before a change row
is inserted and held until commit, so a seat that has applied id N can never later see a smaller id
commit (which reading "after N" would miss). Writes of changes are rare (people editing), so the
serialisation costs nothing that matters.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any, Final

from sqlalchemy import Engine, Table, func, insert, select
from sqlalchemy.orm import Session

from cti_desktop.store.models import ChangeRow

CHANNEL: Final = "cti_change"
# Any constant: the advisory lock that orders change ids (see the module's note).
_ORDER_LOCK: Final = 0x43544943
# NOTIFY payloads must stay under 8000 bytes: a longer row id is sent without it (seats read the row).
_PAYLOAD_LIMIT: Final = 7000

KINDS: Final = frozenset({"action", "flow", "flow_source", "property"})

_table: Table = ChangeRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class ChangeRecord:
    id: int
    kind: str
    row_id: str
    version: int | None
    removed: bool
    author: str
    host: str
    origin: str
    at: datetime

    def to_payload(self) -> str:
        data = {
            "id": self.id,
            "kind": self.kind,
            "row_id": self.row_id,
            "version": self.version,
            "removed": self.removed,
            "author": self.author,
            "host": self.host,
            "origin": self.origin,
            "at": self.at.isoformat(),
        }
        payload = json.dumps(data, separators=(",", ":"))
        if len(payload.encode()) > _PAYLOAD_LIMIT:
            return json.dumps({"id": self.id})
        return payload

    @classmethod
    def from_payload(cls, payload: str) -> ChangeRecord | None:
        """The change a NOTIFY carried, or None when it carried only its id (read it from the log)."""
        data = json.loads(payload)
        if "kind" not in data:
            return None
        return cls(
            id=int(data["id"]),
            kind=str(data["kind"]),
            row_id=str(data["row_id"]),
            version=data.get("version"),
            removed=bool(data.get("removed")),
            author=str(data.get("author", "")),
            host=str(data.get("host", "")),
            origin=str(data.get("origin", "")),
            at=datetime.fromisoformat(data["at"]),
        )

    @classmethod
    def of_row(cls, row: Any) -> ChangeRecord:
        at = row.at if row.at.tzinfo is not None else row.at.replace(tzinfo=UTC)
        return cls(
            int(row.id),
            row.kind,
            row.row_id,
            row.version,
            bool(row.removed),
            row.author,
            row.host,
            row.origin,
            at,
        )


@cache
def process_origin() -> str:
    """This running process, as its change rows name it: a seat skips the changes it made itself."""
    return f"{socket.gethostname()}/{os.getpid()}/{uuid.uuid4().hex[:8]}"


@cache
def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (containers)
        return ""


def record(
    session: Session, kind: str, row_id: object = "", *, version: int | None = None, removed: bool = False
) -> None:
    """Write one change row in the session's transaction (before its commit)."""
    if kind not in KINDS:
        raise ValueError(f"unknown change kind {kind!r}")
    connection = session.connection()
    postgres = connection.dialect.name == "postgresql"
    if postgres:
        # Taken again by each change of a transaction: it is re-entrant and held until the commit.
        connection.execute(select(func.pg_advisory_xact_lock(_ORDER_LOCK)))
    values: dict[str, Any] = {
        "kind": kind,
        "row_id": str(row_id),
        "version": version,
        "removed": removed,
        "author": func.current_user() if postgres else _os_user(),
        "host": socket.gethostname(),
        "origin": process_origin(),
        "at": datetime.now(UTC),
    }
    row = connection.execute(insert(_table).values(values).returning(*_table.c)).one()
    if postgres:
        connection.execute(select(func.pg_notify(CHANNEL, ChangeRecord.of_row(row).to_payload())))


def read_since(engine: Engine, after_id: int, limit: int = 1000) -> list[ChangeRecord]:
    """The changes after `after_id`, oldest first (at most `limit`)."""
    query = select(_table).where(_table.c.id > after_id).order_by(_table.c.id).limit(limit)
    with engine.connect() as connection:
        return [ChangeRecord.of_row(row) for row in connection.execute(query)]


def latest_id(engine: Engine) -> int:
    """The id of the newest change (0 when none): where a seat starting now begins following."""
    with engine.connect() as connection:
        return int(connection.execute(select(func.coalesce(func.max(_table.c.id), 0))).scalar_one())


__all__ = [
    "CHANNEL",
    "KINDS",
    "ChangeRecord",
    "latest_id",
    "process_origin",
    "read_since",
    "record",
]
