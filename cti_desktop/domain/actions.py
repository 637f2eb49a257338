"""CTI Actions: the buttons agents see in the overlay. Each runs a CTI Action flow with a static payload,
merged with what the agent typed into the action's form (the form wins on a clash)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cti_desktop.domain.catalog import CTI_ACTION, source_label
from cti_desktop.domain.form_problems import spec_problems
from cti_desktop.domain.forms import FormatError, FormSpec, is_camel_case
from cti_desktop.domain.problems import Problem

# Far beyond any list of buttons, and well inside the 64-bit column the order is stored in.
MAX_ORDER = 1_000_000_000

# Checks a payload value or a default for broken references and templates; returns messages.
ReferenceChecker = Callable[[str], list[str]]


@dataclass(frozen=True, slots=True)
class PayloadEntry:
    key: str
    value: Any = ""

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "value": self.value}


@dataclass(frozen=True, slots=True)
class FlowRef:
    """A flow as an action sees it: enough to name it and to tell whether it can run the action."""

    id: int
    name: str
    source: str

    @property
    def is_cti_action(self) -> bool:
        return self.source == CTI_ACTION


@dataclass(frozen=True, slots=True)
class CtiAction:
    name: str
    flow_id: int | None = None
    # The flow's name when the action was read (or, in an imported file, the flow it asks for).
    flow_name: str = ""
    order: int = 0
    active: bool = True
    shortcut: str = ""
    payload: tuple[PayloadEntry, ...] = ()
    form: FormSpec = field(default_factory=FormSpec)
    id: int | None = None
    # Why the stored action cannot run (its flow was deleted or changed source); empty when it can.
    broken: str = ""

    @property
    def has_form(self) -> bool:
        return not self.form.is_empty

    def payload_dict(self) -> dict[str, Any]:
        return {entry.key: entry.value for entry in self.payload}

    def to_json(self) -> dict[str, Any]:
        """The action in the import/export format."""
        return {
            "name": self.name,
            "flow": self.flow_name,
            "order": self.order,
            "active": self.active,
            "shortcut": self.shortcut,
            "payload": [entry.to_json() for entry in self.payload],
            "form": self.form.to_json(),
        }

    @staticmethod
    def from_json(data: Any) -> CtiAction:
        """An action of an import file, with `flow_name` set and no ids; FormatError when misshapen."""
        if not isinstance(data, Mapping):
            raise FormatError("an action must be an object")
        name = data.get("name")
        if not isinstance(name, str):
            raise FormatError('an action needs a "name" (text)')
        flow = data.get("flow")
        if not isinstance(flow, str):
            raise FormatError('"flow" must be the name of a flow (text)')
        order = data.get("order", 0)
        if not isinstance(order, int) or isinstance(order, bool):
            raise FormatError('"order" must be a whole number')
        if not isinstance(data.get("active", True), bool):
            raise FormatError('"active" must be true or false')
        shortcut = data.get("shortcut") or ""
        if not isinstance(shortcut, str):
            raise FormatError('"shortcut" must be text, such as "Ctrl+1"')
        payload_data = data.get("payload")
        payload_data = [] if payload_data is None else payload_data
        if not isinstance(payload_data, list):
            raise FormatError('"payload" must be a list of {"key", "value"} objects')
        payload = []
        for entry in payload_data:
            if not isinstance(entry, Mapping) or not isinstance(entry.get("key"), str):
                raise FormatError('each payload entry must be an object with a "key" (text) and a "value"')
            payload.append(PayloadEntry(entry["key"], entry.get("value", "")))
        return CtiAction(
            name=name,
            flow_name=flow,
            order=order,
            active=data.get("active", True),
            shortcut=shortcut,
            payload=tuple(payload),
            form=FormSpec.from_json(data.get("form")),
        )


def broken_reason(flow: FlowRef | None, labels: Mapping[str, str] | None = None) -> str:
    """Why an action whose flow is `flow` cannot run, or "" when it can."""
    if flow is None:
        return "Its CTI flow was deleted. Choose another CTI Action flow."
    if not flow.is_cti_action:
        label = source_label(flow.source, dict(labels) if labels else None)
        return f'Its flow "{flow.name}" is no longer a CTI Action flow (its source is {label}).'
    return ""


def flow_problems(action: CtiAction, flow: FlowRef | None) -> list[Problem]:
    """What is wrong with the flow an action is about to be saved with."""
    if action.flow_id is None and not action.flow_name:
        return [Problem.of_field("flow", "Choose the CTI flow this action runs")]
    if flow is None:
        wanted = f'"{action.flow_name}" ' if action.flow_name else ""
        return [Problem.of_field("flow", f"The flow {wanted}does not exist")]
    if not flow.is_cti_action:
        source = source_label(flow.source)
        message = f'The flow "{flow.name}" is not a CTI Action flow (its source is {source})'
        return [Problem.of_field("flow", message)]
    return []


def action_problems(
    action: CtiAction,
    others: Iterable[CtiAction] = (),
    check_references: ReferenceChecker | None = None,
) -> list[Problem]:
    """Everything wrong with an action apart from its flow. `others` are the other stored actions (for
    unique names and shortcuts)."""
    problems: list[Problem] = []
    others = [o for o in others if action.id is None or o.id != action.id]
    name = action.name.strip()
    if not name:
        problems.append(Problem.of_field("name", "Action name is required"))
    elif any(o.name.strip().casefold() == name.casefold() for o in others):
        problems.append(
            Problem.of_field("name", f'An action named "{name}" already exists; choose another name')
        )
    elif len(name) > 80:
        problems.append(Problem.of_field("name", "Action name must be at most 80 characters"))
    if action.order < 0:
        problems.append(Problem.of_field("order", "Order cannot be negative"))
    elif action.order > MAX_ORDER:
        problems.append(Problem.of_field("order", f"Order must be at most {MAX_ORDER:,}"))
    if action.shortcut:
        clash = next((o for o in others if o.shortcut and o.shortcut == action.shortcut), None)
        if clash is not None:
            problems.append(
                Problem.of_field(
                    "shortcut", f'The shortcut {action.shortcut} is already used by "{clash.name}"'
                )
            )
    problems.extend(payload_problems(action.payload, check_references))
    problems.extend(spec_problems(action.form))
    if check_references is not None:
        for index, f in enumerate(action.form.fields):
            if isinstance(f.default, str):
                problems.extend(
                    Problem.of_field(f"form.fields[{index}].default", f"Default: {message}")
                    for message in check_references(f.default)
                )
    return problems


def payload_problems(
    payload: Iterable[PayloadEntry], check_references: ReferenceChecker | None = None
) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, entry in enumerate(payload):
        path = f"payload[{index}]"
        if not entry.key:
            problems.append(Problem.of_field(f"{path}.key", f"Row {index + 1}: a key is required"))
        elif not is_camel_case(entry.key):
            problems.append(
                Problem.of_field(
                    f"{path}.key",
                    f'Row {index + 1}: key "{entry.key}" must be one camelCase word: a lower-case letter, '
                    "then letters and digits",
                )
            )
        elif entry.key in seen:
            problems.append(
                Problem.of_field(f"{path}.key", f'Row {index + 1}: key "{entry.key}" is used twice')
            )
        seen.add(entry.key)
        if check_references is not None and isinstance(entry.value, str):
            problems.extend(
                Problem.of_field(f"{path}.value", f"Row {index + 1}: {message}")
                for message in check_references(entry.value)
            )
    return problems


def copy_name(name: str, taken: Iterable[str]) -> str:
    """`"Gift Card (copy)"`, then `"Gift Card (copy 2)"`, ... for a duplicate."""
    used = {n.casefold() for n in taken}
    candidate = f"{name} (copy)"
    index = 2
    while candidate.casefold() in used:
        candidate = f"{name} (copy {index})"
        index += 1
    return candidate
