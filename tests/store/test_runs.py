from __future__ import annotations

from sqlalchemy import Engine

from cti_desktop.flows.masking import MASK
from cti_desktop.flows.sandbox import FlowSandbox
from cti_desktop.store.runs import RunRepository


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
