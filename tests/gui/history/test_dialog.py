"""The history of an action or a flow: its versions newest first with the published one marked, the
differences between any two, and Roll Back publishing an older version again as a new one."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QTableWidgetItem
from pytestqt.qtbot import QtBot

from cti_desktop.domain.actions import CtiAction
from cti_desktop.domain.version_diff import diff_actions
from cti_desktop.gui.history import open_action_history, open_flow_history
from cti_desktop.gui.history.dialog import HistoryDialog, RollbackQuestion
from cti_desktop.services.actions import Version
from cti_desktop.services.app_services import AppServices
from tests.gui.accessibility import focusable_widgets, unnamed_widgets

Show = Callable[[HistoryDialog], HistoryDialog]
GIFT_CARD = "Customer Gift Card"


def _gift_card(services: AppServices) -> CtiAction:
    action = services.actions.find(GIFT_CARD)
    assert action is not None and action.id is not None
    return action


def _save_draft_with_a_new_label(services: AppServices) -> CtiAction:
    """Version 2 of the gift card: a draft whose first form field has another label."""
    action = _gift_card(services)
    first = dataclasses.replace(action.form.fields[0], label="Given name")
    form = dataclasses.replace(action.form, fields=(first, *action.form.fields[1:]))
    return services.actions.save(dataclasses.replace(action, form=form), publish=False, note="rename a label")


def _open(services: AppServices, show_window: Show, *, read_only: bool = False) -> HistoryDialog:
    action_id = _gift_card(services).id
    assert action_id is not None
    dialog = open_action_history(None, services.actions, action_id, read_only=read_only)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    return show_window(dialog)


def _cell(dialog: HistoryDialog, row: int, column: int) -> QTableWidgetItem:
    item = dialog.table.item(row, column)
    assert item is not None
    return item


def _cells(dialog: HistoryDialog, row: int) -> list[str]:
    return [_cell(dialog, row, column).text() for column in range(dialog.table.columnCount())]


def _diff_cell(dialog: HistoryDialog, row: int, column: int) -> QTableWidgetItem:
    item = dialog.diff_list.item(row, column)
    assert item is not None
    return item


def test_the_table_lists_the_versions_newest_first(demo_services: AppServices, show_window: Show) -> None:
    _save_draft_with_a_new_label(demo_services)
    dialog = _open(demo_services, show_window)
    assert dialog.windowTitle() == f"History of “{GIFT_CARD}”"
    assert dialog.table.rowCount() == 2
    number, state, author, saved_at, note = _cells(dialog, 0)
    assert (number, state, note) == ("2", "Draft", "rename a label")
    assert author and saved_at[:2] == "20"
    assert _cells(dialog, 1)[:2] == ["1", "● Published"]
    assert _cell(dialog, 1, 0).font().bold()


def test_the_diff_shows_the_changed_form_field(demo_services: AppServices, show_window: Show) -> None:
    _save_draft_with_a_new_label(demo_services)
    dialog = _open(demo_services, show_window)
    assert dialog.compared() == (1, 2)  # the published version with the newest
    assert dialog.diff_list.rowCount() == 1
    assert [_diff_cell(dialog, 0, column).text() for column in range(4)] == [
        "~ Changed",
        "Form field 'Given name' (firstName): label",
        "“First name”",
        "“Given name”",
    ]
    assert _diff_cell(dialog, 0, 1).toolTip() == dialog.lines[0].text
    assert dialog.summary.text() == "From version 1 to version 2: 1 difference (1 changed)."
    dialog.set_compared(2, 2)
    assert dialog.diff_list.rowCount() == 0
    assert dialog.summary.text() == "Version A and version B are both version 2."


def test_enter_or_a_double_click_on_a_version_compares_it_as_b(
    qtbot: QtBot, demo_services: AppServices, show_window: Show
) -> None:
    _save_draft_with_a_new_label(demo_services)
    dialog = _open(demo_services, show_window)
    dialog.set_compared(2, 2)
    dialog.table.setFocus()
    dialog.table.selectRow(1)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.compared() == (2, 1)
    assert dialog.isVisible()  # Enter pressed no button
    assert _diff_cell(dialog, 0, 3).text() == "“First name”"
    dialog.set_compared(1, 1)
    cell = dialog.table.visualItemRect(_cell(dialog, 0, 2)).center()
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert dialog.compared() == (1, 2)


def test_rolling_back_publishes_the_old_content_as_a_new_version(
    qtbot: QtBot, demo_services: AppServices, show_window: Show
) -> None:
    actions = demo_services.actions
    action_id = _gift_card(demo_services).id
    assert action_id is not None
    _save_draft_with_a_new_label(demo_services)
    actions.publish(action_id)  # version 2 is live: "Given name"
    dialog = _open(demo_services, show_window)
    assert not dialog.roll_back_button.isEnabled()  # the published version is selected
    dialog.table.selectRow(1)
    assert dialog.roll_back_button.isEnabled()
    question = dialog.ask_rollback()
    assert isinstance(question, RollbackQuestion) and question.isVisible()
    question.note.setText("the old label was clearer")
    with qtbot.waitSignal(dialog.rolled_back) as rolled:
        question.roll_back_button.click()
    assert rolled.args == [3]
    published = actions.get_published(action_id)
    assert published is not None and published.form.fields[0].label == "First name"
    assert dialog.table.rowCount() == 3
    assert _cells(dialog, 0)[:2] == ["3", "● Published"]
    assert _cells(dialog, 0)[4] == "the old label was clearer"
    assert dialog.status.text() == "Version 1 is published again, as version 3."
    assert dialog.question is None or not dialog.question.isVisible()


def test_a_refused_rollback_is_shown_in_words(
    qtbot: QtBot, demo_services: AppServices, show_window: Show
) -> None:
    _save_draft_with_a_new_label(demo_services)
    dialog = _open(demo_services, show_window)
    assert not dialog.roll_back(99)
    assert dialog.status.text().startswith("Version 99 was not rolled back: ")
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    [box] = [box for box in boxes if "Version 99 was not rolled back" in box.text()]
    box.close()


def test_read_only_history_offers_no_roll_back(demo_services: AppServices, show_window: Show) -> None:
    _save_draft_with_a_new_label(demo_services)
    dialog = _open(demo_services, show_window, read_only=True)
    dialog.table.selectRow(1)
    assert not dialog.roll_back_button.isVisible()
    assert dialog.ask_rollback() is None


def test_one_version_has_nothing_to_compare(show_window: Show, demo_services: AppServices) -> None:
    dialog = _open(demo_services, show_window)
    assert dialog.table.rowCount() == 1
    assert dialog.diff_list.rowCount() == 0
    assert dialog.compared() == (1, 1)
    assert dialog.summary.text() == "Version A and version B are both version 1."


def test_a_flow_history_names_blocks_by_their_title(demo_services: AppServices, show_window: Show) -> None:
    flows = demo_services.flows
    stored = flows.require("Gift Card")
    document = stored.read_document()
    task = document.action("task")
    assert task is not None
    task.controls["Priority"] = "High"
    flows.save("Gift Card", document, publish=False)
    dialog = open_flow_history(None, demo_services.flows, "Gift Card")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    show_window(dialog)
    assert [line.text for line in dialog.lines] == [
        "Block 'Record the gift card' (id task), control 'Priority' changed from “Normal” to “High”."
    ]


def test_the_history_of_a_deleted_item_says_so(show_window: Show) -> None:
    def deleted() -> list[Version]:
        raise LookupError("There is no action with id 7")

    dialog = show_window(HistoryDialog(None, "“Gone”", deleted, diff_actions, None))
    assert dialog.table.rowCount() == 0
    assert dialog.status.text() == "The history could not be read: There is no action with id 7"


def test_every_focusable_control_has_an_accessible_name(
    demo_services: AppServices, show_window: Show
) -> None:
    _save_draft_with_a_new_label(demo_services)
    dialog = _open(demo_services, show_window)
    dialog.table.selectRow(0)  # the draft: it can be rolled back to
    assert len(focusable_widgets(dialog)) >= 6
    assert unnamed_widgets(dialog) == []
    question = dialog.ask_rollback()
    assert question is not None
    assert len(focusable_widgets(question)) == 3
    assert unnamed_widgets(question) == []
    question.reject()


def test_tab_reaches_every_control_and_escape_closes(
    qtbot: QtBot, demo_services: AppServices, show_window: Show
) -> None:
    _save_draft_with_a_new_label(demo_services)
    dialog = _open(demo_services, show_window)
    dialog.table.selectRow(0)
    dialog.activateWindow()
    dialog.table.setFocus()
    qtbot.waitUntil(dialog.table.hasFocus)
    reached = [dialog.focusWidget()]
    for _ in range(5):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        reached.append(dialog.focusWidget())
    expected = [
        dialog.table,
        dialog.a_combo,
        dialog.b_combo,
        dialog.diff_list,
        dialog.roll_back_button,
        dialog.close_button,
    ]
    assert reached == expected
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
