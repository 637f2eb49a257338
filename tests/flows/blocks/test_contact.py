"""A test per "Contact and agent" block type (flows/blocks/contact.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cti_desktop.contacts.model import Agent, Contact
from cti_desktop.contacts.simulator import Simulator
from cti_desktop.flows.blocks import contact, core, crm, http
from cti_desktop.flows.document import FlowDocument
from cti_desktop.flows.registry import BlockRegistry
from cti_desktop.flows.sandbox import FlowSandbox

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "adapter-flows"


def full_registry() -> BlockRegistry:
    registry = BlockRegistry()
    for module in (core, contact, crm, http):
        module.register(registry)
    return registry


@pytest.fixture
def sandbox() -> FlowSandbox:
    return FlowSandbox(full_registry())


@pytest.fixture
def simulator() -> Simulator:
    return Simulator(Agent(name="Ann", state="Available"))


@pytest.fixture
def caller(simulator: Simulator) -> Contact:
    return simulator.add_contact(
        Contact("c-1", "voice", "+12065550100", "Sales", attributes={"tier": "gold"}, state="connected")
    )


def test_every_block_of_the_category_is_declared() -> None:
    registry = full_registry()
    declared = {spec.type for spec in registry.by_category()["Contact and agent"]}
    assert declared == {
        "SE_ContactProperties",
        "SE_ContactCustomerPhoneNumber",
        "SE_ContactGetAttributeValue",
        "SE_ContactUpdateAttributes",
        "SE_AgentDialNumber",
        "SE_AgentSetStatus",
        "SE_AgentGetStatus",
    }


def test_contact_properties(sandbox: FlowSandbox, caller: Contact) -> None:
    step = sandbox.step("SE_ContactProperties", contact=caller)
    assert step.results == {
        "contactId": "c-1",
        "type": "voice",
        "queueName": "Sales",
        "formattedPhoneNumber": "(206) 555-0100",
        "callType": "inbound",
        "isMonitor": False,
    }


def test_contact_properties_of_a_callback_and_of_a_mapping(sandbox: FlowSandbox) -> None:
    callback = Contact("c-2", "callback", "+12065550100")
    assert sandbox.step("SE_ContactProperties", contact=callback).results["callType"] == "callback"
    mapping = {"contactId": "c-3", "type": "chat", "phoneNumber": "+12065550100", "isInbound": False}
    results = sandbox.step("SE_ContactProperties", contact=mapping).results
    assert results["formattedPhoneNumber"] == "(206) 555-0100"
    assert results["callType"] == "outbound"


def test_contact_properties_without_a_contact_warns(sandbox: FlowSandbox) -> None:
    step = sandbox.step("SE_ContactProperties")
    assert step.results["contactId"] == ""
    assert "no contact" in step.warnings[0]


def test_customer_phone_number(sandbox: FlowSandbox, caller: Contact) -> None:
    assert sandbox.step("SE_ContactCustomerPhoneNumber", contact=caller).results == {
        "phone": "+12065550100",
        "country": "US",
    }
    uk = Contact("c-2", phoneNumber="+44 20 7946 0018")
    assert sandbox.step("SE_ContactCustomerPhoneNumber", contact=uk).results == {
        "phone": "+44 20 7946 0018",
        "country": "GB",
    }
    assert sandbox.step(
        "SE_ContactCustomerPhoneNumber", contact={"phoneNumber": "+442079460018"}
    ).results == {
        "phone": "+442079460018",
        "country": "GB",
    }


def test_get_attribute_value(sandbox: FlowSandbox, caller: Contact) -> None:
    def value(name: str, contact: object) -> object:
        step = sandbox.step(
            "SE_ContactGetAttributeValue", {"attributeName": name, "defaultValue": "none"}, contact=contact
        )
        return step.results["value"]

    assert value("tier", caller) == "gold"
    assert value("missing", caller) == "none"
    assert value("tier", None) == "none"


def test_update_attributes_is_seen_by_later_blocks(
    sandbox: FlowSandbox, simulator: Simulator, caller: Contact
) -> None:
    updates: list[dict[str, object]] = []
    simulator.contact_updated.connect(lambda c: updates.append(dict(c.attributes)))
    document = sandbox.document(
        {"id": "s", "type": "SE_Start", "ports": {"done": "u"}},
        {
            "id": "u",
            "type": "SE_ContactUpdateAttributes",
            "controls": {"attributes": {"caseId": "$.payload.case", "tier": "platinum"}},
            "ports": {"success": "g"},
        },
        {
            "id": "g",
            "type": "SE_ContactGetAttributeValue",
            "controls": {"attributeName": "caseId"},
            "ports": {"done": "e"},
        },
        {"id": "e", "type": "SE_End"},
    )
    result = sandbox.run(document, contact=caller, telephony=simulator, payload={"case": "500A"})
    assert result.status == "completed", result.error
    assert result.steps[2].results == {"value": "500A"}
    assert caller.attributes == {"tier": "platinum", "caseId": "500A"}
    assert updates == [{"tier": "platinum", "caseId": "500A"}]
    assert result.contact is not None and result.contact["attributes"]["caseId"] == "500A"


@pytest.mark.parametrize(
    ("controls", "message"),
    [
        ({"attributes": "not pairs"}, "'attributes' must be name/value pairs"),
        ({"attributes": [1, 2]}, "'attributes' must be name/value pairs"),
    ],
)
def test_update_attributes_refuses_what_is_not_pairs(
    sandbox: FlowSandbox, simulator: Simulator, caller: Contact, controls: dict[str, object], message: str
) -> None:
    step = sandbox.step("SE_ContactUpdateAttributes", controls, contact=caller, telephony=simulator)
    assert step.outcome == "failure"
    assert message in step.exception


def test_update_attributes_accepts_json_text(
    sandbox: FlowSandbox, simulator: Simulator, caller: Contact
) -> None:
    step = sandbox.step(
        "SE_ContactUpdateAttributes",
        {"attributes": json.dumps({"a": "1"})},
        contact=caller,
        telephony=simulator,
    )
    assert step.outcome == "success"
    assert caller.attributes["a"] == "1"


def test_update_attributes_needs_a_known_contact_and_a_telephony(
    sandbox: FlowSandbox, simulator: Simulator
) -> None:
    stranger = Contact("c-9")
    step = sandbox.step(
        "SE_ContactUpdateAttributes", {"attributes": {"a": 1}}, contact=stranger, telephony=simulator
    )
    assert (step.outcome, step.exception) == ("failure", "There is no contact c-9.")
    alone = sandbox.step("SE_ContactUpdateAttributes", {"attributes": {"a": 1}}, telephony=simulator)
    assert "no contact" in alone.exception
    unsupported = sandbox.step("SE_ContactUpdateAttributes", {"attributes": {"a": 1}}, contact=stranger)
    assert "not supported by the configured telephony connector" in unsupported.exception


def test_dial_number(sandbox: FlowSandbox, simulator: Simulator) -> None:
    step = sandbox.step("SE_AgentDialNumber", {"phoneNumber": "(206) 555-0100"}, telephony=simulator)
    assert step.outcome == "success"
    dialled = simulator.get_contact(step.results["contactId"])
    assert dialled is not None and dialled.phoneNumber == "+12065550100" and not dialled.isInbound


@pytest.mark.parametrize(
    ("number", "message"), [("", "no phone number to dial"), ("call me", "is not a phone number")]
)
def test_dial_number_fails_on_a_bad_number(
    sandbox: FlowSandbox, simulator: Simulator, number: str, message: str
) -> None:
    step = sandbox.step("SE_AgentDialNumber", {"phoneNumber": number}, telephony=simulator)
    assert step.outcome == "failure"
    assert message in step.exception
    assert simulator.contacts() == []


@pytest.mark.parametrize("name", ["03-click-to-dial.json", "default-01-salesforceUiOnClickToDial.json"])
def test_the_click_to_dial_fixtures_dial(sandbox: FlowSandbox, simulator: Simulator, name: str) -> None:
    document = FlowDocument.from_json((FIXTURES / name).read_text())
    result = sandbox.run(document, telephony=simulator, payload={"number": "206-555-0123"})
    assert result.status == "completed", result.error
    assert [c.phoneNumber for c in simulator.contacts()] == ["+12065550123"]


def test_set_and_get_agent_status(sandbox: FlowSandbox, simulator: Simulator) -> None:
    events: list[str] = []
    simulator.agent_event.connect(lambda event, agent: events.append(event))
    document = sandbox.document(
        {"id": "s", "type": "SE_Start", "ports": {"done": "set"}},
        {
            "id": "set",
            "type": "SE_AgentSetStatus",
            "controls": {"status": "Break"},
            "ports": {"success": "get"},
        },
        {"id": "get", "type": "SE_AgentGetStatus", "ports": {"done": "e"}},
        {"id": "e", "type": "SE_End"},
    )
    result = sandbox.run(document, telephony=simulator, agent=simulator.agent)
    assert result.status == "completed", result.error
    assert result.steps[1].results == {"status": "Break"}
    assert result.steps[2].results == {"status": "Break"}
    assert events == ["onStateChange", "onNotRoutable"]


def test_set_agent_status_fails_on_an_unknown_status(sandbox: FlowSandbox, simulator: Simulator) -> None:
    step = sandbox.step("SE_AgentSetStatus", {"status": "Asleep"}, telephony=simulator)
    assert step.outcome == "failure"
    assert "Unknown agent status 'Asleep'" in step.exception
    assert simulator.agent.state == "Available"


def test_get_agent_status_without_a_telephony_reads_the_agent(sandbox: FlowSandbox) -> None:
    assert sandbox.step("SE_AgentGetStatus", agent=Agent(state="Lunch")).results == {"status": "Lunch"}
    assert sandbox.step("SE_AgentGetStatus", agent={"state": "Offline"}).results == {"status": "Offline"}
