from __future__ import annotations

import json
from typing import Any

import pytest

from cti_desktop.domain.form_problems import spec_problems
from cti_desktop.domain.form_types import (
    FIELD_TYPE_NAMES,
    FIELD_TYPES,
    P_OPTIONS,
    P_RANGE,
    new_field,
    unique_name,
    with_type,
)
from cti_desktop.domain.form_values import is_visible, serialize_values, validate, validate_values
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


def test_spec_problems_name_each_field_path() -> None:
    spec = FormSpec(
        fields=(
            FormField("First Name", label="First name"),
            FormField("lastName", label=""),
            FormField("lastName", label="Last name again"),
            FormField("gift", type="voucher", label="Gift"),
            FormField("card", type="dropdown", label="Card"),
            FormField("qty", type="number", label="Qty", validation=Validation(min=5, max=2)),
            FormField("code", label="Code", validation=Validation(min_length=5, max_length=2, pattern="(")),
            FormField("extra", label="Extra", visible_when=VisibleWhen("nothing", "x")),
            FormField("mail", type="email", label="Mail", default="not-an-email"),
            FormField("tel", type="phone", label="Telephone", default="$.contact.phoneNumber"),
        )
    )
    problems = {p.field_path: p.message for p in spec_problems(spec)}
    assert problems["form.fields[0].name"].startswith('Field name "First Name" must be one camelCase word')
    assert '"firstName"' in problems["form.fields[0].name"]
    assert problems["form.fields[1].label"] == 'Field "lastName" needs a label the agent will see'
    assert (
        problems["form.fields[2].name"]
        == 'Field name "lastName" is used twice; each field needs its own name'
    )
    assert problems["form.fields[3].type"].startswith('Field "gift" has an unknown type "voucher"')
    assert problems["form.fields[4].options"] == '"Card" needs at least one option'
    assert problems["form.fields[5].validation.max"] == "The maximum is smaller than the minimum"
    assert problems["form.fields[6].validation.maxLength"] == (
        "The maximum length is smaller than the minimum length"
    )
    assert problems["form.fields[6].validation.pattern"].startswith(
        "The pattern is not a valid regular expression"
    )
    assert problems["form.fields[7].visibleWhen"].startswith('"Visible when" refers to "nothing"')
    assert problems["form.fields[8].default"] == "Default: Enter a valid email address"
    assert not any(path.startswith("form.fields[9]") for path in problems)


def test_a_good_form_has_no_problems() -> None:
    spec = FormSpec(
        title="Customer Gift Card",
        fields=(
            FormField("firstName", label="First name", required=True),
            FormField(
                "card", type="radio", label="Card", options=(FieldOption("Gold", "gold"),), default="gold"
            ),
            FormField("note", label="Note", visible_when=VisibleWhen("card", "gold")),
        ),
    )
    assert spec_problems(spec) == []


def test_duplicate_option_values_are_flagged() -> None:
    field = FormField(
        "card",
        type="dropdown",
        label="Card",
        options=(FieldOption("A", "a"), FieldOption("B", "a"), FieldOption("C", "")),
    )
    messages = {p.field_path: p.message for p in spec_problems(FormSpec(fields=(field,)))}
    assert messages["form.fields[0].options[1].value"] == 'Option value "a" is used twice'
    assert messages["form.fields[0].options[2].value"] == "Option 3 needs a value"


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
