"""A database failing in the middle of a command is said in words, with exit code 2 and no traceback."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from cti_desktop.cli import main
from cti_desktop.services.flows import FlowService


def test_a_busy_database_is_said_in_words(
    db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def busy(self: FlowService) -> list[object]:
        raise OperationalError("SELECT flow.id ...", {}, sqlite3.OperationalError("database is locked"))

    monkeypatch.setattr(FlowService, "list", busy)
    assert main(["--db", db_url, "flows", "list"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cti-desktop: The database is busy: another program is writing to it.")
    assert "Traceback" not in err and "SELECT" not in err


def test_a_bug_is_not_hidden_as_a_store_error(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def bug(self: FlowService) -> list[object]:
        raise ValueError("a bug")

    monkeypatch.setattr(FlowService, "list", bug)
    with pytest.raises(ValueError, match="a bug"):
        main(["--db", db_url, "flows", "list"])


def test_a_read_only_database_is_said_in_words_and_reads_still_work(
    tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "ro.db"
    assert main(["--db", f"sqlite:///{path}", "properties", "set", "a", "1"]) == 0
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    capsys.readouterr()

    assert main(["--db", read_only, "properties", "set", "b", "2"]) == 2
    err = capsys.readouterr().err
    assert (
        err == "cti-desktop: The database is read-only: check the file's permissions. Nothing was stored.\n"
    )
    assert main(["--db", read_only, "properties", "list"]) == 0
    assert capsys.readouterr().out == "a = 1\n"
