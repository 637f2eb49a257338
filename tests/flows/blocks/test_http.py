"""SE_HttpRequest (flows/blocks/http.py) against httpx's mock transport and a local HTTP server."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from cti_desktop.flows.blocks import core, http
from cti_desktop.flows.blocks.http import HttpRequester, close_requester, current_requester, install_requester
from cti_desktop.flows.registry import BlockRegistry
from cti_desktop.flows.results import RunResult
from cti_desktop.flows.sandbox import FlowSandbox
from cti_desktop.services.credentials import Credential, CredentialStore
from cti_desktop.services.memory_keyring import MemoryKeyring
from tests.local_http import JsonHandler, serve

TOKEN = "s3cr3t-t0ken-value"


@pytest.fixture
def credentials() -> CredentialStore:
    store = CredentialStore(backend=MemoryKeyring())
    store.set("crm-api", Credential("bearer", TOKEN))
    store.set("basic", Credential("basic", TOKEN, username="ann"))
    store.set("api-key", Credential("header", TOKEN, header="X-Api-Key"))
    return store


Handler = Callable[[httpx.Request], httpx.Response]


def run_block(
    controls: dict[str, Any],
    handler: Handler | None = None,
    credentials: CredentialStore | None = None,
    **requester_options: Any,
) -> RunResult:
    registry = BlockRegistry()
    core.register(registry)
    http.register(registry)
    sandbox = FlowSandbox(registry)

    async def go() -> RunResult:
        transport = httpx.MockTransport(handler) if handler is not None else None
        install_requester(HttpRequester(credentials, transport, **requester_options))
        try:
            return await sandbox.run_async(sandbox.single("SE_HttpRequest", controls))
        finally:
            await close_requester()

    result = asyncio.run(go())
    assert result.status == "completed", result.error
    return result


def echo(request: httpx.Request) -> httpx.Response:
    """Answers with what it received, as JSON."""
    return httpx.Response(
        200,
        json={
            "method": request.method,
            "path": request.url.path,
            "query": dict(request.url.params),
            "headers": dict(request.headers),
            "body": request.content.decode(),
        },
        headers={"X-Trace": "t-1"},
    )


def test_get_with_query_and_headers(credentials: CredentialStore) -> None:
    result = run_block(
        {
            "url": "https://crm.example.com/api/{{ $.payload.x }}",
            "query": {"q": "jane", "n": 2},
            "headers": {"X-A": "1"},
        },
        echo,
    )
    step = result.steps[1]
    assert step.outcome == "success"
    assert step.results["status"] == 200
    assert step.results["headers"]["x-trace"] == "t-1"
    body = step.results["body"]
    assert body["method"] == "GET"
    assert body["query"] == {"q": "jane", "n": "2"}
    assert body["headers"]["x-a"] == "1"


def test_post_json_and_text_bodies() -> None:
    as_json = run_block({"method": "post", "url": "https://x.test/", "body": {"a": [1, 2]}}, echo).steps[1]
    assert json.loads(as_json.results["body"]["body"]) == {"a": [1, 2]}
    assert as_json.results["body"]["headers"]["content-type"] == "application/json"
    as_text = run_block({"method": "PUT", "url": "https://x.test/", "body": "plain words"}, echo).steps[1]
    assert as_text.results["body"]["body"] == "plain words"


def test_a_text_answer_stays_text() -> None:
    step = run_block({"url": "https://x.test/"}, lambda r: httpx.Response(200, text="{not json")).steps[1]
    assert step.results["body"] == "{not json"
    broken = run_block(
        {"url": "https://x.test/"},
        lambda r: httpx.Response(200, content=b"{oops", headers={"content-type": "application/json"}),
    ).steps[1]
    assert broken.results["body"] == "{oops"


def test_a_non_2xx_answer_fails_with_its_results() -> None:
    step = run_block(
        {"url": "https://x.test/missing"}, lambda r: httpx.Response(404, json={"error": "nope"})
    ).steps[1]
    assert step.outcome == "failure"
    assert step.exception == "GET https://x.test/missing answered 404 Not Found"
    assert step.results["status"] == 404
    assert step.results["body"] == {"error": "nope"}


@pytest.mark.parametrize(
    ("controls", "message"),
    [
        ({"url": "ftp://x.test/"}, "is not a web address"),
        ({"url": ""}, "is not a web address"),
        ({"url": "https://x.test/", "method": "FETCH"}, "control 'method': “FETCH” is not one of: GET"),
        ({"url": "https://x.test/", "headers": "nope"}, "'headers' must be name/value pairs"),
        ({"url": "https://x.test/", "query": [1]}, "'query' must be name/value pairs"),
        ({"url": "https://x.test/", "timeoutMs": "soon"}, "control 'timeoutMs': “soon” is not a number"),
        ({"url": "https://x.test/", "timeoutMs": 0}, "control 'timeoutMs': 0 is less than 1"),
        ({"method": "GET"}, "control 'url': a value is required"),
    ],
)
def test_bad_controls_fail_before_any_request(controls: dict[str, Any], message: str) -> None:
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(200)

    step = run_block(controls, handler).steps[1]
    assert step.outcome == "failure"
    assert message in step.exception
    assert calls == []


def test_a_timeout_fails_the_block_not_the_run() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.extensions["timeout"]["read"] == pytest.approx(0.25)
        raise httpx.ReadTimeout("slow", request=request)

    step = run_block({"url": "https://x.test/", "timeoutMs": 250}, handler).steps[1]
    assert step.exception == "GET https://x.test/ got no answer within 250 ms"


def test_a_connection_that_cannot_be_made_fails() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    step = run_block({"url": "https://x.test/"}, handler).steps[1]
    assert step.outcome == "failure"
    assert "ConnectError: connection refused" in step.exception


def test_an_answer_too_large_fails() -> None:
    step = run_block(
        {"url": "https://x.test/"}, lambda r: httpx.Response(200, content=b"x" * 100), max_body_bytes=10
    )
    assert "is larger than 10 bytes" in step.steps[1].exception


@pytest.mark.parametrize(
    ("name", "header", "value"),
    [
        ("crm-api", "authorization", f"Bearer {TOKEN}"),
        ("basic", "authorization", "Basic YW5uOnMzY3IzdC10MGtlbi12YWx1ZQ=="),
        ("api-key", "x-api-key", TOKEN),
    ],
)
def test_a_named_credential_is_sent_and_never_recorded(
    credentials: CredentialStore, name: str, header: str, value: str
) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get(header, ""))
        response = echo(request)
        response.headers["Set-Cookie"] = "session=abc"
        response.headers[header] = value
        return response

    result = run_block({"url": "https://crm.example.com/", "credential": name}, handler, credentials)
    assert seen == [value]
    step = result.steps[1]
    assert step.outcome == "success"
    assert step.results["headers"][header] == "********"
    assert step.results["headers"]["set-cookie"] == "********"
    assert step.results["body"]["headers"][header] == "********"
    recorded = json.dumps(result.to_json_dict())
    assert TOKEN not in recorded
    assert "YW5uOnMzY3IzdC10MGtlbi12YWx1ZQ" not in recorded


def test_an_unknown_or_unreadable_credential_fails(credentials: CredentialStore) -> None:
    step = run_block({"url": "https://x.test/", "credential": "nope"}, echo, credentials).steps[1]
    assert step.exception == "there is no stored credential named 'nope'"

    class BrokenKeyring(MemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            from keyring.errors import KeyringLocked

            raise KeyringLocked("locked")

    broken = CredentialStore(backend=BrokenKeyring())
    step = run_block({"url": "https://x.test/", "credential": "crm-api"}, echo, broken).steps[1]
    assert "the credential 'crm-api' cannot be read" in step.exception
    assert "locked" in step.exception


def test_a_run_finds_credentials_through_the_lookup_whoever_started_it_gave(
    credentials: CredentialStore,
) -> None:
    """The block reads the credential from the run context's lookup, not from any store of its own."""
    registry = BlockRegistry()
    core.register(registry)
    http.register(registry)
    sandbox = FlowSandbox(registry)
    asked: list[str] = []

    def lookup(name: str) -> Credential | None:
        asked.append(name)
        return credentials.get(name)

    async def go(**options: Any) -> RunResult:
        install_requester(HttpRequester(transport=httpx.MockTransport(echo)))
        try:
            document = sandbox.single("SE_HttpRequest", {"url": "https://x.test/", "credential": "crm-api"})
            return await sandbox.run_async(document, **options)
        finally:
            await close_requester()

    given = asyncio.run(go(credentials=lookup)).steps[1]
    assert asked == ["crm-api"] and given.outcome == "success"
    assert given.results["body"]["headers"]["authorization"] == "********"
    without = asyncio.run(go()).steps[1]
    assert without.exception == (
        "the credential 'crm-api' cannot be read: this run was given no credential store"
    )


