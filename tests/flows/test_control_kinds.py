"""Each control kind's declaration (flows/control_kinds.py), and that validation, `flows validate`, flow
import and the executor all apply the same checks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_args

import pytest
from sqlalchemy import Engine

from cti_desktop.cli import main
from cti_desktop.flows.blocks import default_registry
from cti_desktop.flows.control_kinds import (
    ABSENT,
    CONTROL_KINDS,
    control_kind,
    control_problems,
    run_problems,
)
from cti_desktop.flows.document import FlowDocument, validate
from cti_desktop.flows.references import mode_for_kind
from cti_desktop.flows.registry import ControlKind, ControlSpec
from cti_desktop.flows.sandbox import FlowSandbox
from cti_desktop.services.flow_import import import_files

METHOD = ControlSpec("method", "choice", "GET", choices=("GET", "POST"), ignore_case=True)
LEVEL = ControlSpec("level", "choice", "info", choices=("debug", "info"))
ROOTS = "$.payload, $.contact, $.agent, $.actions, $.properties"
WAIT = ControlSpec("wait", "number", 10, minimum=0, maximum=100)
URL = ControlSpec("url", "text", "", required=True)
FLAG = ControlSpec("flag", "boolean", False)


def test_every_declared_kind_has_its_declaration_with_parse_and_check() -> None:
    assert set(CONTROL_KINDS) == set(get_args(ControlKind))
    for kind, declaration in CONTROL_KINDS.items():
        assert declaration.kind == kind
        assert callable(declaration.parse) and callable(declaration.check)
        assert mode_for_kind(kind) == declaration.mode
    assert control_kind("no such kind") is CONTROL_KINDS["text"]


def test_every_blocks_defaults_pass_their_own_checks() -> None:
    for spec in default_registry().all():
        for control in spec.controls:
            assert control_problems(control, control.default) == [], (spec.type, control.name)


def test_parse_reads_values_as_the_kind_does() -> None:
    assert CONTROL_KINDS["number"].parse(" 42 ") == 42
    assert CONTROL_KINDS["number"].parse(2.5) == 2.5
    assert CONTROL_KINDS["boolean"].parse("TRUE") is True
    assert CONTROL_KINDS["boolean"].parse(False) is False
    assert CONTROL_KINDS["choice"].parse(7) == "7"
    for kind, value in (("number", "x"), ("number", True), ("boolean", "yes")):
        with pytest.raises(ValueError):
            CONTROL_KINDS[kind].parse(value)


@pytest.mark.parametrize(
    ("spec", "value", "problems"),
    [
        (URL, ABSENT, ["a value is required"]),
        (URL, "", []),  # an empty text is a value: the block judges it
        (URL, "https://x.test/", []),
        (LEVEL, ABSENT, []),
        (LEVEL, "loud", ["“loud” is not one of: debug, info"]),
        (LEVEL, "debug", []),
        (LEVEL, "", []),  # the block's default
        (LEVEL, "$.payload.level", []),  # checked once the run resolves it
        (LEVEL, "$.nowhere", [f"'$.nowhere' starts with an unknown root 'nowhere' (use one of {ROOTS})",
                              "“$.nowhere” is not one of: debug, info"]),
        (METHOD, "post", []),
        (METHOD, "FETCH", ["“FETCH” is not one of: GET, POST"]),
        (WAIT, 5, []),
        (WAIT, "5", []),
        (WAIT, -1, ["-1 is less than 0, the least this control takes"]),
        (WAIT, 101, ["101 is more than 100, the most this control takes"]),
        (WAIT, "soon", ["“soon” is not a number (write a number or a $. reference)"]),
        (WAIT, "{{ $.payload.wait }}", []),
        (FLAG, True, []),
        (FLAG, "false", []),
        (FLAG, "maybe", ["“maybe” is not one of: true, false"]),
        (URL, "$.nowhere.x", [f"'$.nowhere.x' starts with an unknown root 'nowhere' (use one of {ROOTS})"]),
    ],
)  # fmt: skip
def test_control_problems(spec: ControlSpec, value: Any, problems: list[str]) -> None:
    assert control_problems(spec, value) == problems


def test_run_problems_check_the_resolved_value_and_leave_nothing_to_the_block() -> None:
    assert run_problems(LEVEL, "loud") == ["“loud” is not one of: debug, info"]
    assert run_problems(WAIT, 500) == ["500 is more than 100, the most this control takes"]
    # A reference to nothing gives null (docs/flows.md): not an error, the block uses its default.
    assert run_problems(LEVEL, None) == [] and run_problems(URL, None) == []


def flow(*blocks: dict[str, Any]) -> dict[str, Any]:
    first = blocks[0]["id"]
    return {
        "name": "checked",
        "actions": [{"id": "start", "type": "SE_Start", "ports": {"done": first}}, *blocks, END],
    }


END = {"id": "end", "type": "SE_End"}
NO_URL = {"id": "call", "type": "SE_HttpRequest", "controls": {"method": "GET"}, "ports": {"success": "end"}}
BAD_LEVEL = {
    "id": "log",
    "type": "SE_Log",
    "controls": {"level": "loud", "message": "x"},
    "ports": {"done": "end"},
}
SLOW = {"id": "wait", "type": "SE_Delay", "controls": {"milliseconds": -1}, "ports": {"done": "end"}}


@pytest.mark.parametrize(
    ("block", "problem"),
    [
        (NO_URL, "control 'url': a value is required"),
        (BAD_LEVEL, "control 'level': “loud” is not one of: debug, info, warn, error"),
        (SLOW, "control 'milliseconds': -1 is less than 0, the least this control takes"),
    ],
)
def test_validation_lists_the_problem_per_block_and_the_run_fails_there(
    block: dict[str, Any], problem: str
) -> None:
    document = FlowDocument.from_dict(flow(block))
    problems = validate(document, default_registry())
    assert [(p.block_id, p.message, p.severity) for p in problems] == [(block["id"], problem, "warning")]
    sandbox = FlowSandbox()
    result = sandbox.run(document)
    assert result.status == "failed"
    assert result.error == f"block '{block['id']}' ({block['type']}) failed: {problem}"
    assert [step.id for step in result.steps] == ["start", block["id"]]
    assert result.steps[-1].exception == problem


def test_a_refused_control_follows_the_failure_port_when_it_is_connected() -> None:
    block = {**NO_URL, "ports": {"success": "end", "failure": "end"}}
    result = FlowSandbox().run(FlowDocument.from_dict(flow(block)))
    assert result.status == "completed"
    assert result.steps[1].exception == "control 'url': a value is required"


def test_a_reference_is_checked_once_the_run_resolves_it() -> None:
    block = {
        "id": "log",
        "type": "SE_Log",
        "controls": {"level": "$.payload.level", "message": "x"},
        "ports": {"done": "end"},
    }
    document = FlowDocument.from_dict(flow(block))
    assert validate(document, default_registry()) == []
    sandbox = FlowSandbox()
    assert sandbox.run(document, payload={"level": "debug"}).status == "completed"
    # Nothing at the reference: null, the block's default (a warning, not an error).
    assert sandbox.run(document, payload={}).status == "completed"
    refused = sandbox.run(document, payload={"level": "shout"})
    assert refused.status == "failed"
    assert refused.error == (
        "block 'log' (SE_Log) failed: control 'level': “shout” is not one of: debug, info, warn, error"
    )


def write(tmp_path: Path, block: dict[str, Any]) -> Path:
    path = tmp_path / f"{block['id']}.json"
    path.write_text(json.dumps({**flow(block), "name": block["id"]}))
    return path


def test_import_stores_the_flow_and_lists_the_same_problems(engine: Engine, tmp_path: Path) -> None:
    paths = [write(tmp_path, NO_URL), write(tmp_path, BAD_LEVEL)]
    imported = import_files(engine, paths)
    assert [[str(p) for p in flow.problems] for flow in imported] == [
        ["warning: block call: control 'url': a value is required"],
        ["warning: block log: control 'level': “loud” is not one of: debug, info, warn, error"],
    ]


def test_flows_validate_lists_the_same_problems(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", db_url, "flows", "validate", str(write(tmp_path, SLOW))]) == 0
    out = capsys.readouterr().out
    assert (
        "warning: block wait: control 'milliseconds': -1 is less than 0, the least this control takes" in out
    )
