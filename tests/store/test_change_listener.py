"""A seat follows the change log of a PostgreSQL store: woken by NOTIFY, caught up from the log after a
lost notification or a dropped connection, and never applying a change twice or out of order."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence

import psycopg
import pytest
from sqlalchemy import Engine, text

from cti_desktop.store import change_log
from cti_desktop.store.change_listener import ChangeListener, FeedState, FeedStatus, conninfo
from cti_desktop.store.database import ServerOptions, open_store
from cti_desktop.store.properties import PropertyStore


@pytest.fixture
def pg_engine(postgres_url: str) -> Iterator[Engine]:
    engine = open_store(postgres_url)
    yield engine
    engine.dispose()


class Seat:
    def __init__(self, url: str, after_id: int = 0) -> None:
        self.applied: list[change_log.ChangeRecord] = []
        self.statuses: list[FeedStatus] = []
        self.listener = ChangeListener(
            conninfo(url, ServerOptions(application_name="cti-desktop-test-seat")),
            self._apply,
            after_id=after_id,
            on_status=self.statuses.append,
            first_retry_s=0.05,
            longest_retry_s=0.2,
        )

    def _apply(self, records: Sequence[change_log.ChangeRecord]) -> None:
        self.applied.extend(records)

    def keys(self) -> list[str]:
        return [record.row_id for record in self.applied]

    async def until(self, predicate: object, timeout_s: float = 10.0) -> None:
        async def wait() -> None:
            while not predicate():  # type: ignore[operator]
                await asyncio.sleep(0.01)

        await asyncio.wait_for(wait(), timeout_s)


def _set(engine: Engine, *keys: str) -> None:
    properties = PropertyStore(engine)
    for key in keys:
        properties.set(key, key)


async def _with_seat(seat: Seat, body: object) -> None:
    task = asyncio.create_task(seat.listener.run())
    try:
        await asyncio.wait_for(seat.listener.wait_live(), 10)
        await body()  # type: ignore[operator]
    finally:
        await seat.listener.stop()
        await asyncio.wait_for(task, 10)


def test_changes_reach_a_listening_seat_in_order(pg_engine: Engine, postgres_url: str) -> None:
    seat = Seat(postgres_url)

    async def body() -> None:
        await asyncio.to_thread(_set, pg_engine, "a", "b", "c")
        await seat.until(lambda: len(seat.applied) == 3)

    asyncio.run(_with_seat(seat, body))
    assert seat.keys() == ["a", "b", "c"]
    assert [record.id for record in seat.applied] == sorted(record.id for record in seat.applied)
    assert seat.statuses[-1].state == FeedState.STOPPED


def test_a_seat_starting_late_catches_up_from_its_last_id(pg_engine: Engine, postgres_url: str) -> None:
    _set(pg_engine, "before")
    seen = change_log.latest_id(pg_engine)
    _set(pg_engine, "missed1", "missed2")
    seat = Seat(postgres_url, after_id=seen)

    async def body() -> None:
        await seat.until(lambda: len(seat.applied) == 2)
        await asyncio.to_thread(_set, pg_engine, "live")
        await seat.until(lambda: len(seat.applied) == 3)

    asyncio.run(_with_seat(seat, body))
    assert seat.keys() == ["missed1", "missed2", "live"]


def test_a_lost_notification_is_read_from_the_log(pg_engine: Engine, postgres_url: str) -> None:
    seat = Seat(postgres_url)

    async def body() -> None:
        # A change row written without its NOTIFY, as when a notification is lost.
        with pg_engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO change (kind, row_id, removed, author, host, origin, at) "
                    "VALUES ('property', 'silent', false, '', '', '', now())"
                )
            )
        await asyncio.to_thread(_set, pg_engine, "loud")
        await seat.until(lambda: len(seat.applied) == 2)

    asyncio.run(_with_seat(seat, body))
    assert seat.keys() == ["silent", "loud"]


def test_a_dropped_connection_reconnects_and_applies_what_it_missed(
    pg_engine: Engine, postgres_url: str
) -> None:
    seat = Seat(postgres_url)

    async def body() -> None:
        await asyncio.to_thread(_set, pg_engine, "first")
        await seat.until(lambda: len(seat.applied) == 1)
        with pg_engine.begin() as connection:
            # What a server restart or a failover does to every seat's connection.
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = 'cti-desktop-test-seat'"
                )
            )
        await asyncio.to_thread(_set, pg_engine, "meanwhile1", "meanwhile2")
        await seat.until(lambda: any(s.reconnected for s in seat.statuses))
        await seat.until(lambda: len(seat.applied) == 3)
        await asyncio.to_thread(_set, pg_engine, "after")
        await seat.until(lambda: len(seat.applied) == 4)

    asyncio.run(_with_seat(seat, body))
    assert seat.keys() == ["first", "meanwhile1", "meanwhile2", "after"]
    states = [s.state for s in seat.statuses]
    assert FeedState.RECONNECTING in states
    back = next(s for s in seat.statuses if s.reconnected)
    assert back.state == FeedState.LIVE and back.caught_up in (0, 1, 2)
    assert any(s.error for s in seat.statuses if s.state == FeedState.RECONNECTING)


def test_an_unreachable_server_is_retried_with_the_reason_reported() -> None:
    dead = "host=127.0.0.1 port=1 user=postgres dbname=postgres connect_timeout=1"
    statuses: list[FeedStatus] = []
    listener = ChangeListener(dead, lambda _: None, on_status=statuses.append, first_retry_s=0.01)

    async def body() -> None:
        task = asyncio.create_task(listener.run())
        while sum(s.state == FeedState.RECONNECTING and bool(s.error) for s in statuses) < 2:
            await asyncio.sleep(0.01)
        await listener.stop()
        await asyncio.wait_for(task, 10)

    asyncio.run(asyncio.wait_for(body(), 20))
    failure = next(s for s in statuses if s.error)
    assert "refused" in failure.error.lower() or "connect" in failure.error.lower()
    assert not listener.is_live


def test_the_connection_string_carries_the_seat_options() -> None:
    dsn = conninfo(
        "postgresql+psycopg://agent:pw@db.example:5433/cti?sslmode=require",
        ServerOptions(connect_timeout_s=7, application_name="cti-desktop/pc1", sslrootcert="/ca.pem"),
    )
    parts = psycopg.conninfo.conninfo_to_dict(dsn)
    assert parts["host"] == "db.example" and parts["port"] == "5433" and parts["dbname"] == "cti"
    assert parts["sslmode"] == "require" and parts["sslrootcert"] == "/ca.pem"
    assert parts["connect_timeout"] == "7" and parts["application_name"] == "cti-desktop/pc1"
    assert parts["password"] == "pw"
