"""The editor's left side: every CTI action in overlay order, a filter, and New / Duplicate / Delete."""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
    SignalInstance,
    Slot,
)
from PySide6.QtGui import QAction, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cti_desktop.domain.actions import CtiAction
from cti_desktop.gui.models.action_list import ACTION_ID_ROLE, ACTION_ROLE, SUMMARY_ROLE, ActionListModel
from cti_desktop.gui.theme import Tone, color

Index = QModelIndex | QPersistentModelIndex


class ActionItemDelegate(QStyledItemDelegate):
    """Two lines per action: the name, and the flow, form and shortcut (or why it is broken)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        metrics = QFontMetrics(option.font)  # type: ignore[attr-defined]
        return QSize(200, metrics.height() * 2 + 16)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        action: CtiAction | None = index.data(ACTION_ROLE)
        widget: QWidget | None = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        # The selection and hover background as the platform draws it, without text.
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text = ""  # type: ignore[attr-defined]
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, background, painter, widget)
        if action is None:
            return
        rect: QRect = option.rect.adjusted(10, 6, -8, -6)  # type: ignore[attr-defined]
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        main = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        dim = main if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        font = QFont(option.font)  # type: ignore[attr-defined]
        bold = QFont(font)
        bold.setWeight(QFont.Weight.DemiBold)
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.9)
        half = rect.height() // 2
        painter.save()
        painter.setFont(bold)
        painter.setPen(main if action.active else dim)
        top = QRect(rect.left(), rect.top(), rect.width(), half)
        name = QFontMetrics(bold).elidedText(action.name, Qt.TextElideMode.ElideRight, top.width())
        painter.drawText(top, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), name)
        painter.setFont(small)
        painter.setPen(color(Tone.ERROR) if action.broken and not selected else dim)
        bottom = QRect(rect.left(), rect.top() + half, rect.width(), rect.height() - half)
        text = QFontMetrics(small).elidedText(
            index.data(SUMMARY_ROLE) or "", Qt.TextElideMode.ElideRight, bottom.width()
        )
        painter.drawText(bottom, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
        painter.restore()


class ActionListPanel(QWidget):
    """Emits `current_changed(action_id)` when the user picks an action (-1 for none)."""

    current_changed = Signal(int)
    new_requested = Signal()
    duplicate_requested = Signal()
    delete_requested = Signal()
    import_requested = Signal()
    export_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actionListPanel")
        self.model = ActionListModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterRole(Qt.ItemDataRole.ToolTipRole)  # name and summary: find by flow too

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("actionFilter")
        self.filter_edit.setPlaceholderText("Filter actions")
        self.filter_edit.setAccessibleName("Filter actions by name or flow")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)

        self.view = QListView(self)
        self.view.setObjectName("actionList")
        self.view.setAccessibleName("CTI actions")
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(ActionItemDelegate(self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setUniformItemSizes(True)
        self.view.selectionModel().currentChanged.connect(self._current_changed)

        self.new_button = self._button("New", "newAction", "Create a new action (Ctrl+N)", self.new_requested)
        self.duplicate_button = self._button(
            "Duplicate", "duplicateAction", "Make a copy of the selected action", self.duplicate_requested
        )
        self.delete_button = self._button(
            "Delete", "deleteAction", "Delete the selected action", self.delete_requested
        )
        self.more_button = QToolButton(self)
        self.more_button.setObjectName("moreActions")
        self.more_button.setText("⋯")
        self.more_button.setToolTip("Import or export actions as JSON")
        self.more_button.setAccessibleName("Import and export")
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.more_button)
        self.import_action = QAction("Import actions…", menu)
        self.import_action.triggered.connect(self.import_requested)
        self.export_action = QAction("Export actions…", menu)
        self.export_action.triggered.connect(self.export_requested)
        menu.addAction(self.import_action)
        menu.addAction(self.export_action)
        self.more_button.setMenu(menu)

        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        for button in (self.new_button, self.duplicate_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.more_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self._silent = False

    def _button(self, text: str, name: str, tip: str, signal: SignalInstance) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.clicked.connect(signal)
        return button

    def set_actions(
        self, actions: list[CtiAction], current_id: int | None, drafts: frozenset[int] = frozenset()
    ) -> None:
        self._silent = True
        try:
            self.model.set_actions(actions, drafts)
            self.select(current_id)
        finally:
            self._silent = False

    def select(self, action_id: int | None) -> None:
        """Show `action_id` as the current one without announcing it."""
        self._silent = True
        try:
            row = self.model.row_of(action_id)
            if row < 0:
                self.view.selectionModel().clear()
                return
            index = self.proxy.mapFromSource(self.model.index(row))
            if not index.isValid():
                self.view.selectionModel().clear()
                return
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        finally:
            self._silent = False

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        return index.data(ACTION_ID_ROLE) if index.isValid() else None

    @Slot(QModelIndex, QModelIndex)
    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._silent:
            return
        action_id = current.data(ACTION_ID_ROLE) if current.isValid() else None
        self.current_changed.emit(action_id if action_id is not None else -1)

    def set_can_act_on_selection(self, can: bool) -> None:
        self.duplicate_button.setEnabled(can)
        self.delete_button.setEnabled(can)
