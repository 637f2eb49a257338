"""The test blocks (outcomes true/false): truthiness, If / Else, Is One Of, Starts/Ends With."""

from __future__ import annotations

from typing import Any

from cti_desktop.flows.blocks.common import (
    FALSE,
    TESTS,
    TRUE,
    control,
    flow_block,
    json_if_text,
    true_or_false,
)
from cti_desktop.flows.references import to_text
from cti_desktop.flows.registry import BlockRegistry, BlockResult, RunContext
from cti_desktop.flows.values import as_number, loose_equal, truthy


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _compare(left: Any, right: Any) -> int:
    left_number, right_number = as_number(left), as_number(right)
    if left_number is not None and right_number is not None:
        return (left_number > right_number) - (left_number < right_number)
    left_text, right_text = to_text(left), to_text(right)
    return (left_text > right_text) - (left_text < right_text)


def _contains(container: Any, item: Any) -> bool:
    if isinstance(container, list):
        return any(loose_equal(element, item) for element in container)
    if isinstance(container, dict):
        return to_text(item) in container
    return to_text(item) in to_text(container)


OPERATORS = {
    "equals": loose_equal,
    "notEquals": lambda left, right: not loose_equal(left, right),
    "contains": _contains,
    "startsWith": lambda left, right: to_text(left).startswith(to_text(right)),
    "endsWith": lambda left, right: to_text(left).endswith(to_text(right)),
    "greaterThan": lambda left, right: _compare(left, right) > 0,
    "lessThan": lambda left, right: _compare(left, right) < 0,
    "isEmpty": lambda left, right: _is_empty(left),
}


def core_truthy(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    return TRUE if truthy(controls["value"]) else FALSE


def if_else(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    operator = controls["operator"] or "equals"
    if operator == "expression":
        return true_or_false(truthy(controls["condition"]))
    compare = OPERATORS.get(operator)
    if compare is None:
        ctx.warn(f"unknown operator '{operator}'; the test is false")
        return FALSE
    return true_or_false(compare(controls["left"], controls["right"]))


def _candidates(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if value is None or value == "":
        return []
    parsed = json_if_text(value)
    if isinstance(parsed, list):
        return parsed
    return [part.strip() for part in to_text(value).split(",")]


def is_one_of(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    value = controls["value"]
    return true_or_false(
        any(loose_equal(value, candidate) for candidate in _candidates(controls["candidates"]))
    )


def starts_with(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    return true_or_false(to_text(controls["text"]).startswith(to_text(controls["prefix"])))


def ends_with(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    return true_or_false(to_text(controls["text"]).endswith(to_text(controls["suffix"])))


def register(registry: BlockRegistry) -> None:
    for spec in (
        flow_block(
            "SE_CoreTruthy",
            "Is Truthy",
            core_truthy,
            (control("value", "reference", "", 'null, empty text, 0, false, "false" and "null" are false'),),
            TESTS,
        ),
        flow_block(
            "SE_IfElse",
            "If / Else",
            if_else,
            (
                control("left", "text", ""),
                control("operator", "choice", "equals", "How to compare", choices=(*OPERATORS, "expression")),
                control("right", "text", ""),
                control(
                    "condition",
                    "expression",
                    "",
                    "A JSONata condition, used when the operator is 'expression'",
                ),
            ),
            TESTS,
        ),
        flow_block(
            "SE_IsOneOf",
            "Is One Of",
            is_one_of,
            (control("value"), control("candidates", "list", [], "A list, or text separated by commas")),
            TESTS,
        ),
        flow_block("SE_StartsWith", "Starts With", starts_with, (control("text"), control("prefix")), TESTS),
        flow_block("SE_EndsWith", "Ends With", ends_with, (control("text"), control("suffix")), TESTS),
    ):
        registry.register(spec)
