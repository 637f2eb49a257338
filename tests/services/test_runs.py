"""The Run History's reading: pages of summaries and one run with its steps, as plain records."""

from __future__ import annotations

from sqlalchemy import Engine

from cti_desktop.flows.sandbox import FlowSandbox
from cti_desktop.services.runs import RecordedRun, RunFilter, RunHistory, RunRecord, StepRecord
from cti_desktop.store.runs import RunRepository


def test_a_recorded_run_reads_as_plain_records(engine: Engine) -> None:
    sandbox = FlowSandbox()
    document = sandbox.single("SE_SendDataToOverlay", {"value": {"n": "$.payload.n"}})
    result = sandbox.run(document, payload={"n": 2}, contact={"contactId": "c-7"}, name="Overlay")
    run_id = RunRepository(engine).record(result)
    history = RunHistory(engine)

    recorded = history.get(run_id)
    assert isinstance(recorded, RecordedRun)
    assert isinstance(recorded.run, RunRecord) and all(isinstance(s, StepRecord) for s in recorded.steps)
    run = recorded.run
    assert (run.id, run.flow_name, run.status, run.contact_id) == (run_id, "Overlay", "completed", "c-7")
    assert run.overlay_data == [{"key": "n", "value": 2}]
    assert [(s.seq, s.block_id, s.outcome, s.success) for s in recorded.steps] == [
        (0, "start", "done", True),
        (1, "block", "done", True),
        (2, "end", "", True),
    ]
    assert history.get(run_id + 1) is None

    [summary] = history.page(RunFilter(flow_name="overlay"))
    assert summary.id == run_id and history.page(RunFilter(flow_name="other")) == []
    assert history.newer_than(run_id) == [] and history.newer_than(0) == [summary]
