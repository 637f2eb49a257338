"""The field types, each declared once: its label and icon for the palette, which inspector properties
apply to it, the renderer's editor, how a value is parsed and serialized and how it is checked, and the
flags the rest of the code asks instead of comparing type names. The designer's palette and inspector,
the form renderer and validation all read these declarations.

To add a field type: add a `FieldKind` name (`domain/forms.py`) and one `FieldType` to `FIELD_TYPES`
here; the inspector rows follow `properties`, the renderer follows `editor` (see `gui/forms/editors.py`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Literal, get_args

from cti_desktop.domain.forms import FieldKind, FieldOption, FormField, Validation, is_blank

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}")


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


def parse_bool(raw: Any) -> bool:
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
    if number is None:  # a blank value: nothing to check
        return None
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
        parse_bool(value)
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


# How the renderer edits a value (one editor per kind in `gui/forms/editors.py`).
FieldEditor = Literal[
    "line", "multiline", "number", "date", "datetime", "checkbox", "combo", "radio", "hidden"
]
FIELD_EDITORS: tuple[FieldEditor, ...] = get_args(FieldEditor)
# What min/max hold for a type with a range.
RangeKind = Literal["", "number", "date", "datetime"]


def _unticked(raw: Any) -> bool:
    return not parse_bool(raw)


@dataclass(frozen=True, slots=True)
class FieldType:
    """One declaration per field type. Code asks its flags (`shown`, `yes_no`), never its name."""

    name: FieldKind  # the `type` value in files
    label: str  # as the palette shows it
    icon: str  # a short glyph drawn as the type's icon
    description: str  # the palette's tooltip
    properties: tuple[str, ...]  # which inspector properties apply
    editor: FieldEditor
    parse: Callable[[Any], Any]  # text or a JSON value -> the field's value; ValueError with a message
    check: Check  # a value that is filled in -> the message an agent reads, or None
    range_kind: RangeKind = ""
    serialize: Callable[[Any], Any] = _identity
    # False: the agent never sees it; it is sent from its default and never checked.
    shown: bool = True
    # A yes/no value: "required" means ticked, and "true"/"false" typed as a default are booleans.
    yes_no: bool = False
    # Whether a value counts as not filled in (for "required"); ValueError when it cannot be read.
    empty: Callable[[Any], bool] = is_blank
    blank_default: Any = ""  # a new field's default

    def has(self, prop: str) -> bool:
        return prop in self.properties

    def validate(self, field: FormField, value: Any) -> str | None:
        """The message an agent sees for `value` in `field`, or None when it is acceptable."""
        if not self.shown:
            return None  # the agent cannot change it, so it cannot be wrong
        try:
            empty = self.empty(value)
        except ValueError as exc:
            return str(exc)
        if empty:
            return f"{field.display_label} is required" if field.required else None
        return self.check(field, value)


# fmt: off
FIELD_TYPES: dict[str, FieldType] = {
    t.name: t
    for t in (
        FieldType(
            name=FieldKind.TEXT, label="Text", icon="Aa", description="A single line of text",
            properties=(*_INPUT, P_LENGTH, P_PATTERN), editor="line", parse=_parse_text, check=_check_text,
        ),
        FieldType(
            name=FieldKind.TEXTAREA, label="Multi-line text", icon="¶",
            description="Several lines, such as notes",
            properties=(*_INPUT, P_LENGTH, P_PATTERN), editor="multiline", parse=_parse_text,
            check=_check_text,
        ),
        FieldType(
            name=FieldKind.NUMBER, label="Number", icon="#", description="A number, with optional limits",
            properties=(*_INPUT, P_RANGE), editor="number", parse=_parse_number, check=_check_number,
            range_kind="number",
        ),
        FieldType(
            name=FieldKind.EMAIL, label="Email", icon="@", description="An email address",
            properties=(*_INPUT, P_LENGTH), editor="line", parse=_parse_text, check=_check_email,
        ),
        FieldType(
            name=FieldKind.PHONE, label="Phone", icon="☎",
            description="A phone number; without a country code it is read as a US number",
            properties=(*_INPUT, P_PATTERN), editor="line", parse=_parse_text, check=_check_phone,
        ),
        FieldType(
            name=FieldKind.DATE, label="Date", icon="▦", description="A calendar date",
            properties=(P_REQUIRED, P_HELP, P_DEFAULT, P_RANGE), editor="date", parse=_parse_date,
            check=_check_moment(_parse_date), range_kind="date",
        ),
        FieldType(
            name=FieldKind.DATETIME, label="Date and time", icon="◷", description="A date with a time of day",
            properties=(P_REQUIRED, P_HELP, P_DEFAULT, P_RANGE), editor="datetime", parse=_parse_datetime,
            check=_check_moment(_parse_datetime), range_kind="datetime",
        ),
        FieldType(
            name=FieldKind.CHECKBOX, label="Checkbox", icon="☑",
            description="A yes/no choice; when required it must be ticked",
            properties=(P_REQUIRED, P_HELP, P_DEFAULT), editor="checkbox", parse=parse_bool,
            check=_check_checkbox, yes_no=True, empty=_unticked, blank_default=False,
        ),
        FieldType(
            name=FieldKind.DROPDOWN, label="Dropdown", icon="▾", description="One choice from a list",
            properties=(*_INPUT, P_OPTIONS), editor="combo", parse=_parse_text, check=_check_choice,
        ),
        FieldType(
            name=FieldKind.RADIO, label="Radio group", icon="◉",
            description="One choice, with every option in view",
            properties=(P_REQUIRED, P_HELP, P_DEFAULT, P_OPTIONS), editor="radio", parse=_parse_text,
            check=_check_choice,
        ),
        FieldType(
            name=FieldKind.HIDDEN, label="Hidden", icon="⊘",
            description="A value sent with the payload that the agent does not see",
            properties=(P_DEFAULT,), editor="hidden", parse=_identity, check=_no_check,
            shown=False,
        ),
    )
}
# fmt: on

FIELD_TYPE_NAMES: tuple[str, ...] = tuple(FIELD_TYPES)


def field_type(name: str) -> FieldType:
    """The declaration of a type; an unknown type reads as Text so a bad record never breaks a view."""
    return FIELD_TYPES.get(name, FIELD_TYPES[FieldKind.TEXT])


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
        type=declaration.name.value,  # plain text, as files hold it
        label=declaration.label,
        options=options,
        default=declaration.blank_default,
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
        type=target.name.value,
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
