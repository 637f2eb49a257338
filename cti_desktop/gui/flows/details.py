"""The Flows window's right side: the selected flow's settings (description, source, event, active) and its
validation problems, each with its severity and the block it concerns. The layout is drawn in
ui/flow_details.ui; the sources, events, problems and the texts that depend on the flow are filled in
here."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QListWidgetItem,
    QStyle,
    QWidget,
)

from cti_desktop.domain.catalog import CTI_ACTION, events_for, is_known_source, source_label
from cti_desktop.gui.flows.model import FlowItem, label_for_source
from cti_desktop.gui.ui_generated.flow_details_ui import Ui_FlowDetails
from cti_desktop.services.flows import SourceEntry

PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1  # the Problem a list item shows


@dataclass(frozen=True, slots=True)
class FlowSettings:
    description: str
    source: str
    event: str
    active: bool


def settings_of(item: FlowItem) -> FlowSettings:
    return FlowSettings(item.description, item.source, item.event, item.active)


def settings_problem(stored: FlowItem, wanted: FlowSettings, labels: dict[str, str]) -> str:
    """Why `wanted` cannot be saved, in words for the supervisor; "" when it can."""
    label = source_label(wanted.source, labels)
    if not wanted.source:
        return "Choose the flow's source: what triggers it." if wanted.event else ""
    if not is_known_source(wanted.source):
        if wanted.source != stored.source:
            return f"{label} is not a source this version knows; choose one from the list."
        return ""
    if wanted.source == CTI_ACTION:
        return "" if not wanted.event else "CTI Action flows have no event: CTI actions run them."
    if not wanted.event:
        return f"Choose the {label} event this flow runs on."
    if wanted.event not in events_for(wanted.source):
        return f"{wanted.event} is not an event of {label}; choose one of its events."
    return ""


class FlowDetails(QWidget):
    """Emits `changed` whenever the user edits a setting."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_FlowDetails()
        self.ui.setupUi(self)
        self.setObjectName("flowDetails")
        self._item: FlowItem | None = None
        self._baseline: FlowSettings | None = None
        self._labels: dict[str, str] = {}
        self._loading = False
        ui = self.ui
        self.heading = ui.flowHeading
        self.status_label = ui.flowStatus
        self.description_edit = ui.flowDescription
        self.source_combo = ui.flowSource
        self.event_combo = ui.flowEvent
        self.event_help = ui.flowEventHelp
        self.active_check = ui.flowActive
        self.used_by_label = ui.flowUsedBy
        self.settings_problem = ui.problem_settings
        self.problems_title = ui.problemsTitle
        self.problems_summary = ui.problemsSummary
        # One item per problem: severity and block on the first line, the message wrapped below it.
        self.problems_view = ui.flowProblems
        # Takes the room the list leaves when there is no problem to list, so the form keeps its shape.
        self._filler = ui.problemsFiller

        # Sizes that follow the font in use, which a drawing cannot say.
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setWeight(QFont.Weight.Bold)
        self.heading.setFont(font)
        self.description_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)

        self.description_edit.textChanged.connect(self._edited)
        self.source_combo.currentIndexChanged.connect(self._source_picked)
        self.event_combo.currentIndexChanged.connect(self._edited)
        self.active_check.toggled.connect(self._edited)
        self.load(None, [], {})

    # -- loading ------------------------------------------------------------------------------------

    def load(
        self,
        item: FlowItem | None,
        entries: list[SourceEntry],
        labels: dict[str, str],
        used_by: Sequence[str] = (),
    ) -> None:
        """Show `item` as stored (None: nothing selected); the picklist gives the sources offered and
        `used_by` names the CTI actions that run the flow."""
        self._item = item
        self._labels = labels
        self._loading = True
        try:
            self._fill_sources(entries, item.source if item is not None else "")
            self.description_edit.setPlainText(item.description if item is not None else "")
            self.active_check.setChecked(item.active if item is not None else False)
            self._fill_events(item.event if item is not None else "")
        finally:
            self._loading = False
        self._baseline = self.read() if item is not None else None
        self.settings_problem.set_problems([])
        for widget in (self.description_edit, self.source_combo, self.active_check):
            widget.setEnabled(item is not None)
        self.event_combo.setEnabled(item is not None and self.event_combo.count() > 1)
        self._show_used_by(item, used_by)
        self._show_header()
        self._show_problems()

    def set_stored_active(self, active: bool) -> None:
        """The Active box of the table was ticked: show it here without counting it as an edit."""
        if self._item is None or self._baseline is None:
            return
        self._loading = True
        try:
            self.active_check.setChecked(active)
        finally:
            self._loading = False
        self._baseline = FlowSettings(
            self._baseline.description, self._baseline.source, self._baseline.event, active
        )
        self.changed.emit()

    def _fill_sources(self, entries: list[SourceEntry], current: str) -> None:
        self.source_combo.clear()
        for entry in entries:
            if entry.active or entry.api_value == current:
                self.source_combo.addItem(entry.label, entry.api_value)
        if self.source_combo.findData(current) < 0:
            # An unknown (or not yet chosen) source stays visible and selected, first in the list.
            self.source_combo.insertItem(0, label_for_source(current, self._labels), current)
        self.source_combo.setCurrentIndex(self.source_combo.findData(current))

    def _fill_events(self, current: str) -> None:
        source = self._current_source()
        self.event_combo.clear()
        events = events_for(source)
        if source == CTI_ACTION:
            self.event_combo.addItem("No event: CTI actions run this flow", "")
            help_text = "Agents run CTI Action flows with the CTI actions of the overlay."
        elif not source:
            self.event_combo.addItem("Choose a source first", "")
            help_text = "A flow without a source never runs."
        elif not is_known_source(source):
            self.event_combo.addItem(current or "No event", current)
            help_text = "This source is unknown to this version: its flows never run."
        else:
            if current not in events:
                text = f"{current} (not an event of this source)" if current else "Choose an event"
                self.event_combo.addItem(text, current)
            for event in events:
                self.event_combo.addItem(event, event)
            help_text = "The flow runs each time this event happens, while it is active."
        self.event_combo.setCurrentIndex(max(0, self.event_combo.findData(current)))
        self.event_combo.setEnabled(self._item is not None and self.event_combo.count() > 1)
        self.event_help.setText(help_text)

    # -- reading ------------------------------------------------------------------------------------

    def item(self) -> FlowItem | None:
        return self._item

    def _current_source(self) -> str:
        value = self.source_combo.currentData()
        return value if isinstance(value, str) else ""

    def read(self) -> FlowSettings:
        event = self.event_combo.currentData()
        return FlowSettings(
            description=self.description_edit.toPlainText().strip(),
            source=self._current_source(),
            event=event if isinstance(event, str) else "",
            active=self.active_check.isChecked(),
        )

    def is_dirty(self) -> bool:
        return self._baseline is not None and self.read() != self._baseline

    def show_problem(self, message: str) -> None:
        self.settings_problem.set_problems([message] if message else [])

    # -- reacting -----------------------------------------------------------------------------------

    @Slot()
    def _source_picked(self) -> None:
        if self._loading:
            return
        self._loading = True
        try:
            previous = self.event_combo.currentData()
            self._fill_events(previous if isinstance(previous, str) else "")
        finally:
            self._loading = False
        self._edited()

    @Slot()
    def _edited(self) -> None:
        if self._loading:
            return
        self.settings_problem.set_problems([])
        self._show_header()
        self.changed.emit()

    def _show_used_by(self, item: FlowItem | None, used_by: Sequence[str]) -> None:
        if item is None or (not used_by and item.source != CTI_ACTION):
            self.used_by_label.hide()
            return
        names = html.escape(", ".join(f"“{name}”" for name in used_by))
        if not used_by:
            text = "No CTI action runs it yet."
        elif item.source == CTI_ACTION:
            text = f"Run by the CTI action{'s' if len(used_by) != 1 else ''} {names}."
        else:
            plural = "s" if len(used_by) != 1 else ""
            text = f"Broken CTI action{plural} {names}: only CTI Action flows can run them."
        self.used_by_label.setText(text)
        self.used_by_label.show()

    def _show_header(self) -> None:
        item = self._item
        if item is None:
            self.heading.setText("No flow selected")
            self.status_label.setText("Import flow files, or pick a flow in the list.")
            return
        self.heading.setText(item.name + (" *" if self.is_dirty() else ""))
        parts = [
            f"Version {item.version} ({item.state})",
            f"{item.block_count} block{'s' if item.block_count != 1 else ''}",
        ]
        if item.updated_at is not None:
            parts.append(f"saved {item.updated_at.astimezone().strftime('%Y-%m-%d %H:%M')}")
        if self.is_dirty():
            parts.append("unsaved changes")
        self.status_label.setText(" · ".join(parts))

    def _show_problems(self) -> None:
        self.problems_view.clear()
        item = self._item
        if item is None:
            self.problems_summary.setText("")
            self.problems_view.hide()
            self._filler.show()
            return
        style = self.style()
        error_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
        warning_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for problem in item.problems:
            where = f"Block {item.block_name(problem.block_id)}" if problem.block_id else "The whole flow"
            row = QListWidgetItem(f"{problem.severity.capitalize()} · {where}\n{problem.message}")
            row.setIcon(error_icon if problem.severity == "error" else warning_icon)
            row.setToolTip(item.problem_text(problem))
            row.setData(Qt.ItemDataRole.AccessibleTextRole, item.problem_text(problem))
            row.setData(PROBLEM_ROLE, problem)
            self.problems_view.addItem(row)
        errors = item.errors
        warnings = len(item.problems) - errors
        if not item.problems:
            self.problems_summary.setText("No problems found: the flow can run.")
        else:
            parts = []
            if errors:
                parts.append(f"{errors} error{'s' if errors != 1 else ''} (the flow cannot run)")
            if warnings:
                parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
            self.problems_summary.setText(" and ".join(parts) + ".")
        self.problems_view.setVisible(bool(item.problems))
        self._filler.setVisible(not item.problems)
