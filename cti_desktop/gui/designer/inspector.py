"""The inspector both designers show beside the canvas: a page saying what to select while nothing is,
and a scrolling form of rows built from descriptors (section titles, labelled rows, full-width rows).
Every line edit in it sends Ctrl+Z to the designer's undo stack instead of undoing in the box."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cti_desktop.gui.designer.widgets import SectionTitle, UndoKeyRouter


@dataclass(frozen=True, slots=True)
class Section:
    """A section title row."""

    title: str


@dataclass(frozen=True, slots=True)
class Row:
    """A row: `widget` beside `label` (a `QLabel`, or text), or across the whole form when there is no
    label. A text label with a `buddy` becomes a `QLabel` whose mnemonic focuses the buddy."""

    widget: QWidget
    label: QLabel | str | None = None
    buddy: QWidget | None = None


InspectorRow = Section | Row


class InspectorPanel(QWidget):
    """The container: `show_rows()` builds the form from descriptors, `show_empty()` shows the hint."""

    def __init__(
        self, object_name: str, empty_text: str, spacing: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.router = UndoKeyRouter(self)
        self.spacing = spacing
        self.section_titles: dict[str, SectionTitle] = {}
        self.stack = QStackedWidget(self)
        empty = QLabel(empty_text, self)
        empty.setObjectName("inspectorEmpty")
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setWordWrap(True)
        self.stack.addWidget(empty)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.stack.addWidget(self.scroll_area)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.form = QFormLayout()

    def build(self, rows: Iterable[InspectorRow], content: QWidget | None = None) -> QFormLayout:
        """Lay out `rows` on `content` (a new page when None) and put it in the scroll area."""
        content = content if content is not None else QWidget()
        form = QFormLayout(content)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setVerticalSpacing(self.spacing)
        self.section_titles = {}
        for row in rows:
            if isinstance(row, Section):
                title = SectionTitle(row.title, content)
                self.section_titles[row.title] = title
                form.addRow(title)
                continue
            if row.label is None:
                form.addRow(row.widget)
            elif isinstance(row.label, str) and row.buddy is None:
                form.addRow(row.label, row.widget)
            else:
                label = row.label if isinstance(row.label, QLabel) else QLabel(row.label, content)
                label.setBuddy(row.buddy or row.widget)
                form.addRow(label, row.widget)
            for edit in row.widget.findChildren(QLineEdit):
                edit.installEventFilter(self.router)
            if isinstance(row.widget, QLineEdit):
                row.widget.installEventFilter(self.router)
        self.scroll_area.setWidget(content)
        self.form = form
        return form

    def show_empty(self) -> None:
        self.stack.setCurrentIndex(0)

    def show_content(self) -> None:
        self.stack.setCurrentIndex(1)
