"""Contacts and the agent, as plain data.

`Contact.scope()` and `Agent.scope()` are what flows see as `$.contact` and `$.agent` (docs/flows.md). They
are rebuilt on every call so later blocks see attribute updates; the phone formats behind them are cached
because `phonenumbers` costs tens of microseconds a call.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from cti_desktop.domain.phones import PhoneFormats, phone_formats

__all__ = [
    "CONTACT_TYPES",
    "Agent",
    "AgentState",
    "Contact",
    "ContactDataError",
    "ContactState",
    "PhoneFormats",
    "phone_formats",
]

CONTACT_TYPES: Final = ("voice", "chat", "task", "callback")


class ContactState:
    INCOMING: Final = "incoming"
    CONNECTING: Final = "connecting"
    CONNECTED: Final = "connected"
    ON_HOLD: Final = "on hold"
    AFTER_CALL_WORK: Final = "after-call work"
    ENDED: Final = "ended"
    CLOSED: Final = "closed"

    ALL: Final = (INCOMING, CONNECTING, CONNECTED, ON_HOLD, AFTER_CALL_WORK, ENDED, CLOSED)


class AgentState:
    AVAILABLE: Final = "Available"
    OFFLINE: Final = "Offline"
    BREAK: Final = "Break"
    LUNCH: Final = "Lunch"
    # Entered by the telephony after a contact ends, never chosen by the agent.
    AFTER_CALL_WORK: Final = "AfterCallWork"

    # The states an agent may choose (the status menu of a softphone).
    SELECTABLE: Final = (AVAILABLE, OFFLINE, BREAK, LUNCH)
    ROUTABLE: Final = (AVAILABLE,)


class ContactDataError(ValueError):
    """Contact or agent data that cannot be used; the message says which field and why."""


def _text(data: Mapping[str, Any], key: str, where: str, default: str = "") -> str:
    value = data.get(key, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ContactDataError(f"{where}: '{key}' must be text, not {type(value).__name__}")
    return str(value)


def _flag(data: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
    value = data.get(key, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise ContactDataError(f"{where}: '{key}' must be true or false, not {value!r}")
    return value


@dataclass(slots=True)
class Contact:
    contactId: str
    type: str = "voice"
    phoneNumber: str = ""
    queueName: str = ""
    isInbound: bool = True
    state: str = ContactState.INCOMING
    attributes: dict[str, Any] = field(default_factory=dict)
    queueARN: str = ""
    isMonitor: bool = False
    # How numbers written without a country code are read (a setting, US unless changed).
    defaultCountry: str = "US"

    @property
    def call_type(self) -> str:
        """inbound, outbound or callback, as the Contact Properties block reports it."""
        if self.type == "callback":
            return "callback"
        return "inbound" if self.isInbound else "outbound"

    @property
    def phone(self) -> PhoneFormats:
        return phone_formats(self.phoneNumber, self.defaultCountry)

    @property
    def is_active(self) -> bool:
        return self.state not in (ContactState.ENDED, ContactState.AFTER_CALL_WORK, ContactState.CLOSED)

    def scope(self) -> dict[str, Any]:
        """`$.contact` as flows see it."""
        formats = self.phone if self.phoneNumber else PhoneFormats("", "", self.defaultCountry)
        return {
            "contactId": self.contactId,
            "type": self.type,
            "phoneNumber": self.phoneNumber,
            "formattedPhoneNumber": formats.national,
            "formattedNumberE164": formats.e164,
            "parsedNumber": {"phone": self.phoneNumber, "country": formats.country},
            "queueName": self.queueName,
            "queueARN": self.queueARN,
            "isInbound": self.isInbound,
            "callType": self.call_type,
            "isMonitor": self.isMonitor,
            "state": self.state,
            "attributes": dict(self.attributes),
        }

    @classmethod
    def from_dict(cls, data: Any, default_country: str = "US") -> Contact:
        """A contact from `$.contact` fields (e.g. the command line's --contact); derived fields such as
        formattedPhoneNumber are ignored, they are computed from phoneNumber."""
        where = "contact"
        if not isinstance(data, Mapping):
            raise ContactDataError(
                f"{where}: expected an object with contact fields, not {type(data).__name__}"
            )
        contact_id = _text(data, "contactId", where)
        if not contact_id:
            raise ContactDataError(f"{where}: 'contactId' is required")
        contact_type = _text(data, "type", where, "voice")
        if contact_type not in CONTACT_TYPES:
            raise ContactDataError(
                f"{where}: 'type' must be one of {', '.join(CONTACT_TYPES)}, not {contact_type!r}"
            )
        state = _text(data, "state", where, ContactState.CONNECTED)
        if state not in ContactState.ALL:
            raise ContactDataError(
                f"{where}: 'state' must be one of {', '.join(ContactState.ALL)}, not {state!r}"
            )
        attributes = data.get("attributes") or {}
        if not isinstance(attributes, Mapping):
            raise ContactDataError(f"{where}: 'attributes' must be an object of name/value pairs")
        return cls(
            contactId=contact_id,
            type=contact_type,
            phoneNumber=_text(data, "phoneNumber", where),
            queueName=_text(data, "queueName", where),
            isInbound=_flag(data, "isInbound", where, True),
            state=state,
            attributes={str(k): v for k, v in attributes.items()},
            queueARN=_text(data, "queueARN", where),
            isMonitor=_flag(data, "isMonitor", where, False),
            defaultCountry=default_country,
        )


@dataclass(slots=True)
class Agent:
    name: str = "Agent"
    username: str = "agent"
    extension: str = ""
    state: str = AgentState.OFFLINE
    dialableCountries: list[str] = field(default_factory=lambda: ["US"])

    @property
    def is_routable(self) -> bool:
        return self.state in AgentState.ROUTABLE

    def scope(self) -> dict[str, Any]:
        """`$.agent` as flows see it."""
        return {
            "name": self.name,
            "username": self.username,
            "extension": self.extension,
            "state": self.state,
            "dialableCountries": list(self.dialableCountries),
        }

    @classmethod
    def from_dict(cls, data: Any) -> Agent:
        where = "agent"
        if not isinstance(data, Mapping):
            raise ContactDataError(
                f"{where}: expected an object with agent fields, not {type(data).__name__}"
            )
        countries = data.get("dialableCountries", ["US"])
        if not isinstance(countries, list) or not all(isinstance(c, str) for c in countries):
            raise ContactDataError(
                f"{where}: 'dialableCountries' must be a list of country codes such as \"US\""
            )
        defaults = cls()
        return cls(
            name=_text(data, "name", where, defaults.name),
            username=_text(data, "username", where, defaults.username),
            extension=_text(data, "extension", where),
            state=_text(data, "state", where, defaults.state),
            dialableCountries=[c.upper() for c in countries],
        )
