"""Fixtures for Run History: the app's services over a migrated store with the demo data, a qasync loop
that turns while pytest-qt spins Qt's loop (flows run on it, as in the app), a way to run a stored flow,
and a way to open the window that closes it again after the test."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import qasync
import shiboken6
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from cti_desktop.flows.executor import RunResult
from cti_desktop.gui.runs.dialog import RunHistoryDialog
from cti_desktop.services.app_services import AppServices, build_services
from cti_desktop.services.demo import create_demo_data_if_empty
from cti_desktop.settings import Settings

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
def qloop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
    for task in asyncio.all_tasks(loop):
        task.cancel()
    # close() refuses a loop marked running: join the default executor's threads ourselves, or Qt warns
    # that a QThread died running.
    executor = getattr(loop, "_QEventLoop__default_executor", None)
    if executor is not None:
        executor.shutdown(wait=True)
    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop(None)


@pytest.fixture
def services(engine: Engine, db_url: str, qloop: qasync.QEventLoop) -> Iterator[AppServices]:
    services = build_services(Settings(), db_url, engine)
    assert create_demo_data_if_empty(services)
    services.flows.save("Broken Lookup", BROKEN_FLOW, source="ctiAction", active=True)
    yield services
    services.runner.cancel_all()
    services.close()


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
def open_history(qtbot: QtBot, services: AppServices) -> Iterator[OpenHistory]:
    opened: list[RunHistoryDialog] = []

    def open_one(**options: Any) -> RunHistoryDialog:
        dialog = RunHistoryDialog(services, **options)
        dialog.show()
        qtbot.waitExposed(dialog)
        opened.append(dialog)
        return dialog

    yield open_one
    for dialog in opened:
        if shiboken6.isValid(dialog):
            dialog.close()
