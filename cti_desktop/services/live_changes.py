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
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Final, TypeVar

from sqlalchemy import Engine

from cti_desktop.domain.signals import Signal
from cti_desktop.services.changes import Change, ChangeBus, ChangeId, ChangeKind
from cti_desktop.store import change_log
from cti_desktop.store.change_log import ChangeRecord
from cti_desktop.store.database import DEFAULT_SERVER_OPTIONS, ServerOptions, is_postgresql

if TYPE_CHECKING:
    # psycopg is loaded only by a seat on PostgreSQL.
    from cti_desktop.services.offline_seat import OfflineSeat
    from cti_desktop.store.change_listener import ChangeListener, FeedStatus

log = logging.getLogger(__name__)

T = TypeVar("T")
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
        seat: OfflineSeat | None = None,
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
        self._seat = seat
        self._announcing = asyncio.Lock()
        if seat is not None and seat.serving_from_cache:
            self.status = LiveStatus(seat.offline_text(), live=False, offline=True)
        else:
            self.status = LiveStatus("Database: connecting…" if self.pushed else "", live=False)
        self.status_changed: Signal[[LiveStatus]] = Signal()
        # Emitted when changes are pushed to this seat as they happen (see FlowRunner).
        self.push_started: Signal[[]] = Signal()
        self._tasks: set[asyncio.Future[None]] = set()
        self._task: asyncio.Task[None] | None = None
        self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cti-live-changes")

    async def _off_loop(self, function: Callable[..., T], *args: Any) -> T:
        # A thread of this service's own, not the loop's default executor: under qasync that one is made of
        # QThreads, which must not outlive the app's last Qt object.
        return await asyncio.get_running_loop().run_in_executor(self._reader, partial(function, *args))

    def start(self) -> asyncio.Task[None]:
        """Follow the log on the running loop until `stop()`."""
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self.run(), name="cti-live-changes")
        return self._task

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
        """Stop following, and wait until the task `start()` made has ended."""
        if self._stopping is not None:
            self._stopping.set()
        if self._listener is not None:
            await self._listener.stop()
        task, self._task = self._task, None
        if task is not None and not task.done():
            try:
                await asyncio.wait_for(task, 5.0)
            except (TimeoutError, asyncio.CancelledError):
                task.cancel()
        for pending in list(self._tasks):
            pending.cancel()
        self._reader.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop at once, without waiting (the app's services are closing): `stop()` is the gentle way."""
        if self._stopping is not None:
            self._stopping.set()
        task, self._task = self._task, None
        for pending in [*self._tasks, *([task] if task is not None else [])]:
            if not pending.done() and not pending.get_loop().is_closed():
                pending.cancel()
        self._reader.shutdown(wait=False, cancel_futures=True)

    def apply(self, records: Sequence[ChangeRecord]) -> None:
        """Announce the changes of log records made elsewhere (on the bus's listeners' terms). A seat
        working from its copy takes a fresh copy first, so what the views read again is the change."""
        changes = changes_of(records, change_log.process_origin())
        if not changes:
            return
        seat = self._seat
        if seat is not None and seat.serving_from_cache:
            self._tasks.add(task := asyncio.ensure_future(self._refresh_then_announce(seat, changes)))
            task.add_done_callback(self._tasks.discard)
            return
        self._announce(changes)

    def _announce(self, changes: Sequence[Change]) -> None:
        for change in changes:
            self._changes.announce(change)

    async def _refresh_then_announce(self, seat: OfflineSeat, changes: Sequence[Change]) -> None:
        async with self._announcing:  # in the order heard
            await self._off_loop(seat.refresh)
            self._announce(changes)

    async def _back_online(self, seat: OfflineSeat, text: str) -> None:
        """Send what the seat made while the server was away; say so beside the feed's own news."""
        async with self._announcing:
            try:
                sent = await self._off_loop(seat.back_online)
            except Exception as exc:  # the server left again: the next reconnect sends it
                log.warning("what this seat made offline was not sent yet: %s", exc)
                return
        if sent:
            text += f"; sent {sent.describe()} made offline"
        if seat.serving_from_cache:
            text += " (restart CTI Desktop to edit actions and flows)"
        self._set(LiveStatus(text, live=True))

    # -- internals ----------------------------------------------------------------------------------------

    async def _latest_id(self, stopping: asyncio.Event) -> int:
        seat = self._seat
        if seat is not None and seat.serving_from_cache:
            return seat.cache.change_id()  # the copy is of that moment: follow from there
        while True:
            try:
                return await self._off_loop(change_log.latest_id, self._engine)
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
                records = await self._off_loop(change_log.read_since, self._engine, last)
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
            if self._seat is not None:
                self._tasks.add(task := asyncio.ensure_future(self._back_online(self._seat, text)))
                task.add_done_callback(self._tasks.discard)
        elif status.state == FeedState.RECONNECTING and status.error and self._seat is not None:
            if self._seat.cache.exists():
                self._set(LiveStatus(self._seat.offline_text(), live=False, offline=True))
            else:
                self._set(LiveStatus(f"Database: cannot be reached ({status.error})", False, offline=True))
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
