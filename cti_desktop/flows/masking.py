"""Masking of sensitive form values in what a run records (BLOCKS.md: "Values of form fields marked
sensitive are masked in what is recorded")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from cti_desktop.flows.references import to_text

if TYPE_CHECKING:
    from cti_desktop.flows.results import RunResult

MASK = "••••"
# Shorter values are masked only where they are a whole value: masking every "1" inside text would
# make traces unreadable and tell nothing anyway.
MIN_SUBSTRING = 4


class Masker:
    def __init__(self, keys: Iterable[str], values: Iterable[str]) -> None:
        self.keys = frozenset(keys)
        self.values = frozenset(value for value in values if value)
        # Longest first, so a value that contains another is replaced whole.
        self._inner = sorted((v for v in self.values if len(v) >= MIN_SUBSTRING), key=len, reverse=True)

    @classmethod
    def for_payload(cls, payload: Mapping[str, Any], keys: Iterable[str]) -> Masker | None:
        """A masker for the sensitive keys present in the payload, or None when there is nothing to hide."""
        present = [key for key in keys if key in payload]
        if not present:
            return None
        values = [to_text(payload[key]) for key in present if payload[key] not in (None, "")]
        return cls(present, values)

    def text(self, value: str) -> str:
        if value in self.values:
            return MASK
        for secret in self._inner:
            if secret in value:
                value = value.replace(secret, MASK)
        return value

    def value(self, value: Any) -> Any:
        """A masked copy of `value` (never changed in place: results may be shared)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {key: self.value(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self.value(item) for item in value]
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, int | float) and to_text(value) in self.values:
            return MASK
        return value

    def payload(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        return {key: MASK if key in self.keys else self.value(item) for key, item in payload.items()}

    def mask_result(self, result: RunResult) -> None:
        inputs = dict(result.inputs)
        if isinstance(inputs.get("payload"), Mapping):
            inputs["payload"] = self.payload(inputs["payload"])
        for key in ("contact", "agent"):
            inputs[key] = self.value(inputs.get(key))
        result.inputs = inputs
        result.error = self.text(result.error)
        result.warnings = [self.text(warning) for warning in result.warnings]
        for step in result.steps:
            step.results = self.value(step.results)
            step.exception = self.text(step.exception)
            step.warnings = tuple(self.text(warning) for warning in step.warnings)
        result.overlay_data = self.value(result.overlay_data)
        result.screenpops = self.value(result.screenpops)
        result.modals = self.value(result.modals)
        result.log = self.value(result.log)
        result.contact = self.value(result.contact)
        result.properties = self.value(result.properties)
