"""The inspector: the selected block's title, controls and outcomes. Its rows are built from the block's
declaration (`BlockSpec.controls`, through the `CONTROL_EDITORS` factory); controls the file has and the
declaration lacks are shown as they are and kept. Every edit is reported as a request, which the window
pushes as an undoable command; the outcome boxes connect and disconnect from the keyboard."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from cti_desktop.contacts.model import Agent, Contact
from cti_desktop.flows.document import Action, FlowDocument
from cti_desktop.flows.reachability import before
from cti_desktop.flows.registry import BlockRegistry, BlockSpec
from cti_desktop.gui.designer.inspector import InspectorPanel, InspectorRow, Row, Section
from cti_desktop.gui.designer.references import COMMON_REFERENCES, ReferenceChoices
from cti_desktop.gui.designer.widgets import HelpLabel
from cti_desktop.gui.flow_designer.controls import ControlEditor, as_text, control_editor
from cti_desktop.gui.flow_designer.items import block_title
from cti_desktop.gui.theme import Tone, css

NOT_CONNECTED = "(not connected)"


@dataclass(frozen=True, slots=True)
class ReachExtras:
    """What the flow's runs bring besides its blocks' results: the payload keys of the actions that
    use it, and the properties stored now."""

    payload_keys: tuple[str, ...] = ()
    property_keys: tuple[str, ...] = ()


CONTACT_FIELDS = tuple(Contact(contactId="").scope())
AGENT_FIELDS = tuple(Agent().scope())


def reference_choices(
    document: FlowDocument, registry: BlockRegistry, block_id: str, extras: ReachExtras | None = None
) -> ReferenceChoices:
    """What the "$." buttons offer at this block, in sections: the results of the blocks that can have
    run before it (with their titles), the payload keys of the actions using the flow, the contact's and
    the agent's fields, and the stored properties."""
    extras = extras or ReachExtras()
    earlier = before(document, registry).get(block_id, set())
    choices: ReferenceChoices = []
    results: ReferenceChoices = []
    for action in document.actions:
        spec = registry.get(action.type)
        if action.id not in earlier or spec is None:
            continue
        for result in spec.results:
            label = f"{block_title(action, spec)} ({action.id}): {result}"
            results.append((label, f"$.actions.{action.id}.results.{result}"))
    if results:
        choices.append(("Results of blocks that can run before this one", ""))
        choices.extend(results)
    if extras.payload_keys:
        choices.append(("Payload of the actions using this flow", ""))
        choices.extend((key, f"$.payload.{key}") for key in extras.payload_keys)
    choices.append(("The contact and the agent", ""))
    choices.extend(COMMON_REFERENCES)
    common = {reference for _, reference in COMMON_REFERENCES}
    choices.extend(
        (f"Contact: {name}", f"$.contact.{name}")
        for name in CONTACT_FIELDS
        if f"$.contact.{name}" not in common
    )
    choices.extend(
        (f"Agent: {name}", f"$.agent.{name}") for name in AGENT_FIELDS if f"$.agent.{name}" not in common
    )
    if extras.property_keys:
        choices.append(("Stored properties", ""))
        choices.extend((key, f"$.properties.{key}") for key in extras.property_keys)
    return choices


