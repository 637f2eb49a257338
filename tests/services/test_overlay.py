"""The overlay's use cases without Qt: data per contact, running actions, drafts."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from cti_desktop.contacts.simulator import Simulator
from cti_desktop.domain.actions import CtiAction, PayloadEntry
from cti_desktop.domain.forms import FormField, FormSpec
from cti_desktop.domain.signals import Signal
from cti_desktop.services.actions import ActionService
from cti_desktop.services.flow_cache import FlowDeleted
from cti_desktop.services.overlay import (
    ActionAlreadyRunning,
    ActionCannotRun,
    ActionOutcome,
    OverlayData,
    OverlayService,
)
from cti_desktop.store.models import FlowRow


class Runner:
    def __init__(self) -> None:
        self.overlay_data_sent: Signal[[str, dict[str, Any]]] = Signal()
        self.calls: list[tuple[str, dict[str, Any], Any, frozenset[str]]] = []
        self.gate: asyncio.Event | None = None
        self.result: Any = {"status": "completed", "error": "", "warnings": [], "steps": []}
        self.raises: Exception | None = None
        self.kept: list[set[int]] = []
        self.flows: list[str | int] = []

    def keep_flows(self, flow_ids: Iterable[int]) -> None:
        self.kept.append(set(flow_ids))

    async def run(
        self,
        flow: str | int,
        *,
        payload: dict[str, Any] | None = None,
        contact: Any = None,
        trigger_kind: str = "manual",
        trigger_detail: str = "",
        sensitive_keys: frozenset[str] = frozenset(),
    ) -> Any:
        assert trigger_kind == "action"
        action = SimpleNamespace(name=trigger_detail, flow=flow)
        payload = payload or {}
        self.calls.append((action.name, payload, contact, sensitive_keys))
        self.flows.append(flow)
        if self.gate is not None:
            await self.gate.wait()
        if self.raises is not None:
            raise self.raises
        return self.result


def flow(engine: Engine, name: str) -> int:
    with Session(engine) as session:
        now = datetime.now(UTC)
        row = FlowRow(name=name, source="ctiAction", created_at=now, updated_at=now, published_version=1)
        session.add(row)
        session.commit()
        assert row.id is not None
        return row.id


FORM = FormSpec(
    "Gift",
    "",
    (
        FormField("firstName", label="First name", required=True),
        FormField("telephone", type="phone", label="Telephone", default="$.contact.phoneNumber"),
        FormField("pin", label="PIN", sensitive=True),
        FormField("count", type="number", label="Count"),
    ),
)


@pytest.fixture
def setup(engine: Engine) -> tuple[OverlayService, Runner, Simulator, ActionService]:
    runner = Runner()
    simulator = Simulator()
    actions = ActionService(engine)
    return OverlayService(engine, runner, simulator, actions), runner, simulator, actions


def save(actions: ActionService, engine: Engine, name: str, **kwargs: Any) -> CtiAction:
    return actions.save(CtiAction(name, flow_id=flow(engine, f"{name} flow"), **kwargs))


def test_overlay_data_is_newest_first_per_contact_and_ordered_by_latest() -> None:
    data = OverlayData()
    added: list[tuple[str, list[str]]] = []
    data.entries_added.connect(lambda cid, entries: added.append((cid, [e.key for e in entries])))
    data.add("c1", {"a": 1, "b": 2})
    data.add("c2", {"x": 0})
    data.add("c1", {"c": 3})
    data.add("c1", {})
    assert [(e.key, e.value) for e in data.entries("c1")] == [("c", 3), ("a", 1), ("b", 2)]
    assert data.contact_ids() == ["c1", "c2"]
    assert data.count() == 4
    assert added == [("c1", ["a", "b"]), ("c2", ["x"]), ("c1", ["c"])]
    data.clear("c1")
    assert data.contact_ids() == ["c2"]
    data.clear()
    assert data.count() == 0


def test_keeping_data_until_cleared_ignores_closed_contacts() -> None:
    data = OverlayData("until_cleared")
    data.add("c1", {"a": 1})
    data.contact_closed("c1")
    assert data.count() == 1
    kept = OverlayData()
    kept.add("c1", {"a": 1})
    kept.contact_closed("c1")
    assert kept.count() == 0


def test_data_from_the_runner_lands_under_its_contact_and_leaves_when_it_is_closed(
    setup: tuple[OverlayService, Runner, Simulator, ActionService],
) -> None:
    overlay, runner, simulator, _ = setup
    contact = simulator.incoming("+12065550100")
    runner.overlay_data_sent.emit(contact.contactId, {"a": 1})
    runner.overlay_data_sent.emit("", {"agentNote": "x"})
    assert overlay.data.contact_ids() == ["", contact.contactId]
    simulator.hang_up(contact.contactId)
    simulator.close(contact.contactId)
    assert overlay.data.contact_ids() == [""]
    overlay.close()
    runner.overlay_data_sent.emit("", {"b": 2})
    assert overlay.data.count() == 1


def test_selection_follows_the_workspace_and_drops_a_closed_contact(
    setup: tuple[OverlayService, Runner, Simulator, ActionService],
) -> None:
    overlay, _, simulator, _ = setup
    seen: list[str] = []
    overlay.current_contact_changed.connect(seen.append)
    contact = simulator.incoming("+12065550100")
    overlay.select_contact(contact.contactId)
    overlay.select_contact(contact.contactId)
    assert overlay.current_contact() is contact
    simulator.miss(contact.contactId)
    assert seen == [contact.contactId, ""]
    assert overlay.current_contact() is None


def test_run_merges_payload_and_form_with_the_form_winning(
    engine: Engine, setup: tuple[OverlayService, Runner, Simulator, ActionService]
) -> None:
    overlay, runner, simulator, actions = setup
    action = save(
        actions,
        engine,
        "Gift",
        form=FORM,
        payload=(
            PayloadEntry("count", "static"),
            PayloadEntry("queue", "$.contact.queueName"),
            PayloadEntry("x", 1),
        ),
    )
    contact = simulator.incoming("+12065550100", "Sales")
    defaults = overlay.form_defaults(action, contact.contactId)
    assert defaults["telephone"] == "+12065550100"
    outcomes: list[ActionOutcome] = []
    overlay.run_finished.connect(outcomes.append)
    outcome = asyncio.run(
        overlay.run_action(action, {**defaults, "firstName": "Ada", "count": "3"}, contact.contactId)
    )
    assert outcome.ok and outcome.message == "Done"
    _name, payload, given_contact, sensitive = runner.calls[0]
    assert payload == {
        "count": 3,
        "queue": "Sales",
        "x": 1,
        "firstName": "Ada",
        "telephone": "+12065550100",
        "pin": "",
    }
    assert given_contact is contact
    assert sensitive == frozenset({"pin"})
    assert outcomes == [outcome]


def test_an_invalid_form_or_a_broken_action_does_not_run(
    engine: Engine, setup: tuple[OverlayService, Runner, Simulator, ActionService]
) -> None:
    overlay, runner, _, actions = setup
    action = save(actions, engine, "Gift", form=FORM)
    with pytest.raises(ActionCannotRun, match="First name is required"):
        asyncio.run(overlay.run_action(action, {"firstName": ""}))
    broken = CtiAction("Old", id=99, broken="Its CTI flow was deleted.")
    with pytest.raises(ActionCannotRun, match="Its CTI flow was deleted"):
        asyncio.run(overlay.run_action(broken))
    assert runner.calls == []


def test_an_action_cannot_start_twice_for_the_same_contact(
    engine: Engine, setup: tuple[OverlayService, Runner, Simulator, ActionService]
) -> None:
    overlay, runner, simulator, actions = setup
    action = save(actions, engine, "Caller Details")
    first = simulator.incoming("+12065550100")
    second = simulator.incoming("+12065550111")

    async def scenario() -> list[ActionOutcome]:
        runner.gate = asyncio.Event()
        one = asyncio.ensure_future(overlay.run_action(action, None, first.contactId))
        await asyncio.sleep(0)
        assert overlay.is_running(action.id, first.contactId)
        with pytest.raises(ActionAlreadyRunning):
            await overlay.run_action(action, None, first.contactId)
        # Another contact may run it at the same time.
        two = asyncio.ensure_future(overlay.run_action(action, None, second.contactId))
        await asyncio.sleep(0)
        runner.gate.set()
        return [await one, await two]

    outcomes = asyncio.run(scenario())
    assert [o.contact_id for o in outcomes] == [first.contactId, second.contactId]
    assert not overlay.is_running(action.id, first.contactId)
    assert len(runner.calls) == 2


def test_failures_come_back_as_short_messages_with_details(
    engine: Engine, setup: tuple[OverlayService, Runner, Simulator, ActionService]
) -> None:
    overlay, runner, _, actions = setup
    action = save(actions, engine, "Caller Details")
    runner.result = {
        "status": "failed",
        "error": "Block b1 (SE_HttpRequest) failed: timed out\nTraceback...",
        "warnings": ["w1"],
        "steps": [{"id": "b1", "type": "SE_HttpRequest", "exception": "timed out"}],
    }
    outcome = asyncio.run(overlay.run_action(action))
    assert not outcome.ok
    assert outcome.message == "Block b1 (SE_HttpRequest) failed: timed out"
    assert "Warning: w1" in outcome.details and "Block b1 (SE_HttpRequest): timed out" in outcome.details
    runner.result = {"status": "timed_out", "error": "The run took longer than 60 s"}
    assert asyncio.run(overlay.run_action(action)).message == "Took too long and was stopped"
    runner.raises = RuntimeError("connector exploded")
    crashed = asyncio.run(overlay.run_action(action))
    assert crashed.status == "failed" and crashed.message == "connector exploded"
    assert not overlay.running_keys()


def test_drafts_open_restore_and_are_removed_after_a_successful_submit(
    engine: Engine, setup: tuple[OverlayService, Runner, Simulator, ActionService]
) -> None:
    overlay, _, simulator, actions = setup
    action = save(actions, engine, "Gift", form=FORM)
    contact = simulator.incoming("+12065550100")
    values, restored = overlay.opening_values(action, contact.contactId)
    assert not restored and values["telephone"] == "+12065550100"
    overlay.save_draft(action, contact.contactId, {"firstName": "Ada", "gone": "x"})
    values, restored = overlay.opening_values(action, contact.contactId)
    assert restored and values["firstName"] == "Ada" and "gone" not in values
    asyncio.run(overlay.run_action(action, values, contact.contactId))
    assert overlay.drafts.get(action.id, contact.contactId) is None  # type: ignore[arg-type]


def test_a_draft_of_a_contact_that_is_gone_is_taken_over_after_a_restart(
    engine: Engine, setup: tuple[OverlayService, Runner, Simulator, ActionService]
) -> None:
    overlay, _, simulator, actions = setup
    action = save(actions, engine, "Gift", form=FORM)
    overlay.save_draft(action, "sim-from-before-the-restart", {"firstName": "Ada"})
    contact = simulator.incoming("+12065550100")
    values, restored = overlay.opening_values(action, contact.contactId)
    assert restored and values["firstName"] == "Ada"
    assert [(d.contact_id, d.values) for d in overlay.drafts.all()] == [
        (contact.contactId, {"firstName": "Ada"})
    ]


def test_active_actions_are_listed_in_order(
    engine: Engine, setup: tuple[OverlayService, Runner, Simulator, ActionService]
) -> None:
    overlay, _, _, actions = setup
    save(actions, engine, "B", order=2)
    save(actions, engine, "A", order=1)
    save(actions, engine, "Hidden", order=0, active=False)
    assert [a.name for a in overlay.active_actions()] == ["A", "B"]


def test_actions_run_their_flow_by_id_and_keep_their_flows_warm(
    engine: Engine, setup: tuple[OverlayService, Runner, Simulator, ActionService]
) -> None:
    overlay, runner, _, actions = setup
    first = save(actions, engine, "A", order=1)
    second = save(actions, engine, "B", order=2)
    save(actions, engine, "Hidden", order=0, active=False)
    overlay.active_actions()
    assert runner.kept == [{first.flow_id, second.flow_id}]
    assert asyncio.run(overlay.run_action(first)).ok
    assert runner.flows == [first.flow_id]


def test_a_flow_deleted_since_the_list_was_read_fails_with_a_clear_message(
    engine: Engine, setup: tuple[OverlayService, Runner, Simulator, ActionService]
) -> None:
    overlay, runner, _, actions = setup
    action = save(actions, engine, "Caller Details")
    assert action.flow_id is not None
    outcomes: list[ActionOutcome] = []
    overlay.run_finished.connect(outcomes.append)
    runner.raises = FlowDeleted(action.flow_id, "Caller Details flow")
    outcome = asyncio.run(overlay.run_action(action))
    assert outcome.status == "failed"
    assert outcome.message == (
        'Its flow "Caller Details flow" no longer exists. Ask a supervisor to choose another CTI flow.'
    )
    assert "CCP Element Editor" in outcome.details
    assert outcomes == [outcome]
    assert not overlay.running_keys()
