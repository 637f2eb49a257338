"""A test per "Flow and data" block type (flows/blocks/core.py)."""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any

import phonenumbers
import pytest

from cti_desktop.domain.phones import format_e164, format_national
from cti_desktop.flows.sandbox import FlowSandbox
from cti_desktop.flows.values import truthy


def test_start_and_end(harness: FlowSandbox) -> None:
    result = harness.run(
        harness.document(
            {"id": "s", "type": "SE_Start", "ports": {"done": "e"}}, {"id": "e", "type": "SE_End"}
        )
    )
    assert result.status == "completed"
    assert [(step.type, step.outcome) for step in result.steps] == [("SE_Start", "done"), ("SE_End", "")]


def test_log_writes_the_run_log(harness: FlowSandbox) -> None:
    result = harness.run(
        harness.single("SE_Log", {"level": "warn", "message": "caller {{ $.payload.n }}"}), payload={"n": 7}
    )
    assert result.log == [{"level": "warn", "message": "caller 7"}]


def test_set_get_unset_properties(harness: FlowSandbox) -> None:
    harness.step("SE_SetProperty", {"key": "taskId", "value": "$.payload.id"}, payload={"id": {"a": [1]}})
    assert harness.properties.values == {"taskId": {"a": [1]}}
    assert harness.step("SE_GetProperty", {"key": "taskId", "defaultValue": "x"}).results == {
        "value": {"a": [1]}
    }
    assert harness.step("SE_GetProperty", {"key": "other", "defaultValue": "x"}).results == {"value": "x"}
    assert harness.step("SE_UnsetProperty", {"key": "taskId"}).results == {"value": {"a": [1]}}
    assert harness.properties.values == {}
    empty = harness.step("SE_SetProperty", {"key": "", "value": 1})
    assert harness.properties.values == {} and "key is empty" in empty.warnings[0]


def test_get_all_and_clear_properties(harness: FlowSandbox) -> None:
    harness.properties.set("a", 1)
    harness.properties.set("b", "two")
    assert harness.step("SE_GetAllProperties").results == {"value": {"a": 1, "b": "two"}}
    assert harness.step("SE_ClearProperties").results == {"value": {"a": 1, "b": "two"}}
    assert harness.properties.values == {}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, False), ("", False), (0, False), (0.0, False), (False, False), ("false", False),
        ("null", False), ("NULL", False), (float("nan"), False),
        ("0", True), ("x", True), (1, True), (-2.5, True), (True, True), ([], True), ({}, True),
        ("true", True),
    ],
)  # fmt: skip
def test_truthiness(value: Any, expected: bool) -> None:
    assert truthy(value) is expected


def test_core_truthy_block(harness: FlowSandbox) -> None:
    assert harness.step("SE_CoreTruthy", {"value": "$.payload.v"}, payload={"v": "yes"}).outcome == "true"
    assert harness.step("SE_CoreTruthy", {"value": "$.payload.v"}, payload={"v": "false"}).outcome == "false"
    assert harness.step("SE_CoreTruthy", {"value": "$.payload.missing"}).outcome == "false"


@pytest.mark.parametrize(
    ("left", "operator", "right", "outcome"),
    [
        ("5", "equals", 5, "true"),
        ("abc", "equals", "abd", "false"),
        ("abc", "notEquals", "abd", "true"),
        ("hello world", "contains", "o w", "true"),
        (["a", "b"], "contains", "b", "true"),
        ("hello", "startsWith", "he", "true"),
        ("hello", "endsWith", "lo", "true"),
        ("10", "greaterThan", "9", "true"),
        ("b", "greaterThan", "a", "true"),
        (2, "lessThan", 3, "true"),
        ("", "isEmpty", None, "true"),
        ([], "isEmpty", None, "true"),
        ("x", "isEmpty", None, "false"),
    ],
)
def test_if_else(harness: FlowSandbox, left: Any, operator: str, right: Any, outcome: str) -> None:
    assert harness.step("SE_IfElse", {"left": left, "operator": operator, "right": right}).outcome == outcome


def test_if_else_jsonata_condition(harness: FlowSandbox) -> None:
    controls = {"operator": "expression", "condition": "$.payload.amount > 100 and $.contact.type = 'voice'"}
    contact = {"type": "voice"}
    assert harness.step("SE_IfElse", controls, payload={"amount": 150}, contact=contact).outcome == "true"
    assert harness.step("SE_IfElse", controls, payload={"amount": 50}, contact=contact).outcome == "false"


