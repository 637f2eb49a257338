"""Run stored flows: the use case the overlay (CTI actions), event dispatch and the command line share.

The thread that calls `run` — the GUI thread under qasync — never waits on the database. The runner owns
two worker threads for what touches it on a run's behalf:

- a reader, for the flow rows a run needs now, when the row cache (`rows`, see `services.flow_cache`)
  cannot answer;
- a writer, for what can wait (properties, the run's record, checking the cached rows), in the order it
  was asked, each job no sooner than `quiet_s` after it was asked for: a run's data is inserted and
  painted by the GUI thread right after the run, and Python code on another thread at that moment takes
  the interpreter lock from it for milliseconds.

The records of runs that end together (a hundred flows waiting on one server) are written together: one
statement and one commit for all (a third of the interpreter time of one by one), and one call back to
the loop that waits for them (under qasync, each call from another thread is an event the GUI thread
must take the interpreter lock for).

A CTI action's click runs its flow by id from the row cache, which the overlay keeps warm with
`keep_flows`, so the run starts without a round trip to the store; runs by name use it too. What a run
does for the agent is announced through core signals: the GUI turns them into Qt signals.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import Any

from sqlalchemy import Engine

from cti_desktop.domain.signals import Signal
from cti_desktop.flows.blocks import default_registry
from cti_desktop.flows.credentials import CredentialLookup
from cti_desktop.flows.document import FlowDocument
from cti_desktop.flows.executor import (
    DEFAULT_STEP_BUDGET,
    DEFAULT_TIME_LIMIT_S,
    DEFAULT_VALUE_LIMIT_MB,
    FlowExecutor,
    RunHandle,
)
from cti_desktop.flows.host_policy import HostPolicy
from cti_desktop.flows.registry import BlockRegistry
from cti_desktop.flows.results import RunResult
from cti_desktop.services.credentials import credential_lookup
from cti_desktop.services.flow_cache import DEFAULT_MAX_AGE_S, FlowDeleted, FlowRowCache, Stamp, stamp
from cti_desktop.services.quiet_writer import QuietWriter
from cti_desktop.store.flows import FlowNotFound, FlowRepository
from cti_desktop.store.models import FlowRow
from cti_desktop.store.properties import PropertyStore
from cti_desktop.store.runs import RunRepository

log = logging.getLogger(__name__)

__all__ = ["FlowDeleted", "FlowNotFound", "FlowRunner"]

# How long background store work waits once asked for, in the app: the GUI thread keeps the interpreter
# meanwhile, so a run's data is painted before its record is written. Elsewhere (the command line,
# benchmarks of the store) nothing is being painted, and the record is written at once.
GUI_QUIET_S = 0.012
# How often the cached flow rows are checked against the store while the event loop runs.
DEFAULT_CHECK_EVERY_S = 2.0
# Runs that start in one turn of the event loop beyond this many start in the next turn: starting a run
# costs the loop 50-100 µs, and a hundred started together (an event's flows, a burst of clicks) held up
# everything else on the GUI thread, a timer's tick or a paint, for 5-10 ms.
STARTS_PER_TURN = 16


class _SignalEvents:
    """Forwards one run's events to the runner's signals, tagged with the run's contact."""

    __slots__ = ("_contact_id", "_runner")

    def __init__(self, runner: FlowRunner, contact_id: str) -> None:
        self._runner = runner
        self._contact_id = contact_id

    def overlay_data(self, pairs: Mapping[str, Any]) -> None:
        self._runner.overlay_data_sent.emit(self._contact_id, dict(pairs))

    def screenpop(self, pop: dict[str, Any]) -> None:
        self._runner.screenpop_requested.emit(self._contact_id, pop)

    def modal(self, title: str, message: str) -> None:
        self._runner.modal_requested.emit(title, message)


