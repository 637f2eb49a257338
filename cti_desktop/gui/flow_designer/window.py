"""The flow designer window: a stored CTI Flow on a canvas, with the block palette on the left, the
selected block's inspector on the right and the flow's problems under the canvas.

The flow being edited is a `FlowEditor` (core, no Qt); the scene and the inspector mirror its changes.
Every edit is a command on one `QUndoStack`. Save writes the document back through `services.flows.save`
(the version goes up; keys the designer does not know, and positions, are kept), which announces it to
every open view. Questions use `QMessageBox.open()`, never a nested event loop (the app runs on qasync).
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRectF, Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cti_desktop.flows.blocks import default_registry
from cti_desktop.flows.document import Problem, validate
from cti_desktop.flows.editing import FlowChange, FlowEditor, new_action
from cti_desktop.gui.changes import QtChanges
from cti_desktop.gui.designer.commands import redo_shortcuts
from cti_desktop.gui.designer.widgets import titled_panel
from cti_desktop.gui.flow_designer.commands import (
    AddBlocksCommand,
    ConnectCommand,
    MoveBlocksCommand,
    RemoveBlocksCommand,
    SetControlCommand,
    SetTitleCommand,
)
from cti_desktop.gui.flow_designer.inspector import BlockInspector
from cti_desktop.gui.flow_designer.items import NODE_WIDTH
from cti_desktop.gui.flow_designer.palette import BlockPalette
from cti_desktop.gui.flow_designer.problems import ProblemsList
from cti_desktop.gui.flow_designer.scene import FlowScene, file_point
from cti_desktop.gui.flow_designer.view import FlowView
from cti_desktop.gui.flow_designer.window_clipboard import ClipboardMixin
from cti_desktop.gui.flow_designer.window_runs import DesignerRunsMixin
from cti_desktop.gui.operations import run_now
from cti_desktop.gui.questions import AsksQuestions
from cti_desktop.services.changes import ChangeKind, ChangeSet
from cti_desktop.services.flows import FlowNotFound, PublishRefused

if TYPE_CHECKING:
    from cti_desktop.services.app_services import AppServices

log = logging.getLogger(__name__)

# Blocks added from the palette land in the middle of the view, or below it until a spot is free.
ADD_STEP = 30.0
ADD_HEIGHT = 110.0
ADD_TRIES = 200


class FlowDesignerWindow(AsksQuestions, DesignerRunsMixin, ClipboardMixin, QMainWindow):
    question_object_name = "designerQuestion"

    """Edits the stored flow `flow_name`. Raises `FlowNotFound` if there is none, `FlowDocumentError`
    if what is stored cannot be read."""

    def __init__(self, services: AppServices, flow_name: str, parent: QWidget | None = None) -> None:
        # Read first: a flow that cannot be opened leaves no half-built window behind.
        row = services.flows.require(flow_name)
        document = row.read_document()
        super().__init__(parent)
        self.services = services
        self.flow_name = flow_name
        self.registry = default_registry()
        # The saved version being edited (a draft, or the published one when there is no draft).
        self.version = services.flows.publication().get(row.id, (0, 0))[1]
        # The stored document this window started from: saving over someone else's change asks first.
        self._stored = copy.deepcopy(row.document)
        self._flow_id = row.id
        self.editor = FlowEditor(document)
        self.undo_stack = QUndoStack(self)
        self.problems: list[Problem] = []
        self.question: QMessageBox | None = None
        self._closing = False
        self._from_inspector = False
        self._tidy_serial = 0
        self.setObjectName("flowDesigner")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(1360, 820)

        # Canvas, palette, inspector, problems
        self.scene = FlowScene(self.editor, self.registry, self)
        self.view = FlowView(self.scene, self)
        self.block_palette = BlockPalette(self.registry, self)
        self.block_palette.setMinimumWidth(190)
        self.inspector = BlockInspector(self.registry, self)
        self.inspector.setMinimumWidth(340)
        self.problems_list = ProblemsList(self)
        self.problems_list.setMinimumHeight(90)

        self.scene.connect_requested.connect(self.connect_blocks)
        self.scene.move_requested.connect(self.move_blocks)
        self.scene.disconnect_requested.connect(self.disconnect_port)
        self.scene.selectionChanged.connect(self._selection_changed)
        self.view.drop_requested.connect(self.add_block)
        self.view.delete_requested.connect(self.delete_selected)
        self.view.nudge_requested.connect(self.move_blocks)
        self.block_palette.add_requested.connect(self.add_block_in_view)
        self.inspector.control_edited.connect(self.set_control)
        self.inspector.title_edited.connect(self.set_title)
        self.inspector.connect_requested.connect(self._inspector_connect)
        self.problems_list.block_chosen.connect(self.show_block)
        self.editor.changed.connect(self._document_changed)
        self.undo_stack.cleanChanged.connect(self._update_title)

        canvas_split = QSplitter(Qt.Orientation.Vertical, self)
        canvas_split.setChildrenCollapsible(False)
        canvas_box = QWidget(self)
        canvas_layout = QVBoxLayout(canvas_box)
        canvas_layout.setContentsMargins(0, 0, 0, 0)
        canvas_layout.addWidget(self._build_run_banner())
        canvas_layout.addWidget(self.view, 1)
        canvas_split.addWidget(canvas_box)
        self.problems_panel = titled_panel("Problems", "", self.problems_list, canvas_split)
        canvas_split.addWidget(self.problems_panel)
        canvas_split.setStretchFactor(0, 4)
        canvas_split.setStretchFactor(1, 1)
        canvas_split.setSizes([620, 150])
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(
            titled_panel("Blocks", "Drag onto the canvas or double-click.", self.block_palette, splitter)
        )
        splitter.addWidget(canvas_split)
        splitter.addWidget(titled_panel("Block properties", "", self.inspector, splitter))
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 1)
        splitter.setSizes([210, 780, 370])
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)
        self.setCentralWidget(central)

        self._build_test_runs(services)

        self._build_actions()
        self.status = QLabel(self)
        self.status.setObjectName("designerStatus")
        self.statusBar().addWidget(self.status, 1)
        self.problem_count = QLabel(self)
        self.problem_count.setObjectName("designerProblemCount")
        self.statusBar().addPermanentWidget(self.problem_count)
        # Another seat (or window) saving this flow is said here; saving over it asks first (`_save`).
        self._changes = QtChanges(services.changes, self)
        self._changes.changed.connect(self._store_changed)
        for edit in self.inspector.findChildren(QPlainTextEdit):
            edit.installEventFilter(self.inspector.router)

        self.refresh_problems()
        self._update_title()
        self._say(f"Version {self.version}. Ctrl+wheel zooms, the middle button pans, Ctrl+0 fits the flow.")
        self.view.setFocus()
        self.view.fit()

    # -- actions ---------------------------------------------------------------------------------------

    def _action(self, text: str, name: str, slot: Any, shortcuts: list[QKeySequence], tip: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcuts(shortcuts)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _canvas_action(
        self, text: str, name: str, slot: Any, key: QKeySequence.StandardKey, tip: str
    ) -> QAction:
        action = QAction(text, self.view)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        self.view.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.save_action = self._action(
            "&Save",
            "saveFlow",
            self.save,
            [QKeySequence(QKeySequence.StandardKey.Save)],
            "Save the flow as a draft (Ctrl+S): seats run it once it is published",
        )
        self.publish_action = self._action(
            "&Publish",
            "publishFlow",
            self.publish,
            [QKeySequence("Ctrl+Shift+P")],
            "Save and make this version what every seat runs (Ctrl+Shift+P)",
        )
        self.history_action = self._action(
            "&History…",
            "flowHistory",
            self.show_history,
            [QKeySequence("Ctrl+H")],
            "Every saved version: compare two, roll back to one (Ctrl+H)",
        )
        self.undo_action = self.undo_stack.createUndoAction(self, "Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "Redo")
        self.redo_action.setShortcuts(redo_shortcuts())
        for action in (self.undo_action, self.redo_action):
            self.addAction(action)
        self.duplicate_action = self._action(
            "Duplicate",
            "duplicateBlocks",
            self.duplicate_selected,
            [QKeySequence("Ctrl+D")],
            "Duplicate the selected blocks (Ctrl+D)",
        )
        # Del is handled by the canvas itself, so it still deletes text in the inspector's boxes.
        # Copy, cut and paste belong to the canvas: in the inspector's boxes the keys copy text.
        self.copy_action = self._canvas_action(
            "Copy",
            "copyBlocks",
            self.copy_selected,
            QKeySequence.StandardKey.Copy,
            "Copy the selected blocks and the links between them (Ctrl+C)",
        )
        self.cut_action = self._canvas_action(
            "Cut",
            "cutBlocks",
            self.cut_selected,
            QKeySequence.StandardKey.Cut,
            "Cut the selected blocks (Ctrl+X)",
        )
        self.paste_action = self._canvas_action(
            "Paste",
            "pasteBlocks",
            self.paste,
            QKeySequence.StandardKey.Paste,
            "Paste blocks copied here, in another designer or as flow JSON text (Ctrl+V)",
        )
        self.tidy_action = self._action(
            "Tidy",
            "tidyFlow",
            self.tidy,
            [QKeySequence("Ctrl+L")],
            "Lay the flow out left to right in run order (Ctrl+L)",
        )
        self._build_run_actions()
        self.delete_action = self._action(
            "Delete",
            "deleteBlocks",
            self.delete_selected,
            [],
            "Delete the selected blocks or connections (Del)",
        )
        self.zoom_in_action = self._action(
            "Zoom in",
            "zoomIn",
            self.view.zoom_in,
            [QKeySequence("Ctrl+="), QKeySequence("Ctrl++")],
            "Zoom in (Ctrl+=)",
        )
        self.zoom_out_action = self._action(
            "Zoom out", "zoomOut", self.view.zoom_out, [QKeySequence("Ctrl+-")], "Zoom out (Ctrl+-)"
        )
        self.fit_action = self._action(
            "Fit", "zoomFit", self.view.fit, [QKeySequence("Ctrl+0")], "Show the whole flow (Ctrl+0)"
        )
        self.select_all_action = QAction("Select all blocks", self.view)
        self.select_all_action.setShortcut(QKeySequence.StandardKey.SelectAll)
        self.select_all_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.select_all_action.triggered.connect(self.select_all)
        self.view.addAction(self.select_all_action)
        self.close_action = self._action(
            "Close",
            "closeDesigner",
            self.close,
            [QKeySequence("Ctrl+W"), QKeySequence(QKeySequence.StandardKey.Close)],
            "Close (Ctrl+W)",
        )
        toolbar = self.addToolBar("Flow")
        toolbar.setObjectName("designerToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for group in (
            (self.save_action, self.publish_action, self.history_action),
            (self.undo_action, self.redo_action),
            (self.copy_action, self.cut_action, self.paste_action),
            (self.duplicate_action, self.delete_action, self.tidy_action),
            (self.zoom_in_action, self.zoom_out_action, self.fit_action),
            (self.test_action, self.breakpoint_action, self.stop_action),
        ):
            for action in group:
                toolbar.addAction(action)
            toolbar.addSeparator()
        self.undo_stack.undoTextChanged.connect(self._undo_texts)
        self.undo_stack.redoTextChanged.connect(self._undo_texts)
        self._undo_texts()
        self._update_actions()

    @Slot()
    def _undo_texts(self) -> None:
        """Short, steady button texts; what would be undone or redone goes in the tooltip."""
        for action, verb, keys, text in (
            (self.undo_action, "Undo", "Ctrl+Z", self.undo_stack.undoText()),
            (self.redo_action, "Redo", "Ctrl+Shift+Z", self.undo_stack.redoText()),
        ):
            action.setText(verb)
            action.setToolTip(f"{verb} {text} ({keys})" if text else f"{verb} ({keys})")

    def _update_actions(self) -> None:
        has_selection = bool(self.scene.selected_ids())
        self.duplicate_action.setEnabled(has_selection)
        self.copy_action.setEnabled(has_selection)
        self.cut_action.setEnabled(has_selection)
        self.delete_action.setEnabled(has_selection or bool(self.scene.selected_edges()))

    def _update_title(self, *args: object) -> None:
        dirty = not self.undo_stack.isClean()
        # Qt shows the [*] placeholder as "*" while there are unsaved changes.
        self.setWindowTitle(f"Flow Designer — {self.flow_name}[*]")
        self.setWindowModified(dirty)

    def _say(self, text: str) -> None:
        self.status.setText(text)

    @Slot(object)
    def _store_changed(self, changes: ChangeSet) -> None:
        elsewhere = [c for c in changes.changes if c.remote and c.concerns(ChangeKind.FLOW, self._flow_id)]
        if not elsewhere:
            return
        if any(change.removed for change in elsewhere):
            self._say(f"“{self.flow_name}” was deleted on another seat: saving stores it again.")
        else:
            self._say(
                f"“{self.flow_name}” was changed on another seat: saving asks before replacing that change."
            )

    def is_dirty(self) -> bool:
        return not self.undo_stack.isClean()

    # -- the document changed --------------------------------------------------------------------------

    def _document_changed(self, change: FlowChange) -> None:
        self.refresh_problems()
        if change.kind == "moved" or self._from_inspector:
            return
        self._load_inspector()

    def refresh_problems(self) -> None:
        self.problems = validate(self.editor.document, self.registry)
        self.problems_list.set_problems(self.problems)
        self.scene.set_problems(self.problems)
        errors = sum(1 for problem in self.problems if problem.severity == "error")
        warnings = len(self.problems) - errors
        parts = [f"{len(self.editor.document.actions)} blocks"]
        if errors:
            parts.append(f"{errors} error{'s' if errors != 1 else ''}")
        if warnings:
            parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
        self.problem_count.setText(", ".join(parts))

    def _load_inspector(self) -> None:
        ids = self.scene.selected_ids()
        action = self.editor.document.action(ids[0]) if len(ids) == 1 else None
        self.inspector.load(action, self.editor.document)
        for edit in self.inspector.findChildren(QPlainTextEdit):
            edit.installEventFilter(self.inspector.router)

    @Slot()
    def _selection_changed(self) -> None:
        self._load_inspector()
        self._update_actions()
        ids = self.scene.selected_ids()
        if len(ids) == 1 and self.test_run.steps:
            self.test_panel.select_step_of(ids[0])

    # -- edits: each one a command ---------------------------------------------------------------------

    def select_blocks(self, block_ids: list[str]) -> None:
        self.scene.select_blocks(block_ids)

    @Slot()
    def select_all(self) -> None:
        self.scene.select_blocks(self.editor.ids())

    @Slot(str)
    def show_block(self, block_id: str) -> None:
        """Select a block and bring it into view (from the problems list)."""
        node = self.scene.node(block_id)
        if node is None:
            return
        self.scene.select_blocks([block_id])
        self.view.ensureVisible(node, 60, 60)

    @Slot(str, QPointF)
    def add_block(self, block_type: str, point: QPointF) -> str | None:
        spec = self.registry.get(block_type)
        if spec is None:
            return None
        x, y = file_point(point)
        action = new_action(spec, self.editor.new_id(), (round(x), round(y)))
        self.undo_stack.push(AddBlocksCommand(self, [action], f"Add {spec.title}"))
        self.view.setFocus()
        return action.id

    @Slot(str)
    def add_block_in_view(self, block_type: str) -> str | None:
        """Add a block in the middle of what the canvas shows, beside any block already there."""
        center = self.view.mapToScene(self.view.viewport().rect().center())
        spot = QRectF(center.x() - NODE_WIDTH / 2, center.y() - 40, NODE_WIDTH, ADD_HEIGHT)
        taken = [node.sceneBoundingRect().adjusted(-10, -10, 10, 10) for node in self.scene.nodes]
        for _ in range(ADD_TRIES):
            if not any(spot.intersects(rect) for rect in taken):
                break
            spot.translate(0, ADD_STEP)
        return self.add_block(block_type, spot.topLeft())

    @Slot()
    def duplicate_selected(self) -> list[str]:
        ids = self.scene.selected_ids()
        if not ids:
            return []
        copies = self.editor.duplicate(ids)
        text = f"Duplicate {ids[0]}" if len(ids) == 1 else f"Duplicate {len(ids)} blocks"
        self.undo_stack.push(AddBlocksCommand(self, copies, text))
        return [action.id for action in copies]

    @Slot()
    def delete_selected(self) -> None:
        """Delete the selected blocks with their connections, and the selected connections."""
        ids = self.scene.selected_ids()
        edges = [(edge.source.block_id, edge.outcome) for edge in self.scene.selected_edges()]
        edges = [(source, outcome) for source, outcome in edges if source not in ids]
        if not ids and not edges:
            return
        self.undo_stack.beginMacro("Delete")
        for source, outcome in edges:
            self.undo_stack.push(ConnectCommand(self, source, outcome, None))
        if ids:
            self.undo_stack.push(RemoveBlocksCommand(self, ids))
        self.undo_stack.endMacro()

    @Slot(str, str, str)
    def connect_blocks(self, source_id: str, outcome: str, target_id: str) -> None:
        if self.editor.action(source_id).ports.get(outcome) == target_id:
            return
        self.undo_stack.push(ConnectCommand(self, source_id, outcome, target_id))

    @Slot(str, str)
    def disconnect_port(self, source_id: str, outcome: str) -> None:
        if outcome in self.editor.action(source_id).ports:
            self.undo_stack.push(ConnectCommand(self, source_id, outcome, None))

    @Slot(str, str, str)
    def _inspector_connect(self, source_id: str, outcome: str, target_id: str) -> None:
        if target_id:
            self.connect_blocks(source_id, outcome, target_id)
        else:
            self.disconnect_port(source_id, outcome)

    @Slot(int, object)
    def move_blocks(self, serial: int, moves: dict[str, tuple[float, float]]) -> None:
        self.undo_stack.push(MoveBlocksCommand(self, serial, moves))

    @Slot(str, str, object, str)
    def set_control(self, block_id: str, key: str, value: Any, merge_key: str) -> None:
        self._from_inspector = True
        try:
            self.undo_stack.push(SetControlCommand(self, block_id, key, value, merge_key))
        finally:
            self._from_inspector = False

    @Slot(str, str, str)
    def set_title(self, block_id: str, title: str, merge_key: str) -> None:
        self._from_inspector = True
        try:
            self.undo_stack.push(SetTitleCommand(self, block_id, title, merge_key))
        finally:
            self._from_inspector = False

    # -- saving and closing ----------------------------------------------------------------------------

    @Slot()
    def save(self) -> bool:
        """Save the flow as a new draft version and tell every open view. If someone changed the saved
        flow since it was opened here, asks first whether to save over it (and returns False)."""
        return self._save()

    @Slot()
    def publish(self) -> bool:
        """Save what is drawn (as a draft) if it changed, then make the draft what every seat runs."""
        if self.is_dirty():
            return self._save(then=self._publish_saved)
        return self._publish_saved()

    def _publish_saved(self) -> bool:
        try:
            flow = run_now(
                self,
                f"The flow “{self.flow_name}” was not published",
                self.services.flows.publish,
                self.flow_name,
            )
        except (PublishRefused, FlowNotFound) as refused:
            self._say(str(refused))
            return False
        if flow is None:
            return False
        self.version = flow.published_version
        self._stored = copy.deepcopy(flow.document)
        self._say(f"Published “{self.flow_name}” (version {self.version}): every seat runs it now.")
        return True

    @Slot()
    def show_history(self) -> None:
        from cti_desktop.gui.history import open_flow_history

        open_flow_history(self, self.services.flows, self.flow_name)

    def _save(self, then: Callable[[], object] | None = None, overwrite: bool = False) -> bool:
        row = self.services.flows.get(self.flow_name)
        if not overwrite and row is not None and row.document != self._stored:
            self._ask_overwrite(row.version, then)
            return False
        saved = run_now(
            self,
            f"The flow “{self.flow_name}” was not saved",
            self.services.flows.save,
            self.flow_name,
            self.editor.document,
            publish=False,
        )
        if saved is None:
            return False
        self.version = saved.number
        self._stored = copy.deepcopy(saved.flow.document)
        self.undo_stack.setClean()
        log.info("saved flow %r from the designer (version %d)", self.flow_name, self.version)
        again = "" if row is not None else " It had been deleted elsewhere and is stored again."
        self._say(
            f"Saved a draft of “{self.flow_name}” (version {self.version}): Publish makes it live.{again}"
        )
        if then is not None:
            then()
        return True

    def _ask_overwrite(self, version: int, then: Callable[[], object] | None) -> None:
        """Someone saved this flow since it was opened here: say who and when, list the differences
        (theirs, then this window's), and let the supervisor keep theirs (this window reopens on it),
        keep theirs and save this window's as a newer version, or merge by hand (keep editing)."""
        from cti_desktop.domain.version_diff import diff_flows
        from cti_desktop.gui.history.diff_table import show_theirs_beside_yours

        theirs = self.services.flows.get(self.flow_name)
        history = run_now(
            self, "The flow's history could not be read", self.services.flows.history, self.flow_name
        )
        newest = history[0] if history else None
        who = newest.author if newest is not None and newest.author else "Someone"
        when = f" at {newest.saved_at.astimezone().strftime('%H:%M')}" if newest is not None else ""
        number = newest.number if newest is not None else version
        box = self._ask(
            "Flow changed elsewhere",
            f"{who} saved “{self.flow_name}” (version {number}){when} since it was opened here. "
            "Nothing was saved over it.",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
            QMessageBox.Icon.Warning,
        )
        box.setInformativeText(
            "Keep Theirs: reopen on their version (your changes are dropped). Keep Mine: save yours as a "
            "newer version (theirs stays in the history). Merge by Hand: keep editing here; your next save "
            "goes after theirs."
        )
        if theirs is not None:
            lines = diff_flows({"document": theirs.document}, {"document": self.editor.document.to_dict()})
            show_theirs_beside_yours(box, lines)
        box.button(QMessageBox.StandardButton.Save).setText("Keep &Mine")
        box.button(QMessageBox.StandardButton.Discard).setText("Keep &Theirs")
        box.button(QMessageBox.StandardButton.Cancel).setText("Merge by &Hand")

        def answered(button: QAbstractButton) -> None:
            choice = box.standardButton(button)
            if choice == QMessageBox.StandardButton.Save:
                self._save(then, overwrite=True)
            elif choice == QMessageBox.StandardButton.Discard:
                self._reopen()
            elif theirs is not None:
                self._stored = copy.deepcopy(theirs.document)
                self._say(f"Merging by hand with {who}'s version {number}: your next save goes after it.")

        box.buttonClicked.connect(answered)
        box.open()

    def _reopen(self) -> None:
        """Drop this window's changes and show the flow as it is saved now, in a new window in its place."""
        fresh = FlowDesignerWindow(self.services, self.flow_name, self.parentWidget())
        fresh.setGeometry(self.geometry())
        fresh.show()
        self._closing = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing and self.is_dirty():
            event.ignore()
            self.ask_to_save()
            return
        self.test_run.stop()
        self._changes.close()
        self.editor.changed.disconnect(self._document_changed)
        self.scene.detach()
        super().closeEvent(event)

    def ask_to_save(self) -> QMessageBox:
        """Save / Discard / Cancel, without a nested event loop."""
        if self.question is not None:
            self.question.raise_()
            return self.question
        return self._ask_to_save(
            f"Save the changes to the flow “{self.flow_name}” before closing?",
            partial(self._save, then=self._close_now),
            self._close_now,
        )

    def _close_now(self) -> None:
        self._closing = True
        self.close()
