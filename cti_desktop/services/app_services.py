"""The app's services, built once at start-up and passed explicitly to whoever needs them (no globals).
The GUI and the self-test use this; the command line builds only what each command needs.

Every service that changes stored data announces on the one `changes` bus built here (see
`services.changes`): that is how a saved action reaches the overlay, the editor and the Flows window."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TypeAlias

from sqlalchemy import Engine

from cti_desktop.contacts.simulator import Simulator
from cti_desktop.crm.threaded import ThreadedCrm
from cti_desktop.flows.blocks.http import close_requester
from cti_desktop.services.actions import ActionService
from cti_desktop.services.changes import ChangeBus
from cti_desktop.services.crm_records import CrmRecords
from cti_desktop.services.event_dispatch import EventDispatcher
from cti_desktop.services.flow_runner import GUI_QUIET_S, FlowRunner
from cti_desktop.services.flows import FlowService
from cti_desktop.services.overlay import OverlayService
from cti_desktop.services.runs import RunHistory
from cti_desktop.services.telephony import build_telephony
from cti_desktop.settings import Settings
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

    @property
    def properties(self) -> object:
        return self.runner.properties

    async def aclose(self) -> None:
        """Stop what runs and let go of connections; call before the event loop ends."""
        cancelled = self.runner.cancel_all("the app is closing")
        if cancelled:
            log.info("cancelled %d running flow(s) on exit", cancelled)
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
        self.dispatcher.detach()
        self.overlay.close()
        self.runner.close()
        self.engine.dispose()


def build_services(settings: Settings, database_url: str, engine: Engine) -> AppServices:
    changes = ChangeBus()
    flows = FlowService(engine, changes)
    crm = CrmRecords(engine, changes, default_country=settings.default_country)
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
    dispatcher = EventDispatcher(FlowRepository(engine), runner)
    dispatcher.attach(telephony)
    actions = ActionService(engine, changes)
    overlay = OverlayService(engine, runner, telephony, actions, keep_data=settings.overlay_data_kept)
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
    )
