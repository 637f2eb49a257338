"""Copy, cut and paste on the canvas: the clipboard holds adapter JSON text, a paste gets fresh ids and
keeps only the links inside the selection, blocks travel between two designer windows, and each paste
or cut is one undo step."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from cti_desktop.flows.editing import position_of
from cti_desktop.gui.flow_designer.window import FlowDesignerWindow

from .conftest import OpenDesigner

CTRL = Qt.KeyboardModifier.ControlModifier


def _press(qtbot: QtBot, window: FlowDesignerWindow, key: Qt.Key) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.view.setFocus()
    qtbot.keyClick(window.view, key, CTRL)


def test_blocks_copied_in_one_window_paste_into_another_with_their_inner_links(
    qtbot: QtBot, open_designer: OpenDesigner
) -> None:
    source = open_designer("onConnecting.json")
    target = open_designer("03-click-to-dial.json")
    chosen = ["uid-3", "uid-5"]
    assert source.editor.action("uid-3").ports.get("success") == "uid-5"
    source.select_blocks(chosen)
    _press(qtbot, source, Qt.Key.Key_C)
    copied = json.loads(QGuiApplication.clipboard().text())
    assert [action["id"] for action in copied["actions"]] == chosen
    before = target.editor.ids()
    _press(qtbot, target, Qt.Key.Key_V)
    new_ids = [block_id for block_id in target.editor.ids() if block_id not in before]
    assert len(new_ids) == 2 and not set(new_ids) & set(before)
    first, second = (target.editor.action(block_id) for block_id in new_ids)
    assert (first.type, second.type) == (
        source.editor.action("uid-3").type,
        source.editor.action("uid-5").type,
    )
    assert first.ports.get("success") == second.id  # the link inside the selection
    assert set(first.ports.values()) | set(second.ports.values()) <= set(new_ids)  # none leave it
    assert first.controls == source.editor.action("uid-3").controls
    original = position_of(source.editor.action("uid-3"))
    assert original is not None and position_of(first) != original
    assert target.scene.selected_ids() == new_ids
    assert target.undo_stack.undoText() == "Paste 2 blocks"
    target.undo_stack.undo()
    assert target.editor.ids() == before
    # The source is untouched.
    assert source.editor.action("uid-3").ports.get("success") == "uid-5"
    assert source.undo_stack.count() == 0


def test_pasting_twice_never_stacks_blocks_on_each_other(qtbot: QtBot, open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    window.select_blocks(["uid-3"])
    window.copy_selected()
    first = window.paste()
    second = window.paste()
    points = [position_of(window.editor.action(block_id)) for block_id in ("uid-3", *first, *second)]
    assert len(set(points)) == 3


def test_cut_is_one_undo_step_and_pastes_back(qtbot: QtBot, open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    ids = window.editor.ids()
    window.select_blocks(["uid-3", "uid-5"])
    _press(qtbot, window, Qt.Key.Key_X)
    assert "uid-3" not in window.editor.ids() and window.scene.node("uid-3") is None
    assert window.undo_stack.count() == 1 and window.undo_stack.undoText() == "Cut 2 blocks"
    pasted = window.paste()
    assert len(pasted) == 2
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert window.editor.ids() == ids
    assert window.editor.action("uid-1").ports.get("done") == "uid-3"  # the links into them are back


def test_json_text_from_a_text_editor_pastes_and_other_text_is_refused_in_words(
    open_designer: OpenDesigner,
) -> None:
    window = open_designer("onConnecting.json")
    text = json.dumps(
        {"actions": [{"id": "x", "type": "SE_Log", "controls": {"level": "warn", "message": "typed"}}]}
    )
    QGuiApplication.clipboard().setText(text)
    (new_id,) = window.paste()
    assert window.editor.action(new_id).controls["message"] == "typed"
    QGuiApplication.clipboard().setText('{"actions": [{"type": "SE_Log"}]}')
    assert window.paste() == []
    assert "Nothing pasted" in window.status.text() and "'id' is missing" in window.status.text()
    QGuiApplication.clipboard().setText("a shopping list")
    assert window.paste() == []
    assert "holds no blocks" in window.status.text()


def test_ctrl_c_in_an_inspector_box_copies_its_text_not_blocks(
    qtbot: QtBot, open_designer: OpenDesigner
) -> None:
    window = open_designer("onConnecting.json")
    window.select_blocks(["uid-3"])
    box = window.inspector.findChild(QLineEdit, "inspectorTitle")
    assert box is not None
    box.setText("Find the lead")
    box.setFocus()
    box.selectAll()
    QGuiApplication.clipboard().setText("before")
    qtbot.keyClick(box, Qt.Key.Key_C, CTRL)
    assert QGuiApplication.clipboard().text() == "Find the lead"
