"""What screen pops open in the workspace: a CRM record (fields editable, Save), the list of matches to
choose from, and a new-record form prefilled by the flow. Phone fields carry a Dial button
(click-to-dial)."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Mapping
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from cti_desktop.crm.base import CrmError, CrmRecord
from cti_desktop.gui.operations import run_in_background
from cti_desktop.gui.overlay.labels import value_text

log = logging.getLogger(__name__)

# Fields shown first, in this order, when a record has them; the rest follow as the record holds them.
LEADING_FIELDS = (
    "Name",
    "FirstName",
    "LastName",
    "Salutation",
    "Title",
    "Company",
    "Account",
    "Phone",
    "MobilePhone",
    "HomePhone",
    "Email",
    "Status",
    "Subject",
)
# Fields a new record of a type starts with, besides those the flow prefilled.
NEW_RECORD_FIELDS = {
    "Contact": ("FirstName", "LastName", "Phone", "Email"),
    "Lead": ("FirstName", "LastName", "Company", "Phone", "Email"),
    "Account": ("Name", "Phone"),
    "Case": ("Subject", "Description", "Status"),
    "Task": ("Subject", "Status"),
}


def field_label(name: str) -> str:
    """`MailingCity` -> "Mailing City", `AccountId` -> "Account Id": API names read as labels."""
    base = name[: -len("__c")] if name.endswith("__c") else name
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", base.replace("_", " "))
    spaced = " ".join(spaced.split())
    return spaced[:1].upper() + spaced[1:]


def is_phone_field(name: str) -> bool:
    return "phone" in name.lower()


def record_title(record: CrmRecord) -> str:
    name = record.value("Name")
    if not name:
        name = " ".join(str(record.value(k) or "") for k in ("FirstName", "LastName")).strip()
    if not name:
        name = str(record.value("Subject") or record.Id)
    return f"{record.type}: {name}"


def _ordered(fields: Mapping[str, Any]) -> list[str]:
    leading = [k for k in LEADING_FIELDS if k in fields]
    return leading + [k for k in fields if k not in leading]


class FieldsEditor(QWidget):
    """Label / editor rows for a record's fields; phone fields get a Dial button."""

    changed = Signal()
    dial_requested = Signal(str)

    def __init__(self, fields: Mapping[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._original = {k: value_text(v) for k, v in fields.items()}
        self._raw = dict(fields)
        self.edits: dict[str, QLineEdit] = {}
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for name in _ordered(fields):
            self.add_field(name, self._original[name])

    def add_field(self, name: str, text: str = "") -> QLineEdit:
        edit = QLineEdit(text)
        edit.setObjectName(f"field_{name}")
        edit.setAccessibleName(name)
        edit.textChanged.connect(self.changed)
        self.edits[name] = edit
        if is_phone_field(name):
            row = QWidget()
            box = QHBoxLayout(row)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(edit, 1)
            dial = QToolButton()
            dial.setObjectName(f"dial_{name}")
            dial.setText("Dial")
            dial.setToolTip(f"Call this number ({name})")
            dial.setAccessibleName(f"Dial {name}")
            dial.clicked.connect(partial(self._dial, edit))
            box.addWidget(dial)
            self.form.addRow(f"{field_label(name)}:", row)
        else:
            self.form.addRow(f"{field_label(name)}:", edit)
        return edit

    def _dial(self, edit: QLineEdit, _checked: bool = False) -> None:
        self.dial_requested.emit(edit.text())

    def values(self) -> dict[str, str]:
        return {name: edit.text() for name, edit in self.edits.items()}

    def changes(self) -> dict[str, Any]:
        """The fields the agent changed; an emptied field is cleared (null)."""
        out: dict[str, Any] = {}
        for name, edit in self.edits.items():
            text = edit.text()
            if text != self._original.get(name, ""):
                out[name] = text if text != "" else None
        return out

    def mark_saved(self, fields: Mapping[str, Any]) -> None:
        self._original = {k: value_text(v) for k, v in fields.items()}


class RecordView(QWidget):
    """A CRM record opened by a screen pop (or from a list of matches)."""

    dial_requested = Signal(str)
    saved = Signal(object)

    def __init__(self, crm: Any, record: CrmRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordView")
        self._crm = crm
        self._saving: asyncio.Future[None] | None = None
        self.record = record
        self.setAccessibleName(record_title(record))
        heading = QLabel(record_title(record))
        heading.setObjectName("recordHeading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        heading.setFont(font)
        heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        id_label = QLabel(f"{record.type} · Id {record.Id}")
        id_label.setObjectName("recordId")
        id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        id_label.setEnabled(False)
        self.fields = FieldsEditor(record.fields)
        self.fields.changed.connect(self._changed)
        self.fields.dial_requested.connect(self.dial_requested)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.fields)
        self.status = QLabel("")
        self.status.setObjectName("recordStatus")
        self.status.setAccessibleName("Save status")
        self.status.setWordWrap(True)
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("recordSave")
        self.save_button.setAccessibleName(f"Save {record_title(record)}")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(id_label)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    @Slot()
    def _changed(self) -> None:
        dirty = bool(self.fields.changes())
        self.save_button.setEnabled(dirty)
        if dirty:
            self.status.setText("Unsaved changes")

    @Slot()
    def save(self) -> None:
        """Store the edited fields in a worker thread (the CRM may be large; the agent is on a call)."""
        changes = self.fields.changes()
        if not changes or self._saving is not None:
            return
        self.save_button.setEnabled(False)
        self.status.setText("Saving…")
        self._saving = asyncio.ensure_future(self._save(changes))

    async def _save(self, changes: dict[str, Any]) -> None:
        try:
            record = await run_in_background(
                self, "The record was not saved", self._crm.update, self.record.Id, changes
            )
        except CrmError as exc:
            record, problem = None, f"Not saved: {exc}"
        else:
            problem = "Not saved"
        if not isValid(self):
            return  # the tab was closed meanwhile; the change is stored all the same
        self._saving = None
        if record is None:
            self.status.setText(problem)
            self.save_button.setEnabled(bool(self.fields.changes()))
            return
        self.record = record
        self.fields.mark_saved(record.fields)
        self.save_button.setEnabled(False)
        self.status.setText("Saved")
        self.saved.emit(record)

    def reload(self, record: CrmRecord) -> None:
        """The same record popped again: show what the CRM holds now, unless the agent is editing."""
        if self.fields.changes():
            return
        self.record = record
        for name, value in record.fields.items():
            edit = self.fields.edits.get(name)
            if edit is None:
                edit = self.fields.add_field(name)
            edit.setText(value_text(value))
        self.fields.mark_saved(record.fields)
        self.save_button.setEnabled(False)


class MatchListView(QWidget):
    """Several records matched: the agent picks one to open."""

    open_requested = Signal(object)

    COLUMNS = ("Name", "Type", "Phone", "Email", "Id")

    def __init__(self, records: list[CrmRecord], search: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("matchListView")
        self.records = list(records)
        heading = QLabel(
            f"{len(records)} records match {search!r}. Choose one to open."
            if search
            else f"{len(records)} matching records. Choose one to open."
        )
        heading.setObjectName("matchHeading")
        heading.setWordWrap(True)
        self.table = QTableWidget(len(records), len(self.COLUMNS))
        self.table.setObjectName("matchTable")
        self.table.setAccessibleName("Matching records")
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, record in enumerate(records):
            name = record_title(record).split(": ", 1)[1]
            phone = next((value_text(v) for k, v in record.fields.items() if is_phone_field(k) and v), "")
            cells = (name, record.type, phone, value_text(record.value("Email")), record.Id)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if records:
            self.table.selectRow(0)
        self.table.itemActivated.connect(self._activated)
        self.open_button = QPushButton("Open")
        self.open_button.setObjectName("matchOpen")
        self.open_button.setAccessibleName("Open the selected record")
        self.open_button.setEnabled(bool(records))
        self.open_button.clicked.connect(self.open_selected)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    @Slot(QTableWidgetItem)
    def _activated(self, item: QTableWidgetItem) -> None:
        self.open_requested.emit(self.records[item.row()])

    @Slot()
    def open_selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.records):
            self.open_requested.emit(self.records[row])


class NewRecordView(QWidget):
    """A new record of a type, prefilled with what the flow gave; Create stores it in the CRM."""

    created = Signal(object)
    dial_requested = Signal(str)

    def __init__(
        self, crm: Any, entity_name: str, defaults: Mapping[str, Any], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newRecordView")
        self._crm = crm
        self._creating: asyncio.Future[None] | None = None
        self.entity_name = entity_name
        fields: dict[str, Any] = {name: "" for name in NEW_RECORD_FIELDS.get(entity_name, ())}
        fields.update(defaults)
        heading = QLabel(f"New {entity_name}")
        heading.setObjectName("newRecordHeading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        heading.setFont(font)
        self.fields = FieldsEditor(fields)
        self.fields.dial_requested.connect(self.dial_requested)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.fields)
        self.status = QLabel("")
        self.status.setObjectName("newRecordStatus")
        self.status.setWordWrap(True)
        self.create_button = QPushButton(f"Create {entity_name}")
        self.create_button.setObjectName("newRecordCreate")
        self.create_button.setAccessibleName(f"Create the new {entity_name}")
        self.create_button.clicked.connect(self.create_record)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.create_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    @Slot()
    def create_record(self) -> None:
        values = {k: v for k, v in self.fields.values().items() if v.strip()}
        if not values:
            self.status.setText("Fill in at least one field.")
            return
        if self._creating is not None:
            return
        self.create_button.setEnabled(False)
        self.status.setText("Creating…")
        self._creating = asyncio.ensure_future(self._create(values))

    async def _create(self, values: dict[str, Any]) -> None:
        try:
            record = await run_in_background(
                self, "The record was not created", self._crm.create, self.entity_name, values
            )
        except CrmError as exc:
            record, problem = None, f"Not created: {exc}"
        else:
            problem = "Not created"
        if not isValid(self):
            return
        self._creating = None
        if record is None:
            self.status.setText(problem)
            self.create_button.setEnabled(True)
            return
        self.status.setText(f"Created {record.Id}")
        self.create_button.setEnabled(False)
        self.created.emit(record)
