"""Every real adapter export runs to the end docs/flows.md predicts, against a seeded local CRM and the
simulator (import and export of the same files: test_document.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from cti_desktop.contacts.model import Agent, AgentState, Contact
from cti_desktop.contacts.simulator import Simulator
from cti_desktop.flows.results import RunResult
from cti_desktop.services.flow_import import import_files
from cti_desktop.services.flow_runner import FlowRunner
from cti_desktop.store.crm import LocalCrm

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "adapter-flows"

JANE = "003SEED00000001"
LEAD = "00QSEED00000001"


@pytest.fixture
def runner(engine: Engine) -> Iterator[FlowRunner]:
    crm = LocalCrm(engine)
    crm.create(
        "Contact",
        {"Name": "Jane Doe", "Phone": "+12065550100", "Email": "jane.doe@example.com"},
        record_id=JANE,
    )
    crm.create("Lead", {"Name": "Lee Lead", "Phone": "(206) 555-0111", "Company": "Acme"}, record_id=LEAD)
    simulator = Simulator(agent=Agent(name="Ann", state=AgentState.AVAILABLE))
    import_files(engine, sorted(FIXTURES.glob("*.json")))
    runner = FlowRunner(engine, crm=crm, telephony=simulator)
    yield runner
    runner.close()


def run(
    runner: FlowRunner,
    fixture: str,
    contact: dict[str, Any] | None = None,
    payload: dict[str, Any] | None = None,
) -> RunResult:
    simulator = runner.telephony
    assert isinstance(simulator, Simulator)
    person = simulator.add_contact(Contact.from_dict(contact)) if contact else None
    return asyncio.run(runner.run(fixture, payload=payload, contact=person))


def path(result: RunResult) -> list[str]:
    return [step.id for step in result.steps]


def voice(number: str = "+12065550100", **attributes: Any) -> dict[str, Any]:
    return {"contactId": "c-1", "type": "voice", "phoneNumber": number, "attributes": attributes}


def test_01_legacy_pops_the_attribute_match_then_the_caller(runner: FlowRunner) -> None:
    result = run(runner, "01-legacy", voice(**{"acsf-screenpop-record": "jane.doe@example.com"}))
    assert result.status == "completed", result.error
    assert path(result) == ["uid-0", "uid-1", "uid-6", "uid-8", "uid-10", "uid-12", "uid-13"]
    assert [pop["recordId"] for pop in result.screenpops] == [JANE, JANE]
    assert result.steps[4].results == {"value": "(206) 555-0100"}


def test_01_legacy_without_the_attribute_logs(runner: FlowRunner) -> None:
    result = run(runner, "01-legacy", voice())
    assert result.status == "completed"
    assert path(result) == ["uid-0", "uid-1", "uid-6", "uid-14", "uid-13"]
    assert result.screenpops == []


def test_02_chat_pops_the_record_named_in_the_attribute(runner: FlowRunner) -> None:
    contact = {"contactId": "chat-1", "type": "chat", "attributes": {"acsf-screenpop-record": JANE}}
    result = run(runner, "02-chat-contact-screenpop", contact)
    assert (result.status, path(result)) == ("completed", ["uid-0", "uid-1", "uid-3", "uid-13"])
    assert result.screenpops[0]["recordId"] == JANE


def test_02_chat_falls_back_to_the_search_attribute(runner: FlowRunner) -> None:
    contact = {"contactId": "chat-2", "type": "chat", "attributes": {"acsf-screenpop-search": "Lee Lead"}}
    result = run(runner, "02-chat-contact-screenpop", contact)
    assert result.status == "completed"
    assert path(result) == ["uid-0", "uid-1", "uid-3", "uid-5", "uid-6", "uid-13"]
    assert result.screenpops[0]["recordId"] == LEAD


def test_03_click_to_dial_dials_the_number(runner: FlowRunner) -> None:
    result = run(runner, "03-click-to-dial", payload={"number": "206-555-0199"})
    assert (result.status, path(result)) == ("completed", ["uid-0", "uid-16", "uid-18", "uid-13"])
    assert result.steps[1].results == {"value": "+12065550199"}
    simulator = runner.telephony
    assert isinstance(simulator, Simulator)
    assert [contact.phoneNumber for contact in simulator.contacts()] == ["+12065550199"]


def test_03_click_to_dial_without_a_number_logs_the_error(runner: FlowRunner) -> None:
    result = run(runner, "03-click-to-dial", payload={})
    assert (result.status, path(result)) == ("completed", ["uid-0", "uid-16", "uid-18", "uid-20", "uid-13"])
    assert result.steps[2].success is False


def test_06_pops_the_caller(runner: FlowRunner) -> None:
    result = run(runner, "06-screenpop-on-customer", voice("2065550100"))
    assert (result.status, path(result)) == ("completed", ["uid-0", "uid-22", "uid-25", "uid-27", "uid-13"])
    assert result.screenpops[0]["recordId"] == JANE


def test_06_unknown_caller_logs(runner: FlowRunner) -> None:
    result = run(runner, "06-screenpop-on-customer", voice("+12065550999"))
    assert (result.status, path(result)) == (
        "completed",
        ["uid-0", "uid-22", "uid-25", "uid-27", "uid-29", "uid-13"],
    )
    assert result.screenpops == []


def test_09_its_truthy_test_of_an_empty_text_ends_at_once(runner: FlowRunner) -> None:
    result = run(runner, "09-screenpop-cust-email", voice(emailAddress="jane.doe@example.com"))
    assert (result.status, path(result)) == ("completed", ["uid-0", "uid-1", "uid-6", "uid-5"])
    assert result.steps[2].outcome == "false"


@pytest.mark.parametrize(("record", "pops"), [(JANE, 1), ("", 0)])
def test_12_multichat_pops_only_when_there_is_an_id(runner: FlowRunner, record: str, pops: int) -> None:
    contact = {"contactId": "chat-3", "type": "chat", "attributes": {"salesforceContactId": record}}
    result = run(runner, "12-ScreenPopContact-MultiChat", contact)
    assert (result.status, path(result)) == ("completed", ["uid-0", "uid-1", "uid-15", "uid-9"])
    assert len(result.screenpops) == pops


def test_default_01_click_to_dial(runner: FlowRunner) -> None:
    result = run(runner, "Salesforce UI onClickToDial", payload={"number": "+12065550123"})
    assert (result.status, path(result)) == ("completed", ["0", "1", "2"])
    assert result.steps[1].outcome == "success"


@pytest.mark.parametrize("name", ["VoiceContact.onConnecting", "QueueCallbackContact.onIncoming"])
def test_default_voice_and_callback_pop_the_caller(runner: FlowRunner, name: str) -> None:
    result = run(runner, name, voice("+12065550100"))
    assert (result.status, path(result)) == ("completed", ["0", "1", "4"])
    assert result.screenpops[0]["recordId"] == JANE


def test_default_chat_searches_a_fixed_address(runner: FlowRunner) -> None:
    result = run(runner, "ChatContact.onConnecting", {"contactId": "chat-4", "type": "chat"})
    assert (result.status, path(result)) == ("completed", ["0", "1", "4"])
    assert result.steps[1].outcome == "failure"  # nobody is test@amazon.com; both ports go to the end


def test_on_connecting_creates_a_task_for_the_lead(runner: FlowRunner) -> None:
    result = run(runner, "onConnecting", voice("+12065550111"))
    assert result.status == "completed", result.error
    assert path(result) == ["uid-0", "uid-1", "uid-3", "uid-5", "uid-7", "uid-9", "uid-11"]
    task_id = result.steps[3].results["id"]
    assert result.properties["taskId"] == task_id
    assert result.screenpops[0]["recordId"] == task_id
    crm = runner.crm
    assert isinstance(crm, LocalCrm)
    task = crm.get(task_id)
    assert task is not None
    assert task.fields["Subject"] == "HVS - voice"
    assert task.fields["WhoId"] == LEAD


def test_on_connecting_fails_when_the_caller_is_no_lead(runner: FlowRunner) -> None:
    result = run(runner, "onConnecting", voice("+12065550100"))
    assert result.status == "failed"
    assert result.error.startswith("block 'uid-3' (SE_SFGetLeadId) failed:")


def test_on_hvs_work_start_stores_the_work(runner: FlowRunner) -> None:
    result = run(runner, "onHvsWorkStart", payload={"workId": "0Z1", "completeWorkWhen": "onTaskSaved"})
    assert (result.status, path(result)) == ("completed", ["uid-0", "uid1", "uid-3", "uid4"])
    assert result.properties == {"hvsWorkId": "0Z1", "hvsCompleteWorkWhen": "onTaskSaved"}


def test_every_fixture_is_covered() -> None:
    tested = {
        "01-legacy", "02-chat-contact-screenpop", "03-click-to-dial", "06-screenpop-on-customer",
        "09-screenpop-cust-email", "12-ScreenPopContact-MultiChat", "default-01-salesforceUiOnClickToDial",
        "default-02-voiceContactOnConnecting", "default-03-chatContactOnConnecting",
        "default-04-queueCallbackContactOnConnecting", "onConnecting", "onHvsWorkStart",
    }  # fmt: skip
    assert {path.stem for path in FIXTURES.glob("*.json")} == tested
