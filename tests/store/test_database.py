"""Upgrading from the earlier version, refusing newer databases, and backups."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import Engine

from cti_desktop.store import database
from cti_desktop.store.database import make_engine, open_store
from cti_desktop.store.errors import NewerDatabaseError, StoreError

# The schema's creation and upgrades: each test starts from an empty database.
pytestmark = pytest.mark.empty_database


def _earlier_version_database(url: str) -> None:
    """A database as the earlier version wrote it: revision 0001 alone, with flows in it."""
    engine = make_engine(url)
    config = database._alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    now = datetime(2025, 3, 1, 12, 0)
    flow = sa.table(
        "flow",
        sa.column("name"),
        sa.column("description"),
        sa.column("source"),
        sa.column("event"),
        sa.column("active"),
        sa.column("document", sa.JSON()),
        sa.column("created_at"),
        sa.column("updated_at"),
        sa.column("version"),
    )
    with engine.begin() as connection:
        connection.execute(
            flow.insert(),
            [
                {
                    "name": f"Flow {i}",
                    "description": f"about {i}",
                    "source": "voiceContact",
                    "event": "onConnecting",
                    "active": i % 2 == 0,
                    "document": {"actions": [{"id": "0", "type": "SE_Start", "ports": {"done": "1"}}]},
                    "created_at": now,
                    "updated_at": now,
                    "version": i + 1,
                }
                for i in range(5)
            ],
        )
    engine.dispose()


def test_earlier_version_database_upgrades_keeping_every_flow(db_url: str, tmp_path: Path) -> None:
    _earlier_version_database(db_url)
    engine = open_store(db_url)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT name, description, source, event, active, document, version FROM flow ORDER BY name"
            )
        ).all()
        sources = dict(connection.execute(sa.text("SELECT api_value, label FROM flow_source")).all())
        active = connection.execute(
            sa.text("SELECT active FROM flow_source WHERE api_value = 'ctiAction'")
        ).scalar_one()
    engine.dispose()
    assert [r.name for r in rows] == [f"Flow {i}" for i in range(5)]
    for i, row in enumerate(rows):
        assert row.description == f"about {i}"
        assert (row.source, row.event, bool(row.active), row.version) == (
            "voiceContact",
            "onConnecting",
            i % 2 == 0,
            i + 1,
        )
        document = row.document if isinstance(row.document, str) else json.dumps(row.document)
        assert '"SE_Start"' in document
    assert sources["ctiAction"] == "CTI Action"
    assert bool(active)
    assert sources["voiceContact"] == "Voice Contact"
    if not db_url.startswith("sqlite"):
        return  # PostgreSQL's backup is pg_dump's (tests/store/test_postgresql.py)
    backups = list(tmp_path.glob("cti-desktop.backup-*.db"))
    assert len(backups) == 1, "the earlier database is copied before it is upgraded"
    backup = make_engine(f"sqlite:///{backups[0]}")
    with backup.connect() as connection:
        assert connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == "0001"
        assert connection.execute(sa.text("SELECT count(*) FROM flow")).scalar_one() == 5
    backup.dispose()


def test_a_fresh_database_gets_no_backup(db_url: str, tmp_path: Path) -> None:
    open_store(db_url).dispose()
    open_store(db_url).dispose()
    assert list(tmp_path.glob("*.backup-*")) == []
    assert database.current_revision(make_engine(db_url)) == database.head_revision()


@pytest.mark.sqlite_only
def test_newer_database_is_refused_and_left_byte_identical(db_url: str, tmp_path: Path) -> None:
    open_store(db_url).dispose()
    engine = make_engine(db_url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = 'f00dface9999'"))
    engine.dispose()
    path = tmp_path / "cti-desktop.db"
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(NewerDatabaseError, match="newer version"):
        open_store(db_url)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_history_is_oldest_first_and_ends_at_head() -> None:
    revisions = [r.revision for r in database.history()]
    assert revisions[0] == "0001"
    assert revisions[-1] == database.head_revision()
    assert len(revisions) >= 3


def test_non_sqlite_urls_are_described_without_password() -> None:
    assert "secret" not in database.describe_url("postgresql://user:secret@db.example/cti")
    assert database.sqlite_path("sqlite://") is None


def test_migrations_build_exactly_the_models_tables(engine: Engine) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    def include(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
        # The text-search tables are each engine's own (SQLite's FTS5 index and its shadow tables,
        # PostgreSQL's tsvector table), made by the migrations on purpose.
        return not (type_ == "table" and name is not None and name.startswith(("crm_fts", "crm_search")))

    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": include, "compare_type": False}
        )
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_known_revisions_match_the_migration_scripts() -> None:
    scripts = database._script()
    assert scripts.get_current_head() == database.HEAD_REVISION
    walked = [str(r.revision) for r in scripts.walk_revisions()]
    assert tuple(reversed(walked)) == database.KNOWN_REVISIONS


# ----------------------------------------------------------------------------- all or nothing, in words


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_an_upgrade_that_fails_half_way_leaves_the_schema_as_it_was(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _earlier_version_database(db_url)
    from alembic import op

    create_table = op.create_table

    def create_then_fail(name: str, *columns: object, **kwargs: object) -> object:
        table = create_table(name, *columns, **kwargs)
        if name == "cti_action":
            raise sa.exc.OperationalError("CREATE INDEX", {}, Exception("disk I/O error"))
        return table

    monkeypatch.setattr(op, "create_table", create_then_fail)
    with pytest.raises(StoreError, match="left as it was"):
        open_store(db_url)
    monkeypatch.undo()

    assert "cti_action" not in _tables(db_url)
    engine = open_store(db_url)  # the next start finishes the upgrade
    try:
        assert database.current_revision(engine) == database.head_revision()
    finally:
        engine.dispose()


@pytest.mark.sqlite_only
def test_a_backup_that_cannot_be_written_leaves_no_file_named_like_one(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _earlier_version_database(db_url)
    path = tmp_path / "cti-desktop.db"
    before = _digest(path)

    def disk_full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(database.os, "fsync", disk_full)
    with pytest.raises(StoreError, match="backup could not be written"):
        open_store(db_url)

    assert sorted(p.name for p in tmp_path.iterdir() if "backup" in p.name) == []
    assert _digest(path) == before
    assert database.current_revision(make_engine(db_url)) == "0001"


def test_another_applications_database_is_refused_by_name_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)")
        connection.execute("CREATE TABLE flow (id INTEGER PRIMARY KEY)")
    connection.close()
    before = _digest(path)

    with pytest.raises(StoreError, match="another application") as refused:
        open_store(f"sqlite:///{path}")

    assert "customers, flow" in str(refused.value)
    assert _digest(path) == before
    assert [p.name for p in tmp_path.iterdir()] == ["other.db"]


def test_a_file_that_is_not_a_database_is_refused_in_words(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("These are my notes, not a database.\n" * 200, encoding="utf-8")

    with pytest.raises(StoreError) as refused:
        open_store(f"sqlite:///{path}")

    message = str(refused.value)
    assert "is not a database" in message
    assert "[SQL" not in message and "http" not in message


@pytest.mark.sqlite_only
def test_a_damaged_database_is_refused_in_words(db_url: str, tmp_path: Path) -> None:
    open_store(db_url).dispose()
    path = tmp_path / "cti-desktop.db"
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the first page's schema, overwritten
    path.write_bytes(bytes(data))

    with pytest.raises(StoreError) as refused:
        open_store(db_url)

    assert "[SQL" not in str(refused.value)
    assert "database" in str(refused.value)


def test_a_folder_that_cannot_exist_is_refused_in_words(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")

    with pytest.raises(StoreError, match="cannot be made"):
        open_store(f"sqlite:///{blocker / 'sub' / 'cti.db'}")


def test_a_postgresql_address_without_its_driver_is_refused_in_words() -> None:
    with pytest.raises(StoreError, match="driver that is not installed"):
        open_store("postgresql+pg8000://agent@127.0.0.1/cti")


def test_a_file_name_with_a_nul_character_is_refused_in_words() -> None:
    with pytest.raises(StoreError, match="NUL character"):
        open_store("sqlite:///a%00b.db")


@pytest.mark.sqlite_only  # SQLite's backup file; PostgreSQL's is tests/store/test_postgresql.py
def test_the_backup_before_an_upgrade_goes_to_the_backups_folder(db_url: str, tmp_path: Path) -> None:
    _earlier_version_database(db_url)
    folder = tmp_path / "elsewhere" / "backups"
    open_store(db_url, backups_dir=folder).dispose()
    assert list(tmp_path.glob("*.backup-*")) == []
    [backup] = folder.glob("cti-desktop.backup-*.db")
    engine = make_engine(f"sqlite:///{backup}")
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == "0001"
    engine.dispose()
