"""The lean httpcore pool (compat/httpcore_pool.py): its bookkeeping, against stand-ins for httpcore's
connections, and when it is applied."""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path
from types import SimpleNamespace

import httpcore
import httpx
import pytest

from cti_desktop.compat import httpcore_pool


class _Connection:
    """Stands for one of httpcore's HTTP/1.1 connections in the pool's bookkeeping."""

    def __init__(self, origin: str, state: str = "idle", expired: bool = False) -> None:
        self.origin, self.state, self.expired = origin, state, expired
        self.probed = 0

    def is_closed(self) -> bool:
        return self.state == "closed"

    def is_idle(self) -> bool:
        return self.state == "idle"

    def has_expired(self) -> bool:
        self.probed += 1
        return self.expired

    def can_handle_request(self, origin: str) -> bool:
        return origin == self.origin


class _Request:
    def __init__(self, origin: str, connection: _Connection | None = None) -> None:
        self.request = SimpleNamespace(url=SimpleNamespace(origin=origin))
        self.connection = connection

    def assign_to_connection(self, connection: _Connection) -> None:
        self.connection = connection


class _Pool:
    def __init__(
        self, connections: list[_Connection], requests: list[_Request], limit: int, idle: int
    ) -> None:
        self._connections, self._requests = connections, requests
        self._max_connections, self._max_keepalive_connections = limit, idle
        self.next_probe = 0.0
        self.made: list[_Connection] = []

    def create_connection(self, origin: str) -> _Connection:
        connection = _Connection(origin, state="new")
        self.made.append(connection)
        return connection


A, B = "http://a", "http://b"


def test_the_pool_reuses_an_idle_connection_and_counts_only_idle_ones_against_the_keep_alive_limit() -> None:
    busy = [_Connection(A, "active") for _ in range(3)]
    idle = [_Connection(A), _Connection(A)]
    request = _Request(A)
    pool = _Pool([*busy, *idle], [_Request(A, c) for c in busy] + [request], limit=10, idle=2)
    assert httpcore_pool.assign_connections(pool) == []
    assert request.connection is idle[0] and pool.made == []
    assert pool._connections == [*busy, *idle]


def test_the_pool_closes_idle_connections_beyond_the_keep_alive_limit_oldest_first() -> None:
    idle = [_Connection(A) for _ in range(4)]
    pool = _Pool(list(idle), [], limit=10, idle=1)
    assert httpcore_pool.assign_connections(pool) == idle[:3]
    assert pool._connections == idle[3:]


def test_a_connection_given_to_a_request_that_has_not_started_is_not_given_again() -> None:
    promised = _Connection(A)  # still idle: its request has not sent anything yet
    waiting = _Request(A)
    pool = _Pool([promised], [_Request(A, promised), waiting], limit=10, idle=10)
    httpcore_pool.assign_connections(pool)
    assert waiting.connection is not promised and waiting.connection is pool.made[0]


def test_a_connection_the_server_hung_up_on_is_closed_not_reused() -> None:
    dead, alive = _Connection(A, expired=True), _Connection(A)
    request = _Request(A)
    pool = _Pool([dead, alive], [request], limit=10, idle=10)
    pool.next_probe = float("inf")  # between sweeps: the connection about to be reused is still probed
    assert httpcore_pool.assign_connections(pool) == [dead]
    assert request.connection is alive and pool._connections == [alive]


def test_at_the_limit_an_idle_connection_elsewhere_makes_room_and_otherwise_the_request_waits() -> None:
    busy, elsewhere = _Connection(A, "active"), _Connection(B)
    request = _Request(A)
    pool = _Pool([busy, elsewhere], [_Request(A, busy), request], limit=2, idle=10)
    assert httpcore_pool.assign_connections(pool) == [elsewhere]
    assert request.connection is pool.made[0] and pool._connections == [busy, pool.made[0]]

    queued = _Request(A)
    pool._requests.append(queued)
    assert httpcore_pool.assign_connections(pool) == []
    assert queued.connection is None  # both connections are busy: it waits for one
    assert pool._connections == [busy, pool.made[0]]


def test_between_sweeps_an_answer_that_nobody_waits_for_leaves_the_pool_as_it_is() -> None:
    closed, idle = _Connection(A, "closed"), _Connection(A)
    pool = _Pool([closed, idle], [], limit=10, idle=0)
    pool.next_probe = float("inf")
    assert httpcore_pool.assign_connections(pool) == []
    assert pool._connections == [closed, idle] and idle.probed == 0


def test_closed_connections_leave_the_pool() -> None:
    closed, idle = _Connection(A, "closed"), _Connection(A)
    pool = _Pool([closed, idle], [], limit=10, idle=10)
    assert httpcore_pool.assign_connections(pool) == []
    assert pool._connections == [idle]


def test_once_applied_transports_use_the_lean_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(httpcore_pool, "_requested", False)
    monkeypatch.setattr(httpcore_pool, "_usable", None)
    plain = httpcore_pool.transport(httpx.Limits())
    assert type(getattr(plain, "_pool", None)) is httpcore.AsyncConnectionPool
    httpcore_pool.apply()
    lean = httpcore_pool.transport(httpx.Limits())
    assert type(getattr(lean, "_pool", None)) is httpcore_pool.lean_pool_class()


def test_outside_the_tested_versions_it_stays_off_and_says_why(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(httpcore_pool, "_requested", False)
    monkeypatch.setattr(httpcore_pool, "_usable", None)
    monkeypatch.setattr(httpcore, "__version__", "1.1.0")
    httpcore_pool.apply()
    with caplog.at_level(logging.WARNING, logger=httpcore_pool.__name__):
        transport = httpcore_pool.transport(httpx.Limits())
    assert type(getattr(transport, "_pool", None)) is httpcore.AsyncConnectionPool
    assert not httpcore_pool.applied()
    assert (
        "httpcore 1.1.0 is not a version the lean connection pool was tested on (>=1.0.9,<1.1)" in caplog.text
    )


@pytest.mark.parametrize(
    ("version", "supported"),
    [
        ("1.0.9", True),
        ("1.0.12", True),
        ("1.0.8", False),
        ("1.1.0", False),
        ("2.0", False),
        ("1.0.dev1", False),
    ],
)
def test_the_tested_versions(version: str, supported: bool) -> None:
    assert httpcore_pool.supports(version) is supported


def test_the_declared_dependency_bounds_are_the_tested_versions() -> None:
    pyproject = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())
    low, high = (".".join(map(str, bound)) for bound in httpcore_pool.TESTED)
    assert f"httpcore>={low},<{high}" in pyproject["project"]["dependencies"]


def test_the_command_line_applies_it_at_start_up(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from cti_desktop.cli import main

    monkeypatch.setattr(httpcore_pool, "_requested", False)
    assert main(["--db", db_url, "properties", "list"]) == 0
    assert httpcore_pool._requested
