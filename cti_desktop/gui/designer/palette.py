"""The palette both designers show: one item model built from declarations (field types, block types),
flat or grouped by category, with the type name under one role (`TYPE_ROLE`) and dragged as that name
under the designer's MIME type."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QFont, QIcon, QPixmap

TYPE_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_TOP = 0  # the internal id of a top-level index; a child's is its group's row + 1


@dataclass(frozen=True, slots=True)
class PaletteEntry:
    """One type as the palette shows it, read from its declaration."""

    type_name: str
    label: str
    tooltip: str
    icon: QIcon | QPixmap
    category: str = ""  # entries with a category are grouped under it
    accessible_description: str = ""  # the tooltip when empty
    foreground: QBrush | None = None


@dataclass(slots=True)
class _Group:
    title: str
    entries: list[PaletteEntry]


class PaletteModel(QAbstractItemModel):
    """Types to add, in the order given; grouped (two levels) when the entries have categories."""

    def __init__(
        self, entries: Sequence[PaletteEntry], mime_type: str, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.mime_type = mime_type
        self.grouped = any(entry.category for entry in entries)
        self._flat = list(entries)
        self._groups: list[_Group] = []
        if self.grouped:
            by_title: dict[str, _Group] = {}
            for entry in entries:
                group = by_title.get(entry.category)
                if group is None:
                    group = by_title[entry.category] = _Group(entry.category, [])
                    self._groups.append(group)
                group.entries.append(entry)

    # -- reading ---------------------------------------------------------------------------------------

    def entry(self, index: Index) -> PaletteEntry | None:
        """The type at `index`; None for a category or an invalid index."""
        if not index.isValid():
            return None
        if not self.grouped:
            return self._flat[index.row()] if 0 <= index.row() < len(self._flat) else None
        if index.internalId() == _TOP:
            return None
        group = self._groups[index.internalId() - 1]
        return group.entries[index.row()] if 0 <= index.row() < len(group.entries) else None

    def index_of(self, type_name: str) -> QModelIndex:
        """The index of a type (invalid when the palette does not offer it)."""
        if not self.grouped:
            row = next((r for r, e in enumerate(self._flat) if e.type_name == type_name), -1)
            return self.index(row) if row >= 0 else QModelIndex()
        for group_row, group in enumerate(self._groups):
            for row, entry in enumerate(group.entries):
                if entry.type_name == type_name:
                    return self.createIndex(row, 0, group_row + 1)
        return QModelIndex()

    # -- the item model --------------------------------------------------------------------------------

    def index(self, row: int, column: int = 0, parent: Index = _ROOT) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            count = len(self._groups) if self.grouped else len(self._flat)
            return self.createIndex(row, 0, _TOP) if row < count else QModelIndex()
        if self.grouped and parent.internalId() == _TOP and row < len(self._groups[parent.row()].entries):
            return self.createIndex(row, 0, parent.row() + 1)
        return QModelIndex()

    def parent(self, index: Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or not self.grouped or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: Index = _ROOT) -> int:
        if not parent.isValid():
            return len(self._groups) if self.grouped else len(self._flat)
        if self.grouped and parent.internalId() == _TOP:
            return len(self._groups[parent.row()].entries)
        return 0

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entry(index)
        if entry is None:
            return self._group_data(self._groups[index.row()], role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return entry.label
        if role == Qt.ItemDataRole.DecorationRole:
            return entry.icon
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.tooltip
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return entry.accessible_description or entry.tooltip
        if role == Qt.ItemDataRole.ForegroundRole:
            return entry.foreground
        if role == TYPE_ROLE:
            return entry.type_name
        return None

    def _group_data(self, group: _Group, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return group.title
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.entry(index) is None:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:
        return [self.mime_type]

    def mimeData(self, indexes: Any) -> QMimeData:
        data = QMimeData()
        entries = [entry for entry in (self.entry(i) for i in indexes) if entry is not None]
        if entries:
            data.setData(self.mime_type, QByteArray(entries[0].type_name.encode()))
        return data

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction
