"""Opening the store: engine creation, migrations at start-up with a backup first, and the refusal of
databases written by a newer version."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from cti_desktop import paths
from cti_desktop.store.errors import NewerDatabaseError, StoreError, describe_store_error, note_login
from cti_desktop.store.revisions import HEAD_REVISION, KNOWN_REVISIONS

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


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
    if "\x00" in database:
        raise StoreError("The database file name holds a NUL character: check the database setting.")
    return Path(database)


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets many readers (other seats, the GUI) work while one writer records a run.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # A writer that finds another one at work waits this long for it before saying the database is busy.
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    cursor.close()


# How long a write waits for another process's write to end, in all (SQLite's busy handler retries within it).
BUSY_TIMEOUT_S = 15.0
_WRITE_OPTION = "cti_write"


def for_writing(engine: Engine) -> Engine:
    """The same engine (and pool) for sessions that write. On SQLite their transactions start with
    BEGIN IMMEDIATE: the write lock is taken (waiting up to BUSY_TIMEOUT_S) before the first read, so a
    transaction that reads then writes never fails at once because another process wrote in between,
    and "read, then create if missing" is not raced by another writer. Other engines ignore the option."""
    return engine.execution_options(**{_WRITE_OPTION: True})


def _begin_writes_immediately(connection: Connection) -> None:
    # Python's sqlite3 issues a deferred BEGIN of its own only before a write, and none while a
    # transaction is open: this explicit BEGIN IMMEDIATE takes its place for write sessions; reads
    # keep the driver's default and never wait on the write lock.
    if connection.get_execution_options().get(_WRITE_OPTION):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


@dataclass(frozen=True, slots=True)
class ServerOptions:
    """How to reach a database server (PostgreSQL); SQLite ignores them. Empty values leave libpq's own
    defaults and environment (PGSSLMODE, ~/.pgpass, ...) in charge."""

    connect_timeout_s: int = 10
    # libpq's sslmode: disable, allow, prefer, require, verify-ca or verify-full.
    sslmode: str = ""
    sslrootcert: str = ""
    # Shown in pg_stat_activity, so IT can tell the seats apart.
    application_name: str = ""
    # From the OS keyring; None: the URL's own, a .pgpass entry, or the server's methods.
    password: str | None = field(default=None, repr=False)

    def connect_args(self) -> dict[str, Any]:
        args: dict[str, Any] = {
            "connect_timeout": max(1, int(self.connect_timeout_s)),
            # The store writes and reads UTC times in columns without a zone: never the server's zone.
            "options": "-c timezone=UTC",
        }
        if self.application_name:
            args["application_name"] = self.application_name[:63]
        if self.sslmode:
            args["sslmode"] = self.sslmode
        if self.sslrootcert:
            args["sslrootcert"] = self.sslrootcert
        if self.password is not None:
            args["password"] = self.password
        return args


DEFAULT_SERVER_OPTIONS = ServerOptions()


def is_postgresql(url: str) -> bool:
    try:
        return make_url(url).get_backend_name() == "postgresql"
    except ArgumentError:
        return False


def make_engine(url: str, options: ServerOptions = DEFAULT_SERVER_OPTIONS) -> Engine:
    """An engine for any SQLAlchemy URL; SQLite gets WAL mode and a folder created for its file."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        server = create_engine(url, pool_pre_ping=True, connect_args=options.connect_args())
        # A refusal by the server's grants then names the person refused (store.errors).
        event.listen(server, "handle_error", note_login)
        return server
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    path = sqlite_path(url)
    if path is None:
        engine = create_engine(url, connect_args={"check_same_thread": False}, poolclass=StaticPool)
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"The database cannot be created at {path}: its folder {path.parent} cannot be made "
                f"({exc.strerror or exc})."
            ) from exc
        engine = create_engine(url, connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _set_sqlite_pragmas)
    event.listen(engine, "begin", _begin_writes_immediately)
    return engine


