"""The static payload of an action as an editable Key / Value table."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from cti_desktop.domain.actions import PayloadEntry
from cti_desktop.gui.theme import Tone, color

KEY, VALUE = 0, 1
PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invisible root of flat models


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


class PayloadModel(QAbstractTableModel):
    """Rows of [key, value] text. Problems found by validation are shown on their cells."""

    HEADERS = ("Key", "Value")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[list[Any]] = []
        self._problems: dict[tuple[int, int], str] = {}

    # -- content ---------------------------------------------------------------------------------------

    def set_entries(self, entries: tuple[PayloadEntry, ...] | list[PayloadEntry]) -> None:
        self.beginResetModel()
        self._rows = [[e.key, e.value] for e in entries]
        self._problems = {}
        self.endResetModel()

    def entries(self) -> tuple[PayloadEntry, ...]:
        return tuple(PayloadEntry(key.strip(), value) for key, value in self._rows)

    def set_problems(self, problems: dict[tuple[int, int], str]) -> None:
        changed = set(problems) ^ set(self._problems) | {
            k for k in problems if problems[k] != self._problems.get(k)
        }
        self._problems = dict(problems)
        for row, column in changed:
            if 0 <= row < len(self._rows):
                index = self.index(row, column)
                self.dataChanged.emit(
                    index, index, [Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole]
                )

    def problem(self, row: int, column: int) -> str:
        return self._problems.get((row, column), "")

    # -- reading ---------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < 2:
            return self.HEADERS[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or not 0 <= index.column() < 2:
            return None
        value = self._rows[index.row()][index.column()]
        problem = self._problems.get((index.row(), index.column()), "")
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return _as_text(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            if problem:
                return problem
            return (
                "A camelCase word, e.g. cardType"
                if index.column() == KEY
                else "Text, a reference or a {{ }} template"
            )
        if role == Qt.ItemDataRole.ForegroundRole and problem:
            return QBrush(color(Tone.ERROR))
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return problem or None
        if role == PROBLEM_ROLE:
            return problem
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    # -- editing ---------------------------------------------------------------------------------------

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        text = "" if value is None else str(value)
        if _as_text(self._rows[index.row()][index.column()]) == text:
            return True
        self._rows[index.row()][index.column()] = text
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True

    def insertRows(self, row: int, count: int, parent: Index = _ROOT) -> bool:
        if parent.isValid() or not 0 <= row <= len(self._rows) or count < 1:
            return False
        self.beginInsertRows(QModelIndex(), row, row + count - 1)
        for _ in range(count):
            self._rows.insert(row, ["", ""])
        self._problems = {}
        self.endInsertRows()
        return True

    def removeRows(self, row: int, count: int, parent: Index = _ROOT) -> bool:
        if parent.isValid() or row < 0 or count < 1 or row + count > len(self._rows):
            return False
        self.beginRemoveRows(QModelIndex(), row, row + count - 1)
        del self._rows[row : row + count]
        self._problems = {}
        self.endRemoveRows()
        return True

    def moveRows(
        self, source_parent: Index, source_row: int, count: int, destination_parent: Index, destination: int
    ) -> bool:
        """Qt's convention: `destination` is the row the moved rows go before, counted before the move."""
        if source_parent.isValid() or destination_parent.isValid() or count != 1:
            return False
        if not 0 <= source_row < len(self._rows) or not 0 <= destination <= len(self._rows):
            return False
        if destination in (source_row, source_row + 1):
            return False
        if not self.beginMoveRows(QModelIndex(), source_row, source_row, QModelIndex(), destination):
            return False
        row = self._rows.pop(source_row)
        self._rows.insert(destination - 1 if destination > source_row else destination, row)
        self._problems = {}
        self.endMoveRows()
        return True
