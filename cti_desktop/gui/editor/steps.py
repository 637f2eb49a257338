"""The three steps of an action: Name and Flow, Payload, Additional Data. Each step fills its widgets
from a `CtiAction`, reads them back, shows the problems whose paths concern it and emits `changed` on
every edit."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cti_desktop.domain.actions import CtiAction, FlowRef
from cti_desktop.domain.forms import FormSpec
from cti_desktop.domain.problems import Problem
from cti_desktop.gui.designer.widgets import HelpLabel, ProblemLabel
from cti_desktop.gui.editor.form_designer import FormDesigner
from cti_desktop.gui.models.payload import KEY, VALUE, PayloadModel
from cti_desktop.gui.ui_generated.editor_name_flow_ui import Ui_NameFlowStep

Index = QModelIndex | QPersistentModelIndex


def _messages(problems: list[Problem], path: str) -> list[str]:
    return [p.message for p in problems if p.field_path == path]


def _field_block(parent: QWidget, widget: QWidget, help_text: str, name: str) -> tuple[QWidget, ProblemLabel]:
    """The widget with its problems and help text under it, as one form row."""
    block = QWidget(parent)
    layout = QVBoxLayout(block)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(3)
    layout.addWidget(widget)
    # Unwrapped (long texts carry <br>): QFormLayout gets the height of wrapped labels in nested widgets
    # wrong and squeezes the rows.
    problems = ProblemLabel(block, name, wrap=False)
    layout.addWidget(problems)
    if help_text:
        layout.addWidget(HelpLabel(help_text, block, wrap=False))
    return block, problems


def _form_layout(parent: QWidget) -> QFormLayout:
    form = QFormLayout(parent)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setHorizontalSpacing(16)
    form.setVerticalSpacing(14)
    form.setContentsMargins(12, 16, 12, 12)
    form.setFormAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return form


class NameFlowStep(QWidget):
    """Step 1: Action Name, CTI Flow (only CTI Action flows), Order, Active, Shortcut. The layout is
    drawn in ui/editor_name_flow.ui; what changes with the action (the flows offered, the values, the
    problems) is filled in here."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_NameFlowStep()
        self.ui.setupUi(self)
        self.setObjectName("stepNameFlow")
        ui = self.ui
        self.name_edit = ui.actionName
        self.flow_combo = ui.actionFlow
        self.order_spin = ui.actionOrder
        self.active_check = ui.actionActive
        self.shortcut_edit = ui.actionShortcut
        self.shortcut_clear = ui.actionShortcutClear
        self.name_problems = ui.problem_name
        self.flow_problems = ui.problem_flow
        self.order_problems = ui.problem_order
        self.shortcut_problems = ui.problem_shortcut
        self.broken_label = ui.problem_broken

        self.shortcut_clear.clicked.connect(self.shortcut_edit.clear)
        self.name_edit.textChanged.connect(self.changed)
        self.flow_combo.currentIndexChanged.connect(self.changed)
        self.order_spin.valueChanged.connect(self.changed)
        self.active_check.toggled.connect(self.changed)
        self.shortcut_edit.keySequenceChanged.connect(self.changed)

    def set_flows(self, flows: list[FlowRef]) -> None:
        """The CTI Action flows to offer (the caller passes only those)."""
        current = self.flow_combo.currentData()
        self.flow_combo.blockSignals(True)
        self.flow_combo.clear()
        self.flow_combo.addItem("Choose a CTI Action flow…", None)
        for flow in flows:
            self.flow_combo.addItem(flow.name, flow.id)
        self.flow_combo.setCurrentIndex(max(0, self.flow_combo.findData(current)))
        self.flow_combo.blockSignals(False)

    def load(self, action: CtiAction) -> None:
        self.name_edit.setText(action.name)
        self.flow_combo.setCurrentIndex(max(0, self.flow_combo.findData(action.flow_id)))
        self.order_spin.setValue(action.order)
        self.active_check.setChecked(action.active)
        self.shortcut_edit.setKeySequence(QKeySequence(action.shortcut))
        self.broken_label.set_problems([f"This action cannot run: {action.broken}"] if action.broken else [])

    def read(self, action: CtiAction) -> CtiAction:
        flow_id = self.flow_combo.currentData()
        shortcut = self.shortcut_edit.keySequence().toString(QKeySequence.SequenceFormat.PortableText)
        return replace(
            action,
            name=self.name_edit.text().strip(),
            flow_id=flow_id,
            flow_name=self.flow_combo.currentText() if flow_id is not None else "",
            order=self.order_spin.value(),
            active=self.active_check.isChecked(),
            shortcut=shortcut,
        )

    def show_problems(self, problems: list[Problem]) -> None:
        self.name_problems.set_problems(_messages(problems, "name"))
        self.flow_problems.set_problems(_messages(problems, "flow"))
        self.order_problems.set_problems(_messages(problems, "order"))
        self.shortcut_problems.set_problems(_messages(problems, "shortcut"))


