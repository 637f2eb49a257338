"""The inspector: the properties of the selected field, on the kit's inspector container. Which rows
show is read from the field type's declaration (`FieldType.properties`); `PROPERTY_EDITORS` registers
the row that edits each property. Every row reports an edited copy of the field, which the designer
pushes as an undoable command; typing in one box carries a merge key so it becomes one undo step."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QWidget

from cti_desktop.domain.form_types import (
    P_DEFAULT,
    P_HELP,
    P_LENGTH,
    P_OPTIONS,
    P_PATTERN,
    P_PLACEHOLDER,
    P_RANGE,
    P_REQUIRED,
    field_type,
)
from cti_desktop.domain.forms import FormField
from cti_desktop.gui.designer.inspector import InspectorPanel, InspectorRow, Row, Section
from cti_desktop.gui.designer.registry import EditorRegistry
from cti_desktop.gui.editor.field_rows import (
    DefaultEditor,
    HelpTextEditor,
    LabelEditor,
    NameEditor,
    PlaceholderEditor,
    RequiredEditor,
    SensitiveEditor,
    TypeEditor,
)
from cti_desktop.gui.editor.options_row import OptionsEditor
from cti_desktop.gui.editor.property_editor import PropertyEditor
from cti_desktop.gui.editor.validation_rows import LengthEditor, PatternEditor, RangeEditor, VisibleWhenEditor

# Every field has these rows; the others show for the types whose declaration lists their property.
COMMON_PROPERTIES = ("name", "label", "type", "visibleWhen", "sensitive")

# The registration: the inspector row for each property, in display order.
PROPERTY_EDITORS: EditorRegistry[str, type[PropertyEditor]] = EditorRegistry("field property")
for _property, _editor in (
    ("name", NameEditor),
    ("label", LabelEditor),
    ("type", TypeEditor),
    (P_REQUIRED, RequiredEditor),
    (P_PLACEHOLDER, PlaceholderEditor),
    (P_HELP, HelpTextEditor),
    (P_DEFAULT, DefaultEditor),
    (P_OPTIONS, OptionsEditor),
    (P_RANGE, RangeEditor),
    (P_LENGTH, LengthEditor),
    (P_PATTERN, PatternEditor),
    ("visibleWhen", VisibleWhenEditor),
    ("sensitive", SensitiveEditor),
):
    PROPERTY_EDITORS.register(_property, _editor)


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


class FieldInspector(InspectorPanel):
    """Edits the selected field. `field_edited(new_field, merge_key)` asks the designer to apply it."""

    field_edited = Signal(object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "fieldInspector",
            "Select a field on the form to edit its properties,\nor add one from the palette.",
            spacing=10,
            parent=parent,
        )
        self.editors: dict[str, PropertyEditor] = {}
        rows: list[InspectorRow] = []
        section = ""
        for editor_type in PROPERTY_EDITORS.editors():
            editor = editor_type(self)
            if editor.section != section:
                section = editor.section
                rows.append(Section(section))
            rows.append(Row(editor.widget, editor.label, editor.widget.findChild(QWidget) or editor.widget))
            editor.edited.connect(self._row_edited)
            self.editors[editor.key] = editor
        self.build(rows)
        self._field: FormField | None = None

    def current_field(self) -> FormField | None:
        return self._field

    def load(self, field: FormField | None, fields: tuple[FormField, ...]) -> None:
        self._field = field
        if field is None:
            self.show_empty()
            return
        declaration = field_type(field.type)
        visible_sections: set[str] = set()
        for editor in self.editors.values():
            applies = editor.applies(declaration)
            self.form.setRowVisible(editor.widget, applies)
            if applies:
                visible_sections.add(editor.section)
                editor.load(field, fields)
        for section, title in self.section_titles.items():
            self.form.setRowVisible(title, section in visible_sections)
        self.show_content()

    @Slot(str, object, str)
    def _row_edited(self, key: str, field: Any, merge_key: str) -> None:
        self.field_edited.emit(field, merge_key)

    def show_problems(self, problems: dict[str, list[str]]) -> None:
        """Problems of the selected field by inspector row (see `property_for_path`)."""
        for key, editor in self.editors.items():
            editor.problems.set_problems(problems.get(key, []))

    def editor(self, key: str) -> PropertyEditor:
        return self.editors[key]
