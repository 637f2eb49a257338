"""REGISTER with digest authentication against sipp playing the registrar, and what the agent reads."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.contacts.sip.phone import agent_phone
from tests.contacts.sip.sipp_peer import start_sipp

pytestmark = pytest.mark.usefixtures("needs_sipp")


@pytest.mark.parametrize(
    ("password", "status"),
    [
        ("s3cret-pass", "Phone: registered as agent1001"),
        ("wrong", "Phone: registration refused (403): check the password"),
    ],
)
def test_a_challenged_registration(tmp_path: Path, password: str, status: str) -> None:
    async def scenario() -> None:
        sipp = await start_sipp("register_digest.xml", tmp_path)
        registrar = f"127.0.0.1:{sipp.port}"
        async with agent_phone(registrar=registrar, password=password) as (phone, seen):
            await seen.until(lambda: status in seen.statuses, status)
            assert seen.statuses[0] == "Phone: registering as agent1001…"
            assert phone.phone_status == status
            assert await sipp.finish() == 0, sipp.errors()

    asyncio.run(scenario())


def test_a_registrar_that_never_answers(tmp_path: Path) -> None:
    async def scenario() -> None:
        sipp = await start_sipp("register_silent.xml", tmp_path)
        registrar = f"127.0.0.1:{sipp.port}"
        status = f"Phone: registrar not answering ({registrar}); still trying"
        async with agent_phone(registrar=registrar, registration_wait_s=0.5) as (phone, seen):
            await seen.until(lambda: status in seen.statuses, status)
            assert seen.statuses == ["Phone: registering as agent1001…", status]
            assert phone.phone_status == status
            assert await sipp.finish() == 0, sipp.errors()

    asyncio.run(scenario())