def test_redirects_are_followed_only_without_a_credential(credentials: CredentialStore) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(302, headers={"Location": "https://elsewhere.test/new"})
        return echo(request)

    plain = run_block({"url": "https://x.test/old"}, handler).steps[1]
    assert plain.results["body"]["path"] == "/new"
    guarded = run_block({"url": "https://x.test/old", "credential": "crm-api"}, handler, credentials).steps[1]
    assert (guarded.outcome, guarded.results["status"]) == ("failure", 302)


def test_one_requester_per_loop() -> None:
    async def go() -> None:
        first = current_requester()
        assert current_requester() is first
        await close_requester()
        second = current_requester()
        assert second is not first and not second.closed
        await close_requester()
        assert second.closed

    asyncio.run(go())


class _Handler(JsonHandler):
    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        received = json.loads(self.rfile.read(length))
        self.send_json({"youSent": received, "auth": self.headers.get("Authorization")}, 201)


@pytest.fixture
def local_server() -> Iterator[str]:
    with serve(_Handler) as url:
        yield url


def test_a_real_request_to_a_local_server(local_server: str, credentials: CredentialStore) -> None:
    result = run_block(
        {
            "method": "POST",
            "url": f"{local_server}/cases",
            "body": {"subject": "Broken"},
            "credential": "crm-api",
        },
        credentials=credentials,
    )
    step = result.steps[1]
    assert (step.outcome, step.results["status"]) == ("success", 201)
    assert step.results["body"] == {"youSent": {"subject": "Broken"}, "auth": "********"}


