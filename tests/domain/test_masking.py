"""The one masking module (domain/masking.py): form values, run records and HTTP answers."""

from __future__ import annotations

from cti_desktop.domain.masking import MASK, SECRET_MASK, Masker, mask_named, mask_secrets


def test_mask_named_masks_the_named_values_that_hold_something() -> None:
    values = {"ssn": "123", "pin": "  ", "name": "Ann", "none": None}
    assert mask_named(values, {"ssn", "pin", "none"}) == {
        "ssn": MASK,
        "pin": "  ",
        "name": "Ann",
        "none": None,
    }
    assert mask_named({"ssn": "1"}, ["ssn"], mask="*") == {"ssn": "*"}


def test_mask_secrets_replaces_every_occurrence_inside_nested_values() -> None:
    answer = {"headers": {"x": "Bearer tok-123"}, "body": ["tok-123", 5, ("tok-123!",)]}
    assert mask_secrets(answer, ("Bearer tok-123", "tok-123")) == {
        "headers": {"x": SECRET_MASK},
        "body": [SECRET_MASK, 5, [SECRET_MASK + "!"]],
    }
    assert answer["headers"] == {"x": "Bearer tok-123"}  # a copy: never changed in place


def test_masker_hides_whole_values_anywhere_and_long_ones_inside_text() -> None:
    masker = Masker.for_values({"pin": "12", "card": "4111-1111", "n": 7, "other": "x"}, ["pin", "card", "n"])
    assert masker is not None
    assert masker.payload({"pin": "12", "other": "card 4111-1111 and 12"}) == {
        "pin": MASK,
        "other": f"card {MASK} and 12",  # "12" is too short to hunt for inside text
    }
    assert masker.value({"a": ["12", 7, 7.5, True, None]}) == {"a": [MASK, MASK, 7.5, True, None]}


def test_a_masker_needs_a_sensitive_key_that_is_present() -> None:
    assert Masker.for_values({"name": "Ann"}, ["ssn"]) is None


def test_numbers_are_found_by_the_text_rule_given() -> None:
    masker = Masker.for_values({"amount": 3.0}, ["amount"], text=lambda v: str(int(v)))
    assert masker is not None and masker.value(3.0) == MASK


def test_forms_derived_from_a_sensitive_value_are_masked_too() -> None:
    masker = Masker.for_values({"ssn": "078 05 1120", "phone": "(206) 555-0142"}, ["ssn", "phone"])
    assert masker is not None
    derived = {
        "078051120": MASK,  # spaces removed
        "MDc4IDA1IDExMjA=": MASK,  # base64
        "+12065550142": MASK,  # E.164
        "tel:+1-206-555-0142": MASK,
        "2065550142": MASK,  # digits only
        "last four: 1120.": f"last four: {MASK}.",  # a slice of four characters
        "ssn 078 05 1120 ok": f"ssn {MASK} ok",
        "the 05 bus": "the 05 bus",  # shorter than four characters: not hunted for
    }
    assert {text: masker.text(text) for text in derived} == derived
    assert masker.value(78051120) == MASK  # the digits as a number


def test_case_does_not_hide_a_sensitive_value() -> None:
    masker = Masker.for_values({"name": "Ann Lee Smith"}, ["name"])
    assert masker is not None
    assert masker.text("Dear ANN LEE SMITH,") == f"Dear {MASK},"
    assert masker.text("annleesmith") == MASK
