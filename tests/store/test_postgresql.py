"""What is PostgreSQL's own: the refusal of a newer schema, the pg_dump backup before an upgrade (and a
clear stop without pg_dump), and the time zone of stored times."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from cti_desktop.store import database
from cti_desktop.store.database import BackupNeeded, ServerOptions, make_engine, open_store
from cti_desktop.store.errors import NewerDatabaseError
from cti_desktop.store.properties import PropertyStore


@pytest.fixture
def pg_engine(postgres_url: str) -> Iterator[Engine]:
    engine = open_store(postgres_url)
    yield engine
    engine.dispose()


def _revision(engine: Engine) -> str | None:
    return database.current_revision(engine)


def _at_earlier_revision(engine: Engine) -> None:
    """Make the database look as an earlier release left it: the people and roles (0005) downgraded,
    then the change log's revision (0004) undone by hand."""
    from alembic import command

    config = database._alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
    with engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE change"))
        connection.execute(sa.text("DROP TABLE crm_search"))
        connection.execute(sa.text("DROP INDEX ix_flow_run_uid"))
        connection.execute(sa.text("ALTER TABLE flow_run DROP COLUMN uid"))
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '0003'"))


def test_a_newer_schema_is_refused_and_left_as_it_was(pg_engine: Engine, postgres_url: str) -> None:
    PropertyStore(pg_engine).set("kept", 1)
    with pg_engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = 'f00dface9999'"))
    with pytest.raises(NewerDatabaseError, match="newer version"):
        open_store(postgres_url)
    assert _revision(pg_engine) == "f00dface9999"
    with pg_engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM property")).scalar_one() == 1


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_an_upgrade_is_backed_up_with_pg_dump_first(
    pg_engine: Engine, postgres_url: str, tmp_path: Path
) -> None:
    PropertyStore(pg_engine).set("kept", "yes")
    _at_earlier_revision(pg_engine)
    backup = database.upgrade(pg_engine, postgres_url, backups_dir=tmp_path)
    assert backup is not None and backup.parent == tmp_path and backup.suffix == ".dump"
    assert _revision(pg_engine) == database.head_revision()
    listing = subprocess.run(
        ["pg_restore", "--list", str(backup)], capture_output=True, text=True, check=True
    )
    assert "TABLE DATA public property" in listing.stdout
    assert "TABLE public change" not in listing.stdout, "the dump is of the schema before the upgrade"
    assert not list(tmp_path.glob("*.partial"))


def test_without_pg_dump_the_upgrade_stops_and_says_to_take_a_backup(
    pg_engine: Engine, postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _at_earlier_revision(pg_engine)
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump on it
    with pytest.raises(BackupNeeded, match=r"pg_dump.*--without-backup"):
        database.upgrade(pg_engine, postgres_url, backups_dir=tmp_path)
    assert _revision(pg_engine) == "0003"
    assert database.upgrade(pg_engine, postgres_url, without_backup=True) is None
    assert _revision(pg_engine) == database.head_revision()


def test_times_are_stored_in_utc_whatever_the_server_s_zone(postgres_url: str) -> None:
    with database.make_engine(postgres_url).connect() as admin:
        name = admin.execute(sa.text("SELECT current_database()")).scalar_one()
    engine = open_store(postgres_url)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text(f"ALTER DATABASE \"{name}\" SET timezone = 'Pacific/Kiritimati'"))
        engine.dispose()  # new connections take the database's zone (UTC+14) unless told otherwise
        before = datetime.now(UTC).replace(tzinfo=None)
        PropertyStore(engine).set("when", 1)
        with engine.connect() as connection:
            stored = connection.execute(sa.text("SELECT updated_at FROM property")).scalar_one()
        assert abs((stored - before).total_seconds()) < 60
    finally:
        engine.dispose()


def test_the_seat_options_reach_the_server(postgres_url: str) -> None:
    engine = make_engine(
        postgres_url, ServerOptions(application_name="cti-desktop/pc-17", connect_timeout_s=3)
    )
    try:
        with engine.connect() as connection:
            name = connection.execute(sa.text("SELECT current_setting('application_name')")).scalar_one()
            zone = connection.execute(sa.text("SELECT current_setting('TimeZone')")).scalar_one()
        assert (name, zone) == ("cti-desktop/pc-17", "UTC")
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("postgresql+psycopg://postgres@127.0.0.1:1/cti", "refused the connection (is it running?)"),
        ("postgresql+psycopg://postgres@127.0.0.1:5432/no_such_cti_db", "does not exist on its server"),
        ("postgresql+psycopg://no_such_person@127.0.0.1:5432/postgres", "knows no such user"),
        ("postgresql+psycopg://postgres@no-such-host.invalid/cti", "name is not known on this network"),
    ],
)
def test_a_server_that_cannot_be_used_is_described_in_words(
    postgres_url: str, address: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from cti_desktop.cli import main

    assert main(["--db", address, "db", "status"]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
