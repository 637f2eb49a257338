"""The element editor driven as a supervisor would: through its widgets, never by writing to the store."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session

from cti_desktop.domain.actions import CtiAction
from cti_desktop.domain.forms import FormField, FormSpec
from cti_desktop.gui.designer.palette import TYPE_ROLE
from cti_desktop.gui.designer.widgets import HelpLabel
from cti_desktop.gui.editor import ElementEditorDialog
from cti_desktop.gui.editor.form_designer import FormDesigner
from cti_desktop.gui.models.field_palette import FIELD_TYPE_MIME
from cti_desktop.gui.models.payload import KEY, VALUE
from cti_desktop.services.actions import ActionService
from cti_desktop.store.actions import detach_flow
from cti_desktop.store.models import FlowRow

Opener = Callable[[], ElementEditorDialog]


# -- driving helpers ------------------------------------------------------------------------------------


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def double_click_palette(qtbot: QtBot, designer: FormDesigner, type_name: str) -> None:
    view = designer.palette_view
    model = view.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(TYPE_ROLE) == type_name)
    rect = view.visualRect(model.index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def drop_type_on_canvas(designer: FormDesigner, type_name: str, pos: QPoint) -> None:
    mime = QMimeData()
    mime.setData(FIELD_TYPE_MIME, type_name.encode())
    event = QDropEvent(
        QPointF(pos),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    designer.canvas.dropEvent(event)


def answer(qtbot: QtBot, dialog: ElementEditorDialog, button: QMessageBox.StandardButton) -> str:
    qtbot.waitUntil(lambda: dialog.question is not None and dialog.question.isVisible())
    box = dialog.question
    assert box is not None
    text = box.text()
    qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)
    return text


def label_field(qtbot: QtBot, designer: FormDesigner, label: str) -> None:
    type_into(qtbot, designer.inspector.editor("label").edit, label)  # type: ignore[attr-defined]


# -- the Done-when scenario ---------------------------------------------------------------------------------


def test_build_customer_gift_card_through_the_widgets(
    qtbot: QtBot, open_editor: Opener, service: ActionService
) -> None:
    dialog = open_editor()
    assert dialog.heading.text() == "New action"
    step1 = dialog.name_step
    type_into(qtbot, step1.name_edit, "Customer Gift Card")
    step1.flow_combo.setFocus()
    qtbot.keyClicks(step1.flow_combo, "Gift")  # keyboard search in the combo
    assert step1.flow_combo.currentText() == "Gift Card"
    step1.shortcut_edit.setFocus()
    qtbot.keyClick(step1.shortcut_edit, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)

    dialog.steps.setCurrentIndex(1)
    payload = dialog.payload_step
    qtbot.mouseClick(payload.add_button, Qt.MouseButton.LeftButton)
    payload.model.setData(payload.model.index(0, KEY), "cardType")
    payload.model.setData(payload.model.index(0, VALUE), "standard")

    dialog.steps.setCurrentIndex(2)
    data = dialog.data_step
    type_into(qtbot, data.title_edit, "Customer Gift Card")
    data.instructions_edit.setFocus()
    qtbot.keyClicks(data.instructions_edit, "Please fill in these details.")
    data.tabs.setCurrentIndex(1)
    designer = dialog.designer

    double_click_palette(qtbot, designer, "text")
    label_field(qtbot, designer, "First name")
    qtbot.mouseClick(designer.inspector.editor("required").box, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    double_click_palette(qtbot, designer, "text")
    label_field(qtbot, designer, "Last name")
    qtbot.mouseClick(designer.inspector.editor("required").box, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    # The third by dragging the Phone type below the others.
    drop_type_on_canvas(designer, "phone", QPoint(20, designer.canvas.viewport().height() - 5))
    label_field(qtbot, designer, "Telephone")
    type_into(qtbot, designer.inspector.editor("default").edit, "$.contact.phoneNumber")  # type: ignore[attr-defined]

    assert [f.name for f in designer.fields()] == ["firstName", "lastName", "telephone"]
    assert dialog.problems == []
    assert dialog.is_dirty()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    [stored] = service.list_actions()
    assert (
        stored.name == "Customer Gift Card"
        and stored.flow_name == "Gift Card"
        and stored.shortcut == "Ctrl+1"
    )
    assert stored.payload_dict() == {"cardType": "standard"}
    assert stored.form.title == "Customer Gift Card"
    assert stored.form.instructions == "Please fill in these details."
    first, last, phone = stored.form.fields
    assert (first.label, first.type, first.required) == ("First name", "text", True)
    assert (last.label, last.required) == ("Last name", True)
    assert (phone.name, phone.type, phone.required, phone.default) == (
        "telephone", "phone", False, "$.contact.phoneNumber",
    )  # fmt: skip

    # Reopen: everything is as it was set.
    again = open_editor()
    assert again.name_step.name_edit.text() == "Customer Gift Card"
    assert again.name_step.flow_combo.currentText() == "Gift Card"
    assert again.name_step.shortcut_edit.keySequence().toString() == "Ctrl+1"
    assert again.payload_step.model.entries() == stored.payload
    assert again.data_step.title_edit.text() == "Customer Gift Card"
    assert again.designer.fields() == stored.form.fields
    assert not again.is_dirty()

    # The preview renders the form with the agent's renderer, the phone filled from the (sample) contact.
    again.steps.setCurrentIndex(2)
    again.data_step.tabs.setCurrentIndex(1)
    qtbot.mouseClick(again.designer.preview_button, Qt.MouseButton.LeftButton)
    preview = again.designer.preview
    assert preview.isVisible()
    assert preview.values() == {"firstName": "", "lastName": "", "telephone": "+12065550100"}
    qtbot.mouseClick(again.designer.preview_check, Qt.MouseButton.LeftButton)
    assert preview.error_text("firstName") == "First name is required"
    assert preview.error_text("lastName") == "Last name is required"
    qtbot.keyClicks(preview.editor("firstName").focus_widget(), "Ann")
    assert preview.error_text("firstName") == ""


def test_flow_dropdown_lists_only_cti_action_flows(open_editor: Opener) -> None:
    step = open_editor().name_step
    combo = step.flow_combo
    items = [combo.itemText(i) for i in range(combo.count())]
    assert items == ["Choose a CTI Action flow…", "Gift Card", "Refund request"]
    helps = [label.text() for label in step.findChildren(HelpLabel)]
    assert any("Only flows whose source is <b>CTI Action</b> are listed" in text for text in helps)


def test_saving_lists_problems_next_to_their_fields_and_stores_nothing(
    qtbot: QtBot, open_editor: Opener, service: ActionService
) -> None:
    dialog = open_editor()
    # A fresh action does not nag before the first save.
    assert not dialog.name_step.name_problems.isVisible()
    qtbot.mouseClick(dialog.quick_save_button, Qt.MouseButton.LeftButton)
    assert dialog.name_step.name_problems.text() == "Action name is required"
    assert dialog.name_step.flow_problems.text() == "Choose the CTI flow this action runs"
    assert dialog.summary.text() == "2 problems to fix before saving; see the marked steps."
    assert dialog.steps.tabText(0) == "1  Name and Flow  (2)"
    assert service.list_actions() == []

    # Payload keys are checked as they are typed.
    dialog.steps.setCurrentIndex(1)
    payload = dialog.payload_step
    qtbot.mouseClick(payload.add_button, Qt.MouseButton.LeftButton)
    editor = payload.table.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, "Card Type")
    assert payload.problems.text().startswith('Row 1: key "Card Type" must be one camelCase word')
    assert dialog.steps.tabText(1) == "2  Payload  (1)"

    # Form fields: problems on the card and next to the inspector row.
    dialog.steps.setCurrentIndex(2)
    dialog.data_step.tabs.setCurrentIndex(1)
    designer = dialog.designer
    double_click_palette(qtbot, designer, "email")
    type_into(qtbot, designer.inspector.editor("name").edit, "e mail")  # type: ignore[attr-defined]
    name_problems = designer.inspector.editor("name").problems
    assert name_problems.text().startswith('Field name "e mail" must be one camelCase word')
    type_into(qtbot, designer.inspector.editor("default").edit, "nobody@")  # type: ignore[attr-defined]
    assert designer.inspector.editor("default").problems.text() == "Default: Enter a valid email address"
    assert (
        designer.model.index(0)
        .data(Qt.ItemDataRole.ToolTipRole)
        .endswith("Default: Enter a valid email address")
    )


def test_duplicate_names_and_shortcuts_are_refused(
    qtbot: QtBot, open_editor: Opener, service: ActionService
) -> None:
    flow = service.cti_flows()[0]
    service.save(CtiAction("Refund", flow_id=flow.id, shortcut="Ctrl+2"))
    dialog = open_editor()
    qtbot.mouseClick(dialog.list_panel.new_button, Qt.MouseButton.LeftButton)
    type_into(qtbot, dialog.name_step.name_edit, "refund")
    assert (
        dialog.name_step.name_problems.text()
        == 'An action named "refund" already exists; choose another name'
    )


def test_undo_and_redo_every_designer_edit(qtbot: QtBot, open_editor: Opener) -> None:
    dialog = open_editor()
    dialog.steps.setCurrentIndex(2)
    dialog.data_step.tabs.setCurrentIndex(1)
    designer = dialog.designer
    stack = designer.undo_stack
    double_click_palette(qtbot, designer, "text")
    double_click_palette(qtbot, designer, "number")
    assert [f.name for f in designer.fields()] == ["text1", "number1"]
    label_field(qtbot, designer, "Quantity")  # typing merges into one step
    assert designer.fields()[1].label == "Quantity" and designer.fields()[1].name == "quantity"
    assert stack.count() == 3 and stack.undoText() == 'Edit field "Quantity"'
    designer.move_field(1, 0)
    designer.duplicate_selected()
    assert [f.name for f in designer.fields()] == ["quantity", "quantity2", "text1"]
    designer.canvas.setFocus()
    qtbot.keyClick(designer.canvas, Qt.Key.Key_Delete)
    assert [f.name for f in designer.fields()] == ["quantity", "text1"]

    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    designer.canvas.setFocus()
    undo = (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    redo = (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    expected = [
        ["quantity", "quantity2", "text1"],  # delete undone
        ["quantity", "text1"],  # duplicate undone
        ["text1", "quantity"],  # move undone
        ["text1", "number1"],  # the whole label typing undone in one step
        ["text1"],
        [],
    ]
    for names in expected:
        qtbot.keyClick(designer.canvas, *undo)
        assert [f.name for f in designer.fields()] == names
    assert not stack.canUndo()
    for names in reversed(expected[:-1]):
        qtbot.keyClick(designer.canvas, *redo)
        assert [f.name for f in designer.fields()] == names
    qtbot.keyClick(designer.canvas, *redo)
    assert [f.name for f in designer.fields()] == ["quantity", "text1"]
    assert designer.fields()[0].label == "Quantity"

    # Ctrl+Z inside an inspector box undoes through the stack too, not just that box's text.
    label = designer.inspector.editor("label").edit  # type: ignore[attr-defined]
    designer.select_row(1)
    type_into(qtbot, label, "Notes")
    assert designer.fields()[1].label == "Notes"
    qtbot.keyClick(label, *undo)
    assert designer.fields()[1].label == "Text"
    assert label.text() == "Text"


def test_type_change_options_and_visible_when_from_the_inspector(qtbot: QtBot, open_editor: Opener) -> None:
    dialog = open_editor()
    dialog.steps.setCurrentIndex(2)
    dialog.data_step.tabs.setCurrentIndex(1)
    designer = dialog.designer
    double_click_palette(qtbot, designer, "checkbox")
    label_field(qtbot, designer, "Wants a card")
    double_click_palette(qtbot, designer, "text")
    label_field(qtbot, designer, "Card")
    inspector = designer.inspector
    before_type_change = designer.undo_stack.index()
    type_combo = inspector.editor("type").combo  # type: ignore[attr-defined]
    type_combo.setFocus()
    type_combo.setCurrentIndex(type_combo.findData("dropdown"))
    type_combo.activated.emit(type_combo.currentIndex())
    assert designer.fields()[1].type == "dropdown"
    assert inspector.editor("options").widget.isVisible()
    assert not inspector.editor("length").widget.isVisible()
    options = inspector.editor("options")
    qtbot.mouseClick(options.add_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert [o.value for o in designer.fields()[1].options] == ["option1", "option2", "option3"]
    options.model.setData(options.model.index(0, 0), "Gold")  # type: ignore[attr-defined]
    assert designer.fields()[1].options[0].value == "gold"
    visible = inspector.editor("visibleWhen")
    qtbot.mouseClick(visible.enabled, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    type_into(qtbot, visible.equals, "true")  # type: ignore[attr-defined]
    condition = designer.fields()[1].visible_when
    assert condition is not None and (condition.field, condition.equals) == ("wantsACard", True)
    qtbot.mouseClick(inspector.editor("sensitive").box, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert designer.fields()[1].sensitive
    while designer.undo_stack.index() > before_type_change:
        designer.undo_stack.undo()
    assert designer.fields()[1] == FormField("card", label="Card")


def test_cancel_asks_before_discarding(qtbot: QtBot, open_editor: Opener, service: ActionService) -> None:
    dialog = open_editor()
    type_into(qtbot, dialog.name_step.name_edit, "Draft")
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert answer(qtbot, dialog, QMessageBox.StandardButton.Cancel).startswith("Close the editor and discard")
    assert dialog.isVisible()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    answer(qtbot, dialog, QMessageBox.StandardButton.Discard)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert service.list_actions() == []


def test_switching_actions_asks_to_save_changes(
    qtbot: QtBot, open_editor: Opener, service: ActionService
) -> None:
    flow = service.cti_flows()[0]
    service.save(CtiAction("A", flow_id=flow.id, order=0))
    service.save(CtiAction("B", flow_id=flow.id, order=1))
    dialog = open_editor()
    assert dialog.name_step.name_edit.text() == "A"
    type_into(qtbot, dialog.name_step.name_edit, "A2")
    view = dialog.list_panel.view
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(view.model().index(1, 0)).center()
    )
    assert (
        answer(qtbot, dialog, QMessageBox.StandardButton.Save)
        == 'Save the changes to "A2" before continuing?'
    )
    assert dialog.name_step.name_edit.text() == "B"
    assert [a.name for a in service.list_actions()] == ["A2", "B"]


def test_delete_asks_and_duplicate_copies(qtbot: QtBot, open_editor: Opener, service: ActionService) -> None:
    flow = service.cti_flows()[0]
    form = FormSpec(fields=(FormField("firstName", label="First name"),))
    service.save(CtiAction("Gift", flow_id=flow.id, form=form))
    dialog = open_editor()
    qtbot.mouseClick(dialog.list_panel.duplicate_button, Qt.MouseButton.LeftButton)
    assert dialog.name_step.name_edit.text() == "Gift (copy)"
    assert dialog.designer.fields() == form.fields
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    text = answer(qtbot, dialog, QMessageBox.StandardButton.Cancel)
    assert text.startswith('Delete the action "Gift (copy)"?')
    assert len(service.list_actions()) == 2
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    answer(qtbot, dialog, QMessageBox.StandardButton.Yes)
    assert [a.name for a in service.list_actions()] == ["Gift"]
    assert dialog.name_step.name_edit.text() == "Gift"


def test_filter_and_broken_actions(
    qtbot: QtBot, open_editor: Opener, service: ActionService, engine: Engine
) -> None:
    flows = {f.name: f for f in service.cti_flows()}
    service.save(CtiAction("Gift", flow_id=flows["Gift Card"].id))
    service.save(CtiAction("Refund", flow_id=flows["Refund request"].id))
    with Session(engine) as session:
        detach_flow(session, flows["Refund request"].id)
        session.delete(session.get(FlowRow, flows["Refund request"].id))
        session.commit()
    dialog = open_editor()
    panel = dialog.list_panel
    assert panel.proxy.rowCount() == 2
    qtbot.keyClicks(panel.filter_edit, "deleted")  # the summary of a broken action says why
    assert panel.proxy.rowCount() == 1 and panel.proxy.index(0, 0).data() == "Refund"
    panel.filter_edit.clear()
    dialog.open_action(next(a.id for a in service.list_actions() if a.name == "Refund"))  # type: ignore[arg-type]
    assert dialog.name_step.broken_label.text().startswith("This action cannot run: Its CTI flow was deleted")
    assert dialog.status_label.text().startswith("Broken")


def test_open_overlays_hear_of_saves(qtbot: QtBot, open_editor: Opener, service: ActionService) -> None:
    heard: list[int] = []
    service.changes.changed.connect(lambda change: heard.append(1))
    dialog = open_editor()
    type_into(qtbot, dialog.name_step.name_edit, "Gift")
    dialog.name_step.flow_combo.setCurrentIndex(1)
    qtbot.mouseClick(dialog.quick_save_button, Qt.MouseButton.LeftButton)
    assert heard == [1] and dialog.isVisible()
    assert dialog.status_label.text() == "Draft (version 1), not published: agents do not see it yet"


def test_import_and_export_from_the_editor(
    qtbot: QtBot, open_editor: Opener, service: ActionService, tmp_path: Path
) -> None:
    dialog = open_editor()
    good = tmp_path / "good.json"
    good.write_text(
        json.dumps({"actions": [{"name": "Gift", "flow": "Gift Card", "form": None}]}), encoding="utf-8"
    )
    assert dialog.import_file(str(good))
    assert answer(qtbot, dialog, QMessageBox.StandardButton.Ok) == "The actions of good.json were imported."
    assert dialog.name_step.name_edit.text() == "Gift"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"actions": [{"name": "X", "flow": "Screen pop"}]}), encoding="utf-8")
    assert not dialog.import_file(str(bad))
    assert dialog.question is not None
    assert 'Action "X": The flow "Screen pop" is not a CTI Action flow' in dialog.question.informativeText()
    answer(qtbot, dialog, QMessageBox.StandardButton.Ok)
    out = tmp_path / "out.json"
    assert dialog.export_file(str(out))
    answer(qtbot, dialog, QMessageBox.StandardButton.Ok)
    assert [a["name"] for a in json.loads(out.read_text(encoding="utf-8"))["actions"]] == ["Gift"]


def test_canvas_reorders_from_the_keyboard_and_drops_where_pointed(qtbot: QtBot, open_editor: Opener) -> None:
    dialog = open_editor()
    dialog.steps.setCurrentIndex(2)
    dialog.data_step.tabs.setCurrentIndex(1)
    designer = dialog.designer
    for type_name in ("text", "email", "phone"):
        designer.add_field(type_name)
    canvas = designer.canvas
    designer.select_row(2)
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [f.type for f in designer.fields()] == ["text", "phone", "email"]
    qtbot.keyClick(canvas, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert [f.type for f in designer.fields()] == ["text", "email", "phone"]
    # A drop on the upper half of a card inserts before it.
    first = canvas.visualRect(designer.model.index(0))
    assert canvas.drop_row(QPoint(first.center().x(), first.top() + 3)) == 0
    assert canvas.drop_row(QPoint(first.center().x(), first.bottom() - 3)) == 1
    drop_type_on_canvas(designer, "date", QPoint(first.center().x(), first.top() + 3))
    assert [f.type for f in designer.fields()] == ["date", "text", "email", "phone"]
    designer.undo_stack.undo()
    assert [f.type for f in designer.fields()] == ["text", "email", "phone"]
