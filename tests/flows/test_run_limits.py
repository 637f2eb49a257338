"""The limits a run holds whatever its blocks do (docs/flows.md, "Limits"): its time limit within a
second, and the size of the values it may build."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest

from cti_desktop.flows.document import FlowDocument
from cti_desktop.flows.executor import FlowExecutor
from cti_desktop.flows.results import RunResult
from cti_desktop.flows.sandbox import FlowSandbox
from cti_desktop.flows.value_size import held_size

TIME_LIMIT_S = 2.0
# The run must end within a second of its limit (the bound), whatever the blocks compute.
ENDED_WITHIN_S = TIME_LIMIT_S + 1.0


def start(to: str) -> dict[str, Any]:
    return {"id": "s", "type": "SE_Start", "ports": {"done": to}}


def looping_condition(expression: str) -> FlowDocument:
    """An If/Else whose expression fails, connected back onto itself: it computes again and again."""
    block = {
        "id": "c",
        "type": "SE_IfElse",
        "controls": {"operator": "expression", "condition": expression},
        "ports": {"true": "c", "false": "c", "failure": "c"},
    }
    return FlowSandbox.document(start("c"), block)


def busy_loop() -> FlowDocument:
    return FlowSandbox.document(
        start("a"),
        {
            "id": "a",
            "type": "SE_Log",
            "controls": {"message": "again", "level": "debug"},
            "ports": {"done": "b"},
        },
        {"id": "b", "type": "SE_CoreTruthy", "controls": {"value": True}, "ports": {"true": "a"}},
    )


def big_strings() -> FlowDocument:
    template = "{{ $length($pad('', 200000, 'x') & $pad('', 200000, 'y')) }}"
    return FlowSandbox.document(
        start("t"),
        {"id": "t", "type": "SE_StringTemplate", "controls": {"template": template}, "ports": {"done": "t"}},
    )


COMPUTING_FLOWS = {
    "a long loop of synchronous blocks": busy_loop,
    "a template building big strings": big_strings,
    "a sum over ten million numbers": lambda: looping_condition(
        "$sum($map([1..10000000], function($v){$v})) > 0"
    ),
    "a function calling itself forever": lambda: looping_condition("($f := function($n){ $f($n+1) }; $f(0))"),
    "a catastrophic regular expression": lambda: looping_condition(
        "$count($match('" + "a" * 5000 + "!', /(a+)+$/)) > 0"
    ),
    "a product of two ranges": lambda: looping_condition("$count([1..10000].([1..10000])) > 0"),
}


def run_quietly(document: FlowDocument, **options: Any) -> RunResult:
    """Run in a loop whose main task returns nothing: Python 3.11's asyncio.run formats the main task's
    result when it restores the Ctrl+C handler, and a result of 400,000 steps takes seconds to format."""
    harness = FlowSandbox()
    ended: list[RunResult] = []

    async def scenario() -> None:
        ended.append(await harness.run_async(document, **options))

    asyncio.run(scenario())
    return ended[0]


@pytest.mark.parametrize("flow", COMPUTING_FLOWS.values(), ids=list(COMPUTING_FLOWS))
def test_the_time_limit_holds_within_a_second_whatever_the_blocks_compute(flow: Any) -> None:
    began = time.monotonic()
    result = run_quietly(flow(), time_limit_s=TIME_LIMIT_S, step_budget=10**9)
    took = time.monotonic() - began
    assert result.status == "timed_out", result.error
    assert took < ENDED_WITHIN_S, f"the run took {took:.2f} s"


def join_loop(*values: str) -> FlowDocument:
    join = {"id": "j", "type": "SE_JoinStrings", "controls": {"values": list(values)}, "ports": {"done": "j"}}
    return FlowSandbox.document(start("j"), join)


def test_a_join_looping_onto_itself_fails_at_the_value_limit_and_is_recorded() -> None:
    harness = FlowSandbox()
    doubling = join_loop("$.actions.j.results.value", "$.actions.j.results.value", "0123456789")
    result = harness.run(doubling, step_budget=10**9, value_limit_mb=1)
    assert result.status == "failed"
    assert result.error.startswith("block 'j' (SE_JoinStrings) failed: ")
    assert "more than the 1 MB a run may hold" in result.error
    assert result.steps[-1].results == {}  # the value past the limit is not kept
    # What the run holds, and so its record and `flows run --json`, stays near the limit.
    assert len(json.dumps(result.to_json_dict())) < 2 * 1024 * 1024


def test_one_value_past_the_limit_is_named_with_its_size() -> None:
    harness = FlowSandbox()
    flow = FlowSandbox.document(
        start("t"),
        {
            "id": "t",
            "type": "SE_StringTemplate",
            "controls": {"template": "{{ $pad('', 3000000, 'x') }}"},
            "ports": {"done": "e"},
        },
        {"id": "e", "type": "SE_End"},
    )
    result = harness.run(flow, value_limit_mb=2)
    assert result.error == (
        "block 't' (SE_StringTemplate) failed: it built a value of 2.9 MB, more than the 2 MB a run may "
        "hold (setting run_value_limit_mb)"
    )
    assert harness.run(flow, value_limit_mb=4).status == "completed"


def test_an_appending_loop_is_stopped_by_what_the_run_holds_in_all() -> None:
    harness = FlowSandbox()
    appending = join_loop("$.actions.j.results.value", "x" * 1000)
    began = time.monotonic()
    result = harness.run(appending, step_budget=10**9)
    assert time.monotonic() - began < 5
    assert result.status == "failed" and "more than the 10 MB a run may hold" in result.error
    assert FlowExecutor(harness.registry).value_limit_mb == 10


def test_logging_counts_towards_the_value_limit() -> None:
    harness = FlowSandbox()
    flow = FlowSandbox.document(
        start("a"),
        {
            "id": "a",
            "type": "SE_Log",
            "controls": {"message": "line {{ $.payload.big }}", "level": "debug"},
            "ports": {"done": "a"},
        },
    )
    result = harness.run(flow, payload={"big": "x" * 100_000}, step_budget=10**9, value_limit_mb=1)
    assert result.status == "failed" and "a run may hold" in result.error
    assert len(result.log) <= 11


def test_the_product_of_two_ranges_ends_within_a_second() -> None:
    harness = FlowSandbox()
    flow = FlowSandbox.document(
        start("t"),
        {
            "id": "t",
            "type": "SE_StringTemplate",
            "controls": {"template": "{{ [1..10000].([1..10000]) }}"},
            "ports": {"done": "e"},
        },
        {"id": "e", "type": "SE_End"},
    )
    began = time.monotonic()
    result = harness.run(flow)
    assert time.monotonic() - began < 1.5
    assert result.status == "failed" and "ran longer than 250 ms" in result.error


def test_sizes_are_counted_only_up_to_the_budget() -> None:
    assert held_size({"value": "abc", "n": [1, 2]}, 1000) == 8 * 2 + len("value") + 1 + 3 + 8 * 2 + 8 * 2
    huge = [0] * 10_000_000
    began = time.perf_counter()
    assert held_size({"value": huge}, 1000) > 1000
    assert time.perf_counter() - began < 0.05
