"""Keeping this seat in step with what other seats and processes change.

Every change to actions, flows, flow sources and properties is written to the store's change log in
its own transaction (`store.change_log`). This service follows the log and announces each change made
elsewhere on this app's `ChangeBus`, marked `remote`, so the overlay, the editor, the Flows window and
the designer refresh exactly as they do for a change made here:

- on PostgreSQL, one listening connection woken by NOTIFY (`store.change_listener`), reconnecting with
  back-off and catching up from the log, its state shown in the status bar;
- on SQLite (one PC: the app and the command line), a read of the log's new rows every few seconds, on
  a worker thread.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from sqlalchemy import Engine

from cti_desktop.domain.signals import Signal
from cti_desktop.services.changes import Change, ChangeBus, ChangeId, ChangeKind
from cti_desktop.store import change_log
from cti_desktop.store.change_log import ChangeRecord
from cti_desktop.store.database import DEFAULT_SERVER_OPTIONS, ServerOptions, is_postgresql

if TYPE_CHECKING:
    # psycopg is loaded only by a seat on PostgreSQL.
    from cti_desktop.store.change_listener import ChangeListener, FeedStatus

log = logging.getLogger(__name__)

SQLITE_POLL_S: Final = 2.0
_NUMERIC_IDS: Final = frozenset({ChangeKind.ACTION, ChangeKind.FLOW})


@dataclass(frozen=True, slots=True)
class LiveStatus:
    """What the status bar says about the shared database."""

    text: str
    # Changes made elsewhere reach this seat as they happen.
    live: bool
    # The server cannot be reached: the seat works from what it has.
    offline: bool = False


def changes_of(records: Sequence[ChangeRecord], own_origin: str) -> list[Change]:
    """The bus changes for log records, leaving out this process's own (already announced when made);
    consecutive records of one kind and removal are merged into one change."""
    changes: list[Change] = []
    for record in records:
        if record.origin == own_origin:
            continue
        kind = ChangeKind(record.kind)
        row: ChangeId = (
            int(record.row_id) if kind in _NUMERIC_IDS and record.row_id.isdigit() else record.row_id
        )
        ids: tuple[ChangeId, ...] = () if row == "" else (row,)
        last = changes[-1] if changes else None
        if last is not None and last.kind == kind and last.removed == record.removed and last.ids and ids:
            changes[-1] = Change(
                kind, (*last.ids, *(i for i in ids if i not in last.ids)), record.removed, True
            )
        else:
            changes.append(Change(kind, ids, record.removed, remote=True))
    return changes


class LiveChanges:
    def __init__(
        self,
        engine: Engine,
        url: str,
        changes: ChangeBus,
        *,
        options: ServerOptions = DEFAULT_SERVER_OPTIONS,
        poll_s: float = SQLITE_POLL_S,
    ) -> None:
        self._engine = engine
        self._url = url
        self._options = options
        self._changes = changes
        self._poll_s = poll_s
        # Made on the loop that runs (see run).
        self._stopping: asyncio.Event | None = None
        self._listener: ChangeListener | None = None
        self.pushed = is_postgresql(url)
        self.status = LiveStatus("Database: connecting…" if self.pushed else "", live=False)
        self.status_changed: Signal[[LiveStatus]] = Signal()
        # Emitted when changes are pushed to this seat as they happen (see FlowRunner).
        self.push_started: Signal[[]] = Signal()
        self.applied = 0

    async def run(self) -> None:
        """Follow the log until `stop()`; never raises for a lost server (it retries)."""
        stopping = self._stopping = asyncio.Event()
        after = await self._latest_id(stopping)
        if stopping.is_set():
            return
        if self.pushed:
            await self._follow_notifications(after, stopping)
        else:
            await self._poll(after, stopping)

    async def stop(self) -> None:
        if self._stopping is not None:
            self._stopping.set()
        if self._listener is not None:
            await self._listener.stop()

    def apply(self, records: Sequence[ChangeRecord]) -> None:
        """Announce the changes of log records made elsewhere (on the bus's listeners' terms)."""
        for change in changes_of(records, change_log.process_origin()):
            self.applied += 1
            self._changes.announce(change)

    # -- internals ----------------------------------------------------------------------------------------

    async def _latest_id(self, stopping: asyncio.Event) -> int:
        while True:
            try:
                return await asyncio.to_thread(change_log.latest_id, self._engine)
            except Exception as exc:  # the server is away at start: wait for it, as the listener does
                self._set(LiveStatus(f"Database: cannot be reached ({_first_line(exc)})", False, True))
                try:
                    await asyncio.wait_for(stopping.wait(), 2.0)
                    return 0
                except TimeoutError:
                    continue

    async def _follow_notifications(self, after: int, stopping: asyncio.Event) -> None:
        from cti_desktop.store.change_listener import ChangeListener, conninfo

        listener = ChangeListener(
            conninfo(self._url, self._options), self.apply, after_id=after, on_status=self._feed_status
        )
        self._listener = listener
        if not stopping.is_set():  # stop() may have come while the log was read
            await listener.run()

    async def _poll(self, after: int, stopping: asyncio.Event) -> None:
        last = after
        while not stopping.is_set():
            try:
                await asyncio.wait_for(stopping.wait(), self._poll_s)
                return
            except TimeoutError:
                pass
            try:
                records = await asyncio.to_thread(change_log.read_since, self._engine, last)
            except Exception as exc:  # a busy or locked file: the next round tries again
                log.debug("reading the change log failed: %s", exc)
                continue
            if records:
                last = records[-1].id
                self.apply(records)

    def _feed_status(self, status: FeedStatus) -> None:
        from cti_desktop.store.change_listener import FeedState

        if status.state == FeedState.LIVE:
            if status.reconnected:
                count = status.caught_up
                text = f"Database: reconnected, {count} change{'' if count == 1 else 's'} applied"
            else:
                text = "Database: live"
            self._set(LiveStatus(text, live=True))
            self.push_started.emit()
        elif status.state == FeedState.RECONNECTING and status.error:
            self._set(
                LiveStatus(
                    f"Database: connection lost ({status.error}); retrying in {status.retry_in_s:.0f} s",
                    live=False,
                    offline=True,
                )
            )

    def _set(self, status: LiveStatus) -> None:
        if status == self.status:
            return
        self.status = status
        self.status_changed.emit(status)


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


__all__ = ["LiveChanges", "LiveStatus", "changes_of"]
