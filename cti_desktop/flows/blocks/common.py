"""What the "Flow and data" blocks are written with: their shared outcomes, result shapes and the short
forms of their declarations."""

from __future__ import annotations

import json
from typing import Any

from cti_desktop.flows.registry import BlockResult, BlockSpec, ControlSpec

FLOW = "Flow and data"
TESTS = ("true", "false")
CAN_FAIL = ("success", "failure")

DONE = BlockResult("done")
TRUE = BlockResult("true")
FALSE = BlockResult("false")


def value_result(value: Any) -> BlockResult:
    return BlockResult("done", {"value": value})


def failure(message: str, results: dict[str, Any] | None = None) -> BlockResult:
    return BlockResult("failure", results if results is not None else {}, message)


def true_or_false(condition: bool) -> BlockResult:
    return TRUE if condition else FALSE


def json_if_text(value: Any) -> Any:
    if isinstance(value, str) and value.strip()[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def flow_block(
    type_: str,
    title: str,
    run: Any,
    controls: tuple[ControlSpec, ...] = (),
    outcomes: tuple[str, ...] = ("done",),
    results: tuple[str, ...] = (),
    help_: str = "",
    is_async: bool = False,
) -> BlockSpec:
    return BlockSpec(type_, title, FLOW, controls, outcomes, results, run, is_async=is_async, help=help_)


def control(name: str, kind: Any = "text", default: Any = "", help_: str = "", **extra: Any) -> ControlSpec:
    return ControlSpec(name, kind, default, help_, **extra)