class FlowRunner:
    def __init__(
        self,
        engine: Engine,
        *,
        crm: Any = None,
        telephony: Any = None,
        registry: BlockRegistry | None = None,
        properties: Any = None,
        record: bool = True,
        time_limit_s: float = DEFAULT_TIME_LIMIT_S,
        step_budget: int = DEFAULT_STEP_BUDGET,
        value_limit_mb: float = DEFAULT_VALUE_LIMIT_MB,
        http_allowed_hosts: Iterable[str] = (),
        quiet_s: float = 0.0,
        check_every_s: float = DEFAULT_CHECK_EVERY_S,
        max_row_age_s: float = DEFAULT_MAX_AGE_S,
        credentials: CredentialLookup | None = None,
    ) -> None:
        self.crm = crm
        # HTTP Request blocks find named credentials here: the OS credential store unless told otherwise.
        self.credentials = credentials if credentials is not None else credential_lookup()
        self.telephony = telephony
        self.record = record
        self.flows = FlowRepository(engine)
        self.runs = RunRepository(engine)
        self.rows = FlowRowCache(engine, max_age_s=max_row_age_s)
        self.check_every_s = check_every_s
        # How the rows are confirmed when no change feed pushes changes (see follow_pushed_changes).
        self._polling = (check_every_s, max_row_age_s)
        self._pushed = False
        self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cti-flow-read")
        self._worker = QuietWriter(quiet_s)
        self.properties = properties if properties is not None else PropertyStore(engine, writer=self._worker)
        self.executor = FlowExecutor(
            registry or default_registry(),
            time_limit_s=time_limit_s,
            step_budget=step_budget,
            value_limit_mb=value_limit_mb,
            http_hosts=HostPolicy.of(http_allowed_hosts),
        )
        # Parsed documents by flow id, with the stamp of the row they were parsed from.
        self._documents: dict[int, tuple[Stamp, FlowDocument]] = {}
        self._active: set[RunHandle] = set()
        self._check_timer: asyncio.TimerHandle | None = None
        self._check_loop: asyncio.AbstractEventLoop | None = None
        self._loading: dict[int | str, Future[FlowRow]] = {}
        self._checks_waiting: set[int] = set()
        self._closed = False
        # Finished runs whose records wait for the writer, and who waits for each (see _record).
        self._unrecorded: list[tuple[RunResult, asyncio.AbstractEventLoop, asyncio.Future[None]]] = []
        self._unrecorded_lock = threading.Lock()
        # Runs started in the current turn of each loop (see STARTS_PER_TURN).
        self._started: dict[asyncio.AbstractEventLoop, int] = {}

        self.overlay_data_sent: Signal[[str, dict[str, Any]]] = Signal()
        self.screenpop_requested: Signal[[str, dict[str, Any]]] = Signal()
        self.modal_requested: Signal[[str, str]] = Signal()
        self.run_finished: Signal[[RunResult]] = Signal()

    # -- the cached flow rows ---------------------------------------------------------------------------

    async def flow_row(self, flow: int | str) -> FlowRow:
        """The row of a flow by id or name: from the cache when it is fresh, else from the store
        (FlowDeleted, FlowNotFound when it no longer exists)."""
        return (await self._flow_row(flow))[0]

    async def _flow_row(self, flow: int | str) -> tuple[FlowRow, bool]:
        """The row, and whether it came from the cache (then it is checked after the run)."""
        row = self.rows.fresh(flow) if isinstance(flow, int) else self.rows.fresh_named(flow)
        self._start_checking()
        if row is not None:
            return row, True
        # Runs started together (an event's flows, a burst of clicks) share one read.
        loading = self._loading.get(flow)
        if loading is None:
            load: Callable[[Any], FlowRow] = self.rows.load if isinstance(flow, int) else self.rows.load_named
            loading = self._loading[flow] = self._reader.submit(load, flow)
            loading.add_done_callback(partial(self._loaded, flow))
        # Shielded: a run cancelled while it waits must not cancel the read the others wait on.
        return await asyncio.shield(asyncio.wrap_future(loading)), False

    def _loaded(self, flow: int | str, _future: Future[FlowRow]) -> None:
        self._loading.pop(flow, None)

    def keep_flows(self, flow_ids: Iterable[int]) -> None:
        """The flows that will be run by id soon (the overlay's actions): checked and loaded in the
        background now, and kept confirmed while the event loop runs."""
        self.rows.want(flow_ids)
        if self._has_loop():
            self.check_flows()
            self._start_checking()

    def follow_pushed_changes(self, pushed: bool) -> None:
        """While a change feed is live (PostgreSQL's), a cached row stays good until a change names it
        (`flows_changed`): no periodic check and no expiry. Without it, the rows are confirmed by polling
        as before. While the feed is down (server away) the cached rows go on serving calls."""
        self._pushed = pushed
        if pushed:
            self.check_every_s = 0
            self.rows.max_age_s = float("inf")
            if self._check_timer is not None:
                self._check_timer.cancel()
                self._check_timer = None
        else:
            self.check_every_s, self.rows.max_age_s = self._polling
            self._start_checking()

    def flows_changed(self, flow_ids: Iterable[int] | None, removed: bool = False) -> None:
        """Flows changed (here or on another seat): drop removed rows, reload changed ones in the
        background."""
        if removed and flow_ids is not None:
            for flow_id in flow_ids:
                self.rows.forget(flow_id)
            return
        self.check_flows(flow_ids)

    def check_flows(self, flow_ids: Iterable[int] | None = None) -> Future[Any] | None:
        """Check cached rows against the store in the background (see `FlowRowCache.check`)."""
        if self._closed:
            return None
        ids = list(flow_ids) if flow_ids is not None else None
        future = self._worker.submit(self.rows.check, ids)
        future.add_done_callback(_log_check_failure)
        return future

    def _check_after_run(self, flow_id: int) -> None:
        """Did the flow change while it was cached? The next run will know. One check per flow waits at a
        time: a hundred runs of one flow ask the store once."""
        if flow_id in self._checks_waiting or self._closed or self._pushed:
            return  # (pushed: a change to the flow says so itself)
        self._checks_waiting.add(flow_id)
        self._worker.submit(self._check_waiting, flow_id).add_done_callback(_log_check_failure)

    def _check_waiting(self, flow_id: int) -> Any:
        self._checks_waiting.discard(flow_id)
        return self.rows.check([flow_id])

    @staticmethod
    def _has_loop() -> bool:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return False
        return True

    def _start_checking(self) -> None:
        if self._closed or self.check_every_s <= 0 or not self._has_loop():
            return
        loop = asyncio.get_running_loop()
        # A timer of a loop that has ended (asyncio.run per command) never fires: start one on this loop.
        if self._check_timer is None or self._check_loop is not loop:
            self._check_loop = loop
            self._check_timer = loop.call_later(self.check_every_s, self._periodic_check)

    def _periodic_check(self) -> None:
        self._check_timer = None
        if self._closed:
            return
        # One check at a time: a store slower than the period does not pile checks up.
        if not self._worker.busy:
            self.check_flows()
        self._start_checking()

    def document(self, row: FlowRow) -> FlowDocument:
        """The parsed flow of a row, parsed again only when the row changed (see `flow_cache.stamp`)."""
        if row.id is None:
            return FlowRepository.document(row)
        cached = self._documents.get(row.id)
        if cached is not None and cached[0] == stamp(row):
            return cached[1]
        document = FlowRepository.document(row)
        self._documents[row.id] = (stamp(row), document)
        return document

    async def run(
        self,
        flow: str | int | FlowRow,
        *,
        payload: dict[str, Any] | None = None,
        contact: Any = None,
        agent: Any = None,
        trigger_kind: str = "manual",
        trigger_detail: str = "",
        sensitive_keys: Iterable[str] = (),
        handle: RunHandle | None = None,
    ) -> RunResult:
        """Run a stored flow (by name, id or row) and record it. Raises FlowNotFound for an unknown name
        (FlowDeleted for an id); everything that goes wrong inside the run is in the result."""
        if isinstance(flow, FlowRow):
            row, cached = flow, False
        else:
            row, cached = await self._flow_row(flow)
        if agent is None and self.telephony is not None:
            agent = getattr(self.telephony, "agent", None)
        contact_id = str(getattr(contact, "contactId", "") or "")
        handle = handle or RunHandle()
        self._active.add(handle)
        try:
            await self._take_turn()
            result = await self.executor.run(
                self.document(row),
                name=row.name,
                payload=payload if payload is not None else {},
                contact=contact,
                agent=agent,
                properties=self.properties,
                crm=self.crm,
                telephony=self.telephony,
                credentials=self.credentials,
                sensitive_keys=sensitive_keys,
                events=_SignalEvents(self, contact_id),
                handle=handle,
                trigger_kind=trigger_kind,
                trigger_detail=trigger_detail,
            )
        finally:
            self._active.discard(handle)
        result.flow_id = row.id
        if cached and row.id is not None:
            self._check_after_run(row.id)
        if self.record:
            try:
                await self._record(result)
            except Exception:
                # The run happened; a record that cannot be written must not make it look failed.
                log.exception("the run of flow %r could not be recorded", row.name)
        self.run_finished.emit(result)
        return result

    async def _take_turn(self) -> None:
        """Wait for a turn of the loop in which fewer than STARTS_PER_TURN runs have started."""
        loop = asyncio.get_running_loop()
        while True:
            started = self._started.get(loop, 0)
            if started < STARTS_PER_TURN:
                self._started[loop] = started + 1
                if not started:
                    # Runs after the callbacks already waiting, among them the runs that start in this turn.
                    loop.call_soon(self._started.pop, loop, None)
                return
            await asyncio.sleep(0)

    def _record(self, result: RunResult) -> asyncio.Future[None]:
        """Have the writer record the run with the others waiting then; the future is done once it is
        written (with the error if it could not be)."""
        loop = asyncio.get_running_loop()
        written: asyncio.Future[None] = loop.create_future()
        with self._unrecorded_lock:
            self._unrecorded.append((result, loop, written))
            first = len(self._unrecorded) == 1
        if first:
            try:
                self._worker.submit(self._record_waiting)
            except RuntimeError:  # the writer has stopped (closing)
                with self._unrecorded_lock:
                    self._unrecorded.clear()
                raise
        return written

    def _record_waiting(self) -> None:
        """On the writer: record every run waiting, in one transaction, and tell each waiting loop once."""
        with self._unrecorded_lock:
            waiting, self._unrecorded = self._unrecorded, []
        results = [result for result, _, _ in waiting]
        errors: list[Exception | None] = [None] * len(results)
        try:
            self.runs.record_many(results)
        except Exception:
            # One run that cannot be written must not cost the others their records.
            for index, result in enumerate(results):
                try:
                    self.runs.record(result)
                except Exception as exc:
                    errors[index] = exc
        by_loop: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[None], Exception | None]]] = {}
        for (_, loop, written), error in zip(waiting, errors, strict=True):
            by_loop.setdefault(loop, []).append((written, error))
        for loop, outcomes in by_loop.items():
            # A closed loop raises RuntimeError: nobody waits for these records any more.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(_written, outcomes)

    def settle(self, timeout: float | None = None) -> None:
        """Wait until the background work asked for so far (writes, records, checks) is done."""
        self._worker.submit(_nothing).result(timeout)

    def cancel_all(self, reason: str = "cancelled") -> int:
        """Cancel every run under way (e.g. the app is closing); returns how many there were."""
        handles = list(self._active)
        for handle in handles:
            handle.cancel(reason)
        return len(handles)

    def close(self) -> None:
        """Finish the pending database writes and stop the workers."""
        self._closed = True
        if self._check_timer is not None:
            self._check_timer.cancel()
            self._check_timer = None
        self._worker.hurry()
        flush = getattr(self.properties, "flush", None)
        if callable(flush):
            flush()
        self._worker.shutdown(wait=True)
        self._reader.shutdown(wait=True)


def _nothing() -> None:
    return None


def _written(outcomes: list[tuple[asyncio.Future[None], Exception | None]]) -> None:
    """On the loop that waits for the records."""
    for written, error in outcomes:
        if written.done():
            continue  # its run was cancelled meanwhile
        if error is None:
            written.set_result(None)
        else:
            written.set_exception(error)


def _log_check_failure(future: Future[Any]) -> None:
    error = None if future.cancelled() else future.exception()
    if error is not None:
        # The rows stay as they were and age out: a run past their age reads the store again.
        log.warning("the cached flows could not be checked: %s", error)
