"""A status icon per run outcome, drawn with lines rather than font glyphs so it looks the same on every
system: a tick, a cross, a clock, a barred circle. Colour says it at a glance; the shape says it without
colour.

Icons are kept by the views that show them (`StatusIcons`), not in a module-level cache: a QIcon that
outlives the QApplication crashes the interpreter on exit.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from cti_desktop.gui.theme import Tone, color, is_dark

_TONES: dict[str, Tone] = {
    "completed": Tone.SUCCESS,
    "failed": Tone.ERROR,
    "timed_out": Tone.WARNING,
    "cancelled": Tone.MUTED,
    "running": Tone.ACCENT,
}
_SHAPES = {"completed": "tick", "failed": "cross", "timed_out": "clock", "cancelled": "bar", "running": "dot"}


def status_color(status: str) -> QColor:
    return color(_TONES.get(status, Tone.MUTED))


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
        key = (status, is_dark())
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
