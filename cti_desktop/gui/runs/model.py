"""The Run History tables: the recorded runs (read from the store a page at a time) and one run's steps.

`RunTableModel` reads summaries only (no JSON columns), newest first, `page_size` rows at a time: the view
asks for the next page through `canFetchMore`/`fetchMore` as the user scrolls down, so opening the window
over a large history stays quick. Runs recorded later are merged in by `add_newer`, in place, so the
selection and scroll position stay where they were.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt

from cti_desktop.gui.models.table import ROOT, HeaderedTableModel, Index
from cti_desktop.gui.runs.icons import StatusIcons, status_color
from cti_desktop.gui.runs.text import (
    NOT_COMPLETED,
    duration_text,
    first_line,
    started_text,
    status_label,
    trigger_text,
)
from cti_desktop.services.runs import RunFilter, RunSummary, StepRecord

COL_STARTED, COL_FLOW, COL_TRIGGER, COL_CONTACT, COL_STATUS, COL_DURATION, COL_ERROR = range(7)
HEADERS = ("Started", "Flow", "Trigger", "Contact", "Status", "Duration", "Error")
HEADER_TIPS = (
    "When the run started (local time)",
    "The flow that ran",
    "What started it: a CTI action, a contact or agent event, or a manual run",
    "The contact the run worked on",
    "How the run ended",
    "How long the run took",
    "Why the run did not complete (first line; hover for all of it)",
)
RUN_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's RunSummary
DEFAULT_PAGE_SIZE = 200

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class RunPages(Protocol):
    """Where the table reads its pages: `services.runs.RunHistory`."""

    def page(
        self,
        filters: RunFilter | None = None,
        *,
        limit: int = 200,
        before: tuple[datetime, int] | None = None,
    ) -> list[RunSummary]: ...

    def newer_than(
        self, run_id: int, filters: RunFilter | None = None, limit: int = 500
    ) -> list[RunSummary]: ...


def _newest_first(summary: RunSummary) -> tuple[float, int]:
    return (-summary.started_at.timestamp(), -summary.id)


class RunTableModel(HeaderedTableModel):
    headers = HEADERS
    header_tips = HEADER_TIPS

    def __init__(
        self, runs: RunPages, page_size: int = DEFAULT_PAGE_SIZE, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._repository = runs
        self._page_size = max(1, page_size)
        self._filter = RunFilter()
        self._rows: list[RunSummary] = []
        self._ids: set[int] = set()
        self._more = False
        self._icons = StatusIcons()

    # -- content ------------------------------------------------------------------------------------

    @property
    def filter(self) -> RunFilter:
        return self._filter

    def set_filter(self, filters: RunFilter) -> None:
        self._filter = filters
        self.reload()

    def reload(self) -> None:
        """Read the first page again (Refresh, a new filter)."""
        page = self._repository.page(self._filter, limit=self._page_size)
        self.beginResetModel()
        self._rows = page
        self._ids = {summary.id for summary in page}
        self._more = len(page) == self._page_size
        self.endResetModel()

    def add_newer(self) -> int:
        """Show the matching runs recorded since the newest one shown; returns how many were added."""
        newest = max(self._ids, default=0)
        added = 0
        keys = [_newest_first(summary) for summary in self._rows]
        for summary in reversed(self._repository.newer_than(newest, self._filter)):
            if summary.id in self._ids:
                continue
            key = _newest_first(summary)
            row = bisect.bisect_left(keys, key)
            if row == len(self._rows) and self._more:
                continue  # it belongs to a page not read yet: that page will bring it
            self.beginInsertRows(ROOT, row, row)
            self._rows.insert(row, summary)
            keys.insert(row, key)
            self._ids.add(summary.id)
            self.endInsertRows()
            added += 1
        return added

    def runs(self) -> list[RunSummary]:
        return list(self._rows)

    def run(self, row: int) -> RunSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, run_id: int | None) -> int:
        if run_id is None or run_id not in self._ids:
            return -1
        return next(i for i, summary in enumerate(self._rows) if summary.id == run_id)

    def has_more(self) -> bool:
        return self._more

    # -- paging -------------------------------------------------------------------------------------

    def canFetchMore(self, parent: Index = ROOT) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = ROOT) -> None:
        if parent.isValid() or not self._more:
            return
        before = self._rows[-1].key if self._rows else None
        page = self._repository.page(self._filter, limit=self._page_size, before=before)
        self._more = len(page) == self._page_size
        page = [summary for summary in page if summary.id not in self._ids]
        if not page:
            return
        first = len(self._rows)
        self.beginInsertRows(ROOT, first, first + len(page) - 1)
        self._rows.extend(page)
        self._ids.update(summary.id for summary in page)
        self.endInsertRows()

    # -- Qt -----------------------------------------------------------------------------------------

    def row_total(self) -> int:
        return len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        summary = self.run(index.row()) if index.isValid() else None
        if summary is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(summary, column)
        if role == RUN_ROLE:
            return summary
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(summary, column)
        if column == COL_STATUS:
            if role == Qt.ItemDataRole.DecorationRole:
                return self._icons.icon(summary.status)
            if role == Qt.ItemDataRole.ForegroundRole and summary.status in NOT_COMPLETED:
                return status_color(summary.status)
        if column == COL_ERROR and role == Qt.ItemDataRole.ForegroundRole and summary.error:
            return status_color(summary.status if summary.status in NOT_COMPLETED else "failed")
        if column == COL_DURATION and role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT
        return None

    @staticmethod
    def _text(summary: RunSummary, column: int) -> str:
        if column == COL_STARTED:
            return started_text(summary.started_at)
        if column == COL_FLOW:
            return summary.flow_name
        if column == COL_TRIGGER:
            return trigger_text(summary.trigger_kind, summary.trigger_detail)
        if column == COL_CONTACT:
            return summary.contact_id
        if column == COL_STATUS:
            return status_label(summary.status)
        if column == COL_DURATION:
            return duration_text(summary.duration_ms)
        if column == COL_ERROR:
            return first_line(summary.error)
        return ""

    @staticmethod
    def _tooltip(summary: RunSummary, column: int) -> str | None:
        if column == COL_STARTED:
            return f"{summary.started_at.isoformat()} (run {summary.id})"
        if column == COL_ERROR:
            return summary.error or None
        if column == COL_TRIGGER:
            return trigger_text(summary.trigger_kind, summary.trigger_detail)
        return None


COL_SEQ, COL_BLOCK, COL_TYPE, COL_OUTCOME, COL_SUCCESS, COL_STEP_DURATION, COL_EXCEPTION = range(7)
STEP_HEADERS = ("#", "Block", "Type", "Outcome", "Success", "Duration", "Exception")
STEP_HEADER_TIPS = (
    "The order the blocks ran in",
    "The block's id in the flow",
    "The block's type",
    "The port the run left the block by",
    "Whether the block did what it should",
    "How long the block took",
    "What went wrong in the block",
)
STEP_ROLE = Qt.ItemDataRole.UserRole + 2  # the row's StepRecord


class StepTableModel(HeaderedTableModel):
    headers = STEP_HEADERS
    header_tips = STEP_HEADER_TIPS

    """The steps of one run, in the order they ran."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._steps: list[StepRecord] = []
        self._icons = StatusIcons()

    def set_steps(self, steps: Sequence[StepRecord]) -> None:
        self.beginResetModel()
        self._steps = list(steps)
        self.endResetModel()

    def step(self, row: int) -> StepRecord | None:
        return self._steps[row] if 0 <= row < len(self._steps) else None

    def row_total(self) -> int:
        return len(self._steps)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        step = self.step(index.row()) if index.isValid() else None
        if step is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(step, column)
        if role == STEP_ROLE:
            return step
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_EXCEPTION:
            return step.exception or None
        if column == COL_SUCCESS and role == Qt.ItemDataRole.DecorationRole:
            return self._icons.icon("completed" if step.success else "failed")
        if column in (COL_SUCCESS, COL_EXCEPTION) and role == Qt.ItemDataRole.ForegroundRole:
            return None if step.success else status_color("failed")
        if column in (COL_SEQ, COL_STEP_DURATION) and role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT
        return None

    @staticmethod
    def _text(step: StepRecord, column: int) -> str:
        if column == COL_SEQ:
            return str(step.seq + 1)
        if column == COL_BLOCK:
            return step.block_id
        if column == COL_TYPE:
            return step.block_type
        if column == COL_OUTCOME:
            return step.outcome
        if column == COL_SUCCESS:
            return "Yes" if step.success else "No"
        if column == COL_STEP_DURATION:
            return duration_text(step.duration_ms)
        if column == COL_EXCEPTION:
            return first_line(step.exception)
        return ""
