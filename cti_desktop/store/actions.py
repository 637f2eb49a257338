"""The CTI actions in the store, over `CtiActionRow`, with their versions (`store.versions`). Reading
never fails on a bad record (see `action_records`).

Two views of the actions: what agents see (`published`: each action's published version, the row
itself) and what supervisors edit (`all`, `get`: each action's draft where it has one). Saving writes a
new version; `publish` makes the draft the row agents read."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, false, update
from sqlmodel import Session, col, select

from cti_desktop.domain.actions import CtiAction, FlowRef, copy_name
from cti_desktop.domain.catalog import CTI_ACTION
from cti_desktop.store import audit, change_log, versions
from cti_desktop.store.action_records import ACTION_COLUMNS, ActionRecord, action_from_record
from cti_desktop.store.database import for_writing
from cti_desktop.store.models import CtiActionRow, FlowRow

log = logging.getLogger(__name__)


class ActionNotFound(LookupError):
    pass


class NothingToPublish(Exception):
    """The action has no draft: what is saved is already published."""


class VersionNotFound(LookupError):
    pass


class EditConflict(Exception):
    """The stored action is no longer the one the edit started from: someone saved it meanwhile (another
    seat, another window). Nothing was stored; `theirs` is what is stored now."""

    def __init__(self, theirs: CtiAction, author: str = "", at: datetime | None = None) -> None:
        super().__init__(f'The action "{theirs.name}" was changed meanwhile')
        self.theirs = theirs
        self.author = author
        self.at = at


class ActionRepository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._writing = for_writing(engine)

    # ------------------------------------------------------------------------------------ reading

    def all(self) -> list[CtiAction]:
        """Every action as supervisors edit it (its draft where it has one), in overlay order."""
        with Session(self._engine) as session:
            rows = list(session.exec(select(CtiActionRow)))
            drafts = _drafts(session, rows)
            flows = self._flows_by_id(session)
            editable = [_editable(row, drafts) for row in rows]
            editable.sort(key=lambda row: (row.sort_order, row.name))
            return [_to_domain(row, flows) for row in editable]

    def published(self) -> list[CtiAction]:
        """The published actions, as agents see them, in overlay order (order, then name)."""
        with Session(self._engine) as session:
            rows = session.exec(
                select(CtiActionRow)
                .where(col(CtiActionRow.published_version) > 0)
                .order_by(col(CtiActionRow.sort_order), col(CtiActionRow.name))
            )
            flows = self._flows_by_id(session)
            return [_to_domain(row, flows) for row in rows]

    def get(self, action_id: int) -> CtiAction | None:
        """The action as supervisors edit it: its draft where it has one."""
        with Session(self._engine) as session:
            row = session.get(CtiActionRow, action_id)
            if row is None:
                return None
            return _to_domain(_editable(row, _drafts(session, [row])), self._flows_by_id(session))

    def get_published(self, action_id: int) -> CtiAction | None:
        with Session(self._engine) as session:
            row = session.get(CtiActionRow, action_id)
            if row is None or row.published_version == 0:
                return None
            return _to_domain(row, self._flows_by_id(session))

    def publication(self) -> dict[int, tuple[int, int]]:
        """Each action's (published version, newest version): a draft waits where the second is larger."""
        with Session(self._engine) as session:
            return versions.publication(session, "action", CtiActionRow.__table__)  # type: ignore[attr-defined]

    def history(self, action_id: int) -> list[versions.Version]:
        """Every version of the action, newest first; ActionNotFound when there is no such action."""
        with Session(self._engine) as session:
            row = session.get(CtiActionRow, action_id)
            if row is None:
                raise ActionNotFound("There is no such action")
            published = row.published_version
        return versions.history(self._engine, "action", action_id, published)

    def version(self, action_id: int, number: int) -> CtiAction:
        """One saved version of the action, as it was saved (VersionNotFound if there is none)."""
        with Session(self._engine) as session:
            content = versions.content_of(session, "action", action_id, number)
            if content is None:
                raise VersionNotFound(f"The action has no version {number}")
            return _to_domain(_row_of(action_id, content), self._flows_by_id(session))

    def flows(self) -> list[FlowRef]:
        """Every flow, by name; the editor offers the CTI Action ones."""
        with Session(self._engine) as session:
            return sorted(self._flows_by_id(session).values(), key=lambda f: f.name.casefold())

    def cti_flows(self) -> list[FlowRef]:
        """The flows an action may run: those whose source is CTI Action."""
        return [flow for flow in self.flows() if flow.source == CTI_ACTION]

    def flow(self, flow_id: int) -> FlowRef | None:
        with Session(self._engine) as session:
            row = session.get(FlowRow, flow_id)
            return _flow_ref(row) if row is not None else None

    def flow_published(self, flow_id: int) -> bool:
        with Session(self._engine) as session:
            row = session.get(FlowRow, flow_id)
            return row is not None and row.published_version > 0

    @staticmethod
    def _flows_by_id(session: Session) -> dict[int, FlowRef]:
        rows = session.exec(select(FlowRow.id, FlowRow.name, FlowRow.source))
        return {
            flow_id: FlowRef(flow_id, name, source) for flow_id, name, source in rows if flow_id is not None
        }

    # ------------------------------------------------------------------------------------ writing

    def save(
        self,
        action: CtiAction,
        expected: CtiAction | None = None,
        *,
        publish: bool = True,
        note: str = "",
    ) -> CtiAction:
        """Store the action as a new version, published at once unless `publish` is False (a draft). With
        `expected` (the action as the edit started from it), only if that is still what is saved
        (EditConflict otherwise): nobody's save is silently overwritten. Returns what was saved."""
        return self.save_many([action], expected=[expected], publish=publish, note=note)[0]

    def save_many(
        self,
        actions: Sequence[CtiAction],
        expected: Sequence[CtiAction | None] | None = None,
        *,
        publish: bool = True,
        note: str = "",
    ) -> list[CtiAction]:
        """Insert or update (by id) in one transaction: all are stored or none."""
        started_from = list(expected) if expected is not None else [None] * len(actions)
        with Session(self._writing) as session:
            _refuse_early_if_not_allowed(session)
            flows = self._flows_by_id(session)
            saved: list[CtiActionRow] = []
            for action, base in zip(actions, started_from, strict=True):
                # Locked until commit: saves of one action are numbered one after the other.
                row = (
                    session.get(CtiActionRow, action.id, with_for_update=True)
                    if action.id is not None
                    else None
                )
                if action.id is not None and row is None:
                    raise ActionNotFound(f'The action "{action.name}" was deleted meanwhile')
                before: dict[str, Any] | None = None
                if row is not None:
                    current = _editable(row, _drafts(session, [row]))
                    if base is not None and _edited_part(_to_domain(current, flows)) != _edited_part(base):
                        conflict = EditConflict(_to_domain(current, flows))
                        conflict.author, conflict.at = _newest_author(session, row.id)
                        raise conflict
                    before = audited(current)
                else:
                    row = CtiActionRow(name=action.name, created_at=_now())
                    _fill_row(row, action)
                    session.add(row)
                    session.flush()  # gives the new row its id
                content = audited(_filled(action))
                if publish:  # the row first: a login that may not change actions is refused there
                    _fill_row(row, action)
                    session.add(row)
                    session.flush()
                if row.id is None:
                    raise ValueError("row has no id: it was never stored")
                number = versions.add(session, "action", row.id, content, note)
                if publish:
                    row.published_version = number
                    session.add(row)
                change_log.record(session, "action", row.id, version=number)
                audit.record(session, "action", row.id, action.name.strip(), before=before, after=content)
                saved.append(_row_of(row.id, content))
            session.commit()
            return [_to_domain(row, flows) for row in saved]

    def publish(self, action_id: int, note: str = "") -> CtiAction:
        """Make the action's draft the version agents see (NothingToPublish when there is none)."""
        with Session(self._writing) as session:
            row = self._require(session, action_id)
            newest = versions.latest_number(session, "action", action_id)
            if newest <= row.published_version:
                raise NothingToPublish(f'The action "{row.name}" has no draft to publish')
            content = versions.content_of(session, "action", action_id, newest) or {}
            return self._make_live(session, row, newest, content, "published")

    def rollback(self, action_id: int, number: int, note: str = "") -> CtiAction:
        """Publish an older version again, as a new version (the draft, if any, stays in the history)."""
        with Session(self._writing) as session:
            row = self._require(session, action_id)
            content = versions.content_of(session, "action", action_id, number)
            if content is None:
                raise VersionNotFound(f'The action "{row.name}" has no version {number}')
            if content.get("flow_id") is not None and session.get(FlowRow, content["flow_id"]) is None:
                content = {**content, "flow_id": None}  # its flow is gone: the action shows as broken
            newest = versions.add(
                session, "action", action_id, content, note or f"rolled back to version {number}"
            )
            return self._make_live(session, row, newest, content, "published")

    def _make_live(
        self, session: Session, row: CtiActionRow, number: int, content: dict[str, Any], operation: str
    ) -> CtiAction:
        before = audited(row) if row.published_version else None
        _fill_from_content(row, content)
        row.published_version = number
        session.add(row)
        change_log.record(session, "action", row.id, version=number)
        audit.record(session, "action", row.id, row.name, before=before, after=content, operation=operation)
        session.commit()
        session.refresh(row)
        return _to_domain(row, self._flows_by_id(session))

    @staticmethod
    def _require(session: Session, action_id: int) -> CtiActionRow:
        row = session.get(CtiActionRow, action_id, with_for_update=True)
        if row is None:
            raise ActionNotFound("The action was deleted meanwhile")
        return row

    def delete(self, action_id: int) -> bool:
        with Session(self._writing) as session:
            row = session.get(CtiActionRow, action_id)
            if row is None:
                return False
            session.delete(row)
            versions.forget(session, "action", action_id)
            change_log.record(session, "action", action_id, removed=True)
            audit.record(session, "action", action_id, row.name, before=audited(row))
            session.commit()
            return True

    def duplicate(self, action_id: int) -> CtiAction:
        """A copy named "<name> (copy)", placed next to the original, without its shortcut (shortcuts are
        unique). The copy is a draft: agents see it once it is published."""
        original = self.get(action_id)
        if original is None:
            raise ActionNotFound("The action to duplicate no longer exists")
        copy = CtiAction(
            name=copy_name(original.name, self.names()),
            flow_id=original.flow_id,
            order=original.order,
            active=original.active,
            payload=original.payload,
            form=original.form,
        )
        return self.save(copy, publish=False, note=f'a copy of "{original.name}"')

    def names(self) -> list[str]:
        with Session(self._engine) as session:
            return list(session.exec(select(CtiActionRow.name)))


