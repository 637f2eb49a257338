"""The designer window: adding from the palette, deleting and duplicating with undo/redo, the problems
list following each edit, saving through the repository (an unedited flow exports as it was imported),
and closing with unsaved changes asking first without a nested event loop."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from cti_desktop.flows.editing import position_of
from cti_desktop.gui.flow_designer.commands import ConnectCommand
from cti_desktop.gui.flow_designer.palette import BLOCK_TYPE_MIME
from cti_desktop.gui.flow_designer.window import FlowDesignerWindow
from cti_desktop.gui.history.dialog import HistoryDialog
from cti_desktop.gui.history.diff_table import DiffTable
from cti_desktop.services.app_services import AppServices
from cti_desktop.services.changes import ChangeKind
from cti_desktop.store.flows import FlowNotFound, FlowRepository

from .conftest import FIXTURE_FILES, FIXTURES, OpenDesigner


def answer(qtbot: QtBot, window: FlowDesignerWindow, button: QMessageBox.StandardButton) -> None:
    qtbot.waitUntil(lambda: window.question is not None and window.question.isVisible())
    box = window.question
    assert box is not None
    qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)


def stored(services: AppServices, window: FlowDesignerWindow) -> dict[str, Any]:
    return services.flows.require(window.flow_name).document


# -- adding, deleting, duplicating -------------------------------------------------------------------------


def test_double_clicking_a_palette_entry_adds_the_block_with_a_new_id(
    qtbot: QtBot, open_designer: OpenDesigner
) -> None:
    window = open_designer("onConnecting.json")
    index = window.block_palette.index_of("SE_Log")
    assert index.isValid()
    tree = window.block_palette.tree
    tree.scrollTo(index)
    rect = tree.visualRect(index)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.editor.ids()[-1] == "uid-12"
    assert window.editor.action("uid-12").controls == {"level": "info", "message": ""}
    node = window.scene.node("uid-12")
    assert node is not None and node.isSelected()
    assert window.inspector.current_id() == "uid-12"
    assert window.undo_stack.undoText() == "Add Log"
    window.undo_stack.undo()
    assert "uid-12" not in window.editor.ids() and window.scene.node("uid-12") is None
    window.undo_stack.redo()
    assert window.scene.node("uid-12") is not None


def test_a_block_dropped_on_the_canvas_lands_where_it_was_dropped(open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    mime = QMimeData()
    mime.setData(BLOCK_TYPE_MIME, b"SE_HttpRequest")
    target = QPoint(200, 150)
    where = window.view.mapToScene(target)
    event = QDropEvent(
        QPointF(target),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.view.dropEvent(event)
    assert event.isAccepted()
    node = window.scene.node("uid-12")
    assert node is not None
    assert window.editor.action("uid-12").type == "SE_HttpRequest"
    assert node.pos().x() == pytest.approx(where.x(), abs=2)
    assert node.pos().y() == pytest.approx(where.y(), abs=2)


def test_adding_twice_in_the_same_spot_does_not_stack_blocks(open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    first = window.add_block_in_view("SE_End")
    second = window.add_block_in_view("SE_End")
    assert first and second and first != second
    a, b = window.scene.node(first), window.scene.node(second)
    assert a is not None and b is not None
    for node in (a, b):
        others = [other for other in window.scene.nodes if other is not node]
        assert not any(node.sceneBoundingRect().intersects(other.sceneBoundingRect()) for other in others)
    assert window.undo_action.text() == "Undo"
    assert window.undo_action.toolTip() == "Undo Add End (Ctrl+Z)"


def test_deleting_a_block_takes_its_connections_and_undo_brings_all_back(
    qtbot: QtBot, open_designer: OpenDesigner
) -> None:
    window = open_designer("onConnecting.json")
    window.scene.select_blocks(["uid-3"])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert "uid-3" not in window.editor.ids()
    assert "done" not in window.editor.action("uid-1").ports
    assert window.scene.edge("uid-1", "done") is None
    assert window.scene.node("uid-3") is None
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.action("uid-1").ports["done"] == "uid-3"
    assert window.scene.edge("uid-1", "done") is not None
    assert window.scene.edge("uid-3", "success") is not None
    assert window.editor.document.to_dict() == json.loads((FIXTURES / "onConnecting.json").read_text())
    qtbot.keyClick(
        window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert "uid-3" not in window.editor.ids()


def test_deleting_a_selected_connection_disconnects_it(open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    edge = window.scene.edge("uid-5", "success")
    assert edge is not None
    window.scene.clearSelection()
    edge.setSelected(True)
    window.delete_selected()
    assert "success" not in window.editor.action("uid-5").ports
    assert "uid-7" in window.editor.ids()
    window.undo_stack.undo()
    assert window.editor.action("uid-5").ports["success"] == "uid-7"


def test_duplicate_copies_the_selected_blocks_with_new_ids(qtbot: QtBot, open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    window.scene.select_blocks(["uid-5", "uid-7"])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.ids()[-2:] == ["uid-12", "uid-13"]
    assert window.editor.action("uid-12").ports == {"success": "uid-13"}
    assert set(window.scene.selected_ids()) == {"uid-12", "uid-13"}
    assert window.scene.edge("uid-12", "success") is not None
    window.undo_stack.undo()
    assert window.editor.ids()[-1] == "uid-11"


# -- problems --------------------------------------------------------------------------------------------


def test_problems_follow_each_edit_and_mark_their_blocks(open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    assert window.problems == []
    assert window.problems_list.texts() == [
        "No problems: every block is known and connected to something real."
    ]
    window.undo_stack.push(ConnectCommand(window, "uid-9", "failure", "nowhere"))
    texts = window.problems_list.texts()
    assert texts == ["uid-9: the 'failure' port points at 'nowhere', which is not in the flow"]
    node = window.scene.node("uid-9")
    assert node is not None and node.problems and "nowhere" in node.toolTip()
    assert node.ports["failure"].dangling
    window.undo_stack.undo()
    assert window.problems == [] and not node.problems


def test_a_dangling_port_from_the_file_is_listed_and_clicking_it_selects_the_block(
    qtbot: QtBot, open_designer: OpenDesigner, migrated_file: Path
) -> None:
    window = open_designer(str(migrated_file))
    texts = window.problems_list.texts()
    assert "old: the 'success' port points at 'gone', which is not in the flow" in texts
    assert any(text.startswith("old: unknown block type 'SE_SFOldThing'") for text in texts)
    assert any("SE_Log has no 'maybe' outcome" in text for text in texts)
    row = texts.index("old: the 'success' port points at 'gone', which is not in the flow")
    item = window.problems_list.item(row)
    rect = window.problems_list.visualItemRect(item)
    qtbot.mouseClick(window.problems_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.scene.selected_ids() == ["old"]
    assert window.inspector.current_id() == "old"
    assert window.problem_count.text() == f"4 blocks, {len(texts)} warnings"


def test_disconnecting_the_dangling_port_clears_its_problem(
    open_designer: OpenDesigner, migrated_file: Path
) -> None:
    window = open_designer(str(migrated_file))
    window.disconnect_port("old", "success")
    assert not any("points at 'gone'" in text for text in window.problems_list.texts())


# -- saving ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("file_name", FIXTURE_FILES)
def test_saving_an_unedited_flow_keeps_it_as_imported(
    services: AppServices, open_designer: OpenDesigner, file_name: str
) -> None:
    window = open_designer(file_name)
    version = services.flows.require(window.flow_name).version
    assert window.save()
    row = services.flows.require(window.flow_name)
    assert row.version == version + 1
    exported = json.loads(FlowRepository.document(row).to_json())
    assert exported == json.loads((FIXTURES / file_name).read_text(encoding="utf-8"))


def test_saving_edits_keeps_unknown_keys_and_positions(
    qtbot: QtBot, services: AppServices, open_designer: OpenDesigner, migrated_file: Path
) -> None:
    window = open_designer(str(migrated_file))
    changed: list[bool] = []
    services.changes.changed.connect(lambda change: changed.append(change.kind == ChangeKind.FLOW))
    window.set_title("log", "Say hello", "title")
    window.move_blocks(1, {"end": (520.5, 10)})
    assert window.isWindowModified()
    with qtbot.waitSignal(window.undo_stack.cleanChanged):
        qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert changed and not window.isWindowModified()
    data = stored(services, window)
    original = json.loads(migrated_file.read_text(encoding="utf-8"))
    assert data["exportedBy"] == "an older tool"
    actions = {action["id"]: action for action in data["actions"]}
    assert actions["old"] == original["actions"][1]
    assert actions["log"]["meta"] == {"title": "Say hello"}
    assert actions["log"]["controls"]["colour"] == "blue"
    assert actions["end"]["position"] == [520.5, 10]
    assert actions["start"]["position"] == [0, 0]
    assert "Saved" in window.status.text()


def test_opening_a_flow_that_is_not_stored_says_so(services: AppServices) -> None:
    with pytest.raises(FlowNotFound, match="no flow named 'Nope'"):
        FlowDesignerWindow(services, "Nope")


# -- closing ---------------------------------------------------------------------------------------------


def test_closing_unchanged_closes_at_once(qtbot: QtBot, open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    with qtbot.waitSignal(window.destroyed):
        window.close()


def test_closing_with_changes_asks_and_cancel_keeps_the_window(
    qtbot: QtBot, open_designer: OpenDesigner
) -> None:
    window = open_designer("onConnecting.json")
    window.add_block_in_view("SE_End")
    window.close()
    answer(qtbot, window, QMessageBox.StandardButton.Cancel)
    assert window.isVisible() and window.is_dirty()


def test_closing_with_changes_and_discard_stores_nothing(
    qtbot: QtBot, services: AppServices, open_designer: OpenDesigner
) -> None:
    window = open_designer("onConnecting.json")
    before = stored(services, window)
    window.add_block_in_view("SE_End")
    window.close()
    with qtbot.waitSignal(window.destroyed):
        answer(qtbot, window, QMessageBox.StandardButton.Discard)
    row = services.flows.require("onConnecting")
    assert row.document == before and row.version == 1


def test_closing_with_changes_and_save_stores_them(
    qtbot: QtBot, services: AppServices, open_designer: OpenDesigner
) -> None:
    window = open_designer("onConnecting.json")
    block_id = window.add_block_in_view("SE_End")
    window.close()
    with qtbot.waitSignal(window.destroyed):
        answer(qtbot, window, QMessageBox.StandardButton.Save)
    row = services.flows.require("onConnecting")
    assert row.version == 2
    assert block_id in [action["id"] for action in row.document["actions"]]
    assert position_of(FlowRepository.document(row).actions[-1]) is not None


def _edited_here_and_saved_elsewhere(
    services: AppServices, open_designer: OpenDesigner
) -> tuple[FlowDesignerWindow, dict[str, Any]]:
    """A designer with an unsaved block, on a flow saved meanwhile elsewhere (re-imported, another window)."""
    window = open_designer("onConnecting.json")
    window.add_block_in_view("SE_End")
    other = json.loads((FIXTURES / "onConnecting.json").read_text(encoding="utf-8"))
    other["actions"][0]["position"] = [0, 0]
    services.flows.save("onConnecting", other)
    return window, other


def test_saving_over_a_change_made_elsewhere_asks_first(
    qtbot: QtBot, services: AppServices, open_designer: OpenDesigner
) -> None:
    window, _other = _edited_here_and_saved_elsewhere(services, open_designer)
    assert not window.save()
    qtbot.waitUntil(lambda: window.question is not None and window.question.isVisible())
    assert window.question is not None
    assert "(version 2)" in window.question.text() and "since it was opened here" in window.question.text()
    table = window.question.findChild(DiffTable)
    assert table is not None and table.rowCount() >= 1, "the differences, theirs beside yours"
    answer(qtbot, window, QMessageBox.StandardButton.Save)  # "Keep Mine"
    row = services.flows.require("onConnecting")
    assert row.version == 3 and len(row.document["actions"]) == 8
    assert not window.is_dirty()
    assert window.save()  # no question now: what is stored is what this window saved


def test_merging_by_hand_keeps_editing_and_the_next_save_goes_after_theirs(
    qtbot: QtBot, services: AppServices, open_designer: OpenDesigner
) -> None:
    window, other = _edited_here_and_saved_elsewhere(services, open_designer)
    assert not window.save()
    answer(qtbot, window, QMessageBox.StandardButton.Cancel)  # "Merge by Hand"
    assert services.flows.require("onConnecting").document == other
    assert window.is_dirty()
    assert window.save()
    assert [v.number for v in services.flows.history("onConnecting")] == [3, 2, 1]


def test_keeping_theirs_reopens_the_designer_on_their_version(
    qtbot: QtBot, services: AppServices, open_designer: OpenDesigner
) -> None:
    window, other = _edited_here_and_saved_elsewhere(services, open_designer)
    assert not window.save()
    with qtbot.waitSignal(window.destroyed):
        answer(qtbot, window, QMessageBox.StandardButton.Discard)  # "Keep Theirs"
    fresh = next(w for w in QApplication.topLevelWidgets() if isinstance(w, FlowDesignerWindow))
    assert fresh.editor.document.to_dict() == other and not fresh.is_dirty()
    fresh._closing = True
    fresh.close()


def test_settings_saved_in_the_flows_window_do_not_count_as_a_change(
    services: AppServices, open_designer: OpenDesigner
) -> None:
    window = open_designer("onConnecting.json")
    services.flows.set_active("onConnecting", False)
    row = services.flows.require("onConnecting")
    services.flows.save("onConnecting", row.document, description="Pops the task")
    window.add_block_in_view("SE_End")
    assert window.save()
    assert window.question is None


def test_a_block_without_a_position_is_laid_out_and_undo_of_its_first_move_lays_it_out_again(
    qtbot: QtBot, open_designer: OpenDesigner, tmp_path: Path
) -> None:
    data = json.loads((FIXTURES / "onConnecting.json").read_text(encoding="utf-8"))
    del data["actions"][6]["position"]
    path = tmp_path / "no-position.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    window = open_designer(str(path))
    node = window.scene.node("uid-11")
    assert node is not None
    laid_out = node.pos()
    others = [other for other in window.scene.nodes if other is not node]
    assert not any(node.sceneBoundingRect().intersects(other.sceneBoundingRect()) for other in others)
    window.move_blocks(99, {"uid-11": (600, 0)})
    assert window.editor.action("uid-11").position == [600, 0]
    window.undo_stack.undo()
    assert window.editor.action("uid-11").position is None
    assert node.pos() == laid_out
    assert window.save()
    assert "position" not in window.services.flows.require(window.flow_name).document["actions"][6]


def test_save_keeps_a_draft_that_publish_makes_what_seats_run(
    qtbot: QtBot, services: AppServices, open_designer: OpenDesigner
) -> None:
    window = open_designer("onConnecting.json")
    published = services.flows.require("onConnecting").document
    block_id = window.add_block_in_view("SE_End")
    assert window.save()
    assert window.status.text().startswith("Saved a draft of “onConnecting” (version 2)")
    live = FlowRepository(services.engine).get_published("onConnecting")
    assert live is not None and live.document == published, "seats still run the published version"

    assert window.publish()
    live = FlowRepository(services.engine).get_published("onConnecting")
    assert live is not None and block_id in [action["id"] for action in live.document["actions"]]
    assert window.status.text().startswith("Published “onConnecting” (version 2)")
    window.show_history()
    qtbot.waitUntil(lambda: window.findChild(HistoryDialog) is not None)
    history = window.findChild(HistoryDialog)
    assert history is not None and history.table.model().rowCount() == 2
    history.close()
