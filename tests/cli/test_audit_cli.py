"""`cti-desktop audit list|export`."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from cti_desktop.cli import main


def test_list_and_export_what_the_command_line_changed(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", db_url, "properties", "set", "queue", "Billing"]) == 0
    assert main(["--db", db_url, "properties", "set", "queue", "Support"]) == 0
    capsys.readouterr()
    assert main(["--db", db_url, "audit", "list", "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert [(e["kind"], e["name"], e["operation"]) for e in entries] == [
        ("property", "queue", "changed"),
        ("property", "queue", "created"),
    ]
    assert entries[0]["before"] == {"value": "Billing"} and entries[0]["after"] == {"value": "Support"}
    assert set(entries[0]) == {
        "id",
        "at",
        "author",
        "host",
        "kind",
        "row_id",
        "name",
        "operation",
        "before",
        "after",
    }

    author = entries[0]["author"]
    assert main(["--db", db_url, "audit", "list", "--user", author]) == 0
    assert "changed  property    queue" in capsys.readouterr().out
    assert main(["--db", db_url, "audit", "list", "--since", "2999-01-01"]) == 0
    assert capsys.readouterr().out.strip() == "no entries"

    target = tmp_path / "audit.csv"
    assert main(["--db", db_url, "audit", "export", "-o", str(target)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote 2 entries to {target}"
    with target.open(encoding="utf-8") as file:
        assert [row["operation"] for row in csv.DictReader(file)] == ["created", "changed"]


def test_bad_input_is_refused_in_words(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", db_url, "audit", "list", "--since", "yesterday"]) == 2
    assert "is not a date or time" in capsys.readouterr().err
    assert main(["--db", db_url, "audit", "export", "-o", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err
