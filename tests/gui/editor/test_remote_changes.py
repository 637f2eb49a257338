"""The action open in the editor changed on another seat: an untouched one shows the new version, one
being edited keeps the supervisor's typing and says what saving will do."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from cti_desktop.domain.actions import CtiAction
from cti_desktop.gui.editor import ElementEditorDialog
from cti_desktop.gui.history.diff_table import DiffTable
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
    assert dialog.remote_label.text() == "Changed on another seat: saving shows both versions first"
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


def _two_editors(
    engine: Engine, service: ActionService, open_editor: Opener
) -> tuple[CtiAction, ElementEditorDialog, ElementEditorDialog]:
    saved = service.save(CtiAction("Gift", flow_id=add_flow(engine, "Gift flow")))
    first, second = open_editor(), open_editor()
    first.open_action(saved.id or 0)
    second.open_action(saved.id or 0)
    first.name_step.name_edit.setText("Gift (first)")
    assert first.save()
    second.name_step.name_edit.setText("Gift (second)")
    return saved, first, second


def _buttons(dialog: ElementEditorDialog) -> dict[str, QAbstractButton]:
    assert dialog.question is not None
    return {button.text().replace("&", ""): button for button in dialog.question.buttons()}


def _answer_the_conflict(qtbot: QtBot, editor: ElementEditorDialog, answer: str) -> None:
    """Save in `editor` (whose action was saved meanwhile elsewhere) and answer the conflict's question."""
    editor.save()
    qtbot.waitUntil(lambda: editor.question is not None)
    _buttons(editor)[answer].click()


def test_saving_over_a_save_made_meanwhile_shows_both_and_stores_nothing(
    qtbot: QtBot, engine: Engine, service: ActionService, open_editor: Opener
) -> None:
    saved, _first, second = _two_editors(engine, service, open_editor)
    assert not second.save()
    qtbot.waitUntil(lambda: second.question is not None and second.question.isVisible())
    box = second.question
    assert box is not None
    assert "was saved by" in box.text() and "Nothing was saved yet" in box.text()
    assert box.informativeText() == "1 difference between their version and yours:"
    table = box.findChild(DiffTable)
    assert table is not None and table.isVisible(), "theirs beside yours"
    cells = [table.item(0, column).text() for column in range(4)]
    assert cells == ["~ Changed", "Name", "“Gift (first)”", "“Gift (second)”"]
    assert set(_buttons(second)) >= {"Keep Theirs", "Keep Mine", "Merge by Hand"}
    assert service.get(saved.id or 0).name == "Gift (first)"  # type: ignore[union-attr]


def test_keep_theirs_shows_theirs(
    qtbot: QtBot, engine: Engine, service: ActionService, open_editor: Opener
) -> None:
    _saved, _first, second = _two_editors(engine, service, open_editor)
    _answer_the_conflict(qtbot, second, "Keep Theirs")
    assert second.name_step.name_edit.text() == "Gift (first)" and not second.is_dirty()


def test_keep_mine_saves_mine_over_theirs(
    qtbot: QtBot, engine: Engine, service: ActionService, open_editor: Opener
) -> None:
    saved, _first, second = _two_editors(engine, service, open_editor)
    _answer_the_conflict(qtbot, second, "Keep Mine")
    qtbot.waitUntil(lambda: service.get(saved.id or 0).name == "Gift (second)")  # type: ignore[union-attr]


def test_merge_by_hand_keeps_editing_and_the_next_save_goes_through(
    qtbot: QtBot, engine: Engine, service: ActionService, open_editor: Opener
) -> None:
    saved, _first, second = _two_editors(engine, service, open_editor)
    _answer_the_conflict(qtbot, second, "Merge by Hand")
    assert second.name_step.name_edit.text() == "Gift (second)"
    assert second.remote_label.text().startswith("Merging by hand with ")
    assert second.remote_label.text().endswith("'s version: Name")
    second.name_step.name_edit.setText("Gift (both)")
    assert second.save()
    assert service.get(saved.id or 0).name == "Gift (both)"  # type: ignore[union-attr]
