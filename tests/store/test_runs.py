from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine

from cti_desktop.domain.masking import MASK
from cti_desktop.flows.sandbox import FlowSandbox
from cti_desktop.store.flows import FlowRepository
from cti_desktop.store.runs import RunFilter, RunRepository, RunSummary


def test_a_run_and_its_steps_are_recorded(engine: Engine) -> None:
    sandbox = FlowSandbox()
    document = sandbox.single("SE_SendDataToOverlay", {"value": {"PIN": "$.payload.pin", "n": "$.payload.n"}})
    result = sandbox.run(
        document,
        payload={"pin": "987654", "n": 2},
        contact={"contactId": "c-7"},
        sensitive_keys={"pin"},
        name="Overlay",
        trigger_kind="action",
        trigger_detail="Show data",
    )
    runs = RunRepository(engine)
    run_id = runs.record(result)
    assert result.run_id == run_id
    recorded = runs.get(run_id)
    assert recorded is not None
    run = recorded.run
    assert (run.flow_name, run.status, run.trigger_kind, run.trigger_detail, run.contact_id) == (
        "Overlay",
        "completed",
        "action",
        "Show data",
        "c-7",
    )
    assert run.inputs["payload"] == {"pin": MASK, "n": 2}
    assert run.overlay_data == [{"key": "PIN", "value": MASK}, {"key": "n", "value": 2}]
    assert [(step.seq, step.block_id, step.outcome) for step in recorded.steps] == [
        (0, "start", "done"),
        (1, "block", "done"),
        (2, "end", ""),
    ]
    assert runs.get(run_id + 1) is None


def test_runs_recorded_together_each_get_their_own_id_and_steps(engine: Engine) -> None:
    sandbox = FlowSandbox()
    runs = RunRepository(engine)
    results = [
        sandbox.run(sandbox.single("SE_SendDataToOverlay", {"value": {"n": n}}), name=f"f{n}")
        for n in range(4)
    ]
    results[2].steps = []  # a run with no steps among them
    ids = runs.record_many(results)
    assert ids == [result.run_id for result in results] and len(set(ids)) == 4
    for n, run_id in enumerate(ids):
        recorded = runs.get(run_id)
        assert recorded is not None and recorded.run.flow_name == f"f{n}"
        assert recorded.run.overlay_data == [{"key": "n", "value": n}]
        assert len(recorded.steps) == (0 if n == 2 else 3)
    assert runs.record_many([]) == []


def test_recent_runs_newest_first(engine: Engine) -> None:
    sandbox = FlowSandbox()
    runs = RunRepository(engine)
    ids = [runs.record(sandbox.run(sandbox.single("SE_Log"), name=f"f{n}")) for n in range(3)]
    assert [row.id for row in runs.recent()] == ids[::-1]
    assert [row.flow_name for row in runs.recent(flow_name="f1")] == ["f1"]
    assert len(runs.recent(limit=2)) == 2


def test_results_that_are_not_json_are_recorded_as_text(engine: Engine) -> None:
    sandbox = FlowSandbox()
    result = sandbox.run(sandbox.single("SE_Log"))
    result.steps[1].results = {"when": {1, 2}}
    run_id = RunRepository(engine).record(result)
    recorded = RunRepository(engine).get(run_id)
    assert recorded is not None and recorded.steps[1].results == {"when": "{1, 2}"}


def test_the_runs_log_and_messages_are_recorded_masked(engine: Engine) -> None:
    sandbox = FlowSandbox()
    logged = sandbox.single("SE_Log", {"level": "info", "message": "card {{$.payload.card}} checked"})
    result = sandbox.run(logged, payload={"card": "4111111111111111"}, sensitive_keys={"card"})
    shown = sandbox.run(sandbox.single("SE_ShowModal", {"title": "Heads up", "message": "VIP caller"}))
    runs = RunRepository(engine)
    log_run = runs.get(runs.record(result))
    modal_run = runs.get(runs.record(shown))
    assert log_run is not None and modal_run is not None
    assert [line["message"] for line in log_run.run.log] == [f"card {MASK} checked"]
    assert modal_run.run.modals == [{"title": "Heads up", "message": "VIP caller"}]


