"""A status icon per run outcome, drawn with lines rather than font glyphs so it looks the same on every
system: a tick, a cross, a clock, a barred circle. Colour says it at a glance; the shape says it without
colour.

Icons are kept by the views that show them (`StatusIcons`), not in a module-level cache: a QIcon that
outlives the QApplication crashes the interpreter on exit.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap

# (on a light background, on a dark one): both keep their contrast with text around them.
_COLORS: dict[str, tuple[str, str]] = {
    "completed": ("#1e7e34", "#6fcf8a"),
    "failed": ("#b3261e", "#ff8a80"),
    "timed_out": ("#a15c00", "#ffb74d"),
    "cancelled": ("#5f6368", "#bdc1c6"),
    "running": ("#1a5fb4", "#8ab4f8"),
}
_SHAPES = {"completed": "tick", "failed": "cross", "timed_out": "clock", "cancelled": "bar", "running": "dot"}


def dark_palette() -> bool:
    return QGuiApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128


def status_color(status: str, dark: bool | None = None) -> QColor:
    light_color, dark_color = _COLORS.get(status, _COLORS["cancelled"])
    return QColor(dark_color if (dark_palette() if dark is None else dark) else light_color)


def status_icon(status: str) -> QIcon:
    known = status if status in _SHAPES else "cancelled"
    color = status_color(known)
    icon = QIcon()
    for size in (16, 20, 24, 32):
        icon.addPixmap(_draw(known, size, color))
    return icon


class StatusIcons:
    """The status icons one view shows, drawn once each (again if the palette turns dark or light)."""

    def __init__(self) -> None:
        self._icons: dict[tuple[str, bool], QIcon] = {}

    def icon(self, status: str) -> QIcon:
        key = (status, dark_palette())
        icon = self._icons.get(key)
        if icon is None:
            icon = self._icons[key] = status_icon(status)
        return icon


def _draw(status: str, size: int, tint: QColor) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen_width = max(1.5, size / 9)
    box = QRectF(pen_width / 2, pen_width / 2, size - pen_width, size - pen_width)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(tint)
    painter.drawEllipse(box)
    mark = QPen(QColor("white"), pen_width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    mark.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(mark)
    painter.setBrush(Qt.BrushStyle.NoBrush)

    def at(x: float, y: float) -> QPointF:
        return QPointF(box.left() + box.width() * x, box.top() + box.height() * y)

    shape = _SHAPES[status]
    if shape == "tick":
        path = QPainterPath(at(0.27, 0.52))
        path.lineTo(at(0.44, 0.69))
        path.lineTo(at(0.74, 0.34))
        painter.drawPath(path)
    elif shape == "cross":
        painter.drawLine(at(0.32, 0.32), at(0.68, 0.68))
        painter.drawLine(at(0.68, 0.32), at(0.32, 0.68))
    elif shape == "clock":
        painter.drawLine(at(0.5, 0.5), at(0.5, 0.24))
        painter.drawLine(at(0.5, 0.5), at(0.7, 0.6))
    elif shape == "bar":
        painter.drawLine(at(0.28, 0.5), at(0.72, 0.5))
    else:
        painter.setBrush(QColor("white"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(QRectF(at(0.36, 0.36), at(0.64, 0.64)))
    painter.end()
    return pixmap
