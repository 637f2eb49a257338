"""The flow rows CTI actions run, kept in memory so a click starts its flow at once: reading the row on the
store's thread and waking the event loop up again costs more than the whole run of a 25-block flow.

The rules that keep it honest (another seat may change or delete a flow in a shared database, and the
Flows window of this one does not announce every change):

- a row is served only while the store confirmed its stamp less than `max_age_s` ago; an older one is
  read again, so a click may pay the store's round trip but never runs a flow stale for longer than that;
- `check()` asks the store for the stamps of the cached and wanted rows in one small query, reloads the
  rows whose stamp changed, loads the wanted ones not cached yet and forgets the deleted ones. The
  runner calls it after each run of a cached flow, when the overlay's actions change, and every
  `check_every_s` while its event loop runs, so the rows in use stay confirmed;
- rows are found by id (CTI actions) or by name (runs asked for by name);
- `load()`, `load_named()` and `check()` touch the database: call them on a worker thread. They may run
  on two threads at once; whichever asked the store last wins.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from cti_desktop.store.flows import FlowNotFound
from cti_desktop.store.models import FlowRow

# How long a row confirmed by the store may be run without asking again.
DEFAULT_MAX_AGE_S = 5.0


Stamp = tuple[int, datetime]


def stamp(row: FlowRow) -> Stamp:
    """What tells two states of a flow row apart: its version, and when it was saved. The version alone
    does not: SQLite gives a flow made again after a delete the same id, and it starts at version 1."""
    return row.version, _utc(row.updated_at)


def _utc(moment: datetime) -> datetime:
    # SQLite hands back naive times; what was stored is UTC either way.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class FlowDeleted(FlowNotFound):
    """The flow a CTI action runs no longer exists (deleted here or by another seat)."""

    def __init__(self, flow_id: int, name: str = "") -> None:
        LookupError.__init__(
            self,
            f"the flow '{name}' no longer exists" if name else f"the flow with id {flow_id} no longer exists",
        )
        self.name = name
        self.flow_id = flow_id


@dataclass(frozen=True, slots=True)
class _Entry:
    row: FlowRow
    # When (the cache's clock) the store was asked the question whose answer this row is.
    confirmed: float


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What a check found: the rows reloaded because their stamp changed (or loaded because they were
    wanted), and the ids that no longer exist."""

    reloaded: tuple[int, ...] = ()
    deleted: tuple[int, ...] = ()


