"""The incoming-contact simulator: number, queue, type and attributes of a contact to ring the agent with,
as a real contact center would. The layout is drawn in ui/simulator_form.ui (compiled to
gui/ui_generated/simulator_form_ui.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QWidget

from cti_desktop.contacts.model import CONTACT_TYPES
from cti_desktop.gui.theme import Tone, css
from cti_desktop.gui.ui_generated.simulator_form_ui import Ui_SimulatorForm

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
        # The static layout is ui/simulator_form.ui; the choices and the wiring are set here.
        self.ui = Ui_SimulatorForm()
        self.ui.setupUi(self)
        self.setObjectName("simulatorForm")
        self.toggle = self.ui.simulatorToggle
        self.toggle.toggled.connect(self.set_expanded)
        self.caller = self.ui.simulatorCaller
        self.caller.addItem("Any number", "")
        self.caller.activated.connect(self._caller_chosen)
        self.number = self.ui.simulatorNumber
        self.queue = self.ui.simulatorQueue
        self.queue.addItems(list(QUEUES))
        line = self.queue.lineEdit()
        if line is not None:  # where the typing goes in an editable box: named like the box
            line.setAccessibleName(self.queue.accessibleName())
        self.type = self.ui.simulatorType
        for value in CONTACT_TYPES:
            self.type.addItem(TYPE_NAMES.get(value, value), value)
        self.attributes = self.ui.simulatorAttributes
        self.attributes.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.error = self.ui.simulatorError
        self.error.setStyleSheet(f"color: {css(Tone.ERROR)};")
        self.error.hide()
        self.ring_button = self.ui.simulatorRing
        self.ring_button.clicked.connect(self.submit)
        self.body = self.ui.simulatorBody

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
