"""SE_HttpRequest (flows/blocks/http.py) against httpx's mock transport and a local HTTP server."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from cti_desktop.flows.blocks import core, http
from cti_desktop.flows.blocks.http import HttpRequester, close_requester, current_requester, install_requester
from cti_desktop.flows.executor import RunResult
from cti_desktop.flows.registry import BlockRegistry
from cti_desktop.flows.sandbox import FlowSandbox
from cti_desktop.services.credentials import Credential, CredentialStore
from cti_desktop.services.memory_keyring import MemoryKeyring

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
        ({"url": "https://x.test/", "method": "FETCH"}, "'FETCH' is not an HTTP method"),
        ({"url": "https://x.test/", "headers": "nope"}, "'headers' must be name/value pairs"),
        ({"url": "https://x.test/", "query": [1]}, "'query' must be name/value pairs"),
        ({"url": "https://x.test/", "timeoutMs": "soon"}, "'timeoutMs' must be a number"),
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


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        received = json.loads(self.rfile.read(length))
        body = json.dumps({"youSent": received, "auth": self.headers.get("Authorization")}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


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
