"""The designer's problems list: what `validate` says about the flow, each naming its block. Clicking a
problem (or Enter on it) selects the block it concerns."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QWidget

from cti_desktop.flows.document import Problem
from cti_desktop.gui.theme import Tone, color

BLOCK_ROLE = Qt.ItemDataRole.UserRole + 1


class ProblemsList(QListWidget):
    block_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flowProblems")
        self.setAccessibleName("Problems of the flow")
        self.setAccessibleDescription("Press Enter on a problem to select its block")
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.problems: list[Problem] | None = None  # None: not shown yet
        self.itemClicked.connect(self._chosen)
        self.itemActivated.connect(self._chosen)

    def set_problems(self, problems: list[Problem]) -> None:
        if problems == self.problems:
            return
        self.problems = list(problems)
        current = self.currentItem().text() if self.currentItem() is not None else None
        self.clear()
        if not problems:
            item = QListWidgetItem("No problems: every block is known and connected to something real.")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton))
            self.addItem(item)
            return
        ordered = sorted(problems, key=lambda problem: problem.severity != "error")
        for problem in ordered:
            where = f"{problem.block_id}: " if problem.block_id else "Flow: "
            item = QListWidgetItem(where + problem.message)
            item.setData(BLOCK_ROLE, problem.block_id)
            is_error = problem.severity == "error"
            icon = (
                QStyle.StandardPixmap.SP_MessageBoxCritical
                if is_error
                else QStyle.StandardPixmap.SP_MessageBoxWarning
            )
            item.setIcon(self.style().standardIcon(icon))
            item.setForeground(QBrush(color(Tone.ERROR if is_error else Tone.WARNING)))
            item.setToolTip(str(problem))
            self.addItem(item)
            if item.text() == current:
                self.setCurrentItem(item)

    def texts(self) -> list[str]:
        return [self.item(row).text() for row in range(self.count())]

    @Slot(QListWidgetItem)
    def _chosen(self, item: QListWidgetItem) -> None:
        block_id = item.data(BLOCK_ROLE)
        if block_id:
            self.block_chosen.emit(str(block_id))
