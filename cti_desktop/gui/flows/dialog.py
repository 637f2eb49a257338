"""The Flows window: supervisors and IT see and manage the stored CTI Flows.

A non-modal dialog, the CCP Element Editor's sibling: the flows on the left (filter, sortable table,
Import…), the selected flow's settings and validation problems on the right (Delete…, Export…, Save
changes). File dialogs and questions use `open()`, never a nested event loop, so it is safe under qasync.
Every change goes through `services.flows` (FlowService), which announces it on the change bus: open
overlays and the editor show the CTI actions a flow leaves without a runnable flow as broken at once, and
this window refreshes the flows a change concerns, whoever made it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QSortFilterProxyModel, Qt, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cti_desktop.domain.actions import CtiAction
from cti_desktop.flows.blocks import default_registry
from cti_desktop.flows.document import FlowDocumentError
from cti_desktop.gui.changes import QtChanges
from cti_desktop.gui.designer.widgets import HelpLabel
from cti_desktop.gui.flow_designer.opener import DesignerWindows
from cti_desktop.gui.flows.details import FlowDetails, settings_problem
from cti_desktop.gui.flows.files import (
    ask_for_files,
    ask_for_save_path,
    file_name_for,
    show_message,
)
from cti_desktop.gui.flows.model import (
    COL_NAME,
    SORT_ROLE,
    FlowItem,
    FlowTableModel,
    flow_item,
)
from cti_desktop.gui.operations import run_now
from cti_desktop.gui.questions import AsksQuestions
from cti_desktop.services.changes import ChangeKind, ChangeSet
from cti_desktop.services.flow_import import FlowImportError, ImportedFlow
from cti_desktop.services.flows import FlowNotFound, FlowService, PublishRefused, SourceEntry

if TYPE_CHECKING:
    from cti_desktop.services.app_services import AppServices

log = logging.getLogger(__name__)


class FlowsDialog(AsksQuestions, QDialog):
    question_object_name = "flowsQuestion"

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.flows: FlowService = services.flows
        self.registry = default_registry()
        self._publication: dict[int, tuple[int, int]] = {}  # each flow's (published, newest) version
        self.setObjectName("flowsDialog")
        self.setWindowTitle("CTI Flows")
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setSizeGripEnabled(True)
        self.resize(1200, 700)
        self._entries: list[SourceEntry] = []
        self._labels: dict[str, str] = {}
        self._actions: list[CtiAction] = []
        self._closing = False
        self._silent = False  # selection changes made by the code, not the user
        self.question: QMessageBox | None = None  # the open question, if any
        self.message: QMessageBox | None = None  # the last message shown, if still open
        self.file_dialog: QFileDialog | None = None

        # -- left: filter, table, Import ---------------------------------------------------------------
        self.model = FlowTableModel(self)
        self.model.active_toggled.connect(self.set_active)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)  # name, source, event...: find a flow by any of them
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("flowFilter")
        self.filter_edit.setPlaceholderText("Filter flows (Ctrl+F)")
        self.filter_edit.setAccessibleName("Filter flows by name, source or event")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)

        self.table = QTableView(self)
        self.table.setObjectName("flowTable")
        self.table.setAccessibleName("CTI Flows")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        # Every column as wide as its contents, Name too (a stretched Name got only what the others
        # left and cut names short); the last column takes any room to spare, and a scroll bar appears
        # when names are longer than the window. The full name is also the cell's tooltip.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(self.open_designer)

        self.import_button = self._button(
            "&Import…", "importFlows", "Import flow files exported from the CTI Adapter (Ctrl+O)"
        )
        self.import_button.clicked.connect(self.choose_import_files)
        self.count_label = HelpLabel("", self)
        self.count_label.setObjectName("flowCount")
        self.count_label.setWordWrap(False)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 8, 0)
        left_layout.setSpacing(6)
        left_layout.addWidget(self.filter_edit)
        left_layout.addWidget(self.table, 1)
        left_buttons = QHBoxLayout()
        left_buttons.addWidget(self.import_button)
        left_buttons.addStretch(1)
        left_buttons.addWidget(self.count_label)
        left_layout.addLayout(left_buttons)

        # -- right: details, Delete / Export / Save -----------------------------------------------------
        self.notice = QLabel(self)
        self.notice.setObjectName("flowsNotice")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.setAccessibleName("Last result")
        self.notice.setStyleSheet(
            "QLabel#flowsNotice { background: palette(alternate-base); border: 1px solid palette(mid);"
            " border-radius: 4px; padding: 6px 8px; }"
        )
        self.notice.hide()
        self.details = FlowDetails(self)
        self.details.changed.connect(self._details_edited)

        self.delete_button = self._button("&Delete…", "deleteFlow", "Delete this flow (asks first)")
        self.delete_button.clicked.connect(self.delete_current)
        self.export_button = self._button(
            "E&xport…", "exportFlow", "Save this flow as a file in the CTI Adapter's format"
        )
        self.export_button.clicked.connect(self.choose_export_file)
        self.revert_button = self._button("&Revert", "revertFlow", "Discard the unsaved changes to this flow")
        self.revert_button.clicked.connect(self.revert)
        self.save_button = self._button(
            "&Save changes", "saveFlow", "Save the flow's settings as a draft (Ctrl+S)"
        )
        self.save_button.clicked.connect(self.save_changes)
        self.publish_button = self._button(
            "&Publish", "publishFlow", "Make the flow's draft what every seat runs (Ctrl+Shift+P)"
        )
        self.publish_button.clicked.connect(self.publish_current)
        self.history_button = self._button(
            "&History…", "flowHistory", "Every saved version: compare two, roll back to one (Ctrl+H)"
        )
        self.history_button.clicked.connect(self.show_history)
        self.designers = DesignerWindows(services)
        self.design_button = self._button(
            "Open in &Designer…", "openDesigner", "Open this flow on the flow designer canvas"
        )
        self.design_button.clicked.connect(self.open_designer)
        self.close_button = self._button("Close", "closeFlows", "Close the Flows window")
        self.close_button.clicked.connect(self.close)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.setSpacing(6)
        right_layout.addWidget(self.notice)
        right_layout.addWidget(self.details, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.design_button)
        buttons.addWidget(self.history_button)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.publish_button)
        buttons.addWidget(self.close_button)
        right_layout.addLayout(buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([680, 520])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(splitter)

        QShortcut(QKeySequence.StandardKey.Save, self, self.save_changes)
        QShortcut(QKeySequence("Ctrl+Shift+P"), self, self.publish_current)
        QShortcut(QKeySequence("Ctrl+H"), self, self.show_history)
        QShortcut(QKeySequence.StandardKey.Open, self, self.choose_import_files)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_filter)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.refresh)

        self.changes = QtChanges(services.changes, self)
        self.changes.changed.connect(self._store_changed)
        self.refresh()
        self.select_row(0)
        self.table.setFocus()

    def _button(self, text: str, name: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoDefault(False)
        return button

    # -- data ------------------------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Read the flows, the picklist and the actions again; keeps the selection and unsaved edits."""
        shown = self.details.item()
        name = shown.name if shown is not None else None
        self._entries = self.flows.source_entries()
        self._labels = {entry.api_value: entry.label for entry in self._entries}
        self._actions = self.services.actions.list_actions()
        self._publication = self.flows.publication()
        items = [flow_item(flow, self._labels, self.registry) for flow in self.flows.list()]
        self._silent = True
        try:
            self.model.set_flows(items)
            self._select_name(name)
        finally:
            self._silent = False
        self._update_count()
        exists = name is not None and self.model.row_of(name) >= 0
        if exists and self.details.is_dirty():
            return  # keep what is being edited; the table shows the stored state
        if name is not None and not exists:
            self._notify(f"The flow “{name}” was deleted elsewhere.")
        self._show_details(name if exists else None)

    @Slot(object)
    def _store_changed(self, changes: ChangeSet) -> None:
        """Refresh what the changes concern: the flows changed (re-read one by one), the actions (who
        uses which flow), or everything when flows came or went or the picklist changed."""
        if not changes.concerns(ChangeKind.FLOW, ChangeKind.ACTION, ChangeKind.FLOW_SOURCE):
            return
        flow_changes = [c for c in changes.changes if c.kind == ChangeKind.FLOW]
        if changes.concerns(ChangeKind.FLOW_SOURCE) or any(c.removed or not c.ids for c in flow_changes):
            self.refresh()
            return
        for flow_id in changes.ids(ChangeKind.FLOW):
            flow = self.flows.get_by_id(int(flow_id))
            if flow is None or self.model.row_of(flow.name) < 0:
                self.refresh()  # a new flow, or one renamed or deleted meanwhile
                return
            self.model.replace_flow(flow_item(flow, self._labels, self.registry))
        if changes.concerns(ChangeKind.ACTION):
            self._actions = self.services.actions.list_actions()
        self._update_count()
        name = self.current_name()
        if name is not None and not self.details.is_dirty():
            self._show_details(name)
        elif name is not None and self._changed_elsewhere(changes, name):
            self._notify(
                f"The flow “{name}” was changed on another seat: "
                "Save changes replaces that change with yours."
            )

    def _changed_elsewhere(self, changes: ChangeSet, name: str) -> bool:
        flow = self.flows.get(name)
        return flow is not None and any(
            change.remote and change.concerns(ChangeKind.FLOW, flow.id) for change in changes.changes
        )

    def flow_names(self) -> list[str]:
        """The names in the table as shown: filtered and sorted."""
        return [str(self.proxy.index(row, COL_NAME).data()) for row in range(self.proxy.rowCount())]

    def current_item(self) -> FlowItem | None:
        """The flow the details show (it stays shown while a filter hides its row)."""
        return self.details.item()

    def current_name(self) -> str | None:
        item = self.current_item()
        return item.name if item is not None else None

    def _selected_name(self) -> str | None:
        rows = self.table.selectionModel().selectedRows(COL_NAME)
        if not rows:
            return None
        item = self.model.flow(self.proxy.mapToSource(rows[0]).row())
        return item.name if item is not None else None

    def actions_using(self, item: FlowItem) -> list[str]:
        return [action.name for action in self._actions if item.id is not None and action.flow_id == item.id]

    def _show_details(self, name: str | None) -> None:
        """Show the stored settings of the flow called `name` (None: no flow)."""
        item = self.model.flow(self.model.row_of(name)) if name is not None else None
        used_by = self.actions_using(item) if item is not None else []
        self.details.load(item, self._entries, self._labels, used_by)
        self._update_buttons()

    def _update_buttons(self) -> None:
        name = self.current_name() or ""
        dirty = self.details.is_dirty()
        for button in (self.delete_button, self.export_button, self.design_button, self.history_button):
            button.setEnabled(bool(name))
        self.save_button.setEnabled(bool(name) and dirty)
        self.publish_button.setEnabled(bool(name) and (dirty or self._has_draft(name)))
        self.revert_button.setEnabled(bool(name) and dirty)
        self.setWindowTitle(f"CTI Flows — {name}{' *' if dirty else ''}" if name else "CTI Flows")

    def _update_count(self) -> None:
        total = self.model.rowCount()
        with_problems = sum(1 for item in self.model.flows() if item.problems)
        text = f"{total} flow{'s' if total != 1 else ''}"
        if with_problems:
            text += f", {with_problems} with problems"
        self.count_label.setText(text)

    # -- selection -------------------------------------------------------------------------------------

    def select_row(self, row: int) -> None:
        """Select the table's `row` as shown (after sorting and filtering)."""
        index = self.proxy.index(row, COL_NAME)
        if index.isValid():
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.table.selectionModel().setCurrentIndex(index, flags)
            self.table.scrollTo(index)

    def select_flow(self, name: str) -> bool:
        """Select the flow called `name` (clearing the filter if it hides it); asks first about unsaved
        changes to another flow. Returns whether it is selected now."""
        if self.model.row_of(name) < 0:
            return False
        if not self.proxy.mapFromSource(self.model.index(self.model.row_of(name), 0)).isValid():
            self.filter_edit.clear()
        row = self.proxy.mapFromSource(self.model.index(self.model.row_of(name), COL_NAME)).row()
        self.select_row(row)
        return self.current_name() == name

    def _select_name(self, name: str | None) -> None:
        row = self.model.row_of(name)
        index = self.proxy.mapFromSource(self.model.index(row, COL_NAME)) if row >= 0 else None
        if index is None or not index.isValid():
            self.table.selectionModel().clearSelection()
            return
        self.select_row(index.row())

    @Slot(QItemSelection, QItemSelection)
    def _selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        picked = self._selected_name()
        if self._silent or picked is None or picked == self.current_name():
            return  # a filter hiding the row keeps the flow shown
        if self.details.is_dirty():
            # Keep showing the edited flow until the user says what to do with its changes.
            self._silent = True
            try:
                self._select_name(self.current_name())
            finally:
                self._silent = False
            self.when_changes_settled(partial(self._pick, picked))
            return
        self._show_details(picked)

    def _pick(self, name: str) -> None:
        self._silent = True
        try:
            self._select_name(name)
        finally:
            self._silent = False
        self._show_details(name)

    @Slot()
    def _focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    # -- questions and messages -----------------------------------------------------------------------

    def is_dirty(self) -> bool:
        return self.details.item() is not None and self.details.is_dirty()

    def when_changes_settled(self, then: Callable[[], None], verb: str = "continuing") -> None:
        """Run `then` now if nothing is unsaved; otherwise ask Save / Discard / Cancel first."""
        item = self.details.item()
        if item is None or not self.details.is_dirty():
            then()
            return

        def save_then() -> None:
            if self.save_changes():
                then()

        def discard_then() -> None:
            self.revert()
            then()

        self._ask_to_save(
            f'Save the changes to the flow "{item.name}" before {verb}?', save_then, discard_then
        )

    def _tell(
        self,
        title: str,
        text: str,
        icon: QMessageBox.Icon = QMessageBox.Icon.Information,
        *,
        informative: str = "",
        details: str = "",
    ) -> QMessageBox:
        box = show_message(self, title, text, icon, informative=informative, details=details)
        box.destroyed.connect(self._message_gone)
        self.message = box
        return box

    @Slot()
    def _message_gone(self) -> None:
        self.message = None

    def _notify(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    # -- editing ---------------------------------------------------------------------------------------

    @Slot()
    def _details_edited(self) -> None:
        self._update_buttons()

    @Slot()
    def revert(self) -> None:
        """Back to the stored settings of the flow shown."""
        self._show_details(self.current_name())

    @Slot(str, bool)
    def set_active(self, name: str, active: bool) -> None:
        """The table's Active box: stored at once."""
        try:
            flow = run_now(self, "The flow was not changed", self.flows.set_active, name, active)
        except FlowNotFound:
            self._notify(f"The flow “{name}” no longer exists.")
            self.refresh()
            return
        if flow is None:
            self.refresh()  # the store refused: show the stored state again
            return
        self.model.replace_flow(flow_item(flow, self._labels, self.registry))
        if self.current_name() == name:
            if self.details.is_dirty():
                self.details.set_stored_active(active)  # keeps the other unsaved edits
            else:
                self._show_details(name)
        self._notify(f"“{name}” is now {'active' if active else 'inactive'}.")

    @Slot()
    def save_changes(self) -> bool:
        """Store the selected flow's settings; a setting that cannot be saved is said next to it."""
        item = self.details.item()
        if item is None:
            return False
        wanted = self.details.read()
        problem = settings_problem(item, wanted, self._labels)
        if problem:
            self.details.show_problem(problem)
            return False
        try:
            saved = run_now(
                self,
                "The flow was not saved",
                self.flows.save_settings,
                item.name,
                source=wanted.source,
                event=wanted.event,
                active=wanted.active,
                description=wanted.description,
            )
        except FlowNotFound:
            self._notify(f"The flow “{item.name}” no longer exists; nothing was saved.")
            self.refresh()
            return False
        if saved is None:
            return False
        log.info("saved the settings of flow %r (version %d)", item.name, saved.number)
        self._publication = self.flows.publication()
        self.model.replace_flow(flow_item(saved.flow, self._labels, self.registry))
        self._show_details(item.name)
        self._notify(f"Saved a draft of “{item.name}” (version {saved.number}): Publish makes it live.")
        return True

    def _has_draft(self, name: str) -> bool:
        item = self.model.flow(self.model.row_of(name)) if name else None
        if item is None or item.id is None:
            return False
        published, newest = self._publication.get(item.id, (0, 0))
        return newest > published

    @Slot()
    def publish_current(self) -> bool:
        """Save the shown settings (as a draft) if they changed, then make the draft what every seat runs."""
        name = self.current_name()
        if not name or (self.details.is_dirty() and not self.save_changes()):
            return False
        try:
            flow = run_now(self, "The flow was not published", self.flows.publish, name)
        except (PublishRefused, FlowNotFound) as refused:
            self._notify(str(refused))
            return False
        if flow is None:
            return False
        self._publication = self.flows.publication()
        self.model.replace_flow(flow_item(flow, self._labels, self.registry))
        self._show_details(name)
        self._notify(f"Published “{name}” (version {flow.published_version}): every seat runs it now.")
        return True

    @Slot()
    def show_history(self) -> None:
        name = self.current_name()
        if not name:
            return
        from cti_desktop.gui.history import open_flow_history

        open_flow_history(self, self.flows, name)

    @Slot()
    def open_designer(self) -> None:
        """Open the shown flow in the flow designer (its own window, owned by the main window)."""
        name = self.current_name()
        if name is not None:
            self.designers.open(name, self.parentWidget() or self)

    # -- delete ----------------------------------------------------------------------------------------

    @Slot()
    def delete_current(self) -> None:
        item = self.details.item()
        if item is None:
            return
        used_by = self.actions_using(item)
        if used_by:
            names = ", ".join(f"“{name}”" for name in used_by)
            if len(used_by) == 1:
                who, runs, until = f"The CTI action {names}", "runs", "it is"
            else:
                who, runs, until = f"The CTI actions {names}", "run", "they are"
            consequence = (
                f"{who} {runs} this flow and will show as broken until {until} given another CTI Action flow."
            )
        else:
            consequence = "No CTI action runs this flow."
        box = self._ask(
            "Delete flow",
            f"Delete the flow “{item.name}”? This cannot be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
            QMessageBox.Icon.Warning,
        )
        box.setInformativeText(consequence)
        box.button(QMessageBox.StandardButton.Yes).setText("&Delete")
        name = item.name

        def answered(button: QAbstractButton) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes:
                self.delete_flow(name)

        box.buttonClicked.connect(answered)
        box.open()

    def delete_flow(self, name: str) -> bool:
        """Delete the flow and show the one that took its place in the table."""
        row = self.proxy.mapFromSource(self.model.index(self.model.row_of(name), COL_NAME)).row()
        self.details.load(None, self._entries, self._labels)  # nothing unsaved is left of it
        deleted = run_now(self, "The flow was not deleted", self.flows.delete, name)
        self.refresh()
        if deleted is None:
            self._pick(name)  # the store refused: it is still there
            return False
        self.select_row(min(max(row, 0), self.proxy.rowCount() - 1))
        if deleted:
            log.info("deleted flow %r", name)
            self._notify(f"Deleted the flow “{name}”.")
        return deleted

    # -- import and export -----------------------------------------------------------------------------

    @Slot()
    def choose_import_files(self) -> None:
        self.when_changes_settled(self._open_import_dialog, verb="importing")

    def _open_import_dialog(self) -> None:
        self.file_dialog = ask_for_files(self, "Import CTI Flows", self.import_paths)

    @Slot(list)
    def import_paths(self, paths: Sequence[str]) -> list[ImportedFlow]:
        """Import the files, all or none; a file that cannot be read is named with the place and why."""
        try:
            imported = run_now(
                self, "Nothing was imported", self.flows.import_files, list(paths), registry=self.registry
            )
        except FlowDocumentError as exc:
            where = f"{Path(exc.source).name}, {exc.place}" if exc.place else Path(exc.source).name
            self._tell(
                "Nothing was imported",
                f"{where}: {exc.message}.",
                QMessageBox.Icon.Warning,
                informative=f"File: {exc.source}\nNo flow was stored. Correct the file and import it again.",
            )
            return []
        except FlowImportError as exc:
            self._tell(
                "Nothing was imported",
                f"{exc}.",
                QMessageBox.Icon.Warning,
                informative="No flow was stored.",
            )
            return []
        if imported is None:
            return []
        log.info("imported flows: %s", ", ".join(f"{flow.name} <- {flow.path}" for flow in imported))
        self.refresh()
        if imported:
            self._pick(imported[0].name)
        self._notify(self._import_summary(imported))
        return imported

    @staticmethod
    def _import_summary(imported: list[ImportedFlow]) -> str:
        parts = [
            f"“{flow.name}” ({'new' if flow.created else f'updated to version {flow.version}'})"
            for flow in imported
        ]
        text = f"Imported {len(imported)} flow{'s' if len(imported) != 1 else ''}: {', '.join(parts)}."
        with_problems = [flow for flow in imported if flow.problems]
        if with_problems:
            names = ", ".join(f"“{flow.name}”" for flow in with_problems)
            text += f" Problems found in {names}: see the Problems column."
        if any(flow.created for flow in imported):
            text += " Choose each new flow's source and event, then Save changes."
        return text

    @Slot()
    def choose_export_file(self) -> None:
        item = self.details.item()
        if item is None:
            return
        self.file_dialog = ask_for_save_path(
            self, f"Export the flow “{item.name}”", file_name_for(item.name), self.export_to
        )

    @Slot(str)
    def export_to(self, path: str) -> bool:
        """Write the selected flow as adapter JSON, as stored (the same as `flows export`)."""
        item = self.details.item()
        row = self.flows.get(item.name) if item is not None else None
        if row is None:
            self._notify("The flow no longer exists; nothing was exported.")
            return False
        try:
            text = row.read_document().to_json(indent=2) + "\n"
        except FlowDocumentError:
            text = json.dumps(row.document, indent=2, ensure_ascii=False) + "\n"
        try:
            Path(path).write_text(text, encoding="utf-8")
        except OSError as exc:
            self._tell(
                "Export failed", f"{path} cannot be written: {exc.strerror or exc}.", QMessageBox.Icon.Warning
            )
            return False
        self._notify(f"Exported “{row.name}” (version {row.version}) to {path}.")
        return True

    # -- closing ---------------------------------------------------------------------------------------

    def reject(self) -> None:
        """Close and Esc: ask before discarding unsaved changes."""
        if self._closing or not self.details.is_dirty():
            self._closing = True
            super().reject()
            return
        self.when_changes_settled(self._close_now, verb="closing")

    def _close_now(self) -> None:
        self._closing = True
        QDialog.reject(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing and self.details.is_dirty():
            event.ignore()
            self.reject()
            return
        self.changes.close()
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self.changes.close()
        super().done(result)
