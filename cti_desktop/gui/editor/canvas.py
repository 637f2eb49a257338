"""The designer's canvas: the form's fields drawn as the agent will see them, one card per field. Fields
are reordered by dragging and added by dropping a type from the palette; the view reports those as
requests, and the designer turns them into undoable commands."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QStyleOptionFrame,
    QStyleOptionViewItem,
    QWidget,
)

from cti_desktop.domain.form_types import field_type
from cti_desktop.domain.forms import FormField, is_reference
from cti_desktop.gui.models.field_palette import FIELD_TYPE_MIME
from cti_desktop.gui.models.form_fields import FIELD_ROLE, FIELD_ROW_MIME, PROBLEMS_ROLE
from cti_desktop.gui.theme import Tone, color

Index = QModelIndex | QPersistentModelIndex
MARGIN_X, MARGIN_Y, PAD = 10, 5, 10
MAX_RADIO_OPTIONS = 4


@dataclass
class _Layout:
    card: QRect
    label: QRect
    input: QRect
    help: QRect
    notes: QRect
    problems: QRect


def _small(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(font.pointSizeF() * 0.9)
    return small


def _bold(font: QFont) -> QFont:
    bold = QFont(font)
    bold.setWeight(QFont.Weight.DemiBold)
    return bold


def _notes(field: FormField) -> str:
    parts = []
    if field.visible_when is not None:
        parts.append(f"Shown when {field.visible_when.field} = {field.visible_when.equals}")
    if field.sensitive:
        parts.append("Sensitive: masked in run records")
    return " · ".join(parts)


def _input_height(field: FormField, line: int) -> int:
    editor = field_type(field.type).editor
    if editor == "multiline":
        return line * 4 + 10
    if editor == "radio":
        shown = min(len(field.options), MAX_RADIO_OPTIONS) + (
            1 if len(field.options) > MAX_RADIO_OPTIONS else 0
        )
        return max(1, shown) * (line + 6)
    return line + 12


def layout_card(field: FormField, problems: list[str], rect: QRect, font: QFont) -> _Layout:
    """Where each part of a field's card goes; paint and sizeHint share it."""
    metrics, small = QFontMetrics(font), QFontMetrics(_small(font))
    card = rect.adjusted(MARGIN_X, MARGIN_Y, -MARGIN_X, -MARGIN_Y)
    inner = card.adjusted(PAD, PAD, -PAD, -PAD)
    y = inner.top()
    label = QRect(inner.left(), y, inner.width(), metrics.height())
    y = label.bottom() + 5
    input_rect = QRect(inner.left(), y, inner.width(), _input_height(field, metrics.height()))
    y = input_rect.bottom() + 1
    help_rect = QRect(inner.left(), y, inner.width(), 0)
    if field.help and field_type(field.type).shown:
        help_rect = small.boundingRect(
            QRect(inner.left(), y + 4, inner.width(), 10_000), Qt.TextFlag.TextWordWrap, field.help
        )
        help_rect.setWidth(inner.width())
        y = help_rect.bottom() + 1
    notes_rect = QRect(inner.left(), y, inner.width(), 0)
    if _notes(field):
        notes_rect = QRect(inner.left(), y + 4, inner.width(), small.height())
        y = notes_rect.bottom() + 1
    problems_rect = QRect(inner.left(), y, inner.width(), 0)
    if problems:
        text = "\n".join(f"⚠ {p}" for p in problems)
        problems_rect = small.boundingRect(
            QRect(inner.left(), y + 4, inner.width(), 10_000), Qt.TextFlag.TextWordWrap, text
        )
        problems_rect.setWidth(inner.width())
        y = problems_rect.bottom() + 1
    card.setBottom(y + PAD)
    return _Layout(card, label, input_rect, help_rect, notes_rect, problems_rect)


