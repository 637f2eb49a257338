"""Hostile inputs: JSON values and texts with what a probe throws at an input (deep nesting, lone
surrogates, NaN and Infinity, huge and odd numbers, truncation, bytes that are not UTF-8), mixed with
well-formed values of the input's own shape so that the deeper checks are reached too."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

# Every code point, lone surrogates included (hypothesis leaves them out by default).
any_character = st.characters(exclude_categories=())
odd_text = st.text(any_character, max_size=12) | st.sampled_from(
    ["", " ", "\ud800", "a\udcff", "\x00", "é", "😀", "$.payload.a", "{{ $.x }}", "NaN", "-0", "1e400"]
)
numbers = (
    st.integers()
    | st.integers(min_value=2**62, max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
)
scalars = st.none() | st.booleans() | numbers | odd_text


def json_values(leaves: st.SearchStrategy[Any] = scalars) -> st.SearchStrategy[Any]:
    return st.recursive(
        leaves,
        lambda children: st.lists(children, max_size=4) | st.dictionaries(odd_text, children, max_size=4),
        max_leaves=12,
    )


@st.composite
def deeply_nested(draw: st.DrawFn, inner: st.SearchStrategy[Any] | None = None) -> Any:
    """A value wrapped in lists and objects from just under the limit (64) to thousands of levels."""
    value = draw(inner if inner is not None else scalars)
    depth = draw(st.sampled_from([10, 63, 64, 65, 450, 600, 3000]) | st.integers(1, 3000))
    for level in range(depth):
        value = [value] if level % 2 else {"a": value}
    return value


def hostile_values(shape: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Values of the input's shape, or odd values anywhere in it, or the shape buried deep."""
    return shape | json_values() | deeply_nested(shape)


@st.composite
def json_texts(draw: st.DrawFn, values: st.SearchStrategy[Any]) -> str:
    """A value written as JSON (NaN and Infinity left as JSON's non-standard words), then perhaps broken:
    cut short, a token slipped in, or a deep bracket run."""
    value = draw(values)
    try:
        text = json.dumps(value, ensure_ascii=draw(st.booleans()))
    except (RecursionError, ValueError):
        text = "[" * 3000 + "]" * 3000
    action = draw(st.integers(0, 5))
    if action == 1 and text:
        text = text[: draw(st.integers(0, len(text)))]
    elif action == 2:
        at = draw(st.integers(0, len(text)))
        token = draw(st.sampled_from(["NaN", "Infinity", "-Infinity", '"\\ud800"', "1e999", "[" * 700, ","]))
        text = text[:at] + token + text[at:]
    return text


def to_bytes(text: str) -> bytes:
    """As a file holds it: UTF-8, lone surrogates encoded as the bytes a careless writer produces."""
    return text.encode("utf-8", "surrogatepass")


def file_bytes(texts: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    return (
        texts.map(to_bytes)
        | st.binary(max_size=64)
        | texts.map(lambda t: t.encode("utf-16", "surrogatepass"))
    )
