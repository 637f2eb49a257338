"""Blocks on the clipboard: a selection of a flow as adapter-format JSON text, and back.

Copying writes the selected actions, in the flow's order and with every key they hold, as a small flow
(`{"name": ..., "actions": [...]}`), keeping only the links between the selected blocks. Because it is
plain adapter JSON, the text can be pasted into a text editor, edited, copied again and pasted back, and
a whole exported flow can be pasted too. Pasting gives every block a fresh id, keeps the links inside
what is pasted, drops links that leave it and shifts the positions, so nothing lands on its original.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cti_desktop.domain import json_input
from cti_desktop.flows.document import START_TYPE, Action, FlowDocument, FlowDocumentError
from cti_desktop.flows.editing import coordinate, next_uid, position_of

__all__ = ["CLIPBOARD_NAME", "ClipboardError", "Pasted", "copy_text", "paste_actions"]

# The name written on a copied selection, so a paste into a text editor says what it is.
CLIPBOARD_NAME = "Copied blocks"


class ClipboardError(ValueError):
    """Text that cannot be pasted as blocks, said in words."""


@dataclass(slots=True)
class Pasted:
    """What a paste adds: the new blocks, in order, and the ids of the blocks it left out (with why)."""

    actions: list[Action] = field(default_factory=list)
    # (the id in the pasted text, why it was left out)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    # The pasted text's id of each new block.
    origins: dict[str, str] = field(default_factory=dict)


def copy_text(document: FlowDocument, block_ids: Iterable[str]) -> str:
    """The selected blocks as adapter JSON, in the flow's order; links that leave the selection dropped."""
    wanted = set(block_ids)
    actions: list[dict[str, Any]] = []
    for action in document.actions:
        if action.id not in wanted:
            continue
        data = action.to_dict()
        ports = data.get("ports")
        if isinstance(ports, dict):
            data["ports"] = {
                outcome: target
                for outcome, target in ports.items()
                if isinstance(target, str) and target in wanted
            }
        actions.append(data)
    return json_input.dumps({"name": CLIPBOARD_NAME, "actions": actions}, indent=2)


def looks_like_blocks(text: str) -> bool:
    """Cheap test (no full parse of a large text) for enabling Paste: an object with an actions list."""
    stripped = text.lstrip()
    return stripped.startswith("{") and '"actions"' in text


def paste_actions(
    text: str,
    taken_ids: Sequence[str],
    offset: tuple[float, float],
    *,
    has_start: bool,
) -> Pasted:
    """New blocks from clipboard text: fresh `uid-N` ids after those in `taken_ids`, links among them
    kept (others dropped), positions shifted by `offset`. An SE_Start is left out when the flow already
    has one (a flow runs from exactly one). Raises ClipboardError when the text is not blocks."""
    try:
        document = FlowDocument.from_json(text, source="the clipboard")
    except FlowDocumentError as exc:
        raise ClipboardError(str(exc)) from exc
    if not document.actions:
        raise ClipboardError("the clipboard holds a flow without blocks")
    pasted = Pasted()
    kept: list[Action] = []
    seen: set[str] = set()
    for action in document.actions:
        if action.type == START_TYPE and (has_start or any(a.type == START_TYPE for a in kept)):
            pasted.skipped.append((action.id, "the flow already has an SE_Start block"))
            continue
        if action.id in seen:
            pasted.skipped.append((action.id, "its id is used twice in the pasted text"))
            continue
        seen.add(action.id)
        kept.append(action)
    mapping: dict[str, str] = {}
    used = list(taken_ids)
    for action in kept:
        new_id = next_uid([*used, *mapping.values()])
        mapping[action.id] = new_id
    for action in kept:
        pasted.actions.append(_renamed(action, mapping, offset))
        pasted.origins[mapping[action.id]] = action.id
    return pasted


def _renamed(action: Action, mapping: dict[str, str], offset: tuple[float, float]) -> Action:
    new_id = mapping[action.id]
    ports = {outcome: mapping[target] for outcome, target in action.ports.items() if target in mapping}
    raw = copy.deepcopy(action.raw)
    raw["id"] = new_id
    raw["ports"] = copy.deepcopy(ports)
    point = position_of(action)
    position: Any = copy.deepcopy(action.position)
    if point is not None:
        position = [coordinate(point[0] + offset[0]), coordinate(point[1] + offset[1])]
        raw["position"] = list(position)
    return Action(
        id=new_id,
        type=action.type,
        controls=copy.deepcopy(action.controls),
        ports=ports,
        meta=copy.deepcopy(action.meta),
        position=position,
        raw=raw,
    )


def top_left(actions: Iterable[Action]) -> tuple[float, float] | None:
    """The smallest x and y of the blocks' positions (None if none has one)."""
    points = [point for action in actions if (point := position_of(action)) is not None]
    if not points:
        return None
    return min(x for x, _ in points), min(y for _, y in points)
