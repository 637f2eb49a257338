"""The undo command both designers' inspector edits are made of: one edit of one thing, which merges
with the next edit of the same thing under the same merge key (typing in one box becomes one undo step).
An empty merge key never merges, so a click or a choice is a step of its own."""

from __future__ import annotations

from collections.abc import Hashable

from PySide6.QtGui import QKeySequence, QUndoCommand


class MergeableEditCommand(QUndoCommand):
    """Subclasses set `command_id` (one per kind of edit), say what they edit in `subject()`, take over
    a later edit's result in `absorb()` and say in `unchanged()` when the merged edit undoes itself."""

    command_id = -1

    def __init__(self, text: str, merge_key: str = "") -> None:
        super().__init__(text)
        self.merge_key = merge_key

    def subject(self) -> Hashable:
        """What this edit changes (a row, a block and control, ...): only edits of the same merge."""
        raise NotImplementedError

    def absorb(self, later: MergeableEditCommand) -> None:
        """Take over the result of `later`, an edit of the same subject with the same key."""
        raise NotImplementedError

    def unchanged(self) -> bool:
        """True when the edit, merged, leaves its subject as it was: the step is then dropped."""
        raise NotImplementedError

    def id(self) -> int:
        return self.command_id

    def mergeWith(self, other: QUndoCommand) -> bool:
        if type(other) is not type(self) or not isinstance(other, MergeableEditCommand) or not self.merge_key:
            return False
        if other.merge_key != self.merge_key or other.subject() != self.subject():
            return False
        self.absorb(other)
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
