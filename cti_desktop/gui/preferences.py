"""File → Preferences (Ctrl+,): the user's settings, drawn in ui/preferences.ui.

The layout is Qt Designer's (`ui/preferences.ui`, compiled to `gui/ui_generated/preferences_ui.py`);
this module fills it and wires it. What is written goes through `services.settings_writer` (checked
with the app's `Settings`, the user's file edited in place, a `setting` change announced). A setting the
machine-wide file fixes is shown read-only, "set by your IT department"; a refused value is said beside
its field; a change that needs a restart says so; the theme and the log level apply at once, the backups
folder with the next backup. Test Connection runs on a worker thread: a database server that does not
answer never freezes the window.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from cti_desktop import paths
from cti_desktop.gui.theme import Tone, apply_theme, css
from cti_desktop.gui.ui_generated.preferences_ui import Ui_PreferencesDialog
from cti_desktop.logging_setup import LEVELS, apply_level
from cti_desktop.services import connection_check
from cti_desktop.services.settings_writer import (
    FIXED_BY_IT,
    SettingsRefused,
    SettingsWriter,
    SettingsWritten,
)

log = logging.getLogger(__name__)

THEME_CHOICES = (("System", "system"), ("Light", "light"), ("Dark", "dark"))
DATA_KEPT_CHOICES = (
    ("Until the contact is closed", "until_closed"),
    ("Until the agent clears them", "until_cleared"),
)
LOG_LEVEL_NAMES = {
    "DEBUG": "Debug: everything, for finding a fault",
    "INFO": "Information, warnings and errors",
    "WARNING": "Warnings and errors",
    "ERROR": "Errors only",
}
WRAPPED_LABEL_WIDTH = 380
# How the restart note names each setting.
LABELS = {
    "theme": "the theme",
    "default_country": "the default phone country",
    "overlay_data_kept": "how long the Data tab keeps values",
    "database_url": "the database",
    "backups_dir": "the backups folder",
    "log_level": "the log level",
    "telephony.connector": "the telephony connector",
}
CONNECTOR_CHOICES = (("Simulator (no phone)", "simulator"), ("SIP phone", "sip"))
TRANSPORT_CHOICES = (("UDP", "udp"), ("TCP", "tcp"), ("TLS", "tls"))


class _ConnectionTester(QObject):
    """Runs the check on a thread of its own and hands the answer back as a signal, which Qt queues to
    the GUI thread."""

    finished = Signal(str, object)  # the URL tested, its ConnectionCheck

    def start(self, url: str) -> None:
        threading.Thread(target=self._run, args=(url,), name="test-connection", daemon=True).start()

    def _run(self, url: str) -> None:
        check = connection_check.check_database_connection(url)
        try:
            self.finished.emit(url, check)
        except RuntimeError:  # the window was closed meanwhile: nobody is waiting for the answer
            log.debug("Test Connection of %r answered after its window closed: %s", url, check.message)


class PreferencesDialog(QDialog):
    settings_written = Signal(object)  # SettingsWritten
    connection_checked = Signal(object)  # ConnectionCheck, once shown

    def __init__(
        self, writer: SettingsWriter, log_folder: Path, database_url: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_PreferencesDialog()
        self.ui.setupUi(self)
        self.setObjectName("preferencesDialog")
        self._writer = writer
        self._log_folder = log_folder
        self._database_url = database_url  # the one in use, for the backups folder
        for text, value in THEME_CHOICES:
            self.ui.themeCombo.addItem(text, value)
        for text, value in DATA_KEPT_CHOICES:
            self.ui.dataKeptCombo.addItem(text, value)
        for text, value in CONNECTOR_CHOICES:
            self.ui.telephonyConnectorCombo.addItem(text, value)
        for text, value in TRANSPORT_CHOICES:
            self.ui.sipTransportCombo.addItem(text, value)
        for level in LEVELS:
            self.ui.logLevelCombo.addItem(LOG_LEVEL_NAMES[level], level)
        self._fields: dict[str, QComboBox | QLineEdit | QCheckBox] = {
            "theme": self.ui.themeCombo,
            "default_country": self.ui.countryEdit,
            "overlay_data_kept": self.ui.dataKeptCombo,
            "database_url": self.ui.databaseUrlEdit,
            "backups_dir": self.ui.backupsDirEdit,
            "log_level": self.ui.logLevelCombo,
            **self._telephony_fields(),
        }
        self._descriptions = {key: widget.accessibleDescription() for key, widget in self._fields.items()}
        self._notes: dict[str, QLabel] = {
            "theme": self.ui.themeNote,
            "default_country": self.ui.countryNote,
            "overlay_data_kept": self.ui.dataKeptNote,
            "database_url": self.ui.databaseUrlNote,
            "backups_dir": self.ui.backupsDirNote,
            "log_level": self.ui.logLevelNote,
            **self._telephony_notes(),
        }
        # Without a parent: the thread holds it, so it outlives a window closed while a test runs.
        self._tester = _ConnectionTester()
        self._tester.finished.connect(self._connection_checked)

        self.ui.buttonBox.accepted.connect(self.accept_changes)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.apply_button.clicked.connect(self.apply)
        self.ui.testConnectionButton.clicked.connect(self.test_connection)
        self.ui.openLogFolderButton.clicked.connect(self.open_log_folder)
        self.ui.openBackupsButton.clicked.connect(self.open_backups_folder)
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName(
            "Save the preferences and close"
        )
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(
            "Close without saving"
        )
        self.apply_button.setAccessibleName("Save the preferences")

        self.ui.logLevelValue.setText(
            "The log file records messages from this level up; a change applies at once. Started with "
            "--verbose, CTI Desktop records debug messages whatever this says."
        )
        self.ui.logFileValue.setText(str(log_folder))
        # A form row is as tall as its label's size hint, which Qt works out for a wrapped label at a
        # narrow width (four lines for two): a wider minimum keeps the rows close together.
        for label in self.findChildren(QLabel):
            if label.wordWrap():
                label.setMinimumWidth(WRAPPED_LABEL_WIDTH)
        _show_row(self.ui.connectionResult, False)
        self._load()

    def _telephony_fields(self) -> dict[str, QComboBox | QLineEdit | QCheckBox]:
        """The Telephony page: [telephony] and [telephony.sip] (the password is the credential store's)."""
        ui = self.ui
        return {
            "telephony.connector": ui.telephonyConnectorCombo,
            "telephony.sip.listen": ui.sipListenEdit,
            "telephony.sip.registrar": ui.sipRegistrarEdit,
            "telephony.sip.user": ui.sipUserEdit,
            "telephony.sip.domain": ui.sipDomainEdit,
            "telephony.sip.transport": ui.sipTransportCombo,
            "telephony.sip.queue_header": ui.sipQueueHeaderEdit,
            "telephony.sip.attribute_header_prefix": ui.sipAttributePrefixEdit,
            "telephony.sip.auto_answer": ui.sipAutoAnswerCheck,
        }

    def _telephony_notes(self) -> dict[str, QLabel]:
        ui = self.ui
        return {
            "telephony.connector": ui.telephonyConnectorNote,
            "telephony.sip.listen": ui.sipListenNote,
            "telephony.sip.registrar": ui.sipRegistrarNote,
            "telephony.sip.user": ui.sipUserNote,
            "telephony.sip.domain": ui.sipDomainNote,
            "telephony.sip.transport": ui.sipTransportNote,
            "telephony.sip.queue_header": ui.sipQueueHeaderNote,
            "telephony.sip.attribute_header_prefix": ui.sipAttributePrefixNote,
            "telephony.sip.auto_answer": ui.sipAutoAnswerNote,
        }

    @property
    def apply_button(self) -> QPushButton:
        return self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Apply)

    # -- reading and writing ------------------------------------------------------------------------

    def _load(self) -> None:
        snapshot = self._writer.snapshot()
        self._snapshot = snapshot
        for key, widget in self._fields.items():
            value = snapshot.values.get(key, "")
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)))
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            else:
                widget.setText(str(value or ""))
            fixed = key in snapshot.fixed_by_machine
            widget.setEnabled(not fixed)
            self._set_note(key, self._standing_note(key), Tone.MUTED)
            if fixed:
                widget.setToolTip(f"This setting is {FIXED_BY_IT}: the machine-wide settings file fixes it.")
                widget.setAccessibleDescription(f"Read-only: {FIXED_BY_IT}")
        self.ui.testConnectionButton.setEnabled(True)
        self._show_backups_folder()

    def _standing_note(self, key: str) -> str:
        """What stays said beside a field: who fixes it, or what overrides it for now."""
        if key in self._snapshot.fixed_by_machine:
            return _sentence(FIXED_BY_IT)
        variable = self._snapshot.from_environment.get(key)
        if variable:
            return (
                f"The environment variable {variable} is set and wins over this setting: "
                "a change here applies once it is unset."
            )
        return ""

    def values(self) -> dict[str, Any]:
        """What the fields hold now."""
        return {key: _value_of(widget) for key, widget in self._fields.items()}

    def changed_values(self) -> dict[str, Any]:
        """The fields the user changed (a read-only one never is)."""
        current = self._snapshot.values
        return {
            key: value
            for key, value in self.values().items()
            if key not in self._snapshot.fixed_by_machine and value != _blank_if_none(current.get(key))
        }

    @Slot()
    def apply(self) -> bool:
        """Write the changed settings; True when written (or nothing changed)."""
        changes = self.changed_values()
        for key in self._fields:
            self._set_note(key, self._standing_note(key), Tone.MUTED)
        try:
            written = self._writer.write(changes)
        except SettingsRefused as exc:
            self._show_problems(exc.problems)
            return False
        if not written.changed:
            self._say("Nothing was changed.", Tone.MUTED)
            return True
        if "theme" in written.changed:
            app = QApplication.instance()
            if isinstance(app, QApplication):
                apply_theme(app, str(changes["theme"]))
        if "log_level" in written.changed:
            apply_level(str(changes["log_level"]))
        self._load()
        self._say(_saved_sentence(written), Tone.SUCCESS if not written.needs_restart else Tone.WARNING)
        self.settings_written.emit(written)
        return True

    @Slot()
    def accept_changes(self) -> None:
        if self.apply():
            self.accept()

    def _show_problems(self, problems: dict[str, str]) -> None:
        first: QWidget | None = None
        for key, problem in problems.items():
            if key in self._notes:
                self._set_note(key, _sentence(problem), Tone.ERROR)
                first = first or self._fields[key]
            else:
                self._say(_sentence(problem), Tone.ERROR)
        if first is None:
            return
        self.ui.pages.setCurrentWidget(self._page_of(first))
        first.setFocus()
        if not any(key in self._notes for key in problems):
            return
        self._say("Nothing was saved: correct what is marked.", Tone.ERROR)

    def _page_of(self, widget: QWidget) -> QWidget:
        pages = [self.ui.generalPage, self.ui.databasePage, self.ui.telephonyPage, self.ui.loggingPage]
        return next((page for page in pages if page.isAncestorOf(widget)), self.ui.generalPage)

    def _set_note(self, key: str, text: str, tone: Tone = Tone.ERROR) -> None:
        note = self._notes[key]
        note.setText(text)
        note.setStyleSheet(f"color: {css(tone)};" if text else "")
        _show_row(note, bool(text))
        # Screen readers hear the note with the field it belongs to, else what the layout describes.
        self._fields[key].setAccessibleDescription(text or self._descriptions[key])

    def _say(self, text: str, tone: Tone) -> None:
        self.ui.restartNote.setText(text)
        self.ui.restartNote.setStyleSheet(f"color: {css(tone)};" if text else "")

    # -- Test Connection ----------------------------------------------------------------------------

    @Slot()
    def test_connection(self) -> None:
        url = self.ui.databaseUrlEdit.text().strip()
        self.ui.testConnectionButton.setEnabled(False)
        _show_row(self.ui.connectionResult, True)
        self.ui.connectionResult.setStyleSheet("")
        self.ui.connectionResult.setText("Testing the connection…")
        self._tester.start(url)

    @Slot(str, object)
    def _connection_checked(self, url: str, check: Any) -> None:
        self.ui.testConnectionButton.setEnabled(True)
        self.ui.connectionResult.setText(check.message)
        self.ui.connectionResult.setStyleSheet(f"color: {css(Tone.SUCCESS if check.ok else Tone.ERROR)};")
        self.ui.databaseUrlEdit.setAccessibleDescription(check.message)
        log.info("Test Connection of %r: %s", url, check.message)
        self.connection_checked.emit(check)

    # -- folders ------------------------------------------------------------------------------------

    def _default_backups_folder(self) -> Path:
        """Where backups go with no folder chosen: beside an SQLite file; for a database server (backed
        up with pg_dump), the data folder's backups."""
        beside = connection_check.database_folder(self._database_url)
        return beside if beside is not None else paths.data_dir() / "backups"

    def _backups_folder(self) -> Path:
        """Where the next backup goes: the saved backups folder, else the default."""
        chosen = str(self._snapshot.values.get("backups_dir") or "")
        return Path(chosen).expanduser() if chosen else self._default_backups_folder()

    def _show_backups_folder(self) -> None:
        default = self._default_backups_folder()
        server = connection_check.database_folder(self._database_url) is None
        where = "In the data folder" if server else "Beside the database"
        self.ui.backupsDirEdit.setPlaceholderText(f"{where}: {default}")
        how = " with pg_dump" if server else ""
        self.ui.backupsValue.setText(
            f"Before each schema upgrade, a copy of the database is made{how} in {self._backups_folder()}"
        )

    @Slot()
    def open_log_folder(self) -> None:
        self._open_folder(self._log_folder)

    @Slot()
    def open_backups_folder(self) -> None:
        self._open_folder(self._backups_folder())

    def _open_folder(self, folder: Path) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._say(f"The folder {folder} cannot be made: {exc.strerror or exc}.", Tone.ERROR)
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self._say(f"No file manager could open it: the folder is {folder}", Tone.WARNING)


def _value_of(widget: QComboBox | QLineEdit | QCheckBox) -> Any:
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    return widget.text().strip()


def _blank_if_none(value: Any) -> Any:
    return "" if value is None else value


def _show_row(widget: QWidget, visible: bool) -> None:
    """Show or hide a form row without leaving its gap behind (a hidden widget alone would)."""
    parent = widget.parentWidget()
    form = parent.layout() if parent is not None else None
    if isinstance(form, QFormLayout):
        form.setRowVisible(widget, visible)
    else:
        widget.setVisible(visible)


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "." if text else text


def _saved_sentence(written: SettingsWritten) -> str:
    if not written.needs_restart:
        return "Saved; applied."
    # The SIP phone's settings are named once, however many changed.
    labels = [
        "the SIP phone's settings" if key.startswith("telephony.sip.") else LABELS.get(key, key)
        for key in written.needs_restart
    ]
    names = list(dict.fromkeys(labels))
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"Saved. Restart CTI Desktop for {joined} to take effect."


__all__ = ["PreferencesDialog"]