def test_a_requester_made_on_demand_is_closed_when_asyncio_run_ends() -> None:
    made: list[HttpRequester] = []

    async def go() -> None:
        made.append(current_requester())

    asyncio.run(go())
    assert made[0].closed


# ------------------------------------------------------------------------- the requester's I/O thread

WAIT_S = 10.0  # upper bound for what should happen at once; never reached when all is well


async def wait_for_event(event: threading.Event) -> None:
    """Wait for a thread's event without blocking the calling loop."""
    assert await asyncio.get_running_loop().run_in_executor(None, event.wait, WAIT_S)


def test_the_request_is_made_on_the_io_thread_not_the_callers_loop(credentials: CredentialStore) -> None:
    """A transport that blocks until the caller's loop has turned: it would never return if the request
    ran on the caller's loop."""
    turned = threading.Event()
    seen: dict[str, str] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen["request"] = threading.current_thread().name
        assert turned.wait(WAIT_S), "the caller's loop did not turn while the request was waiting"
        return echo(request)

    class WatchedKeyring(MemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            seen.setdefault("credential", threading.current_thread().name)
            return super().get_password(service, username)

    watched = CredentialStore(backend=WatchedKeyring())
    watched.set("crm-api", Credential("bearer", TOKEN))
    seen.clear()
    requester = HttpRequester(watched, httpx.MockTransport(handler))

    async def go() -> Any:
        pending = asyncio.ensure_future(
            requester.request({"url": "https://x.test/", "credential": "crm-api"})
        )
        for _ in range(3):
            await asyncio.sleep(0)
        turned.set()
        try:
            return await pending
        finally:
            await requester.aclose()

    result = asyncio.run(go())
    assert result.outcome == "success"
    assert result.results["body"]["headers"]["authorization"] == "********"
    # The keyring is read off the caller's thread, and off the I/O loop too (it may wait on the desktop).
    assert seen == {"request": "cti-http", "credential": "cti-http-blocking"}


def test_one_requester_serves_two_loops(credentials: CredentialStore) -> None:
    requester = HttpRequester(credentials, httpx.MockTransport(echo))
    outcomes: dict[str, Any] = {}

    def caller(path: str) -> None:
        result = asyncio.run(requester.request({"url": f"https://x.test/{path}", "credential": "crm-api"}))
        outcomes[path] = (result.outcome, result.results["body"]["path"])

    threads = [threading.Thread(target=caller, args=(path,)) for path in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_S)
    asyncio.run(requester.aclose())
    assert outcomes == {"one": ("success", "/one"), "two": ("success", "/two")}


def test_a_run_that_runs_out_of_time_cancels_its_request_on_the_io_thread() -> None:
    started, cancelled = threading.Event(), threading.Event()

    async def never_answers(request: httpx.Request) -> httpx.Response:
        started.set()
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.set()
            raise
        raise AssertionError("unreachable")

    registry = BlockRegistry()
    core.register(registry)
    http.register(registry)
    sandbox = FlowSandbox(registry)

    async def go() -> RunResult:
        install_requester(HttpRequester(transport=httpx.MockTransport(never_answers)))
        try:
            result = await sandbox.run_async(
                sandbox.single("SE_HttpRequest", {"url": "https://x.test/"}), time_limit_s=0.2
            )
            await wait_for_event(cancelled)
            return result
        finally:
            await close_requester()

    result = asyncio.run(go())
    assert started.is_set()
    assert result.status == "timed_out"


def test_closing_stops_the_io_thread_and_later_requests_fail_in_words() -> None:
    requester = HttpRequester(transport=httpx.MockTransport(echo))

    async def go() -> Any:
        install_requester(requester)
        first = await requester.request({"url": "https://x.test/"})
        assert first.outcome == "success"
        await close_requester()
        return await requester.request({"url": "https://x.test/"})

    late = asyncio.run(go())
    assert requester.closed
    assert requester.io.thread is not None and not requester.io.thread.is_alive()
    assert late.outcome == "failure"
    assert late.exception == "the HTTP client has been closed (the app is closing); the request was not sent"


def test_a_requester_that_never_sent_anything_starts_no_thread() -> None:
    async def go() -> HttpRequester:
        requester = current_requester()
        await close_requester()
        return requester

    requester = asyncio.run(go())
    assert requester.closed and not requester.io.started


class _SlowHandler(JsonHandler):
    """Answers once the test lets it (the server's own threads wait; the test never sleeps)."""

    arrived = threading.Event()
    release = threading.Event()

    def do_GET(self) -> None:
        type(self).arrived.set()
        type(self).release.wait(WAIT_S)
        self.send_json({"late": True})


def test_a_slow_local_server_does_not_hold_up_the_callers_loop() -> None:
    _SlowHandler.arrived.clear()
    _SlowHandler.release.clear()
    ticks = 0

    async def go() -> Any:
        nonlocal ticks
        requester = HttpRequester()
        pending = asyncio.ensure_future(requester.request({"url": url}))
        try:
            # The loop keeps turning while the server holds the answer back.
            while not _SlowHandler.arrived.is_set() or ticks < 20:
                await asyncio.sleep(0.001)
                ticks += 1
                assert ticks < WAIT_S * 1000, "the server never received the request"
            assert not pending.done()
            _SlowHandler.release.set()
            return await pending
        finally:
            await requester.aclose()

    with serve(_SlowHandler) as base:
        url = f"{base}/slow"
        try:
            result = asyncio.run(go())
        finally:
            _SlowHandler.release.set()
    assert (result.outcome, result.results["body"]) == ("success", {"late": True})
    assert ticks >= 20


class _KeepAliveHandler(JsonHandler):
    """HTTP/1.1 with keep-alive; counts the connections it accepted and holds each burst's answers
    until the whole burst has arrived, so a burst needs as many connections as it has requests."""

    protocol_version = "HTTP/1.1"
    connections = 0
    burst: threading.Barrier

    def setup(self) -> None:
        super().setup()
        type(self).connections += 1

    def do_GET(self) -> None:
        type(self).burst.wait(WAIT_S)
        self.send_json({})


class _BurstServer(ThreadingHTTPServer):
    request_queue_size = 64  # a burst's connections all wait to be accepted, none is refused


def test_the_requesters_pool_keeps_a_bursts_connections_for_the_next_burst() -> None:
    burst = 30  # more than httpx keeps by default (20)
    _KeepAliveHandler.connections = 0
    _KeepAliveHandler.burst = threading.Barrier(burst)

    async def go() -> None:
        requester = HttpRequester()
        try:
            for _ in range(2):
                results = await asyncio.gather(*(requester.request({"url": url}) for _ in range(burst)))
                assert [r.outcome for r in results] == ["success"] * burst
        finally:
            await requester.aclose()

    with serve(_KeepAliveHandler, _BurstServer) as base:
        url = f"{base}/"
        try:
            asyncio.run(go())
        finally:
            _KeepAliveHandler.burst.abort()
    assert _KeepAliveHandler.connections == burst
