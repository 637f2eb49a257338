"""Phone numbers, written once, on `phonenumbers`: the formats flows give (`SE_CoreFormatPhoneNumber`,
`$.contact.formattedPhoneNumber`) and the E.164 form the local CRM indexes phone fields by.

`phonenumbers` costs about 25 µs a parse and is loaded on first use (it costs start-up time), so plainly
written North American numbers, most of what a North American call center sees, take a shortcut that
gives exactly what `phonenumbers` gives (tests check it), and full parses are cached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Regions known to dial +1 without asking `phonenumbers` (which would load it).
_NANP_WITHOUT_LOOKUP = frozenset({"US", "CA"})
# Only these: phonenumbers refuses a tab between digits, and the shortcut must answer as it does.
_SEPARATORS = re.compile(r"[ ().\-]")


@lru_cache(maxsize=64)
def _is_nanp_region(region: str) -> bool:
    if region in _NANP_WITHOUT_LOOKUP:
        return True
    import phonenumbers

    return bool(region) and phonenumbers.country_code_for_region(region) == 1


def nanp_digits(number: str, region: str) -> str | None:
    """The ten digits of a plainly written North American number (digits, spaces, ( ) . -, an optional
    +1 or 1), or None when the full parser is needed. Without +1 the region must dial +1 too."""
    digits = _SEPARATORS.sub("", number)
    international = digits.startswith("+")
    if international:
        digits = digits[1:]
        if len(digits) != 11 or digits[0] != "1":
            return None
    if not digits.isascii() or not digits.isdigit():
        return None
    if len(digits) == 11 and digits[0] == "1":
        digits = digits[1:]
    if len(digits) != 10 or digits[0] in "01":
        return None
    if not international and not _is_nanp_region(region):
        return None
    return digits


def nanp_e164(number: str, region: str) -> str | None:
    """The E.164 form of a plainly written North American number, None for anything else."""
    digits = nanp_digits(number, region)
    return None if digits is None else "+1" + digits


@lru_cache(maxsize=4096)
def _formatted(number: str, region: str, style: int) -> str:
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, region or None)
    except phonenumbers.NumberParseException:
        return number
    return phonenumbers.format_number(parsed, style)


def format_national(number: str, country: str = "US") -> str:
    """National format, e.g. (206) 555-0100; a number that cannot be parsed comes back unchanged."""
    digits = nanp_digits(number, country)
    if digits is not None:
        return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    import phonenumbers

    return _formatted(number, country, phonenumbers.PhoneNumberFormat.NATIONAL)


def format_e164(number: str, country: str = "US") -> str:
    """E.164, e.g. +12065550100; a number that cannot be parsed comes back unchanged."""
    digits = nanp_digits(number, country)
    if digits is not None:
        return "+1" + digits
    import phonenumbers

    return _formatted(number, country, phonenumbers.PhoneNumberFormat.E164)


@lru_cache(maxsize=8192)
def to_e164(value: str, default_country: str) -> str | None:
    """A phone value in E.164, or None when it is not a (possible) phone number."""
    value = value.strip()
    fast = nanp_e164(value, default_country)
    if fast is not None:
        return fast
    import phonenumbers

    try:
        parsed = phonenumbers.parse(value, default_country)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@dataclass(frozen=True, slots=True)
class PhoneFormats:
    national: str
    e164: str
    country: str


@lru_cache(maxsize=4096)
def phone_formats(number: str, default_country: str = "US") -> PhoneFormats:
    """The national and E.164 forms of a number and its country (ISO code); a number that cannot be
    parsed comes back unchanged, with the default country."""
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, default_country)
    except phonenumbers.NumberParseException:
        return PhoneFormats(number, number, default_country)
    country = phonenumbers.region_code_for_number(parsed) or default_country
    return PhoneFormats(
        phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL),
        phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164),
        country,
    )
