"""The local CRM's records, with every change announced: the workspace's record views (edit, create), the
flows' CRM blocks (through the runner's `ThreadedCrm`) and `crm import` all change records here, and each
change is one `Change(CRM_RECORD, Ids)` on the change bus."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from cti_desktop.crm.base import CrmError, CrmRecord
from cti_desktop.crm.importing import read_records_file
from cti_desktop.services.changes import Change, ChangeBus, ChangeKind
from cti_desktop.store.crm import LocalCrm


class NothingToImport(CrmError):
    """The file holds no records."""


class CrmRecords(LocalCrm):
    """`LocalCrm` whose writes announce what they changed (reading is the local CRM's own)."""

    def __init__(self, engine: Engine, changes: ChangeBus | None = None, default_country: str = "US") -> None:
        super().__init__(engine, default_country=default_country)
        self.changes = changes or ChangeBus()

    def create(self, record_type: str, fields: Mapping[str, Any], record_id: str | None = None) -> CrmRecord:
        record = super().create(record_type, fields, record_id)
        self._announce([record])
        return record

    def update(self, record_id: str, fields: Mapping[str, Any]) -> CrmRecord:
        record = super().update(record_id, fields)
        self._announce([record])
        return record

    def bulk_insert(self, records: Iterable[CrmRecord]) -> list[CrmRecord]:
        stored = super().bulk_insert(records)
        if stored:
            self._announce(stored)
        return stored

    def import_file(self, path: Path, record_type: str | None = None) -> list[CrmRecord]:
        """Import a JSON or CSV file of records, all or none (`CrmError` says why none)."""
        records = read_records_file(path, record_type)
        if not records:
            raise NothingToImport(f"{path} holds no records; nothing was imported")
        return self.bulk_insert(records)

    def _announce(self, records: list[CrmRecord]) -> None:
        self.changes.announce(Change(ChangeKind.CRM_RECORD, tuple(record.Id for record in records)))


__all__ = ["CrmRecords", "NothingToImport"]
