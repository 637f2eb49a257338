"""The form designer's inspector rows: `PropertyEditor` is the kit's row base holding one field (its
value is the `FormField`), and reports an edited copy of it; `CheckEditor` and `TextPropertyEditor` are
the two common shapes (a yes/no and a free-text property of the field)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QCheckBox, QLineEdit

from cti_desktop.domain.form_types import FieldType
from cti_desktop.domain.forms import FormField
from cti_desktop.gui.designer.rows import PropertyRow


def set_text(edit: QLineEdit, text: str) -> None:
    # Only when different: setText moves the cursor, which would jump while the user types.
    if edit.text() != text:
        edit.setText(text)


class PropertyEditor(PropertyRow):
    """One inspector row of a field. Subclasses build their widgets, fill them in `show(field)` and
    report an edited copy of `self.field`."""

    key = ""
    label = ""
    help = ""
    section = "Field"

    def __init__(self, parent: QObject | None = None) -> None:
        self.fields: tuple[FormField, ...] = ()
        super().__init__(self.key, f"property_{self.key}", self.help, self.key, parent)
        self.value = FormField("x")

    @property
    def field(self) -> FormField:
        value: FormField = self.value
        return value

    def applies(self, declaration: FieldType) -> bool:
        return True

    def load(self, field: FormField, fields: tuple[FormField, ...] = ()) -> None:
        self.fields = fields
        super().load(field)

    def line_edit(self, name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(self.widget)
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(self.label)
        return edit


class CheckEditor(PropertyEditor):
    """A yes/no property of the field (`attribute`)."""

    attribute = ""
    text = ""

    def build(self) -> None:
        self.box = QCheckBox(self.text, self.widget)
        self.box.setObjectName(f"inspector{self.key.capitalize()}")
        self.box.setAccessibleName(self.label)
        self.body.addWidget(self.box)
        self.box.toggled.connect(self._toggled)

    def show(self, field: FormField) -> None:
        self.box.setChecked(bool(getattr(field, self.attribute)))

    @Slot(bool)
    def _toggled(self, checked: bool) -> None:
        changes: dict[str, Any] = {self.attribute: checked}
        self.report(replace(self.field, **changes), merge=False)


class TextPropertyEditor(PropertyEditor):
    """A free-text property of the field (`attribute`)."""

    attribute = ""
    placeholder = ""
    declared = ""  # the declaration property that makes this row apply

    def applies(self, declaration: FieldType) -> bool:
        return declaration.has(self.declared)

    def build(self) -> None:
        self.edit = self.line_edit(f"inspector{self.key.capitalize()}", self.placeholder)
        self.body.addWidget(self.edit)
        self.edit.textEdited.connect(self._edited)

    def show(self, field: FormField) -> None:
        value = getattr(field, self.attribute)
        set_text(self.edit, "" if value is None else str(value))

    @Slot(str)
    def _edited(self, text: str) -> None:
        changes: dict[str, Any] = {self.attribute: text}
        self.report(replace(self.field, **changes))
