"""The palette of block types, grouped by category, read from the block registry (the one declaration of
each type). Drag a type onto the canvas, or double-click it / press Enter to add it in the middle."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QMimeData, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from cti_desktop.flows.registry import BlockRegistry
from cti_desktop.gui.flow_designer.items import category_color

BLOCK_TYPE_MIME = "application/x-cti-flow-block-type"
TYPE_ROLE = Qt.ItemDataRole.UserRole + 1


def _swatch(color: QColor) -> QPixmap:
    pixmap = QPixmap(12, 12)
    pixmap.fill(color)
    return pixmap


class PaletteTree(QTreeWidget):
    def mimeData(self, items: Sequence[QTreeWidgetItem]) -> QMimeData:
        data = QMimeData()
        types = [item.data(0, TYPE_ROLE) for item in items if item.data(0, TYPE_ROLE)]
        if types:
            data.setData(BLOCK_TYPE_MIME, QByteArray(str(types[0]).encode()))
        return data

    def mimeTypes(self) -> list[str]:
        return [BLOCK_TYPE_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction


class BlockPalette(QWidget):
    """`add_requested(block_type)`: the user double-clicked a type or pressed Enter on it."""

    add_requested = Signal(str)

    def __init__(self, registry: BlockRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("blockPalette")
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("paletteFilter")
        self.filter_edit.setPlaceholderText("Find a block")
        self.filter_edit.setAccessibleName("Find a block type")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.set_filter)
        self.tree = PaletteTree(self)
        self.tree.setObjectName("paletteTree")
        self.tree.setAccessibleName("Block types")
        self.tree.setAccessibleDescription("Press Enter or double-click to add the block to the flow")
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for category, specs in registry.by_category().items():
            group = QTreeWidgetItem(self.tree, [category])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            for spec in sorted(specs, key=lambda item: item.title.lower()):
                item = QTreeWidgetItem(group, [spec.title])
                item.setData(0, TYPE_ROLE, spec.type)
                item.setIcon(0, _swatch(category_color(spec)))
                tip = f"{spec.type}\n{spec.help}" if spec.help else spec.type
                item.setToolTip(0, f"{tip}\nDrag onto the canvas, or double-click to add.")
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
                )
                item.setForeground(0, QBrush(self.palette().text()))
            group.setExpanded(True)
        self.tree.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree, 1)

    def groups(self) -> list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]]:
        """Each category's item with its block items."""
        out = []
        for group_index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(group_index)
            if group is not None:
                children = [group.child(index) for index in range(group.childCount())]
                out.append((group, [child for child in children if child is not None]))
        return out

    def block_item(self, block_type: str) -> QTreeWidgetItem | None:
        for _, children in self.groups():
            for child in children:
                if child.data(0, TYPE_ROLE) == block_type:
                    return child
        return None

    @Slot(str)
    def set_filter(self, text: str) -> None:
        needle = text.strip().lower()
        for group, children in self.groups():
            shown = 0
            for child in children:
                haystack = f"{child.text(0)} {child.data(0, TYPE_ROLE)}".lower()
                child.setHidden(bool(needle) and needle not in haystack)
                shown += not child.isHidden()
            group.setHidden(shown == 0)

    @Slot(QTreeWidgetItem, int)
    def _activated(self, item: QTreeWidgetItem, column: int) -> None:
        block_type = item.data(0, TYPE_ROLE)
        if block_type:
            self.add_requested.emit(str(block_type))
