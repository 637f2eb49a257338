"""The Actions tab's list: the shared action list model with each row's run status, a delegate that
paints each row (name, an arrow for actions with a form or an Execute button, progress while it runs, the
outcome) and a view that gives the keyboard its due (Enter runs or opens, typing goes to the filter)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QWidget,
)

from cti_desktop.domain.actions import CtiAction
from cti_desktop.gui.models.action_list import (
    ACTION_ROLE,
    MESSAGE_ROLE,
    STATUS_ROLE,
    ActionListModel,
)
from cti_desktop.gui.theme import Tone, color

# What a row shows about its last run for the selected contact.
IDLE, RUNNING, SUCCEEDED, FAILED = "idle", "running", "succeeded", "failed"

AnyIndex = QModelIndex | QPersistentModelIndex


def plain_index(index: AnyIndex) -> QModelIndex:
    """A QModelIndex for what a delegate was given (signals carry QModelIndex)."""
    if isinstance(index, QModelIndex):
        return index
    model = index.model()
    return model.index(index.row(), index.column(), index.parent()) if model is not None else QModelIndex()


@dataclass(frozen=True, slots=True)
class RowStatus:
    state: str = IDLE
    message: str = ""


StatusLookup = Callable[[int | None], RowStatus]


class RunningActionListModel(ActionListModel):
    """The shared action list, each row also saying how its run goes for the selected contact."""

    def __init__(self, status: StatusLookup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._status = status

    def status_changed(self, action_id: int | None = None) -> None:
        """Repaint one row (or all of them, e.g. when another contact is selected)."""
        if not self._actions:
            return
        if action_id is None:
            self.dataChanged.emit(
                self.index(0), self.index(len(self._actions) - 1), [STATUS_ROLE, MESSAGE_ROLE]
            )
            return
        row = self.row_of(action_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row), self.index(row), [STATUS_ROLE, MESSAGE_ROLE])

    def action_data(self, action: CtiAction, role: int) -> Any:
        if role == STATUS_ROLE:
            return self._status(action.id)
        if role == MESSAGE_ROLE:
            return self._status(action.id).message
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(action)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            status = self._status(action.id)
            parts = [action.name]
            parts.append("opens a form" if action.has_form else "press Enter to execute")
            if action.shortcut:
                parts.append(f"shortcut {action.shortcut}")
            if action.broken:
                parts.append(f"cannot run: {action.broken}")
            if status.state != IDLE:
                parts.append(status.message or status.state)
            return ", ".join(parts)
        return None


def _tooltip(action: CtiAction) -> str:
    lines = [action.name]
    if action.has_form and action.form.instructions:
        lines.append(action.form.instructions)
    if action.shortcut:
        lines.append(f"Shortcut: {action.shortcut}")
    if action.broken:
        lines.append(f"Cannot run: {action.broken}")
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class _Fonts:
    """Fonts and metrics of a row, made once per base font: painting runs for every visible row."""

    name: QFont
    name_metrics: QFontMetrics
    small: QFont
    small_metrics: QFontMetrics
    arrow: QFont
    line_height: int
    form_button_width: int
    execute_button_width: int

    @staticmethod
    def of(base: QFont) -> _Fonts:
        metrics = QFontMetrics(base)
        name = QFont(base)
        name.setWeight(QFont.Weight.DemiBold)
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() * 0.9))
        arrow = QFont(base)
        arrow.setPointSizeF(base.pointSizeF() * 1.6)
        return _Fonts(
            name,
            QFontMetrics(name),
            small,
            QFontMetrics(small),
            arrow,
            metrics.height(),
            metrics.horizontalAdvance("›") + 20,
            metrics.horizontalAdvance("Execute") + 28,
        )


class ActionDelegate(QStyledItemDelegate):
    """One row: the name (and under it the shortcut, progress or outcome), and on the right the Execute
    button or, for an action with a form, an arrow."""

    # (index, whether the click hit the Execute button / arrow)
    clicked = Signal(QModelIndex, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.compact = False
        self._fonts: dict[str, _Fonts] = {}

    def fonts(self, base: QFont | None = None) -> _Fonts:
        font = base if base is not None else QApplication.font()
        key = font.key()
        fonts = self._fonts.get(key)
        if fonts is None:
            fonts = self._fonts[key] = _Fonts.of(font)
        return fonts

    def row_height(self) -> int:
        line = self.fonts().line_height
        return line + 12 if self.compact else 2 * line + 14

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(200, self.row_height())

    def button_rect(self, rect: QRect, has_form: bool, fonts: _Fonts | None = None) -> QRect:
        fonts = fonts or self.fonts()
        height = min(rect.height() - 8, fonts.line_height + 12)
        width = fonts.form_button_width if has_form else fonts.execute_button_width
        return QRect(rect.right() - width - 6, rect.center().y() - height // 2 + 1, width, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        action: CtiAction | None = index.data(ACTION_ROLE)
        if action is None:
            return
        status: RowStatus = index.data(STATUS_ROLE) or RowStatus()
        widget: QWidget | None = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        # The row's background and selection, without asking the model for every role.
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)

        fonts = self.fonts(option.font)  # type: ignore[attr-defined]
        rect: QRect = option.rect  # type: ignore[attr-defined]
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        button = self.button_rect(rect, action.has_form, fonts)
        text_rect = rect.adjusted(10, 4, -(rect.right() - button.left()) - 14, -4)

        painter.save()
        painter.setFont(fonts.name)
        group = QPalette.ColorGroup.Disabled if action.broken else QPalette.ColorGroup.Normal
        painter.setPen(palette.color(group, text_role))
        status_line = self._status_line(action, status.state, status.message)
        left_middle = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        if self.compact or not status_line:
            name = fonts.name_metrics.elidedText(action.name, Qt.TextElideMode.ElideRight, text_rect.width())
            painter.drawText(text_rect, left_middle, name)
        else:
            half = text_rect.height() // 2
            top = QRect(text_rect.left(), text_rect.top(), text_rect.width(), half)
            bottom = QRect(text_rect.left(), top.bottom(), text_rect.width(), text_rect.height() - half)
            name = fonts.name_metrics.elidedText(action.name, Qt.TextElideMode.ElideRight, top.width())
            painter.drawText(top, Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft, name)
            painter.setFont(fonts.small)
            painter.setPen(self._status_color(status.state, action, palette, selected))
            line = fonts.small_metrics.elidedText(status_line, Qt.TextElideMode.ElideRight, bottom.width())
            painter.drawText(bottom, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft, line)
        if status.state == RUNNING:
            self._paint_busy(painter, button, palette)
        elif action.has_form:
            painter.setFont(fonts.arrow)
            painter.setPen(palette.color(text_role))
            painter.drawText(button, Qt.AlignmentFlag.AlignCenter, "›")
        painter.restore()
        if status.state != RUNNING and not action.has_form:
            option_button = QStyleOptionButton()
            option_button.rect = button  # type: ignore[attr-defined]
            option_button.text = "Execute"  # type: ignore[attr-defined]
            option_button.palette = palette  # type: ignore[attr-defined]
            flags = QStyle.StateFlag.State_Raised
            if not action.broken:
                flags |= QStyle.StateFlag.State_Enabled
            option_button.state = flags  # type: ignore[attr-defined]
            style.drawControl(QStyle.ControlElement.CE_PushButton, option_button, painter, widget)

    def _status_line(self, action: CtiAction, state: str, message: str) -> str:
        if action.broken:
            return f"Cannot run: {action.broken}"
        if state == RUNNING:
            return message or "Running…"
        if state == SUCCEEDED:
            return f"✓ {message or 'Done'}"
        if state == FAILED:
            return f"✗ {message or 'Failed'}"
        return action.shortcut

    def _status_color(self, state: str, action: CtiAction, palette: QPalette, selected: bool) -> QColor:
        if selected:
            return palette.color(QPalette.ColorRole.HighlightedText)
        if action.broken or state == FAILED:
            return color(Tone.ERROR, palette)
        if state == SUCCEEDED:
            return color(Tone.SUCCESS, palette)
        return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)

    def _paint_busy(self, painter: QPainter, rect: QRect, palette: QPalette) -> None:
        """An indeterminate progress bar: a block sliding across, moved by the view's animation timer."""
        painter.save()
        bar = QRect(rect.left(), rect.center().y() - 3, rect.width(), 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Mid))
        painter.drawRoundedRect(bar, 3, 3)
        phase = (time.monotonic() * 1.2) % 1.0
        chunk = max(8, bar.width() // 3)
        left = bar.left() + int((bar.width() + chunk) * phase) - chunk
        chunk_rect = QRect(max(bar.left(), left), bar.top(), chunk, bar.height()).intersected(bar)
        painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
        painter.drawRoundedRect(chunk_rect, 3, 3)
        painter.restore()

    def editorEvent(
        self, event: QEvent, model: QAbstractItemModel, option: QStyleOptionViewItem, index: AnyIndex
    ) -> bool:
        if (
            event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
        ):
            action: CtiAction | None = index.data(ACTION_ROLE)
            if action is not None:
                rect: QRect = option.rect  # type: ignore[attr-defined]
                on_button = self.button_rect(rect, action.has_form).contains(event.position().toPoint())
                self.clicked.emit(plain_index(index), on_button)
                return True
        return super().editorEvent(event, model, option, index)


class ActionListView(QListView):
    """Enter activates the current action; printable keys are handed to the filter box."""

    activate_current = Signal()
    typed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Set while the filter box is shown; otherwise typing does the view's own keyboard search.
        self.forward_typing = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self.activate_current.emit()
            return
        text = event.text()
        plain = not event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        if plain and text and text.isprintable() and not text.isspace() and self.forward_typing:
            self.typed.emit(text)
            return
        super().keyPressEvent(event)
