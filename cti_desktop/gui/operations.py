"""Running a service operation from a window: a store error becomes a message in words, never a traceback.

`run_now` is for quick operations (one row saved in the embedded database) whose result the window needs
at once; `run_in_background` is for those that can take long (reading or writing many rows, a remote
database): the operation runs in a worker thread (`asyncio.to_thread`) while the GUI thread goes on, and
the window gets the result when it is awaited. Either way, a store error is shown in a non-blocking box
(`gui.errors.show_error`) with the sentence `services.store_errors` makes of it, and None is returned.
Other exceptions are bugs: they go on to the app's error reporter.

Changes the operation makes reach every view through the change bus (see `gui.changes`); the window that
ran it never announces them itself.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from cti_desktop.gui.errors import show_error
from cti_desktop.services.store_errors import describe_store_error, is_store_error

T = TypeVar("T")
log = logging.getLogger(__name__)


def report_store_error(parent: QWidget | None, failed: str, exc: BaseException) -> QMessageBox:
    """Show `failed` ("The flow was not saved") with what went wrong, in words."""
    log.warning("%s: %s", failed, exc, exc_info=exc)
    return show_error(parent, failed, f"{failed}. {describe_store_error(exc)}", details=str(exc))


def run_now(
    parent: QWidget | None, failed: str, operation: Callable[..., T], *args: Any, **kwargs: Any
) -> T | None:
    """Run a quick operation on the GUI thread; on a store error show it (titled `failed`), return None."""
    try:
        return operation(*args, **kwargs)
    except Exception as exc:
        if not is_store_error(exc):
            raise
        report_store_error(parent, failed, exc)
        return None


async def run_in_background(
    parent: QWidget | None, failed: str, operation: Callable[..., T], *args: Any, **kwargs: Any
) -> T | None:
    """Run an operation that can take long in a worker thread, keeping the GUI responsive; on a store
    error show it (titled `failed`) and return None."""
    try:
        return await asyncio.to_thread(operation, *args, **kwargs)
    except Exception as exc:
        if not is_store_error(exc):
            raise
        report_store_error(parent, failed, exc)
        return None


__all__ = ["report_store_error", "run_in_background", "run_now"]
