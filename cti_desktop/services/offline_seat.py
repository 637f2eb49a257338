"""A seat on a shared server that keeps serving calls when the server is away.

- While the server is reachable, the seat's copy (`store.seat_cache`) is refreshed after every change to
  actions, flows, flow sources or properties, here or elsewhere (a second or so later, on a thread).
- If the server cannot be reached at start, the app runs on the copy: editing actions and flows is
  refused in words (`editing_refusal`), the rest works; what the seat records goes into the copy.
- If the server goes away during a shift, the app goes on with the flows it holds, and the runs it
  records go into the copy instead (`FallbackRuns`).
- When the server is back, `back_online` sends what was queued, oldest first, exactly once.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from cti_desktop import paths
from cti_desktop.crm.base import CrmRecord
from cti_desktop.flows.results import RunResult
from cti_desktop.services.changes import Change, ChangeBus, ChangeKind
from cti_desktop.services.crm_records import CrmRecords
from cti_desktop.store.crm import LocalCrm
from cti_desktop.store.database import DEFAULT_SERVER_OPTIONS, ServerOptions, make_engine
from cti_desktop.store.drafts import DraftRepository
from cti_desktop.store.runs import RunRepository
from cti_desktop.store.seat_cache import Queued, SeatCache

log = logging.getLogger(__name__)

# Changes of these kinds change what the copy holds.
COPIED_KINDS = frozenset({ChangeKind.ACTION, ChangeKind.FLOW, ChangeKind.FLOW_SOURCE, ChangeKind.PROPERTY})
REFRESH_AFTER_S = 1.0


def cache_path(configured: str, url: str) -> Path:
    """Where the seat keeps its copy: the `cache_path` setting, or the user's data folder, one file per
    server and database (a seat pointed elsewhere never serves another database's copy)."""
    if configured:
        return Path(configured).expanduser()
    where = make_url(url).set(password=None).render_as_string(hide_password=True)
    digest = hashlib.sha256(where.encode()).hexdigest()[:12]
    return paths.data_dir() / f"seat-cache-{digest}.db"


def is_unreachable(exc: BaseException) -> bool:
    """The server could not be reached (or refused the connection), rather than something being wrong
    with the data: the case the copy is for."""
    for error in (exc, exc.__cause__):  # a StoreError says in words what its cause was
        if isinstance(error, OperationalError | ConnectionError | TimeoutError):
            return True
        if isinstance(error, DBAPIError) and error.connection_invalidated:
            return True
    return False


class OfflineSeat:
    def __init__(
        self,
        cache: SeatCache,
        url: str,
        *,
        server: Engine | None,
        options: ServerOptions = DEFAULT_SERVER_OPTIONS,
        refresh_after_s: float = REFRESH_AFTER_S,
    ) -> None:
        self.cache = cache
        self._url = url
        self._options = options
        self._server = server
        # Started without the server: the app's services run on the copy until the next start.
        self.serving_from_cache = server is None
        self._refresh_after_s = refresh_after_s
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cti-seat-cache")
        self._refresh_waiting = threading.Event()
        self._closed = False

    # -- words ---------------------------------------------------------------------------------------------

    def copied_at_text(self) -> str:
        copied = self.cache.copied_at()
        return copied.astimezone().strftime("%H:%M") if copied is not None else "(none)"

    def offline_text(self) -> str:
        return f"Offline: working from the copy of {self.copied_at_text()}"

    def editing_refusal(self) -> str | None:
        """Why actions and flows cannot be edited now, or None when they can."""
        if not self.serving_from_cache:
            return None
        return (
            "Actions and flows cannot be changed while this seat works from its copy of "
            f"{self.copied_at_text()}: the shared database could not be reached when CTI Desktop started. "
            "Restart CTI Desktop once it is back."
        )

    # -- the copy ------------------------------------------------------------------------------------------

    def server(self) -> Engine:
        if self._server is None:
            self._server = make_engine(self._url, self._options)
        return self._server

    def changed(self, change: Change) -> None:
        """A change was announced (here or elsewhere): refresh the copy a moment later, once for a burst."""
        if self._closed or self.serving_from_cache or change.kind not in COPIED_KINDS:
            return
        if self._refresh_waiting.is_set():
            return
        self._refresh_waiting.set()
        self._worker.submit(self._refresh_after_a_moment)

    def _refresh_after_a_moment(self) -> None:
        time.sleep(self._refresh_after_s)
        self._refresh_waiting.clear()
        self.refresh()

    def refresh(self) -> bool:
        """Take a fresh copy now (a worker thread); False when the server cannot be read."""
        if self._closed:
            return False
        try:
            self.cache.refresh_from(self.server())
        except Exception as exc:  # the server went away meanwhile: the copy stays as it was
            log.info("the seat's copy was not refreshed: %s", exc)
            return False
        return True

    def back_online(self) -> Queued:
        """The server is reachable again (a worker thread): send what was queued, then refresh the copy."""
        sent = self.cache.send_to(self.server()) if self.cache.queued() else Queued()
        if sent:
            log.info("sent what this seat made offline: %s", sent.describe())
        self.refresh()
        return sent

    def close(self) -> None:
        self._closed = True
        self._worker.shutdown(wait=False, cancel_futures=True)
        if self._server is not None and not self.serving_from_cache:
            self._server = None  # the app's own engine: the app disposes it
        elif self._server is not None:
            self._server.dispose()
        self.cache.close()


def _fall_back(exc: BaseException, what: str) -> None:
    """Re-raise unless the server cannot be reached (then say what goes into the copy instead)."""
    if not is_unreachable(exc):
        raise exc
    log.warning("the server cannot be reached: %s kept in the seat's copy", what)


class FallbackDrafts(DraftRepository):
    """Form drafts go to the server; while it cannot be reached, into the seat's copy (sent later)."""

    def __init__(self, engine: Engine, seat: OfflineSeat) -> None:
        super().__init__(engine)
        self._seat = seat

    def save(self, action_id: int, contact_id: str, values: Mapping[str, Any]) -> None:
        try:
            super().save(action_id, contact_id, values)
        except DBAPIError as exc:
            _fall_back(exc, "a form draft")
            DraftRepository(self._seat.cache.engine()).save(action_id, contact_id, values)


class FallbackCrm(CrmRecords):
    """CRM records made while the server cannot be reached go into the seat's copy (sent later); reading
    and changing the server's records needs the server."""

    def __init__(self, engine: Engine, seat: OfflineSeat, changes: ChangeBus, default_country: str) -> None:
        super().__init__(engine, changes, default_country=default_country)
        self._seat = seat

    def create(self, record_type: str, fields: Mapping[str, Any], record_id: str | None = None) -> CrmRecord:
        try:
            return super().create(record_type, fields, record_id)
        except DBAPIError as exc:
            _fall_back(exc, "a new CRM record")
            return LocalCrm(self._seat.cache.engine(), self.default_country).create(
                record_type, fields, record_id
            )


class FallbackRuns(RunRepository):
    """Run records go to the server; while it cannot be reached, into the seat's copy (sent later)."""

    def __init__(self, engine: Engine, seat: OfflineSeat) -> None:
        super().__init__(engine)
        self._seat = seat

    def record_many(self, results: Sequence[RunResult]) -> list[int]:
        try:
            return super().record_many(results)
        except (OperationalError, DBAPIError) as exc:
            if not is_unreachable(exc):
                raise
            log.warning("the server cannot be reached: %d run(s) kept in the seat's copy", len(results))
            return RunRepository(self._seat.cache.engine()).record_many(results)


__all__ = [
    "COPIED_KINDS",
    "FallbackCrm",
    "FallbackDrafts",
    "FallbackRuns",
    "OfflineSeat",
    "cache_path",
    "is_unreachable",
]
