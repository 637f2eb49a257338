"""The CTI Flows in the store, over `FlowRow`. Saving a name that exists updates that flow and bumps its
version, which is also how the flow runner knows its compiled copy is stale."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from cti_desktop.flows.document import FlowDocument
from cti_desktop.store import change_log
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


@dataclass(frozen=True, slots=True)
class FlowWrite:
    """One flow of `save_many`, with `save`'s arguments."""

    name: str
    document: FlowDocument | Mapping[str, Any]
    source: str | None = None
    event: str | None = None
    active: bool | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class SavedFlow:
    row: FlowRow
    created: bool


class FlowRepository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def _session(self, *, write: bool = False) -> Session:
        # Rows stay readable after the session closes: callers get plain, detached values.
        return Session(for_writing(self._engine) if write else self._engine, expire_on_commit=False)

    def list(self) -> list[FlowRow]:
        with self._session() as session:
            return list(session.exec(select(FlowRow).order_by(col(FlowRow.name))))

    def get(self, name: str) -> FlowRow | None:
        with self._session() as session:
            return session.exec(select(FlowRow).where(FlowRow.name == name)).first()

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
    ) -> SavedFlow:
        """Create the flow, or update the one of that name and bump its version. Settings given as None
        keep their stored value (or the default for a new flow)."""
        with self._session(write=True) as session:
            saved = _write(session, name, document, source, event, active, description)
            session.commit()
            session.refresh(saved.row)
            return saved

    def save_many(self, flows: Sequence[FlowWrite]) -> builtins.list[SavedFlow]:
        """Save several flows as `save` does, in one transaction: all of them or none."""
        with self._session(write=True) as session:
            saved = [
                _write(session, f.name, f.document, f.source, f.event, f.active, f.description) for f in flows
            ]
            session.commit()
            for one in saved:
                session.refresh(one.row)
            return saved

    def set_active(self, name: str, active: bool) -> FlowRow:
        with self._session(write=True) as session:
            row = session.exec(select(FlowRow).where(FlowRow.name == name)).first()
            if row is None:
                raise FlowNotFound(name)
            row.active = active
            row.updated_at = _now()
            session.add(row)
            change_log.record(session, "flow", row.id, version=row.version)
            session.commit()
            session.refresh(row)
            return row

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
            session.flush()
            session.delete(row)
            change_log.record(session, "flow", row.id, version=row.version, removed=True)
            session.commit()
            return True

    @staticmethod
    def document(row: FlowRow) -> FlowDocument:
        """The stored document, read with the same rules as an imported file."""
        return FlowDocument.from_dict(row.document, source=f"flow '{row.name}'")


def _write(
    session: Session,
    name: str,
    document: FlowDocument | Mapping[str, Any],
    source: str | None,
    event: str | None,
    active: bool | None,
    description: str | None,
) -> SavedFlow:
    data = document.to_dict() if isinstance(document, FlowDocument) else dict(document)
    settings = {"source": source, "event": event, "active": active, "description": description}
    given = {column: value for column, value in settings.items() if value is not None}
    new = FlowRow(name=name, document=data, created_at=_now(), updated_at=_now())
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
    change_log.record(session, "flow", flow_id, version=version)
    row = session.get(FlowRow, flow_id, populate_existing=True)
    if row is None:  # just written in this transaction: never, unless the database is not itself
        raise FlowNotFound(name)
    created = version == 1  # a stored flow's version only grows from 1
    return SavedFlow(row, created)
