"""Reading the caller, queue and attributes from an INVITE's headers."""

from __future__ import annotations

from cti_desktop.contacts.sip.headers import caller_number, invite_details, number_of, parse_headers

INVITE = (
    "INVITE sip:agent1001@10.0.0.5 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP pbx.test;branch=z9hG4bK1\r\n"
    'f: "Jane Doe" <sip:1001@pbx.test>;tag=1\r\n'
    "i: abc@pbx.test\r\n"
    "P-Asserted-Identity: <sip:+12065550100@pbx.test>,\r\n"
    " <tel:+12065550100;cpc=ordinary>\r\n"
    "x-queue: Premium%20Support\r\n"
    "X-CTI-caseNumber: 42\r\n"
    "x-cti-customerTier: gold\r\n"
    "Content-Length: 0\r\n"
    "\r\n"
    "X-CTI-inBody: no\r\n"
)


def test_an_invite_reads_as_a_contact() -> None:
    details = invite_details(INVITE, "X-Queue", "X-CTI-")
    assert details.caller == "+12065550100"
    assert details.queue == "Premium Support"
    assert details.attributes == {"caseNumber": "42", "customerTier": "gold"}
    assert details.call_id == "abc@pbx.test"


def test_without_an_asserted_identity_the_caller_is_from() -> None:
    headers = parse_headers('INVITE sip:a@b SIP/2.0\nFrom: "Bob" <sip:2001@pbx.test;user=phone>;tag=9\n\n')
    assert caller_number(headers) == "2001"


def test_an_anonymous_caller_is_an_empty_number() -> None:
    headers = parse_headers("INVITE sip:a@b SIP/2.0\r\nFrom: <sip:pbx.test>;tag=9\r\n\r\n")
    assert caller_number(headers) == ""


def test_settings_name_other_headers() -> None:
    details = invite_details(INVITE, "X-Skill", "X-Case-")
    assert details.queue == ""
    assert details.attributes == {}


def test_numbers_of_uris() -> None:
    assert number_of("tel:+12065550100;phone-context=example.com") == "+12065550100"
    assert number_of("sips:%2B4930123@pbx.test") == "+4930123"
    assert number_of("sip:1001;ext=1@pbx.test") == "1001"
