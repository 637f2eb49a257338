"""Start-up in two steps, so the agent has a working Actions tab in a fraction of a second:

1. Before the first paint: only Qt, the main window, and the active actions read from the store with the
   standard library (`store.quick_read`). SQLAlchemy, pydantic, asyncio and the flow engine are not loaded.
2. Once the window has painted: a thread prepares the services (`services.startup.prepare_services`);
   back on the GUI thread, qasync's event loop takes over the running Qt loop and the services are
   attached to the window. An action the agent started in between runs then.

The GUI thread stays free meanwhile: the loading thread gives up the interpreter lock to it whenever an
event is waiting. A database that cannot be read or upgraded opens safe mode (`gui.safe_mode`) instead of
ending the app; once a backup is restored, step 2 runs again.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from cti_desktop.gui.errors import ErrorReporter
from cti_desktop.memory import DEFERRED_MODULES, settle_after_startup

if TYPE_CHECKING:
    import asyncio

    from cti_desktop.gui.main_window import MainWindow
    from cti_desktop.gui.safe_mode import SafeModeWindow
    from cti_desktop.services.startup import PreparedServices
    from cti_desktop.services.store_health import StoreTrouble

log = logging.getLogger(__name__)

# If the window never paints (started minimised, say), loading starts anyway after this long.
LOAD_AT_THE_LATEST_MS = 300
# Once the services are attached: freeze the start-up heap (see `memory`).
SETTLE_AFTER_MS = 1000


class ServicesLoader(QObject):
    """Runs `prepare` on a thread of its own and hands its result (or its error) to the GUI thread."""

    loaded = Signal(object)  # what `prepare` returned
    failed = Signal(str)  # the error, in words for the user
    troubled = Signal(object)  # what `diagnose` made of a store error: safe mode can help

    def __init__(
        self,
        prepare: Callable[[], Any],
        parent: QObject | None = None,
        *,
        diagnose: Callable[[BaseException], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self._prepare = prepare
        self._diagnose = diagnose
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
                trouble = self._diagnosed(exc)
                if trouble is not None:
                    self.troubled.emit(trouble)
                else:
                    self.failed.emit(describe_store_error(exc))
                return
            log.exception("start-up failed")
            self.failed.emit(f"CTI Desktop could not start: {exc.__class__.__name__}: {exc}")
        else:
            self.loaded.emit(self.result)

    def _diagnosed(self, exc: BaseException) -> Any:
        if self._diagnose is None:
            return None
        try:
            return self._diagnose(exc)
        except Exception:  # a check that fails is no reason to hide the first error
            log.exception("the database could not be checked")
            return None


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
    store that cannot be used (or opens safe mode when a backup may put it right), and closes everything
    at the end. `make_loader` builds the loader of the services: once at start, again after a restore."""

    def __init__(
        self,
        app: QApplication,
        window: MainWindow,
        reporter: ErrorReporter,
        dial: str | None,
        make_loader: Callable[[], ServicesLoader] | None = None,
    ):
        super().__init__(window)
        self._app = app
        self._window = window
        self._reporter = reporter
        self._dial = dial
        self._make_loader = make_loader
        self.loader: ServicesLoader | None = None
        self.safe_mode: SafeModeWindow | None = None
        self._restorer: ServicesLoader | None = None
        self._restoring = False
        self.loop: asyncio.AbstractEventLoop | None = None
        self.services: Any = None
        self.exit_code = 0
        self._warm_up = threading.Thread(target=load_deferred_modules, name="cti-warm-up", daemon=True)

    @Slot()
    def load(self) -> None:
        """Start loading the services (after the first paint; again after a backup was restored)."""
        if self._make_loader is None:
            raise RuntimeError("the session was given no way to load its services")
        loader = self._make_loader()
        loader.setParent(self)
        loader.loaded.connect(self.attach)
        loader.failed.connect(self.fail)
        loader.troubled.connect(self.enter_safe_mode)
        self.loader = loader
        loader.start()

    @Slot(object)
    def attach(self, prepared: PreparedServices) -> None:
        import asyncio

        import qasync

        from cti_desktop.gui.app import IdleCollector

        if self.safe_mode is not None:
            self.safe_mode.accept()  # restored: the app starts normally
            self.safe_mode = None
        # The Qt loop already runs (app.exec()); asyncio now runs inside it.
        loop = qasync.QEventLoop(self._app, already_running=True)
        asyncio.set_event_loop(loop)
        self.loop = loop
        self._reporter.install(loop)
        self.services = prepared.services
        window = self._window
        prepared.services.start_telephony(loop)  # before the window listens: no event is missed
        window.attach_services(prepared.services)
        for problem in prepared.problems:
            window.statusBar().showMessage(problem, 15_000)
        # Other seats' changes (and the command line's) reach this window from now on.
        loop.call_soon(prepared.services.live.start)
        collector = IdleCollector(prepared.services, window)
        collector.setObjectName("idleCollector")
        self._warm_up.start()
        QTimer.singleShot(SETTLE_AFTER_MS, settle_after_startup)
        click_to_dial = getattr(window.workspace, "click_to_dial", None)
        if self._dial and click_to_dial is not None:
            click_to_dial(self._dial)  # a tel: or callto: link the desktop opened the app with

    @Slot(str)
    def handed_over(self, number: str) -> None:
        """Another start of the app handed over a tel: link's number ("" to come to the front)."""
        window = self._window
        window.showNormal() if window.isMinimized() else window.show()
        window.raise_()
        window.activateWindow()
        if not number:
            return
        click_to_dial = getattr(window.workspace, "click_to_dial", None) if self.services else None
        if click_to_dial is None:
            self._dial = number  # still starting: dialled once the services are attached
            return
        click_to_dial(number)

    @Slot(str)
    def fail(self, message: str) -> None:
        if self.safe_mode is not None:  # a restored backup that still does not start
            self.safe_mode.start_failed(message)
            return
        QMessageBox.critical(self._window, "CTI Desktop cannot open its database", message)
        self.exit_code = 2
        self._app.exit(2)

    # -- safe mode --------------------------------------------------------------------------------------

    @Slot(object)
    def enter_safe_mode(self, trouble: StoreTrouble) -> None:
        from cti_desktop.gui.safe_mode import SafeModeWindow

        if self.safe_mode is not None:  # the restored backup failed too: say so, offer the rest again
            self.safe_mode.start_failed(trouble.error)
            return
        log.warning("safe mode: %s", trouble.error)
        window = SafeModeWindow(trouble, self._window)
        window.restore_requested.connect(self.restore)
        window.quit_requested.connect(self.quit_safe_mode)
        self.safe_mode = window
        window.open()

    @Slot(str)
    def restore(self, backup: str) -> None:
        """Put `backup` back, off the GUI thread; then load the services again."""
        from pathlib import Path

        from cti_desktop.services.store_health import restore_backup

        window = self.safe_mode
        if window is None or self._restoring:
            return
        self._restoring = True
        window.restoring(backup)
        restorer = ServicesLoader(partial(restore_backup, window.trouble.url, Path(backup)), self)
        restorer.loaded.connect(self._restored)
        restorer.failed.connect(self._restore_failed)
        self._restorer = restorer
        restorer.start()

    @Slot(str)
    def _restore_failed(self, message: str) -> None:
        self._restoring = False
        if self.safe_mode is not None:
            self.safe_mode.restore_failed(message)

    @Slot(object)
    def _restored(self, kept_aside: object) -> None:
        self._restoring = False
        log.warning("restored a backup; the damaged database was kept as %s", kept_aside)
        if self.safe_mode is not None:
            self.safe_mode.restored(str(kept_aside))
        self.load()

    @Slot()
    def quit_safe_mode(self) -> None:
        self.safe_mode = None
        self.exit_code = 2  # the database could not be opened
        self._app.exit(2)

    def finish(self, loader: ServicesLoader | None = None) -> None:
        """After the Qt loop has ended: stop what runs and let go of the store."""
        for waiting in (self._restorer, loader, self.loader):
            if waiting is not None:
                waiting.wait()
        if self._warm_up.is_alive():
            self._warm_up.join()
        current = self.loader or loader
        services = self.services or getattr(current.result if current else None, "services", None)
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