def _now() -> datetime:
    # An aware time: SQLModel refuses naive datetimes (models.utcnow gives naive ones).
    return datetime.now(UTC)


def _flow_ref(row: FlowRow) -> FlowRef:
    if row.id is None:
        raise ValueError("row has no id: it was never stored")
    return FlowRef(row.id, row.name, row.source)


def _fill_row(row: CtiActionRow, action: CtiAction) -> None:
    row.name = action.name.strip()
    row.flow_id = action.flow_id
    row.sort_order = action.order
    row.active = action.active
    row.shortcut = action.shortcut
    row.payload = [entry.to_json() for entry in action.payload]
    row.title = action.form.title
    row.instructions = action.form.instructions
    row.form = {"fields": [f.to_json() for f in action.form.fields]}
    row.updated_at = _now()


def _refuse_early_if_not_allowed(session: Session) -> None:
    """On PostgreSQL, have the database check first that this login may change actions (an update of no
    row), so a refusal names what was refused rather than the versions read on the way."""
    if session.connection().dialect.name == "postgresql":
        session.execute(update(CtiActionRow).where(false()).values(sort_order=CtiActionRow.sort_order))


def _filled(action: CtiAction) -> CtiActionRow:
    row = CtiActionRow(id=action.id, name=action.name)
    _fill_row(row, action)
    return row


