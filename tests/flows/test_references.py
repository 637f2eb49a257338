from __future__ import annotations

from typing import Any

import pytest

from cti_desktop.flows.references import (
    compile_controls,
    compile_value,
    find_reference_errors,
    is_constant,
    resolve_value,
    to_text,
)


@pytest.fixture
def scope() -> dict[str, Any]:
    return {
        "payload": {"number": "2065550100", "amount": 12, "items": [{"sku": "A-1"}, {"sku": "B-2"}]},
        "contact": {"contactId": "c-1", "attributes": {"acsf-screenpop-record": "003000000000001"}},
        "agent": {"name": "Ann", "dialableCountries": ["US", "CA"]},
        "actions": {"uid-1": {"success": True, "results": {"value": {"k": 1}}, "exception": ""}},
        "properties": {"taskId": "00T1"},
    }


def run(value: Any, scope: dict[str, Any], mode: str = "value") -> tuple[Any, list[str]]:
    warnings: list[str] = []
    return compile_value(value, mode)(scope, warnings), warnings  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$.payload.number", "2065550100"),
        ("$.payload.amount", 12),
        ("$.payload.items.[0].sku", "A-1"),
        ("$.payload.items[1].sku", "B-2"),
        ("$.payload.items[1]", {"sku": "B-2"}),
        ("$.contact.attributes.acsf-screenpop-record", "003000000000001"),
        ("$.agent.dialableCountries.[1]", "CA"),
        ("$.actions.uid-1.results.value", {"k": 1}),
        ("$.actions.uid-1.results.value.k", 1),
        ("$.properties.taskId", "00T1"),
        ("  $.payload.amount  ", 12),
    ],
)
def test_whole_string_reference_keeps_the_type(scope: dict[str, Any], text: str, expected: Any) -> None:
    assert run(text, scope) == (expected, [])


def test_missing_reference_is_null_with_a_warning(scope: dict[str, Any]) -> None:
    value, warnings = run("$.payload.nothing.deeper", scope)
    assert value is None
    assert warnings == ["$.payload.nothing.deeper refers to nothing; using null"]
    assert run("$.payload.items[9].sku", scope)[0] is None
    assert run("$.actions.uid-9.results.value", scope)[0] is None


def test_templates_write_text_and_nothing_for_missing(scope: dict[str, Any]) -> None:
    value, warnings = run(
        "Call {{ $.payload.number }} for {{$.payload.amount}} ({{ $.payload.none }})", scope
    )
    assert value == "Call 2065550100 for 12 ()"
    assert len(warnings) == 1
    assert run("{{ $.actions.uid-1.results.value }}", scope)[0] == '{"k": 1}'


def test_dicts_and_lists_are_resolved_item_by_item(scope: dict[str, Any]) -> None:
    value, _ = run(
        {"who": "$.contact.contactId", "list": ["$.payload.amount", "x {{ $.agent.name }}"]}, scope
    )
    assert value == {"who": "c-1", "list": [12, "x Ann"]}


def test_literals_are_constants(scope: dict[str, Any]) -> None:
    assert is_constant({"a": [1, "text", None]})
    assert not is_constant({"a": ["$.payload.x"]})
    assert run("$.unknown.root", scope) == ("$.unknown.root", [])
    assert run("costs $.50", scope) == ("costs $.50", [])


def test_plain_template_in_value_mode_does_not_run_jsonata(scope: dict[str, Any]) -> None:
    value, warnings = run("{{ $.payload.amount + 1 }}", scope)
    assert value == ""
    assert "is not a reference" in warnings[0]


def test_template_mode_evaluates_jsonata_parts(scope: dict[str, Any]) -> None:
    value, warnings = run(
        "{{ $.payload.amount * 2 }} {{ $uppercase($.agent.name) }} {{ $.actions.uid-1.results.value.k }}",
        scope,
        "template",
    )
    assert (value, warnings) == ("24 ANN 1", [])


def test_expression_mode(scope: dict[str, Any]) -> None:
    assert run("$.payload.amount > 10", scope, "expression") == (True, [])
    assert run('$.contact.attributes.`acsf-screenpop-record` = "003000000000001"', scope, "expression")[0]
    assert run("$.payload.items.[0].sku", scope, "expression") == ("A-1", [])
    value, warnings = run("$.payload.amount +", scope, "expression")
    assert value is None and "cannot be read" in warnings[0]


def test_expression_keeps_string_literals(scope: dict[str, Any]) -> None:
    assert run('"$.payload.uid-1" & $.agent.name', scope, "expression")[0] == "$.payload.uid-1Ann"


def test_compile_controls_returns_same_dict_when_constant(scope: dict[str, Any]) -> None:
    constant = compile_controls({"level": "info", "message": "hello"})
    assert constant(scope, []) is constant(scope, [])
    dynamic = compile_controls(
        {"message": "$.payload.amount", "condition": "$.payload.amount > 3"}, {"condition": "expression"}
    )
    assert dynamic(scope, []) == {"message": 12, "condition": True}


def test_resolve_value_fills_form_defaults(scope: dict[str, Any]) -> None:
    assert resolve_value("$.contact.contactId", scope) == "c-1"
    assert resolve_value("$.contact.nothing", scope) is None


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("$.foo.bar", "unknown root 'foo'"),
        ("x {{ }}", "empty {{ }}"),
        ("{{ $.payload.a", "is not closed"),
        ("a }} b", "without an opening"),
        ("{{ name }}", "is not a reference"),
    ],
)
def test_find_reference_errors(text: str, fragment: str) -> None:
    errors = find_reference_errors(text)
    assert len(errors) == 1 and fragment in errors[0]


@pytest.mark.parametrize("text", ["", "plain", "$.payload.x", "Hi {{ $.contact.attributes.a-b }}", "$5 off"])
def test_find_reference_errors_accepts_good_values(text: str) -> None:
    assert find_reference_errors(text) == []


def test_find_reference_errors_in_template_and_expression_modes() -> None:
    assert find_reference_errors("{{ $count($.payload.items) }}", "template") == []
    assert "cannot be read" in find_reference_errors("{{ $.payload.a + }}", "template")[0]
    assert find_reference_errors("$.payload.a > 1", "expression") == []
    assert find_reference_errors("(", "expression")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (5.0, "5"),
        (2.5, "2.5"),
        ([1, "a"], '[1, "a"]'),
        (7, "7"),
    ],
)
def test_to_text(value: Any, text: str) -> None:
    assert to_text(value) == text
