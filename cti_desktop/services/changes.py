"""The one door every change to the stored data goes through, and the one signal that says what changed.

A service operation (save an action, import flows, edit a CRM record, ...) validates, writes in one
transaction and then calls `ChangeBus.announce` with a typed `Change`: what kind of thing changed, which
ids, and whether they were removed. Views listen to `ChangeBus.changed` (the GUI re-emits it on its own
thread, see `gui.changes`) and refresh only what a change concerns. Because `announce` is the one place
that sees every change with its kind and ids, it is where changes get recorded for other seats and checked
against roles.

Where each kind comes from:

- `action`: `services.actions.ActionService` (save, delete, duplicate, import)
- `flow`: `services.flows.FlowService` (save from the designer, settings, activate, delete, import)
- `flow_source`: the flow-source picklist (`services.flows.FlowService.sources`; read-only for now)
- `property`: `services.properties.PropertyService` (set, unset)
- `crm_record`: `services.crm_records.CrmRecords` (create, update, import)
- `setting`: `services.settings_writer.SettingsWriter` (Preferences writes the user's settings file); the
  ids are the setting keys
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from cti_desktop.domain.signals import Signal
from cti_desktop.store.errors import EditingRefused

log = logging.getLogger(__name__)

ChangeId = int | str


class ChangeKind(StrEnum):
    ACTION = "action"
    FLOW = "flow"
    FLOW_SOURCE = "flow_source"
    PROPERTY = "property"
    CRM_RECORD = "crm_record"
    SETTING = "setting"


@dataclass(frozen=True, slots=True)
class Change:
    """One operation's change: its kind, the ids it concerns (action and flow ids, property keys, CRM
    record Ids), and whether they were removed. No ids means "any of this kind" (e.g. a bulk import)."""

    kind: ChangeKind
    ids: tuple[ChangeId, ...] = ()
    removed: bool = False
    # Made by another seat or process (heard through the change log), not by this app.
    remote: bool = False

    def concerns(self, kind: ChangeKind, item_id: ChangeId | None = None) -> bool:
        if kind != self.kind:
            return False
        return item_id is None or not self.ids or item_id in self.ids


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """Changes heard together (a view that was busy, or the GUI catching up on a worker's changes)."""

    changes: tuple[Change, ...] = ()

    @classmethod
    def of(cls, changes: Iterable[Change]) -> ChangeSet:
        return cls(tuple(changes))

    def __bool__(self) -> bool:
        return bool(self.changes)

    def kinds(self) -> frozenset[ChangeKind]:
        return frozenset(change.kind for change in self.changes)

    def concerns(self, *kinds: ChangeKind) -> bool:
        return any(change.kind in kinds for change in self.changes)

    def ids(self, kind: ChangeKind) -> frozenset[ChangeId]:
        """The ids of this kind that changed (empty also when a change named none: check `concerns`)."""
        return frozenset(i for change in self.changes if change.kind == kind for i in change.ids)


class ChangeBus:
    """Carries every change the services make. Listeners run in the thread of the operation that
    announced (the GUI adapter hops to the GUI thread)."""

    def __init__(self) -> None:
        self.changed: Signal[[Change]] = Signal()

    def announce(self, change: Change) -> Change:
        log.debug("changed: %s %s%s", change.kind, list(change.ids), " (removed)" if change.removed else "")
        self.changed.emit(change)
        return change


# Why editing is refused right now (None: it is not); see services.offline_seat.
EditingRefusal = Callable[[], str | None]


def refuse_editing_if(refusal: EditingRefusal | None) -> None:
    """Raise `EditingRefused` (in words) when editing actions and flows is not possible now."""
    reason = refusal() if refusal is not None else None
    if reason:
        raise EditingRefused(reason)


__all__ = [
    "Change",
    "ChangeBus",
    "ChangeId",
    "ChangeKind",
    "ChangeSet",
    "EditingRefusal",
    "EditingRefused",
    "refuse_editing_if",
]
