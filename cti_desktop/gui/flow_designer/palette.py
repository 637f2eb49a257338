"""The palette of block types, grouped by category: the kit's palette model built from the block
registry (the one declaration of each type). Drag a type onto the canvas, or double-click it / press
Enter to add it in the middle."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeView, QVBoxLayout, QWidget

from cti_desktop.flows.registry import BlockRegistry
from cti_desktop.gui.designer.palette import TYPE_ROLE, PaletteEntry, PaletteModel
from cti_desktop.gui.flow_designer.items import category_color

BLOCK_TYPE_MIME = "application/x-cti-flow-block-type"


def _swatch(color: QColor) -> QPixmap:
    pixmap = QPixmap(12, 12)
    pixmap.fill(color)
    return pixmap


def block_palette_entries(registry: BlockRegistry, foreground: QBrush | None = None) -> list[PaletteEntry]:
    """Each category's block types, by title."""
    entries = []
    for category, specs in registry.by_category().items():
        for spec in sorted(specs, key=lambda item: item.title.lower()):
            tip = f"{spec.type}\n{spec.help}" if spec.help else spec.type
            entries.append(
                PaletteEntry(
                    type_name=spec.type,
                    label=spec.title,
                    tooltip=f"{tip}\nDrag onto the canvas, or double-click to add.",
                    icon=_swatch(category_color(spec)),
                    category=category,
                    foreground=foreground,
                )
            )
    return entries


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
        self.model = PaletteModel(
            block_palette_entries(registry, self.palette().text()), BLOCK_TYPE_MIME, self
        )
        self.tree = QTreeView(self)
        self.tree.setObjectName("paletteTree")
        self.tree.setAccessibleName("Block types")
        self.tree.setAccessibleDescription("Press Enter or double-click to add the block to the flow")
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setModel(self.model)
        self.tree.expandAll()
        self.tree.activated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree, 1)

    def index_of(self, block_type: str) -> QModelIndex:
        return self.model.index_of(block_type)

    def is_shown(self, index: QModelIndex) -> bool:
        return not self.tree.isRowHidden(index.row(), index.parent())

    def shown_titles(self) -> list[str]:
        """The block types the filter leaves in view, as the palette shows them."""
        titles = []
        for group_row in range(self.model.rowCount()):
            group = self.model.index(group_row, 0)
            for row in range(self.model.rowCount(group)):
                if not self.tree.isRowHidden(row, group):
                    titles.append(str(self.model.index(row, 0, group).data()))
        return titles

    @Slot(str)
    def set_filter(self, text: str) -> None:
        needle = text.strip().lower()
        for group_row in range(self.model.rowCount()):
            group = self.model.index(group_row, 0)
            shown = 0
            for row in range(self.model.rowCount(group)):
                index = self.model.index(row, 0, group)
                haystack = f"{index.data()} {index.data(TYPE_ROLE)}".lower()
                hidden = bool(needle) and needle not in haystack
                self.tree.setRowHidden(row, group, hidden)
                shown += not hidden
            self.tree.setRowHidden(group_row, QModelIndex(), shown == 0)

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        block_type = index.data(TYPE_ROLE)
        if block_type:
            self.add_requested.emit(str(block_type))
