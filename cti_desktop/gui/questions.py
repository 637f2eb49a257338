"""One non-blocking question at a time, for windows that ask before they act.

A question is opened with `open()`, never `exec()`: the app runs on qasync, and a nested event loop
would run coroutines inside the dialog's loop. The window keeps the open question in `question`
(tests and callers use it) and forgets it when the box goes away.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


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
