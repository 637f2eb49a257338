"""Following the change log of a PostgreSQL store as it grows: one listening connection per seat, on the
asyncio loop (psycopg's async connection), woken by NOTIFY.

A NOTIFY carries its change row, so the usual change costs the seat no query at all. The log is read
(changes after the last id applied) when the seat starts listening, after every reconnect, and whenever
a notification does not follow the last id applied: a seat misses nothing even when notifications are
lost, and never polls.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

import psycopg
from psycopg.rows import namedtuple_row
from sqlalchemy.engine import make_url

from cti_desktop.store.change_log import CHANNEL, ChangeRecord
from cti_desktop.store.database import DEFAULT_SERVER_OPTIONS, ServerOptions

log = logging.getLogger(__name__)

_READ_SINCE: Final = (
    "SELECT id, kind, row_id, version, removed, author, host, origin, at FROM change "
    "WHERE id > %(after)s ORDER BY id LIMIT %(limit)s"
)
_BATCH: Final = 1000


class FeedState(StrEnum):
    CONNECTING = "connecting"
    LIVE = "live"
    RECONNECTING = "reconnecting"
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class FeedStatus:
    state: FeedState
    # After a reconnect: how many changes made meanwhile were applied on catching up.
    caught_up: int = 0
    reconnected: bool = False
    # Why the connection failed, in the server's or the driver's words.
    error: str = ""
    retry_in_s: float = 0.0


def conninfo(url: str, options: ServerOptions = DEFAULT_SERVER_OPTIONS) -> str:
    """The libpq connection string of a SQLAlchemy PostgreSQL URL, with the seat's server options."""
    parsed = make_url(url)
    params: dict[str, Any] = {
        "host": parsed.host,
        "port": parsed.port,
        "user": parsed.username,
        "password": parsed.password,
        "dbname": parsed.database,
        **{key: value for key, value in parsed.query.items() if isinstance(value, str)},
        **options.connect_args(),
    }
    return psycopg.conninfo.make_conninfo(**{k: v for k, v in params.items() if v not in (None, "")})


Applier = Callable[[Sequence[ChangeRecord]], None]
StatusListener = Callable[[FeedStatus], None]


