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

The connection pool is httpcore's, with its bookkeeping replaced when the app or the command line has
applied compat/httpcore_pool.py at start-up (it halves the I/O thread's work in a burst of requests).
"""

from __future__ import annotations

import asyncio
import json
import weakref
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, Protocol

from cti_desktop.compat import httpcore_pool
from cti_desktop.domain import json_input
from cti_desktop.domain.masking import SECRET_MASK, mask_secrets
from cti_desktop.flows.credentials import Credential, CredentialError, CredentialLookup
from cti_desktop.flows.host_policy import HostPolicy
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
# No allow-list: any host but the link-local and metadata addresses.
_ANY_HOST: Final = HostPolicy()


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
        self,
        controls: Mapping[str, Any],
        credential: CredentialLookup | None = None,
        hosts: HostPolicy | None = None,
    ) -> BlockResult:
        """`credential` finds a named credential (the run's lookup); without one, `credentials`.
        `hosts` says which hosts may be reached (link-local and metadata addresses never, by default)."""
        if credential is None and self.credentials is not None:
            credential = self.credentials.get
        try:
            # A copy of the mapping the executor handed over; the I/O thread only reads the values in it.
            return await self.io.run(self._request(dict(controls), credential, hosts or _ANY_HOST))
        except IoThreadClosed:
            return _failure("the HTTP client has been closed (the app is closing); the request was not sent")

    async def _request(
        self, controls: dict[str, Any], lookup: CredentialLookup | None, hosts: HostPolicy
    ) -> BlockResult:
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
            # timeoutMs bounds the whole exchange (resolving, connecting, sending, every read): httpx's
            # own timeouts are per operation, and a server trickling a byte at a time never trips them.
            async with asyncio.timeout(timeout_ms / 1000):
                results = await self._send(
                    method, url, headers, query, content, json_body, timeout_ms, credential is None, hosts
                )
        except _Refused as exc:
            return _failure(f"{method} {exc.url} was refused: {exc}")
        except (httpx.TimeoutException, TimeoutError):
            return _failure(f"{method} {url} got no answer within {timeout_ms:g} ms")
        except httpx.InvalidURL as exc:
            return _failure(f"'{url}' is not a valid web address: {exc}")
        except httpx.HTTPError as exc:
            return _failure(f"{method} {url} failed: {type(exc).__name__}: {exc}")
        except _TooLarge:
            return _failure(f"the answer to {method} {url} is larger than {self.max_body_bytes} bytes")
        except _UnusableAnswer as exc:
            return _failure(f"{method} {url}: {exc}")
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
        hosts: HostPolicy,
    ) -> dict[str, Any]:
        import httpx

        if self._client is None:
            limits = httpx.Limits(
                max_connections=MAX_CONNECTIONS,
                max_keepalive_connections=MAX_IDLE_CONNECTIONS,
                keepalive_expiry=KEEPALIVE_EXPIRY_S,
            )
            transport = self._transport if self._transport is not None else httpcore_pool.transport(limits)
            self._client = httpx.AsyncClient(
                transport=transport, limits=limits, event_hooks={"request": [_check_host]}
            )
        request = self._client.build_request(
            method,
            url,
            headers=headers,
            params=query or None,
            content=content,
            json=json_body,
            timeout=httpx.Timeout(timeout_ms / 1000),
            # Redirects carry the extensions along, so every hop's host is checked (_check_host).
            extensions={_HOSTS: hosts},
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


class _Refused(Exception):
    """A host the policy refuses; the message says why."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(reason)
        self.url = url


_HOSTS: Final = "cti_desktop.hosts"


async def _check_host(request: httpx.Request) -> None:
    """httpx's hook before each request it sends, the first and every redirect."""
    hosts: HostPolicy = request.extensions.get(_HOSTS, _ANY_HOST)
    url = request.url
    reason = await hosts.refusal(url.host, url.port or (443 if url.scheme == "https" else 80))
    if reason:
        raise _Refused(str(url), reason)


class _UnusableAnswer(Exception):
    """A JSON answer beyond the input limits (`domain.json_input`): the block fails with this message."""


def _decode(response: httpx.Response, raw: bytes) -> Any:
    """The answer's body: its JSON value when it says it is JSON and is standard JSON (else its text, as
    for any other answer). A JSON value nested too deeply or holding text that is not valid Unicode
    could not be recorded with the run: `_UnusableAnswer`."""
    text = raw.decode(response.charset_encoding or "utf-8", errors="replace")
    if "json" in response.headers.get("content-type", "").lower():
        try:
            value = json.loads(text, parse_constant=_not_standard)
        except RecursionError:
            raise _UnusableAnswer(
                f"the JSON answer is nested too deeply (at most {json_input.MAX_DEPTH} levels)"
            ) from None
        except ValueError:
            return text
        found = json_input.problem(value)
        if found is not None:
            raise _UnusableAnswer(f"the JSON answer is refused: {found}")
        return value
    return text


def _not_standard(name: str) -> Any:
    raise ValueError(f"{name} is not standard JSON")


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
    # The machine's allow-list, which the executor hands every run (see flows/host_policy.py).
    hosts = getattr(ctx, "http_hosts", None)
    return await current_requester().request(controls, ctx.credential, hosts)


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
