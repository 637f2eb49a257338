"""CTI Flow documents in the Amazon Connect CTI Adapter's export format (docs/flows.md, "Flow files").

Reading is tolerant of what real exports contain (ids `"0"`, `controls` `{}` or `null`, `ports` or `meta`
missing) and keeps every key it does not know, in its place, so that export(import(file)) is the same JSON.
A file that is not JSON or not of the format's shape is refused whole with a `FlowDocumentError` that
names the file and the place. `validate` reports the graph's problems, each with the block it concerns.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cti_desktop.domain import json_input
from cti_desktop.domain.problems import Problem, Severity
from cti_desktop.flows.control_kinds import REQUIRED_MESSAGE, control_problems, given_value, is_missing
from cti_desktop.flows.reachability import loop_problems, reference_problems
from cti_desktop.flows.registry import BlockRegistry, BlockSpec

__all__ = [
    "END_TYPE",
    "START_TYPE",
    "Action",
    "FlowDocument",
    "FlowDocumentError",
    "Problem",
    "Severity",
    "validate",
]

START_TYPE = "SE_Start"
END_TYPE = "SE_End"

_ABSENT = object()


class FlowDocumentError(ValueError):
    """A flow file that cannot be read: not JSON, or not of the adapter's shape."""

    def __init__(self, source: str, place: str, message: str) -> None:
        self.source = source
        self.place = place
        self.message = message
        where = ": ".join(part for part in (source, place) if part)
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(slots=True, eq=False)
class Action:
    """One block of a flow. `raw` keeps the action's original keys (and their order) for export."""

    id: str
    type: str
    controls: dict[str, Any] = field(default_factory=dict)
    ports: dict[str, str] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    position: Any = None
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        title = self.meta.get("title")
        return title if isinstance(title, str) else ""

    def to_dict(self) -> dict[str, Any]:
        """The action in the export format: original keys in their places; `controls`, `ports` and
        `meta` written as they came (`null`, absent, `{}`) unless they were changed."""
        out = dict(self.raw)
        out["id"] = self.id
        out["type"] = self.type
        for key, value, parsed in (
            ("controls", self.controls, _object_or_empty(self.raw.get("controls"))),
            ("ports", self.ports, _parse_ports(self.raw.get("ports"))),
            ("meta", self.meta, _object_or_empty(self.raw.get("meta"))),
        ):
            if value != parsed or (key not in self.raw and value):
                out[key] = copy.deepcopy(value)
        if "position" in self.raw or self.position is not None:
            out["position"] = copy.deepcopy(self.position)
        return out


def _object_or_empty(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _parse_ports(value: Any) -> dict[str, str]:
    """Connected ports only: a `null` or empty target is an unconnected port, as some editors write it."""
    if not isinstance(value, dict):
        return {}
    return {outcome: target for outcome, target in value.items() if isinstance(target, str) and target}


@dataclass(slots=True, eq=False, weakref_slot=True)
class FlowDocument:
    actions: list[Action] = field(default_factory=list)
    name: str | None = None
    # Unknown top-level keys, in their order, and whether `name` was there.
    raw: dict[str, Any] = field(default_factory=dict)
    # Bumped by every edit through this object, so a compiled form of the flow knows it is stale.
    revision: int = 0

    def action(self, action_id: str) -> Action | None:
        for action in self.actions:
            if action.id == action_id:
                return action
        return None

    def touch(self) -> None:
        self.revision += 1

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.name is not None and "name" not in self.raw:
            out["name"] = self.name
        for key, value in self.raw.items():
            if key == "actions":
                out[key] = [action.to_dict() for action in self.actions]
            elif key == "name":
                out[key] = self.name
            else:
                out[key] = copy.deepcopy(value)
        if "actions" not in out:
            out["actions"] = [action.to_dict() for action in self.actions]
        return out

    def to_json(self, indent: int | None = 2) -> str:
        """Standard JSON; a flow stored before the input limits, holding text that is not valid
        Unicode, is written with escapes rather than failing."""
        return json_input.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls, data: Any, source: str = "") -> FlowDocument:
        return _read_document(copy.deepcopy(data), source)

    @classmethod
    def from_json(cls, text: str | bytes, source: str = "") -> FlowDocument:
        """A flow from outside: standard JSON within the input limits (`domain.json_input`: nesting,
        valid Unicode, no NaN or Infinity), else FlowDocumentError in words."""
        try:
            data = json.loads(text, parse_constant=_refuse_constant)
        except UnicodeDecodeError as exc:
            raise FlowDocumentError(source, "", "the file is not UTF-8 text") from exc
        except json.JSONDecodeError as exc:
            raise FlowDocumentError(
                source, f"line {exc.lineno}, column {exc.colno}", f"not valid JSON ({exc.msg})"
            ) from exc
        except RecursionError as exc:
            raise FlowDocumentError(
                source, "", f"the JSON is nested too deeply (at most {json_input.MAX_DEPTH} levels)"
            ) from exc
        except _NonStandardNumber as exc:
            raise FlowDocumentError(
                source, "", f"{exc} is not a number standard JSON can hold (write it as text)"
            ) from exc
        found = json_input.problem(data)
        if found is not None:
            raise FlowDocumentError(source, "", f"refused: {found}")
        return _read_document(data, source)

    @classmethod
    def from_file(cls, path: str | Path) -> FlowDocument:
        path = Path(path)
        try:
            text = path.read_bytes()
        except OSError as exc:
            raise FlowDocumentError(str(path), "", f"cannot be read ({exc.strerror or exc})") from exc
        return cls.from_json(text, source=str(path))