def _record(runs: RunRepository, name: str, status: str = "completed", **fields: object) -> int:
    sandbox = FlowSandbox()
    result = sandbox.run(sandbox.single("SE_Log"), name=name)
    result.status = status
    for key, value in fields.items():
        setattr(result, key, value)
    return runs.record(result)


def test_pages_go_back_in_time_without_gaps_or_repeats(engine: Engine) -> None:
    runs = RunRepository(engine)
    same_moment = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    # Runs that started at the same moment are still paged in a stable order (by id).
    ids = [_record(runs, f"f{n}", started_at=same_moment if n % 2 else datetime.now(UTC)) for n in range(7)]
    seen: list[int] = []
    before = None
    while True:
        page = runs.page(limit=3, before=before)
        if not page:
            break
        seen += [summary.id for summary in page]
        before = page[-1].key
    assert sorted(seen) == sorted(ids) and len(seen) == len(set(seen))
    started = [runs.get(run_id).run.started_at for run_id in seen]  # type: ignore[union-attr]
    assert started == sorted(started, reverse=True)


def test_a_page_holds_the_summary_of_each_run(engine: Engine) -> None:
    runs = RunRepository(engine)
    run_id = _record(
        runs,
        "Gift Card",
        "failed",
        error="block task: the CRM refused\nsecond line",
        trigger_kind="action",
        trigger_detail="Customer Gift Card",
        contact={"contactId": "c-9"},
    )
    [summary] = runs.page()
    assert summary == RunSummary(
        id=run_id,
        started_at=summary.started_at,
        flow_name="Gift Card",
        trigger_kind="action",
        trigger_detail="Customer Gift Card",
        contact_id="c-9",
        status="failed",
        error="block task: the CRM refused\nsecond line",
        duration_ms=summary.duration_ms,
    )
    assert summary.started_at.tzinfo is not None


def test_filters_by_flow_contact_status_and_trigger(engine: Engine) -> None:
    runs = RunRepository(engine)
    gift = _record(runs, "Gift Card", contact={"contactId": "c-1"}, trigger_kind="action")
    failed = _record(runs, "Gift Card", "failed", contact={"contactId": "c-2"}, trigger_kind="action")
    timed_out = _record(runs, "Caller Details", "timed_out", contact={"contactId": "c-12"})
    pop = _record(runs, "Voice 100%_pop", trigger_kind="event", trigger_detail="voiceContact.onConnecting")

    def ids(**filters: object) -> list[int]:
        return sorted(summary.id for summary in runs.page(RunFilter(**filters)))  # type: ignore[arg-type]

    assert ids(flow_name="gift") == [gift, failed]
    assert ids(flow_name="  CALLER ") == [timed_out]
    assert ids(flow_name="100%_") == [pop], "% and _ are looked for as themselves"
    assert ids(flow_name="0%") == [pop]
    assert ids(flow_name="1_0") == []
    assert ids(contact_id="c-1") == [gift, timed_out]
    assert ids(statuses=("failed", "timed_out")) == [failed, timed_out]
    assert ids(trigger_kind="event") == [pop]
    assert ids(flow_name="gift", statuses=("completed",)) == [gift]
    assert ids() == [gift, failed, timed_out, pop]


def test_newer_runs_are_found_after_the_last_one_shown(engine: Engine) -> None:
    runs = RunRepository(engine)
    first = _record(runs, "a")
    second = _record(runs, "b")
    third = _record(runs, "a", "failed")
    assert [summary.id for summary in runs.newer_than(first)] == [third, second]
    assert [summary.id for summary in runs.newer_than(first, RunFilter(flow_name="a"))] == [third]
    assert runs.newer_than(third) == []


def test_newer_runs_come_newest_first_by_start(engine: Engine) -> None:
    runs = RunRepository(engine)
    first = _record(runs, "a")
    # Recorded later, started earlier (a long run): it sorts below the other new run.
    long_run = _record(runs, "long", started_at=datetime(2026, 1, 1, tzinfo=UTC))
    short_run = _record(runs, "short")
    assert [summary.id for summary in runs.newer_than(first)] == [short_run, long_run]


def test_flow_names_are_the_stored_flows(engine: Engine) -> None:
    flows = FlowRepository(engine)
    for name in ("Zeta", "alpha"):
        flows.save(name, {"name": name, "actions": [{"id": "start", "type": "SE_Start"}]})
    assert RunRepository(engine).flow_names() == ["alpha", "Zeta"]