class ChangeListener:
    """Applies every change after `after_id`, in id order, exactly once, through `apply`; reports its
    connection's state through `on_status`. `run()` returns only when `stop()` is called."""

    def __init__(
        self,
        dsn: str,
        apply: Applier,
        *,
        after_id: int = 0,
        on_status: StatusListener | None = None,
        first_retry_s: float = 0.2,
        longest_retry_s: float = 5.0,
    ) -> None:
        self._dsn = dsn
        self._apply = apply
        self._on_status = on_status
        self.last_id = after_id
        self._first_retry_s = first_retry_s
        self._longest_retry_s = longest_retry_s
        self._connection: psycopg.AsyncConnection[Any] | None = None
        self._stopping = False
        self._live = asyncio.Event()
        # Set while a connection is open: its result (or error) ends `_listen`.
        self._lost: asyncio.Future[None] | None = None
        self._catching_up: asyncio.Future[None] | None = None
        self._watched: int | None = None
        self._pending: list[str] = []

    @property
    def is_live(self) -> bool:
        return self._live.is_set()

    async def wait_live(self) -> None:
        await self._live.wait()

    async def run(self) -> None:
        retry_s = self._first_retry_s
        reconnecting = False
        while not self._stopping:
            self._report(FeedStatus(FeedState.RECONNECTING if reconnecting else FeedState.CONNECTING))
            try:
                await self._listen(reconnecting)
            except (psycopg.Error, OSError) as exc:
                self._live.clear()
                if self._stopping:
                    break
                error = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                # Jitter keeps a floor of seats from reconnecting in the same instant after a restart.
                wait_s = retry_s * random.uniform(0.5, 1.0)  # noqa: S311 (not for security)
                log.info("change feed: connection lost (%s), retrying in %.1f s", error, wait_s)
                self._report(FeedStatus(FeedState.RECONNECTING, error=error, retry_in_s=wait_s))
                await asyncio.sleep(wait_s)
                retry_s = min(retry_s * 2, self._longest_retry_s)
                reconnecting = True
            else:
                retry_s = self._first_retry_s
            finally:
                await self._close()
        self._report(FeedStatus(FeedState.STOPPED))

    async def stop(self) -> None:
        self._stopping = True
        self._end()
        await self._close()

    async def _listen(self, reconnecting: bool) -> None:
        self._connection = await psycopg.AsyncConnection.connect(self._dsn, autocommit=True)
        connection = self._connection
        lost = self._lost = asyncio.get_running_loop().create_future()
        self._pending.clear()
        # Notifications psycopg reads while a query runs come here too (instead of a backlog).
        connection.add_notify_handler(self._notified)
        await connection.execute(f"LISTEN {CHANNEL}")
        # Listening before catching up: a change committed in between arrives as a notification too, and
        # is skipped by id.
        caught_up = await self._catch_up(connection)
        self._watch(connection)
        self._live.set()
        self._report(FeedStatus(FeedState.LIVE, caught_up=caught_up, reconnected=reconnecting))
        try:
            await lost  # raises the error that ended the connection; returns on stop()
        finally:
            self._unwatch(connection)

    # While nothing else runs on the connection, its socket is watched directly: each wake-up reads what
    # arrived and hands every notification over at once, without a coroutine switch per notification
    # (which is what keeps a seat's CPU low when a floor's worth of changes arrives).

    def _watch(self, connection: psycopg.AsyncConnection[Any]) -> None:
        self._watched = connection.pgconn.socket
        asyncio.get_running_loop().add_reader(self._watched, self._readable, connection)

    def _unwatch(self, _connection: psycopg.AsyncConnection[Any]) -> None:
        # By the number watched: once the connection failed, libpq may have closed (and forgotten) it.
        watched, self._watched = self._watched, None
        if watched is not None:
            with contextlib.suppress(OSError, ValueError):
                asyncio.get_running_loop().remove_reader(watched)

    def _readable(self, connection: psycopg.AsyncConnection[Any]) -> None:
        pgconn = connection.pgconn
        try:
            pgconn.consume_input()
        except psycopg.Error as exc:
            self._unwatch(connection)
            self._end(exc)
            return
        handler = pgconn.notify_handler
        while (notification := pgconn.notifies()) is not None:
            if handler is not None:
                handler(notification)

    def _notified(self, notification: psycopg.Notify) -> None:
        if self._catching_up is not None:
            self._pending.append(notification.payload)
            return
        record = ChangeRecord.from_payload(notification.payload)
        if record is not None and record.id <= self.last_id:
            return
        if record is None or record.id != self.last_id + 1:
            # A lost notification, a rolled-back id, or a row too long to send: read the log.
            connection = self._connection
            if connection is not None:
                self._catching_up = asyncio.ensure_future(self._catch_up_then_resume(connection))
            return
        self._deliver([record])

    async def _catch_up_then_resume(self, connection: psycopg.AsyncConnection[Any]) -> None:
        self._unwatch(connection)  # the query's own waiting watches the socket meanwhile
        try:
            await self._catch_up(connection)
        except psycopg.Error as exc:
            self._end(exc)
            return
        finally:
            self._catching_up = None
        pending, self._pending = self._pending, []
        for payload in pending:
            record = ChangeRecord.from_payload(payload)
            if record is None or record.id > self.last_id:
                # Whatever follows is newer than the log just read: read it again rather than guess.
                self._catching_up = asyncio.ensure_future(self._catch_up_then_resume(connection))
                return
        if self._lost is not None and not self._lost.done() and not connection.closed:
            self._watch(connection)

    def _end(self, error: BaseException | None = None) -> None:
        """End the current connection's watch: with its error (reconnect) or none (stop)."""
        lost = self._lost
        if lost is None or lost.done():
            return
        if error is None:
            lost.set_result(None)
        else:
            lost.set_exception(error)

    async def _catch_up(self, connection: psycopg.AsyncConnection[Any]) -> int:
        applied = 0
        while True:
            cursor = connection.cursor(row_factory=namedtuple_row)
            await cursor.execute(_READ_SINCE, {"after": self.last_id, "limit": _BATCH})
            records = [ChangeRecord.of_row(row) for row in await cursor.fetchall()]
            if records:
                self._deliver(records)
                applied += len(records)
            if len(records) < _BATCH:
                return applied

    def _deliver(self, records: Sequence[ChangeRecord]) -> None:
        self.last_id = records[-1].id
        try:
            self._apply(records)
        except Exception:  # a view's bug must not stop the seat from following changes
            log.exception("applying changes %d..%d failed", records[0].id, records[-1].id)

    def _report(self, status: FeedStatus) -> None:
        if self._on_status is not None:
            self._on_status(status)

    async def _close(self) -> None:
        connection, self._connection = self._connection, None
        # Stop watching the socket before it closes: a watched socket closed under the loop makes Qt's
        # loop warn about an invalid socket (and the number could be reused by another file).
        if connection is not None:
            self._unwatch(connection)
        if connection is not None and not connection.closed:
            with contextlib.suppress(psycopg.Error):
                await connection.close()


__all__ = ["ChangeListener", "FeedState", "FeedStatus", "conninfo"]
