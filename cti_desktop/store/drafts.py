"""Form drafts: what an agent has typed into an action's form, kept in the store until the form is
submitted or discarded, so a crash or a restart in the middle of a call loses nothing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete
from sqlmodel import Session, col, select

from cti_desktop.store.models import FormDraftRow


@dataclass(frozen=True, slots=True)
class Draft:
    action_id: int
    contact_id: str
    values: dict[str, Any]
    updated_at: datetime


def _draft(row: FormDraftRow) -> Draft:
    return Draft(row.action_id, row.contact_id, dict(row.values), row.updated_at)


class DraftRepository:
    """One draft per action and contact (the contact is "" when the form was opened without one)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def save(self, action_id: int, contact_id: str, values: Mapping[str, Any]) -> None:
        with Session(self._engine) as session:
            row = session.exec(
                select(FormDraftRow).where(
                    FormDraftRow.action_id == action_id, FormDraftRow.contact_id == contact_id
                )
            ).first()
            # An aware time: SQLModel refuses naive datetimes.
            now = datetime.now(UTC)
            if row is None:
                row = FormDraftRow(action_id=action_id, contact_id=contact_id, updated_at=now)
            row.values = dict(values)
            row.updated_at = now
            session.add(row)
            session.commit()

    def get(self, action_id: int, contact_id: str) -> Draft | None:
        with Session(self._engine) as session:
            row = session.exec(
                select(FormDraftRow).where(
                    FormDraftRow.action_id == action_id, FormDraftRow.contact_id == contact_id
                )
            ).first()
            return _draft(row) if row is not None else None

    def find(self, action_id: int, contact_id: str, live_contact_ids: Iterable[str] = ()) -> Draft | None:
        """The draft for this action and contact; failing that, the newest draft of the action whose
        contact is gone (the app restarted mid-call: the contact got a new id, the typing stays)."""
        exact = self.get(action_id, contact_id)
        if exact is not None:
            return exact
        live = set(live_contact_ids)
        live.discard(contact_id)
        with Session(self._engine) as session:
            rows = session.exec(
                select(FormDraftRow)
                .where(FormDraftRow.action_id == action_id)
                .order_by(col(FormDraftRow.updated_at).desc(), col(FormDraftRow.id).desc())
            ).all()
            for row in rows:
                if row.contact_id not in live:
                    return _draft(row)
        return None

    def delete(self, action_id: int, contact_id: str) -> None:
        with Session(self._engine) as session:
            session.execute(
                delete(FormDraftRow).where(
                    col(FormDraftRow.action_id) == action_id, col(FormDraftRow.contact_id) == contact_id
                )
            )
            session.commit()

    def delete_for_action(self, action_id: int) -> None:
        with Session(self._engine) as session:
            session.execute(delete(FormDraftRow).where(col(FormDraftRow.action_id) == action_id))
            session.commit()

    def all(self) -> list[Draft]:
        with Session(self._engine) as session:
            rows = session.exec(select(FormDraftRow).order_by(col(FormDraftRow.id))).all()
            return [_draft(row) for row in rows]
