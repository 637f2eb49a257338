"""Fixtures for the workspace: a qasync loop that is "running" while pytest-qt spins Qt's loop, and the
real services (flow runner, event dispatch, local CRM, simulator) over a store holding the demo data."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
import qasync
from PySide6.QtWidgets import QApplication
from sqlalchemy import Engine

from cti_desktop.contacts.simulator import Simulator
from cti_desktop.crm.local import LocalCrm
from cti_desktop.services.actions import ActionService
from cti_desktop.services.demo import create_demo_data_if_empty
from cti_desktop.services.event_dispatch import EventDispatcher
from cti_desktop.services.flow_runner import FlowRunner
from cti_desktop.services.overlay import OverlayService
from cti_desktop.store.flows import FlowRepository


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
    for task in asyncio.all_tasks(loop):
        task.cancel()
    # close() refuses a loop marked running, and stop() would quit Qt's loop: join the worker threads
    # of asyncio.to_thread/run_in_executor ourselves, or Qt warns that a QThread died running.
    executor = getattr(loop, "_QEventLoop__default_executor", None)
    if executor is not None:
        executor.shutdown(wait=True)
    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop(None)


@pytest.fixture
def services(engine: Engine, qloop: qasync.QEventLoop) -> Iterator[Any]:
    telephony = Simulator()
    crm = LocalCrm(engine)
    flows = FlowRepository(engine)
    runner = FlowRunner(engine, crm=crm, telephony=telephony)
    dispatcher = EventDispatcher(flows, runner)
    dispatcher.attach(telephony)
    actions = ActionService(engine)
    overlay = OverlayService(engine, runner, telephony, actions)
    services = SimpleNamespace(
        engine=engine,
        flows=flows,
        crm=crm,
        telephony=telephony,
        runner=runner,
        dispatcher=dispatcher,
        actions=actions,
        overlay=overlay,
    )
    assert create_demo_data_if_empty(services)  # type: ignore[arg-type]
    yield services
    dispatcher.detach()
    overlay.close()
    runner.cancel_all()
    runner.close()
