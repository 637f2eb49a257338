"""The app's services, built once at start-up and passed explicitly to whoever needs them (no globals).
The GUI and the self-test use this; the command line builds only what each command needs.

Every service that changes stored data announces on the one `changes` bus built here (see
`services.changes`): that is how a saved action reaches the overlay, the editor and the Flows window."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from functools import partial
from typing import TypeAlias

from sqlalchemy import Engine

from cti_desktop.contacts.simulator import Simulator
from cti_desktop.crm.threaded import ThreadedCrm
from cti_desktop.flows.blocks.http import close_requester
from cti_desktop.services.actions import ActionService
from cti_desktop.services.changes import Change, ChangeBus, ChangeKind
from cti_desktop.services.crm_records import CrmRecords
from cti_desktop.services.event_dispatch import EventDispatcher
from cti_desktop.services.flow_cache import DEFAULT_MAX_AGE_S
from cti_desktop.services.flow_runner import GUI_QUIET_S, FlowRunner
from cti_desktop.services.flows import FlowService
from cti_desktop.services.live_changes import LiveChanges
from cti_desktop.services.offline_seat import FallbackCrm, FallbackDrafts, FallbackRuns, OfflineSeat
from cti_desktop.services.overlay import OverlayService
from cti_desktop.services.runs import RunHistory
from cti_desktop.services.telephony import build_telephony
from cti_desktop.settings import Settings
from cti_desktop.store.database import DEFAULT_SERVER_OPTIONS, ServerOptions
from cti_desktop.store.flows import FlowRepository

log = logging.getLogger(__name__)

# The store's engine, named here so that callers above the services need not import SQLAlchemy.
StoreEngine: TypeAlias = Engine


@dataclass
class AppServices:
    settings: Settings
    database_url: str
    engine: Engine
    changes: ChangeBus
    flows: FlowService
    crm: CrmRecords
    runs: RunHistory
    telephony: Simulator
    runner: FlowRunner
    dispatcher: EventDispatcher
    actions: ActionService
    overlay: OverlayService
    # Follows what other seats change: the GUI runs it on its loop (`await live.run()`).
    live: LiveChanges
    # On a shared server: the seat's copy for when the server is away (None on SQLite).
    seat: OfflineSeat | None = None

    def editing_refusal(self) -> str | None:
        """Why actions and flows cannot be edited now (working from the seat's copy), or None."""
        return self.seat.editing_refusal() if self.seat is not None else None

    @property
    def properties(self) -> object:
        return self.runner.properties

    async def aclose(self) -> None:
        """Stop what runs and let go of connections; call before the event loop ends."""
        cancelled = self.runner.cancel_all("the app is closing")
        if cancelled:
            log.info("cancelled %d running flow(s) on exit", cancelled)
        await self.live.stop()
        await self.dispatcher.wait_idle()
        await close_requester()
        stop_phone = getattr(self.telephony, "aclose", None)
        if stop_phone is not None:
            await stop_phone()  # the SIP phone hangs up and unregisters

    def start_telephony(self, loop: asyncio.AbstractEventLoop) -> None:
        """Start a connector that talks to the network (the SIP phone) on the app's loop."""
        start = getattr(self.telephony, "start", None)
        if start is not None:
            start(loop)

    def close(self) -> None:
        self.live.close()
        self.dispatcher.detach()
        self.overlay.close()
        self.runner.close()
        if self.seat is not None:
            self.seat.close()
        self.engine.dispose()


def _refresh_cached_flows(runner: FlowRunner, dispatcher: EventDispatcher, change: Change) -> None:
    if change.kind == ChangeKind.FLOW:
        runner.flows_changed([int(i) for i in change.ids] if change.ids else None, change.removed)
    if change.kind in (ChangeKind.FLOW, ChangeKind.FLOW_SOURCE):
        dispatcher.flows_changed()


def build_services(
    settings: Settings,
    database_url: str,
    engine: Engine,
    options: ServerOptions = DEFAULT_SERVER_OPTIONS,
    *,
    seat: OfflineSeat | None = None,
) -> AppServices:
    changes = ChangeBus()
    refusal = seat.editing_refusal if seat is not None else None
    # On a shared server that may go away during a shift, what the seat makes meanwhile (runs, drafts,
    # new CRM records) goes into its copy, and is sent when the server is back.
    falls_back = seat is not None and not seat.serving_from_cache
    flows = FlowService(engine, changes, editing_refusal=refusal)
    crm = (
        FallbackCrm(engine, seat, changes, settings.default_country)
        if falls_back and seat is not None
        else CrmRecords(engine, changes, default_country=settings.default_country)
    )
    telephony = build_telephony(settings)
    runner = FlowRunner(
        engine,
        # Flows run on the GUI's loop: their CRM lookups go to a worker thread so the overlay never waits.
        crm=ThreadedCrm(crm),
        telephony=telephony,
        time_limit_s=settings.run_time_limit_s,
        step_budget=settings.run_step_budget,
        value_limit_mb=settings.run_value_limit_mb,
        http_allowed_hosts=settings.http_allowed_hosts,
        quiet_s=GUI_QUIET_S,
    )
    dispatcher = EventDispatcher(FlowRepository(engine), runner, max_age_s=DEFAULT_MAX_AGE_S)
    dispatcher.attach(telephony)
    actions = ActionService(engine, changes, editing_refusal=refusal)
    overlay = OverlayService(
        engine,
        runner,
        telephony,
        actions,
        keep_data=settings.overlay_data_kept,
        drafts=FallbackDrafts(engine, seat) if falls_back and seat is not None else None,
    )
    # A flow saved here or elsewhere is reloaded into the runner's cache (and event dispatch asks again
    # which flows an event runs); once another seat's changes are
    # pushed as they happen, the cache stops polling the store.
    changes.changed.connect(partial(_refresh_cached_flows, runner, dispatcher))
    live = LiveChanges(engine, database_url, changes, options=options, seat=seat)
    live.push_started.connect(partial(runner.follow_pushed_changes, True))
    if falls_back and seat is not None:
        # The copy follows every change.
        runner.runs = FallbackRuns(engine, seat)
        changes.changed.connect(seat.changed)
    return AppServices(
        settings=settings,
        database_url=database_url,
        engine=engine,
        changes=changes,
        flows=flows,
        crm=crm,
        runs=RunHistory(engine),
        telephony=telephony,
        runner=runner,
        dispatcher=dispatcher,
        actions=actions,
        overlay=overlay,
        live=live,
        seat=seat,
    )
