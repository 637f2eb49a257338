"""The simulator: a telephony connector without a telephony. It holds several contacts and the agent,
moves them through their lifecycle on request (a test, the command line, the GUI's simulator panel) and
announces every change as the events a real contact center would raise, so flows run as they would in
production. It also carries out the contact and agent blocks (dial, update attributes, set status).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

from cti_desktop.contacts.base import ContactEventStream, TelephonyError
from cti_desktop.contacts.model import CONTACT_TYPES, Agent, AgentState, Contact, ContactState
from cti_desktop.domain.catalog import CONTACT_SOURCE_BY_TYPE

# The blocks that need a telephony connector; the simulator carries out all of them.
TELEPHONY_BLOCKS = frozenset(
    {"SE_AgentDialNumber", "SE_ContactUpdateAttributes", "SE_AgentSetStatus", "SE_AgentGetStatus"}
)

# How a state reads in "the agent is ...".
_STATE_WORDS = {
    AgentState.OFFLINE: "offline",
    AgentState.BREAK: "on a break",
    AgentState.LUNCH: "at lunch",
    AgentState.AFTER_CALL_WORK: "in after-call work",
}


class NotOffered(TelephonyError):
    """The contact center would not route the contact to the agent now; the message says why."""


# Agent events raised when the agent enters a state (besides onStateChange, raised for every change).
_AGENT_STATE_EVENTS = {
    AgentState.AVAILABLE: "onRoutable",
    AgentState.OFFLINE: "onOffline",
    AgentState.AFTER_CALL_WORK: "onAfterCallWork",
}


class Simulator(ContactEventStream):
    name = "simulator"

    def __init__(self, agent: Agent | None = None, default_country: str = "US") -> None:
        super().__init__()
        self._agent = agent or Agent()
        self.default_country = default_country
        self._contacts: dict[str, Contact] = {}
        self._ids = itertools.count(1)
        # The state the agent returns to when after-call work is over.
        self._state_before_acw = AgentState.AVAILABLE

    # -- what blocks and views read ------------------------------------------------------------------

    @property
    def agent(self) -> Agent:
        return self._agent

    def contacts(self) -> list[Contact]:
        return list(self._contacts.values())

    def get_contact(self, contact_id: str) -> Contact | None:
        return self._contacts.get(contact_id)

    def supports(self, block_type: str) -> bool:
        return block_type in TELEPHONY_BLOCKS

    def agent_statuses(self) -> tuple[str, ...]:
        return AgentState.SELECTABLE

    def why_not_offered(self) -> str | None:
        """Why a contact would not be routed to the agent now, in words; None when it would be. A contact
        center offers contacts only to an agent whose status is Available."""
        state = self._agent.state
        if state in AgentState.ROUTABLE:
            return None
        words = _STATE_WORDS.get(state, f"in the status {state}")
        return (
            f"Not offered: the agent is {words}, and "
            f"contacts are routed only to an Available agent. Set the status to {AgentState.AVAILABLE} "
            "to take it."
        )

    # -- the contact lifecycle -----------------------------------------------------------------------

    def offer(
        self,
        phone_number: str,
        queue_name: str = "",
        contact_type: str = "voice",
        attributes: Mapping[str, Any] | None = None,
    ) -> Contact:
        """A contact routed as a contact center routes it: to the agent only when Available (then as
        `incoming`); otherwise NotOffered says why, and no event is raised."""
        reason = self.why_not_offered()
        if reason is not None:
            raise NotOffered(reason)
        return self.incoming(phone_number, queue_name, contact_type, attributes)

    def incoming(
        self,
        phone_number: str,
        queue_name: str = "",
        contact_type: str = "voice",
        attributes: Mapping[str, Any] | None = None,
        contact_id: str | None = None,
    ) -> Contact:
        """A contact arrives for the agent whatever the agent's status (tests, the command line and the
        self-test place contacts directly; `offer` routes as a contact center does): onIncoming, then
        onConnecting while it rings."""
        if contact_type not in CONTACT_TYPES:
            raise TelephonyError(
                f"Unknown contact type {contact_type!r}; use one of {', '.join(CONTACT_TYPES)}."
            )
        contact = Contact(
            contactId=contact_id or self._new_id(),
            type=contact_type,
            phoneNumber=phone_number,
            queueName=queue_name,
            isInbound=True,
            state=ContactState.INCOMING,
            attributes=dict(attributes or {}),
            defaultCountry=self.default_country,
        )
        self._add(contact)
        self._emit(contact, "onIncoming")
        self._move(contact, ContactState.CONNECTING, "onConnecting")
        return contact

    def add_contact(self, contact: Contact) -> Contact:
        """Take over a contact built elsewhere (e.g. the command line's --contact) without raising
        lifecycle events: the run that uses it is already under way."""
        if contact.contactId in self._contacts:
            raise TelephonyError(f"There is already a contact {contact.contactId}.")
        self._add(contact)
        return contact

    def accept(self, contact_id: str) -> Contact:
        contact = self._require(contact_id, (ContactState.INCOMING, ContactState.CONNECTING), "accepted")
        self._emit(contact, "onAccepted")
        self._move(contact, ContactState.CONNECTED, "onConnected")
        return contact

    def connect(self, contact_id: str) -> Contact:
        """The far end answers an outbound call."""
        contact = self._require(contact_id, (ContactState.CONNECTING,), "connected")
        self._move(contact, ContactState.CONNECTED, "onConnected")
        return contact

    def miss(self, contact_id: str) -> Contact:
        """The agent did not answer: the contact is missed and leaves."""
        contact = self._require(contact_id, (ContactState.INCOMING, ContactState.CONNECTING), "missed")
        self._emit(contact, "onMissed")
        self._remove(contact)
        return contact

    def hold(self, contact_id: str) -> Contact:
        contact = self._require(contact_id, (ContactState.CONNECTED,), "put on hold")
        self._move(contact, ContactState.ON_HOLD, "onRefresh")
        return contact

    def resume(self, contact_id: str) -> Contact:
        contact = self._require(contact_id, (ContactState.ON_HOLD,), "resumed")
        self._move(contact, ContactState.CONNECTED, "onRefresh")
        return contact

    def hang_up(self, contact_id: str) -> Contact:
        contact = self._require(
            contact_id, (ContactState.CONNECTING, ContactState.CONNECTED, ContactState.ON_HOLD), "hung up"
        )
        self._move(contact, ContactState.ENDED, "onEnded")
        return contact

    def after_call_work(self, contact_id: str) -> Contact:
        """The ended contact goes into after-call work, and so does the agent."""
        contact = self._require(contact_id, (ContactState.ENDED,), "put into after-call work")
        self._move(contact, ContactState.AFTER_CALL_WORK, "onRefresh")
        if self._agent.state != AgentState.AFTER_CALL_WORK:
            self._state_before_acw = self._agent.state
            self._set_agent_state(AgentState.AFTER_CALL_WORK)
        return contact

    def close(self, contact_id: str) -> Contact:
        """The agent clears the contact; once no contact is in after-call work, the agent returns to the
        state it had before."""
        contact = self._require(contact_id, (ContactState.ENDED, ContactState.AFTER_CALL_WORK), "closed")
        contact.state = ContactState.CLOSED
        self._emit(contact, "onDestroy")
        self._remove(contact)
        still_in_acw = any(c.state == ContactState.AFTER_CALL_WORK for c in self._contacts.values())
        if self._agent.state == AgentState.AFTER_CALL_WORK and not still_in_acw:
            self._set_agent_state(self._state_before_acw)
        return contact

    # -- what the blocks ask for ---------------------------------------------------------------------

    def dial(self, phone_number: str, queue_arn: str = "") -> Contact:
        """An outbound voice call; it rings (onConnecting) until `connect` or `hang_up`."""
        import phonenumbers

        number = (phone_number or "").strip()
        if not number:
            raise TelephonyError("There is no phone number to dial.")
        try:
            parsed = phonenumbers.parse(number, self.default_country)
        except phonenumbers.NumberParseException as exc:
            raise TelephonyError(f"{number!r} is not a phone number: {exc}") from exc
        if not phonenumbers.is_possible_number(parsed):
            raise TelephonyError(f"{number!r} is not a phone number that can be dialled.")
        country = phonenumbers.region_code_for_number(parsed) or ""
        allowed = self._agent.dialableCountries
        if allowed and country not in allowed:
            raise TelephonyError(
                f"The agent may not dial numbers in {country or 'that country'}; "
                f"dialable countries: {', '.join(allowed)}."
            )
        contact = Contact(
            contactId=self._new_id(),
            type="voice",
            phoneNumber=phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164),
            isInbound=False,
            state=ContactState.CONNECTING,
            queueARN=queue_arn,
            defaultCountry=self.default_country,
        )
        self._add(contact)
        self._emit(contact, "onConnecting")
        return contact

    def update_attributes(self, contact_id: str, attributes: Mapping[str, Any]) -> Contact:
        """Merge attributes into a contact. Only views hear of it (contact_updated): raising a lifecycle
        event here would let a flow that updates attributes trigger itself."""
        contact = self._contacts.get(contact_id)
        if contact is None:
            raise TelephonyError(f"There is no contact {contact_id}.")
        if contact.state == ContactState.CLOSED:
            raise TelephonyError(f"Contact {contact_id} is closed; its attributes cannot change.")
        contact.attributes.update({str(k): v for k, v in attributes.items()})
        self.contact_updated.emit(contact)
        return contact

    def set_agent_status(self, status: str) -> Agent:
        if status not in AgentState.SELECTABLE:
            raise TelephonyError(
                f"Unknown agent status {status!r}; use one of {', '.join(AgentState.SELECTABLE)}."
            )
        if self._agent.state == AgentState.AFTER_CALL_WORK:
            # Chosen during after-call work: taken when the work is over, as a softphone does.
            self._state_before_acw = status
            return self._agent
        self._set_agent_state(status)
        return self._agent

    def get_agent_status(self) -> str:
        return self._agent.state

    # -- internals ------------------------------------------------------------------------------------

    def _new_id(self) -> str:
        while True:
            contact_id = f"sim-{next(self._ids)}"
            if contact_id not in self._contacts:
                return contact_id

    def _require(self, contact_id: str, states: tuple[str, ...], verb: str) -> Contact:
        contact = self._contacts.get(contact_id)
        if contact is None:
            raise TelephonyError(f"There is no contact {contact_id}.")
        if contact.state not in states:
            raise TelephonyError(
                f"Contact {contact_id} is {contact.state}; only a contact that is "
                f"{' or '.join(states)} can be {verb}."
            )
        return contact

    def _add(self, contact: Contact) -> None:
        self._contacts[contact.contactId] = contact
        self.contacts_changed.emit()

    def _remove(self, contact: Contact) -> None:
        del self._contacts[contact.contactId]
        self.contacts_changed.emit()

    def _move(self, contact: Contact, state: str, event: str) -> None:
        contact.state = state
        self.contact_updated.emit(contact)
        self._emit(contact, event)

    def _emit(self, contact: Contact, event: str) -> None:
        self.contact_event.emit(CONTACT_SOURCE_BY_TYPE[contact.type], event, contact)

    def _set_agent_state(self, state: str) -> None:
        if state == self._agent.state:
            return
        self._agent.state = state
        self.agent_event.emit("onStateChange", self._agent)
        # Every other state (Break, Lunch, ...) is a not-routable one.
        self.agent_event.emit(_AGENT_STATE_EVENTS.get(state, "onNotRoutable"), self._agent)
