"""A thread of its own, with its own asyncio loop, for network I/O that must not run on the caller's loop.

The app runs flows on the GUI thread's loop (qasync). Connection pools, HTTP parsing and decoding bodies
cost little per request but add up when a hundred flows wait on the network at once, long enough to freeze
the overlay. `IoThread.run(coro)` runs a coroutine on the I/O loop and is awaitable from any loop; if the
caller is cancelled, so is the coroutine on the I/O thread.

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
import weakref
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Final, TypeVar

T = TypeVar("T")

log = logging.getLogger(__name__)

# How long stopping waits for cancelled work and clean-ups before the thread is left to die with the
# process: a hung server must not hang the app's exit.
STOP_TIMEOUT_S: Final = 2.0


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
        Cancelling the caller cancels the coroutine there (through the wrapped future)."""
        return await asyncio.wrap_future(self.submit(coro))

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
