"""Start-up: settings, logging, the store (migrated, with demo data on a first run), the services, and
the main window on qasync's event loop."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from cti_desktop import __version__, paths
from cti_desktop.logging_setup import configure_logging, log_file_path
from cti_desktop.memory import collect_now, settle_after_startup
from cti_desktop.settings import Settings, load_settings
from cti_desktop.store.database import StoreError, open_store

if TYPE_CHECKING:
    from cti_desktop.services.app_services import AppServices

log = logging.getLogger(__name__)

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def window_settings(folder: Path | None = None) -> QSettings:
    """Where window geometry and dock state live (QSettings is used for nothing else)."""
    folder = folder or paths.user_config_dir()
    return QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat)


def apply_theme(app: QApplication, settings: Settings) -> None:
    """Light and dark follow the system unless the settings choose one. Where the platform cannot switch
    its colour scheme (no desktop theme, as on a bare X server), Fusion with a palette of that scheme does."""
    from PySide6.QtCore import Qt

    if settings.theme == "system":
        return
    wanted = Qt.ColorScheme.Dark if settings.theme == "dark" else Qt.ColorScheme.Light
    hints = app.styleHints()
    hints.setColorScheme(wanted)
    if hints.colorScheme() != wanted:
        app.setStyle("Fusion")
        app.setPalette(scheme_palette(wanted))


def scheme_palette(scheme: object) -> QPalette:
    from PySide6.QtCore import Qt

    if scheme != Qt.ColorScheme.Dark:
        return QApplication.style().standardPalette()
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2d30",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1f22",
        QPalette.ColorRole.AlternateBase: "#26282b",
        QPalette.ColorRole.ToolTipBase: "#3c3f41",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.PlaceholderText: "#8c8c8c",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#393b40",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.BrightText: "#ff6b68",
        QPalette.ColorRole.Link: "#6aa9ff",
        QPalette.ColorRole.Highlight: "#2f65ca",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Light: "#4a4d52",
        QPalette.ColorRole.Midlight: "#3f4247",
        QPalette.ColorRole.Mid: "#2f3135",
        QPalette.ColorRole.Dark: "#1a1b1e",
        QPalette.ColorRole.Shadow: "#000000",
    }
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return palette


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
    import qasync

    use_files = os.environ.get("CTI_DESKTOP_NO_USER_FILES") != "1"
    configure_logging(
        verbose=bool(getattr(args, "verbose", False)), log_file=log_file_path() if use_files else None
    )
    loaded = load_settings({"database_url": getattr(args, "db", None)})
    settings = loaded.settings
    if getattr(args, "no_demo", False):
        settings = settings.model_copy(update={"demo_data": False})
    url = settings.resolved_database_url()

    app = create_application(sys.argv[:1])
    apply_theme(app, settings)

    from cti_desktop.gui.errors import ErrorReporter

    reporter = ErrorReporter()
    try:
        engine = open_store(url)
    except StoreError as exc:
        log.error("%s", exc)
        QMessageBox.critical(None, "CTI Desktop cannot open its database", str(exc))
        return 2

    from cti_desktop.gui.main_window import MainWindow
    from cti_desktop.services.app_services import build_services

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    reporter.install(loop)
    services = build_services(settings, url, engine)
    if settings.demo_data:
        from cti_desktop.services.demo import create_demo_data_if_empty

        create_demo_data_if_empty(services)
    # Tests, benchmarks and the self-test keep away from the user's own window layout.
    layout_folder = None if use_files else Path(tempfile.mkdtemp(prefix="cti-desktop-layout-"))
    window = MainWindow(services, window_settings(layout_folder))
    reporter.set_parent_widget(window)
    for problem in loaded.problems:
        window.statusBar().showMessage(problem, 15_000)
    window.show()
    # Once the window is up (not before its first paint): load the modules start-up deferred, then freeze
    # the heap so automatic full garbage collections never pause the overlay; the app collects when
    # nothing runs.
    QTimer.singleShot(1000, settle_after_startup)
    # Held by this frame for the app's lifetime (and parented to the window).
    idle_collector = IdleCollector(services, window)
    idle_collector.setObjectName("idleCollector")
    click_to_dial = getattr(window.workspace, "click_to_dial", None)
    if getattr(args, "dial", None) and click_to_dial is not None:
        click_to_dial(args.dial)  # a tel: or callto: link the desktop opened the app with

    closed = asyncio.Event()
    app.aboutToQuit.connect(closed.set)
    try:
        with loop:
            loop.run_until_complete(closed.wait())
            loop.run_until_complete(services.aclose())
    finally:
        services.close()
        if layout_folder is not None:
            shutil.rmtree(layout_folder, ignore_errors=True)
    return 0
