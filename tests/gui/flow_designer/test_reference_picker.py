"""The inspector's "$." menu offers what is in reach at the selected block: results of the blocks that can
run before it (with their titles), the payload keys of the actions using the flow, the contact's and
agent's fields and the stored properties; a reference goes in at the cursor, bare inside `{{ }}`."""

from __future__ import annotations

from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from cti_desktop.domain.actions import CtiAction, PayloadEntry
from cti_desktop.domain.forms import FormField, FormSpec
from cti_desktop.gui.designer.references import ReferenceButton, insert_reference
from cti_desktop.gui.flow_designer.controls import TextControl
from cti_desktop.services.app_services import AppServices

from .conftest import OpenDesigner


def test_the_menu_offers_only_what_can_have_run_before_the_block(
    services: AppServices, open_designer: OpenDesigner
) -> None:
    window = open_designer("onConnecting.json")
    flow = services.flows.save(window.flow_name, window.editor.document, source="ctiAction").flow
    services.actions.save(
        CtiAction(
            name="Pop the task",
            flow_id=flow.id,
            flow_name=window.flow_name,
            payload=(PayloadEntry("reason", "callback"),),
            form=FormSpec(fields=(FormField(name="notes", label="Notes"),)),
        )
    )
    services.runner.properties.set("region", "EU")
    window.set_title("uid-5", "Log the call", "t")
    window.select_blocks(["uid-7"])  # Set Property, after the task is created
    editor = window.inspector.editor("value")
    assert isinstance(editor, TextControl)
    offered = {reference: label for label, reference in editor.references if reference}
    sections = [label for label, reference in editor.references if not reference]
    assert sections == [
        "Results of blocks that can run before this one",
        "Payload of the actions using this flow",
        "The contact and the agent",
        "Stored properties",
    ]
    assert offered["$.actions.uid-5.results.id"] == "Log the call (uid-5): id"
    assert "$.actions.uid-3.results.sfLeadId" in offered
    assert not any(ref.startswith(("$.actions.uid-7.", "$.actions.uid-9.")) for ref in offered)
    assert {"$.payload.reason", "$.payload.notes", "$.properties.region", "$.agent.username"} <= set(offered)
    assert "$.contact.attributes" in offered
    # The button's menu shows the same, in sections.
    button = editor.widget.findChild(ReferenceButton, "references_value")
    assert button is not None
    menu = button.menu()
    menu.aboutToShow.emit()
    menu.adjustSize()
    menu.grab().save("/tmp/designer-reference-menu.png")
    texts = [action.text() for action in menu.actions() if isinstance(action, QAction)]
    assert "Stored properties" in texts
    assert any(text.endswith("$.actions.uid-5.results.id") for text in texts)


def test_the_first_block_after_start_is_offered_no_results(open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    window.select_blocks(["uid-3"])
    editor = window.inspector.editor("formattedPhoneNumber")
    assert isinstance(editor, TextControl)
    offered = [reference for _, reference in editor.references if reference.startswith("$.actions.")]
    names = ("contactId", "type", "queueName", "formattedPhoneNumber", "callType", "isMonitor")
    assert offered == [f"$.actions.uid-1.results.{name}" for name in names]


def test_a_reference_is_inserted_at_the_cursor(qtbot: QtBot, open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    window.select_blocks(["uid-7"])
    editor = window.inspector.editor("key")
    assert isinstance(editor, TextControl)
    editor.edit.setText("task- for ")
    editor.edit.setCursorPosition(5)
    editor._insert("$.contact.contactId")
    assert editor.edit.text() == "task-{{ $.contact.contactId }} for "
    assert window.editor.action("uid-7").controls["key"] == "task-{{ $.contact.contactId }} for "
    assert window.undo_stack.count() == 1


def test_insert_reference_rules() -> None:
    assert insert_reference("", 0, "$.a") == ("$.a", 3)
    assert insert_reference("x y", 1, "$.a") == ("x{{ $.a }} y", 10)
    assert insert_reference("Hi {{  }}!", 6, "$.a") == ("Hi {{ $.a }}!", 9)
    assert insert_reference("{{ $.b }} and ", 14, "$.a") == ("{{ $.b }} and {{ $.a }}", 23)
