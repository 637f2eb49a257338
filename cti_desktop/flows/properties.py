"""Properties as flows see them (Set/Get/Unset Property, `$.properties.<key>`).

`MemoryProperties` keeps them in a dict; `cti_desktop.store.properties.PropertyStore` puts the same dict
in front of the `property` table so that reads never touch the database.
"""

from __future__ import annotations

import json
from typing import Any

_SCALARS = (str, int, float, bool, type(None))


def _is_json(value: Any) -> bool:
    kind = type(value)
    if kind in _SCALARS:
        return True
    if kind is dict:
        return all(type(key) is str and _is_json(item) for key, item in value.items())
    if kind is list:
        return all(_is_json(item) for item in value)
    return False


def json_safe(value: Any) -> Any:
    """The value as it will come back from the store: JSON types only (anything else becomes text).
    JSON values are kept as they are (not copied): flow values are never mutated in place."""
    if _is_json(value):
        return value
    return json.loads(json.dumps(value, default=str))


class MemoryProperties:
    """Properties held in memory only: for tests, the benchmark and runs that must not persist."""

    def __init__(self, values: dict[str, Any] | None = None) -> None:
        # The dict flows read as `$.properties`; replaced never, mutated in place.
        self.values: dict[str, Any] = dict(values or {})

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def set(self, key: str, value: Any) -> None:
        self.values[key] = value if type(value) in _SCALARS else json_safe(value)

    def unset(self, key: str) -> Any:
        """Remove a property; returns the value it had (None if it was not set)."""
        return self.values.pop(key, None)

    def all(self) -> dict[str, Any]:
        return dict(self.values)

    def clear(self) -> None:
        self.values.clear()
