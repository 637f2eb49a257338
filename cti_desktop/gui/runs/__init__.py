"""Run History: every recorded flow run, its steps and what it sent, for supervisors. Only this small
opener is imported at start-up; the window loads when first asked for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from cti_desktop.gui.runs.dialog import RunHistoryDialog
    from cti_desktop.services.app_services import AppServices


def open_run_history(parent: QWidget, services: AppServices, run_id: int | None = None) -> RunHistoryDialog:
    """Show the parent's Run History window, creating it on first use (one per parent window); with
    `run_id`, that run is shown."""
    from cti_desktop.gui.runs.dialog import RunHistoryDialog

    dialog = parent.findChild(RunHistoryDialog, RunHistoryDialog.OBJECT_NAME)
    if dialog is None:
        dialog = RunHistoryDialog(services, parent)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    if run_id is not None:
        dialog.show_run(run_id)
    return dialog


__all__ = ["open_run_history"]
