"""The designer's Test Run panel: the run's inputs ($.payload, $.contact, $.agent, the trigger), the
buttons that drive it (Run / Continue F5, Step F10, Run to here Ctrl+F10, Stop Shift+F5), the steps as
they come (clicking one shows its resolved controls and results) and what the run produced (overlay
data, screen pops, messages, CRM changes).

The payload is prefilled from an action that uses the flow (a picker when several do); the contact can
be typed as JSON or taken from a CRM record. Inputs are read when a run starts; a problem with them is
said in the panel, in words.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cti_desktop.contacts.model import Agent
from cti_desktop.crm.base import CrmRecord
from cti_desktop.domain.actions import CtiAction
from cti_desktop.gui.flow_designer.test_run import TestRunController
from cti_desktop.gui.theme import Tone, on_light
from cti_desktop.services.designer_runs import TEST_CONTACT_ID, DesignerRunOutcome, RunInputs

TRIGGERS = (("manual", "Manual"), ("action", "CTI Action"), ("event", "Event"))
DEFAULT_CONTACT = {"contactId": TEST_CONTACT_ID, "type": "voice", "phoneNumber": "", "attributes": {}}


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


def _text_box(name: str, accessible: str, text: str = "", height: int = 90) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(40)
    box.setMaximumHeight(height)
    return box


class TestRunPanel(QWidget):
    """Inputs, controls and results of the designer's test runs."""

    __test__ = False

    # The user chose a step (its index in the controller's steps): the window selects its block.
    step_chosen = Signal(int)

    def __init__(self, controller: TestRunController, flow_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.flow_name = flow_name
        self.setObjectName("testRunPanel")
        self._actions: list[CtiAction] = []
        self._records: list[CrmRecord] = []
        self._search: asyncio.Task[None] | None = None

        # Inputs
        self.action_combo = QComboBox()
        self.action_combo.setObjectName("testAction")
        self.action_combo.setAccessibleName("Payload from action")
        self.action_combo.currentIndexChanged.connect(self._action_chosen)
        self.trigger_combo = QComboBox()
        self.trigger_combo.setObjectName("testTrigger")
        self.trigger_combo.setAccessibleName("Trigger")
        for kind, label in TRIGGERS:
            self.trigger_combo.addItem(label, kind)
        self.trigger_detail = QLineEdit()
        self.trigger_detail.setObjectName("testTriggerDetail")
        self.trigger_detail.setAccessibleName("Trigger detail")
        self.trigger_detail.setPlaceholderText("action or event name")
        self.payload_edit = _text_box("testPayload", "Payload JSON", "{}", 110)
        self.contact_edit = _text_box("testContact", "Contact JSON", _json(DEFAULT_CONTACT), 80)
        self.no_contact = QCheckBox("No contact")
        self.no_contact.setObjectName("testNoContact")
        self.no_contact.setAccessibleName("Run without a contact")
        self.no_contact.toggled.connect(self.contact_edit.setDisabled)
        self.record_search = QLineEdit()
        self.record_search.setObjectName("testRecordSearch")
        self.record_search.setAccessibleName("Find a CRM record for the contact")
        self.record_search.setPlaceholderText("Find a CRM record (name, phone…) and press Enter")
        self.record_search.returnPressed.connect(self.search_records)
        self.record_combo = QComboBox()
        self.record_combo.setObjectName("testRecord")
        self.record_combo.setAccessibleName("CRM record for the contact")
        self.record_combo.setEnabled(False)
        self.record_combo.activated.connect(self._record_chosen)
        agent = {k: v for k, v in Agent().scope().items() if k != "dialableCountries"}
        self.agent_edit = _text_box("testAgent", "Agent JSON", _json(agent), 60)
        self.keep_changes = QCheckBox("Keep CRM changes")
        self.keep_changes.setObjectName("testKeepChanges")
        self.keep_changes.setAccessibleName("Keep CRM changes")
        self.keep_changes.setToolTip(
            "Off: what the run writes to the CRM (and the properties it sets) is seen by the run only and "
            "dropped after it. On: it is made for real when the run ends."
        )

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Action", self.action_combo)
        trigger_row = QHBoxLayout()
        trigger_row.addWidget(self.trigger_combo)
        trigger_row.addWidget(self.trigger_detail, 1)
        form.addRow("Trigger", trigger_row)
        form.addRow("$.payload", self.payload_edit)
        contact_box = QVBoxLayout()
        record_row = QHBoxLayout()
        record_row.addWidget(self.record_search, 2)
        record_row.addWidget(self.record_combo, 1)
        contact_box.addLayout(record_row)
        contact_box.addWidget(self.contact_edit)
        contact_box.addWidget(self.no_contact)
        form.addRow("$.contact", contact_box)
        form.addRow("$.agent", self.agent_edit)
        form.addRow("", self.keep_changes)
        inputs_content = QWidget()
        inputs_content.setLayout(form)
        inputs = QScrollArea()
        inputs.setWidget(inputs_content)
        inputs.setWidgetResizable(True)
        inputs.setFrameShape(QFrame.Shape.NoFrame)
        inputs.setObjectName("testInputs")
        inputs.setAccessibleName("Test run inputs")

        # Buttons and status
        self.run_button = self._button(
            "Run", "testRunButton", "Run the flow as drawn (F5); Continue when paused"
        )
        self.step_button = self._button("Step", "testStepButton", "Run one block, then pause (F10)")
        self.run_to_button = self._button(
            "Run to here", "testRunToButton", "Run until the selected block, then pause (Ctrl+F10)"
        )
        self.stop_button = self._button("Stop", "testStopButton", "Stop the run (Shift+F5)")
        self.status = QLabel("Not run yet.")
        self.status.setObjectName("testStatus")
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.run_button, self.step_button, self.run_to_button, self.stop_button):
            buttons.addWidget(button)
        buttons.addWidget(self.status, 1)

        # Steps, details, produced
        self.steps = QTreeWidget()
        self.steps.setObjectName("testSteps")
        self.steps.setAccessibleName("Steps of the test run")
        self.steps.setHeaderLabels(["#", "Block", "Outcome", "Time"])
        self.steps.setRootIsDecorated(False)
        self.steps.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.steps.currentItemChanged.connect(self._step_selected)
        self.details = QPlainTextEdit()
        self.details.setObjectName("testStepDetails")
        self.details.setAccessibleName("Resolved controls and results of the chosen step")
        self.details.setReadOnly(True)
        self.details.setPlaceholderText("Click a step to see the controls it ran with and its results.")
        self.produced = QListWidget()
        self.produced.setObjectName("testProduced")
        self.produced.setAccessibleName("What the run produced")
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.details)
        right.addWidget(self.produced)
        results = QSplitter(Qt.Orientation.Horizontal)
        results.addWidget(self.steps)
        results.addWidget(right)
        results.setSizes([320, 380])
        run_side = QWidget()
        run_layout = QVBoxLayout(run_side)
        run_layout.setContentsMargins(0, 0, 0, 0)
        run_layout.addLayout(buttons)
        run_layout.addWidget(results, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(inputs)
        split.addWidget(run_side)
        split.setSizes([420, 760])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)

        controller.started.connect(self._started)
        controller.step_added.connect(self._stepped)
        controller.paused.connect(self._paused)
        controller.finished.connect(self._finished)
        controller.failed.connect(self._failed)
        self.update_buttons()

    def _button(self, text: str, name: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text)
        button.setToolTip(tip)
        return button

    # -- inputs ----------------------------------------------------------------------------------------

    def set_actions(self, actions: list[CtiAction]) -> None:
        """The actions that use the flow: the first one's payload is filled in; a picker when several."""
        self._actions = list(actions)
        self.action_combo.blockSignals(True)
        self.action_combo.clear()
        self.action_combo.addItem("(none: type the payload)", None)
        for action in self._actions:
            self.action_combo.addItem(action.name, action.id)
        self.action_combo.setEnabled(bool(self._actions))
        self.action_combo.blockSignals(False)
        if self._actions:
            self.action_combo.setCurrentIndex(1)
            self._action_chosen(1)

    @Slot(int)
    def _action_chosen(self, index: int) -> None:
        if not 1 <= index <= len(self._actions):
            return
        action = self._actions[index - 1]
        self.payload_edit.setPlainText(_json(self.controller.runs.payload_for(action)))
        self.trigger_combo.setCurrentIndex(self.trigger_combo.findData("action"))
        self.trigger_detail.setText(action.name)

    @Slot()
    def search_records(self) -> None:
        text = self.record_search.text().strip()
        if not text:
            return
        if self._search is not None and not self._search.done():
            self._search.cancel()
        self._search = asyncio.ensure_future(self._find(text))

    async def _find(self, text: str) -> None:
        self.status.setText(f"Looking for “{text}” in the CRM…")
        try:
            records = await self.controller.runs.find_records(text)
        except Exception as exc:
            self.status.setText(f"The CRM could not be searched: {exc}")
            return
        self._records = records
        self.record_combo.clear()
        for record in records:
            name = record.value("Name") or record.value("LastName") or record.Id
            self.record_combo.addItem(f"{name} ({record.type})", record.Id)
        self.record_combo.setEnabled(bool(records))
        self.status.setText(
            f"{len(records)} record(s) found: choose one for the contact."
            if records
            else f"No CRM record matches “{text}”."
        )
        if records:
            self._record_chosen(0)

    @Slot(int)
    def _record_chosen(self, index: int) -> None:
        if 0 <= index < len(self._records):
            contact = self.controller.runs.contact_from_record(self._records[index])
            self.no_contact.setChecked(False)
            self.contact_edit.setPlainText(_json(contact))

    def inputs(self) -> RunInputs:
        """The inputs as typed; ValueError in words when one is not a JSON object."""
        payload = self._object(self.payload_edit, "$.payload")
        contact = None if self.no_contact.isChecked() else self._object(self.contact_edit, "$.contact")
        agent = self._object(self.agent_edit, "$.agent")
        return RunInputs(
            payload=payload,
            contact=contact,
            agent=agent,
            trigger_kind=str(self.trigger_combo.currentData()),
            trigger_detail=self.trigger_detail.text().strip(),
            keep_changes=self.keep_changes.isChecked(),
        )

    @staticmethod
    def _object(box: QPlainTextEdit, what: str) -> dict[str, Any]:
        text = box.toPlainText().strip() or "{}"
        try:
            value = json.loads(text)
        except ValueError as exc:
            raise ValueError(f"{what} is not valid JSON ({exc})") from None
        if not isinstance(value, dict):
            raise ValueError(f'{what} must be a JSON object, such as {{"key": "value"}}')
        return value

    # -- the run ---------------------------------------------------------------------------------------

    def update_buttons(self) -> None:
        running = self.controller.running()
        paused = self.controller.paused_at is not None
        self.run_button.setText("Continue" if paused else "Run")
        self.run_button.setEnabled(not running or paused)
        self.step_button.setEnabled(not running or paused)
        self.run_to_button.setEnabled(not running or paused)
        self.stop_button.setEnabled(running)

    def say(self, text: str, tone: Tone | None = None) -> None:
        self.status.setText(text)
        color = on_light(tone).name() if tone is not None else ""
        self.status.setStyleSheet(f"color: {color};" if color else "")

    @Slot()
    def _started(self) -> None:
        self.steps.clear()
        self.details.clear()
        self.produced.clear()
        self.say("Running…")
        self.update_buttons()

    @Slot(int)
    def _stepped(self, index: int) -> None:
        watched = self.controller.steps[index]
        step = watched.step
        item = QTreeWidgetItem(
            [str(index + 1), f"{step.id} · {step.type}", step.outcome or "—", f"{step.duration_ms:.2f} ms"]
        )
        item.setData(0, Qt.ItemDataRole.UserRole, index)
        if not step.success:
            for column in range(4):
                item.setForeground(column, QColor(on_light(Tone.ERROR)))
            item.setToolTip(1, step.exception)
        self.steps.addTopLevelItem(item)
        self.steps.scrollToItem(item)

    @Slot(str)
    def _paused(self, block_id: str) -> None:
        self.say(f"Paused before {block_id}. Continue (F5), Step (F10) or Stop (Shift+F5).", Tone.WARNING)
        self.update_buttons()

    @Slot(object)
    def _finished(self, outcome: DesignerRunOutcome) -> None:
        result = outcome.result
        tone = Tone.SUCCESS if result.completed else Tone.ERROR
        text = f"{result.status} in {result.duration_ms:.1f} ms, {len(result.steps)} steps"
        if result.error:
            text += f": {result.error}"
        self.say(text, tone)
        self.produced.clear()
        for pair in result.overlay_data:
            self.produced.addItem(f"Overlay data: {pair['key']} = {_short(pair['value'])}")
        for pop in result.screenpops:
            self.produced.addItem(f"Screen pop ({pop.get('kind', '')}): {_short(pop)}")
        for modal in result.modals:
            self.produced.addItem(f"Message: {modal.get('title', '')}: {modal.get('message', '')}")
        verb = "kept" if outcome.kept else "not kept"
        for change in outcome.changes:
            self.produced.addItem(f"CRM change ({verb}): {change}")
        for warning in result.warnings:
            self.produced.addItem(f"Warning: {warning}")
        if self.produced.count() == 0:
            self.produced.addItem("The run produced no overlay data, screen pops or CRM changes.")
        self.update_buttons()

    @Slot(str)
    def _failed(self, message: str) -> None:
        self.say(message, Tone.ERROR)
        self.update_buttons()

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _step_selected(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if item is None:
            return
        index = item.data(0, Qt.ItemDataRole.UserRole)
        self.show_step(int(index))
        self.step_chosen.emit(int(index))

    def show_step(self, index: int) -> None:
        watched = self.controller.steps[index]
        step = watched.step
        parts = [f"Step {index + 1}: {step.id} ({step.type})", f"Outcome: {step.outcome or '—'}"]
        if step.exception:
            parts.append(f"Failed: {step.exception}")
        parts.append(f"Time: {step.duration_ms:.3f} ms")
        if watched.controls is not None:
            parts.append("Controls as resolved:\n" + _json(watched.controls))
        parts.append("Results:\n" + _json(step.results))
        if step.warnings:
            parts.append("Warnings:\n" + "\n".join(step.warnings))
        self.details.setPlainText("\n\n".join(parts))

    def select_step_of(self, block_id: str) -> bool:
        """Show the last step of a block (the canvas's selection); False if the run did not reach it."""
        for index in range(len(self.controller.steps) - 1, -1, -1):
            if self.controller.steps[index].step.id == block_id:
                item = self.steps.topLevelItem(index)
                if item is not None:
                    self.steps.blockSignals(True)
                    self.steps.setCurrentItem(item)
                    self.steps.blockSignals(False)
                self.show_step(index)
                return True
        return False


def _short(value: Any, limit: int = 160) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"
