"""The Run History window over the real engine and store: a failed run shows its status and error,
selecting a run shows its steps and record, runs appear as they finish, filters narrow the table, and
the window lets go of the runner when it closes."""

from __future__ import annotations

import json

import shiboken6
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from cti_desktop.contacts.model import Contact
from cti_desktop.domain.masking import MASK
from cti_desktop.gui.runs.dialog import RunHistoryDialog
from cti_desktop.gui.runs.model import COL_ERROR, COL_FLOW, COL_STATUS, COL_TRIGGER
from cti_desktop.services.app_services import AppServices

from .conftest import OpenHistory, RunFlow

GIFT = {"firstName": "Ada", "lastName": "Lovelace", "cardType": "Visa", "telephone": "+12065550100"}


def call(services: AppServices, number: str = "+12065550100") -> Contact:
    """A simulated call (its onConnecting flow runs too)."""
    return services.telephony.incoming(number, "Sales")


def caller(contact_id: str, number: str = "+12065550100") -> Contact:
    """A contact that no event brought: only the runs a test starts are recorded for it."""
    return Contact(contact_id, phoneNumber=number, queueName="Sales")


def shown(dialog: RunHistoryDialog, column: int = COL_FLOW) -> list[object]:
    return [dialog.model.index(row, column).data() for row in range(dialog.model.rowCount())]


def click_row(qtbot: QtBot, dialog: RunHistoryDialog, run_id: int) -> None:
    row = dialog.model.row_of(run_id)
    assert row >= 0, f"run {run_id} is not listed"
    rect = dialog.table.visualRect(dialog.model.index(row, COL_FLOW))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_failed_run_shows_its_status_and_error(
    qtbot: QtBot, services: AppServices, run_flow: RunFlow, open_history: OpenHistory
) -> None:
    contact = caller("c-7")
    failed = run_flow("Broken Lookup", contact=contact, trigger_kind="action", trigger_detail="Look up")
    assert failed.status == "failed"
    dialog = open_history()
    assert not dialog.isModal()
    row = dialog.model.row_of(failed.run_id)
    assert dialog.model.index(row, COL_STATUS).data() == "Failed"
    assert dialog.model.index(row, COL_ERROR).data() == failed.error
    assert "SE_OldLookup" in failed.error
    assert dialog.model.index(row, COL_TRIGGER).data() == "Action: Look up"
    click_row(qtbot, dialog, failed.run_id)  # type: ignore[arg-type]
    assert "Broken Lookup" in dialog.details.heading.text()
    assert "Failed" in dialog.details.heading.text()
    assert dialog.details.error.isVisible() and dialog.details.error.text() == failed.error
    # The step that failed is selected for the reader, with its exception.
    step = json.loads(dialog.details.step_view.toPlainText())
    assert (step["block"], step["success"]) == ("lookup", False)
    assert step["exception"] == "unknown block type 'SE_OldLookup'"


