"""What changed between two versions of an action or a flow, one row per difference: the kind of change
(coloured), where, and the value on each side. Shared by the history and by the conflict questions of
the editor and the designer (theirs beside yours)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from cti_desktop.domain.version_diff import DiffLine
from cti_desktop.gui.theme import Tone, color

CHANGE_LABELS: Final = {"added": "+ Added", "removed": "− Removed", "changed": "~ Changed"}
CHANGE_TONES: Final = {"added": Tone.SUCCESS, "removed": Tone.ERROR, "changed": Tone.ACCENT}


class DiffTable(QTableWidget):
    """Columns: Change, Where, and the two sides (`before`, `after`: their headers)."""

    def __init__(self, parent: QWidget | None, before: str, after: str) -> None:
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels(["Change", "Where", before, after])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.setWordWrap(True)  # a long link or value wraps rather than being cut
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.sectionResized.connect(self._fit_rows)

    def show_lines(self, lines: Sequence[DiffLine]) -> None:
        self.setRowCount(len(lines))
        for row, line in enumerate(lines):
            self._fill_row(row, line)
        self._fit_where()

    def _fill_row(self, row: int, line: DiffLine) -> None:
        where = f"{line.where}: {line.detail}" if line.detail else line.where
        tone = color(CHANGE_TONES[line.change])
        for column, text in enumerate((CHANGE_LABELS[line.change], where, line.before, line.after)):
            item = QTableWidgetItem(text)
            item.setToolTip(line.text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            if column == 0:
                item.setIcon(_swatch(tone))
                item.setForeground(QBrush(tone))
                item.setData(Qt.ItemDataRole.AccessibleTextRole, line.text)
            self.setItem(row, column, item)

    def _fit_where(self) -> None:
        """The Where column as wide as its longest line, up to a third of the table."""
        cap = max(self.viewport().width() // 3, 200)
        wanted = self.sizeHintForColumn(1) + 12
        self.horizontalHeader().resizeSection(1, min(max(wanted, 120), cap))
        self._fit_rows()

    @Slot()
    def _fit_rows(self) -> None:
        """Each row as tall as its wrapped text at the columns' widths."""
        self.resizeRowsToContents()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_where()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_where()


def show_theirs_beside_yours(box: QMessageBox, lines: Sequence[DiffLine]) -> DiffTable | None:
    """Put the differences into a conflict question, their version beside yours (None: no difference)."""
    if not lines:
        return None
    table = DiffTable(box, "Their version", "Your version")
    table.setObjectName("conflictDifferences")
    table.setAccessibleName("Differences between their version and yours")
    table.setMinimumSize(720, 220)
    table.show_lines(lines)
    layout = box.layout()
    buttons = box.findChild(QDialogButtonBox)
    if isinstance(layout, QGridLayout) and buttons is not None:  # QMessageBox's own grid
        row, columns = layout.rowCount(), layout.columnCount()
        layout.removeWidget(buttons)
        layout.addWidget(table, row, 0, 1, columns)  # below the text, above the buttons
        layout.addWidget(buttons, row + 1, 0, 1, columns)
    return table


def _swatch(tone: QColor, size: int = 10) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(tone)
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)
