"""A calm line under the actions: how the last run ended, with its details one click away, and the
recorded run two clicks away in Run History."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QToolButton, QVBoxLayout, QWidget

from cti_desktop.gui.runs import open_run_history
from cti_desktop.services.action_runs import ActionOutcome


class ResultBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.message = QLabel()
        self.message.setObjectName("resultMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName("Result of the last action")
        self.details_button = QToolButton()
        self.details_button.setObjectName("resultDetailsButton")
        self.details_button.setText("Details")
        self.details_button.setCheckable(True)
        self.details_button.setAccessibleName("Show the details of the last result")
        self.details_button.toggled.connect(self._toggle_details)
        self.close_button = QToolButton()
        self.close_button.setObjectName("resultClose")
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Dismiss")
        self.close_button.setAccessibleName("Dismiss the result")
        self.close_button.clicked.connect(self.dismiss)
        self.details = QPlainTextEdit()
        self.details.setObjectName("resultDetails")
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Details of the last result")
        self.details.setMaximumHeight(140)
        self.details.hide()
        self.history_button = QToolButton()
        self.history_button.setObjectName("resultRunHistory")
        self.history_button.setText("Open in Run History")
        self.history_button.setAutoRaise(True)
        self.history_button.setToolTip("See this run's steps and what it sent in Run History")
        self.history_button.setAccessibleName("Open the last run in Run History")
        self.history_button.clicked.connect(self.open_in_run_history)
        self.history_button.hide()

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.message, 1)
        row.addWidget(self.details_button)
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.details)
        layout.addWidget(self.history_button, 0, Qt.AlignmentFlag.AlignRight)
        self.outcome: ActionOutcome | None = None
        self.hide()

    def show_outcome(self, outcome: ActionOutcome) -> None:
        self.outcome = outcome
        mark = "✓" if outcome.ok else "✗"
        self.message.setText(f"{mark} {outcome.action_name}: {outcome.message}")
        self.setProperty("ok", outcome.ok)
        self.details.setPlainText(outcome.details)
        has_details = bool(outcome.details.strip()) and outcome.details.strip() != outcome.message
        self.details_button.setVisible(has_details)
        if not has_details:
            self.details_button.setChecked(False)
        self._update_history_button()
        self.show()

    def show_message(self, text: str) -> None:
        """A line that is not a run's outcome (e.g. "already running")."""
        self.outcome = None
        self.message.setText(text)
        self.details_button.setChecked(False)
        self.details_button.hide()
        self._update_history_button()
        self.show()

    @Slot()
    def dismiss(self) -> None:
        self.details_button.setChecked(False)
        self.outcome = None
        self._update_history_button()
        self.hide()

    @Slot(bool)
    def _toggle_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.details_button.setText("Hide details" if shown else "Details")
        self._update_history_button()

    def run_id(self) -> int | None:
        """The recorded run of the outcome shown, if it was recorded."""
        run_id = getattr(self.outcome.result, "run_id", None) if self.outcome is not None else None
        return run_id if isinstance(run_id, int) else None

    def _host(self) -> tuple[QWidget, Any] | None:
        """The window that owns the app's services (the main window), found up the parent chain: the
        drawer may be floating, so `window()` is not it."""
        widget = self.parentWidget()
        while widget is not None:
            services = getattr(widget, "services", None)
            if services is not None and hasattr(services, "runner"):
                return widget, services
            widget = widget.parentWidget()
        return None

    def _update_history_button(self) -> None:
        # With the details open, so the short line stays calm; only for a run that was recorded.
        wanted = self.details_button.isChecked() and self.run_id() is not None and self._host() is not None
        self.history_button.setVisible(wanted)

    @Slot()
    def open_in_run_history(self) -> None:
        run_id, host = self.run_id(), self._host()
        if run_id is not None and host is not None:
            open_run_history(host[0], host[1], run_id)
