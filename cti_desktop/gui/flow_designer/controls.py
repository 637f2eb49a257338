"""The inspector's editors for block controls, one per control kind of the registry (`ControlKind`).
`CONTROL_EDITORS` registers the editor of each kind (the kit's `EditorRegistry`). Every editor shows the
control's help, reports each edit as `edited(name, value, merge_key)` and checks what is typed at once
with the reference checker, so `$.` references and `{{ }}` templates that cannot be read are said under
the box.

Values keep their JSON type where they can: a number control holds a number unless a reference is typed,
a boolean control `true`/`false`; a value whose type the kind does not expect (an object in a text
control, say) is shown as JSON and read back as JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import Slot
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from cti_desktop.flows.control_kinds import control_problems
from cti_desktop.flows.references import mode_for_kind, parse_reference
from cti_desktop.flows.registry import ControlKind, ControlSpec
from cti_desktop.gui.designer.references import ReferenceButton, ReferenceChoices, insert_reference
from cti_desktop.gui.designer.registry import EditorRegistry
from cti_desktop.gui.designer.rows import PropertyRow


def as_text(value: Any) -> str:
    """How a value shows in a text box: strings as they are, anything else as JSON."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False)


def read_like(text: str, original: Any) -> Any:
    """Typed text back as a value of the original's JSON type when it reads as one (an object stays an
    object, a number a number); otherwise the text itself."""
    if isinstance(original, str) or original is None:
        return text
    try:
        value = json.loads(text)
    except ValueError:
        return text
    if isinstance(original, bool):
        return value if isinstance(value, bool) else text
    if isinstance(original, int | float):
        return value if isinstance(value, int | float) and not isinstance(value, bool) else text
    return value if isinstance(value, type(original)) else text


def _is_reference(text: str) -> bool:
    return parse_reference(text) is not None


class ControlEditor(PropertyRow):
    """One control of the selected block: the kit's row base, keyed by the control's name in the file.
    Subclasses build widgets in `build()` and fill them in `show()`; what is typed is checked at once."""

    placeholder = ""
    help_above_problems = False

    def __init__(self, spec: ControlSpec, key: str, parent: QWidget) -> None:
        self.spec = spec
        self.references: ReferenceChoices = []
        # `key` is the name in the file: the declared name or one of its aliases.
        super().__init__(key, f"control_{spec.name}", spec.help, spec.name, parent, parent)

    @property
    def mode(self) -> str:
        return mode_for_kind(self.spec.kind)

    def load(self, value: Any, references: ReferenceChoices | None = None) -> None:
        self.references = references if references is not None else []
        super().load(value)

    def loaded(self, value: Any) -> None:
        self.check(value)

    def reporting(self, value: Any) -> None:
        self.check(value)

    def problems_of(self, value: Any) -> list[str]:
        # The declaration's own check: the same words validation, import and the run use.
        return control_problems(self.spec, value)

    def check(self, value: Any) -> None:
        self.problems.set_problems(self.problems_of(value))

    def accessible(self, widget: QWidget) -> None:
        widget.setAccessibleName(self.spec.name)
        if self.spec.help:
            widget.setAccessibleDescription(self.spec.help)

    def reference_button(self, insert: Callable[[str], None]) -> ReferenceButton:
        """A "$." button whose menu inserts a reference: the contact, the agent, earlier blocks' results."""
        return ReferenceButton(
            lambda: self.references,
            insert,
            self.widget,
            name=f"references_{self.spec.name}",
            tooltip="Insert a reference to the contact, the agent or a block's result",
            accessible_name=f"Insert a reference into {self.spec.name}",
        )


class TextControl(ControlEditor):
    """One line of text; may hold a reference or {{ }} template."""

    placeholder = "A value, $.payload.<key> or {{ $.contact.queueName }}"

    def build(self) -> None:
        row = QHBoxLayout()
        row.setSpacing(4)
        self.edit = QLineEdit(self.widget)
        self.edit.setObjectName(f"edit_{self.spec.name}")
        self.edit.setPlaceholderText(self.placeholder)
        self.accessible(self.edit)
        row.addWidget(self.edit, 1)
        row.addWidget(self.reference_button(self._insert))
        self.body.addLayout(row)
        self.edit.textEdited.connect(self._edited)

    def show(self, value: Any) -> None:
        text = as_text(value)
        if self.edit.text() != text:  # setText moves the cursor, which would jump while typing
            self.edit.setText(text)
            if not self.edit.hasFocus():
                self.edit.setCursorPosition(0)  # show the start of a long reference

    def _insert(self, reference: str) -> None:
        """At the cursor: the whole value of an empty box, bare inside `{{ }}`, else as a template."""
        text, cursor = insert_reference(self.edit.text(), self.edit.cursorPosition(), reference)
        self.edit.setText(text)
        self.edit.setCursorPosition(cursor)
        self.report(self.read(self.edit.text()), merge=False)

    def read(self, text: str) -> Any:
        return read_like(text, self.value)

    @Slot(str)
    def _edited(self, text: str) -> None:
        self.report(self.read(text))


