"""Test Connection in words: what it found at the address, or why CTI Desktop cannot use it; the
database is never changed."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from cti_desktop.services.connection_check import check_database_connection, database_folder
from cti_desktop.store.database import head_revision


def test_a_cti_desktop_database_answers_with_its_revision(engine: Engine, db_url: str) -> None:
    check = check_database_connection(db_url)
    assert check.ok
    assert f"a CTI Desktop database (schema revision {head_revision()})" in check.message


def test_a_database_not_made_yet_is_created_on_the_next_start(tmp_path: Path) -> None:
    path = tmp_path / "new" / "cti.db"
    check = check_database_connection(f"sqlite:///{path}")
    assert check.ok and "created on the next start" in check.message
    assert not path.exists() and not path.parent.exists()


def test_what_cannot_be_used_is_said_in_words(tmp_path: Path) -> None:
    not_a_database = tmp_path / "notes.txt"
    not_a_database.write_text("hello\n" * 200, encoding="utf-8")
    cases = {
        f"sqlite:///{not_a_database}": "is not a database file",
        f"sqlite:///{tmp_path}": "is a folder, not a database file",
        "postgresql+nodriver://cti@db.example/cti": "needs a driver that is not installed",
        "not a database address": "not one CTI Desktop can use",
    }
    for url, words in cases.items():
        check = check_database_connection(url)
        assert not check.ok, url
        assert words in check.message, (url, check.message)
    assert not_a_database.read_text(encoding="utf-8") == "hello\n" * 200


def test_the_backups_folder_is_the_database_files(tmp_path: Path) -> None:
    assert database_folder(f"sqlite:///{tmp_path / 'a.db'}") == tmp_path
    assert database_folder("postgresql+psycopg://db.example/cti") is None
