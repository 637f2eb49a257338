"""The flow designer's clipboard and Tidy: Ctrl+C / Ctrl+X / Ctrl+V put blocks on the system clipboard as
adapter JSON text (see `flows.clipboard`), so they travel between designer windows, flows and text
editors; Tidy (Ctrl+L) lays the flow out in run order (`flows.layout`). Each paste, cut and tidy is one
undo step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtGui import QGuiApplication, QUndoStack
from PySide6.QtWidgets import QMainWindow

from cti_desktop.flows.clipboard import ClipboardError, copy_text, looks_like_blocks, paste_actions
from cti_desktop.flows.document import START_TYPE, Action
from cti_desktop.flows.editing import coordinate, position_of
from cti_desktop.flows.layout import tidy as tidy_layout
from cti_desktop.gui.flow_designer.commands import AddBlocksCommand, MoveBlocksCommand, RemoveBlocksCommand
from cti_desktop.gui.flow_designer.items import NODE_WIDTH
from cti_desktop.gui.flow_designer.scene import POSITION_SCALE

if TYPE_CHECKING:
    from cti_desktop.flows.editing import FlowEditor
    from cti_desktop.flows.registry import BlockRegistry
    from cti_desktop.gui.flow_designer.scene import FlowScene
    from cti_desktop.gui.flow_designer.view import FlowView

# Pasted blocks land this far right and down of where they were copied from (file units).
PASTE_STEP = 40.0


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


class ClipboardMixin(QMainWindow):
    """Copy, cut, paste and tidy for `FlowDesignerWindow`, which provides what is declared here."""

    editor: FlowEditor
    registry: BlockRegistry
    scene: FlowScene
    view: FlowView
    undo_stack: QUndoStack
    _tidy_serial: int

    if TYPE_CHECKING:  # the window's own methods, declared for the type checker only

        def _say(self, text: str) -> None: ...

        def select_blocks(self, block_ids: list[str]) -> None: ...

    @Slot()
    def copy_selected(self) -> int:
        """Put the selected blocks on the clipboard as adapter JSON text; returns how many."""
        ids = self.scene.selected_ids()
        if not ids:
            return 0
        QGuiApplication.clipboard().setText(copy_text(self.editor.document, ids))
        self._say(f"Copied {plural(len(ids), 'block')}.")
        return len(ids)

    @Slot()
    def cut_selected(self) -> None:
        ids = self.scene.selected_ids()
        if self.copy_selected():
            self.undo_stack.push(RemoveBlocksCommand(self, ids, "Cut"))
            self._say(f"Cut {plural(len(ids), 'block')}.")

    @Slot()
    def paste(self) -> list[str]:
        """Add the blocks on the clipboard (one undo step): fresh ids, links among them kept, shifted
        so they never land on blocks already there."""
        text = QGuiApplication.clipboard().text()
        if not looks_like_blocks(text):
            self._say("The clipboard holds no blocks (copy blocks, or flow JSON text, first).")
            return []
        document = self.editor.document
        has_start = any(action.type == START_TYPE for action in document.actions)
        try:
            pasted = paste_actions(text, self.editor.ids(), (0.0, 0.0), has_start=has_start)
        except ClipboardError as exc:
            self._say(f"Nothing pasted: {exc}.")
            return []
        if not pasted.actions:
            self._say("Nothing pasted: " + "; ".join(f"{i}: {why}" for i, why in pasted.skipped) + ".")
            return []
        shift = self._paste_shift(pasted.actions)
        for action in pasted.actions:
            point = position_of(action)
            if point is not None:
                action.position = [coordinate(point[0] + shift), coordinate(point[1] + shift)]
                action.raw["position"] = list(action.position)
        ids = [action.id for action in pasted.actions]
        self.undo_stack.push(AddBlocksCommand(self, pasted.actions, f"Paste {plural(len(ids), 'block')}"))
        left_out = "".join(f" Left out {i}: {why}." for i, why in pasted.skipped)
        self._say(f"Pasted {plural(len(ids), 'block')}.{left_out}")
        node = self.scene.node(ids[0])
        if node is not None:
            self.view.ensureVisible(node, 60, 60)
        self.view.setFocus()
        return ids

    def _paste_shift(self, actions: list[Action]) -> float:
        """How far to shift pasted blocks: one step at a time until none lands where a block is."""
        taken = {point for action in self.editor.document.actions if (point := position_of(action))}
        points = [point for action in actions if (point := position_of(action)) is not None]
        shift = PASTE_STEP
        while any((x + shift, y + shift) in taken for x, y in points) and shift < PASTE_STEP * 100:
            shift += PASTE_STEP
        return shift

    @Slot()
    def tidy(self) -> None:
        """Lay the flow out left to right in run order: one undo step."""
        sizes = {
            node.block_id: (NODE_WIDTH / POSITION_SCALE, node.height() / POSITION_SCALE)
            for node in self.scene.nodes
        }
        positions = tidy_layout(self.editor.document, self.registry, sizes)
        moves = {
            block_id: point
            for block_id, point in positions.items()
            if position_of(self.editor.action(block_id)) != point
        }
        if not moves:
            self._say("The flow is already tidy.")
            return
        self._tidy_serial -= 1  # never merges with a drag
        self.undo_stack.push(MoveBlocksCommand(self, self._tidy_serial, moves, "Tidy"))
        self.view.fit()
        self._say(f"Tidied: {plural(len(moves), 'block')} moved. Ctrl+Z puts them back.")
