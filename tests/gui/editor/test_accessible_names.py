"""Every control of the element editor a screen reader meets has a name, on each step."""

from __future__ import annotations

from collections.abc import Callable

from cti_desktop.gui.editor import ElementEditorDialog
from tests.gui.accessibility import focusable_widgets, unnamed_widgets


def test_every_focusable_editor_control_has_an_accessible_name(
    open_editor: Callable[[], ElementEditorDialog],
) -> None:
    editor = open_editor()
    assert len(focusable_widgets(editor)) >= 8
    assert unnamed_widgets(editor) == []
