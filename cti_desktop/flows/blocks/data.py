"""The blocks that read and reshape values: extract, cast, length, slice, replace, join, template,
multiply, divide."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from cti_desktop.flows.blocks.common import (
    CAN_FAIL,
    control,
    failure,
    flow_block,
    json_if_text,
    value_result,
)
from cti_desktop.flows.references import to_text
from cti_desktop.flows.registry import BlockRegistry, BlockResult, RunContext
from cti_desktop.flows.values import as_number, tidy, truthy


@lru_cache(maxsize=512)
def parse_key_path(path: str) -> tuple[str | int, ...]:
    """`a.b.[0].c` or `a.b[0].c` -> ("a", "b", 0, "c")."""
    steps: list[str | int] = []
    for part in re.findall(r"\[(\d+)\]|([^.\[\]]+)", path):
        index, name = part
        steps.append(int(index) if index else name)
    return tuple(steps)


def extract(target: Any, path: str) -> tuple[bool, Any]:
    current = target
    for step in parse_key_path(path):
        try:
            current = current[step]
        except (KeyError, IndexError, TypeError):
            return False, None
    return True, current


def extract_value(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    found, value = extract(json_if_text(controls["targetField"]), to_text(controls["keyPath"]))
    if not found:
        ctx.warn(f"'{controls['keyPath']}' is not in the target; the value is null")
    return value_result(value)


def cast_value(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    value, target = controls["value"], controls["to"]
    if target == "string":
        return BlockResult("success", {"value": to_text(value)})
    if target == "number":
        number = as_number(value)
        if number is None:
            return failure(f"{to_text(value)!r} is not a number", {"value": None})
        return BlockResult("success", {"value": number})
    if target == "boolean":
        return BlockResult("success", {"value": truthy(value)})
    if target == "json":
        if not isinstance(value, str):
            return BlockResult("success", {"value": value})
        try:
            return BlockResult("success", {"value": json.loads(value)})
        except ValueError as exc:
            return failure(f"the text is not valid JSON ({exc})", {"value": None})
    return failure(f"cannot cast to '{target}' (use string, number, boolean or json)", {"value": None})


def length(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    value = controls["value"]
    if value is None:
        return value_result(0)
    if isinstance(value, str | list | dict):
        return value_result(len(value))
    return value_result(len(to_text(value)))


def _index(ctx: RunContext, controls: dict[str, Any], name: str) -> int | None:
    raw = controls[name]
    if raw is None or raw == "":
        return None
    number = as_number(raw)
    if number is None or number != int(number):
        ctx.warn(f"'{name}' must be a whole number, not {to_text(raw)!r}; ignored")
        return None
    return int(number)


def slice_block(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    value = controls["value"]
    if not isinstance(value, list):
        value = to_text(value)
    return value_result(value[_index(ctx, controls, "start") : _index(ctx, controls, "end")])


def replace_string(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    text, search = to_text(controls["text"]), to_text(controls["search"])
    if not search:
        return value_result(text)
    return value_result(text.replace(search, to_text(controls["replacement"])))


def join_strings(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    values = controls["values"]
    if not isinstance(values, list):
        values = [values]
    texts = [to_text(value) for value in values]
    if controls["skipEmpty"]:
        texts = [text for text in texts if text]
    return value_result(to_text(controls["separator"]).join(texts))


def string_template(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    return value_result(to_text(controls["template"]))


def _operands(ctx: RunContext, controls: dict[str, Any]) -> tuple[int | float, int | float] | str:
    left, right = as_number(controls["left"]), as_number(controls["right"])
    if left is None or right is None:
        bad = controls["left"] if left is None else controls["right"]
        return f"{to_text(bad)!r} is not a number"
    return left, right


def multiply(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    operands = _operands(ctx, controls)
    if isinstance(operands, str):
        ctx.warn(f"{operands}; the value is null")
        return value_result(None)
    return value_result(tidy(operands[0] * operands[1]))


def divide(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    operands = _operands(ctx, controls)
    if isinstance(operands, str):
        return failure(operands)
    if operands[1] == 0:
        return failure("division by zero")
    return BlockResult("success", {"value": tidy(operands[0] / operands[1])})


def register(registry: BlockRegistry) -> None:
    for spec in (
        flow_block(
            "SE_CoreExtractValue",
            "Extract Value",
            extract_value,
            (
                control("targetField", "reference", {}, "An object (or JSON text)"),
                control("keyPath", "text", "", "Dotted path such as address.city or items.[0].name"),
            ),
            results=("value",),
        ),
        flow_block(
            "SE_CastValue",
            "Cast Value",
            cast_value,
            (
                control("value"),
                control("to", "choice", "string", "", choices=("string", "number", "boolean", "json")),
            ),
            CAN_FAIL,
            ("value",),
        ),
        flow_block("SE_Length", "Length", length, (control("value"),), results=("value",)),
        flow_block(
            "SE_Slice",
            "Slice",
            slice_block,
            (
                control("value"),
                control("start", "number", 0),
                control("end", "number", "", "Empty: to the end"),
            ),
            results=("value",),
        ),
        flow_block(
            "SE_ReplaceString",
            "Replace Text",
            replace_string,
            (control("text"), control("search"), control("replacement")),
            results=("value",),
            help_="Replaces every occurrence of `search`.",
        ),
        flow_block(
            "SE_JoinStrings",
            "Join Text",
            join_strings,
            (
                control("values", "list", []),
                control("separator", "text", ""),
                control("skipEmpty", "boolean", False),
            ),
            results=("value",),
        ),
        flow_block(
            "SE_StringTemplate",
            "Text Template",
            string_template,
            (
                control(
                    "template", "template", "", "Text with {{ }} parts: references or JSONata expressions"
                ),
            ),
            results=("value",),
        ),
        flow_block(
            "SE_Multiply",
            "Multiply",
            multiply,
            (control("left", "number", 0), control("right", "number", 0)),
            results=("value",),
        ),
        flow_block(
            "SE_Divide",
            "Divide",
            divide,
            (control("left", "number", 0), control("right", "number", 1)),
            CAN_FAIL,
            ("value",),
            help_="Fails on division by zero.",
        ),
    ):
        registry.register(spec)
