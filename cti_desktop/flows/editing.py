"""Editing a flow document: the operations of the flow designer, without Qt.

`FlowEditor` changes a `FlowDocument` in place and announces each change on `changed`, so the designer's
scene mirrors it and its undo commands stay small: each command calls one operation here and, to undo,
its counterpart (`remove_blocks` / `restore_blocks`, `connect` with the previous target, ...).
Everything the file held and the designer does not show (unknown keys, `null` ports, key order) stays in
the action's `raw` dict, so a flow that was not edited exports exactly as it was imported.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from cti_desktop.domain.signals import Signal
from cti_desktop.flows.document import Action, FlowDocument
from cti_desktop.flows.registry import BlockSpec

ChangeKind = Literal["added", "removed", "moved", "controls", "ports", "meta"]

_UID_RE = re.compile(r"uid-(\d+)")
# Where a duplicate lands, relative to its original.
DUPLICATE_OFFSET = (40.0, 40.0)


class FlowEditError(ValueError):
    """An edit that cannot be made (an id that is not in the flow, an id used twice, ...)."""


@dataclass(frozen=True, slots=True)
class FlowChange:
    kind: ChangeKind
    block_id: str


@dataclass(slots=True)
class RemovedBlock:
    """What `remove_blocks` took away, so `restore_blocks` can put it back exactly."""

    action: Action
    index: int
    # (source block id, outcome) of the connections from other blocks that pointed at this one.
    incoming: list[tuple[str, str]] = field(default_factory=list)


def position_of(action: Action) -> tuple[float, float] | None:
    """The action's canvas position, if the file gave a usable one (`[x, y]` numbers)."""
    value = action.position
    if isinstance(value, list | tuple) and len(value) >= 2:
        x, y = value[0], value[1]
    elif isinstance(value, dict):
        x, y = value.get("x"), value.get("y")
    else:
        return None
    if _is_number(x) and _is_number(y):
        return float(x), float(y)
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _number(value: float) -> int | float:
    # Whole coordinates are written as integers, as the adapter does.
    return int(value) if float(value).is_integer() else round(value, 3)


def coordinate(value: float) -> int | float:
    """A coordinate as the file writes it (whole numbers as integers)."""
    return _number(value)


def next_uid(used: Iterable[str]) -> str:
    """A fresh `uid-N`, after the highest N in `used` (the adapter's own numbering)."""
    taken = set(used)
    numbers = [int(match.group(1)) for block_id in taken if (match := _UID_RE.fullmatch(block_id))]
    number = max(numbers, default=-1) + 1
    while f"uid-{number}" in taken:
        number += 1
    return f"uid-{number}"


def new_action(spec: BlockSpec, block_id: str, position: tuple[float, float]) -> Action:
    """A block of `spec`'s type with its controls at their defaults, in the adapter's export shape."""
    controls = {control.name: copy.deepcopy(control.default) for control in spec.controls}
    point = [_number(position[0]), _number(position[1])]
    raw: dict[str, Any] = {
        "id": block_id,
        "type": spec.type,
        "meta": {},
        "controls": copy.deepcopy(controls),
        "ports": {},
        "position": list(point),
    }
    return Action(id=block_id, type=spec.type, controls=controls, meta={}, position=point, raw=raw)


