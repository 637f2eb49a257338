"""The "Flow and data" blocks of BLOCKS.md (all but SE_HttpRequest, which lives in http.py).

Each block gets its controls already resolved (references replaced, templates rendered) and must treat
them as read-only: the executor hands constant controls over without copying them.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from cti_desktop.domain.phones import format_e164, format_national
from cti_desktop.flows.references import to_text
from cti_desktop.flows.registry import BlockRegistry, BlockResult, BlockSpec, ControlSpec, RunContext

FLOW = "Flow and data"
TESTS = ("true", "false")
CAN_FAIL = ("success", "failure")

_DONE = BlockResult("done")
_TRUE = BlockResult("true")
_FALSE = BlockResult("false")


def _value(value: Any) -> BlockResult:
    return BlockResult("done", {"value": value})


def _failure(message: str, results: dict[str, Any] | None = None) -> BlockResult:
    return BlockResult("failure", results if results is not None else {}, message)


def _test(condition: bool) -> BlockResult:
    return _TRUE if condition else _FALSE


# ---------------------------------------------------------------------------------------------- values


def truthy(value: Any) -> bool:
    """JavaScript-like truthiness, plus the texts "false" and "null" (any case) are false."""
    if value is None or value is False:
        return False
    if value is True:
        return True
    if isinstance(value, str):
        return value != "" and value.lower() not in ("false", "null")
    if isinstance(value, int | float):
        return value == value and value != 0  # NaN is false
    return True  # objects and lists, empty or not, as in JavaScript


_INT_RE = re.compile(r"[+-]?\d+")


def as_number(value: Any) -> int | float | None:
    """A number from a number or numeric text; None for anything else (true/false included)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        text = value.strip()
        if _INT_RE.fullmatch(text):
            return int(text)
        try:
            number = float(text)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _tidy(number: float) -> int | float:
    """2.0 -> 2: flows treat numbers as JavaScript does, with one number type."""
    if isinstance(number, float) and number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


def loose_equal(left: Any, right: Any) -> bool:
    if type(left) is type(right):
        return bool(left == right)
    left_number, right_number = as_number(left), as_number(right)
    if left_number is not None and right_number is not None:
        return left_number == right_number
    return to_text(left) == to_text(right)


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


