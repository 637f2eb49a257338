"""Event dispatch: contact and agent events run the active flows written for them."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from cti_desktop.contacts.model import Agent, Contact
from cti_desktop.contacts.simulator import Simulator
from cti_desktop.crm.importing import read_json_file
from cti_desktop.flows.blocks import contact, core, crm, http
from cti_desktop.flows.document import FlowDocument
from cti_desktop.flows.registry import BlockRegistry
from cti_desktop.services.event_dispatch import EventDispatcher
from cti_desktop.services.flow_runner import FlowRunner
from cti_desktop.store.crm import LocalCrm
from cti_desktop.store.flows import FlowRepository

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "adapter-flows"


def _fixture(name: str) -> FlowDocument:
    return FlowDocument.from_json((FIXTURES / name).read_text())


def _flow(*actions: dict[str, Any]) -> FlowDocument:
    return FlowDocument.from_dict({"actions": list(actions)})


def _set_property(key: str, value: str) -> FlowDocument:
    return _flow(
        {"id": "s", "type": "SE_Start", "ports": {"done": "p"}},
        {
            "id": "p",
            "type": "SE_SetProperty",
            "controls": {"key": key, "value": value},
            "ports": {"done": "e"},
        },
        {"id": "e", "type": "SE_End"},
    )


class World:
    def __init__(self, engine: Engine) -> None:
        registry = BlockRegistry()
        for module in (core, contact, crm, http):
            module.register(registry)
        self.crm = LocalCrm(engine)
        self.crm.bulk_insert(read_json_file(ROOT / "resources" / "demo" / "crm_records.json"))
        self.simulator = Simulator(Agent(name="Ann", state="Available"))
        self.flows = FlowRepository(engine)
        self.runner = FlowRunner(engine, crm=self.crm, telephony=self.simulator, registry=registry)
        self.dispatcher = EventDispatcher(self.flows, self.runner)
        self.pops: list[tuple[str, dict[str, Any]]] = []
        self.runner.screenpop_requested.connect(self.on_pop)

    def on_pop(self, contact_id: str, pop: dict[str, Any]) -> None:
        self.pops.append((contact_id, pop))


@pytest.fixture
def world(engine: Engine) -> Iterator[World]:
    world = World(engine)
    yield world
    world.dispatcher.detach()
    world.runner.close()


def test_a_ringing_call_runs_the_active_voice_flows(world: World) -> None:
    world.flows.save(
        "pop caller",
        _fixture("default-02-voiceContactOnConnecting.json"),
        source="voiceContact",
        event="onConnecting",
        active=True,
    )
    world.flows.save(
        "inactive",
        _fixture("default-02-voiceContactOnConnecting.json"),
        source="voiceContact",
        event="onConnecting",
        active=False,
    )
    world.flows.save(
        "chat only",
        _fixture("default-03-chatContactOnConnecting.json"),
        source="chatContact",
        event="onConnecting",
        active=True,
    )
    world.flows.save(
        "on accept",
        _set_property("accepted", "$.contact.contactId"),
        source="voiceContact",
        event="onAccepted",
        active=True,
    )

    async def scenario() -> Contact:
        world.dispatcher.attach(world.simulator)
        call = world.simulator.incoming("(206) 555-0100", "Sales")
        await world.dispatcher.wait_idle()
        world.simulator.accept(call.contactId)
        await world.dispatcher.wait_idle()
        return call

    call = asyncio.run(scenario())
    assert world.pops == [
        (call.contactId, {"kind": "record", "recordId": "003DEMO00000001", "entityName": "Contact"})
    ]
    assert world.runner.properties.get("accepted") == call.contactId
    recorded = world.runner.runs.recent()
    assert sorted((run.flow_name, run.trigger_kind, run.trigger_detail, run.status) for run in recorded) == [
        ("on accept", "event", "voiceContact.onAccepted", "completed"),
        ("pop caller", "event", "voiceContact.onConnecting", "completed"),
    ]


def test_agent_events_run_the_agent_flows(world: World) -> None:
    world.flows.save(
        "break",
        _set_property("lastState", "$.payload.state"),
        source="agent",
        event="onNotRoutable",
        active=True,
    )
    world.flows.save(
        "any change",
        _set_property("changed", "$.agent.state"),
        source="agent",
        event="onStateChange",
        active=True,
    )

    async def scenario() -> None:
        world.dispatcher.attach(world.simulator)
        world.simulator.set_agent_status("Lunch")
        await world.dispatcher.wait_idle()

    asyncio.run(scenario())
    assert world.runner.properties.get("lastState") == "Lunch"
    assert world.runner.properties.get("changed") == "Lunch"


def test_dispatch_returns_the_results_in_flow_order(world: World) -> None:
    world.flows.save(
        "b", _set_property("b", "$.payload.number"), source="ui", event="onClickToDial", active=True
    )
    world.flows.save("a", _fixture("03-click-to-dial.json"), source="ui", event="onClickToDial", active=True)

    results = asyncio.run(world.dispatcher.dispatch("ui", "onClickToDial", {"number": "206-555-0123"}))
    assert [(r.flow, r.status) for r in results] == [("a", "completed"), ("b", "completed")]
    assert [c.phoneNumber for c in world.simulator.contacts()] == ["+12065550123"]
    assert asyncio.run(world.dispatcher.dispatch("ui", "onNothing")) == []


def test_a_flow_that_breaks_down_does_not_stop_the_others(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    world.flows.save("good", _set_property("ran", "yes"), source="agent", event="onOffline", active=True)
    world.flows.save("bad", _set_property("ran", "no"), source="agent", event="onOffline", active=True)
    real_run = world.runner.run

    async def run(flow: Any, **options: Any) -> Any:
        if flow.name == "bad":
            raise RuntimeError("store unavailable")
        return await real_run(flow, **options)

    monkeypatch.setattr(world.runner, "run", run)
    with caplog.at_level(logging.ERROR):
        results = asyncio.run(world.dispatcher.agent_event("onOffline", world.simulator.agent))
    assert [r.flow for r in results] == ["good"]
    assert "flow 'bad' for agent.onOffline could not run" in caplog.text


def test_events_without_a_running_loop_are_reported(world: World, caplog: pytest.LogCaptureFixture) -> None:
    world.flows.save("f", _set_property("ran", "yes"), source="agent", event="onNotRoutable", active=True)
    world.dispatcher.attach(world.simulator)
    with caplog.at_level(logging.ERROR):
        world.simulator.set_agent_status("Break")
    assert "did not run: events are dispatched on a running event loop" in caplog.text
    assert world.runner.properties.get("ran") is None


def test_detach_stops_dispatch(world: World) -> None:
    world.flows.save("f", _set_property("ran", "yes"), source="agent", event="onNotRoutable", active=True)

    async def scenario() -> None:
        world.dispatcher.attach(world.simulator)
        world.dispatcher.detach()
        world.simulator.set_agent_status("Break")
        await world.dispatcher.wait_idle()

    asyncio.run(scenario())
    assert world.runner.properties.get("ran") is None


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class CountedFlows(FlowRepository):
    """The flow repository, counting how often event dispatch asks it which flows are active."""

    asked = 0

    def list_active(self, source: str, event: str) -> list[Any]:
        self.asked += 1
        return super().list_active(source, event)


def _kept(world: World, engine: Engine, clock: Clock) -> tuple[EventDispatcher, CountedFlows]:
    flows = CountedFlows(engine)
    return EventDispatcher(flows, world.runner, max_age_s=5.0, clock=clock), flows


def test_kept_answers_are_served_without_asking_the_store(world: World, engine: Engine) -> None:
    world.flows.save(
        "f", _set_property("n", "$.payload.number"), source="ui", event="onClickToDial", active=True
    )
    clock = Clock()
    dispatcher, flows = _kept(world, engine, clock)

    async def scenario() -> list[str]:
        statuses = []
        for number in ("1", "2", "3"):
            results = await dispatcher.dispatch("ui", "onClickToDial", {"number": number})
            statuses += [r.status for r in results]
        assert await dispatcher.dispatch("ui", "onNothing") == []
        assert await dispatcher.dispatch("ui", "onNothing") == []
        return statuses

    assert asyncio.run(scenario()) == ["completed"] * 3
    assert flows.asked == 2  # once for each event
    assert world.runner.properties.get("n") == "3"


def test_a_flow_change_is_seen_by_the_next_event(world: World, engine: Engine) -> None:
    clock = Clock()
    dispatcher, _flows = _kept(world, engine, clock)

    async def scenario() -> list[list[str]]:
        seen = [[r.flow for r in await dispatcher.dispatch("agent", "onOffline")]]
        world.flows.save("new", _set_property("ran", "yes"), source="agent", event="onOffline", active=True)
        seen.append([r.flow for r in await dispatcher.dispatch("agent", "onOffline")])  # still kept
        dispatcher.flows_changed()
        seen.append([r.flow for r in await dispatcher.dispatch("agent", "onOffline")])
        return seen

    assert asyncio.run(scenario()) == [[], [], ["new"]]


def test_kept_answers_are_asked_again_as_they_age(world: World, engine: Engine) -> None:
    clock = Clock()
    dispatcher, flows = _kept(world, engine, clock)

    async def scenario() -> list[list[str]]:
        seen = [[r.flow for r in await dispatcher.dispatch("agent", "onOffline")]]
        world.flows.save("new", _set_property("ran", "yes"), source="agent", event="onOffline", active=True)
        # Half the age: served as kept, and asked again in the background for the next event.
        clock.now += 3.0
        seen.append([r.flow for r in await dispatcher.dispatch("agent", "onOffline")])
        await asyncio.gather(*dispatcher._refreshing.values())
        seen.append([r.flow for r in await dispatcher.dispatch("agent", "onOffline")])
        # Older than the age: asked again before the flows run.
        world.flows.set_active("new", False)
        clock.now += 6.0
        seen.append([r.flow for r in await dispatcher.dispatch("agent", "onOffline")])
        return seen

    assert asyncio.run(scenario()) == [[], [], ["new"], []]
    assert flows.asked == 3
