"""Run records: a `flow_run` row and its `flow_run_step` rows, written in one transaction.

Recording uses SQLAlchemy Core inserts (one for the run, one executemany for the steps) rather than ORM
objects: a run is recorded after every action and event, and this keeps it well under a millisecond.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, insert
from sqlmodel import Session, col, select

from cti_desktop.flows.executor import RunResult
from cti_desktop.flows.properties import json_safe
from cti_desktop.store.models import FlowRunRow, FlowRunStepRow

_RUNS = FlowRunRow.__table__  # type: ignore[attr-defined]
_STEPS = FlowRunStepRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class RecordedRun:
    run: FlowRunRow
    steps: list[FlowRunStepRow]


class RunRepository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def record(self, result: RunResult) -> int:
        """Store a finished run and its steps; sets and returns `result.run_id`."""
        run = {
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
        }
        with self._engine.begin() as connection:
            inserted = connection.execute(insert(_RUNS), run)
            key = inserted.inserted_primary_key
            if key is None:
                raise RuntimeError("the database gave the new run no id")
            run_id = int(key[0])
            if result.steps:
                connection.execute(
                    insert(_STEPS), [_step(run_id, seq, step) for seq, step in enumerate(result.steps)]
                )
        result.run_id = run_id
        return run_id

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
