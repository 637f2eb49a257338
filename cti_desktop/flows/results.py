"""What a run gives back: its steps and its result, plain data that the store records, the command line
prints and the GUI shows (kept apart from the executor so that those layers need not import the engine)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final


class RunStatus:
    RUNNING: Final = "running"
    COMPLETED: Final = "completed"
    FAILED: Final = "failed"
    TIMED_OUT: Final = "timed_out"
    CANCELLED: Final = "cancelled"


@dataclass(slots=True)
class StepTrace:
    id: str
    type: str
    outcome: str
    success: bool
    results: Any
    exception: str
    duration_ms: float
    warnings: tuple[str, ...]

    # A step is also what `$.actions.<id>` reads: success, results and exception, by key. Keeping one
    # object per step (not a step and a dict) halves what the garbage collector walks in long bursts.
    def __getitem__(self, key: str) -> Any:
        if key == "results":
            return self.results
        if key == "success":
            return self.success
        if key == "exception":
            return self.exception
        raise KeyError(key)

    def to_entry(self) -> dict[str, Any]:
        """`$.actions.<id>` as a plain dict (for JSONata, which walks dicts)."""
        return {"success": self.success, "results": self.results, "exception": self.exception}

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "outcome": self.outcome,
            "success": self.success,
            "results": self.results,
            "exception": self.exception,
            "duration_ms": round(self.duration_ms, 4),
            "warnings": list(self.warnings),
        }


@dataclass(slots=True)
class RunResult:
    """Everything about one run: what `flows run --json` prints and what the run record stores."""

    flow: str
    status: str = RunStatus.RUNNING
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    steps: list[StepTrace] = field(default_factory=list)
    overlay_data: list[dict[str, Any]] = field(default_factory=list)
    screenpops: list[dict[str, Any]] = field(default_factory=list)
    modals: list[dict[str, str]] = field(default_factory=list)
    log: list[dict[str, str]] = field(default_factory=list)
    contact: dict[str, Any] | None = None
    properties: dict[str, Any] = field(default_factory=dict)
    duration_ms: float = 0.0
    inputs: dict[str, Any] = field(default_factory=dict)
    trigger_kind: str = "manual"
    trigger_detail: str = ""
    flow_id: int | None = None
    run_id: int | None = None
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def completed(self) -> bool:
        return self.status == RunStatus.COMPLETED

    @property
    def contact_id(self) -> str:
        contact = self.contact or self.inputs.get("contact") or {}
        return str(contact.get("contactId") or "")

    def to_json_dict(self) -> dict[str, Any]:
        """The `flows run --json` contract."""
        return {
            "run_id": self.run_id,
            "flow": self.flow,
            "status": self.status,
            "error": self.error,
            "warnings": list(self.warnings),
            "steps": [step.to_dict() for step in self.steps],
            "overlay_data": list(self.overlay_data),
            "screenpops": list(self.screenpops),
            "contact": self.contact,
            "properties": self.properties,
            "duration_ms": round(self.duration_ms, 4),
        }
