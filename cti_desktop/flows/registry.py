"""One declaration per block type.

The flow designer's palette and inspector, validation and the executor all read these declarations, so a
block type is described exactly once: its type name, title, category, controls (with type, default and
help), outcomes, results and the function that runs it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from cti_desktop.flows.credentials import CredentialLookup

# How the inspector edits a control; control_kinds.py declares how each kind parses and checks a value.
ControlKind = Literal[
    "text",  # a string; may hold references and {{ }} templates
    "multiline",  # a longer string
    "number",
    "boolean",
    "choice",  # one of `choices`
    "dict",  # key/value pairs
    "list",
    "expression",  # JSONata
    "template",  # text whose {{ }} parts may be JSONata expressions (String Template)
    "reference",  # usually a $.… reference
]


@dataclass(frozen=True, slots=True)
class ControlSpec:
    name: str
    kind: ControlKind = "text"
    default: Any = ""
    help: str = ""
    choices: tuple[str, ...] = ()
    required: bool = False
    # Alternative spellings accepted on import (e.g. TaskSubType for TaskSubtype).
    aliases: tuple[str, ...] = ()
    # A choice control whose block reads its value whatever the case (an HTTP method: "post" is POST).
    ignore_case: bool = False
    # Bounds of a number control (control_kinds.py checks them), None when unbounded.
    minimum: float | None = None
    maximum: float | None = None


# Not frozen: a frozen dataclass costs three times as much to create, and one is made per step.
@dataclass(slots=True)
class BlockResult:
    outcome: str
    results: dict[str, Any] = field(default_factory=dict)
    # Set when the block failed: the message the run's error and the step's trace show.
    exception: str = ""

    @property
    def success(self) -> bool:
        return not self.exception


class RunContext(Protocol):
    """What a running block may use. The executor provides it; blocks never reach for globals."""

    payload: dict[str, Any]
    # Store-backed key/value properties (Set Property and friends).
    properties: Any
    # The CRM connector (crm/base.py) and the telephony connector (contacts/base.py).
    crm: Any
    telephony: Any
    # The contact this run is about, or None, and the agent.
    contact: Any
    agent: Any
    # Finds a named credential for SE_HttpRequest; None when whoever started the run gave no store.
    credential: CredentialLookup | None

    def warn(self, message: str) -> None: ...
    def log(self, level: str, message: str) -> None: ...
    def send_overlay_data(self, pairs: Mapping[str, Any]) -> None: ...
    def screenpop(self, pop: dict[str, Any]) -> None: ...
    def show_modal(self, title: str, message: str) -> None: ...
    async def http_request(self, **request: Any) -> Any: ...


# A block function gets the run context and its controls, already resolved (references replaced by
# values, templates rendered). Synchronous blocks return a BlockResult; blocks that wait are async.
SyncBlockFunc = Callable[[RunContext, dict[str, Any]], BlockResult]
AsyncBlockFunc = Callable[[RunContext, dict[str, Any]], Awaitable[BlockResult]]


@dataclass(frozen=True, slots=True)
class BlockSpec:
    type: str
    title: str
    category: str  # "Flow and data", "Contact and agent", "CRM", ...
    controls: tuple[ControlSpec, ...]
    outcomes: tuple[str, ...]
    results: tuple[str, ...]
    run: SyncBlockFunc | AsyncBlockFunc | None  # None for SE_Start / SE_End, which the executor handles
    is_async: bool = False
    help: str = ""
    # "crm" or "telephony" when the block needs that connector to support it.
    needs: str = ""
    # The block reads or changes the contact or the agent: after it, the run reads `$.contact` and
    # `$.agent` again so later blocks see what changed.
    refreshes_contact: bool = False

    def control(self, name: str) -> ControlSpec | None:
        for control in self.controls:
            if control.name == name or name in control.aliases:
                return control
        return None


class BlockRegistry:
    def __init__(self) -> None:
        self._specs: dict[str, BlockSpec] = {}

    def register(self, spec: BlockSpec) -> BlockSpec:
        if spec.type in self._specs:
            raise ValueError(f"block type {spec.type} is declared twice")
        self._specs[spec.type] = spec
        return spec

    def get(self, block_type: str) -> BlockSpec | None:
        return self._specs.get(block_type)

    def __contains__(self, block_type: object) -> bool:
        return block_type in self._specs

    def all(self) -> list[BlockSpec]:
        return list(self._specs.values())

    def by_category(self) -> dict[str, list[BlockSpec]]:
        grouped: dict[str, list[BlockSpec]] = {}
        for spec in self._specs.values():
            grouped.setdefault(spec.category, []).append(spec)
        return grouped
