"""Import flow files into the store (the command line's `flows import` and the designer's Import).

All files are read and checked before anything is stored, then stored in one transaction: one unreadable
file, or a bad source or event, and nothing is stored. Graph problems (unknown block types, dangling
ports, ...) do not stop an import: they come back as warnings naming their block, for people to fix in the
designer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from cti_desktop.domain.catalog import CTI_ACTION, SOURCES, events_for, is_known_source
from cti_desktop.flows.blocks import default_registry
from cti_desktop.flows.document import FlowDocument, Problem, validate
from cti_desktop.flows.registry import BlockRegistry
from cti_desktop.services.changes import Change, ChangeBus, ChangeKind
from cti_desktop.store.flows import FlowRepository, FlowWrite


class FlowImportError(ValueError):
    """Nothing was imported; the message says which file or option is wrong and why."""


@dataclass(frozen=True, slots=True)
class ImportedFlow:
    name: str
    path: str
    created: bool
    version: int
    problems: list[Problem] = field(default_factory=list)


def flow_name(document: FlowDocument, path: Path, given: str | None = None) -> str:
    """`--name`, else the file's `name` key, else the file's stem."""
    for candidate in (given, document.name, path.stem):
        if candidate and candidate.strip():
            return candidate.strip()
    return path.stem


def check_source_and_event(source: str | None, event: str | None) -> None:
    if source is not None and not is_known_source(source):
        known = ", ".join(s.api_value for s in SOURCES)
        raise FlowImportError(f"unknown source '{source}' (use one of: {known})")
    if event is None or source is None:
        return
    events = events_for(source)
    if source == CTI_ACTION and event:
        raise FlowImportError("flows for the CTI Action source have no event: leave --event out")
    if event and event not in events:
        raise FlowImportError(
            f"'{event}' is not an event of the source '{source}' (use one of: {', '.join(events)})"
        )


def import_files(
    engine: Engine,
    paths: Sequence[str | Path],
    *,
    name: str | None = None,
    source: str | None = None,
    event: str | None = None,
    activate: bool = False,
    registry: BlockRegistry | None = None,
    changes: ChangeBus | None = None,
) -> list[ImportedFlow]:
    """Store every file's flow in one transaction, or none; the stored flows are announced on `changes`
    as one change."""
    if not paths:
        raise FlowImportError("give at least one flow file")
    if name is not None and len(paths) > 1:
        raise FlowImportError("--name can only be used when importing one file")
    check_source_and_event(source, event)
    repository = FlowRepository(engine)
    registry = registry or default_registry()
    documents: list[tuple[Path, str, FlowDocument]] = []
    names: dict[str, Path] = {}
    for raw in paths:
        path = Path(raw)
        document = FlowDocument.from_file(path)  # FlowDocumentError names the file and the place
        imported_name = flow_name(document, path, name)
        if imported_name in names:
            raise FlowImportError(
                f"{path} and {names[imported_name]} both give the flow name '{imported_name}'"
            )
        names[imported_name] = path
        if event is not None and source is None:
            existing = repository.get(imported_name)
            if existing is None or not existing.source:
                raise FlowImportError(f"--event needs --source: the flow '{imported_name}' has no source yet")
            check_source_and_event(existing.source, event)
        documents.append((path, imported_name, document))
    active = True if activate else None
    saved = repository.save_many(
        [FlowWrite(n, document, source=source, event=event, active=active) for _, n, document in documents]
    )
    if changes is not None:
        changes.announce(Change(ChangeKind.FLOW, tuple(s.row.id for s in saved if s.row.id is not None)))
    return [
        ImportedFlow(imported_name, str(path), one.created, one.row.version, validate(document, registry))
        for (path, imported_name, document), one in zip(documents, saved, strict=True)
    ]
