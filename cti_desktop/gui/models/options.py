"""The options of a Dropdown or Radio group field as an editable Label / Value table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from cti_desktop.domain.forms import FieldOption, camel_case

LABEL, VALUE = 0, 1
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invisible root of flat models


class OptionsModel(QAbstractTableModel):
    """`edited` carries the whole new option tuple after each change, for one undoable command."""

    edited = Signal(tuple)
    HEADERS = ("Label", "Value")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._options: list[FieldOption] = []

    def set_options(self, options: tuple[FieldOption, ...]) -> None:
        if tuple(self._options) == options:
            return
        self.beginResetModel()
        self._options = list(options)
        self.endResetModel()

    def options(self) -> tuple[FieldOption, ...]:
        return tuple(self._options)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._options)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < 2
        ):
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._options) or not 0 <= index.column() < 2:
            return None
        option = self._options[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return option.label if index.column() == LABEL else option.value
        if role == Qt.ItemDataRole.ToolTipRole:
            return "What the agent sees" if index.column() == LABEL else "What the flow receives"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or not 0 <= index.row() < len(self._options)
        ):
            return False
        text = "" if value is None else str(value)
        old = self._options[index.row()]
        if index.column() == LABEL:
            # A value still derived from the label follows it, so typing labels is enough.
            follows = old.value in ("", camel_case(old.label)) or old.value == f"option{index.row() + 1}"
            new = FieldOption(text, camel_case(text) if follows and camel_case(text) else old.value)
        else:
            new = FieldOption(old.label, text.strip())
        if new == old:
            return True
        self._options[index.row()] = new
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), 1))
        self.edited.emit(self.options())
        return True

    def append_option(self) -> int:
        row = len(self._options)
        taken = {o.value for o in self._options}
        number = row + 1
        while f"option{number}" in taken:
            number += 1
        self.beginInsertRows(QModelIndex(), row, row)
        self._options.append(FieldOption(f"Option {number}", f"option{number}"))
        self.endInsertRows()
        self.edited.emit(self.options())
        return row

    def remove_option(self, row: int) -> None:
        if not 0 <= row < len(self._options):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._options[row]
        self.endRemoveRows()
        self.edited.emit(self.options())

    def move_option(self, row: int, delta: int) -> int:
        target = row + delta
        if not 0 <= row < len(self._options) or not 0 <= target < len(self._options):
            return row
        destination = target + 1 if delta > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self._options.insert(target, self._options.pop(row))
        self.endMoveRows()
        self.edited.emit(self.options())
        return target
