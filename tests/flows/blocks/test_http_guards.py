"""SE_HttpRequest's guards: timeoutMs as a deadline for the whole exchange, and the hosts a flow may
reach (flows/host_policy.py; docs/flows.md, "HTTP Request")."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from cti_desktop.flows.blocks import core, http
from cti_desktop.flows.blocks.http import HttpRequester, close_requester, install_requester
from cti_desktop.flows.host_policy import HostPolicy, valid_host_pattern
from cti_desktop.flows.registry import BlockRegistry
from cti_desktop.flows.results import StepTrace
from cti_desktop.flows.sandbox import FlowSandbox
from tests.local_http import JsonHandler, serve


def request_step(
    controls: dict[str, Any],
    hosts: HostPolicy | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> StepTrace:
    registry = BlockRegistry()
    core.register(registry)
    http.register(registry)
    sandbox = FlowSandbox(registry, http_hosts=hosts)

    async def go() -> StepTrace:
        install_requester(HttpRequester(transport=transport))
        try:
            result = await sandbox.run_async(sandbox.single("SE_HttpRequest", controls))
        finally:
            await close_requester()
        return result.steps[1]

    return asyncio.run(go())


class _Trickle(JsonHandler):
    """Promises 100 bytes and sends one every 0.3 s: every read succeeds well within a second."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "100")
        self.end_headers()
        for _ in range(100):
            try:
                self.wfile.write(b"x")
                self.wfile.flush()
            except OSError:
                return  # the client gave up, as it should
            time.sleep(0.3)


@pytest.fixture
def trickling_server() -> Iterator[str]:
    with serve(_Trickle) as url:
        yield url


def test_the_timeout_is_a_deadline_for_the_whole_exchange(trickling_server: str) -> None:
    began = time.monotonic()
    step = request_step({"url": f"{trickling_server}/slow", "timeoutMs": 1000})
    took = time.monotonic() - began
    assert step.exception == f"GET {trickling_server}/slow got no answer within 1000 ms"
    assert 0.9 <= took < 1.8, f"the request took {took:.2f} s"


class Recorder:
    """A transport that answers 200 and remembers the hosts it was asked for."""

    def __init__(self, redirect_to: str = "") -> None:
        self.hosts: list[str] = []
        self.redirect_to = redirect_to

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.hosts.append(request.url.host)
        if self.redirect_to and request.url.path == "/old":
            return httpx.Response(302, headers={"Location": self.redirect_to})
        return httpx.Response(200, json={"ok": True})

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://169.254.10.1:8080/", "169.254.10.1"),
        ("http://[fe80::1]/", "fe80::1"),
        ("http://[::ffff:169.254.169.254]/", "::ffff:a9fe:a9fe"),
        ("http://[fd00:ec2::254]/", "fd00:ec2::254"),
    ],
)
def test_link_local_and_metadata_addresses_are_refused(url: str, address: str) -> None:
    recorder = Recorder()
    step = request_step({"url": url}, transport=recorder.transport())
    assert step.outcome == "failure"
    assert f"is a link-local or cloud metadata address ({address})" in step.exception
    assert "http_allowed_hosts" in step.exception and step.exception.startswith(f"GET {url} was refused: ")
    assert recorder.hosts == []


@pytest.fixture
def metadata_name(monkeypatch: pytest.MonkeyPatch) -> str:
    """A host name whose address is the cloud metadata address (as a hostile DNS answer would be)."""
    real = socket.getaddrinfo

    def resolve(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "innocent.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("169.254.169.254", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    return "innocent.example"


def test_a_name_resolving_to_a_metadata_address_is_refused(metadata_name: str) -> None:
    recorder = Recorder()
    step = request_step({"url": f"http://{metadata_name}/"}, transport=recorder.transport())
    assert "'innocent.example' is a link-local or cloud metadata address (169.254.169.254)" in step.exception
    assert recorder.hosts == []


def test_a_redirect_to_a_metadata_address_is_refused() -> None:
    recorder = Recorder(redirect_to="http://169.254.169.254/latest/")
    step = request_step({"url": "https://93.184.216.34/old"}, transport=recorder.transport())
    assert step.exception.startswith("GET http://169.254.169.254/latest/ was refused: ")
    assert recorder.hosts == ["93.184.216.34"]


def test_a_listed_metadata_address_is_reached() -> None:
    recorder = Recorder()
    hosts = HostPolicy.of(["169.254.169.254"])
    step = request_step({"url": "http://169.254.169.254/x"}, hosts, recorder.transport())
    assert (step.outcome, recorder.hosts) == ("success", ["169.254.169.254"])


def test_with_an_allow_list_only_the_listed_hosts_are_reached() -> None:
    hosts = HostPolicy.of(["api.example.com", "*.corp.example", "10.0.0.5"])
    for url in ("https://API.example.com/v1", "https://crm.corp.example/", "http://10.0.0.5:8080/"):
        recorder = Recorder()
        assert request_step({"url": url}, hosts, recorder.transport()).outcome == "success", url
    for url in (
        "https://example.com/",
        "https://corp.example/",
        "https://evilcorp.example/",
        "http://10.0.0.6/",
    ):
        recorder = Recorder()
        step = request_step({"url": url}, hosts, recorder.transport())
        assert "is not among the hosts this machine allows flows to reach" in step.exception, url
        assert recorder.hosts == []


@pytest.mark.parametrize(
    ("pattern", "valid"),
    [
        ("api.example.com", True),
        ("*.corp.example", True),
        ("169.254.169.254", True),
        ("fe80::1", True),
        ("localhost", True),
        ("", False),
        ("*", False),
        ("api.*.com", False),
        ("http://api.example.com", False),
        ("a..b", False),
        (" api.example.com", False),
    ],
)
def test_host_patterns(pattern: str, valid: bool) -> None:
    assert valid_host_pattern(pattern) is valid
