"""An executor for store work that can wait: one worker thread, jobs in the order they were asked for, each
no sooner than `quiet_s` after it was asked for.

Why wait: a flow run asks for its writes (properties, its record) while the GUI thread is about to show
what the run did. Python code on another thread at that moment takes the interpreter lock from the GUI
thread for milliseconds, which the agent sees as a late value. A short wait moves the writes past it.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

T = TypeVar("T")
P = ParamSpec("P")


class QuietWriter(Executor):
    """One worker thread that runs jobs in the order they were submitted, none sooner than `quiet_s` after
    it was submitted. Jobs only join a list until then: the worker thread is not woken once per job, which
    would take the interpreter lock from the submitter. `hurry()` ends the waits for good (closing)."""

    def __init__(self, quiet_s: float, name: str = "cti-flow-store") -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._quiet_s = quiet_s
        self._lock = threading.Lock()
        self._jobs: deque[tuple[float, Future[Any], Callable[..., Any], tuple[Any, ...], dict[str, Any]]] = (
            deque()
        )
        self._draining = False
        self._shut = False
        self._hurry = threading.Event()

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        future: Future[T] = Future()
        due = time.monotonic() + self._quiet_s
        with self._lock:
            if self._shut:
                raise RuntimeError("cannot schedule new futures after shutdown")
            self._jobs.append((due, future, fn, args, kwargs))
            start, self._draining = not self._draining, True
        if start:
            self._pool.submit(self._drain)
        return future

    def _drain(self) -> None:
        while True:
            with self._lock:
                if not self._jobs:
                    self._draining = False
                    return
                due, future, fn, args, kwargs = self._jobs.popleft()
            wait = due - time.monotonic()
            if wait > 0:
                self._hurry.wait(wait)
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:  # handed to whoever waits on the future, as the stdlib pool does
                future.set_exception(exc)
            else:
                future.set_result(result)

    @property
    def busy(self) -> bool:
        """Whether jobs are waiting or running."""
        return self._draining

    def hurry(self) -> None:
        self._hurry.set()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._lock:
            self._shut = True
            if cancel_futures:
                while self._jobs:
                    self._jobs.popleft()[1].cancel()
        self.hurry()
        self._pool.shutdown(wait=wait)
