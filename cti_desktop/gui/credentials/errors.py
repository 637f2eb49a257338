"""The credential store's errors in words an administrator can act on."""

from __future__ import annotations

from cti_desktop.services.credentials import CredentialError

NO_STORE = (
    "No OS credential store is available, so credentials can be neither kept nor read. "
    "On Linux, start and unlock a Secret Service such as GNOME Keyring, KWallet or KeePassXC in your "
    "session, then choose Try Again. Windows and macOS have one built in."
)


def describe(exc: CredentialError) -> str:
    from keyring.errors import NoKeyringError

    if isinstance(exc.__cause__, NoKeyringError):
        return NO_STORE
    text = str(exc)
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
