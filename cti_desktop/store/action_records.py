"""A stored CTI action, as its columns hold it, turned into the domain's `CtiAction`. Shared by the
repository (SQLModel rows) and the start-up reader (plain sqlite3 rows), so both read an action alike.
Reading never fails on a bad record: an action whose flow was deleted or changed source, or whose stored
form cannot be read, comes back marked broken."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from cti_desktop.domain.actions import CtiAction, FlowRef, PayloadEntry, broken_reason
from cti_desktop.domain.forms import FormatError, FormSpec

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ActionRecord:
    """The columns of the `cti_action` table that make an action."""

    id: int | None
    name: str
    flow_id: int | None
    sort_order: int
    active: bool
    shortcut: str
    payload: Any  # a list of {"key": ..., "value": ...}
    title: str
    instructions: str
    form: Any  # {"fields": [...]}


# The columns, in the order of ActionRecord's fields (the start-up reader selects them so).
ACTION_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(ActionRecord))


def action_from_record(record: ActionRecord, flows: Mapping[int, FlowRef]) -> CtiAction:
    flow = flows.get(record.flow_id) if record.flow_id is not None else None
    broken = broken_reason(flow)
    form_data = record.form if isinstance(record.form, Mapping) else {}
    try:
        form = FormSpec.from_json({"title": record.title, "instructions": record.instructions, **form_data})
    except FormatError as exc:
        log.warning("action %r has a form that cannot be read: %s", record.name, exc)
        form = FormSpec(title=record.title, instructions=record.instructions)
        broken = f"{broken} Its stored form cannot be read ({exc}); build the form again.".strip()
    return CtiAction(
        id=record.id,
        name=record.name,
        flow_id=record.flow_id if flow is not None else None,
        flow_name=flow.name if flow is not None else "",
        order=record.sort_order,
        active=bool(record.active),
        shortcut=record.shortcut,
        payload=tuple(_payload(record.payload)),
        form=form,
        broken=broken,
    )


def _payload(entries: Iterable[object] | None) -> Iterable[PayloadEntry]:
    for entry in entries or ():
        if isinstance(entry, dict) and isinstance(entry.get("key"), str):
            yield PayloadEntry(entry["key"], entry.get("value", ""))
