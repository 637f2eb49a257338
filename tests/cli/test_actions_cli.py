from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from cti_desktop.cli import main
from cti_desktop.store.models import FlowRow


def add_flow(engine: Engine, name: str, source: str = "ctiAction") -> None:
    now = datetime.now(UTC)
    with Session(engine) as session:
        session.add(FlowRow(name=name, source=source, created_at=now, updated_at=now, published_version=1))
        session.commit()


def action(name: str, flow: str = "Gift Card", **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": name,
        "flow": flow,
        "order": 0,
        "active": True,
        "shortcut": "",
        "payload": [{"key": "cardType", "value": "standard"}],
        "form": {
            "title": name,
            "instructions": "Please fill in these details.",
            "fields": [{"name": "firstName", "label": "First name", "type": "text", "required": True}],
        },
    }
    data.update(changes)
    return data


@pytest.fixture
def db(engine: Engine, db_url: str) -> str:
    add_flow(engine, "Gift Card")
    add_flow(engine, "Screen pop", "voiceContact")
    return db_url


def write(path: Path, actions: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps({"actions": actions}), encoding="utf-8")
    return path


def test_import_list_export(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(
        tmp_path / "in.json", [action("Customer Gift Card", shortcut="Ctrl+1"), action("Refund", form=None)]
    )
    assert main(["--db", db, "actions", "import", str(source)]) == 0
    capsys.readouterr()
    assert main(["--db", db, "actions", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(a["name"], a["flow"], a["hasForm"], a["broken"]) for a in listed] == [
        ("Customer Gift Card", "Gift Card", True, None),
        ("Refund", "Gift Card", False, None),
    ]
    assert main(["--db", db, "actions", "list"]) == 0
    table = capsys.readouterr().out
    assert "Customer Gift Card" in table and "1 field(s), Ctrl+1" in table and "no form" in table
    out = tmp_path / "out.json"
    assert main(["--db", db, "actions", "export", "-o", str(out)]) == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert [a["name"] for a in exported["actions"]] == ["Customer Gift Card", "Refund"]
    assert exported["actions"][1]["form"] is None
    capsys.readouterr()
    assert main(["--db", db, "actions", "export"]) == 0
    assert json.loads(capsys.readouterr().out) == exported


def test_a_bad_import_exits_2_listing_every_problem(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = action("Bad")
    bad["form"]["fields"] = [{"name": "First_name", "label": "First", "type": "colour"}]
    source = write(
        tmp_path / "in.json",
        [
            action("Good"),
            action("Nowhere", flow="Missing"),
            action("Voice", flow="Screen pop"),
            bad,
            action("Good"),
        ],
    )
    assert main(["--db", db, "actions", "import", str(source)]) == 2
    err = capsys.readouterr().err
    assert "nothing was imported; 5 problem(s)" in err
    for expected in (
        'The flow "Missing" does not exist',
        'The flow "Screen pop" is not a CTI Action flow',
        'Field name "First_name" must be one camelCase word',
        'unknown type "colour"',
        "the name is used twice in the file",
    ):
        assert expected in err
    assert main(["--db", db, "actions", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_unreadable_files_exit_2(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db, "actions", "import", str(tmp_path / "missing.json")]) == 2
    assert "no such file" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert main(["--db", db, "actions", "import", str(broken)]) == 2
    assert "The file is not valid JSON" in capsys.readouterr().err
    assert main(["--db", db, "actions", "export", "-o", str(tmp_path / "no-dir" / "x.json")]) == 2
    assert "cannot be written" in capsys.readouterr().err


def test_an_empty_store_lists_nothing(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db, "actions", "list"]) == 0
    assert capsys.readouterr().out == "no CTI actions\n"
