"""The agent's contacts: the list (one selected: the overlay works on it) and the buttons that move the
selected contact through its life — accept, hold, hang up, after-call work, close."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cti_desktop.contacts.model import ContactState
from cti_desktop.gui.overlay.labels import contact_label

CONTACT_ID_ROLE = Qt.ItemDataRole.UserRole + 1

STATE_LABELS = {
    ContactState.INCOMING: "Incoming",
    ContactState.CONNECTING: "Ringing",
    ContactState.CONNECTED: "Connected",
    ContactState.ON_HOLD: "On hold",
    ContactState.AFTER_CALL_WORK: "After-call work",
    ContactState.ENDED: "Ended",
    ContactState.CLOSED: "Closed",
}


class ContactsPanel(QWidget):
    # The agent selected another contact ("" for none).
    selection_changed = Signal(str)
    # (operation name, contact id): accept, connect, hold, resume, hang_up, after_call_work, close
    operation_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactsPanel")
        heading = QLabel("Contacts")
        heading.setObjectName("contactsHeading")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        self.list = QListWidget()
        self.list.setObjectName("contactsList")
        self.list.setAccessibleName("Contacts")
        self.list.setAccessibleDescription("The overlay works on the selected contact")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._current_changed)
        self.empty_label = QLabel("No contacts. Simulate an incoming contact below.")
        self.empty_label.setObjectName("contactsEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setEnabled(False)

        self.accept_button = self._button("Accept", "accept", "Accept the selected contact")
        self.hold_button = self._button("Hold", "hold", "Put the selected contact on hold or resume it")
        self.hang_up_button = self._button("Hang up", "hang_up", "End the selected contact")
        self.acw_button = self._button("After-call work", "after_call_work", "Start after-call work")
        self.close_button = self._button("Close", "close", "Close the selected contact")
        # A real phone's call controls (SIP), shown only when the connector offers them.
        self.reject_button = self._button("Reject", "reject", "Reject the ringing call (busy)")
        self.mute_button = self._button("Mute", "mute", "Mute or unmute your microphone")
        self.keypad_button = self._button("Keypad…", "send_dtmf", "Send tones to the call")
        self.transfer_button = self._button("Transfer…", "transfer", "Transfer the call to another number")
        self._call_operations: frozenset[str] = frozenset()
        self._is_muted: Callable[[str], bool] = lambda _contact_id: False
        buttons = QGridLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.accept_button, 0, 0)
        buttons.addWidget(self.hold_button, 0, 1)
        buttons.addWidget(self.hang_up_button, 0, 2)
        buttons.addWidget(self.acw_button, 1, 0, 1, 2)
        buttons.addWidget(self.close_button, 1, 2)
        buttons.addWidget(self.reject_button, 2, 0)
        buttons.addWidget(self.mute_button, 2, 1)
        buttons.addWidget(self.keypad_button, 3, 0)
        buttons.addWidget(self.transfer_button, 3, 1)
        for button in self._phone_buttons():
            button.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
        self._contacts: dict[str, Any] = {}
        self._update_buttons()

    def _button(self, text: str, operation: str, accessible: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(f"contact_{operation}")
        button.setAccessibleName(accessible)
        button.setProperty("operation", operation)
        button.clicked.connect(self._clicked)
        return button

    def _phone_buttons(self) -> tuple[QPushButton, ...]:
        return (self.reject_button, self.mute_button, self.keypad_button, self.transfer_button)

    def set_call_operations(self, operations: frozenset[str], is_muted: Callable[[str], bool]) -> None:
        """Show the call controls a real phone offers (reject, mute, send_dtmf, transfer)."""
        self._call_operations = operations
        self._is_muted = is_muted
        for button in self._phone_buttons():
            button.setVisible(str(button.property("operation")).replace("unmute", "mute") in operations)
        self._update_buttons()

    # -- contents -----------------------------------------------------------------------------------

    def set_contacts(self, contacts: list[Any], selected: str) -> None:
        self.list.blockSignals(True)
        try:
            self.list.clear()
            self._contacts = {c.contactId: c for c in contacts}
            for contact in contacts:
                item = QListWidgetItem(self._text(contact))
                item.setData(CONTACT_ID_ROLE, contact.contactId)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, self._text(contact).replace("\n", ", "))
                self.list.addItem(item)
                if contact.contactId == selected:
                    self.list.setCurrentItem(item)
        finally:
            self.list.blockSignals(False)
        self.empty_label.setVisible(not contacts)
        self._update_buttons()

    def update_contact(self, contact: Any) -> None:
        self._contacts[contact.contactId] = contact
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(CONTACT_ID_ROLE) == contact.contactId:
                item.setText(self._text(contact))
                item.setData(Qt.ItemDataRole.AccessibleTextRole, self._text(contact).replace("\n", ", "))
        self._update_buttons()

    def select(self, contact_id: str) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(CONTACT_ID_ROLE) == contact_id:
                self.list.setCurrentItem(item)
                return
        self.list.setCurrentRow(-1)

    def selected_id(self) -> str:
        item = self.list.currentItem()
        return str(item.data(CONTACT_ID_ROLE)) if item is not None else ""

    @staticmethod
    def _text(contact: Any) -> str:
        direction = "inbound" if contact.isInbound else "outbound"
        return f"{contact_label(contact)}\n{STATE_LABELS.get(contact.state, contact.state)} · {direction}"

    # -- buttons ------------------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        contact = self._contacts.get(self.selected_id())
        state = contact.state if contact is not None else None
        ringing = state in (ContactState.INCOMING, ContactState.CONNECTING)
        outbound = contact is not None and not contact.isInbound
        # A real phone's outbound call connects when the far end answers: nothing for the agent to click.
        self.accept_button.setEnabled(ringing and not (outbound and self._call_operations))
        self.accept_button.setText("Connect" if outbound and ringing else "Accept")
        self.accept_button.setProperty("operation", "connect" if outbound and ringing else "accept")
        self.hold_button.setEnabled(state in (ContactState.CONNECTED, ContactState.ON_HOLD))
        on_hold = state == ContactState.ON_HOLD
        self.hold_button.setText("Resume" if on_hold else "Hold")
        self.hold_button.setProperty("operation", "resume" if on_hold else "hold")
        self.hang_up_button.setEnabled(
            state in (ContactState.CONNECTING, ContactState.CONNECTED, ContactState.ON_HOLD)
        )
        self.acw_button.setEnabled(state == ContactState.ENDED)
        self.close_button.setEnabled(state in (ContactState.ENDED, ContactState.AFTER_CALL_WORK))
        inbound_ringing = ringing and contact is not None and contact.isInbound
        self.reject_button.setEnabled(inbound_ringing)
        talking = state in (ContactState.CONNECTED, ContactState.ON_HOLD)
        self.mute_button.setEnabled(talking)
        muted = contact is not None and self._is_muted(contact.contactId)
        self.mute_button.setText("Unmute" if muted else "Mute")
        self.mute_button.setProperty("operation", "unmute" if muted else "mute")
        self.keypad_button.setEnabled(state == ContactState.CONNECTED)
        self.transfer_button.setEnabled(talking)

    @Slot()
    def _clicked(self) -> None:
        sender = self.sender()
        contact_id = self.selected_id()
        if isinstance(sender, QPushButton) and contact_id:
            self.operation_requested.emit(str(sender.property("operation")), contact_id)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _current_changed(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        self._update_buttons()
        self.selection_changed.emit(str(current.data(CONTACT_ID_ROLE)) if current is not None else "")
