"""The stored properties as people change them (the command line's `properties set|unset`): each change
is one `Change(PROPERTY, (key,))` on the change bus. Flows read and write their properties through the
runner's own `PropertyStore`, kept in memory for speed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from cti_desktop.domain import json_input
from cti_desktop.services.changes import Change, ChangeBus, ChangeKind
from cti_desktop.store.properties import PropertyStore


class PropertyKeyInvalid(ValueError):
    """The key cannot name a property (it is empty, or not valid Unicode)."""


class PropertyValueInvalid(ValueError):
    """The value breaks the input limits (`domain.json_input`): nested too deeply, text that is not valid
    Unicode, a number JSON cannot hold."""


class PropertyService:
    def __init__(self, engine: Engine, changes: ChangeBus | None = None) -> None:
        self._store = PropertyStore(engine)
        self.changes = changes or ChangeBus()

    def all(self) -> dict[str, Any]:
        return self._store.all()

    def set(self, key: str, value: Any) -> Any:
        """Store `value` under `key`; returns the value as stored (made JSON-safe)."""
        _check_key(key)
        try:
            json_input.check(value, f"The value of {key!r}")
        except json_input.JsonInputError as exc:
            raise PropertyValueInvalid(str(exc)) from None
        self._store.set(key, value)
        self.changes.announce(Change(ChangeKind.PROPERTY, (key,)))
        return self._store.values[key]

    def unset(self, key: str) -> bool:
        """Remove the property; False (and nothing announced) if it was not set."""
        _check_key(key)
        if key not in self._store.values:
            return False
        self._store.unset(key)
        self.changes.announce(Change(ChangeKind.PROPERTY, (key,), removed=True))
        return True


def _check_key(key: str) -> None:
    if not key.strip():
        raise PropertyKeyInvalid("the property key is empty")
    try:
        json_input.check_text(key, "the property key")
    except json_input.JsonInputError as exc:
        raise PropertyKeyInvalid(str(exc)) from None


__all__ = ["PropertyKeyInvalid", "PropertyService", "PropertyValueInvalid"]
