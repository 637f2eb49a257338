"""The fields of the form being designed, in display order, as a Qt list model. The model only mirrors
the designer's `FormDocument`; the undo commands change the document, so every change can be undone."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from cti_desktop.domain.form_document import FormChange, FormDocument
from cti_desktop.domain.form_types import field_type
from cti_desktop.domain.forms import FormField

FIELD_ROLE = Qt.ItemDataRole.UserRole + 1
PROBLEMS_ROLE = Qt.ItemDataRole.UserRole + 2  # list[str]
FIELD_ROW_MIME = "application/x-cti-form-field-row"
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invisible root of flat models


class FormFieldsModel(QAbstractListModel):
    """A Qt view of a `FormDocument`: it mirrors the document's announcements (keeping its own copy, so
    rows change between Qt's begin/end calls) and adds the problems shown on each card."""

    def __init__(self, document: FormDocument | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.document = document if document is not None else FormDocument()
        self._fields: list[FormField] = list(self.document.fields())
        self._problems: dict[int, list[str]] = {}
        self.document.changed.connect(self._mirror)
        self.destroyed.connect(partial(self.document.changed.disconnect, self._mirror))

    # -- content ---------------------------------------------------------------------------------------

    def fields(self) -> tuple[FormField, ...]:
        return tuple(self._fields)

    def field(self, row: int) -> FormField:
        return self._fields[row]

    def names(self) -> list[str]:
        return [f.name for f in self._fields]

    def _mirror(self, change: FormChange) -> None:
        if change.kind == "reset":
            self.beginResetModel()
            self._fields = list(self.document.fields())
            self._problems = {}
            self.endResetModel()
        elif change.kind == "inserted":
            self.beginInsertRows(QModelIndex(), change.row, change.row)
            self._fields.insert(change.row, self.document.field(change.row))
            self.endInsertRows()
        elif change.kind == "removed":
            self.beginRemoveRows(QModelIndex(), change.row, change.row)
            del self._fields[change.row]
            self.endRemoveRows()
        elif change.kind == "moved":
            source, target = change.row, change.to_row
            qt_destination = target + 1 if target > source else target
            self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), qt_destination)
            self._fields.insert(target, self._fields.pop(source))
            self.endMoveRows()
        else:
            self._fields[change.row] = self.document.field(change.row)
            index = self.index(change.row)
            self.dataChanged.emit(index, index)

    def set_problems(self, problems: dict[int, list[str]]) -> None:
        if problems == self._problems:
            return
        rows = set(problems) | set(self._problems)
        self._problems = {row: list(messages) for row, messages in problems.items()}
        for row in rows:
            if 0 <= row < len(self._fields):
                index = self.index(row)
                self.dataChanged.emit(index, index, [PROBLEMS_ROLE, Qt.ItemDataRole.ToolTipRole])

    # -- reading ---------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._fields)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._fields):
            return None
        field = self._fields[index.row()]
        problems = self._problems.get(index.row(), [])
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return field.display_label
        if role == Qt.ItemDataRole.ToolTipRole:
            text = f"{field_type(field.type).label} field, sent as {field.payload_path}"
            return "\n".join([text, *problems])
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            required = ", required" if field.required else ""
            return f"{field_type(field.type).label} field{required}, {field.payload_path}" + (
                f". Problems: {' '.join(problems)}" if problems else ""
            )
        if role == FIELD_ROLE:
            return field
        if role == PROBLEMS_ROLE:
            return problems
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    # -- drag and drop (the canvas view turns drops into undoable commands) ----------------------------------

    def mimeTypes(self) -> list[str]:
        return [FIELD_ROW_MIME]

    def mimeData(self, indexes: Any) -> QMimeData:
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if rows:
            data.setData(FIELD_ROW_MIME, QByteArray(str(rows[0]).encode()))
        return data

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction
