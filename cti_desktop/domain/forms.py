"""Action forms: the fields an agent fills in before a CTI Action runs.

Each field type is declared exactly once, in `FIELD_TYPES`: its label and icon for the palette, which
inspector properties apply to it, how a value is parsed and serialized, and how it is checked. The
designer's palette and inspector, the form renderer and validation all read these declarations.

Form values are plain JSON values: text types hold `str`, numbers `int | float`, dates ISO text
(`2024-05-31`, `2024-05-31T14:30`), checkboxes `bool`, dropdowns and radio groups the chosen option's value.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Problem:
    """Something that keeps an action (or a file) from being saved, and where it is."""

    field_path: str
    message: str

    def __str__(self) -> str:
        return f"{self.field_path}: {self.message}" if self.field_path else self.message


class FormatError(ValueError):
    """A JSON document that does not have the shape of the import/export format."""


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
    type: str = "text"
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
        ftype = data.get("type", "text")
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
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}")


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


def _parse_text(raw: Any) -> str:
    return "" if raw is None else str(raw)


def _parse_number(raw: Any) -> int | float | None:
    if is_blank(raw):
        return None
    if isinstance(raw, bool):
        raise ValueError("Enter a number")
    if isinstance(raw, int | float):
        if isinstance(raw, float) and not math.isfinite(raw):
            raise ValueError("Enter a number")
        return raw
    text = str(raw).strip().replace(",", "")
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        raise ValueError("Enter a number") from None
    if not math.isfinite(number):
        raise ValueError("Enter a number")
    return number


def _parse_date(raw: Any) -> str:
    if is_blank(raw):
        return ""
    try:
        return date.fromisoformat(str(raw).strip()).isoformat()
    except ValueError:
        raise ValueError("Enter a valid date (YYYY-MM-DD)") from None


def _parse_datetime(raw: Any) -> str:
    if is_blank(raw):
        return ""
    try:
        moment = datetime.fromisoformat(str(raw).strip())
    except ValueError:
        raise ValueError("Enter a valid date and time (YYYY-MM-DD HH:MM)") from None
    return moment.isoformat(timespec="minutes" if moment.second == 0 else "seconds")


_TRUE = {"true", "yes", "1", "on", "checked"}
_FALSE = {"false", "no", "0", "off", "unchecked", ""}


def _parse_bool(raw: Any) -> bool:
    if raw is None:
        return False
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float):
        return raw != 0
    text = str(raw).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError("Enter true or false")


def _identity(value: Any) -> Any:
    return value


# ------------------------------------------------------------------------------------------ checks
# Each check gets a value that is not blank and returns the message an agent reads, or None.

Check = Callable[[FormField, Any], str | None]


def _check_length(field: FormField, value: Any) -> str | None:
    text = str(value)
    rules = field.validation
    if rules.min_length is not None and len(text) < rules.min_length:
        return f"Must be at least {rules.min_length} {_characters(rules.min_length)}"
    if rules.max_length is not None and len(text) > rules.max_length:
        return f"Must be at most {rules.max_length} {_characters(rules.max_length)}"
    return None


def _characters(count: int) -> str:
    return "character" if count == 1 else "characters"


def _check_pattern(field: FormField, value: Any) -> str | None:
    pattern = field.validation.pattern
    if not pattern:
        return None
    try:
        matched = re.fullmatch(pattern, str(value)) is not None
    except re.error:
        return None  # the designer refuses such a pattern; a stored one never blocks an agent
    if matched:
        return None
    return field.validation.message.strip() or f"{field.display_label} is not in the expected format"


def _check_text(field: FormField, value: Any) -> str | None:
    return _check_length(field, value) or _check_pattern(field, value)


def _check_email(field: FormField, value: Any) -> str | None:
    if not _EMAIL.fullmatch(str(value).strip()):
        return "Enter a valid email address"
    return _check_text(field, value)


# Phone numbers without a country code are read as numbers of this country.
DEFAULT_PHONE_REGION = "US"


def _check_phone(field: FormField, value: Any) -> str | None:
    import phonenumbers

    text = str(value).strip()
    try:
        number = phonenumbers.parse(text, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return "Enter a valid phone number"
    if not phonenumbers.is_possible_number(number):
        return "Enter a valid phone number"
    return _check_pattern(field, value)


def _format_number(number: int | float | str) -> str:
    if isinstance(number, float) and number.is_integer():
        return str(int(number))
    return str(number)


def _check_number(field: FormField, value: Any) -> str | None:
    try:
        number = _parse_number(value)
    except ValueError as exc:
        return str(exc)
    assert number is not None  # value is not blank
    low, high = field.validation.min, field.validation.max
    if isinstance(low, int | float) and number < low:
        return f"Must be at least {_format_number(low)}"
    if isinstance(high, int | float) and number > high:
        return f"Must be at most {_format_number(high)}"
    return None


def _check_moment(parse: Callable[[Any], str]) -> Check:
    def check(field: FormField, value: Any) -> str | None:
        try:
            moment = parse(value)
        except ValueError as exc:
            return str(exc)
        low, high = _limit(parse, field.validation.min), _limit(parse, field.validation.max)
        # ISO text compares in time order once both sides are parsed the same way.
        if low and moment < low:
            return f"Must be on or after {low.replace('T', ' ')}"
        if high and moment > high:
            return f"Must be on or before {high.replace('T', ' ')}"
        return None

    return check


def _limit(parse: Callable[[Any], str], value: Any) -> str:
    """A date limit as comparable ISO text; a limit that is not a date is ignored (the designer flags it)."""
    if not isinstance(value, str):
        return ""
    try:
        return parse(value)
    except ValueError:
        return ""


def _check_checkbox(field: FormField, value: Any) -> str | None:
    try:
        _parse_bool(value)
    except ValueError as exc:
        return str(exc)
    return None


def _check_choice(field: FormField, value: Any) -> str | None:
    if str(value) not in {o.value for o in field.options}:
        return "Choose one of the listed options"
    return None


def _no_check(field: FormField, value: Any) -> str | None:
    return None


# ------------------------------------------------------------------------------------ declarations

# The inspector properties. Every type has name, label, type, visibleWhen and sensitive.
P_REQUIRED = "required"
P_PLACEHOLDER = "placeholder"
P_HELP = "help"
P_DEFAULT = "default"
P_OPTIONS = "options"
P_RANGE = "range"  # validation min / max
P_LENGTH = "length"  # validation minLength / maxLength
P_PATTERN = "pattern"  # validation pattern / message

_INPUT = (P_REQUIRED, P_PLACEHOLDER, P_HELP, P_DEFAULT)


@dataclass(frozen=True, slots=True)
class FieldType:
    """One declaration per field type."""

    name: str  # the `type` value in files
    label: str  # as the palette shows it
    icon: str  # a short glyph drawn as the type's icon
    description: str  # the palette's tooltip
    properties: tuple[str, ...]  # which inspector properties apply
    # How the renderer edits a value: line, multiline, number, date, datetime, checkbox, combo, radio, hidden.
    editor: str
    parse: Callable[[Any], Any]  # text or a JSON value -> the field's value; ValueError with a message
    check: Check
    # What kind of value min/max hold, if the type has a range: "number" or "date"/"datetime".
    range_kind: str = ""
    serialize: Callable[[Any], Any] = _identity

    def has(self, prop: str) -> bool:
        return prop in self.properties


# fmt: off
FIELD_TYPES: dict[str, FieldType] = {
    t.name: t
    for t in (
        FieldType(
            name="text", label="Text", icon="Aa", description="A single line of text",
            properties=(*_INPUT, P_LENGTH, P_PATTERN), editor="line", parse=_parse_text, check=_check_text,
        ),
        FieldType(
            name="textarea", label="Multi-line text", icon="¶", description="Several lines, such as notes",
            properties=(*_INPUT, P_LENGTH, P_PATTERN), editor="multiline", parse=_parse_text,
            check=_check_text,
        ),
        FieldType(
            name="number", label="Number", icon="#", description="A number, with optional limits",
            properties=(*_INPUT, P_RANGE), editor="number", parse=_parse_number, check=_check_number,
            range_kind="number",
        ),
        FieldType(
            name="email", label="Email", icon="@", description="An email address",
            properties=(*_INPUT, P_LENGTH), editor="line", parse=_parse_text, check=_check_email,
        ),
        FieldType(
            name="phone", label="Phone", icon="☎",
            description="A phone number; without a country code it is read as a US number",
            properties=(*_INPUT, P_PATTERN), editor="line", parse=_parse_text, check=_check_phone,
        ),
        FieldType(
            name="date", label="Date", icon="▦", description="A calendar date",
            properties=(P_REQUIRED, P_HELP, P_DEFAULT, P_RANGE), editor="date", parse=_parse_date,
            check=_check_moment(_parse_date), range_kind="date",
        ),
        FieldType(
            name="datetime", label="Date and time", icon="◷", description="A date with a time of day",
            properties=(P_REQUIRED, P_HELP, P_DEFAULT, P_RANGE), editor="datetime", parse=_parse_datetime,
            check=_check_moment(_parse_datetime), range_kind="datetime",
        ),
        FieldType(
            name="checkbox", label="Checkbox", icon="☑",
            description="A yes/no choice; when required it must be ticked",
            properties=(P_REQUIRED, P_HELP, P_DEFAULT), editor="checkbox", parse=_parse_bool,
            check=_check_checkbox,
        ),
        FieldType(
            name="dropdown", label="Dropdown", icon="▾", description="One choice from a list",
            properties=(*_INPUT, P_OPTIONS), editor="combo", parse=_parse_text, check=_check_choice,
        ),
        FieldType(
            name="radio", label="Radio group", icon="◉", description="One choice, with every option in view",
            properties=(P_REQUIRED, P_HELP, P_DEFAULT, P_OPTIONS), editor="radio", parse=_parse_text,
            check=_check_choice,
        ),
        FieldType(
            name="hidden", label="Hidden", icon="⊘",
            description="A value sent with the payload that the agent does not see",
            properties=(P_DEFAULT,), editor="hidden", parse=_identity, check=_no_check,
        ),
    )
}
# fmt: on

FIELD_TYPE_NAMES: tuple[str, ...] = tuple(FIELD_TYPES)


def field_type(name: str) -> FieldType:
    """The declaration of a type; an unknown type reads as Text so a bad record never breaks a view."""
    return FIELD_TYPES.get(name, FIELD_TYPES["text"])


def new_field(type_name: str, taken: Iterable[str] = ()) -> FormField:
    """A fresh field of a type, with a name not in `taken` (`text1`, `text2`, ...)."""
    declaration = FIELD_TYPES[type_name]
    used = set(taken)
    index = 1
    while f"{type_name}{index}" in used:
        index += 1
    options: tuple[FieldOption, ...] = ()
    if declaration.has(P_OPTIONS):
        options = (FieldOption("Option 1", "option1"), FieldOption("Option 2", "option2"))
    return FormField(
        name=f"{type_name}{index}",
        type=type_name,
        label=declaration.label,
        options=options,
        default=False if type_name == "checkbox" else "",
    )


def with_type(original: FormField, type_name: str) -> FormField:
    """The field turned into another type: what still applies is kept, the rest reset."""
    target = FIELD_TYPES[type_name]
    source = field_type(original.type)
    options = original.options
    if target.has(P_OPTIONS) and not options:
        options = new_field(type_name).options
    rules = original.validation
    keep_range = target.has(P_RANGE) and target.range_kind == source.range_kind
    return replace(
        original,
        type=type_name,
        label=original.label or target.label,
        required=original.required and target.has(P_REQUIRED),
        placeholder=original.placeholder if target.has(P_PLACEHOLDER) else "",
        help=original.help if target.has(P_HELP) else "",
        default=original.default if source.parse is target.parse else new_field(type_name).default,
        options=options if target.has(P_OPTIONS) else (),
        validation=Validation(
            min=rules.min if keep_range else None,
            max=rules.max if keep_range else None,
            min_length=rules.min_length if target.has(P_LENGTH) else None,
            max_length=rules.max_length if target.has(P_LENGTH) else None,
            pattern=rules.pattern if target.has(P_PATTERN) else "",
            message=rules.message if target.has(P_PATTERN) else "",
        ),
    )


def unique_name(base: str, taken: Iterable[str]) -> str:
    used = set(taken)
    if base not in used:
        return base
    stem = base.rstrip("0123456789") or base
    index = 2
    while f"{stem}{index}" in used:
        index += 1
    return f"{stem}{index}"


def copy_field(original: FormField, taken: Iterable[str]) -> FormField:
    return replace(original, name=unique_name(original.name, taken))


# --------------------------------------------------------------------------------------- validation


def validate(field: FormField, value: Any) -> str | None:
    """The message an agent sees for `value` in `field`, or None when it is acceptable."""
    declaration = field_type(field.type)
    if declaration.editor == "hidden":
        return None  # the agent cannot change it, so it cannot be wrong
    if declaration.name == "checkbox":
        try:
            checked = _parse_bool(value)
        except ValueError as exc:
            return str(exc)
        if field.required and not checked:
            return f"{field.display_label} is required"
        return None
    if is_blank(value):
        return f"{field.display_label} is required" if field.required else None
    return declaration.check(field, value)


def is_visible(field: FormField, values: Mapping[str, Any]) -> bool:
    condition = field.visible_when
    if condition is None:
        return True
    current = values.get(condition.field)
    if isinstance(condition.equals, bool) or isinstance(current, bool):
        try:
            return _parse_bool(current) == _parse_bool(condition.equals)
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
        if f.type == "hidden" or not is_visible(f, values):
            continue
        message = validate(f, values.get(f.name))
        if message:
            errors[f.name] = message
    return errors


def serialize_values(spec: FormSpec, values: Mapping[str, Any]) -> dict[str, Any]:
    """The payload entries a submitted form adds: typed values of the visible fields (and hidden ones)."""
    out: dict[str, Any] = {}
    for f in spec.fields:
        if f.type != "hidden" and not is_visible(f, values):
            continue
        declaration = field_type(f.type)
        raw = values.get(f.name, f.default if f.type == "hidden" else None)
        try:
            out[f.name] = declaration.serialize(declaration.parse(raw))
        except ValueError:
            out[f.name] = raw
    return out


def masked_values(spec: FormSpec, values: Mapping[str, Any], mask: str = "••••") -> dict[str, Any]:
    """The values as run records keep them: sensitive fields masked."""
    sensitive = {f.name for f in spec.fields if f.sensitive}
    return {k: (mask if k in sensitive and not is_blank(v) else v) for k, v in values.items()}


def spec_problems(spec: FormSpec, prefix: str = "form") -> list[Problem]:
    """Everything wrong with a form's design, each with the path of what it concerns."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    names = [f.name for f in spec.fields]
    for index, f in enumerate(spec.fields):
        path = f"{prefix}.fields[{index}]"
        problems.extend(field_problems(f, names, path))
        if f.name in seen:
            problems.append(
                Problem(f"{path}.name", f'Field name "{f.name}" is used twice; each field needs its own name')
            )
        seen.setdefault(f.name, index)
    return problems


