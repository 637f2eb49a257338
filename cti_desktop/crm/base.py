"""What a CRM connector offers the CRM blocks (`SE_SF*`), and the record they exchange.

A connector may answer synchronously (the local CRM) or with an awaitable (a remote CRM); the blocks await
whatever comes back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from cti_desktop.contacts.base import MaybeAwaitable


class CrmError(ValueError):
    """A CRM operation was refused; the message says why in words a user understands."""


@dataclass(slots=True)
class CrmRecord:
    Id: str
    type: str
    fields: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The record as the command line and the run results show it."""
        return {"Id": self.Id, "type": self.type, "fields": dict(self.fields)}

    def value(self, name: str) -> Any:
        """A field's value, its name matched without regard to case as CRMs do; `Id` is the record's Id."""
        if name == "Id" or name.lower() == "id":
            return self.Id
        if name in self.fields:
            return self.fields[name]
        lowered = name.lower()
        for key, value in self.fields.items():
            if key.lower() == lowered:
                return value
        return None


@runtime_checkable
class CrmConnector(Protocol):
    name: str
    # True when records can be opened in a browser (screen pops then carry a URL).
    has_urls: bool

    def supports(self, block_type: str) -> bool: ...

    def search(
        self, text: str, types: Sequence[str] | None = None, limit: int = 50
    ) -> MaybeAwaitable[list[CrmRecord]]:
        """Records matching the text in any of their text fields; a phone number also matches phone fields."""
        ...

    def find_by_phone(
        self, number: str, types: Sequence[str] | None = None, field_name: str | None = None
    ) -> MaybeAwaitable[list[CrmRecord]]: ...

    def get(self, record_id: str) -> MaybeAwaitable[CrmRecord | None]: ...

    def create(
        self, record_type: str, fields: Mapping[str, Any], record_id: str | None = None
    ) -> MaybeAwaitable[CrmRecord]: ...

    def update(self, record_id: str, fields: Mapping[str, Any]) -> MaybeAwaitable[CrmRecord]: ...

    def list_by_type(
        self, record_type: str, limit: int = 100, offset: int = 0
    ) -> MaybeAwaitable[list[CrmRecord]]: ...


class BlockingCrmConnector(Protocol):
    """A connector whose lookups answer at once, doing their work on the caller's thread (the local CRM
    in the app's database): what `ThreadedCrm` moves off the event loop."""

    name: str
    has_urls: bool

    def supports(self, block_type: str) -> bool: ...
    def search(self, text: str, types: Sequence[str] | None = None, limit: int = 50) -> list[CrmRecord]: ...
    def find_by_phone(
        self, number: str, types: Sequence[str] | None = None, field_name: str | None = None
    ) -> list[CrmRecord]: ...
    def get(self, record_id: str) -> CrmRecord | None: ...
    def create(
        self, record_type: str, fields: Mapping[str, Any], record_id: str | None = None
    ) -> CrmRecord: ...
    def update(self, record_id: str, fields: Mapping[str, Any]) -> CrmRecord: ...
    def list_by_type(self, record_type: str, limit: int = 100, offset: int = 0) -> list[CrmRecord]: ...


_TYPE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")
_RECORD_ID = re.compile(r"[A-Za-z0-9_.\-]{1,64}")


def check_type(record_type: Any) -> str:
    if not isinstance(record_type, str) or not _TYPE_NAME.fullmatch(record_type):
        raise CrmError(
            f"{record_type!r} is not a record type: use a name such as Contact, Lead or My_Object__c "
            "(a letter, then letters, digits or _)"
        )
    return record_type


def check_record_id(record_id: Any) -> str:
    if not isinstance(record_id, str) or not _RECORD_ID.fullmatch(record_id):
        raise CrmError(f"{record_id!r} is not a record Id: use up to 64 letters, digits, '.', '-' or '_'")
    return record_id


def check_fields(fields: Any) -> dict[str, Any]:
    """Fields as a record stores them: text names, values JSON can hold."""
    if not isinstance(fields, Mapping):
        raise CrmError(f"the fields must be an object of name/value pairs, not {type(fields).__name__}")
    checked = dict(fields)
    try:
        json.dumps(checked, allow_nan=False)
        problem = None
    except (TypeError, ValueError):
        problem = ""  # found and named below; the common case costs one dumps for the whole record
    for name, value in checked.items():
        if not isinstance(name, str) or not name.strip():
            raise CrmError(f"field name {name!r} is not a name")
        if problem is not None:
            try:
                json.dumps(value, allow_nan=False)
            except (TypeError, ValueError) as exc:
                raise CrmError(f"field {name!r} holds a value that cannot be stored: {exc}") from exc
    return checked
