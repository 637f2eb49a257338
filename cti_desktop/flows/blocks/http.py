"""SE_HttpRequest: an HTTP call from a flow, on `httpx.AsyncClient`.

One requester (its connection pool) is shared by every run on an event loop: the app's qasync loop, or the
command line's `asyncio.run`. Whoever owns the loop installs its own requester (`install_requester`) or
lets the first request create one, which is closed when the loop shuts down (or by `close_requester`).

The requester does its work on an I/O thread of its own (flows/http_thread.py), not on the caller's loop:
under qasync that loop is the GUI thread, and a hundred flows waiting on the network at once would
otherwise stall the overlay with pool bookkeeping, HTTP parsing and JSON decoding. Everything from
reading the controls to the masked results happens there; the caller only awaits the answer.

A named credential adds its header from the OS credential store at the moment of the request. Its secret
never reaches the results: authorization headers are masked and any echo of the secret is replaced.

The connection pool is httpcore's, with its bookkeeping replaced (`LeanPool`): httpcore walks every
connection, and polls each idle one's socket, on every request and every answer (O(n²) per burst, see
encode/httpcore#1035), and it closes idle connections whenever more than 20 are open at all. For a hundred
requests at once that cost the I/O thread about 2 ms of interpreter time per request, time the GUI thread
waits for the interpreter lock; the lean bookkeeping, with idle connections kept for the next burst, halves
the I/O thread's work.
"""

from __future__ import annotations

import asyncio
import functools
import json
import time
import weakref
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, Protocol

from cti_desktop.domain.masking import SECRET_MASK, mask_secrets
from cti_desktop.flows.credentials import Credential, CredentialError, CredentialLookup
from cti_desktop.flows.http_thread import IoThread, IoThreadClosed
from cti_desktop.flows.references import to_text
from cti_desktop.flows.registry import BlockRegistry, BlockResult, BlockSpec, ControlSpec, RunContext

if TYPE_CHECKING:
    # httpx is imported where a request is made: it costs start-up time most runs never need.
    import httpx

METHODS: Final = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
DEFAULT_TIMEOUT_MS: Final = 10_000
MAX_BODY_BYTES: Final = 5 * 1024 * 1024
# Response headers whose values are secrets whatever the credential.
SECRET_HEADERS: Final = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
# httpx's limits, except that every connection may stay open for the next burst: reopening 80 of 100
# connections per burst cost the I/O thread more than the requests.
MAX_CONNECTIONS: Final = 100
MAX_IDLE_CONNECTIONS: Final = 100
KEEPALIVE_EXPIRY_S: Final = 5.0
# How often the pool probes its idle connections' sockets for a server's hang-up (a system call each);
# a connection about to be reused is always probed.
PROBE_IDLE_EVERY_S: Final = 1.0


def _failure(message: str, results: dict[str, Any] | None = None) -> BlockResult:
    return BlockResult("failure", results or {}, message)


def _pairs(value: Any, name: str) -> dict[str, str]:
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise ValueError(f"'{name}' must be name/value pairs, and its text is not JSON") from exc
    if not isinstance(value, Mapping):
        raise ValueError(f"'{name}' must be name/value pairs")
    return {str(key): to_text(item) for key, item in value.items()}


class CredentialSource(Protocol):
    """Where a requester of one's own finds credentials (services' `CredentialStore` is one)."""

    def get(self, name: str) -> Credential | None: ...


