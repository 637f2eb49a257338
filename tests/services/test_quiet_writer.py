"""The store's background writer: order, the quiet wait, errors and shutting down."""

from __future__ import annotations

import threading

import pytest

from cti_desktop.services.quiet_writer import QuietWriter


def test_the_writer_runs_jobs_in_order_once_their_quiet_time_is_over() -> None:
    writer = QuietWriter(quiet_s=60.0)
    done: list[int] = []
    futures = [writer.submit(done.append, n) for n in range(3)]
    failing = writer.submit(int, "not a number")
    # A minute of quiet: nothing has run yet, and the jobs wait as a list, not on the worker.
    assert done == [] and not any(f.done() for f in futures)
    assert writer.busy
    writer.hurry()
    assert [f.result(timeout=5) for f in futures] == [None, None, None]
    assert done == [0, 1, 2]
    with pytest.raises(ValueError, match="invalid literal"):
        failing.result(timeout=5)
    writer.shutdown()
    assert not writer.busy
    with pytest.raises(RuntimeError, match="after shutdown"):
        writer.submit(done.append, 3)


def test_shutting_the_writer_down_can_drop_what_waits() -> None:
    writer = QuietWriter(quiet_s=60.0)
    gate = threading.Event()
    first = writer.submit(gate.wait, 5)
    second = writer.submit(int, "1")
    writer.hurry()
    while not first.running():
        gate.wait(0.001)
    writer.shutdown(wait=False, cancel_futures=True)
    gate.set()
    assert first.result(timeout=5) is True
    assert second.cancelled()
    writer.shutdown()
