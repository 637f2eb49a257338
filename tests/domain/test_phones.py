"""The one phone module (domain/phones.py) that the format blocks, contacts and the local CRM share."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cti_desktop.domain.phones import (
    format_e164,
    format_national,
    nanp_digits,
    nanp_e164,
    phone_formats,
    to_e164,
)


def full(number: str, region: str, style: int) -> str | None:
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(parsed, style)


@pytest.mark.parametrize(
    ("number", "region", "digits"),
    [
        ("(206) 555-0100", "US", "2065550100"),
        ("1 206 555 0100", "CA", "2065550100"),
        ("206\t555\t0100", "US", None),  # phonenumbers refuses tabs: so does the shortcut
        ("+1 206 555 0100", "GB", "2065550100"),  # +1 needs no North American region
        ("876 555 0100", "JM", "8765550100"),  # Jamaica dials +1 too
        ("206 555 0100", "GB", None),
        ("106 555 0100", "US", None),
        ("+44 20 7946 0018", "GB", None),
        ("２０６５５５０１００", "US", None),  # full-width digits: left to phonenumbers
        ("", "US", None),
    ],
)
def test_the_north_american_shortcut(number: str, region: str, digits: str | None) -> None:
    assert nanp_digits(number, region) == digits
    if digits is not None:
        assert (
            nanp_e164(number, region)
            == "+1" + digits
            == full(number, region, phonenumbers.PhoneNumberFormat.E164)
        )
        national = full(number, region, phonenumbers.PhoneNumberFormat.NATIONAL)
        assert format_national(number, region) == national


@settings(max_examples=300, deadline=None)
@given(
    digits=st.text("0123456789", min_size=6, max_size=12),
    separators=st.lists(st.sampled_from(["", " ", "-", ".", "(", ")", "\t"]), min_size=12, max_size=12),
    plus=st.booleans(),
    region=st.sampled_from(["US", "CA", "JM", "GB", "DE"]),
)
def test_the_formats_are_what_phonenumbers_gives(
    digits: str, separators: list[str], plus: bool, region: str
) -> None:
    number = ("+" if plus else "") + "".join(d + s for d, s in zip(digits, separators, strict=False))
    e164 = full(number, region, phonenumbers.PhoneNumberFormat.E164)
    assert format_e164(number, region) == (e164 if e164 is not None else number)
    national = full(number, region, phonenumbers.PhoneNumberFormat.NATIONAL)
    assert format_national(number, region) == (national if national is not None else number)


def test_to_e164_refuses_what_is_not_a_phone_number() -> None:
    assert to_e164(" 020 7946 0018 ", "GB") == "+442079460018"
    assert to_e164("(206) 555-0100", "US") == "+12065550100"
    assert to_e164("12", "US") is None
    assert to_e164("call me", "US") is None


def test_unparseable_numbers_come_back_unchanged() -> None:
    assert format_national("anonymous") == "anonymous"
    assert format_e164("anonymous") == "anonymous"
    formats = phone_formats("anonymous", "GB")
    assert (formats.national, formats.e164, formats.country) == ("anonymous", "anonymous", "GB")


def test_phone_formats_give_the_numbers_own_country() -> None:
    formats = phone_formats("+1 416 555 0100")
    assert (formats.national, formats.e164, formats.country) == ("(416) 555-0100", "+14165550100", "CA")
