"""Safe mode: the window shown instead of a failure when the database cannot be read or upgraded. It
says what is wrong in words, names the latest backup, and offers, with buttons, to restore it (the
damaged file is kept aside), to choose another backup file, to open the log folder, or to quit.

The window only asks: `AppSession` (gui.startup) does the restore off the GUI thread and starts the
services again; it reports back with `restoring`, `restore_failed` and `restored`."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cti_desktop.gui.theme import Tone, css
from cti_desktop.logging_setup import log_file_path
from cti_desktop.services.store_health import StoreTrouble, describe_backup


class SafeModeWindow(QDialog):
    restore_requested = Signal(str)  # the backup file to put in place of the database
    quit_requested = Signal()

    def __init__(self, trouble: StoreTrouble, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.trouble = trouble
        self.setObjectName("safeModeWindow")
        self.setWindowTitle("CTI Desktop: safe mode")
        self.setAccessibleName("Safe mode")
        self.setMinimumWidth(560)
        self.chooser: QFileDialog | None = None

        heading = QLabel("<b>CTI Desktop cannot open its database</b>")
        heading.setAccessibleName("Safe mode")
        self.problem_label = _text(f"{trouble.error}", "What is wrong")
        self.problem_label.setStyleSheet(f"color: {css(Tone.ERROR)};")
        findings = "\n".join(f"• {finding}" for finding in trouble.findings)
        self.findings_label = _text(
            f"The check of {trouble.location} found:\n{findings}", "What the check found"
        )
        latest = trouble.latest_backup
        if latest is not None:
            backup_text = (
                f"The latest backup was taken on {describe_backup(latest)}: {latest.path.name}. Restoring "
                "it puts it in place of the database; the damaged file is kept beside it, not deleted. "
                "What was stored after the backup was taken is not in it."
            )
        else:
            folder = Path(trouble.location).parent
            backup_text = (
                f"There is no backup of this database in {folder}. Choose a backup file if you have one "
                "elsewhere, or quit and ask your IT team; the log folder holds the details."
            )
        self.backup_label = _text(backup_text, "Latest backup")
        self.status_label = _text("", "Restore status")
        self.status_label.hide()

        self.restore_button = QPushButton("&Restore Latest Backup")
        self.restore_button.setAccessibleName("Restore the latest backup")
        self.restore_button.setObjectName("restoreLatestButton")
        self.restore_button.setEnabled(latest is not None)
        self.choose_button = QPushButton("&Choose Another Backup…")
        self.choose_button.setAccessibleName("Choose another backup file")
        self.choose_button.setObjectName("chooseBackupButton")
        self.log_button = QPushButton("Open &Log Folder")
        self.log_button.setAccessibleName("Open the log folder")
        self.log_button.setObjectName("openLogFolderButton")
        self.quit_button = QPushButton("&Quit")
        self.quit_button.setAccessibleName("Quit CTI Desktop")
        self.quit_button.setObjectName("quitButton")
        buttons = QDialogButtonBox()
        buttons.setAccessibleName("Safe mode choices")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.choose_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.log_button, QDialogButtonBox.ButtonRole.HelpRole)
        buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.setVisible(latest is not None)  # after addButton, which shows it
        self.restore_button.clicked.connect(self.restore_latest)
        self.choose_button.clicked.connect(self.choose_backup)
        self.log_button.clicked.connect(self.open_log_folder)
        self.quit_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        for widget in (
            heading,
            self.problem_label,
            self.findings_label,
            self.backup_label,
            self.status_label,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(buttons)
        # Enter restores when there is a backup; Escape quits.
        self.default_button = self.restore_button if latest is not None else self.quit_button
        self.default_button.setDefault(True)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.default_button.setFocus()  # the keyboard starts on the choice Enter makes

    def buttons(self) -> list[QPushButton]:
        return [self.restore_button, self.choose_button, self.log_button, self.quit_button]

    @Slot()
    def restore_latest(self) -> None:
        latest = self.trouble.latest_backup
        if latest is not None:
            self.restore_requested.emit(str(latest.path))

    @Slot()
    def choose_backup(self) -> None:
        folder = str(Path(self.trouble.location).parent)
        chooser = QFileDialog(self, "Choose a backup of the database", folder)
        chooser.setObjectName("backupChooser")
        chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        chooser.setNameFilters(["Databases (*.db *.sqlite *.sqlite3)", "All files (*)"])
        chooser.fileSelected.connect(self.restore_requested)
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chooser.open()
        self.chooser = chooser

    @Slot()
    def open_log_folder(self) -> None:
        folder = log_file_path().parent
        folder.mkdir(parents=True, exist_ok=True)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self._say(f"The logs are in {folder}.", Tone.MUTED)

    # -- what the session reports back ---------------------------------------------------------------

    def restoring(self, backup: str) -> None:
        self._set_busy(True)
        self._say(f"Restoring {Path(backup).name}…", Tone.MUTED)

    def restore_failed(self, message: str) -> None:
        self._set_busy(False)
        self._say(f"The backup was not restored. {message}", Tone.ERROR)

    def restored(self, kept_aside: str) -> None:
        self._say(
            f"The backup is back in place; the damaged file was kept as {Path(kept_aside).name}. "
            "Starting CTI Desktop…",
            Tone.SUCCESS,
        )

    def start_failed(self, message: str) -> None:
        self._set_busy(False)
        self._say(f"CTI Desktop still cannot start. {message}", Tone.ERROR)

    def reject(self) -> None:
        # Escape, the close button and Quit: without its database the app has nothing to show.
        super().reject()
        self.quit_requested.emit()

    def _set_busy(self, busy: bool) -> None:
        self.restore_button.setEnabled(not busy and self.trouble.latest_backup is not None)
        self.choose_button.setEnabled(not busy)

    def _say(self, text: str, tone: Tone) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color: {css(tone)};")
        self.status_label.show()


def _text(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    # Selectable (to copy into a ticket) and reachable with Tab, so a screen reader reads it.
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    label.setAccessibleName(name)
    return label
