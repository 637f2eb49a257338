"""Opening the designer from the Flows window: the button and a double-click open the shown flow, asking
twice raises the same window, a flow deleted meanwhile is said in words, and saving in the designer
shows the new version in the Flows window."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from cti_desktop.gui.flow_designer.window import FlowDesignerWindow
from cti_desktop.gui.flows.dialog import FlowsDialog
from cti_desktop.gui.flows.model import COL_NAME, COL_VERSION
from cti_desktop.services.app_services import AppServices
from cti_desktop.store.flows import FlowRepository

from .conftest import FIXTURES, import_flow


@pytest.fixture
def flows_dialog(qtbot: QtBot, services: AppServices) -> Iterator[FlowsDialog]:
    import_flow(services, FIXTURES / "onConnecting.json")
    import_flow(services, FIXTURES / "01-legacy.json")
    dialog = FlowsDialog(services)
    dialog.show()
    qtbot.waitExposed(dialog)
    yield dialog
    for window in dialog.findChildren(FlowDesignerWindow):
        window._closing = True
        window.close()
    if shiboken6.isValid(dialog):
        dialog._closing = True
        dialog.close()


def test_the_button_opens_the_shown_flow_once(qtbot: QtBot, flows_dialog: FlowsDialog) -> None:
    assert flows_dialog.select_flow("onConnecting")
    button = flows_dialog.findChild(QPushButton, "openDesigner")
    assert button is not None and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    window = flows_dialog.designers.window("onConnecting")
    assert window is not None and window.isVisible()
    assert window.windowTitle() == "Flow Designer — onConnecting[*]"
    assert len(window.scene.nodes) == 7
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert flows_dialog.findChildren(FlowDesignerWindow) == [window]


def test_double_clicking_a_flow_opens_it(qtbot: QtBot, flows_dialog: FlowsDialog) -> None:
    table = flows_dialog.table
    row = next(r for r in range(flows_dialog.proxy.rowCount()) if flows_dialog.flow_names()[r] == "01-legacy")
    rect = table.visualRect(flows_dialog.proxy.index(row, COL_NAME))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    window = flows_dialog.designers.window("01-legacy")
    assert window is not None and window.flow_name == "01-legacy"


def test_a_flow_deleted_meanwhile_is_said(
    qtbot: QtBot, services: AppServices, flows_dialog: FlowsDialog
) -> None:
    assert flows_dialog.select_flow("onConnecting")
    # By another seat: this one hears of it only when it next reads the store.
    FlowRepository(services.engine).delete("onConnecting")
    flows_dialog.open_designer()
    message = flows_dialog.designers.message
    assert message is not None
    qtbot.waitUntil(message.isVisible)
    assert "there is no flow named 'onConnecting'" in message.text()
    assert flows_dialog.designers.window("onConnecting") is None


def test_saving_in_the_designer_shows_the_new_version_in_the_flows_window(
    qtbot: QtBot, flows_dialog: FlowsDialog
) -> None:
    assert flows_dialog.select_flow("onConnecting")
    flows_dialog.open_designer()
    window = flows_dialog.designers.window("onConnecting")
    assert window is not None
    window.add_block_in_view("SE_End")
    assert window.save()
    row = flows_dialog.model.row_of("onConnecting")
    assert flows_dialog.model.index(row, COL_VERSION).data() in (2, "2")
    QApplication.processEvents()
