"""Draft, publish and history from the element editor: Save keeps a draft agents do not see, Publish
makes it live, History shows every version."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cti_desktop.domain.actions import CtiAction
from cti_desktop.gui.editor import ElementEditorDialog
from cti_desktop.gui.history.dialog import HistoryDialog
from cti_desktop.services.actions import ActionService

Opener = Callable[[], ElementEditorDialog]
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _activate(qtbot: QtBot, dialog: ElementEditorDialog) -> None:
    """Shortcuts reach the active window only."""
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)


def _published_gift(service: ActionService) -> CtiAction:
    flow = next(f for f in service.cti_flows() if f.name == "Gift Card")
    return service.save(CtiAction("Gift", flow_id=flow.id, shortcut="Ctrl+1"))


def test_save_keeps_a_draft_and_publish_makes_it_live(
    qtbot: QtBot, open_editor: Opener, service: ActionService
) -> None:
    gift = _published_gift(service)
    dialog = open_editor()
    dialog.open_action(gift.id or 0)
    assert dialog.status_label.text() == "Published (version 1)"
    assert not dialog.publish_button.isEnabled(), "nothing to publish"

    dialog.name_step.name_edit.setText("Gift card")
    assert dialog.publish_button.isEnabled(), "what is on screen can be published at once"
    assert dialog.quick_save()
    assert dialog.status_label.text() == "Draft (version 2), not published: version 1 is live"
    assert [a.name for a in service.published_actions()] == ["Gift"]
    summary = dialog.list_panel.model.index(0, 0).data(Qt.ItemDataRole.AccessibleDescriptionRole)
    assert summary.startswith("Draft, not published")

    _activate(qtbot, dialog)
    qtbot.keyClick(dialog.name_step.name_edit, Qt.Key.Key_P, CTRL_SHIFT)
    qtbot.waitUntil(lambda: dialog.status_label.text() == "Published (version 2)")
    assert [a.name for a in service.published_actions()] == ["Gift card"]
    assert not dialog.publish_button.isEnabled()


def test_publish_refuses_an_invalid_draft_beside_its_field(
    qtbot: QtBot, open_editor: Opener, service: ActionService
) -> None:
    gift = _published_gift(service)
    dialog = open_editor()
    dialog.open_action(gift.id or 0)
    dialog.name_step.name_edit.setText("")
    assert not dialog.publish()
    assert [a.name for a in service.published_actions()] == ["Gift"], "nothing published"
    assert dialog.status_label.text() == "Unsaved changes"


def test_history_opens_with_every_version(qtbot: QtBot, open_editor: Opener, service: ActionService) -> None:
    gift = _published_gift(service)
    dialog = open_editor()
    dialog.open_action(gift.id or 0)
    dialog.name_step.name_edit.setText("Gift card")
    assert dialog.quick_save()
    _activate(qtbot, dialog)
    qtbot.keyClick(dialog.name_step.name_edit, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), HistoryDialog))
    history = QApplication.activeWindow()
    assert isinstance(history, HistoryDialog)
    assert history.table.model().rowCount() == 2
    history.close()
