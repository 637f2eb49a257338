from __future__ import annotations

import pytest

from cti_desktop.contacts.base import TelephonyConnector, TelephonyError
from cti_desktop.contacts.model import Agent, AgentState, Contact, ContactState
from cti_desktop.contacts.simulator import Simulator


class Recorder:
    def __init__(self, simulator: Simulator) -> None:
        self.contact_events: list[tuple[str, str, str]] = []
        self.agent_events: list[tuple[str, str]] = []
        self.changes = 0
        self.updates: list[str] = []
        simulator.contact_event.connect(self.on_contact_event)
        simulator.agent_event.connect(self.on_agent_event)
        simulator.contacts_changed.connect(self.on_changed)
        simulator.contact_updated.connect(self.on_updated)

    def on_contact_event(self, source: str, event: str, contact: Contact) -> None:
        self.contact_events.append((source, event, contact.state))

    def on_agent_event(self, event: str, agent: Agent) -> None:
        self.agent_events.append((event, agent.state))

    def on_changed(self) -> None:
        self.changes += 1

    def on_updated(self, contact: Contact) -> None:
        self.updates.append(contact.state)


@pytest.fixture
def simulator() -> Simulator:
    return Simulator(Agent(name="Ann", state=AgentState.AVAILABLE))


def test_the_simulator_is_a_telephony_connector(simulator: Simulator) -> None:
    assert isinstance(simulator, TelephonyConnector)
    assert simulator.supports("SE_AgentDialNumber")
    assert not simulator.supports("SE_SFRetrieve")


def test_a_voice_call_goes_through_its_whole_lifecycle(simulator: Simulator) -> None:
    seen = Recorder(simulator)
    contact = simulator.incoming("+12065550100", "Sales", "voice", {"tier": "gold"})
    assert simulator.contacts() == [contact]
    assert contact.attributes == {"tier": "gold"}
    simulator.accept(contact.contactId)
    simulator.hold(contact.contactId)
    simulator.resume(contact.contactId)
    simulator.hang_up(contact.contactId)
    simulator.after_call_work(contact.contactId)
    assert simulator.agent.state == AgentState.AFTER_CALL_WORK
    simulator.close(contact.contactId)

    assert seen.contact_events == [
        ("voiceContact", "onIncoming", ContactState.INCOMING),
        ("voiceContact", "onConnecting", ContactState.CONNECTING),
        ("voiceContact", "onAccepted", ContactState.CONNECTING),
        ("voiceContact", "onConnected", ContactState.CONNECTED),
        ("voiceContact", "onRefresh", ContactState.ON_HOLD),
        ("voiceContact", "onRefresh", ContactState.CONNECTED),
        ("voiceContact", "onEnded", ContactState.ENDED),
        ("voiceContact", "onRefresh", ContactState.AFTER_CALL_WORK),
        ("voiceContact", "onDestroy", ContactState.CLOSED),
    ]
    assert seen.agent_events == [
        ("onStateChange", AgentState.AFTER_CALL_WORK),
        ("onAfterCallWork", AgentState.AFTER_CALL_WORK),
        ("onStateChange", AgentState.AVAILABLE),
        ("onRoutable", AgentState.AVAILABLE),
    ]
    assert seen.changes == 2  # arrived, left
    assert seen.updates[-1] == ContactState.AFTER_CALL_WORK
    assert simulator.contacts() == []


@pytest.mark.parametrize(
    ("contact_type", "source"),
    [("chat", "chatContact"), ("task", "taskContact"), ("callback", "queueCallbackContact")],
)
def test_each_channel_raises_events_under_its_source(
    simulator: Simulator, contact_type: str, source: str
) -> None:
    seen = Recorder(simulator)
    simulator.incoming("+12065550100", "Support", contact_type)
    assert seen.contact_events[1] == (source, "onConnecting", ContactState.CONNECTING)


def test_several_contacts_at_once_and_a_missed_one(simulator: Simulator) -> None:
    seen = Recorder(simulator)
    first = simulator.incoming("", "Chat", "chat")
    second = simulator.incoming("", "Chat", "chat")
    assert first.contactId != second.contactId
    assert simulator.get_contact(second.contactId) is second
    simulator.miss(first.contactId)
    assert simulator.contacts() == [second]
    assert ("chatContact", "onMissed", ContactState.CONNECTING) in seen.contact_events


