"""The agent's name and state (Available, Offline, a break state), as a softphone shows them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from cti_desktop.contacts.model import AgentState
from cti_desktop.gui.theme import Tone, css

# Available is good news, Offline is quiet, after-call work is a warning; any other state (a break) red.
STATE_TONES = {
    AgentState.AVAILABLE: Tone.SUCCESS,
    AgentState.OFFLINE: Tone.MUTED,
    AgentState.AFTER_CALL_WORK: Tone.WARNING,
}


class AgentBar(QWidget):
    state_requested = Signal(str)

    def __init__(self, states: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agentBar")
        self.name_label = QLabel()
        self.name_label.setObjectName("agentName")
        self.name_label.setAccessibleName("Agent")
        font = self.name_label.font()
        font.setBold(True)
        self.name_label.setFont(font)
        self.dot = QLabel("●")
        self.dot.setObjectName("agentStateDot")
        self.dot.setAccessibleName("Agent state indicator")
        self.state = QComboBox()
        self.state.setObjectName("agentState")
        self.state.setAccessibleName("Agent state")
        self.state.setToolTip("Your state: only Available agents are offered contacts")
        for value in states:
            self.state.addItem(value, value)
        self.state.activated.connect(self._chosen)
        self.acw_label = QLabel("After-call work")
        self.acw_label.setObjectName("agentAcw")
        self.acw_label.setAccessibleName("The agent is in after-call work")
        self.acw_label.setToolTip("The state chosen here is taken once after-call work is over")
        self.acw_label.hide()
        # The SIP phone's registration ("Phone: registered as agent1001"); hidden with the simulator.
        self.phone_label = QLabel()
        self.phone_label.setObjectName("phoneStatus")
        self.phone_label.setAccessibleName("Phone status")
        self.phone_label.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name_label)
        layout.addSpacing(8)
        layout.addWidget(self.dot)
        layout.addWidget(self.state)
        layout.addWidget(self.acw_label)
        layout.addSpacing(12)
        layout.addWidget(self.phone_label)
        layout.addSpacing(12)
        layout.addStretch(1)

    def show_agent(self, agent: Any) -> None:
        self.name_label.setText(agent.name)
        in_acw = agent.state == AgentState.AFTER_CALL_WORK
        self.acw_label.setVisible(in_acw)
        index = self.state.findData(agent.state)
        if index >= 0:
            self.state.setCurrentIndex(index)
        self.dot.setStyleSheet(f"color: {css(STATE_TONES.get(agent.state, Tone.ERROR))};")
        self.dot.setToolTip(agent.state)

    def show_phone_status(self, text: str) -> None:
        self.phone_label.setText(text)
        self.phone_label.setAccessibleDescription(text)
        good = text.startswith("Phone: registered") or text.startswith("Phone: ready")
        trouble = "refused" in text or "cannot" in text or "not" in text or "does not answer" in text
        tone = Tone.SUCCESS if good else Tone.ERROR if trouble else Tone.MUTED
        self.phone_label.setStyleSheet(f"color: {css(tone)};")
        self.phone_label.setVisible(bool(text))

    @Slot(int)
    def _chosen(self, index: int) -> None:
        self.state_requested.emit(str(self.state.itemData(index)))