def field_problems(f: FormField, all_names: Iterable[str], path: str) -> list[Problem]:
    problems: list[Problem] = []
    label = f.display_label or f"field {path}"
    if not f.name:
        problems.append(Problem(f"{path}.name", f"{label}: a field name is required"))
    elif not is_camel_case(f.name):
        suggestion = camel_case(f.name) or "firstName"
        problems.append(
            Problem(
                f"{path}.name",
                f'Field name "{f.name}" must be one camelCase word: a lower-case letter, then letters and '
                f'digits (e.g. "{suggestion}")',
            )
        )
    if f.type not in FIELD_TYPES:
        problems.append(
            Problem(
                f"{path}.type",
                f'Field "{f.name}" has an unknown type "{f.type}" (known: {", ".join(FIELD_TYPE_NAMES)})',
            )
        )
        return problems
    declaration = FIELD_TYPES[f.type]
    if f.type != "hidden" and not f.label.strip():
        problems.append(Problem(f"{path}.label", f'Field "{f.name}" needs a label the agent will see'))
    if declaration.has(P_OPTIONS):
        problems.extend(_option_problems(f, path))
    problems.extend(_validation_problems(f, declaration, path))
    if f.visible_when is not None:
        others = [n for n in all_names if n != f.name]
        if f.visible_when.field not in others:
            problems.append(
                Problem(
                    f"{path}.visibleWhen",
                    f'"Visible when" refers to "{f.visible_when.field}", which is not another field of this '
                    "form",
                )
            )
    if not is_blank(f.default) and not is_reference(f.default):
        try:
            parsed = declaration.parse(f.default)
        except ValueError as exc:
            problems.append(Problem(f"{path}.default", f"Default: {exc}"))
        else:
            message = declaration.check(replace(f, required=False), parsed) if not is_blank(parsed) else None
            if message:
                problems.append(Problem(f"{path}.default", f"Default: {message}"))
    return problems


