"""The CCP Element Editor: supervisors configure the CTI actions agents see in the overlay.

A non-modal dialog: the actions on the left; for the selected one, Step 1 (Name and Flow), Step 2
(Payload) and Step 3 (Additional Data: the form). Problems are checked as the supervisor types and shown
next to what they concern; Save stores nothing invalid. Questions (discard changes? delete?) are asked
with `QMessageBox.open()`, never a nested event loop, so the dialog is safe under qasync.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QCloseEvent, QFont, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cti_desktop.domain.actions import CtiAction, FlowRef, action_problems, flow_problems
from cti_desktop.domain.problems import Problem
from cti_desktop.domain.version_diff import action_content, diff_actions
from cti_desktop.gui import theme
from cti_desktop.gui.changes import QtChanges
from cti_desktop.gui.designer.widgets import ProblemLabel
from cti_desktop.gui.editor.action_list import ActionListPanel
from cti_desktop.gui.editor.steps import AdditionalDataStep, NameFlowStep, PayloadStep
from cti_desktop.gui.history.diff_table import show_theirs_beside_yours
from cti_desktop.gui.operations import run_now
from cti_desktop.gui.questions import AsksQuestions
from cti_desktop.services.actions import ActionInvalid, ActionService, EditConflict, reference_errors
from cti_desktop.services.changes import ChangeKind, ChangeSet

log = logging.getLogger(__name__)

STEP_NAME_FLOW, STEP_PAYLOAD, STEP_ADDITIONAL = 0, 1, 2
STEP_TITLES = ("1  Name and Flow", "2  Payload", "3  Additional Data")
STEP_TIPS = (
    "Required: the action's name and the flow it runs",
    "Optional: values sent to the flow",
    "Optional: a form",
)


def step_of(path: str) -> int:
    if path.startswith("payload"):
        return STEP_PAYLOAD
    if path.startswith("form"):
        return STEP_ADDITIONAL
    return STEP_NAME_FLOW


class ElementEditorDialog(AsksQuestions, QDialog):
    question_object_name = "editorQuestion"

    def __init__(self, action_service: ActionService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = action_service
        self.setObjectName("elementEditor")
        self.setWindowTitle("CCP Element Editor")
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setSizeGripEnabled(True)
        self.resize(1180, 760)
        self._actions: list[CtiAction] = []
        self._flows: list[FlowRef] = []
        self._action = CtiAction("")  # what is being edited, as last loaded or saved
        # Each action's (published version, newest version), read with the list.
        self._publication: dict[int, tuple[int, int]] = {}
        self._baseline = self._action  # the widgets' reading right after that
        self._attempted = False  # a save was tried: show "required" problems too
        self._closing = False
        self.question: QMessageBox | None = None  # the open confirmation, if any
        self.file_dialog: QFileDialog | None = None
        self.problems: list[Problem] = []

        self.list_panel = ActionListPanel(self)
        self.list_panel.setMinimumWidth(220)
        self.list_panel.current_changed.connect(self._list_picked)
        self.list_panel.new_requested.connect(self.new_action)
        self.list_panel.duplicate_requested.connect(self.duplicate_current)
        self.list_panel.delete_requested.connect(self.delete_current)
        self.list_panel.import_requested.connect(self.choose_import_file)
        self.list_panel.export_requested.connect(self.choose_export_file)

        self.heading = QLabel(self)
        self.heading.setObjectName("editorHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setWeight(QFont.Weight.Bold)
        self.heading.setFont(font)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("editorStatus")
        # What another seat did to the action open here (a shared database).
        self.remote_label = QLabel(self)
        self.remote_label.setObjectName("remoteChange")
        self.remote_label.setAccessibleName("Changed on another seat")
        self.remote_label.setStyleSheet(f"color: {theme.css(theme.Tone.WARNING)};")
        self.remote_label.hide()
        self.summary = ProblemLabel(self, "summary")

        self.name_step = NameFlowStep(self)
        self.payload_step = PayloadStep(self)
        self.data_step = AdditionalDataStep(self)
        self.steps = QTabWidget(self)
        self.steps.setObjectName("editorSteps")
        self.steps.setAccessibleName("Action steps")
        self.steps.setAccessibleDescription("Step 1 Name and Flow, Step 2 Payload, Step 3 Additional Data")
        for index, (widget, title) in enumerate(
            zip((self.name_step, self.payload_step, self.data_step), STEP_TITLES, strict=True)
        ):
            self.steps.addTab(widget, title)
            self.steps.setTabToolTip(index, STEP_TIPS[index])
        self.designer = self.data_step.designer
        for step in (self.name_step, self.payload_step, self.data_step):
            step.changed.connect(self._edited)

        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setObjectName("deleteButton")
        self.delete_button.setToolTip("Delete this action (asks first)")
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setToolTip("Close without saving (asks first if there are changes)")
        self.quick_save_button = QPushButton("Quick Save", self)
        self.quick_save_button.setObjectName("quickSaveButton")
        self.quick_save_button.setToolTip("Save and keep editing (Ctrl+S)")
        self.save_button = QPushButton("Save", self)
        self.save_button.setObjectName("saveButton")
        self.save_button.setToolTip("Save as a draft and close (agents see it once it is published)")
        self.save_button.setDefault(True)
        self.history_button = QPushButton("History…", self)
        self.history_button.setObjectName("historyButton")
        self.history_button.setToolTip("Every saved version: compare two, roll back to one (Ctrl+H)")
        self.publish_button = QPushButton("Publish", self)
        self.publish_button.setObjectName("publishButton")
        self.publish_button.setToolTip("Save and make this version what every agent sees (Ctrl+Shift+P)")
        for button in (
            self.delete_button,
            self.history_button,
            self.cancel_button,
            self.quick_save_button,
            self.save_button,
            self.publish_button,
        ):
            button.setAccessibleName(button.toolTip())
            button.setAutoDefault(False)
        self.delete_button.clicked.connect(self.delete_current)
        self.cancel_button.clicked.connect(self.reject)
        self.quick_save_button.clicked.connect(self.quick_save)
        self.save_button.clicked.connect(self.save_and_close)
        self.publish_button.clicked.connect(self.publish)
        self.history_button.clicked.connect(self.show_history)
        QShortcut(QKeySequence("Ctrl+Shift+P"), self, self.publish)
        QShortcut(QKeySequence("Ctrl+H"), self, self.show_history)
        QShortcut(QKeySequence.StandardKey.Save, self, self.quick_save)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_action)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.setSpacing(6)
        header = QHBoxLayout()
        header.addWidget(self.heading)
        header.addStretch(1)
        header.addWidget(self.remote_label)
        header.addWidget(self.status_label)
        right_layout.addLayout(header)
        right_layout.addWidget(self.summary)
        right_layout.addWidget(self.steps, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.history_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.quick_save_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.publish_button)
        right_layout.addLayout(buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.list_panel)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([250, 930])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(splitter)

        self.changes = QtChanges(self.service.changes, self)
        self.changes.changed.connect(self._store_changed)
        self.refresh()
        first = self._actions[0].id if self._actions else None
        if first is not None:
            self.open_action(first)
        else:
            self._load(self._blank_action())

    # -- data ------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the actions and the CTI Action flows (another window may have changed them)."""
        self._actions = self.service.list_actions()
        self._publication = self.service.publication()
        self._flows = self.service.cti_flows()
        self.name_step.set_flows(self._flows)
        drafts = frozenset(i for i, (published, newest) in self._publication.items() if newest > published)
        self.list_panel.set_actions(self._actions, self._action.id, drafts)

    @Slot(object)
    def _store_changed(self, changes: ChangeSet) -> None:
        if not changes.concerns(ChangeKind.ACTION, ChangeKind.FLOW):
            return
        self.refresh()
        self._recheck()
        self._note_remote_change(changes)

    def _note_remote_change(self, changes: ChangeSet) -> None:
        """The action open here was changed on another seat: an untouched one shows the new version at
        once; one being edited keeps the supervisor's edits and says what saving will do."""
        action_id = self._action.id
        if action_id is None:
            return
        remote = [c for c in changes.changes if c.remote and c.concerns(ChangeKind.ACTION, action_id)]
        if not remote:
            return
        if any(change.removed for change in remote):
            note = "Deleted on another seat: Save creates it again"
        elif self.is_dirty():
            note = "Changed on another seat: saving shows both versions first"
        else:
            self.open_action(action_id)
            note = "Updated with a change made on another seat"
        self.remote_label.setText(note)
        self.remote_label.setToolTip(note)
        self.remote_label.setAccessibleDescription(note)
        self.remote_label.show()

    def current_action(self) -> CtiAction:
        """The action as the widgets say."""
        action = self._action
        for step in (self.name_step, self.payload_step, self.data_step):
            action = step.read(action)
        return action

    def is_dirty(self) -> bool:
        return self.current_action() != self._baseline

    def _blank_action(self) -> CtiAction:
        order = max((a.order for a in self._actions), default=-1) + 1
        return CtiAction("", order=order)

    def _load(self, action: CtiAction) -> None:
        self.remote_label.hide()
        self._action = action
        self._attempted = False
        for step in (self.name_step, self.payload_step, self.data_step):
            step.load(action)
        self._baseline = self.current_action()
        self.list_panel.select(action.id)
        self.steps.setCurrentIndex(STEP_NAME_FLOW)
        self._recheck()

    # -- problems --------------------------------------------------------------------------------------

    def live_problems(self) -> list[Problem]:
        """What Save would refuse, from the lists already read (no store access per keystroke)."""
        action = self.current_action()
        flow = next((f for f in self._flows if f.id == action.flow_id), None)
        problems = [*flow_problems(action, flow), *action_problems(action, self._actions, reference_errors)]
        if not self._attempted:
            # Not yet nagging about what a fresh action simply has not been given yet.
            problems = [
                p
                for p in problems
                if not (p.field_path == "name" and not action.name)
                and not (p.field_path == "flow" and action.flow_id is None and action.id is None)
            ]
        return problems

    @Slot()
    def _edited(self) -> None:
        self._recheck()

    def _recheck(self) -> None:
        self._show_problems(self.live_problems())

    def _show_problems(self, problems: list[Problem]) -> None:
        self.problems = problems
        for step in (self.name_step, self.payload_step, self.data_step):
            step.show_problems(problems)
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for index in range(self.steps.count()):
            count = sum(1 for p in problems if step_of(p.field_path) == index)
            self.steps.setTabIcon(index, warning if count else QIcon())
            suffix = f"  ({count})" if count else ""
            self.steps.setTabText(index, STEP_TITLES[index] + suffix)
        if problems and self._attempted:
            plural = "s" if len(problems) != 1 else ""
            self.summary.set_problems(
                [f"{len(problems)} problem{plural} to fix before saving; see the marked steps."]
            )
        else:
            self.summary.set_problems([])
        self._update_header()

    def _update_header(self) -> None:
        action = self.current_action()
        self.heading.setText(action.name or ("New action" if self._action.id is None else "(no name)"))
        published, newest = self._publication.get(self._action.id or -1, (0, 0))
        if self.is_dirty():
            state = "Unsaved changes"
        elif self._action.id is None:
            state = "Not saved yet"
        elif newest > published:
            live = f"version {published} is live" if published else "agents do not see it yet"
            state = f"Draft (version {newest}), not published: {live}"
        else:
            state = f"Published (version {published})"
        if self._action.broken:
            state = "Broken: " + state.lower()
        self.status_label.setText(state)
        saved = self._action.id is not None
        self.publish_button.setEnabled(self.is_dirty() or newest > published)
        self.history_button.setEnabled(saved)
        self.list_panel.duplicate_button.setEnabled(saved)
        self.list_panel.delete_button.setEnabled(True)
        self.setWindowTitle(f"CCP Element Editor — {self.heading.text()}{' *' if self.is_dirty() else ''}")

    # -- navigation ------------------------------------------------------------------------------------

    def open_action(self, action_id: int) -> None:
        action = self.service.get(action_id)
        if action is None:
            self.refresh()
            return
        self._load(action)

    @Slot(int)
    def _list_picked(self, action_id: int) -> None:
        if action_id < 0 or action_id == self._action.id:
            return
        # Keep showing the current one until the supervisor has said what to do with its changes.
        self.list_panel.select(self._action.id)
        self.when_changes_settled(lambda: self.open_action(action_id))

    @Slot()
    def new_action(self) -> None:
        self.when_changes_settled(lambda: self._load(self._blank_action()))

    def when_changes_settled(self, then: Callable[[], None], verb: str = "continuing") -> None:
        """Run `then` now if nothing is unsaved; otherwise ask Save / Discard / Cancel first."""
        if not self.is_dirty():
            then()
            return
        name = self.current_action().name or "the new action"

        def save_then() -> None:
            if self.save():
                then()

        def discard_then() -> None:
            self._baseline = self.current_action()  # so `then` does not ask again
            then()

        self._ask_to_save(f'Save the changes to "{name}" before {verb}?', save_then, discard_then)

    # -- saving ----------------------------------------------------------------------------------------

    def save(self) -> bool:
        """Validate and store; on problems show them where they belong and store nothing."""
        self._attempted = True
        action = self.current_action()
        # What the edit started from: someone's save since then is not overwritten without a word.
        started_from = self._action if self._action.id is not None else None
        try:
            saved = run_now(
                self, "The action was not saved", self.service.save, action, started_from, publish=False
            )
        except EditConflict as conflict:
            self._show_conflict(conflict, action)
            return False
        except ActionInvalid as invalid:
            self._show_problems(invalid.problems)
            first = min((step_of(p.field_path) for p in invalid.problems), default=STEP_NAME_FLOW)
            self.steps.setCurrentIndex(first)
            return False
        if saved is None:
            return False  # the store failed: said in a message, the edits stay
        self._action = saved
        self._attempted = False
        self._baseline = self.current_action()
        self.designer.undo_stack.setClean()
        self.refresh()
        self._recheck()
        return True

    def _show_conflict(self, conflict: EditConflict, mine: CtiAction) -> QMessageBox:
        """Someone saved this action since it was opened here: say who and when, show the differences,
        and let the supervisor keep theirs, keep theirs and save mine over it, or merge by hand."""
        theirs = conflict.theirs
        who = conflict.author or "someone"
        when = f" at {conflict.at.astimezone():%H:%M}" if conflict.at is not None else ""
        flow_names = {flow.id: flow.name for flow in self._flows}
        lines = diff_actions(action_content(theirs), action_content(mine), flow_names=flow_names)
        box = self._ask(
            "Changed meanwhile",
            f'"{theirs.name}" was saved by {who}{when} while you were editing it. Nothing was saved yet.',
            QMessageBox.StandardButton.NoButton,
            QMessageBox.StandardButton.NoButton,
            QMessageBox.Icon.Warning,
        )
        box.setInformativeText(
            f"{len(lines)} difference{'s' if len(lines) != 1 else ''} between their version and yours:"
            if lines
            else "Their version and yours look the same."
        )
        show_theirs_beside_yours(box, lines)
        differences = list(dict.fromkeys(line.where for line in lines))
        keep_theirs = box.addButton("Keep &Theirs", QMessageBox.ButtonRole.RejectRole)
        keep_mine = box.addButton("Keep &Mine", QMessageBox.ButtonRole.AcceptRole)
        merge = box.addButton("Merge by &Hand", QMessageBox.ButtonRole.ActionRole)
        keep_mine.setToolTip("Save your version as a new draft after theirs (theirs stays in the history)")
        merge.setToolTip("Keep editing: your changes stay on screen, and the next save goes over theirs")
        box.setDefaultButton(merge)

        def answered(button: QAbstractButton) -> None:
            if button is keep_theirs:
                self._load(theirs)
                self.refresh()
            else:
                self._action = theirs  # the next save starts from theirs
                self.remote_label.setText(
                    f"Merging by hand with {who}'s version: " + (", ".join(differences) or "no differences")
                )
                self.remote_label.show()
                if button is keep_mine:
                    self.save()

        box.buttonClicked.connect(answered)
        box.open()
        return box

    @Slot()
    def publish(self) -> bool:
        """Save what is on screen (as a draft), then make the draft what every agent sees."""
        if (self.is_dirty() or self._action.id is None) and not self.save():
            return False
        if self._action.id is None:
            return False
        try:
            published = run_now(self, "The action was not published", self.service.publish, self._action.id)
        except ActionInvalid as invalid:
            self._show_problems(invalid.problems)
            return False
        if published is None:
            return False
        self._action = published
        self._baseline = self.current_action()
        self.refresh()
        self._recheck()
        return True

    @Slot()
    def show_history(self) -> None:
        if self._action.id is None:
            return
        from cti_desktop.gui.history import open_action_history

        open_action_history(self, self.service, self._action.id)

    @Slot()
    def quick_save(self) -> bool:
        return self.save()

    @Slot()
    def save_and_close(self) -> None:
        if self.save():
            self._closing = True
            self.close()

    # -- delete, duplicate -----------------------------------------------------------------------------------

    @Slot()
    def delete_current(self) -> None:
        action = self._action
        if action.id is None:
            self.when_changes_settled(self._open_first, verb="discarding it")
            return
        box = self._ask(
            "Delete action",
            f'Delete the action "{action.name}"? Agents will no longer see it. This cannot be undone.',
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
            QMessageBox.Icon.Warning,
        )
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText("Delete")

        def answered(button: QAbstractButton) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes and action.id is not None:
                if run_now(self, "The action was not deleted", self.service.delete, action.id) is None:
                    return
                self._baseline = self.current_action()
                self._open_first()

        box.buttonClicked.connect(answered)
        box.open()

    def _open_first(self) -> None:
        self.refresh()
        if self._actions and self._actions[0].id is not None:
            self.open_action(self._actions[0].id)
        else:
            self._load(self._blank_action())

    @Slot()
    def duplicate_current(self) -> None:
        if self._action.id is None:
            return
        source = self._action.id
        self.when_changes_settled(lambda: self._duplicate(source), verb="duplicating it")

    def _duplicate(self, action_id: int) -> None:
        copy = run_now(self, "The action was not duplicated", self.service.duplicate, action_id)
        self.refresh()
        if copy is not None and copy.id is not None:
            self.open_action(copy.id)

    # -- closing ---------------------------------------------------------------------------------------

    def reject(self) -> None:
        """Cancel and Esc: ask before discarding changes."""
        if self._closing or not self.is_dirty():
            self._closing = True
            super().reject()
            return
        box = self._ask(
            "Discard changes",
            "Close the editor and discard your unsaved changes?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        box.button(QMessageBox.StandardButton.Cancel).setText("Keep editing")

        def answered(button: QAbstractButton) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Discard:
                self._closing = True
                QDialog.reject(self)

        box.buttonClicked.connect(answered)
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing and self.is_dirty():
            event.ignore()
            self.reject()
            return
        self.changes.close()
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self.changes.close()
        super().done(result)

    # -- import and export ------------------------------------------------------------------------------

    @Slot()
    def choose_import_file(self) -> None:
        self.when_changes_settled(self._open_import_dialog, verb="importing")

    def _open_import_dialog(self) -> None:
        dialog = QFileDialog(self, "Import CTI actions", "", "JSON files (*.json);;All files (*)")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.import_file)
        self.file_dialog = dialog
        dialog.open()

    @Slot()
    def choose_export_file(self) -> None:
        dialog = QFileDialog(self, "Export CTI actions", "cti-actions.json", "JSON files (*.json)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("json")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.export_file)
        self.file_dialog = dialog
        dialog.open()

    @Slot(str)
    def import_file(self, path: str) -> bool:
        """Import all actions of a file or none; the outcome is told in a message box."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self._tell("Import failed", f"{path} cannot be read: {exc}", QMessageBox.Icon.Warning)
            return False
        problems = self.service.import_json(text)
        if problems:
            plural = "s" if len(problems) != 1 else ""
            box = self._tell(
                "Nothing was imported",
                f"{Path(path).name} has {len(problems)} problem{plural}; nothing was imported.",
                QMessageBox.Icon.Warning,
            )
            box.setInformativeText(
                "\n".join(str(p) for p in problems[:8]) + ("\n…" if len(problems) > 8 else "")
            )
            box.setDetailedText("\n".join(str(p) for p in problems))
            return False
        self._open_first()
        self._tell(
            "Import complete",
            f"The actions of {Path(path).name} were imported.",
            QMessageBox.Icon.Information,
        )
        return True

    @Slot(str)
    def export_file(self, path: str) -> bool:
        try:
            Path(path).write_text(self.service.export_json(), encoding="utf-8")
        except OSError as exc:
            self._tell("Export failed", f"{path} cannot be written: {exc.strerror}", QMessageBox.Icon.Warning)
            return False
        self._tell("Export complete", f"All actions were exported to {path}.", QMessageBox.Icon.Information)
        return True

    def _tell(self, title: str, text: str, icon: QMessageBox.Icon) -> QMessageBox:
        box = self._ask(title, text, QMessageBox.StandardButton.Ok, QMessageBox.StandardButton.Ok, icon)
        box.open()
        return box


def open_element_editor(action_service: ActionService, parent: QWidget | None = None) -> ElementEditorDialog:
    """Open the editor without blocking (safe inside coroutines)."""
    dialog = ElementEditorDialog(action_service, parent)
    dialog.show()
    return dialog
