"""What a telephony connector offers the core: the contacts and the agent, the event stream flows are
triggered by, and the operations the contact and agent blocks carry out.

A connector may answer synchronously (the simulator) or with an awaitable (a connector that talks to a
remote service); blocks await whatever comes back (`resolve`).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Mapping
from typing import Any, Protocol, TypeAlias, TypeVar, cast, runtime_checkable

from cti_desktop.contacts.model import Agent, Contact
from cti_desktop.domain.signals import Signal

T = TypeVar("T")

MaybeAwaitable: TypeAlias = T | Awaitable[T]


async def resolve(value: MaybeAwaitable[T]) -> T:
    """The value, awaited first if a connector returned an awaitable."""
    if inspect.isawaitable(value):
        return cast(T, await value)
    return cast(T, value)


class TelephonyError(Exception):
    """A telephony operation was refused; the message says why in words an agent understands."""


class ContactEventStream:
    """The signals a telephony connector emits.

    - `contact_event(source_api_value, event_name, contact)`: a lifecycle event, e.g. ("voiceContact",
      "onConnecting", contact); event dispatch runs the flows written for it.
    - `agent_event(event_name, agent)`: e.g. ("onRoutable", agent), under the "agent" source.
    - `contacts_changed()`: a contact arrived or left (views refresh their list).
    - `contact_updated(contact)`: a contact's state or attributes changed (views refresh that contact).
    """

    def __init__(self) -> None:
        self.contact_event: Signal[[str, str, Contact]] = Signal()
        self.agent_event: Signal[[str, Agent]] = Signal()
        self.contacts_changed: Signal[[]] = Signal()
        self.contact_updated: Signal[[Contact]] = Signal()


@runtime_checkable
class TelephonyConnector(Protocol):
    name: str
    contact_event: Signal[[str, str, Contact]]
    agent_event: Signal[[str, Agent]]
    contacts_changed: Signal[[]]
    contact_updated: Signal[[Contact]]

    @property
    def agent(self) -> Agent: ...

    def contacts(self) -> list[Contact]: ...

    def get_contact(self, contact_id: str) -> Contact | None: ...

    def supports(self, block_type: str) -> bool:
        """Whether this connector can carry out a block type that needs the telephony."""
        ...

    def dial(self, phone_number: str, queue_arn: str = "") -> MaybeAwaitable[Contact]:
        """Place an outbound call; raises TelephonyError when the number cannot be dialled."""
        ...

    def update_attributes(
        self, contact_id: str, attributes: Mapping[str, Any]
    ) -> MaybeAwaitable[Contact]: ...

    def set_agent_status(self, status: str) -> MaybeAwaitable[Agent]: ...

    def get_agent_status(self) -> MaybeAwaitable[str]: ...

    def agent_statuses(self) -> tuple[str, ...]:
        """The states the agent may choose."""
        ...
