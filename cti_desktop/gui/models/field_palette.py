"""The palette of field types, read from the declarations in `domain.forms`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from cti_desktop.domain.form_types import FIELD_TYPES
from cti_desktop.gui.forms.icons import field_icon

TYPE_ROLE = Qt.ItemDataRole.UserRole + 1
FIELD_TYPE_MIME = "application/x-cti-form-field-type"
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invisible root of flat models


class FieldPaletteModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._types = list(FIELD_TYPES.values())

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._types)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._types):
            return None
        declaration = self._types[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return declaration.label
        if role == Qt.ItemDataRole.DecorationRole:
            return field_icon(declaration.name)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return f"{declaration.description}. Drag onto the form, or double-click to add."
        if role == TYPE_ROLE:
            return declaration.name
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:
        return [FIELD_TYPE_MIME]

    def mimeData(self, indexes: Any) -> QMimeData:
        data = QMimeData()
        rows = [i.row() for i in indexes if i.isValid()]
        if rows:
            data.setData(FIELD_TYPE_MIME, QByteArray(self._types[rows[0]].name.encode()))
        return data

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction
