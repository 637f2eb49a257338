"""The workspace's first tab: the selected contact at a glance, its number click-to-dial."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from cti_desktop.gui.overlay.labels import TYPE_LABELS, contact_label
from cti_desktop.gui.workspace.contacts_panel import STATE_LABELS

HINT = (
    "Screen pops open here as tabs: a caller's CRM record when a call connects, the matches when several "
    "records fit, a new-record form when the caller is not known yet."
)


class ContactSummary(QWidget):
    dial_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactSummary")
        self.heading = QLabel()
        self.heading.setObjectName("summaryHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.number = QLabel()
        self.number.setObjectName("summaryNumber")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dial_button = QToolButton()
        self.dial_button.setObjectName("summaryDial")
        self.dial_button.setText("Dial")
        self.dial_button.setAccessibleName("Dial the contact's number")
        self.dial_button.clicked.connect(self._dial)
        number_row = QWidget()
        number_layout = QHBoxLayout(number_row)
        number_layout.setContentsMargins(0, 0, 0, 0)
        number_layout.addWidget(self.number)
        number_layout.addWidget(self.dial_button)
        number_layout.addStretch(1)
        self.queue = QLabel()
        self.channel = QLabel()
        self.state = QLabel()
        self.contact_id = QLabel()
        self.contact_id.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QWidget()
        form = QFormLayout(self.details)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Number:", number_row)
        form.addRow("Queue:", self.queue)
        form.addRow("Channel:", self.channel)
        form.addRow("State:", self.state)
        form.addRow("Contact Id:", self.contact_id)
        hint = QLabel(HINT)
        hint.setObjectName("summaryHint")
        hint.setWordWrap(True)
        hint.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.heading)
        layout.addWidget(self.details)
        layout.addSpacing(12)
        layout.addWidget(hint)
        layout.addStretch(1)
        self._phone = ""
        self.show_contact(None)

    def show_contact(self, contact: Any) -> None:
        self.heading.setText(contact_label(contact) if contact is not None else "No contact selected")
        self.details.setVisible(contact is not None)
        if contact is None:
            self._phone = ""
            return
        self._phone = contact.phoneNumber
        self.number.setText(contact.phone.national if contact.phoneNumber else "—")
        self.dial_button.setEnabled(bool(contact.phoneNumber))
        self.queue.setText(contact.queueName or "—")
        direction = "inbound" if contact.isInbound else "outbound"
        self.channel.setText(f"{TYPE_LABELS.get(contact.type, contact.type)}, {direction}")
        self.state.setText(STATE_LABELS.get(contact.state, contact.state))
        self.contact_id.setText(contact.contactId)

    @Slot()
    def _dial(self) -> None:
        if self._phone:
            self.dial_requested.emit(self._phone)
