"""The I/O thread (flows/http_thread.py): its own loop, awaited from any loop, cancelled with its caller,
stopped cleanly."""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import Iterator
from types import SimpleNamespace

import pytest

from cti_desktop.flows import http_thread
from cti_desktop.flows.http_thread import IoThread, IoThreadClosed

WAIT_S = 10.0  # upper bound for anything that should happen at once; never reached when all is well


@pytest.fixture
def io() -> Iterator[IoThread]:
    thread = IoThread("test-io")
    yield thread
    thread.close()


async def wait_for_event(event: threading.Event) -> None:
    """Wait for a thread's event without blocking the calling loop."""
    assert await asyncio.get_running_loop().run_in_executor(None, event.wait, WAIT_S)


def test_starts_with_the_first_coroutine_and_runs_it_on_its_own_daemon_thread(io: IoThread) -> None:
    async def where() -> threading.Thread:
        return threading.current_thread()

    assert not io.started
    ran_on = asyncio.run(io.run(where()))
    assert io.started and ran_on is io.thread
    assert ran_on is not threading.current_thread()
    assert ran_on.daemon and ran_on.name == "test-io"


def test_serves_callers_on_two_loops_at_once(io: IoThread) -> None:
    """Each caller waits until both are in flight together, so neither can be served after the other."""
    both_in: list[asyncio.Event] = []
    count = [0]

    async def meet(caller: str) -> str:
        if not both_in:
            both_in.append(asyncio.Event())  # made on the I/O loop, where it is used
        count[0] += 1
        if count[0] == 2:
            both_in[0].set()
        await asyncio.wait_for(both_in[0].wait(), WAIT_S)
        return f"{caller} served on {threading.current_thread().name}"

    answers: dict[str, str] = {}

    def caller(name: str) -> None:
        answers[name] = asyncio.run(io.run(meet(name)))

    threads = [threading.Thread(target=caller, args=(name,)) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_S)
    assert answers == {"first": "first served on test-io", "second": "second served on test-io"}


def test_an_exception_reaches_the_caller(io: IoThread) -> None:
    async def fail() -> None:
        raise ValueError("bad answer")

    with pytest.raises(ValueError, match="bad answer"):
        asyncio.run(io.run(fail()))


def test_cancelling_the_caller_cancels_the_coroutine_on_the_io_thread(io: IoThread) -> None:
    started, cancelled = threading.Event(), threading.Event()

    async def forever() -> None:
        started.set()
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    async def go() -> None:
        task = asyncio.create_task(io.run(forever()))
        await wait_for_event(started)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await wait_for_event(cancelled)

    asyncio.run(go())
    assert not io.closed  # one cancelled request does not stop the thread


def test_a_time_limit_on_the_caller_reaches_the_io_thread(io: IoThread) -> None:
    cancelled = threading.Event()

    async def forever() -> None:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    async def go() -> None:
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(io.run(forever()), 0.05)
        await wait_for_event(cancelled)

    asyncio.run(go())


def test_stopping_cancels_what_runs_runs_the_clean_ups_and_ends_the_thread(io: IoThread) -> None:
    cleaned: list[str] = []
    started = threading.Event()

    async def forever() -> None:
        started.set()
        await asyncio.sleep(3600)

    async def clean_up() -> None:
        cleaned.append(threading.current_thread().name)

    io.at_stop(clean_up)

    async def go() -> None:
        pending = io.submit(forever())
        await wait_for_event(started)
        await io.aclose()
        assert pending.cancelled()

    asyncio.run(go())
    assert cleaned == ["test-io"]
    assert io.closed and io.thread is not None and not io.thread.is_alive()


def test_nothing_runs_after_it_stopped(io: IoThread) -> None:
    async def never() -> None:
        raise AssertionError("ran on a stopped thread")

    io.close()
    assert io.closed and not io.started  # stopped before it ever started: no thread was made
    coroutine = never()
    with pytest.raises(IoThreadClosed):
        io.submit(coroutine)
    # Closed, so no "never awaited" warning.
    assert inspect.getcoroutinestate(coroutine) == inspect.CORO_CLOSED


def test_a_clean_up_that_hangs_does_not_hang_stopping(io: IoThread, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http_thread, "STOP_TIMEOUT_S", 0.1)

    async def hang() -> None:
        await asyncio.Event().wait()

    async def start() -> None:
        pass

    io.at_stop(hang)
    asyncio.run(io.run(start()))
    io.close()
    assert io.thread is not None
    io.thread.join(WAIT_S)
    assert not io.thread.is_alive()