def _json_if_text(value: Any) -> Any:
    if isinstance(value, str) and value.strip()[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


# ------------------------------------------------------------------------------------------------ blocks


def log_block(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    level = controls["level"] or "info"
    if level not in ("debug", "info", "warn", "error"):
        ctx.warn(f"unknown log level '{level}'; logged as info")
        level = "info"
    ctx.log(level, to_text(controls["message"]))
    return _DONE


def _key(ctx: RunContext, controls: dict[str, Any]) -> str | None:
    key = controls["key"]
    if key is None or key == "":
        ctx.warn("the property key is empty; nothing was done")
        return None
    return key if type(key) is str else to_text(key)


def set_property(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    key = controls["key"]
    if type(key) is not str or not key:
        key = _key(ctx, controls)
        if key is None:
            return _DONE
    ctx.properties.set(key, controls["value"])
    return _DONE


def get_property(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    key = _key(ctx, controls)
    if key is None:
        return _value(controls["defaultValue"])
    return _value(ctx.properties.get(key, controls["defaultValue"]))


def unset_property(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    key = _key(ctx, controls)
    return _value(None if key is None else ctx.properties.unset(key))


def get_all_properties(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    return _value(ctx.properties.all())


def clear_properties(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    removed = ctx.properties.all()
    ctx.properties.clear()
    return _value(removed)


def core_truthy(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    return _TRUE if truthy(controls["value"]) else _FALSE


def if_else(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    operator = controls["operator"] or "equals"
    if operator == "expression":
        return _test(truthy(controls["condition"]))
    compare = OPERATORS.get(operator)
    if compare is None:
        ctx.warn(f"unknown operator '{operator}'; the test is false")
        return _FALSE
    return _test(compare(controls["left"], controls["right"]))


def _candidates(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if value is None or value == "":
        return []
    parsed = _json_if_text(value)
    if isinstance(parsed, list):
        return parsed
    return [part.strip() for part in to_text(value).split(",")]


def is_one_of(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    value = controls["value"]
    return _test(any(loose_equal(value, candidate) for candidate in _candidates(controls["candidates"])))


def starts_with(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    return _test(to_text(controls["text"]).startswith(to_text(controls["prefix"])))


def ends_with(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    return _test(to_text(controls["text"]).endswith(to_text(controls["suffix"])))


def extract_value(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    found, value = extract(_json_if_text(controls["targetField"]), to_text(controls["keyPath"]))
    if not found:
        ctx.warn(f"'{controls['keyPath']}' is not in the target; the value is null")
    return _value(value)


def cast_value(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    value, target = controls["value"], controls["to"]
    if target == "string":
        return BlockResult("success", {"value": to_text(value)})
    if target == "number":
        number = as_number(value)
        if number is None:
            return _failure(f"{to_text(value)!r} is not a number", {"value": None})
        return BlockResult("success", {"value": number})
    if target == "boolean":
        return BlockResult("success", {"value": truthy(value)})
    if target == "json":
        if not isinstance(value, str):
            return BlockResult("success", {"value": value})
        try:
            return BlockResult("success", {"value": json.loads(value)})
        except ValueError as exc:
            return _failure(f"the text is not valid JSON ({exc})", {"value": None})
    return _failure(f"cannot cast to '{target}' (use string, number, boolean or json)", {"value": None})


def length(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    value = controls["value"]
    if value is None:
        return _value(0)
    if isinstance(value, str | list | dict):
        return _value(len(value))
    return _value(len(to_text(value)))


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
    return _value(value[_index(ctx, controls, "start") : _index(ctx, controls, "end")])


def replace_string(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    text, search = to_text(controls["text"]), to_text(controls["search"])
    if not search:
        return _value(text)
    return _value(text.replace(search, to_text(controls["replacement"])))


def join_strings(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    values = controls["values"]
    if not isinstance(values, list):
        values = [values]
    texts = [to_text(value) for value in values]
    if controls["skipEmpty"]:
        texts = [text for text in texts if text]
    return _value(to_text(controls["separator"]).join(texts))


def string_template(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    return _value(to_text(controls["template"]))


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
        return _value(None)
    return _value(_tidy(operands[0] * operands[1]))


def divide(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    operands = _operands(ctx, controls)
    if isinstance(operands, str):
        return _failure(operands)
    if operands[1] == 0:
        return _failure("division by zero")
    return BlockResult("success", {"value": _tidy(operands[0] / operands[1])})


def _phone_controls(controls: dict[str, Any]) -> tuple[Any, str]:
    country = controls["countryCode"]
    return controls["phoneNumber"], (country.upper() if isinstance(country, str) and country else "US")


def format_phone_number(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    number, country = _phone_controls(controls)
    if number is None or number == "":
        return _value(number)
    return _value(format_national(number if type(number) is str else to_text(number), country))


def format_phone_number_e164(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    number, country = _phone_controls(controls)
    if number is None or number == "":
        return _value(number)
    return _value(format_e164(number if type(number) is str else to_text(number), country))


def _parse_date(value: Any) -> datetime | None:
    if value is None or value == "" or value == "now":
        return datetime.now().astimezone()
    number = as_number(value)
    if number is not None and not isinstance(value, str):
        return datetime.fromtimestamp(number / 1000, UTC)  # epoch milliseconds, as JavaScript dates
    text = to_text(value).strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def format_date(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    moment = _parse_date(controls["date"])
    if moment is None:
        ctx.warn(f"{to_text(controls['date'])!r} is not a date (write ISO text such as 2024-05-01T09:30)")
        return _value(None)
    pattern = to_text(controls["format"])
    return _value(moment.strftime(pattern) if pattern else moment.isoformat())


async def delay(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    milliseconds = as_number(controls["milliseconds"])
    if milliseconds is None or milliseconds < 0:
        ctx.warn(f"{to_text(controls['milliseconds'])!r} is not a number of milliseconds; no wait")
        milliseconds = 0
    await asyncio.sleep(milliseconds / 1000)
    return _DONE


def send_data_to_overlay(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    pairs = _json_if_text(controls["value"])
    if not isinstance(pairs, Mapping):
        ctx.warn("the value must be key/value pairs (an object); nothing was sent to the overlay")
        return _DONE
    ctx.send_overlay_data(pairs)
    return _DONE


def show_modal(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    ctx.show_modal(to_text(controls["title"]), to_text(controls["message"]))
    return _DONE


def screenpop_url(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    url = to_text(controls["url"]).strip()
    if not url:
        return _failure("the URL is empty")
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in ("http", "https", "mailto", "tel"):
        return _failure(f"'{url}' is not a web address (it must start with http:// or https://)")
    ctx.screenpop({"kind": "url", "url": url})
    return BlockResult("success", {"url": url})


# ------------------------------------------------------------------------------------------ declarations


def _spec(
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


def _c(name: str, kind: Any = "text", default: Any = "", help_: str = "", **extra: Any) -> ControlSpec:
    return ControlSpec(name, kind, default, help_, **extra)


PHONE_CONTROLS = (
    _c("phoneNumber", "reference", "", "The number to format, usually a reference", required=True),
    _c("countryCode", "text", "US", "ISO country used for numbers written without a country code"),
)


def register(registry: BlockRegistry) -> None:
    specs = [
        _spec("SE_Start", "Start", None, help_="Where the run starts; a flow has exactly one."),
        _spec("SE_End", "End", None, outcomes=(), help_="Ends the run: completed."),
        _spec(
            "SE_Log",
            "Log",
            log_block,
            (
                _c(
                    "level",
                    "choice",
                    "info",
                    "How important the line is",
                    choices=("debug", "info", "warn", "error"),
                ),
                _c("message", "multiline", "", "The text to log; may hold references and {{ }} templates"),
            ),
            help_="Writes a line to the run's log and the app's log.",
        ),
        _spec(
            "SE_SetProperty",
            "Set Property",
            set_property,
            (_c("key", required=True, help_="Property name"), _c("value", "text", "", "The value to store")),
            help_="Stores a property; properties persist across runs and restarts, per workstation.",
        ),
        _spec(
            "SE_GetProperty",
            "Get Property",
            get_property,
            (_c("key", required=True, help_="Property name"), _c("defaultValue", "text", None, "When unset")),
            results=("value",),
        ),
        _spec(
            "SE_UnsetProperty",
            "Unset Property",
            unset_property,
            (_c("key", required=True, help_="Property name"),),
            results=("value",),
            help_="Removes a property; `value` is what it held.",
        ),
        _spec("SE_GetAllProperties", "Get All Properties", get_all_properties, results=("value",)),
        _spec(
            "SE_ClearProperties",
            "Clear Properties",
            clear_properties,
            results=("value",),
            help_="Removes every property; `value` holds what they were.",
        ),
        _spec(
            "SE_CoreTruthy",
            "Is Truthy",
            core_truthy,
            (_c("value", "reference", "", 'null, empty text, 0, false, "false" and "null" are false'),),
            TESTS,
        ),
        _spec(
            "SE_IfElse",
            "If / Else",
            if_else,
            (
                _c("left", "text", ""),
                _c("operator", "choice", "equals", "How to compare", choices=(*OPERATORS, "expression")),
                _c("right", "text", ""),
                _c(
                    "condition",
                    "expression",
                    "",
                    "A JSONata condition, used when the operator is 'expression'",
                ),
            ),
            TESTS,
        ),
        _spec(
            "SE_IsOneOf",
            "Is One Of",
            is_one_of,
            (_c("value"), _c("candidates", "list", [], "A list, or text separated by commas")),
            TESTS,
        ),
        _spec("SE_StartsWith", "Starts With", starts_with, (_c("text"), _c("prefix")), TESTS),
        _spec("SE_EndsWith", "Ends With", ends_with, (_c("text"), _c("suffix")), TESTS),
        _spec(
            "SE_CoreExtractValue",
            "Extract Value",
            extract_value,
            (
                _c("targetField", "reference", {}, "An object (or JSON text)"),
                _c("keyPath", "text", "", "Dotted path such as address.city or items.[0].name"),
            ),
            results=("value",),
        ),
        _spec(
            "SE_CastValue",
            "Cast Value",
            cast_value,
            (_c("value"), _c("to", "choice", "string", "", choices=("string", "number", "boolean", "json"))),
            CAN_FAIL,
            ("value",),
        ),
        _spec("SE_Length", "Length", length, (_c("value"),), results=("value",)),
        _spec(
            "SE_Slice",
            "Slice",
            slice_block,
            (_c("value"), _c("start", "number", 0), _c("end", "number", "", "Empty: to the end")),
            results=("value",),
        ),
        _spec(
            "SE_ReplaceString",
            "Replace Text",
            replace_string,
            (_c("text"), _c("search"), _c("replacement")),
            results=("value",),
            help_="Replaces every occurrence of `search`.",
        ),
        _spec(
            "SE_JoinStrings",
            "Join Text",
            join_strings,
            (_c("values", "list", []), _c("separator", "text", ""), _c("skipEmpty", "boolean", False)),
            results=("value",),
        ),
        _spec(
            "SE_StringTemplate",
            "Text Template",
            string_template,
            (_c("template", "template", "", "Text with {{ }} parts: references or JSONata expressions"),),
            results=("value",),
        ),
        _spec(
            "SE_Multiply",
            "Multiply",
            multiply,
            (_c("left", "number", 0), _c("right", "number", 0)),
            results=("value",),
        ),
        _spec(
            "SE_Divide",
            "Divide",
            divide,
            (_c("left", "number", 0), _c("right", "number", 1)),
            CAN_FAIL,
            ("value",),
            help_="Fails on division by zero.",
        ),
        _spec(
            "SE_CoreFormatPhoneNumber",
            "Format Phone Number",
            format_phone_number,
            PHONE_CONTROLS,
            results=("value",),
            help_="National format, e.g. (206) 555-0100; unparseable input comes back unchanged.",
        ),
        _spec(
            "SE_CoreFormatPhoneNumberE164",
            "Format Phone Number (E.164)",
            format_phone_number_e164,
            PHONE_CONTROLS,
            results=("value",),
            help_="E.164, e.g. +12065550100; unparseable input comes back unchanged.",
        ),
        _spec(
            "SE_FormatDate",
            "Format Date",
            format_date,
            (
                _c("date", "text", "now", "ISO date text, or now"),
                _c("format", "text", "%Y-%m-%d", "strftime pattern, e.g. %d/%m/%Y %H:%M; empty: ISO"),
            ),
            results=("value",),
        ),
        _spec(
            "SE_Delay",
            "Delay",
            delay,
            (_c("milliseconds", "number", 1000, "How long to wait", minimum=0),),
            help_="Waits without blocking anything.",
            is_async=True,
        ),
        _spec(
            "SE_SendDataToOverlay",
            "Send Data to Overlay",
            send_data_to_overlay,
            (_c("value", "dict", {}, "Key/value pairs shown in the overlay's Data tab"),),
        ),
        _spec("SE_ShowModal", "Show Message", show_modal, (_c("title"), _c("message", "multiline"))),
        _spec(
            "SE_ScreenpopUrl",
            "Screen Pop URL",
            screenpop_url,
            (_c("url", required=True, help_="http:// or https:// address"),),
            CAN_FAIL,
            ("url",),
            help_="Opens the URL in the agent's browser.",
        ),
    ]
    for spec in specs:
        registry.register(spec)