class ReferenceControl(TextControl):
    placeholder = "$.contact.phoneNumber, $.actions.<id>.results.<field>, ..."


class NumberControl(TextControl):
    """A number, or a reference that gives one."""

    placeholder = "A number or $.payload.<key>"

    def read(self, text: str) -> Any:
        stripped = text.strip()
        if not stripped:
            return ""
        try:
            number = json.loads(stripped)
        except ValueError:
            return text
        return number if isinstance(number, int | float) and not isinstance(number, bool) else text


class MultilineControl(ControlEditor):
    """Several lines of text; expressions and templates use a fixed-width font."""

    def build(self) -> None:
        self.edit = QPlainTextEdit(self.widget)
        self.edit.setObjectName(f"edit_{self.spec.name}")
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(60)
        self.edit.setMaximumHeight(110)
        if self.spec.kind in ("expression", "template"):
            self.edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        placeholders = {
            "expression": "A JSONata expression, e.g. $.payload.amount > 100",
            "template": "Text with {{ $.contact.queueName }} or {{ $uppercase($.agent.name) }}",
        }
        self.edit.setPlaceholderText(placeholders.get(self.spec.kind, "Text; may hold {{ $.payload.<key> }}"))
        self.accessible(self.edit)
        self.body.addWidget(self.edit)
        self.edit.textChanged.connect(self._edited)

    def show(self, value: Any) -> None:
        text = as_text(value)
        if self.edit.toPlainText() != text:
            self.edit.setPlainText(text)

    @Slot()
    def _edited(self) -> None:
        self.report(read_like(self.edit.toPlainText(), self.value))


class ChoiceControl(ControlEditor):
    """One of the declared choices (or a reference, typed in)."""

    def items(self) -> list[str]:
        return list(self.spec.choices)

    def build(self) -> None:
        self.combo = QComboBox(self.widget)
        self.combo.setObjectName(f"edit_{self.spec.name}")
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.addItems(self.items())
        self.accessible(self.combo)
        self.body.addWidget(self.combo)
        self.combo.activated.connect(self._chosen)
        line = self.combo.lineEdit()
        if line is not None:
            line.textEdited.connect(self._typed)

    def show(self, value: Any) -> None:
        text = self.to_text(value)
        if self.combo.currentText() != text:
            index = self.combo.findText(text)
            if index >= 0:
                self.combo.setCurrentIndex(index)
            else:
                self.combo.setEditText(text)

    def to_text(self, value: Any) -> str:
        return as_text(value)

    def read(self, text: str) -> Any:
        return text

    @Slot(int)
    def _chosen(self, index: int) -> None:
        self.report(self.read(self.combo.itemText(index)), merge=False)

    @Slot(str)
    def _typed(self, text: str) -> None:
        self.report(self.read(text))


