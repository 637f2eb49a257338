"""Loops no run can leave, and which blocks can have run before another, from the links alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cti_desktop.flows.blocks import default_registry
from cti_desktop.flows.document import FlowDocument, validate
from cti_desktop.flows.reachability import before, loop_problems, reference_problems, referenced_blocks

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "adapter-flows"


def _flow(*actions: dict[str, Any]) -> FlowDocument:
    return FlowDocument.from_dict({"actions": list(actions)})


def test_a_block_that_leads_only_to_itself_is_a_loop_without_exit() -> None:
    document = _flow(
        {"id": "s", "type": "SE_Start", "ports": {"done": "d"}},
        {"id": "d", "type": "SE_Delay", "controls": {"milliseconds": 1}, "ports": {"done": "d"}},
    )
    problems = loop_problems(document, default_registry())
    assert [(p.block_id, p.severity) for p in problems] == [("d", "warning")]
    assert "leads only back to itself" in problems[0].message
    assert problems[0] in validate(document, default_registry())


def test_a_loop_through_several_blocks_is_named_by_its_blocks() -> None:
    document = _flow(
        {"id": "s", "type": "SE_Start", "ports": {"done": "a"}},
        {"id": "a", "type": "SE_Log", "ports": {"done": "b"}},
        {"id": "b", "type": "SE_Delay", "ports": {"done": "a"}},
    )
    (problem,) = loop_problems(document, default_registry())
    assert problem.block_id == "a" and "the loop a, b has no way out" in problem.message


@pytest.mark.parametrize(
    "exit_port",
    [
        {},  # "false" left unconnected ends the run
        {"false": "e"},  # "false" leads out to SE_End
    ],
)
def test_a_loop_with_a_way_out_is_not_warned_about(exit_port: dict[str, str]) -> None:
    document = _flow(
        {"id": "s", "type": "SE_Start", "ports": {"done": "c"}},
        {"id": "c", "type": "SE_CoreTruthy", "ports": {"true": "l", **exit_port}},
        {"id": "l", "type": "SE_Log", "ports": {"done": "c"}},
        {"id": "e", "type": "SE_End"},
    )
    assert loop_problems(document, default_registry()) == []


def test_a_port_the_block_never_takes_is_no_way_out() -> None:
    document = _flow(
        {"id": "s", "type": "SE_Start", "ports": {"done": "l"}},
        {"id": "l", "type": "SE_Log", "ports": {"done": "l", "maybe": "e"}},
        {"id": "e", "type": "SE_End"},
    )
    assert [p.block_id for p in loop_problems(document, default_registry())] == ["l"]


@pytest.mark.parametrize("name", sorted(path.name for path in FIXTURES.glob("*.json")))
def test_no_adapter_export_has_a_loop_without_exit(name: str) -> None:
    assert loop_problems(FlowDocument.from_file(FIXTURES / name), default_registry()) == []


def test_what_can_run_before_a_block() -> None:
    document = _flow(
        {"id": "s", "type": "SE_Start", "ports": {"done": "c"}},
        {"id": "c", "type": "SE_CoreTruthy", "ports": {"true": "t", "false": "f"}},
        {"id": "t", "type": "SE_Log", "ports": {"done": "e"}},
        {"id": "f", "type": "SE_Log", "ports": {"done": "c"}},
        {"id": "e", "type": "SE_End"},
        {"id": "lost", "type": "SE_Log", "ports": {"done": "e"}},
    )
    found = before(document, default_registry())
    assert found["t"] == {"s", "c", "f"}  # f loops back to c, so it may have run before t
    assert found["c"] == {"s", "c", "f"}  # c may run again after f
    assert found["e"] == {"s", "c", "t", "f"}  # "lost" never runs, so it is never before anything
    assert found["lost"] == set()


def test_a_reference_to_a_block_that_cannot_have_run_before_is_warned_about() -> None:
    document = _flow(
        {"id": "s", "type": "SE_Start", "ports": {"done": "c"}},
        {
            "id": "c",
            "type": "SE_CoreTruthy",
            "controls": {"value": "$.payload.x"},
            "ports": {"true": "t", "false": "f"},
        },
        {"id": "t", "type": "SE_GetProperty", "controls": {"key": "k"}, "ports": {"done": "e"}},
        {
            "id": "f",
            "type": "SE_Log",
            "controls": {"message": "got {{ $.actions.t.results.value }}"},
            "ports": {"done": "e"},
        },
        {"id": "e", "type": "SE_Log", "controls": {"message": "$.actions.t.results.value"}},
        {"id": "g", "type": "SE_Log", "controls": {"message": "$.actions.gone.results.value"}},
        {"id": "h", "type": "SE_Log", "controls": {"message": "$.actions.nothing.results.value"}},
    )
    document.actions[1].ports["false"] = "f"
    document.actions[3].ports["done"] = "g"
    document.actions[5].ports["done"] = "e"
    problems = [(p.block_id, p.message) for p in reference_problems(document, default_registry())]
    assert problems == [
        (
            "f",
            "control 'message' refers to $.actions.t, but no run goes through block 't' before this one, "
            "so it finds nothing there",
        ),
        ("g", "control 'message' refers to $.actions.gone, which is not in the flow"),
    ]  # "e" may follow "t"; "h" never runs, so it is warned about as such, not for its reference
    assert any(p.block_id == "f" for p in validate(document, default_registry()))


def test_referenced_blocks_are_found_in_nested_values() -> None:
    value = {"a": ["$.actions.uid-3.results.x", {"b": "x {{ $.actions.0.results.y }} $.actions.uid-3"}]}
    assert sorted(referenced_blocks(value)) == ["0", "uid-3"]