def test_selecting_a_run_shows_its_steps_and_record(
    qtbot: QtBot, services: AppServices, run_flow: RunFlow, open_history: OpenHistory
) -> None:
    contact = call(services)
    gift = run_flow(
        "Gift Card",
        payload=dict(GIFT),
        contact=contact,
        trigger_kind="action",
        trigger_detail="Customer Gift Card",
        sensitive_keys={"telephone"},
    )
    caller = run_flow(
        "Caller Details", contact=contact, trigger_kind="action", trigger_detail="Caller Details"
    )
    dialog = open_history()
    click_row(qtbot, dialog, gift.run_id)  # type: ignore[arg-type]
    steps = dialog.details.steps
    assert [steps.index(row, 1).data() for row in range(steps.rowCount())] == ["start", "task", "send", "end"]
    assert [steps.index(row, 2).data() for row in range(steps.rowCount())][1] == "SE_SFCreateTask"
    assert all(steps.index(row, 4).data() == "Yes" for row in range(steps.rowCount()))
    record = json.loads(dialog.details.record_view.toPlainText())
    assert record["flow"] == "Gift Card" and record["status"] == "completed"
    assert record["payload"]["firstName"] == "Ada"
    assert record["payload"]["telephone"] == MASK, "sensitive values stay masked"
    assert record["contact"]["contactId"] == contact.contactId
    assert [pair["key"] for pair in record["overlay_data"]] == ["Gift card", "Task"]
    assert "error" not in record

    # Another run: its own steps; a step's results in the Step tab.
    click_row(qtbot, dialog, caller.run_id)  # type: ignore[arg-type]
    assert dialog.details.run_id() == caller.run_id
    assert steps.rowCount() == len(caller.steps)
    dialog.details.select_step(1)
    step = json.loads(dialog.details.step_view.toPlainText())
    assert step["block"] == caller.steps[1].id and step["step"] == 2

    # Copy puts the tab shown on the clipboard.
    dialog.details.tabs.setCurrentWidget(dialog.details.record_view)
    qtbot.mouseClick(dialog.details.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == dialog.details.record_view.toPlainText()
    assert "Copied" in dialog.notice.text()


def test_a_new_run_appears_when_it_finishes(
    qtbot: QtBot, services: AppServices, run_flow: RunFlow, open_history: OpenHistory
) -> None:
    first = run_flow("Gift Card", payload=dict(GIFT))
    dialog = open_history()
    assert shown(dialog) == ["Gift Card"]
    dialog.select_run(first.run_id)  # type: ignore[arg-type]
    with qtbot.waitSignal(dialog.runs_added, timeout=5000) as added:
        failed = run_flow("Broken Lookup")
    assert added.args == [1]
    assert shown(dialog) == ["Broken Lookup", "Gift Card"]
    assert shown(dialog, COL_STATUS) == ["Failed", "Completed"]
    assert dialog.current_run_id() == first.run_id, "the selection stays on the run being read"
    assert dialog.details.run_id() == first.run_id
    assert failed.run_id is not None and dialog.model.row_of(failed.run_id) == 0
    assert dialog.count_label.text() == "2 runs"


def test_event_runs_appear_too(qtbot: QtBot, services: AppServices, open_history: OpenHistory) -> None:
    dialog = open_history()
    assert dialog.model.rowCount() == 0 and dialog.count_label.text() == "No runs recorded yet"
    with qtbot.waitSignal(dialog.runs_added, timeout=5000):
        services.telephony.connect(call(services).contactId)
    assert "Event: Voice Contact onConnecting" in shown(dialog, COL_TRIGGER)


def test_filters_narrow_the_runs_shown(
    qtbot: QtBot, services: AppServices, run_flow: RunFlow, open_history: OpenHistory
) -> None:
    first, second = caller("c-1"), caller("c-2", "+12065550111")
    run_flow("Gift Card", payload=dict(GIFT), contact=first, trigger_kind="action", trigger_detail="Gift")
    run_flow("Broken Lookup", contact=first)
    run_flow("Broken Lookup", contact=second, trigger_kind="action", trigger_detail="Look up")
    dialog = open_history()
    assert sorted(map(str, shown(dialog))) == ["Broken Lookup", "Broken Lookup", "Gift Card"]

    with qtbot.waitSignal(dialog.reloaded, timeout=2000):
        qtbot.keyClicks(dialog.flow_filter, "gift")
    assert shown(dialog) == ["Gift Card"]

    with qtbot.waitSignal(dialog.reloaded, timeout=2000):
        dialog.flow_filter.clear()
    dialog.status_filter.setCurrentIndex(dialog.status_filter.findText("Failed"))
    assert shown(dialog) == ["Broken Lookup", "Broken Lookup"]

    with qtbot.waitSignal(dialog.reloaded, timeout=2000):
        qtbot.keyClicks(dialog.contact_filter, second.contactId)
    assert shown(dialog) == ["Broken Lookup"]
    assert dialog.model.runs()[0].contact_id == second.contactId

    dialog.contact_filter.clear()
    dialog.trigger_filter.setCurrentIndex(dialog.trigger_filter.findData("action"))
    assert shown(dialog, COL_TRIGGER) == ["Action: Look up"]

    dialog.status_filter.setCurrentIndex(dialog.status_filter.findText("Completed"))
    assert shown(dialog, COL_TRIGGER) == ["Action: Gift"]

    dialog.status_filter.setCurrentIndex(dialog.status_filter.findText("Cancelled"))
    assert shown(dialog) == []
    assert dialog.count_label.text() == "No runs match"
    assert not dialog.details.copy_button.isEnabled()

    dialog.status_filter.setCurrentIndex(dialog.status_filter.findText("Not completed"))
    assert shown(dialog) == ["Broken Lookup"]


def test_a_new_run_that_the_filters_hide_does_not_appear(
    qtbot: QtBot, services: AppServices, run_flow: RunFlow, open_history: OpenHistory
) -> None:
    dialog = open_history()
    dialog.status_filter.setCurrentIndex(dialog.status_filter.findText("Failed"))
    run_flow("Gift Card", payload=dict(GIFT))
    with qtbot.waitSignal(dialog.runs_added, timeout=5000):
        run_flow("Broken Lookup")
    assert shown(dialog) == ["Broken Lookup"]


def test_runs_are_read_a_page_at_a_time(
    qtbot: QtBot, services: AppServices, run_flow: RunFlow, open_history: OpenHistory
) -> None:
    for _ in range(5):
        run_flow("Gift Card", payload=dict(GIFT))
    dialog = open_history(page_size=2)
    dialog.table.setMinimumHeight(1)
    dialog.splitter.setSizes([40, 600])  # room for about one row, so the view does not ask for more
    assert dialog.model.rowCount() < 5
    assert "scroll down for older ones" in dialog.count_label.text()
    qtbot.waitUntil(lambda: dialog.model.rowCount() >= 2)
    while dialog.model.canFetchMore():
        dialog.table.scrollToBottom()
        dialog.model.fetchMore()
    assert dialog.model.rowCount() == 5 and dialog.count_label.text() == "5 runs"


def test_show_run_clears_filters_that_hide_it(
    qtbot: QtBot, services: AppServices, run_flow: RunFlow, open_history: OpenHistory
) -> None:
    gift = run_flow("Gift Card", payload=dict(GIFT))
    dialog = open_history()
    dialog.status_filter.setCurrentIndex(dialog.status_filter.findText("Failed"))
    assert shown(dialog) == []
    dialog.show_run(gift.run_id)  # type: ignore[arg-type]
    assert dialog.status_filter.currentText() == "All statuses"
    assert dialog.current_run_id() == gift.run_id
    assert dialog.details.run_id() == gift.run_id
    dialog.show_run(9999)
    assert dialog.details.heading.text() == "Run 9999 is no longer stored."


def test_refresh_keeps_the_selected_run(
    qtbot: QtBot, services: AppServices, run_flow: RunFlow, open_history: OpenHistory
) -> None:
    gift = run_flow("Gift Card", payload=dict(GIFT))
    dialog = open_history()
    dialog.select_run(gift.run_id)  # type: ignore[arg-type]
    services.runner.run_finished.disconnect(dialog._on_run_finished)  # as if the run came from elsewhere
    run_flow("Broken Lookup")
    assert dialog.model.rowCount() == 1
    refresh = dialog.findChild(QPushButton, "refreshRuns")
    assert refresh is not None
    with qtbot.waitSignal(dialog.reloaded):
        qtbot.mouseClick(refresh, Qt.MouseButton.LeftButton)
    assert shown(dialog) == ["Broken Lookup", "Gift Card"]
    assert dialog.current_run_id() == gift.run_id
    selection = dialog.table.selectionModel()
    selection.select(
        dialog.model.index(0, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert dialog.details.heading.text().startswith("<b>Broken Lookup</b>")


def test_closing_lets_go_of_the_runner(
    qtbot: QtBot, services: AppServices, run_flow: RunFlow, open_history: OpenHistory
) -> None:
    dialog = open_history()
    assert len(dialog._connections) == 1
    dialog.close()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=2000)
    run_flow("Gift Card", payload=dict(GIFT))  # no listener is called on the deleted window
    assert services.runner.run_finished._callbacks == []
