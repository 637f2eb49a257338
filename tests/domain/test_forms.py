"""The form model and its file shape: round trips, refusals of badly shaped forms, names, masking."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cti_desktop.domain.form_types import (
    new_field,
    unique_name,
)
from cti_desktop.domain.forms import (
    FieldOption,
    FormatError,
    FormField,
    FormSpec,
    Validation,
    VisibleWhen,
    camel_case,
    is_camel_case,
    is_reference,
    masked_values,
)

ISSUE_FIELD = {
    "name": "firstName",
    "label": "First name",
    "type": "text",
    "required": True,
    "placeholder": "",
    "help": "",
    "default": "",
    "options": [],
    "validation": {},
    "visibleWhen": None,
    "sensitive": False,
}


def test_round_trip_of_the_issue_format_keeps_every_key() -> None:
    form = {
        "title": "Customer Gift Card",
        "instructions": "Please fill in these details.",
        "fields": [ISSUE_FIELD],
    }
    spec = FormSpec.from_json(form)
    assert spec.fields[0] == FormField("firstName", label="First name", required=True)
    assert spec.to_json() == form


def test_a_full_field_round_trips() -> None:
    full = FormField(
        name="cardType",
        type="dropdown",
        label="Card type",
        required=True,
        placeholder="Choose…",
        help="Which card the customer wants",
        default="gold",
        options=(FieldOption("Gold", "gold"), FieldOption("Silver", "silver")),
        validation=Validation(min_length=2, pattern="[a-z]+", message="Lower case"),
        visible_when=VisibleWhen("wantsCard", True),
        sensitive=True,
    )
    data = json.loads(json.dumps(full.to_json()))
    assert data["validation"] == {"minLength": 2, "pattern": "[a-z]+", "message": "Lower case"}
    assert data["visibleWhen"] == {"field": "wantsCard", "equals": True}
    assert FormField.from_json(data) == full


def test_an_empty_form_is_no_form_and_exports_as_null() -> None:
    assert FormSpec().is_empty
    assert FormSpec(title="  ").to_json() is None
    assert FormSpec.from_json(None) == FormSpec()
    assert not FormSpec(instructions="Read this").is_empty


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("x", '"form" must be an object or null'),
        ({"fields": {}}, 'form "fields" must be a list'),
        ({"fields": [3]}, "a field must be an object"),
        ({"fields": [{"label": "x"}]}, 'a field needs a "name" (text)'),
        ({"fields": [{"name": "a", "required": "yes"}]}, 'field "a": "required" must be true or false'),
        ({"fields": [{"name": "a", "validation": {"minimum": 1}}]}, 'field "a": unknown validation setting'),
        ({"fields": [{"name": "a", "visibleWhen": "b"}]}, 'field "a": "visibleWhen" must be null'),
        ({"fields": [{"name": "a", "options": [{"label": "x"}]}]}, "each option must be an object"),
    ],
)
def test_badly_shaped_forms_are_refused_with_a_clear_message(data: Any, message: str) -> None:
    with pytest.raises(FormatError, match=None) as caught:
        FormSpec.from_json(data)
    assert message in str(caught.value)


def test_sensitive_values_are_masked() -> None:
    spec = FormSpec(fields=(FormField("ssn", label="SSN", sensitive=True), FormField("name", label="Name")))
    assert masked_values(spec, {"ssn": "123", "name": "Ann"}) == {"ssn": "••••", "name": "Ann"}


def test_names_and_references() -> None:
    assert camel_case("First name") == "firstName"
    assert camel_case("E-mail address") == "eMailAddress"
    assert camel_case("2nd phone") == "field2ndPhone"
    assert is_camel_case("firstName") and not is_camel_case("FirstName") and not is_camel_case("first_name")
    assert is_reference("$.contact.phoneNumber") and is_reference("Hi {{ $.agent.name }}")
    assert not is_reference("plain")
    assert new_field("text", taken=["text1"]).name == "text2"
    assert [o.value for o in new_field("dropdown").options] == ["option1", "option2"]
    assert unique_name("firstName", ["firstName"]) == "firstName2"
    assert unique_name("text2", ["text2", "text3"]) == "text4"
