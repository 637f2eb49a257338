"""Opening flows in the designer from another window (the Flows window): one designer per flow, raised
again when asked twice; a flow that cannot be opened is said in words."""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from cti_desktop.flows.document import FlowDocumentError
from cti_desktop.gui.flow_designer.window import FlowDesignerWindow

if TYPE_CHECKING:
    from cti_desktop.services.app_services import AppServices


class DesignerWindows:
    def __init__(self, services: AppServices) -> None:
        self.services = services
        self._windows: dict[str, FlowDesignerWindow] = {}
        self.message: QMessageBox | None = None  # the last error shown

    def window(self, flow_name: str) -> FlowDesignerWindow | None:
        """The designer open on this flow: one of ours, or one another window opened (a flow is edited
        in one designer at a time)."""
        window = self._windows.get(flow_name)
        if window is not None and not shiboken6.isValid(window):
            del self._windows[flow_name]
            window = None
        if window is None:
            window = next(
                (
                    widget
                    for widget in QApplication.topLevelWidgets()
                    if isinstance(widget, FlowDesignerWindow)
                    and shiboken6.isValid(widget)
                    and widget.flow_name == flow_name
                    and not widget.isHidden()
                ),
                None,
            )
        return window

    def open(self, flow_name: str, parent: QWidget) -> FlowDesignerWindow | None:
        """Show the designer for `flow_name`; `parent` owns it and shows any error."""
        window = self.window(flow_name)
        if window is None:
            try:
                window = FlowDesignerWindow(self.services, flow_name, parent)
            except (LookupError, FlowDocumentError) as exc:
                self.message = QMessageBox(
                    QMessageBox.Icon.Warning,
                    "Cannot open the flow designer",
                    f"The flow “{flow_name}” cannot be opened: {exc}.",
                    QMessageBox.StandardButton.Ok,
                    parent,
                )
                self.message.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                self.message.open()
                return None
            self._windows[flow_name] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def close_all(self) -> None:
        for name in list(self._windows):
            window = self.window(name)
            if window is not None:
                window.close()
