"""How Run History words runs: statuses, triggers, durations, and a run's record as JSON."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from cti_desktop.gui.runs.text import (
    as_json,
    duration_text,
    first_line,
    run_record,
    started_text,
    status_label,
    step_record,
    trigger_text,
)
from cti_desktop.store.models import FlowRunRow, FlowRunStepRow


def test_statuses_and_triggers_read_as_words() -> None:
    assert [status_label(s) for s in ("completed", "failed", "timed_out", "cancelled")] == [
        "Completed",
        "Failed",
        "Timed out",
        "Cancelled",
    ]
    assert status_label("paused_forever") == "Paused forever"
    assert trigger_text("action", "Customer Gift Card") == "Action: Customer Gift Card"
    assert trigger_text("event", "voiceContact.onConnecting") == "Event: Voice Contact onConnecting"
    assert trigger_text("event", "oldSource.onThing") == "Event: Unknown source (oldSource) onThing"
    assert trigger_text("manual", "") == "Manual"
    assert trigger_text("", "") == "Manual"


def test_durations_fit_what_they_measure() -> None:
    assert duration_text(0.0173) == "17 µs"
    assert duration_text(3.456) == "3.46 ms"
    assert duration_text(250.4) == "250 ms"
    assert duration_text(1250) == "1.25 s"
    assert duration_text(125_000) == "2 min 5 s"


def test_times_are_local_and_errors_start_at_their_first_words() -> None:
    moment = datetime(2026, 5, 1, 12, 30, 15, tzinfo=UTC)
    assert started_text(moment) == moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    assert started_text(moment.replace(tzinfo=None)) == started_text(moment), "naive means UTC"
    assert first_line("\n  block 'x' failed: no\nTraceback") == "block 'x' failed: no"
    assert first_line("") == ""


def test_a_runs_record_leaves_out_what_it_did_not_do() -> None:
    run = FlowRunRow(
        id=7,
        flow_name="Gift Card",
        trigger_kind="action",
        trigger_detail="Customer Gift Card",
        inputs={"payload": {"pin": "*****"}, "contact": {"contactId": "c-1"}, "agent": {}},
        status="completed",
        overlay_data=[{"key": "Gift card", "value": "Visa"}],
        started_at=datetime(2026, 5, 1, tzinfo=UTC),
        duration_ms=1.23456,
    )
    record = json.loads(as_json(run_record(run)))
    assert list(record) == [
        "run",
        "flow",
        "status",
        "trigger",
        "started",
        "duration_ms",
        "payload",
        "contact",
        "overlay_data",
    ]
    assert record["payload"] == {"pin": "*****"} and record["duration_ms"] == 1.235
    run.error, run.screenpops, run.log, run.modals, run.warnings = (
        "it broke",
        [{"kind": "record", "recordId": "003A"}],
        [{"level": "info", "message": "hi"}],
        [{"title": "T", "message": "M"}],
        ["block 'x': not connected"],
    )
    record = run_record(run)
    assert record["error"] == "it broke"
    assert [key for key in ("screenpops", "log", "modals", "warnings") if key in record] == [
        "screenpops",
        "log",
        "modals",
        "warnings",
    ]


def test_a_steps_record_numbers_it_from_one() -> None:
    step = FlowRunStepRow(
        run_id=1, seq=0, block_id="task", block_type="SE_SFCreateTask", results={"id": "00T1"}
    )
    assert step_record(step) == {
        "step": 1,
        "block": "task",
        "type": "SE_SFCreateTask",
        "outcome": "",
        "success": True,
        "duration_ms": 0.0,
        "results": {"id": "00T1"},
    }
    step.exception, step.warnings, step.success = "refused", ["slow"], False
    assert step_record(step)["exception"] == "refused" and step_record(step)["warnings"] == ["slow"]