def _fill_from_content(row: CtiActionRow, content: dict[str, Any]) -> None:
    row.name = content.get("name", row.name)
    row.flow_id = content.get("flow_id")
    row.sort_order = content.get("order", 0)
    row.active = content.get("active", True)
    row.shortcut = content.get("shortcut", "")
    row.payload = content.get("payload", [])
    row.title = content.get("title", "")
    row.instructions = content.get("instructions", "")
    row.form = content.get("form", {})
    row.updated_at = _now()


def _row_of(action_id: int | None, content: dict[str, Any]) -> CtiActionRow:
    """A row (never stored) holding a saved version's content, to read it like a stored one."""
    row = CtiActionRow(id=action_id, name=content.get("name", ""))
    _fill_from_content(row, content)
    return row


def _drafts(session: Session, rows: Sequence[CtiActionRow]) -> dict[int, dict[str, Any]]:
    published = {row.id: row.published_version for row in rows if row.id is not None}
    return versions.drafts(session, "action", published)


def _editable(row: CtiActionRow, drafts: dict[int, dict[str, Any]]) -> CtiActionRow:
    """The row as supervisors edit it: its draft's content where it has one."""
    draft = drafts.get(row.id) if row.id is not None else None
    return row if draft is None else _row_of(row.id, draft)


def _newest_author(session: Session, action_id: int | None) -> tuple[str, datetime | None]:
    if action_id is None:
        return "", None
    newest = versions.history_head(session, "action", action_id)
    return (newest.author, newest.saved_at) if newest is not None else ("", None)


def _edited_part(action: CtiAction) -> CtiAction:
    """The action as a supervisor edits it: read the same way on both sides of a comparison, without
    what follows from its flow (the flow's name, whether it can run), which others may change."""
    return replace(action, flow_name="", broken="")


def audited(row: CtiActionRow) -> dict[str, Any]:
    """What the audit log keeps of an action: what a supervisor sets in the editor."""
    return {
        "name": row.name,
        "flow_id": row.flow_id,
        "order": row.sort_order,
        "active": row.active,
        "shortcut": row.shortcut,
        "payload": row.payload,
        "title": row.title,
        "instructions": row.instructions,
        "form": row.form,
    }


def _to_domain(row: CtiActionRow, flows: dict[int, FlowRef]) -> CtiAction:
    record = ActionRecord(**{column: getattr(row, column) for column in ACTION_COLUMNS})
    return action_from_record(record, flows)


def detach_flow(session: Session, flow_id: int) -> None:
    """Unlink the actions of a flow about to be deleted (in the caller's transaction), so they show as
    broken instead of blocking the delete."""
    for row in session.exec(select(CtiActionRow).where(CtiActionRow.flow_id == flow_id)):
        row.flow_id = None
        session.add(row)
