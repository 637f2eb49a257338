"""Start-up in two steps, so the agent has a working Actions tab in a fraction of a second:

1. Before the first paint: only Qt, the main window, and the active actions read from the store with the
   standard library (`store.quick_read`). SQLAlchemy, pydantic, asyncio and the flow engine are not loaded.
2. Once the window has painted: a thread prepares the services (`services.startup.prepare_services`);
   back on the GUI thread, qasync's event loop takes over the running Qt loop and the services are
   attached to the window. An action the agent started in between runs then.

The GUI thread stays free meanwhile: the loading thread gives up the interpreter lock to it whenever an
event is waiting.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from cti_desktop.gui.errors import ErrorReporter
from cti_desktop.memory import DEFERRED_MODULES, settle_after_startup

if TYPE_CHECKING:
    import asyncio

    from cti_desktop.gui.main_window import MainWindow
    from cti_desktop.services.startup import PreparedServices

log = logging.getLogger(__name__)

# If the window never paints (started minimised, say), loading starts anyway after this long.
LOAD_AT_THE_LATEST_MS = 300
# Once the services are attached: freeze the start-up heap (see `memory`).
SETTLE_AFTER_MS = 1000


class ServicesLoader(QObject):
    """Runs `prepare` on a thread of its own and hands its result (or its error) to the GUI thread."""

    loaded = Signal(object)  # what `prepare` returned
    failed = Signal(str)  # the error, in words for the user

    def __init__(self, prepare: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._prepare = prepare
        self._thread: threading.Thread | None = None
        self.result: Any = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="cti-startup", daemon=True)
            self._thread.start()

    def wait(self) -> None:
        """Until the thread is done: a store upgrade half-way must not be cut short by quitting."""
        if self._thread is not None:
            self._thread.join()

    def _work(self) -> None:
        from cti_desktop.services.store_errors import describe_store_error, is_store_error

        try:
            self.result = self._prepare()
        except Exception as exc:
            if is_store_error(exc):
                log.error("%s", exc)
                self.failed.emit(describe_store_error(exc))
                return
            log.exception("start-up failed")
            self.failed.emit(f"CTI Desktop could not start: {exc.__class__.__name__}: {exc}")
        else:
            self.loaded.emit(self.result)


class StartAfterFirstPaint(QObject):
    """Calls `start` once `widget` has painted its first frame (or after LOAD_AT_THE_LATEST_MS)."""

    def __init__(self, widget: QWidget, start: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._start = start
        self._started = False
        widget.installEventFilter(self)
        QTimer.singleShot(LOAD_AT_THE_LATEST_MS, self._go)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint and not self._started:
            # After this turn, so the rest of the frame is painted first.
            QTimer.singleShot(0, self._go)
        return False

    @Slot()
    def _go(self) -> None:
        if not self._started:
            self._started = True
            self._widget.removeEventFilter(self)
            self._start()


def load_deferred_modules() -> None:
    """Off the GUI thread, what only a call needs (phone numbers, expressions, HTTP), so the first call of
    a shift does not wait for it; `settle_after_startup` finds it loaded."""
    for name in DEFERRED_MODULES:
        importlib.import_module(name)


class AppSession(QObject):
    """The running app once its window is shown: attaches the services when they are ready, reports a
    store that cannot be used, and closes everything at the end."""

    def __init__(self, app: QApplication, window: MainWindow, reporter: ErrorReporter, dial: str | None):
        super().__init__(window)
        self._app = app
        self._window = window
        self._reporter = reporter
        self._dial = dial
        self.loop: asyncio.AbstractEventLoop | None = None
        self.services: Any = None
        self.exit_code = 0
        self._warm_up = threading.Thread(target=load_deferred_modules, name="cti-warm-up", daemon=True)

    @Slot(object)
    def attach(self, prepared: PreparedServices) -> None:
        import asyncio

        import qasync

        from cti_desktop.gui.app import IdleCollector

        # The Qt loop already runs (app.exec()); asyncio now runs inside it.
        loop = qasync.QEventLoop(self._app, already_running=True)
        asyncio.set_event_loop(loop)
        self.loop = loop
        self._reporter.install(loop)
        self.services = prepared.services
        window = self._window
        window.attach_services(prepared.services)
        for problem in prepared.problems:
            window.statusBar().showMessage(problem, 15_000)
        collector = IdleCollector(prepared.services, window)
        collector.setObjectName("idleCollector")
        self._warm_up.start()
        QTimer.singleShot(SETTLE_AFTER_MS, settle_after_startup)
        click_to_dial = getattr(window.workspace, "click_to_dial", None)
        if self._dial and click_to_dial is not None:
            click_to_dial(self._dial)  # a tel: or callto: link the desktop opened the app with

    @Slot(str)
    def fail(self, message: str) -> None:
        QMessageBox.critical(self._window, "CTI Desktop cannot open its database", message)
        self.exit_code = 2
        self._app.exit(2)

    def finish(self, loader: ServicesLoader) -> None:
        """After the Qt loop has ended: stop what runs and let go of the store."""
        loader.wait()
        if self._warm_up.is_alive():
            self._warm_up.join()
        services = self.services or getattr(loader.result, "services", None)
        loop = self.loop
        if loop is not None:
            loop.stop()  # the Qt loop it ran inside has ended
            try:
                if services is not None:
                    loop.run_until_complete(services.aclose())
            finally:
                loop.close()
        if services is not None:
            services.close()