def test_is_one_of_starts_with_ends_with(harness: FlowSandbox) -> None:
    assert harness.step("SE_IsOneOf", {"value": "CA", "candidates": ["US", "CA"]}).outcome == "true"
    assert harness.step("SE_IsOneOf", {"value": "2", "candidates": "1, 2, 3"}).outcome == "true"
    assert harness.step("SE_IsOneOf", {"value": "MX", "candidates": "US,CA"}).outcome == "false"
    assert harness.step("SE_StartsWith", {"text": "+44 20", "prefix": "+44"}).outcome == "true"
    assert harness.step("SE_EndsWith", {"text": "a@example.com", "suffix": ".org"}).outcome == "false"


def test_extract_value(harness: FlowSandbox) -> None:
    target = {"address": {"lines": ["1 Main St", "Apt 2"]}}
    step = harness.step("SE_CoreExtractValue", {"targetField": target, "keyPath": "address.lines.[1]"})
    assert step.results == {"value": "Apt 2"}
    assert harness.step(
        "SE_CoreExtractValue", {"targetField": '{"a": {"b": 3}}', "keyPath": "a.b"}
    ).results == {"value": 3}
    missing = harness.step("SE_CoreExtractValue", {"targetField": target, "keyPath": "address.zip"})
    assert missing.results == {"value": None} and missing.warnings


@pytest.mark.parametrize(
    ("value", "to", "outcome", "expected"),
    [
        (12, "string", "success", "12"),
        (" 42 ", "number", "success", 42),
        ("4.5", "number", "success", 4.5),
        ("abc", "number", "failure", None),
        ("false", "boolean", "success", False),
        ('{"a": 1}', "json", "success", {"a": 1}),
        ("{oops", "json", "failure", None),
    ],
)
def test_cast_value(harness: FlowSandbox, value: Any, to: str, outcome: str, expected: Any) -> None:
    step = harness.step("SE_CastValue", {"value": value, "to": to})
    assert (step.outcome, step.results["value"], step.success) == (outcome, expected, outcome == "success")


def test_length_and_slice(harness: FlowSandbox) -> None:
    assert harness.step("SE_Length", {"value": "hello"}).results == {"value": 5}
    assert harness.step("SE_Length", {"value": [1, 2]}).results == {"value": 2}
    assert harness.step("SE_Length", {"value": None}).results == {"value": 0}
    assert harness.step("SE_Slice", {"value": "2065550100", "start": 0, "end": 3}).results == {"value": "206"}
    assert harness.step("SE_Slice", {"value": [1, 2, 3], "start": "-2"}).results == {"value": [2, 3]}
    bad = harness.step("SE_Slice", {"value": "abc", "start": "1.5"})
    assert bad.results == {"value": "abc"} and bad.warnings


def test_replace_join_and_template(harness: FlowSandbox) -> None:
    assert harness.step("SE_ReplaceString", {"text": "a-b-c", "search": "-", "replacement": "+"}).results == {
        "value": "a+b+c"
    }
    joined = harness.step(
        "SE_JoinStrings", {"values": ["a", "", "$.payload.x"], "separator": "/"}, payload={"x": 1}
    )
    assert joined.results == {"value": "a//1"}
    skipped = harness.step(
        "SE_JoinStrings", {"values": ["a", "", None, "b"], "separator": " ", "skipEmpty": True}
    )
    assert skipped.results == {"value": "a b"}
    template = harness.step(
        "SE_StringTemplate",
        {"template": "Dear {{ $.payload.name }}, {{ $.payload.n * 2 }} items"},
        payload={"name": "Ann", "n": 3},
    )
    assert template.results == {"value": "Dear Ann, 6 items"}


def test_multiply_and_divide(harness: FlowSandbox) -> None:
    assert harness.step("SE_Multiply", {"left": "3", "right": 2.5}).results == {"value": 7.5}
    assert harness.step("SE_Multiply", {"left": 2, "right": 3}).results == {"value": 6}
    bad = harness.step("SE_Multiply", {"left": "$.payload.x", "right": 3})
    assert bad.results == {"value": None} and "'' is not a number" in bad.warnings[1]
    assert harness.step("SE_Divide", {"left": 9, "right": 3}).results == {"value": 3}
    zero = harness.step("SE_Divide", {"left": 1, "right": 0})
    assert (zero.outcome, zero.exception) == ("failure", "division by zero")


@pytest.mark.parametrize(
    ("number", "national", "e164"),
    [
        ("2065550100", "(206) 555-0100", "+12065550100"),
        ("+1 (206) 555-0100", "(206) 555-0100", "+12065550100"),
        ("+442071234567", "020 7123 4567", "+442071234567"),
        ("not a number", "not a number", "not a number"),
    ],
)
def test_format_phone_number_blocks(harness: FlowSandbox, number: str, national: str, e164: str) -> None:
    controls = {"phoneNumber": "$.payload.n", "countryCode": "US"}
    payload = {"n": number}
    assert harness.step("SE_CoreFormatPhoneNumber", controls, payload=payload).results == {"value": national}
    assert harness.step("SE_CoreFormatPhoneNumberE164", controls, payload=payload).results == {"value": e164}


