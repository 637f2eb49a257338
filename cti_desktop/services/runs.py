"""The recorded runs, as the Run History window reads them: pages of summaries, and one run with its
steps as plain records (never store rows). Runs are written by the flow runner; nothing here changes
them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

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


__all__ = ["RecordedRun", "RunFilter", "RunHistory", "RunRecord", "RunSummary", "StepRecord"]
