"""What another process changes reaches this app's change bus, marked remote, on either engine: the
command line saving an action is heard as it would be from another seat."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Engine

from cti_desktop.services.changes import Change, ChangeBus, ChangeKind
from cti_desktop.services.live_changes import LiveChanges, LiveStatus, changes_of
from cti_desktop.store.change_log import ChangeRecord, process_origin


def _cli(db_url: str, *arguments: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "cti_desktop", "--db", db_url, *arguments], check=True, capture_output=True
    )


async def _until(predicate: Callable[[], bool], timeout_s: float = 20.0) -> None:
    async def wait() -> None:
        while not predicate():
            await asyncio.sleep(0.02)

    await asyncio.wait_for(wait(), timeout_s)


def test_another_process_s_changes_are_announced_as_remote(engine: Engine, db_url: str) -> None:
    bus = ChangeBus()
    heard: list[Change] = []
    bus.changed.connect(heard.append)
    statuses: list[LiveStatus] = []
    live = LiveChanges(engine, db_url, bus, poll_s=0.1)
    live.status_changed.connect(statuses.append)

    async def scenario() -> None:
        task = asyncio.create_task(live.run())
        if live.pushed:
            await _until(lambda: live.status.live)
        else:
            await asyncio.sleep(0.3)  # the poller has read where the log ends
        await asyncio.to_thread(_cli, db_url, "properties", "set", "queue", "Billing")
        await _until(lambda: bool(heard))
        await live.stop()
        await asyncio.wait_for(task, 10)

    asyncio.run(scenario())
    assert heard == [Change(ChangeKind.PROPERTY, ("queue",), removed=False, remote=True)]
    if live.pushed:
        assert statuses[-1].text == "Database: live" and statuses[-1].live
    else:
        assert statuses == []  # one PC: nothing to say in the status bar


def test_this_process_s_own_changes_are_not_announced_twice() -> None:
    now = datetime.now(UTC)

    def record(number: int, kind: str, row: str, origin: str, removed: bool = False) -> ChangeRecord:
        return ChangeRecord(number, kind, row, None, removed, "", "", origin, now)

    records = [
        record(1, "action", "4", "elsewhere"),
        record(2, "action", "5", "elsewhere"),
        record(3, "action", "6", process_origin()),
        record(4, "flow", "2", "elsewhere", removed=True),
        record(5, "property", "", "elsewhere", removed=True),
    ]
    assert changes_of(records, process_origin()) == [
        Change(ChangeKind.ACTION, (4, 5), remote=True),
        Change(ChangeKind.FLOW, (2,), removed=True, remote=True),
        Change(ChangeKind.PROPERTY, (), removed=True, remote=True),
    ]