class FlowEditor:
    """The designer's document: the flow being edited, with one method per kind of edit."""

    def __init__(self, document: FlowDocument) -> None:
        self.document = document
        self.changed: Signal[[FlowChange]] = Signal()

    # -- reading -----------------------------------------------------------------------------------------

    def action(self, block_id: str) -> Action:
        action = self.document.action(block_id)
        if action is None:
            raise FlowEditError(f"there is no block '{block_id}' in the flow")
        return action

    def ids(self) -> list[str]:
        return [action.id for action in self.document.actions]

    def new_id(self, taken: Iterable[str] = ()) -> str:
        """A fresh `uid-N`, after the highest N in use (the adapter's own numbering)."""
        return next_uid([*self.ids(), *taken])

    def incoming(self, block_id: str) -> list[tuple[str, str]]:
        """(source id, outcome) of every connection that ends at `block_id`."""
        return [
            (action.id, outcome)
            for action in self.document.actions
            for outcome, target in action.ports.items()
            if target == block_id
        ]

    # -- blocks ------------------------------------------------------------------------------------------

    def add_block(self, action: Action, index: int | None = None) -> Action:
        if self.document.action(action.id) is not None:
            raise FlowEditError(f"the id '{action.id}' is already used in the flow")
        actions = self.document.actions
        actions.insert(len(actions) if index is None else min(max(index, 0), len(actions)), action)
        self._touch("added", action.id)
        return action

    def remove_blocks(self, block_ids: Sequence[str]) -> list[RemovedBlock]:
        """Remove blocks and every connection to them; the result undoes it (`restore_blocks`)."""
        wanted = set(block_ids)
        removed = [
            RemovedBlock(action, index)
            for index, action in enumerate(self.document.actions)
            if action.id in wanted
        ]
        for entry in removed:
            entry.incoming = [(source, outcome) for source, outcome in self.incoming(entry.action.id)]
        self.document.actions[:] = [a for a in self.document.actions if a.id not in wanted]
        for entry in removed:
            self._touch("removed", entry.action.id)
        for entry in removed:
            for source, outcome in entry.incoming:
                source_action = self.document.action(source)
                if source_action is not None and source_action.ports.get(outcome) == entry.action.id:
                    del source_action.ports[outcome]
                    self._touch("ports", source)
        return removed

    def restore_blocks(self, removed: Sequence[RemovedBlock]) -> None:
        for entry in sorted(removed, key=lambda item: item.index):
            self.add_block(entry.action, entry.index)
        for entry in removed:
            for source, outcome in entry.incoming:
                source_action = self.document.action(source)
                if source_action is not None:
                    source_action.ports[outcome] = entry.action.id
                    self._touch("ports", source)

    def duplicate(self, block_ids: Sequence[str]) -> list[Action]:
        """Copies of the blocks (not yet added): new ids, shifted, connections among them kept."""
        originals = [self.action(block_id) for block_id in block_ids]
        mapping: dict[str, str] = {}
        for original in originals:
            mapping[original.id] = self.new_id(mapping.values())
        copies = []
        for original in originals:
            new_id = mapping[original.id]
            ports = {
                outcome: mapping[target] for outcome, target in original.ports.items() if target in mapping
            }
            point = position_of(original) or (0.0, 0.0)
            position = [_number(point[0] + DUPLICATE_OFFSET[0]), _number(point[1] + DUPLICATE_OFFSET[1])]
            raw = copy.deepcopy(original.raw)
            raw.update(id=new_id, ports=copy.deepcopy(ports), position=list(position))
            raw.setdefault("controls", copy.deepcopy(original.controls))
            copies.append(
                Action(
                    id=new_id,
                    type=original.type,
                    controls=copy.deepcopy(original.controls),
                    ports=ports,
                    meta=copy.deepcopy(original.meta),
                    position=position,
                    raw=raw,
                )
            )
        return copies

    def move_block(self, block_id: str, position: tuple[float, float]) -> None:
        action = self.action(block_id)
        action.position = [_number(position[0]), _number(position[1])]
        self._touch("moved", block_id)

    def set_position(self, block_id: str, position: Any) -> None:
        """Put back a position exactly as it was (undo), whatever its shape."""
        action = self.action(block_id)
        action.position = copy.deepcopy(position)
        self._touch("moved", block_id)

    # -- connections -------------------------------------------------------------------------------------

    def connect(self, source_id: str, outcome: str, target_id: str | None) -> str | None:
        """Point `outcome` of the source at `target_id` (None: disconnect). Returns the previous target."""
        action = self.action(source_id)
        previous = action.ports.get(outcome)
        if previous == target_id:
            return previous
        if target_id is None:
            del action.ports[outcome]
        else:
            action.ports[outcome] = target_id
        self._touch("ports", source_id)
        return previous

    # -- controls and title ------------------------------------------------------------------------------

    def set_control(self, block_id: str, name: str, value: Any, present: bool = True) -> None:
        """Set a control (or remove it, with `present=False`, to undo adding it)."""
        action = self.action(block_id)
        if present:
            action.controls[name] = copy.deepcopy(value)
        else:
            action.controls.pop(name, None)
        self._touch("controls", block_id)

    def set_meta(self, block_id: str, meta: dict[str, Any]) -> None:
        action = self.action(block_id)
        action.meta = copy.deepcopy(meta)
        self._touch("meta", block_id)

    def set_title(self, block_id: str, title: str) -> None:
        meta = dict(self.action(block_id).meta)
        if title:
            meta["title"] = title
        else:
            meta.pop("title", None)
        self.set_meta(block_id, meta)

    def _touch(self, kind: ChangeKind, block_id: str) -> None:
        self.document.touch()
        self.changed.emit(FlowChange(kind, block_id))
