"""Help → About: the version, the database in use, its schema revision, the log file and the license.
The layout is drawn in ui/about.ui (compiled to gui/ui_generated/about_ui.py); this module fills it in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from cti_desktop.gui.ui_generated.about_ui import Ui_AboutDialog


class AboutDialog(QDialog):
    def __init__(
        self, version: str, database: str, revision: str, log_file: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_AboutDialog()
        self.ui.setupUi(self)
        self.setObjectName("aboutBox")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ui.titleLabel.setText(f"<b>CTI Desktop {version}</b>")
        self.ui.databaseValue.setText(database)
        self.ui.revisionValue.setText(revision)
        self.ui.logFileValue.setText(str(log_file))
        self.ui.buttonBox.rejected.connect(self.reject)
        close = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close About")

    def text(self) -> str:
        """Everything the window says, as one text (for the self-test and tests)."""
        return "\n".join(
            f"{label.text()} {value.text()}"
            for label, value in (
                (self.ui.titleLabel, self.ui.summaryLabel),
                (self.ui.databaseLabel, self.ui.databaseValue),
                (self.ui.revisionLabel, self.ui.revisionValue),
                (self.ui.logFileLabel, self.ui.logFileValue),
                (self.ui.licenseLabel, self.ui.licenseValue),
            )
        )
