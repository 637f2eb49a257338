"""What safe mode needs to know and do, for the windows (which may not import the store): whether a
store that failed to open is damaged or failed its upgrade (`diagnose`), its backups, and putting one
back (`restore_backup`), with the damaged file kept aside."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cti_desktop.store import maintenance
from cti_desktop.store.database import UpgradeFailed, describe_url, sqlite_path
from cti_desktop.store.errors import NewerDatabaseError, StoreError, describe_store_error
from cti_desktop.store.maintenance import Backup

__all__ = ["Backup", "StoreTrouble", "describe_backup", "diagnose", "restore_backup"]


@dataclass(frozen=True, slots=True)
class StoreTrouble:
    """A database the app cannot open, that a backup may put right."""

    url: str
    location: str  # the database as shown to people
    error: str  # what went wrong when opening it, in words
    findings: tuple[str, ...]  # what the check found, in words
    backups: tuple[Backup, ...]  # newest first

    @property
    def latest_backup(self) -> Backup | None:
        return self.backups[0] if self.backups else None


def diagnose(url: str, error: BaseException, backups_dir: Path | None = None) -> StoreTrouble | None:
    """A StoreTrouble when `error` came from an embedded database that is damaged, not a database, or
    that failed its upgrade; None otherwise (a newer database, a server, a folder that cannot be made:
    those are refused as before, with their message). Backups are looked for in `backups_dir` (the
    settings' backups folder) and beside the database."""
    if isinstance(error, NewerDatabaseError):
        return None
    try:
        path = sqlite_path(url)
    except StoreError:
        return None
    if path is None or not path.is_file():
        return None
    health = maintenance.check_file(path)
    if not (health.damaged or isinstance(error, UpgradeFailed)):
        return None
    location = describe_url(url)
    if isinstance(error, UpgradeFailed):
        said = describe_store_error(error)
    else:  # the findings say how; the error's advice is for the command line
        said = f"The database at {location} cannot be read: it is damaged, or it is not a database file."
    return StoreTrouble(url, location, said, health.findings, tuple(maintenance.backups(url, backups_dir)))


def restore_backup(url: str, backup: Path) -> Path:
    """Put `backup` in place of the database; returns where the damaged file was kept. StoreError (in
    words) when the backup is not sound or cannot be copied."""
    return maintenance.restore(url, backup)


def describe_backup(backup: Backup) -> str:
    """When the backup was taken and its size, as in "4 December 2026 at 05:40 (1.2 MB)"."""
    return f"{_when(backup.taken_at)} ({_size(backup.size)})"


def _when(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y} at {moment:%H:%M}"


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"
