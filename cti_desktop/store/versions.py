"""Saved versions of actions and flows, over `ItemVersionRow`.

Every save of an action or a flow adds a version (numbered per item from 1, with author, time, host and
note). The item's own row (`cti_action`, `flow`) holds the *published* version's content, which is what
agents' overlays and event flows read; its `published_version` says which one (0: never published). A
version newer than the published one is the draft supervisors edit.

States, as history shows them: the published version is "published"; the newest version, when newer
than the published one, is the "draft"; every other version is "superseded".
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final, Literal

from sqlalchemy import Engine, Table, delete, func, insert, select
from sqlalchemy.orm import Session

from cti_desktop.store import audit
from cti_desktop.store.models import ItemVersionRow

Kind = Literal["action", "flow"]
State = Literal["draft", "published", "superseded"]
STATES: Final = ("draft", "published", "superseded")

_table = ItemVersionRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Version:
    kind: str
    item_id: int
    number: int
    state: State
    author: str
    host: str
    saved_at: datetime
    note: str
    content: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        """The history's JSON entry (`actions history --json`, `flows history --json`)."""
        return {
            "version": self.number,
            "state": self.state,
            "author": self.author,
            "saved_at": self.saved_at.isoformat(),
            "note": self.note,
        }


def state_of(number: int, latest: int, published: int) -> State:
    if number == published:
        return "published"
    if number == latest and number > published:
        return "draft"
    return "superseded"


def add(session: Session, kind: Kind, item_id: int, content: dict[str, Any], note: str = "") -> int:
    """Write the next version of the item in the session's transaction; its number."""
    number = latest_number(session, kind, item_id) + 1
    connection = session.connection()
    connection.execute(
        insert(_table).values(
            kind=kind,
            item_id=item_id,
            number=number,
            author=audit.author_for(connection),
            host=socket.gethostname(),
            saved_at=datetime.now(UTC),
            note=note.strip(),
            content=content,
        )
    )
    return number


def latest_number(session: Session, kind: Kind, item_id: int) -> int:
    query = select(func.max(_table.c.number)).where(_table.c.kind == kind, _table.c.item_id == item_id)
    return int(session.connection().execute(query).scalar_one_or_none() or 0)


def content_of(session: Session, kind: Kind, item_id: int, number: int) -> dict[str, Any] | None:
    query = select(_table.c.content).where(
        _table.c.kind == kind, _table.c.item_id == item_id, _table.c.number == number
    )
    found = session.connection().execute(query).scalar_one_or_none()
    return dict(found) if found is not None else None


def publication(session: Session, kind: Kind, items: Table) -> dict[int, tuple[int, int]]:
    """Each item's (published version, newest version), read in one statement: read in two, a version
    another seat saves in between would look like a draft waiting."""
    newest = (
        select(func.max(_table.c.number))
        .where(_table.c.kind == kind, _table.c.item_id == items.c.id)
        .scalar_subquery()
    )
    rows = session.connection().execute(select(items.c.id, items.c.published_version, newest))
    return {int(item_id): (int(published or 0), int(number or 0)) for item_id, published, number in rows}


@dataclass(frozen=True, slots=True)
class Saved:
    """Who saved an item's newest version, and when."""

    number: int
    author: str
    saved_at: datetime


def history_head(session: Session, kind: Kind, item_id: int) -> Saved | None:
    query = (
        select(_table.c.number, _table.c.author, _table.c.saved_at)
        .where(_table.c.kind == kind, _table.c.item_id == item_id)
        .order_by(_table.c.number.desc())
        .limit(1)
    )
    found = session.connection().execute(query).first()
    return Saved(found.number, found.author, _aware(found.saved_at)) if found is not None else None


def drafts(session: Session, kind: Kind, published: dict[int, int]) -> dict[int, dict[str, Any]]:
    """The content of each item's draft (its newest version, where newer than the published one), by
    item id; `published` holds each item's published version number."""
    newest = (
        select(_table.c.item_id, func.max(_table.c.number).label("number"))
        .where(_table.c.kind == kind)
        .group_by(_table.c.item_id)
        .subquery()
    )
    query = (
        select(_table.c.item_id, _table.c.number, _table.c.content)
        .join(newest, (newest.c.item_id == _table.c.item_id) & (newest.c.number == _table.c.number))
        .where(_table.c.kind == kind)
    )
    return {
        item_id: dict(content)
        for item_id, number, content in session.connection().execute(query)
        if number > published.get(item_id, 0)
    }


def history(engine: Engine, kind: Kind, item_id: int, published: int) -> list[Version]:
    """Every version of the item, newest first."""
    with Session(engine) as session:
        rows = session.connection().execute(
            select(_table)
            .where(_table.c.kind == kind, _table.c.item_id == item_id)
            .order_by(_table.c.number.desc())
        )
        found = list(rows.mappings())
    latest = found[0]["number"] if found else 0
    return [
        Version(
            kind=kind,
            item_id=item_id,
            number=row["number"],
            state=state_of(row["number"], latest, published),
            author=row["author"],
            host=row["host"],
            saved_at=_aware(row["saved_at"]),
            note=row["note"],
            content=dict(row["content"]),
        )
        for row in found
    ]


def forget(session: Session, kind: Kind, item_id: int) -> None:
    """Delete the item's versions with the item (its audit entries stay)."""
    session.connection().execute(delete(_table).where(_table.c.kind == kind, _table.c.item_id == item_id))


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)
