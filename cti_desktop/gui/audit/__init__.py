"""Admin → Audit Log. Only this opener is imported at start-up; the window loads when first asked for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from cti_desktop.gui.audit.dialog import AuditLogDialog
    from cti_desktop.services.app_services import AppServices


def open_audit_log(parent: QWidget, services: AppServices) -> AuditLogDialog:
    """Show the parent's Audit Log window, creating it on first use."""
    from cti_desktop.gui.audit.dialog import AuditLogDialog
    from cti_desktop.services.audit_log import AuditLog

    dialog = parent.findChild(AuditLogDialog, AuditLogDialog.OBJECT_NAME)
    if dialog is None:
        dialog = AuditLogDialog(AuditLog(services.engine), parent)
    else:
        dialog.refresh()
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


__all__ = ["open_audit_log"]