def test_threads_still_running_at_exit_are_stopped(io: IoThread) -> None:
    async def start() -> None:
        pass

    asyncio.run(io.run(start()))
    assert io in http_thread._live
    http_thread._stop_all()
    assert io.closed and io.thread is not None and not io.thread.is_alive()
    assert io not in http_thread._live


def test_blocking_calls_run_beside_the_io_loop_which_keeps_serving(io: IoThread) -> None:
    release = threading.Event()

    def blocking(value: int) -> tuple[int, str]:
        # Released by a coroutine on the I/O loop: this only returns if that loop is not blocked.
        assert release.wait(WAIT_S)
        return value * 2, threading.current_thread().name

    async def call() -> tuple[int, str]:
        return await io.call_blocking(blocking, 21)

    async def free() -> None:
        release.set()

    async def go() -> tuple[int, str]:
        waiting = asyncio.ensure_future(io.run(call()))
        await io.run(free())
        return await waiting

    assert asyncio.run(go()) == (42, "test-io-blocking")


def test_a_blocking_calls_exception_reaches_the_coroutine(io: IoThread) -> None:
    def fail() -> None:
        raise KeyError("locked")

    async def call() -> None:
        await io.call_blocking(fail)

    with pytest.raises(KeyError, match="locked"):
        asyncio.run(io.run(call()))


def test_blocking_calls_are_only_for_the_io_loop(io: IoThread) -> None:
    async def go() -> None:
        await io.call_blocking(print)

    with pytest.raises(RuntimeError, match="I/O thread"):
        asyncio.run(go())


# ------------------------------------------------------------------ crossing threads in batches


def test_what_one_turn_asks_for_goes_over_in_one_wake_up_and_comes_back_in_one_call(
    io: IoThread, monkeypatch: pytest.MonkeyPatch
) -> None:
    batches: list[int] = []
    answers: list[int] = []
    start_jobs = IoThread._start_jobs
    answer = http_thread._answer

    def counted_start(self: IoThread, jobs: list[http_thread._Job]) -> None:
        batches.append(len(jobs))
        start_jobs(self, jobs)

    def counted_answer(jobs: list[http_thread._Job]) -> None:
        answers.append(len(jobs))
        answer(jobs)

    monkeypatch.setattr(IoThread, "_start_jobs", counted_start)
    monkeypatch.setattr(http_thread, "_answer", counted_answer)

    async def double(value: int) -> int:
        return value * 2

    async def go() -> list[int]:
        return await asyncio.gather(*(io.run(double(n)) for n in range(10)))

    assert asyncio.run(go()) == [n * 2 for n in range(10)]
    # Ten coroutines asked for in one turn of the caller's loop, finished in one turn of the I/O loop.
    assert batches == [10] and answers == [10]


def test_a_caller_that_gives_up_before_the_hand_over_never_starts_its_coroutine(io: IoThread) -> None:
    ran: list[str] = []

    async def work() -> None:
        ran.append("ran")

    coroutine = work()

    async def go() -> None:
        task = asyncio.ensure_future(io.run(coroutine))
        await asyncio.sleep(0)  # the task has asked; the hand-over waits for the end of this turn
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert await io.run(asyncio.sleep(0, "still serving")) == "still serving"

    asyncio.run(go())
    assert ran == []
    assert inspect.getcoroutinestate(coroutine) == inspect.CORO_CLOSED


def test_what_is_asked_for_as_the_thread_stops_fails_as_asking_a_stopped_thread_does(io: IoThread) -> None:
    async def work() -> str:
        return "never"

    async def go() -> None:
        await io.run(asyncio.sleep(0))  # the thread runs
        task = asyncio.ensure_future(io.run(work()))
        await asyncio.sleep(0)  # asked for, not handed over yet
        await io.aclose()
        with pytest.raises(IoThreadClosed):
            await task

    asyncio.run(go())


def test_the_io_thread_lets_go_of_the_lock_once_per_stretch_of_work(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [100.0]
    slept: list[float] = []
    monkeypatch.setattr(
        http_thread, "time", SimpleNamespace(perf_counter=lambda: clock[0], sleep=slept.append)
    )
    io = IoThread("test-io")
    io.breathe()
    assert slept == [http_thread.BREATHE_S]
    clock[0] += http_thread.BREATHE_EVERY_S / 2
    io.breathe()  # too soon: no sleep
    assert len(slept) == 1
    clock[0] += http_thread.BREATHE_EVERY_S
    io.breathe()
    assert len(slept) == 2
