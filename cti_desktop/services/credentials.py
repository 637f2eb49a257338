"""Named credentials for the HTTP Request block, kept in the OS credential store through `keyring`.

Flows refer to a credential by name only. The secret lives in the credential store and nowhere else:
not in the database, not in a flow, not in a run record. The list of names is kept in the credential
store too (an entry of its own), because most stores cannot list what they hold.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    # keyring is imported on first use: it costs start-up time and most sessions never need it.
    from keyring.backend import KeyringBackend

SERVICE = "cti-desktop"
_INDEX = "cti-desktop:credential-names"

CredentialKind = Literal["bearer", "basic", "header"]
KINDS: tuple[CredentialKind, ...] = ("bearer", "basic", "header")


class CredentialError(Exception):
    """A credential cannot be stored or read; the message says why in words a user understands."""


@dataclass(frozen=True, slots=True)
class Credential:
    """How a request proves who it is: a bearer token, a user name and password (basic), or a secret
    value sent in a header of its own (an API key)."""

    kind: CredentialKind
    secret: str
    username: str = ""
    header: str = "Authorization"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise CredentialError(f"unknown credential kind {self.kind!r}; use one of {', '.join(KINDS)}")
        if not self.secret:
            raise CredentialError("a credential needs a secret (a token, a password or a key)")
        if self.kind == "basic" and not self.username:
            raise CredentialError("a basic credential needs a user name")
        if self.kind == "header" and not self.header.strip():
            raise CredentialError("a header credential needs the header's name, e.g. X-Api-Key")

    @property
    def header_name(self) -> str:
        return self.header if self.kind == "header" else "Authorization"

    def header_value(self) -> str:
        if self.kind == "bearer":
            return f"Bearer {self.secret}"
        if self.kind == "basic":
            return "Basic " + base64.b64encode(f"{self.username}:{self.secret}".encode()).decode("ascii")
        return self.secret

    def secrets(self) -> tuple[str, ...]:
        """Every form of the secret that could show up in an answer, for masking."""
        forms = {self.secret, self.header_value()}
        if self.kind == "basic":
            forms.add(self.header_value().removeprefix("Basic "))
        return tuple(sorted(forms, key=len, reverse=True))

    def to_json(self) -> str:
        return json.dumps(
            {"kind": self.kind, "secret": self.secret, "username": self.username, "header": self.header}
        )

    @classmethod
    def from_json(cls, text: str) -> Credential:
        try:
            data = json.loads(text)
            return cls(
                data["kind"], data["secret"], data.get("username", ""), data.get("header", "Authorization")
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise CredentialError("the stored credential is damaged; store it again") from exc


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
