"""Test runs from the designer: F5 runs the flow as drawn (unsaved edits too) and lights the path it took
on the canvas, each step badged, a failed block red with its message; breakpoints (F9) pause the run,
Step (F10), Continue (F5), Run to here and Stop act on it; a step's resolved controls are shown."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cti_desktop.domain.actions import CtiAction, PayloadEntry
from cti_desktop.domain.forms import FormField, FormSpec
from cti_desktop.gui.flow_designer.window import FlowDesignerWindow
from cti_desktop.services.app_services import AppServices

from .conftest import FIXTURE_FILES, OpenDesigner

pytestmark = pytest.mark.usefixtures("qloop")

CONTACT = {"contactId": "c1", "phoneNumber": "+12065550100"}


def _inputs(window: FlowDesignerWindow, payload: dict[str, object] | None = None) -> None:
    window.show_test_panel()
    window.test_panel.payload_edit.setPlainText(json.dumps(payload or {"phoneNumber": "+12065550100"}))
    window.test_panel.contact_edit.setPlainText(json.dumps(CONTACT))


def _key(qtbot: QtBot, window: FlowDesignerWindow, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
    window.view.setFocus()
    qtbot.keyClick(window.view, key, modifier)


def _lit(window: FlowDesignerWindow) -> set[tuple[str, str]]:
    return {(edge.source.block_id, edge.outcome) for edge in window.scene.edges if edge.taken}


def test_f5_lights_the_path_the_run_took(qtbot: QtBot, open_designer: OpenDesigner) -> None:
    window = open_designer("03-click-to-dial.json")
    _inputs(window)
    with qtbot.waitSignal(window.test_run.finished, timeout=5000):
        _key(qtbot, window, Qt.Key.Key_F5, Qt.KeyboardModifier.NoModifier)
    assert [s.step.id for s in window.test_run.steps] == ["uid-0", "uid-16", "uid-18", "uid-20", "uid-13"]
    assert _lit(window) == {("uid-0", "done"), ("uid-16", "done"), ("uid-18", "failure"), ("uid-20", "done")}
    marks = {node.block_id: node.run_mark for node in window.scene.nodes}
    assert all(mark is not None for mark in marks.values())
    dial = marks["uid-18"]
    assert dial is not None and dial.outcome == "failure" and not dial.success
    assert "completed" in window.test_panel.status.text()
    assert window.test_panel.steps.topLevelItemCount() == 5
    window.grab().save("/tmp/designer-test-run.png")


@pytest.mark.parametrize("file_name", FIXTURE_FILES)
def test_every_adapter_export_runs_locally_and_its_path_is_lit(
    qtbot: QtBot, open_designer: OpenDesigner, file_name: str
) -> None:
    window = open_designer(file_name)
    _inputs(window)
    with qtbot.waitSignal(window.test_run.finished, timeout=5000):
        assert window.run_or_continue()
    steps = [watched.step for watched in window.test_run.steps]
    assert steps and steps[0].type == "SE_Start"
    expected = {(step.id, step.outcome) for step in steps[:-1]}
    assert _lit(window) == {pair for pair in expected if window.scene.edge(*pair) is not None}
    ran = {step.id for step in steps}
    for node in window.scene.nodes:
        assert (node.run_mark is not None) == (node.block_id in ran)


def test_a_failed_block_is_red_with_its_message(qtbot: QtBot, open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    _inputs(window)
    with qtbot.waitSignal(window.test_run.finished, timeout=5000):
        window.run_or_continue()
    node = window.scene.node("uid-3")
    assert node is not None and node.run_mark is not None and not node.run_mark.success
    assert "no Lead has the phone number" in node.run_mark.exception
    assert "no Lead has the phone number" in node.toolTip()
    assert "failed" in window.test_panel.status.text()
    assert window.scene.node("uid-5") is not None and window.scene.node("uid-5").run_mark is None


def test_unsaved_edits_are_what_runs_and_a_step_shows_its_resolved_controls(
    qtbot: QtBot, open_designer: OpenDesigner
) -> None:
    window = open_designer("03-click-to-dial.json")
    window.set_control("uid-20", "message", "dial failed for {{ $.payload.phoneNumber }}", "m")
    assert window.is_dirty()
    _inputs(window, {"phoneNumber": "+12065550199"})
    with qtbot.waitSignal(window.test_run.finished, timeout=5000):
        window.run_or_continue()
    # Clicking the Log block on the canvas shows its step.
    window.select_blocks(["uid-20"])
    details = window.test_panel.details.toPlainText()
    assert "Step 4: uid-20 (SE_Log)" in details
    assert "dial failed for +12065550199" in details
    # And clicking a step in the list selects its block.
    item = window.test_panel.steps.topLevelItem(2)
    assert item is not None
    window.test_panel.steps.setCurrentItem(item)
    assert window.scene.selected_ids() == ["uid-18"]
    assert "Outcome: failure" in window.test_panel.details.toPlainText()


def test_a_breakpoint_pauses_the_run_and_step_and_continue_go_on(
    qtbot: QtBot, open_designer: OpenDesigner
) -> None:
    window = open_designer("03-click-to-dial.json")
    _inputs(window)
    window.select_blocks(["uid-18"])
    _key(qtbot, window, Qt.Key.Key_F9, Qt.KeyboardModifier.NoModifier)
    node = window.scene.node("uid-18")
    assert node is not None and node.breakpoint
    with qtbot.waitSignal(window.test_run.paused, timeout=5000) as paused:
        _key(qtbot, window, Qt.Key.Key_F5, Qt.KeyboardModifier.NoModifier)
    assert paused.args == ["uid-18"]
    assert node.paused and node.run_mark is None  # paused before it runs
    assert [s.step.id for s in window.test_run.steps] == ["uid-0", "uid-16"]
    assert window.test_panel.run_button.text() == "Continue" and window.test_panel.stop_button.isEnabled()
    assert window.test_run.running()
    with qtbot.waitSignal(window.test_run.paused, timeout=5000) as paused:
        _key(qtbot, window, Qt.Key.Key_F10, Qt.KeyboardModifier.NoModifier)
    assert paused.args == ["uid-20"]  # one block run: the dial, which failed over to the Log
    assert not node.paused and node.run_mark is not None
    with qtbot.waitSignal(window.test_run.finished, timeout=5000):
        _key(qtbot, window, Qt.Key.Key_F5, Qt.KeyboardModifier.NoModifier)
    assert window.test_run.outcome is not None and window.test_run.outcome.result.status == "completed"
    # F9 again clears it.
    window.select_blocks(["uid-18"])
    window.toggle_breakpoint()
    assert not node.breakpoint


def test_run_to_here_then_stop(qtbot: QtBot, open_designer: OpenDesigner) -> None:
    window = open_designer("03-click-to-dial.json")
    _inputs(window)
    window.select_blocks(["uid-20"])
    with qtbot.waitSignal(window.test_run.paused, timeout=5000) as paused:
        window.run_to_action.trigger()
    assert paused.args == ["uid-20"]
    with qtbot.waitSignal(window.test_run.finished, timeout=5000):
        _key(qtbot, window, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    outcome = window.test_run.outcome
    assert outcome is not None and outcome.result.status == "cancelled"
    assert "uid-20" in outcome.result.error
    assert not window.test_run.running() and window.test_panel.run_button.isEnabled()


def test_inputs_that_are_not_json_objects_are_said_in_words(
    qtbot: QtBot, open_designer: OpenDesigner
) -> None:
    window = open_designer("03-click-to-dial.json")
    window.show_test_panel()
    window.test_panel.payload_edit.setPlainText("[1, 2]")
    assert not window.run_or_continue()
    assert "$.payload must be a JSON object" in window.test_panel.status.text()
    window.test_panel.payload_edit.setPlainText("{}")
    window.test_panel.contact_edit.setPlainText('{"phoneNumber": "1"}')
    with qtbot.waitSignal(window.test_run.failed, timeout=5000):
        window.run_or_continue()
    assert "'contactId' is required" in window.test_panel.status.text()


def test_the_payload_is_prefilled_from_the_actions_using_the_flow(
    qtbot: QtBot, services: AppServices, open_designer: OpenDesigner
) -> None:
    window = open_designer("03-click-to-dial.json")
    flow = services.flows.save(window.flow_name, window.editor.document, source="ctiAction").flow
    for order, (name, number) in enumerate((("Dial Jane", "+12065550100"), ("Dial Bob", "+12065550111"))):
        services.actions.save(
            CtiAction(
                name=name,
                order=order,
                flow_id=flow.id,
                flow_name=window.flow_name,
                payload=(PayloadEntry("phoneNumber", number), PayloadEntry("who", "$.contact.phoneNumber")),
                form=FormSpec(fields=(FormField(name="note", label="Note"),)),
            )
        )
    window.show_test_panel()
    panel = window.test_panel
    assert [panel.action_combo.itemText(i) for i in range(panel.action_combo.count())][1:] == [
        "Dial Jane",
        "Dial Bob",
    ]
    assert json.loads(panel.payload_edit.toPlainText()) == {
        "phoneNumber": "+12065550100",
        "who": "$.contact.phoneNumber",
        "note": "",
    }
    assert panel.trigger_detail.text() == "Dial Jane"
    panel.action_combo.setCurrentIndex(2)
    assert json.loads(panel.payload_edit.toPlainText())["phoneNumber"] == "+12065550111"
    assert panel.inputs().trigger_kind == "action" and panel.inputs().trigger_detail == "Dial Bob"


def test_a_contact_is_taken_from_a_crm_record(
    qtbot: QtBot, services: AppServices, open_designer: OpenDesigner
) -> None:
    services.crm.create("Contact", {"Name": "Jane Doe", "Phone": "+12065550100"}, "003TEST0000001")
    window = open_designer("03-click-to-dial.json")
    window.show_test_panel()
    panel = window.test_panel
    panel.record_search.setText("Jane")
    with qtbot.waitSignal(panel.record_combo.model().rowsInserted, timeout=5000):
        qtbot.keyClick(panel.record_search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "record(s) found" in panel.status.text())
    assert panel.record_combo.currentText() == "Jane Doe (Contact)"
    contact = json.loads(panel.contact_edit.toPlainText())
    assert contact["phoneNumber"] == "+12065550100" and contact["contactId"]


def test_closing_the_window_stops_a_paused_run_cleanly(qtbot: QtBot, open_designer: OpenDesigner) -> None:
    window = open_designer("03-click-to-dial.json")
    _inputs(window)
    window.select_blocks(["uid-18"])
    window.toggle_breakpoint()
    with qtbot.waitSignal(window.test_run.paused, timeout=5000):
        window.run_or_continue()
    task = window.test_run._task
    assert task is not None
    window._closing = True
    window.close()
    qtbot.waitUntil(task.done, timeout=5000)
    assert task.exception() is None


def test_crm_writes_are_dropped_unless_kept(
    qtbot: QtBot, services: AppServices, open_designer: OpenDesigner
) -> None:
    services.crm.create("Lead", {"Name": "Lee Ead", "Phone": "+12065550100"}, "00QTEST0000001")
    window = open_designer("onConnecting.json")
    _inputs(window)
    before = services.crm.count("Task")
    with qtbot.waitSignal(window.test_run.finished, timeout=5000):
        window.run_or_continue()
    outcome = window.test_run.outcome
    assert outcome is not None and outcome.result.status == "completed", outcome.result.error
    task_id = outcome.result.steps[3].results["id"]
    assert services.crm.count("Task") == before and services.crm.get(task_id) is None
    produced = [window.test_panel.produced.item(i).text() for i in range(window.test_panel.produced.count())]
    assert f"CRM change (not kept): created Task {task_id}" in produced
    window.test_panel.keep_changes.setChecked(True)
    with qtbot.waitSignal(window.test_run.finished, timeout=5000):
        window.run_or_continue()
    outcome = window.test_run.outcome
    assert outcome is not None and outcome.kept
    assert services.crm.count("Task") == before + 1
