"""Named credentials for the HTTP Request block, kept in the OS credential store through `keyring`.

Flows refer to a credential by name only. The secret lives in the credential store and nowhere else:
not in the database, not in a flow, not in a run record. The list of names is kept in the credential
store too (an entry of its own), because most stores cannot list what they hold.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

# The plain credential types live with the engine that uses them; the store that keeps them is here.
from cti_desktop.flows.credentials import KINDS, Credential, CredentialError, CredentialKind

if TYPE_CHECKING:
    # keyring is imported on first use: it costs start-up time and most sessions never need it.
    from keyring.backend import KeyringBackend

__all__ = [
    "KINDS",
    "SERVICE",
    "Credential",
    "CredentialError",
    "CredentialKind",
    "CredentialStore",
    "check_name",
    "credential_lookup",
]

SERVICE = "cti-desktop"
_INDEX = "cti-desktop:credential-names"


def check_name(name: str) -> str:
    name = name.strip() if isinstance(name, str) else ""
    if not name or len(name) > 100 or any(ord(c) < 32 for c in name):
        raise CredentialError("a credential name must be 1 to 100 printable characters")
    if name == _INDEX:
        raise CredentialError(f"{name!r} is reserved")
    return name


class CredentialStore:
    def __init__(self, service: str = SERVICE, backend: KeyringBackend | None = None) -> None:
        self._service = service
        self._backend = backend

    def _keyring(self) -> KeyringBackend:
        import keyring

        return self._backend if self._backend is not None else keyring.get_keyring()

    def _read(self, key: str) -> str | None:
        from keyring.errors import KeyringError

        try:
            return self._keyring().get_password(self._service, key)
        except KeyringError as exc:
            raise CredentialError(f"the system credential store cannot be read: {exc}") from exc

    def _write(self, key: str, value: str) -> None:
        from keyring.errors import KeyringError

        try:
            self._keyring().set_password(self._service, key, value)
        except KeyringError as exc:
            raise CredentialError(f"the system credential store cannot be written: {exc}") from exc

    def names(self) -> list[str]:
        stored = self._read(_INDEX)
        if not stored:
            return []
        try:
            names = json.loads(stored)
        except ValueError:
            return []
        return sorted(n for n in names if isinstance(n, str)) if isinstance(names, list) else []

    def get(self, name: str) -> Credential | None:
        stored = self._read(check_name(name))
        return Credential.from_json(stored) if stored else None

    def set(self, name: str, credential: Credential) -> None:
        name = check_name(name)
        self._write(name, credential.to_json())
        names = self.names()
        if name not in names:
            self._write(_INDEX, json.dumps(sorted([*names, name])))

    def delete(self, name: str) -> bool:
        """Forget a credential; False when there was none of that name."""
        from keyring.errors import KeyringError, PasswordDeleteError

        name = check_name(name)
        existed = self._read(name) is not None
        if existed:
            try:
                self._keyring().delete_password(self._service, name)
            except PasswordDeleteError:
                existed = False
            except KeyringError as exc:
                raise CredentialError(f"the system credential store cannot be written: {exc}") from exc
        names = self.names()
        if name in names:
            self._write(_INDEX, json.dumps([n for n in names if n != name]))
        return existed


def credential_lookup(store: CredentialStore | None = None) -> Callable[[str], Credential | None]:
    """What runs are given to find a named credential (the OS credential store unless told otherwise)."""
    return (store if store is not None else CredentialStore()).get
