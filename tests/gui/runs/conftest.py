"""Fixtures for Run History: the app's services over a migrated store with the demo data, a qasync loop
that turns while pytest-qt spins Qt's loop (flows run on it, as in the app), a way to run a stored flow,
and a way to open the window that closes it again after the test."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from cti_desktop.flows.results import RunResult
from cti_desktop.gui.runs.dialog import RunHistoryDialog
from cti_desktop.services.app_services import AppServices

# A flow whose second block is of a type nobody knows: that block fails, its failure port is not
# connected, so the run fails with an error naming the block.
BROKEN_FLOW = {
    "name": "Broken Lookup",
    "actions": [
        {"id": "start", "type": "SE_Start", "ports": {"done": "lookup"}},
        {"id": "lookup", "type": "SE_OldLookup", "controls": {}, "ports": {"success": "end"}},
        {"id": "end", "type": "SE_End"},
    ],
}

RunFlow = Callable[..., RunResult]
OpenHistory = Callable[..., RunHistoryDialog]


@pytest.fixture
def services(demo_services: AppServices) -> AppServices:
    demo_services.flows.save("Broken Lookup", BROKEN_FLOW, source="ctiAction", active=True)
    return demo_services


@pytest.fixture
def run_flow(qtbot: QtBot, services: AppServices) -> RunFlow:
    """run_flow(name, **options): runs the stored flow on the loop, as the app does, and returns its result
    once it is recorded."""

    def run(name: str, **options: Any) -> RunResult:
        task = asyncio.ensure_future(services.runner.run(name, **options))
        qtbot.waitUntil(task.done, timeout=5000)
        return task.result()

    return run


@pytest.fixture
def open_history(
    services: AppServices, show_window: Callable[[RunHistoryDialog], RunHistoryDialog]
) -> OpenHistory:
    return lambda **options: show_window(RunHistoryDialog(services, **options))
