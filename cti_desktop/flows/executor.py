"""The flow executor: pure asyncio, so the app runs it on qasync's loop and the command line on
`asyncio.run`.

A flow is compiled once (cached per document and revision) into blocks whose controls are precompiled
resolvers and whose ports point straight at the next block. The run loop calls synchronous blocks
directly and awaits only the asynchronous ones; nothing is parsed, copied or logged per step. How a run
ends follows docs/flows.md, "How a run ends": completed, failed, timed_out (time limit, steps) or cancelled.

Concurrent runs share the compiled flow (read-only) and the property store, nothing else.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import Awaitable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Protocol

from cti_desktop.domain.masking import Masker
from cti_desktop.flows.control_kinds import (
    REQUIRED_MESSAGE,
    checked_kinds,
    given_value,
    is_dynamic,
    is_missing,
    run_problems,
)
from cti_desktop.flows.credentials import CredentialLookup
from cti_desktop.flows.document import END_TYPE, START_TYPE, FlowDocument
from cti_desktop.flows.expressions import ExpressionLimitError
from cti_desktop.flows.host_policy import HostPolicy
from cti_desktop.flows.masking import MaskingProperties, mask_result, payload_masker
from cti_desktop.flows.properties import MemoryProperties
from cti_desktop.flows.references import Mode, Scope, compile_controls, mode_for_kind
from cti_desktop.flows.registry import BlockRegistry, BlockResult, BlockSpec, ControlSpec
from cti_desktop.flows.results import RunResult, RunStatus, StepTrace
from cti_desktop.flows.value_size import ValueLimitError, held_size

log = logging.getLogger(__name__)


DEFAULT_TIME_LIMIT_S: Final = 60.0
DEFAULT_STEP_BUDGET: Final = 10_000
# What the values of one run (its steps' results, its log) may hold in all: settings.run_value_limit_mb.
DEFAULT_VALUE_LIMIT_MB: Final = 10.0
MB: Final = 1024 * 1024
# Outcomes that end a run as completed when they are not connected; "failure" ends it as failed.
QUIET_OUTCOMES: Final = frozenset({"done", "success", "true", "false"})
# A long run of synchronous blocks lets the event loop breathe this often (and notices cancellation).
YIELD_EVERY: Final = 1000

# Block kinds, so the loop tests an int instead of comparing type names.
_NORMAL, _START, _END, _BROKEN = 0, 1, 2, 3
_DONE = BlockResult("done")
_NO_NOTES: tuple[str, ...] = ()
CHECKED_KINDS: Final = checked_kinds()


class RunEvents(Protocol):
    """What a run tells the outside world as it happens (the flow runner turns these into signals)."""

    def overlay_data(self, pairs: Mapping[str, Any]) -> None: ...
    def screenpop(self, pop: dict[str, Any]) -> None: ...
    def modal(self, title: str, message: str) -> None: ...


class RunWatcher(Protocol):
    """Follows a run block by block (the designer's test run): told before each block, and may pause the
    run there by returning an awaitable; told each block's resolved controls and each step as it is
    recorded. Runs without a watcher pay one test per step for this."""

    def before(self, block_id: str) -> Awaitable[None] | None: ...
    def resolved(self, block_id: str, controls: Mapping[str, Any]) -> None: ...
    def stepped(self, step: StepTrace) -> None: ...


class RunHandle:
    """Lets the GUI (or anything else) cancel a run. The run stops before its next block; a block that
    is waiting (a delay, an HTTP request) is interrupted."""

    __slots__ = ("_task", "_waiting", "cancelled", "reason")

    def __init__(self) -> None:
        self.cancelled = False
        self.reason = ""
        self._task: asyncio.Task[Any] | None = None
        # True only while the run awaits a block: then, and only then, its task is cancelled, so a
        # cancellation never reaches whoever awaited the run after it returned.
        self._waiting = False

    def cancel(self, reason: str = "cancelled") -> None:
        if self.cancelled:
            return
        self.cancelled = True
        self.reason = reason
        if self._waiting and self._task is not None and not self._task.done():
            self._task.cancel()


# ----------------------------------------------------------------------------------------------- compile


@dataclass(slots=True, eq=False)
class CompiledBlock:
    id: str
    type: str
    kind: int
    spec: BlockSpec | None
    run: Any
    is_async: bool
    resolve: Any  # (scope, warnings) -> controls dict
    # After this block the contact and agent seen as $.contact / $.agent are read again.
    refresh_people: bool
    needs: str
    problem: str = ""
    ports: dict[str, CompiledBlock] = field(default_factory=dict)
    dangling: dict[str, str] = field(default_factory=dict)
    # Checks the resolved controls the declaration could not check before the run: "" or the problems.
    check: Any = None


@dataclass(slots=True, eq=False)
class CompiledFlow:
    name: str
    start: CompiledBlock | None
    # Set when the flow cannot run at all (no or several SE_Start, duplicate ids).
    error: str
    blocks: dict[str, CompiledBlock]


def _resolve_nothing(scope: Scope, warnings: list[str]) -> dict[str, Any]:
    return {}


def _full_controls(spec: BlockSpec, controls: Mapping[str, Any]) -> dict[str, Any]:
    """The document's controls with the declared defaults filled in and aliases (TaskSubType) also
    given under the declared name, so blocks can index their controls directly."""
    full = {control.name: control.default for control in spec.controls}
    full.update(controls)
    for control in spec.controls:
        if control.name not in controls:
            for alias in control.aliases:
                if alias in controls:
                    full[control.name] = controls[alias]
                    break
    return full


def compile_flow(document: FlowDocument, registry: BlockRegistry, name: str = "") -> CompiledFlow:
    flow_name = name or document.name or ""
    blocks: dict[str, CompiledBlock] = {}
    duplicates: list[str] = []
    starts: list[CompiledBlock] = []
    for action in document.actions:
        if action.id in blocks:
            duplicates.append(action.id)
            continue
        block = _compile_block(action.id, action.type, action.controls, registry)
        blocks[action.id] = block
        if block.kind == _START:
            starts.append(block)
    for action in document.actions:
        block = blocks[action.id]
        if block.ports or block.dangling:
            continue  # a duplicate id: the first block keeps its ports
        for outcome, target in action.ports.items():
            if target in blocks:
                block.ports[outcome] = blocks[target]
            else:
                block.dangling[outcome] = target
    error = ""
    if duplicates:
        error = "the flow is invalid: " + ", ".join(
            f"the id '{d}' is used twice" for d in sorted(set(duplicates))
        )
    elif not starts:
        error = "the flow is invalid: it has no SE_Start block"
    elif len(starts) > 1:
        error = f"the flow is invalid: it has {len(starts)} SE_Start blocks; it needs exactly one"
    return CompiledFlow(flow_name, starts[0] if len(starts) == 1 else None, error, blocks)


def _compile_block(
    block_id: str, block_type: str, controls: Mapping[str, Any], registry: BlockRegistry
) -> CompiledBlock:
    spec = registry.get(block_type)
    if block_type == START_TYPE:
        return CompiledBlock(block_id, block_type, _START, spec, None, False, _resolve_nothing, False, "")
    if block_type == END_TYPE:
        return CompiledBlock(block_id, block_type, _END, spec, None, False, _resolve_nothing, False, "")
    if spec is None or spec.run is None:
        problem = f"unknown block type '{block_type}'" if spec is None else f"{block_type} cannot be run"
        return CompiledBlock(
            block_id, block_type, _BROKEN, spec, None, False, _resolve_nothing, False, "", problem
        )
    modes = {control.name: mode_for_kind(control.kind) for control in spec.controls}
    for control in spec.controls:
        for alias in control.aliases:
            modes[alias] = modes[control.name]
    full = _full_controls(spec, controls)
    problems, check = _control_checks(spec, controls, full, modes)
    if problems:
        # The declaration refuses what the flow holds: the run fails at this block (docs/flows.md's ending
        # rules then apply, as for any failure).
        return CompiledBlock(
            block_id, block_type, _BROKEN, spec, None, False, _resolve_nothing, False, "", "; ".join(problems)
        )
    return CompiledBlock(
        block_id,
        block_type,
        _NORMAL,
        spec,
        spec.run,
        spec.is_async,
        compile_controls(full, modes),
        spec.refreshes_contact,
        spec.needs,
        check=check,
    )


def _control_checks(
    spec: BlockSpec, given: Mapping[str, Any], full: Mapping[str, Any], modes: Mapping[str, Mode]
) -> tuple[list[str], Any]:
    """The problems the declaration finds in the flow's controls now (a required control missing, a
    literal the kind refuses), and a check of the controls that only a run resolves (None if none)."""
    problems: list[str] = []
    later: list[ControlSpec] = []
    for control in spec.controls:
        value = given_value(control, given)
        if control.required and is_missing(value):
            problems.append(f"control '{control.name}': {REQUIRED_MESSAGE}")
            continue
        if control.kind not in CHECKED_KINDS:
            continue
        if is_dynamic(full[control.name], modes[control.name]):
            later.append(control)
        else:
            problems.extend(
                f"control '{control.name}': {p}" for p in run_problems(control, full[control.name])
            )
    if not later:
        return problems, None
    checked = tuple(later)

    def check(controls: Mapping[str, Any]) -> str:
        found = [
            f"control '{control.name}': {problem}"
            for control in checked
            for problem in run_problems(control, controls[control.name])
        ]
        return "; ".join(found)

    return problems, check


# ------------------------------------------------------------------------------------------------- run


class _Context:
    """The RunContext blocks get: this run's inputs, connectors and the ways to report what happens."""

    __slots__ = (
        "_events",
        "_masker",
        "_result",
        "_warnings",
        "agent",
        "contact",
        "credential",
        "crm",
        "held",
        "http_hosts",
        "payload",
        "properties",
        "telephony",
        "value_limit",
    )

    def __init__(
        self,
        payload: dict[str, Any],
        properties: Any,
        crm: Any,
        telephony: Any,
        contact: Any,
        agent: Any,
        result: RunResult,
        events: RunEvents | None,
        credential: CredentialLookup | None = None,
        http_hosts: HostPolicy | None = None,
        masker: Masker | None = None,
    ) -> None:
        self.payload = payload
        self.properties = properties
        self.crm = crm
        self.telephony = telephony
        self.contact = contact
        self.agent = agent
        self.credential = credential
        self._result = result
        self._events = events
        self._warnings: list[str] = []
        # The hosts SE_HttpRequest may reach (flows/host_policy.py).
        self.http_hosts = http_hosts
        # Hides sensitive form values (and what is derived from them) in what leaves the run as it goes.
        self._masker = masker
        # Roughly how many bytes the run's values hold, and how many they may (see _loop).
        self.held = 0
        self.value_limit = int(DEFAULT_VALUE_LIMIT_MB * MB)

    def warn(self, message: str) -> None:
        self._warnings.append(message)

    def log(self, level: str, message: str) -> None:
        if self._masker is not None:
            message = self._masker.text(message)
        self.held += len(message)
        if self.held > self.value_limit:
            raise ValueLimitError(_too_much(len(message), self.held, self.value_limit))
        self._result.log.append({"level": level, "message": message})
        python_level = logging.WARNING if level == "warn" else logging.getLevelName(level.upper())
        if not isinstance(python_level, int):
            python_level = logging.INFO
        if log.isEnabledFor(python_level):
            log.log(python_level, "flow %s: %s", self._result.flow, message)

    def send_overlay_data(self, pairs: Mapping[str, Any]) -> None:
        self._result.overlay_data.extend({"key": str(key), "value": value} for key, value in pairs.items())
        if self._events is not None:
            self._events.overlay_data(pairs)

    def screenpop(self, pop: dict[str, Any]) -> None:
        self._result.screenpops.append(pop)
        if self._events is not None:
            self._events.screenpop(pop)

    def show_modal(self, title: str, message: str) -> None:
        self._result.modals.append({"title": title, "message": message})
        if self._events is not None:
            self._events.modal(title, message)

    async def http_request(self, **request: Any) -> Any:
        raise RuntimeError("HTTP requests are made by the SE_HttpRequest block, not through the context")


