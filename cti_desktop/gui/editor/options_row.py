"""The form designer's inspector row for a choice field's options: a table of label/value pairs with
buttons to add, remove and reorder them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QPushButton, QTableView

from cti_desktop.domain.form_types import P_OPTIONS, FieldType
from cti_desktop.domain.forms import FormField
from cti_desktop.gui.editor.property_editor import PropertyEditor
from cti_desktop.gui.models.options import OptionsModel


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
