"""Managing the named credentials of the HTTP Request block: a non-modal dialog over the OS credential
store. Only this small opener is imported at start-up; the dialog loads when first asked for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from cti_desktop.gui.credentials.dialog import CredentialsDialog
    from cti_desktop.services.credentials import CredentialStore


def open_credentials(parent: QWidget, store: CredentialStore | None = None) -> CredentialsDialog:
    """Show the parent's credentials dialog, creating it on first use; one per parent window."""
    from cti_desktop.gui.credentials.dialog import CredentialsDialog
    from cti_desktop.services.credentials import CredentialStore

    dialog = parent.findChild(CredentialsDialog, CredentialsDialog.OBJECT_NAME)
    if dialog is None:
        dialog = CredentialsDialog(store if store is not None else CredentialStore(), parent)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


__all__ = ["open_credentials"]
