"""The Attributes tab: the selected contact's attributes, filterable, updated live when a flow (or the
telephony) changes them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cti_desktop.gui.overlay.connections import PANEL_WIDTH, CoreConnections
from cti_desktop.gui.overlay.labels import contact_label, value_text

if TYPE_CHECKING:
    from cti_desktop.services.app_services import AppServices


class AttributesPanel(QWidget):
    title = "Attributes"

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attributesPanel")
        self.setAccessibleName("Contact attributes")
        self._overlay = services.overlay
        self._telephony = services.telephony

        self.contact_label = QLabel()
        self.contact_label.setObjectName("attributesContact")
        self.contact_label.setAccessibleName("Selected contact")
        self.contact_label.setWordWrap(True)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("attributesFilter")
        self.filter_edit.setPlaceholderText("Filter attributes")
        self.filter_edit.setAccessibleName("Filter attributes")
        self.filter_edit.setClearButtonEnabled(True)

        self.model = QStandardItemModel(0, 2, self)
        self.model.setHorizontalHeaderLabels(["Name", "Value"])
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # Match a name or a value.
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)

        self.view = QTableView(self)
        self.view.setObjectName("attributesView")
        self.view.setAccessibleName("Attributes of the selected contact")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setWordWrap(False)

        self.empty_label = QLabel()
        self.empty_label.setObjectName("attributesEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.contact_label)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label, 1)
        self.setFocusProxy(self.filter_edit)

        self._connections = CoreConnections()
        self._connections.connect(self._overlay.current_contact_changed, self._on_current_contact)
        self._connections.connect(self._telephony.contact_updated, self._on_contact_updated)
        self._show(self._overlay.current_contact())

    def sizeHint(self) -> QSize:
        # Wide enough for a form's fields and a value with its Copy button; the dock starts at this size.
        return QSize(PANEL_WIDTH, 560)

    def teardown(self) -> None:
        self._connections.disconnect_all()

    def set_compact(self, compact: bool) -> None:
        margin = 2 if compact else 6
        layout = self.layout()
        if layout is not None:
            layout.setContentsMargins(margin, margin, margin, margin)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + (4 if compact else 10))

    def attributes_shown(self) -> dict[str, str]:
        """Name -> value text of the rows that pass the filter (for tests)."""
        return {
            str(self.proxy.index(r, 0).data()): str(self.proxy.index(r, 1).data())
            for r in range(self.proxy.rowCount())
        }

    def _on_current_contact(self, contact_id: str) -> None:
        self._show(self._overlay.contact(contact_id))

    def _on_contact_updated(self, contact: Any) -> None:
        if contact.contactId == self._overlay.current_contact_id:
            self._show(contact)

    def _show(self, contact: Any) -> None:
        self.contact_label.setText(contact_label(contact))
        attributes: dict[str, Any] = dict(contact.attributes) if contact is not None else {}
        self._update_rows(attributes)
        if contact is None:
            self.empty_label.setText("Select a contact in the workspace to see its attributes.")
        else:
            self.empty_label.setText("This contact has no attributes.")
        empty = not attributes
        self.empty_label.setVisible(empty)
        self.view.setVisible(not empty)
        self.filter_edit.setEnabled(not empty)

    def _update_rows(self, attributes: dict[str, Any]) -> None:
        """Change only what changed, so the selection and the scroll position stay where they were."""
        rows = {self.model.item(r, 0).text(): r for r in range(self.model.rowCount())}
        for name in [n for n in rows if n not in attributes]:
            self.model.removeRow(self.model.indexFromItem(self.model.findItems(name)[0]).row())
        for name, value in attributes.items():
            text = value_text(value)
            found = self.model.findItems(str(name))
            if found:
                item = self.model.item(found[0].row(), 1)
                if item.text() != text:
                    item.setText(text)
                    item.setToolTip(text)
                continue
            name_item = QStandardItem(str(name))
            value_item = QStandardItem(text)
            value_item.setToolTip(text)
            self.model.appendRow([name_item, value_item])