class LiveCellDelegate(QStyledItemDelegate):
    """Commits a cell on every keystroke, so the payload is checked as the supervisor types."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            editor.setPlaceholderText(
                "cardType" if index.column() == KEY else "standard, $.contact.queueName, …"
            )
            editor.textEdited.connect(self._typed)
        return editor

    @Slot()
    def _typed(self) -> None:
        editor = self.sender()
        if isinstance(editor, QWidget):
            self.commitData.emit(editor)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        # The model echoes each commit back; leave the text alone so the cursor does not jump.
        if isinstance(editor, QLineEdit) and editor.text() == index.data(Qt.ItemDataRole.EditRole):
            return
        super().setEditorData(editor, index)


class PayloadStep(QWidget):
    """Step 2: the static payload as Key / Value rows."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stepPayload")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 16, 12, 12)
        layout.setSpacing(8)
        layout.addWidget(
            HelpLabel(
                "Optional values sent to the flow every time, read as <i>$.payload.&lt;key&gt;</i>. Keys are "
                "camelCase words such as <i>cardType</i>. Values may be text, a reference such as "
                "<i>$.contact.queueName</i>, or a template such as "
                "<i>Call from {{ $.contact.phoneNumber }}</i>. A form field with the same name replaces the "
                "value.",
                self,
            )
        )
        self.model = PayloadModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("payloadTable")
        self.table.setAccessibleName("Payload")
        self.table.setModel(self.model)
        self.table.setItemDelegate(LiveCellDelegate(self.table))
        self.table.horizontalHeader().setSectionResizeMode(KEY, QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setSectionResizeMode(VALUE, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(KEY, 220)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        layout.addWidget(self.table, 1)
        self.problems = ProblemLabel(self, "payload")
        layout.addWidget(self.problems)
        buttons = QHBoxLayout()
        self.add_button = self._button("Add row", "payloadAdd", "Add a key/value row", self.add_row)
        self.remove_button = self._button(
            "Remove row", "payloadRemove", "Remove the selected row", self.remove_row
        )
        self.up_button = self._button("Move up", "payloadUp", "Move the selected row up", self.move_up)
        self.down_button = self._button(
            "Move down", "payloadDown", "Move the selected row down", self.move_down
        )
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.model.dataChanged.connect(self._data_changed)
        self.model.rowsInserted.connect(self.changed)
        self.model.rowsRemoved.connect(self.changed)
        self.model.rowsMoved.connect(self.changed)
        self.table.selectionModel().currentChanged.connect(self._update_buttons)
        self._update_buttons()

    def _button(self, text: str, name: str, tip: str, slot: Any) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.clicked.connect(slot)
        return button

    def _data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles: Any = None) -> None:
        if roles and Qt.ItemDataRole.EditRole not in roles:
            return  # only problems were updated
        self.changed.emit()

    @Slot()
    def _update_buttons(self) -> None:
        row = self.table.currentIndex().row()
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.model.rowCount() - 1)

    @Slot()
    def add_row(self) -> None:
        row = self.model.rowCount()
        self.model.insertRows(row, 1)
        index = self.model.index(row, KEY)
        self.table.setCurrentIndex(index)
        self.table.setFocus()
        self.table.edit(index)
        self._update_buttons()

    @Slot()
    def remove_row(self) -> None:
        row = self.table.currentIndex().row()
        if row >= 0:
            self.model.removeRows(row, 1)
            self.table.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1), KEY))
        self._update_buttons()

    def _move(self, delta: int) -> None:
        row = self.table.currentIndex().row()
        target = row + delta
        if row < 0 or not 0 <= target < self.model.rowCount():
            return
        destination = target + 1 if delta > 0 else target
        if self.model.moveRows(QModelIndex(), row, 1, QModelIndex(), destination):
            self.table.setCurrentIndex(self.model.index(target, self.table.currentIndex().column()))
        self._update_buttons()

    @Slot()
    def move_up(self) -> None:
        self._move(-1)

    @Slot()
    def move_down(self) -> None:
        self._move(1)

    def load(self, action: CtiAction) -> None:
        self.model.set_entries(action.payload)
        self._update_buttons()

    def read(self, action: CtiAction) -> CtiAction:
        return replace(action, payload=self.model.entries())

    def show_problems(self, problems: list[Problem]) -> None:
        cells: dict[tuple[int, int], str] = {}
        messages = []
        for problem in problems:
            if not problem.field_path.startswith("payload["):
                continue
            try:
                row = int(problem.field_path[len("payload[") :].split("]", 1)[0])
            except ValueError:
                continue
            column = VALUE if problem.field_path.endswith(".value") else KEY
            cells[(row, column)] = problem.message
            messages.append(problem.message)
        self.model.set_problems(cells)
        self.problems.set_problems(messages)


