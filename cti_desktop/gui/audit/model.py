"""The Audit Log table: entries newest first, read from the store a page at a time as the view scrolls
(`canFetchMore`/`fetchMore`), so the window opens at once over 100,000 entries."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt

from cti_desktop.gui.models.table import ROOT, HeaderedTableModel, Index
from cti_desktop.services.audit_log import AuditEntry, AuditFilter

COL_AT, COL_AUTHOR, COL_HOST, COL_KIND, COL_NAME, COL_OPERATION = range(6)
HEADERS = ("When", "Who", "From", "What", "Name", "Change")
HEADER_TIPS = (
    "When the change was stored (local time)",
    "The person (the database login) who made it",
    "The PC it was made from",
    "What kind of item changed",
    "The item's name when it changed",
    "Created, changed or deleted",
)
KIND_LABELS = {
    "action": "CTI action",
    "flow": "Flow",
    "flow_source": "Flow source",
    "property": "Property",
    "person": "Person and role",
}
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
DEFAULT_PAGE_SIZE = 200


class AuditPages(Protocol):
    def page(self, filters: AuditFilter = ..., *, limit: int = 200, offset: int = 0) -> list[AuditEntry]: ...


class AuditTableModel(HeaderedTableModel):
    headers = HEADERS
    header_tips = HEADER_TIPS

    def __init__(
        self, log: AuditPages, page_size: int = DEFAULT_PAGE_SIZE, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._log = log
        self._page_size = max(1, page_size)
        self._filter = AuditFilter()
        self._rows: list[AuditEntry] = []
        self._more = False

    @property
    def filter(self) -> AuditFilter:
        return self._filter

    def set_filter(self, filters: AuditFilter) -> None:
        self._filter = filters
        self.reload()

    def reload(self) -> None:
        page = self._log.page(self._filter, limit=self._page_size)
        self.beginResetModel()
        self._rows = page
        self._more = len(page) == self._page_size
        self.endResetModel()

    def entry(self, row: int) -> AuditEntry | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_total(self) -> int:
        return len(self._rows)

    def canFetchMore(self, parent: Index = ROOT) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = ROOT) -> None:
        if parent.isValid() or not self._more:
            return
        page = self._log.page(self._filter, limit=self._page_size, offset=len(self._rows))
        self._more = len(page) == self._page_size
        if not page:
            return
        first = len(self._rows)
        self.beginInsertRows(ROOT, first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None:
            return None
        if role == ENTRY_ROLE:
            return entry
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            column = index.column()
            if column == COL_AT:
                return entry.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            if column == COL_AUTHOR:
                return entry.author
            if column == COL_HOST:
                return entry.host
            if column == COL_KIND:
                return KIND_LABELS.get(entry.kind, entry.kind)
            if column == COL_NAME:
                return entry.name
            if column == COL_OPERATION:
                return entry.operation.capitalize()
        return None


__all__ = ["ENTRY_ROLE", "HEADERS", "KIND_LABELS", "AuditTableModel"]
