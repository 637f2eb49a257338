"""Stored properties (Set Property and friends): they persist across runs and restarts, per workstation.

`PropertyStore` keeps every property in a dict in front of the `property` table, so `SE_GetProperty` and
`$.properties.<key>` never touch the database; changes are written through, on the calling thread or, when
a writer is given, on that executor (the flow runner's single worker), in the order they were made.
"""

from __future__ import annotations

import logging
from concurrent.futures import Executor, Future
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete
from sqlmodel import Session, col, select

from cti_desktop.flows.properties import MemoryProperties, json_safe
from cti_desktop.store import change_log
from cti_desktop.store.database import for_writing
from cti_desktop.store.models import PropertyRow
from cti_desktop.store.upsert import upsert

log = logging.getLogger(__name__)

# The variant that never touches a database (the benchmark, tests, dry runs).
InMemoryPropertyStore = MemoryProperties

__all__ = ["InMemoryPropertyStore", "PropertyStore", "json_safe"]


class PropertyStore(MemoryProperties):
    def __init__(self, engine: Engine, writer: Executor | None = None) -> None:
        super().__init__()
        self._engine = engine
        self._writing = for_writing(engine)
        self._writer = writer
        self._pending: list[Future[None]] = []
        self.reload()

    def reload(self) -> None:
        """Read the table again (another process, such as the command line, may have changed it)."""
        with Session(self._engine) as session:
            rows = session.exec(select(PropertyRow).order_by(col(PropertyRow.key))).all()
        self.values.clear()
        self.values.update({row.key: row.value for row in rows})

    def flush(self) -> None:
        """Wait until every change made so far is in the database; raises the first write error."""
        pending, self._pending = self._pending, []
        for future in pending:
            future.result()

    def set(self, key: str, value: Any) -> None:
        super().set(key, value)
        self._write(self._upsert, key, self.values[key])

    def unset(self, key: str) -> Any:
        if key not in self.values:
            return None
        value = super().unset(key)
        self._write(self._delete, key)
        return value

    def clear(self) -> None:
        super().clear()
        self._write(self._delete_all)

    def _write(self, operation: Any, *args: Any) -> None:
        if self._writer is None:
            operation(*args)
            return
        self._pending = [future for future in self._pending if not future.done()]
        future = self._writer.submit(operation, *args)
        future.add_done_callback(_log_failure)
        self._pending.append(future)

    def _upsert(self, key: str, value: Any) -> None:
        # One statement: processes setting the same new key at once all succeed, the last one wins.
        with Session(self._writing) as session:
            values = {"key": key, "value": value, "updated_at": datetime.now(UTC)}
            table = PropertyRow.__table__  # type: ignore[attr-defined]
            session.execute(upsert(session, table, values, key=["key"], update=["value", "updated_at"]))
            change_log.record(session, "property", key)
            session.commit()

    def _delete(self, key: str) -> None:
        with Session(self._writing) as session:
            session.exec(delete(PropertyRow).where(col(PropertyRow.key) == key))
            change_log.record(session, "property", key, removed=True)
            session.commit()

    def _delete_all(self) -> None:
        with Session(self._writing) as session:
            session.exec(delete(PropertyRow))
            change_log.record(session, "property", "", removed=True)
            session.commit()


def _log_failure(future: Future[None]) -> None:
    error = future.exception()
    if error is not None:
        log.error("a property could not be saved: %s", error)
