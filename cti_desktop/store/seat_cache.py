"""A seat's own copy of what it needs to serve calls, for when the shared server is away.

The copy is a SQLite file with the store's own schema, holding the CTI actions, the flows, the flow
sources and the properties as the server last had them (`refresh_from`), and, beside it, a small JSON
file saying when that was. While the server is away the seat runs from the file: runs, form drafts and
CRM records made meanwhile are written into it (durably, as any SQLite write is), and `send_to` writes
them to the server when it is back, oldest first, each exactly once:

- a run carries a `uid`: the server keeps the first copy it gets (ON CONFLICT DO NOTHING), so sending
  again after a lost acknowledgement adds nothing;
- a CRM record carries its Id, made on the seat: one the server has already is not created again;
- a draft replaces the server's draft for the same action and contact.

What was sent is removed from the file in a transaction of its own after the server's commit; a crash
in between only means the next send finds it there already.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, delete, func, insert, select
from sqlalchemy.engine import Connection

from cti_desktop.crm.base import CrmRecord
from cti_desktop.store.crm import LocalCrm
from cti_desktop.store.database import open_store
from cti_desktop.store.models import (
    ChangeRow,
    CrmPhoneRow,
    CrmRecordRow,
    CtiActionRow,
    FlowRow,
    FlowRunRow,
    FlowRunStepRow,
    FlowSourceRow,
    FormDraftRow,
    PropertyRow,
)
from cti_desktop.store.upsert import upsert

log = logging.getLogger(__name__)


def _table(model: Any) -> Table:
    return model.__table__  # type: ignore[no-any-return]


# What a seat needs to serve calls, parents first (actions refer to flows).
COPIED: tuple[Table, ...] = tuple(map(_table, (FlowSourceRow, FlowRow, CtiActionRow, PropertyRow)))
_RUNS, _STEPS, _DRAFTS = _table(FlowRunRow), _table(FlowRunStepRow), _table(FormDraftRow)
_RECORDS, _PHONES = _table(CrmRecordRow), _table(CrmPhoneRow)
_CHANGES = _table(ChangeRow)


@dataclass(frozen=True, slots=True)
class Queued:
    """What the seat made while the server was away, waiting to be sent."""

    runs: int = 0
    drafts: int = 0
    records: int = 0

    def __bool__(self) -> bool:
        return bool(self.runs or self.drafts or self.records)

    def describe(self) -> str:
        parts = [
            f"{count} {name}{'' if count == 1 else 's'}"
            for count, name in ((self.runs, "run"), (self.drafts, "draft"), (self.records, "CRM record"))
            if count
        ]
        return ", ".join(parts) or "nothing"


class SeatCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.meta_path = path.with_name(path.name + ".json")
        self._engine: Engine | None = None

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"

    def exists(self) -> bool:
        return self.path.exists() and self.copied_at() is not None

    def copied_at(self) -> datetime | None:
        """When the copy was last taken from the server (None: never)."""
        try:
            return datetime.fromisoformat(self._meta()["copied_at"])
        except (ValueError, KeyError, TypeError):
            return None

    def engine(self) -> Engine:
        """The copy, opened (and created or upgraded) on first use."""
        if self._engine is None:
            self._engine = open_store(self.url)
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    # -- the copy -----------------------------------------------------------------------------------------

    def refresh_from(self, server: Engine) -> int:
        """Take a fresh copy of the actions, flows, flow sources and properties; returns how many rows.
        Read in one transaction of the server and written in one of the file, so the copy is always one
        moment of the server, never half of one."""
        with server.connect() as source:
            if source.dialect.name == "postgresql":
                # One snapshot for every table read: the copy is one moment of the server.
                source.execution_options(isolation_level="REPEATABLE READ")
            rows = {
                table.name: [dict(row._mapping) for row in source.execute(select(table))] for table in COPIED
            }
            change_id = int(source.execute(select(func.coalesce(func.max(_CHANGES.c.id), 0))).scalar_one())
        with self.engine().begin() as target:
            for table in reversed(COPIED):
                target.execute(delete(table))
            for table in COPIED:
                if rows[table.name]:
                    target.execute(insert(table), rows[table.name])
        self._write_meta(datetime.now(UTC), change_id)
        return sum(map(len, rows.values()))

    def change_id(self) -> int:
        """The server's last change the copy holds: where following the server resumes."""
        return int(self._meta().get("change_id", 0))

    def _meta(self) -> dict[str, Any]:
        try:
            data = json.loads(self.meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write_meta(self, copied_at: datetime, change_id: int) -> None:
        partial = self.meta_path.with_name(self.meta_path.name + ".partial")
        meta = {"copied_at": copied_at.isoformat(), "change_id": change_id}
        partial.write_text(json.dumps(meta), encoding="utf-8")
        os.replace(partial, self.meta_path)

    # -- the queue ---------------------------------------------------------------------------------------

    def queued(self) -> Queued:
        with self.engine().connect() as connection:

            def count(table: Table) -> int:
                return int(connection.execute(select(func.count()).select_from(table)).scalar_one())

            return Queued(count(_RUNS), count(_DRAFTS), count(_RECORDS))

    def send_to(self, server: Engine) -> Queued:
        """Write what was made offline to the server, oldest first, each exactly once; returns what was
        sent (items the server had already count too: they are now there)."""
        runs = self._send_runs(server)
        drafts = self._send_drafts(server)
        records = self._send_records(server)
        return Queued(runs, drafts, records)

    def _send_runs(self, server: Engine) -> int:
        cache = self.engine()
        with cache.connect() as connection:
            runs = [dict(row._mapping) for row in connection.execute(select(_RUNS).order_by(_RUNS.c.id))]
            steps = [dict(row._mapping) for row in connection.execute(select(_STEPS).order_by(_STEPS.c.id))]
        by_run: dict[int, list[dict[str, Any]]] = {}
        for step in steps:
            by_run.setdefault(int(step["run_id"]), []).append(step)
        sent = 0
        for run in runs:
            local_id = int(run.pop("id"))
            if not run.get("uid"):
                run["uid"] = f"seat-{local_id}-{run['started_at'].isoformat()}"
            with server.begin() as connection:
                _send_run(connection, run, by_run.get(local_id, ()))
            with cache.begin() as connection:
                connection.execute(delete(_STEPS).where(_STEPS.c.run_id == local_id))
                connection.execute(delete(_RUNS).where(_RUNS.c.id == local_id))
            sent += 1
        return sent

    def _send_drafts(self, server: Engine) -> int:
        cache = self.engine()
        with cache.connect() as connection:
            drafts = [
                dict(row._mapping) for row in connection.execute(select(_DRAFTS).order_by(_DRAFTS.c.id))
            ]
        for draft in drafts:
            local_id = draft.pop("id")
            with server.begin() as connection:
                connection.execute(
                    delete(_DRAFTS).where(
                        _DRAFTS.c.action_id == draft["action_id"], _DRAFTS.c.contact_id == draft["contact_id"]
                    )
                )
                connection.execute(insert(_DRAFTS), draft)
            with cache.begin() as connection:
                connection.execute(delete(_DRAFTS).where(_DRAFTS.c.id == local_id))
        return len(drafts)

    def _send_records(self, server: Engine) -> int:
        cache = self.engine()
        with cache.connect() as connection:
            rows = list(connection.execute(select(_RECORDS).order_by(_RECORDS.c.created_at, _RECORDS.c.id)))
        if not rows:
            return 0
        records = [CrmRecord(row.id, row.type, dict(row.fields or {})) for row in rows]
        server_crm = LocalCrm(server)
        there = {record.Id for record in server_crm.get_many([r.Id for r in records])}
        server_crm.bulk_insert([record for record in records if record.Id not in there])
        with cache.begin() as connection:
            ids = [record.Id for record in records]
            connection.execute(delete(_PHONES).where(_PHONES.c.record_id.in_(ids)))
            connection.execute(delete(_RECORDS).where(_RECORDS.c.id.in_(ids)))
            # The copy's own search index (SQLite FTS5) forgets them with the next rebuild.
        LocalCrm(cache).rebuild_search_index()
        return len(records)


def _send_run(connection: Connection, run: dict[str, Any], steps: Sequence[dict[str, Any]]) -> None:
    from sqlalchemy.orm import Session

    with Session(bind=connection) as session:
        statement = upsert(session, _RUNS, run, key=["uid"]).returning(_RUNS.c.id)
        inserted = connection.execute(statement).first()
    if inserted is None:
        return  # the server has it already: a send whose acknowledgement was lost
    run_id = int(inserted[0])
    if steps:
        connection.execute(
            insert(_STEPS),
            [{**{k: v for k, v in step.items() if k != "id"}, "run_id": run_id} for step in steps],
        )


__all__ = ["COPIED", "Queued", "SeatCache"]
