"""Test Connection, for Preferences: can CTI Desktop use the database at this address? Answered in words,
without changing a byte of the database (the store's read-only peek), and slow only when the server is:
windows call it from a worker thread."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cti_desktop import paths
from cti_desktop.store.database import check_known_revision, describe_url, sqlite_path
from cti_desktop.store.errors import describe_store_error


@dataclass(frozen=True, slots=True)
class ConnectionCheck:
    ok: bool
    message: str


def check_database_connection(url: str) -> ConnectionCheck:
    """Whether the database at `url` (empty: the default one) can be used, and what was found there."""
    url = url.strip() or paths.default_database_url()
    where = describe_url(url)
    try:
        path = sqlite_path(url)
        if path is not None and not path.exists():
            folder = next((parent for parent in path.parents if parent.exists()), None)
            if folder is None or not folder.is_dir() or not os.access(folder, os.W_OK):
                return ConnectionCheck(
                    False,
                    f"There is no database at {where}, and it cannot be created: {folder} is not writable.",
                )
            return ConnectionCheck(
                True, f"There is no database at {where} yet: it is created on the next start."
            )
        revision = check_known_revision(url)
    except Exception as exc:
        return ConnectionCheck(False, describe_store_error(exc, where))
    if revision is None:
        return ConnectionCheck(True, f"Connected to {where}: an empty database, set up on the next start.")
    return ConnectionCheck(
        True, f"Connected to {where}: a CTI Desktop database (schema revision {revision})."
    )


def database_folder(url: str) -> Path | None:
    """The folder of an SQLite database file (where its backups are made); None for a server or an
    in-memory database, or an address that cannot be read."""
    try:
        path = sqlite_path(url.strip() or paths.default_database_url())
    except Exception:
        return None
    return path.parent if path is not None else None


__all__ = ["ConnectionCheck", "check_database_connection", "database_folder"]
