"""The CTI Flows in the store, over `FlowRow`, with their versions (`store.versions`).

The row holds the published version (what event flows and actions run; its `version` goes up with every
write, which is how the flow runner knows its compiled copy is stale). A save adds a version: published
at once (imports, the command line), or a draft supervisors keep editing until they publish it. Names
never change, so a flow is known by its name."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from cti_desktop.flows.document import FlowDocument
from cti_desktop.store import audit, change_log, versions
from cti_desktop.store.database import for_writing
from cti_desktop.store.models import CtiActionRow, FlowRow
from cti_desktop.store.upsert import upsert


def _now() -> datetime:
    # An aware time: SQLModel refuses the naive ones models.utcnow gives.
    return datetime.now(UTC)


class FlowNotFound(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(f"there is no flow named '{name}'")
        self.name = name


class NothingToPublish(Exception):
    """The flow has no draft: what is saved is already published."""


class VersionNotFound(LookupError):
    pass


@dataclass(frozen=True, slots=True)
class FlowWrite:
    """One flow of `save_many`, with `save`'s arguments."""

    name: str
    document: FlowDocument | Mapping[str, Any]
    source: str | None = None
    event: str | None = None
    active: bool | None = None
    description: str | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class SavedFlow:
    row: FlowRow
    created: bool
    number: int = 0  # the version saved


