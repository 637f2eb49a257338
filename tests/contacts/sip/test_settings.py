"""The [telephony] and [telephony.sip] settings."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from cti_desktop.contacts.sip.settings import SipSettings, TelephonySettings


def test_defaults() -> None:
    telephony = TelephonySettings()
    assert telephony.connector == "simulator"
    sip = telephony.sip
    assert (sip.listen, sip.transport, sip.queue_header, sip.attribute_header_prefix, sip.auto_answer) == (
        "0.0.0.0:5060",
        "udp",
        "X-Queue",
        "X-CTI-",
        False,
    )


def test_addresses_built_from_the_settings() -> None:
    sip = SipSettings(registrar="pbx.example.com", user="agent1001", transport="tcp")
    assert sip.registrar_uri() == "sip:pbx.example.com;transport=tcp"
    assert sip.account_uri() == "sip:agent1001@pbx.example.com"
    assert sip.target_uri("+12065550100") == "sip:+12065550100@pbx.example.com;transport=tcp"
    assert SipSettings(domain="corp.test").target_uri("2000") == "sip:2000@corp.test"


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"listen": "5060"}, "not an address and port"),
        ({"listen": "0.0.0.0:70000"}, "not a port number"),
        ({"transport": "ws"}, "udp"),
        ({"queue_header": "X Queue"}, "not a SIP header name"),
        ({"user": "agent 1"}, "not a SIP user name"),
        ({"password": "secret"}, "Extra inputs"),
    ],
)
def test_wrong_values_are_refused_in_words(values: dict[str, str], words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        SipSettings.model_validate(values)
