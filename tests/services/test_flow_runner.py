from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from cti_desktop.contacts.model import Contact
from cti_desktop.contacts.simulator import Simulator
from cti_desktop.flows.executor import RunHandle
from cti_desktop.flows.results import RunResult
from cti_desktop.services import flow_runner
from cti_desktop.services.flow_runner import GUI_QUIET_S, FlowDeleted, FlowNotFound, FlowRunner
from cti_desktop.store.flows import FlowRepository
from cti_desktop.store.properties import PropertyStore

FLOW = {
    "actions": [
        {"id": "s", "type": "SE_Start", "ports": {"done": "o"}},
        {
            "id": "o",
            "type": "SE_SendDataToOverlay",
            "controls": {"value": {"Caller": "$.contact.phoneNumber"}},
            "ports": {"done": "m"},
        },
        {
            "id": "m",
            "type": "SE_ShowModal",
            "controls": {"title": "Hi", "message": "$.payload.note"},
            "ports": {"done": "u"},
        },
        {
            "id": "u",
            "type": "SE_ScreenpopUrl",
            "controls": {"url": "https://crm.example.com/{{ $.payload.id }}"},
            "ports": {"success": "p"},
        },
        {
            "id": "p",
            "type": "SE_SetProperty",
            "controls": {"key": "last", "value": "$.payload.id"},
            "ports": {"done": "e"},
        },
        {"id": "e", "type": "SE_End"},
    ]
}


@pytest.fixture
def runner(engine: Engine) -> Iterator[FlowRunner]:
    FlowRepository(engine).save("Greet", FLOW, source="ctiAction")
    runner = FlowRunner(engine, telephony=Simulator())
    yield runner
    runner.close()


def test_a_run_announces_what_it_does_and_is_recorded(runner: FlowRunner, engine: Engine) -> None:
    heard: list[tuple[str, Any]] = []
    runner.overlay_data_sent.connect(lambda contact_id, pairs: heard.append(("overlay", (contact_id, pairs))))
    runner.screenpop_requested.connect(lambda contact_id, pop: heard.append(("pop", (contact_id, pop))))
    runner.modal_requested.connect(lambda title, message: heard.append(("modal", (title, message))))
    finished: list[RunResult] = []
    runner.run_finished.connect(finished.append)
    contact = Contact(contactId="c-5", phoneNumber="+12065550100")

    result = asyncio.run(
        runner.run(
            "Greet",
            payload={"id": "42", "note": "VIP"},
            contact=contact,
            trigger_kind="action",
            trigger_detail="Greet",
        )
    )

    assert result.status == "completed", result.error
    assert heard == [
        ("overlay", ("c-5", {"Caller": "+12065550100"})),
        ("modal", ("Hi", "VIP")),
        ("pop", ("c-5", {"kind": "url", "url": "https://crm.example.com/42"})),
    ]
    assert finished == [result]
    assert result.run_id is not None
    recorded = runner.runs.get(result.run_id)
    assert recorded is not None
    assert (recorded.run.flow_name, recorded.run.trigger_kind, recorded.run.contact_id) == (
        "Greet",
        "action",
        "c-5",
    )
    assert len(recorded.steps) == 6
    runner.close()
    assert PropertyStore(engine).get("last") == "42"


def test_the_store_is_used_off_the_calling_thread(runner: FlowRunner) -> None:
    threads: list[str] = []
    record_many = runner.runs.record_many

    def spy(results: list[RunResult]) -> list[int]:
        threads.append(threading.current_thread().name)
        return record_many(results)

    runner.runs.record_many = spy  # type: ignore[method-assign]
    asyncio.run(runner.run("Greet", payload={"id": "1"}))
    assert len(threads) == 1 and threads[0] != threading.current_thread().name


def hold_the_writer(runner: FlowRunner) -> threading.Event:
    """Keeps the runner's writer busy until the returned event is set."""
    release = threading.Event()
    runner._worker.submit(release.wait, 10.0)
    return release


async def release_when_waiting(runner: FlowRunner, release: threading.Event, runs: int) -> None:
    """Lets the writer go once `runs` records wait for it."""
    while len(runner._unrecorded) < runs:
        await asyncio.sleep(0)
    release.set()


def test_runs_that_end_together_are_recorded_in_one_write(runner: FlowRunner) -> None:
    batches: list[int] = []
    record_many = runner.runs.record_many

    def spy(results: list[RunResult]) -> list[int]:
        batches.append(len(results))
        return record_many(results)

    runner.runs.record_many = spy  # type: ignore[method-assign]
    release = hold_the_writer(runner)

    async def go() -> list[RunResult]:
        runs = [runner.run("Greet", payload={"id": str(n)}) for n in range(5)]
        *results, _ = await asyncio.gather(*runs, release_when_waiting(runner, release, 5))
        return results

    results = asyncio.run(go())
    assert batches == [5]
    ids = [result.run_id for result in results]
    assert None not in ids and len(set(ids)) == 5
    for result in results:
        assert result.run_id is not None
        recorded = runner.runs.get(result.run_id)
        assert recorded is not None and recorded.run.inputs["payload"] == result.inputs["payload"]


