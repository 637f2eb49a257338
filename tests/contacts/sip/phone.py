"""The agent's SIP phone in tests: a SipConnector on free ports, with a recorder of what the agent sees
(contact states, events, the phone's status and call words) that a test can wait on."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from cti_desktop.contacts.model import AgentState, Contact
from cti_desktop.contacts.sip.connector import SipConnector
from cti_desktop.contacts.sip.settings import SipSettings

WAIT_S = 15.0


@dataclass
class Seen:
    """What the agent saw, in order."""

    events: list[tuple[str, str, str]] = field(default_factory=list)  # (event, contact id, state)
    words: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    def event_names(self, contact_id: str | None = None) -> list[str]:
        return [name for name, cid, _ in self.events if contact_id is None or cid == contact_id]

    async def until(self, check: Callable[[], Any], what: str, timeout_s: float = WAIT_S) -> Any:
        """Wait until `check()` is truthy (re-checked on everything seen); its value."""
        async with self.changed:
            try:
                await asyncio.wait_for(self.changed.wait_for(check), timeout_s)
            except TimeoutError:
                raise AssertionError(
                    f"never saw {what}; events: {self.events}; words: {self.words}; statuses: {self.statuses}"
                ) from None
        return check()


def _poke(seen: Seen) -> None:
    async def notify() -> None:
        async with seen.changed:
            seen.changed.notify_all()

    asyncio.get_running_loop().create_task(notify())


@contextlib.asynccontextmanager
async def agent_phone(
    available: bool = True, password: str = "", registration_wait_s: float = 5.0, **settings: Any
) -> AsyncIterator[tuple[SipConnector, Seen]]:
    values = {"listen": "127.0.0.1:0", "user": "agent1001", **settings}
    phone = SipConnector(
        SipSettings(**values), password=password, null_audio=True, registration_wait_s=registration_wait_s
    )
    seen = Seen()

    def on_event(_source: str, event: str, contact: Contact) -> None:
        seen.events.append((event, contact.contactId, contact.state))
        _poke(seen)

    def on_words(_contact: Contact, text: str) -> None:
        seen.words.append(text)
        _poke(seen)

    def on_status(text: str) -> None:
        seen.statuses.append(text)
        _poke(seen)

    phone.contact_event.connect(on_event)
    phone.call_status.connect(on_words)
    phone.phone_status_changed.connect(on_status)
    phone.contact_updated.connect(lambda _c: _poke(seen))
    if available:
        phone.set_agent_status(AgentState.AVAILABLE)
    phone.start()
    try:
        await seen.until(lambda: phone.address or "failed" in phone.phone_status, "the phone listening")
        assert phone.address, phone.phone_status
        yield phone, seen
    finally:
        await phone.aclose()
