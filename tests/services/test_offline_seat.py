"""A seat whose shared server is away keeps serving calls from its copy, refuses editing in words, and
sends what it made meanwhile once the server is back."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from cti_desktop.domain.actions import CtiAction
from cti_desktop.flows.results import RunResult
from cti_desktop.services.changes import ChangeBus
from cti_desktop.services.live_changes import LiveChanges
from cti_desktop.services.offline_seat import FallbackRuns, OfflineSeat, cache_path
from cti_desktop.services.startup import prepare_services
from cti_desktop.store.actions import ActionRepository
from cti_desktop.store.database import make_engine, open_store
from cti_desktop.store.errors import EditingRefused, StoreError
from cti_desktop.store.flows import FlowRepository
from cti_desktop.store.runs import RunRepository
from cti_desktop.store.seat_cache import Queued, SeatCache

AWAY = "postgresql+psycopg://postgres@127.0.0.1:1/cti"  # nothing listens there: a server that is away
START = {"actions": [{"id": "0", "type": "SE_Start", "ports": {}}]}


@pytest.fixture
def server(postgres_url: str) -> Iterator[Engine]:
    engine = open_store(postgres_url)
    flow = FlowRepository(engine).save("Gift Card", START, source="ctiAction").row
    ActionRepository(engine).save(CtiAction("Gift", flow_id=flow.id))
    yield engine
    engine.dispose()


@pytest.fixture
def copy_file(server: Engine, tmp_path: Path) -> Path:
    cache = SeatCache(tmp_path / "copy.db")
    cache.refresh_from(server)
    cache.close()
    return cache.path


def test_a_seat_starting_without_its_server_serves_from_its_copy(copy_file: Path) -> None:
    prepared = prepare_services({"database_url": AWAY, "cache_path": str(copy_file), "demo_data": False})
    services = prepared.services
    try:
        assert services.seat is not None and services.seat.serving_from_cache
        assert [action.name for action in services.actions.list_actions()] == ["Gift"]
        assert services.live.status.offline
        assert services.live.status.text.startswith("Offline: working from the copy of ")
        refusal = services.editing_refusal()
        assert refusal is not None and "Restart CTI Desktop once it is back" in refusal
        with pytest.raises(EditingRefused, match="cannot be changed while this seat works from its copy"):
            services.actions.save(CtiAction("New"))
        with pytest.raises(EditingRefused):
            services.flows.save("Other", START)
        services.runner.runs.record(RunResult(flow="Gift Card", status="completed"))
        assert services.seat.cache.queued() == Queued(runs=1)
    finally:
        services.close()


def test_without_a_copy_the_unreachable_server_is_said_in_words(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="refused the connection"):
        prepare_services({"database_url": AWAY, "cache_path": str(tmp_path / "none.db"), "demo_data": False})


def test_runs_recorded_while_the_server_is_away_wait_in_the_copy(server: Engine, tmp_path: Path) -> None:
    away = make_engine(AWAY)
    cache = SeatCache(tmp_path / "copy.db")
    seat = OfflineSeat(cache, AWAY, server=away)
    try:
        run_id = FallbackRuns(away, seat).record(RunResult(flow="Gift Card", status="completed"))
        assert run_id > 0 and cache.queued() == Queued(runs=1)
        sent = OfflineSeat(cache, "unused", server=server).back_online()
        assert sent == Queued(runs=1) and cache.queued() == Queued()
        assert [run.flow_name for run in RunRepository(server).recent()] == ["Gift Card"]
    finally:
        seat.close()
        away.dispose()


def test_a_seat_working_from_its_copy_sends_its_queue_when_the_server_answers(
    server: Engine, postgres_url: str, copy_file: Path
) -> None:
    cache = SeatCache(copy_file)
    RunRepository(cache.engine()).record(RunResult(flow="Gift Card", status="completed"))
    seat = OfflineSeat(cache, postgres_url, server=None)
    live = LiveChanges(cache.engine(), postgres_url, ChangeBus(), seat=seat)
    assert live.status.offline

    async def scenario() -> None:
        task = asyncio.create_task(live.run())
        deadline = asyncio.get_running_loop().time() + 20
        while "sent 1 run" not in live.status.text:
            assert asyncio.get_running_loop().time() < deadline, live.status
            await asyncio.sleep(0.02)
        await live.stop()
        await asyncio.wait_for(task, 10)

    try:
        asyncio.run(scenario())
        assert live.status.live and "restart CTI Desktop to edit" in live.status.text
        assert [run.flow_name for run in RunRepository(server).recent()] == ["Gift Card"]
    finally:
        seat.close()


def test_each_server_has_its_own_copy_file() -> None:
    one = cache_path("", "postgresql+psycopg://agent:secret@db1/cti")
    assert one == cache_path("", "postgresql+psycopg://agent:other@db1/cti"), "the password is not part of it"
    assert one != cache_path("", "postgresql+psycopg://agent@db2/cti")
    assert cache_path("~/copy.db", "x").name == "copy.db"


def test_drafts_and_new_records_made_while_the_server_is_away_wait_in_the_copy(
    server: Engine, tmp_path: Path
) -> None:
    from cti_desktop.services.changes import ChangeBus
    from cti_desktop.services.offline_seat import FallbackCrm, FallbackDrafts
    from cti_desktop.store.crm import LocalCrm
    from cti_desktop.store.drafts import DraftRepository

    away = make_engine(AWAY)
    cache = SeatCache(tmp_path / "copy.db")
    seat = OfflineSeat(cache, AWAY, server=away)
    try:
        FallbackDrafts(away, seat).save(7, "c1", {"note": "typed while away"})
        record = FallbackCrm(away, seat, ChangeBus(), "US").create("Task", {"Subject": "Call back"})
        assert cache.queued() == Queued(drafts=1, records=1)
        OfflineSeat(cache, "unused", server=server).back_online()
        assert DraftRepository(server).get(7, "c1") is not None
        assert LocalCrm(server).get(record.Id) is not None
    finally:
        seat.close()
        away.dispose()