def test_wrong_transitions_are_refused_with_a_clear_message(simulator: Simulator) -> None:
    contact = simulator.incoming("+12065550100")
    with pytest.raises(
        TelephonyError, match="is connecting; only a contact that is connected can be put on hold"
    ):
        simulator.hold(contact.contactId)
    with pytest.raises(TelephonyError, match="There is no contact nope"):
        simulator.accept("nope")
    with pytest.raises(TelephonyError, match="Unknown contact type"):
        simulator.incoming("+12065550100", contact_type="fax")


def test_agent_status_changes_raise_agent_events(simulator: Simulator) -> None:
    seen = Recorder(simulator)
    simulator.set_agent_status("Break")
    simulator.set_agent_status("Offline")
    simulator.set_agent_status("Offline")
    assert seen.agent_events == [
        ("onStateChange", "Break"),
        ("onNotRoutable", "Break"),
        ("onStateChange", "Offline"),
        ("onOffline", "Offline"),
    ]
    assert simulator.get_agent_status() == "Offline"
    with pytest.raises(TelephonyError, match="Unknown agent status 'Sleeping'"):
        simulator.set_agent_status("Sleeping")


def test_a_status_chosen_during_after_call_work_is_taken_when_it_ends(simulator: Simulator) -> None:
    contact = simulator.incoming("+12065550100")
    simulator.accept(contact.contactId)
    simulator.hang_up(contact.contactId)
    simulator.after_call_work(contact.contactId)
    simulator.set_agent_status("Lunch")
    assert simulator.get_agent_status() == AgentState.AFTER_CALL_WORK
    simulator.close(contact.contactId)
    assert simulator.get_agent_status() == "Lunch"


def test_dial_places_an_outbound_call(simulator: Simulator) -> None:
    seen = Recorder(simulator)
    contact = simulator.dial("(206) 555-0100", "arn:queue")
    assert contact.phoneNumber == "+12065550100"
    assert not contact.isInbound
    assert contact.call_type == "outbound"
    assert contact.queueARN == "arn:queue"
    assert seen.contact_events == [("voiceContact", "onConnecting", ContactState.CONNECTING)]
    simulator.connect(contact.contactId)
    assert contact.state == ContactState.CONNECTED


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("", "no phone number"),
        ("not a number", "is not a phone number"),
        ("+1 206", "not a phone number that can be dialled"),
        ("+44 20 7946 0018", "may not dial numbers in GB"),
    ],
)
def test_dial_refuses_numbers_it_cannot_call(simulator: Simulator, number: str, message: str) -> None:
    with pytest.raises(TelephonyError, match=message):
        simulator.dial(number)
    assert simulator.contacts() == []


def test_update_attributes_merges_and_tells_views_only(simulator: Simulator) -> None:
    contact = simulator.add_contact(Contact("c-1", attributes={"a": "1"}))
    seen = Recorder(simulator)
    simulator.update_attributes("c-1", {"b": "2"})
    assert contact.attributes == {"a": "1", "b": "2"}
    assert seen.updates == [ContactState.INCOMING]
    assert seen.contact_events == []
    with pytest.raises(TelephonyError, match="There is no contact c-2"):
        simulator.update_attributes("c-2", {})
    with pytest.raises(TelephonyError, match="already a contact c-1"):
        simulator.add_contact(Contact("c-1"))


@pytest.mark.parametrize(
    ("state", "words"),
    [
        (AgentState.OFFLINE, "the agent is offline"),
        (AgentState.BREAK, "the agent is on a break"),
        (AgentState.LUNCH, "the agent is at lunch"),
    ],
)
def test_a_contact_is_offered_only_to_an_available_agent(state: str, words: str) -> None:
    simulator = Simulator(Agent(state=state))
    seen = Recorder(simulator)
    with pytest.raises(TelephonyError, match=f"Not offered: {words}.*only to an Available agent"):
        simulator.offer("+12065550100", "Sales")
    assert simulator.contacts() == []
    assert seen.contact_events == []
    simulator.set_agent_status(AgentState.AVAILABLE)
    contact = simulator.offer("+12065550100", "Sales")
    assert simulator.why_not_offered() is None
    assert [event for _, event, _ in seen.contact_events] == ["onIncoming", "onConnecting"]
    assert contact.queueName == "Sales"


def test_no_contact_is_offered_during_after_call_work(simulator: Simulator) -> None:
    contact = simulator.offer("+12065550100")
    simulator.accept(contact.contactId)
    simulator.hang_up(contact.contactId)
    simulator.after_call_work(contact.contactId)
    with pytest.raises(TelephonyError, match="the agent is in after-call work"):
        simulator.offer("+12065550101")
