"""How Run History words a run: its status, trigger, times, and the record of one run as readable JSON.

No Qt here: the table, the details and the tests share these.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from cti_desktop.domain.catalog import source_label
from cti_desktop.services.runs import RunRecord, StepRecord

STATUS_LABELS: dict[str, str] = {
    "completed": "Completed",
    "failed": "Failed",
    "timed_out": "Timed out",
    "cancelled": "Cancelled",
    "running": "Running",
}
# The statuses that mean the flow did not do all it should: supervisors look for these first.
NOT_COMPLETED: tuple[str, ...] = ("failed", "timed_out", "cancelled")


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status.replace("_", " ").capitalize() or "Unknown")


def trigger_text(kind: str, detail: str) -> str:
    """ "Action: Customer Gift Card", "Event: Voice Contact onConnecting", "Manual"."""
    if kind == "action":
        return f"Action: {detail}" if detail else "Action"
    if kind == "event":
        source, _, event = detail.partition(".")
        if source and event:
            return f"Event: {source_label(source)} {event}"
        return f"Event: {detail}" if detail else "Event"
    label = kind.capitalize() if kind else "Manual"
    return f"{label}: {detail}" if detail else label


def duration_text(ms: float) -> str:
    if ms < 1:
        return f"{ms * 1000:.0f} µs"  # most blocks take microseconds: "0.00 ms" would say nothing
    if ms < 10:
        return f"{ms:.2f} ms"
    if ms < 1000:
        return f"{ms:.0f} ms"
    seconds = ms / 1000
    if seconds < 60:
        return f"{seconds:.2f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"


def started_text(moment: datetime) -> str:
    """The local time, to the second; stored times are UTC."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def run_record(run: RunRecord) -> dict[str, Any]:
    """What a run took in and gave out, in the order people read it; empty parts are left out."""
    record: dict[str, Any] = {
        "run": run.id,
        "flow": run.flow_name,
        "status": run.status,
        "trigger": trigger_text(run.trigger_kind, run.trigger_detail),
        "started": started_text(run.started_at),
        "duration_ms": round(run.duration_ms, 3),
    }
    if run.error:
        record["error"] = run.error
    inputs = run.inputs or {}
    record["payload"] = inputs.get("payload", {})
    record["contact"] = inputs.get("contact")
    optional = {
        "agent": inputs.get("agent"),
        "overlay_data": run.overlay_data,
        "screenpops": run.screenpops,
        "log": run.log,
        "modals": run.modals,
        "warnings": run.warnings,
    }
    record.update({key: value for key, value in optional.items() if value})
    return record


def step_record(step: StepRecord) -> dict[str, Any]:
    """One step as the run left it, for the Step tab."""
    record: dict[str, Any] = {
        "step": step.seq + 1,
        "block": step.block_id,
        "type": step.block_type,
        "outcome": step.outcome,
        "success": step.success,
        "duration_ms": round(step.duration_ms, 3),
        "results": step.results,
    }
    if step.exception:
        record["exception"] = step.exception
    if step.warnings:
        record["warnings"] = step.warnings
    return record


def as_json(value: Any) -> str:
    # default=str: a stored value JSON cannot say (it should not happen) still shows, as text.
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)