class FlowRepository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def _session(self, *, write: bool = False) -> Session:
        # Rows stay readable after the session closes: callers get plain, detached values.
        return Session(for_writing(self._engine) if write else self._engine, expire_on_commit=False)

    def list(self) -> list[FlowRow]:
        """Every flow as supervisors edit it (its draft where it has one), by name."""
        with self._session() as session:
            rows = list(session.exec(select(FlowRow).order_by(col(FlowRow.name))))
            drafts = _drafts(session, rows)
            return [_editable(row, drafts) for row in rows]

    def get(self, name: str) -> FlowRow | None:
        """The flow as supervisors edit it: its draft where it has one."""
        with self._session() as session:
            row = session.exec(select(FlowRow).where(FlowRow.name == name)).first()
            return _editable(row, _drafts(session, [row])) if row is not None else None

    def get_published(self, name: str) -> FlowRow | None:
        with self._session() as session:
            row = session.exec(select(FlowRow).where(FlowRow.name == name)).first()
            return row if row is not None and row.published_version > 0 else None

    def publication(self) -> dict[int, tuple[int, int]]:
        """Each flow's (published version, newest version): a draft waits where the second is larger."""
        with self._session() as session:
            return versions.publication(session, "flow", FlowRow.__table__)  # type: ignore[attr-defined]

    def history(self, name: str) -> builtins.list[versions.Version]:
        """Every version of the flow, newest first; FlowNotFound when there is no such flow."""
        row = self._require_row(name)
        if row.id is None:
            raise FlowNotFound(name)
        return versions.history(self._engine, "flow", row.id, row.published_version)

    def version(self, name: str, number: int) -> dict[str, Any]:
        """One saved version's content (name, description, source, event, active, document)."""
        row = self._require_row(name)
        with self._session() as session:
            content = versions.content_of(session, "flow", row.id or 0, number)
        if content is None:
            raise VersionNotFound(f"The flow '{name}' has no version {number}")
        return content

    def _require_row(self, name: str) -> FlowRow:
        with self._session() as session:
            row = session.exec(select(FlowRow).where(FlowRow.name == name)).first()
        if row is None:
            raise FlowNotFound(name)
        return row

    def require(self, name: str) -> FlowRow:
        row = self.get(name)
        if row is None:
            raise FlowNotFound(name)
        return row

    def get_by_id(self, flow_id: int) -> FlowRow | None:
        with self._session() as session:
            return session.get(FlowRow, flow_id)

    def list_active(self, source: str, event: str) -> builtins.list[FlowRow]:
        """The active flows written for a source and event, by name: what event dispatch runs."""
        with self._session() as session:
            query = (
                select(FlowRow)
                .where(FlowRow.active == True)  # noqa: E712 (SQL, not Python truthiness)
                .where(col(FlowRow.published_version) > 0)
                .where(FlowRow.source == source)
                .where(FlowRow.event == event)
                .order_by(col(FlowRow.name))
            )
            return list(session.exec(query))

    def save(
        self,
        name: str,
        document: FlowDocument | Mapping[str, Any],
        *,
        source: str | None = None,
        event: str | None = None,
        active: bool | None = None,
        description: str | None = None,
        publish: bool = True,
        note: str = "",
    ) -> SavedFlow:
        """Save a new version of the flow (creating it if there is none of that name): published at once,
        or with `publish=False` a draft. Settings given as None keep their saved value (or the default for
        a new flow). Returns the row as supervisors edit it."""
        write = FlowWrite(name, document, source, event, active, description, note)
        return self.save_many([write], publish=publish)[0]

    def save_many(self, flows: Sequence[FlowWrite], *, publish: bool = True) -> builtins.list[SavedFlow]:
        """Save several flows as `save` does, in one transaction: all of them or none."""
        with self._session(write=True) as session:
            saved = [_write(session, f, publish) for f in flows]
            session.commit()
            for one in saved:
                session.refresh(one.row)
            drafts = _drafts(session, [one.row for one in saved])
            return [SavedFlow(_editable(one.row, drafts), one.created, one.number) for one in saved]

    def publish(self, name: str, note: str = "") -> FlowRow:
        """Make the flow's draft what every seat runs (NothingToPublish when there is none)."""
        with self._session(write=True) as session:
            row = _locked(session, name)
            newest = versions.latest_number(session, "flow", _id(row))
            if newest <= row.published_version:
                raise NothingToPublish(f"The flow '{name}' has no draft to publish")
            content = versions.content_of(session, "flow", _id(row), newest) or {}
            _make_live(session, row, newest, content)
            session.commit()
            session.refresh(row)
            return row

    def rollback(self, name: str, number: int, note: str = "") -> FlowRow:
        """Publish an older version again, as a new version (a pending draft stays in the history)."""
        with self._session(write=True) as session:
            row = _locked(session, name)
            content = versions.content_of(session, "flow", _id(row), number)
            if content is None:
                raise VersionNotFound(f"The flow '{name}' has no version {number}")
            newest = versions.add(
                session, "flow", _id(row), content, note or f"rolled back to version {number}"
            )
            _make_live(session, row, newest, content)
            session.commit()
            session.refresh(row)
            return row

    def set_active(self, name: str, active: bool) -> FlowRow:
        """Switch the flow on or off for every seat at once: a new published version with only that
        changed. A pending draft gets the same switch as a newer draft, so it is not lost."""
        with self._session(write=True) as session:
            row = _locked(session, name)
            draft = _drafts(session, [row]).get(_id(row))
            note = "switched on" if active else "switched off"
            if row.published_version > 0:
                live = {**audited(row, with_name=True), "active": active}
                number = versions.add(session, "flow", _id(row), live, note)
                _make_live(session, row, number, live, operation="changed")
            if draft is not None:
                edited = {**draft, "active": active}
                versions.add(session, "flow", _id(row), edited, note)
                if row.published_version == 0:
                    row.active = active  # a flow never published holds its draft
                    session.add(row)
                    change_log.record(session, "flow", row.id, version=row.version)
                    audit.record(session, "flow", row.id, row.name, before=draft, after=edited)
            session.commit()
            session.refresh(row)
            return _editable(row, _drafts(session, [row]))

    def delete(self, name: str) -> bool:
        """Delete a flow; the CTI actions that ran it keep existing, shown as broken (flow_id null)."""
        with self._session(write=True) as session:
            row = session.exec(select(FlowRow).where(FlowRow.name == name)).first()
            if row is None:
                return False
            for action in session.exec(select(CtiActionRow).where(CtiActionRow.flow_id == row.id)):
                action.flow_id = None
                session.add(action)
                change_log.record(session, "action", action.id)
                audit.record(
                    session,
                    "action",
                    action.id,
                    action.name,
                    before={"flow_id": row.id},
                    after={"flow_id": None},
                )
            session.flush()
            session.delete(row)
            versions.forget(session, "flow", _id(row))
            change_log.record(session, "flow", row.id, version=row.version, removed=True)
            audit.record(session, "flow", row.id, row.name, before=audited(row))
            session.commit()
            return True

    @staticmethod
    def document(row: FlowRow) -> FlowDocument:
        """The stored document, read with the same rules as an imported file."""
        return FlowDocument.from_dict(row.document, source=f"flow '{row.name}'")


