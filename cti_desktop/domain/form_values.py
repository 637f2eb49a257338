"""An agent's values in a form: whether each is acceptable, which fields show, and the payload entries a
submitted form adds. Each type's own `parse`/`check` (in `form_types`) does the type-specific part."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cti_desktop.domain.form_types import field_type, parse_bool
from cti_desktop.domain.forms import FormField, FormSpec


def validate(field: FormField, value: Any) -> str | None:
    """The message an agent sees for `value` in `field`, or None when it is acceptable."""
    return field_type(field.type).validate(field, value)


def is_visible(field: FormField, values: Mapping[str, Any]) -> bool:
    condition = field.visible_when
    if condition is None:
        return True
    current = values.get(condition.field)
    if isinstance(condition.equals, bool) or isinstance(current, bool):
        try:
            return parse_bool(current) == parse_bool(condition.equals)
        except ValueError:
            return False
    return _as_text(current) == _as_text(condition.equals)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def validate_values(spec: FormSpec, values: Mapping[str, Any]) -> dict[str, str]:
    """field name -> message for every visible field whose value is not acceptable."""
    errors: dict[str, str] = {}
    for f in spec.fields:
        if not field_type(f.type).shown or not is_visible(f, values):
            continue
        message = validate(f, values.get(f.name))
        if message:
            errors[f.name] = message
    return errors


def serialize_values(spec: FormSpec, values: Mapping[str, Any]) -> dict[str, Any]:
    """The payload entries a submitted form adds: typed values of the visible fields (and hidden ones)."""
    out: dict[str, Any] = {}
    for f in spec.fields:
        declaration = field_type(f.type)
        if declaration.shown and not is_visible(f, values):
            continue
        raw = values.get(f.name, None if declaration.shown else f.default)
        try:
            out[f.name] = declaration.serialize(declaration.parse(raw))
        except ValueError:
            out[f.name] = raw
    return out
