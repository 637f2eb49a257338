"""Inbound calls against real SIP traffic: sipp plays the PBX offering calls to the agent's phone."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from cti_desktop.contacts.model import ContactState
from tests.contacts.sip.phone import agent_phone
from tests.contacts.sip.sipp_peer import start_sipp

pytestmark = pytest.mark.usefixtures("needs_sipp")


def test_an_answered_call_the_caller_ends(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with agent_phone() as (phone, seen):
            sipp = await start_sipp("inbound_caller_hangs_up.xml", tmp_path, remote=phone.address)
            contact = await seen.until(lambda: next(iter(phone.contacts()), None), "the call ringing")
            assert contact.state == ContactState.CONNECTING
            # What flows see as $.contact, as for a simulated contact.
            scope = contact.scope()
            assert scope["phoneNumber"] == "+12065550100"
            assert scope["queueName"] == "Sales"
            assert scope["attributes"] == {"caseNumber": "42", "customerTier": "gold"}
            assert scope["isInbound"] is True
            phone.accept(contact.contactId)
            await seen.until(lambda: contact.state == ContactState.ENDED, "the caller hanging up")
            assert seen.event_names(contact.contactId) == [
                "onIncoming",
                "onConnecting",
                "onAccepted",
                "onConnected",
                "onEnded",
            ]
            assert phone.end_reason(contact.contactId) == "+12065550100 hung up."
            assert await sipp.finish() == 0, sipp.errors()

    asyncio.run(scenario())
