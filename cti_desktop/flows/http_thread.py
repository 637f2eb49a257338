"""A thread of its own, with its own asyncio loop, for network I/O that must not run on the caller's loop.

The app runs flows on the GUI thread's loop (qasync). Connection pools, HTTP parsing and decoding bodies
cost little per request but add up when a hundred flows wait on the network at once, long enough to freeze
the overlay. `IoThread.run(coro)` runs a coroutine on the I/O loop and is awaitable from any loop; if the
caller is cancelled, so is the coroutine on the I/O thread.

The I/O thread lets go of the interpreter lock for a moment once per millisecond of work (`breathe`).
A thread that only lets go of it for system calls that return at once (a socket's send, a poll that does
not wait) takes it right back: the thread waiting for it (the GUI's) is woken, finds it taken again, and
its wait for a forced switch (the switch interval) starts over. Measured here, a thread doing 0.2 ms of
Python between such calls kept another waiting 100 ms to 2.8 s, whatever the switch interval; sleeping
50 µs every millisecond brought that to under 3 ms.

Crossing threads is batched both ways. Every wake-up of the other thread's loop is a system call that
releases the interpreter lock, and a busy thread that takes it keeps it for up to the switch interval
(5 ms): a hundred flows started in one turn of the GUI loop, each waking the I/O loop, held the GUI thread
up for 15 to 30 ms. So the coroutines asked for in one turn of a caller's loop go over in one wake-up at
the end of that turn, and the answers finished in one turn of the I/O loop go back in one call per caller
loop (under qasync, each call from another thread is a Qt event the GUI thread must take the lock for).

The thread starts with the first coroutine and stops with `aclose()`/`close()`, or at interpreter exit.
It is a daemon: a server that never answers cannot keep the app from exiting. Blocking calls (such as a
credential store that waits on the desktop's keyring) go to `call_blocking`, one helper daemon thread,
so they do not hold up the I/O loop either.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import logging
import queue
import threading
import time
import weakref
from collections.abc import Awaitable, Callable, Coroutine
from functools import partial
from typing import Any, Final, TypeVar

T = TypeVar("T")

log = logging.getLogger(__name__)

# How long stopping waits for cancelled work and clean-ups before the thread is left to die with the
# process: a hung server must not hang the app's exit.
STOP_TIMEOUT_S: Final = 2.0
# The I/O thread sleeps BREATHE_S once per BREATHE_EVERY_S of work, so that a thread waiting for the
# interpreter lock gets it (see the module's doc).
BREATHE_EVERY_S: Final = 0.001
BREATHE_S: Final = 0.00005


class IoThreadClosed(RuntimeError):
    """The I/O thread has been stopped; nothing more can run on it."""


class IoThread:
    def __init__(self, name: str = "cti-io") -> None:
        self.name = name
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stopped: concurrent.futures.Future[None] = concurrent.futures.Future()
        self._closed = False
        self._at_stop: list[Callable[[], Awaitable[None]]] = []
        self._blocking: _BlockingWorker | None = None
        # Jobs asked for in this turn of each caller's loop, not yet handed to the I/O loop (under _lock).
        self._inbox: dict[asyncio.AbstractEventLoop, list[_Job]] = {}
        # Jobs handed over and not yet answered (under _lock): answered as cancelled if the thread stops.
        self._pending: set[_Job] = set()
        # Answers of this turn of the I/O loop, by caller loop (I/O thread only).
        self._outbox: dict[asyncio.AbstractEventLoop, list[_Job]] = {}
        self._ended = False  # the I/O loop has stopped for good (under _lock)
        self._breathed = 0.0  # when the I/O thread last let go of the interpreter lock (I/O thread only)

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def started(self) -> bool:
        return self._thread is not None

    @property
    def thread(self) -> threading.Thread | None:
        return self._thread

    def at_stop(self, cleanup: Callable[[], Awaitable[None]]) -> None:
        """Run this coroutine function on the I/O loop when it stops (closing a connection pool)."""
        self._at_stop.append(cleanup)

    def submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        """Schedule the coroutine on the I/O loop, starting the thread if needed."""
        with self._lock:
            if self._closed:
                coro.close()  # never started: no "was never awaited" warning
                raise IoThreadClosed(f"the {self.name} thread has been stopped")
            loop = self._loop if self._loop is not None else self._start()
            return asyncio.run_coroutine_threadsafe(coro, loop)

    async def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run the coroutine on the I/O thread and wait for it without blocking the caller's loop.
        Cancelling the caller cancels the coroutine there. It starts at the end of the caller loop's
        current turn, together with the others asked for in that turn (see the module's doc)."""
        loop = asyncio.get_running_loop()
        job: _Job = _Job(coro, loop, loop.create_future())
        with self._lock:
            if self._closed:
                coro.close()  # never started: no "was never awaited" warning
                raise IoThreadClosed(f"the {self.name} thread has been stopped")
            if self._loop is None:
                self._start()
            waiting = self._inbox.setdefault(loop, [])
            waiting.append(job)
            if len(waiting) == 1:
                loop.call_soon(self._hand_over, loop)
        try:
            return await job.waiter
        except asyncio.CancelledError:
            self._withdraw(job)
            raise

    def _hand_over(self, caller: asyncio.AbstractEventLoop) -> None:
        """On the caller's loop, at the end of a turn: start this turn's jobs with one wake-up."""
        with self._lock:
            jobs = self._inbox.pop(caller, [])
            loop = self._loop
            # Stopped meanwhile: these never start (checked under the lock that the thread's end takes).
            gone = self._closed or self._ended or loop is None
            if not gone:
                self._pending.update(jobs)
        if gone or (jobs and loop is None):
            self._abandon(jobs)
        elif jobs and loop is not None:
            loop.call_soon_threadsafe(self._start_jobs, jobs)

    def _withdraw(self, job: _Job) -> None:
        """The caller gave up (cancelled, timed out): drop the job, or cancel its coroutine."""
        with self._lock:
            waiting = self._inbox.get(job.loop)
            if waiting is not None and job in waiting:
                waiting.remove(job)
                job.coro.close()
                return
            loop = self._loop if job in self._pending else None
        if loop is not None:
            # Queued behind the call that starts the job, so its task exists by then.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(_cancel_task, job)

    def _start_jobs(self, jobs: list[_Job]) -> None:
        """On the I/O loop."""
        loop = asyncio.get_running_loop()
        for job in jobs:
            if job.waiter.cancelled():  # read across threads: at worst a task that is cancelled at once
                self._settled(job)
                job.coro.close()
                continue
            job.task = loop.create_task(job.coro)
            job.task.add_done_callback(partial(self._finished, job))

    def _finished(self, job: _Job, task: asyncio.Task[Any]) -> None:
        """On the I/O loop, as a job's task ends: its answer waits for the end of this turn."""
        if not task.cancelled():
            task.exception()  # retrieved here, so a caller that gave up leaves no "never retrieved" log
        job.outcome = task
        answers = self._outbox.setdefault(job.loop, [])
        answers.append(job)
        if len(answers) == 1:
            asyncio.get_running_loop().call_soon(self._send_answers, job.loop)

    def _send_answers(self, caller: asyncio.AbstractEventLoop) -> None:
        jobs = self._outbox.pop(caller, [])
        with self._lock:
            self._pending.difference_update(jobs)
        # A closed caller's loop raises RuntimeError: nobody waits for these answers any more.
        with contextlib.suppress(RuntimeError):
            caller.call_soon_threadsafe(_answer, jobs)

    def _settled(self, job: _Job) -> None:
        with self._lock:
            self._pending.discard(job)

    def _abandon(self, jobs: list[_Job]) -> None:
        """Jobs the stopped thread will never answer. One that never started fails with IoThreadClosed,
        as asking a stopped thread does; one stopped while it ran is cancelled."""
        for job in jobs:
            self._settled(job)
            if job.task is None:
                job.coro.close()
            with contextlib.suppress(RuntimeError):  # the caller's loop has closed too
                job.loop.call_soon_threadsafe(_give_up, job, self.name)

    def breathe(self) -> None:
        """On the I/O thread, between pieces of work: after a millisecond of work since the last time,
        sleep a moment so that a thread waiting for the interpreter lock can take it."""
        if time.perf_counter() - self._breathed >= BREATHE_EVERY_S:
            time.sleep(BREATHE_S)
            self._breathed = time.perf_counter()

    async def call_blocking(self, function: Callable[..., T], *args: Any) -> T:
        """On the I/O loop: run a blocking function on the helper thread and wait for it."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            raise RuntimeError("call_blocking is for coroutines running on the I/O thread")
        if self._blocking is None:
            self._blocking = _BlockingWorker(f"{self.name}-blocking")
        future: asyncio.Future[T] = loop.create_future()
        self._blocking.put(function, args, loop, future)
        return await future

    async def aclose(self) -> None:
        """Stop the thread: cancel what still runs there, run the clean-ups, close its loop."""
        if self._request_stop():
            try:
                await asyncio.wait_for(asyncio.wrap_future(self._stopped), STOP_TIMEOUT_S + 1)
            except TimeoutError:
                log.warning("the %s thread did not stop in time; leaving it to the process's exit", self.name)
            else:
                self._join()

    def close(self, timeout: float = STOP_TIMEOUT_S + 1) -> None:
        """Stop the thread from a thread that runs no loop (interpreter exit)."""
        if self._request_stop():
            try:
                self._stopped.result(timeout)
            except concurrent.futures.TimeoutError:
                log.warning("the %s thread did not stop in time; leaving it to the process's exit", self.name)
            else:
                self._join()

    def _join(self) -> None:
        # Its loop has closed: the thread is returning, this takes microseconds.
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(1.0)

    def _request_stop(self) -> bool:
        """Mark closed and ask the loop to stop; True when there is a running thread to wait for."""
        with self._lock:
            if self._closed:
                return self._loop is not None and not self._stopped.done()
            self._closed = True
            loop = self._loop
        if loop is None:
            return False
        loop.call_soon_threadsafe(loop.stop)
        return True

    def _start(self) -> asyncio.AbstractEventLoop:
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._thread = threading.Thread(target=self._main, args=(loop,), name=self.name, daemon=True)
        self._thread.start()
        _live.add(self)
        return loop

    def _main(self, loop: asyncio.AbstractEventLoop) -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_forever()
            loop.run_until_complete(self._wind_down(loop))
        except Exception:
            log.exception("the %s thread stopped with an error", self.name)
        finally:
            if self._blocking is not None:
                self._blocking.stop()
            with self._lock:
                self._ended = True
                left, self._pending = list(self._pending), set()
                for waiting in self._inbox.values():
                    left.extend(waiting)
                self._inbox.clear()
            self._abandon(left)
            asyncio.set_event_loop(None)
            loop.close()
            _live.discard(self)
            self._stopped.set_result(None)

    async def _wind_down(self, loop: asyncio.AbstractEventLoop) -> None:
        current = asyncio.current_task()
        tasks = [task for task in asyncio.all_tasks(loop) if task is not current]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=STOP_TIMEOUT_S / 2)
        for cleanup in self._at_stop:
            try:
                await asyncio.wait_for(cleanup(), STOP_TIMEOUT_S / 2)
            except Exception:
                log.exception("a clean-up of the %s thread failed", self.name)
        await loop.shutdown_asyncgens()


class _Job:
    """One coroutine that a caller's loop awaits through `IoThread.run`."""

    __slots__ = ("coro", "loop", "outcome", "task", "waiter")

    def __init__(
        self, coro: Coroutine[Any, Any, Any], loop: asyncio.AbstractEventLoop, waiter: asyncio.Future[Any]
    ) -> None:
        self.coro = coro
        self.loop = loop
        self.waiter = waiter
        self.task: asyncio.Task[Any] | None = None
        self.outcome: asyncio.Task[Any] | None = None


