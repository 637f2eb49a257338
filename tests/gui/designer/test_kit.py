"""The kit's row base, reference button, inspector container and mergeable command, on their own."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from cti_desktop.gui.designer.commands import MergeableEditCommand
from cti_desktop.gui.designer.inspector import InspectorPanel, Row, Section
from cti_desktop.gui.designer.references import ReferenceButton
from cti_desktop.gui.designer.rows import PropertyRow


class TextRow(PropertyRow):
    def build(self) -> None:
        self.edit = QLineEdit(self.widget)
        self.body.addWidget(self.edit)
        self.edit.textEdited.connect(self.report)

    def show(self, value: Any) -> None:
        self.edit.setText(str(value))
        self.edit.textEdited.emit("typed while loading")  # the loading guard keeps this quiet


def test_a_row_reports_each_real_edit_once_with_its_merge_key(qapp: QApplication) -> None:
    row = TextRow("title", "row_title", "What it is called", "title")
    seen: list[tuple[str, Any, str]] = []
    row.edited.connect(lambda *args: seen.append(args))
    row.load("Old")
    assert row.widget.objectName() == "row_title" and row.problems.objectName() == "problem_title"
    assert row.help_label is not None and row.help_label.text() == "What it is called"
    assert row.body.indexOf(row.help_label) < row.body.indexOf(row.problems)
    row.report("Old")  # no change
    row.report("New")
    row.report("Newer", merge=False)
    row.report("Newest", merge_key="title.other")
    assert seen == [("title", "New", "title"), ("title", "Newer", ""), ("title", "Newest", "title.other")]


def test_the_reference_button_offers_the_current_choices_and_inserts_one(qapp: QApplication) -> None:
    parent = QWidget()
    choices = [("Queue", "$.contact.queueName")]
    inserted: list[str] = []
    button = ReferenceButton(
        lambda: choices, inserted.append, parent, name="refs", tooltip="tip", accessible_name="Insert"
    )
    choices.append(("Agent", "$.agent.name"))
    button.menu().aboutToShow.emit()
    actions = button.menu().actions()
    assert [a.text() for a in actions] == ["Queue  —  $.contact.queueName", "Agent  —  $.agent.name"]
    actions[1].trigger()
    assert inserted == ["$.agent.name"] and button.text() == "$."


def test_the_inspector_lays_out_descriptors_and_routes_undo_keys(qtbot: QtBot) -> None:
    panel = InspectorPanel("panel", "Select something", spacing=7)
    qtbot.addWidget(panel)
    edit, note = QLineEdit(), QLabel("A note")
    form = panel.build([Section("Block"), Row(edit, "&Title", edit), Row(note)])
    assert panel.stack.currentIndex() == 0
    panel.show_content()
    assert panel.stack.currentIndex() == 1 and form.verticalSpacing() == 7
    assert form.rowCount() == 3 and list(panel.section_titles) == ["Block"]
    label = form.labelForField(edit)
    assert isinstance(label, QLabel) and label.buddy() is edit
    assert form.labelForField(note) is None


class SetName(MergeableEditCommand):
    command_id = 1

    def __init__(self, target: dict[str, str], row: int, new: str, merge_key: str = "") -> None:
        super().__init__(f"Rename {row}", merge_key, row, target.get(str(row), ""), new)
        self.target, self.row = target, row

    def redo(self) -> None:
        self.target[str(self.row)] = self.new

    def undo(self) -> None:
        self.target[str(self.row)] = self.old


def test_edits_merge_only_with_the_same_subject_and_key_and_a_net_no_op_drops_out(
    qapp: QApplication,
) -> None:
    names: dict[str, str] = {"0": "a"}
    stack = QUndoStack()
    stack.push(SetName(names, 0, "ab", "name"))
    stack.push(SetName(names, 0, "abc", "name"))
    assert stack.count() == 1 and names["0"] == "abc"
    stack.push(SetName(names, 1, "x", "name"))  # another subject
    stack.push(SetName(names, 1, "y"))  # no key: a step of its own
    assert stack.count() == 3
    stack.push(SetName(names, 2, "z", "name"))
    stack.push(SetName(names, 2, "", "name"))  # back to how it was: the step disappears
    assert stack.count() == 3
    stack.undo()
    stack.undo()
    stack.undo()
    assert names["0"] == "a"


def test_redo_keys_are_each_listed_once(qapp: object) -> None:
    # Listing one key twice on an action makes Qt call it ambiguous and do nothing (seen on X11).
    from PySide6.QtGui import QKeySequence

    from cti_desktop.gui.designer.commands import redo_shortcuts

    texts = [key.toString(QKeySequence.SequenceFormat.PortableText) for key in redo_shortcuts()]
    assert "Ctrl+Shift+Z" in texts
    assert len(texts) == len(set(texts))
