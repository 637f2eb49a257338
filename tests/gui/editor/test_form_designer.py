"""The form designer edits its Qt-free document through undoable commands; the list model, the cards and
the inspector only mirror it."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from cti_desktop.domain.form_document import FormChange
from cti_desktop.domain.forms import FieldKind, FormField
from cti_desktop.gui.editor.form_designer import FormDesigner


def test_every_edit_changes_the_document_and_the_model_follows(qtbot: QtBot) -> None:
    designer = FormDesigner()
    qtbot.addWidget(designer)
    designer.set_fields((FormField("firstName", label="First name"),))
    seen: list[FormChange] = []
    designer.document.changed.connect(seen.append)

    designer.add_field(FieldKind.CHECKBOX)
    designer.move_field(1, 0)
    qtbot.keyClicks(designer.inspector.editor("label").edit, " now")  # type: ignore[attr-defined]
    assert designer.document.names() == designer.model.names() == ["checkboxNow", "firstName"]
    assert designer.document.field(0).label == "Checkbox now"
    assert designer.fields() == designer.document.fields()
    assert [change.kind for change in seen] == ["inserted", "moved", *["replaced"] * 4]
    assert designer.undo_stack.count() == 3  # the typing is one step

    designer.undo_stack.undo()
    assert designer.document.field(0).label == "Checkbox" and designer.model.index(0).data() == "Checkbox"
    designer.undo_stack.undo()
    designer.undo_stack.undo()
    assert designer.document.names() == designer.model.names() == ["firstName"]
    assert designer.inspector.current_field() == designer.document.field(0)
