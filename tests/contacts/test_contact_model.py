from __future__ import annotations

import pytest

from cti_desktop.contacts.model import Agent, Contact, ContactDataError, ContactState, phone_formats


def test_scope_derives_phone_formats_and_copies_attributes() -> None:
    contact = Contact("c-1", "voice", "+12065550100", "Sales", attributes={"tier": "gold"})
    scope = contact.scope()
    assert scope["formattedPhoneNumber"] == "(206) 555-0100"
    assert scope["formattedNumberE164"] == "+12065550100"
    assert scope["parsedNumber"] == {"phone": "+12065550100", "country": "US"}
    assert scope["attributes"] == {"tier": "gold"}
    assert scope["callType"] == "inbound"
    scope["attributes"]["tier"] = "changed"
    assert contact.attributes["tier"] == "gold"


def test_scope_reads_national_numbers_in_the_default_country() -> None:
    contact = Contact("c-1", phoneNumber="020 7946 0018", defaultCountry="GB")
    scope = contact.scope()
    assert scope["formattedNumberE164"] == "+442079460018"
    assert scope["parsedNumber"]["country"] == "GB"


def test_scope_keeps_an_unparseable_number_and_an_empty_one() -> None:
    assert Contact("c-1", phoneNumber="anonymous").scope()["formattedPhoneNumber"] == "anonymous"
    empty = Contact("c-2", type="chat").scope()
    assert empty["formattedPhoneNumber"] == ""
    assert empty["formattedNumberE164"] == ""


def test_phone_formats_are_cached() -> None:
    phone_formats.cache_clear()
    Contact("c-1", phoneNumber="+12065550199").scope()
    Contact("c-2", phoneNumber="+12065550199").scope()
    info = phone_formats.cache_info()
    assert info.misses == 1
    assert info.hits == 1


def test_call_type() -> None:
    assert Contact("c", type="callback").call_type == "callback"
    assert Contact("c", isInbound=False).call_type == "outbound"


def test_attribute_updates_show_in_the_next_scope() -> None:
    contact = Contact("c-1")
    contact.attributes["x"] = 1
    assert contact.scope()["attributes"] == {"x": 1}


def test_from_dict_reads_the_command_line_contact() -> None:
    contact = Contact.from_dict(
        {
            "contactId": "c-1",
            "type": "chat",
            "phoneNumber": "+12065550100",
            "queueName": "Sales",
            "attributes": {"a": "b"},
            "formattedPhoneNumber": "ignored",
        }
    )
    assert (contact.contactId, contact.type, contact.queueName) == ("c-1", "chat", "Sales")
    assert contact.attributes == {"a": "b"}
    assert contact.state == ContactState.CONNECTED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "expected an object"),
        ({}, "'contactId' is required"),
        ({"contactId": "c", "type": "fax"}, "'type' must be one of"),
        ({"contactId": "c", "attributes": [1]}, "'attributes' must be an object"),
        ({"contactId": "c", "isInbound": "yes"}, "'isInbound' must be true or false"),
        ({"contactId": {"a": 1}}, "'contactId' must be text"),
        ({"contactId": "c", "state": "ringing"}, "'state' must be one of"),
    ],
)
def test_from_dict_refuses_bad_contacts(data: object, message: str) -> None:
    with pytest.raises(ContactDataError, match=message):
        Contact.from_dict(data)


def test_agent_scope_and_from_dict() -> None:
    agent = Agent.from_dict(
        {"name": "Ann", "username": "ann", "state": "Available", "dialableCountries": ["us"]}
    )
    assert agent.scope() == {
        "name": "Ann",
        "username": "ann",
        "extension": "",
        "state": "Available",
        "dialableCountries": ["US"],
    }
    assert agent.is_routable
    with pytest.raises(ContactDataError, match="dialableCountries"):
        Agent.from_dict({"dialableCountries": "US"})
