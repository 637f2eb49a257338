"""The active CTI actions read with the standard library's sqlite3, without SQLAlchemy: start-up shows the
Actions tab from this while the rest of the app loads (see `gui.startup`).

It reads only an embedded SQLite file already at this build's schema revision, opened read-only; in every
other case (another database, a first run, a database to upgrade or from a newer version, any error) it
returns None and the Actions tab waits for the store to open as usual. Nothing here writes a byte.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from cti_desktop.domain.actions import CtiAction, FlowRef
from cti_desktop.store.action_records import ACTION_COLUMNS, ActionRecord, action_from_record
from cti_desktop.store.revisions import HEAD_REVISION

log = logging.getLogger(__name__)

SQLITE_PREFIX = "sqlite:///"

# The column names are this build's own constants: nothing from outside is written into the query.
# Published actions only: agents never see a draft (`store.versions`).
ACTIONS_QUERY = (
    f"SELECT {', '.join(ACTION_COLUMNS)} FROM cti_action "  # noqa: S608 (column names are constants)
    "WHERE active AND published_version > 0 ORDER BY sort_order, name"
)
# The JSON columns hold what SQLAlchemy's JSON type wrote: json.dumps text (or NULL).
JSON_COLUMNS = ("payload", "form")


def sqlite_file(url: str) -> Path | None:
    """The file of a plain SQLite URL (`sqlite:///path`), or None for anything this reader leaves to
    SQLAlchemy: other databases, in-memory ones, URLs with options or escapes."""
    if not url.startswith(SQLITE_PREFIX):
        return None
    database = url[len(SQLITE_PREFIX) :]
    if (
        not database
        or database == ":memory:"
        or any(c in database for c in "?%#")
        or database.startswith("file:")
    ):
        return None
    return Path(database)


def read_active_actions(url: str) -> list[CtiAction] | None:
    """The active actions in overlay order, as `OverlayService.active_actions()` lists them, or None when
    this reader cannot answer for the database at `url`."""
    path = sqlite_file(url)
    if path is None or not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        log.debug("start-up read skipped: %s", exc)
        return None
    try:
        if _revision(connection) != HEAD_REVISION:
            return None
        flows = {
            flow_id: FlowRef(flow_id, name, source)
            for flow_id, name, source in connection.execute("SELECT id, name, source FROM flow")
        }
        return [action_from_record(_record(row), flows) for row in connection.execute(ACTIONS_QUERY)]
    except (sqlite3.Error, ValueError, TypeError) as exc:
        log.debug("start-up read skipped: %s", exc)
        return None
    finally:
        connection.close()


def _revision(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:  # no such table: an empty or foreign database
        return None
    return str(row[0]) if row else None


def _record(row: tuple[Any, ...]) -> ActionRecord:
    values = dict(zip(ACTION_COLUMNS, row, strict=True))
    for column in JSON_COLUMNS:
        text = values[column]
        values[column] = json.loads(text) if text is not None else None
    values["active"] = bool(values["active"])
    return ActionRecord(**values)
