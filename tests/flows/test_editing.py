"""The flow designer's editing operations, without Qt: each edit changes the document, announces itself,
and has a counterpart that puts the document back exactly (what the undo commands rely on)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cti_desktop.flows.blocks import default_registry
from cti_desktop.flows.document import FlowDocument, validate
from cti_desktop.flows.editing import (
    FlowChange,
    FlowEditError,
    FlowEditor,
    new_action,
    position_of,
)
from cti_desktop.flows.registry import BlockSpec

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "adapter-flows"


def _editor(path: str = "onConnecting.json") -> tuple[FlowEditor, list[FlowChange], str]:
    text = (FIXTURES / path).read_text(encoding="utf-8")
    editor = FlowEditor(FlowDocument.from_json(text))
    changes: list[FlowChange] = []
    editor.changed.connect(changes.append)
    return editor, changes, text


def _spec(block_type: str) -> BlockSpec:
    spec = default_registry().get(block_type)
    assert spec is not None
    return spec


def test_new_ids_follow_the_highest_uid() -> None:
    editor, _, _ = _editor()
    assert editor.new_id() == "uid-12"
    assert editor.new_id(taken=["uid-12"]) == "uid-13"


def test_new_ids_in_a_flow_with_plain_number_ids() -> None:
    editor, _, _ = _editor("default-02-voiceContactOnConnecting.json")
    assert editor.new_id() == "uid-0"


def test_added_block_has_default_controls_and_exports_in_the_adapter_shape() -> None:
    editor, changes, _ = _editor()
    action = editor.add_block(new_action(_spec("SE_Log"), editor.new_id(), (10.5, -20.0)))
    assert changes == [FlowChange("added", "uid-12")]
    exported = editor.document.to_dict()["actions"][-1]
    assert exported == {
        "id": "uid-12",
        "type": "SE_Log",
        "meta": {},
        "controls": {"level": "info", "message": ""},
        "ports": {},
        "position": [10.5, -20],
    }
    assert position_of(action) == (10.5, -20.0)


def test_adding_an_id_twice_is_refused() -> None:
    editor, _, _ = _editor()
    with pytest.raises(FlowEditError, match="already used"):
        editor.add_block(new_action(_spec("SE_End"), "uid-1", (0, 0)))


def test_remove_takes_the_connections_to_the_block_and_restore_puts_everything_back() -> None:
    editor, changes, text = _editor()
    removed = editor.remove_blocks(["uid-3"])
    assert "uid-3" not in editor.ids()
    assert "done" not in editor.action("uid-1").ports
    assert FlowChange("removed", "uid-3") in changes
    assert FlowChange("ports", "uid-1") in changes
    editor.restore_blocks(removed)
    assert editor.ids() == [a["id"] for a in json.loads(text)["actions"]]
    assert editor.document.to_dict() == json.loads(text)


def test_removing_two_connected_blocks_restores_the_link_between_them() -> None:
    editor, _, text = _editor()
    removed = editor.remove_blocks(["uid-5", "uid-7"])
    assert editor.action("uid-3").ports == {}
    editor.restore_blocks(removed)
    assert editor.document.to_dict() == json.loads(text)


def test_connect_replaces_the_target_and_returns_the_previous_one() -> None:
    editor, changes, text = _editor()
    assert editor.connect("uid-3", "success", "uid-11") == "uid-5"
    assert editor.action("uid-3").ports["success"] == "uid-11"
    assert editor.connect("uid-3", "failure", "uid-11") is None
    assert changes == [FlowChange("ports", "uid-3")] * 2
    editor.connect("uid-3", "failure", None)
    editor.connect("uid-3", "success", "uid-5")
    assert editor.document.to_dict() == json.loads(text)


def test_move_writes_whole_coordinates_as_integers_and_set_position_restores() -> None:
    editor, changes, text = _editor()
    old = editor.action("uid-0").position
    editor.move_block("uid-0", (100.0, 50.25))
    assert editor.action("uid-0").position == [100, 50.25]
    assert changes == [FlowChange("moved", "uid-0")]
    editor.set_position("uid-0", old)
    assert editor.document.to_dict() == json.loads(text)


def test_positions_that_are_not_two_numbers_are_not_used() -> None:
    editor, _, _ = _editor()
    action = editor.action("uid-0")
    for bad in (None, [1], ["a", 2], [True, 1], {"x": 1}, [float("nan"), 0]):
        action.position = bad
        assert position_of(action) is None
    action.position = {"x": 3, "y": 4}
    assert position_of(action) == (3.0, 4.0)


def test_controls_and_title_edits_are_undone_to_the_same_export() -> None:
    editor, changes, text = _editor()
    editor.set_control("uid-7", "key", "other")
    editor.set_control("uid-7", "extra", 1)
    editor.set_title("uid-7", "Remember the task")
    exported = editor.document.to_dict()["actions"][4]
    assert exported["controls"] == {"key": "other", "value": "$.actions.uid-5.results.id", "extra": 1}
    assert exported["meta"] == {"title": "Remember the task"}
    assert [change.kind for change in changes] == ["controls", "controls", "meta"]
    editor.set_control("uid-7", "extra", None, present=False)
    editor.set_control("uid-7", "key", "taskId")
    editor.set_title("uid-7", "")
    assert editor.document.to_dict() == json.loads(text)


def test_every_edit_bumps_the_revision() -> None:
    editor, _, _ = _editor()
    before = editor.document.revision
    editor.move_block("uid-1", (0, 0))
    editor.set_title("uid-1", "x")
    assert editor.document.revision == before + 2


def test_duplicate_gets_new_ids_keeps_links_among_the_copies_and_drops_the_others() -> None:
    editor, _, _ = _editor()
    copies = editor.duplicate(["uid-5", "uid-7"])
    assert [copy.id for copy in copies] == ["uid-12", "uid-13"]
    assert copies[0].ports == {"success": "uid-13"}
    assert copies[1].ports == {}
    assert copies[0].controls == editor.action("uid-5").controls
    assert copies[0].controls is not editor.action("uid-5").controls
    assert position_of(copies[0]) == (152.0, -184.0)
    for action in copies:
        editor.add_block(action)
    exported = editor.document.to_dict()["actions"][-2]
    assert exported["id"] == "uid-12" and exported["ports"] == {"success": "uid-13"}
    assert exported["position"] == [152, -184]


def test_editing_a_missing_block_says_which() -> None:
    editor, _, _ = _editor()
    with pytest.raises(FlowEditError, match="no block 'nope'"):
        editor.move_block("nope", (0, 0))


def test_a_dangling_port_is_a_problem_until_it_is_disconnected() -> None:
    editor, _, _ = _editor()
    editor.connect("uid-9", "failure", "gone")
    registry = default_registry()
    assert any("points at 'gone'" in p.message for p in validate(editor.document, registry))
    editor.connect("uid-9", "failure", None)
    assert not any("points at" in p.message for p in validate(editor.document, registry))
