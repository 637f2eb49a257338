"""One non-blocking question at a time, for windows that ask before they act.

A question is opened with `open()`, never `exec()`: the app runs on qasync, and a nested event loop
would run coroutines inside the dialog's loop. The window keeps the open question in `question`
(tests and callers use it) and forgets it when the box goes away.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget


class AsksQuestions:
    """Mix into a QWidget subclass, before the Qt class: `class Editor(AsksQuestions, QDialog)`."""

    question: QMessageBox | None = None
    question_object_name = "question"

    def _ask(
        self,
        title: str,
        text: str,
        buttons: QMessageBox.StandardButton,
        default: QMessageBox.StandardButton,
        icon: QMessageBox.Icon = QMessageBox.Icon.Question,
    ) -> QMessageBox:
        parent = self if isinstance(self, QWidget) else None
        box = QMessageBox(icon, title, text, buttons, parent)
        box.setDefaultButton(default)
        box.setObjectName(self.question_object_name)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.question = box

        def gone() -> None:
            if self.question is box:
                self.question = None

        box.destroyed.connect(gone)
        return box

    def _ask_to_save(
        self, text: str, on_save: Callable[[], object], on_discard: Callable[[], object]
    ) -> QMessageBox:
        """Save / Discard / Cancel about unsaved changes; Cancel does nothing. The box is open on return."""
        buttons = QMessageBox.StandardButton
        box = self._ask(
            "Unsaved changes", text, buttons.Save | buttons.Discard | buttons.Cancel, buttons.Save
        )

        def answered(button: QAbstractButton) -> None:
            choice = box.standardButton(button)
            if choice == buttons.Save:
                on_save()
            elif choice == buttons.Discard:
                on_discard()

        box.buttonClicked.connect(answered)
        box.open()
        return box