def _people_scope(person: Any) -> dict[str, Any] | None:
    if person is None:
        return None
    if isinstance(person, Mapping):
        return dict(person)
    scope = getattr(person, "scope", None)
    if callable(scope):
        result = scope()
        return dict(result) if isinstance(result, Mapping) else None
    return None


class FlowExecutor:
    def __init__(
        self,
        registry: BlockRegistry,
        *,
        time_limit_s: float = DEFAULT_TIME_LIMIT_S,
        step_budget: int = DEFAULT_STEP_BUDGET,
        value_limit_mb: float = DEFAULT_VALUE_LIMIT_MB,
        http_hosts: HostPolicy | None = None,
    ) -> None:
        self.registry = registry
        self.time_limit_s = time_limit_s
        self.step_budget = step_budget
        self.value_limit_mb = value_limit_mb
        self.http_hosts = http_hosts
        self._compiled: weakref.WeakKeyDictionary[FlowDocument, tuple[int, str, CompiledFlow]] = (
            weakref.WeakKeyDictionary()
        )

    def compile(self, document: FlowDocument, name: str = "") -> CompiledFlow:
        """The compiled flow, from the cache while the document is unchanged."""
        cached = self._compiled.get(document)
        if cached is not None and cached[0] == document.revision and cached[1] == name:
            return cached[2]
        compiled = compile_flow(document, self.registry, name)
        self._compiled[document] = (document.revision, name, compiled)
        return compiled

    def start(
        self, flow: FlowDocument | CompiledFlow, **options: Any
    ) -> tuple[RunHandle, asyncio.Task[RunResult]]:
        """Run in a new task; the handle cancels it."""
        handle = RunHandle()
        task = asyncio.get_running_loop().create_task(self.run(flow, handle=handle, **options))
        return handle, task

    async def run(
        self,
        flow: FlowDocument | CompiledFlow,
        *,
        payload: dict[str, Any] | None = None,
        contact: Any = None,
        agent: Any = None,
        properties: Any = None,
        crm: Any = None,
        telephony: Any = None,
        credentials: CredentialLookup | None = None,
        sensitive_keys: Iterable[str] = (),
        events: RunEvents | None = None,
        handle: RunHandle | None = None,
        name: str = "",
        trigger_kind: str = "manual",
        trigger_detail: str = "",
        time_limit_s: float | None = None,
        step_budget: int | None = None,
        value_limit_mb: float | None = None,
        watcher: RunWatcher | None = None,
    ) -> RunResult:
        compiled = flow if isinstance(flow, CompiledFlow) else self.compile(flow, name)
        payload = payload if payload is not None else {}
        properties = properties if properties is not None else MemoryProperties()
        handle = handle if handle is not None else RunHandle()
        if handle._task is None:
            handle._task = asyncio.current_task()
        result = RunResult(name or compiled.name, trigger_kind=trigger_kind, trigger_detail=trigger_detail)
        contact_scope = _people_scope(contact)
        agent_scope = _people_scope(agent)
        scope: dict[str, Any] = {
            "payload": payload,
            "contact": contact_scope if contact_scope is not None else {},
            "agent": agent_scope if agent_scope is not None else {},
            "actions": {},
            "properties": getattr(properties, "values", {}),
        }
        masker = payload_masker(payload, sensitive_keys) if sensitive_keys else None
        if masker is not None:
            # What the run stores as properties is masked as it is stored (scope still reads its values).
            properties = MaskingProperties(properties, masker)
        context = _Context(
            payload,
            properties,
            crm,
            telephony,
            contact,
            agent,
            result,
            events,
            credentials,
            self.http_hosts,
            masker,
        )
        limit_mb = self.value_limit_mb if value_limit_mb is None else value_limit_mb
        context.value_limit = int(limit_mb * MB)
        started = time.perf_counter_ns()
        limit_s = self.time_limit_s if time_limit_s is None else time_limit_s
        try:
            if compiled.error or compiled.start is None:
                result.status, result.error = RunStatus.FAILED, compiled.error
            else:
                await self._loop(
                    compiled.start,
                    scope,
                    context,
                    result,
                    handle,
                    started + int(limit_s * 1e9),
                    self.step_budget if step_budget is None else step_budget,
                    context.value_limit,
                    watcher,
                )
        finally:
            result.duration_ms = (time.perf_counter_ns() - started) / 1e6
        self._finish(
            result, scope, contact, properties, contact_scope, agent_scope, masker, context._warnings
        )
        return result

    async def _loop(
        self,
        block: CompiledBlock,
        scope: dict[str, Any],
        context: _Context,
        result: RunResult,
        handle: RunHandle,
        deadline: int,
        budget: int,
        value_limit: int,
        watcher: RunWatcher | None = None,
    ) -> None:
        actions = scope["actions"]
        steps = result.steps
        append = steps.append
        clock = time.perf_counter_ns
        # One list of warnings for the whole run; a step keeps the slice it added (most add none).
        notes = context._warnings
        count = 0
        breathe = YIELD_EVERY
        began = clock()
        mark = 0
        try:
            while True:
                count += 1
                if count > budget:
                    result.status = RunStatus.TIMED_OUT
                    result.error = (
                        f"the run stopped after {budget} steps (its step budget) before block '{block.id}'; "
                        "a loop in the flow may never end"
                    )
                    return
                if handle.cancelled:
                    self._cancelled(result, handle, block)
                    return
                if count == breathe:
                    breathe += YIELD_EVERY
                    await asyncio.sleep(0)
                    began = clock()
                mark = len(notes)
                if watcher is not None:
                    paused = watcher.before(block.id)
                    if paused is not None:
                        # A pause (a breakpoint) counts against neither the time limit nor the step.
                        stopped = clock()
                        handle._waiting = True
                        try:
                            await paused
                        finally:
                            handle._waiting = False
                        if handle.cancelled:
                            self._cancelled(result, handle, block)
                            return
                        waited = clock() - stopped
                        deadline += waited
                        began += waited
                if began > deadline:
                    self._timed_out(result, block)
                    return
                kind = block.kind
                if kind == _NORMAL:
                    try:
                        controls = block.resolve(scope, notes)
                        if watcher is not None:
                            watcher.resolved(block.id, controls)
                        refused = block.check(controls) if block.check is not None else ""
                        if refused:
                            outcome = BlockResult("failure", {}, refused)
                        elif block.needs and not _supported(block, context):
                            outcome = _unsupported(block)
                        elif block.is_async:
                            handle._waiting = True
                            try:
                                outcome = await _wait(block.run(context, controls), deadline, began)
                            finally:
                                handle._waiting = False
                        else:
                            outcome = block.run(context, controls)
                    except _TimeLimitReached:
                        raise
                    except (ExpressionLimitError, ValueLimitError) as exc:
                        outcome = BlockResult("failure", {}, str(exc))
                    except Exception as exc:
                        outcome = BlockResult("failure", {}, f"{type(exc).__name__}: {exc}")
                    if block.refresh_people:
                        _refresh_people(scope, context)
                elif kind == _START:
                    outcome = _DONE
                elif kind == _END:
                    now = clock()
                    append(StepTrace(block.id, block.type, "", True, {}, "", (now - began) / 1e6, _NO_NOTES))
                    result.status = RunStatus.COMPLETED
                    if watcher is not None:
                        watcher.stepped(steps[-1])
                    return
                else:
                    outcome = BlockResult("failure", {}, block.problem)
                name = outcome.outcome
                exception = outcome.exception
                results = outcome.results
                if results:
                    # Most results are a text or two: counted here; anything else only up to the limit, so
                    # a huge value costs no more than the limit.
                    size = 0
                    for value in results.values():
                        size += len(value) if type(value) is str else held_size(value, value_limit)
                    context.held += size
                    if context.held > value_limit:
                        name, results = "failure", {}
                        exception = _too_much(size, context.held, value_limit)
                if name == "failure" and not exception:
                    exception = "the block failed"
                success = not exception
                now = clock()
                step = StepTrace(
                    block.id,
                    block.type,
                    name,
                    success,
                    results,
                    exception,
                    (now - began) / 1e6,
                    _NO_NOTES if len(notes) == mark else tuple(notes[mark:]),
                )
                append(step)
                actions[block.id] = step
                if watcher is not None:
                    watcher.stepped(step)
                began = now
                following = block.ports.get(name)
                if following is None:
                    self._ended(result, block, name, exception)
                    return
                block = following
        except _TimeLimitReached:
            append(
                StepTrace(block.id, block.type, "", False, {}, "time limit reached", 0.0, tuple(notes[mark:]))
            )
            self._timed_out(result, block)
        except asyncio.CancelledError:
            if not handle.cancelled:
                raise
            task = asyncio.current_task()
            if task is not None:
                task.uncancel()
            append(StepTrace(block.id, block.type, "", False, {}, "cancelled", 0.0, tuple(notes[mark:])))
            self._cancelled(result, handle, block)

    def _ended(self, result: RunResult, block: CompiledBlock, outcome: str, exception: str) -> None:
        """The rules of docs/flows.md ("How a run ends") for an outcome that is not connected."""
        label = f"block '{block.id}' ({block.type})"
        target = block.dangling.get(outcome)
        where = f" (its port points at '{target}', which is not in the flow)" if target else ""
        if outcome in QUIET_OUTCOMES and not exception:
            result.status = RunStatus.COMPLETED
            result.warnings.append(
                f"{label}: the '{outcome}' outcome is not connected{where}; the run ends here"
            )
            return
        result.status = RunStatus.FAILED
        if outcome == "failure" or exception:
            result.error = f"{label} failed: {exception}{where}"
        else:
            result.error = f"{label} returned the outcome '{outcome}', which is not connected{where}"

    @staticmethod
    def _timed_out(result: RunResult, block: CompiledBlock) -> None:
        result.status = RunStatus.TIMED_OUT
        result.error = f"the run reached its time limit at block '{block.id}' ({block.type})"

    @staticmethod
    def _cancelled(result: RunResult, handle: RunHandle, block: CompiledBlock) -> None:
        result.status = RunStatus.CANCELLED
        reason = f": {handle.reason}" if handle.reason and handle.reason != "cancelled" else ""
        result.error = f"the run was cancelled at block '{block.id}' ({block.type}){reason}"

    @staticmethod
    def _finish(
        result: RunResult,
        scope: dict[str, Any],
        contact: Any,
        properties: Any,
        contact_scope: dict[str, Any] | None,
        agent_scope: dict[str, Any] | None,
        masker: Masker | None,
        notes: list[str],
    ) -> None:
        if notes:
            result.warnings[:0] = [
                f"block '{step.id}': {warning}" for step in result.steps for warning in step.warnings
            ]
        result.contact = _people_scope(contact)
        values = getattr(properties, "values", None)  # (a MaskingProperties gives the masked ones)
        result.properties = dict(values) if isinstance(values, Mapping) else {}
        result.inputs = {"payload": scope["payload"], "contact": contact_scope, "agent": agent_scope}
        if masker is not None:
            mask_result(masker, result)


