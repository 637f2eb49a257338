"""What a screen reader would meet in a window: its visible controls that take the keyboard, and which of
them have no accessible name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QWidget


def focusable_widgets(window: QWidget) -> list[QWidget]:
    return [
        widget
        for widget in window.findChildren(QWidget)
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus
        and widget.isVisible()
        and not isinstance(widget, QLabel)
        and widget.window() is window
        # Qt's inner parts (a combo's list view, a scroll area's viewport) are named through their owner.
        and not widget.objectName().startswith("qt_")
    ]


def unnamed_widgets(window: QWidget) -> list[str]:
    """'Type objectName (parent's objectName)' of every focusable widget with no accessible name, on every
    page of every tab widget in the window."""
    found: dict[int, str] = {}
    tab_widgets = [tabs for tabs in window.findChildren(QTabWidget) if tabs.isVisible()]
    pages = [None] + [(tabs, index) for tabs in tab_widgets for index in range(tabs.count())]
    for page in pages:
        if page is not None:
            page[0].setCurrentIndex(page[1])
        for widget in focusable_widgets(window):
            if not widget.accessibleName():
                parent = widget.parentWidget()
                where = parent.objectName() if parent is not None else ""
                found[id(widget)] = f"{type(widget).__name__} {widget.objectName()!r} in {where!r}"
    return sorted(found.values())
