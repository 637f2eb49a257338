"""Every field type is declared completely: a name spelled once, its own parse and check, and flags the
code asks instead of comparing names."""

from __future__ import annotations

from typing import get_args

import pytest

from cti_desktop.domain.form_types import FIELD_EDITORS, FIELD_TYPES, FieldEditor, field_type, new_field
from cti_desktop.domain.form_values import validate
from cti_desktop.domain.forms import FieldKind, FormField


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
    assert new_field(FieldKind.CHECKBOX).default is False
