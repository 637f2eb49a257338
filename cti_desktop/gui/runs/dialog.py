"""Run History: supervisors see what flows did — every recorded run, why one failed, what it sent.

A non-modal window: filters (flow, status, trigger, contact) over the runs table, newest first, read a
page at a time; the selected run's steps and record below. It follows new runs on its own: the runner's
`run_finished` (a core Signal) is connected to a bound method here and disconnected when the window
closes. Bursts of runs are gathered into one read of the store.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QStringListModel, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cti_desktop.flows.results import RunResult
from cti_desktop.gui.flow_designer.opener import DesignerWindows
from cti_desktop.gui.flow_designer.window import FlowDesignerWindow
from cti_desktop.gui.overlay.connections import CoreConnections
from cti_desktop.gui.runs.details import RunDetails
from cti_desktop.gui.runs.icons import status_icon
from cti_desktop.gui.runs.model import (
    COL_DURATION,
    COL_ERROR,
    COL_FLOW,
    COL_STARTED,
    COL_STATUS,
    COL_TRIGGER,
    DEFAULT_PAGE_SIZE,
    RunTableModel,
)
from cti_desktop.gui.runs.text import NOT_COMPLETED, STATUS_LABELS
from cti_desktop.services.runs import RunFilter, run_on_flow

if TYPE_CHECKING:
    from cti_desktop.services.app_services import AppServices

log = logging.getLogger(__name__)

# (label, statuses): the status filter's choices.
STATUS_CHOICES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("All statuses", ()),
    ("Not completed", NOT_COMPLETED),
    *((STATUS_LABELS[status], (status,)) for status in ("completed", "failed", "timed_out", "cancelled")),
)
TRIGGER_CHOICES: tuple[tuple[str, str], ...] = (
    ("All triggers", ""),
    ("CTI actions", "action"),
    ("Events", "event"),
    ("Manual runs", "manual"),
)
# Typing in a filter box reads the store once the typing pauses, not on every key.
FILTER_DELAY_MS = 250
# Runs finishing together (e.g. every flow of an event) are read from the store once.
NEW_RUNS_DELAY_MS = 100


class RunHistoryDialog(QDialog):
    OBJECT_NAME = "runHistoryDialog"
    runs_added = Signal(int)  # how many recorded runs were just added to the table
    reloaded = Signal()  # the table was read again (Refresh, a filter)

    _run_recorded = Signal()  # a core run_finished, carried onto the GUI thread

    def __init__(
        self, services: AppServices, parent: QWidget | None = None, *, page_size: int = DEFAULT_PAGE_SIZE
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.repository = services.runs
        self.setObjectName(self.OBJECT_NAME)
        self.setWindowTitle("Run History")
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setSizeGripEnabled(True)
        self.resize(1200, 760)

        self._build_filters()
        self._build_table(page_size)
        self.details = RunDetails(self)
        self.details.copied.connect(self._copied)

        self.refresh_button = QPushButton("&Refresh", self)
        self.refresh_button.setObjectName("refreshRuns")
        self.refresh_button.setToolTip("Read the runs again (F5)")
        self.refresh_button.clicked.connect(self.refresh)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("runCount")
        self.count_label.setAccessibleName("How many runs are shown")
        self.notice = QLabel(self)
        self.notice.setObjectName("runsNotice")
        self.notice.setAccessibleName("Last result")
        self.canvas_button = QPushButton("Show on &Canvas", self)
        self.canvas_button.setObjectName("showRunOnCanvas")
        self.canvas_button.setAccessibleName("Show on canvas")
        self.canvas_button.setToolTip("Open the flow in the designer with this run's path lit")
        self.canvas_button.setEnabled(False)
        self.canvas_button.clicked.connect(self.show_on_canvas)
        self.designers: DesignerWindows | None = None
        self.close_button = QPushButton("Close", self)
        self.close_button.setObjectName("closeRuns")
        self.close_button.clicked.connect(self.close)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        self.splitter = splitter

        layout = QVBoxLayout(self)
        layout.addLayout(self._filter_row)
        layout.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addWidget(self.notice, 1)
        bottom.addWidget(self.canvas_button)
        bottom.addWidget(self.refresh_button)
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)

        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self._focus_filter)

        self._new_runs_timer = QTimer(self)
        self._new_runs_timer.setSingleShot(True)
        self._new_runs_timer.setInterval(NEW_RUNS_DELAY_MS)
        self._new_runs_timer.timeout.connect(self.add_new_runs)
        # Queued when run_finished comes from another thread; direct (then gathered) on this one.
        self._run_recorded.connect(self._new_runs_timer.start)
        self._connections = CoreConnections()
        self._connections.connect(services.runner.run_finished, self._on_run_finished)
        # Also when the window is deleted without closing (its parent went away first).
        self.destroyed.connect(partial(services.runner.run_finished.disconnect, self._on_run_finished))

        self.refresh()

    # -- building -------------------------------------------------------------------------------------

    def _build_filters(self) -> None:
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filters)

        self.flow_filter = QLineEdit(self)
        self.flow_filter.setObjectName("runFlowFilter")
        self.flow_filter.setPlaceholderText("Flow name (Ctrl+F)")
        self.flow_filter.setAccessibleName("Show runs of flows whose name contains")
        self.flow_filter.setClearButtonEnabled(True)
        self.flow_filter.textChanged.connect(self._filter_timer.start)
        self._flow_names = QStringListModel(self)
        self._completer = QCompleter(self._flow_names, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.flow_filter.setCompleter(self._completer)

        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("runStatusFilter")
        self.status_filter.setAccessibleName("Show runs with the status")
        for label, statuses in STATUS_CHOICES:
            icon = status_icon(statuses[0]) if len(statuses) == 1 else None
            if icon is not None:
                self.status_filter.addItem(icon, label, statuses)
            else:
                self.status_filter.addItem(label, statuses)
        self.status_filter.currentIndexChanged.connect(self.apply_filters)

        self.trigger_filter = QComboBox(self)
        self.trigger_filter.setObjectName("runTriggerFilter")
        self.trigger_filter.setAccessibleName("Show runs started by")
        for label, kind in TRIGGER_CHOICES:
            self.trigger_filter.addItem(label, kind)
        self.trigger_filter.currentIndexChanged.connect(self.apply_filters)

        self.contact_filter = QLineEdit(self)
        self.contact_filter.setObjectName("runContactFilter")
        self.contact_filter.setPlaceholderText("Contact id")
        self.contact_filter.setAccessibleName("Show runs for contacts whose id contains")
        self.contact_filter.setClearButtonEnabled(True)
        self.contact_filter.textChanged.connect(self._filter_timer.start)

        row = QHBoxLayout()
        for text, field, stretch in (
            ("&Flow:", self.flow_filter, 3),
            ("&Status:", self.status_filter, 1),
            ("&Trigger:", self.trigger_filter, 1),
            ("C&ontact:", self.contact_filter, 2),
        ):
            caption = QLabel(text, self)
            caption.setBuddy(field)
            row.addWidget(caption)
            row.addWidget(field, stretch)
        self._filter_row = row

    def _build_table(self, page_size: int) -> None:
        self.model = RunTableModel(self.repository, page_size, self)
        self.model.rowsInserted.connect(self._update_count)
        self.model.modelReset.connect(self._update_count)
        table = QTableView(self)
        table.setObjectName("runTable")
        table.setAccessibleName("Recorded runs, newest first")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in (
            (COL_STARTED, 150),
            (COL_FLOW, 190),
            (COL_TRIGGER, 260),
            (COL_STATUS, 110),
            (COL_DURATION, 80),
        ):
            header.resizeSection(column, width)
        header.setSectionResizeMode(COL_ERROR, QHeaderView.ResizeMode.Stretch)
        table.selectionModel().selectionChanged.connect(self._run_selected)
        self.table = table

    # -- reading ----------------------------------------------------------------------------------------

    def current_filter(self) -> RunFilter:
        statuses = self.status_filter.currentData()
        return RunFilter(
            flow_name=self.flow_filter.text().strip(),
            contact_id=self.contact_filter.text().strip(),
            statuses=tuple(statuses) if statuses else (),
            trigger_kind=str(self.trigger_filter.currentData() or ""),
        )

    @Slot()
    def apply_filters(self) -> None:
        self._filter_timer.stop()
        wanted = self.current_filter()
        if wanted != self.model.filter:
            self._reload(wanted)

    @Slot()
    def refresh(self) -> None:
        """Read the runs again with the filters shown; the selected run stays selected if still listed."""
        self._filter_timer.stop()
        self._reload(self.current_filter())
        self._flow_names.setStringList(self.repository.flow_names())

    def _reload(self, filters: RunFilter) -> None:
        selected = self.current_run_id()
        self._new_runs_timer.stop()  # the reload reads them too
        self.model.set_filter(filters)
        if selected is None or not self.select_run(selected):
            self.details.show_run(None)
        self.reloaded.emit()

    @Slot()
    def add_new_runs(self) -> int:
        """Add the runs recorded since the table was read (the window calls this after run_finished)."""
        added = self.model.add_newer()
        if added:
            self.runs_added.emit(added)
        return added

    def _on_run_finished(self, result: RunResult) -> None:
        self._run_recorded.emit()

    # -- selection --------------------------------------------------------------------------------------

    def current_run_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows(COL_FLOW)
        summary = self.model.run(rows[0].row()) if rows else None
        return summary.id if summary is not None else None

    def select_run(self, run_id: int) -> bool:
        """Select the run in the table if it is listed; returns whether it is."""
        row = self.model.row_of(run_id)
        if row < 0:
            return False
        index = self.model.index(row, COL_FLOW)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def show_run(self, run_id: int) -> None:
        """Show one run (e.g. from the overlay's result): selected in the table when the filters allow,
        else the filters are cleared so it can be; its details are shown either way."""
        if self.select_run(run_id):
            return
        self._silently_clear_filters()
        self._reload(RunFilter())
        if not self.select_run(run_id):
            self.table.clearSelection()
            recorded = self.repository.get(run_id)
            self.details.show_run(recorded, missing_id=run_id if recorded is None else None)

    def _silently_clear_filters(self) -> None:
        for widget in (self.flow_filter, self.contact_filter, self.status_filter, self.trigger_filter):
            widget.blockSignals(True)
        try:
            self.flow_filter.clear()
            self.contact_filter.clear()
            self.status_filter.setCurrentIndex(0)
            self.trigger_filter.setCurrentIndex(0)
        finally:
            for widget in (self.flow_filter, self.contact_filter, self.status_filter, self.trigger_filter):
                widget.blockSignals(False)
        self._filter_timer.stop()

    @Slot()
    def show_on_canvas(self) -> FlowDesignerWindow | None:
        """Open the selected run's flow in the designer with the run's path lit; when the flow changed
        since, the designer says so (and shows the current version); when it is gone, this says so."""
        run_id = self.current_run_id()
        recorded = self.repository.get(run_id) if run_id is not None else None
        if recorded is None:
            self.notice.setText("Select a run to show on the canvas.")
            return None
        target = run_on_flow(self.services.flows, recorded)
        if target.flow is None:
            self.notice.setText(target.note)
            return None
        if self.designers is None:
            self.designers = DesignerWindows(self.services)
        window = self.designers.open(target.flow.name, self)
        if window is not None:
            window.show_recorded_run(recorded, target.note)
            self.notice.setText(f"Run {recorded.run.id} is shown on the flow designer's canvas.")
        return window

    @Slot(QItemSelection, QItemSelection)
    def _run_selected(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        run_id = self.current_run_id()
        self.canvas_button.setEnabled(run_id is not None)
        if run_id is None or run_id == self.details.run_id():
            return
        recorded = self.repository.get(run_id)
        self.details.show_run(recorded, missing_id=run_id if recorded is None else None)

    # -- feedback ----------------------------------------------------------------------------------------

    @Slot()
    def _update_count(self) -> None:
        shown = self.model.rowCount()
        text = f"{shown} run{'s' if shown != 1 else ''}"
        if self.model.has_more():
            text += " shown; scroll down for older ones"
        elif shown == 0:
            text = "No runs match" if self.model.filter != RunFilter() else "No runs recorded yet"
        self.count_label.setText(text)

    @Slot(str)
    def _copied(self, text: str) -> None:
        self.notice.setText(f"Copied {len(text.splitlines())} lines to the clipboard.")

    @Slot()
    def _focus_filter(self) -> None:
        self.flow_filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.flow_filter.selectAll()

    # -- closing -----------------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self._stop()
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self._stop()
        super().done(result)

    def _stop(self) -> None:
        self._connections.disconnect_all()
        self._new_runs_timer.stop()
        self._filter_timer.stop()
