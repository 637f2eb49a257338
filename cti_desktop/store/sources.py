"""The flow-source picklist: the labels people see for each source API value."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from cti_desktop.domain.catalog import source_label
from cti_desktop.store.models import FlowSourceRow


@dataclass(frozen=True, slots=True)
class SourceEntry:
    api_value: str
    label: str
    active: bool


class SourcePicklist:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def entries(self) -> list[SourceEntry]:
        with Session(self._engine) as session:
            rows = session.exec(select(FlowSourceRow).order_by(col(FlowSourceRow.sort_order))).all()
        return [SourceEntry(row.api_value, row.label, row.active) for row in rows]

    def labels(self) -> dict[str, str]:
        return {entry.api_value: entry.label for entry in self.entries()}

    def label(self, api_value: str) -> str:
        """The picklist's label; "Unknown source (value)" for a value it does not hold."""
        return source_label(api_value, self.labels())
