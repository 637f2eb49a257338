"""Every service operation that changes stored data announces exactly one typed change on the bus, with
the right kind and ids; an operation that is refused announces nothing."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from cti_desktop.crm.base import CrmError, CrmRecord
from cti_desktop.domain.actions import CtiAction
from cti_desktop.flows.document import FlowDocumentError
from cti_desktop.services.actions import ActionInvalid, ActionService
from cti_desktop.services.changes import Change, ChangeBus, ChangeKind
from cti_desktop.services.crm_records import CrmRecords, NothingToImport
from cti_desktop.services.flow_import import FlowImportError
from cti_desktop.services.flows import FlowNotFound, FlowService
from cti_desktop.services.properties import PropertyKeyInvalid, PropertyService

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "adapter-flows"
FLOW = {"actions": [{"id": "0", "type": "SE_Start", "ports": {"done": "1"}}, {"id": "1", "type": "SE_End"}]}


class Heard:
    """What the bus announced since the last `take`."""

    def __init__(self, bus: ChangeBus) -> None:
        self.changes: list[Change] = []
        bus.changed.connect(self.hear)

    def hear(self, change: Change) -> None:
        self.changes.append(change)

    def take(self) -> list[Change]:
        taken, self.changes = self.changes, []
        return taken


@pytest.fixture
def bus() -> ChangeBus:
    return ChangeBus()


@pytest.fixture
def heard(bus: ChangeBus) -> Iterator[Heard]:
    yield Heard(bus)


@pytest.fixture
def flows(engine: Engine, bus: ChangeBus) -> FlowService:
    return FlowService(engine, bus)


def nothing_announced(heard: Heard, refused: Callable[[], Any], error: type[BaseException]) -> None:
    with pytest.raises(error):
        refused()
    assert heard.take() == []


# -- flows -----------------------------------------------------------------------------------------------


def test_flow_operations_announce_one_flow_change_each(flows: FlowService, heard: Heard) -> None:
    created = flows.save("Greet", FLOW, source="ctiAction")
    assert created.created and heard.take() == [Change(ChangeKind.FLOW, (created.flow.id,))]

    updated = flows.save("Greet", FLOW)
    assert updated.flow.version == 2 and heard.take() == [Change(ChangeKind.FLOW, (created.flow.id,))]

    settings = flows.save_settings("Greet", source="ctiAction", event="", active=True, description="Hi")
    assert settings.flow.description == "Hi" and settings.flow.document == FLOW
    assert heard.take() == [Change(ChangeKind.FLOW, (created.flow.id,))]

    flows.set_active("Greet", False)
    assert heard.take() == [Change(ChangeKind.FLOW, (created.flow.id,))]

    assert flows.delete("Greet")
    assert heard.take() == [Change(ChangeKind.FLOW, (created.flow.id,), removed=True)]


def test_refused_flow_operations_announce_nothing(flows: FlowService, heard: Heard) -> None:
    assert not flows.delete("missing") and heard.take() == []
    nothing_announced(heard, lambda: flows.set_active("missing", True), FlowNotFound)
    nothing_announced(
        heard,
        lambda: flows.save_settings("missing", source="", event="", active=False, description=""),
        FlowNotFound,
    )


def test_an_import_is_one_change_naming_every_flow(flows: FlowService, heard: Heard) -> None:
    imported = flows.import_files([FIXTURES / "onConnecting.json", FIXTURES / "onHvsWorkStart.json"])
    ids = tuple(flows.require(flow.name).id for flow in imported)
    assert heard.take() == [Change(ChangeKind.FLOW, ids)]


def test_a_refused_import_stores_and_announces_nothing(
    flows: FlowService, heard: Heard, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    nothing_announced(
        heard, lambda: flows.import_files([FIXTURES / "onConnecting.json", bad]), FlowDocumentError
    )
    nothing_announced(
        heard, lambda: flows.import_files([FIXTURES / "onConnecting.json"], source="x"), FlowImportError
    )
    assert flows.list() == []


def test_reading_gives_plain_data_not_rows(flows: FlowService) -> None:
    flows.save("Greet", FLOW, source="ctiAction", description="Says hello")
    [flow] = flows.list()
    assert type(flow).__module__ == "cti_desktop.services.flows"
    assert (flow.name, flow.source, flow.description, flow.block_count) == (
        "Greet",
        "ctiAction",
        "Says hello",
        2,
    )
    assert flows.get_by_id(flow.id) == flow and flows.get("Greet") == flow
    assert "ctiAction" in {entry.api_value for entry in flows.source_entries()}


# -- actions ---------------------------------------------------------------------------------------------


@pytest.fixture
def actions(engine: Engine, bus: ChangeBus, flows: FlowService, heard: Heard) -> ActionService:
    flows.save("Gift Card", FLOW, source="ctiAction")
    heard.take()
    return ActionService(engine, bus)


def test_action_operations_announce_one_action_change_each(
    actions: ActionService, flows: FlowService, heard: Heard
) -> None:
    flow_id = flows.require("Gift Card").id
    saved = actions.save(CtiAction("Gift", flow_id=flow_id))
    assert saved.id is not None and heard.take() == [Change(ChangeKind.ACTION, (saved.id,))]

    copy = actions.duplicate(saved.id)
    assert copy.id is not None and heard.take() == [Change(ChangeKind.ACTION, (copy.id,))]

    assert actions.delete(copy.id)
    assert heard.take() == [Change(ChangeKind.ACTION, (copy.id,), removed=True)]

    exported = json.loads(actions.export_json())
    exported["actions"][0]["order"] = 7
    assert actions.import_json(json.dumps(exported)) == []
    assert heard.take() == [Change(ChangeKind.ACTION, (saved.id,))]


def test_refused_action_operations_announce_nothing(actions: ActionService, heard: Heard) -> None:
    nothing_announced(heard, lambda: actions.save(CtiAction("")), ActionInvalid)
    assert not actions.delete(12345) and heard.take() == []
    assert actions.import_json("{not json") and heard.take() == []


# -- CRM records -----------------------------------------------------------------------------------------


@pytest.fixture
def crm(engine: Engine, bus: ChangeBus) -> CrmRecords:
    return CrmRecords(engine, bus)


def test_crm_record_operations_announce_one_change_each(
    crm: CrmRecords, heard: Heard, tmp_path: Path
) -> None:
    created = crm.create("Contact", {"LastName": "Okafor", "Phone": "+12065550177"})
    assert heard.take() == [Change(ChangeKind.CRM_RECORD, (created.Id,))]

    crm.update(created.Id, {"Email": "o@example.com"})
    assert heard.take() == [Change(ChangeKind.CRM_RECORD, (created.Id,))]

    stored = crm.bulk_insert(
        [CrmRecord("", "Lead", {"LastName": "A"}), CrmRecord("", "Lead", {"LastName": "B"})]
    )
    assert heard.take() == [Change(ChangeKind.CRM_RECORD, tuple(r.Id for r in stored))]

    records = tmp_path / "records.json"
    records.write_text(json.dumps([{"type": "Case", "fields": {"Subject": "Broken"}}]), encoding="utf-8")
    [case] = crm.import_file(records)
    assert heard.take() == [Change(ChangeKind.CRM_RECORD, (case.Id,))]


def test_refused_crm_record_operations_announce_nothing(
    crm: CrmRecords, heard: Heard, tmp_path: Path
) -> None:
    created = crm.create("Contact", {"LastName": "Okafor"})
    heard.take()
    nothing_announced(heard, lambda: crm.update(created.Id, {"Id": "other"}), CrmError)
    nothing_announced(heard, lambda: crm.bulk_insert([CrmRecord(created.Id, "Contact", {})]), CrmError)
    empty = tmp_path / "empty.json"
    empty.write_text("[]", encoding="utf-8")
    nothing_announced(heard, lambda: crm.import_file(empty), NothingToImport)


# -- properties ------------------------------------------------------------------------------------------


def test_property_operations_announce_one_change_each(engine: Engine, bus: ChangeBus, heard: Heard) -> None:
    properties = PropertyService(engine, bus)
    properties.set("tier", "gold")
    assert heard.take() == [Change(ChangeKind.PROPERTY, ("tier",))]
    assert properties.unset("tier")
    assert heard.take() == [Change(ChangeKind.PROPERTY, ("tier",), removed=True)]
    assert properties.all() == {}


def test_refused_property_operations_announce_nothing(engine: Engine, bus: ChangeBus, heard: Heard) -> None:
    properties = PropertyService(engine, bus)
    assert not properties.unset("never set") and heard.take() == []
    nothing_announced(heard, lambda: properties.set(" ", 1), PropertyKeyInvalid)
    nothing_announced(heard, lambda: properties.unset(""), PropertyKeyInvalid)


# -- the app's services share one bus ---------------------------------------------------------------------


def test_the_app_services_announce_on_one_bus(engine: Engine, db_url: str) -> None:
    from cti_desktop.services.app_services import build_services
    from cti_desktop.settings import Settings

    services = build_services(Settings(demo_data=False), db_url, engine)
    try:
        assert services.flows.changes is services.changes
        assert services.actions.changes is services.changes
        assert services.crm.changes is services.changes
    finally:
        services.close()


def test_event_dispatch_sees_a_flow_change_announced_on_the_bus(engine: Engine, db_url: str) -> None:
    """The app keeps which flows an event runs; a flow saved or switched off through the services is
    seen by the very next event."""
    import asyncio

    from cti_desktop.services.app_services import build_services
    from cti_desktop.settings import Settings

    services = build_services(Settings(demo_data=False), db_url, engine)

    async def names() -> list[str]:
        return [r.flow for r in await services.dispatcher.dispatch("agent", "onOffline")]

    async def scenario() -> list[list[str]]:
        seen = [await names()]
        services.flows.save("offline", FLOW, source="agent", event="onOffline", active=True)
        seen.append(await names())
        services.flows.set_active("offline", False)
        seen.append(await names())
        return seen

    try:
        assert asyncio.run(scenario()) == [[], ["offline"], []]
    finally:
        services.close()
