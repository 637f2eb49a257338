"""Run History's "Show on canvas": the run's flow opens in the designer with the path the run took lit
as a test run's is; a flow changed since the run is said to be, and shown as it is now; a flow that is
gone is said to be gone."""

from __future__ import annotations

import copy

import shiboken6
from pytestqt.qtbot import QtBot

from cti_desktop.gui.flow_designer.window import FlowDesignerWindow
from cti_desktop.gui.runs.dialog import RunHistoryDialog
from cti_desktop.services.app_services import AppServices

from .conftest import BROKEN_FLOW, OpenHistory, RunFlow
from .test_dialog import click_row


def _show(
    qtbot: QtBot, open_history: OpenHistory, run_id: int | None
) -> tuple[RunHistoryDialog, FlowDesignerWindow | None]:
    assert run_id is not None
    dialog = open_history()
    click_row(qtbot, dialog, run_id)
    assert dialog.canvas_button.isEnabled()
    window = dialog.show_on_canvas()
    return dialog, window


def _close(window: FlowDesignerWindow | None) -> None:
    if window is not None and shiboken6.isValid(window):
        window._closing = True
        window.close()


def test_a_recorded_run_is_lit_on_the_canvas(
    qtbot: QtBot, services: AppServices, run_flow: RunFlow, open_history: OpenHistory
) -> None:
    failed = run_flow("Broken Lookup")
    _dialog, window = _show(qtbot, open_history, failed.run_id)
    try:
        assert window is not None and window.flow_name == "Broken Lookup" and window.isVisible()
        window.grab().save("/tmp/designer-replay.png")
        start, lookup, end = (window.scene.node(block_id) for block_id in ("start", "lookup", "end"))
        assert start is not None and start.run_mark is not None and start.run_mark.success
        assert lookup is not None and lookup.run_mark is not None and not lookup.run_mark.success
        assert "SE_OldLookup" in lookup.run_mark.exception
        assert end is not None and end.run_mark is None
        lit = {(edge.source.block_id, edge.outcome) for edge in window.scene.edges if edge.taken}
        assert lit == {("start", "done")}
        assert window.run_banner_box.isVisible()
        banner = window.run_banner.text()
        assert f"Run {failed.run_id}" in banner and "changed" not in banner
        window.clear_run_button.click()
        assert lookup.run_mark is None and not window.run_banner_box.isVisible()
    finally:
        _close(window)


def test_a_flow_changed_since_the_run_is_said_so_and_shown_as_it_is(
    qtbot: QtBot, services: AppServices, run_flow: RunFlow, open_history: OpenHistory
) -> None:
    failed = run_flow("Broken Lookup")
    changed = copy.deepcopy(BROKEN_FLOW)
    changed["actions"] = [action for action in changed["actions"] if action["id"] != "lookup"]
    changed["actions"][0]["ports"] = {"done": "end"}
    services.flows.save("Broken Lookup", changed)
    _dialog, window = _show(qtbot, open_history, failed.run_id)
    try:
        assert window is not None
        text = window.run_banner.text()
        assert "changed after this run" in text and "version 2" in text
        assert "no longer in the flow: lookup" in text
        assert window.editor.ids() == ["start", "end"]
        start = window.scene.node("start")
        assert start is not None and start.run_mark is not None
    finally:
        _close(window)


def test_a_deleted_flow_is_said_to_be_gone(
    qtbot: QtBot, services: AppServices, run_flow: RunFlow, open_history: OpenHistory
) -> None:
    failed = run_flow("Broken Lookup")
    assert services.flows.delete("Broken Lookup")
    dialog, window = _show(qtbot, open_history, failed.run_id)
    assert window is None
    assert "no longer exists" in dialog.notice.text()
