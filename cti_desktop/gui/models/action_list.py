"""The editor's list of CTI actions, in overlay order."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from cti_desktop.domain.actions import CtiAction

ACTION_ROLE = Qt.ItemDataRole.UserRole + 1
ACTION_ID_ROLE = Qt.ItemDataRole.UserRole + 2
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 3  # the second line: flow, shortcut, form
BROKEN_ROLE = Qt.ItemDataRole.UserRole + 4

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
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._actions: list[CtiAction] = []

    def set_actions(self, actions: list[CtiAction]) -> None:
        self.beginResetModel()
        self._actions = list(actions)
        self.endResetModel()

    def actions(self) -> list[CtiAction]:
        return list(self._actions)

    def row_of(self, action_id: int | None) -> int:
        return next((i for i, a in enumerate(self._actions) if a.id == action_id and a.id is not None), -1)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._actions)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._actions):
            return None
        action = self._actions[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return action.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{action.name}\n{summary(action)}"
        if role == Qt.ItemDataRole.AccessibleDescriptionRole or role == SUMMARY_ROLE:
            return summary(action)
        if role == ACTION_ROLE:
            return action
        if role == ACTION_ID_ROLE:
            return action.id
        if role == BROKEN_ROLE:
            return bool(action.broken)
        return None
