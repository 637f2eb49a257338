"""The CTI actions in the store, over `CtiActionRow`. Reading never fails on a bad record (see
`action_records`)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from cti_desktop.domain.actions import CtiAction, FlowRef, copy_name
from cti_desktop.domain.catalog import CTI_ACTION
from cti_desktop.store import change_log
from cti_desktop.store.action_records import ACTION_COLUMNS, ActionRecord, action_from_record
from cti_desktop.store.database import for_writing
from cti_desktop.store.models import CtiActionRow, FlowRow

log = logging.getLogger(__name__)


class ActionNotFound(LookupError):
    pass


class ActionRepository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._writing = for_writing(engine)

    # ------------------------------------------------------------------------------------ reading

    def all(self) -> list[CtiAction]:
        """All actions in overlay order (order, then name)."""
        with Session(self._engine) as session:
            rows = session.exec(
                select(CtiActionRow).order_by(col(CtiActionRow.sort_order), col(CtiActionRow.name))
            )
            flows = self._flows_by_id(session)
            return [_to_domain(row, flows) for row in rows]

    def get(self, action_id: int) -> CtiAction | None:
        with Session(self._engine) as session:
            row = session.get(CtiActionRow, action_id)
            return _to_domain(row, self._flows_by_id(session)) if row is not None else None

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

    @staticmethod
    def _flows_by_id(session: Session) -> dict[int, FlowRef]:
        rows = session.exec(select(FlowRow.id, FlowRow.name, FlowRow.source))
        return {
            flow_id: FlowRef(flow_id, name, source) for flow_id, name, source in rows if flow_id is not None
        }

    # ------------------------------------------------------------------------------------ writing

    def save(self, action: CtiAction) -> CtiAction:
        return self.save_many([action])[0]

    def save_many(self, actions: Sequence[CtiAction]) -> list[CtiAction]:
        """Insert or update (by id) in one transaction: all are stored or none."""
        with Session(self._writing) as session:
            rows = []
            for action in actions:
                row = session.get(CtiActionRow, action.id) if action.id is not None else None
                if action.id is not None and row is None:
                    raise ActionNotFound(f'The action "{action.name}" was deleted meanwhile')
                if row is None:
                    row = CtiActionRow(name=action.name, created_at=_now())
                _fill_row(row, action)
                session.add(row)
                rows.append(row)
            session.flush()  # gives the new rows their ids
            for row in rows:
                change_log.record(session, "action", row.id)
            session.commit()
            flows = self._flows_by_id(session)
            for row in rows:
                session.refresh(row)
            return [_to_domain(row, flows) for row in rows]

    def delete(self, action_id: int) -> bool:
        with Session(self._writing) as session:
            row = session.get(CtiActionRow, action_id)
            if row is None:
                return False
            session.delete(row)
            change_log.record(session, "action", action_id, removed=True)
            session.commit()
            return True

    def duplicate(self, action_id: int) -> CtiAction:
        """A copy named "<name> (copy)", placed next to the original, without its shortcut (shortcuts are
        unique)."""
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
        return self.save(copy)

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


def _to_domain(row: CtiActionRow, flows: dict[int, FlowRef]) -> CtiAction:
    record = ActionRecord(**{column: getattr(row, column) for column in ACTION_COLUMNS})
    return action_from_record(record, flows)


def detach_flow(session: Session, flow_id: int) -> None:
    """Unlink the actions of a flow about to be deleted (in the caller's transaction), so they show as
    broken instead of blocking the delete."""
    for row in session.exec(select(CtiActionRow).where(CtiActionRow.flow_id == flow_id)):
        row.flow_id = None
        session.add(row)
