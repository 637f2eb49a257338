"""Every edit of the flow designer is one of these commands on a `QUndoStack`, so Ctrl+Z and Ctrl+Shift+Z
undo and redo them all. Each calls one `FlowEditor` operation and, to undo, its counterpart. Dragging
blocks (one serial per drag) and typing in one inspector box (one merge key) merge into one step."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand

from cti_desktop.flows.document import Action
from cti_desktop.flows.editing import FlowEditor, RemovedBlock
from cti_desktop.gui.designer.commands import MergeableEditCommand

MOVE_ID = 4201
SET_CONTROL_ID = 4202
SET_TITLE_ID = 4203


class DesignTarget(Protocol):
    """What the commands change: the editor's document, and which blocks the canvas shows selected."""

    editor: FlowEditor

    def select_blocks(self, block_ids: list[str]) -> None: ...


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


class AddBlocksCommand(QUndoCommand):
    def __init__(self, target: DesignTarget, actions: Sequence[Action], text: str) -> None:
        super().__init__(text)
        self.target, self.actions = target, list(actions)

    def redo(self) -> None:
        for action in self.actions:
            self.target.editor.add_block(action)
        self.target.select_blocks([action.id for action in self.actions])

    def undo(self) -> None:
        self.target.editor.remove_blocks([action.id for action in self.actions])
        self.target.select_blocks([])


class RemoveBlocksCommand(QUndoCommand):
    def __init__(self, target: DesignTarget, block_ids: Sequence[str], verb: str = "Delete") -> None:
        label = f"block {block_ids[0]}" if len(block_ids) == 1 else _plural(len(block_ids), "block")
        super().__init__(f"{verb} {label}")
        self.target, self.block_ids = target, list(block_ids)
        self.removed: list[RemovedBlock] = []

    def redo(self) -> None:
        self.removed = self.target.editor.remove_blocks(self.block_ids)
        self.target.select_blocks([])

    def undo(self) -> None:
        self.target.editor.restore_blocks(self.removed)
        self.target.select_blocks(self.block_ids)


class MoveBlocksCommand(QUndoCommand):
    """Blocks moved to new positions. The moves of one drag (same serial) merge into one step; the
    positions before are kept exactly as the file had them, so undo restores them unchanged."""

    def __init__(
        self, target: DesignTarget, serial: int, moves: dict[str, tuple[float, float]], text: str = ""
    ) -> None:
        super().__init__(text or f"Move {_plural(len(moves), 'block')}")
        self.target, self.serial, self.fixed_text = target, serial, text
        self.new = dict(moves)
        self.old = {block_id: copy.deepcopy(target.editor.action(block_id).position) for block_id in moves}

    def id(self) -> int:
        return MOVE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, MoveBlocksCommand) or other.serial != self.serial:
            return False
        for block_id, position in other.new.items():
            self.old.setdefault(block_id, other.old[block_id])
            self.new[block_id] = position
        self.setText(self.fixed_text or f"Move {_plural(len(self.new), 'block')}")
        return True

    def redo(self) -> None:
        for block_id, position in self.new.items():
            self.target.editor.move_block(block_id, position)

    def undo(self) -> None:
        for block_id, position in self.old.items():
            self.target.editor.set_position(block_id, position)


class ConnectCommand(QUndoCommand):
    """Point an outcome at a block (replacing its previous target), or disconnect it (target None)."""

    def __init__(self, target: DesignTarget, source_id: str, outcome: str, target_id: str | None) -> None:
        verb = f"Connect {source_id} “{outcome}” to {target_id}" if target_id else f"Disconnect “{outcome}”"
        super().__init__(verb)
        self.target, self.source_id, self.outcome, self.target_id = target, source_id, outcome, target_id
        self.previous = target.editor.action(source_id).ports.get(outcome)

    def redo(self) -> None:
        self.target.editor.connect(self.source_id, self.outcome, self.target_id)

    def undo(self) -> None:
        self.target.editor.connect(self.source_id, self.outcome, self.previous)


class SetControlCommand(MergeableEditCommand):
    """Set one control of a block. Edits of the same block and control with the same merge key (typing
    in one box) merge into one step."""

    command_id = SET_CONTROL_ID

    def __init__(
        self, target: DesignTarget, block_id: str, name: str, value: Any, merge_key: str = ""
    ) -> None:
        controls = target.editor.action(block_id).controls
        old, new = copy.deepcopy(controls.get(name)), copy.deepcopy(value)
        super().__init__(f"Edit “{name}” of {block_id}", merge_key, (block_id, name), old, new)
        self.target, self.block_id, self.name = target, block_id, name
        self.had_value = name in controls

    def unchanged(self) -> bool:
        return self.had_value and self.new == self.old

    def redo(self) -> None:
        self.target.editor.set_control(self.block_id, self.name, self.new)

    def undo(self) -> None:
        self.target.editor.set_control(self.block_id, self.name, self.old, present=self.had_value)


class SetTitleCommand(MergeableEditCommand):
    command_id = SET_TITLE_ID

    def __init__(self, target: DesignTarget, block_id: str, title: str, merge_key: str = "title") -> None:
        old_meta = copy.deepcopy(target.editor.action(block_id).meta)
        super().__init__(f"Rename {block_id}", merge_key, block_id, old_meta.get("title") or "", title)
        self.target, self.block_id, self.old_meta = target, block_id, old_meta

    def redo(self) -> None:
        self.target.editor.set_title(self.block_id, self.new)

    def undo(self) -> None:
        self.target.editor.set_meta(self.block_id, self.old_meta)
