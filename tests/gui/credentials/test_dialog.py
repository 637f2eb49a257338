"""The Credentials dialog: add, edit (keeping the secret when left blank), delete, store errors, and secrets
that never show up in a widget."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from keyring.backends import fail
from keyring.errors import KeyringLocked
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from cti_desktop.gui.credentials.dialog import CredentialsDialog
from cti_desktop.gui.credentials.editor import CredentialEditor
from cti_desktop.services.credentials import Credential, CredentialStore

from .conftest import MemoryKeyring, all_texts, table_rows

Opener = Callable[..., CredentialsDialog]


def open_editor(qtbot: QtBot, dialog: CredentialsDialog, button: str = "add") -> CredentialEditor:
    qtbot.mouseClick(getattr(dialog, f"{button}_button"), Qt.MouseButton.LeftButton)
    editor = dialog.editor
    assert editor is not None
    qtbot.waitExposed(editor)
    return editor


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def choose_kind(editor: CredentialEditor, kind: str) -> None:
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData(kind))


def save(qtbot: QtBot, dialog: CredentialsDialog, editor: CredentialEditor) -> None:
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.editor is None)


def select(qtbot: QtBot, dialog: CredentialsDialog, name: str) -> None:
    dialog.select(name)
    assert dialog.selected_name() == name


def test_add_a_bearer_token_and_never_show_it_again(
    qtbot: QtBot, store: CredentialStore, open_dialog: Opener
) -> None:
    dialog = open_dialog()
    assert table_rows(dialog) == []
    assert "No credentials yet" in dialog.status_label.text()
    assert not dialog.edit_button.isEnabled() and not dialog.delete_button.isEnabled()

    editor = open_editor(qtbot, dialog)
    assert editor.windowTitle() == "Add Credential"
    assert editor.secret_edit.echoMode() == QLineEdit.EchoMode.Password
    assert not editor.username_edit.isVisible() and not editor.header_edit.isVisible()
    type_into(qtbot, editor.name_edit, "crm-api")
    type_into(qtbot, editor.secret_edit, "tok-SECRET-1")
    assert "tok-SECRET-1" not in editor.secret_edit.displayText()
    save(qtbot, dialog, editor)

    assert store.get("crm-api") == Credential("bearer", "tok-SECRET-1")
    assert table_rows(dialog) == [("crm-api", "Bearer token")]
    assert dialog.selected_name() == "crm-api"
    assert dialog.status_label.text() == "Saved 'crm-api'."
    assert not any("SECRET" in text for text in all_texts())


def test_add_basic_and_header_credentials(qtbot: QtBot, store: CredentialStore, open_dialog: Opener) -> None:
    dialog = open_dialog()
    editor = open_editor(qtbot, dialog)
    type_into(qtbot, editor.name_edit, "billing")
    choose_kind(editor, "basic")
    assert editor.username_edit.isVisible() and not editor.header_edit.isVisible()
    assert editor.secret_label.text() == "&Password:"
    type_into(qtbot, editor.username_edit, "svc")
    type_into(qtbot, editor.secret_edit, "pw-SECRET")
    save(qtbot, dialog, editor)

    editor = open_editor(qtbot, dialog)
    type_into(qtbot, editor.name_edit, "maps")
    choose_kind(editor, "header")
    assert editor.header_edit.isVisible() and not editor.username_edit.isVisible()
    type_into(qtbot, editor.header_edit, "X-Api-Key")
    type_into(qtbot, editor.secret_edit, "key-SECRET")
    save(qtbot, dialog, editor)

    assert store.get("billing") == Credential("basic", "pw-SECRET", username="svc")
    assert store.get("maps") == Credential("header", "key-SECRET", header="X-Api-Key")
    assert table_rows(dialog) == [
        ("billing", "User name and password"),
        ("maps", "API key in header X-Api-Key"),
    ]
    assert not any("SECRET" in text for text in all_texts())


def test_edit_keeps_the_secret_when_left_blank(
    qtbot: QtBot, store: CredentialStore, open_dialog: Opener
) -> None:
    store.set("billing", Credential("basic", "pw-SECRET", username="svc"))
    dialog = open_dialog()
    select(qtbot, dialog, "billing")
    editor = open_editor(qtbot, dialog, "edit")
    assert editor.windowTitle() == "Edit Credential 'billing'"
    assert editor.name_edit.isReadOnly()
    assert editor.kind() == "basic"
    assert editor.username_edit.text() == "svc"
    assert editor.secret_edit.text() == ""
    assert editor.secret_edit.placeholderText() == "Leave empty to keep the stored password"
    assert not any("SECRET" in text for text in all_texts())
    type_into(qtbot, editor.username_edit, "svc-2")
    save(qtbot, dialog, editor)
    assert store.get("billing") == Credential("basic", "pw-SECRET", username="svc-2")

    # A new secret, typed, replaces the old one; the kind can change too.
    select(qtbot, dialog, "billing")
    editor = open_editor(qtbot, dialog, "edit")
    choose_kind(editor, "bearer")
    type_into(qtbot, editor.secret_edit, "tok-SECRET-2")
    save(qtbot, dialog, editor)
    assert store.get("billing") == Credential("bearer", "tok-SECRET-2")
    assert table_rows(dialog) == [("billing", "Bearer token")]
    assert not any("SECRET" in text for text in all_texts())


def test_enter_on_a_row_edits_it_and_escape_cancels(
    qtbot: QtBot, store: CredentialStore, open_dialog: Opener
) -> None:
    store.set("crm-api", Credential("bearer", "tok"))
    dialog = open_dialog()
    select(qtbot, dialog, "crm-api")
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    editor = dialog.editor
    assert editor is not None
    qtbot.waitExposed(editor)
    assert editor.focusWidget() is editor.secret_edit
    type_into(qtbot, editor.secret_edit, "typed-but-cancelled")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.editor is None)
    assert store.get("crm-api") == Credential("bearer", "tok")
    assert not any("typed-but-cancelled" in text for text in all_texts())


def test_delete_asks_first(qtbot: QtBot, store: CredentialStore, open_dialog: Opener) -> None:
    store.set("crm-api", Credential("bearer", "tok"))
    store.set("maps", Credential("header", "k", header="X-Api-Key"))
    dialog = open_dialog()
    assert dialog.selected_name() == "crm-api"  # the first row, ready for the keyboard

    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    box = dialog.question
    assert box is not None
    assert box.text() == "Delete the credential 'crm-api'?"
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.question is None)
    assert store.names() == ["crm-api", "maps"]

    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)  # the keyboard way asks too
    box = dialog.question
    assert box is not None
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.question is None)
    assert store.names() == ["maps"]
    assert store.get("crm-api") is None
    assert table_rows(dialog) == [("maps", "API key in header X-Api-Key")]
    assert dialog.status_label.text() == "Deleted 'crm-api'."


@pytest.mark.parametrize(
    ("kind", "fill", "problem", "focus"),
    [
        ("bearer", {"name": "  "}, "A credential name must be 1 to 100 printable characters.", "name"),
        ("bearer", {"name": "crm-api"}, "exists already", "name"),
        ("bearer", {"name": "new"}, "Type the token.", "secret"),
        ("basic", {"name": "new", "secret": "pw"}, "needs the user name", "username"),
        ("header", {"name": "new", "secret": "k"}, "Type the name of the header", "header"),
        (
            "header",
            {"name": "new", "secret": "k", "header": "X-Api-Key:"},
            "'X-Api-Key:' is not a header name",
            "header",
        ),
    ],
)
def test_bad_input_is_explained_and_nothing_stored(
    qtbot: QtBot,
    store: CredentialStore,
    memory: MemoryKeyring,
    open_dialog: Opener,
    kind: str,
    fill: dict[str, str],
    problem: str,
    focus: str,
) -> None:
    store.set("crm-api", Credential("bearer", "tok"))
    before = dict(memory.entries)
    dialog = open_dialog()
    editor = open_editor(qtbot, dialog)
    choose_kind(editor, kind)
    for field, text in fill.items():
        type_into(qtbot, getattr(editor, f"{field}_edit"), text)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible()
    assert editor.problem_label.isVisible()
    assert problem in editor.problem_label.text()
    assert editor.focusWidget() is getattr(editor, f"{focus}_edit")
    assert memory.entries == before


def test_a_store_error_on_save_is_shown_in_the_editor(
    qtbot: QtBot,
    store: CredentialStore,
    memory: MemoryKeyring,
    open_dialog: Opener,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = open_dialog()
    editor = open_editor(qtbot, dialog)

    def locked(service: str, username: str, password: str) -> None:
        raise KeyringLocked("the keyring is locked")

    monkeypatch.setattr(memory, "set_password", locked)
    type_into(qtbot, editor.name_edit, "crm-api")
    type_into(qtbot, editor.secret_edit, "tok-SECRET")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible()
    assert (
        editor.problem_label.text() == "The system credential store cannot be written: the keyring is locked."
    )
    assert memory.entries == {}


def test_a_missing_credential_store_is_explained_and_can_be_retried(
    qtbot: QtBot, memory: MemoryKeyring, open_dialog: Opener
) -> None:
    dialog = open_dialog(CredentialStore(backend=fail.Keyring()))
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text().startswith("No OS credential store is available")
    assert "GNOME Keyring" in dialog.error_label.text()
    assert not dialog.add_button.isEnabled()
    assert dialog.retry_button.isVisible()

    # The user starts a keyring and tries again.
    CredentialStore(backend=memory).set("crm-api", Credential("bearer", "tok"))
    dialog.store = CredentialStore(backend=memory)
    qtbot.mouseClick(dialog.retry_button, Qt.MouseButton.LeftButton)
    assert not dialog.error_label.isVisible()
    assert not dialog.retry_button.isVisible()
    assert dialog.add_button.isEnabled()
    assert table_rows(dialog) == [("crm-api", "Bearer token")]


def test_a_damaged_entry_can_be_stored_again(
    qtbot: QtBot, store: CredentialStore, memory: MemoryKeyring, open_dialog: Opener
) -> None:
    store.set("crm-api", Credential("bearer", "tok"))
    memory.entries[("cti-desktop", "crm-api")] = "{not json"
    dialog = open_dialog()
    assert table_rows(dialog) == [("crm-api", "Unreadable: choose Edit to store it again")]
    select(qtbot, dialog, "crm-api")
    editor = open_editor(qtbot, dialog, "edit")
    assert "damaged" in dialog.error_label.text()
    assert editor.secret_edit.placeholderText() == "Required; not shown again once saved"
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "Type the token." in editor.problem_label.text()
    type_into(qtbot, editor.secret_edit, "tok-2")
    save(qtbot, dialog, editor)
    assert store.get("crm-api") == Credential("bearer", "tok-2")
    assert table_rows(dialog) == [("crm-api", "Bearer token")]
