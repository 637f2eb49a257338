"""`cti-desktop --self-test`: start the app offscreen on a temporary database with the demo data, open the
main window, the overlay drawer and the element editor, run a demo action through the overlay's Actions
panel, click-to-dial a number, and report each check. Exit code 0 when all passed, 1 otherwise.

It uses the same start-up pieces as `run_app` (application, services, main window, error reporter) on
qasync's loop, so a bundle that passes it starts for real too.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from cti_desktop import selftest
from cti_desktop.logging_setup import configure_logging
from cti_desktop.selftest import CheckFailed, SelfTestReport
from cti_desktop.settings import load_settings

if TYPE_CHECKING:
    from PySide6.QtCore import QMessageLogContext, QtMsgType, SignalInstance

    from cti_desktop.gui.main_window import MainWindow
    from cti_desktop.services.app_services import AppServices, StoreEngine

POLL_S = 0.02
# The checks after the store, in order: when one cannot run, the rest are reported as not run.
APP_CHECKS = ("demo data", "main window", "overlay drawer", "element editor", "demo action", "click-to-dial")


def run_self_test(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    # Installers run this without a display; Qt reads the platform when the application is created.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    configure_logging(verbose=bool(getattr(args, "verbose", False)), log_file=None)
    report = SelfTestReport(stream)
    report.check("installation", selftest.describe_installation)
    loaded = load_settings({"database_url": getattr(args, "db", None)})
    report.check("settings", lambda: selftest.check_settings(loaded))
    report.check("configured database", lambda: selftest.check_configured_database(loaded.settings))
    report.check("resources", selftest.check_resources)
    with selftest.scratch_folder() as scratch:
        folder = Path(scratch)
        url = selftest.temporary_database_url(folder)
        opened: list[StoreEngine] = []

        def open_store() -> str:
            engine, detail = selftest.open_temporary_store(url)
            opened.append(engine)
            return detail

        if not report.check("store", open_store):
            skip_from(report, "demo data", "the temporary database could not be opened")
            return report.finish()
        _run_app_checks(report, selftest.self_test_settings(loaded, url), url, opened[0], folder)
    return report.finish()


def _run_app_checks(
    report: SelfTestReport, settings: Any, url: str, engine: StoreEngine, folder: Path
) -> None:
    import qasync
    from PySide6.QtCore import qInstallMessageHandler

    from cti_desktop.gui.app import create_application
    from cti_desktop.gui.errors import ErrorReporter
    from cti_desktop.gui.theme import apply_theme
    from cti_desktop.services.app_services import build_services

    app = create_application(sys.argv[:1])
    apply_theme(app, settings.theme)
    qt_messages = QtMessages()
    previous_handler = qInstallMessageHandler(qt_messages.handle)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    reporter = ErrorReporter()
    reporter.install(loop)
    errors = UnexpectedErrors()
    reporter.error_reported.connect(errors.add)
    services = build_services(settings, url, engine)
    try:
        with loop:
            if report.check("demo data", lambda: selftest.create_demo_data(services)):
                loop.run_until_complete(_window_checks(report, services, folder))
            else:
                skip_from(report, "main window", "there is no demo data to work on")
            loop.run_until_complete(services.aclose())
    finally:
        services.close()
        qInstallMessageHandler(previous_handler)
        sys.excepthook = sys.__excepthook__
    report.check("no unexpected errors", lambda: errors.verdict(qt_messages))


async def _window_checks(report: SelfTestReport, services: AppServices, folder: Path) -> None:
    from cti_desktop.gui.app import window_settings
    from cti_desktop.gui.main_window import MainWindow

    window = MainWindow(services, window_settings(folder))
    try:
        if not await report.check_async("main window", lambda: _show_main_window(window)):
            skip_from(report, "overlay drawer", "the main window did not open")
            return
        await report.check_async("overlay drawer", lambda: _check_drawer(window))
        await report.check_async("element editor", lambda: _check_editor(window))
        await report.check_async("demo action", lambda: _run_demo_action(window, services))
        await report.check_async("click-to-dial", lambda: _click_to_dial(window, services))
    finally:
        window.close()


async def _show_main_window(window: MainWindow) -> str:
    window.show()
    await wait_until(window.isVisible, "the main window to be shown")
    menus = [action.text().replace("&", "") for action in window.menuBar().actions()]
    return f"'{window.windowTitle()}' shown with the menus {', '.join(menus)}"


async def _check_drawer(window: MainWindow) -> str:
    drawer = window.drawer
    if not drawer.isVisible():
        raise CheckFailed("the overlay drawer is not shown next to the main window")
    titles = drawer.tab_titles()
    drawer.show_panel("Actions")
    panel = drawer.panel("Actions")
    names: list[str] = []

    def demo_action_listed() -> bool:
        names[:] = panel.visible_action_names()  # type: ignore[attr-defined]
        return selftest.DEMO_ACTION in names

    await wait_until(demo_action_listed, f"the Actions tab to list '{selftest.DEMO_ACTION}'")
    return f"tabs {', '.join(titles)}; the Actions tab lists {', '.join(names)}"


async def _check_editor(window: MainWindow) -> str:
    window.open_element_editor()
    editor = window.editor
    if editor is None:
        raise CheckFailed("Admin → CCP Element Editor did not open the editor")
    await wait_until(editor.isVisible, "the element editor to be shown")
    title = editor.windowTitle()
    editing = editor.current_action().name  # type: ignore[attr-defined]
    editor.close()
    await wait_until(lambda: window.editor is None or not window.editor.isVisible(), "the editor to close")
    return f"'{title}' opened on the action '{editing}' and closed"


async def _run_demo_action(window: MainWindow, services: AppServices) -> str:
    contact = services.telephony.incoming(selftest.DEMO_CALLER, "Sales", "voice")
    services.overlay.select_contact(contact.contactId)
    await services.dispatcher.wait_idle()
    panel: Any = window.drawer.panel("Actions")
    action = panel.action_named(selftest.DEMO_ACTION)
    if action is None:
        raise CheckFailed(f"the Actions tab has no '{selftest.DEMO_ACTION}' action")
    finished = SignalWaiter(panel.run_finished)
    if not panel.execute(action):
        raise CheckFailed(f"the Actions tab did not start '{selftest.DEMO_ACTION}'")
    outcome = await finished.wait()
    if not outcome.ok:
        raise CheckFailed(
            f"'{selftest.DEMO_ACTION}' ended {outcome.status}: {outcome.details or outcome.message}"
        )
    entries = services.overlay.data.entries(contact.contactId)
    if not entries:
        raise CheckFailed(f"'{selftest.DEMO_ACTION}' completed but sent nothing to the Data tab")
    shown = ", ".join(f"{entry.key} = {entry.value}" for entry in entries[:3])
    return (
        f"'{selftest.DEMO_ACTION}' completed for a call from {selftest.DEMO_CALLER} "
        f"in {outcome.duration_ms:.0f} ms; the Data tab got {shown}"
    )


async def _click_to_dial(window: MainWindow, services: AppServices) -> str:
    workspace: Any = window.workspace
    before = {contact.contactId for contact in services.telephony.contacts()}
    finished = SignalWaiter(workspace.dial_finished)
    workspace.click_to_dial(selftest.DEMO_DIAL_NUMBER)
    await finished.wait()
    await services.dispatcher.wait_idle()
    dialled = [c for c in services.telephony.contacts() if c.contactId not in before and not c.isInbound]
    if not dialled:
        message = workspace.message.text() or "no outbound call was placed"
        raise CheckFailed(f"the UI onClickToDial flow did not dial {selftest.DEMO_DIAL_NUMBER}: {message}")
    return f"the UI onClickToDial flow placed an outbound call to {dialled[0].phoneNumber}"


# ------------------------------------------------------------------------------------------- helpers


def skip_from(report: SelfTestReport, first: str, reason: str) -> None:
    for name in APP_CHECKS[APP_CHECKS.index(first) :]:
        report.skip(name, reason)


async def wait_until(condition: Callable[[], bool], what: str, timeout_s: float = 10.0) -> None:
    """Let the event loop turn until `condition` holds."""
    try:
        async with asyncio.timeout(timeout_s):
            while not condition():
                await asyncio.sleep(POLL_S)
    except TimeoutError:
        raise CheckFailed(f"gave up waiting for {what} after {timeout_s:g} s") from None


class SignalWaiter:
    """The first emission of a Qt signal, as an awaitable (connected before the action that emits it)."""

    def __init__(self, signal: SignalInstance) -> None:
        self._signal = signal
        self._future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        signal.connect(self._emitted)

    def _emitted(self, *values: Any) -> None:
        if not self._future.done():
            self._future.set_result(values[0] if len(values) == 1 else values)

    async def wait(self) -> Any:
        try:
            return await self._future
        finally:
            self._signal.disconnect(self._emitted)


class QtMessages:
    """Qt's own warnings and errors while the self-test runs; critical ones fail it."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.critical: list[str] = []

    def handle(self, kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        from PySide6.QtCore import QtMsgType

        if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            self.critical.append(message)
        elif kind == QtMsgType.QtWarningMsg:
            self.warnings.append(message)


class UnexpectedErrors:
    """What the app's error reporter caught (exceptions in slots and coroutines)."""

    def __init__(self) -> None:
        self.summaries: list[str] = []

    def add(self, summary: str, _details: str) -> None:
        self.summaries.append(summary)

    def verdict(self, qt_messages: QtMessages) -> str:
        problems = [*self.summaries, *(f"Qt: {message}" for message in qt_messages.critical)]
        if problems:
            raise CheckFailed(" | ".join(problems))
        if qt_messages.warnings:
            distinct = sorted(set(qt_messages.warnings))
            return f"none; Qt warned {len(qt_messages.warnings)} time(s): {' | '.join(distinct[:3])}"
        return "none"
