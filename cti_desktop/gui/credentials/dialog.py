"""The Credentials dialog: the named credentials HTTP Request blocks use, with their kinds, and Add / Edit /
Delete. Non-modal; questions and the editor are opened with `open()`, never a nested event loop, so the
dialog is safe under qasync. Secrets are never shown: the list holds names and kinds only."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cti_desktop.gui.credentials.editor import KIND_LABELS, CredentialEditor
from cti_desktop.gui.credentials.errors import describe
from cti_desktop.gui.theme import Tone, css
from cti_desktop.services.credentials import Credential, CredentialError, CredentialStore

NAME_ROLE = Qt.ItemDataRole.UserRole


def kind_text(credential: Credential) -> str:
    if credential.kind == "header":
        return f"API key in header {credential.header}"
    return KIND_LABELS[credential.kind]


class CredentialTable(QTableWidget):
    """The list of credentials; Delete (or Backspace, as on a Mac) asks to delete the selected one."""

    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Backspace:
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class CredentialsDialog(QDialog):
    OBJECT_NAME = "credentialsDialog"

    def __init__(self, store: CredentialStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setObjectName(self.OBJECT_NAME)
        self.setWindowTitle("Credentials")
        self.setModal(False)
        self.setSizeGripEnabled(True)
        self.resize(640, 400)
        self.editor: CredentialEditor | None = None  # the open Add/Edit window, if any
        self.question: QMessageBox | None = None  # the open confirmation, if any
        self._names: list[str] = []

        intro = QLabel(
            "Named credentials for the HTTP Request block. Flows refer to them by name; the secrets are "
            "kept in the OS credential store, never in the database, and are not shown again once saved."
        )
        intro.setWordWrap(True)

        self.table = CredentialTable(0, 2)
        self.table.setObjectName("credentialTable")
        self.table.setAccessibleName("Stored credentials")
        self.table.setHorizontalHeaderLabels(["Name", "Kind"])
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.resizeSection(0, 200)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.activated.connect(self.edit_selected)  # Enter or double-click
        self.table.delete_pressed.connect(self.delete_selected)

        self.add_button = QPushButton("&Add…")
        self.add_button.setObjectName("addCredential")
        self.add_button.setToolTip("Store a new credential")
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setObjectName("editCredential")
        self.edit_button.setToolTip(
            "Change the selected credential; its secret is kept unless you type a new one"
        )
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton("&Delete…")
        self.delete_button.setObjectName("deleteCredential")
        self.delete_button.setToolTip("Remove the selected credential from the OS credential store (Delete)")
        self.delete_button.clicked.connect(self.delete_selected)
        self.retry_button = QPushButton("&Try Again")
        self.retry_button.setObjectName("retryCredentials")
        self.retry_button.setToolTip("Read the OS credential store again")
        self.retry_button.clicked.connect(self._retry)
        self.retry_button.hide()
        side = QVBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button, self.retry_button):
            side.addWidget(button)
        side.addStretch(1)

        self.error_label = QLabel()
        self.error_label.setObjectName("credentialError")
        self.error_label.setAccessibleName("Credential store problem")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {css(Tone.ERROR)};")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        self.status_label = QLabel()
        self.status_label.setObjectName("credentialStatus")
        self.status_label.setAccessibleName("Status")

        close_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close_box.rejected.connect(self.close)

        middle = QHBoxLayout()
        middle.addWidget(self.table, 1)
        middle.addLayout(side)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(close_box)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(middle, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(bottom)
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        # Another window (or the command line) may have changed the store since the dialog was last open.
        self.reload()
        super().showEvent(event)

    # -- the list ---------------------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        select = select or self.selected_name()
        self.table.setRowCount(0)
        self._names = []
        try:
            names = self.store.names()
        except CredentialError as exc:
            self._show_error(describe(exc))
            self.retry_button.show()
            self.add_button.setEnabled(False)
            self._update_buttons()
            return
        self.error_label.hide()
        self.retry_button.hide()
        self.add_button.setEnabled(True)
        self._names = names
        self.table.setRowCount(len(names))
        for row, name in enumerate(names):
            name_item = QTableWidgetItem(name)
            name_item.setData(NAME_ROLE, name)
            kind_item = QTableWidgetItem()
            try:
                credential = self.store.get(name)
            except CredentialError as exc:
                credential = None
                kind_item.setToolTip(describe(exc))
                kind_item.setText("Unreadable: choose Edit to store it again")
            else:
                if credential is None:
                    kind_item.setToolTip("Its entry is missing from the OS credential store")
                    kind_item.setText("Missing: choose Edit to store it again")
                else:
                    kind_item.setText(kind_text(credential))
            self.table.setItem(row, 0, name_item)
            self.table.setItem(row, 1, kind_item)
            if name == select:
                self.table.selectRow(row)
        if not names:
            self.status_label.setText("No credentials yet: choose Add to store one.")
        elif self.selected_name() is None:
            self.table.selectRow(0)  # so Enter, Edit and Delete work straight away from the keyboard
        self._update_buttons()

    @Slot()
    def _retry(self) -> None:
        self.reload()

    def names(self) -> list[str]:
        return list(self._names)

    def selected_name(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return str(item.data(NAME_ROLE)) if item is not None else None

    def select(self, name: str) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(NAME_ROLE) == name:
                self.table.selectRow(row)
                return

    @Slot()
    def _update_buttons(self) -> None:
        chosen = self.selected_name() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        self.status_label.clear()

    # -- add / edit -------------------------------------------------------------------------------------

    @Slot()
    def add(self) -> None:
        self._open_editor(None, None)

    @Slot()
    def edit_selected(self) -> None:
        name = self.selected_name()
        if name is None:
            return
        try:
            current = self.store.get(name)
        except CredentialError as exc:
            # A damaged entry can still be stored again: the editor then asks for a new secret.
            self._show_error(describe(exc))
            current = None
        self._open_editor(name, current)

    def _open_editor(self, name: str | None, current: Credential | None) -> None:
        if self.editor is not None:
            self.editor.raise_()
            self.editor.activateWindow()
            return
        editor = CredentialEditor(self.store, self, name=name, current=current, taken=frozenset(self._names))
        editor.saved.connect(self._saved)
        editor.destroyed.connect(self._editor_gone)
        self.editor = editor
        editor.open()

    @Slot()
    def _editor_gone(self) -> None:
        self.editor = None

    @Slot(str)
    def _saved(self, name: str) -> None:
        self.reload(select=name)
        self.status_label.setText(f"Saved '{name}'.")
        self.table.setFocus()

    # -- delete -----------------------------------------------------------------------------------------

    @Slot()
    def delete_selected(self) -> None:
        name = self.selected_name()
        if name is None or self.question is not None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Delete Credential",
            f"Delete the credential '{name}'?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setInformativeText(
            "Its secret is removed from the OS credential store. Flows that use it fail until a credential "
            "of that name is stored again."
        )
        box.button(QMessageBox.StandardButton.Yes).setText("&Delete")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setObjectName("credentialQuestion")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(self._question_gone)

        def answered(button: QAbstractButton) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes:
                self._delete(name)

        box.buttonClicked.connect(answered)
        self.question = box
        box.open()

    @Slot()
    def _question_gone(self) -> None:
        self.question = None

    def _delete(self, name: str) -> None:
        try:
            self.store.delete(name)
        except CredentialError as exc:
            self._show_error(describe(exc))
            return
        self.reload()
        self.status_label.setText(f"Deleted '{name}'.")
        self.table.setFocus()