def count_starts(runner: FlowRunner) -> list[int]:
    """Counts the runs that reach the executor."""
    started = [0]
    run = runner.executor.run

    async def counted(*args: Any, **kwargs: Any) -> RunResult:
        started[0] += 1
        return await run(*args, **kwargs)

    runner.executor.run = counted  # type: ignore[method-assign]
    return started


def test_runs_started_together_start_a_few_per_turn_of_the_loop(
    runner: FlowRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(flow_runner, "STARTS_PER_TURN", 2)

    async def go() -> tuple[int, list[RunResult]]:
        await runner.run("Greet")  # the flow's row is cached: a run starts without waiting for the store
        started = count_starts(runner)
        runs = asyncio.gather(*(runner.run("Greet", payload={"id": str(n)}) for n in range(5)))
        seen: list[int] = []
        # Runs once the five runs have each had their first step in this turn.
        asyncio.get_running_loop().call_soon(lambda: seen.append(started[0]))
        results = await runs
        return seen[0], results

    in_first_turn, results = asyncio.run(go())
    assert in_first_turn == 2
    assert [result.status for result in results] == ["completed"] * 5


def test_runs_waiting_for_their_turn_can_be_cancelled(
    runner: FlowRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(flow_runner, "STARTS_PER_TURN", 1)

    async def go() -> list[RunResult]:
        await runner.run("Greet")
        runs = asyncio.gather(*(runner.run("Greet", payload={"id": str(n)}) for n in range(3)))
        asyncio.get_running_loop().call_soon(runner.cancel_all, "the app is closing")
        return await runs

    first, *waiting = asyncio.run(go())
    assert first.status == "completed"
    assert [result.status for result in waiting] == ["cancelled", "cancelled"]


def test_a_run_that_cannot_be_recorded_costs_the_others_nothing(
    runner: FlowRunner, caplog: pytest.LogCaptureFixture
) -> None:
    record_many = runner.runs.record_many

    def refuse_all(results: list[RunResult]) -> list[int]:
        raise RuntimeError("disk full")

    def refuse_one(result: RunResult) -> int:
        if result.inputs["payload"]["id"] == "bad":
            raise RuntimeError("cannot store this one")
        return record_many([result])[0]

    runner.runs.record_many = refuse_all  # type: ignore[method-assign]
    runner.runs.record = refuse_one  # type: ignore[method-assign]
    release = hold_the_writer(runner)

    async def go() -> list[RunResult]:
        runs = [runner.run("Greet", payload={"id": n}) for n in ("good", "bad", "fine")]
        *results, _ = await asyncio.gather(*runs, release_when_waiting(runner, release, 3))
        return results

    good, bad, fine = asyncio.run(go())
    assert all(result.status == "completed" for result in (good, bad, fine))
    assert good.run_id is not None and fine.run_id is not None and bad.run_id is None
    assert "the run of flow 'Greet' could not be recorded" in caplog.text


def test_unknown_flow(runner: FlowRunner) -> None:
    with pytest.raises(FlowNotFound, match="there is no flow named 'Nope'"):
        asyncio.run(runner.run("Nope"))


def test_a_new_version_is_parsed_again(runner: FlowRunner) -> None:
    row = runner.flows.require("Greet")
    assert runner.document(row) is runner.document(row)
    updated = runner.flows.save("Greet", {"actions": [{"id": "s", "type": "SE_Start"}]}).row
    assert len(runner.document(updated).actions) == 1
    result = asyncio.run(runner.run(updated))
    assert result.status == "completed" and result.flow_id == updated.id


def test_cancel_all_cancels_runs_under_way(engine: Engine) -> None:
    FlowRepository(engine).save(
        "Wait",
        {
            "actions": [
                {"id": "s", "type": "SE_Start", "ports": {"done": "d"}},
                {"id": "d", "type": "SE_Delay", "controls": {"milliseconds": 10000}, "ports": {"done": "e"}},
                {"id": "e", "type": "SE_End"},
            ]
        },
    )
    runner = FlowRunner(engine, record=False)

    async def scenario() -> tuple[RunResult, int]:
        handle = RunHandle()
        task = asyncio.get_running_loop().create_task(runner.run("Wait", handle=handle))
        while not runner._active:
            await asyncio.sleep(0.005)
        await asyncio.sleep(0.01)
        cancelled = runner.cancel_all("the app is closing")
        return await task, cancelled

    result, cancelled = asyncio.run(scenario())
    runner.close()
    assert cancelled == 1
    assert result.status == "cancelled" and result.run_id is None


# -- flows run by id, from the cached rows ---------------------------------------------------------------


def sent(result: RunResult) -> str:
    """The value the run sent to the overlay."""
    [pair] = result.overlay_data
    return str(pair["value"])


def overlay_flow(text: str) -> dict[str, Any]:
    return {
        "actions": [
            {"id": "s", "type": "SE_Start", "ports": {"done": "o"}},
            {
                "id": "o",
                "type": "SE_SendDataToOverlay",
                "controls": {"value": {"v": text}},
                "ports": {"done": "e"},
            },
            {"id": "e", "type": "SE_End"},
        ]
    }


def test_a_run_by_id_reads_the_store_once_and_notices_a_change_after_the_run(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    flows = FlowRepository(engine)
    flow_id = flows.save("Data", overlay_flow("one"), source="ctiAction").row.id
    assert flow_id is not None
    runner = FlowRunner(engine, record=False)
    loads: list[int] = []
    load = runner.rows.load

    def counting_load(wanted: int) -> Any:
        loads.append(wanted)
        return load(wanted)

    monkeypatch.setattr(runner.rows, "load", counting_load)
    try:
        first = asyncio.run(runner.run(flow_id))
        assert sent(first) == "one" and first.flow_id == flow_id
        assert sent(asyncio.run(runner.run(flow_id))) == "one"
        assert loads == [flow_id]

        # Another seat saves a new version: the check that follows the next run picks it up.
        flows.save("Data", overlay_flow("two"))
        asyncio.run(runner.run(flow_id))
        runner.settle(timeout=5)
        assert sent(asyncio.run(runner.run(flow_id))) == "two"
        assert loads == [flow_id]
    finally:
        runner.close()


def test_a_row_older_than_its_age_limit_is_read_again_before_it_runs(engine: Engine) -> None:
    flows = FlowRepository(engine)
    flow_id = flows.save("Data", overlay_flow("one"), source="ctiAction").row.id
    assert flow_id is not None
    runner = FlowRunner(engine, record=False, max_row_age_s=0.0)
    try:
        assert sent(asyncio.run(runner.run(flow_id))) == "one"
        flows.save("Data", overlay_flow("two"))
        # No check ran in between: the age limit alone keeps the change from running stale.
        assert sent(asyncio.run(runner.run(flow_id))) == "two"
    finally:
        runner.close()


def test_a_deleted_flow_fails_by_name(engine: Engine) -> None:
    flows = FlowRepository(engine)
    flow_id = flows.save("Data", overlay_flow("one"), source="ctiAction").row.id
    assert flow_id is not None
    runner = FlowRunner(engine, record=False)
    try:
        asyncio.run(runner.run(flow_id))
        flows.delete("Data")
        check = runner.check_flows()
        assert check is not None
        check.result(timeout=5)
        with pytest.raises(FlowDeleted, match="the flow 'Data' no longer exists"):
            asyncio.run(runner.run(flow_id))
        with pytest.raises(FlowNotFound):
            asyncio.run(runner.run(flow_id))
    finally:
        runner.close()


def test_kept_flows_are_loaded_in_the_background_and_checked_while_the_loop_runs(engine: Engine) -> None:
    flows = FlowRepository(engine)
    flow_id = flows.save("Data", overlay_flow("one"), source="ctiAction").row.id
    assert flow_id is not None
    runner = FlowRunner(engine, record=False, quiet_s=0.0, check_every_s=0.01)

    async def scenario() -> int:
        runner.keep_flows([flow_id])
        await asyncio.get_running_loop().run_in_executor(None, runner.settle, 5)
        assert runner.rows.fresh(flow_id) is not None
        flows.save("Data", overlay_flow("two"))
        # The periodic check finds the new version without a run or a change notice.
        for _ in range(500):
            row = runner.rows.fresh(flow_id)
            if row is not None and row.version == 2:
                return row.version
            await asyncio.sleep(0.01)
        return 0

    try:
        assert asyncio.run(scenario()) == 2
    finally:
        runner.close()
    assert runner._check_timer is None


def test_keeping_flows_without_a_running_loop_only_remembers_them(engine: Engine) -> None:
    flows = FlowRepository(engine)
    flow_id = flows.save("Data", overlay_flow("one"), source="ctiAction").row.id
    assert flow_id is not None
    runner = FlowRunner(engine, record=False)
    try:
        runner.keep_flows([flow_id])
        runner.settle(timeout=5)
        assert runner.rows.cached_ids() == []
        check = runner.check_flows()
        assert check is not None
        check.result(timeout=5)
        assert runner.rows.cached_ids() == [flow_id]
    finally:
        runner.close()
    assert runner.check_flows() is None


def test_runs_started_together_share_one_read_and_one_check(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    flows = FlowRepository(engine)
    flows.save("Data", overlay_flow("one"), source="ctiAction")
    runner = FlowRunner(engine, record=False, quiet_s=GUI_QUIET_S)  # as in the app: checks coalesce
    reads: list[str] = []
    checks: list[Any] = []
    load_named, check = runner.rows.load_named, runner.rows.check

    def counting_load(name: str) -> Any:
        reads.append(name)
        return load_named(name)

    def counting_check(ids: Any = None) -> Any:
        checks.append(ids)
        return check(ids)

    monkeypatch.setattr(runner.rows, "load_named", counting_load)
    monkeypatch.setattr(runner.rows, "check", counting_check)

    async def together(count: int) -> list[RunResult]:
        return await asyncio.gather(*(runner.run("Data") for _ in range(count)))

    try:
        assert [sent(r) for r in asyncio.run(together(5))] == ["one"] * 5
        assert reads == ["Data"]
        runner.settle(timeout=5)
        before = len(checks)
        assert before <= 1  # runs that waited on the read have nothing to check
        assert [sent(r) for r in asyncio.run(together(5))] == ["one"] * 5
        runner.settle(timeout=5)
        assert reads == ["Data"] and len(checks) == before + 1
    finally:
        runner.close()


@pytest.mark.sqlite_only
def test_a_flow_made_again_under_the_same_id_runs_its_new_steps(engine: Engine) -> None:
    flows = FlowRepository(engine)
    first = flows.save("Data", overlay_flow("one"), source="ctiAction").row
    runner = FlowRunner(engine, record=False)
    try:
        assert sent(asyncio.run(runner.run(first))) == "one"
        flows.delete("Data")
        again = flows.save("Data", overlay_flow("two"), source="ctiAction").row
        # SQLite hands the freed id out again, and the new flow starts at version 1 too.
        assert (again.id, again.version) == (first.id, first.version)
        assert sent(asyncio.run(runner.run(again))) == "two"
    finally:
        runner.close()


def test_a_run_cancelled_while_it_waits_for_the_shared_read_leaves_the_others_be(engine: Engine) -> None:
    FlowRepository(engine).save("Data", overlay_flow("one"), source="ctiAction")
    runner = FlowRunner(engine, record=False)
    release = threading.Event()
    # The reader is busy: the shared read of "Data" waits in its queue.
    busy = runner._reader.submit(release.wait, 5)

    async def scenario() -> RunResult:
        first = asyncio.ensure_future(runner.run("Data"))
        second = asyncio.ensure_future(runner.run("Data"))
        await asyncio.sleep(0)
        assert "Data" in runner._loading  # both wait on it
        first.cancel()
        for _ in range(3):  # the cancellation reaches the read's future, if it can
            await asyncio.sleep(0)
        release.set()
        with pytest.raises(asyncio.CancelledError):
            await first
        return await second

    try:
        assert sent(asyncio.run(scenario())) == "one"
        assert busy.result(timeout=5) is True
    finally:
        runner.close()


def test_checking_follows_the_runner_from_one_event_loop_to_the_next(engine: Engine) -> None:
    flow_id = FlowRepository(engine).save("Data", overlay_flow("one"), source="ctiAction").row.id
    assert flow_id is not None
    runner = FlowRunner(engine, record=False)

    async def run_once() -> Any:
        await runner.run(flow_id)
        return runner._check_loop

    try:
        first = asyncio.run(run_once())
        second = asyncio.run(run_once())
        assert first is not None and second is not None and first is not second
    finally:
        runner.close()


def test_while_changes_are_pushed_a_cached_row_serves_until_a_change_names_it(engine: Engine) -> None:
    flows = FlowRepository(engine)
    flow_id = flows.save("Data", overlay_flow("one"), source="ctiAction").row.id
    assert flow_id is not None
    runner = FlowRunner(engine, record=False, max_row_age_s=0.0)
    try:
        assert sent(asyncio.run(runner.run(flow_id))) == "one"
        runner.follow_pushed_changes(True)
        flows.save("Data", overlay_flow("two"))
        # Pushed: no age limit and no check after the run; the row is what the last change said.
        assert runner.rows.fresh(flow_id) is not None
        assert sent(asyncio.run(runner.run(flow_id))) == "one"
        runner.flows_changed([flow_id], removed=True)  # forgets it: the next run reads the store
        assert runner.rows.fresh(flow_id) is None
        assert sent(asyncio.run(runner.run(flow_id))) == "two"
        runner.follow_pushed_changes(False)
        assert runner.rows.max_age_s == 0.0 and runner.check_every_s > 0
    finally:
        runner.close()
