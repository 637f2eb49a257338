"""The form designer's inspector rows for what a field is and how the agent fills it in: its name, label
and type, required, placeholder, help text, default (with the "$." reference menu) and sensitive."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel

from cti_desktop.domain.form_types import (
    FIELD_TYPES,
    P_DEFAULT,
    P_HELP,
    P_PLACEHOLDER,
    P_REQUIRED,
    FieldType,
    field_type,
    unique_name,
    with_type,
)
from cti_desktop.domain.forms import FormField, camel_case, is_reference
from cti_desktop.gui.designer.references import COMMON_REFERENCES, ReferenceButton
from cti_desktop.gui.editor.property_editor import CheckEditor, PropertyEditor, TextPropertyEditor, set_text
from cti_desktop.gui.forms.icons import field_icon


class NameEditor(PropertyEditor):
    key, label = "name", "Field name"
    help = "The payload key the flow reads. One camelCase word, such as <i>firstName</i>."

    def build(self) -> None:
        self.edit = self.line_edit("inspectorName", "firstName")
        self.path = QLabel(self.widget)
        self.path.setObjectName("inspectorPath")
        self.path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path.setTextFormat(Qt.TextFormat.RichText)
        self.path.setWordWrap(True)
        self.path.setAccessibleName("Payload reference")
        self.body.addWidget(self.edit)
        self.body.addWidget(self.path)
        self.edit.textEdited.connect(self._edited)

    def show(self, field: FormField) -> None:
        set_text(self.edit, field.name)
        self.path.setText(f"Flows read it as <code>{field.payload_path}</code>")

    @Slot(str)
    def _edited(self, text: str) -> None:
        self.report(replace(self.field, name=text.strip()))


class LabelEditor(PropertyEditor):
    key, label = "label", "Label"
    help = "What the agent reads next to the box."

    def applies(self, declaration: FieldType) -> bool:
        return declaration.shown

    def build(self) -> None:
        self.edit = self.line_edit("inspectorLabel", "First name")
        self.body.addWidget(self.edit)
        self.edit.textEdited.connect(self._edited)

    def show(self, field: FormField) -> None:
        set_text(self.edit, field.label)

    @Slot(str)
    def _edited(self, text: str) -> None:
        name = self.field.name
        # A name that was never chosen by hand (the type's default or derived from the label) follows it.
        derived = camel_case(self.field.label)
        generated = name.rstrip("0123456789") == self.field.type and name != self.field.type
        if (name == derived or generated) and camel_case(text):
            name = unique_name(camel_case(text), [f.name for f in self.fields if f is not self.field])
        self.report(replace(self.field, label=text, name=name))


class TypeEditor(PropertyEditor):
    key, label = "type", "Type"
    help = "Changing the type keeps the settings that still apply."

    def build(self) -> None:
        self.combo = QComboBox(self.widget)
        self.combo.setObjectName("inspectorType")
        self.combo.setAccessibleName(self.label)
        for declaration in FIELD_TYPES.values():
            self.combo.addItem(field_icon(declaration.name), declaration.label, declaration.name)
        self.body.addWidget(self.combo)
        self.combo.activated.connect(self._chosen)

    def show(self, field: FormField) -> None:
        self.combo.setCurrentIndex(max(0, self.combo.findData(field.type)))

    @Slot(int)
    def _chosen(self, index: int) -> None:
        type_name = self.combo.itemData(index)
        if type_name and type_name != self.field.type:
            self.report(with_type(self.field, type_name), merge=False)


class RequiredEditor(CheckEditor):
    key, label, attribute, text = "required", "Required", "required", "The agent must fill this in"
    section = "Input"

    def applies(self, declaration: FieldType) -> bool:
        return declaration.has(P_REQUIRED)

    def show(self, field: FormField) -> None:
        self.box.setText("The agent must tick it" if field_type(field.type).yes_no else self.text)
        super().show(field)


class SensitiveEditor(CheckEditor):
    key, label, attribute = "sensitive", "Sensitive", "sensitive"
    text = "Mask the value in run records"
    help = "For card numbers, passwords and the like."
    section = "Behaviour"


class PlaceholderEditor(TextPropertyEditor):
    key, label, attribute, declared = "placeholder", "Placeholder", "placeholder", P_PLACEHOLDER
    help = "Shown in the empty box, as a hint."
    section = "Input"


class HelpTextEditor(TextPropertyEditor):
    key, label, attribute, declared = "help", "Help text", "help", P_HELP
    help = "Shown under the box."
    section = "Input"


class DefaultEditor(TextPropertyEditor):
    key, label, attribute, declared = "default", "Default", "default", P_DEFAULT
    help = (
        "A value, or a reference filled in when the agent opens the form, such as "
        "<i>$.contact.phoneNumber</i>."
    )
    section = "Input"

    def build(self) -> None:
        row = QHBoxLayout()
        row.setSpacing(4)
        self.edit = self.line_edit("inspectorDefault", "A value or $.contact.phoneNumber")
        row.addWidget(self.edit, 1)
        self.references = ReferenceButton(
            lambda: COMMON_REFERENCES,
            self._reference_chosen,
            self.widget,
            name="inspectorDefaultReferences",
            tooltip="Fill from the contact or the agent",
            accessible_name="Insert a reference",
        )
        self.references.setMinimumWidth(48)
        row.addWidget(self.references)
        self.body.addLayout(row)
        self.edit.textEdited.connect(self._edited)

    def show(self, field: FormField) -> None:
        if field_type(field.type).yes_no:
            self.edit.setPlaceholderText("true or false")
        else:
            self.edit.setPlaceholderText("A value or $.contact.phoneNumber")
        default = field.default
        text = ("true" if default else "false") if isinstance(default, bool) else str(default or "")
        set_text(self.edit, text)

    def _reference_chosen(self, reference: str) -> None:
        self.edit.setText(reference)
        self.report(replace(self.field, default=reference), merge=False)

    @Slot(str)
    def _edited(self, text: str) -> None:
        value: Any = text
        if (
            field_type(self.field.type).yes_no
            and text.strip().lower() in ("true", "false")
            and not is_reference(text)
        ):
            value = text.strip().lower() == "true"
        self.report(replace(self.field, default=value))
