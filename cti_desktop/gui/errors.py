"""Nothing fails silently: an exception in a slot or a coroutine is logged and shown in a non-blocking
dialog, and the app carries on."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

if TYPE_CHECKING:
    import asyncio

log = logging.getLogger(__name__)


class ErrorReporter(QObject):
    """Collects unexpected errors from any source and shows them one dialog at a time."""

    error_reported = Signal(str, str)  # summary, details

    def __init__(self, parent_widget: QWidget | None = None) -> None:
        super().__init__()
        self._parent_widget = parent_widget
        self._dialog: QMessageBox | None = None
        self._pending = 0
        self.error_reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def set_parent_widget(self, widget: QWidget | None) -> None:
        self._parent_widget = widget

    def install(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        sys.excepthook = self.excepthook
        if loop is not None:
            loop.set_exception_handler(self.loop_exception_handler)

    def report(self, summary: str, exc: BaseException | None = None) -> None:
        details = "".join(traceback.format_exception(exc)) if exc is not None else ""
        log.error("%s\n%s", summary, details)
        self.error_reported.emit(summary, details)

    def excepthook(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        self.report(f"Something went wrong: {exc}", exc)

    def loop_exception_handler(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        message = str(context.get("message", "An error occurred in background work"))
        import asyncio  # loaded by then: this runs on the event loop

        if isinstance(exc, asyncio.CancelledError):
            return
        self.report(f"{message}: {exc}" if exc else message, exc)

    @Slot(str, str)
    def _show(self, summary: str, details: str) -> None:
        if self._dialog is not None and self._dialog.isVisible():
            # One dialog at a time; later errors are in the log and counted in the open dialog.
            self._pending += 1
            self._dialog.setInformativeText(
                f"{self._pending} more error(s) since; see the log for all of them."
            )
            return
        self._pending = 0
        dialog = QMessageBox(self._parent_widget)
        dialog.setIcon(QMessageBox.Icon.Warning)
        dialog.setWindowTitle("CTI Desktop: an error occurred")
        dialog.setText(summary)
        dialog.setDetailedText(details)
        dialog.setStandardButtons(QMessageBox.StandardButton.Close)
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        if self._dialog is not None:
            self._dialog.deleteLater()
        self._dialog = dialog
        # show(), not exec() or open(): the agent keeps working while the message is up.
        dialog.show()

    @property
    def dialog(self) -> QMessageBox | None:
        return self._dialog


def show_error(parent: QWidget | None, title: str, text: str, details: str = "") -> QMessageBox:
    """Tell the user in words that something they asked for failed, without blocking: the box is shown
    with `open()` (never `exec()`: the app runs on qasync) and deletes itself when closed."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("operationError")
    if details:
        box.setDetailedText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
