"""Editing a form's fields: the form designer's document, without Qt.

`FormDocument` holds the fields in display order and announces each change on `changed`, as
`flows.editing.FlowEditor` does for a flow: the designer's undo commands call one operation here and, to
undo, its counterpart (`insert` / `remove`, `move` back, `replace` with the old field), and the Qt list
model only mirrors the announcements.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from cti_desktop.domain.forms import FormField
from cti_desktop.domain.signals import Signal

FormChangeKind = Literal["reset", "inserted", "removed", "moved", "replaced"]


class FormEditError(IndexError):
    """An edit of a row the form does not have."""


@dataclass(frozen=True, slots=True)
class FormChange:
    """What changed: `row` is the field's row (before the change for "removed", its old row for
    "moved", with `to_row` its new one); "reset" replaces every field."""

    kind: FormChangeKind
    row: int = -1
    to_row: int = -1


class FormDocument:
    """The fields of the form being designed, with one method per kind of edit."""

    def __init__(self, fields: Iterable[FormField] = ()) -> None:
        self._fields: list[FormField] = list(fields)
        self.changed: Signal[[FormChange]] = Signal()

    # -- reading -----------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._fields)

    def fields(self) -> tuple[FormField, ...]:
        return tuple(self._fields)

    def field(self, row: int) -> FormField:
        self._check(row)
        return self._fields[row]

    def names(self) -> list[str]:
        return [f.name for f in self._fields]

    # -- edits -------------------------------------------------------------------------------------------

    def reset(self, fields: Iterable[FormField]) -> None:
        self._fields = list(fields)
        self.changed.emit(FormChange("reset"))

    def insert(self, row: int, field: FormField) -> int:
        """Insert `field` at `row` (clamped to the ends); returns the row it landed on."""
        row = max(0, min(row, len(self._fields)))
        self._fields.insert(row, field)
        self.changed.emit(FormChange("inserted", row))
        return row

    def remove(self, row: int) -> FormField:
        self._check(row)
        field = self._fields.pop(row)
        self.changed.emit(FormChange("removed", row))
        return field

    def move(self, source: int, target: int) -> None:
        """Move the field at `source` so that it ends up at row `target`."""
        self._check(source)
        self._check(target)
        if source == target:
            return
        self._fields.insert(target, self._fields.pop(source))
        self.changed.emit(FormChange("moved", source, target))

    def replace(self, row: int, field: FormField) -> None:
        self._check(row)
        self._fields[row] = field
        self.changed.emit(FormChange("replaced", row))

    def _check(self, row: int) -> None:
        if not 0 <= row < len(self._fields):
            raise FormEditError(f"the form has no field at row {row} (it has {len(self._fields)})")
