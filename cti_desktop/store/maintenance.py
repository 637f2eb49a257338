"""Looking after an embedded database: is it sound (`check`), which backups it has (`backups`),
and putting one back (`restore`), keeping the damaged file aside rather than deleting it.

The backups are those `database.backup_sqlite_file` writes before an upgrade; a backup is only ever
restored after it passed the same check, so a restore cannot make things worse."""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cti_desktop.store.database import describe_url, sqlite_path
from cti_desktop.store.errors import StoreError
from cti_desktop.store.revisions import KNOWN_REVISIONS

_WAL_SUFFIXES = ("-wal", "-shm")


@dataclass(frozen=True, slots=True)
class Health:
    ok: bool
    # One sentence each, in words: what was checked and found.
    findings: tuple[str, ...]
    revision: str | None = None
    # The file cannot be read, or SQLite found damage in it (rather than: it is sound but not ours).
    damaged: bool = False


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    taken_at: datetime
    size: int


def check_file(path: Path) -> Health:
    """SQLite's own integrity check, and whether the file is a CTI Desktop database this build knows.
    Opened read-only: checking never changes a byte."""
    if not path.exists():
        return Health(False, (f"There is no database at {path}.",))
    try:
        connection = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return Health(False, (f"{path} cannot be opened: {exc}.",), damaged=True)
    try:
        rows = [row[0] for row in connection.execute("PRAGMA integrity_check(20)")]
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        revision = (
            connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            if "alembic_version" in tables
            else None
        )
    except sqlite3.DatabaseError as exc:
        reason = "it is not a database" if "not a database" in str(exc) else f"it is damaged ({exc})"
        return Health(False, (f"{path} cannot be read: {reason}.",), damaged=True)
    finally:
        connection.close()
    findings: list[str] = []
    sound = rows == ["ok"]
    if sound:
        findings.append("SQLite's integrity check found no damage.")
    else:
        findings.append(f"SQLite's integrity check found damage: {'; '.join(rows[:5])}.")
    if revision is None:
        findings.append("It holds no CTI Desktop schema.")
    elif revision not in KNOWN_REVISIONS:
        findings.append(f"Its schema ({revision}) is from a newer version of CTI Desktop.")
    else:
        findings.append(f"Its schema is at revision {revision}.")
    ok = sound and revision in KNOWN_REVISIONS
    return Health(ok, tuple(findings), revision, damaged=not sound)


def check(url: str) -> Health:
    path = sqlite_path(url)
    if path is None:
        raise StoreError(
            f"'db check' looks after an embedded SQLite file; {describe_url(url)} is a database server, "
            "which its own tools check (for PostgreSQL: pg_amcheck)."
        )
    return check_file(path)


def backups(url: str, backups_dir: Path | None = None) -> list[Backup]:
    """The database's backups, newest first: those in `backups_dir` (the backups folder the settings
    name) and those beside the database (where they go when none is named, and went before)."""
    path = sqlite_path(url)
    if path is None:
        return []
    found = []
    folders = dict.fromkeys(folder for folder in (backups_dir, path.parent) if folder is not None)
    for folder in folders:
        for candidate in folder.glob(f"{path.stem}.backup-*{path.suffix}"):
            try:
                stat = candidate.stat()
            except OSError:  # gone meanwhile
                continue
            found.append(Backup(candidate, datetime.fromtimestamp(stat.st_mtime), stat.st_size))
    return sorted(found, key=lambda backup: (backup.taken_at, backup.path.name), reverse=True)


def restore(url: str, backup: Path) -> Path:
    """Put `backup` in place of the database; the current file (with its WAL) is kept aside under a
    `.damaged-<time>` name, which is returned. Refuses a backup that does not pass `check_file`."""
    path = sqlite_path(url)
    if path is None:
        raise StoreError(
            "Backups are restored into an embedded SQLite file; use the database server's own tools."
        )
    if not backup.is_file():
        raise StoreError(f"There is no backup at {backup}.")
    health = check_file(backup)
    if not health.ok:
        raise StoreError(f"{backup} was not restored: {' '.join(health.findings)}")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    incoming = path.with_name(path.name + ".restoring")
    try:
        shutil.copyfile(backup, incoming)
        with open(incoming, "rb+") as written:
            os.fsync(written.fileno())
    except OSError as exc:
        incoming.unlink(missing_ok=True)
        raise StoreError(
            f"The backup could not be copied ({exc.strerror or exc}); nothing was replaced."
        ) from exc
    # Renames within one folder: each is atomic, so at every moment the file is either the old one or
    # the restored one, and the old one is never lost.
    moved: list[tuple[Path, Path]] = []
    for suffix in ("", *_WAL_SUFFIXES):
        current = path.with_name(path.name + suffix)
        if current.exists():
            kept = aside.with_name(aside.name + suffix)
            os.replace(current, kept)
            moved.append((kept, current))
    try:
        os.replace(incoming, path)
    except OSError as exc:
        for kept, current in moved:
            os.replace(kept, current)
        raise StoreError(f"The backup could not be put in place ({exc.strerror or exc}).") from exc
    return aside
