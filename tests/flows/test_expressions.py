"""Expressions are bounded: a runaway in an If-else or a String Template fails its block quickly, in
words, instead of holding the event loop (and the agent's overlay) for minutes."""

from __future__ import annotations

import time

import pytest

from cti_desktop.flows.expressions import DEPTH_LIMIT, TIME_LIMIT_MS
from cti_desktop.flows.sandbox import FlowSandbox

RUNAWAYS = {
    "endless recursion": "{{ ($f := function($n){ $f($n+1) }; $f(0)) }}",
    "catastrophic pattern": "{{ $match('" + "a" * 5000 + "!', /(a+)+$/) }}",
    "a huge sum": "{{ $sum($map([1..10000000], function($v){ $v * 2 })) }}",
}


@pytest.mark.parametrize("template", RUNAWAYS.values(), ids=RUNAWAYS.keys())
def test_a_runaway_template_fails_its_block_within_the_limit(harness: FlowSandbox, template: str) -> None:
    began = time.monotonic()
    result = harness.run(harness.single("SE_StringTemplate", {"template": template}, connect=False))
    elapsed = time.monotonic() - began

    # A catastrophic pattern on RE2 simply finds nothing, at once; the others are stopped.
    assert result.status in ("failed", "completed")
    if result.status == "failed":
        assert "was stopped" in result.error
        assert f"{TIME_LIMIT_MS} ms" in result.error or f"{DEPTH_LIMIT} calls" in result.error
    assert elapsed < 3, f"took {elapsed:.1f} s"


def test_a_runaway_condition_fails_the_if_else_block(harness: FlowSandbox) -> None:
    controls = {"operator": "expression", "condition": "($f := function($n){ $f($n+1) }; $f(0)) = 1"}
    result = harness.run(harness.single("SE_IfElse", controls, connect=False))

    assert result.status == "failed"
    assert "was stopped" in result.error


def test_the_catastrophic_pattern_runs_in_linear_time(harness: FlowSandbox) -> None:
    template = "{{ $contains('" + "a" * 100_000 + "!', /(a+)+$/) }}"
    step = harness.step("SE_StringTemplate", {"template": template})
    assert step.results["value"] == "false"


def test_sensible_expressions_still_work(harness: FlowSandbox) -> None:
    template = "{{ $uppercase('ab') }}-{{ $sum([1..100]) }}-{{ $match('x1', /\\d/).match }}"
    step = harness.step("SE_StringTemplate", {"template": template})
    assert step.results["value"] == "AB-5050-1"


def test_the_guard_restarts_for_every_evaluation(harness: FlowSandbox) -> None:
    # The compiled expression is cached: an old start time must not stop a later, quick evaluation.
    template = "{{ $sum([1..1000]) }}"
    harness.step("SE_StringTemplate", {"template": template})
    time.sleep(TIME_LIMIT_MS / 1000 + 0.05)  # wall-clock age of the cached expression, not a wait on the app
    assert harness.step("SE_StringTemplate", {"template": template}).results["value"] == "500500"