def _option_problems(f: FormField, path: str) -> list[Problem]:
    problems: list[Problem] = []
    if not f.options:
        problems.append(Problem(f"{path}.options", f'"{f.display_label}" needs at least one option'))
    values = [o.value for o in f.options]
    for index, option in enumerate(f.options):
        if not option.value.strip():
            problems.append(Problem(f"{path}.options[{index}].value", f"Option {index + 1} needs a value"))
        elif values.index(option.value) != index:
            problems.append(
                Problem(f"{path}.options[{index}].value", f'Option value "{option.value}" is used twice')
            )
    return problems


def _validation_problems(f: FormField, declaration: FieldType, path: str) -> list[Problem]:
    problems: list[Problem] = []
    rules = f.validation
    vpath = f"{path}.validation"
    if declaration.has(P_LENGTH):
        for key, value in (("minLength", rules.min_length), ("maxLength", rules.max_length)):
            if value is not None and value < 0:
                problems.append(Problem(f"{vpath}.{key}", "A length limit cannot be negative"))
        if (
            rules.min_length is not None
            and rules.max_length is not None
            and rules.min_length > rules.max_length
        ):
            problems.append(
                Problem(f"{vpath}.maxLength", "The maximum length is smaller than the minimum length")
            )
    if declaration.has(P_RANGE):
        problems.extend(_range_problems(rules, declaration, vpath))
    if declaration.has(P_PATTERN) and rules.pattern:
        try:
            re.compile(rules.pattern)
        except re.error as exc:
            problems.append(
                Problem(f"{vpath}.pattern", f"The pattern is not a valid regular expression: {exc}")
            )
    return problems


def _range_problems(rules: Validation, declaration: FieldType, vpath: str) -> list[Problem]:
    problems: list[Problem] = []
    parsed: dict[str, Any] = {}
    for key, value in (("min", rules.min), ("max", rules.max)):
        if value is None or value == "":
            continue
        try:
            parsed[key] = declaration.parse(value)
        except ValueError as exc:
            problems.append(Problem(f"{vpath}.{key}", f"{'Minimum' if key == 'min' else 'Maximum'}: {exc}"))
    if "min" in parsed and "max" in parsed and parsed["min"] > parsed["max"]:
        problems.append(Problem(f"{vpath}.max", "The maximum is smaller than the minimum"))
    return problems
