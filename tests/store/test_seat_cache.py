"""A seat's copy for when the server is away: one moment of the server's actions, flows and
properties; what the seat makes meanwhile is sent back once, oldest first, even when sent again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from cti_desktop.domain.actions import CtiAction
from cti_desktop.flows.results import RunResult, StepTrace
from cti_desktop.store import seat_cache as seat_cache_module
from cti_desktop.store.actions import ActionRepository
from cti_desktop.store.crm import LocalCrm
from cti_desktop.store.drafts import DraftRepository
from cti_desktop.store.flows import FlowRepository
from cti_desktop.store.models import FlowRunRow, FlowRunStepRow
from cti_desktop.store.properties import PropertyStore
from cti_desktop.store.runs import RunRepository
from cti_desktop.store.seat_cache import Queued, SeatCache

START = {"actions": [{"id": "0", "type": "SE_Start", "ports": {}}]}


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[SeatCache]:
    copy = SeatCache(tmp_path / "seat" / "seat-cache.db")
    yield copy
    copy.close()


def _run(name: str) -> RunResult:
    step = StepTrace("0", "SE_Start", "done", True, None, "", 1.0, ())
    return RunResult(flow=name, status="completed", steps=[step], inputs={"contact": {"contactId": "c1"}})


def _count(engine: Engine, model: object) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(model.__table__)).scalar_one())  # type: ignore[attr-defined]


def test_the_copy_holds_what_serves_calls_as_the_server_had_it(engine: Engine, cache: SeatCache) -> None:
    assert not cache.exists() and cache.copied_at() is None
    flow = FlowRepository(engine).save("Gift Card", START, source="ctiAction").row
    ActionRepository(engine).save(CtiAction("Gift", flow_id=flow.id))
    PropertyStore(engine).set("queue", "Billing")
    assert cache.refresh_from(engine) > 0
    assert cache.exists() and cache.copied_at() is not None

    copy = cache.engine()
    [action] = ActionRepository(copy).all()
    assert (action.name, action.flow_id, action.flow_name) == ("Gift", flow.id, "Gift Card")
    assert FlowRepository(copy).require("Gift Card").document == START
    assert PropertyStore(copy).values == {"queue": "Billing"}

    ActionRepository(engine).delete(action.id or 0)
    cache.refresh_from(engine)
    assert ActionRepository(copy).all() == []


def test_runs_drafts_and_records_made_offline_are_sent_once(engine: Engine, cache: SeatCache) -> None:
    cache.refresh_from(engine)
    copy = cache.engine()
    RunRepository(copy).record_many([_run("first"), _run("second")])
    DraftRepository(copy).save(7, "c1", {"note": "typed offline"})
    LocalCrm(copy).create("Task", {"Subject": "Call back"}, record_id="00T000000000001")
    assert cache.queued() == Queued(runs=2, drafts=1, records=1)

    assert cache.send_to(engine) == Queued(runs=2, drafts=1, records=1)
    assert cache.queued() == Queued()
    assert [run.flow_name for run in RunRepository(engine).recent()] == ["second", "first"]
    assert _count(engine, FlowRunStepRow) == 2
    draft = DraftRepository(engine).get(7, "c1")
    assert draft is not None and draft.values == {"note": "typed offline"}
    assert LocalCrm(engine).search("Call back")[0].Id == "00T000000000001"
    assert cache.send_to(engine) == Queued()


def test_a_send_whose_acknowledgement_was_lost_adds_nothing_when_sent_again(
    engine: Engine, cache: SeatCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.refresh_from(engine)
    RunRepository(cache.engine()).record(_run("once"))
    LocalCrm(cache.engine()).create("Task", {"Subject": "Once"}, record_id="00T000000000002")
    real_delete = seat_cache_module.delete
    calls = {"n": 0}

    def crash_after_the_server_commits(table: object) -> object:
        calls["n"] += 1
        raise OSError("the seat was switched off")

    monkeypatch.setattr(seat_cache_module, "delete", crash_after_the_server_commits)
    with pytest.raises(OSError):
        cache.send_to(engine)
    monkeypatch.setattr(seat_cache_module, "delete", real_delete)
    assert _count(engine, FlowRunRow) == 1  # the server committed it

    cache.send_to(engine)
    assert _count(engine, FlowRunRow) == 1
    assert _count(engine, FlowRunStepRow) == 1
    assert len(LocalCrm(engine).search("Once")) == 1
    assert cache.queued() == Queued()


def test_what_is_queued_is_described_in_words() -> None:
    assert Queued(runs=3, records=1).describe() == "3 runs, 1 CRM record"
    assert Queued().describe() == "nothing" and not Queued()
