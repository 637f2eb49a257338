"""When safe mode can help (`diagnose`): a damaged file, or an upgrade that failed; never a newer database
or another application's sound file, which keep their refusal."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from cti_desktop.services.store_health import describe_backup, diagnose, restore_backup
from cti_desktop.store import database
from cti_desktop.store.database import UpgradeFailed, make_engine, open_store
from cti_desktop.store.errors import NewerDatabaseError, StoreError
from cti_desktop.store.maintenance import Backup

# SQLite's own file: its locks, backups and damage (PostgreSQL's server handles these).
pytestmark = pytest.mark.sqlite_only


def _path(db_url: str) -> Path:
    return Path(db_url.removeprefix("sqlite:///"))


def _refusal(db_url: str) -> StoreError:
    with pytest.raises(StoreError) as refused:
        open_store(db_url).dispose()
    return refused.value


def test_a_file_that_is_not_a_database_is_safe_mode_s_business(db_url: str) -> None:
    open_store(db_url).dispose()
    backup = database.backup_sqlite_file(_path(db_url))
    _path(db_url).write_bytes(b"not a database at all\n" * 300)

    trouble = diagnose(db_url, _refusal(db_url))

    assert trouble is not None
    assert trouble.location == str(_path(db_url))
    assert "cannot be read" in trouble.error
    assert any("not a database" in finding for finding in trouble.findings)
    assert trouble.latest_backup is not None and trouble.latest_backup.path == backup
    kept = restore_backup(db_url, backup)
    assert kept.read_bytes().startswith(b"not a database")
    open_store(db_url).dispose()  # the restored database opens


def test_an_upgrade_that_fails_opens_safe_mode_too(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = make_engine(db_url)
    config = database._alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    engine.dispose()

    def fail(*_args: object, **_kwargs: object) -> None:
        raise sa.exc.OperationalError("CREATE TABLE", {}, Exception("disk I/O error"))

    monkeypatch.setattr(command, "upgrade", fail)
    refusal = _refusal(db_url)

    assert isinstance(refusal, UpgradeFailed)
    trouble = diagnose(db_url, refusal)
    assert trouble is not None and "could not be upgraded" in trouble.error
    assert trouble.latest_backup is not None  # the one taken before the upgrade


def test_a_newer_database_and_another_application_s_file_keep_their_refusal(
    db_url: str, tmp_path: Path
) -> None:
    open_store(db_url).dispose()
    assert diagnose(db_url, NewerDatabaseError("newer")) is None
    other = f"sqlite:///{tmp_path / 'other.db'}"
    engine = sa.create_engine(other)
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE invoices (id INTEGER PRIMARY KEY)"))
    engine.dispose()
    assert diagnose(other, _refusal(other)) is None
    assert diagnose("postgresql+psycopg://cti@db.example/cti", StoreError("unreachable")) is None


def test_a_backup_is_described_by_its_date_and_size(tmp_path: Path) -> None:
    backup = Backup(tmp_path / "b.db", datetime(2026, 12, 4, 5, 40), 1_258_291)
    assert describe_backup(backup) == "4 December 2026 at 05:40 (1.2 MB)"
    assert describe_backup(Backup(backup.path, backup.taken_at, 48_128)).endswith("(47 KB)")


def test_safe_mode_offers_a_backup_from_the_backups_folder(db_url: str, tmp_path: Path) -> None:
    open_store(db_url).dispose()
    folder = tmp_path / "backups"
    backup = database.backup_sqlite_file(_path(db_url), folder)
    _path(db_url).write_bytes(b"not a database at all\n" * 300)

    assert diagnose(db_url, _refusal(db_url)).latest_backup is None  # type: ignore[union-attr]
    trouble = diagnose(db_url, _refusal(db_url), folder)

    assert trouble is not None and trouble.latest_backup is not None
    assert trouble.latest_backup.path == backup
    restore_backup(db_url, backup)
    open_store(db_url).dispose()
