"""httpcore's HTTP/1.1 connection pool with its bookkeeping replaced (`LeanPool`), for the HTTP Request
block's requester.

Why: httpcore walks every connection, and polls each idle one's socket, on every request and every answer
(O(n²) per burst, see encode/httpcore#1035), and it closes idle connections whenever more than 20 are open
at all. For a hundred requests at once that cost the I/O thread about 2 ms of interpreter time per
request, time the GUI thread waits for the interpreter lock; the lean bookkeeping, with idle connections
kept for the next burst, halves the I/O thread's work.

It overrides private parts of httpcore, so it is applied explicitly, once, by whoever starts runs (the
app and the command line call `apply()`), and only on the httpcore versions it was tested on (`TESTED`,
the bounds pyproject.toml declares): on any other version it stays off, says why in the log, and
requests go through httpcore's own pool.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

# The httpcore versions this was tested on: from the first (inclusive) up to the second (exclusive).
TESTED: Final = ((1, 0, 9), (1, 1))
# How often the pool probes its idle connections' sockets for a server's hang-up (a system call each);
# a connection about to be reused is always probed.
PROBE_IDLE_EVERY_S: Final = 1.0

_lock = threading.Lock()
_requested = False
# None until the installed httpcore has been checked (on the first transport made after `apply`).
_usable: bool | None = None


def apply() -> None:
    """Use the lean pool for the requesters made from now on, if the installed httpcore allows it.
    Cheap: the version is checked when the first transport is made (httpcore loads only then)."""
    global _requested
    _requested = True


def applied() -> bool:
    """True when transports get the lean pool: applied, and on a tested httpcore."""
    global _usable
    if not _requested:
        return False
    with _lock:
        if _usable is None:
            import httpcore

            _usable = supports(httpcore.__version__)
            if not _usable:
                low, high = (".".join(map(str, bound)) for bound in TESTED)
                log.warning(
                    "httpcore %s is not a version the lean connection pool was tested on (>=%s,<%s); "
                    "HTTP requests use httpcore's own pool",
                    httpcore.__version__,
                    low,
                    high,
                )
        return _usable


def supports(version: str) -> bool:
    """True for a httpcore version within `TESTED`."""
    try:
        parts = tuple(int(part) for part in version.split(".")[:3])
    except ValueError:
        return False
    low, high = TESTED
    return low <= parts and parts[: len(high)] < high


def transport(limits: httpx.Limits) -> httpx.AsyncHTTPTransport:
    """httpx's transport, as `httpx.AsyncClient` makes it; over a `LeanPool` when `applied()`. Should
    httpx ever build something else than httpcore's plain HTTP/1.1 pool, that is kept as it is."""
    import httpx

    made = httpx.AsyncHTTPTransport(limits=limits)
    if applied():
        import httpcore

        pool = getattr(made, "_pool", None)
        if type(pool) is httpcore.AsyncConnectionPool and not getattr(pool, "_http2", True):
            pool.__class__ = lean_pool_class()
    return made


@functools.cache
def lean_pool_class() -> type[Any]:
    """`LeanPool`, made on first use: httpcore costs start-up time most runs never need."""
    import httpcore

    class LeanPool(httpcore.AsyncConnectionPool):
        """httpcore's HTTP/1.1 pool with bookkeeping in one pass (see `assign_connections`)."""

        next_probe = 0.0

        def _assign_requests_to_connections(self) -> list[Any]:
            return assign_connections(self)

        async def _close_connections(self, closing: list[Any]) -> None:
            if closing:  # most passes close nothing: no cancel scope to set up for that
                await super()._close_connections(closing)

    return LeanPool


def assign_connections(pool: Any) -> list[Any]:
    """What httpcore's `AsyncConnectionPool._assign_requests_to_connections` does for HTTP/1.1, in one
    pass over the connections and one over the requests, called on every request and every answer:
    drop closed connections and close expired ones and idle ones beyond the keep-alive limit; give each
    queued request an idle connection to its origin, else a new one while under the limit, else one made
    in place of an idle one. Returns the connections to close.

    Unlike httpcore's: the keep-alive limit counts idle connections (httpcore counts all of them, and so
    closes idle ones as soon as more are open); a connection given to a request that has not started on
    it yet is spoken for, not idle (httpcore gives it to several, and the losers queue again); idle
    sockets are probed for a hang-up at most every PROBE_IDLE_EVERY_S, and always before reuse; and when
    no request waits (an answer has ended), the pool is only tidied up at those times too."""
    requests = pool._requests
    now = time.monotonic()
    probe_all = now >= pool.next_probe
    if not probe_all and all(request.connection is not None for request in requests):
        return []
    if probe_all:
        pool.next_probe = now + PROBE_IDLE_EVERY_S
    spoken_for = {id(request.connection) for request in requests if request.connection is not None}
    closing: list[Any] = []
    kept: list[Any] = []
    idle: list[Any] = []
    for connection in pool._connections:
        if connection.is_closed():
            continue
        if connection.is_idle() and id(connection) not in spoken_for:
            if probe_all and connection.has_expired():
                closing.append(connection)
                continue
            idle.append(connection)
        kept.append(connection)
    dropped: set[int] = set()
    # The oldest idle connections go first, as in httpcore.
    for connection in idle[: max(len(idle) - pool._max_keepalive_connections, 0)]:
        closing.append(connection)
        dropped.add(id(connection))
    idle = idle[len(dropped) :]
    count = len(kept) - len(dropped)
    for request in requests:
        if request.connection is not None:
            continue
        origin = request.request.url.origin
        chosen = None
        for connection in idle:
            if connection.can_handle_request(origin):
                chosen = connection
                break
        while chosen is not None and not probe_all and chosen.has_expired():
            idle.remove(chosen)
            closing.append(chosen)
            dropped.add(id(chosen))
            count -= 1
            chosen = next((c for c in idle if c.can_handle_request(origin)), None)
        if chosen is not None:
            idle.remove(chosen)
        else:
            if count >= pool._max_connections:
                if not idle:
                    continue  # queued until a connection frees up
                making_room = idle.pop(0)
                closing.append(making_room)
                dropped.add(id(making_room))
                count -= 1
            chosen = pool.create_connection(origin)
            kept.append(chosen)
            count += 1
        request.assign_to_connection(chosen)
    pool._connections = [c for c in kept if id(c) not in dropped] if dropped else kept
    return closing
