"""Blocks on the clipboard, without Qt: a selection copied as adapter JSON text keeps its blocks whole
and only its inner links; a paste gives fresh ids, shifts positions and survives a trip through text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cti_desktop.flows.clipboard import (
    CLIPBOARD_NAME,
    ClipboardError,
    copy_text,
    looks_like_blocks,
    paste_actions,
)
from cti_desktop.flows.document import FlowDocument
from cti_desktop.flows.editing import FlowEditor, position_of

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "adapter-flows"


def _document(name: str = "onConnecting.json") -> FlowDocument:
    return FlowDocument.from_file(FIXTURES / name)


def _chain() -> FlowDocument:
    return FlowDocument.from_dict(
        {
            "name": "chain",
            "actions": [
                {"id": "s", "type": "SE_Start", "ports": {"done": "a"}, "position": [0, 0]},
                {
                    "id": "a",
                    "type": "SE_Log",
                    "controls": {"level": "info", "message": "A"},
                    "ports": {"done": "b"},
                    "position": [200, 0],
                    "colour": "red",
                },
                {
                    "id": "b",
                    "type": "SE_Log",
                    "controls": {"level": "info", "message": "B"},
                    "ports": {"done": "e"},
                    "position": {"x": 400, "y": 50},
                },
                {"id": "e", "type": "SE_End", "position": [600, 0]},
            ],
        }
    )


def test_a_copy_is_adapter_json_with_only_the_links_inside_the_selection() -> None:
    text = copy_text(_chain(), ["b", "a"])
    data = json.loads(text)
    assert data["name"] == CLIPBOARD_NAME
    assert [action["id"] for action in data["actions"]] == ["a", "b"]  # the flow's order
    assert data["actions"][0]["ports"] == {"done": "b"}
    assert data["actions"][1]["ports"] == {}  # b → e leaves the selection
    assert data["actions"][0]["colour"] == "red"  # unknown keys travel with the block
    # It is a flow file: the importer reads it as one.
    assert [a.id for a in FlowDocument.from_json(text).actions] == ["a", "b"]


def test_a_paste_gets_fresh_ids_keeps_inner_links_and_shifts_positions() -> None:
    document = _chain()
    editor = FlowEditor(document)
    pasted = paste_actions(copy_text(document, ["a", "b"]), editor.ids(), (40, 40), has_start=True)
    ids = [action.id for action in pasted.actions]
    assert ids == ["uid-0", "uid-1"] and not set(ids) & set(editor.ids())
    first, second = pasted.actions
    assert first.ports == {"done": "uid-1"} and second.ports == {}
    assert position_of(first) == (240, 40) and position_of(second) == (440, 90)
    assert first.controls == {"level": "info", "message": "A"} and first.raw["colour"] == "red"
    assert pasted.origins == {"uid-0": "a", "uid-1": "b"}
    for action in pasted.actions:
        editor.add_block(action)
    assert FlowDocument.from_json(document.to_json()).action("uid-0") is not None


def test_pasting_twice_gives_distinct_ids_and_never_changes_the_original() -> None:
    document = _document()
    before = document.to_json()
    text = copy_text(document, [action.id for action in document.actions])
    editor = FlowEditor(document)
    first = paste_actions(text, editor.ids(), (40, 40), has_start=True)
    taken = editor.ids() + [action.id for action in first.actions]
    second = paste_actions(text, taken, (80, 80), has_start=True)
    assert not {a.id for a in first.actions} & {a.id for a in second.actions}
    assert document.to_json() == before


def test_links_that_leave_what_is_pasted_are_dropped_and_a_second_start_is_left_out() -> None:
    text = json.dumps(
        {
            "actions": [
                {"id": "s", "type": "SE_Start", "ports": {"done": "x"}},
                {"id": "x", "type": "SE_Log", "ports": {"done": "elsewhere"}, "position": [1, 2]},
            ]
        }
    )
    pasted = paste_actions(text, ["uid-7"], (10, 10), has_start=True)
    assert [a.type for a in pasted.actions] == ["SE_Log"]
    assert pasted.actions[0].id == "uid-8" and pasted.actions[0].ports == {}
    assert pasted.skipped == [("s", "the flow already has an SE_Start block")]
    # Into a flow without a start, the start comes along (once).
    assert [a.type for a in paste_actions(text, [], (0, 0), has_start=False).actions] == [
        "SE_Start",
        "SE_Log",
    ]


def test_text_edited_by_hand_pastes_back() -> None:
    data = json.loads(copy_text(_chain(), ["a"]))
    data["actions"][0]["controls"]["message"] = "edited in a text editor"
    pasted = paste_actions(json.dumps(data, indent=4), [], (0, 0), has_start=True)
    assert pasted.actions[0].controls["message"] == "edited in a text editor"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("hello", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('{"actions": []}', "without blocks"),
        ('{"actions": [{"type": "SE_Log"}]}', "'id' is missing"),
    ],
)
def test_text_that_is_not_blocks_is_refused_in_words(text: str, words: str) -> None:
    with pytest.raises(ClipboardError, match=words):
        paste_actions(text, [], (0, 0), has_start=False)


def test_looks_like_blocks_is_a_cheap_first_test() -> None:
    assert looks_like_blocks(copy_text(_chain(), ["a"]))
    assert not looks_like_blocks("just some words")
