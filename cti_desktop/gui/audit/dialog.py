"""Admin → Audit Log: who changed which action, flow, flow source or property, when and from where, with
the item before and after. Filters narrow the list at once; Export CSV writes what is shown (every
matching entry, not only the rows read so far) on a worker thread."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, QItemSelection, Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cti_desktop.gui.audit.model import KIND_LABELS, AuditTableModel
from cti_desktop.gui.operations import run_in_background, run_now
from cti_desktop.services.audit_log import AuditEntry, AuditFilter, AuditLog, changed_fields

CSV_FILTER = "CSV files (*.csv);;All files (*)"


class AuditLogDialog(QDialog):
    OBJECT_NAME = "auditLog"

    def __init__(self, log: AuditLog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(self.OBJECT_NAME)
        self.setWindowTitle("Audit Log")
        self.resize(1000, 640)
        self.log = log
        self.file_dialog: QFileDialog | None = None
        self._export: asyncio.Future[Any] | None = None

        self.since_check = QCheckBox("&Since", self)
        self.since_check.setAccessibleName("Only changes since a moment")
        self.since_edit = QDateTimeEdit(QDateTime.currentDateTime().addDays(-7), self)
        self.since_edit.setCalendarPopup(True)
        self.since_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.since_edit.setEnabled(False)
        self.since_edit.setAccessibleName("Since")
        self.person_combo = QComboBox(self)
        self.person_combo.setEditable(True)
        self.person_combo.setAccessibleName("Who")
        self.person_combo.setToolTip("Only changes by this person (empty: everyone)")
        line = self.person_combo.lineEdit()
        if line is not None:
            line.setAccessibleName("Who")
        self.kind_combo = QComboBox(self)
        self.kind_combo.addItem("Everything", "")
        for kind, label in KIND_LABELS.items():
            self.kind_combo.addItem(label, kind)
        self.kind_combo.setAccessibleName("What")
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText("Name contains")
        self.name_edit.setClearButtonEnabled(True)
        self.name_edit.setAccessibleName("Name contains")
        filters = QHBoxLayout()
        filters.addWidget(self.since_check)
        filters.addWidget(self.since_edit)
        who = QLabel("&Who:", self)
        who.setBuddy(self.person_combo)
        filters.addWidget(who)
        filters.addWidget(self.person_combo, 1)
        what = QLabel("W&hat:", self)
        what.setBuddy(self.kind_combo)
        filters.addWidget(what)
        filters.addWidget(self.kind_combo)
        filters.addWidget(self.name_edit, 2)

        self.model = AuditTableModel(log, parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("auditTable")
        self.table.setAccessibleName("Audit entries, newest first")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, 150)
        self.table.setColumnWidth(4, 260)
        self.table.selectionModel().selectionChanged.connect(self._selected)

        self.summary = QLabel("Select an entry to see what changed.", self)
        self.summary.setObjectName("auditSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.before_text = self._json_view("Before")
        self.after_text = self._json_view("After")
        sides = QSplitter(Qt.Orientation.Horizontal, self)
        sides.addWidget(self.before_text)
        sides.addWidget(self.after_text)
        details = QWidget(self)
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(self.summary)
        details_layout.addWidget(sides, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(details)
        splitter.setSizes([380, 220])

        self.status = QLabel(self)
        self.status.setObjectName("auditStatus")
        self.export_button = QPushButton("&Export CSV…", self)
        self.export_button.setAccessibleName("Export the entries shown to a CSV file")
        self.export_button.clicked.connect(self.ask_export)
        self.close_button = QPushButton("Close", self)
        self.close_button.setAccessibleName("Close the audit log")
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        # Typing in the name box filters once the typing pauses.
        self._refilter = QTimer(self)
        self._refilter.setSingleShot(True)
        self._refilter.setInterval(250)
        self._refilter.timeout.connect(self.apply_filters)
        self.since_check.toggled.connect(self.since_edit.setEnabled)
        self.since_check.toggled.connect(self.apply_filters)
        self.since_edit.dateTimeChanged.connect(self._refilter.start)
        self.person_combo.currentTextChanged.connect(self._refilter.start)
        self.kind_combo.currentIndexChanged.connect(self.apply_filters)
        self.name_edit.textChanged.connect(self._refilter.start)
        self.refresh()

    def _json_view(self, title: str) -> QPlainTextEdit:
        view = QPlainTextEdit(self)
        view.setReadOnly(True)
        view.setPlaceholderText(title)
        view.setAccessibleName(f"The item {title.lower()} the change")
        return view

    # -- reading ----------------------------------------------------------------------------------------

    def current_filter(self) -> AuditFilter:
        since = None
        if self.since_check.isChecked():
            chosen: datetime = self.since_edit.dateTime().toPython()  # type: ignore[assignment]
            since = chosen.astimezone().astimezone(UTC)
        return AuditFilter(
            since=since,
            author=self.person_combo.currentText().strip(),
            kind=str(self.kind_combo.currentData() or ""),
            text=self.name_edit.text().strip(),
        )

    @Slot()
    def refresh(self) -> None:
        authors = run_now(self, "The audit log could not be read", self.log.authors) or []
        current = self.person_combo.currentText()
        self.person_combo.blockSignals(True)
        self.person_combo.clear()
        self.person_combo.addItems(["", *authors])
        self.person_combo.setCurrentText(current)
        self.person_combo.blockSignals(False)
        self.apply_filters()

    @Slot()
    def apply_filters(self) -> None:
        filters = self.current_filter()

        def read() -> int:
            self.model.set_filter(filters)
            return self.log.count(filters)

        total = run_now(self, "The audit log could not be read", read)
        self.status.setText(f"{total} entr{'y' if total == 1 else 'ies'}" if total is not None else "")
        self._show(None)

    @Slot(QItemSelection, QItemSelection)
    def _selected(self, *_: object) -> None:
        rows = self.table.selectionModel().selectedRows()
        self._show(self.model.entry(rows[0].row()) if rows else None)

    def _show(self, entry: AuditEntry | None) -> None:
        if entry is None:
            self.summary.setText("Select an entry to see what changed.")
            self.before_text.clear()
            self.after_text.clear()
            return
        when = entry.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        lines = changed_fields(entry.before, entry.after)
        what = KIND_LABELS.get(entry.kind, entry.kind)
        who = f"{entry.author or 'Someone'} ({entry.host})"
        said = f"{who} {entry.operation} {what} “{entry.name}” at {when}."
        self.summary.setText(said + ("\n" + "\n".join(lines) if lines else ""))
        self.before_text.setPlainText(_pretty(entry.before))
        self.after_text.setPlainText(_pretty(entry.after))

    # -- export -----------------------------------------------------------------------------------------

    @Slot()
    def ask_export(self) -> QFileDialog:
        dialog = QFileDialog(self, "Export the audit log", "audit-log.csv", CSV_FILTER)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("csv")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.export_to)
        dialog.open()
        self.file_dialog = dialog
        return dialog

    @Slot(str)
    def export_to(self, path: str) -> None:
        """Write every entry the filters match, on a worker thread; the window stays usable."""
        self.export_button.setEnabled(False)
        self.status.setText("Exporting…")
        self._export = asyncio.ensure_future(self._write(Path(path), self.current_filter()))

    async def _write(self, path: Path, filters: AuditFilter) -> None:
        try:
            written = await run_in_background(
                self, "The audit log could not be exported", self.log.export_csv, path, filters
            )
        except OSError as exc:
            self.status.setText(f"{path} could not be written: {exc.strerror or exc}")
            written = None
        finally:
            self.export_button.setEnabled(True)
        if written is not None:
            self.status.setText(f"Wrote {written} entr{'y' if written == 1 else 'ies'} to {path}")

    def export_finished(self) -> asyncio.Future[Any] | None:
        return self._export


def _pretty(value: Any) -> str:
    return "" if value is None else json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True)


__all__ = ["AuditLogDialog"]
