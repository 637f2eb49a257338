"""The SIP tests that talk to sipp need sipp and pjsua2: without them they skip, saying why in one line,
except where CTI_DESKTOP_REQUIRE_SIPP=1 (set by .ci/run) turns that into a failure."""

from __future__ import annotations

import os

import pytest

from tests.contacts.sip.sipp_peer import REQUIRE_ENV, why_no_sipp


@pytest.fixture
def needs_sipp() -> None:
    reason = why_no_sipp()
    if reason is None:
        return
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{reason}, and {REQUIRE_ENV}=1 requires the SIP tests to run")
    pytest.skip(reason)
