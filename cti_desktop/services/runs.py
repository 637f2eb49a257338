"""The recorded runs, as the Run History window reads them: pages of summaries, and one run with its
steps as plain records (never store rows). Runs are written by the flow runner; nothing here changes
them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from cti_desktop.services.flows import FlowService, StoredFlow
from cti_desktop.store.models import FlowRunRow, FlowRunStepRow
from cti_desktop.store.runs import RunFilter, RunRepository, RunSummary


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One recorded run: what it took in, how it ended and what it gave out."""

    id: int
    flow_id: int | None
    flow_name: str
    trigger_kind: str
    trigger_detail: str
    contact_id: str
    inputs: dict[str, Any]
    status: str
    error: str
    warnings: list[str]
    overlay_data: list[dict[str, Any]]
    screenpops: list[dict[str, Any]]
    log: list[dict[str, Any]]
    modals: list[dict[str, Any]]
    started_at: datetime
    duration_ms: float

    @classmethod
    def from_row(cls, row: FlowRunRow) -> RunRecord:
        if row.id is None:
            raise ValueError("a recorded run has an id")
        return cls(
            id=row.id,
            flow_id=row.flow_id,
            flow_name=row.flow_name,
            trigger_kind=row.trigger_kind,
            trigger_detail=row.trigger_detail,
            contact_id=row.contact_id,
            inputs=row.inputs,
            status=row.status,
            error=row.error,
            warnings=row.warnings,
            overlay_data=row.overlay_data,
            screenpops=row.screenpops,
            log=row.log,
            modals=row.modals,
            started_at=row.started_at,
            duration_ms=row.duration_ms,
        )


@dataclass(frozen=True, slots=True)
class StepRecord:
    """One step of a recorded run: the block, how it went out, its results."""

    run_id: int
    seq: int
    block_id: str
    block_type: str
    outcome: str
    success: bool
    results: Any
    exception: str
    warnings: list[str]
    duration_ms: float

    @classmethod
    def from_row(cls, row: FlowRunStepRow) -> StepRecord:
        return cls(
            run_id=row.run_id,
            seq=row.seq,
            block_id=row.block_id,
            block_type=row.block_type,
            outcome=row.outcome,
            success=row.success,
            results=row.results,
            exception=row.exception,
            warnings=row.warnings,
            duration_ms=row.duration_ms,
        )


@dataclass(frozen=True, slots=True)
class RecordedRun:
    run: RunRecord
    steps: list[StepRecord]


class RunHistory:
    """Reads the recorded runs; construct with the store's engine."""

    def __init__(self, engine: Engine) -> None:
        self._repo = RunRepository(engine)

    def page(
        self,
        filters: RunFilter | None = None,
        *,
        limit: int = 200,
        before: tuple[datetime, int] | None = None,
    ) -> list[RunSummary]:
        """The latest runs that match, newest first; `before` (a summary's `key`) gives the next page."""
        return self._repo.page(filters, limit=limit, before=before)

    def newer_than(self, run_id: int, filters: RunFilter | None = None, limit: int = 500) -> list[RunSummary]:
        return self._repo.newer_than(run_id, filters, limit)

    def flow_names(self) -> list[str]:
        return self._repo.flow_names()

    def get(self, run_id: int) -> RecordedRun | None:
        recorded = self._repo.get(run_id)
        if recorded is None:
            return None
        return RecordedRun(
            RunRecord.from_row(recorded.run), [StepRecord.from_row(step) for step in recorded.steps]
        )


@dataclass(frozen=True, slots=True)
class RunOnFlow:
    """The stored flow a recorded run is shown on, and what to say about it: the flow may have changed
    since the run (only its current version is kept) or be gone."""

    flow: StoredFlow | None
    note: str  # "" when the stored flow is the version that ran
    missing_blocks: tuple[str, ...] = ()


def _naive_utc(moment: datetime) -> datetime:
    # SQLite gives back naive times of what was written as UTC; compare like with like.
    return moment.replace(tzinfo=None) if moment.tzinfo is not None else moment


def run_on_flow(flows: FlowService, recorded: RecordedRun) -> RunOnFlow:
    """Where to show a recorded run: its flow as stored now, and whether that is the version that ran."""
    run = recorded.run
    flow = flows.get_by_id(run.flow_id) if run.flow_id is not None else None
    if flow is None:
        flow = flows.get(run.flow_name)
    if flow is None:
        gone = f"The flow “{run.flow_name}” that ran no longer exists, so there is nothing to show."
        return RunOnFlow(None, gone)
    actions = flow.document.get("actions") or []
    present = {action.get("id") for action in actions if isinstance(action, dict)}
    missing = tuple(dict.fromkeys(step.block_id for step in recorded.steps if step.block_id not in present))
    notes = []
    if _naive_utc(flow.updated_at) > _naive_utc(run.started_at) or flow.name != run.flow_name:
        notes.append(
            f"The flow was changed after this run (it is at version {flow.version} now); the version that "
            "ran is not kept, so the run is shown on the current one."
        )
    if missing:
        notes.append(f"Blocks it ran that are no longer in the flow: {', '.join(missing)}.")
    return RunOnFlow(flow, " ".join(notes), missing)


__all__ = [
    "RecordedRun",
    "RunFilter",
    "RunHistory",
    "RunOnFlow",
    "RunRecord",
    "RunSummary",
    "StepRecord",
    "run_on_flow",
]
