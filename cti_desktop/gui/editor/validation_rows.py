"""The form designer's inspector rows for the rules on a value: limits (a number or date range), length,
pattern, and when the field is visible at all."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QSpinBox

from cti_desktop.domain.form_types import P_LENGTH, P_PATTERN, P_RANGE, FieldType, field_type
from cti_desktop.domain.forms import FormField, VisibleWhen
from cti_desktop.gui.designer.widgets import HelpLabel
from cti_desktop.gui.editor.property_editor import PropertyEditor, set_text


class RangeEditor(PropertyEditor):
    key, label = "range", "Limits"
    section = "Validation"

    def applies(self, declaration: FieldType) -> bool:
        return declaration.has(P_RANGE)

    def build(self) -> None:
        row = QHBoxLayout()
        row.setSpacing(6)
        self.minimum = self.line_edit("inspectorMin", "No minimum")
        self.minimum.setAccessibleName("Minimum")
        self.maximum = self.line_edit("inspectorMax", "No maximum")
        self.maximum.setAccessibleName("Maximum")
        row.addWidget(self.minimum)
        row.addWidget(QLabel("to", self.widget))
        row.addWidget(self.maximum)
        self.body.addLayout(row)
        self.hint = HelpLabel("", self.widget)
        self.body.addWidget(self.hint)
        self.minimum.textEdited.connect(self._edited)
        self.maximum.textEdited.connect(self._edited)

    def show(self, field: FormField) -> None:
        kind = field_type(field.type).range_kind
        self.hint.setText(
            {
                "number": "Smallest and largest number allowed.",
                "date": "Earliest and latest date (YYYY-MM-DD).",
            }.get(kind, "Earliest and latest moment (YYYY-MM-DD HH:MM).")
        )
        set_text(self.minimum, "" if field.validation.min is None else str(field.validation.min))
        set_text(self.maximum, "" if field.validation.max is None else str(field.validation.max))

    def _read(self, text: str) -> int | float | str | None:
        text = text.strip()
        if not text:
            return None
        declaration = field_type(self.field.type)
        if declaration.range_kind == "number":
            try:
                number = declaration.parse(text)
            except ValueError:
                return text  # kept as typed; validation says what is wrong
            return number if isinstance(number, int | float) else None
        return text.replace(" ", "T", 1) if declaration.range_kind == "datetime" else text

    @Slot()
    def _edited(self) -> None:
        rules = replace(
            self.field.validation, min=self._read(self.minimum.text()), max=self._read(self.maximum.text())
        )
        self.report(replace(self.field, validation=rules))


class LengthEditor(PropertyEditor):
    key, label = "length", "Length"
    help = "Fewest and most characters allowed."
    section = "Validation"

    def applies(self, declaration: FieldType) -> bool:
        return declaration.has(P_LENGTH)

    def build(self) -> None:
        row = QHBoxLayout()
        row.setSpacing(6)
        self.minimum = self._spin("inspectorMinLength", "Minimum length")
        self.maximum = self._spin("inspectorMaxLength", "Maximum length")
        row.addWidget(self.minimum)
        row.addWidget(QLabel("to", self.widget))
        row.addWidget(self.maximum)
        self.body.addLayout(row)

    def _spin(self, name: str, accessible: str) -> QSpinBox:
        spin = QSpinBox(self.widget)
        spin.setObjectName(name)
        spin.setAccessibleName(accessible)
        spin.setRange(0, 10_000)
        spin.setSpecialValueText("No limit")
        spin.valueChanged.connect(self._edited)
        return spin

    def show(self, field: FormField) -> None:
        self.minimum.setValue(field.validation.min_length or 0)
        self.maximum.setValue(field.validation.max_length or 0)

    @Slot()
    def _edited(self) -> None:
        rules = replace(
            self.field.validation,
            min_length=self.minimum.value() or None,
            max_length=self.maximum.value() or None,
        )
        self.report(replace(self.field, validation=rules))


class PatternEditor(PropertyEditor):
    key, label = "pattern", "Pattern"
    help = "A regular expression the whole value must match, e.g. <i>\\d{5}</i> for a ZIP code."
    section = "Validation"

    def applies(self, declaration: FieldType) -> bool:
        return declaration.has(P_PATTERN)

    def build(self) -> None:
        self.pattern = self.line_edit("inspectorPattern", "No pattern")
        self.message = self.line_edit("inspectorPatternMessage", "Message when it does not match")
        self.message.setAccessibleName("Pattern message")
        self.body.addWidget(self.pattern)
        self.body.addWidget(self.message)
        self.pattern.textEdited.connect(self._pattern_edited)
        self.message.textEdited.connect(self._message_edited)

    def show(self, field: FormField) -> None:
        set_text(self.pattern, field.validation.pattern)
        set_text(self.message, field.validation.message)

    @Slot(str)
    def _pattern_edited(self, text: str) -> None:
        self.report(replace(self.field, validation=replace(self.field.validation, pattern=text)))

    @Slot(str)
    def _message_edited(self, text: str) -> None:
        new = replace(self.field, validation=replace(self.field.validation, message=text))
        self.report(new, merge_key="pattern.message")


class VisibleWhenEditor(PropertyEditor):
    key, label = "visibleWhen", "Visible when"
    help = "Show this field only while another field has a given value."
    section = "Behaviour"

    def build(self) -> None:
        self.enabled = QCheckBox("Only show when", self.widget)
        self.enabled.setObjectName("inspectorVisibleWhen")
        self.enabled.setAccessibleName("Only show this field when another field has a value")
        row = QHBoxLayout()
        row.setSpacing(6)
        self.other = QComboBox(self.widget)
        self.other.setObjectName("inspectorVisibleField")
        self.other.setAccessibleName("The field it depends on")
        self.equals = self.line_edit("inspectorVisibleEquals", "value")
        self.equals.setAccessibleName("The value that shows it")
        row.addWidget(self.other, 1)
        row.addWidget(QLabel("equals", self.widget))
        row.addWidget(self.equals, 1)
        self.body.addWidget(self.enabled)
        self.body.addLayout(row)
        self.enabled.toggled.connect(self._toggled)
        self.other.activated.connect(self._changed)
        self.equals.textEdited.connect(self._typed)

    def show(self, field: FormField) -> None:
        self.other.clear()
        for other in self.fields:
            if other.name != field.name:
                self.other.addItem(other.display_label, other.name)
        condition = field.visible_when
        self.enabled.setChecked(condition is not None)
        for widget in (self.other, self.equals):
            widget.setEnabled(condition is not None)
        if condition is not None:
            index = self.other.findData(condition.field)
            if index < 0:
                self.other.addItem(f"{condition.field} (missing)", condition.field)
                index = self.other.count() - 1
            self.other.setCurrentIndex(index)
            equals = condition.equals
            set_text(
                self.equals, ("true" if equals else "false") if isinstance(equals, bool) else str(equals)
            )

    def _condition(self) -> VisibleWhen | None:
        if not self.enabled.isChecked() or self.other.currentData() is None:
            return None
        other = next((f for f in self.fields if f.name == self.other.currentData()), None)
        text: Any = self.equals.text()
        if other is not None and field_type(other.type).yes_no and text.strip().lower() in ("true", "false"):
            text = text.strip().lower() == "true"
        return VisibleWhen(self.other.currentData(), text)

    @Slot(bool)
    def _toggled(self, checked: bool) -> None:
        if checked and self.other.count() == 0:
            self.enabled.setChecked(False)
            self.problems.set_problems(["Add another field first: this one would depend on it."])
            return
        self.report(replace(self.field, visible_when=self._condition()), merge=False)

    @Slot()
    def _changed(self) -> None:
        self.report(replace(self.field, visible_when=self._condition()), merge=False)

    @Slot()
    def _typed(self) -> None:
        self.report(replace(self.field, visible_when=self._condition()))
