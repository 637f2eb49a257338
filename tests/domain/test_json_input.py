"""Input limits: depth, Unicode, finite numbers, 64-bit integers; refused in words, never a crash."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cti_desktop.domain import json_input
from cti_desktop.domain.json_input import MAX_DEPTH, JsonInputError, check, fits_int64, loads, problem


def nested(depth: int) -> Any:
    value: Any = "leaf"
    for _ in range(depth):
        value = {"a": [value]}
    return value


def test_a_value_at_the_limit_is_accepted_and_one_level_more_is_refused() -> None:
    # nested(n) has 2n levels below the top: dicts and lists alternate
    check(nested(MAX_DEPTH // 2))
    with pytest.raises(JsonInputError, match="nested too deeply"):
        check(nested(MAX_DEPTH // 2 + 1))


def test_thousands_of_levels_are_refused_without_a_recursion_error() -> None:
    text = "[" * 5000 + "]" * 5000
    with pytest.raises(JsonInputError, match="nested too deeply"):
        loads(text, "The payload")
    with pytest.raises(JsonInputError, match="nested too deeply"):
        check(nested(5000))


@pytest.mark.parametrize("text", ['{"a": NaN}', "[Infinity]", "-Infinity"])
def test_nan_and_infinity_are_refused(text: str) -> None:
    with pytest.raises(JsonInputError, match="not a number standard JSON can hold"):
        loads(text, "The flow file")


def test_a_lone_surrogate_is_refused_with_its_place() -> None:
    with pytest.raises(JsonInputError, match=r"not valid Unicode \(at fields\.name\)"):
        loads('{"fields": {"name": "\\ud800"}}', "The record")
    with pytest.raises(JsonInputError, match="a name that is not valid Unicode"):
        check({"\udc80": 1})


def test_not_json_is_said_with_its_place() -> None:
    with pytest.raises(JsonInputError, match="not valid JSON: Expecting value at line 1, column 1"):
        loads("nope", "The payload")


def test_64_bit_bounds() -> None:
    assert fits_int64(2**63 - 1) and fits_int64(-(2**63))
    assert not fits_int64(2**63)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4),
    max_leaves=30,
)


@given(json_values)
def test_whatever_is_accepted_can_be_written_as_standard_json_and_read_back(value: Any) -> None:
    if problem(value) is not None:
        with pytest.raises(JsonInputError):
            check(value)
        return
    text = json.dumps(value, allow_nan=False, ensure_ascii=False)
    assert json_input.loads(text.encode("utf-8").decode("utf-8")) == value


def test_dumps_is_readable_when_it_can_be_and_escaped_when_it_must() -> None:
    assert json_input.dumps({"name": "Zoë"}) == '{"name": "Zoë"}'
    text = json_input.dumps({"name": "Zoë\ud800"})
    assert text == '{"name": "Zo\\u00eb\\ud800"}'
    text.encode("utf-8")
    assert json.loads(text) == {"name": "Zoë\ud800"}


def test_a_place_named_with_a_control_character_is_said_on_one_line() -> None:
    found = problem({"\n": {"\ud800": None}})
    assert found == "it holds a name that is not valid Unicode (at \\n)"
