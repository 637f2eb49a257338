from __future__ import annotations

import pytest

from cti_desktop.flows.sandbox import FlowSandbox


@pytest.fixture
def harness() -> FlowSandbox:
    return FlowSandbox()
