"""The agent workspace, the main window's centre: the agent's state, the contacts (one selected: the
overlay works on it) with the incoming-contact simulator, and the tabs screen pops open into.

Contact and agent events reach flows through the EventDispatcher, which listens to the telephony
connector itself; the workspace only drives the connector and shows what the flows pop.
"""

from __future__ import annotations

import asyncio
import logging
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cti_desktop.contacts.base import TelephonyError
from cti_desktop.gui.overlay.connections import CoreConnections, small_screen
from cti_desktop.gui.workspace.agent_bar import AgentBar
from cti_desktop.gui.workspace.contact_summary import ContactSummary
from cti_desktop.gui.workspace.contacts_panel import ContactsPanel
from cti_desktop.gui.workspace.record_views import is_phone_field
from cti_desktop.gui.workspace.screen_pops import ScreenPops
from cti_desktop.gui.workspace.simulator_form import IncomingRequest, SimulatorForm

if TYPE_CHECKING:
    from cti_desktop.services.app_services import AppServices

log = logging.getLogger(__name__)

MESSAGE_MS = 8000
CLICK_TO_DIAL = ("ui", "onClickToDial")


class AgentWorkspace(QWidget):
    # The contact the overlay works on ("" for none).
    current_contact_changed = Signal(str)
    # A click-to-dial finished (the number), for tests and the status bar.
    dial_finished = Signal(str)

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agentWorkspace")
        self.setAccessibleName("Agent workspace")
        self._services = services
        self._telephony = services.telephony
        self._overlay = services.overlay
        self._tasks: set[asyncio.Future[Any]] = set()
        self._boxes: list[QMessageBox] = []

        self.agent_bar = AgentBar(self._telephony.agent_statuses())
        self.agent_bar.state_requested.connect(self._set_agent_state)
        self.message = QLabel()
        self.message.setObjectName("workspaceMessage")
        self.message.setAccessibleName("Workspace message")
        self.message.setWordWrap(True)
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.setInterval(MESSAGE_MS)
        self._message_timer.timeout.connect(self.message.clear)

        self.contacts = ContactsPanel()
        self.contacts.selection_changed.connect(self._selected)
        self.contacts.operation_requested.connect(self._operate)
        self.simulator = SimulatorForm()
        self.simulator.incoming_requested.connect(self._incoming)
        left = QWidget()
        left.setObjectName("workspaceLeft")
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        left_layout.addWidget(self.contacts, 1)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        left_layout.addWidget(line)
        self._simulator_line = line
        left_layout.addWidget(self.simulator)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("workspaceTabs")
        self.tabs.setAccessibleName("Records")
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.tabCloseRequested.connect(self._close_tab)
        self.summary = ContactSummary()
        self.summary.dial_requested.connect(self.click_to_dial)
        self.tabs.addTab(self.summary, "Contact")
        # The summary stays: no close button on it.
        self.tabs.tabBar().setTabButton(0, self.tabs.tabBar().ButtonPosition.RightSide, None)  # type: ignore[arg-type]
        self.pops = ScreenPops(services.crm, self.tabs, self)
        self.pops.message.connect(self.show_message)
        self.pops.dial_requested.connect(self.click_to_dial)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("workspaceSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 600])
        self.splitter.setChildrenCollapsible(False)

        top = QHBoxLayout()
        top.addWidget(self.agent_bar)
        top.addWidget(self.message, 1)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(10, 8, 10, 8)
        self._layout.addLayout(top)
        self._layout.addWidget(self.splitter, 1)

        self._connections = CoreConnections()
        self._connections.connect(self._telephony.contacts_changed, self._refresh_contacts)
        self._connections.connect(self._telephony.contact_updated, self._contact_updated)
        self._connections.connect(self._telephony.agent_event, self._agent_event)
        self._connections.connect(self._overlay.current_contact_changed, self._overlay_selection)
        runner = services.runner
        self._connections.connect(runner.screenpop_requested, self.pops.open)
        self._connections.connect(runner.modal_requested, self.show_modal)
        self.agent_bar.show_agent(self._telephony.agent)
        self._attach_phone()
        self._refresh_contacts()
        if small_screen():
            self.set_compact(True)
        # CRM callers for the simulator are read once the window is up: start-up pays nothing for them.
        QTimer.singleShot(0, self, self._load_callers)

    def teardown(self) -> None:
        self._connections.disconnect_all()
        self.pops.close()
        self._message_timer.stop()
        for box in self._boxes:
            box.close()

    # -- contacts -----------------------------------------------------------------------------------

    def current_contact_id(self) -> str:
        return self._overlay.current_contact_id

    def select_contact(self, contact_id: str) -> None:
        self.contacts.select(contact_id)

    @Slot(str)
    def _selected(self, contact_id: str) -> None:
        self._overlay.select_contact(contact_id)
        self.summary.show_contact(self._telephony.get_contact(contact_id) if contact_id else None)

    def _overlay_selection(self, contact_id: str) -> None:
        if self.contacts.selected_id() != contact_id:
            self.contacts.select(contact_id)
        self.summary.show_contact(self._telephony.get_contact(contact_id) if contact_id else None)
        self.current_contact_changed.emit(contact_id)

    def _refresh_contacts(self) -> None:
        contacts = self._telephony.contacts()
        selected = self._overlay.current_contact_id
        if not selected and contacts:
            # Nothing selected yet: the contact that just arrived is the one the agent works on.
            selected = contacts[-1].contactId
        self.contacts.set_contacts(contacts, selected)
        if selected != self._overlay.current_contact_id:
            self._overlay.select_contact(selected)

    def _contact_updated(self, contact: Any) -> None:
        self.contacts.update_contact(contact)
        if contact.contactId == self._overlay.current_contact_id:
            self.summary.show_contact(contact)

    @Slot(str, str)
    def _operate(self, operation: str, contact_id: str) -> None:
        if operation in ("send_dtmf", "transfer"):
            self._ask_and_operate(operation, contact_id)
            return
        method = getattr(self._telephony, operation, None)
        if method is None:
            return
        try:
            method(contact_id)
        except TelephonyError as exc:
            self.show_message(str(exc))

    @Slot(object)
    def _incoming(self, request: IncomingRequest) -> None:
        try:
            # Routed as a contact center routes: only to an Available agent, else the form says why.
            contact = self._telephony.offer(
                request.number, request.queue, request.contact_type, request.attributes
            )
        except TelephonyError as exc:
            self.simulator.show_error(str(exc))
            return
        self.show_message(
            f"Incoming {request.contact_type} contact from {request.number or 'an unknown number'}"
        )
        if not self._overlay.current_contact_id:
            self.contacts.select(contact.contactId)

    def _load_callers(self) -> None:
        crm = getattr(self._services, "crm", None)
        if crm is None or not hasattr(crm, "list_by_type"):
            return
        try:
            records = crm.list_by_type("Contact", limit=25)
        except Exception:
            log.exception("the demo callers could not be read from the CRM")
            return
        callers: list[tuple[str, str]] = []
        for record in records:
            number = next((str(v) for k, v in record.fields.items() if is_phone_field(k) and v), "")
            if number:
                name = str(
                    record.value("Name")
                    or f"{record.value('FirstName') or ''} {record.value('LastName') or ''}"
                )
                callers.append((name.strip() or record.Id, number))
        self.simulator.set_callers(sorted(callers))

    # -- the SIP phone ------------------------------------------------------------------------------

    def _attach_phone(self) -> None:
        """A connector with a real phone (SIP): its status beside the agent's, its words as messages,
        its call controls in the contacts panel, and no simulator."""
        phone: Any = self._telephony
        if getattr(phone, "phone_status_changed", None) is None:
            return
        self.simulator.hide()
        self._simulator_line.hide()
        self.contacts.set_call_operations(phone.call_operations(), phone.is_muted)
        self.contacts.empty_label.setText("No contacts. Calls from the phone system ring here.")
        self._connections.connect(phone.phone_status_changed, self.agent_bar.show_phone_status)
        self._connections.connect(phone.call_status, self._call_status)
        self.agent_bar.show_phone_status(phone.phone_status)

    def _call_status(self, _contact: Any, text: str) -> None:
        self.show_message(text)

    def _ask_and_operate(self, operation: str, contact_id: str) -> None:
        """Keypad and Transfer: ask for the digits or the target, without blocking the loop."""
        title, label = (
            ("Keypad", "Tones to send (0-9, *, #):")
            if operation == "send_dtmf"
            else ("Transfer", "Transfer the call to (number or extension):")
        )
        dialog = QInputDialog(self)
        dialog.setObjectName(f"{operation}Dialog")
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(partial(self._operate_with, operation, contact_id))
        dialog.open()

    def _operate_with(self, operation: str, contact_id: str, text: str) -> None:
        try:
            getattr(self._telephony, operation)(contact_id, text)
        except TelephonyError as exc:
            self.show_message(str(exc))

    # -- the agent ----------------------------------------------------------------------------------

    @Slot(str)
    def _set_agent_state(self, state: str) -> None:
        try:
            self._telephony.set_agent_status(state)
        except TelephonyError as exc:
            self.show_message(str(exc))
        self.agent_bar.show_agent(self._telephony.agent)

    def _agent_event(self, _event: str, agent: Any) -> None:
        self.agent_bar.show_agent(agent)

    # -- click-to-dial, messages --------------------------------------------------------------------

    @Slot(str)
    def click_to_dial(self, number: str) -> None:
        """Run the UI onClickToDial flows with the number, for the selected contact."""
        number = number.strip()
        if not number:
            self.show_message("There is no number to dial.")
            return
        dispatcher = getattr(self._services, "dispatcher", None)
        if dispatcher is None:
            self.show_message("Click-to-dial is not available.")
            return
        self.show_message(f"Dialling {number}…")
        contact = self._overlay.current_contact()
        task = asyncio.ensure_future(self._dial(dispatcher, number, contact))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _dial(self, dispatcher: Any, number: str, contact: Any) -> None:
        source, event = CLICK_TO_DIAL
        try:
            results = await dispatcher.dispatch(source, event, {"number": number}, contact=contact)
        except Exception as exc:
            log.exception("click-to-dial failed")
            self.show_message(f"Dialling {number} failed: {exc}")
            return
        if not results:
            self.show_message("No active UI onClickToDial flow: ask a supervisor to activate one.")
        else:
            failed = [r for r in results if not r.completed]
            if failed:
                self.show_message(f"Dialling {number} failed: {failed[0].error}")
        self.dial_finished.emit(number)

    @Slot(str)
    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self._message_timer.start()

    def show_modal(self, title: str, message: str) -> None:
        """Show Modal: a message the agent reads and dismisses; nothing waits for it."""
        box = QMessageBox(
            QMessageBox.Icon.Information, title or "Message", message, QMessageBox.StandardButton.Ok, self
        )
        box.setObjectName("flowModal")
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._forget_boxes)
        self._boxes.append(box)
        box.show()

    @Slot()
    def _forget_boxes(self) -> None:
        self._boxes = [b for b in self._boxes if b.isVisible()]

    @Slot(int)
    def _close_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is None or widget is self.summary:
            return
        self.tabs.removeTab(index)
        widget.deleteLater()

    # -- compact mode -------------------------------------------------------------------------------

    def set_compact(self, compact: bool) -> None:
        """Small screens: tighter margins and the simulator folded away."""
        margin = 4 if compact else 10
        self._layout.setContentsMargins(margin, margin // 2, margin, margin // 2)
        self.simulator.set_expanded(not compact)