class BlockInspector(InspectorPanel):
    # (block id, control key, value, merge key)
    control_edited = Signal(str, str, object, str)
    # (block id, title, merge key)
    title_edited = Signal(str, str, str)
    # (block id, outcome, target id or "" to disconnect)
    connect_requested = Signal(str, str, str)

    def __init__(self, registry: BlockRegistry, parent: QWidget | None = None) -> None:
        super().__init__(
            "blockInspector",
            "Select a block on the canvas to edit it,\nor add one from the palette.",
            spacing=8,
            parent=parent,
        )
        self.registry = registry
        self.action: Action | None = None
        self.spec: BlockSpec | None = None
        self.editors: dict[str, ControlEditor] = {}
        self.outcome_boxes: dict[str, QComboBox] = {}
        self.extra_labels: dict[str, QLabel] = {}
        self._built_for: tuple[int, str] | None = None
        self._loading = False
        self.title_edit: QLineEdit | None = None
        # What the window knows of the flow's runs besides its blocks (payload keys, properties).
        self.reach_extras: Callable[[], ReachExtras] = ReachExtras

    # -- loading ---------------------------------------------------------------------------------------

    def current_id(self) -> str | None:
        return self.action.id if self.action is not None else None

    def load(self, action: Action | None, document: FlowDocument) -> None:
        """Show `action` (None: nothing selected). The same block again only refreshes the values, so
        the box being typed in keeps its cursor."""
        self.action = action
        if action is None:
            self._built_for = None
            self.show_empty()
            return
        self.spec = self.registry.get(action.type)
        key = (id(action), action.type)
        if key != self._built_for:
            self._build(action, document)
            self._built_for = key
        self._fill(action, document)
        self.show_content()

    def _build(self, action: Action, document: FlowDocument) -> None:
        spec = self.spec
        content = QWidget()
        content.setObjectName("inspectorContent")
        self.editors, self.outcome_boxes, self.extra_labels = {}, {}, {}
        rows: list[InspectorRow] = [Section("Block")]

        self.kind_label = QLabel(content)
        self.kind_label.setObjectName("inspectorType")
        self.kind_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind_label.setWordWrap(True)
        self.id_label = QLabel(content)
        self.id_label.setObjectName("inspectorId")
        self.id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title_edit = QLineEdit(content)
        self.title_edit.setObjectName("inspectorTitle")
        self.title_edit.setAccessibleName("Block title")
        self.title_edit.setPlaceholderText(spec.title if spec is not None else "Unknown block")
        self.title_edit.textEdited.connect(self._title_typed)
        rows += [
            Row(self.kind_label, "Type"),
            Row(self.id_label, "Id"),
            Row(self.title_edit, QLabel("&Title", content), self.title_edit),
        ]
        if spec is None:
            warning = QLabel(
                f"Unknown block type “{action.type}”: nothing here declares it, so a run fails at this "
                "block. It is kept with all its data; replace it with a known block.",
                content,
            )
            warning.setObjectName("inspectorUnknown")
            warning.setWordWrap(True)
            warning.setStyleSheet(f"color: {css(Tone.ERROR)};")
            rows.append(Row(warning))
        elif spec.help:
            rows.append(Row(HelpLabel(spec.help, content)))

        # Controls, from the declaration
        if spec is not None and spec.controls:
            rows.append(Section("Controls"))
            for control in spec.controls:
                key = next(
                    (name for name in (control.name, *control.aliases) if name in action.controls),
                    control.name,
                )
                editor = control_editor(control, key, content)
                editor.edited.connect(self._control_edited)
                label = QLabel(control.name + (" *" if control.required else ""), content)
                focus = editor.widget.findChild(QLineEdit) or editor.widget.findChild(QWidget)
                rows.append(Row(editor.widget, label, focus or editor.widget))
                self.editors[key] = editor

        # Controls only the file has: shown and kept as they are
        extra = [name for name in action.controls if spec is None or spec.control(name) is None]
        if extra:
            rows.append(Section("Other controls (kept from the file)"))
            for name in extra:
                value = QLabel(content)
                value.setObjectName(f"extra_{name}")
                value.setWordWrap(True)
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                rows.append(Row(value, name))
                self.extra_labels[name] = value

        # Outcomes: connect and disconnect from the keyboard
        outcomes = list(spec.outcomes) if spec is not None else []
        outcomes += [outcome for outcome in action.ports if outcome not in outcomes]
        if outcomes:
            rows.append(Section("Outcomes"))
            rows.append(Row(HelpLabel("Which block runs next after each outcome.", content)))
            for outcome in outcomes:
                box = QComboBox(content)
                box.setObjectName(f"outcome_{outcome}")
                box.setAccessibleName(f"Next block after “{outcome}”")
                box.activated.connect(lambda _index, name=outcome: self._outcome_chosen(name))
                declared = spec is not None and outcome in spec.outcomes
                label = QLabel(outcome if declared else f"{outcome} (not declared)", content)
                rows.append(Row(box, label, box))
                self.outcome_boxes[outcome] = box
        self.build(rows, content)

    def _fill(self, action: Action, document: FlowDocument) -> None:
        self._loading = True
        try:
            spec = self.spec
            self.kind_label.setText(f"{spec.title} — {action.type}" if spec is not None else action.type)
            self.id_label.setText(action.id)
            if self.title_edit is not None and self.title_edit.text() != action.title:
                self.title_edit.setText(action.title)
            references = reference_choices(document, self.registry, action.id, self.reach_extras())
            for key, editor in self.editors.items():
                value = action.controls.get(key, editor.spec.default)
                editor.load(value, references)
            for name, label in self.extra_labels.items():
                label.setText(as_text(action.controls.get(name)) or "(empty)")
            for outcome, box in self.outcome_boxes.items():
                self._fill_outcome(box, action, outcome, document)
        finally:
            self._loading = False

    def _fill_outcome(self, box: QComboBox, action: Action, outcome: str, document: FlowDocument) -> None:
        box.clear()
        box.addItem(NOT_CONNECTED, "")
        for other in document.actions:
            if other is not action:
                box.addItem(f"{block_title(other, self.registry.get(other.type))} ({other.id})", other.id)
        target = action.ports.get(outcome)
        index = box.findData(target) if target else 0
        if target and index < 0:
            box.addItem(f"{target} (missing: not in the flow)", target)
            index = box.count() - 1
        box.setCurrentIndex(index)

    # -- reporting -------------------------------------------------------------------------------------

    @Slot(str)
    def _title_typed(self, text: str) -> None:
        if self.action is not None and not self._loading:
            self.title_edited.emit(self.action.id, text, "title")

    @Slot(str, object, str)
    def _control_edited(self, key: str, value: Any, merge_key: str) -> None:
        if self.action is not None and not self._loading:
            self.control_edited.emit(self.action.id, key, value, merge_key)

    def _outcome_chosen(self, outcome: str) -> None:
        box = self.outcome_boxes.get(outcome)
        if self.action is None or box is None or self._loading:
            return
        target = str(box.currentData() or "")
        if target != (self.action.ports.get(outcome) or ""):
            self.connect_requested.emit(self.action.id, outcome, target)

    def editor(self, key: str) -> ControlEditor:
        return self.editors[key]
