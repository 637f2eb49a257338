"""The Actions tab with a stand-in runner: running without a form, forms with validation, no double start,
outcomes with details, the filter and the keyboard, drafts."""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QLineEdit
from pytestqt.qtbot import QtBot

from cti_desktop.domain.actions import CtiAction, PayloadEntry
from cti_desktop.domain.forms import FormField, FormSpec, Validation
from cti_desktop.gui.overlay.action_list import FAILED, IDLE, RUNNING, SUCCEEDED
from cti_desktop.gui.overlay.actions_panel import ActionsPanel
from cti_desktop.services.action_runs import ActionOutcome
from cti_desktop.services.changes import Change, ChangeKind


def insert_flow(engine: Any, name: str) -> int:
    from datetime import UTC, datetime

    from sqlmodel import Session

    from cti_desktop.store.models import FlowRow

    with Session(engine) as session:
        now = datetime.now(UTC)
        row = FlowRow(
            name=name, source="ctiAction", active=True, created_at=now, updated_at=now, published_version=1
        )
        session.add(row)
        session.commit()
        assert row.id is not None
        return row.id


GIFT_FORM = FormSpec(
    "Customer Gift Card",
    "Please fill in these details.",
    (
        FormField("firstName", label="First name", required=True),
        FormField(
            "lastName",
            label="Last name",
            required=True,
            validation=Validation(pattern="[A-Z].*", message="Start with a capital letter"),
        ),
        FormField("telephone", type="phone", label="Telephone", default="$.contact.phoneNumber"),
        FormField("cardType", label="Card type", default="gold"),
    ),
)


def save_action(
    services: Any,
    name: str,
    *,
    form: FormSpec | None = None,
    order: int = 0,
    shortcut: str = "",
    payload: tuple[PayloadEntry, ...] = (),
) -> CtiAction:
    flow_id = insert_flow(services.engine, f"{name} flow")
    return services.actions.save(
        CtiAction(
            name, flow_id=flow_id, order=order, shortcut=shortcut, payload=payload, form=form or FormSpec()
        )
    )


def make_panel(qtbot: QtBot, services: Any) -> ActionsPanel:
    panel = ActionsPanel(services)
    qtbot.addWidget(panel)
    panel.resize(360, 500)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
    return panel


def click_button(qtbot: QtBot, panel: ActionsPanel, action: CtiAction) -> None:
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=panel.button_center(action))


def test_execute_without_a_form_shows_progress_then_success(qtbot: QtBot, services: Any, runner: Any) -> None:
    action = save_action(services, "Caller Details", payload=(PayloadEntry("mode", "full"),))
    contact = services.telephony.incoming("+12065550100", "Sales")
    services.overlay.select_contact(contact.contactId)
    panel = make_panel(qtbot, services)
    runner.gate = asyncio.Event()

    click_button(qtbot, panel, action)
    qtbot.waitUntil(lambda: len(runner.calls) == 1)
    assert panel.row_status(action).state == RUNNING
    assert runner.calls[0]["payload"] == {"mode": "full"}
    assert runner.calls[0]["contact"] is contact

    # A second click while it runs does not start it again; the agent is told.
    click_button(qtbot, panel, action)
    qtbot.wait(0)
    assert len(runner.calls) == 1
    assert "already running" in panel.result_bar.message.text()

    with qtbot.waitSignal(panel.run_finished, timeout=2000) as finished:
        runner.gate.set()
    assert finished.args[0].ok
    assert panel.row_status(action).state == SUCCEEDED
    assert "Done" in panel.result_bar.message.text()


def test_a_failed_run_shows_a_short_error_with_details(qtbot: QtBot, services: Any, runner: Any) -> None:
    action = save_action(services, "Caller Details")
    runner.result = {
        "status": "failed",
        "error": "Block lookup (SE_SFGetContactId) failed: no record has that phone number\nmore text",
        "warnings": ["a warning"],
        "steps": [
            {"id": "lookup", "type": "SE_SFGetContactId", "exception": "no record has that phone number"}
        ],
        "run_id": 7,
        "flow": "Caller Details flow",
    }
    panel = make_panel(qtbot, services)
    with qtbot.waitSignal(panel.run_finished, timeout=2000):
        click_button(qtbot, panel, action)
    status = panel.row_status(action)
    assert status.state == FAILED
    assert status.message == "Block lookup (SE_SFGetContactId) failed: no record has that phone number"
    assert not panel.result_bar.details.isVisible()
    qtbot.mouseClick(panel.result_bar.details_button, Qt.MouseButton.LeftButton)
    assert panel.result_bar.details.isVisible()
    details = panel.result_bar.details.toPlainText()
    assert "Warning: a warning" in details and "Run 7" in details and "Block lookup" in details