class AdditionalDataStep(QWidget):
    """Step 3: the Overview tab (title, instructions) and the Form fields designer."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stepAdditionalData")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("additionalDataTabs")
        self.tabs.setAccessibleName("Additional data")
        self.tabs.setAccessibleDescription("An overview of the form, and the form fields the agent fills in")
        self.tabs.setDocumentMode(True)

        overview_page = QWidget(self.tabs)
        overview_page.setObjectName("overviewTab")
        page_layout = QVBoxLayout(overview_page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        overview = QWidget(overview_page)
        page_layout.addWidget(overview)
        page_layout.addStretch(1)
        form = _form_layout(overview)
        intro = HelpLabel(
            "An optional form the agent fills in before the flow runs; the values reach the flow as "
            "<i>$.payload.&lt;field name&gt;</i>.<br>An action with no title, no instructions and no fields "
            "has no form: it runs as soon as the agent clicks it.",
            overview,
            wrap=False,
        )
        form.addRow(intro)
        self.title_edit = QLineEdit(overview)
        self.title_edit.setObjectName("formTitleEdit")
        self.title_edit.setAccessibleName("Form title")
        self.title_edit.setPlaceholderText("e.g. Customer Gift Card")
        block, self.title_problems = _field_block(
            overview, self.title_edit, "Shown at the top of the form.", "title"
        )
        title_label = QLabel("&Title", overview)
        title_label.setBuddy(self.title_edit)
        form.addRow(title_label, block)
        self.instructions_edit = QPlainTextEdit(overview)
        self.instructions_edit.setObjectName("formInstructionsEdit")
        self.instructions_edit.setAccessibleName("Form instructions")
        self.instructions_edit.setPlaceholderText("e.g. Please fill in these details.")
        self.instructions_edit.setTabChangesFocus(True)
        self.instructions_edit.setFixedHeight(110)
        block, self.instructions_problems = _field_block(
            overview,
            self.instructions_edit,
            "What the agent should do, shown under the title.",
            "instructions",
        )
        instructions_label = QLabel("&Instructions", overview)
        instructions_label.setBuddy(self.instructions_edit)
        form.addRow(instructions_label, block)

        self.designer = FormDesigner(self.tabs)
        self.tabs.addTab(overview_page, "Overview")
        self.tabs.addTab(self.designer, "Form fields")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        self.title_edit.textChanged.connect(self._header_changed)
        self.instructions_edit.textChanged.connect(self._header_changed)
        self.designer.changed.connect(self.changed)

    @Slot()
    def _header_changed(self) -> None:
        self.designer.set_header(self.title_edit.text(), self.instructions_edit.toPlainText())
        self.changed.emit()

    def load(self, action: CtiAction) -> None:
        self.title_edit.setText(action.form.title)
        self.instructions_edit.setPlainText(action.form.instructions)
        self.designer.set_fields(action.form.fields)

    def read(self, action: CtiAction) -> CtiAction:
        form = FormSpec(
            self.title_edit.text().strip(),
            self.instructions_edit.toPlainText().strip(),
            self.designer.fields(),
        )
        return replace(action, form=form)

    def show_problems(self, problems: list[Problem]) -> None:
        self.title_problems.set_problems(_messages(problems, "form.title"))
        self.instructions_problems.set_problems(_messages(problems, "form.instructions"))
        self.designer.show_problems(problems)