def _answer(jobs: list[_Job]) -> None:
    """On the caller's loop: hand each finished task's outcome to whoever awaits it."""
    for job in jobs:
        waiter, task = job.waiter, job.outcome
        if waiter.done() or task is None:
            continue  # the caller gave up meanwhile
        if task.cancelled():
            waiter.cancel()
        elif (error := task.exception()) is not None:
            waiter.set_exception(error)
        else:
            waiter.set_result(task.result())


def _cancel_task(job: _Job) -> None:
    """On the I/O loop."""
    if job.task is not None:
        job.task.cancel()


def _give_up(job: _Job, name: str) -> None:
    """On the caller's loop: the I/O thread stopped without answering."""
    if job.waiter.done():
        return
    if job.outcome is not None:
        _answer([job])  # it finished; only its answer had not gone out
    elif job.task is None:
        job.waiter.set_exception(IoThreadClosed(f"the {name} thread has been stopped"))
    else:
        job.waiter.cancel()


class _BlockingWorker:
    """One daemon thread running blocking calls in order, answering on the loop that asked."""

    def __init__(self, name: str) -> None:
        self._queue: queue.SimpleQueue[tuple[Callable[..., Any], tuple[Any, ...], Any, Any] | None] = (
            queue.SimpleQueue()
        )
        threading.Thread(target=self._main, name=name, daemon=True).start()

    def put(
        self,
        function: Callable[..., T],
        args: tuple[Any, ...],
        loop: asyncio.AbstractEventLoop,
        future: asyncio.Future[T],
    ) -> None:
        self._queue.put((function, args, loop, future))

    def stop(self) -> None:
        self._queue.put(None)

    def _main(self) -> None:
        while (item := self._queue.get()) is not None:
            function, args, loop, future = item
            if future.cancelled():
                continue
            try:
                answer = (future.set_result, function(*args))
            except Exception as exc:
                answer = (future.set_exception, exc)
            # A closed loop raises RuntimeError: nobody waits for the answer any more.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(_settle, future, *answer)


def _settle(future: asyncio.Future[Any], outcome: Callable[[Any], None], value: Any) -> None:
    if not future.done():
        outcome(value)


# Threads still running at interpreter exit are stopped there, so their clean-ups (closing connection
# pools) run while the interpreter is whole.
_live: weakref.WeakSet[IoThread] = weakref.WeakSet()


@atexit.register
def _stop_all() -> None:
    for io in list(_live):
        io.close()