class FieldCardDelegate(QStyledItemDelegate):
    """Paints a field as a card: label (with * when required), the input as the agent sees it, help text,
    notes (visible-when, sensitive, reference default) and problems."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        field: FormField | None = index.data(FIELD_ROLE)
        if field is None:
            return super().sizeHint(option, index)
        width = max(option.rect.width(), 280)  # type: ignore[attr-defined]
        layout = layout_card(field, index.data(PROBLEMS_ROLE) or [], QRect(0, 0, width, 0), option.font)  # type: ignore[attr-defined]
        return QSize(width, layout.card.bottom() + MARGIN_Y + 1)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        field: FormField | None = index.data(FIELD_ROLE)
        if field is None:
            return
        problems: list[str] = index.data(PROBLEMS_ROLE) or []
        rect: QRect = option.rect  # type: ignore[attr-defined]
        font: QFont = option.font  # type: ignore[attr-defined]
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        state = option.state  # type: ignore[attr-defined]
        widget: QWidget | None = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        layout = layout_card(field, problems, rect, font)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = bool(state & QStyle.StateFlag.State_Selected)
        hovered = bool(state & QStyle.StateFlag.State_MouseOver)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        background = palette.color(QPalette.ColorRole.Base)
        border = palette.color(QPalette.ColorRole.Mid)
        if selected:
            tint = QColor(highlight)
            tint.setAlpha(28)
            background = tint
            border = highlight
        elif problems:
            border = color(Tone.ERROR)
        elif hovered:
            border = palette.color(QPalette.ColorRole.Dark)
        painter.setBrush(background)
        painter.setPen(QPen(border, 2 if selected else 1))
        painter.drawRoundedRect(layout.card.adjusted(0, 0, -1, -1), 6, 6)
        painter.restore()

        painter.save()
        text_color = palette.color(QPalette.ColorRole.Text)
        dim = palette.color(QPalette.ColorRole.PlaceholderText)
        declaration = field_type(field.type)
        # Label line: the label, a red * when required, and the type and payload key on the right.
        painter.setFont(_small(font))
        painter.setPen(dim)
        tag = f"{declaration.label}  ·  {field.payload_path}"
        painter.drawText(layout.label, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), tag)
        tag_width = QFontMetrics(_small(font)).horizontalAdvance(tag) + 12
        painter.setFont(_bold(font))
        painter.setPen(text_color)
        label_rect = layout.label.adjusted(0, 0, -tag_width, 0)
        label = field.display_label if declaration.shown else f"{field.display_label} (hidden)"
        if declaration.editor == "checkbox":
            label = ""
        elided = QFontMetrics(_bold(font)).elidedText(label, Qt.TextElideMode.ElideRight, label_rect.width())
        painter.drawText(label_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), elided)
        if field.required and label:
            star_x = label_rect.left() + QFontMetrics(_bold(font)).horizontalAdvance(elided) + 3
            painter.setPen(color(Tone.ERROR))
            painter.drawText(QPoint(star_x, label_rect.top() + QFontMetrics(font).ascent()), "*")
        painter.setFont(font)
        self._paint_input(painter, style, widget, palette, font, field, layout.input)
        painter.setFont(_small(font))
        if layout.help.height() > 0:
            painter.setPen(dim)
            painter.drawText(layout.help, int(Qt.TextFlag.TextWordWrap), field.help)
        if layout.notes.height() > 0:
            painter.setPen(dim)
            notes = QFontMetrics(_small(font)).elidedText(
                _notes(field), Qt.TextElideMode.ElideRight, layout.notes.width()
            )
            painter.drawText(layout.notes, int(Qt.AlignmentFlag.AlignLeft), notes)
        if layout.problems.height() > 0:
            painter.setPen(color(Tone.ERROR))
            painter.drawText(
                layout.problems, int(Qt.TextFlag.TextWordWrap), "\n".join(f"⚠ {p}" for p in problems)
            )
        painter.restore()

    def _paint_input(
        self,
        painter: QPainter,
        style: QStyle,
        widget: QWidget | None,
        palette: QPalette,
        font: QFont,
        field: FormField,
        rect: QRect,
    ) -> None:
        editor = field_type(field.type).editor
        dim = palette.color(QPalette.ColorRole.PlaceholderText)
        text = palette.color(QPalette.ColorRole.Text)
        default = "" if is_reference(field.default) else str(field.default or "")
        if editor == "checkbox":
            box = QStyleOptionButton()
            box.rect = QRect(rect.left(), rect.top(), rect.width(), rect.height())  # type: ignore[attr-defined]
            box.text = field.display_label + (" *" if field.required else "")  # type: ignore[attr-defined]
            box.palette = palette  # type: ignore[attr-defined]
            checked = default.strip().lower() in ("true", "1", "yes") or field.default is True
            box.state = QStyle.StateFlag.State_Enabled | (  # type: ignore[attr-defined]
                QStyle.StateFlag.State_On if checked else QStyle.StateFlag.State_Off
            )
            style.drawControl(QStyle.ControlElement.CE_CheckBox, box, painter, widget)
            return
        if editor == "radio":
            line = QFontMetrics(font).height() + 6
            for i, option in enumerate(field.options[:MAX_RADIO_OPTIONS]):
                radio = QStyleOptionButton()
                radio.rect = QRect(rect.left(), rect.top() + i * line, rect.width(), line)  # type: ignore[attr-defined]
                radio.text = option.label or option.value  # type: ignore[attr-defined]
                radio.palette = palette  # type: ignore[attr-defined]
                on = option.value == default
                radio.state = QStyle.StateFlag.State_Enabled | (  # type: ignore[attr-defined]
                    QStyle.StateFlag.State_On if on else QStyle.StateFlag.State_Off
                )
                style.drawControl(QStyle.ControlElement.CE_RadioButton, radio, painter, widget)
            extra = len(field.options) - MAX_RADIO_OPTIONS
            if extra > 0:
                painter.setPen(dim)
                more = QRect(rect.left() + 4, rect.top() + MAX_RADIO_OPTIONS * line, rect.width(), line)
                painter.drawText(more, int(Qt.AlignmentFlag.AlignVCenter), f"+ {extra} more")
            if not field.options:
                painter.setPen(color(Tone.ERROR))
                painter.drawText(rect, int(Qt.AlignmentFlag.AlignVCenter), "No options yet")
            return
        if editor == "combo":
            combo = QStyleOptionComboBox()
            combo.rect = rect  # type: ignore[attr-defined]
            combo.palette = palette  # type: ignore[attr-defined]
            combo.state = QStyle.StateFlag.State_Enabled  # type: ignore[attr-defined]
            chosen = next((o.label for o in field.options if o.value == default), "")
            combo.currentText = chosen or field.placeholder or "Choose…"  # type: ignore[attr-defined]
            style.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, combo, painter, widget)
            style.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, combo, painter, widget)
            return
        if editor == "hidden":
            painter.setPen(QPen(dim, 1, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(0, 0, -1, -1), 4, 4)
            shown = field.default if field.default not in ("", None) else "(empty)"
            painter.setPen(dim)
            painter.drawText(
                rect.adjusted(8, 0, -8, 0),
                int(Qt.AlignmentFlag.AlignVCenter),
                f"Not shown to the agent; sends {shown}",
            )
            return
        frame = QStyleOptionFrame()
        frame.rect = rect  # type: ignore[attr-defined]
        frame.palette = palette  # type: ignore[attr-defined]
        frame.lineWidth = style.pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, frame, widget)  # type: ignore[attr-defined]
        frame.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Sunken  # type: ignore[attr-defined]
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelLineEdit, frame, painter, widget)
        content = rect.adjusted(8, 4, -8, -4)
        if editor in ("date", "datetime"):
            painter.setPen(dim)
            painter.drawText(content, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), "▦")
        placeholder = field.placeholder or {"date": "YYYY-MM-DD", "datetime": "YYYY-MM-DD HH:MM"}.get(
            editor, ""
        )
        if is_reference(field.default):
            placeholder = f"Filled from {field.default}"
        value = default or placeholder
        painter.setPen(text if default else dim)
        flags = Qt.AlignmentFlag.AlignLeft | (
            Qt.AlignmentFlag.AlignTop if editor == "multiline" else Qt.AlignmentFlag.AlignVCenter
        )
        elided = QFontMetrics(font).elidedText(value, Qt.TextElideMode.ElideRight, content.width() - 16)
        painter.drawText(content, int(flags), elided)


class FieldCanvas(QListView):
    """The list of field cards. Emits requests; it never changes the model itself."""

    add_requested = Signal(str, int)  # field type, row to insert at
    move_requested = Signal(int, int)  # from row, to row
    delete_requested = Signal()
    EMPTY_TEXT = "Drag a field type here, or double-click one in the palette."

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formCanvas")
        self.setAccessibleName("Form fields")
        self.setAccessibleDescription(
            "The form as the agent will see it. Delete removes the selected field; Alt+Up and Alt+Down "
            "move it."
        )
        self.setItemDelegate(FieldCardDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(False)
        self.setMouseTracking(True)
        self.setSpacing(0)
        self.setMinimumWidth(320)

    # -- drag and drop -----------------------------------------------------------------------------------

    def startDrag(self, supported: Qt.DropAction) -> None:
        indexes = self.selectedIndexes()
        if not indexes or self.model() is None:
            return
        drag = QDrag(self)
        drag.setMimeData(self.model().mimeData(indexes))
        drag.exec(Qt.DropAction.MoveAction)  # the drop handler did the move; nothing to remove here

    def _accepts(self, event: QDropEvent | QDragMoveEvent | QDragEnterEvent) -> bool:
        mime = event.mimeData()
        return mime.hasFormat(FIELD_TYPE_MIME) or (mime.hasFormat(FIELD_ROW_MIME) and event.source() is self)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._accepts(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if not self._accepts(event):
            event.ignore()
            return
        event.setDropAction(
            Qt.DropAction.CopyAction
            if event.mimeData().hasFormat(FIELD_TYPE_MIME)
            else Qt.DropAction.MoveAction
        )
        event.accept()
        self._drop_row = self.drop_row(event.position().toPoint())
        self.viewport().update()

    def dragLeaveEvent(self, event: object) -> None:
        self._drop_row = -1
        self.viewport().update()

    def drop_row(self, pos: QPoint) -> int:
        """The row a drop at `pos` (viewport coordinates) inserts before."""
        index = self.indexAt(pos)
        if not index.isValid():
            return self.model().rowCount() if self.model() is not None else 0
        rect = self.visualRect(index)
        return index.row() + (1 if pos.y() > rect.center().y() else 0)

    def dropEvent(self, event: QDropEvent) -> None:
        self._drop_row = -1
        self.viewport().update()
        if not self._accepts(event):
            event.ignore()
            return
        row = self.drop_row(event.position().toPoint())
        mime = event.mimeData()
        if mime.hasFormat(FIELD_TYPE_MIME):
            self.add_requested.emit(bytes(mime.data(FIELD_TYPE_MIME).data()).decode(), row)
            event.setDropAction(Qt.DropAction.CopyAction)
        else:
            source = int(bytes(mime.data(FIELD_ROW_MIME).data()).decode())
            target = row - 1 if row > source else row
            if target != source:
                self.move_requested.emit(source, target)
            event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()

    # -- keys and painting --------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentIndex().isValid():
            self.delete_requested.emit()
            event.accept()
            return
        if event.modifiers() == Qt.KeyboardModifier.AltModifier and event.key() in (
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
        ):
            row = self.currentIndex().row()
            target = row + (-1 if event.key() == Qt.Key.Key_Up else 1)
            if row >= 0 and 0 <= target < self.model().rowCount():
                self.move_requested.emit(row, target)
            event.accept()
            return
        super().keyPressEvent(event)

    _drop_row = -1

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        if self.model() is None or self.model().rowCount() == 0:
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            box = self.viewport().rect().adjusted(24, 24, -24, -24)
            pen = QPen(self.palette().color(QPalette.ColorRole.Mid), 1, Qt.PenStyle.DashLine)
            painter.save()
            painter.setPen(pen)
            painter.drawRoundedRect(box, 8, 8)
            painter.restore()
            painter.drawText(
                box, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self.EMPTY_TEXT
            )
        elif self._drop_row >= 0:
            rows = self.model().rowCount()
            if self._drop_row < rows:
                y = self.visualRect(self.model().index(self._drop_row, 0)).top() + MARGIN_Y // 2
            else:
                y = self.visualRect(self.model().index(rows - 1, 0)).bottom() - MARGIN_Y // 2
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 3))
            painter.drawLine(MARGIN_X, y, self.viewport().width() - MARGIN_X, y)
        painter.end()