def _migration_engine(url: str) -> Engine:
    """An engine whose transactions cover DDL too. Python's sqlite3 commits before a CREATE or ALTER on
    its own, so a failure half-way through a migration would leave its first tables behind; here every
    transaction starts with an explicit BEGIN IMMEDIATE and nothing is committed until the upgrade ends."""
    engine = make_engine(url)
    if engine.dialect.name == "sqlite":

        def no_implicit_transactions(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None

        def begin_immediately(connection: Connection) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        event.listen(engine, "connect", no_implicit_transactions)
        event.listen(engine, "begin", begin_immediately)
    return engine


def _revision_of(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return _revision_of(connection)


def _peek(connection: Connection) -> tuple[str | None, list[str]]:
    """The schema revision and the names of the tables, as they are."""
    tables = [name for name in inspect(connection).get_table_names() if not name.startswith("sqlite_")]
    return _revision_of(connection), tables


def _peek_revision(url: str, options: ServerOptions) -> tuple[str | None, list[str]]:
    """Read the schema revision and the tables without changing a byte of the database (a SQLite file is
    opened read-only, so not even the journal mode is touched)."""
    path = sqlite_path(url)
    if path is not None:
        if not path.exists():
            return None, []
        if path.is_dir():
            raise StoreError(f"The database path {path} is a folder, not a database file.")
        peek = create_engine(f"sqlite:///file:{path.resolve()}?mode=ro&uri=true")
        try:
            with peek.connect() as connection:
                return _peek(connection)
        finally:
            peek.dispose()
    engine = make_engine(url, options)
    try:
        with engine.connect() as connection:
            return _peek(connection)
    finally:
        engine.dispose()


def check_known_revision(url: str, options: ServerOptions = DEFAULT_SERVER_OPTIONS) -> str | None:
    """The database's revision; refuses (NewerDatabaseError) one this build does not know, and
    (StoreError) one that holds another application's tables, both left untouched."""
    try:
        revision, tables = _peek_revision(url, options)
    except (SQLAlchemyError, ModuleNotFoundError) as exc:
        raise StoreError(describe_store_error(exc, describe_url(url))) from exc
    if revision is None and tables:
        shown = ", ".join(sorted(tables)[:8]) + (", …" if len(tables) > 8 else "")
        raise StoreError(
            f"The database at {describe_url(url)} belongs to another application (it holds the tables "
            f"{shown}, and no CTI Desktop schema). It was left untouched: choose another database with --db."
        )
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise NewerDatabaseError(
            f"The database at {describe_url(url)} was written by a newer version of CTI Desktop "
            f"(schema revision {revision}; this version knows up to {head_revision()}). "
            "It was left untouched. Install the newer version, or choose another database with --db."
        )
    return revision


class UpgradeFailed(StoreError):
    """The schema upgrade failed and was rolled back: the database is as it was, but this build cannot use
    it (safe mode offers its backup)."""


PARTIAL_SUFFIX = ".partial"


def backup_sqlite_file(path: Path, folder: Path | None = None) -> Path:
    """Copy the database file (and its WAL, if any) to a timestamped backup in `folder` (None: beside
    it; made if missing). The copy is written under a temporary name and renamed only once complete and
    on disk, so a file named like a backup always is one; a copy that fails (a full disk) leaves nothing
    behind and says so."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = path.parent if folder is None else folder
    backup = folder / f"{path.stem}.backup-{stamp}{path.suffix}"
    counter = 1
    while backup.exists():
        backup = folder / f"{path.stem}.backup-{stamp}-{counter}{path.suffix}"
        counter += 1
    partial = backup.with_name(backup.name + PARTIAL_SUFFIX)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # SQLite's online backup gives one consistent file, including what still sits in the WAL.
        source = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        with open(partial, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(partial, backup)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(
            f"The database {path} was not upgraded: its backup could not be written in {folder} ({exc}). "
            "Free some disk space and try again; nothing was changed."
        ) from exc
    return backup


class BackupNeeded(StoreError):
    """A PostgreSQL database holding data needs upgrading, and pg_dump is not there to back it up."""


def backup_postgresql(url: str, options: ServerOptions, folder: Path) -> Path:
    """Dump the database with pg_dump (custom format, restorable with pg_restore) into `folder`. Written
    under a temporary name and renamed once complete, as the SQLite backups are."""
    pg_dump = shutil.which("pg_dump")
    where = describe_url(url)
    if pg_dump is None:
        raise BackupNeeded(
            f"The database at {where} was not upgraded: pg_dump, which takes its backup first, is not on "
            "the PATH. Take a backup with your usual tools (pg_dump, a snapshot), then run "
            "'cti-desktop db upgrade --without-backup'. Nothing was changed."
        )
    parsed = make_url(url)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = folder / f"{parsed.database or 'cti'}.backup-{stamp}.dump"
    partial = backup.with_name(backup.name + PARTIAL_SUFFIX)
    environment = {**os.environ, "PGCONNECT_TIMEOUT": str(options.connect_timeout_s)}
    for variable, value in (
        ("PGHOST", parsed.host),
        ("PGPORT", parsed.port),
        ("PGUSER", parsed.username),
        ("PGDATABASE", parsed.database),
        ("PGPASSWORD", options.password if options.password is not None else parsed.password),
        ("PGSSLMODE", options.sslmode),
        ("PGSSLROOTCERT", options.sslrootcert),
    ):
        if value:
            environment[variable] = str(value)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(  # noqa: S603 (pg_dump found on the PATH, arguments are ours)
            [pg_dump, "--format=custom", "--no-password", f"--file={partial}"],
            env=environment,
            capture_output=True,
            text=True,
            timeout=3600,
            check=False,
        )
        if done.returncode != 0:
            raise StoreError((done.stderr or "").strip().splitlines()[-1] if done.stderr else "it failed")
        os.replace(partial, backup)
    except (OSError, subprocess.SubprocessError, StoreError) as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(
            f"The database at {where} was not upgraded: its backup with pg_dump failed ({exc}). "
            "Nothing was changed."
        ) from exc
    return backup


def upgrade(
    engine: Engine,
    url: str,
    to: str = "head",
    *,
    options: ServerOptions = DEFAULT_SERVER_OPTIONS,
    backups_dir: Path | None = None,
    without_backup: bool = False,
) -> Path | None:
    """Upgrade the schema; a database that already holds data is backed up first into `backups_dir` (the
    settings' backups folder): a SQLite file (None: beside itself), PostgreSQL with pg_dump (None: the
    data folder's backups). Returns the backup's path, if one was made."""
    revision = check_known_revision(url, options)
    backup: Path | None = None
    path = sqlite_path(url)
    target = head_revision() if to == "head" else to
    if revision == target:
        return None
    if revision is not None and not without_backup:
        if path is not None and path.exists():
            backup = backup_sqlite_file(path, backups_dir)
        elif engine.dialect.name == "postgresql":
            backup = backup_postgresql(url, options, backups_dir or paths.data_dir() / "backups")
        if backup is not None:
            log.info("backed up %s to %s before upgrading", describe_url(url), backup)
    from alembic import command

    # All revisions in one transaction: a failure (or a kill) half-way leaves the schema as it was.
    migrating = _migration_engine(url) if path is not None else engine
    config = _alembic_config()
    try:
        with migrating.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, to)
    except SQLAlchemyError as exc:
        reason = describe_store_error(exc, describe_url(url))
        raise UpgradeFailed(f"The database could not be upgraded, and was left as it was. {reason}") from exc
    finally:
        if migrating is not engine:
            migrating.dispose()
    return backup


def open_store(
    url: str, options: ServerOptions = DEFAULT_SERVER_OPTIONS, backups_dir: Path | None = None
) -> Engine:
    """An engine on a database upgraded to this build's schema (backed up first into `backups_dir`)."""
    check_known_revision(url, options)
    engine = make_engine(url, options)
    try:
        upgrade(engine, url, options=options, backups_dir=backups_dir)
    except StoreError:
        engine.dispose()
        raise
    return engine


def describe_url(url: str) -> str:
    """The URL as shown to people: a file path for SQLite, the URL without its password otherwise."""
    try:
        path = sqlite_path(url)
        if path is not None:
            return str(path)
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, StoreError):
        return "(an address that cannot be read)"