def test_a_form_validates_in_place_then_runs_with_payload_and_form_merged(
    qtbot: QtBot, services: Any, runner: Any
) -> None:
    action = save_action(
        services,
        "Customer Gift Card",
        form=GIFT_FORM,
        payload=(PayloadEntry("cardType", "standard"), PayloadEntry("source", "overlay")),
    )
    contact = services.telephony.incoming("+12065550100", "Sales")
    services.overlay.select_contact(contact.contactId)
    panel = make_panel(qtbot, services)

    click_button(qtbot, panel, action)
    assert panel.is_form_open()
    page = panel.form_page()
    form = page.form
    assert form is not None
    # The default comes from the contact; the form's title, instructions and required marks are shown.
    assert form.values()["telephone"] == "+12065550100"
    assert form.row("firstName").label.text().endswith("*</span>")

    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    assert form.error_text("firstName") == "First name is required"
    assert form.error_text("lastName") == "Last name is required"
    assert runner.calls == []

    form.editor("firstName").set_value("Ada")
    form.editor("lastName").set_value("lovelace")
    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    assert form.error_text("lastName") == "Start with a capital letter"
    assert runner.calls == []

    form.editor("lastName").set_value("Lovelace")
    with qtbot.waitSignal(panel.run_finished, timeout=2000):
        qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    payload = runner.calls[0]["payload"]
    # The form wins over the static payload on a clash.
    assert payload == {
        "cardType": "gold",
        "source": "overlay",
        "firstName": "Ada",
        "lastName": "Lovelace",
        "telephone": "+12065550100",
    }
    assert not panel.is_form_open()
    assert panel.row_status(action).state == SUCCEEDED


def test_go_back_returns_to_the_list(qtbot: QtBot, services: Any) -> None:
    action = save_action(services, "Customer Gift Card", form=GIFT_FORM)
    panel = make_panel(qtbot, services)
    panel.activate(action)
    assert panel.is_form_open()
    qtbot.mouseClick(panel.form_page().back_button, Qt.MouseButton.LeftButton)
    assert not panel.is_form_open()
    assert panel.current_action() == action


def test_filter_box_appears_with_more_than_ten_actions_and_the_keyboard_drives_the_list(
    qtbot: QtBot, services: Any, runner: Any
) -> None:
    for index in range(10):
        save_action(services, f"Action {index:02d}", order=index)
    panel = make_panel(qtbot, services)
    assert not panel.filter_edit.isVisible()
    save_action(services, "Refund Order", order=20)
    assert panel.filter_edit.isVisible()
    assert len(panel.visible_action_names()) == 11

    panel.view.setFocus()
    qtbot.keyClicks(panel.view, "ref")
    assert panel.filter_edit.text() == "ref"
    assert panel.filter_edit.hasFocus()
    assert panel.visible_action_names() == ["Refund Order"]

    panel.filter_edit.clear()
    qtbot.keyClicks(panel.filter_edit, "action 0")
    assert len(panel.visible_action_names()) == 10
    qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Down)
    qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Down)
    assert panel.current_action() is not None and panel.current_action().name == "Action 02"  # type: ignore[union-attr]
    with qtbot.waitSignal(panel.run_finished, timeout=2000):
        qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Return)
    assert runner.calls[0]["action"] == "Action 02"

    # Arrows and Enter in the list itself.
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Down)
    with qtbot.waitSignal(panel.run_finished, timeout=2000):
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert runner.calls[1]["action"] == "Action 03"


def test_each_action_shortcut_runs_it_from_any_tab(qtbot: QtBot, services: Any, runner: Any) -> None:
    save_action(services, "Caller Details", shortcut="Ctrl+2")
    form_action = save_action(services, "Customer Gift Card", form=GIFT_FORM, shortcut="Ctrl+1", order=1)
    dock = QDockWidget("Overlay")
    qtbot.addWidget(dock)
    panel = ActionsPanel(services)
    dock.setWidget(panel)
    dock.show()
    qtbot.waitExposed(dock)
    dock.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dock)
    with qtbot.waitSignal(panel.run_finished, timeout=2000):
        qtbot.keySequence(dock, QKeySequence("Ctrl+2"))
    assert runner.calls[0]["action"] == "Caller Details"
    qtbot.keySequence(dock, QKeySequence("Ctrl+1"))
    assert panel.is_form_open()
    assert panel.form_page().action == form_action
    panel.teardown()


