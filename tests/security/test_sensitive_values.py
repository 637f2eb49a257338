"""A sensitive value typed into a form leaves no trace, in clear or in the forms a flow derives from it,
in any stored byte (the database and its WAL), the log files or stderr (issue 11: defect 5 and the
security suite's third item)."""

from __future__ import annotations

import asyncio
import base64
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from cti_desktop.domain.masking import MASK
from cti_desktop.flows.document import FlowDocument
from cti_desktop.logging_setup import configure_logging
from cti_desktop.services.flow_runner import FlowRunner
from cti_desktop.services.flows import FlowService
from cti_desktop.store.runs import RunRepository

SSN = "078 05 1120"
PHONE = "(206) 555-0142"
# What the flow below derives from the two values, and a few forms it does not: none may be stored.
DERIVED = {
    "as typed": SSN,
    "upper-cased": "Ann 078 05 1120".upper(),
    "spaces removed": "078051120",
    "a slice": "05 11",
    "the last four": "1120",
    "base64": base64.b64encode(SSN.encode()).decode(),
    "base64 without spaces": base64.b64encode(b"078051120").decode(),
    "the phone as typed": PHONE,
    "the phone in E.164": "+12065550142",
    "the phone's digits": "2065550142",
    "the phone's national format": "(206) 555-0142",
}


def template(block_id: str, text: str, to: str) -> dict[str, Any]:
    return {
        "id": block_id,
        "type": "SE_StringTemplate",
        "controls": {"template": text},
        "ports": {"done": to},
    }


def deriving_flow() -> FlowDocument:
    actions = [
        {"id": "s", "type": "SE_Start", "ports": {"done": "upper"}},
        template("upper", "{{ $uppercase('Ann ' & $.payload.ssn) }}", "compact"),
        template("compact", "{{ $replace($.payload.ssn, ' ', '') }}", "slice"),
        template("slice", "{{ $substring($.payload.ssn, 4, 5) }}", "last"),
        template("last", "card ending {{ $substring($.payload.ssn, -4) }}", "b64"),
        template("b64", "{{ $base64encode($.payload.ssn) }}", "b64c"),
        template("b64c", "{{ $base64encode($replace($.payload.ssn, ' ', '')) }}", "e164"),
        {
            "id": "e164",
            "type": "SE_CoreFormatPhoneNumberE164",
            "controls": {"phoneNumber": "$.payload.phone"},
            "ports": {"done": "national"},
        },
        {
            "id": "national",
            "type": "SE_CoreFormatPhoneNumber",
            "controls": {"phoneNumber": "$.actions.e164.results.value"},
            "ports": {"done": "log"},
        },
        {
            "id": "log",
            "type": "SE_Log",
            "controls": {
                "level": "warn",
                "message": "caller {{ $.actions.e164.results.value }} "
                "ssn {{ $.actions.compact.results.value }} "
                "{{ $.actions.b64.results.value }} {{ $.actions.upper.results.value }}",
            },
            "ports": {"done": "prop"},
        },
        {
            "id": "prop",
            "type": "SE_SetProperty",
            "controls": {"key": "last-caller", "value": "$.actions.e164.results.value"},
            "ports": {"done": "prop2"},
        },
        {
            "id": "prop2",
            "type": "SE_SetProperty",
            "controls": {"key": "last-ssn", "value": {"compact": "$.actions.compact.results.value"}},
            "ports": {"done": "fail"},
        },
        # Fails with the value in its message: the run's error is stored too.
        {
            "id": "fail",
            "type": "SE_CastValue",
            "controls": {"value": "$.actions.upper.results.value", "to": "number"},
            "ports": {"success": "e"},
        },
        {"id": "e", "type": "SE_End"},
    ]
    return FlowDocument.from_dict({"name": "derive", "actions": actions})


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """Where the app's log goes; the test sets the logging up, while its stderr is captured."""
    yield tmp_path / "logs" / "cti-desktop.log"
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_cti_desktop", False):
            root.removeHandler(handler)
            handler.close()


def stored_bytes(db_file: Path) -> bytes:
    """Every byte of the database: its file, its write-ahead log and its shared memory index."""
    return b"".join(
        path.read_bytes()
        for path in (db_file, Path(f"{db_file}-wal"), Path(f"{db_file}-shm"))
        if path.exists()
    )


def test_no_trace_of_a_sensitive_value_or_its_derived_forms(
    engine: Engine, db_url: str, log_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(log_file=log_file)
    FlowService(engine).save("derive", deriving_flow())
    runner = FlowRunner(engine)
    payload = {"ssn": SSN, "phone": PHONE, "name": "Ann"}
    try:
        result = asyncio.run(runner.run("derive", payload=payload, sensitive_keys={"ssn", "phone"}))
    finally:
        runner.close()
    # The flow did derive each form (it ran with the clear values) and the record shows them masked.
    assert result.status == "failed" and result.steps[-1].id == "fail"
    assert result.error == f"block 'fail' (SE_CastValue) failed: 'ANN {MASK}' is not a number"
    assert result.steps[1].results == {"value": f"ANN {MASK}"}
    assert result.steps[4].results == {"value": f"card ending {MASK}"}
    assert result.log and MASK in result.log[0]["message"]
    for handler in logging.getLogger().handlers:
        if getattr(handler, "_cti_desktop", False):
            handler.flush()
    captured = capsys.readouterr()
    places = {
        "the database": stored_bytes(Path(db_url.removeprefix("sqlite:///"))),
        "the log file": log_file.read_bytes(),
        "stderr": captured.err.encode(),
        "stdout": captured.out.encode(),
    }
    assert "caller" in captured.err  # SE_Log did write its line to stderr
    recorded = RunRepository(engine).get(result.run_id or 0)
    assert recorded is not None and MASK in str(recorded)
    for where, content in places.items():
        for form, value in DERIVED.items():
            assert value.encode() not in content, f"{form} ({value!r}) found in {where}"
            assert value.lower().encode() not in content.lower(), f"{form} ({value!r}) found in {where}"
