"""The Flows window, driven through its widgets over the real store: import through the file dialog,
problems with their blocks, source and event changes reaching the CCP editor and the actions, deleting
with its consequences said first, malformed files refused whole, unknown sources shown by value."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
)
from pytestqt.qtbot import QtBot
from sqlmodel import Session

from cti_desktop.gui.editor import ElementEditorDialog
from cti_desktop.gui.flows.dialog import FlowsDialog
from cti_desktop.gui.flows.model import COL_ACTIVE, COL_NAME, COL_PROBLEMS, COL_SOURCE
from cti_desktop.services.app_services import AppServices
from cti_desktop.services.changes import Change, ChangeKind
from cti_desktop.store.models import FlowRow

from .conftest import FIXTURES

OpenFlows = Callable[[], FlowsDialog]


def table_cell(
    dialog: FlowsDialog, name: str, column: int, role: int = Qt.ItemDataRole.DisplayRole
) -> object:
    row = dialog.model.row_of(name)
    assert row >= 0, f"{name} is not listed"
    return dialog.model.index(row, column).data(role)


def choose(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    assert index >= 0, f"{value} is not offered"
    combo.setCurrentIndex(index)


def answer(qtbot: QtBot, dialog: FlowsDialog, button: QMessageBox.StandardButton) -> QMessageBox:
    qtbot.waitUntil(lambda: dialog.question is not None and dialog.question.isVisible())
    box = dialog.question
    assert box is not None
    clicked: QAbstractButton = box.button(button)
    clicked.click()
    return box


def record_actions_changed(services: AppServices) -> list[Change]:
    """The flow changes announced on the change bus from now on."""
    calls: list[Change] = []
    services.changes.changed.connect(
        lambda change: calls.append(change) if change.kind == ChangeKind.FLOW else None
    )
    return calls


def test_lists_the_stored_flows_and_shows_the_first_one(open_flows: OpenFlows, services: AppServices) -> None:
    dialog = open_flows()
    assert not dialog.isModal()
    assert sorted(dialog.flow_names()) == sorted(row.name for row in services.flows.list())
    assert dialog.flow_names() == sorted(dialog.flow_names(), key=str.casefold), "sorted by name"
    assert dialog.current_name() == dialog.flow_names()[0]
    assert dialog.details.heading.text() == dialog.current_name()
    assert table_cell(dialog, "Gift Card", COL_SOURCE) == "CTI Action"
    assert "6 flows" in dialog.count_label.text()


def test_the_filter_finds_flows_by_name_source_or_event(qtbot: QtBot, open_flows: OpenFlows) -> None:
    dialog = open_flows()
    qtbot.keyClicks(dialog.filter_edit, "onconnecting")
    assert dialog.flow_names() == ["Chat Contact onConnecting", "Voice Contact onConnecting"]
    dialog.filter_edit.setText("cti action")
    assert dialog.flow_names() == ["Caller Details", "Gift Card", "Log Call Note"]


def test_importing_through_the_file_dialog_lists_the_flows_with_their_problems(
    qtbot: QtBot, open_flows: OpenFlows, migrated_file: Path
) -> None:
    dialog = open_flows()
    dialog.import_button.click()
    file_dialog = dialog.file_dialog
    assert file_dialog is not None
    qtbot.waitUntil(file_dialog.isVisible)
    file_dialog.filesSelected.emit([str(FIXTURES / "01-legacy.json"), str(migrated_file)])
    qtbot.waitUntil(lambda: "Migrated screen pop" in dialog.flow_names())

    assert "01-legacy" in dialog.flow_names()
    assert table_cell(dialog, "01-legacy", COL_PROBLEMS) == 0
    assert table_cell(dialog, "Migrated screen pop", COL_PROBLEMS) == 3
    assert table_cell(dialog, "Migrated screen pop", COL_SOURCE) == "No source yet"
    assert dialog.current_name() == "01-legacy"
    assert "Imported 2 flows" in dialog.notice.text()
    assert "Problems found in “Migrated screen pop”" in dialog.notice.text()

    assert dialog.select_flow("Migrated screen pop")
    problems = dialog.details.problems_view
    texts = [problems.item(i).text() for i in range(problems.count())]
    old = 'Warning · Block old, SE_SFOldThing "Old pop"'
    assert texts == [
        f"{old}\nunknown block type 'SE_SFOldThing': the run fails at this block",
        f"{old}\nthe 'success' port points at 'gone', which is not in the flow",
        "Warning · Block end, SE_End\nno path from SE_Start reaches this block",
    ]
    assert dialog.details.problems_summary.text() == "3 warnings."


def test_importing_a_flow_again_updates_it_and_its_version(
    open_flows: OpenFlows, services: AppServices, migrated_file: Path
) -> None:
    dialog = open_flows()
    dialog.import_paths([str(migrated_file)])
    dialog.import_paths([str(migrated_file)])
    assert services.flows.require("Migrated screen pop").version == 2
    assert "updated to version 2" in dialog.notice.text()


def test_changing_the_source_to_cti_action_offers_the_flow_to_the_ccp_editor(
    qtbot: QtBot, open_flows: OpenFlows, services: AppServices
) -> None:
    dialog = open_flows()
    dialog.import_paths([str(FIXTURES / "03-click-to-dial.json")])
    editor = ElementEditorDialog(services.actions, dialog)
    editor.show()
    assert "03-click-to-dial" not in [f.name for f in services.actions.cti_flows()]
    changes = record_actions_changed(services)

    assert dialog.current_name() == "03-click-to-dial"
    assert not dialog.save_button.isEnabled()
    choose(dialog.details.source_combo, "ctiAction")
    assert not dialog.details.event_combo.isEnabled(), "CTI Action flows have no event"
    dialog.details.description_edit.setPlainText("Dials from a CTI action")
    assert dialog.save_button.isEnabled()
    assert dialog.windowTitle().endswith("*")
    dialog.save_button.click()

    stored = services.flows.require("03-click-to-dial")
    assert (stored.source, stored.event, stored.description) == ("ctiAction", "", "Dials from a CTI action")
    assert "03-click-to-dial" not in [f.name for f in services.actions.cti_flows()], "a draft, not yet live"
    assert dialog.notice.text().startswith("Saved a draft of “03-click-to-dial”")
    assert dialog.publish_button.isEnabled()
    dialog.publish_button.click()
    assert "03-click-to-dial" in [f.name for f in services.actions.cti_flows()]
    assert not dialog.publish_button.isEnabled()
    assert changes, "open views hear about the source change"
    combo = editor.name_step.flow_combo
    assert "03-click-to-dial" in [combo.itemText(i) for i in range(combo.count())]
    assert table_cell(dialog, "03-click-to-dial", COL_SOURCE) == "CTI Action"
    assert not dialog.save_button.isEnabled()
    editor._closing = True
    editor.close()


CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_a_flow_leaving_cti_action_breaks_the_actions_that_run_it(
    qtbot: QtBot, open_flows: OpenFlows, services: AppServices
) -> None:
    dialog = open_flows()
    changes = record_actions_changed(services)
    assert dialog.select_flow("Gift Card")
    assert "Customer Gift Card" in dialog.details.used_by_label.text()
    choose(dialog.details.source_combo, "voiceContact")
    assert dialog.details.event_combo.isEnabled()

    assert not dialog.save_changes(), "a Voice Contact flow needs its event"
    assert dialog.details.settings_problem.text() == "Choose the Voice Contact event this flow runs on."
    assert services.flows.require("Gift Card").source == "ctiAction", "nothing stored"

    choose(dialog.details.event_combo, "onConnected")
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog.details.event_combo, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: services.flows.require("Gift Card").source == "voiceContact")
    assert services.flows.require("Gift Card").event == "onConnected"
    qtbot.keyClick(dialog.details.event_combo, Qt.Key.Key_P, CTRL_SHIFT)
    assert changes
    action = next(a for a in services.actions.list_actions() if a.name == "Customer Gift Card")
    assert "no longer a CTI Action flow" in action.broken


def test_an_unknown_source_in_the_store_is_shown_by_its_value_and_kept(
    open_flows: OpenFlows, services: AppServices
) -> None:
    now = datetime.now(UTC)
    with Session(services.engine) as session:
        session.add(
            FlowRow(
                name="From a newer version",
                source="x",
                event="onSomething",
                document={"actions": []},
                created_at=now,
                updated_at=now,
            )
        )
        session.commit()
    dialog = open_flows()
    assert table_cell(dialog, "From a newer version", COL_SOURCE) == "Unknown source (x)"
    assert dialog.select_flow("From a newer version")
    assert dialog.details.source_combo.currentText() == "Unknown source (x)"
    assert dialog.details.event_combo.currentText() == "onSomething"
    dialog.details.description_edit.setPlainText("kept as it was")
    assert dialog.save_changes()
    stored = services.flows.require("From a newer version")
    assert (stored.source, stored.event, stored.description) == ("x", "onSomething", "kept as it was")


def test_deleting_says_which_actions_break_and_marks_them_broken(
    qtbot: QtBot, open_flows: OpenFlows, services: AppServices
) -> None:
    dialog = open_flows()
    changes = record_actions_changed(services)
    assert dialog.select_flow("Gift Card")

    dialog.delete_button.click()
    answer(qtbot, dialog, QMessageBox.StandardButton.Cancel)
    assert services.flows.get("Gift Card") is not None

    dialog.delete_button.click()
    qtbot.waitUntil(lambda: dialog.question is not None and dialog.question.isVisible())
    box = dialog.question
    assert box is not None
    assert "“Gift Card”" in box.text()
    assert "“Customer Gift Card” runs this flow and will show as broken" in box.informativeText()
    answer(qtbot, dialog, QMessageBox.StandardButton.Yes)

    assert services.flows.get("Gift Card") is None
    assert "Gift Card" not in dialog.flow_names()
    assert changes, "open overlays hear about it at once"
    action = next(a for a in services.actions.list_actions() if a.name == "Customer Gift Card")
    assert "deleted" in action.broken
    assert dialog.current_name() is not None, "the next flow is shown"
    assert "Deleted the flow “Gift Card”" in dialog.notice.text()


def test_deleting_an_unused_flow_says_so(qtbot: QtBot, open_flows: OpenFlows) -> None:
    dialog = open_flows()
    assert dialog.select_flow("UI onClickToDial")
    dialog.delete_current()
    qtbot.waitUntil(lambda: dialog.question is not None and dialog.question.isVisible())
    assert dialog.question is not None
    assert dialog.question.informativeText() == "No CTI action runs this flow."
    answer(qtbot, dialog, QMessageBox.StandardButton.Cancel)


@pytest.mark.parametrize(
    ("content", "where"),
    [
        (
            '{"actions": [\n  {"id": "0", "type": "SE_Start",}\n]}',
            "broken.json, line 2, column 34: not valid JSON",
        ),
        ('{"actions": [{"id": 7, "type": "SE_Start"}]}', "broken.json, actions[0]: 'id' must be a string"),
        ("[1, 2]", "broken.json: a flow must be a JSON object, not a list"),
    ],
)
def test_a_malformed_file_is_refused_whole_with_the_file_and_place_named(
    qtbot: QtBot,
    open_flows: OpenFlows,
    services: AppServices,
    tmp_path: Path,
    migrated_file: Path,
    content: str,
    where: str,
) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text(content, encoding="utf-8")
    before = [(row.name, row.version) for row in services.flows.list()]
    dialog = open_flows()
    assert dialog.import_paths([str(migrated_file), str(bad)]) == []

    qtbot.waitUntil(lambda: dialog.message is not None and dialog.message.isVisible())
    message = dialog.message
    assert message is not None
    assert not message.isModal() or message.windowModality() != Qt.WindowModality.ApplicationModal
    assert message.windowTitle() == "Nothing was imported"
    assert message.text().startswith(where)
    assert str(bad) in message.informativeText()
    assert [(row.name, row.version) for row in services.flows.list()] == before, "nothing stored"
    assert "Migrated screen pop" not in dialog.flow_names()


def test_active_is_ticked_in_the_table_and_stored_at_once(
    qtbot: QtBot, open_flows: OpenFlows, services: AppServices
) -> None:
    dialog = open_flows()
    assert dialog.select_flow("Chat Contact onConnecting")
    assert not dialog.details.active_check.isChecked()
    index = dialog.proxy.mapFromSource(
        dialog.model.index(dialog.model.row_of(dialog.current_name()), COL_ACTIVE)
    )
    assert dialog.proxy.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert services.flows.require("Chat Contact onConnecting").active
    assert table_cell(dialog, "Chat Contact onConnecting", COL_ACTIVE, Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Checked
    )
    assert dialog.details.active_check.isChecked()
    assert not dialog.details.is_dirty()


def test_picking_another_flow_with_unsaved_changes_asks_first(
    qtbot: QtBot, open_flows: OpenFlows, services: AppServices
) -> None:
    dialog = open_flows()
    assert dialog.select_flow("Gift Card")
    dialog.details.description_edit.setPlainText("edited")
    dialog.select_flow("Log Call Note")
    answer(qtbot, dialog, QMessageBox.StandardButton.Cancel)
    assert dialog.current_name() == "Gift Card"
    assert dialog.details.description_edit.toPlainText() == "edited"

    dialog.select_flow("Log Call Note")
    answer(qtbot, dialog, QMessageBox.StandardButton.Save)
    qtbot.waitUntil(lambda: dialog.current_name() == "Log Call Note")
    assert services.flows.require("Gift Card").description == "edited"

    dialog.details.description_edit.setPlainText("not kept")
    dialog.select_flow("Gift Card")
    answer(qtbot, dialog, QMessageBox.StandardButton.Discard)
    qtbot.waitUntil(lambda: dialog.current_name() == "Gift Card")
    assert services.flows.require("Log Call Note").description != "not kept"


def test_export_writes_the_flow_as_adapter_json(qtbot: QtBot, open_flows: OpenFlows, tmp_path: Path) -> None:
    fixture = FIXTURES / "06-screenpop-on-customer.json"
    dialog = open_flows()
    dialog.import_paths([str(fixture)])
    dialog.export_button.click()
    file_dialog = dialog.file_dialog
    assert file_dialog is not None
    qtbot.waitUntil(file_dialog.isVisible)
    assert file_dialog.selectedFiles()[0].endswith("06-screenpop-on-customer.json")
    out = tmp_path / "out.json"
    file_dialog.fileSelected.emit(str(out))
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(fixture.read_text(encoding="utf-8"))
    assert str(out) in dialog.notice.text()


def test_every_control_has_an_accessible_name_and_the_keyboard_reaches_them(open_flows: OpenFlows) -> None:
    dialog = open_flows()
    kinds = (QPushButton, QComboBox, QLineEdit, QPlainTextEdit, QCheckBox, QTableView, QListWidget)
    for kind in kinds:
        for widget in dialog.findChildren(kind):
            if not shiboken6.isValid(widget) or widget.objectName().startswith("qt_"):
                continue
            assert widget.accessibleName(), f"{kind.__name__} {widget.objectName()!r} has no accessible name"
            assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus, f"{widget.objectName()} is not reachable"
    assert dialog.table.currentIndex() != QModelIndex()
    assert dialog.proxy.index(0, COL_NAME).data() == dialog.current_name()


def test_changes_made_elsewhere_show_at_once_and_closing_stops_listening(
    qtbot: QtBot, open_flows: OpenFlows, services: AppServices, caplog: pytest.LogCaptureFixture
) -> None:
    dialog = open_flows()
    assert dialog.select_flow("UI onClickToDial")
    services.flows.delete("UI onClickToDial")  # say, from the command line in another window
    assert "UI onClickToDial" not in dialog.flow_names()
    assert dialog.current_name() is None
    assert "was deleted elsewhere" in dialog.notice.text()

    with qtbot.waitSignal(dialog.destroyed):
        dialog.close()
    services.changes.announce(Change(ChangeKind.FLOW))
    assert not [r for r in caplog.records if "failed" in r.getMessage()], "a closed window is not called"


def test_revert_and_escape_give_back_the_stored_settings(
    qtbot: QtBot, open_flows: OpenFlows, services: AppServices
) -> None:
    dialog = open_flows()
    assert dialog.select_flow("Gift Card")
    dialog.details.description_edit.setPlainText("edited")
    assert dialog.revert_button.isEnabled()
    dialog.revert_button.click()
    assert dialog.details.description_edit.toPlainText() == services.flows.require("Gift Card").description
    assert not dialog.revert_button.isEnabled()

    dialog.details.active_check.setChecked(False)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    answer(qtbot, dialog, QMessageBox.StandardButton.Cancel)
    assert dialog.isVisible(), "Cancel keeps the window and the edit"
    assert not dialog.details.active_check.isChecked()
    with qtbot.waitSignal(dialog.destroyed):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        answer(qtbot, dialog, QMessageBox.StandardButton.Discard)
    assert services.flows.require("Gift Card").active


def test_the_name_column_shows_whole_names_with_the_name_as_a_tooltip(open_flows: OpenFlows) -> None:
    dialog = open_flows()
    table = dialog.table
    names = dialog.model.flows()
    assert names, "the demo data has flows"
    longest = max(names, key=lambda flow: len(flow.name))
    # Wide enough for the longest name (what ResizeToContents computes from the cells), not squeezed to
    # what is left beside the other columns.
    assert table.columnWidth(COL_NAME) >= table.sizeHintForColumn(COL_NAME)
    needed = table.fontMetrics().horizontalAdvance(longest.name)
    assert table.columnWidth(COL_NAME) > needed
    assert longest.name in str(table_cell(dialog, longest.name, COL_NAME, Qt.ItemDataRole.ToolTipRole))
