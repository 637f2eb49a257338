"""The Flows window's table: one row per stored CTI Flow, with its validation problems counted.

The model only mirrors what it is given (`set_flows`, `replace_flow`); ticking a row's Active box is sent
out as `active_toggled(name, active)` for the dialog to store, after which the dialog hands the stored row
back. An unknown source value is shown as "Unknown source (value)" and never breaks the view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QStyle

from cti_desktop.domain.catalog import source_label
from cti_desktop.flows.document import FlowDocument, FlowDocumentError, Problem, validate
from cti_desktop.flows.registry import BlockRegistry
from cti_desktop.gui.models.table import HeaderedTableModel, Index
from cti_desktop.gui.theme import Tone, color
from cti_desktop.services.flows import StoredFlow

COL_NAME, COL_SOURCE, COL_EVENT, COL_ACTIVE, COL_VERSION, COL_BLOCKS, COL_PROBLEMS = range(7)
HEADERS = ("Name", "Source", "Event", "Active", "Version", "Blocks", "Problems")
HEADER_TIPS = (
    "The flow's name (unique)",
    "What triggers the flow",
    "The source's event the flow runs on (CTI Action flows have none: actions run them)",
    "Only active flows run on their event",
    "Goes up each time the flow is saved",
    "How many blocks the flow has",
    "Problems found by validation; hover for the list",
)

FLOW_ROLE = Qt.ItemDataRole.UserRole + 1  # the FlowItem of the row
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # a value that sorts the column sensibly
NO_SOURCE = "No source yet"


@dataclass(frozen=True, slots=True)
class FlowItem:
    """A stored flow as the Flows window shows it."""

    id: int | None
    name: str
    description: str
    source: str
    source_label: str
    event: str
    active: bool
    version: int
    updated_at: datetime | None
    document: FlowDocument | None  # None when the stored document cannot be read
    problems: tuple[Problem, ...]
    published_version: int = 0  # what seats run; `version` above it is a draft

    @property
    def state(self) -> str:
        """Whether seats run what is shown, in words."""
        if self.published_version == 0:
            return "draft, never published"
        if self.version > self.published_version:
            return f"draft, version {self.published_version} is live"
        return "published"

    @property
    def block_count(self) -> int:
        return len(self.document.actions) if self.document is not None else 0

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")

    def block_name(self, block_id: str) -> str:
        """How people find a block: its id, type and title ("uid-3, SE_SFCreateTask "Create task")."""
        action = self.document.action(block_id) if self.document is not None else None
        if action is None:
            return block_id
        title = f' "{action.title}"' if action.title else ""
        return f"{block_id}, {action.type}{title}"

    def problem_text(self, problem: Problem) -> str:
        where = f"block {self.block_name(problem.block_id)}: " if problem.block_id else ""
        return f"{problem.severity.capitalize()}: {where}{problem.message}"


def label_for_source(api_value: str, labels: dict[str, str]) -> str:
    return source_label(api_value, labels) if api_value else NO_SOURCE


def flow_item(row: StoredFlow, labels: dict[str, str], registry: BlockRegistry) -> FlowItem:
    """Read a stored flow; a document that cannot be read becomes one error rather than an exception."""
    document: FlowDocument | None
    try:
        document = row.read_document()
        problems = tuple(validate(document, registry))
    except FlowDocumentError as exc:
        document = None
        problems = (Problem("", f"the stored document cannot be read ({exc})", "error"),)
    return FlowItem(
        id=row.id,
        name=row.name,
        description=row.description,
        source=row.source,
        source_label=label_for_source(row.source, labels),
        event=row.event,
        active=row.active,
        version=row.version,
        updated_at=row.updated_at,
        document=document,
        problems=problems,
        published_version=row.published_version,
    )


class FlowTableModel(HeaderedTableModel):
    headers = HEADERS
    header_tips = HEADER_TIPS

    active_toggled = Signal(str, bool)  # the flow's name, whether the user wants it active

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._flows: list[FlowItem] = []

    # -- content ------------------------------------------------------------------------------------

    def set_flows(self, flows: list[FlowItem]) -> None:
        self.beginResetModel()
        self._flows = list(flows)
        self.endResetModel()

    def replace_flow(self, item: FlowItem) -> None:
        """Show the stored state of one flow (after a save or an Active toggle)."""
        row = self.row_of(item.name)
        if row < 0:
            return
        self._flows[row] = item
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def flows(self) -> list[FlowItem]:
        return list(self._flows)

    def flow(self, row: int) -> FlowItem | None:
        return self._flows[row] if 0 <= row < len(self._flows) else None

    def row_of(self, name: str | None) -> int:
        return next((i for i, f in enumerate(self._flows) if f.name == name), -1)

    # -- Qt -----------------------------------------------------------------------------------------

    def row_total(self) -> int:
        return len(self._flows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == COL_ACTIVE:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        flow = self.flow(index.row()) if index.isValid() else None
        if flow is None:
            return None
        column = index.column()
        if role == FLOW_ROLE:
            return flow
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(flow, column)
        if role == SORT_ROLE:
            return self._sort_key(flow, column)
        if role == Qt.ItemDataRole.CheckStateRole and column == COL_ACTIVE:
            return Qt.CheckState.Checked if flow.active else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(flow, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._accessible(flow, column)
        if role == Qt.ItemDataRole.DecorationRole and column == COL_PROBLEMS and flow.problems:
            pixmap = QStyle.StandardPixmap.SP_MessageBoxWarning
            if flow.errors:
                pixmap = QStyle.StandardPixmap.SP_MessageBoxCritical
            return QApplication.style().standardIcon(pixmap)
        if role == Qt.ItemDataRole.ForegroundRole:
            unknown = column == COL_SOURCE and flow.source_label.startswith("Unknown source")
            if unknown or (column == COL_PROBLEMS and flow.errors):
                return color(Tone.ERROR)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_VERSION, COL_BLOCKS, COL_PROBLEMS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        flow = self.flow(index.row()) if index.isValid() else None
        if flow is None or index.column() != COL_ACTIVE or role != Qt.ItemDataRole.CheckStateRole:
            return False
        active = _is_checked(value)
        if active != flow.active:
            self.active_toggled.emit(flow.name, active)
        return True

    # -- cells --------------------------------------------------------------------------------------

    @staticmethod
    def _display(flow: FlowItem, column: int) -> Any:
        if column == COL_NAME:
            return flow.name
        if column == COL_SOURCE:
            return flow.source_label
        if column == COL_EVENT:
            return flow.event or "—"
        if column == COL_VERSION:
            return flow.version
        if column == COL_BLOCKS:
            return flow.block_count
        if column == COL_PROBLEMS:
            return len(flow.problems)
        return None

    @staticmethod
    def _sort_key(flow: FlowItem, column: int) -> Any:
        if column == COL_ACTIVE:
            return int(flow.active)
        if column == COL_EVENT:
            return flow.event
        if column in (COL_NAME, COL_SOURCE):
            return FlowTableModel._display(flow, column).casefold()
        return FlowTableModel._display(flow, column)

    @staticmethod
    def _tooltip(flow: FlowItem, column: int) -> str:
        if column == COL_PROBLEMS:
            if not flow.problems:
                return "No problems found"
            return "\n".join(flow.problem_text(p) for p in flow.problems)
        if column == COL_SOURCE:
            return f"{flow.source_label} (value: {flow.source})" if flow.source else NO_SOURCE
        if column == COL_EVENT and not flow.event:
            return "No event: CTI Action flows run from CTI actions" if flow.source else "No event yet"
        if column == COL_NAME and flow.description:
            return f"{flow.name}\n{flow.description}"
        return str(FlowTableModel._display(flow, column) or flow.name)

    @staticmethod
    def _accessible(flow: FlowItem, column: int) -> str:
        if column == COL_ACTIVE:
            return "active" if flow.active else "inactive"
        if column == COL_EVENT and not flow.event:
            return "no event"
        if column == COL_PROBLEMS:
            count = len(flow.problems)
            return f"{count} problem{'s' if count != 1 else ''}"
        return str(FlowTableModel._display(flow, column))


def _is_checked(value: Any) -> bool:
    if isinstance(value, Qt.CheckState):
        return value == Qt.CheckState.Checked
    return bool(value == Qt.CheckState.Checked.value or value is True)
