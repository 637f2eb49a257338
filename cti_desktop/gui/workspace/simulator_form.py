"""The incoming-contact simulator: number, queue, type and attributes of a contact to ring the agent with,
as a real contact center would."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cti_desktop.contacts.model import CONTACT_TYPES
from cti_desktop.gui.theme import Tone, css

QUEUES = ("Sales", "Support", "Billing")
TYPE_NAMES = {"voice": "Voice call", "chat": "Chat", "task": "Task", "callback": "Queue callback"}


class AttributesError(ValueError):
    pass


def parse_attributes(text: str) -> dict[str, str]:
    """`name=value` per line (or separated by `;`); blank lines are skipped."""
    attributes: dict[str, str] = {}
    chunks = [chunk for line in text.splitlines() for chunk in line.split(";")]
    for number, chunk in enumerate((c.strip() for c in chunks), start=1):
        if not chunk:
            continue
        name, sep, value = chunk.partition("=")
        if not sep or not name.strip():
            raise AttributesError(
                f'Attribute {number}: write it as name=value, for example "customerTier=gold"'
            )
        attributes[name.strip()] = value.strip()
    return attributes


@dataclass(frozen=True, slots=True)
class IncomingRequest:
    number: str
    queue: str
    contact_type: str
    attributes: dict[str, Any]


class SimulatorForm(QWidget):
    incoming_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("simulatorForm")
        self.toggle = QToolButton()
        self.toggle.setObjectName("simulatorToggle")
        self.toggle.setText("Simulate an incoming contact")
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.setAutoRaise(True)
        self.toggle.setAccessibleName("Show or hide the contact simulator")
        self.toggle.toggled.connect(self.set_expanded)
        font = self.toggle.font()
        font.setBold(True)
        self.toggle.setFont(font)

        self.caller = QComboBox()
        self.caller.setObjectName("simulatorCaller")
        self.caller.setAccessibleName("Demo caller")
        self.caller.setToolTip("Pick a caller from the CRM to fill in the number")
        self.caller.addItem("Any number", "")
        self.caller.activated.connect(self._caller_chosen)
        self.number = QLineEdit("+12065550100")
        self.number.setObjectName("simulatorNumber")
        self.number.setAccessibleName("Phone number of the incoming contact")
        self.number.setPlaceholderText("+1 206 555 0100")
        self.queue = QComboBox()
        self.queue.setObjectName("simulatorQueue")
        self.queue.setAccessibleName("Queue")
        self.queue.setEditable(True)
        self.queue.addItems(list(QUEUES))
        self.type = QComboBox()
        self.type.setObjectName("simulatorType")
        self.type.setAccessibleName("Contact type")
        for value in CONTACT_TYPES:
            self.type.addItem(TYPE_NAMES.get(value, value), value)
        self.attributes = QPlainTextEdit()
        self.attributes.setObjectName("simulatorAttributes")
        self.attributes.setAccessibleName("Contact attributes, one name=value per line")
        self.attributes.setPlaceholderText("name=value, one per line")
        self.attributes.setTabChangesFocus(True)
        self.attributes.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.error = QLabel()
        self.error.setObjectName("simulatorError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {css(Tone.ERROR)};")
        self.error.setAccessibleName("Simulator problem")
        self.error.hide()
        self.ring_button = QPushButton("Ring the agent")
        self.ring_button.setObjectName("simulatorRing")
        self.ring_button.setAccessibleName("Simulate the incoming contact")
        self.ring_button.setToolTip(
            "Route the contact to the agent, as a contact center does: only when the status is Available"
        )
        self.ring_button.clicked.connect(self.submit)

        self.body = QWidget()
        form = QFormLayout(self.body)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Caller:", self.caller)
        form.addRow("&Number:", self.number)
        form.addRow("&Queue:", self.queue)
        form.addRow("&Type:", self.type)
        form.addRow("&Attributes:", self.attributes)
        form.addRow(self.error)
        form.addRow(self.ring_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toggle)
        layout.addWidget(self.body)

    def set_callers(self, callers: list[tuple[str, str]]) -> None:
        """(label, number) of CRM contacts to pick from."""
        for label, number in callers:
            self.caller.addItem(f"{label} · {number}", number)

    @Slot(int)
    def _caller_chosen(self, index: int) -> None:
        number = self.caller.itemData(index)
        if number:
            self.number.setText(str(number))

    @Slot(bool)
    def set_expanded(self, expanded: bool) -> None:
        self.body.setVisible(expanded)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        if self.toggle.isChecked() != expanded:
            self.toggle.setChecked(expanded)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    @Slot()
    def submit(self) -> None:
        contact_type = str(self.type.currentData())
        number = self.number.text().strip()
        if not number and contact_type in ("voice", "callback"):
            self.show_error("Enter the number the contact calls from.")
            self.number.setFocus()
            return
        try:
            attributes = parse_attributes(self.attributes.toPlainText())
        except AttributesError as exc:
            self.show_error(str(exc))
            self.attributes.setFocus()
            return
        self.show_error("")
        self.incoming_requested.emit(
            IncomingRequest(number, self.queue.currentText().strip(), contact_type, attributes)
        )
