"""The CTI Flows as the windows and the command line see and change them.

Reading returns plain `StoredFlow`s (never store rows). Every change (save from the designer, a flow's
settings, activate, delete, import) is one operation here: it checks what it can, writes in one
transaction, and announces one `Change(FLOW, ids)` on the change bus, so every open view (the Flows
window, the overlay, the editor) refreshes without the window that made the change telling anyone.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from cti_desktop.flows.document import FlowDocument
from cti_desktop.flows.registry import BlockRegistry
from cti_desktop.services.changes import Change, ChangeBus, ChangeKind, EditingRefusal, refuse_editing_if
from cti_desktop.services.flow_import import ImportedFlow, flow_name, import_files
from cti_desktop.store.flows import FlowNotFound, FlowRepository, NothingToPublish, VersionNotFound
from cti_desktop.store.models import FlowRow
from cti_desktop.store.sources import SourceEntry, SourcePicklist
from cti_desktop.store.versions import Version


class PublishRefused(Exception):
    """Publishing or rolling back was refused; the message says why, in words."""


@dataclass(frozen=True, slots=True)
class StoredFlow:
    """A stored flow, detached from the store: what a list or a designer needs of it."""

    id: int
    name: str
    description: str
    source: str
    event: str
    active: bool
    version: int
    document: dict[str, Any]  # the adapter JSON as stored
    created_at: datetime
    updated_at: datetime
    published_version: int = 0  # the version seats run (0: never published)

    @classmethod
    def from_row(cls, row: FlowRow, newest: int = 0) -> StoredFlow:
        """`newest`: the flow's newest saved version number, shown as its version (the row's own write
        count where it has none)."""
        if row.id is None:
            raise ValueError("a stored flow has an id")
        return cls(
            id=row.id,
            name=row.name,
            description=row.description,
            source=row.source,
            event=row.event,
            active=row.active,
            version=newest or row.version,
            document=row.document,
            created_at=row.created_at,
            updated_at=row.updated_at,
            published_version=row.published_version,
        )

    @property
    def block_count(self) -> int:
        return len(self.document.get("actions") or [])

    def read_document(self) -> FlowDocument:
        """The stored document, read with the same rules as an imported file (`FlowDocumentError`)."""
        return FlowDocument.from_dict(self.document, source=f"flow '{self.name}'")


@dataclass(frozen=True, slots=True)
class SavedFlow:
    flow: StoredFlow
    created: bool
    number: int = 0  # the version this save made


class FlowService:
    """Construct with the store's engine and the app's change bus (a bus of its own when none is given:
    the command line has no listeners)."""

    def __init__(
        self,
        engine: Engine,
        changes: ChangeBus | None = None,
        *,
        editing_refusal: EditingRefusal | None = None,
    ) -> None:
        self._engine = engine
        self._repo = FlowRepository(engine)
        self._picklist = SourcePicklist(engine)
        self.changes = changes or ChangeBus()
        self.editing_refusal = editing_refusal

    # -- reading ---------------------------------------------------------------------------------------

    def list(self) -> builtins.list[StoredFlow]:
        return self._stored(self._repo.list())

    def get(self, name: str) -> StoredFlow | None:
        row = self._repo.get(name)
        return self._stored([row])[0] if row is not None else None

    def require(self, name: str) -> StoredFlow:
        """The flow called `name`; `FlowNotFound` if there is none."""
        return self._stored([self._repo.require(name)])[0]

    def get_by_id(self, flow_id: int) -> StoredFlow | None:
        row = self._repo.get_by_id(flow_id)
        return self._stored([row])[0] if row is not None else None

    def _stored(self, rows: builtins.list[FlowRow]) -> builtins.list[StoredFlow]:
        newest = self._repo.publication()
        return [StoredFlow.from_row(row, newest.get(row.id or 0, (0, 0))[1]) for row in rows]

    def publication(self) -> dict[int, tuple[int, int]]:
        """Each flow's (published version, newest version): a draft waits where the second is larger."""
        return self._repo.publication()

    def history(self, name: str) -> builtins.list[Version]:
        """Every version of the flow, newest first (FlowNotFound if there is none)."""
        return self._repo.history(name)

    def version(self, name: str, number: int) -> dict[str, Any]:
        """One saved version's content: name, description, source, event, active, document
        (PublishRefused when there is no such version)."""
        try:
            return self._repo.version(name, number)
        except VersionNotFound as exc:
            raise PublishRefused(str(exc)) from None

    @staticmethod
    def import_name(path: str | Path, name: str | None = None) -> str:
        """The name a flow file would be imported under (FlowDocumentError if it cannot be read)."""
        return flow_name(FlowDocument.from_file(Path(path)), Path(path), name)

    def source_entries(self) -> builtins.list[SourceEntry]:
        """The flow-source picklist, in its order: the labels people see for each source value."""
        return self._picklist.entries()

    # -- changing --------------------------------------------------------------------------------------

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
        """Save a new version of the flow (creating it if there is none of that name): published at once
        (imports, scripts) or, with `publish=False`, a draft seats do not run until `publish`. Settings
        given as None keep their saved value."""
        refuse_editing_if(self.editing_refusal)
        saved = self._repo.save(
            name,
            document,
            source=source,
            event=event,
            active=active,
            description=description,
            publish=publish,
            note=note,
        )
        flow = self._stored([saved.row])[0]
        self.changes.announce(Change(ChangeKind.FLOW, (flow.id,)))
        return SavedFlow(flow, saved.created, saved.number)

    def save_settings(
        self, name: str, *, source: str, event: str, active: bool, description: str
    ) -> SavedFlow:
        """Save a flow's settings as a draft, keeping its document; `FlowNotFound` if it was deleted
        meanwhile."""
        stored = self._repo.require(name)
        return self.save(
            name,
            stored.document,
            source=source,
            event=event,
            active=active,
            description=description,
            publish=False,
        )

    def publish(self, name: str, note: str = "") -> StoredFlow:
        """Make the flow's draft what every seat runs. PublishRefused when there is no draft, or the draft
        cannot be read as a flow."""
        refuse_editing_if(self.editing_refusal)
        draft = self.require(name)
        try:
            draft.read_document()
        except ValueError as exc:
            raise PublishRefused(f"The draft of '{name}' cannot be published: {exc}") from None
        try:
            flow = self._stored([self._repo.publish(name, note)])[0]
        except NothingToPublish as exc:
            raise PublishRefused(str(exc)) from None
        self.changes.announce(Change(ChangeKind.FLOW, (flow.id,)))
        return flow

    def rollback(self, name: str, number: int, note: str = "") -> StoredFlow:
        """Publish version `number` again, as a new version (PublishRefused if there is no such one)."""
        refuse_editing_if(self.editing_refusal)
        try:
            flow = self._stored([self._repo.rollback(name, number, note)])[0]
        except VersionNotFound as exc:
            raise PublishRefused(str(exc)) from None
        self.changes.announce(Change(ChangeKind.FLOW, (flow.id,)))
        return flow

    def set_active(self, name: str, active: bool) -> StoredFlow:
        """`FlowNotFound` if there is no such flow."""
        refuse_editing_if(self.editing_refusal)
        flow = self._stored([self._repo.set_active(name, active)])[0]
        self.changes.announce(Change(ChangeKind.FLOW, (flow.id,)))
        return flow

    def delete(self, name: str) -> bool:
        """Delete a flow; the CTI actions that ran it stay, shown as broken. False if there was none."""
        refuse_editing_if(self.editing_refusal)
        row = self._repo.get(name)
        if row is None or not self._repo.delete(name):
            return False
        if row.id is None:
            raise ValueError("row has no id: it was never stored")
        self.changes.announce(Change(ChangeKind.FLOW, (row.id,), removed=True))
        return True

    def import_files(
        self,
        paths: Sequence[str | Path],
        *,
        name: str | None = None,
        source: str | None = None,
        event: str | None = None,
        activate: bool = False,
        registry: BlockRegistry | None = None,
    ) -> builtins.list[ImportedFlow]:
        """Import flow files, all or none (see `services.flow_import`)."""
        refuse_editing_if(self.editing_refusal)
        return import_files(
            self._engine,
            paths,
            name=name,
            source=source,
            event=event,
            activate=activate,
            registry=registry,
            changes=self.changes,
        )


__all__ = ["FlowNotFound", "FlowService", "PublishRefused", "SavedFlow", "SourceEntry", "StoredFlow"]
