"""Inbound calls against real SIP traffic: sipp plays the PBX offering calls to the agent's phone."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from cti_desktop.contacts.model import ContactState
from tests.contacts.sip.phone import agent_phone
from tests.contacts.sip.sipp_peer import start_sipp

pytestmark = pytest.mark.usefixtures("needs_sipp")


async def _ringing(phone, seen):  # type: ignore[no-untyped-def]
    """The call, once it rings (onIncoming, then onConnecting)."""

    def ringing():  # type: ignore[no-untyped-def]
        contact = next(iter(phone.contacts()), None)
        return contact if contact is not None and contact.state == ContactState.CONNECTING else None

    return await seen.until(ringing, "the call ringing")


def test_an_answered_call_the_caller_ends(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with agent_phone() as (phone, seen):
            sipp = await start_sipp("inbound_caller_hangs_up.xml", tmp_path, remote=phone.address)
            contact = await _ringing(phone, seen)
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


def test_an_answered_call_the_agent_ends(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with agent_phone() as (phone, seen):
            sipp = await start_sipp("inbound_agent_hangs_up.xml", tmp_path, remote=phone.address)
            contact = await _ringing(phone, seen)
            phone.accept(contact.contactId)
            await seen.until(lambda: contact.state == ContactState.CONNECTED, "the call connected")
            phone.hang_up(contact.contactId)
            await seen.until(lambda: contact.state == ContactState.ENDED, "the call ended")
            assert seen.event_names(contact.contactId)[-2:] == ["onConnected", "onEnded"]
            assert phone.end_reason(contact.contactId) == "You hung up the call with +12065550100."
            # After-call work and close, as with any contact.
            phone.after_call_work(contact.contactId)
            phone.close(contact.contactId)
            assert phone.contacts() == []
            assert await sipp.finish() == 0, sipp.errors()

    asyncio.run(scenario())


def test_a_call_cancelled_while_ringing_is_missed(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with agent_phone() as (phone, seen):
            sipp = await start_sipp("inbound_cancelled.xml", tmp_path, remote=phone.address)
            contact = await _ringing(phone, seen)
            await seen.until(lambda: "onMissed" in seen.event_names(), "the call missed")
            assert seen.event_names(contact.contactId) == ["onIncoming", "onConnecting", "onMissed"]
            assert phone.contacts() == []
            assert seen.words[-1] == (
                "Missed call from +12065550100: the caller hung up before it was answered."
            )
            assert await sipp.finish() == 0, sipp.errors()

    asyncio.run(scenario())


def test_a_rejected_call_is_answered_busy(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with agent_phone() as (phone, seen):
            sipp = await start_sipp("inbound_rejected.xml", tmp_path, remote=phone.address)
            contact = await _ringing(phone, seen)
            phone.reject(contact.contactId)
            await seen.until(lambda: "onMissed" in seen.event_names(), "the call rejected")
            assert seen.words[-1] == "Call from +12065550100 rejected."
            assert phone.contacts() == []
            assert await sipp.finish() == 0, sipp.errors()

    asyncio.run(scenario())


def test_a_call_held_and_resumed(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with agent_phone() as (phone, seen):
            sipp = await start_sipp("inbound_held_resumed.xml", tmp_path, remote=phone.address)
            contact = await _ringing(phone, seen)
            phone.accept(contact.contactId)
            await seen.until(lambda: contact.state == ContactState.CONNECTED, "the call connected")
            phone.mute(contact.contactId)
            assert phone.is_muted(contact.contactId)
            phone.unmute(contact.contactId)
            phone.send_dtmf(contact.contactId, "12#")
            phone.hold(contact.contactId)
            await seen.until(lambda: contact.state == ContactState.ON_HOLD, "the call on hold")
            phone.resume(contact.contactId)
            await seen.until(lambda: contact.state == ContactState.CONNECTED, "the call resumed")
            phone.hang_up(contact.contactId)
            await seen.until(lambda: contact.state == ContactState.ENDED, "the call ended")
            # Nothing the agent asked for was refused.
            assert not [w for w in seen.words if "could not" in w], seen.words
            assert await sipp.finish() == 0, sipp.errors()

    asyncio.run(scenario())


def test_a_call_transferred_blind(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with agent_phone() as (phone, seen):
            sipp = await start_sipp("inbound_transferred.xml", tmp_path, remote=phone.address)
            contact = await _ringing(phone, seen)
            phone.accept(contact.contactId)
            await seen.until(lambda: contact.state == ContactState.CONNECTED, "the call connected")
            phone.transfer(contact.contactId, "2000")
            await seen.until(lambda: contact.state == ContactState.ENDED, "the call handed over")
            assert phone.end_reason(contact.contactId) == "Call transferred to 2000."
            assert await sipp.finish() == 0, sipp.errors()

    asyncio.run(scenario())


def test_an_offline_agent_is_busy(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with agent_phone(available=False) as (phone, seen):
            # The PBX hears 486 at once and the agent is not disturbed.
            sipp = await start_sipp("inbound_rejected.xml", tmp_path, remote=phone.address)
            assert await sipp.finish() == 0, sipp.errors()
            assert phone.contacts() == []
            assert seen.events == []

    asyncio.run(scenario())


def test_an_agent_on_a_call_is_busy_for_the_next(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with agent_phone() as (phone, seen):
            first = await start_sipp("inbound_agent_hangs_up.xml", tmp_path / "first", remote=phone.address)
            contact = await _ringing(phone, seen)
            phone.accept(contact.contactId)
            await seen.until(lambda: contact.state == ContactState.CONNECTED, "the call connected")
            second = await start_sipp("inbound_rejected.xml", tmp_path / "second", remote=phone.address)
            assert await second.finish() == 0, second.errors()
            assert [c.contactId for c in phone.contacts()] == [contact.contactId]
            phone.hang_up(contact.contactId)
            assert await first.finish() == 0, first.errors()

    asyncio.run(scenario())