class HttpRequester:
    """Makes the requests of SE_HttpRequest blocks over one shared connection pool, on its I/O thread.
    `request` may be awaited from any event loop."""

    def __init__(
        self,
        credentials: CredentialSource | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        max_body_bytes: int = MAX_BODY_BYTES,
    ) -> None:
        # Used when a request brings no lookup of its own (runs are given one by whoever starts them).
        self.credentials = credentials
        self.max_body_bytes = max_body_bytes
        self._transport = transport
        # Made on the I/O thread by the first request: httpx and its TLS context take a while to load.
        self._client: httpx.AsyncClient | None = None
        self.io = IoThread("cti-http")
        self.io.at_stop(self._close_client)
        # The task that closes a requester created on demand when its loop shuts down.
        self.closer: asyncio.Task[None] | None = None

    @property
    def closed(self) -> bool:
        return self.io.closed

    async def aclose(self) -> None:
        """Close the connection pool and stop the I/O thread."""
        await self.io.aclose()

    async def _close_client(self) -> None:
        if self._client is not None:
            await self._client.aclose()

    async def request(
        self, controls: Mapping[str, Any], credential: CredentialLookup | None = None
    ) -> BlockResult:
        """`credential` finds a named credential (the run's lookup); without one, `credentials`."""
        if credential is None and self.credentials is not None:
            credential = self.credentials.get
        try:
            # A copy of the mapping the executor handed over; the I/O thread only reads the values in it.
            return await self.io.run(self._request(dict(controls), credential))
        except IoThreadClosed:
            return _failure("the HTTP client has been closed (the app is closing); the request was not sent")

    async def _request(self, controls: dict[str, Any], lookup: CredentialLookup | None) -> BlockResult:
        """On the I/O thread."""
        import httpx

        self.io.breathe()

        method = to_text(controls.get("method") or "GET").strip().upper()
        if method not in METHODS:
            return _failure(f"'{method}' is not an HTTP method; use one of {', '.join(METHODS)}")
        url = to_text(controls.get("url")).strip()
        if not url.lower().startswith(("http://", "https://")):
            return _failure(f"'{url}' is not a web address (it must start with http:// or https://)")
        try:
            headers = _pairs(controls.get("headers"), "headers")
            query = _pairs(controls.get("query"), "query")
        except ValueError as exc:
            return _failure(str(exc))
        timeout_ms = controls.get("timeoutMs")
        if isinstance(timeout_ms, str) and timeout_ms.strip():
            try:
                timeout_ms = float(timeout_ms)
            except ValueError:
                return _failure(f"'timeoutMs' must be a number of milliseconds, not {timeout_ms!r}")
        if isinstance(timeout_ms, bool) or not isinstance(timeout_ms, int | float) or timeout_ms <= 0:
            timeout_ms = DEFAULT_TIMEOUT_MS
        credential: Credential | None = None
        name = to_text(controls.get("credential")).strip()
        if name:
            if lookup is None:
                return _failure(
                    f"the credential '{name}' cannot be read: this run was given no credential store"
                )
            try:
                # The OS credential store may wait (a locked keyring, D-Bus): not on the I/O loop either.
                credential = await self.io.call_blocking(lookup, name)
            except CredentialError as exc:
                return _failure(f"the credential '{name}' cannot be read: {exc}")
            if credential is None:
                return _failure(f"there is no stored credential named '{name}'")
            headers[credential.header_name] = credential.header_value()
        content, json_body = self._body(controls.get("body"))
        try:
            results = await self._send(
                method, url, headers, query, content, json_body, timeout_ms, follow=credential is None
            )
        except httpx.TimeoutException:
            return _failure(f"{method} {url} got no answer within {timeout_ms:g} ms")
        except httpx.InvalidURL as exc:
            return _failure(f"'{url}' is not a valid web address: {exc}")
        except httpx.HTTPError as exc:
            return _failure(f"{method} {url} failed: {type(exc).__name__}: {exc}")
        except _TooLarge:
            return _failure(f"the answer to {method} {url} is larger than {self.max_body_bytes} bytes")
        secrets = credential.secrets() if credential is not None else ()
        masked_headers = {
            key: SECRET_MASK
            if key.lower() in SECRET_HEADERS
            or (credential is not None and key.lower() == credential.header_name.lower())
            else value
            for key, value in results["headers"].items()
        }
        results = {"status": results["status"], "headers": masked_headers, "body": results["body"]}
        if secrets:
            results = mask_secrets(results, secrets)
        status = results["status"]
        if 200 <= status < 300:
            return BlockResult("success", results)
        reason = httpx.codes.get_reason_phrase(status)
        return _failure(f"{method} {url} answered {status}{' ' + reason if reason else ''}", results)

    @staticmethod
    def _body(body: Any) -> tuple[bytes | None, Any]:
        if body is None or body == "":
            return None, None
        if isinstance(body, dict | list | int | float | bool):
            return None, body
        return to_text(body).encode("utf-8"), None

    async def _send(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        query: dict[str, str],
        content: bytes | None,
        json_body: Any,
        timeout_ms: float,
        follow: bool,
    ) -> dict[str, Any]:
        import httpx

        if self._client is None:
            limits = httpx.Limits(
                max_connections=MAX_CONNECTIONS,
                max_keepalive_connections=MAX_IDLE_CONNECTIONS,
                keepalive_expiry=KEEPALIVE_EXPIRY_S,
            )
            transport = self._transport if self._transport is not None else lean_transport(limits)
            self._client = httpx.AsyncClient(transport=transport, limits=limits)
        request = self._client.build_request(
            method,
            url,
            headers=headers,
            params=query or None,
            content=content,
            json=json_body,
            timeout=httpx.Timeout(timeout_ms / 1000),
        )
        response = await self._client.send(request, stream=True, follow_redirects=follow)
        self.io.breathe()
        try:
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > self.max_body_bytes:
                    raise _TooLarge
                chunks.append(chunk)
        finally:
            await response.aclose()
        raw = b"".join(chunks)
        self.io.breathe()
        return {
            "status": response.status_code,
            "headers": dict(response.headers),
            "body": _decode(response, raw),
        }


