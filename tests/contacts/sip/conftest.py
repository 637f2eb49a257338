"""The SIP tests that talk to sipp need sipp and pjsua2 (see sipp_peer.require_sipp)."""

from __future__ import annotations

import pytest

from tests.contacts.sip.sipp_peer import require_sipp


@pytest.fixture
def needs_sipp() -> None:
    require_sipp()
