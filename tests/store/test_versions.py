"""Versions of actions and flows: every save is numbered, drafts stay with supervisors, publish makes a
draft what agents see, rollback publishes an older version as a new one."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import Engine

from cti_desktop.domain.actions import CtiAction
from cti_desktop.store.actions import ActionRepository, EditConflict, NothingToPublish, VersionNotFound
from cti_desktop.store.flows import FlowRepository
from cti_desktop.store.flows import NothingToPublish as NoFlowDraft
from cti_desktop.store.versions import state_of

START = {"actions": [{"id": "0", "type": "SE_Start", "ports": {}}]}
LOGGED = {
    "actions": [
        {"id": "0", "type": "SE_Start", "ports": {"done": "1"}},
        {"id": "1", "type": "SE_Log", "controls": {"message": "hello"}, "ports": {}},
    ]
}


@pytest.fixture
def flow_id(engine: Engine) -> int:
    row = FlowRepository(engine).save("Gift Card", START, source="ctiAction").row
    assert row.id is not None
    return row.id


def test_states_follow_the_published_and_the_newest_version() -> None:
    assert state_of(3, latest=3, published=2) == "draft"
    assert state_of(2, latest=3, published=2) == "published"
    assert state_of(1, latest=3, published=2) == "superseded"
    assert state_of(3, latest=3, published=3) == "published"


def test_a_draft_stays_with_the_supervisors_until_it_is_published(engine: Engine, flow_id: int) -> None:
    actions = ActionRepository(engine)
    first = actions.save(CtiAction("Gift", flow_id=flow_id, shortcut="Ctrl+1"))
    assert first.id is not None
    actions.save(replace(first, shortcut="Ctrl+2"), first, publish=False, note="new key")

    assert actions.get_published(first.id) == replace(first, shortcut="Ctrl+1")
    assert [a.shortcut for a in actions.published()] == ["Ctrl+1"]
    assert [a.shortcut for a in actions.all()] == ["Ctrl+2"]  # what the editor shows
    assert [(v.number, v.state, v.note) for v in actions.history(first.id)] == [
        (2, "draft", "new key"),
        (1, "published", ""),
    ]

    actions.publish(first.id)
    assert [a.shortcut for a in actions.published()] == ["Ctrl+2"]
    assert [v.state for v in actions.history(first.id)] == ["published", "superseded"]
    with pytest.raises(NothingToPublish):
        actions.publish(first.id)


def test_an_action_never_published_is_not_shown_to_agents(engine: Engine, flow_id: int) -> None:
    actions = ActionRepository(engine)
    draft = actions.save(CtiAction("Refund", flow_id=flow_id), publish=False)
    assert actions.published() == []
    assert [a.name for a in actions.all()] == ["Refund"]
    assert draft.id is not None and actions.get_published(draft.id) is None


def test_rollback_publishes_an_older_version_as_a_new_one_and_keeps_the_draft(
    engine: Engine, flow_id: int
) -> None:
    actions = ActionRepository(engine)
    first = actions.save(CtiAction("Gift", flow_id=flow_id, shortcut="Ctrl+1"))
    assert first.id is not None
    second = actions.save(replace(first, shortcut="Ctrl+2"))
    actions.save(replace(second, shortcut="Ctrl+3"), publish=False)

    actions.rollback(first.id, 1)

    history = actions.history(first.id)
    assert [(v.number, v.state) for v in history] == [
        (4, "published"),
        (3, "superseded"),
        (2, "superseded"),
        (1, "superseded"),
    ]
    assert history[0].note == "rolled back to version 1"
    assert actions.get_published(first.id) == replace(first, shortcut="Ctrl+1")
    assert actions.version(first.id, 3).shortcut == "Ctrl+3"  # the draft is kept in the history
    with pytest.raises(VersionNotFound):
        actions.rollback(first.id, 9)


def test_a_draft_saved_meanwhile_is_a_conflict_naming_who(engine: Engine, flow_id: int) -> None:
    actions = ActionRepository(engine)
    opened = actions.save(CtiAction("Gift", flow_id=flow_id))
    actions.save(replace(opened, shortcut="Ctrl+7"), opened, publish=False)
    with pytest.raises(EditConflict) as conflict:
        actions.save(replace(opened, shortcut="Ctrl+8"), opened, publish=False)
    assert conflict.value.theirs.shortcut == "Ctrl+7"
    assert conflict.value.author  # the OS user on SQLite, the login on PostgreSQL
    assert conflict.value.at is not None
    assert [v.number for v in actions.history(opened.id or 0)] == [2, 1]


def test_deleting_an_action_deletes_its_versions(engine: Engine, flow_id: int) -> None:
    actions = ActionRepository(engine)
    saved = actions.save(CtiAction("Gift", flow_id=flow_id))
    assert saved.id is not None and actions.delete(saved.id)
    again = actions.save(CtiAction("Gift", flow_id=flow_id))
    assert [v.number for v in actions.history(again.id or 0)] == [1]


def test_a_flow_draft_is_not_what_seats_run_until_published(engine: Engine) -> None:
    flows = FlowRepository(engine)
    flows.save("Greeting", START, source="voiceContact", event="onConnecting", active=True)
    flows.save("Greeting", LOGGED, publish=False, note="log the call")

    published = flows.get_published("Greeting")
    assert published is not None and published.document == START
    assert [row.document for row in flows.list_active("voiceContact", "onConnecting")] == [START]
    edited = flows.get("Greeting")
    assert edited is not None and edited.document == LOGGED
    assert [(v.number, v.state, v.note) for v in flows.history("Greeting")] == [
        (2, "draft", "log the call"),
        (1, "published", ""),
    ]

    row = flows.publish("Greeting")
    assert row.document == LOGGED and row.published_version == 2
    with pytest.raises(NoFlowDraft):
        flows.publish("Greeting")
    flows.rollback("Greeting", 1)
    again = flows.get_published("Greeting")
    assert again is not None and again.document == START and again.published_version == 3


def test_a_flow_never_published_runs_for_no_event(engine: Engine) -> None:
    flows = FlowRepository(engine)
    flows.save("Greeting", START, source="voiceContact", event="onConnecting", active=True, publish=False)
    assert flows.list_active("voiceContact", "onConnecting") == []
    assert flows.get_published("Greeting") is None


def test_switching_a_flow_off_keeps_a_pending_draft(engine: Engine) -> None:
    flows = FlowRepository(engine)
    flows.save("Greeting", START, source="voiceContact", event="onConnecting", active=True)
    flows.save("Greeting", LOGGED, publish=False)

    flows.set_active("Greeting", False)

    assert flows.list_active("voiceContact", "onConnecting") == []
    edited = flows.get("Greeting")
    assert edited is not None and edited.document == LOGGED and not edited.active
    assert [v.state for v in flows.history("Greeting")] == ["draft", "published", "superseded", "superseded"]
