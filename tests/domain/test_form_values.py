"""An agent's values: the messages each type gives, which fields show, the typed payload entries."""

from __future__ import annotations

from typing import Any

import pytest

from cti_desktop.domain.form_values import is_visible, serialize_values, validate, validate_values
from cti_desktop.domain.forms import (
    FieldOption,
    FormField,
    FormSpec,
    Validation,
    VisibleWhen,
)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (FormField("firstName", label="First name", required=True), "", "First name is required"),
        (FormField("firstName", label="First name", required=True), "   ", "First name is required"),
        (FormField("firstName", label="", required=True), None, "firstName is required"),
        (FormField("note", required=False), "", None),
        (
            FormField("code", label="Code", validation=Validation(min_length=3)),
            "ab",
            "Must be at least 3 characters",
        ),
        (FormField("code", label="Code", validation=Validation(min_length=1)), "a", None),
        (
            FormField("code", label="Code", validation=Validation(max_length=1)),
            "ab",
            "Must be at most 1 character",
        ),
        (
            FormField("zip", label="ZIP", validation=Validation(pattern=r"\d{5}", message="Enter 5 digits")),
            "12a45",
            "Enter 5 digits",
        ),
        (
            FormField("zip", label="ZIP", validation=Validation(pattern=r"\d{5}")),
            "1234",
            "ZIP is not in the expected format",
        ),
        (FormField("zip", label="ZIP", validation=Validation(pattern=r"\d{5}")), "12345", None),
        (FormField("mail", type="email", label="Email"), "someone@", "Enter a valid email address"),
        (FormField("mail", type="email", label="Email"), "someone@example.com", None),
        (FormField("tel", type="phone", label="Telephone"), "12", "Enter a valid phone number"),
        (FormField("tel", type="phone", label="Telephone"), "call me", "Enter a valid phone number"),
        (FormField("tel", type="phone", label="Telephone"), "(206) 555-0100", None),
        (FormField("tel", type="phone", label="Telephone"), "+44 20 7946 0958", None),
        (FormField("qty", type="number", label="Quantity"), "many", "Enter a number"),
        (
            FormField("qty", type="number", label="Quantity", validation=Validation(min=1)),
            "0",
            "Must be at least 1",
        ),
        (
            FormField("qty", type="number", label="Quantity", validation=Validation(max=9.5)),
            10,
            "Must be at most 9.5",
        ),
        (FormField("qty", type="number", validation=Validation(min=1, max=10)), "1,0", None),
        (FormField("day", type="date", label="Day"), "31/05/2024", "Enter a valid date (YYYY-MM-DD)"),
        (
            FormField("day", type="date", label="Day", validation=Validation(min="2024-06-01")),
            "2024-05-31",
            "Must be on or after 2024-06-01",
        ),
        (
            FormField("day", type="date", label="Day", validation=Validation(max="2024-06-01")),
            "2024-06-02",
            "Must be on or before 2024-06-01",
        ),
        (
            FormField("at", type="datetime", label="At"),
            "tomorrow",
            "Enter a valid date and time (YYYY-MM-DD HH:MM)",
        ),
        (
            FormField("at", type="datetime", label="At", validation=Validation(min="2024-06-01T09:00")),
            "2024-06-01T08:59",
            "Must be on or after 2024-06-01 09:00",
        ),
        (FormField("ok", type="checkbox", label="I agree", required=True), False, "I agree is required"),
        (FormField("ok", type="checkbox", label="I agree", required=True), True, None),
        (FormField("ok", type="checkbox", label="I agree"), "maybe", "Enter true or false"),
        (
            FormField("card", type="dropdown", label="Card", options=(FieldOption("Gold", "gold"),)),
            "silver",
            "Choose one of the listed options",
        ),
        (FormField("card", type="radio", label="Card", options=(FieldOption("Gold", "gold"),)), "gold", None),
        (FormField("secret", type="hidden", required=True), "", None),
    ],
)
def test_validate_gives_the_message_an_agent_reads(field: FormField, value: Any, message: str | None) -> None:
    assert validate(field, value) == message


def test_visible_when_hides_fields_and_their_errors() -> None:
    spec = FormSpec(
        fields=(
            FormField("wantsCard", type="checkbox", label="Wants a card"),
            FormField(
                "cardName", label="Name on card", required=True, visible_when=VisibleWhen("wantsCard", True)
            ),
        )
    )
    assert not is_visible(spec.fields[1], {"wantsCard": False})
    assert validate_values(spec, {"wantsCard": False}) == {}
    assert validate_values(spec, {"wantsCard": True}) == {"cardName": "Name on card is required"}
    assert serialize_values(spec, {"wantsCard": False, "cardName": "x"}) == {"wantsCard": False}


def test_serialize_gives_typed_values_and_hidden_defaults() -> None:
    spec = FormSpec(
        fields=(
            FormField("qty", type="number", label="Qty"),
            FormField("ok", type="checkbox", label="Ok"),
            FormField("day", type="date", label="Day"),
            FormField("source", type="hidden", default="desktop"),
        )
    )
    assert serialize_values(spec, {"qty": "12", "ok": "true", "day": "2024-05-31"}) == {
        "qty": 12,
        "ok": True,
        "day": "2024-05-31",
        "source": "desktop",
    }
