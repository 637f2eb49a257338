"""Action forms: the fields an agent fills in before a CTI Action runs: the form model and its JSON shape.

The field types are declared once, in `form_types` (parse, check and which inspector properties apply);
checking an agent's values is `form_values`, the problems of a form's design `form_problems`, and the
designer edits a form through `form_document`.

Form values are plain JSON values: text types hold `str`, numbers `int | float`, dates ISO text
(`2024-05-31`, `2024-05-31T14:30`), checkboxes `bool`, dropdowns and radio groups the chosen option's value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from cti_desktop.domain.masking import MASK, mask_named


class FormatError(ValueError):
    """A JSON document that does not have the shape of the import/export format."""


class FieldKind(StrEnum):
    """The name of each field type, as the `type` value in files: spelled here once."""

    TEXT = "text"
    TEXTAREA = "textarea"
    NUMBER = "number"
    EMAIL = "email"
    PHONE = "phone"
    DATE = "date"
    DATETIME = "datetime"
    CHECKBOX = "checkbox"
    DROPDOWN = "dropdown"
    RADIO = "radio"
    HIDDEN = "hidden"


# ---------------------------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class FieldOption:
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Validation:
    """Limits on a value. Each is None when not set. `min`/`max` are numbers for Number fields and ISO
    text for Date and Date-and-time fields."""

    min: int | float | str | None = None
    max: int | float | str | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str = ""
    message: str = ""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in (
            ("min", self.min),
            ("max", self.max),
            ("minLength", self.min_length),
            ("maxLength", self.max_length),
        ):
            if value is not None:
                out[key] = value
        if self.pattern:
            out["pattern"] = self.pattern
        if self.message:
            out["message"] = self.message
        return out

    @staticmethod
    def from_json(data: Any) -> Validation:
        if data is None:
            return Validation()
        if not isinstance(data, Mapping):
            raise FormatError("validation must be an object")
        known = {"min", "max", "minLength", "maxLength", "pattern", "message"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise FormatError(
                f"unknown validation setting {', '.join(unknown)} (known: {', '.join(sorted(known))})"
            )
        for key in ("minLength", "maxLength"):
            value = data.get(key)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise FormatError(f"validation {key} must be a whole number")
        for key in ("min", "max"):
            value = data.get(key)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int | float | str)):
                raise FormatError(f"validation {key} must be a number or a date")
        for key in ("pattern", "message"):
            if not isinstance(data.get(key, ""), str):
                raise FormatError(f"validation {key} must be text")
        return Validation(
            min=data.get("min"),
            max=data.get("max"),
            min_length=data.get("minLength"),
            max_length=data.get("maxLength"),
            pattern=data.get("pattern", ""),
            message=data.get("message", ""),
        )


@dataclass(frozen=True, slots=True)
class VisibleWhen:
    """Show the field only while another field holds a given value."""

    field: str
    equals: Any

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "equals": self.equals}


@dataclass(frozen=True, slots=True)
class FormField:
    name: str
    type: str = FieldKind.TEXT.value
    label: str = ""
    required: bool = False
    placeholder: str = ""
    help: str = ""
    # A literal (as text or a JSON value) or a reference such as `$.contact.phoneNumber`.
    default: Any = ""
    options: tuple[FieldOption, ...] = ()
    validation: Validation = field(default_factory=Validation)
    visible_when: VisibleWhen | None = None
    # Masked in run records.
    sensitive: bool = False

    @property
    def display_label(self) -> str:
        return self.label.strip() or self.name

    @property
    def payload_path(self) -> str:
        return f"$.payload.{self.name}"

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "type": self.type,
            "required": self.required,
            "placeholder": self.placeholder,
            "help": self.help,
            "default": self.default,
            "options": [{"label": o.label, "value": o.value} for o in self.options],
            "validation": self.validation.to_json(),
            "visibleWhen": self.visible_when.to_json() if self.visible_when else None,
            "sensitive": self.sensitive,
        }

    @staticmethod
    def from_json(data: Any) -> FormField:
        if not isinstance(data, Mapping):
            raise FormatError("a field must be an object")
        name = data.get("name")
        if not isinstance(name, str):
            raise FormatError('a field needs a "name" (text)')
        ftype = data.get("type", FieldKind.TEXT.value)
        if not isinstance(ftype, str):
            raise FormatError(f'field "{name}": "type" must be text')
        for key in ("label", "placeholder", "help"):
            if not isinstance(data.get(key, ""), str):
                raise FormatError(f'field "{name}": "{key}" must be text')
        for key in ("required", "sensitive"):
            if not isinstance(data.get(key, False), bool):
                raise FormatError(f'field "{name}": "{key}" must be true or false')
        options_data = data.get("options")
        options_data = [] if options_data is None else options_data
        if not isinstance(options_data, list):
            raise FormatError(f'field "{name}": "options" must be a list')
        options = []
        for option in options_data:
            if not isinstance(option, Mapping) or "value" not in option:
                raise FormatError(f'field "{name}": each option must be an object with "label" and "value"')
            value = str(option["value"])
            options.append(FieldOption(label=str(option.get("label", value)), value=value))
        visible = data.get("visibleWhen")
        visible_when = None
        if visible is not None:
            if not isinstance(visible, Mapping) or not isinstance(visible.get("field"), str):
                raise FormatError(
                    f'field "{name}": "visibleWhen" must be null or {{"field": NAME, "equals": VALUE}}'
                )
            visible_when = VisibleWhen(field=visible["field"], equals=visible.get("equals"))
        try:
            validation = Validation.from_json(data.get("validation"))
        except FormatError as exc:
            raise FormatError(f'field "{name}": {exc}') from None
        return FormField(
            name=name,
            type=ftype,
            label=data.get("label", ""),
            required=data.get("required", False),
            placeholder=data.get("placeholder", ""),
            help=data.get("help", ""),
            default=data.get("default", ""),
            options=tuple(options),
            validation=validation,
            visible_when=visible_when,
            sensitive=data.get("sensitive", False),
        )


@dataclass(frozen=True, slots=True)
class FormSpec:
    title: str = ""
    instructions: str = ""
    fields: tuple[FormField, ...] = ()

    @property
    def is_empty(self) -> bool:
        """No title, no instructions and no fields: the action has no form."""
        return not self.title.strip() and not self.instructions.strip() and not self.fields

    def field_named(self, name: str) -> FormField | None:
        return next((f for f in self.fields if f.name == name), None)

    def to_json(self) -> dict[str, Any] | None:
        if self.is_empty:
            return None
        return {
            "title": self.title,
            "instructions": self.instructions,
            "fields": [f.to_json() for f in self.fields],
        }

    @staticmethod
    def from_json(data: Any) -> FormSpec:
        if data is None:
            return FormSpec()
        if not isinstance(data, Mapping):
            raise FormatError('"form" must be an object or null')
        for key in ("title", "instructions"):
            if not isinstance(data.get(key, ""), str):
                raise FormatError(f'form "{key}" must be text')
        fields_data = data.get("fields")
        fields_data = [] if fields_data is None else fields_data
        if not isinstance(fields_data, list):
            raise FormatError('form "fields" must be a list')
        return FormSpec(
            title=data.get("title", ""),
            instructions=data.get("instructions", ""),
            fields=tuple(FormField.from_json(f) for f in fields_data),
        )


# ----------------------------------------------------------------------------------------- values


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def is_reference(value: Any) -> bool:
    """A default that is filled from run data when the form opens, rather than a literal."""
    return isinstance(value, str) and (value.strip().startswith("$.") or "{{" in value)


_CAMEL = re.compile(r"[a-z][a-zA-Z0-9]*")


def is_camel_case(name: str) -> bool:
    return bool(_CAMEL.fullmatch(name))


def camel_case(text: str) -> str:
    """`"First name"` -> `"firstName"`: the field name offered for a label."""
    words = re.findall(r"[A-Za-z0-9]+", text)
    if not words:
        return ""
    head, *tail = words
    name = head[:1].lower() + head[1:] + "".join(w[:1].upper() + w[1:] for w in tail)
    return name if name[:1].isalpha() else f"field{name[:1].upper()}{name[1:]}"


def masked_values(spec: FormSpec, values: Mapping[str, Any], mask: str = MASK) -> dict[str, Any]:
    """The values as run records keep them: sensitive fields masked."""
    return mask_named(values, {f.name for f in spec.fields if f.sensitive}, mask)
