"""An action's form inside the drawer: Go back, the title, the instructions, the fields (the shared form
renderer), Submit. What the agent types is kept as a draft in the store, a moment after each change."""

from __future__ import annotations

import contextlib
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cti_desktop.domain.actions import CtiAction
from cti_desktop.gui.forms import FormView
from cti_desktop.services.overlay import OverlayService
from cti_desktop.services.store_errors import describe_store_error

DRAFT_DELAY_MS = 400


class ActionFormPage(QWidget):
    """Shows one action's form for the selected contact."""

    back_requested = Signal()
    # (action, the form's values)
    submitted = Signal(object, dict)
    # From the drafts' writer thread, delivered on the GUI thread: the write's error ("" when it landed).
    _draft_landed = Signal(str)

    def __init__(self, overlay: OverlayService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actionFormPage")
        self._overlay = overlay
        self.action: CtiAction | None = None
        self.contact_id = ""
        self.form: FormView | None = None

        self.back_button = QToolButton()
        self.back_button.setObjectName("formBack")
        self.back_button.setText("‹ Go back")
        self.back_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.back_button.setAutoRaise(True)
        self.back_button.setAccessibleName("Go back to the actions")
        self.back_button.setToolTip("Back to the list of actions (Esc). What you typed is kept.")
        self.back_button.clicked.connect(self.go_back)
        self.title_label = QLabel()
        self.title_label.setObjectName("actionName")
        title_font = self.title_label.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.2)
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        self.title_label.setWordWrap(True)
        self.title_label.setAccessibleName("Form title")
        self.draft_label = QLabel()
        self.draft_label.setObjectName("formDraftNote")
        self.draft_label.setAccessibleName("Draft status")
        self.draft_label.setEnabled(False)

        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("formScroll")
        self.scroll_area.setAccessibleName("Form fields")
        self.scroll_area.setAccessibleDescription("Tab moves through the fields; Ctrl+Enter submits")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)

        self.progress = QProgressBar()
        self.progress.setObjectName("formProgress")
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(6)
        self.progress.setAccessibleName("Running")
        self.progress.hide()
        self.discard_button = QPushButton("Discard")
        self.discard_button.setObjectName("formDiscard")
        self.discard_button.setAccessibleName("Discard what was typed")
        self.discard_button.setToolTip("Forget what was typed and start again from the defaults")
        self.discard_button.clicked.connect(self.discard)
        self.submit_button = QPushButton("Submit")
        self.submit_button.setObjectName("formSubmit")
        self.submit_button.setAccessibleName("Submit the form")
        self.submit_button.setDefault(True)
        self.submit_button.setAutoDefault(True)
        self.submit_button.clicked.connect(self.submit)

        header = QHBoxLayout()
        header.addWidget(self.back_button)
        header.addStretch(1)
        header.addWidget(self.draft_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(header)
        layout.addWidget(self.title_label)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft_now)
        self._draft_landed.connect(self._show_draft_landed, Qt.ConnectionType.QueuedConnection)
        self._loading = False
        self._draft_dirty = False
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.go_back)
        submit = QShortcut(QKeySequence("Ctrl+Return"), self)
        submit.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        submit.activated.connect(self.submit)
        # Ctrl+Enter (the keypad's Enter) submits too.
        keypad_submit = QShortcut(QKeySequence("Ctrl+Enter"), self)
        keypad_submit.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        keypad_submit.activated.connect(self.submit)

    # -- opening ------------------------------------------------------------------------------------

    def open_action(self, action: CtiAction, contact_id: str) -> None:
        self.save_draft_now()
        self.action = action
        self.contact_id = contact_id
        spec = action.form
        # The form view shows the form's title and instructions; a form without a title gets the name.
        self.title_label.setText(action.name)
        self.title_label.setVisible(not spec.title.strip())
        values, restored = self._overlay.opening_values(action, contact_id)
        self._loading = True
        try:
            old = self.scroll_area.takeWidget()
            self.form = FormView(spec, values, self)
            self.form.setObjectName("actionForm")
            self.form.values_changed.connect(self._values_changed)
            self.scroll_area.setWidget(self.form)
            if old is not None:
                old.deleteLater()
        finally:
            self._loading = False
        self.draft_label.setText("Draft restored" if restored else "")
        self.set_running(self._overlay.is_running(action.id, contact_id))

    def switch_contact(self, contact_id: str) -> None:
        """Another contact was selected: keep this contact's typing, show the other's."""
        if self.action is not None and contact_id != self.contact_id:
            self.open_action(self.action, contact_id)

    def focus_first_field(self) -> None:
        if self.form is not None:
            self.form.setFocus(Qt.FocusReason.OtherFocusReason)
            self.form.focusNextChild()

    # -- drafts -------------------------------------------------------------------------------------

    @Slot()
    def _values_changed(self) -> None:
        if self._loading:
            return
        self.draft_label.setText("Saving draft…")
        self._draft_dirty = True
        self._draft_timer.start()

    @Slot()
    def save_draft_now(self) -> None:
        """Write the pending draft (the timer fired, or the agent leaves the form)."""
        self._draft_timer.stop()
        if not self._draft_dirty:
            return
        self._draft_dirty = False
        if self.action is not None and self.form is not None:
            written = self._overlay.save_draft(self.action, self.contact_id, self.form.values())
            if written is not None:
                # Written on a worker thread: typing never waits for the database.
                written.add_done_callback(self._draft_written)

    def _draft_written(self, written: Future[None]) -> None:
        error = written.exception()
        # RuntimeError: the page is gone (the app is closing), nothing to show.
        with contextlib.suppress(RuntimeError):
            self._draft_landed.emit(describe_store_error(error) if error is not None else "")

    @Slot(str)
    def _show_draft_landed(self, error: str) -> None:
        if not self._draft_dirty:
            self.draft_label.setText(f"Draft kept here only: {error}" if error else "Draft saved")

    @Slot()
    def discard(self) -> None:
        if self.action is None:
            return
        self._draft_timer.stop()
        self._draft_dirty = False
        self._overlay.discard_draft(self.action, self.contact_id)
        self.open_action(self.action, self.contact_id)
        self.draft_label.setText("Draft discarded")

    # -- submitting ---------------------------------------------------------------------------------

    @Slot()
    def submit(self) -> None:
        if self.action is None or self.form is None or not self.submit_button.isEnabled():
            return
        errors = self.form.validate()
        if errors:
            return
        self.save_draft_now()
        self.submitted.emit(self.action, dict(self.form.values()))

    def values(self) -> dict[str, Any]:
        return dict(self.form.values()) if self.form is not None else {}

    def set_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.submit_button.setEnabled(not running)
        self.submit_button.setText("Running…" if running else "Submit")
        self.discard_button.setEnabled(not running)

    @Slot()
    def go_back(self) -> None:
        self.save_draft_now()
        self.back_requested.emit()

    def close_form(self) -> None:
        self.save_draft_now()
        self.action = None
        old = self.scroll_area.takeWidget()
        if old is not None:
            old.deleteLater()
        self.form = None
