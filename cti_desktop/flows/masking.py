"""What a run records, with the values of sensitive form fields masked (the masking itself is
domain/masking.py's, shared with the HTTP block and forms)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from cti_desktop.domain.masking import Masker
from cti_desktop.flows.references import to_text
from cti_desktop.flows.results import RunResult


def payload_masker(payload: Mapping[str, Any], sensitive_keys: Iterable[str]) -> Masker | None:
    """A masker for the sensitive keys present in the run's payload, or None when there is nothing to hide."""
    return Masker.for_values(payload, sensitive_keys, to_text)


def mask_result(masker: Masker, result: RunResult) -> None:
    """Mask everything the run recorded: its inputs, steps, error, warnings and what it sent out."""
    inputs = dict(result.inputs)
    if isinstance(inputs.get("payload"), Mapping):
        inputs["payload"] = masker.payload(inputs["payload"])
    for key in ("contact", "agent"):
        inputs[key] = masker.value(inputs.get(key))
    result.inputs = inputs
    result.error = masker.text(result.error)
    result.warnings = [masker.text(warning) for warning in result.warnings]
    for step in result.steps:
        step.results = masker.value(step.results)
        step.exception = masker.text(step.exception)
        step.warnings = tuple(masker.text(warning) for warning in step.warnings)
    result.overlay_data = masker.value(result.overlay_data)
    result.screenpops = masker.value(result.screenpops)
    result.modals = masker.value(result.modals)
    result.log = masker.value(result.log)
    result.contact = masker.value(result.contact)
    result.properties = masker.value(result.properties)


class MaskingProperties:
    """The run's properties, storing sensitive values (and their derived forms) masked: a Set Property
    of a derived sensitive value leaves no clear copy in the properties table. Reads, and anything else,
    go to the properties underneath."""

    __slots__ = ("_masker", "inner")

    def __init__(self, inner: Any, masker: Masker) -> None:
        self.inner = inner
        self._masker = masker

    @property
    def values(self) -> Any:
        return getattr(self.inner, "values", {})

    def set(self, key: str, value: Any) -> None:
        self.inner.set(self._masker.text(key), self._masker.value(value))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)
