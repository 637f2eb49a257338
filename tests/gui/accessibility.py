"""What a screen reader would meet in a window: its visible controls that take the keyboard, and which of
them have no accessible name; and what a high-contrast user sees: the frames of fields, by colour."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QTabWidget, QWidget

from cti_desktop.gui import theme


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


# A high-contrast system palette, as Windows' "High Contrast Black" gives one.
CONTRAST_COLOURS = {
    QPalette.ColorRole.Window: "#000000",
    QPalette.ColorRole.WindowText: "#ffffff",
    QPalette.ColorRole.Base: "#000000",
    QPalette.ColorRole.AlternateBase: "#101010",
    QPalette.ColorRole.Text: "#ffffff",
    QPalette.ColorRole.Button: "#000000",
    QPalette.ColorRole.ButtonText: "#ffffff",
    QPalette.ColorRole.Highlight: "#1aebff",
    QPalette.ColorRole.HighlightedText: "#000000",
}
HIGHLIGHT = CONTRAST_COLOURS[QPalette.ColorRole.Highlight]
OUTLINE = CONTRAST_COLOURS[QPalette.ColorRole.WindowText]
DISABLED = "#a0a0a0"


@contextmanager
def high_contrast(app: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The system asks for high contrast, with a high-contrast palette, while inside; the windows made
    inside are styled as the app styles them (`theme.apply_theme`)."""
    palette, sheet = app.palette(), app.styleSheet()
    monkeypatch.setattr(theme, "high_contrast", lambda: True)
    theme.apply_theme(app, "system")  # first: it gives a theme chosen earlier the system's palette back
    contrast = QPalette()
    for role, value in CONTRAST_COLOURS.items():
        contrast.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        contrast.setColor(QPalette.ColorGroup.Disabled, role, QColor(DISABLED))
    app.setPalette(contrast)
    try:
        yield
    finally:
        app.setStyleSheet(sheet)
        app.setPalette(palette)


def colours(widget: QWidget) -> Counter[str]:
    """How many pixels of each colour the widget shows, as '#rrggbb'."""
    image = widget.grab().toImage()
    return Counter(image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height()))


def edge_colours(widget: QWidget, width: int = 1) -> Counter[str]:
    """The colours of the widget's outermost `width` pixels: its frame."""
    image = widget.grab().toImage()
    w, h = image.width(), image.height()
    return Counter(
        image.pixelColor(x, y).name()
        for x in range(w)
        for y in range(h)
        if x < width or y < width or x >= w - width or y >= h - width
    )


def frame_is(widget: QWidget, colour: str) -> bool:
    """Most of the widget's outermost ring is `colour` (corners and a combo's arrow aside)."""
    edge = edge_colours(widget)
    return edge[colour] >= 0.8 * sum(edge.values())
