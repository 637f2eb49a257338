"""The action open in the editor changed on another seat: an untouched one shows the new version, one
being edited keeps the supervisor's typing and says what saving will do."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from cti_desktop.domain.actions import CtiAction
from cti_desktop.gui.editor import ElementEditorDialog
from cti_desktop.services.actions import ActionService
from cti_desktop.services.changes import Change, ChangeKind
from cti_desktop.store.actions import ActionRepository
from tests.gui.editor.conftest import add_flow

Opener = Callable[[], ElementEditorDialog]


def _changed_elsewhere(engine: Engine, service: ActionService, action: CtiAction, name: str) -> None:
    """Another seat saves the action (straight into the store) and its change is heard here."""
    ActionRepository(engine).save(_renamed(action, name))
    service.changes.announce(Change(ChangeKind.ACTION, (action.id or 0,), remote=True))


def _renamed(action: CtiAction, name: str) -> CtiAction:
    from dataclasses import replace

    return replace(action, name=name)


def test_an_untouched_action_shows_the_other_seat_s_version(
    qtbot: QtBot, engine: Engine, service: ActionService, open_editor: Opener
) -> None:
    saved = service.save(CtiAction("Gift", flow_id=add_flow(engine, "Gift flow")))
    dialog = open_editor()
    dialog.open_action(saved.id or 0)
    _changed_elsewhere(engine, service, saved, "Gift for VIPs")
    qtbot.waitUntil(lambda: dialog.name_step.name_edit.text() == "Gift for VIPs")
    assert dialog.remote_label.isVisible()
    assert dialog.remote_label.text() == "Updated with a change made on another seat"


def test_an_action_being_edited_keeps_the_typing_and_says_what_saving_does(
    qtbot: QtBot, engine: Engine, service: ActionService, open_editor: Opener
) -> None:
    saved = service.save(CtiAction("Gift", flow_id=add_flow(engine, "Gift flow")))
    dialog = open_editor()
    dialog.open_action(saved.id or 0)
    dialog.name_step.name_edit.setText("Gift (mine)")
    _changed_elsewhere(engine, service, saved, "Gift (theirs)")
    qtbot.waitUntil(dialog.remote_label.isVisible)
    assert dialog.name_step.name_edit.text() == "Gift (mine)"
    assert dialog.remote_label.text() == "Changed on another seat: Save replaces that change with yours"
    dialog.open_action(saved.id or 0)  # another action (or this one again) is loaded: the note goes
    assert not dialog.remote_label.isVisible()


def test_this_seat_s_own_saves_say_nothing(
    qtbot: QtBot, engine: Engine, service: ActionService, open_editor: Opener
) -> None:
    saved = service.save(CtiAction("Gift", flow_id=add_flow(engine, "Gift flow")))
    dialog = open_editor()
    dialog.open_action(saved.id or 0)
    service.save(_renamed(saved, "Gift again"))
    qtbot.waitUntil(lambda: [a.name for a in dialog._actions] == ["Gift again"])  # the change was heard
    assert not dialog.remote_label.isVisible()
