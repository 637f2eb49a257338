"""Start-up: logging, the window's look, the main window with the Actions tab, then (on a thread, see
`gui.startup`) the settings, the store (migrated, with demo data on a first run) and the services, with
qasync's event loop taking over Qt's."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from cti_desktop import __version__, paths
from cti_desktop.gui.errors import ErrorReporter
from cti_desktop.gui.theme import apply_theme
from cti_desktop.logging_setup import configure_logging, log_file_path
from cti_desktop.memory import collect_due, collect_now, stop_automatic_collection
from cti_desktop.settings_sources import peek_startup_settings

if TYPE_CHECKING:
    from cti_desktop.services.app_services import AppServices

log = logging.getLogger(__name__)

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def window_settings(folder: Path | None = None) -> QSettings:
    """Where window geometry and dock state live (QSettings is used for nothing else)."""
    folder = folder or paths.user_config_dir()
    return QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat)


def create_application(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName(paths.APP_NAME)
    app.setApplicationDisplayName(paths.APP_DISPLAY_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(paths.APP_DISPLAY_NAME)
    app.setDesktopFileName(paths.APP_NAME)  # Wayland matches windows to cti-desktop.desktop (its icon)
    icon = RESOURCES / "icons" / "cti-desktop.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


class GuiThreadCollector(QObject):
    """Runs the young garbage collections on the GUI thread, where deleting a Qt object is safe, instead
    of Python running them on whichever worker thread allocates (see `cti_desktop.memory`)."""

    INTERVAL_MS = 250

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        stop_automatic_collection()
        self._timer = QTimer(self)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(collect_due)
        self._timer.start()


class IdleCollector(QObject):
    """Runs the full garbage collections the app took over from Python, every few minutes, and only
    when no action is running (a collection takes a few milliseconds once the start-up heap is frozen)."""

    INTERVAL_MS = 180_000

    def __init__(self, services: AppServices, parent: QObject) -> None:
        super().__init__(parent)
        self._services = services
        self._timer = QTimer(self)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self.collect_if_idle)
        self._timer.start()

    def collect_if_idle(self) -> bool:
        if self._services.overlay.running_keys():
            return False
        collect_now()
        return True


def run_app(args: argparse.Namespace) -> int:
    """The desktop app, until it quits; its exit code. See `gui.startup` for the order things load in."""
    from cti_desktop.gui.compat import pyside_import_hook

    pyside_import_hook.apply()  # first: every module imported from here on is asked about by the hook
    from cti_desktop.gui.main_window import MainWindow
    from cti_desktop.gui.startup import AppSession, ServicesLoader, StartAfterFirstPaint
    from cti_desktop.store.quick_read import read_active_actions

    use_files = os.environ.get("CTI_DESKTOP_NO_USER_FILES") != "1"
    configure_logging(
        verbose=bool(getattr(args, "verbose", False)), log_file=log_file_path() if use_files else None
    )
    overrides = {"database_url": getattr(args, "db", None)}
    early = peek_startup_settings(overrides)

    app = create_application(sys.argv[:1])
    GuiThreadCollector(app)  # before any thread starts
    from cti_desktop.gui import single_instance

    instance = single_instance.claim(
        single_instance.server_name(early.database_url), getattr(args, "dial", None)
    )
    if instance is None:
        return 0  # the running app dials the number (or comes to the front)
    apply_theme(app, early.theme)
    reporter = ErrorReporter()
    reporter.install()
    # Tests, benchmarks and the self-test keep away from the user's own window layout.
    layout_folder = None if use_files else Path(tempfile.mkdtemp(prefix="cti-desktop-layout-"))
    try:
        window = MainWindow(
            None,
            window_settings(layout_folder),
            startup_actions=read_active_actions(early.database_url),
        )
        reporter.set_parent_widget(window)
        prepare = partial(prepare_services, overrides, demo_data=not getattr(args, "no_demo", False))
        make_loader = partial(ServicesLoader, prepare, diagnose=partial(diagnose_store, early.database_url))
        session = AppSession(app, window, reporter, getattr(args, "dial", None), make_loader)
        instance.setParent(window)
        instance.handed.connect(session.handed_over)
        window.show()
        StartAfterFirstPaint(window, session.load)
        code = app.exec()
        session.finish()
        return session.exit_code or code
    finally:
        if layout_folder is not None:
            shutil.rmtree(layout_folder, ignore_errors=True)


def prepare_services(overrides: dict[str, Any], *, demo_data: bool) -> Any:
    """On the loading thread (the services' modules are imported there, not on the GUI thread)."""
    from cti_desktop.services.startup import prepare_services as prepare

    return prepare(overrides, demo_data=demo_data)


def diagnose_store(url: str, error: BaseException) -> Any:
    """On the loading thread, after the store failed to open: whether safe mode can help (see
    `services.store_health.diagnose`). Imported here, late: the store's libraries load after the paint."""
    from cti_desktop.services.store_health import diagnose
    from cti_desktop.settings import load_settings

    return diagnose(url, error, load_settings().settings.backups_folder())
