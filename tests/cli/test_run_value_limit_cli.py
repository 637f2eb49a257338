"""`flows run --json` of a flow that builds text forever: the run fails at the value limit, is recorded,
and the JSON printed is whole and small (issue 11, defect 3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cti_desktop.cli import main
from cti_desktop.store.database import open_store
from cti_desktop.store.runs import RunRepository

JOIN_LOOP = {
    "name": "grow",
    "actions": [
        {"id": "s", "type": "SE_Start", "ports": {"done": "j"}},
        {
            "id": "j",
            "type": "SE_JoinStrings",
            "controls": {"values": ["$.actions.j.results.value", "$.actions.j.results.value", "0123456789"]},
            "ports": {"done": "j"},
        },
    ],
}


def test_a_join_looping_onto_itself_is_stopped_recorded_and_printed(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow = tmp_path / "grow.json"
    flow.write_text(json.dumps(JOIN_LOOP), encoding="utf-8")
    assert main(["--db", db_url, "flows", "import", str(flow)]) == 0
    capsys.readouterr()

    assert main(["--db", db_url, "flows", "run", "grow", "--json"]) == 1

    printed = capsys.readouterr().out
    assert len(printed) < 12 * 1024 * 1024
    run = json.loads(printed)
    assert run["status"] == "failed"
    assert "more than the 10 MB a run may hold" in run["error"]
    engine = open_store(db_url)
    try:
        recorded = RunRepository(engine).get(run["run_id"])
    finally:
        engine.dispose()
    assert recorded is not None