class FlowRowCache:
    def __init__(
        self,
        engine: Engine,
        *,
        max_age_s: float = DEFAULT_MAX_AGE_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._engine = engine
        self.max_age_s = max_age_s
        self._clock = clock
        self._entries: dict[int, _Entry] = {}
        # The flows someone will run soon (the overlay's actions): a check loads those not cached.
        self._wanted: frozenset[int] = frozenset()
        # The name of every flow seen, so a deleted one can be named; the cached rows' ids by name.
        self._names: dict[int, str] = {}
        self._ids: dict[str, int] = {}
        self._lock = threading.Lock()

    # -- the calling thread (no database) ---------------------------------------------------------------

    def fresh(self, flow_id: int) -> FlowRow | None:
        """The cached row when the store confirmed it recently enough, else None (read it with `load`)."""
        entry = self._entries.get(flow_id)
        if entry is None or self._clock() - entry.confirmed > self.max_age_s:
            return None
        return entry.row

    def fresh_named(self, name: str) -> FlowRow | None:
        """`fresh` for a flow known by name."""
        flow_id = self._ids.get(name)
        row = self.fresh(flow_id) if flow_id is not None else None
        return row if row is not None and row.name == name else None

    def cached_ids(self) -> list[int]:
        return list(self._entries)

    def want(self, flow_ids: Iterable[int]) -> None:
        """The flows to keep: the next check loads those not cached and forgets the others."""
        self._wanted = frozenset(flow_ids)

    def forget(self, flow_id: int | None = None) -> None:
        """Drop one row (or all of them): the next run reads it from the store."""
        with self._lock:
            if flow_id is None:
                self._entries.clear()
                self._ids.clear()
            else:
                self._remove(flow_id)

    # -- a worker thread --------------------------------------------------------------------------------

    def load(self, flow_id: int) -> FlowRow:
        """Read a row from the store and keep it; FlowDeleted when it no longer exists."""
        asked = self._clock()
        with Session(self._engine, expire_on_commit=False) as session:
            row = session.get(FlowRow, flow_id)
        if row is None:
            self._drop(flow_id, asked)
            raise FlowDeleted(flow_id, self._names.get(flow_id, ""))
        self._keep(row, asked)
        return row

    def load_named(self, name: str) -> FlowRow:
        """`load` for a flow known by name; FlowNotFound when there is none."""
        asked = self._clock()
        with Session(self._engine, expire_on_commit=False) as session:
            row = session.exec(select(FlowRow).where(FlowRow.name == name)).first()
        if row is None:
            raise FlowNotFound(name)
        self._keep(row, asked)
        return row

    def check(self, flow_ids: Iterable[int] | None = None) -> CheckReport:
        """Compare the stored stamps of these rows (default: the cached and the wanted ones) with the
        cached ones; reload what changed or is wanted and missing, forget what was deleted."""
        wanted = self._wanted
        ids = set(flow_ids) if flow_ids is not None else set(self._entries) | wanted
        if flow_ids is None and wanted:
            # Rows no action runs any more are let go.
            for gone in set(self._entries) - wanted:
                self.forget(gone)
            ids &= wanted
        if not ids:
            return CheckReport()
        asked = self._clock()
        with Session(self._engine) as session:
            query = select(FlowRow.id, FlowRow.version, FlowRow.updated_at).where(
                col(FlowRow.id).in_(sorted(ids))
            )
            stamps = {
                flow_id: (version, _utc(saved))
                for flow_id, version, saved in session.exec(query)
                if flow_id is not None
            }
        stale: list[int] = []
        for flow_id in sorted(ids):
            entry = self._entries.get(flow_id)
            if flow_id not in stamps:
                self._drop(flow_id, asked)
            elif entry is None or stamp(entry.row) != stamps[flow_id]:
                if entry is not None or flow_id in wanted:
                    stale.append(flow_id)
            else:
                self._confirm(flow_id, entry, asked)
        if stale:
            with Session(self._engine, expire_on_commit=False) as session:
                rows = session.exec(select(FlowRow).where(col(FlowRow.id).in_(stale))).all()
            for row in rows:
                self._keep(row, asked)
            for flow_id in set(stale) - {row.id for row in rows}:
                self._drop(flow_id, asked)
        deleted = tuple(sorted(ids - stamps.keys()))
        return CheckReport(tuple(sorted(stale)), deleted)

    # -- entries, newest answer wins --------------------------------------------------------------------

    def _keep(self, row: FlowRow, asked: float) -> None:
        if row.id is None:
            raise ValueError("row has no id: it was never stored")
        with self._lock:
            self._names[row.id] = row.name
            entry = self._entries.get(row.id)
            if entry is None or entry.confirmed <= asked:
                self._entries[row.id] = _Entry(row, asked)
                self._ids[row.name] = row.id

    def _confirm(self, flow_id: int, seen: _Entry, asked: float) -> None:
        with self._lock:
            # Only the row whose stamp the store just confirmed, and only if nothing newer came in.
            if self._entries.get(flow_id) is seen and seen.confirmed <= asked:
                self._entries[flow_id] = _Entry(seen.row, asked)

    def _drop(self, flow_id: int, asked: float) -> None:
        with self._lock:
            entry = self._entries.get(flow_id)
            if entry is not None and entry.confirmed <= asked:
                self._remove(flow_id)

    def _remove(self, flow_id: int) -> None:
        """Under the lock: forget a row and its name."""
        entry = self._entries.pop(flow_id, None)
        if entry is not None and self._ids.get(entry.row.name) == flow_id:
            del self._ids[entry.row.name]
