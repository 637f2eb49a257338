"""Checking a database file in words, finding its backups and restoring one, the damaged file kept."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from cti_desktop.store import maintenance
from cti_desktop.store.database import backup_sqlite_file, open_store
from cti_desktop.store.errors import StoreError

# The SQLite file itself: its backups, damage, and the start-up reader that opens it with sqlite3.
pytestmark = pytest.mark.sqlite_only


def damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))


@pytest.fixture
def stored(db_url: str, tmp_path: Path) -> Path:
    engine = open_store(db_url)
    engine.dispose()
    return tmp_path / "cti-desktop.db"


def test_a_sound_database_checks_ok_in_words(db_url: str, stored: Path) -> None:
    health = maintenance.check(db_url)
    assert health.ok
    assert "no damage" in health.findings[0]


def test_a_damaged_database_is_found_out_without_being_changed(db_url: str, stored: Path) -> None:
    damage(stored)
    before = hashlib.sha256(stored.read_bytes()).hexdigest()

    health = maintenance.check(db_url)

    assert not health.ok
    assert "cannot be read" in health.findings[0] or "damage" in health.findings[0]
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == before


def test_restoring_the_latest_backup_keeps_the_damaged_file_aside(db_url: str, stored: Path) -> None:
    backup = backup_sqlite_file(stored)
    damage(stored)
    damaged = stored.read_bytes()

    latest = maintenance.backups(db_url)[0]
    aside = maintenance.restore(db_url, latest.path)

    assert latest.path == backup
    assert aside.read_bytes() == damaged
    assert maintenance.check(db_url).ok
    open_store(db_url).dispose()  # the app opens it again


def test_a_backup_that_is_itself_damaged_is_not_restored(db_url: str, stored: Path) -> None:
    backup = backup_sqlite_file(stored)
    damage(backup)
    before = stored.read_bytes()

    with pytest.raises(StoreError, match="was not restored"):
        maintenance.restore(db_url, backup)

    assert stored.read_bytes() == before


def test_backups_are_listed_newest_first(db_url: str, stored: Path) -> None:
    first = backup_sqlite_file(stored)
    second = backup_sqlite_file(stored)
    os.utime(first, (1_700_000_000, 1_700_000_000))
    os.utime(second, (1_800_000_000, 1_800_000_000))

    assert [b.path for b in maintenance.backups(db_url)] == [second, first]


def test_a_backup_goes_to_the_backups_folder_and_is_found_there(db_url: str, stored: Path) -> None:
    folder = stored.parent / "made" / "backups"
    beside = backup_sqlite_file(stored)
    elsewhere = backup_sqlite_file(stored, folder)
    assert elsewhere.parent == folder and beside.parent == stored.parent
    os.utime(beside, (1_700_000_000, 1_700_000_000))

    found = [backup.path for backup in maintenance.backups(db_url, folder)]

    assert found == [elsewhere, beside], "both places, newest first"
    assert [backup.path for backup in maintenance.backups(db_url)] == [beside]
    damage(stored)
    maintenance.restore(db_url, elsewhere)
    assert maintenance.check(db_url).ok
