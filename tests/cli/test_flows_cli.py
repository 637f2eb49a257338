from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from cti_desktop.cli import main
from cti_desktop.store.crm import LocalCrm

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "adapter-flows"
FILES = sorted(str(path) for path in FIXTURES.glob("*.json"))


def output(capsys: pytest.CaptureFixture[str]) -> Any:
    return json.loads(capsys.readouterr().out)


def test_import_list_export(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "flows", "import", *FILES]) == 0
    assert "imported 'onConnecting'" in capsys.readouterr().out
    options = ["--source", "voiceContact", "--event", "onConnecting", "--activate"]
    assert main(["--db", db_url, "flows", "import", str(FIXTURES / "onConnecting.json"), *options]) == 0
    assert "updated 'onConnecting'" in capsys.readouterr().out
    assert main(["--db", db_url, "flows", "list", "--json"]) == 0
    flows = {flow["name"]: flow for flow in output(capsys)}
    assert len(flows) == 12
    assert flows["onConnecting"] | {"id": 0, "updated_at": ""} == {
        "id": 0, "name": "onConnecting", "description": "", "source": "voiceContact", "event": "onConnecting",
        "active": True, "version": 2, "blocks": 7, "updated_at": "",
    }  # fmt: skip
    assert main(["--db", db_url, "flows", "list"]) == 0
    assert "onConnecting" in capsys.readouterr().out
    for path in FIXTURES.glob("*.json"):
        name = json.loads(path.read_text()).get("name", path.stem)
        out = tmp_path / f"{path.stem}.out.json"
        assert main(["--db", db_url, "flows", "export", name, "-o", str(out)]) == 0
        assert json.loads(out.read_text()) == json.loads(path.read_text())


def test_import_name_option(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "flows", "import", FILES[0], "--name", "Legacy pop"]) == 0
    capsys.readouterr()
    assert main(["--db", db_url, "flows", "list", "--json"]) == 0
    assert [flow["name"] for flow in output(capsys)] == ["Legacy pop"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "bad.json: line 1, column 2: not valid JSON"),
        (
            '{"actions": [{"id": "a", "type": 5}]}',
            "bad.json: actions[0]: 'type' must be a string, not a number",
        ),
    ],
)
def test_a_malformed_file_exits_2_and_stores_nothing(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    assert main(["--db", db_url, "flows", "import", FILES[0], str(bad)]) == 2
    assert message in capsys.readouterr().err
    assert main(["--db", db_url, "flows", "list", "--json"]) == 0
    assert output(capsys) == []


def test_bad_source_exits_2(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "flows", "import", FILES[0], "--source", "pager"]) == 2
    assert "unknown source 'pager'" in capsys.readouterr().err


def test_export_unknown_flow_exits_2(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "flows", "export", "Nope", "-o", str(tmp_path / "x.json")]) == 2
    assert "there is no flow named 'Nope'" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()


def test_validate(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "flows", "validate", *FILES]) == 0
    assert capsys.readouterr().out.count(": ok (") == 12
    startless = tmp_path / "startless.json"
    startless.write_text(json.dumps({"actions": [{"id": "a", "type": "SE_Log", "ports": {"done": "b"}}]}))
    assert main(["--db", db_url, "flows", "validate", str(startless)]) == 1
    out = capsys.readouterr().out
    assert "error: the flow has no SE_Start block" in out
    assert "warning: block a: the 'done' port points at 'b', which is not in the flow" in out
    assert main(["--db", db_url, "flows", "validate", str(tmp_path / "missing.json")]) == 2
    assert "missing.json: cannot be read" in capsys.readouterr().err