def _too_much(size: int, held: int, limit: int) -> str:
    """Why the block fails at the value limit, in MB (docs/flows.md, "Limits")."""
    allowed = f"more than the {limit / MB:g} MB a run may hold (setting run_value_limit_mb)"
    if size > limit:
        return f"it built a value of {size / MB:.1f} MB, {allowed}"
    return f"the values of this run came to {held / MB:.1f} MB with this block's, {allowed}"


class _TimeLimitReached(Exception):
    """The run's time limit ran out while an asynchronous block was waiting."""


async def _wait(awaitable: Any, deadline: int, now: int) -> BlockResult:
    limit = asyncio.timeout(max((deadline - now) / 1e9, 0))
    try:
        async with limit:
            result: BlockResult = await awaitable
    except TimeoutError:
        # The block's own timeouts (an HTTP request's, say) are its failures, not the run's time limit.
        if limit.expired():
            raise _TimeLimitReached from None
        raise
    return result


def _supported(block: CompiledBlock, context: _Context) -> bool:
    connector = context.crm if block.needs == "crm" else context.telephony
    if connector is None:
        return False
    supports = getattr(connector, "supports", None)
    return supports is None or bool(supports(block.type))


def _unsupported(block: CompiledBlock) -> BlockResult:
    what = "CRM" if block.needs == "crm" else "telephony" if block.needs == "telephony" else block.needs
    return BlockResult("failure", {}, f"{block.type} is not supported by the configured {what} connector")


def _refresh_people(scope: dict[str, Any], context: _Context) -> None:
    contact = _people_scope(context.contact)
    if contact is not None:
        scope["contact"] = contact
    agent = _people_scope(context.agent)
    if agent is not None:
        scope["agent"] = agent
