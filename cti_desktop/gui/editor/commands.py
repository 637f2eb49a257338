"""Every edit of the form designer is one of these commands on a `QUndoStack`, so Ctrl+Z and
Ctrl+Shift+Z undo and redo them all. Typing in one inspector box merges into one step."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand

from cti_desktop.domain.forms import FormField, field_type
from cti_desktop.gui.models.form_fields import FormFieldsModel

EDIT_FIELD_ID = 4101


class DesignTarget(Protocol):
    """What the commands change: the designer's field model, and which field it shows selected."""

    model: FormFieldsModel

    def select_row(self, row: int) -> None: ...


class InsertFieldCommand(QUndoCommand):
    def __init__(self, target: DesignTarget, row: int, field: FormField, verb: str = "Add") -> None:
        super().__init__(f"{verb} {field_type(field.type).label} field")
        self.target, self.row, self.field = target, row, field

    def redo(self) -> None:
        self.target.model.insert_field(self.row, self.field)
        self.target.select_row(self.row)

    def undo(self) -> None:
        self.target.model.remove_field(self.row)
        self.target.select_row(min(self.row, self.target.model.rowCount() - 1))


class RemoveFieldCommand(QUndoCommand):
    def __init__(self, target: DesignTarget, row: int) -> None:
        field = target.model.field(row)
        super().__init__(f'Delete field "{field.display_label}"')
        self.target, self.row, self.field = target, row, field

    def redo(self) -> None:
        self.target.model.remove_field(self.row)
        self.target.select_row(min(self.row, self.target.model.rowCount() - 1))

    def undo(self) -> None:
        self.target.model.insert_field(self.row, self.field)
        self.target.select_row(self.row)


class MoveFieldCommand(QUndoCommand):
    def __init__(self, target: DesignTarget, source: int, destination: int) -> None:
        super().__init__(f'Move field "{target.model.field(source).display_label}"')
        self.target, self.source, self.destination = target, source, destination

    def redo(self) -> None:
        self.target.model.move_field(self.source, self.destination)
        self.target.select_row(self.destination)

    def undo(self) -> None:
        self.target.model.move_field(self.destination, self.source)
        self.target.select_row(self.source)


class EditFieldCommand(QUndoCommand):
    """Replace one field by its edited version. Commands with the same row and merge key (typing in one
    box) merge into one step; an empty key never merges."""

    def __init__(
        self, target: DesignTarget, row: int, new: FormField, merge_key: str = "", text: str = ""
    ) -> None:
        old = target.model.field(row)
        super().__init__(text or f'Edit field "{new.display_label}"')
        self.target, self.row, self.old, self.new, self.merge_key = target, row, old, new, merge_key

    def id(self) -> int:
        return EDIT_FIELD_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditFieldCommand) or not self.merge_key:
            return False
        if other.row != self.row or other.merge_key != self.merge_key:
            return False
        self.new = other.new
        self.setText(other.text())
        self.setObsolete(self.new == self.old)
        return True

    def redo(self) -> None:
        self.target.model.set_field(self.row, self.new)
        self.target.select_row(self.row)

    def undo(self) -> None:
        self.target.model.set_field(self.row, self.old)
        self.target.select_row(self.row)
