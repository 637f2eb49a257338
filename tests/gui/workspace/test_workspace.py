"""The agent workspace on the simulator: contacts and their buttons, the agent's state, screen pops from
flows, click-to-dial."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from cti_desktop.contacts.model import AgentState, ContactState
from cti_desktop.gui.workspace.record_views import MatchListView, NewRecordView, RecordView
from cti_desktop.gui.workspace.workspace import AgentWorkspace


def make_workspace(qtbot: QtBot, services: Any) -> AgentWorkspace:
    workspace = AgentWorkspace(services)
    qtbot.addWidget(workspace)
    workspace.resize(1000, 700)
    workspace.show()
    qtbot.waitExposed(workspace)
    return workspace


def ring(qtbot: QtBot, workspace: AgentWorkspace, number: str, attributes: str = "") -> None:
    workspace.simulator.number.setText(number)
    workspace.simulator.attributes.setPlainText(attributes)
    qtbot.mouseClick(workspace.simulator.ring_button, Qt.MouseButton.LeftButton)


def current_record(workspace: AgentWorkspace) -> Any:
    widget = workspace.tabs.currentWidget()
    return widget if isinstance(widget, RecordView) else None


def test_a_simulated_call_runs_the_on_connecting_flow_which_pops_the_callers_record(
    qtbot: QtBot, services: Any
) -> None:
    workspace = make_workspace(qtbot, services)
    with qtbot.waitSignal(workspace.current_contact_changed) as changed:
        ring(qtbot, workspace, "+12065550100", "customerTier=gold")
    contact = services.telephony.contacts()[0]
    assert changed.args == [contact.contactId]
    assert contact.attributes == {"customerTier": "gold"}
    assert services.overlay.current_contact_id == contact.contactId
    qtbot.waitUntil(lambda: current_record(workspace) is not None, timeout=5000)
    view = current_record(workspace)
    assert view.record.value("Name") == "Jane Doe"
    assert workspace.tabs.tabText(workspace.tabs.currentIndex()) == "Contact: Jane Doe"


def test_a_call_is_not_offered_to_an_agent_who_is_not_available_and_the_form_says_why(
    qtbot: QtBot, services: Any
) -> None:
    workspace = make_workspace(qtbot, services)
    services.telephony.set_agent_status(AgentState.OFFLINE)
    ring(qtbot, workspace, "+12065550100")
    assert services.telephony.contacts() == []
    error = workspace.simulator.error
    assert error.isVisible()
    assert error.text().startswith("Not offered: the agent is offline")
    assert "Available" in error.text()
    services.telephony.set_agent_status(AgentState.AVAILABLE)
    ring(qtbot, workspace, "+12065550100")
    assert len(services.telephony.contacts()) == 1
    assert not error.isVisible()


def test_several_matches_pop_a_list_to_choose_from(qtbot: QtBot, services: Any) -> None:
    workspace = make_workspace(qtbot, services)
    ring(qtbot, workspace, "+12065550140")
    qtbot.waitUntil(lambda: isinstance(workspace.tabs.currentWidget(), MatchListView), timeout=5000)
    matches = workspace.tabs.currentWidget()
    assert isinstance(matches, MatchListView)
    assert sorted(str(r.value("Name")) for r in matches.records) == ["Aisha Bello", "Liam Novak"]
    matches.table.selectRow(1)
    qtbot.mouseClick(matches.open_button, Qt.MouseButton.LeftButton)
    view = current_record(workspace)
    assert view is not None and view.record.Id == matches.records[1].Id


def test_the_contact_buttons_follow_the_contacts_life(qtbot: QtBot, services: Any) -> None:
    workspace = make_workspace(qtbot, services)
    panel = workspace.contacts
    ring(qtbot, workspace, "+12065550199")
    contact = services.telephony.contacts()[0]
    assert panel.accept_button.isEnabled() and not panel.close_button.isEnabled()
    qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
    assert contact.state == ContactState.CONNECTED
    qtbot.mouseClick(panel.hold_button, Qt.MouseButton.LeftButton)
    assert contact.state == ContactState.ON_HOLD and panel.hold_button.text() == "Resume"
    qtbot.mouseClick(panel.hold_button, Qt.MouseButton.LeftButton)
    assert contact.state == ContactState.CONNECTED
    qtbot.mouseClick(panel.hang_up_button, Qt.MouseButton.LeftButton)
    assert contact.state == ContactState.ENDED
    qtbot.mouseClick(panel.acw_button, Qt.MouseButton.LeftButton)
    assert contact.state == ContactState.AFTER_CALL_WORK
    assert workspace.agent_bar.acw_label.isVisible()
    with qtbot.waitSignal(workspace.current_contact_changed) as changed:
        qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    assert changed.args == [""]
    assert services.telephony.contacts() == []
    assert panel.empty_label.isVisible()


def test_several_contacts_with_one_selected_that_the_overlay_follows(qtbot: QtBot, services: Any) -> None:
    workspace = make_workspace(qtbot, services)
    ring(qtbot, workspace, "+12065550198")
    ring(qtbot, workspace, "+12065550197")
    first, second = services.telephony.contacts()
    # The first stays selected: a new contact does not pull the overlay away from the agent's work.
    assert services.overlay.current_contact_id == first.contactId
    workspace.contacts.list.setCurrentRow(1)
    assert services.overlay.current_contact_id == second.contactId
    assert workspace.summary.heading.text() == "Call (206) 555-0197 · Sales"


def test_agent_state_is_shown_and_changed(qtbot: QtBot, services: Any) -> None:
    services.telephony.set_agent_status(AgentState.OFFLINE)
    workspace = make_workspace(qtbot, services)
    combo = workspace.agent_bar.state
    assert combo.currentData() == AgentState.OFFLINE
    combo.setCurrentIndex(combo.findData(AgentState.AVAILABLE))
    combo.activated.emit(combo.currentIndex())
    assert services.telephony.agent.state == AgentState.AVAILABLE
    services.telephony.set_agent_status(AgentState.BREAK)
    assert combo.currentData() == AgentState.BREAK


def test_bad_attributes_are_explained_and_nothing_rings(qtbot: QtBot, services: Any) -> None:
    workspace = make_workspace(qtbot, services)
    ring(qtbot, workspace, "+12065550100", "customerTier")
    assert workspace.simulator.error.isVisible()
    assert "name=value" in workspace.simulator.error.text()
    assert services.telephony.contacts() == []


def test_record_fields_are_editable_and_saved(qtbot: QtBot, services: Any) -> None:
    workspace = make_workspace(qtbot, services)
    jane = services.crm.find_by_phone("+12065550100")[0]
    view = workspace.pops.open_record(jane)
    assert not view.save_button.isEnabled()
    view.fields.edits["Email"].setText("jane@example.com")
    assert view.save_button.isEnabled()
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    # Stored in a worker thread: the agent's window does not wait for the CRM.
    qtbot.waitUntil(lambda: view.status.text() == "Saved")
    assert services.crm.get(jane.Id).fields["Email"] == "jane@example.com"


def test_phone_numbers_in_records_are_click_to_dial(qtbot: QtBot, services: Any) -> None:
    workspace = make_workspace(qtbot, services)
    jane = services.crm.find_by_phone("+12065550100")[0]
    view = workspace.pops.open_record(jane)
    dial = view.findChild(QObject, "dial_Phone")
    with qtbot.waitSignal(workspace.dial_finished, timeout=5000) as finished:
        qtbot.mouseClick(dial, Qt.MouseButton.LeftButton)
    assert finished.args == ["+12065550100"]
    # The demo UI onClickToDial flow dialled: an outbound call rings.
    outbound = [c for c in services.telephony.contacts() if not c.isInbound]
    assert [c.phoneNumber for c in outbound] == ["+12065550100"]
    assert workspace.contacts.accept_button.text() in ("Accept", "Connect")


def test_new_record_pop_opens_a_prefilled_form_that_creates_the_record(qtbot: QtBot, services: Any) -> None:
    workspace = make_workspace(qtbot, services)
    services.runner.screenpop_requested.emit(
        "",
        {
            "kind": "new",
            "entityName": "Lead",
            "defaultFieldValues": {"Phone": "+12065550177", "LastName": "Okafor"},
        },
    )
    view = workspace.tabs.currentWidget()
    assert isinstance(view, NewRecordView)
    assert view.fields.edits["Phone"].text() == "+12065550177"
    assert view.fields.edits["LastName"].text() == "Okafor"
    view.fields.edits["Company"].setText("Adatum")
    qtbot.mouseClick(view.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: current_record(workspace) is not None)
    record_view = current_record(workspace)
    assert record_view is not None and record_view.record.type == "Lead"
    assert services.crm.get(record_view.record.Id).fields == {
        "Phone": "+12065550177",
        "LastName": "Okafor",
        "Company": "Adatum",
    }


class _UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


def test_url_pop_opens_the_system_browser(qtbot: QtBot, services: Any) -> None:
    workspace = make_workspace(qtbot, services)
    catcher = _UrlCatcher()
    QDesktopServices.setUrlHandler("https", catcher, "open")
    try:
        services.runner.screenpop_requested.emit("", {"kind": "url", "url": "https://crm.example.com/003"})
    finally:
        QDesktopServices.unsetUrlHandler("https")
    assert catcher.urls == ["https://crm.example.com/003"]
    assert workspace.tabs.count() == 1


def test_a_record_pop_of_an_unknown_id_is_explained(qtbot: QtBot, services: Any) -> None:
    workspace = make_workspace(qtbot, services)
    services.runner.screenpop_requested.emit("", {"kind": "record", "recordId": "003nope"})
    assert "003nope was not found" in workspace.message.text()


def test_show_modal_does_not_block(qtbot: QtBot, services: Any) -> None:
    workspace = make_workspace(qtbot, services)
    services.runner.modal_requested.emit("Gift card not recorded", "The CRM refused it")
    box = workspace.findChild(QMessageBox, "flowModal")
    assert box is not None and box.isVisible()
    assert box.text() == "The CRM refused it"
    assert box.windowModality() == Qt.WindowModality.NonModal
    box.close()


def test_teardown_disconnects_from_the_core(qtbot: QtBot, services: Any) -> None:
    workspace = make_workspace(qtbot, services)
    workspace.teardown()
    services.telephony.incoming("+12065550100")
    assert workspace.contacts.list.count() == 0