class _TooLarge(Exception):
    pass


# ------------------------------------------------------------------------------------ the lean pool


def lean_transport(limits: httpx.Limits) -> httpx.AsyncHTTPTransport:
    """httpx's transport, as `httpx.AsyncClient` makes it, over a `LeanPool`. Should httpx ever build
    something else than httpcore's plain pool, that is kept as it is."""
    import httpcore
    import httpx

    transport = httpx.AsyncHTTPTransport(limits=limits)
    pool = getattr(transport, "_pool", None)
    if type(pool) is httpcore.AsyncConnectionPool and not getattr(pool, "_http2", True):
        pool.__class__ = lean_pool_class()
    return transport


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


def _decode(response: httpx.Response, raw: bytes) -> Any:
    text = raw.decode(response.charset_encoding or "utf-8", errors="replace")
    if "json" in response.headers.get("content-type", "").lower():
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


# ------------------------------------------------------------------------------ one requester per loop

_requesters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, HttpRequester] = weakref.WeakKeyDictionary()


def install_requester(requester: HttpRequester) -> None:
    """Use this requester for the running loop's HTTP blocks (the runner's, or a test's)."""
    _requesters[asyncio.get_running_loop()] = requester


def current_requester() -> HttpRequester:
    """The running loop's requester; the first one is created on demand and closed when the loop shuts
    down (`asyncio.run` cancels the remaining tasks, among them the one that closes it)."""
    loop = asyncio.get_running_loop()
    requester = _requesters.get(loop)
    if requester is None or requester.closed:
        requester = HttpRequester()
        requester.closer = loop.create_task(_close_at_shutdown(requester), name="close the HTTP client")
        _requesters[loop] = requester
    return requester


async def _close_at_shutdown(requester: HttpRequester) -> None:
    try:
        await asyncio.Event().wait()
    finally:
        await requester.aclose()


async def close_requester() -> None:
    """Close the running loop's requester, if any (before the loop ends)."""
    requester = _requesters.pop(asyncio.get_running_loop(), None)
    if requester is not None:
        if requester.closer is not None:
            # Its clean-up closes the requester; waited for, so no pending task outlives the loop.
            requester.closer.cancel()
            await asyncio.wait([requester.closer])
        await requester.aclose()


async def http_request(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    return await current_requester().request(controls, ctx.credential)


def register(registry: BlockRegistry) -> None:
    registry.register(
        BlockSpec(
            "SE_HttpRequest",
            "HTTP Request",
            "Flow and data",
            (
                ControlSpec("method", "choice", "GET", "The HTTP method", choices=METHODS, ignore_case=True),
                ControlSpec("url", "text", "", "http:// or https:// address", required=True),
                ControlSpec("headers", "dict", {}, "Request headers"),
                ControlSpec("query", "dict", {}, "Query parameters added to the address"),
                ControlSpec("body", "multiline", "", "Text, or name/value pairs sent as JSON"),
                ControlSpec(
                    "credential",
                    "text",
                    "",
                    "The name of a stored credential (Admin → Credentials…, or cti-desktop credentials "
                    "set); its secret stays in the OS credential store",
                ),
                ControlSpec(
                    "timeoutMs",
                    "number",
                    DEFAULT_TIMEOUT_MS,
                    "Give up after this many milliseconds",
                    minimum=1,
                ),
            ),
            ("success", "failure"),
            ("status", "headers", "body"),
            http_request,
            is_async=True,
            help="Succeeds on a 2xx answer; the body is parsed when it is JSON.",
        )
    )
