"""Drafts are written on a worker thread: typing never waits for the database, and what has not landed
yet is answered from memory, so nothing typed is lost or shown stale."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine

from cti_desktop.services.drafts import DraftKeeper
from cti_desktop.store.drafts import DraftRepository


@pytest.fixture
def keeper(engine: Engine) -> DraftKeeper:
    keeper = DraftKeeper(engine)
    yield keeper  # type: ignore[misc]
    keeper.close()


def test_a_draft_held_up_by_another_writer_does_not_hold_up_the_agent(
    engine: Engine, keeper: DraftKeeper, tmp_path: Path
) -> None:
    other = sqlite3.connect(tmp_path / "cti-desktop.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        written = keeper.save(1, "c-1", {"firstName": "Ada"})
        keeper.save(1, "c-1", {"firstName": "Ada", "lastName": "Lov"})

        assert not written.done()  # the call came back while the write waits for the lock
        assert keeper.get(1, "c-1").values == {"firstName": "Ada", "lastName": "Lov"}  # type: ignore[union-attr]
        assert keeper.find(1, "c-1").values["lastName"] == "Lov"  # type: ignore[union-attr]
    finally:
        other.execute("ROLLBACK")
        other.close()
    keeper.flush(timeout_s=30)
    assert DraftRepository(engine).get(1, "c-1").values == {"firstName": "Ada", "lastName": "Lov"}  # type: ignore[union-attr]


def test_a_pending_delete_hides_the_stored_draft(engine: Engine, keeper: DraftKeeper) -> None:
    DraftRepository(engine).save(2, "c-1", {"note": "old"})
    gate = threading.Event()
    keeper._writer.submit(gate.wait)  # the writer is busy with something else
    keeper.delete(2, "c-1")

    assert keeper.get(2, "c-1") is None
    assert keeper.find(2, "c-9", live_contact_ids=["c-9"]) is None
    assert keeper.all() == []
    gate.set()
    keeper.flush(timeout_s=30)
    assert DraftRepository(engine).get(2, "c-1") is None


def test_a_write_that_fails_keeps_the_typing_in_memory(
    engine: Engine, keeper: DraftKeeper, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fails(*_: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(keeper._repo, "save", fails)
    written = keeper.save(3, "c-1", {"note": "typed"})
    keeper.flush(timeout_s=30)

    assert isinstance(written.exception(), sqlite3.OperationalError)
    assert keeper.get(3, "c-1").values == {"note": "typed"}  # type: ignore[union-attr]


def test_closing_writes_every_pending_draft(engine: Engine) -> None:
    keeper = DraftKeeper(engine)
    for length in range(1, 30):
        keeper.save(4, "c-1", {"note": "x" * length})
    keeper.close()
    assert DraftRepository(engine).get(4, "c-1").values == {"note": "x" * 29}  # type: ignore[union-attr]
