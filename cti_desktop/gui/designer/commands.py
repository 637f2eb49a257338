"""The undo command both designers' inspector edits are made of: one edit of one thing, which merges
with the next edit of the same thing under the same merge key (typing in one box becomes one undo step).
An empty merge key never merges, so a click or a choice is a step of its own."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from PySide6.QtGui import QKeySequence, QUndoCommand


class MergeableEditCommand(QUndoCommand):
    """An edit of one `subject` (a row, a block and control, ...) from `old` to `new`. Subclasses set
    `command_id` (one per kind of edit) and apply `new` / `old` in `redo` / `undo`. A later edit of the
    same subject under the same key is taken over (its `new` and its text); when the merged edit leaves
    the subject as it was (`unchanged`), the step is dropped."""

    command_id = -1

    def __init__(self, text: str, merge_key: str, subject: Hashable, old: Any, new: Any) -> None:
        super().__init__(text)
        self.merge_key, self.subject, self.old, self.new = merge_key, subject, old, new

    def unchanged(self) -> bool:
        return bool(self.new == self.old)

    def id(self) -> int:
        return self.command_id

    def mergeWith(self, other: QUndoCommand) -> bool:
        if type(other) is not type(self) or not isinstance(other, MergeableEditCommand) or not self.merge_key:
            return False
        if other.merge_key != self.merge_key or other.subject != self.subject:
            return False
        self.new = other.new
        self.setText(other.text())
        self.setObsolete(self.unchanged())
        return True


def redo_shortcuts() -> list[QKeySequence]:
    """Ctrl+Shift+Z and the platform's own redo keys, each once: a key listed twice on one action makes
    Qt call the shortcut ambiguous and do nothing (on X11, the platform's redo is Ctrl+Shift+Z too)."""
    keys = [QKeySequence("Ctrl+Shift+Z"), *QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)]
    unique: dict[str, QKeySequence] = {}
    for key in keys:
        unique.setdefault(key.toString(QKeySequence.SequenceFormat.PortableText), key)
    return list(unique.values())
