"""The base of every inspector row in both designers: a widget holding the row's editing widgets, a help
line and a problems line; `load()` fills it without reporting (the loading guard), and each edit is
reported once as `edited(key, value, merge_key)`, the merge key saying which edits become one undo step.

A designer subclasses it per kind of row (a form field's property, a block control's kind) and registers
the subclasses in its editor registry (`registry.EditorRegistry`)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from cti_desktop.gui.designer.widgets import HelpLabel, ProblemLabel


class PropertyRow(QObject):
    """Subclasses build their widgets into `self.body` in `build()` and fill them in `show(value)`."""

    edited = Signal(str, object, str)  # row key, new value, merge key ("" = its own undo step)
    # Where the help line goes: under the editing widgets and above the problems, or below both.
    help_above_problems = True

    def __init__(
        self,
        key: str,
        object_name: str,
        help_text: str,
        problem_name: str,
        parent: QObject | None = None,
        widget_parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.key = key
        self.value: Any = None
        self.loading = False
        self.widget = QWidget(widget_parent)
        self.widget.setObjectName(object_name)
        self.body = QVBoxLayout(self.widget)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(3)
        self.build()
        # Made in the order they show, so focus and event order follow the layout.
        self.help_label: HelpLabel | None = None
        if help_text and self.help_above_problems:
            self.help_label = self._add_help(help_text)
        self.problems = ProblemLabel(self.widget, problem_name)
        self.body.addWidget(self.problems)
        if help_text and not self.help_above_problems:
            self.help_label = self._add_help(help_text)

    def _add_help(self, text: str) -> HelpLabel:
        label = HelpLabel(text, self.widget)
        self.body.addWidget(label)
        return label

    def build(self) -> None:
        """Add the editing widgets to `self.body`."""

    def show(self, value: Any) -> None:
        """Fill the widgets from the value."""

    def loaded(self, value: Any) -> None:
        """Called after each `load()`, outside the loading guard."""

    def reporting(self, value: Any) -> None:
        """Called with every value an edit reports, even one that changes nothing."""

    def load(self, value: Any) -> None:
        self.value = value
        self.loading = True
        try:
            self.show(value)
        finally:
            self.loading = False
        self.loaded(value)

    def report(self, value: Any, merge: bool = True, merge_key: str | None = None) -> None:
        """Report an edit: merged with the previous edit of this row (`merge`), under `merge_key` when a
        row holds several boxes that each merge on their own."""
        self.reporting(value)
        if self.loading or value == self.value:
            return
        self.value = value
        self.edited.emit(self.key, value, merge_key if merge_key is not None else self.key if merge else "")