def audited(row: FlowRow, *, with_name: bool = False) -> dict[str, Any]:
    """What the audit log keeps of a flow: its settings and its document (and, for a version, its name)."""
    named = {"name": row.name} if with_name else {}
    return {
        **named,
        "description": row.description,
        "source": row.source,
        "event": row.event,
        "active": row.active,
        "document": row.document,
    }


def _write(session: Session, flow: FlowWrite, publish: bool) -> SavedFlow:
    data = flow.document.to_dict() if isinstance(flow.document, FlowDocument) else dict(flow.document)
    settings = {
        "source": flow.source,
        "event": flow.event,
        "active": flow.active,
        "description": flow.description,
    }
    given = {column: value for column, value in settings.items() if value is not None}
    existing = session.exec(select(FlowRow).where(FlowRow.name == flow.name).with_for_update()).first()
    if existing is not None and not publish:
        # A draft: the published row stays as it is; the version holds the edit.
        current = _editable(existing, _drafts(session, [existing]))
        edited = audited(current, with_name=True)
        content = {**edited, **given, "document": data}
        number = versions.add(session, "flow", _id(existing), content, flow.note)
        change_log.record(session, "flow", existing.id, version=existing.version)
        audit.record(session, "flow", existing.id, flow.name, before=edited, after=content)
        return SavedFlow(existing, False, number)
    before = audited(existing, with_name=True) if existing is not None else None
    new = FlowRow(name=flow.name, document=data, created_at=_now(), updated_at=_now())
    table = FlowRow.__table__  # type: ignore[attr-defined]
    # Create if missing, else update and bump the version, in one statement: processes importing the
    # same new name at once all succeed. Settings not given keep their stored value.
    statement = upsert(
        session,
        table,
        {**new.model_dump(exclude={"id"}), **given},
        key=["name"],
        update=["document", "updated_at", *given],
        computed={"version": table.c.version + 1},
    ).returning(table.c.id, table.c.version)
    flow_id, version = session.execute(statement).one()
    row = session.get(FlowRow, flow_id, populate_existing=True)
    if row is None:  # just written in this transaction: never, unless the database is not itself
        raise FlowNotFound(flow.name)
    content = audited(row, with_name=True)
    number = versions.add(session, "flow", flow_id, content, flow.note)
    if publish:
        row.published_version = number
        session.add(row)
    change_log.record(session, "flow", flow_id, version=version)
    audit.record(session, "flow", flow_id, flow.name, before=before, after=content)
    created = version == 1  # a stored flow's version only grows from 1
    return SavedFlow(row, created, number)


def _id(row: FlowRow) -> int:
    if row.id is None:
        raise ValueError("row has no id: it was never stored")
    return row.id


def _locked(session: Session, name: str) -> FlowRow:
    """The flow's row, locked until commit: its versions are numbered one after the other."""
    row = session.exec(select(FlowRow).where(FlowRow.name == name).with_for_update()).first()
    if row is None:
        raise FlowNotFound(name)
    return row


def _make_live(
    session: Session, row: FlowRow, number: int, content: dict[str, Any], operation: str = "published"
) -> None:
    """Put a version's content into the row every seat runs, in the session's transaction."""
    before = audited(row, with_name=True) if row.published_version else None
    row.description = content.get("description", row.description)
    row.source = content.get("source", row.source)
    row.event = content.get("event", row.event)
    row.active = bool(content.get("active", row.active))
    row.document = content.get("document", row.document)
    row.published_version = number
    row.version += 1
    row.updated_at = _now()
    session.add(row)
    session.flush()
    change_log.record(session, "flow", row.id, version=row.version)
    audit.record(session, "flow", row.id, row.name, before=before, after=content, operation=operation)


def _drafts(session: Session, rows: Sequence[FlowRow]) -> dict[int, dict[str, Any]]:
    published = {row.id: row.published_version for row in rows if row.id is not None}
    return versions.drafts(session, "flow", published)


def _editable(row: FlowRow, drafts: dict[int, dict[str, Any]]) -> FlowRow:
    """The row as supervisors edit it: a copy holding its draft's content where it has one (never
    stored: the published row is left as it is)."""
    draft = drafts.get(row.id) if row.id is not None else None
    if draft is None:
        return row
    return FlowRow(
        id=row.id,
        name=row.name,
        description=draft.get("description", ""),
        source=draft.get("source", ""),
        event=draft.get("event", ""),
        active=bool(draft.get("active", False)),
        document=draft.get("document", {}),
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
        published_version=row.published_version,
    )
