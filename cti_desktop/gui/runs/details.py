"""One run in detail: how it ended, its steps, and what it took in and gave out as readable JSON.

The steps table is on the left; on the right, two read-only tabs: the run's record (payload, contact,
overlay data sent, screen pops, log lines, messages shown, warnings) and the selected step (its results,
exception and warnings). Copy puts the tab shown on the clipboard, e.g. for a support ticket.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QItemSelection, Qt, Signal, Slot
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cti_desktop.gui.runs.icons import status_color
from cti_desktop.gui.runs.model import COL_BLOCK, COL_EXCEPTION, COL_SEQ, StepTableModel
from cti_desktop.gui.runs.text import (
    NOT_COMPLETED,
    as_json,
    duration_text,
    run_record,
    started_text,
    status_label,
    step_record,
    trigger_text,
)
from cti_desktop.services.runs import RecordedRun

NOTHING_SELECTED = "Select a run to see its steps and what it sent."
NO_STEP_SELECTED = "Select a step to see its results."


class RunDetails(QWidget):
    copied = Signal(str)  # the text put on the clipboard

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("runDetails")
        self._run: RecordedRun | None = None

        self.heading = QLabel(NOTHING_SELECTED, self)
        self.heading.setObjectName("runHeading")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.heading.setAccessibleName("Selected run")
        self.error = QLabel(self)
        self.error.setObjectName("runError")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.setAccessibleName("Why the run did not complete")
        self.error.hide()

        self.steps = StepTableModel(self)
        self.step_table = QTableView(self)
        self.step_table.setObjectName("stepTable")
        self.step_table.setAccessibleName("Steps of the selected run")
        self.step_table.setModel(self.steps)
        self.step_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.step_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.step_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.step_table.setAlternatingRowColors(True)
        self.step_table.setWordWrap(False)
        self.step_table.setTabKeyNavigation(False)
        self.step_table.verticalHeader().hide()
        self.step_table.verticalHeader().setDefaultSectionSize(self.step_table.fontMetrics().height() + 10)
        header = self.step_table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_EXCEPTION, QHeaderView.ResizeMode.Stretch)
        self.step_table.selectionModel().selectionChanged.connect(self._step_selected)

        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.record_view = self._text_view("runRecord", "The run's inputs and what it sent, as JSON", mono)
        self.step_view = self._text_view("stepRecord", "The selected step's results, as JSON", mono)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("runDetailTabs")
        self.tabs.addTab(self.record_view, "R&un record")
        self.tabs.addTab(self.step_view, "St&ep")
        self.copy_button = QPushButton("&Copy", self)
        self.copy_button.setObjectName("copyRunRecord")
        self.copy_button.setToolTip("Copy the text shown to the clipboard")
        self.copy_button.setAccessibleName("Copy the text shown")
        self.copy_button.clicked.connect(self.copy_shown)
        self.tabs.setCornerWidget(self.copy_button, Qt.Corner.TopRightCorner)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.step_table)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        self.splitter = splitter

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.error)
        layout.addWidget(splitter, 1)
        self.show_run(None)

    def _text_view(self, name: str, accessible: str, font: QFont) -> QPlainTextEdit:
        view = QPlainTextEdit(self)
        view.setObjectName(name)
        view.setReadOnly(True)
        view.setAccessibleName(accessible)
        view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        view.setFont(font)
        return view

    # -- content ------------------------------------------------------------------------------------

    def run(self) -> RecordedRun | None:
        return self._run

    def run_id(self) -> int | None:
        return self._run.run.id if self._run is not None else None

    def show_run(self, recorded: RecordedRun | None, missing_id: int | None = None) -> None:
        """Show a run, or nothing (`missing_id`: the run asked for is no longer stored)."""
        self._run = recorded
        self.steps.set_steps(recorded.steps if recorded is not None else [])
        self.step_view.setPlainText(NO_STEP_SELECTED if recorded is not None else "")
        self.copy_button.setEnabled(recorded is not None)
        if recorded is None:
            self.heading.setText(
                f"Run {missing_id} is no longer stored." if missing_id is not None else NOTHING_SELECTED
            )
            self.error.hide()
            self.record_view.clear()
            return
        run = recorded.run
        color = status_color(run.status).name() if run.status in NOT_COMPLETED else ""
        status = html.escape(status_label(run.status))
        if color:
            status = f'<span style="color:{color}">{status}</span>'
        steps = len(recorded.steps)
        self.heading.setText(
            f"<b>{html.escape(run.flow_name)}</b> — {status} · "
            f"{html.escape(trigger_text(run.trigger_kind, run.trigger_detail))} · "
            f"started {html.escape(started_text(run.started_at))} · "
            f"{html.escape(duration_text(run.duration_ms))} · {steps} step{'s' if steps != 1 else ''}"
            + (f" · contact {html.escape(run.contact_id)}" if run.contact_id else "")
        )
        self.error.setText(run.error)
        self.error.setStyleSheet(f"color: {status_color('failed').name()};")
        self.error.setVisible(bool(run.error))
        self.record_view.setPlainText(as_json(run_record(run)))
        failed = next((row for row, step in enumerate(recorded.steps) if not step.success), None)
        if failed is not None:
            # The step that went wrong is the one people want: show it straight away.
            self.select_step(failed)

    def select_step(self, row: int) -> None:
        index = self.steps.index(row, COL_SEQ)
        if index.isValid():
            self.step_table.selectRow(row)
            self.step_table.scrollTo(index)

    def shown_text(self) -> str:
        view = self.tabs.currentWidget()
        return view.toPlainText() if isinstance(view, QPlainTextEdit) else ""

    @Slot()
    def copy_shown(self) -> None:
        text = self.shown_text()
        if not text:
            return
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(text)
        self.copied.emit(text)

    @Slot(QItemSelection, QItemSelection)
    def _step_selected(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        rows = self.step_table.selectionModel().selectedRows(COL_BLOCK)
        step = self.steps.step(rows[0].row()) if rows else None
        self.step_view.setPlainText(as_json(step_record(step)) if step is not None else NO_STEP_SELECTED)