class BooleanControl(ChoiceControl):
    """true or false (or a reference)."""

    def items(self) -> list[str]:
        return ["true", "false"]

    def to_text(self, value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return as_text(value)

    def read(self, text: str) -> Any:
        lowered = text.strip().lower()
        return lowered == "true" if lowered in ("true", "false") else text


class ListControl(ControlEditor):
    """A table of items (each may hold a reference or template), or instead one reference that gives the
    whole value. `DictControl` is the same with key/value rows."""

    columns: tuple[str, ...] = ("Item",)
    add_text = "Add item"

    def build(self) -> None:
        self.reference = QLineEdit(self.widget)
        self.reference.setObjectName(f"reference_{self.spec.name}")
        self.reference.setPlaceholderText(
            "Or one reference giving the whole value: $.actions.<id>.results.<field>"
        )
        self.reference.setAccessibleName(f"{self.spec.name}: a reference instead of rows")
        self.table = QTableWidget(0, len(self.columns), self.widget)
        self.table.setObjectName(f"edit_{self.spec.name}")
        self.table.setHorizontalHeaderLabels(list(self.columns))
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setMinimumHeight(90)
        self.table.setMaximumHeight(150)
        self.accessible(self.table)
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        self.add_button = QPushButton(self.add_text, self.widget)
        self.add_button.setObjectName(f"add_{self.spec.name}")
        self.add_button.setAccessibleName(f"{self.add_text} to {self.spec.name}")
        self.remove_button = QPushButton("Remove", self.widget)
        self.remove_button.setObjectName(f"remove_{self.spec.name}")
        self.remove_button.setAccessibleName(f"Remove the selected row of {self.spec.name}")
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.body.addWidget(self.table)
        self.body.addLayout(buttons)
        self.body.addWidget(self.reference)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        self.table.itemChanged.connect(self._cell_changed)
        self.reference.textEdited.connect(self._reference_typed)
        self._originals: list[Any] = []

    def rows(self, value: Any) -> list[tuple[str, ...]]:
        items = value if isinstance(value, list) else []
        self._originals = list(items)
        return [(as_text(item),) for item in items]

    def value_from_rows(self) -> Any:
        return [read_like(self.cell(row, 0), self.original(row)) for row in range(self.table.rowCount())]

    def show(self, value: Any) -> None:
        is_reference = isinstance(value, str)
        self.reference.setText(value if is_reference else "")
        self.table.setEnabled(not is_reference)
        self.add_button.setEnabled(not is_reference)
        self.remove_button.setEnabled(not is_reference)
        if is_reference:
            return
        self.table.blockSignals(True)
        try:
            rows = self.rows(value)
            self.table.setRowCount(len(rows))
            for row, cells in enumerate(rows):
                for column, text in enumerate(cells):
                    self.table.setItem(row, column, QTableWidgetItem(text))
        finally:
            self.table.blockSignals(False)

    def cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def original(self, row: int) -> Any:
        return self._originals[row] if 0 <= row < len(self._originals) else ""

    @Slot()
    def add_row(self) -> None:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        try:
            self.table.insertRow(row)
            for column in range(self.table.columnCount()):
                self.table.setItem(row, column, QTableWidgetItem(""))
        finally:
            self.table.blockSignals(False)
        self._originals.append("")
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0) or QTableWidgetItem())

    @Slot()
    def remove_row(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < self.table.rowCount():
            self.table.removeRow(row)
            if row < len(self._originals):
                del self._originals[row]
            self.report(self.value_from_rows(), merge=False)

    @Slot(QTableWidgetItem)
    def _cell_changed(self, item: QTableWidgetItem) -> None:
        self.report(self.value_from_rows(), merge=False)

    @Slot(str)
    def _reference_typed(self, text: str) -> None:
        if text.strip():
            self.table.setEnabled(False)
            self.report(text)
        else:
            self.table.setEnabled(True)
            self.add_button.setEnabled(True)
            self.remove_button.setEnabled(True)
            self.report(self.value_from_rows())


class DictControl(ListControl):
    """Key/value pairs: each value may hold a reference or template."""

    columns = ("Key", "Value")
    add_text = "Add pair"

    def rows(self, value: Any) -> list[tuple[str, ...]]:
        pairs = value if isinstance(value, dict) else {}
        self._originals = list(pairs.values())
        return [(str(key), as_text(item)) for key, item in pairs.items()]

    def value_from_rows(self) -> Any:
        pairs: dict[str, Any] = {}
        for row in range(self.table.rowCount()):
            key = self.cell(row, 0).strip()
            if key:
                pairs[key] = read_like(self.cell(row, 1), self.original(row))
        return pairs

    def problems_of(self, value: Any) -> list[str]:
        problems = super().problems_of(value)
        keys = [
            self.cell(row, 0).strip() for row in range(self.table.rowCount()) if self.cell(row, 0).strip()
        ]
        if not isinstance(value, str) and len(keys) != len(set(keys)):
            problems.append("a key is used twice: only its last value is kept")
        return problems


# The registration: the editor for each kind of control the registry declares.
CONTROL_EDITORS: EditorRegistry[ControlKind, type[ControlEditor]] = EditorRegistry("control kind")
for _kind, _editor in (
    ("text", TextControl),
    ("multiline", MultilineControl),
    ("number", NumberControl),
    ("boolean", BooleanControl),
    ("choice", ChoiceControl),
    ("dict", DictControl),
    ("list", ListControl),
    ("expression", MultilineControl),
    ("template", MultilineControl),
    ("reference", ReferenceControl),
):
    CONTROL_EDITORS.register(cast(ControlKind, _kind), _editor)


def control_editor(spec: ControlSpec, key: str, parent: QWidget) -> ControlEditor:
    # A kind declared after this module was written reads as text until it has an editor of its own
    # (tests/gui/designer fails meanwhile).
    return CONTROL_EDITORS.editor_for(spec.kind, TextControl)(spec, key, parent)
