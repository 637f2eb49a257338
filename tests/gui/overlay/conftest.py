"""Fixtures for the overlay panels: the simulator and an OverlayService over a stand-in runner whose runs
the test controls (on the shared qasync loop of tests/gui/conftest.py), and the app's real services."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from functools import partial
from types import SimpleNamespace
from typing import Any

import pytest
import qasync
from sqlalchemy import Engine
from sqlmodel import Session

from cti_desktop.contacts.simulator import Simulator
from cti_desktop.domain.signals import Signal
from cti_desktop.services.actions import ActionService
from cti_desktop.services.app_services import AppServices
from cti_desktop.services.live_changes import LiveChanges
from cti_desktop.services.overlay import OverlayService
from cti_desktop.store.models import FlowRow


class FakeRunner:
    """Stands in for the FlowRunner: records each run, waits on `gate` when set, sends the payload to the
    overlay and returns `result`."""

    def __init__(self) -> None:
        self.overlay_data_sent: Signal[[str, dict[str, Any]]] = Signal()
        self.calls: list[dict[str, Any]] = []
        self.gate: asyncio.Event | None = None
        self.result: dict[str, Any] = {"status": "completed", "error": "", "warnings": [], "steps": []}
        self.send: dict[str, Any] | None = None
        self.kept: set[int] = set()

    def keep_flows(self, flow_ids: Iterable[int]) -> None:
        self.kept = set(flow_ids)

    async def run(
        self,
        flow: str | int,
        *,
        payload: dict[str, Any] | None = None,
        contact: Any = None,
        trigger_kind: str = "manual",
        trigger_detail: str = "",
        sensitive_keys: frozenset[str] = frozenset(),
    ) -> dict[str, Any]:
        assert trigger_kind == "action"
        action = SimpleNamespace(name=trigger_detail, flow=flow)
        payload = payload or {}
        self.calls.append(
            {
                "action": action.name,
                "flow": flow,
                "payload": payload,
                "contact": contact,
                "sensitive": sensitive_keys,
            }
        )
        if self.gate is not None:
            await self.gate.wait()
        if self.send is not None:
            self.overlay_data_sent.emit(contact.contactId if contact is not None else "", dict(self.send))
        return dict(self.result)


def insert_flow(engine: Engine, name: str, source: str = "ctiAction") -> int:
    with Session(engine) as session:
        now = datetime.now(UTC)
        row = FlowRow(
            name=name, source=source, active=True, created_at=now, updated_at=now, published_version=1
        )
        session.add(row)
        session.commit()
        assert row.id is not None
        return row.id


@pytest.fixture
def add_flow(engine: Engine) -> Callable[..., int]:
    """add_flow(name, source="ctiAction") -> the new flow's id."""
    return partial(insert_flow, engine)


@pytest.fixture
def simulator() -> Simulator:
    return Simulator()


@pytest.fixture
def runner() -> FakeRunner:
    return FakeRunner()


@pytest.fixture
def real_services(demo_services: AppServices) -> AppServices:
    """The app's services for real (runner, event dispatch, local CRM, simulator) over the demo data."""
    return demo_services


@pytest.fixture
def services(
    engine: Engine, simulator: Simulator, runner: FakeRunner, qloop: qasync.QEventLoop
) -> Iterator[Any]:
    actions = ActionService(engine)
    overlay = OverlayService(engine, runner, simulator, actions)
    yield SimpleNamespace(
        engine=engine,
        database_url=str(engine.url),
        changes=actions.changes,
        telephony=simulator,
        actions=actions,
        runner=runner,
        overlay=overlay,
        live=LiveChanges(engine, str(engine.url), actions.changes),
        editing_refusal=lambda: None,
    )
    overlay.close()
