"""Icons for field types, drawn from the glyph each type declares, so there is one source for them."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap

from cti_desktop.domain.form_types import field_type
from cti_desktop.domain.forms import FieldKind

# Calm, distinct tints per family: text, numbers, contact details, dates, choices, hidden.
_TINTS: dict[str, str] = {
    FieldKind.TEXT: "#3367d6",
    FieldKind.TEXTAREA: "#3367d6",
    FieldKind.NUMBER: "#0b8043",
    FieldKind.EMAIL: "#8e24aa",
    FieldKind.PHONE: "#8e24aa",
    FieldKind.DATE: "#e37400",
    FieldKind.DATETIME: "#e37400",
    FieldKind.CHECKBOX: "#00838f",
    FieldKind.DROPDOWN: "#00838f",
    FieldKind.RADIO: "#00838f",
    FieldKind.HIDDEN: "#616161",
}


@cache
def field_icon(type_name: str) -> QIcon:
    icon = QIcon()
    for size in (16, 20, 24, 32, 48):
        icon.addPixmap(_draw(type_name, size))
    return icon


def _draw(type_name: str, size: int) -> QPixmap:
    declaration = field_type(type_name)
    tint = QColor(_TINTS.get(declaration.name, "#616161"))
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    box = QRectF(0.5, 0.5, size - 1, size - 1)
    fill = QColor(tint)
    fill.setAlpha(36)
    painter.setBrush(fill)
    painter.setPen(QPen(tint, max(1.0, size / 20)))
    painter.drawRoundedRect(box, size * 0.2, size * 0.2)
    font = QFont()
    font.setBold(True)
    glyph = declaration.icon
    font.setPixelSize(max(6, int(size * (0.5 if len(glyph) > 1 else 0.62))))
    painter.setFont(font)
    painter.setPen(tint)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, glyph)
    painter.end()
    return pixmap
