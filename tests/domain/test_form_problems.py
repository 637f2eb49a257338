"""The problems of a form's design, each with the path of what it concerns."""

from __future__ import annotations

from cti_desktop.domain.form_problems import spec_problems
from cti_desktop.domain.forms import (
    FieldOption,
    FormField,
    FormSpec,
    Validation,
    VisibleWhen,
)


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
