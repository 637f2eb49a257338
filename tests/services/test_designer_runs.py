"""Test runs from the designer: the document as drawn runs against the local CRM, whose writes are held
back (the store unchanged) unless kept; properties likewise; the payload comes from an action."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from cti_desktop.crm.base import CrmError, CrmRecord
from cti_desktop.domain.actions import CtiAction, PayloadEntry
from cti_desktop.domain.forms import FormField, FormSpec
from cti_desktop.flows.document import FlowDocument
from cti_desktop.services.actions import ActionService
from cti_desktop.services.changes import ChangeBus
from cti_desktop.services.crm_records import CrmRecords
from cti_desktop.services.designer_runs import DesignerRuns, HeldCrm, RunInputError, RunInputs
from cti_desktop.services.flow_runner import FlowRunner
from cti_desktop.store.flows import FlowRepository

JANE = CrmRecord("003TEST00000001", "Contact", {"Name": "Jane Doe", "Phone": "+12065550100"})

FLOW = {
    "actions": [
        {"id": "s", "type": "SE_Start", "ports": {"done": "find"}},
        {
            "id": "find",
            "type": "SE_SFGetContactId",
            "controls": {"formattedPhoneNumber": "$.contact.phoneNumber"},
            "ports": {"success": "task"},
        },
        {
            "id": "task",
            "type": "SE_SFCreateTask",
            "controls": {
                "subject1": "{{ $.payload.subject }}",
                "WhoId": "$.actions.find.results.sfContactId",
            },
            "ports": {"success": "prop"},
        },
        {
            "id": "prop",
            "type": "SE_SetProperty",
            "controls": {"key": "lastTask", "value": "$.actions.task.results.id"},
            "ports": {"done": "e"},
        },
        {"id": "e", "type": "SE_End"},
    ]
}
CONTACT = {"contactId": "c1", "phoneNumber": "+12065550100"}


@pytest.fixture
def crm(engine: Engine) -> CrmRecords:
    crm = CrmRecords(engine, ChangeBus())
    crm.bulk_insert([JANE])
    return crm


@pytest.fixture
def runs(engine: Engine, crm: CrmRecords) -> Iterator[DesignerRuns]:
    runner = FlowRunner(engine, crm=crm)
    yield DesignerRuns(runner, crm, ActionService(engine))
    runner.close()


def _run(runs: DesignerRuns, inputs: RunInputs, document: FlowDocument | None = None) -> Any:
    return asyncio.run(runs.run(document or FlowDocument.from_dict(FLOW), inputs, name="Test"))


def test_crm_writes_of_a_test_run_are_held_back_and_the_store_is_unchanged(
    runs: DesignerRuns, crm: CrmRecords
) -> None:
    before = crm.count()
    outcome = _run(runs, RunInputs(payload={"subject": "Call back"}, contact=CONTACT))
    assert outcome.result.status == "completed", outcome.result.error
    task_id = outcome.result.steps[2].results["id"]
    assert outcome.changes == [f"created Task {task_id}", "property lastTask set"]
    assert not outcome.kept
    assert crm.count() == before and crm.get(task_id) is None
    assert "lastTask" not in runs.stored_properties()


def test_kept_changes_reach_the_crm_and_the_properties(runs: DesignerRuns, crm: CrmRecords) -> None:
    announced: list[Any] = []
    crm.changes.changed.connect(announced.append)
    outcome = _run(runs, RunInputs(payload={"subject": "Keep me"}, contact=CONTACT, keep_changes=True))
    task_id = outcome.result.steps[2].results["id"]
    assert outcome.kept
    stored = crm.get(task_id)
    assert stored is not None and stored.fields["Subject"] == "Keep me"
    assert stored.fields["WhoId"] == JANE.Id
    assert announced and announced[-1].ids == (task_id,)
    assert runs.stored_properties()["lastTask"] == task_id


def test_the_run_sees_its_own_held_writes(crm: CrmRecords) -> None:
    held = HeldCrm(crm)
    created = held.create("Contact", {"Name": "Ann Other", "MobilePhone": "(206) 555-0199"})
    assert held.get(created.Id) == created
    assert [r.Id for r in held.find_by_phone("+1 206 555 0199")] == [created.Id]
    assert created.Id in [r.Id for r in held.search("ann other")]
    held.update(JANE.Id, {"Title": "Buyer"})
    found = held.find_by_phone("+12065550100")
    assert found[0].fields["Title"] == "Buyer"
    assert (stored := crm.get(JANE.Id)) is not None and "Title" not in stored.fields
    with pytest.raises(CrmError, match="no record with Id nope"):
        held.update("nope", {"a": 1})
    with pytest.raises(CrmError, match="already exists"):
        held.create("Contact", {}, JANE.Id)
    assert held.described() == [f"created Contact {created.Id}", f"updated {JANE.Id}: Title"]


def test_the_payload_comes_from_an_action_and_its_form(engine: Engine, runs: DesignerRuns) -> None:
    row = FlowRepository(engine).save("Test", FLOW, source="ctiAction")
    form = FormSpec(
        fields=(
            FormField(name="subject", label="Subject", default="Hello"),
            FormField(name="note", label="Note"),
        )
    )
    action = runs.actions.save(
        CtiAction(
            name="Log it",
            flow_id=row.row.id,
            flow_name="Test",
            payload=(PayloadEntry("source", "desk"), PayloadEntry("who", "$.contact.phoneNumber")),
            form=form,
        )
    )
    (found,) = runs.actions_using("Test")
    assert found.id == action.id
    payload = runs.payload_for(found)
    assert payload == {"source": "desk", "who": "$.contact.phoneNumber", "subject": "Hello", "note": ""}
    # References in the payload are resolved against the test's contact when it runs.
    document = FlowDocument.from_dict(
        {
            "actions": [
                {"id": "s", "type": "SE_Start", "ports": {"done": "o"}},
                {"id": "o", "type": "SE_SendDataToOverlay", "controls": {"value": {"who": "$.payload.who"}}},
            ]
        }
    )
    outcome = _run(runs, RunInputs(payload=payload, contact=CONTACT), document)
    assert outcome.result.overlay_data == [{"key": "who", "value": "+12065550100"}]


def test_a_contact_picked_from_the_crm_calls_from_its_phone(runs: DesignerRuns) -> None:
    (record,) = asyncio.run(runs.find_records("Jane"))
    contact = runs.contact_from_record(record)
    assert contact["phoneNumber"] == "+12065550100"
    outcome = _run(runs, RunInputs(payload={"subject": "x"}, contact=contact))
    assert outcome.result.steps[1].results["sfContactId"] == JANE.Id


def test_an_unusable_contact_is_refused_in_words(runs: DesignerRuns) -> None:
    with pytest.raises(RunInputError, match="'contactId' is required"):
        _run(runs, RunInputs(contact={"phoneNumber": "1"}))