def test_broken_action_says_why_and_does_not_run(qtbot: QtBot, services: Any, runner: Any) -> None:
    action = save_action(services, "Caller Details")
    from sqlmodel import Session

    from cti_desktop.store.models import FlowRow

    with Session(services.engine) as session:
        row = session.get(FlowRow, action.flow_id)
        assert row is not None
        row.source = "voiceContact"
        session.add(row)
        session.commit()
    services.changes.announce(Change(ChangeKind.FLOW, (action.flow_id,)))  # as another seat would
    panel = make_panel(qtbot, services)
    broken = panel.action_named("Caller Details")
    assert broken is not None and broken.broken
    click_button(qtbot, panel, broken)
    qtbot.wait(0)
    assert runner.calls == []
    assert "cannot run" in panel.result_bar.message.text()
    assert panel.row_status(broken).state == IDLE


def test_a_draft_is_kept_while_typing_and_restored_in_a_new_panel(
    qtbot: QtBot, services: Any, runner: Any
) -> None:
    action = save_action(services, "Customer Gift Card", form=GIFT_FORM)
    contact = services.telephony.incoming("+12065550100", "Sales")
    services.overlay.select_contact(contact.contactId)
    panel = make_panel(qtbot, services)
    panel.activate(action)
    page = panel.form_page()
    assert page.form is not None
    first_name = page.form.editor("firstName").focus_widget()
    assert isinstance(first_name, QLineEdit)
    qtbot.keyClicks(first_name, "Ada")
    qtbot.waitUntil(
        lambda: services.overlay.drafts.get(action.id, contact.contactId) is not None, timeout=3000
    )
    assert services.overlay.drafts.get(action.id, contact.contactId).values["firstName"] == "Ada"
    # Written off the GUI thread; the page says so once it has landed.
    qtbot.waitUntil(lambda: page.draft_label.text() == "Draft saved", timeout=3000)
    services.overlay.drafts.flush(timeout_s=10)
    panel.teardown()
    panel.close()

    again = make_panel(qtbot, services)
    again.activate(action)
    page = again.form_page()
    assert page.form is not None
    assert page.form.values()["firstName"] == "Ada"
    assert page.draft_label.text() == "Draft restored"

    page.form.editor("lastName").set_value("Lovelace")
    with qtbot.waitSignal(again.run_finished, timeout=2000):
        qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    # Submitted: the draft is gone.
    assert services.overlay.drafts.get(action.id, contact.contactId) is None


def test_discard_forgets_the_draft(qtbot: QtBot, services: Any) -> None:
    action = save_action(services, "Customer Gift Card", form=GIFT_FORM)
    panel = make_panel(qtbot, services)
    panel.activate(action)
    page = panel.form_page()
    assert page.form is not None
    page.form.editor("firstName").set_value("Ada")
    page.save_draft_now()
    assert services.overlay.drafts.get(action.id, "") is not None
    qtbot.mouseClick(page.discard_button, Qt.MouseButton.LeftButton)
    assert services.overlay.drafts.get(action.id, "") is None
    assert page.form is not None and page.form.values()["firstName"] == ""


def test_five_hundred_actions_populate_and_scroll(qtbot: QtBot, services: Any) -> None:
    flow_id = insert_flow(services.engine, "Bulk flow")
    from cti_desktop.store.actions import ActionRepository

    ActionRepository(services.engine).save_many(
        [CtiAction(f"Action {i:03d}", flow_id=flow_id, order=i) for i in range(500)]
    )
    panel = make_panel(qtbot, services)
    assert panel.proxy.rowCount() == 500
    panel.view.scrollToBottom()
    assert panel.view.verticalScrollBar().value() > 0


def test_the_panel_only_displays_the_services_run_state(qtbot: QtBot, services: Any) -> None:
    action = save_action(services, "Caller Details")
    panel = make_panel(qtbot, services)
    assert action.id is not None
    key = (action.id, services.overlay.current_contact_id)
    states = services.overlay.run_states
    states.reserve(key)  # as another window starting the action would
    assert panel.row_status(action).state == RUNNING
    states.finish(key, ActionOutcome(action.id, action.name, key[1], "failed", "Boom", "Boom", 1.0))
    status = panel.row_status(action)
    assert (status.state, status.message) == (FAILED, "Boom")
