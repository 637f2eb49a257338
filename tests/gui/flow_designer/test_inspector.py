"""The inspector: rows built from the block's declaration, edits as undoable commands (typing in one box
is one step), references checked as typed, unknown controls shown and kept, outcomes connected from
the keyboard, and the title written to meta.title."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QTableWidget
from pytestqt.qtbot import QtBot

from cti_desktop.flows.blocks import default_registry
from cti_desktop.gui.flow_designer.controls import (
    CONTROL_EDITORS,
    BooleanControl,
    ChoiceControl,
    DictControl,
    ListControl,
    NumberControl,
    TextControl,
    read_like,
)
from cti_desktop.gui.flow_designer.window import FlowDesignerWindow

from .conftest import FIXTURES, OpenDesigner


def select(window: FlowDesignerWindow, block_id: str) -> None:
    window.scene.select_blocks([block_id])
    assert window.inspector.current_id() == block_id


def set_cell(table: QTableWidget, row: int, column: int, text: str) -> None:
    item = table.item(row, column)
    assert item is not None
    item.setText(text)


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def test_every_declared_control_kind_has_an_editor() -> None:
    kinds = {control.kind for spec in default_registry().all() for control in spec.controls}
    assert kinds <= set(CONTROL_EDITORS)


def test_rows_follow_the_declaration_including_an_alias_the_file_uses(
    open_designer: OpenDesigner, tmp_path: Path
) -> None:
    data = json.loads((FIXTURES / "onConnecting.json").read_text(encoding="utf-8"))
    controls = data["actions"][3]["controls"]
    controls["TaskSubType"] = controls.pop("TaskSubtype")
    path = tmp_path / "alias.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    window = open_designer(str(path))
    select(window, "uid-5")
    spec = default_registry().get("SE_SFCreateTask")
    assert spec is not None
    keys = list(window.inspector.editors)
    assert len(keys) == len(spec.controls)
    assert "TaskSubType" in keys and "TaskSubtype" not in keys
    editor = window.inspector.editor("TaskSubType")
    assert isinstance(editor, TextControl) and editor.edit.text() == "Call"
    assert isinstance(window.inspector.editor("IsClosed"), BooleanControl)
    assert isinstance(window.inspector.editor("otherTaskFields"), DictControl)


def test_typing_a_control_is_one_undo_step_and_checks_references_as_typed(
    qtbot: QtBot, open_designer: OpenDesigner
) -> None:
    window = open_designer("onConnecting.json")
    select(window, "uid-7")
    editor = window.inspector.editor("value")
    assert isinstance(editor, TextControl)
    type_into(qtbot, editor.edit, "{{ $.bogus.x }}")
    assert window.editor.action("uid-7").controls["value"] == "{{ $.bogus.x }}"
    assert editor.problems.isVisibleTo(window) and "unknown root 'bogus'" in editor.problems.text()
    assert any("control 'value'" in text for text in window.problems_list.texts())
    assert window.undo_stack.count() == 1
    type_into(qtbot, editor.edit, "$.payload.taskId")
    assert not editor.problems.isVisibleTo(window)
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert window.editor.action("uid-7").controls["value"] == "$.actions.uid-5.results.id"
    assert editor.edit.text() == "$.actions.uid-5.results.id"  # the inspector shows the undo


def test_ctrl_z_in_an_inspector_box_undoes_the_designer_edit(
    qtbot: QtBot, open_designer: OpenDesigner
) -> None:
    window = open_designer("onConnecting.json")
    select(window, "uid-7")
    editor = window.inspector.editor("key")
    assert isinstance(editor, TextControl)
    type_into(qtbot, editor.edit, "other")
    assert window.editor.action("uid-7").controls["key"] == "other"
    qtbot.keyClick(editor.edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.action("uid-7").controls["key"] == "taskId"


def test_the_reference_menu_offers_earlier_blocks_results(open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    select(window, "uid-9")
    editor = window.inspector.editor("recordId")
    offered = [reference for _, reference in editor.references]
    assert "$.actions.uid-5.results.id" in offered
    assert "$.contact.phoneNumber" in offered
    assert not any(reference.startswith("$.actions.uid-9.") for reference in offered)


def test_title_goes_to_meta_and_shows_on_the_node(qtbot: QtBot, open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    select(window, "uid-7")
    title = window.inspector.title_edit
    assert title is not None and title.placeholderText() == "Set Property"
    type_into(qtbot, title, "Remember")
    assert window.editor.action("uid-7").meta == {"title": "Remember"}
    node = window.scene.node("uid-7")
    assert node is not None and node.toolTip().startswith("Remember")
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert window.editor.action("uid-7").meta == {}


def test_boolean_and_choice_controls_keep_json_types(qtbot: QtBot, open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    select(window, "uid-9")
    boolean = window.inspector.editor("noPopOnEmpty")
    assert isinstance(boolean, BooleanControl)
    assert boolean.combo.currentText() == "false"
    boolean.combo.setCurrentIndex(boolean.combo.findText("true"))
    boolean.combo.activated.emit(boolean.combo.currentIndex())
    assert window.editor.action("uid-9").controls["noPopOnEmpty"] is True
    window.add_block_in_view("SE_Log")
    level = window.inspector.editor("level")
    assert isinstance(level, ChoiceControl) and level.combo.currentText() == "info"
    line = level.combo.lineEdit()
    assert line is not None
    line.selectAll()
    qtbot.keyClicks(line, "loud")
    assert "“loud” is not one of: debug, info, warn, error" in level.problems.text()


def test_number_controls_hold_numbers_or_references(qtbot: QtBot, open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    block_id = window.add_block_in_view("SE_Delay")
    assert block_id is not None
    editor = window.inspector.editor("milliseconds")
    assert isinstance(editor, NumberControl)
    type_into(qtbot, editor.edit, "250")
    assert window.editor.action(block_id).controls["milliseconds"] == 250
    type_into(qtbot, editor.edit, "$.payload.wait")
    assert window.editor.action(block_id).controls["milliseconds"] == "$.payload.wait"
    assert not editor.problems.isVisibleTo(window)
    type_into(qtbot, editor.edit, "soon")
    assert "not a number" in editor.problems.text()


def test_dict_rows_edit_key_value_pairs(qtbot: QtBot, open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    block_id = window.add_block_in_view("SE_SendDataToOverlay")
    assert block_id is not None
    editor = window.inspector.editor("value")
    assert isinstance(editor, DictControl)
    table: QTableWidget = editor.table
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    set_cell(table, 0, 0, "Queue")
    set_cell(table, 0, 1, "$.contact.queueName")
    assert window.editor.action(block_id).controls["value"] == {"Queue": "$.contact.queueName"}
    set_cell(table, 0, 1, "{{ $.nope }}")
    assert "unknown root 'nope'" in editor.problems.text()
    table.setCurrentCell(0, 0)
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert window.editor.action(block_id).controls["value"] == {}
    type_into(qtbot, editor.reference, "$.actions.uid-5.results")
    assert window.editor.action(block_id).controls["value"] == "$.actions.uid-5.results"
    assert not table.isEnabled()


def test_list_rows_edit_items(qtbot: QtBot, open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    block_id = window.add_block_in_view("SE_IsOneOf")
    assert block_id is not None
    editor = window.inspector.editor("candidates")
    assert isinstance(editor, ListControl) and not isinstance(editor, DictControl)
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    set_cell(editor.table, 0, 0, "VIP")
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    set_cell(editor.table, 1, 0, "$.payload.tier")
    assert window.editor.action(block_id).controls["candidates"] == ["VIP", "$.payload.tier"]


def test_expression_controls_are_checked_as_jsonata(qtbot: QtBot, open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    block_id = window.add_block_in_view("SE_IfElse")
    assert block_id is not None
    editor = window.inspector.editor("condition")
    edit = editor.widget.findChild(QPlainTextEdit)
    assert edit is not None
    edit.setFocus()
    qtbot.keyClicks(edit, "$.payload.amount > ")
    assert "cannot be read" in editor.problems.text()
    qtbot.keyClicks(edit, "100")
    assert not editor.problems.isVisibleTo(window)
    assert window.editor.action(block_id).controls["condition"] == "$.payload.amount > 100"


def test_unknown_blocks_and_controls_are_shown_and_kept(
    open_designer: OpenDesigner, migrated_file: Path
) -> None:
    window = open_designer(str(migrated_file))
    select(window, "old")
    assert window.inspector.editors == {}
    assert window.inspector.extra_labels["legacy"].text() == '{"a": 1}'
    warning = window.inspector.findChild(QLabel, "inspectorUnknown")
    assert warning is not None and "Unknown block type “SE_SFOldThing”" in warning.text()
    select(window, "log")
    assert window.inspector.extra_labels["colour"].text() == "blue"
    assert "level" in window.inspector.editors


def test_outcome_boxes_connect_and_disconnect_from_the_keyboard(open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    select(window, "uid-3")
    box = window.inspector.outcome_boxes["failure"]
    assert isinstance(box, QComboBox) and box.currentText() == "(not connected)"
    box.setCurrentIndex(box.findData("uid-11"))
    box.activated.emit(box.currentIndex())
    assert window.editor.action("uid-3").ports["failure"] == "uid-11"
    assert window.scene.edge("uid-3", "failure") is not None
    box = window.inspector.outcome_boxes["failure"]
    box.setCurrentIndex(0)
    box.activated.emit(0)
    assert "failure" not in window.editor.action("uid-3").ports


def test_a_missing_target_is_offered_as_missing(open_designer: OpenDesigner, migrated_file: Path) -> None:
    window = open_designer(str(migrated_file))
    select(window, "old")
    box = window.inspector.outcome_boxes["success"]
    assert box.currentText() == "gone (missing: not in the flow)"


def test_values_keep_their_json_type_when_read_back() -> None:
    assert read_like("5", 1) == 5
    assert read_like("x", 1) == "x"
    assert read_like('{"a": 2}', {}) == {"a": 2}
    assert read_like("[1]", {}) == "[1]"
    assert read_like("true", False) is True
    assert read_like("1", True) == "1"
    assert read_like("12", "text") == "12"
