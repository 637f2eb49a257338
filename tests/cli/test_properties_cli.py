from __future__ import annotations

import json

import pytest

from cti_desktop.cli import main


def test_set_list_unset(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "properties", "set", "taskId", "00T1"]) == 0
    assert main(["--db", db_url, "properties", "set", "limit", "5"]) == 0
    assert main(["--db", db_url, "properties", "set", "flags", '{"vip": true}']) == 0
    assert main(["--db", db_url, "properties", "set", "code", "007", "--text"]) == 0
    capsys.readouterr()
    assert main(["--db", db_url, "properties", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "code": "007",
        "flags": {"vip": True},
        "limit": 5,
        "taskId": "00T1",
    }
    assert main(["--db", db_url, "properties", "list"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        'code = "007"',
        'flags = {"vip": true}',
        "limit = 5",
        'taskId = "00T1"',
    ]
    assert main(["--db", db_url, "properties", "unset", "taskId"]) == 0
    assert main(["--db", db_url, "properties", "unset", "taskId"]) == 0
    assert "property 'taskId' was not set" in capsys.readouterr().err
    assert main(["--db", db_url, "properties", "list", "--json"]) == 0
    assert "taskId" not in json.loads(capsys.readouterr().out)


def test_empty_key_exits_2(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "properties", "set", " ", "x"]) == 2
    assert "the property key is empty" in capsys.readouterr().err


def test_no_properties(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "properties", "list"]) == 0
    assert capsys.readouterr().out == "no properties\n"
