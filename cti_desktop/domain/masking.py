"""Masking of secrets, written once: sensitive form values in what a run records (docs/flows.md: "Values of
form fields marked sensitive are masked in what is recorded"), and a credential's secret in an HTTP
answer. Masked copies are made; values are never changed in place (results may be shared)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any, Final

# A sensitive value in what a run records.
MASK: Final = "••••"
# A credential's secret (or a secret header) in what an HTTP Request block gives back.
SECRET_MASK: Final = "********"
# Shorter values are masked only where they are a whole value: masking every "1" inside text would
# make traces unreadable and tell nothing anyway.
MIN_SUBSTRING: Final = 4


def is_blank(value: Any) -> bool:
    """Nothing to hide: null, or text of spaces only."""
    return value is None or (isinstance(value, str) and not value.strip())


def mask_named(values: Mapping[str, Any], names: Collection[str], mask: str = MASK) -> dict[str, Any]:
    """The values with each one named in `names` masked, unless it is blank."""
    return {key: (mask if key in names and not is_blank(value) else value) for key, value in values.items()}


def mask_secrets(value: Any, secrets: Sequence[str], mask: str = SECRET_MASK) -> Any:
    """A copy of `value` with every occurrence of each secret inside its texts replaced; give the
    secrets longest first, so one that contains another is replaced whole."""
    if isinstance(value, str):
        for secret in secrets:
            if secret in value:
                value = value.replace(secret, mask)
        return value
    if isinstance(value, Mapping):
        return {key: mask_secrets(item, secrets, mask) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [mask_secrets(item, secrets, mask) for item in value]
    return value


class Masker:
    """Masks the values of sensitive keys wherever they show up: whole values anywhere, and inside text
    when they are long enough to mean something. `text` is how a number reads as text (the flows'
    JavaScript-like rules), to find a sensitive number."""

    def __init__(
        self, keys: Iterable[str], values: Iterable[str], text: Callable[[Any], str] = str, mask: str = MASK
    ) -> None:
        self.keys = frozenset(keys)
        self.values = frozenset(value for value in values if value)
        self.mask = mask
        self._text_of = text
        # Longest first, so a value that contains another is replaced whole.
        self._inner = tuple(
            sorted((v for v in self.values if len(v) >= MIN_SUBSTRING), key=len, reverse=True)
        )

    @classmethod
    def for_values(
        cls, values: Mapping[str, Any], keys: Iterable[str], text: Callable[[Any], str] = str
    ) -> Masker | None:
        """A masker for the sensitive keys present in `values`, or None when there is nothing to hide."""
        present = [key for key in keys if key in values]
        if not present:
            return None
        secrets = [text(values[key]) for key in present if values[key] not in (None, "")]
        return cls(present, secrets, text)

    def text(self, value: str) -> str:
        if value in self.values:
            return self.mask
        return mask_secrets(value, self._inner, self.mask)  # type: ignore[no-any-return]

    def value(self, value: Any) -> Any:
        """A masked copy of `value`."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {key: self.value(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self.value(item) for item in value]
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, int | float) and self._text_of(value) in self.values:
            return self.mask
        return value

    def payload(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        """The sensitive keys' values masked whole, the others masked where a secret shows inside them."""
        return {key: self.mask if key in self.keys else self.value(item) for key, item in payload.items()}
