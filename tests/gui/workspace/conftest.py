"""Fixtures for the workspace: the app's real services (flow runner, event dispatch, local CRM, simulator)
over a store holding the demo data, on the shared qasync loop (tests/gui/conftest.py)."""

from __future__ import annotations

import pytest

from cti_desktop.contacts.model import AgentState
from cti_desktop.services.app_services import AppServices


@pytest.fixture
def services(demo_services: AppServices) -> AppServices:
    # Available, so that simulated calls are offered (an Offline agent gets none).
    demo_services.telephony.set_agent_status(AgentState.AVAILABLE)
    return demo_services