def test_run_json_contract(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--db", db_url, "flows", "import", str(FIXTURES / "onHvsWorkStart.json")])
    capsys.readouterr()
    assert (
        main(["--db", db_url, "flows", "run", "onHvsWorkStart", "--payload", '{"workId": "0Z1"}', "--json"])
        == 0
    )
    run = output(capsys)
    assert list(run) == [
        "run_id", "flow", "status", "error", "warnings", "steps", "overlay_data", "screenpops", "contact",
        "properties", "duration_ms",
    ]  # fmt: skip
    assert (run["status"], run["flow"], run["error"]) == ("completed", "onHvsWorkStart", "")
    assert isinstance(run["run_id"], int)
    assert [step["id"] for step in run["steps"]] == ["uid-0", "uid1", "uid-3", "uid4"]
    assert run["properties"] == {"hvsWorkId": "0Z1", "hvsCompleteWorkWhen": None}
    assert "block 'uid-3': $.payload.completeWorkWhen refers to nothing; using null" in run["warnings"]
    assert main(["--db", db_url, "properties", "list", "--json"]) == 0
    assert output(capsys) == {"hvsCompleteWorkWhen": None, "hvsWorkId": "0Z1"}


def test_run_against_the_local_crm_records_pops(
    engine: Engine, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    LocalCrm(engine).create("Lead", {"Name": "Lee", "Phone": "+12065550111"}, record_id="00QCLI000000001")
    main(["--db", db_url, "flows", "import", str(FIXTURES / "onConnecting.json")])
    capsys.readouterr()
    contact = {"contactId": "c-1", "type": "voice", "phoneNumber": "+12065550111", "queueName": "Sales",
               "attributes": {"tier": "gold"}}  # fmt: skip
    assert (
        main(["--db", db_url, "flows", "run", "onConnecting", "--contact", json.dumps(contact), "--json"])
        == 0
    )
    run = output(capsys)
    assert run["status"] == "completed"
    task_id = run["properties"]["taskId"]
    assert run["screenpops"] == [{"kind": "record", "recordId": task_id, "entityName": "Task"}]
    assert run["contact"]["contactId"] == "c-1" and run["contact"]["attributes"] == {"tier": "gold"}
    assert main(["--db", db_url, "flows", "run", "onConnecting", "--contact", json.dumps(contact)]) == 0
    assert "screen pop (record)" in capsys.readouterr().out


def test_a_run_that_does_not_complete_exits_1(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--db", db_url, "flows", "import", str(FIXTURES / "onConnecting.json")])
    capsys.readouterr()
    contact = '{"contactId": "c-2", "phoneNumber": "+12065550100"}'
    assert main(["--db", db_url, "flows", "run", "onConnecting", "--contact", contact, "--json"]) == 1
    run = output(capsys)
    assert run["status"] == "failed" and run["error"].startswith("block 'uid-3' (SE_SFGetLeadId) failed")


def test_contact_blocks_change_the_final_contact(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow = tmp_path / "tag.json"
    flow.write_text(json.dumps({"actions": [
        {"id": "s", "type": "SE_Start", "ports": {"done": "u"}},
        {"id": "u", "type": "SE_ContactUpdateAttributes",
         "controls": {"attributes": {"queue": "$.contact.queueName", "agent": "$.agent.name"}},
         "ports": {"success": "o"}},
        {"id": "o", "type": "SE_SendDataToOverlay",
         "controls": {"value": {"Queue": "$.contact.attributes.queue"}}, "ports": {"done": "e"}},
        {"id": "e", "type": "SE_End"},
    ]}))  # fmt: skip
    main(["--db", db_url, "flows", "import", str(flow)])
    capsys.readouterr()
    contact = '{"contactId": "c-3", "type": "chat", "queueName": "Sales"}'
    agent = '{"name": "Ann"}'
    args = ["--db", db_url, "flows", "run", "tag", "--contact", contact, "--agent", agent, "--json"]
    assert main(args) == 0
    run = output(capsys)
    assert run["contact"]["attributes"] == {"queue": "Sales", "agent": "Ann"}
    assert run["overlay_data"] == [{"key": "Queue", "value": "Sales"}]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--payload", "[1]"], "--payload must be a JSON object"),
        (["--payload", "{"], "--payload is not valid JSON"),
        (["--contact", '{"type": "voice"}'], "'contactId' is required"),
        (["--agent", '{"dialableCountries": "US"}'], "'dialableCountries' must be a list"),
    ],
)
def test_bad_run_input_exits_2(
    db_url: str, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    main(["--db", db_url, "flows", "import", str(FIXTURES / "onHvsWorkStart.json")])
    capsys.readouterr()
    assert main(["--db", db_url, "flows", "run", "onHvsWorkStart", *extra]) == 2
    assert message in capsys.readouterr().err


def test_run_unknown_flow_exits_2(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "flows", "run", "Nope"]) == 2
    assert "there is no flow named 'Nope'" in capsys.readouterr().err
