"""The inspector: the properties of the selected field. Which rows show is read from the field type's
declaration (`FieldType.properties`); `PROPERTY_EDITORS` is the small factory mapping each property to
its editor. Every editor reports an edited copy of the field, which the designer pushes as an undoable
command; typing in one box carries a merge key so it becomes one undo step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cti_desktop.domain.form_types import (
    FIELD_TYPES,
    P_DEFAULT,
    P_HELP,
    P_LENGTH,
    P_OPTIONS,
    P_PATTERN,
    P_PLACEHOLDER,
    P_RANGE,
    P_REQUIRED,
    FieldType,
    field_type,
    unique_name,
    with_type,
)
from cti_desktop.domain.forms import FormField, VisibleWhen, camel_case, is_reference
from cti_desktop.gui.designer.widgets import HelpLabel, ProblemLabel, SectionTitle, UndoKeyRouter
from cti_desktop.gui.forms.icons import field_icon
from cti_desktop.gui.models.options import OptionsModel

# References a supervisor most often wants as a default.
COMMON_REFERENCES = (
    ("Customer's phone number", "$.contact.phoneNumber"),
    ("Customer's phone number, formatted", "$.contact.formattedPhoneNumber"),
    ("Customer's phone number, E.164", "$.contact.formattedNumberE164"),
    ("Queue name", "$.contact.queueName"),
    ("Contact ID", "$.contact.contactId"),
    ("Agent's name", "$.agent.name"),
    ("Agent's username", "$.agent.username"),
)


def _set_text(edit: QLineEdit, text: str) -> None:
    # Only when different: setText moves the cursor, which would jump while the user types.
    if edit.text() != text:
        edit.setText(text)


class PropertyEditor(QObject):
    """One inspector row. Subclasses build `widget`, fill it in `load()` and emit `edited`."""

    edited = Signal(object, str)  # the edited FormField, the merge key ("" = its own undo step)
    key = ""
    label = ""
    help = ""
    section = "Field"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.field = FormField("x")
        self.fields: tuple[FormField, ...] = ()
        self.loading = False
        self.widget = QWidget()
        self.widget.setObjectName(f"property_{self.key}")
        self.body = QVBoxLayout(self.widget)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(3)
        self.build()
        if self.help:
            self.help_label = HelpLabel(self.help, self.widget)
            self.body.addWidget(self.help_label)
        self.problems = ProblemLabel(self.widget, self.key)
        self.body.addWidget(self.problems)

    def applies(self, declaration: FieldType) -> bool:
        return True

    def build(self) -> None:
        """Add the editing widgets to `self.body`."""

    def show(self, field: FormField) -> None:
        """Fill the widgets from the field."""

    def load(self, field: FormField, fields: tuple[FormField, ...]) -> None:
        self.field, self.fields = field, fields
        self.loading = True
        try:
            self.show(field)
        finally:
            self.loading = False

    def report(self, new: FormField, merge: bool = True) -> None:
        if self.loading or new == self.field:
            return
        self.edited.emit(new, self.key if merge else "")

    def line_edit(self, name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(self.widget)
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(self.label)
        return edit


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
        _set_text(self.edit, field.name)
        self.path.setText(f"Flows read it as <code>{field.payload_path}</code>")

    @Slot(str)
    def _edited(self, text: str) -> None:
        self.report(replace(self.field, name=text.strip()))


class LabelEditor(PropertyEditor):
    key, label = "label", "Label"
    help = "What the agent reads next to the box."

    def applies(self, declaration: FieldType) -> bool:
        return declaration.name != "hidden"

    def build(self) -> None:
        self.edit = self.line_edit("inspectorLabel", "First name")
        self.body.addWidget(self.edit)
        self.edit.textEdited.connect(self._edited)

    def show(self, field: FormField) -> None:
        _set_text(self.edit, field.label)

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


class RequiredEditor(CheckEditor):
    key, label, attribute, text = "required", "Required", "required", "The agent must fill this in"
    section = "Input"

    def applies(self, declaration: FieldType) -> bool:
        return declaration.has(P_REQUIRED)

    def show(self, field: FormField) -> None:
        self.box.setText("The agent must tick it" if field.type == "checkbox" else self.text)
        super().show(field)


class SensitiveEditor(CheckEditor):
    key, label, attribute = "sensitive", "Sensitive", "sensitive"
    text = "Mask the value in run records"
    help = "For card numbers, passwords and the like."
    section = "Behaviour"


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
        _set_text(self.edit, "" if value is None else str(value))

    @Slot(str)
    def _edited(self, text: str) -> None:
        changes: dict[str, Any] = {self.attribute: text}
        self.report(replace(self.field, **changes))


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
        self.references = QToolButton(self.widget)
        self.references.setObjectName("inspectorDefaultReferences")
        self.references.setText("$.")
        self.references.setMinimumWidth(48)
        self.references.setToolTip("Fill from the contact or the agent")
        self.references.setAccessibleName("Insert a reference")
        self.references.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.references)
        for title, reference in COMMON_REFERENCES:
            action = QAction(f"{title}  —  {reference}", menu)
            action.setData(reference)
            action.triggered.connect(self._reference_chosen)
            menu.addAction(action)
        self.references.setMenu(menu)
        row.addWidget(self.references)
        self.body.addLayout(row)
        self.edit.textEdited.connect(self._edited)

    def show(self, field: FormField) -> None:
        if field.type == "checkbox":
            self.edit.setPlaceholderText("true or false")
        else:
            self.edit.setPlaceholderText("A value or $.contact.phoneNumber")
        default = field.default
        text = ("true" if default else "false") if isinstance(default, bool) else str(default or "")
        _set_text(self.edit, text)

    @Slot()
    def _reference_chosen(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.edit.setText(str(action.data()))
            self.report(replace(self.field, default=str(action.data())), merge=False)

    @Slot(str)
    def _edited(self, text: str) -> None:
        value: Any = text
        if (
            self.field.type == "checkbox"
            and text.strip().lower() in ("true", "false")
            and not is_reference(text)
        ):
            value = text.strip().lower() == "true"
        self.report(replace(self.field, default=value))


class OptionsEditor(PropertyEditor):
    key, label = "options", "Options"
    help = "The label is what the agent sees; the value is what the flow receives."
    section = "Options"

    def applies(self, declaration: FieldType) -> bool:
        return declaration.has(P_OPTIONS)

    def build(self) -> None:
        self.model = OptionsModel(self)
        self.table = QTableView(self.widget)
        self.table.setObjectName("inspectorOptions")
        self.table.setAccessibleName("Options")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setMinimumHeight(120)
        self.table.setMaximumHeight(170)
        self.body.addWidget(self.table)
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        self.add_button = self._button("Add option", "optionAdd", self._add)
        self.remove_button = self._button("Remove", "optionRemove", self._remove)
        self.up_button = self._button("↑", "optionUp", self._up, "Move the option up")
        self.down_button = self._button("↓", "optionDown", self._down, "Move the option down")
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.body.addLayout(buttons)
        self.model.edited.connect(self._edited)

    def _button(self, text: str, name: str, slot: Callable[[], None], tip: str = "") -> QPushButton:
        button = QPushButton(text, self.widget)
        button.setObjectName(name)
        button.setAccessibleName(tip or text)
        if tip:
            button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def show(self, field: FormField) -> None:
        self.model.set_options(field.options)

    def _current_row(self) -> int:
        return self.table.currentIndex().row()

    @Slot()
    def _add(self) -> None:
        row = self.model.append_option()
        self.table.setCurrentIndex(self.model.index(row, 0))
        self.table.edit(self.model.index(row, 0))

    @Slot()
    def _remove(self) -> None:
        self.model.remove_option(self._current_row())

    @Slot()
    def _up(self) -> None:
        row = self.model.move_option(self._current_row(), -1)
        self.table.setCurrentIndex(self.model.index(row, 0))

    @Slot()
    def _down(self) -> None:
        row = self.model.move_option(self._current_row(), 1)
        self.table.setCurrentIndex(self.model.index(row, 0))

    @Slot(tuple)
    def _edited(self, options: tuple[Any, ...]) -> None:
        self.report(replace(self.field, options=options), merge=False)


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
        _set_text(self.minimum, "" if field.validation.min is None else str(field.validation.min))
        _set_text(self.maximum, "" if field.validation.max is None else str(field.validation.max))

    def _read(self, text: str) -> int | float | str | None:
        text = text.strip()
        if not text:
            return None
        if field_type(self.field.type).range_kind == "number":
            try:
                number = field_type("number").parse(text)
            except ValueError:
                return text  # kept as typed; validation says what is wrong
            return number if isinstance(number, int | float) else None
        return text.replace(" ", "T", 1) if field_type(self.field.type).range_kind == "datetime" else text

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
        _set_text(self.pattern, field.validation.pattern)
        _set_text(self.message, field.validation.message)

    @Slot(str)
    def _pattern_edited(self, text: str) -> None:
        self.report(replace(self.field, validation=replace(self.field.validation, pattern=text)))

    @Slot(str)
    def _message_edited(self, text: str) -> None:
        new = replace(self.field, validation=replace(self.field.validation, message=text))
        if not self.loading and new != self.field:
            self.edited.emit(new, "pattern.message")


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
            _set_text(
                self.equals, ("true" if equals else "false") if isinstance(equals, bool) else str(equals)
            )

    def _condition(self) -> VisibleWhen | None:
        if not self.enabled.isChecked() or self.other.currentData() is None:
            return None
        other = next((f for f in self.fields if f.name == self.other.currentData()), None)
        text: Any = self.equals.text()
        if other is not None and other.type == "checkbox" and text.strip().lower() in ("true", "false"):
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


# The factory: each inspector row, in display order. The field type's declaration decides which show.
PROPERTY_EDITORS: tuple[type[PropertyEditor], ...] = (
    NameEditor,
    LabelEditor,
    TypeEditor,
    RequiredEditor,
    PlaceholderEditor,
    HelpTextEditor,
    DefaultEditor,
    OptionsEditor,
    RangeEditor,
    LengthEditor,
    PatternEditor,
    VisibleWhenEditor,
    SensitiveEditor,
)


def property_for_path(path: str) -> str:
    """The inspector row a problem path such as `form.fields[2].validation.maxLength` concerns."""
    tail = path.split("]", 1)[1].lstrip(".") if "]" in path else path
    head = tail.split(".", 1)[0].split("[", 1)[0]
    if head == "validation":
        rule = tail.split(".", 1)[1] if "." in tail else ""
        return {"min": "range", "max": "range", "minLength": "length", "maxLength": "length"}.get(
            rule, "pattern"
        )
    return head


class FieldInspector(QWidget):
    """Edits the selected field. `field_edited(new_field, merge_key)` asks the designer to apply it."""

    field_edited = Signal(object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldInspector")
        self.router = UndoKeyRouter(self)
        self.editors: dict[str, PropertyEditor] = {}
        self.stack = QStackedWidget(self)
        empty = QLabel(
            "Select a field on the form to edit its properties,\nor add one from the palette.", self
        )
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setWordWrap(True)
        empty.setObjectName("inspectorEmpty")
        self.stack.addWidget(empty)

        content = QWidget()
        self.form = QFormLayout(content)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.setVerticalSpacing(10)
        self.section_rows: dict[str, QWidget] = {}
        section = ""
        for editor_type in PROPERTY_EDITORS:
            editor = editor_type(self)
            if editor.section != section:
                section = editor.section
                title = SectionTitle(section, content)
                self.section_rows[section] = title
                self.form.addRow(title)
            label = QLabel(editor.label, content)
            label.setBuddy(editor.widget.findChild(QWidget) or editor.widget)
            self.form.addRow(label, editor.widget)
            editor.edited.connect(self.field_edited)
            self.editors[editor.key] = editor
            for child in editor.widget.findChildren(QLineEdit):
                child.installEventFilter(self.router)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        self.stack.addWidget(scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._field: FormField | None = None

    def current_field(self) -> FormField | None:
        return self._field

    def load(self, field: FormField | None, fields: tuple[FormField, ...]) -> None:
        self._field = field
        if field is None:
            self.stack.setCurrentIndex(0)
            return
        declaration = field_type(field.type)
        visible_sections: set[str] = set()
        for editor in self.editors.values():
            applies = editor.applies(declaration)
            self.form.setRowVisible(editor.widget, applies)
            if applies:
                visible_sections.add(editor.section)
                editor.load(field, fields)
        for section, title in self.section_rows.items():
            self.form.setRowVisible(title, section in visible_sections)
        self.stack.setCurrentIndex(1)

    def show_problems(self, problems: dict[str, list[str]]) -> None:
        """Problems of the selected field by inspector row (see `property_for_path`)."""
        for key, editor in self.editors.items():
            editor.problems.set_problems(problems.get(key, []))

    def editor(self, key: str) -> PropertyEditor:
        return self.editors[key]
