"""A test per CRM block type (flows/blocks/crm.py), against the local CRM seeded with the demo records,
and the adapter fixtures that use them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from cti_desktop.contacts.model import Contact
from cti_desktop.crm.importing import read_json_file
from cti_desktop.flows.blocks import contact, core, crm, http
from cti_desktop.flows.blocks.crm import task_fields
from cti_desktop.flows.document import FlowDocument
from cti_desktop.flows.registry import BlockRegistry
from cti_desktop.flows.results import RunResult, StepTrace
from cti_desktop.flows.sandbox import FlowSandbox
from cti_desktop.store.crm import LocalCrm

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "adapter-flows"
DEMO_RECORDS = ROOT / "resources" / "demo" / "crm_records.json"


class Harness:
    """Runs one CRM block (or a fixture) against the seeded local CRM."""

    def __init__(self, local: LocalCrm) -> None:
        registry = BlockRegistry()
        for module in (core, contact, crm, http):
            module.register(registry)
        self.sandbox = FlowSandbox(registry)
        self.crm = local

    def run(self, block_type: str, controls: dict[str, Any], **options: Any) -> RunResult:
        options.setdefault("crm", self.crm)
        result = self.sandbox.run(self.sandbox.single(block_type, controls), **options)
        assert result.status == "completed", result.error
        return result

    def step(self, block_type: str, controls: dict[str, Any], **options: Any) -> StepTrace:
        return self.run(block_type, controls, **options).steps[1]

    def fixture(self, name: str, **options: Any) -> RunResult:
        options.setdefault("crm", self.crm)
        return self.sandbox.run(FlowDocument.from_json((FIXTURES / name).read_text()), **options)


@pytest.fixture
def harness(engine: Engine) -> Harness:
    local = LocalCrm(engine)
    local.bulk_insert(read_json_file(DEMO_RECORDS))
    return Harness(local)


def test_every_crm_block_is_declared(harness: Harness) -> None:
    declared = {spec.type for spec in harness.sandbox.registry.by_category()["CRM"]}
    assert declared == {
        "SE_SFSearchAndScreenpop",
        "SE_SFScreenpopObject",
        "SE_SFScreenpopNewRecord",
        "SE_SFGetContactId",
        "SE_SFGetLeadId",
        "SE_SFRetrieve",
        "SE_SFSaveLog",
        "SE_SFCreateTask",
        "SE_SFCompleteHvsWorkWithTaskSaved",
    }


# ---------------------------------------------------------------------------------------- search and pops


def test_search_pops_the_one_record_that_matches(harness: Harness) -> None:
    result = harness.run("SE_SFSearchAndScreenpop", {"searchParams": "(206) 555-0100"})
    step = result.steps[1]
    assert step.outcome == "success"
    assert [r["Id"] for r in step.results["records"]] == ["003DEMO00000001"]
    assert step.results["records"][0]["fields"]["Name"] == "Jane Doe"
    assert result.screenpops == [{"kind": "record", "recordId": "003DEMO00000001", "entityName": "Contact"}]


def test_search_pops_the_list_when_several_match(harness: Harness) -> None:
    result = harness.run("SE_SFSearchAndScreenpop", {"searchParams": "+12065550140", "queryParams": "a=1"})
    assert len(result.steps[1].results["records"]) == 2
    [pop] = result.screenpops
    assert pop["kind"] == "list"
    assert sorted(r["Id"] for r in pop["records"]) == ["003DEMO00000005", "003DEMO00000006"]
    assert pop["queryParams"] == "a=1"


@pytest.mark.parametrize(
    ("text", "record_id"),
    [
        ("00001026", "500DEMO00000001"),  # a Case number: eight digits, phone-like, not a phone number
        ("10482", "500DEMO00000001"),  # an order id inside the Subject
    ],
)
def test_search_finds_a_number_in_any_field(harness: Harness, text: str, record_id: str) -> None:
    result = harness.run("SE_SFSearchAndScreenpop", {"searchParams": text})
    assert [r["Id"] for r in result.steps[1].results["records"]] == [record_id]
    assert result.screenpops == [{"kind": "record", "recordId": record_id, "entityName": "Case"}]


def test_search_by_email_and_deferred(harness: Harness) -> None:
    result = harness.run(
        "SE_SFSearchAndScreenpop", {"searchParams": "priya.natarajan@contoso.example.com", "deferred": True}
    )
    assert [r["Id"] for r in result.steps[1].results["records"]] == ["003DEMO00000003"]
    assert result.screenpops == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the search text is empty"),
        ("null", "the search text is empty"),
        ("zebra", "no record matches 'zebra'"),
    ],
)
def test_search_fails_on_empty_text_or_no_match(harness: Harness, text: str, message: str) -> None:
    result = harness.run("SE_SFSearchAndScreenpop", {"searchParams": text})
    step = result.steps[1]
    assert (step.outcome, step.exception, step.results) == ("failure", message, {"records": []})
    assert result.screenpops == []


def test_screenpop_object(harness: Harness) -> None:
    result = harness.run("SE_SFScreenpopObject", {"recordId": "500DEMO00000001"})
    assert result.steps[1].outcome == "success"
    assert result.screenpops == [{"kind": "record", "recordId": "500DEMO00000001", "entityName": "Case"}]


@pytest.mark.parametrize("empty", ["", "null", None])
def test_screenpop_object_with_an_empty_id(harness: Harness, empty: str | None) -> None:
    quiet = harness.run("SE_SFScreenpopObject", {"recordId": empty, "noPopOnEmpty": True})
    assert (quiet.steps[1].outcome, quiet.screenpops) == ("success", [])
    loud = harness.run("SE_SFScreenpopObject", {"recordId": empty, "noPopOnEmpty": False})
    assert (loud.steps[1].outcome, loud.steps[1].exception) == ("failure", "there is no record id to pop")


def test_screenpop_object_fails_on_an_unknown_id(harness: Harness) -> None:
    result = harness.run("SE_SFScreenpopObject", {"recordId": "003NOPE", "noPopOnEmpty": True})
    assert result.steps[1].exception == "there is no record with Id 003NOPE"
    assert result.screenpops == []


def test_screenpop_new_record(harness: Harness) -> None:
    result = harness.run(
        "SE_SFScreenpopNewRecord",
        {"entityName": "Case", "defaultFieldValues": {"Subject": "Call from {{ $.payload.n }}"}},
        payload={"n": "+12065550100"},
    )
    assert result.steps[1].outcome == "success"
    assert result.screenpops == [
        {"kind": "new", "entityName": "Case", "defaultFieldValues": {"Subject": "Call from +12065550100"}}
    ]
    text = harness.run(
        "SE_SFScreenpopNewRecord", {"entityName": "Lead", "defaultFieldValues": '{"Company": "X"}'}
    )
    assert text.screenpops[0]["defaultFieldValues"] == {"Company": "X"}


@pytest.mark.parametrize(
    ("controls", "message"),
    [
        ({"entityName": ""}, "is not a record type"),
        ({"entityName": "Case", "defaultFieldValues": "{oops"}, "its text is not JSON"),
        ({"entityName": "Case", "defaultFieldValues": [1]}, "must be name/value pairs"),
    ],
)
def test_screenpop_new_record_refuses_bad_input(
    harness: Harness, controls: dict[str, Any], message: str
) -> None:
    result = harness.run("SE_SFScreenpopNewRecord", controls)
    assert message in result.steps[1].exception
    assert result.screenpops == []


# ---------------------------------------------------------------------------------------------- lookups


def test_get_contact_id(harness: Harness) -> None:
    step = harness.step("SE_SFGetContactId", {"formattedPhoneNumber": "(312) 555-0111"})
    assert (step.outcome, step.results) == ("success", {"sfContactId": "003DEMO00000002"})
    only_phone = harness.step(
        "SE_SFGetContactId", {"formattedPhoneNumber": "(312) 555-0111", "fieldName": "Phone"}
    )
    assert only_phone.outcome == "failure"
    assert only_phone.exception == "no Contact has the phone number (312) 555-0111 in Phone"
    lead_number = harness.step("SE_SFGetContactId", {"formattedPhoneNumber": "+12065550101"})
    assert (lead_number.outcome, lead_number.results) == ("failure", {"sfContactId": ""})


def test_get_contact_id_warns_when_several_match(harness: Harness) -> None:
    step = harness.step("SE_SFGetContactId", {"formattedPhoneNumber": "+12065550140"})
    assert step.results["sfContactId"] in ("003DEMO00000005", "003DEMO00000006")
    assert "2 Contact records have the phone number" in step.warnings[0]


def test_get_lead_id(harness: Harness) -> None:
    step = harness.step("SE_SFGetLeadId", {"formattedPhoneNumber": "(206) 555-0101"})
    assert (step.outcome, step.results) == ("success", {"sfLeadId": "00QDEMO00000001"})
    empty = harness.step("SE_SFGetLeadId", {"formattedPhoneNumber": ""})
    assert empty.exception == "there is no phone number to look up"


def test_retrieve_gives_exactly_the_fields_asked(harness: Harness) -> None:
    step = harness.step(
        "SE_SFRetrieve", {"type": "Contact", "id": "003DEMO00000001", "fields": "Name, email ,Fax,Id"}
    )
    assert step.results == {
        "record": {
            "Name": "Jane Doe",
            "email": "jane.doe@northwind.example.com",
            "Fax": None,
            "Id": "003DEMO00000001",
        }
    }


@pytest.mark.parametrize(
    ("controls", "message"),
    [
        ({"id": "003NOPE", "fields": "Name"}, "there is no record with Id 003NOPE"),
        ({"id": "", "fields": "Name"}, "there is no record id to retrieve"),
        ({"id": "003DEMO00000001", "fields": " , "}, "names no field to retrieve"),
        ({"type": "Lead", "id": "003DEMO00000001", "fields": "Name"}, "is a Contact, not a Lead"),
    ],
)
def test_retrieve_failures(harness: Harness, controls: dict[str, Any], message: str) -> None:
    step = harness.step("SE_SFRetrieve", controls)
    assert step.outcome == "failure"
    assert message in step.exception


# ------------------------------------------------------------------------------------------------ writes


def test_save_log_creates_then_updates(harness: Harness) -> None:
    created = harness.step(
        "SE_SFSaveLog", {"recordId": "null", "entityType": "Task", "fieldValues": {"Subject": "Call"}}
    )
    assert created.outcome == "success"
    record_id = created.results["id"]
    assert record_id.startswith("00T")
    updated = harness.step("SE_SFSaveLog", {"recordId": record_id, "fieldValues": '{"Status": "Completed"}'})
    assert updated.results == {"id": record_id}
    stored = harness.crm.get(record_id)
    assert stored is not None and stored.fields == {"Subject": "Call", "Status": "Completed"}


@pytest.mark.parametrize(
    ("controls", "message"),
    [
        ({"recordId": "", "entityType": ""}, "'entityType' is needed"),
        ({"recordId": "00TNOPE", "fieldValues": {}}, "there is no record with Id 00TNOPE"),
        ({"recordId": "", "entityType": "Task", "fieldValues": "[1]"}, "must be name/value pairs"),
    ],
)
def test_save_log_failures(harness: Harness, controls: dict[str, Any], message: str) -> None:
    before = harness.crm.count()
    step = harness.step("SE_SFSaveLog", controls)
    assert step.outcome == "failure"
    assert message in step.exception
    assert harness.crm.count() == before


def test_create_task(harness: Harness) -> None:
    step = harness.step(
        "SE_SFCreateTask",
        {
            "CallObject": "c-1",
            "Type": "Call",
            "Status": "Completed",
            "IsClosed": True,
            "TaskSubType": "Call",
            "WhoId": "003DEMO00000001",
            "WhatId": "",
            "CallDurationInSeconds": 95,
            "subject1": "Inbound",
            "subject2": "",
            "subject3": "Sales",
            "otherTaskFields": {"Description": "Asked about delivery", "Status": "Open"},
        },
    )
    assert step.outcome == "success"
    task = harness.crm.get(step.results["id"])
    assert task is not None and task.type == "Task"
    assert task.fields == {
        "Subject": "Inbound - Sales",
        "CallObject": "c-1",
        "Type": "Call",
        "Status": "Open",
        "IsClosed": True,
        "TaskSubtype": "Call",
        "WhoId": "003DEMO00000001",
        "CallDurationInSeconds": 95,
        "Description": "Asked about delivery",
    }


def test_task_fields_prefer_the_declared_spelling() -> None:
    assert task_fields({"TaskSubtype": "Email", "TaskSubType": "Call"})["TaskSubtype"] == "Email"
    assert "Subject" not in task_fields({"subject1": " ", "subject2": None})


def test_complete_hvs_work_is_salesforce_only(harness: Harness) -> None:
    step = harness.step("SE_SFCompleteHvsWorkWithTaskSaved", {"workId": "0Bz1", "taskId": "00T1"})
    assert step.outcome == "failure"
    assert "Salesforce-only" in step.exception
    assert "the local CRM cannot do it" in step.exception


def test_crm_blocks_fail_without_a_crm(harness: Harness) -> None:
    step = harness.step("SE_SFGetLeadId", {"formattedPhoneNumber": "+12065550101"}, crm=None)
    assert step.exception == "SE_SFGetLeadId is not supported by the configured CRM connector"


# ---------------------------------------------------------------------------------------------- fixtures


def test_fixture_on_connecting_creates_and_pops_a_task_for_a_lead(harness: Harness) -> None:
    caller = Contact("c-7", "voice", "+12065550101", "Sales", state="connecting")
    result = harness.fixture("onConnecting.json", contact=caller)
    assert result.status == "completed", result.error
    task_id = result.properties["taskId"]
    task = harness.crm.get(task_id)
    assert task is not None
    assert task.fields["Subject"] == "HVS - voice"
    assert task.fields["WhoId"] == "00QDEMO00000001"
    assert task.fields["CallObject"] == "c-7"
    assert task.fields["TaskSubtype"] == "Call"
    assert result.screenpops == [{"kind": "record", "recordId": task_id, "entityName": "Task"}]


def test_fixture_on_connecting_fails_for_an_unknown_caller(harness: Harness) -> None:
    result = harness.fixture("onConnecting.json", contact=Contact("c-8", phoneNumber="+12065550199"))
    assert result.status == "failed"
    assert "uid-3" in result.error


@pytest.mark.parametrize(
    ("name", "number", "pops"),
    [
        ("default-02-voiceContactOnConnecting.json", "+12065550100", ["003DEMO00000001"]),
        ("default-04-queueCallbackContactOnConnecting.json", "+14155550134", ["00QDEMO00000003"]),
        ("06-screenpop-on-customer.json", "+12065550100", ["003DEMO00000001"]),
        ("06-screenpop-on-customer.json", "+12065550199", []),
    ],
)
def test_fixtures_that_pop_the_caller(harness: Harness, name: str, number: str, pops: list[str]) -> None:
    result = harness.fixture(name, contact=Contact("c-1", phoneNumber=number))
    assert result.status == "completed", result.error
    assert [pop["recordId"] for pop in result.screenpops] == pops


@pytest.mark.parametrize(
    ("attributes", "pops"),
    [({"salesforceContactId": "003DEMO00000004"}, ["003DEMO00000004"]), ({}, [])],
)
def test_fixture_multichat_pops_the_contact_from_an_attribute(
    harness: Harness, attributes: dict[str, str], pops: list[str]
) -> None:
    chat = Contact("c-1", "chat", attributes=attributes)
    result = harness.fixture("12-ScreenPopContact-MultiChat.json", contact=chat)
    assert result.status == "completed", result.error
    assert [pop["recordId"] for pop in result.screenpops] == pops


def test_fixture_legacy_pops_by_record_attribute_or_phone(harness: Harness) -> None:
    by_attribute = harness.fixture(
        "01-legacy.json",
        contact=Contact(
            "c-1", phoneNumber="+12065550199", attributes={"acsf-screenpop-record": "500DEMO00000002"}
        ),
    )
    assert by_attribute.status == "completed", by_attribute.error
    assert [pop["recordId"] for pop in by_attribute.screenpops] == ["500DEMO00000002"]
    nothing = harness.fixture("01-legacy.json", contact=Contact("c-2", phoneNumber="+12065550199"))
    assert nothing.status == "completed"
    assert nothing.screenpops == []


def test_fixture_chat_screenpop_searches_when_the_record_attribute_is_missing(harness: Harness) -> None:
    chat = Contact("c-1", "chat", attributes={"acsf-screenpop-search": "mei.chen@fabrikam.example.co.uk"})
    result = harness.fixture("02-chat-contact-screenpop.json", contact=chat)
    assert result.status == "completed", result.error
    assert [pop["recordId"] for pop in result.screenpops] == ["003DEMO00000004"]
