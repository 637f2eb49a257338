"""Upgrading from the earlier version, refusing newer databases, and backups."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import Engine

from cti_desktop.store import database
from cti_desktop.store.database import NewerDatabaseError, make_engine, open_store


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
        assert '"SE_Start"' in row.document
    assert sources["ctiAction"] == "CTI Action"
    assert bool(active)
    assert sources["voiceContact"] == "Voice Contact"
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
        # The FTS5 index and its shadow tables are SQLite's own, made by the migration on purpose.
        return not (type_ == "table" and name is not None and name.startswith("crm_fts"))

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
