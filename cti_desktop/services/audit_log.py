"""Reading the audit log (`store.audit`), for the Audit Log window and `cti-desktop audit`."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from cti_desktop.store import audit
from cti_desktop.store.audit import NO_FILTER, AuditEntry, AuditFilter

CSV_COLUMNS = ("id", "at", "author", "host", "kind", "name", "row_id", "operation", "before", "after")
KINDS = ("action", "flow", "flow_source", "property")


class AuditLog:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def count(self, filters: AuditFilter = NO_FILTER) -> int:
        return audit.count(self._engine, filters)

    def page(
        self, filters: AuditFilter = NO_FILTER, *, limit: int = 200, offset: int = 0
    ) -> list[AuditEntry]:
        return audit.page(self._engine, filters, limit=limit, offset=offset)

    def authors(self) -> list[str]:
        """Who appears in the log (for the window's filter)."""
        return sorted({entry.author for entry in audit.every(self._engine) if entry.author})

    def export_csv(
        self,
        path: Path,
        filters: AuditFilter = NO_FILTER,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Write the matching entries, oldest first, to a CSV file (UTF-8, the item before and after as
        JSON); written under a temporary name and renamed when complete. Returns how many."""
        partial = path.with_name(path.name + ".partial")
        written = 0
        try:
            with partial.open("w", encoding="utf-8", newline="") as file:
                writer = csv.writer(file)
                writer.writerow(CSV_COLUMNS)
                for entry in audit.every(self._engine, filters):
                    writer.writerow(_row(entry))
                    written += 1
                    if progress is not None and written % 1000 == 0:
                        progress(written)
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return written


def changed_fields(before: Any, after: Any) -> list[str]:
    """What changed between two states of an item, one line per field, in words: "name: Gift → Gift
    card", "form: changed", "created", "deleted"."""
    if before is None and after is None:
        return []
    if before is None:
        return ["created"]
    if after is None:
        return ["deleted"]
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [f"{_short(before)} → {_short(after)}"]
    lines = []
    for key in [*before, *(k for k in after if k not in before)]:
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if isinstance(old, dict | list) or isinstance(new, dict | list):
            lines.append(f"{key}: changed")
        else:
            lines.append(f"{key}: {_short(old)} → {_short(new)}")
    return lines


def _short(value: Any, limit: int = 60) -> str:
    shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _row(entry: AuditEntry) -> list[str]:
    return [
        str(entry.id),
        entry.at.isoformat(),
        entry.author,
        entry.host,
        entry.kind,
        entry.name,
        entry.row_id,
        entry.operation,
        "" if entry.before is None else json.dumps(entry.before, ensure_ascii=False, sort_keys=True),
        "" if entry.after is None else json.dumps(entry.after, ensure_ascii=False, sort_keys=True),
    ]


__all__ = ["CSV_COLUMNS", "KINDS", "AuditEntry", "AuditFilter", "AuditLog", "changed_fields"]