class _NonStandardNumber(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    raise _NonStandardNumber(name)


def _read_document(data: Any, source: str) -> FlowDocument:
    if not isinstance(data, dict):
        raise FlowDocumentError(source, "", f"a flow must be a JSON object, not {_kind(data)}")
    if "actions" not in data:
        raise FlowDocumentError(source, "", "the flow has no 'actions' list")
    actions_data = data["actions"]
    if not isinstance(actions_data, list):
        raise FlowDocumentError(source, "actions", f"must be a list, not {_kind(actions_data)}")
    name = data.get("name")
    if name is not None and not isinstance(name, str):
        raise FlowDocumentError(source, "name", f"must be a string, not {_kind(name)}")
    actions = [_read_action(item, source, f"actions[{index}]") for index, item in enumerate(actions_data)]
    # Keep every top-level key in its place; `actions` is a placeholder, written from `actions`.
    raw = {key: (None if key == "actions" else value) for key, value in data.items()}
    return FlowDocument(actions=actions, name=name, raw=raw)


def _read_action(item: Any, source: str, place: str) -> Action:
    if not isinstance(item, dict):
        raise FlowDocumentError(source, place, f"an action must be an object, not {_kind(item)}")
    for key in ("id", "type"):
        if key not in item:
            raise FlowDocumentError(source, place, f"'{key}' is missing")
        if not isinstance(item[key], str):
            raise FlowDocumentError(source, place, f"'{key}' must be a string, not {_kind(item[key])}")
    controls = _optional_object(item, "controls", source, place)
    ports_data = _optional_object(item, "ports", source, place)
    for outcome, target in ports_data.items():
        if target is not None and not isinstance(target, str):
            raise FlowDocumentError(
                source,
                f"{place}.ports.{outcome}",
                f"must be the id of a block (a string), not {_kind(target)}",
            )
    return Action(
        id=item["id"],
        type=item["type"],
        controls=copy.deepcopy(controls),
        ports=_parse_ports(ports_data),
        meta=copy.deepcopy(_object_or_empty(item.get("meta"))),
        position=copy.deepcopy(item.get("position")),
        raw=item,
    )


def _optional_object(item: dict[str, Any], key: str, source: str, place: str) -> dict[str, Any]:
    value = item.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise FlowDocumentError(source, place, f"'{key}' must be an object or null, not {_kind(value)}")
    return value


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}
    if type(value) in names:
        return names[type(value)]
    if isinstance(value, int | float):
        return "a number"
    return type(value).__name__


# -------------------------------------------------------------------------------------------- validate


def validate(document: FlowDocument, registry: BlockRegistry) -> list[Problem]:
    """Every problem of the flow's graph, each naming its block. Errors stop the flow from running;
    warnings are what people migrating flows need to fix, but the flow is stored and may run."""
    problems: list[Problem] = []
    counts = Counter(action.id for action in document.actions)
    for block_id, count in counts.items():
        if count > 1:
            problems.append(Problem(block_id, f"the id '{block_id}' is used by {count} blocks", "error"))
    starts = [action for action in document.actions if action.type == START_TYPE]
    if not starts:
        problems.append(Problem("", "the flow has no SE_Start block, so it cannot run", "error"))
    elif len(starts) > 1:
        ids = ", ".join(action.id for action in starts)
        problems.append(
            Problem("", f"the flow has {len(starts)} SE_Start blocks ({ids}); it needs exactly one", "error")
        )
    known_ids = set(counts)
    for action in document.actions:
        spec = registry.get(action.type)
        if spec is None:
            problems.append(
                Problem(action.id, f"unknown block type '{action.type}': the run fails at this block")
            )
        for outcome, target in action.ports.items():
            if target not in known_ids:
                problems.append(
                    Problem(action.id, f"the '{outcome}' port points at '{target}', which is not in the flow")
                )
        if spec is not None:
            problems.extend(_control_problems(action, spec))
    if len(starts) == 1:
        reachable = _reachable(document, starts[0].id)
        for action in document.actions:
            if action.id not in reachable:
                problems.append(Problem(action.id, "no path from SE_Start reaches this block"))
    problems.extend(loop_problems(document, registry))
    problems.extend(reference_problems(document, registry))
    return problems


def _control_problems(action: Action, spec: BlockSpec) -> list[Problem]:
    problems = []
    for outcome in action.ports:
        if outcome not in spec.outcomes:
            expected = ", ".join(spec.outcomes) or "none"
            problems.append(
                Problem(action.id, f"{spec.type} has no '{outcome}' outcome (it has: {expected})")
            )
    for name, value in action.controls.items():
        control = spec.control(name)
        if control is None:
            known = ", ".join(declared.name for declared in spec.controls) or "none"
            problems.append(Problem(action.id, f"unknown control '{name}' for {spec.type} (known: {known})"))
            continue
        for error in control_problems(control, value):
            problems.append(Problem(action.id, f"control '{name}': {error}"))
    for control in spec.controls:
        if control.required and is_missing(given_value(control, action.controls)):
            # A warning, so that a migrated flow is still stored; a run fails at this block.
            problems.append(Problem(action.id, f"control '{control.name}': {REQUIRED_MESSAGE}"))
    return problems


def _reachable(document: FlowDocument, start_id: str) -> set[str]:
    ports = {action.id: action.ports for action in document.actions}
    seen = {start_id}
    pending = [start_id]
    while pending:
        for target in ports.get(pending.pop(), {}).values():
            if target in ports and target not in seen:
                seen.add(target)
                pending.append(target)
    return seen
