"""Every edit of the form designer is one of these commands on a `QUndoStack`, so Ctrl+Z and
Ctrl+Shift+Z undo and redo them all. Typing in one inspector box merges into one step."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand

from cti_desktop.domain.form_document import FormDocument
from cti_desktop.domain.form_types import field_type
from cti_desktop.domain.forms import FormField
from cti_desktop.gui.designer.commands import MergeableEditCommand

EDIT_FIELD_ID = 4101


class DesignTarget(Protocol):
    """What the commands change: the designer's form document, and which field it shows selected."""

    document: FormDocument

    def select_row(self, row: int) -> None: ...


class InsertFieldCommand(QUndoCommand):
    def __init__(self, target: DesignTarget, row: int, field: FormField, verb: str = "Add") -> None:
        super().__init__(f"{verb} {field_type(field.type).label} field")
        self.target, self.row, self.field = target, row, field

    def redo(self) -> None:
        self.target.document.insert(self.row, self.field)
        self.target.select_row(self.row)

    def undo(self) -> None:
        self.target.document.remove(self.row)
        self.target.select_row(min(self.row, len(self.target.document) - 1))


class RemoveFieldCommand(QUndoCommand):
    def __init__(self, target: DesignTarget, row: int) -> None:
        field = target.document.field(row)
        super().__init__(f'Delete field "{field.display_label}"')
        self.target, self.row, self.field = target, row, field

    def redo(self) -> None:
        self.target.document.remove(self.row)
        self.target.select_row(min(self.row, len(self.target.document) - 1))

    def undo(self) -> None:
        self.target.document.insert(self.row, self.field)
        self.target.select_row(self.row)


class MoveFieldCommand(QUndoCommand):
    def __init__(self, target: DesignTarget, source: int, destination: int) -> None:
        super().__init__(f'Move field "{target.document.field(source).display_label}"')
        self.target, self.source, self.destination = target, source, destination

    def redo(self) -> None:
        self.target.document.move(self.source, self.destination)
        self.target.select_row(self.destination)

    def undo(self) -> None:
        self.target.document.move(self.destination, self.source)
        self.target.select_row(self.source)


class EditFieldCommand(MergeableEditCommand):
    """Replace one field by its edited version. Edits of the same row with the same merge key (typing in
    one box) merge into one step."""

    command_id = EDIT_FIELD_ID

    def __init__(
        self, target: DesignTarget, row: int, new: FormField, merge_key: str = "", text: str = ""
    ) -> None:
        old = target.document.field(row)
        super().__init__(text or f'Edit field "{new.display_label}"', merge_key, row, old, new)
        self.target, self.row = target, row

    def redo(self) -> None:
        self.target.document.replace(self.row, self.new)
        self.target.select_row(self.row)

    def undo(self) -> None:
        self.target.document.replace(self.row, self.old)
        self.target.select_row(self.row)
