"""The history of one action or flow: its versions, newest first, with the published one marked; what
changed between any two of them, line by line; and Roll Back, which publishes an older version again as
a new one. The dialog knows neither kind: it is given callables that read the history, compare two
versions' contents and roll back (`gui.history.open_action_history` and `open_flow_history` make them).

Keyboard: Tab reaches every control; Enter on a version compares it (as B) with A; Escape closes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Final

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cti_desktop.domain.version_diff import DiffLine
from cti_desktop.gui.errors import show_error
from cti_desktop.gui.history.diff_table import CHANGE_LABELS, DiffTable
from cti_desktop.gui.operations import run_now
from cti_desktop.gui.theme import Tone, color

# A saved version (`store.versions.Version`), as the services hand it out.
from cti_desktop.services.actions import ActionInvalid, Version
from cti_desktop.services.flows import PublishRefused

LoadHistory = Callable[[], Sequence[Version]]
Diff = Callable[[dict[str, Any], dict[str, Any]], Sequence[DiffLine]]
Rollback = Callable[[int, str], object]

COLUMNS: Final = ("Version", "State", "Author", "Saved at", "Note")
STATE_LABELS: Final = {"published": "● Published", "draft": "Draft", "superseded": "Superseded"}
STATE_TONES: Final = {"published": Tone.SUCCESS, "draft": Tone.WARNING, "superseded": Tone.MUTED}


class VersionTable(QTableWidget):
    """The versions; Enter (or a double click) on one says so with `chosen(row)`."""

    chosen = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.chosen.emit(self.currentRow())
            event.accept()
            return
        super().keyPressEvent(event)


class RollbackQuestion(QDialog):
    """Roll back to version N? with an optional note for the history."""

    OBJECT_NAME = "rollbackQuestion"

    def __init__(self, number: int, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(self.OBJECT_NAME)
        self.setWindowTitle("Roll Back")
        self.number = number
        text = QLabel(
            f"Publish version {number} of {title} again, as a new version?\n"
            "Every seat uses it at once; the versions in between stay in the history.",
            self,
        )
        text.setWordWrap(True)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(f"rolled back to version {number}")
        self.note.setAccessibleName("Note for the history (optional)")
        note_label = QLabel("&Note (optional):", self)
        note_label.setBuddy(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.roll_back_button = buttons.addButton("&Roll Back", QDialogButtonBox.ButtonRole.AcceptRole)
        self.roll_back_button.setAccessibleName(f"Roll back to version {number}")
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel, keep the published version")
        cancel.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(note_label)
        layout.addWidget(self.note)
        layout.addWidget(buttons)


class HistoryDialog(QDialog):
    OBJECT_NAME = "history"

    # The history was read again after a rollback: the new version's number.
    rolled_back = Signal(int)

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        load_history: LoadHistory,
        diff: Diff,
        rollback: Rollback | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(self.OBJECT_NAME)
        self.setWindowTitle(f"History of {title}")
        self.resize(980, 620)
        self.title = title
        self._load = load_history
        self._diff = diff
        self._rollback = rollback
        self.versions: list[Version] = []
        self.lines: list[DiffLine] = []
        self.question: RollbackQuestion | None = None

        self.table = VersionTable(0, len(COLUMNS), self)
        self.table.setObjectName("historyVersions")
        self.table.setAccessibleName(f"Versions of {title}, newest first")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.table.chosen.connect(self.compare_with_row)
        self.table.doubleClicked.connect(self._double_clicked)

        self.a_combo = QComboBox(self)
        self.a_combo.setObjectName("historyVersionA")
        self.a_combo.setAccessibleName("Compare version A")
        self.b_combo = QComboBox(self)
        self.b_combo.setObjectName("historyVersionB")
        self.b_combo.setAccessibleName("with version B")
        a_label = QLabel("Compare version &A:", self)
        a_label.setBuddy(self.a_combo)
        b_label = QLabel("with version &B:", self)
        b_label.setBuddy(self.b_combo)
        pickers = QHBoxLayout()
        pickers.addWidget(a_label)
        pickers.addWidget(self.a_combo, 1)
        pickers.addWidget(b_label)
        pickers.addWidget(self.b_combo, 1)
        self.a_combo.currentIndexChanged.connect(self.show_diff)
        self.b_combo.currentIndexChanged.connect(self.show_diff)

        self.summary = QLabel(self)
        self.summary.setObjectName("historyDiffSummary")
        self.summary.setWordWrap(True)
        self.diff_list = DiffTable(self, "Before", "After")
        self.diff_list.setObjectName("historyDiff")
        self.diff_list.setAccessibleName("Differences between version A and version B")

        compare = QWidget(self)
        compare_layout = QVBoxLayout(compare)
        compare_layout.setContentsMargins(0, 0, 0, 0)
        compare_layout.addLayout(pickers)
        compare_layout.addWidget(self.summary)
        compare_layout.addWidget(self.diff_list, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        splitter.addWidget(compare)
        splitter.setSizes([220, 380])

        self.status = QLabel(self)
        self.status.setObjectName("historyStatus")
        self.status.setWordWrap(True)
        self.roll_back_button = QPushButton("&Roll Back to This Version…", self)
        self.roll_back_button.setObjectName("historyRollBack")
        self.roll_back_button.setAccessibleName("Roll back to the selected version")
        self.roll_back_button.clicked.connect(self.ask_rollback)
        self.roll_back_button.setVisible(rollback is not None)
        self.close_button = QPushButton("Close", self)
        self.close_button.setAccessibleName("Close the history")
        self.close_button.clicked.connect(self.close)
        for button in (self.roll_back_button, self.close_button):
            button.setAutoDefault(False)  # Enter in the table compares; it never presses a button
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.roll_back_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.refresh()

    # -- reading ----------------------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Read the history again; compare the published version with the newest (see `default_pair`)."""
        try:
            found = run_now(self, "The history could not be read", self._load)
        except LookupError as gone:  # the item was deleted meanwhile
            found = None
            self.status.setText(f"The history could not be read: {gone}")
        self.versions = list(found or [])
        self._fill_table()
        self._fill_pickers()
        a, b = default_pair(self.versions)
        self.set_compared(a, b)
        if self.versions:
            self.table.selectRow(0)
        self._selected()

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self.versions))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for row, version in enumerate(self.versions):
            when = version.saved_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            author = version.author + (f" ({version.host})" if version.host else "")
            cells = (
                str(version.number),
                STATE_LABELS.get(version.state, version.state),
                author,
                when,
                version.note,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == 1:
                    item.setForeground(QBrush(color(STATE_TONES.get(version.state, Tone.MUTED))))
                if version.state == "published":
                    item.setFont(bold)
                self.table.setItem(row, column, item)

    def _fill_pickers(self) -> None:
        for combo in (self.a_combo, self.b_combo):
            combo.blockSignals(True)
            combo.clear()
            for version in self.versions:
                state = "" if version.state == "superseded" else f" ({version.state})"
                combo.addItem(f"Version {version.number}{state}", version.number)
            combo.blockSignals(False)

    def version_of(self, number: int) -> Version | None:
        return next((version for version in self.versions if version.number == number), None)

    def selected_version(self) -> Version | None:
        rows = self.table.selectionModel().selectedRows()
        return self.versions[rows[0].row()] if rows else None

    # -- comparing --------------------------------------------------------------------------------------

    def set_compared(self, a: int | None, b: int | None) -> None:
        """Compare version `a` with version `b` (by number)."""
        for combo, number in ((self.a_combo, a), (self.b_combo, b)):
            combo.blockSignals(True)
            combo.setCurrentIndex(combo.findData(number) if number is not None else -1)
            combo.blockSignals(False)
        self.show_diff()

    def compared(self) -> tuple[int | None, int | None]:
        return self.a_combo.currentData(), self.b_combo.currentData()

    @Slot(int)
    def compare_with_row(self, row: int) -> None:
        """Compare the version on `row` (as B) with version A."""
        if 0 <= row < len(self.versions):
            self.set_compared(self.compared()[0], self.versions[row].number)

    @Slot(QModelIndex)
    def _double_clicked(self, index: QModelIndex) -> None:
        self.compare_with_row(index.row())

    @Slot()
    def show_diff(self) -> None:
        self.diff_list.setRowCount(0)
        a_number, b_number = self.compared()
        a = self.version_of(a_number) if a_number is not None else None
        b = self.version_of(b_number) if b_number is not None else None
        if a is None or b is None:
            self.lines = []
            self.summary.setText(
                "There is only one version: nothing to compare yet." if self.versions else ""
            )
            return
        self.lines = list(self._diff(a.content, b.content))
        self.diff_list.show_lines(self.lines)
        if a.number == b.number:
            self.summary.setText(f"Version A and version B are both version {a.number}.")
        elif not self.lines:
            self.summary.setText(f"Versions {a.number} and {b.number} are the same.")
        else:
            self.summary.setText(f"From version {a.number} to version {b.number}: {_counted(self.lines)}.")

    # -- rolling back -----------------------------------------------------------------------------------

    @Slot(QItemSelection, QItemSelection)
    def _selected(self, *_: object) -> None:
        version = self.selected_version()
        can = self._rollback is not None and version is not None and version.state != "published"
        self.roll_back_button.setEnabled(can)
        if version is not None and self._rollback is not None:
            self.roll_back_button.setToolTip(
                "This version is the one every seat uses."
                if version.state == "published"
                else f"Publish version {version.number} again, as a new version."
            )

    @Slot()
    def ask_rollback(self) -> RollbackQuestion | None:
        """Ask to roll back to the selected version (not blocking); on yes, roll back."""
        version = self.selected_version()
        if self._rollback is None or version is None or version.state == "published":
            return None
        question = RollbackQuestion(version.number, self.title, self)
        question.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        question.accepted.connect(self._answered)
        question.destroyed.connect(self._question_gone)
        self.question = question
        question.open()
        return question

    @Slot()
    def _answered(self) -> None:
        question = self.question
        if question is not None:
            self.roll_back(question.number, question.note.text())

    @Slot()
    def _question_gone(self) -> None:
        self.question = None

    def roll_back(self, number: int, note: str = "") -> bool:
        """Publish version `number` again as a new version, then read the history again; a refusal is
        shown in words. Whether it was rolled back."""
        if self._rollback is None:
            return False
        failed = f"Version {number} was not rolled back"
        try:
            done = run_now(self, failed, self._rollback, number, note.strip())
        except ActionInvalid as invalid:
            self._refused(failed, "; ".join(problem.message for problem in invalid.problems))
            return False
        except (PublishRefused, LookupError) as exc:
            self._refused(failed, str(exc))
            return False
        if done is None:
            self.status.setText(f"{failed}.")
            return False
        self.refresh()
        newest = self.versions[0].number if self.versions else number
        self.status.setText(f"Version {number} is published again, as version {newest}.")
        self.rolled_back.emit(newest)
        return True

    def _refused(self, failed: str, why: str) -> None:
        self.status.setText(f"{failed}: {why}")
        show_error(self, failed, f"{failed}: {why}")


def default_pair(versions: Sequence[Version]) -> tuple[int | None, int | None]:
    """Which versions to compare first, as (A, B): the published one with the newest; when the newest is
    the published one, the one before it with it; with no published one, the two newest."""
    if not versions:
        return None, None
    newest = versions[0].number
    published = next((v.number for v in versions if v.state == "published"), None)
    if published is not None and published != newest:
        return published, newest
    older = versions[1].number if len(versions) > 1 else newest
    return older, newest


def _counted(lines: Sequence[DiffLine]) -> str:
    counts = {change: sum(1 for line in lines if line.change == change) for change in CHANGE_LABELS}
    parts = [f"{count} {change}" for change, count in counts.items() if count]
    total = len(lines)
    return f"{total} difference{'s' if total != 1 else ''} ({', '.join(parts)})"


__all__ = ["HistoryDialog", "RollbackQuestion", "VersionTable", "default_pair"]
