"""Opening the store: engine creation, migrations at start-up with a backup first, and the refusal of
databases written by a newer version."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import StaticPool

from cti_desktop.store.revisions import HEAD_REVISION, KNOWN_REVISIONS

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class StoreError(Exception):
    """The database cannot be used; the message says why in words a user understands."""


class NewerDatabaseError(StoreError):
    pass


@dataclass(frozen=True, slots=True)
class Revision:
    revision: str
    down_revision: str | None
    doc: str


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def _script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config())


def head_revision() -> str:
    return HEAD_REVISION


def history() -> list[Revision]:
    """The migrations this build knows, oldest first."""
    revisions = list(_script().walk_revisions())
    revisions.reverse()
    return [
        Revision(str(r.revision), str(r.down_revision) if r.down_revision else None, (r.doc or "").strip())
        for r in revisions
    ]


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    database = parsed.database
    if database.startswith("file:"):
        database = database[len("file:") :].split("?", 1)[0]
    return Path(database)


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets many readers (other seats, the GUI) work while one writer records a run.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for any SQLAlchemy URL; SQLite gets WAL mode and a folder created for its file."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    path = sqlite_path(url)
    if path is None:
        engine = create_engine(url, connect_args={"check_same_thread": False}, poolclass=StaticPool)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _set_sqlite_pragmas)
    return engine


def _revision_of(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return _revision_of(connection)


def _peek_revision(url: str) -> str | None:
    """Read the schema revision without changing a byte of the database (a SQLite file is opened
    read-only, so not even the journal mode is touched)."""
    path = sqlite_path(url)
    if path is not None:
        if not path.exists():
            return None
        peek = create_engine(f"sqlite:///file:{path.resolve()}?mode=ro&uri=true")
        try:
            with peek.connect() as connection:
                return _revision_of(connection)
        finally:
            peek.dispose()
    engine = make_engine(url)
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


def check_known_revision(url: str) -> str | None:
    """The database's revision; refuses (NewerDatabaseError) one this build does not know."""
    try:
        revision = _peek_revision(url)
    except SQLAlchemyError as exc:
        raise StoreError(
            f"The database at {describe_url(url)} cannot be read: {exc.__class__.__name__}: {exc}"
        ) from exc
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise NewerDatabaseError(
            f"The database at {describe_url(url)} was written by a newer version of CTI Desktop "
            f"(schema revision {revision}; this version knows up to {head_revision()}). "
            "It was left untouched. Install the newer version, or choose another database with --db."
        )
    return revision


def backup_sqlite_file(path: Path) -> Path:
    """Copy the database file (and its WAL, if any) to a timestamped backup beside it."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.stem}.backup-{stamp}{path.suffix}")
    counter = 1
    while backup.exists():
        backup = path.with_name(f"{path.stem}.backup-{stamp}-{counter}{path.suffix}")
        counter += 1
    # SQLite's online backup gives one consistent file, including what still sits in the WAL.
    source = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
    target = sqlite3.connect(backup)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    return backup


def upgrade(engine: Engine, url: str, to: str = "head") -> Path | None:
    """Upgrade the schema; a SQLite file that already holds data is backed up first.
    Returns the backup's path, if one was made."""
    revision = check_known_revision(url)
    backup: Path | None = None
    path = sqlite_path(url)
    target = head_revision() if to == "head" else to
    if revision == target:
        return None
    if path is not None and path.exists() and revision is not None:
        backup = backup_sqlite_file(path)
        log.info("backed up %s to %s before upgrading", path, backup)
    from alembic import command

    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, to)
    return backup


def open_store(url: str) -> Engine:
    """An engine on a database upgraded to this build's schema."""
    check_known_revision(url)
    engine = make_engine(url)
    try:
        upgrade(engine, url)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(f"The database at {describe_url(url)} could not be upgraded: {exc}") from exc
    return engine


def describe_url(url: str) -> str:
    """The URL as shown to people: a file path for SQLite, the URL without its password otherwise."""
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    return make_url(url).render_as_string(hide_password=True)
