"""The one list model of CTI actions, in overlay order: the element editor's list shows it as is (name,
with the flow, form and shortcut as a second line), and the overlay's Actions tab as
`overlay.action_list.RunningActionListModel`, which adds each row's run status."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from cti_desktop.domain.actions import CtiAction

ACTION_ROLE = Qt.ItemDataRole.UserRole + 1
ACTION_ID_ROLE = Qt.ItemDataRole.UserRole + 2
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 3  # the second line: flow, shortcut, form
BROKEN_ROLE = Qt.ItemDataRole.UserRole + 4
STATUS_ROLE = Qt.ItemDataRole.UserRole + 5  # the overlay's: a RowStatus
MESSAGE_ROLE = Qt.ItemDataRole.UserRole + 6  # the overlay's: the status's message

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invisible root of flat models


def summary(action: CtiAction) -> str:
    if action.broken:
        return f"⚠ {action.broken}"
    parts = [action.flow_name or "No flow"]
    if action.has_form:
        count = len(action.form.fields)
        parts.append(f"{count} field{'s' if count != 1 else ''}" if count else "form without fields")
    if action.shortcut:
        parts.append(action.shortcut)
    if not action.active:
        parts.append("inactive")
    return " · ".join(parts)


class ActionListModel(QAbstractListModel):
    """The actions it is given, one row each. Subclasses change what a row says in `action_data`."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._actions: list[CtiAction] = []
        self._rows_by_id: dict[int, int] = {}
        self._drafts: frozenset[int] = frozenset()

    def set_actions(self, actions: list[CtiAction], drafts: frozenset[int] = frozenset()) -> None:
        """`drafts`: the ids of actions with a draft not yet published (the editor marks them)."""
        self.beginResetModel()
        self._actions = list(actions)
        self._drafts = drafts
        self._rows_by_id = {a.id: row for row, a in enumerate(self._actions) if a.id is not None}
        self.endResetModel()

    def actions(self) -> list[CtiAction]:
        return list(self._actions)

    def action_at(self, row: int) -> CtiAction | None:
        return self._actions[row] if 0 <= row < len(self._actions) else None

    def row_of(self, action_id: int | None) -> int:
        return self._rows_by_id.get(action_id, -1) if action_id is not None else -1

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._actions)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._actions):
            return None
        action = self._actions[index.row()]
        if role == ACTION_ROLE:
            return action
        if role == ACTION_ID_ROLE:
            return action.id
        if role == Qt.ItemDataRole.DisplayRole:
            return action.name
        return self.action_data(action, role)

    def action_data(self, action: CtiAction, role: int) -> Any:
        """What a row says beyond its name and action: the editor's summary line."""
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return action.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{action.name}\n{summary(action)}"
        if role == Qt.ItemDataRole.AccessibleDescriptionRole or role == SUMMARY_ROLE:
            text = summary(action)
            return f"Draft, not published · {text}" if action.id in self._drafts else text
        if role == BROKEN_ROLE:
            return bool(action.broken)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
