"""Run records: a `flow_run` row and its `flow_run_step` rows, written in one transaction.

Recording uses SQLAlchemy Core inserts (one for the run, one executemany for the steps) rather than ORM
objects: a run is recorded after every action and event, and this keeps it well under a millisecond.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, func, insert, or_
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from cti_desktop.flows.properties import json_safe
from cti_desktop.flows.results import RunResult
from cti_desktop.store.models import FlowRow, FlowRunRow, FlowRunStepRow

_RUNS = FlowRunRow.__table__  # type: ignore[attr-defined]
_STEPS = FlowRunStepRow.__table__  # type: ignore[attr-defined]
_FLOWS = FlowRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class RecordedRun:
    run: FlowRunRow
    steps: list[FlowRunStepRow]


@dataclass(frozen=True, slots=True)
class RunFilter:
    """Which runs a listing shows; empty means any. Texts match anywhere, ignoring case."""

    flow_name: str = ""
    contact_id: str = ""
    statuses: tuple[str, ...] = ()
    trigger_kind: str = ""


@dataclass(frozen=True, slots=True)
class RunSummary:
    """A run as a listing shows it: the columns of `flow_run` that a table needs, without its JSON."""

    id: int
    started_at: datetime
    flow_name: str
    trigger_kind: str
    trigger_detail: str
    contact_id: str
    status: str
    error: str
    duration_ms: float

    @property
    def key(self) -> tuple[datetime, int]:
        """Where the run sits in a listing (newest first): the page after it starts below this."""
        return (self.started_at, self.id)


# Only what a listing shows: the JSON columns stay on disk until one run is opened.
_SUMMARY_COLUMNS = (
    _RUNS.c.id,
    _RUNS.c.started_at,
    _RUNS.c.flow_name,
    _RUNS.c.trigger_kind,
    _RUNS.c.trigger_detail,
    _RUNS.c.contact_id,
    _RUNS.c.status,
    _RUNS.c.error,
    _RUNS.c.duration_ms,
)


class RunRepository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def record(self, result: RunResult) -> int:
        """Store a finished run and its steps; sets and returns `result.run_id`."""
        return self.record_many([result])[0]

    def record_many(self, results: Sequence[RunResult]) -> list[int]:
        """Store finished runs and their steps in one transaction, the steps of all in one insert; sets
        each `result.run_id` and returns the ids. A burst of runs costs one commit, not one per run."""
        if not results:
            return []
        run_ids: list[int] = []
        steps: list[dict[str, Any]] = []
        with self._engine.begin() as connection:
            if len(results) > 1 and connection.dialect.insert_executemany_returning_sort_by_parameter_order:
                # One statement for all the runs, their ids back in order.
                inserted = connection.execute(
                    insert(_RUNS).returning(_RUNS.c.id, sort_by_parameter_order=True),
                    [_run(result) for result in results],
                )
                run_ids = [int(row[0]) for row in inserted]
            else:
                for result in results:
                    key = connection.execute(insert(_RUNS), _run(result)).inserted_primary_key
                    if key is None:
                        raise RuntimeError("the database gave the new run no id")
                    run_ids.append(int(key[0]))
            if len(run_ids) != len(results):
                raise RuntimeError("the database did not give every new run an id")
            for result, run_id in zip(results, run_ids, strict=True):
                steps.extend(_step(run_id, seq, step) for seq, step in enumerate(result.steps))
            if steps:
                connection.execute(insert(_STEPS), steps)
        for result, run_id in zip(results, run_ids, strict=True):
            result.run_id = run_id
        return run_ids

    def recent(
        self, limit: int = 50, flow_name: str | None = None, contact_id: str | None = None
    ) -> list[FlowRunRow]:
        """The latest runs, newest first."""
        with Session(self._engine) as session:
            query = select(FlowRunRow)
            if flow_name is not None:
                query = query.where(FlowRunRow.flow_name == flow_name)
            if contact_id is not None:
                query = query.where(FlowRunRow.contact_id == contact_id)
            query = query.order_by(col(FlowRunRow.started_at).desc(), col(FlowRunRow.id).desc()).limit(limit)
            return list(session.exec(query))

    def page(
        self,
        filters: RunFilter | None = None,
        *,
        limit: int = 200,
        before: tuple[datetime, int] | None = None,
    ) -> list[RunSummary]:
        """Summaries of the latest runs that match, newest first; `before` (a summary's `key`) gives the
        page after that run. Keyset paging keeps a deep page as quick as the first."""
        query = core_select(*_SUMMARY_COLUMNS).where(*_conditions(filters or RunFilter()))
        if before is not None:
            started, run_id = before
            query = query.where(
                or_(
                    _RUNS.c.started_at < started,
                    and_(_RUNS.c.started_at == started, _RUNS.c.id < run_id),
                )
            )
        query = query.order_by(_RUNS.c.started_at.desc(), _RUNS.c.id.desc()).limit(max(0, limit))
        return self._summaries(query)

    def newer_than(self, run_id: int, filters: RunFilter | None = None, limit: int = 500) -> list[RunSummary]:
        """Runs recorded after the run `run_id` that match, newest first (ids grow as runs are recorded).
        Read by id, which walks the primary key from `run_id` on: quick however many runs are stored."""
        query = (
            core_select(*_SUMMARY_COLUMNS)
            .where(_RUNS.c.id > run_id, *_conditions(filters or RunFilter()))
            .order_by(_RUNS.c.id.desc())
            .limit(max(0, limit))
        )
        return sorted(self._summaries(query), key=lambda summary: summary.key, reverse=True)

    def flow_names(self) -> list[str]:
        """The stored flows' names, for a run filter's suggestions. (Read from the flows' unique index:
        collecting the names found in the runs would scan every run.)"""
        with self._engine.connect() as connection:
            names = [name for (name,) in connection.execute(core_select(_FLOWS.c.name))]
        return sorted(names, key=str.casefold)

    def _summaries(self, query: Any) -> list[RunSummary]:
        with self._engine.connect() as connection:
            return [
                RunSummary(
                    id=row.id,
                    started_at=_aware(row.started_at),
                    flow_name=row.flow_name,
                    trigger_kind=row.trigger_kind,
                    trigger_detail=row.trigger_detail,
                    contact_id=row.contact_id,
                    status=row.status,
                    error=row.error,
                    duration_ms=row.duration_ms,
                )
                for row in connection.execute(query)
            ]

    def get(self, run_id: int) -> RecordedRun | None:
        with Session(self._engine) as session:
            run = session.get(FlowRunRow, run_id)
            if run is None:
                return None
            steps = session.exec(
                select(FlowRunStepRow)
                .where(FlowRunStepRow.run_id == run_id)
                .order_by(col(FlowRunStepRow.seq))
            )
            return RecordedRun(run, list(steps))


def _conditions(filters: RunFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.flow_name.strip():
        conditions.append(_contains(_RUNS.c.flow_name, filters.flow_name))
    if filters.contact_id.strip():
        conditions.append(_contains(_RUNS.c.contact_id, filters.contact_id))
    if filters.statuses:
        conditions.append(_RUNS.c.status.in_(filters.statuses))
    if filters.trigger_kind:
        conditions.append(_RUNS.c.trigger_kind == filters.trigger_kind)
    return conditions


def _contains(column: Any, text: str) -> ColumnElement[bool]:
    # autoescape: a % or _ the user types is looked for as itself, not as a wildcard.
    result: ColumnElement[bool] = func.lower(column).contains(text.strip().lower(), autoescape=True)
    return result


def _aware(moment: datetime) -> datetime:
    # Databases without time zones give naive values back; they were stored in UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _run(result: RunResult) -> dict[str, Any]:
    return {
        "flow_id": result.flow_id,
        "flow_name": result.flow,
        "trigger_kind": result.trigger_kind,
        "trigger_detail": result.trigger_detail,
        "contact_id": result.contact_id,
        "inputs": json_safe(result.inputs),
        "status": result.status,
        "error": result.error,
        "warnings": list(result.warnings),
        "overlay_data": json_safe(result.overlay_data),
        "screenpops": json_safe(result.screenpops),
        "log": json_safe(result.log),
        "modals": json_safe(result.modals),
        "started_at": result.started_at,
        "duration_ms": result.duration_ms,
        # Names the run wherever it is stored: a seat that recorded it offline sends it once.
        "uid": uuid.uuid4().hex,
    }


def _step(run_id: int, seq: int, step: Any) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "seq": seq,
        "block_id": step.id,
        "block_type": step.type,
        "outcome": step.outcome,
        "success": step.success,
        "results": json_safe(step.results),
        "exception": step.exception,
        "warnings": list(step.warnings),
        "duration_ms": step.duration_ms,
    }
