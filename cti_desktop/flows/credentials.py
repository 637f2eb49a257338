"""The named credentials an HTTP Request block sends: plain types the engine uses, while the OS credential
store that keeps them (services/credentials.py) is handed to each run as a lookup."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

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


# Finds a stored credential by name: None when there is none of that name; raises CredentialError when
# the store cannot be read.
CredentialLookup = Callable[[str], Credential | None]
