"""Outbound calls against real SIP traffic: sipp plays the far end the agent dials."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from cti_desktop.contacts.base import TelephonyError
from cti_desktop.contacts.model import ContactState
from tests.contacts.sip.phone import agent_phone
from tests.contacts.sip.sipp_peer import start_sipp

pytestmark = pytest.mark.usefixtures("needs_sipp")


def test_an_answered_outbound_call(tmp_path: Path) -> None:
    async def scenario() -> None:
        sipp = await start_sipp("outbound_answered.xml", tmp_path)
        async with agent_phone(domain=f"127.0.0.1:{sipp.port}") as (phone, seen):
            contact = await phone.dial("+1 206 555 0199")
            assert contact.state == ContactState.CONNECTING
            assert contact.isInbound is False
            assert contact.phoneNumber == "+12065550199"
            await seen.until(lambda: "Ringing +12065550199…" in seen.words, "the far end ringing")
            await seen.until(lambda: contact.state == ContactState.CONNECTED, "the far end answering")
            phone.hang_up(contact.contactId)
            await seen.until(lambda: contact.state == ContactState.ENDED, "the call ended")
            assert seen.event_names(contact.contactId) == ["onConnecting", "onConnected", "onEnded"]
            assert await sipp.finish() == 0, sipp.errors()

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("scenario_file", "words"),
    [
        ("outbound_busy.xml", "Call to 2000: busy."),
        ("outbound_not_found.xml", "Call to 2000: not found: there is no such number or extension."),
        ("outbound_declined.xml", "Call to 2000: declined."),
        ("outbound_timeout.xml", "Call to 2000: no answer: the call timed out."),
    ],
)
def test_a_refused_outbound_call_says_why(tmp_path: Path, scenario_file: str, words: str) -> None:
    async def scenario() -> None:
        sipp = await start_sipp(scenario_file, tmp_path)
        async with agent_phone(domain=f"127.0.0.1:{sipp.port}") as (phone, seen):
            contact = await phone.dial("2000")
            await seen.until(lambda: contact.state == ContactState.ENDED, "the call refused")
            assert phone.end_reason(contact.contactId) == words
            assert seen.words[-1] == words
            assert seen.event_names(contact.contactId) == ["onConnecting", "onEnded"]
            assert await sipp.finish() == 0, sipp.errors()

    asyncio.run(scenario())


def test_what_cannot_be_dialled_is_refused_in_words() -> None:
    async def scenario() -> None:
        async with agent_phone() as (phone, _seen):
            with pytest.raises(TelephonyError, match="not a number that can be dialled"):
                await phone.dial("call me")
            with pytest.raises(TelephonyError, match="no phone number"):
                await phone.dial("  ")
            assert phone.contacts() == []

    asyncio.run(scenario())