def test_fast_north_american_formatting_matches_phonenumbers() -> None:
    rng = random.Random(7)
    shapes = ["{d}", "1{d}", "+1{d}", "({a}) {b}-{c}", "{a}-{b}-{c}", "{a}.{b}.{c}", "+1 {a} {b} {c}"]
    for _ in range(3000):
        digits = "".join(rng.choice("0123456789") for _ in range(10))
        text = rng.choice(shapes).format(d=digits, a=digits[:3], b=digits[3:6], c=digits[6:])
        for country in ("US", "CA"):
            try:
                parsed = phonenumbers.parse(text, country)
            except phonenumbers.NumberParseException:
                continue
            assert format_national(text, country) == phonenumbers.format_number(
                parsed, phonenumbers.PhoneNumberFormat.NATIONAL
            ), text
            assert format_e164(text, country) == phonenumbers.format_number(
                parsed, phonenumbers.PhoneNumberFormat.E164
            ), text


def test_format_date(harness: FlowSandbox) -> None:
    step = harness.step("SE_FormatDate", {"date": "2024-05-01T09:30:00Z", "format": "%d/%m/%Y %H:%M"})
    assert step.results == {"value": "01/05/2024 09:30"}
    now = harness.step("SE_FormatDate", {"date": "now", "format": "%Y"})
    assert now.results == {"value": str(datetime.now().year)}
    bad = harness.step("SE_FormatDate", {"date": "yesterday-ish", "format": "%Y"})
    assert bad.results == {"value": None} and "is not a date" in bad.warnings[0]


def test_delay_waits(harness: FlowSandbox) -> None:
    step = harness.step("SE_Delay", {"milliseconds": 30})
    assert step.outcome == "done" and step.duration_ms >= 25


def test_send_data_to_overlay(harness: FlowSandbox) -> None:
    result = harness.run(
        harness.single("SE_SendDataToOverlay", {"value": {"Caller": "$.payload.name", "Tier": "Gold"}}),
        payload={"name": "Ann"},
    )
    assert result.overlay_data == [{"key": "Caller", "value": "Ann"}, {"key": "Tier", "value": "Gold"}]
    wrong = harness.run(harness.single("SE_SendDataToOverlay", {"value": "plain"}))
    assert wrong.overlay_data == [] and "key/value pairs" in wrong.warnings[0]


def test_show_modal(harness: FlowSandbox) -> None:
    result = harness.run(
        harness.single("SE_ShowModal", {"title": "Note", "message": "VIP {{ $.payload.n }}"}),
        payload={"n": 1},
    )
    assert result.modals == [{"title": "Note", "message": "VIP 1"}]


def test_screenpop_url(harness: FlowSandbox) -> None:
    result = harness.run(
        harness.single("SE_ScreenpopUrl", {"url": "https://example.com/c/{{ $.payload.id }}"}),
        payload={"id": 5},
    )
    assert result.screenpops == [{"kind": "url", "url": "https://example.com/c/5"}]
    bad = harness.run(harness.single("SE_ScreenpopUrl", {"url": "javascript:alert(1)"}))
    assert bad.screenpops == [] and bad.steps[1].outcome == "failure"


@pytest.mark.parametrize(
    ("block_type", "controls", "message"),
    [
        ("SE_Log", {"level": "loud", "message": "hi"}, "control 'level': “loud” is not one of: debug, info"),
        ("SE_IfElse", {"left": 1, "operator": "sortOf", "right": 1}, "control 'operator': “sortOf” is not"),
        ("SE_CastValue", {"value": 1, "to": "date"}, "control 'to': “date” is not one of: string, number"),
        ("SE_Slice", {"value": "abc", "start": "x"}, "control 'start': “x” is not a number"),
        ("SE_Multiply", {"left": "x", "right": 3}, "control 'left': “x” is not a number"),
        ("SE_Delay", {"milliseconds": -5}, "control 'milliseconds': -5 is less than 0"),
    ],
)
def test_a_control_its_declaration_refuses_fails_the_block(
    harness: FlowSandbox, block_type: str, controls: dict[str, Any], message: str
) -> None:
    """Blocks no longer guess what an invalid choice or number meant: the run fails at the block."""
    result = harness.run(harness.single(block_type, controls, connect=False))
    assert result.status == "failed"
    assert result.error.startswith(f"block 'block' ({block_type}) failed: {message}")
    assert result.log == []
