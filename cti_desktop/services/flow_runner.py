"""Run stored flows: the use case the overlay (CTI actions), event dispatch and the command line share.

The runner owns one worker thread for everything that touches SQLite on a run's behalf (reading the
flow row, writing properties, recording the run), so the thread that calls `run` — the GUI thread under
qasync — never waits on the database. What a run does for the agent is announced through core signals:
the GUI turns them into Qt signals.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import Engine

from cti_desktop.domain.signals import Signal
from cti_desktop.flows.blocks import default_registry
from cti_desktop.flows.document import FlowDocument
from cti_desktop.flows.executor import (
    DEFAULT_STEP_BUDGET,
    DEFAULT_TIME_LIMIT_S,
    FlowExecutor,
    RunHandle,
    RunResult,
)
from cti_desktop.flows.registry import BlockRegistry
from cti_desktop.store.flows import FlowNotFound, FlowRepository
from cti_desktop.store.models import FlowRow
from cti_desktop.store.properties import PropertyStore
from cti_desktop.store.runs import RunRepository

log = logging.getLogger(__name__)

T = TypeVar("T")

__all__ = ["FlowNotFound", "FlowRunner"]


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
    ) -> None:
        self.crm = crm
        self.telephony = telephony
        self.record = record
        self.flows = FlowRepository(engine)
        self.runs = RunRepository(engine)
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cti-flow-store")
        self.properties = properties if properties is not None else PropertyStore(engine, writer=self._worker)
        self.executor = FlowExecutor(
            registry or default_registry(), time_limit_s=time_limit_s, step_budget=step_budget
        )
        # Parsed documents by flow id, with the version they were parsed from.
        self._documents: dict[int, tuple[int, FlowDocument]] = {}
        self._active: set[RunHandle] = set()

        self.overlay_data_sent: Signal[[str, dict[str, Any]]] = Signal()
        self.screenpop_requested: Signal[[str, dict[str, Any]]] = Signal()
        self.modal_requested: Signal[[str, str]] = Signal()
        self.run_finished: Signal[[RunResult]] = Signal()

    async def _off_thread(self, function: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._worker, partial(function, *args))

    def document(self, row: FlowRow) -> FlowDocument:
        """The parsed flow of a row, parsed again only when its version changed."""
        if row.id is None:
            return FlowRepository.document(row)
        cached = self._documents.get(row.id)
        if cached is not None and cached[0] == row.version:
            return cached[1]
        document = FlowRepository.document(row)
        self._documents[row.id] = (row.version, document)
        return document

    async def run(
        self,
        flow: str | FlowRow,
        *,
        payload: dict[str, Any] | None = None,
        contact: Any = None,
        agent: Any = None,
        trigger_kind: str = "manual",
        trigger_detail: str = "",
        sensitive_keys: Iterable[str] = (),
        handle: RunHandle | None = None,
    ) -> RunResult:
        """Run a stored flow (by name or row) and record it. Raises FlowNotFound for an unknown name;
        everything that goes wrong inside the run is in the result."""
        row = await self._off_thread(self.flows.require, flow) if isinstance(flow, str) else flow
        if agent is None and self.telephony is not None:
            agent = getattr(self.telephony, "agent", None)
        contact_id = str(getattr(contact, "contactId", "") or "")
        handle = handle or RunHandle()
        self._active.add(handle)
        try:
            result = await self.executor.run(
                self.document(row),
                name=row.name,
                payload=payload if payload is not None else {},
                contact=contact,
                agent=agent,
                properties=self.properties,
                crm=self.crm,
                telephony=self.telephony,
                sensitive_keys=sensitive_keys,
                events=_SignalEvents(self, contact_id),
                handle=handle,
                trigger_kind=trigger_kind,
                trigger_detail=trigger_detail,
            )
        finally:
            self._active.discard(handle)
        result.flow_id = row.id
        if self.record:
            try:
                await self._off_thread(self.runs.record, result)
            except Exception:
                # The run happened; a record that cannot be written must not make it look failed.
                log.exception("the run of flow %r could not be recorded", row.name)
        self.run_finished.emit(result)
        return result

    def cancel_all(self, reason: str = "cancelled") -> int:
        """Cancel every run under way (e.g. the app is closing); returns how many there were."""
        handles = list(self._active)
        for handle in handles:
            handle.cancel(reason)
        return len(handles)

    def close(self) -> None:
        """Finish the pending database writes and stop the worker."""
        flush = getattr(self.properties, "flush", None)
        if callable(flush):
            flush()
        self._worker.shutdown(wait=True)
