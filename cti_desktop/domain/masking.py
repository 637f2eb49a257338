"""Masking of secrets, written once: sensitive form values in what a run records (docs/flows.md: "Values of
form fields marked sensitive are masked in what is recorded"), and a credential's secret in an HTTP
answer. Masked copies are made; values are never changed in place (results may be shared)."""

from __future__ import annotations

import base64
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any, Final

# A sensitive value in what a run records.
MASK: Final = "••••"
# A credential's secret (or a secret header) in what an HTTP Request block gives back.
SECRET_MASK: Final = "********"  # noqa: S105  (what replaces a secret, not one)
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


def derived_forms(secret: str, region: str = "US") -> set[str]:
    """The forms a flow most often turns a sensitive value into: case-folded, without spaces or
    punctuation, digits only, a phone number's standard formats, base64. Any piece of at least
    MIN_SUBSTRING characters of one of these is masked where it shows (a slice, a last-four)."""
    forms = {secret, secret.strip()}
    compact = "".join(secret.split())
    forms.add(compact)
    forms.add("".join(ch for ch in secret if ch.isalnum()))
    digits = "".join(ch for ch in secret if ch.isdigit())
    if len(digits) >= MIN_SUBSTRING:
        forms.add(digits)
    if len(digits) >= _PHONE_DIGITS:
        forms.update(_phone_formats(secret, region))
    for form in list(forms):
        forms.update((form.upper(), form.lower()))
    for form in (secret, secret.strip(), compact):
        raw = form.encode("utf-8")
        forms.update((base64.b64encode(raw).decode("ascii"), base64.urlsafe_b64encode(raw).decode("ascii")))
    return {form for form in forms if form}


def _finder(pieces: Collection[str]) -> Any:
    import re2

    return re2.compile("|".join(re2.escape(piece) for piece in sorted(pieces)))


# Fewer digits than this are not a phone number (and give no formats worth hunting for).
_PHONE_DIGITS: Final = 7


def _phone_formats(text: str, region: str) -> set[str]:
    import phonenumbers

    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return set()
    formats = phonenumbers.PhoneNumberFormat
    return {
        phonenumbers.format_number(number, kind)
        for kind in (formats.E164, formats.INTERNATIONAL, formats.NATIONAL, formats.RFC3966)
    }


class Masker:
    """Masks the values of sensitive keys wherever they show up, and what a flow derives from them
    (`derived_forms`): whole values anywhere, and inside text every run of characters that is a piece
    of at least MIN_SUBSTRING characters of one of the forms, whatever its case. `text` is how a number
    reads as text (the flows' JavaScript-like rules), to find a sensitive number."""

    def __init__(
        self,
        keys: Iterable[str],
        values: Iterable[str],
        text: Callable[[Any], str] = str,
        mask: str = MASK,
        derive: bool = True,
    ) -> None:
        self.keys = frozenset(keys)
        given = [value for value in values if value]
        forms = set(given)
        if derive:
            for value in given:
                forms.update(derived_forms(value))
        self.values = frozenset(forms)
        self._folded = frozenset(value.lower() for value in forms)
        self.mask = mask
        self._text_of = text
        # Every piece of MIN_SUBSTRING characters of a long enough form, lower-cased; a run of text
        # covered by such pieces is a piece of the form (or of several) and is masked whole.
        self._pieces = frozenset(
            form[i : i + MIN_SUBSTRING].lower()
            for form in forms
            if len(form) >= MIN_SUBSTRING
            for i in range(len(form) - MIN_SUBSTRING + 1)
        )
        # Found by RE2, whose automaton looks for all pieces at once in time linear in the text: Python's
        # re tried each piece at each character, 0.7 s for a megabyte.
        self._finder = _finder(self._pieces) if self._pieces else None

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
        if value in self.values or value.lower() in self._folded:
            return self.mask
        if self._finder is None or len(value) < MIN_SUBSTRING:
            return value
        runs = self._covered(value)
        if not runs:
            return value
        parts: list[str] = []
        kept = 0
        for start, end in runs:
            # The spaces around a piece stay: "card 4111-1111" reads "card ••••".
            while start < end and value[start].isspace():
                start += 1
            while end > start and value[end - 1].isspace():
                end -= 1
            if end - start < MIN_SUBSTRING:
                continue  # a short word between spaces ("the 05 bus") tells nothing
            parts += (value[kept:start], self.mask)
            kept = end
        parts.append(value[kept:])
        return "".join(parts)

    def _covered(self, value: str) -> list[list[int]]:
        """The runs of `value` covered by pieces of a sensitive form, as [start, end] pairs in order."""
        if self._finder is None:
            return []
        folded = value.lower()
        if len(folded) != len(value):  # a few characters lower-case to two: match them as they are
            folded = value
        pieces, size = self._pieces, MIN_SUBSTRING
        runs: list[list[int]] = []
        for found in self._finder.finditer(folded):
            start, end = found.span()
            # The matches do not overlap: pieces starting in the last characters of this one were
            # skipped, and they may carry the run on.
            extended = True
            while extended:
                extended = False
                for at in range(end - size + 1, end):
                    if folded[at : at + size] in pieces:
                        end, extended = at + size, True
                        break
            if runs and start <= runs[-1][1]:
                runs[-1][1] = max(runs[-1][1], end)
            else:
                runs.append([start, end])
        return runs

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
        if isinstance(value, int | float):
            shown = self._text_of(value)
            if shown in self.values or self.text(shown) != shown:
                return self.mask
        return value

    def payload(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        """The sensitive keys' values masked whole, the others masked where a secret shows inside them."""
        return {key: self.mask if key in self.keys else self.value(item) for key, item in payload.items()}
