"""Small pieces both designers (and the dialogs around them) share: help and problem labels, section
titles, designer panes, and the key routing that lets Ctrl+Z reach the undo stack from a line edit."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from cti_desktop.gui.theme import Tone, css


def _text_and_parent(text: str | QWidget | None, parent: QWidget | None) -> tuple[str, QWidget | None]:
    """Code made from a Qt Designer file (`ui/`) creates a promoted label with its parent alone."""
    if isinstance(text, QWidget):
        return "", text
    return text or "", parent


class HelpLabel(QLabel):
    """A dimmed, wrapped sentence under a field saying what it is for."""

    def __init__(
        self, text: str | QWidget | None = "", parent: QWidget | None = None, wrap: bool = True
    ) -> None:
        super().__init__(*_text_and_parent(text, parent))
        self.setWordWrap(wrap)
        self.setTextFormat(Qt.TextFormat.RichText)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText))
        self.setPalette(palette)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 0.92)
        self.setFont(font)


class ProblemLabel(QLabel):
    """The problems of one field, in red, right under it; hidden when there are none."""

    def __init__(self, parent: QWidget | None = None, name: str = "", wrap: bool = True) -> None:
        super().__init__(parent)
        self.setWordWrap(wrap)
        self.setStyleSheet(f"color: {css(Tone.ERROR)};")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if name:
            self.setObjectName(f"problem_{name}")
        self.hide()

    def set_problems(self, messages: list[str]) -> None:
        self.setText("\n".join(messages))
        self.setVisible(bool(messages))


class SectionTitle(QLabel):
    def __init__(self, text: str | QWidget | None = "", parent: QWidget | None = None) -> None:
        super().__init__(*_text_and_parent(text, parent))
        font = self.font()
        font.setWeight(QFont.Weight.DemiBold)
        font.setPointSizeF(font.pointSizeF() * 1.05)
        self.setFont(font)


class UndoKeyRouter(QObject):
    """Line edits keep Ctrl+Z for their own undo; with this filter installed the key goes to the window's
    Undo/Redo actions instead, so every edit is undone the same way."""

    KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        if any(event.matches(key) for key in self.KEYS) or _is_shift_ctrl_z(event):
            event.ignore()
            return True
        return False


def _is_shift_ctrl_z(event: QKeyEvent) -> bool:
    modifiers = event.modifiers()
    return (
        event.key() == Qt.Key.Key_Z
        and bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        and bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
    )


def titled_panel(title: str, help_text: str, body: QWidget, parent: QWidget) -> QWidget:
    """A designer pane: its title, an optional line of help, and the body filling the rest."""
    panel = QWidget(parent)
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(4, 0, 4, 0)
    layout.setSpacing(4)
    layout.addWidget(SectionTitle(title, panel))
    if help_text:
        layout.addWidget(HelpLabel(help_text, panel))
    layout.addWidget(body, 1)
    return panel
