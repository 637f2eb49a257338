"""The Form fields tab: palette, canvas and inspector, with undo/redo and "Preview as agent"."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QListView,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cti_desktop.domain.form_document import FormDocument
from cti_desktop.domain.form_types import copy_field, new_field
from cti_desktop.domain.forms import FormField, FormSpec
from cti_desktop.domain.problems import Problem
from cti_desktop.gui.designer.commands import redo_shortcuts
from cti_desktop.gui.designer.palette import TYPE_ROLE
from cti_desktop.gui.designer.widgets import HelpLabel, titled_panel
from cti_desktop.gui.editor.canvas import FieldCanvas
from cti_desktop.gui.editor.commands import (
    EditFieldCommand,
    InsertFieldCommand,
    MoveFieldCommand,
    RemoveFieldCommand,
)
from cti_desktop.gui.editor.inspector import FieldInspector, property_for_path
from cti_desktop.gui.forms.form_view import FormView
from cti_desktop.gui.models.field_palette import field_palette_model
from cti_desktop.gui.models.form_fields import FormFieldsModel
from cti_desktop.services.actions import form_defaults

# What the preview fills reference defaults from: a made-up contact, so `$.contact.phoneNumber` shows.
SAMPLE_SCOPE: Mapping[str, Any] = {
    "contact": {
        "contactId": "sample-contact-1",
        "type": "voice",
        "phoneNumber": "+12065550100",
        "formattedPhoneNumber": "(206) 555-0100",
        "formattedNumberE164": "+12065550100",
        "queueName": "Customer Service",
        "isInbound": True,
        "attributes": {},
    },
    "agent": {"name": "Sample Agent", "username": "sample.agent", "extension": "", "state": "Available"},
    "payload": {},
    "actions": {},
    "properties": {},
}


class FormDesigner(QWidget):
    """Designs the fields of a form. Every edit is a command on `undo_stack`; `changed` follows each."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formDesigner")
        self.document = FormDocument()
        self.model = FormFieldsModel(self.document, self)
        self.undo_stack = QUndoStack(self)
        self._title = ""
        self._instructions = ""
        self._selecting = False

        # Palette
        self.palette_model = field_palette_model(self)
        self.palette_view = QListView(self)
        self.palette_view.setObjectName("fieldPalette")
        self.palette_view.setAccessibleName("Field types")
        self.palette_view.setAccessibleDescription(
            "Press Enter or double-click to add the field type to the form"
        )
        self.palette_view.setModel(self.palette_model)
        self.palette_view.setDragEnabled(True)
        self.palette_view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.palette_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.palette_view.setSpacing(2)
        self.palette_view.setMinimumWidth(150)
        self.palette_view.setMaximumWidth(200)
        # `activated` is a double-click, or Enter from the keyboard.
        self.palette_view.activated.connect(self._palette_activated)

        # Canvas
        self.canvas = FieldCanvas(self)
        self.canvas.setModel(self.model)
        self.canvas.add_requested.connect(self.add_field)
        self.canvas.move_requested.connect(self.move_field)
        self.canvas.delete_requested.connect(self.delete_selected)
        self.canvas.selectionModel().currentChanged.connect(self._current_changed)

        # Inspector
        self.inspector = FieldInspector(self)
        self.inspector.setMinimumWidth(300)
        self.inspector.field_edited.connect(self._inspector_edited)

        self.model.rowsInserted.connect(self._model_changed)
        self.model.rowsRemoved.connect(self._model_changed)
        self.model.rowsMoved.connect(self._model_changed)
        self.model.dataChanged.connect(self._field_data_changed)
        self.model.modelReset.connect(self._model_changed)

        # Toolbar
        self.undo_action = self.undo_stack.createUndoAction(self, "Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "Redo")
        self.redo_action.setShortcuts(redo_shortcuts())
        self.duplicate_action = QAction("Duplicate", self)
        self.duplicate_action.setShortcut(QKeySequence("Ctrl+D"))
        self.duplicate_action.triggered.connect(self.duplicate_selected)
        self.delete_action = QAction("Delete", self)
        self.delete_action.triggered.connect(self.delete_selected)
        self.up_action = QAction("Move up", self)
        self.up_action.triggered.connect(self._move_up)
        self.down_action = QAction("Move down", self)
        self.down_action.triggered.connect(self._move_down)
        for action in (self.undo_action, self.redo_action, self.duplicate_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)

        toolbar = QHBoxLayout()
        toolbar.setSpacing(4)
        for action, name, tip in (
            (self.undo_action, "undoButton", "Undo (Ctrl+Z)"),
            (self.redo_action, "redoButton", "Redo (Ctrl+Shift+Z)"),
            (self.duplicate_action, "duplicateFieldButton", "Duplicate the selected field (Ctrl+D)"),
            (self.delete_action, "deleteFieldButton", "Delete the selected field (Del)"),
            (self.up_action, "moveUpButton", "Move the selected field up (Alt+Up)"),
            (self.down_action, "moveDownButton", "Move the selected field down (Alt+Down)"),
        ):
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setObjectName(name)
            button.setToolTip(tip)
            button.setAccessibleName(action.text())
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            toolbar.addWidget(button)
            if name in ("redoButton", "deleteFieldButton"):
                separator = QFrame(self)
                separator.setFrameShape(QFrame.Shape.VLine)
                separator.setFrameShadow(QFrame.Shadow.Sunken)
                toolbar.addWidget(separator)
        toolbar.addStretch(1)
        self.preview_button = QPushButton("Preview as agent", self)
        self.preview_button.setObjectName("previewButton")
        self.preview_button.setCheckable(True)
        self.preview_button.setToolTip("See and try the form exactly as the overlay shows it")
        self.preview_button.toggled.connect(self.set_preview)
        toolbar.addWidget(self.preview_button)

        # Pages: design and preview
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(
            titled_panel("Field types", "Drag onto the form or double-click.", self.palette_view, splitter)
        )
        splitter.addWidget(titled_panel("Form", "", self.canvas, splitter))
        splitter.addWidget(titled_panel("Field properties", "", self.inspector, splitter))
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([170, 420, 340])
        self.splitter = splitter

        self.preview_page = self._build_preview_page()
        self.pages = QStackedWidget(self)
        self.pages.addWidget(splitter)
        self.pages.addWidget(self.preview_page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(toolbar)
        layout.addWidget(self.pages, 1)
        self._update_actions()

    def _build_preview_page(self) -> QWidget:
        page = QWidget(self)
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        note = HelpLabel(
            "This is the form as agents see it in the overlay, with live checks. Defaults that refer to the "
            "contact are filled from a sample call from (206) 555-0100. Nothing is sent.",
            page,
        )
        outer.addWidget(note)
        scroll = QScrollArea(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.addStretch(1)
        self.preview_card = QFrame(holder)
        self.preview_card.setObjectName("previewCard")
        self.preview_card.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview_card.setFixedWidth(400)
        card_layout = QVBoxLayout(self.preview_card)
        card_layout.setContentsMargins(18, 18, 18, 18)
        self.preview = FormView(FormSpec(), parent=self.preview_card, preview=True)
        self.preview.setAccessibleName("Form preview")
        card_layout.addWidget(self.preview)
        buttons = QHBoxLayout()
        self.preview_check = QPushButton("Check form", self.preview_card)
        self.preview_check.setObjectName("previewCheck")
        self.preview_check.setToolTip("Show every problem, as when the agent presses Run")
        self.preview_check.clicked.connect(self.preview.validate)
        self.preview_reset = QPushButton("Reset", self.preview_card)
        self.preview_reset.setObjectName("previewReset")
        self.preview_reset.clicked.connect(self.refresh_preview)
        buttons.addStretch(1)
        buttons.addWidget(self.preview_reset)
        buttons.addWidget(self.preview_check)
        card_layout.addLayout(buttons)
        card_layout.addStretch(1)
        row.addWidget(self.preview_card, 0, Qt.AlignmentFlag.AlignTop)
        row.addStretch(1)
        scroll.setWidget(holder)
        outer.addWidget(scroll, 1)
        return page

    # -- content ---------------------------------------------------------------------------------------

    def set_fields(self, fields: tuple[FormField, ...]) -> None:
        """Load a form's fields; the undo history starts afresh."""
        self.undo_stack.clear()
        self.document.reset(fields)
        self.select_row(0 if fields else -1)
        self.undo_stack.setClean()
        if self.preview_button.isChecked():
            self.refresh_preview()

    def fields(self) -> tuple[FormField, ...]:
        return self.document.fields()

    def set_header(self, title: str, instructions: str) -> None:
        """The Overview tab's title and instructions, for the preview."""
        self._title, self._instructions = title, instructions
        if self.preview_button.isChecked():
            self.refresh_preview()

    def spec(self) -> FormSpec:
        return FormSpec(self._title, self._instructions, self.fields())

    def show_problems(self, problems: list[Problem], prefix: str = "form.fields") -> None:
        """Problems with paths such as `form.fields[2].label`: on the cards and in the inspector."""
        by_row: dict[int, list[str]] = {}
        by_property: dict[int, dict[str, list[str]]] = {}
        for problem in problems:
            if not problem.field_path.startswith(f"{prefix}["):
                continue
            try:
                row = int(problem.field_path[len(prefix) + 1 :].split("]", 1)[0])
            except ValueError:
                continue
            by_row.setdefault(row, []).append(problem.message)
            key = property_for_path(problem.field_path)
            by_property.setdefault(row, {}).setdefault(key, []).append(problem.message)
        self.model.set_problems(by_row)
        self._property_problems = by_property
        self.inspector.show_problems(by_property.get(self.selected_row(), {}))

    _property_problems: dict[int, dict[str, list[str]]] = {}

    # -- selection -------------------------------------------------------------------------------------

    def selected_row(self) -> int:
        return self.canvas.currentIndex().row()

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row)
            self.canvas.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.canvas.scrollTo(index)
        else:
            self.canvas.selectionModel().clear()
        self._load_inspector()

    @Slot(QModelIndex, QModelIndex)
    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._load_inspector()

    def _load_inspector(self) -> None:
        row = self.selected_row()
        field = self.model.field(row) if 0 <= row < self.model.rowCount() else None
        self.inspector.load(field, self.model.fields())
        self.inspector.show_problems(self._property_problems.get(row, {}))
        self._update_actions()

    def _update_actions(self) -> None:
        row = self.selected_row()
        has = row >= 0
        self.duplicate_action.setEnabled(has)
        self.delete_action.setEnabled(has)
        self.up_action.setEnabled(has and row > 0)
        self.down_action.setEnabled(has and row < self.model.rowCount() - 1)

    # -- edits (each an undoable command) --------------------------------------------------------------------

    @Slot(str, int)
    def add_field(self, type_name: str, row: int = -1) -> None:
        if row < 0:
            selected = self.selected_row()
            row = selected + 1 if selected >= 0 else self.model.rowCount()
        field = new_field(type_name, self.model.names())
        self.undo_stack.push(InsertFieldCommand(self, row, field))

    @Slot(QModelIndex)
    def _palette_activated(self, index: QModelIndex) -> None:
        type_name = index.data(TYPE_ROLE)
        if type_name:
            self.add_field(type_name)
            self.canvas.setFocus()

    @Slot()
    def delete_selected(self) -> None:
        row = self.selected_row()
        if row >= 0:
            self.undo_stack.push(RemoveFieldCommand(self, row))

    @Slot()
    def duplicate_selected(self) -> None:
        row = self.selected_row()
        if row >= 0:
            copy = copy_field(self.model.field(row), self.model.names())
            self.undo_stack.push(InsertFieldCommand(self, row + 1, copy, verb="Duplicate"))

    @Slot(int, int)
    def move_field(self, source: int, destination: int) -> None:
        rows = self.model.rowCount()
        if source != destination and 0 <= source < rows and 0 <= destination < rows:
            self.undo_stack.push(MoveFieldCommand(self, source, destination))

    @Slot()
    def _move_up(self) -> None:
        self.move_field(self.selected_row(), self.selected_row() - 1)

    @Slot()
    def _move_down(self) -> None:
        self.move_field(self.selected_row(), self.selected_row() + 1)

    @Slot(object, str)
    def _inspector_edited(self, new: FormField, merge_key: str) -> None:
        row = self.selected_row()
        if row < 0 or new == self.model.field(row):
            return
        self.undo_stack.push(EditFieldCommand(self, row, new, merge_key))

    # -- reactions -----------------------------------------------------------------------------------

    @Slot()
    def _model_changed(self) -> None:
        self._update_actions()
        self.changed.emit()

    def _field_data_changed(
        self, top_left: QModelIndex, bottom_right: QModelIndex, roles: Any = None
    ) -> None:
        if roles:
            return  # only problems were updated
        if top_left.row() <= self.selected_row() <= bottom_right.row():
            self._load_inspector()
        self.changed.emit()

    # -- preview ---------------------------------------------------------------------------------------

    @Slot(bool)
    def set_preview(self, on: bool) -> None:
        if self.preview_button.isChecked() != on:
            self.preview_button.setChecked(on)  # comes back here through toggled
            return
        if on:
            self.refresh_preview()
        self.pages.setCurrentIndex(1 if on else 0)
        for action in (self.duplicate_action, self.delete_action, self.up_action, self.down_action):
            action.setEnabled(not on and action.isEnabled())
        if not on:
            self._update_actions()

    @Slot()
    def refresh_preview(self) -> None:
        spec = self.spec()
        self.preview.set_spec(FormSpec(), {})  # forget typed values: the preview starts as an agent's would
        self.preview.set_spec(spec, form_defaults(spec, SAMPLE_SCOPE))
