"""Adding or editing one credential. The secret is typed into a password box and goes straight to the OS
credential store; it is never put back into a widget. When editing, an empty secret box keeps the stored
secret, so a user name or header can change without retyping it. The layout is drawn in
ui/credential_editor.ui (compiled to gui/ui_generated/credential_editor_ui.py)."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QWidget

from cti_desktop.gui.credentials.errors import describe
from cti_desktop.gui.theme import Tone, css
from cti_desktop.gui.ui_generated.credential_editor_ui import Ui_CredentialEditor
from cti_desktop.services.credentials import (
    Credential,
    CredentialError,
    CredentialKind,
    CredentialStore,
    check_name,
)

KIND_LABELS: dict[CredentialKind, str] = {
    "bearer": "Bearer token",
    "basic": "User name and password",
    "header": "API key in a header",
}
SECRET_WORDS: dict[CredentialKind, str] = {"bearer": "token", "basic": "password", "header": "key"}
KIND_TIPS: dict[CredentialKind, str] = {
    "bearer": "Sent as 'Authorization: Bearer <token>'",
    "basic": "Sent as 'Authorization: Basic ...' (HTTP basic authentication)",
    "header": "The key is sent as the value of a header of its own, e.g. X-Api-Key",
}
# An HTTP header name is a "token" (RFC 9110, section 5.1): no spaces, no colon.
HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


class CredentialEditor(QDialog):
    """Window-modal, opened with open(). `name` None adds a credential; otherwise that one is edited and
    its name stays (flows refer to it by name). `current` gives the non-secret fields to show."""

    saved = Signal(str)

    def __init__(
        self,
        store: CredentialStore,
        parent: QWidget,
        *,
        name: str | None = None,
        current: Credential | None = None,
        taken: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.adding = name is None
        self._taken = taken
        # Only an existing, readable credential has a secret to keep.
        self._can_keep = current is not None
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        # The static layout is ui/credential_editor.ui; what depends on adding or editing is set here.
        self.ui = Ui_CredentialEditor()
        self.ui.setupUi(self)
        self.setObjectName("credentialEditor")
        self.setWindowTitle("Add Credential" if self.adding else f"Edit Credential '{name}'")
        self.form = self.ui.form
        self.name_edit = self.ui.credentialName
        self.name_edit.setText(name or "")
        if self.adding:
            self.name_edit.setPlaceholderText("e.g. crm-api")
            self.name_edit.setToolTip("Flows refer to the credential by this name")
        else:
            self.name_edit.setReadOnly(True)
            # Look fixed, not like a box to type in; it can still be selected and copied.
            self.name_edit.setFrame(False)
            palette = self.name_edit.palette()
            palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
            self.name_edit.setPalette(palette)
            self.name_edit.setToolTip(
                "Flows refer to the credential by this name; to rename it, add a new one and delete this one"
            )
        self.kind_combo = self.ui.credentialKind
        for kind, label in KIND_LABELS.items():
            self.kind_combo.addItem(label, kind)
            self.kind_combo.setItemData(
                self.kind_combo.count() - 1, KIND_TIPS[kind], Qt.ItemDataRole.ToolTipRole
            )
        self.username_edit = self.ui.credentialUsername
        self.username_edit.setText(current.username if current is not None else "")
        self.header_edit = self.ui.credentialHeader
        self.header_edit.setText(current.header if current is not None and current.kind == "header" else "")
        self.secret_edit = self.ui.credentialSecret
        self.secret_label = self.ui.secretLabel

        self.problem_label = self.ui.credentialProblems
        self.problem_label.setStyleSheet(f"color: {css(Tone.ERROR)};")
        self.problem_label.hide()

        self.buttons = self.ui.buttons
        self.save_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        if current is not None:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(current.kind))
        self._kind_changed()
        (self.name_edit if self.adding else self.secret_edit).setFocus()

    def kind(self) -> CredentialKind:
        kind: CredentialKind = self.kind_combo.currentData()
        return kind

    @Slot()
    def _kind_changed(self) -> None:
        kind = self.kind()
        self.form.setRowVisible(self.username_edit, kind == "basic")
        self.form.setRowVisible(self.header_edit, kind == "header")
        word = SECRET_WORDS[kind]
        self.secret_label.setText(f"&{word.capitalize()}:")
        self.secret_edit.setAccessibleName(word.capitalize())
        if self._can_keep:
            self.secret_edit.setPlaceholderText(f"Leave empty to keep the stored {word}")
            self.secret_edit.setAccessibleDescription(f"Leave empty to keep the stored {word}")
        else:
            self.secret_edit.setPlaceholderText("Required; not shown again once saved")
            self.secret_edit.setAccessibleDescription(f"The {word}; it is not shown again once saved")
        self.kind_combo.setToolTip(KIND_TIPS[kind])

    def problems(self) -> list[tuple[QWidget, str]]:
        """What stops a save, each with the widget to fix it in."""
        found: list[tuple[QWidget, str]] = []
        try:
            name = check_name(self.name_edit.text())
            if self.adding and name in self._taken:
                found.append((self.name_edit, f"A credential named '{name}' exists already; edit that one."))
        except CredentialError as exc:
            found.append((self.name_edit, describe(exc)))
        kind = self.kind()
        if kind == "basic" and not self.username_edit.text().strip():
            found.append((self.username_edit, "A user name and password credential needs the user name."))
        header = self.header_edit.text().strip()
        if kind == "header" and not HEADER_NAME.fullmatch(header):
            found.append(
                (
                    self.header_edit,
                    "Type the name of the header the key is sent in, e.g. X-Api-Key."
                    if not header
                    else f"'{header}' is not a header name: use letters, digits and dashes, e.g. X-Api-Key.",
                )
            )
        if not self._can_keep and not self.secret_edit.text():
            found.append((self.secret_edit, f"Type the {SECRET_WORDS[kind]}."))
        return found

    def _show_problem(self, text: str, widget: QWidget | None = None) -> None:
        self.problem_label.setText(text)
        self.problem_label.show()
        if widget is not None:
            widget.setFocus()

    @Slot()
    def save(self) -> bool:
        """Store the credential and close; on a problem say what and store nothing."""
        found = self.problems()
        if found:
            self._show_problem("\n".join(message for _, message in found), found[0][0])
            return False
        name = check_name(self.name_edit.text())
        kind = self.kind()
        try:
            secret = self.secret_edit.text() or self._stored_secret(name)
            if secret is None:
                self._can_keep = False
                self._kind_changed()
                self._show_problem(
                    f"'{name}' is no longer in the credential store; type the {SECRET_WORDS[kind]} again.",
                    self.secret_edit,
                )
                return False
            credential = Credential(
                kind,
                secret,
                username=self.username_edit.text().strip() if kind == "basic" else "",
                header=self.header_edit.text().strip() if kind == "header" else "Authorization",
            )
            if self.adding and name in self.store.names():
                self._show_problem(
                    f"A credential named '{name}' exists already; edit that one.", self.name_edit
                )
                return False
            self.store.set(name, credential)
        except CredentialError as exc:
            self._show_problem(describe(exc))
            return False
        self.secret_edit.setText("")  # also drops the line edit's undo history
        self.saved.emit(name)
        self.accept()
        return True

    def _stored_secret(self, name: str) -> str | None:
        stored = self.store.get(name)
        return stored.secret if stored is not None else None

    def done(self, result: int) -> None:
        self.secret_edit.setText("")  # a cancelled secret does not linger until deletion either
        super().done(result)
