"""The main window: menus, status bar, the agent workspace in the centre and the overlay drawer.

It can be shown before the services exist (see `gui.startup`): then it holds only the Actions tab, built
from the actions read at start-up, and `attach_services` adds the rest once the store has loaded. What
needs the store (the other tabs, the workspace, the Admin windows, import and export) waits until then.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QUrl, Slot
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMainWindow, QMessageBox, QToolBar, QWidget

from cti_desktop import __version__, paths
from cti_desktop.gui import theme
from cti_desktop.gui.credentials import open_credentials
from cti_desktop.gui.overlay.actions_panel import ActionsPanel
from cti_desktop.gui.overlay.drawer import OverlayDrawer
from cti_desktop.gui.role_menus import follow_role
from cti_desktop.gui.runs import open_run_history
from cti_desktop.logging_setup import log_file_path

if TYPE_CHECKING:
    from cti_desktop.domain.actions import CtiAction
    from cti_desktop.gui.flows.dialog import FlowsDialog
    from cti_desktop.services.app_services import AppServices
    from cti_desktop.services.live_changes import LiveStatus

log = logging.getLogger(__name__)

PanelFactory = Callable[["AppServices"], list[QWidget]]
WidgetFactory = Callable[["AppServices"], QWidget]


def default_panels(services: AppServices) -> list[QWidget]:
    attributes, data = other_panels(services)
    return [attributes, ActionsPanel(services), data]


def other_panels(services: AppServices) -> tuple[QWidget, QWidget]:
    """The tabs beside Actions: Attributes (before it) and Data (after it)."""
    from cti_desktop.gui.overlay.attributes_panel import AttributesPanel
    from cti_desktop.gui.overlay.data_panel import DataPanel

    return AttributesPanel(services), DataPanel(services)


def default_workspace(services: AppServices) -> QWidget:
    from cti_desktop.gui.workspace.workspace import AgentWorkspace

    return AgentWorkspace(services)


def _is_dirty(widget: QWidget) -> bool:
    is_dirty = getattr(widget, "is_dirty", None)
    return bool(is_dirty()) if callable(is_dirty) else False


# The outlines a high-contrast palette needs (theme.py); apply_theme sets them for every window, the
# main window carries them too so it has them however it was made.
HIGH_CONTRAST_FIELDS = theme.HIGH_CONTRAST_FIELDS


class MainWindow(QMainWindow):
    GEOMETRY_KEY = "mainWindow/geometry"
    STATE_KEY = "mainWindow/state"
    COMPACT_KEY = "mainWindow/compact"
    STATE_VERSION = 1

    def __init__(
        self,
        services: AppServices | None,
        window_settings: QSettings,
        *,
        panels: PanelFactory = default_panels,
        workspace: WidgetFactory = default_workspace,
        startup_actions: list[CtiAction] | None = None,
    ) -> None:
        """With services, the whole window. Without (start-up), the Actions tab lists `startup_actions`
        until `attach_services`; `panels` and `workspace` are then the defaults."""
        super().__init__()
        self._services: AppServices | None = None
        self._window_settings = window_settings
        self._workspace_factory = workspace
        self.setObjectName("mainWindow")
        self.setWindowTitle(paths.APP_DISPLAY_NAME)
        self.resize(1200, 760)

        self.workspace: QWidget = self._loading_workspace()
        self.setCentralWidget(self.workspace)
        self._startup_panel: ActionsPanel | None = None
        if services is None:
            self._startup_panel = ActionsPanel(None, startup_actions=startup_actions)
            self.drawer = OverlayDrawer([self._startup_panel], self)
        else:
            self.drawer = OverlayDrawer(panels(services), self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.drawer)
        self.drawer.show_panel("Actions")
        self._editor: QWidget | None = None
        self._flows: FlowsDialog | None = None
        self.file_dialog: QFileDialog | None = None  # the open import/export file dialog, if any
        self.message: QMessageBox | None = None  # the last import/export outcome shown
        self.preferences: QWidget | None = None  # File → Preferences, while open

        self._build_menus()
        self._build_status_bar()
        if theme.high_contrast():
            self.setStyleSheet(HIGH_CONTRAST_FIELDS)
        self.restore_layout()
        if services is not None:
            self.attach_services(services)
        else:
            for action in self._store_actions:
                action.setEnabled(False)
            self.statusBar().showMessage("Loading…")

    @property
    def services(self) -> AppServices:
        if self._services is None:
            raise RuntimeError("the main window's services are not attached yet")
        return self._services

    @property
    def has_services(self) -> bool:
        return self._services is not None

    def attach_services(self, services: AppServices) -> None:
        """Complete the window once the store has loaded: the other tabs, the workspace, the menus that
        need the store; an action started meanwhile now runs."""
        if self._services is not None:
            raise RuntimeError("the main window already has its services")
        self._services = services
        compact = self.compact_action.isChecked()
        if self._startup_panel is not None:
            attributes, data = other_panels(services)
            self.drawer.add_panel(attributes, 0)
            self.drawer.add_panel(data)
            for panel in (attributes, data):
                set_compact = getattr(panel, "set_compact", None)
                if set_compact is not None:
                    set_compact(compact)
        placeholder = self.workspace
        self.workspace = self._workspace_factory(services)
        self.setCentralWidget(self.workspace)  # deletes the placeholder
        placeholder.deleteLater()
        set_compact = getattr(self.workspace, "set_compact", None)
        if set_compact is not None:
            set_compact(compact)
        for action in self._store_actions:
            action.setEnabled(True)
        from cti_desktop.services.store_info import describe_database

        self.database_label.setText(f"Database: {describe_database(services.database_url)}")
        self.statusBar().clearMessage()
        services.live.status_changed.connect(self.show_live_status)
        self.show_live_status(services.live.status)
        refusal = services.editing_refusal()
        if refusal:
            # Working from the seat's copy: what would change actions and flows waits for the server.
            for action in (
                self.editor_action,
                self.flows_action,
                self.import_flows_action,
                self.import_actions_action,
            ):
                action.setEnabled(False)
                action.setToolTip(refusal)
                action.setStatusTip(refusal)
        # An agent's login may not change actions and flows: those entries say so instead.
        follow_role(services.engine, self._editing_actions())
        if self._startup_panel is not None:
            # Last: what the agent started while loading may open a form or pop a record.
            self._startup_panel.bind(services)

    def _editing_actions(self) -> list[QAction]:
        """The entries that change actions and flows (supervisors' and admins')."""
        return [self.editor_action, self.flows_action, self.import_flows_action, self.import_actions_action]

    @staticmethod
    def _loading_workspace() -> QWidget:
        label = QLabel("Loading the agent workspace…")
        label.setObjectName("workspaceLoading")
        label.setAccessibleName("Agent workspace loading")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setEnabled(False)
        return label

    # -- layout -------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        menu_bar = self.menuBar()

        file_menu = menu_bar.addMenu("&File")
        self.import_flows_action = QAction("Import &Flows…", self)
        self.import_flows_action.setStatusTip("Import flow files exported from the CTI Adapter")
        self.import_flows_action.triggered.connect(self.import_flows)
        self.import_actions_action = QAction("&Import CTI Actions…", self)
        self.import_actions_action.setStatusTip("Import CTI actions from a JSON file: all of them or none")
        self.import_actions_action.triggered.connect(self.import_actions)
        self.export_actions_action = QAction("&Export CTI Actions…", self)
        self.export_actions_action.setStatusTip("Save every CTI action, with its form, to a JSON file")
        self.export_actions_action.triggered.connect(self.export_actions)
        file_menu.addActions(
            [self.import_flows_action, self.import_actions_action, self.export_actions_action]
        )
        file_menu.addSeparator()
        self.preferences_action = QAction("&Preferences…", self)
        self.preferences_action.setShortcut(QKeySequence("Ctrl+,"))
        self.preferences_action.setStatusTip("Theme, phone country, database and logging")
        self.preferences_action.triggered.connect(self.open_preferences)
        file_menu.addAction(self.preferences_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.file_menu = file_menu

        admin_menu = menu_bar.addMenu("&Admin")
        self.editor_action = QAction("CCP &Element Editor…", self)
        self.editor_action.setShortcut(QKeySequence("Ctrl+E"))
        self.editor_action.setStatusTip("Configure the CTI Actions agents see in the overlay")
        self.editor_action.triggered.connect(self.open_element_editor)
        admin_menu.addAction(self.editor_action)
        self.flows_action = QAction("&Flows…", self)
        self.flows_action.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.flows_action.setStatusTip("See and manage the stored CTI Flows")
        self.flows_action.triggered.connect(self.open_flows)
        admin_menu.addAction(self.flows_action)
        self.credentials_action = QAction("&Credentials…", self)
        self.credentials_action.setStatusTip("Manage the named credentials HTTP Request blocks send")
        self.credentials_action.triggered.connect(lambda: open_credentials(self))
        admin_menu.addAction(self.credentials_action)
        self.run_history_action = QAction("Run &History…", self)
        self.run_history_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.run_history_action.setStatusTip("See what flows did: each run, its steps and errors")
        self.run_history_action.triggered.connect(lambda: open_run_history(self, self.services))
        admin_menu.addAction(self.run_history_action)
        self.audit_log_action = QAction("&Audit Log…", self)
        self.audit_log_action.setStatusTip("Who changed which action, flow or property, and when")
        self.audit_log_action.triggered.connect(self.open_audit_log)
        admin_menu.addAction(self.audit_log_action)
        self.admin_menu = admin_menu

        toolbar = QToolBar("Main toolbar", self)
        toolbar.setObjectName("mainToolbar")
        toolbar.addAction(self.editor_action)
        toolbar.addAction(self.flows_action)
        self.addToolBar(toolbar)
        self.toolbar = toolbar

        view_menu = menu_bar.addMenu("&View")
        drawer_action = self.drawer.toggleViewAction()
        drawer_action.setText("&Overlay Drawer")
        drawer_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        view_menu.addAction(drawer_action)
        # Keyboard users reach the drawer without the mouse: F6 cycles between workspace and drawer.
        self.cycle_focus_action = QAction("Move &Focus Between Workspace and Drawer", self)
        self.cycle_focus_action.setShortcut(QKeySequence(Qt.Key.Key_F6))
        self.cycle_focus_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.cycle_focus_action.triggered.connect(self.cycle_focus)
        view_menu.addAction(self.cycle_focus_action)
        self.addAction(self.cycle_focus_action)  # works while the menu bar is hidden too
        self.keep_on_top_action = QAction("Keep Drawer on &Top When Floating", self, checkable=True)
        self.keep_on_top_action.toggled.connect(self.drawer.set_keep_on_top)
        view_menu.addAction(self.keep_on_top_action)
        self.compact_action = QAction("&Compact Mode", self, checkable=True)
        self.compact_action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.compact_action.setStatusTip("Tighter rows and margins, for small screens")
        self.compact_action.toggled.connect(self.set_compact)
        view_menu.addAction(self.compact_action)
        view_menu.addAction(toolbar.toggleViewAction())
        self.view_menu = view_menu

        help_menu = menu_bar.addMenu("&Help")
        about_action = QAction("&About CTI Desktop", self)
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(about_action)
        logs_action = QAction("Open &Log Folder", self)
        logs_action.triggered.connect(self.open_log_folder)
        help_menu.addAction(logs_action)
        self.help_menu = help_menu
        # What needs the store: disabled while it loads at start-up.
        self._store_actions = [
            self.preferences_action,
            self.import_flows_action,
            self.import_actions_action,
            self.export_actions_action,
            self.editor_action,
            self.flows_action,
            self.credentials_action,
            self.run_history_action,
            self.audit_log_action,
            about_action,
        ]

    def cycle_focus(self) -> None:
        """F6: from the workspace (or anywhere outside the drawer) to the drawer's shown tab, and back."""
        focused = QApplication.focusWidget()
        in_drawer = focused is not None and (focused is self.drawer or self.drawer.isAncestorOf(focused))
        if in_drawer:
            self.workspace.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        if not self.drawer.isVisible():
            self.drawer.show()
        self.drawer.focus_current_panel()

    def _build_status_bar(self) -> None:
        self.live_label = QLabel("")
        self.live_label.setObjectName("liveStatus")
        self.live_label.setAccessibleName("Shared database connection")
        self.live_label.hide()  # only a shared database (PostgreSQL) has anything to say here
        self.statusBar().addPermanentWidget(self.live_label)
        self.database_label = QLabel("Database: opening…")
        self.database_label.setAccessibleName("Database in use")
        self.statusBar().addPermanentWidget(self.database_label)

    def show_live_status(self, status: LiveStatus) -> None:
        """Whether other seats' changes reach this one as they happen, or the server is away."""
        self.live_label.setText(status.text)
        self.live_label.setAccessibleDescription(status.text)
        self.live_label.setVisible(bool(status.text))
        warning = f"color: {theme.css(theme.Tone.WARNING)};"
        self.live_label.setStyleSheet(warning if status.offline else "")

    @Slot(bool)
    def set_compact(self, compact: bool) -> None:
        """Compact mode for the drawer's panels and the workspace (each knows what compact means for it)."""
        for widget in (*self.drawer.panels(), self.workspace):
            set_compact = getattr(widget, "set_compact", None)
            if set_compact is not None:
                set_compact(compact)
        if self.compact_action.isChecked() != compact:
            self.compact_action.setChecked(compact)

    def restore_layout(self) -> None:
        self.set_compact(bool(self._window_settings.value(self.COMPACT_KEY, False, type=bool)))
        geometry = self._window_settings.value(self.GEOMETRY_KEY)
        state = self._window_settings.value(self.STATE_KEY)
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray) and not self.restoreState(state, self.STATE_VERSION):
            log.warning("the saved window layout could not be restored; using the default layout")

    def save_layout(self) -> None:
        self._window_settings.setValue(self.GEOMETRY_KEY, self.saveGeometry())
        self._window_settings.setValue(self.STATE_KEY, self.saveState(self.STATE_VERSION))
        self._window_settings.setValue(self.COMPACT_KEY, self.compact_action.isChecked())
        self._window_settings.sync()

    def unsaved_windows(self) -> list[QWidget]:
        """The open editing windows (editor, flows, designers) holding changes not saved yet."""
        return [
            widget
            for widget in self.findChildren(QWidget)
            if widget.isWindow() and widget.isVisible() and _is_dirty(widget)
        ]

    def closeEvent(self, event: QCloseEvent) -> None:
        unsaved = self.unsaved_windows()
        if unsaved:
            # Closing would destroy them with their changes: let each ask Save / Discard / Cancel first.
            event.ignore()
            window = unsaved[0]
            window.raise_()
            window.activateWindow()
            window.close()
            self.statusBar().showMessage(
                "Save or discard the changes in the open windows, then quit again.", 15_000
            )
            return
        self.save_layout()
        self.drawer.teardown()
        teardown = getattr(self.workspace, "teardown", None)
        if teardown is not None:
            teardown()
        if self._editor is not None:
            self._editor.close()
        if self._flows is not None:
            self._flows.close()
        super().closeEvent(event)

    # -- commands -----------------------------------------------------------------------------------
    @Slot()
    def open_element_editor(self) -> None:
        from cti_desktop.gui.editor.dialog import ElementEditorDialog

        if self._editor is None:
            self._editor = ElementEditorDialog(self.services.actions, self)
            self._editor.destroyed.connect(self._forget_editor)
        self._editor.show()
        self._editor.raise_()
        self._editor.activateWindow()

    @Slot()
    def _forget_editor(self) -> None:
        self._editor = None

    @property
    def editor(self) -> QWidget | None:
        return self._editor

    @Slot()
    def open_flows(self) -> FlowsDialog:
        from cti_desktop.gui.flows.dialog import FlowsDialog

        if self._flows is None:
            self._flows = FlowsDialog(self.services, self)
            self._flows.destroyed.connect(self._forget_flows)
        self._flows.show()
        self._flows.raise_()
        self._flows.activateWindow()
        return self._flows

    @Slot()
    def _forget_flows(self) -> None:
        self._flows = None

    @property
    def flows_dialog(self) -> FlowsDialog | None:
        return self._flows

    @Slot()
    def import_flows(self) -> None:
        """File → Import Flows…: the Flows window opens, so the imported flows and their problems show."""
        self.open_flows().choose_import_files()

    @Slot()
    def import_actions(self) -> None:
        from cti_desktop.gui.flows.files import ask_for_files

        self.file_dialog = ask_for_files(
            self, "Import CTI actions", self._import_actions_from, multiple=False
        )

    @Slot(list)
    def _import_actions_from(self, paths: list[str]) -> None:
        from cti_desktop.gui.flows.files import import_actions_file

        if paths:
            self.message = import_actions_file(self, self.services.actions, paths[0])

    @Slot()
    def export_actions(self) -> None:
        from cti_desktop.gui.flows.files import ask_for_save_path

        self.file_dialog = ask_for_save_path(
            self, "Export CTI actions", "cti-actions.json", self._export_actions_to
        )

    @Slot(str)
    def _export_actions_to(self, path: str) -> None:
        from cti_desktop.gui.flows.files import export_actions_file

        self.message = export_actions_file(self, self.services.actions, path)

    @Slot()
    def open_audit_log(self) -> QWidget:
        from cti_desktop.gui.audit import open_audit_log

        return open_audit_log(self, self.services)

    @Slot()
    def open_preferences(self) -> QWidget:
        from cti_desktop.gui.preferences import PreferencesDialog
        from cti_desktop.services.settings_writer import SettingsWriter

        if self.preferences is None:
            writer = SettingsWriter(
                self.services.changes,
                user_file=paths.user_settings_path(),
                machine_file=paths.machine_settings_path(),
            )
            dialog = PreferencesDialog(writer, log_file_path().parent, self.services.database_url, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.destroyed.connect(self._forget_preferences)
            self.preferences = dialog
        self.preferences.show()
        self.preferences.raise_()
        self.preferences.activateWindow()
        return self.preferences

    @Slot()
    def _forget_preferences(self) -> None:
        self.preferences = None

    @Slot()
    def show_about(self) -> None:
        from cti_desktop.gui.about import AboutDialog
        from cti_desktop.services.store_info import describe_database, schema_revision

        revision = schema_revision(self.services.engine) or "(empty)"
        box = AboutDialog(
            __version__, describe_database(self.services.database_url), revision, log_file_path(), self
        )
        box.open()
        self.about_box = box

    @Slot()
    def open_log_folder(self) -> None:
        folder = log_file_path().parent
        folder.mkdir(parents=True, exist_ok=True)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.statusBar().showMessage(f"Logs are in {folder}", 10_000)
