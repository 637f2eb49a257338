"""Event dispatch: when a contact or the agent raises an event, run every active flow written for that
source and event (e.g. every active "voiceContact" / "onConnecting" flow when a call rings).

The telephony's signals are synchronous; each event becomes an asyncio task on the running loop, so the
connector (and the GUI thread under qasync) never waits for a flow. The flows of one event run
concurrently; each run is recorded by the runner.

Which flows an event runs can be kept in memory (`max_age_s` > 0, as the app does): a call raises half a
dozen events, most with no flow at all, and asking the store each time put a round trip to a worker
thread between an arriving call and its screen pop. The rules, as the flow row cache's
(`services.flow_cache`): an answer is served only while the store gave it less than `max_age_s` ago,
and asked again in the background once it is half that old, so a steady stream of calls never waits
for the store; `flows_changed()` (called for every flow change announced here or heard from another
seat) forgets every answer at once.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from cti_desktop.contacts.base import TelephonyConnector
from cti_desktop.contacts.model import Agent, Contact
from cti_desktop.flows.results import RunResult
from cti_desktop.services.flow_runner import FlowRunner
from cti_desktop.store.flows import FlowRepository
from cti_desktop.store.models import FlowRow

log = logging.getLogger(__name__)

AGENT_SOURCE = "agent"


EventKey = tuple[str, str]


class EventDispatcher:
    def __init__(
        self,
        flow_repository: FlowRepository,
        runner: FlowRunner,
        *,
        max_age_s: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._flows = flow_repository
        self._runner = runner
        self._tasks: set[asyncio.Task[list[RunResult]]] = set()
        self._telephony: TelephonyConnector | None = None
        self._max_age_s = max_age_s
        self._clock = clock
        # (source, event) -> (the active flows, when the store was asked); only with max_age_s > 0.
        self._active: dict[EventKey, tuple[list[FlowRow], float]] = {}
        # Bumped by flows_changed(): an answer asked for before a change is not kept.
        self._generation = 0
        self._refreshing: dict[EventKey, asyncio.Task[None]] = {}

    # -- which flows an event runs ----------------------------------------------------------------------

    def flows_changed(self, *_args: Any) -> None:
        """A flow was saved, (de)activated or deleted (here or by another seat): ask the store again."""
        self._generation += 1
        self._active.clear()

    async def _active_flows(self, source: str, event: str) -> list[FlowRow]:
        key = (source, event)
        cached = self._active.get(key)
        if cached is not None:
            rows, asked = cached
            age = self._clock() - asked
            if age < self._max_age_s:
                if age >= self._max_age_s / 2 and key not in self._refreshing:
                    task = asyncio.get_running_loop().create_task(self._refresh(key))
                    self._refreshing[key] = task
                    task.add_done_callback(partial(self._refreshed, key))
                return rows
        return await self._read(key)

    async def _read(self, key: EventKey) -> list[FlowRow]:
        generation, asked = self._generation, self._clock()
        # The lookup touches the database: off the loop's thread, as every store access of a run.
        rows: list[FlowRow] = await asyncio.to_thread(self._flows.list_active, *key)
        if self._max_age_s > 0 and generation == self._generation:
            self._active[key] = (rows, asked)
        return rows

    def _refreshed(self, key: EventKey, _task: asyncio.Task[None]) -> None:
        self._refreshing.pop(key, None)

    async def _refresh(self, key: EventKey) -> None:
        try:
            await self._read(key)
        except Exception:
            # The store is away: the answer ages out, and the next event asks (and reports) again.
            log.warning("the active flows for %s.%s could not be read", *key, exc_info=True)

    # -- running the flows of an event ----------------------------------------------------------------

    async def dispatch(
        self,
        source: str,
        event: str,
        payload: dict[str, Any] | None = None,
        contact: Contact | None = None,
        agent: Agent | None = None,
    ) -> list[RunResult]:
        """Run every active flow of this source and event; their results in the flows' order (by name).
        A flow whose run breaks down is logged and left out; the others still run."""
        rows = await self._active_flows(source, event)
        if not rows:
            return []
        detail = f"{source}.{event}"
        runs = [
            self._runner.run(
                row,
                payload=dict(payload or {}),
                contact=contact,
                agent=agent,
                trigger_kind="event",
                trigger_detail=detail,
            )
            for row in rows
        ]
        outcomes = await asyncio.gather(*runs, return_exceptions=True)
        results: list[RunResult] = []
        for row, outcome in zip(rows, outcomes, strict=True):
            if isinstance(outcome, BaseException):
                if isinstance(outcome, asyncio.CancelledError):
                    raise outcome
                log.error("flow %r for %s could not run", row.name, detail, exc_info=outcome)
            else:
                results.append(outcome)
        return results

    async def contact_event(self, source: str, event: str, contact: Contact) -> list[RunResult]:
        payload = {"source": source, "event": event, "contactId": contact.contactId}
        return await self.dispatch(source, event, payload, contact=contact)

    async def agent_event(self, event: str, agent: Agent) -> list[RunResult]:
        payload = {"source": AGENT_SOURCE, "event": event, "state": agent.state}
        return await self.dispatch(AGENT_SOURCE, event, payload, agent=agent)

    # -- listening to a telephony connector -----------------------------------------------------------

    def attach(self, telephony: TelephonyConnector) -> None:
        """Run flows for the connector's contact and agent events (one connector at a time)."""
        self.detach()
        self._telephony = telephony
        telephony.contact_event.connect(self._on_contact_event)
        telephony.agent_event.connect(self._on_agent_event)

    def detach(self) -> None:
        if self._telephony is not None:
            self._telephony.contact_event.disconnect(self._on_contact_event)
            self._telephony.agent_event.disconnect(self._on_agent_event)
            self._telephony = None

    async def wait_idle(self) -> None:
        """Wait until the flows of every event raised so far have finished (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def _on_contact_event(self, source: str, event: str, contact: Contact) -> None:
        self._schedule(self.contact_event(source, event, contact), f"{source}.{event}")

    def _on_agent_event(self, event: str, agent: Agent) -> None:
        self._schedule(self.agent_event(event, agent), f"{AGENT_SOURCE}.{event}")

    def _schedule(self, runs: Any, detail: str) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            runs.close()
            log.error("the flows for %s did not run: events are dispatched on a running event loop", detail)
            return
        task = loop.create_task(runs, name=f"flows for {detail}")
        # Keep a reference until done: the loop holds tasks only weakly.
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
