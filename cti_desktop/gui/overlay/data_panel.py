"""The Data tab: key/value pairs flows send with Send Data to Overlay, grouped by contact, newest first,
each with a copy button. A badge counts what arrived while another tab was shown."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPalette,
    QPixmap,
    QShowEvent,
    QStandardItem,
    QStandardItemModel,
    QStaticText,
    QTransform,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from cti_desktop.gui.overlay.action_list import plain_index
from cti_desktop.gui.overlay.connections import PANEL_WIDTH, CoreConnections
from cti_desktop.gui.overlay.labels import contact_label, value_text
from cti_desktop.services.overlay import OverlayEntry

if TYPE_CHECKING:
    from cti_desktop.services.app_services import AppServices

ENTRY_COLUMN, COPY_COLUMN = 0, 1
CONTACT_ROLE = Qt.ItemDataRole.UserRole + 1
COPY_TEXT_ROLE = Qt.ItemDataRole.UserRole + 2
SEQ_ROLE = Qt.ItemDataRole.UserRole + 3
KEY_ROLE = Qt.ItemDataRole.UserRole + 4
# One frame at 60 Hz: new data is painted at once unless it was less than this long ago.
FRAME_S = 1 / 60


_PANEL = QStyle.PrimitiveElement.PE_PanelItemViewItem
_SELECTED = QStyle.StateFlag.State_Selected
_ELIDE = Qt.TextElideMode.ElideRight
# Laid-out texts and painted buttons kept for painting again; past this many the cache starts over.
_MAX_CACHED = 2048


@dataclass(frozen=True, slots=True)
class _Fonts:
    key: str
    base: QFont
    metrics: QFontMetrics
    small: QFont
    small_metrics: QFontMetrics


class CopyButtonDelegate(QStyledItemDelegate):
    """Paints a Copy button in the copy column of entry rows; a click on it asks to copy that row.

    Inserting data on top moves every row down, so each new value repaints the whole view: rows are
    painted from texts laid out once (QStaticText, already elided) and a button rendered once."""

    copy_requested = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._font_cache: dict[str, _Fonts] = {}
        self._texts: dict[tuple[str, str, int], QStaticText] = {}
        self._buttons: dict[tuple[int, int, int, float, int], QPixmap] = {}

    def _button_rect(self, option: QStyleOptionViewItem) -> QRect:
        rect: QRect = option.rect  # type: ignore[attr-defined]
        height = min(rect.height() - 4, self._fonts(QApplication.font()).metrics.height() + 10)
        return QRect(rect.left() + 2, rect.center().y() - height // 2 + 1, rect.width() - 6, height)

    def _fonts(self, base: QFont) -> _Fonts:
        key = base.key()
        cached = self._font_cache.get(key)
        if cached is None:
            small = QFont(base)
            small.setPointSizeF(max(7.0, base.pointSizeF() * 0.85))
            cached = self._font_cache[key] = _Fonts(key, base, QFontMetrics(base), small, QFontMetrics(small))
        return cached

    def _text(self, text: str, width: int, font: QFont, metrics: QFontMetrics, font_key: str) -> QStaticText:
        """The text elided to `width`, laid out for `font`, from the cache when it was drawn before."""
        key = (font_key, text, width)
        static = self._texts.get(key)
        if static is None:
            if len(self._texts) >= _MAX_CACHED:
                self._texts.clear()
            static = QStaticText(metrics.elidedText(text, _ELIDE, width))
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.setPerformanceHint(QStaticText.PerformanceHint.AggressiveCaching)
            static.prepare(QTransform(), font)
            self._texts[key] = static
        return static

    def _paint_entry(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
        key: str,
    ) -> None:
        """The key small and dim on top, the value under it: narrow drawers keep the whole width for it."""
        widget = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        style.drawPrimitive(_PANEL, option, painter, widget)
        fonts = self._fonts(option.font)  # type: ignore[attr-defined]
        rect: QRect = option.rect  # type: ignore[attr-defined]
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        selected = bool(option.state & _SELECTED)  # type: ignore[attr-defined]
        left, top, width = rect.left() + 4, rect.top() + 3, rect.width() - 8
        half = (rect.height() - 6) // 2
        value = str(index.data(Qt.ItemDataRole.DisplayRole) or "").replace("\n", " ")
        painter.save()
        painter.setFont(fonts.small)
        painter.setPen(
            palette.color(
                QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
            )
        )
        # The key sits on the middle line, the value hangs from it.
        painter.drawStaticText(
            left,
            top + half - fonts.small_metrics.height(),
            self._text(key, width, fonts.small, fonts.small_metrics, fonts.key),
        )
        painter.setFont(fonts.base)
        painter.setPen(
            palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        )
        painter.drawStaticText(
            left, top + half - 1, self._text(value, width, fonts.base, fonts.metrics, fonts.key)
        )
        painter.restore()

    def _button(
        self, size: QSize, option: QStyleOptionViewItem, style: QStyle, widget: QWidget | None
    ) -> QPixmap:
        """The Copy button as painted by the style, rendered once per size and palette."""
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        ratio = widget.devicePixelRatioF() if widget is not None else 1.0
        key = (size.width(), size.height(), palette.cacheKey(), ratio, id(style))
        pixmap = self._buttons.get(key)
        if pixmap is None:
            if len(self._buttons) >= _MAX_CACHED:
                self._buttons.clear()
            pixmap = QPixmap(size * ratio)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            button = QStyleOptionButton()
            button.rect = QRect(QPoint(0, 0), size)  # type: ignore[attr-defined]
            button.text = "Copy"  # type: ignore[attr-defined]
            button.palette = palette  # type: ignore[attr-defined]
            button.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised  # type: ignore[attr-defined]
            button.fontMetrics = QFontMetrics(QApplication.font())  # type: ignore[attr-defined]
            painter = QPainter(pixmap)
            style.drawControl(QStyle.ControlElement.CE_PushButton, button, painter, widget)
            painter.end()
            self._buttons[key] = pixmap
        return pixmap

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        column = index.column()
        if column == ENTRY_COLUMN:
            key = index.data(KEY_ROLE)
            if key is not None:
                self._paint_entry(painter, option, index, str(key))
                return
        if column != COPY_COLUMN or index.data(COPY_TEXT_ROLE) is None:
            super().paint(painter, option, index)
            return
        widget = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        style.drawPrimitive(_PANEL, option, painter, widget)
        rect = self._button_rect(option)
        painter.drawPixmap(rect.topLeft(), self._button(rect.size(), option, style, widget))

    # Row sizes go on the items (Qt.SizeHintRole) rather than in a sizeHint override: the tree lays every
    # row out again after each insert, and asks the C++ delegate for them much faster than Python.

    def entry_size(self, column: int) -> QSize:
        line = self._fonts(QApplication.font()).metrics.height()
        return QSize(60 if column == COPY_COLUMN else 100, 2 * line + 10)

    def group_size(self, text: str) -> QSize:
        bold = QFont(QApplication.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        return QSize(metrics.horizontalAdvance(text) + 8, max(metrics.height(), metrics.lineSpacing()) + 8)

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if (
            index.column() == COPY_COLUMN
            and index.data(COPY_TEXT_ROLE) is not None
            and event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
            and self._button_rect(option).contains(event.position().toPoint())
        ):
            self.copy_requested.emit(plain_index(index))
            return True
        return super().editorEvent(event, model, option, index)


class DataTree(QTreeView):
    """Enter, Space or Ctrl+C copies the selected value: the copy buttons, by keyboard."""

    copy_current = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy) or event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
            Qt.Key.Key_Space,
        ):
            self.copy_current.emit()
            return
        super().keyPressEvent(event)


class DataPanel(QWidget):
    title = "Data"
    badge_changed = Signal(int)
    copied = Signal(str)

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dataPanel")
        self.setAccessibleName("Overlay data")
        self._services = services
        self._overlay = services.overlay
        self._groups: dict[str, QStandardItem] = {}
        self.badge_count = 0
        self._painted_at = 0.0

        self.model = QStandardItemModel(0, 2, self)
        self.model.setHorizontalHeaderLabels(["Data", ""])
        self.view = DataTree(self)
        self.view.setObjectName("dataView")
        self.view.setAccessibleName("Data sent by flows")
        self.view.setAccessibleDescription("Enter or Ctrl+C copies the selected value")
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.setHeaderHidden(True)
        self.view.setIndentation(14)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setRootIsDecorated(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(ENTRY_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COPY_COLUMN, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(COPY_COLUMN, 64)
        self.delegate = CopyButtonDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.delegate.copy_requested.connect(self._copy_index)
        self.view.copy_current.connect(self._copy_selected)
        self.setFocusProxy(self.view)  # F6 and Ctrl+Tab land on the values, ready to copy

        self.empty_label = QLabel("No data yet. What flows send to the overlay appears here, newest first.")
        self.empty_label.setObjectName("dataEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setEnabled(False)

        self.clear_button = QPushButton("Clear")
        self.clear_button.setObjectName("clearData")
        self.clear_button.setAccessibleName("Clear all overlay data")
        self.clear_button.setToolTip("Remove the data of every contact from this tab")
        self.clear_button.clicked.connect(self.clear_all)
        self.status_label = QLabel("")
        self.status_label.setObjectName("dataStatus")
        self.status_label.setAccessibleName("Copy status")
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(2500)
        self._status_timer.timeout.connect(self.status_label.clear)

        footer = QHBoxLayout()
        footer.addWidget(self.status_label, 1)
        footer.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addLayout(footer)

        self._connections = CoreConnections()
        self._connections.connect(self._overlay.data.entries_added, self._on_entries_added)
        self._connections.connect(self._overlay.data.cleared, self._on_cleared)
        self._connections.connect(self._overlay.current_contact_changed, self._on_current_contact)
        for contact_id in reversed(self._overlay.data.contact_ids()):
            entries = self._overlay.data.entries(contact_id)
            # entries are newest first; add oldest first so the newest ends on top
            for entry in reversed(entries):
                self._insert(contact_id, [entry])
        self._refresh_empty()

    def sizeHint(self) -> QSize:
        # Wide enough for a form's fields and a value with its Copy button; the dock starts at this size.
        return QSize(PANEL_WIDTH, 560)

    def teardown(self) -> None:
        self._connections.disconnect_all()
        self._status_timer.stop()

    def set_compact(self, compact: bool) -> None:
        margin = 2 if compact else 6
        layout = self.layout()
        if layout is not None:
            layout.setContentsMargins(margin, margin, margin, margin)

    # -- the model -----------------------------------------------------------------------------------

    def _group(self, contact_id: str) -> QStandardItem:
        group = self._groups.get(contact_id)
        root = self.model.invisibleRootItem()
        if group is None:
            group = QStandardItem(contact_label(self._overlay.contact(contact_id), contact_id))
            group.setSizeHint(self.delegate.group_size(group.text()))
            group.setData(contact_id, CONTACT_ROLE)
            group.setEditable(False)
            group.setSelectable(False)
            group.setAccessibleText(group.text())
            if contact_id == self._overlay.current_contact_id:
                group.setFont(_bold())
            root.insertRow(0, [group, QStandardItem()])
            self.view.setFirstColumnSpanned(0, QModelIndex(), True)
            self._groups[contact_id] = group
        elif group.row() != 0:
            # The contact with the newest data moves to the top.
            row = root.takeRow(group.row())
            root.insertRow(0, row)
            self.view.setFirstColumnSpanned(0, QModelIndex(), True)
        index = group.index()
        # expand() relays the whole tree out even when the group is already open: ask first.
        if not self.view.isExpanded(index):
            self.view.expand(index)
        return group

    def _insert(self, contact_id: str, entries: list[OverlayEntry]) -> None:
        group = self._group(contact_id)
        entry_size = self.delegate.entry_size(ENTRY_COLUMN)
        copy_size = self.delegate.entry_size(COPY_COLUMN)
        for position, entry in enumerate(entries):
            text = value_text(entry.value)
            entry_item = QStandardItem(text)
            entry_item.setData(entry.key, KEY_ROLE)
            entry_item.setData(entry.seq, SEQ_ROLE)
            entry_item.setToolTip(f"{entry.key}: {text}")
            entry_item.setAccessibleText(f"{entry.key}: {text}")
            copy_item = QStandardItem()
            copy_item.setData(text, COPY_TEXT_ROLE)
            copy_item.setAccessibleText(f"Copy {entry.key}")
            copy_item.setToolTip(f"Copy the value of {entry.key}")
            entry_item.setSizeHint(entry_size)
            copy_item.setSizeHint(copy_size)
            for item in (entry_item, copy_item):
                item.setEditable(False)
            group.insertRow(position, [entry_item, copy_item])

    def _refresh_sizes(self) -> None:
        """The rows' sizes again, for a new font."""
        entry_size = self.delegate.entry_size(ENTRY_COLUMN)
        copy_size = self.delegate.entry_size(COPY_COLUMN)
        for group in self._groups.values():
            group.setSizeHint(self.delegate.group_size(group.text()))
            for row in range(group.rowCount()):
                group.child(row, ENTRY_COLUMN).setSizeHint(entry_size)
                group.child(row, COPY_COLUMN).setSizeHint(copy_size)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._refresh_sizes()

    def entry_rows(self, contact_id: str) -> list[tuple[str, str]]:
        """(key, value text) of a contact's rows as shown, top to bottom (for tests and the benchmark)."""
        group = self._groups.get(contact_id)
        if group is None:
            return []
        return [
            (str(group.child(r, ENTRY_COLUMN).data(KEY_ROLE)), group.child(r, ENTRY_COLUMN).text())
            for r in range(group.rowCount())
        ]

    def group_order(self) -> list[str]:
        root = self.model.invisibleRootItem()
        return [str(root.child(r, 0).data(CONTACT_ROLE)) for r in range(root.rowCount())]

    # -- core signals ---------------------------------------------------------------------------------

    def _on_entries_added(self, contact_id: str, entries: list[OverlayEntry]) -> None:
        self._insert(contact_id, entries)
        self._refresh_empty()
        if not self.isVisible():
            self.badge_count += len(entries)
            self.badge_changed.emit(self.badge_count)
        else:
            self._paint_now()

    def _paint_now(self) -> None:
        """Show new data in this turn of the loop: update() waits for the window's next update request,
        which the platform may hold back several milliseconds, while the agent is waiting for the value.
        At most once a frame, so a burst of data from many flows is painted at the usual pace."""
        now = time.perf_counter()
        if now - self._painted_at < FRAME_S:
            return
        self._painted_at = now
        self.view.executeDelayedItemsLayout()
        self.view.viewport().repaint()

    def _on_cleared(self, contact_id: str | None) -> None:
        root = self.model.invisibleRootItem()
        if contact_id is None:
            self.model.removeRows(0, self.model.rowCount())
            self._groups.clear()
        else:
            group = self._groups.pop(contact_id, None)
            if group is not None:
                root.removeRow(group.row())
        self._refresh_empty()
        if not self._groups and self.badge_count:
            self.clear_badge()

    def _on_current_contact(self, contact_id: str) -> None:
        for cid, group in self._groups.items():
            group.setFont(_bold() if cid == contact_id else QFont())

    # -- the agent's commands ------------------------------------------------------------------------

    @Slot()
    def clear_all(self) -> None:
        self._overlay.data.clear()
        self.clear_badge()

    def clear_badge(self) -> None:
        if self.badge_count:
            self.badge_count = 0
            self.badge_changed.emit(0)

    @Slot(QModelIndex)
    def _copy_index(self, index: QModelIndex) -> None:
        copy_index = index.siblingAtColumn(COPY_COLUMN)
        text = copy_index.data(COPY_TEXT_ROLE)
        if text is None:
            return
        key = str(index.siblingAtColumn(ENTRY_COLUMN).data(KEY_ROLE) or "")
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(str(text))
        self.status_label.setText(f"Copied {key}")
        self._status_timer.start()
        self.copied.emit(str(text))

    @Slot()
    def _copy_selected(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self._copy_index(index)

    def _refresh_empty(self) -> None:
        empty = not self._groups
        self.empty_label.setVisible(empty)
        self.view.setVisible(not empty)
        self.clear_button.setEnabled(not empty)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.clear_badge()


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font
