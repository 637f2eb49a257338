"""Every field type is declared completely: a name spelled once, its own parse and check, and flags the
code asks instead of comparing names."""

from __future__ import annotations

from typing import get_args

import pytest

from cti_desktop.domain.form_types import (
    FIELD_EDITORS,
    FIELD_TYPE_NAMES,
    FIELD_TYPES,
    P_OPTIONS,
    P_RANGE,
    FieldEditor,
    field_type,
    new_field,
    with_type,
)
from cti_desktop.domain.form_values import validate
from cti_desktop.domain.forms import (
    FieldKind,
    FormField,
    Validation,
)


def test_every_named_kind_is_declared_once_and_completely() -> None:
    assert list(FIELD_TYPES) == list(FieldKind)
    assert set(FIELD_EDITORS) == set(get_args(FieldEditor))
    for name, declaration in FIELD_TYPES.items():
        assert declaration.name == name
        assert callable(declaration.parse) and callable(declaration.check), name
        assert callable(declaration.empty) and callable(declaration.serialize), name
        assert declaration.editor in FIELD_EDITORS, name
        assert declaration.label and declaration.icon and declaration.description, name
        # A new field's default is a value its own type reads back unchanged.
        default = new_field(name).default
        assert declaration.parse(default) == default or name == FieldKind.NUMBER, name


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        (FieldKind.CHECKBOX, False, "Agree is required"),
        (FieldKind.CHECKBOX, "maybe", "Enter true or false"),
        (FieldKind.CHECKBOX, True, None),
        (FieldKind.TEXT, "  ", "Agree is required"),
        (FieldKind.HIDDEN, "", None),
        (FieldKind.NUMBER, "ten", "Enter a number"),
    ],
)
def test_one_uniform_validation_reads_the_flags(kind: FieldKind, value: object, message: str | None) -> None:
    field = FormField("agree", kind, "Agree", required=True)
    assert validate(field, value) == message == field_type(kind).validate(field, value)


def test_only_hidden_is_unseen_and_only_checkbox_is_yes_no() -> None:
    assert [n for n, t in FIELD_TYPES.items() if not t.shown] == [FieldKind.HIDDEN]
    assert [n for n, t in FIELD_TYPES.items() if t.yes_no] == [FieldKind.CHECKBOX]
    checkbox = new_field(FieldKind.CHECKBOX)
    assert checkbox.default is False and type(checkbox.type) is str and checkbox.name == "checkbox1"


def test_every_issue_type_is_declared_once_in_display_order() -> None:
    assert FIELD_TYPE_NAMES == (
        "text",
        "textarea",
        "number",
        "email",
        "phone",
        "date",
        "datetime",
        "checkbox",
        "dropdown",
        "radio",
        "hidden",
    )
    labels = [t.label for t in FIELD_TYPES.values()]
    assert labels[:3] == ["Text", "Multi-line text", "Number"]
    assert FIELD_TYPES["radio"].label == "Radio group"
    assert all(t.icon and t.description for t in FIELD_TYPES.values())


def test_only_choice_types_have_options_and_only_number_and_dates_a_range() -> None:
    assert {n for n, t in FIELD_TYPES.items() if t.has(P_OPTIONS)} == {"dropdown", "radio"}
    assert {n for n, t in FIELD_TYPES.items() if t.has(P_RANGE)} == {"number", "date", "datetime"}


def test_changing_type_keeps_what_applies() -> None:
    text = FormField(
        "code", label="Code", required=True, placeholder="x", help="h", default="abc",
        validation=Validation(min_length=2, pattern="[a-z]+", message="m"),
    )  # fmt: skip
    radio = with_type(text, "radio")
    assert radio.options and radio.placeholder == "" and radio.help == "h" and radio.required
    assert radio.validation == Validation() and radio.default == "abc"
    number = with_type(text, "number")
    assert number.default == "" and number.placeholder == "x" and number.validation == Validation()
    hidden = with_type(text, "hidden")
    assert not hidden.required and hidden.help == ""
    assert with_type(with_type(text, "email"), "text").validation == Validation(min_length=2)
