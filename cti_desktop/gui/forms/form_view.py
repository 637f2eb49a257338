"""The form an agent fills in before an action runs, drawn from a `FormSpec`. The overlay and the
editor's "Preview as agent" use this one renderer, so the preview is exactly what agents get.

    view = FormView(spec, defaults, parent)
    view.values_changed.connect(...)      # dict of the current values
    errors = view.validate()              # {field name: message}, also shown under each field
    payload = view.payload()              # typed values of the visible fields, for the flow
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from cti_desktop.domain.form_types import field_type
from cti_desktop.domain.form_values import is_visible, serialize_values, validate
from cti_desktop.domain.forms import FormField, FormSpec, is_reference
from cti_desktop.gui.forms.editors import ValueEditor, create_editor
from cti_desktop.gui.theme import Tone, css


def literal_defaults(spec: FormSpec) -> dict[str, Any]:
    """The defaults that need no run data (references stay empty)."""
    values: dict[str, Any] = {}
    for f in spec.fields:
        if is_reference(f.default):
            continue
        try:
            values[f.name] = field_type(f.type).parse(f.default)
        except ValueError:
            values[f.name] = f.default
    return values


class FieldRow(QWidget):
    """Label, editor, help text and the message of one field, stacked as in the overlay."""

    def __init__(self, field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setObjectName(f"row_{field.name}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        self.editor: ValueEditor = create_editor(field, self)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        star = f' <span style="color:{css(Tone.ERROR)}">*</span>' if field.required else ""
        self.label.setText(f"{_escape(field.display_label)}{star}")
        self.label.setBuddy(self.editor.focus_widget())
        font = self.label.font()
        font.setWeight(QFont.Weight.DemiBold)
        self.label.setFont(font)
        # A checkbox carries its own label.
        self.label.setVisible(not field_type(field.type).yes_no)  # a checkbox carries its own label
        layout.addWidget(self.label)
        layout.addWidget(self.editor)
        self.help = QLabel(field.help, self)
        self.help.setWordWrap(True)
        self.help.setVisible(bool(field.help))
        _dim(self.help)
        layout.addWidget(self.help)
        self.error = QLabel(self)
        self.error.setObjectName(f"error_{field.name}")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {css(Tone.ERROR)};")
        self.error.setAccessibleName(f"{field.display_label}: problem")
        self.error.hide()
        layout.addWidget(self.error)

    def show_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
        self.editor.set_invalid(bool(message))
        # Screen readers announce the problem with the field.
        self.editor.focus_widget().setAccessibleDescription(message or self.field.help)


class FormView(QWidget):
    """Renders a form and keeps its values. `preview` marks it as the designer's preview; `live`
    re-checks a field as soon as it changes (preview forms always do; others once `validate()` ran)."""

    values_changed = Signal(dict)

    def __init__(
        self,
        spec: FormSpec,
        defaults: Mapping[str, Any] | None = None,
        parent: QWidget | None = None,
        *,
        preview: bool = False,
        live: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("formView")
        self.preview = preview
        self._live = live or preview
        self._spec = FormSpec()
        self._rows: dict[str, FieldRow] = {}
        self._loading = False
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(12)
        self.set_spec(spec, defaults)

    # -------------------------------------------------------------------------------------- building

    def spec(self) -> FormSpec:
        return self._spec

    def set_spec(self, spec: FormSpec, defaults: Mapping[str, Any] | None = None) -> None:
        """Rebuild for another form; values of fields that are still there (same name and type) are kept
        unless `defaults` gives them."""
        kept = (
            {n: v for n, v in self.values().items() if _same_field(self._spec, spec, n)} if self._rows else {}
        )
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self._rows = {}
        self._spec = spec
        if spec.title.strip():
            title = QLabel(spec.title, self)
            title.setObjectName("formTitle")
            title.setWordWrap(True)
            font = title.font()
            font.setPointSizeF(font.pointSizeF() * 1.3)
            font.setWeight(QFont.Weight.Bold)
            title.setFont(font)
            title.setAccessibleName("Form title")
            self._layout.addWidget(title)
        if spec.instructions.strip():
            instructions = QLabel(spec.instructions, self)
            instructions.setObjectName("formInstructions")
            instructions.setWordWrap(True)
            instructions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._layout.addWidget(instructions)
        if spec.title.strip() or spec.instructions.strip():
            line = QFrame(self)
            line.setFrameShape(QFrame.Shape.HLine)
            line.setFrameShadow(QFrame.Shadow.Sunken)
            self._layout.addWidget(line)
        for f in spec.fields:
            row = FieldRow(f, self)
            row.editor.changed.connect(self._on_changed)
            self._rows[f.name] = row
            self._layout.addWidget(row)
        if not spec.fields:
            empty = QLabel("This form has no fields.", self)
            _dim(empty)
            self._layout.addWidget(empty)
        self._layout.addStretch(1)
        start = literal_defaults(spec)
        start.update(kept)
        start.update(defaults or {})
        self._loading = True
        try:
            for name, value in start.items():
                if name in self._rows:
                    self._rows[name].editor.set_value(value)
        finally:
            self._loading = False
        self._update_visibility()
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    # ---------------------------------------------------------------------------------------- values

    def values(self) -> dict[str, Any]:
        """Every field's current value (hidden fields included), as JSON values."""
        return {name: row.editor.value() for name, row in self._rows.items()}

    def set_values(self, values: Mapping[str, Any]) -> None:
        self._loading = True
        try:
            for name, value in values.items():
                if name in self._rows:
                    self._rows[name].editor.set_value(value)
        finally:
            self._loading = False
        self._update_visibility()
        self.values_changed.emit(self.values())

    def payload(self) -> dict[str, Any]:
        """What the form adds to the action's payload: typed values of the fields the agent could see."""
        return serialize_values(self._spec, self.values())

    # ------------------------------------------------------------------------------------ validation

    def validate(self) -> dict[str, str]:
        """Check every visible field, show each message under its field, focus the first one wrong."""
        self._live = True
        values = self.values()
        errors: dict[str, str] = {}
        for name, row in self._rows.items():
            message = self._message(row, values)
            row.show_error(message)
            if message:
                errors[name] = message
        first = next((self._rows[n] for n in self._rows if n in errors), None)
        if first is not None:
            first.editor.focus_widget().setFocus(Qt.FocusReason.OtherFocusReason)
        return errors

    def clear_errors(self) -> None:
        for row in self._rows.values():
            row.show_error(None)

    def error_text(self, name: str) -> str:
        """The message shown under a field ("" when none)."""
        row = self._rows.get(name)
        return row.error.text() if row is not None and not row.error.isHidden() else ""

    def editor(self, name: str) -> ValueEditor:
        return self._rows[name].editor

    def row(self, name: str) -> FieldRow:
        return self._rows[name]

    def _message(self, row: FieldRow, values: Mapping[str, Any]) -> str | None:
        if not field_type(row.field.type).shown or not is_visible(row.field, values):
            return None
        return validate(row.field, values.get(row.field.name))

    @Slot()
    def _on_changed(self) -> None:
        if self._loading:
            return
        self._update_visibility()
        values = self.values()
        if self._live:
            sender = self.sender()
            for row in self._rows.values():
                if row.editor is sender:
                    row.show_error(self._message(row, values))
        self.values_changed.emit(values)

    def _update_visibility(self) -> None:
        values = self.values()
        for row in self._rows.values():
            visible = field_type(row.field.type).shown and is_visible(row.field, values)
            row.setVisible(visible)
            if not visible:
                row.show_error(None)


def _same_field(old: FormSpec, new: FormSpec, name: str) -> bool:
    a, b = old.field_named(name), new.field_named(name)
    return a is not None and b is not None and a.type == b.type


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _dim(label: QLabel) -> None:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText))
    label.setPalette(palette)
